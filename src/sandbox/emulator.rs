//! What one emulator tells [`crate::registry`] about itself (its module's `EMULATOR`).

use super::store::{ProviderData, Store};
use crate::model::ProviderKind;
use crate::providers::ProviderSettings;
use axum::Router;
use std::sync::Arc;

/// One provider's emulated API.
#[derive(Clone, Copy)]
pub struct Emulator {
    /// The provider it emulates; it is served under `/NAME`.
    pub kind: ProviderKind,
    /// Its routes, relative to `/NAME`.
    pub router: fn(Arc<Store>) -> Router,
    /// The provider settings a client profile for it needs, from its section of the dataset
    /// (Dreadnode's organisation slug, Paradigm's company tier).
    pub profile_settings: fn(&ProviderData) -> ProviderSettings,
}
