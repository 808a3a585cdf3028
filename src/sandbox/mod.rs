//! `roster sandbox`: a local HTTP server that emulates the four provider APIs on one port, under
//! `/askui`, `/dreadnode`, `/paradigm` and `/transactionlink`, with state, auth, errors, pagination and
//! fault injection. The demo, the integration tests and the benchmarks all run against it.

pub mod askui;
pub mod cli;
pub mod dreadnode;
pub mod paradigm;
pub mod store;
pub mod transactionlink;

use axum::Router;
use std::sync::Arc;
use store::Store;

/// All four emulators, each under its prefix.
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .nest("/askui", askui::router(store.clone()))
        .nest("/dreadnode", dreadnode::router(store.clone()))
        .nest("/paradigm", paradigm::router(store.clone()))
        .nest("/transactionlink", transactionlink::router(store))
}
