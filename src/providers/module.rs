//! What one provider tells [`crate::registry`] about itself, in its module's `MODULE`.

use super::fuzzing::Decoder;
use super::{Provider, ProviderConfig, ProviderSettings, SettingError};
use crate::error::Result;
use crate::model::ProviderKind;

/// What one provider tells [`crate::registry`] about itself (its module's `MODULE`).
#[derive(Clone, Copy)]
pub struct ProviderModule {
    /// Its name and product name.
    pub kind: ProviderKind,
    /// The documented production base URL, used when a profile sets no `base_url`.
    pub default_base_url: &'static str,
    /// The keys of its own a profile may set (`org`, `tier`, …), besides the ones every profile has.
    pub settings: &'static [&'static str],
    /// Checks the values of those keys when the config is read, so a mistake is reported with its
    /// line before any request.
    pub check_settings: fn(&ProviderSettings) -> std::result::Result<(), SettingError>,
    /// Builds its client for one profile.
    pub build: fn(ProviderConfig) -> Result<std::sync::Arc<dyn Provider>>,
    /// Its answer decoders, for the fuzz harnesses and allocation guards ([`super::fuzzing`]).
    pub fuzz_decoders: fn() -> Vec<Decoder>,
}
