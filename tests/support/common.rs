//! Helpers shared by the integration tests: start the sandbox emulators on a loopback port.
#![allow(dead_code)]

use roster::sandbox::store::{Dataset, Store};
use roster::sandbox::{FaultControl, Sandbox, SandboxOptions};
use std::net::SocketAddr;
use std::sync::Arc;

/// A running sandbox over a dataset (emulators behind the fault layer, so every answer carries an
/// `x-request-id`). It stops when this value is dropped or the test's runtime ends.
pub struct TestServer {
    /// Bound address.
    pub addr: SocketAddr,
    /// The server's state, to check what it really holds.
    pub store: Arc<Store>,
    /// The running sandbox (fault controls, request count, provider configs).
    pub sandbox: Sandbox,
}

impl TestServer {
    /// Base URL of one provider's emulator, e.g. `http://127.0.0.1:PORT/askui`.
    pub fn base_url(&self, provider: &str) -> String {
        format!("http://{}/{provider}", self.addr)
    }

    /// Fault injection controls of this server.
    pub fn faults(&self) -> &Arc<FaultControl> {
        self.sandbox.faults()
    }
}

/// Serves all four emulators over `dataset` on a free loopback port.
pub async fn serve(dataset: Dataset) -> TestServer {
    let sandbox = Sandbox::start(SandboxOptions::new(dataset))
        .await
        .expect("start the sandbox on a loopback port");
    TestServer {
        addr: sandbox.addr(),
        store: sandbox.store().clone(),
        sandbox,
    }
}

/// An HTTP client for tests: no proxy (the sandbox is on loopback), short timeouts.
pub fn http_client() -> reqwest::Client {
    roster::http::install_crypto();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("build reqwest client")
}

/// A change engine writing its audit log and journal into a temporary directory (kept as long as
/// this value lives), as roster does in the data dir.
pub struct TestEngine {
    /// The engine.
    pub engine: roster::engine::Engine,
    /// Where its files are.
    pub dir: tempfile::TempDir,
}

impl TestEngine {
    /// The audit log's path.
    pub fn audit_path(&self) -> std::path::PathBuf {
        self.dir.path().join("audit.jsonl")
    }

    /// Every readable audit entry so far.
    pub fn audit(&self) -> Vec<roster::audit::AuditEntry> {
        roster::audit::read_entries(&self.audit_path()).expect("read the audit log")
    }

    /// TUI options that run changes through this engine.
    pub fn tui_options(&self) -> roster::tui::TuiOptions {
        roster::tui::TuiOptions {
            engine: self.engine.clone(),
            ..Default::default()
        }
    }

    /// A client for `kind` on `server` whose change steps are audited by this engine.
    pub fn client(
        &self,
        server: &TestServer,
        kind: roster::model::ProviderKind,
        profile: &str,
    ) -> Arc<dyn roster::providers::Provider> {
        let mut config = server.sandbox.provider_config(kind);
        config.observer = self.engine.step_observer(profile);
        roster::providers::build(config).expect("client builds")
    }
}

/// A fresh [`TestEngine`].
pub fn engine() -> TestEngine {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let engine = roster::engine::Engine::open(Some(&dir.path().join("audit.jsonl")), false);
    assert!(
        engine.disabled_reason().is_none(),
        "the test engine records"
    );
    TestEngine { engine, dir }
}
