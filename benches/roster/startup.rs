//! Start-up of a scripting command as a whole process: `roster workspaces -p dreadnode` against the
//! sandbox on loopback (one request), beside the time of that HTTP request made by a process that
//! does nothing else (`curl`, the floor for any process that makes it), and how roster's time
//! splits: process start (`roster --version`), config and token (`roster profiles`). The same
//! request inside a running process, on a warm connection, is shown too.

use super::fixture::{Fixture, ProfileSpec};
use super::{Row, ms};
use roster::sandbox::generate::generate;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const RUNS: usize = 30;

/// Median and minimum of `runs` timings of `f` (after one unmeasured run).
fn timed(runs: usize, mut f: impl FnMut() -> Option<Duration>) -> Option<(Duration, Duration)> {
    f()?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        samples.push(f()?);
    }
    samples.sort_unstable();
    Some((samples[samples.len() / 2], samples[0]))
}

/// Runs `binary ARGS` with the fixture's config to completion; its wall time when it exits 0.
fn process(fx: &Fixture, binary: &Path, args: &[&str]) -> Option<Duration> {
    let mut cmd = fx.command(binary);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let status = cmd.status().ok()?;
    let took = started.elapsed();
    status.success().then_some(took)
}

pub fn run(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let what = "startup: roster workspaces -p dreadnode, whole process (median of 30)";
    let fx = match rt.block_on(Fixture::start(
        generate(20, 10, 3),
        Duration::ZERO,
        &[ProfileSpec::new(roster::providers::dreadnode::KIND)],
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![Row::check(what, format!("not measured: {e}"), "-", false)],
    };
    // The request alone: roster's own client in this process, connection warm like a fresh
    // process's is not, so this is the floor.
    let client = match roster::providers::build(
        fx.sandbox
            .provider_config(roster::providers::dreadnode::KIND),
    ) {
        Ok(c) => c,
        Err(e) => return vec![Row::check(what, format!("not measured: {e}"), "-", false)],
    };
    let request = timed(RUNS, || {
        let started = Instant::now();
        rt.block_on(client.list_workspaces()).ok()?;
        Some(started.elapsed())
    });
    let config = fx
        .sandbox
        .provider_config(roster::providers::dreadnode::KIND);
    let url = format!(
        "{}/api/v1/org/{}/ws",
        config.base_url,
        config
            .settings
            .text("org")
            .ok()
            .flatten()
            .unwrap_or_default()
    );
    let auth = format!("Authorization: Bearer {}", config.token.expose());
    let curl = timed(RUNS, || curl_request(&url, &auth));
    let whole = timed(RUNS, || {
        process(&fx, binary, &["workspaces", "-p", "dreadnode"])
    });
    let start = timed(RUNS, || process(&fx, binary, &["--version"]));
    let profiles = timed(RUNS, || process(&fx, binary, &["profiles"]));
    rt.block_on(fx.sandbox.shutdown());
    let (Some(request), Some(full), Some(start), Some(config)) = (request, whole, start, profiles)
    else {
        return vec![Row::check(
            what,
            "not measured: a run failed".into(),
            "-",
            false,
        )];
    };
    let Some(curl) = curl else {
        return vec![Row::check(
            what,
            "not measured: curl is needed for the floor".into(),
            "-",
            false,
        )];
    };
    let ratio = full.0.as_secs_f64() / curl.0.as_secs_f64().max(1e-9);
    vec![
        Row::check(
            what,
            format!(
                "{} (min {}) = {ratio:.2} × the same request by curl ({}, min {})",
                ms(full.0),
                ms(full.1),
                ms(curl.0),
                ms(curl.1)
            ),
            "≤ 2 × the HTTP request as a process",
            ratio <= 2.0,
        ),
        Row::info(
            "startup: the request inside a running process, warm connection",
            format!("{} (min {})", ms(request.0), ms(request.1)),
        ),
        Row::info(
            "startup: where the time goes (medians)",
            format!(
                "process start {} · config and token {} · request and the rest {}",
                ms(start.0),
                ms(config.0.saturating_sub(start.0)),
                ms(full.0.saturating_sub(config.0))
            ),
        ),
    ]
}

/// The HTTP request alone, made by `curl` as a whole process; `None` when curl is missing or fails.
fn curl_request(url: &str, auth_header: &str) -> Option<Duration> {
    let started = Instant::now();
    let status = std::process::Command::new("curl")
        .args(["-sf", "-o", "/dev/null", "-H", auth_header, url])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let took = started.elapsed();
    status.success().then_some(took)
}
