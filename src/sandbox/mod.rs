//! `roster sandbox`: a local HTTP server that emulates the four provider APIs on one port, under
//! `/askui`, `/dreadnode`, `/paradigm` and `/transactionlink`, with state, auth, errors, pagination and
//! fault injection. The demo, the integration tests and the benchmarks all run against it.
//!
//! Start one in-process with [`Sandbox::start`] (inside any tokio runtime), or from the command
//! line with `roster sandbox` ([`standalone::run`], which takes the sandbox's own
//! [`standalone::StandaloneOptions`]; the command line only fills them in).

mod answer;
pub mod askui;
pub mod config_file;
pub mod conn;
pub mod demo;
pub mod dreadnode;
pub mod faults;
pub mod generate;
pub mod middleware;
mod names;
pub mod paradigm;
pub mod server;
pub mod standalone;
pub mod store;
pub mod transactionlink;

pub use demo::demo_dataset;
pub use faults::{Fault, FaultControl, FaultRule, RuleId};
pub use server::{Sandbox, SandboxOptions};
pub use store::{section, section_mut};

use crate::model::ProviderKind;
use axum::Router;
use std::sync::Arc;
use store::{Dataset, Store};

/// All four emulators, each under its prefix (no fault layer; see [`app`]).
pub fn router(store: Arc<Store>) -> Router {
    Router::new()
        .nest("/askui", askui::router(store.clone()))
        .nest("/dreadnode", dreadnode::router(store.clone()))
        .nest("/paradigm", paradigm::router(store.clone()))
        .nest("/transactionlink", transactionlink::router(store))
}

/// The four emulators behind the fault layer ([`middleware::apply_faults`]), which sees every
/// request, including those to unknown paths. This is what [`Sandbox`] serves.
pub fn app(store: Arc<Store>, faults: Arc<FaultControl>) -> Router {
    behind_fault_layer(
        router(store.clone()),
        middleware::FaultLayer {
            control: faults,
            store: Some(store),
        },
    )
}

/// `routes` behind the fault layer. To serve it with working [`Fault::ResetConnection`], use a
/// [`conn::KillableListener`] and `into_make_service_with_connect_info::<conn::ConnHandle>()`
/// (as [`Sandbox`] does). There is no store to restore here, so [`Fault::IgnoreChange`] is answered
/// 500; [`app`] serves it.
pub fn with_faults(routes: Router, faults: Arc<FaultControl>) -> Router {
    behind_fault_layer(
        routes,
        middleware::FaultLayer {
            control: faults,
            store: None,
        },
    )
}

fn behind_fault_layer(routes: Router, layer: middleware::FaultLayer) -> Router {
    // The routes are mounted as the fallback service of an empty router, so the layer wraps the
    // whole of their routing (404s and 405s included), whatever each emulator does.
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn_with_state(
            layer,
            middleware::apply_faults,
        ))
}

/// The organisation a client profile needs, if that API addresses one in its paths (Dreadnode's
/// org slug; TransactionLink's org UUID is never sent by the client).
pub fn profile_org(data: &Dataset, kind: ProviderKind) -> Option<String> {
    match kind {
        ProviderKind::Dreadnode => data.dreadnode.org.clone(),
        ProviderKind::Askui | ProviderKind::Paradigm | ProviderKind::Transactionlink => None,
    }
}

/// The API tier a written config names for a profile (Paradigm's admin listing tree).
pub fn profile_tier(kind: ProviderKind) -> Option<&'static str> {
    match kind {
        ProviderKind::Paradigm => Some("company"),
        ProviderKind::Askui | ProviderKind::Dreadnode | ProviderKind::Transactionlink => None,
    }
}
