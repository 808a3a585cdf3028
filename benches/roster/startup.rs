//! Start-up of a scripting command as a whole process: `roster workspaces -p dreadnode` against the
//! sandbox on loopback (one request), beside the time of that request alone, and how the rest
//! splits: process start (`roster --version`), config and token (`roster profiles`).

use super::fixture::{Fixture, ProfileSpec};
use super::{Row, ms};
use roster::model::ProviderKind;
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
        &[ProfileSpec::new(ProviderKind::Dreadnode)],
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![Row::check(what, format!("not measured: {e}"), "-", false)],
    };
    // The request alone: roster's own client in this process, connection warm like a fresh
    // process's is not, so this is the floor.
    let client = match roster::providers::build(fx.sandbox.provider_config(ProviderKind::Dreadnode))
    {
        Ok(c) => c,
        Err(e) => return vec![Row::check(what, format!("not measured: {e}"), "-", false)],
    };
    let request = timed(RUNS, || {
        let started = Instant::now();
        rt.block_on(client.list_workspaces()).ok()?;
        Some(started.elapsed())
    });
    let full = timed(RUNS, || {
        process(&fx, binary, &["workspaces", "-p", "dreadnode"])
    });
    let start = timed(RUNS, || process(&fx, binary, &["--version"]));
    let config = timed(RUNS, || process(&fx, binary, &["profiles"]));
    rt.block_on(fx.sandbox.shutdown());
    let (Some(request), Some(full), Some(start), Some(config)) = (request, full, start, config)
    else {
        return vec![Row::check(
            what,
            "not measured: a run failed".into(),
            "-",
            false,
        )];
    };
    let ratio = full.0.as_secs_f64() / request.0.as_secs_f64().max(1e-9);
    vec![
        Row::check(
            what,
            format!(
                "{} (min {}), {ratio:.1} × the request alone ({}, min {})",
                ms(full.0),
                ms(full.1),
                ms(request.0),
                ms(request.1)
            ),
            "≤ 2 × the request",
            ratio <= 2.0,
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
