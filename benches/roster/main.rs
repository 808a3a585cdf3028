//! roster's benchmark suite: prints figures, not a timed test (ENGINEERING.md §4).
//!
//! ```sh
//! cargo bench --bench roster            # every row
//! cargo bench --bench roster -- crawl   # only the rows of the groups named: first, crawl, people,
//!                                       # code, draw, idle, memory, sandbox, startup, size
//! ```
//!
//! Everything runs against the sandbox on loopback, with the roster binary built by the same
//! command with the release profile's settings (`[profile.bench]` inherits `[profile.release]`, so
//! `target/release/roster` is the binary `cargo build --release` ships). The last table lists every
//! row with its measured value, its target and PASS or FAIL.

mod code;
mod crawl;
mod people;
mod process;
mod render;
mod sandbox;
mod startup;
// Shared with tests/perf/perf_guard.rs, which uses other parts of them.
#[allow(dead_code)]
mod fixture;
#[allow(dead_code)]
mod pty;
#[allow(dead_code)]
mod screen;
#[allow(dead_code)]
mod vt;

use std::path::PathBuf;
use std::time::Duration;

/// One line of the final table.
pub struct Row {
    /// What was measured.
    pub what: String,
    /// The figure.
    pub measured: String,
    /// The target, or `info` for a figure without one.
    pub target: String,
    /// Whether the target is met (`None`: information only).
    pub pass: Option<bool>,
}

impl Row {
    /// A row with a target.
    pub fn check(what: impl Into<String>, measured: String, target: &str, pass: bool) -> Row {
        Row {
            what: what.into(),
            measured,
            target: target.to_string(),
            pass: Some(pass),
        }
    }

    /// A figure reported for information.
    pub fn info(what: impl Into<String>, measured: String) -> Row {
        Row {
            what: what.into(),
            measured,
            target: "info".to_string(),
            pass: None,
        }
    }
}

/// Median of `samples` (sorted in place).
pub fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// A duration in milliseconds with a sensible precision.
pub fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v < 10.0 {
        format!("{v:.3} ms")
    } else if v < 1000.0 {
        format!("{v:.1} ms")
    } else {
        format!("{:.2} s", v / 1000.0)
    }
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs = |group: &str| wanted.is_empty() || wanted.iter().any(|w| w == group);
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_roster"));
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    println!("roster benchmarks");
    println!("machine: {}", machine());
    println!("binary:  {}", binary.display());
    println!();
    let mut rows: Vec<Row> = Vec::new();
    let mut section = |name: &str, f: &dyn Fn() -> Vec<Row>| {
        if runs(name) {
            println!("== {name}");
            let new = f();
            for r in &new {
                println!("   {:<62} {}", r.what, r.measured);
            }
            rows.extend(new);
        }
    };
    section("first", &|| process::first_frame(&rt, &binary));
    section("crawl", &|| crawl::run(&rt, &binary));
    section("people", &|| people::run(&rt, &binary));
    section("code", &|| code::run(&rt, &binary));
    section("draw", &render::run);
    section("idle", &|| process::idle(&rt, &binary));
    section("memory", &|| process::memory(&rt, &binary));
    section("sandbox", &|| sandbox::run(&rt));
    section("startup", &|| startup::run(&rt, &binary));
    section("size", &|| vec![process::binary_size()]);
    print_table(&rows);
}

fn print_table(rows: &[Row]) {
    let w0 = rows.iter().map(|r| r.what.len()).max().unwrap_or(4).max(4);
    let w1 = rows
        .iter()
        .map(|r| r.measured.len())
        .max()
        .unwrap_or(8)
        .max(8);
    let w2 = rows
        .iter()
        .map(|r| r.target.len())
        .max()
        .unwrap_or(6)
        .max(6);
    println!();
    println!(
        "| {:<w0$} | {:<w1$} | {:<w2$} | result |",
        "what", "measured", "target"
    );
    println!(
        "|{}|{}|{}|--------|",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 2),
        "-".repeat(w2 + 2)
    );
    for r in rows {
        let verdict = match r.pass {
            Some(true) => "PASS",
            Some(false) => "FAIL",
            None => "",
        };
        println!(
            "| {:<w0$} | {:<w1$} | {:<w2$} | {verdict:<6} |",
            r.what, r.measured, r.target
        );
    }
    let failed = rows.iter().filter(|r| r.pass == Some(false)).count();
    let checked = rows.iter().filter(|r| r.pass.is_some()).count();
    println!();
    if failed == 0 {
        println!("all {checked} targets met");
    } else {
        println!("{failed} of {checked} targets missed");
    }
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(String::new(), |kb| {
            format!(", {} GiB RAM", kb / 1024 / 1024)
        });
    format!("{cores} cores ({cpu}){mem}, {}", std::env::consts::OS)
}
