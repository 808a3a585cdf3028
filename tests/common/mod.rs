//! Helpers shared by the integration tests: start the sandbox emulators on a loopback port.
#![allow(dead_code)]

use roster::sandbox::store::{Dataset, Store};
use std::net::SocketAddr;
use std::sync::Arc;

/// A running emulator server over `store`, stopped when the test's runtime ends.
pub struct TestServer {
    /// Bound address.
    pub addr: SocketAddr,
    /// The server's state, to check what it really holds.
    pub store: Arc<Store>,
}

impl TestServer {
    /// Base URL of one provider's emulator, e.g. `http://127.0.0.1:PORT/askui`.
    pub fn base_url(&self, provider: &str) -> String {
        format!("http://{}/{provider}", self.addr)
    }
}

/// Serves all four emulators over `dataset` on a free loopback port.
pub async fn serve(dataset: Dataset) -> TestServer {
    let store = Arc::new(Store::new(dataset, None));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let app = roster::sandbox::router(store.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    TestServer { addr, store }
}
