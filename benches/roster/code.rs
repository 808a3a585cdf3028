//! Membership as code: `roster plan` of an export of 2,000 workspaces × 40 members (time against
//! the crawl bound of its own requests, peak memory against `members --all` on the same data), and
//! `roster apply` of 1,000 role changes against ⌈changes ÷ concurrency⌉ × requests per change ×
//! latency. 50 ms on every answer, concurrency 8, Dreadnode (one request per workspace listing).

use super::fixture::{Fixture, ProfileSpec};
use super::{Row, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const LATENCY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 8;
const PROFILE: &str = "dreadnode";

/// One run of the binary: wall time, peak resident memory, requests the sandbox received.
struct Measured {
    time: Duration,
    peak_kb: u64,
    requests: u64,
    code: i32,
}

/// Runs `cmd` to the end and measures it; the peak memory comes from `wait4`'s resource usage
/// of that one child.
fn measure(fx: &Fixture, mut cmd: Command) -> Option<Measured> {
    let before = fx.sandbox.request_count();
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = libc::pid_t::try_from(child.id()).ok()?;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; the pid is our own child's, and nothing
    // else waits for it (the `Child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = started.elapsed();
    drop(child);
    if waited != pid {
        return None;
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Some(Measured {
        time,
        peak_kb: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        requests: fx.sandbox.request_count() - before,
        code,
    })
}

fn bound(requests: u64) -> Duration {
    LATENCY * u32::try_from(requests.div_ceil(CONCURRENCY as u64)).unwrap_or(u32::MAX)
}

fn fixture(rt: &Runtime, workspaces: usize, members: usize) -> Result<Fixture, String> {
    rt.block_on(Fixture::start(
        generate(workspaces, members, 11),
        LATENCY,
        &[ProfileSpec::bounded(
            ProviderKind::Dreadnode,
            PROFILE,
            CONCURRENCY,
        )],
    ))
    .map_err(|e| format!("cannot start the sandbox: {e}"))
}

/// Exports the profile to `file` (not measured).
fn export(fx: &Fixture, binary: &Path, file: &Path) -> Result<(), String> {
    let status = fx
        .command(binary)
        .args(["export", "-p", PROFILE, "-o"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("export failed: {status}"))
    }
}

pub fn run(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let mut rows = plan_rows(rt, binary).unwrap_or_else(|e| vec![failed("plan", &e)]);
    rows.push(apply_row(rt, binary).unwrap_or_else(|e| failed("apply of 1,000 changes", &e)));
    rows
}

fn plan_rows(rt: &Runtime, binary: &Path) -> Result<Vec<Row>, String> {
    let fx = fixture(rt, 2_000, 40)?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("members.toml");
    export(&fx, binary, &file)?;
    let mut plan = fx.command(binary);
    plan.arg("plan").arg(&file);
    let plan = measure(&fx, plan).ok_or("plan did not run")?;
    let mut all = fx.command(binary);
    all.args(["members", "-p", PROFILE, "--all", "-o", "csv"]);
    let all = measure(&fx, all).ok_or("members --all did not run")?;
    rt.block_on(fx.sandbox.shutdown());
    let b = bound(plan.requests);
    let ratio = plan.time.as_secs_f64() / b.as_secs_f64();
    let rss = plan.peak_kb as f64 / all.peak_kb.max(1) as f64;
    Ok(vec![
        Row::check(
            "plan: 2,000 × 40, 50 ms, concurrency 8 (no change)",
            format!(
                "{} = {ratio:.2}× the bound {} ({} requests)",
                ms(plan.time),
                ms(b),
                plan.requests
            ),
            "≤ 1.25× ⌈requests ÷ 8⌉ × 50 ms",
            plan.code == 0 && ratio <= 1.25,
        ),
        Row::check(
            "plan: peak resident memory, same data",
            format!(
                "{:.1} MB = {rss:.2}× members --all ({:.1} MB)",
                plan.peak_kb as f64 / 1024.0 * 1.048_576,
                all.peak_kb as f64 / 1024.0 * 1.048_576
            ),
            "≤ 1.5× members --all",
            plan.code == 0 && all.code == 0 && rss <= 1.5,
        ),
    ])
}

/// 25 workspaces × 40 members, every role changed in the file: 1,000 role changes.
fn apply_row(rt: &Runtime, binary: &Path) -> Result<Row, String> {
    let fx = fixture(rt, 25, 40)?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("members.toml");
    export(&fx, binary, &file)?;
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let changed: String = text
        .lines()
        .map(|l| {
            if l.starts_with('#') || l.starts_with('[') {
                l.to_string()
            } else if let Some(user) = l.strip_suffix(" = \"owner\"") {
                format!("{user} = \"contributor\"")
            } else if let Some(user) = l.strip_suffix(" = \"contributor\"") {
                format!("{user} = \"reader\"")
            } else if let Some(user) = l.strip_suffix(" = \"reader\"") {
                format!("{user} = \"contributor\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, changed).map_err(|e| e.to_string())?;
    // The plan alone, to tell its requests from the changes' (and count the changes).
    let mut plan = fx.command(binary);
    plan.arg("plan").arg(&file);
    let plan = measure(&fx, plan).ok_or("plan did not run")?;
    let changes = {
        let out = fx
            .command(binary)
            .args(["plan", "-o", "json"])
            .arg(&file)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).map_err(|e| format!("plan JSON: {e}"))?;
        v["summary"]["total"].as_u64().unwrap_or(0)
    };
    let mut apply = fx.command(binary);
    apply.args(["apply", "--yes", "--force"]).arg(&file);
    let apply = measure(&fx, apply).ok_or("apply did not run")?;
    rt.block_on(fx.sandbox.shutdown());
    let per_change = apply.requests.saturating_sub(plan.requests) as f64 / changes.max(1) as f64;
    let target =
        LATENCY.as_secs_f64() * (changes.div_ceil(CONCURRENCY as u64)) as f64 * per_change.round();
    let ratio = apply.time.as_secs_f64() / target;
    Ok(Row::check(
        format!("apply of {changes} role changes, 50 ms, concurrency 8"),
        format!(
            "{} = {ratio:.2}× ⌈{changes} ÷ 8⌉ × {per_change:.2} requests × 50 ms = {}",
            ms(apply.time),
            ms(Duration::from_secs_f64(target))
        ),
        "≤ 1.25× ⌈changes ÷ 8⌉ × requests per change × 50 ms",
        apply.code == 0 && changes == 1_000 && ratio <= 1.25,
    ))
}

fn failed(what: &str, why: &str) -> Row {
    Row::check(what, format!("not measured: {why}"), "-", false)
}
