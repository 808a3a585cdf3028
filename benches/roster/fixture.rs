//! A sandbox on loopback with a roster config pointing at it, and the roster binary started against
//! that config in a private home (its log and audit files stay in a temporary directory). Shared by
//! the benchmarks and `tests/perf/perf_guard.rs`.

use roster::model::ProviderKind;
use roster::sandbox::store::Dataset;
use roster::sandbox::{Sandbox, SandboxOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// One profile of the written config.
#[derive(Debug, Clone)]
pub struct ProfileSpec {
    /// The profile's name.
    pub name: String,
    /// Which emulated API.
    pub kind: ProviderKind,
    /// `max_concurrency` (none: roster's default).
    pub max_concurrency: Option<usize>,
}

impl ProfileSpec {
    /// A profile of `kind` named after it, with roster's defaults.
    pub fn new(kind: ProviderKind) -> Self {
        ProfileSpec {
            name: kind.as_str().to_string(),
            kind,
            max_concurrency: None,
        }
    }

    /// The same profile under another name, with `max_concurrency` set.
    pub fn bounded(kind: ProviderKind, name: &str, max_concurrency: usize) -> Self {
        ProfileSpec {
            name: name.to_string(),
            kind,
            max_concurrency: Some(max_concurrency),
        }
    }
}

/// A running sandbox and a config for it.
pub struct Fixture {
    /// The sandbox (in this process).
    pub sandbox: Sandbox,
    /// The config file.
    pub config: PathBuf,
    dir: tempfile::TempDir,
}

impl Fixture {
    /// Serves `dataset` with `latency` on every answer and writes a config with `profiles`. Must run
    /// inside a tokio runtime.
    pub async fn start(
        dataset: Dataset,
        latency: Duration,
        profiles: &[ProfileSpec],
    ) -> std::io::Result<Fixture> {
        let mut options = SandboxOptions::new(dataset);
        options.latency = latency;
        let sandbox = Sandbox::start(options).await?;
        let dir = tempfile::Builder::new().prefix("roster-perf-").tempdir()?;
        let config = dir.path().join("config.toml");
        write_config(&sandbox, dir.path(), &config, profiles)?;
        Ok(Fixture {
            sandbox,
            config,
            dir,
        })
    }

    /// A command running `binary` with the config, in a private home, on a plain 256-colour
    /// terminal.
    pub fn command(&self, binary: &Path) -> Command {
        let mut cmd = Command::new(binary);
        let home = self.dir.path();
        cmd.arg("--config")
            .arg(&self.config)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8");
        cmd
    }
}

fn write_config(
    sandbox: &Sandbox,
    dir: &Path,
    config: &Path,
    profiles: &[ProfileSpec],
) -> std::io::Result<()> {
    let mut toml = String::new();
    for spec in profiles {
        let kind = spec.kind;
        let client = sandbox.provider_config(kind);
        let token_file = dir.join(format!("{}.token", kind.as_str()));
        write_private(&token_file, client.token.expose())?;
        let _ = writeln!(toml, "[profiles.{}]", spec.name);
        let _ = writeln!(toml, "provider = {:?}", kind.as_str());
        let _ = writeln!(toml, "base_url = {:?}", client.base_url);
        let _ = writeln!(toml, "token_file = {:?}", token_file.display().to_string());
        // The provider's own keys (Dreadnode's org, Paradigm's tier), as its emulator asks.
        for (key, value) in client.settings.iter() {
            let _ = writeln!(toml, "{key} = {value}");
        }
        if let Some(n) = spec.max_concurrency {
            let _ = writeln!(toml, "max_concurrency = {n}");
        }
        toml.push('\n');
    }
    std::fs::write(config, toml)
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}
