//! Emulator of the transactionlink API (wire format per `../shared/api/providers.md`).

use super::store::Store;
use axum::Router;
use std::sync::Arc;

/// Routes of this API, mounted under `/transactionlink`.
pub fn router(store: Arc<Store>) -> Router {
    let _ = store;
    Router::new()
}
