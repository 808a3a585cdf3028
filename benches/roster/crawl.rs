//! `roster members --all` against the sandbox with 50 ms on every answer: the concurrent crawl
//! against its bound and against one request at a time (in the same run, so the ratio holds on a
//! noisy machine), how it grows with the number of workspaces, and every provider against its own
//! bound with its request count.

use super::fixture::{Fixture, ProfileSpec};
use super::{Row, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const LATENCY: Duration = Duration::from_millis(50);
const MEMBERS: usize = 40;
const CONCURRENCY: usize = 8;
/// The provider of the headline rows: its crawl is one request per workspace.
const HEADLINE: ProviderKind = ProviderKind::Dreadnode;

/// One crawl: wall time from process start to exit, and the requests the sandbox received.
struct Crawl {
    time: Duration,
    requests: u64,
    ok: bool,
}

impl Crawl {
    /// ⌈requests ÷ concurrency⌉ × latency: the time the requests take if `concurrency` are always
    /// in flight and nothing else costs anything.
    fn bound(&self, concurrency: usize) -> Duration {
        LATENCY * self.requests.div_ceil(concurrency as u64) as u32
    }
}

fn crawl(fx: &Fixture, binary: &Path, profile: &str) -> Crawl {
    let before = fx.sandbox.request_count();
    let started = Instant::now();
    let status = fx
        .command(binary)
        .args(["members", "-p", profile, "--all", "-o", "csv"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let time = started.elapsed();
    Crawl {
        time,
        requests: fx.sandbox.request_count() - before,
        ok: status.is_ok_and(|s| s.success()),
    }
}

fn profiles() -> Vec<ProfileSpec> {
    let mut p = vec![
        ProfileSpec::bounded(HEADLINE, "concurrent", CONCURRENCY),
        ProfileSpec::bounded(HEADLINE, "sequential", 1),
    ];
    for kind in [
        ProviderKind::Askui,
        ProviderKind::Paradigm,
        ProviderKind::Transactionlink,
    ] {
        p.push(ProfileSpec::bounded(kind, kind.as_str(), CONCURRENCY));
    }
    p
}

fn fixture(rt: &Runtime, workspaces: usize) -> Option<Fixture> {
    let data = generate(workspaces, MEMBERS, 7);
    match rt.block_on(Fixture::start(data, LATENCY, &profiles())) {
        Ok(fx) => Some(fx),
        Err(e) => {
            eprintln!("cannot start the sandbox: {e}");
            None
        }
    }
}

pub fn run(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut per_size: Vec<(usize, Duration)> = Vec::new();
    for workspaces in [100, 500, 2_000] {
        let Some(fx) = fixture(rt, workspaces) else {
            return rows;
        };
        if workspaces == 100 {
            // One unmeasured run loads the binary into the page cache.
            let _ = crawl(&fx, binary, "concurrent");
        }
        let c = crawl(&fx, binary, "concurrent");
        per_size.push((workspaces, c.time));
        if workspaces == 500 {
            let bound = c.bound(CONCURRENCY);
            rows.push(Row::check(
                format!("members --all, 500 × {MEMBERS}, 50 ms, concurrency 8"),
                format!(
                    "{} = {:.2}× the bound {} ({} requests)",
                    ms(c.time),
                    c.time.as_secs_f64() / bound.as_secs_f64(),
                    ms(bound),
                    c.requests
                ),
                "≤ 1.25× ⌈requests ÷ 8⌉ × 50 ms",
                c.ok && c.time.as_secs_f64() <= 1.25 * bound.as_secs_f64(),
            ));
            let s = crawl(&fx, binary, "sequential");
            let speedup = s.time.as_secs_f64() / c.time.as_secs_f64();
            rows.push(Row::check(
                "  the same, one request at a time (same run)",
                format!("{} = {speedup:.1}× slower", ms(s.time)),
                "≥ 6× slower than concurrency 8",
                s.ok && speedup >= 6.0,
            ));
            for kind in [
                ProviderKind::Askui,
                ProviderKind::Paradigm,
                ProviderKind::Transactionlink,
            ] {
                // Issue 13: every provider at its own bound, whatever extra requests its API
                // forces (Paradigm's workspace pages, TransactionLink's organisation users).
                let o = crawl(&fx, binary, kind.as_str());
                let bound = o.bound(CONCURRENCY);
                rows.push(Row::check(
                    format!("  {}, 500 × {MEMBERS}, concurrency 8", kind.display_name()),
                    format!(
                        "{} = {:.2}× the bound {} ({} requests){}",
                        ms(o.time),
                        o.time.as_secs_f64() / bound.as_secs_f64(),
                        ms(bound),
                        o.requests,
                        if o.ok { "" } else { ", FAILED" }
                    ),
                    "≤ 1.25× ⌈requests ÷ 8⌉ × 50 ms",
                    o.ok && o.time.as_secs_f64() <= 1.25 * bound.as_secs_f64(),
                ));
            }
        }
        if !c.ok {
            rows.push(Row::check(
                format!("members --all at {workspaces} workspaces"),
                "the command failed".into(),
                "exit 0",
                false,
            ));
        }
        rt.block_on(fx.sandbox.shutdown());
    }
    if let [(w1, t1), (w2, t2), (w3, t3)] = per_size[..] {
        // Linear: the cost of each added workspace is the same from 100 to 500 as from 500 to 2,000
        // (the fixed cost of starting and listing workspaces cancels out).
        let slope_low = (t2 - t1).as_secs_f64() / (w2 - w1) as f64;
        let slope_high = (t3.saturating_sub(t2)).as_secs_f64() / (w3 - w2) as f64;
        let r = slope_high / slope_low.max(1e-9);
        rows.push(Row::check(
            "members --all at 100 / 500 / 2,000 workspaces",
            format!(
                "{} / {} / {}; {:.2} / {:.2} ms per added workspace ({r:.2}×)",
                ms(t1),
                ms(t2),
                ms(t3),
                slope_low * 1e3,
                slope_high * 1e3
            ),
            "linear: per-workspace cost within ±25%",
            (0.75..=1.25).contains(&r),
        ));
    }
    rows
}
