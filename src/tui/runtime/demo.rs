//! `roster demo`: the sandbox with the demo dataset, in-process on a free loopback port, and the TUI
//! on its four profiles. Needs no config, no account and no network.

use super::launch::run_async;
use super::options::{TuiOptions, TuiProfile};
use crate::engine::Engine;
use crate::providers;
use crate::sandbox::{Sandbox, SandboxOptions, demo_dataset};
use std::time::Duration;

/// Starts the sandbox with the demo dataset (state in a temporary file, gone when roster exits) and
/// opens the TUI on it. Changes are audited to `ROSTER_AUDIT_FILE` when set, otherwise to a file in the
/// same temporary directory, so demo changes never mix with real ones in the audit log.
pub fn run_demo(readonly: bool) -> crate::error::RunResult {
    if let Some(code) = super::tty::require_terminal() {
        return Ok(code);
    }
    let dir = tempfile::Builder::new().prefix("roster-demo-").tempdir()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = rt.block_on(async {
        let mut options = SandboxOptions::new(demo_dataset());
        options.state_file = Some(dir.path().join("sandbox-state.json"));
        let sandbox = Sandbox::start(options).await?;
        let audit_path = std::env::var_os("ROSTER_AUDIT_FILE")
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| dir.path().join("audit.jsonl"));
        let engine = Engine::open(Some(&audit_path), readonly);
        if let Some(why) = engine.disabled_reason() {
            return Err(why.into());
        }
        let profiles = crate::registry::KINDS
            .into_iter()
            .map(|kind| {
                let name = kind.as_str().to_string();
                let mut config = sandbox.provider_config(kind);
                config.observer = engine.step_observer(&name);
                let provider = providers::build(config).map_err(|e| e.to_string());
                TuiProfile {
                    name,
                    kind,
                    provider,
                    max_concurrency: crate::config::DEFAULT_MAX_CONCURRENCY,
                    readonly: false,
                }
            })
            .collect();
        let banner = format!(
            "DEMO: sandbox on {}; changes are local and vanish on exit",
            sandbox.addr()
        );
        run_async(
            profiles,
            TuiOptions {
                readonly,
                banner: Some(banner),
                engine,
                mouse: true,
                ..TuiOptions::default()
            },
        )
        .await
    });
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}
