//! The sandbox as a program of its own (`roster sandbox`): loads the dataset, serves it until Ctrl-C
//! or SIGTERM, and stops cleanly. It takes a [`StandaloneOptions`], which the command line fills in
//! from its flags; nothing here knows about the command line.
//!
//! Standard output gets `listening on http://ADDR`, then one line per emulated API with its base URL
//! and token (these are sandbox tokens, printed so a person can point any client at it).

use super::config_file::write_config;
use super::generate::generate;
use super::server::{Sandbox, SandboxOptions};
use super::store::{self, Dataset};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Seed for a generated dataset: the same sizes always give the same dataset.
const GENERATE_SEED: u64 = 1;

/// Most memberships a generated dataset has per provider (workspaces × members), to keep memory
/// bounded.
pub const MAX_GENERATED_MEMBERSHIPS: usize = 1_000_000;

/// Exit code for bad input (unreadable dataset, bad option value, port in use).
const USAGE_ERROR: i32 = 2;

/// Everything a standalone sandbox needs to know.
#[derive(Debug, Clone)]
pub struct StandaloneOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where the dataset comes from.
    pub dataset: DatasetSource,
    /// Where every change is saved atomically; loaded at start when it exists (then the dataset
    /// source is ignored).
    pub state_file: Option<PathBuf>,
    /// Delay added to every response.
    pub latency: Duration,
    /// Share of requests (0.0 to 1.0) answered with a random 500, 502 or 503.
    pub error_rate: f64,
    /// Requests admitted per second before answering 429; at least 1.
    pub rate_limit: Option<u32>,
    /// Where to write a roster config with one profile per emulated API.
    pub write_config: Option<PathBuf>,
}

/// Where a standalone sandbox's dataset comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetSource {
    /// The bundled demo dataset.
    Demo,
    /// A dataset file (README "Sandbox" describes the format).
    File(PathBuf),
    /// A generated dataset: this many workspaces of this many members for every provider (each at
    /// least 1, at most [`MAX_GENERATED_MEMBERSHIPS`] memberships per provider).
    Generate {
        /// Workspaces per provider.
        workspaces: usize,
        /// Members per workspace.
        members: usize,
    },
}

impl DatasetSource {
    /// Reads, generates or copies the dataset; the error is a message for a person.
    pub fn load(&self) -> Result<Dataset, String> {
        match self {
            DatasetSource::Demo => Ok(super::demo_dataset()),
            DatasetSource::File(path) => store::load(path).map_err(|e| {
                if e.kind() == std::io::ErrorKind::InvalidData {
                    e.to_string()
                } else {
                    format!("cannot read dataset {}: {e}", path.display())
                }
            }),
            DatasetSource::Generate {
                workspaces,
                members,
            } => {
                if *workspaces == 0 || *members == 0 {
                    return Err(format!(
                        "a generated dataset needs at least 1 workspace of at least 1 member, \
                         got {workspaces} × {members}"
                    ));
                }
                if workspaces.saturating_mul(*members) > MAX_GENERATED_MEMBERSHIPS {
                    return Err(format!(
                        "a generated dataset has at most {MAX_GENERATED_MEMBERSHIPS} memberships \
                         per provider, got {workspaces} × {members}"
                    ));
                }
                Ok(generate(*workspaces, *members, GENERATE_SEED))
            }
        }
    }
}

/// Runs the sandbox until Ctrl-C or SIGTERM; returns the exit code (0 after a clean stop, 2 for
/// bad input). Every option is checked and the dataset loaded before anything is bound or
/// written.
pub fn run(options: StandaloneOptions) -> crate::error::RunResult {
    let server = match server_options(&options) {
        Ok(server) => server,
        Err(message) => {
            eprintln!("roster sandbox: {message}");
            return Ok(USAGE_ERROR);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(serve(server, options.write_config)))
}

fn server_options(options: &StandaloneOptions) -> Result<SandboxOptions, String> {
    let error_rate =
        super::faults::validate_error_rate(options.error_rate).map_err(|e| e.to_string())?;
    if options.rate_limit == Some(0) {
        return Err("rate limit must be at least 1 request per second".into());
    }
    Ok(SandboxOptions {
        listen: options.listen,
        dataset: options.dataset.load()?,
        state_file: options.state_file.clone(),
        latency: options.latency,
        error_rate,
        rate_limit: options.rate_limit,
    })
}

async fn serve(options: SandboxOptions, write_config_to: Option<PathBuf>) -> i32 {
    if let Some(state) = options.state_file.as_ref().filter(|p| p.exists()) {
        eprintln!(
            "roster sandbox: resuming the saved state in {} (the dataset flags are ignored)",
            state.display()
        );
    }
    let sandbox = match Sandbox::start(options).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("roster sandbox: {e}");
            return USAGE_ERROR;
        }
    };
    if let Some(path) = &write_config_to {
        match write_config(path, &sandbox) {
            Ok(written) => eprintln!("roster sandbox: wrote config {}", written.display()),
            Err(message) => {
                eprintln!("roster sandbox: --write-config: {message}");
                sandbox.shutdown().await;
                return USAGE_ERROR;
            }
        }
    }
    // Handlers are installed before the banner: a script that reads "listening on" and sends SIGTERM
    // at once must find them in place.
    let stop = stop_requested();
    print_banner(&sandbox);
    eprintln!("roster sandbox: press Ctrl-C to stop");
    stop.await;
    sandbox.shutdown().await;
    eprintln!("roster sandbox: stopped");
    0
}

/// The address line first (scripts wait for it), then one line per API. Write errors are ignored:
/// a reader that went away (`| head -1`) must not stop the server.
fn print_banner(sandbox: &Sandbox) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on http://{}", sandbox.addr());
    for kind in crate::registry::KINDS {
        let config = sandbox.provider_config(kind);
        let settings: String = config
            .settings
            .iter()
            .map(|(key, value)| match value.as_str() {
                Some(text) => format!(" {key}={text}"),
                None => format!(" {key}={value}"),
            })
            .collect();
        let _ = writeln!(
            out,
            "{:<16} base_url={} token={}{settings}",
            kind.as_str(),
            config.base_url,
            config.token.expose(),
        );
    }
    let faults = sandbox.faults();
    if !faults.latency().is_zero() || faults.error_rate() > 0.0 || faults.rate_limit().is_some() {
        let _ = writeln!(
            out,
            "faults: latency {} ms, error rate {}, rate limit {}",
            faults.latency().as_millis(),
            faults.error_rate(),
            faults
                .rate_limit()
                .map_or_else(|| "none".to_string(), |n| format!("{n}/s")),
        );
    }
    let _ = out.flush();
}

/// Installs the Ctrl-C and (on unix) SIGTERM handlers now, and returns a future that completes when
/// either arrives.
fn stop_requested() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::spawn(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = ctrl_c.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_dataset_has_sizes_within_bounds() {
        let generated = |workspaces, members| {
            DatasetSource::Generate {
                workspaces,
                members,
            }
            .load()
        };
        assert!(
            generated(2, 3).is_ok_and(|d| d[crate::providers::askui::KIND].workspaces.len() == 2)
        );
        for (w, m) in [(0, 5), (5, 0), (2_000_000, 2)] {
            assert!(generated(w, m).is_err(), "{w} × {m}");
        }
    }
}
