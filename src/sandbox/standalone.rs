//! `roster sandbox`: starts the emulator from the command line and serves until Ctrl-C or SIGTERM.
//!
//! Standard output gets `listening on http://ADDR`, then one line per emulated API with its base URL
//! and token (these are sandbox tokens, printed so a person can point any client at it).

use super::config_file::write_config;
use super::faults::validate_error_rate;
use super::generate::generate;
use super::server::{Sandbox, SandboxOptions};
use super::store::{self, Dataset};
use crate::cli::args::SandboxArgs;
use crate::model::ProviderKind;
use std::time::Duration;

/// Seed for `--generate`: the same sizes always give the same dataset.
const GENERATE_SEED: u64 = 1;

/// Most memberships `--generate` makes per provider (W×M), to keep memory bounded.
const MAX_GENERATED_MEMBERSHIPS: usize = 1_000_000;

/// Exit code for bad input (unreadable dataset, bad flag value, port in use).
const USAGE_ERROR: i32 = 2;

/// Runs the sandbox until Ctrl-C or SIGTERM; returns the exit code (0 after a clean stop, 2 for
/// bad input).
pub fn run(args: SandboxArgs) -> color_eyre::Result<i32> {
    let options = match options(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("roster sandbox: {message}");
            return Ok(USAGE_ERROR);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(serve(options, args)))
}

/// Checks every flag and loads the dataset, before anything is bound or written.
fn options(args: &SandboxArgs) -> Result<SandboxOptions, String> {
    let error_rate =
        validate_error_rate(args.error_rate).map_err(|e| format!("--error-rate: {e}"))?;
    if args.rate_limit == Some(0) {
        return Err("--rate-limit: must be at least 1 request per second".into());
    }
    let dataset = dataset(args)?;
    Ok(SandboxOptions {
        listen: args.listen,
        dataset,
        state_file: args.state.clone(),
        latency: Duration::from_millis(args.latency),
        error_rate,
        rate_limit: args.rate_limit,
    })
}

/// `--data FILE`, `--generate W,M`, or the demo dataset.
fn dataset(args: &SandboxArgs) -> Result<Dataset, String> {
    if let Some(path) = &args.data {
        return store::load(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidData {
                e.to_string()
            } else {
                format!("cannot read dataset {}: {e}", path.display())
            }
        });
    }
    if let Some(spec) = &args.generate {
        let (workspaces, members) = parse_generate(spec)?;
        return Ok(generate(workspaces, members, GENERATE_SEED));
    }
    Ok(super::demo_dataset())
}

/// Parses `W,M`: two positive whole numbers.
fn parse_generate(spec: &str) -> Result<(usize, usize), String> {
    let usage = || format!("--generate: expected WORKSPACES,MEMBERS such as 20,15, got {spec:?}");
    let (w, m) = spec.split_once(',').ok_or_else(usage)?;
    let workspaces: usize = w.trim().parse().map_err(|_| usage())?;
    let members: usize = m.trim().parse().map_err(|_| usage())?;
    if workspaces == 0 || members == 0 {
        return Err(format!(
            "--generate: workspaces and members must be at least 1, got {spec:?}"
        ));
    }
    if workspaces.saturating_mul(members) > MAX_GENERATED_MEMBERSHIPS {
        return Err(format!(
            "--generate: at most {MAX_GENERATED_MEMBERSHIPS} memberships per provider \
             (workspaces × members), got {spec:?}"
        ));
    }
    Ok((workspaces, members))
}

async fn serve(options: SandboxOptions, args: SandboxArgs) -> i32 {
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
    if let Some(path) = &args.write_config {
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
    for kind in ProviderKind::ALL {
        let config = sandbox.provider_config(kind);
        let org = config
            .org
            .as_deref()
            .map(|org| format!(" org={org}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<16} base_url={} token={}{org}",
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
    fn generate_sizes_must_be_two_positive_numbers() {
        assert_eq!(parse_generate("20,15"), Ok((20, 15)));
        assert_eq!(parse_generate(" 3 , 4 "), Ok((3, 4)));
        for bad in ["20", "20,", ",15", "a,b", "0,5", "5,0", "-1,5", "2000000,2"] {
            assert!(parse_generate(bad).is_err(), "{bad}");
        }
    }
}
