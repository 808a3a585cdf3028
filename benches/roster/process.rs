//! Figures of the real binary on a pseudo-terminal: time to the first complete frame, bytes written
//! while idle, resident memory with 100,000 members, and the binary's size.

use super::fixture::{Fixture, ProfileSpec};
use super::pty::{Pty, contains, frame_end};
use super::{Row, median, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use std::path::Path;
use std::time::Duration;
use tokio::runtime::Runtime;

const STARTS: usize = 20;
const IDLE: Duration = Duration::from_secs(5);

fn all_profiles() -> Vec<ProfileSpec> {
    ProviderKind::ALL
        .into_iter()
        .map(ProfileSpec::new)
        .collect()
}

/// Process start to the end of the first synchronized update that shows the header, with every
/// provider answering after 2 s; median of [`STARTS`] starts after one unmeasured start.
pub fn first_frame(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let fx = match rt.block_on(Fixture::start(
        generate(20, 10, 3),
        Duration::from_secs(2),
        &all_profiles(),
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![failed("first frame", &e.to_string())],
    };
    let mut samples = Vec::new();
    for i in 0..=STARTS {
        let pty = match Pty::spawn(fx.command(binary), 80, 24) {
            Ok(p) => p,
            Err(e) => return vec![failed("first frame", &e.to_string())],
        };
        let shown = pty.wait_for(Duration::from_secs(10), |o| {
            let end = frame_end(&o.bytes, 0)?;
            contains(&o.bytes[..end], b"roster")
                .then(|| o.arrival(end - 1))
                .flatten()
        });
        let started = pty.started;
        pty.quit(Duration::from_secs(2));
        match shown {
            Some(t) if i > 0 => samples.push(t - started),
            Some(_) => {}
            None => return vec![failed("first frame", "no frame within 10 s")],
        }
    }
    rt.block_on(fx.sandbox.shutdown());
    let mut sorted = samples.clone();
    let med = median(&mut sorted);
    let worst = sorted.last().copied().unwrap_or_default();
    vec![Row::check(
        "start to first complete frame on a pty, providers 2 s slow (median)",
        format!("{} (worst of {STARTS}: {})", ms(med), ms(worst)),
        "≤ 25 ms",
        med <= Duration::from_millis(25),
    )]
}

/// Bytes written during [`IDLE`] once everything has loaded and the screen is still.
pub fn idle(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let fx = match rt.block_on(Fixture::start(
        generate(5, 20, 4),
        Duration::ZERO,
        &all_profiles(),
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![failed("idle", &e.to_string())],
    };
    let pty = match Pty::spawn(fx.command(binary), 80, 24) {
        Ok(p) => p,
        Err(e) => return vec![failed("idle", &e.to_string())],
    };
    let loaded = pty.wait_for_text("(20)", Duration::from_secs(10));
    let still = pty.wait_quiet(Duration::from_secs(1), Duration::from_secs(10));
    let before = pty.len();
    std::thread::sleep(IDLE);
    let bytes = pty.len() - before;
    pty.quit(Duration::from_secs(2));
    rt.block_on(fx.sandbox.shutdown());
    vec![Row::check(
        "bytes written while idle for 5 s, nothing loading",
        format!("{bytes} B"),
        "0 B",
        loaded && still && bytes == 0,
    )]
}

/// Resident memory of the TUI once a workspace of 100,000 members is loaded and shown.
pub fn memory(rt: &Runtime, binary: &Path) -> Vec<Row> {
    const MEMBERS: usize = 100_000;
    let fx = match rt.block_on(Fixture::start(
        generate(1, MEMBERS, 5),
        Duration::ZERO,
        &[ProfileSpec::new(ProviderKind::Dreadnode)],
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![failed("memory", &e.to_string())],
    };
    let pty = match Pty::spawn(fx.command(binary), 120, 40) {
        Ok(p) => p,
        Err(e) => return vec![failed("memory", &e.to_string())],
    };
    let shown = pty
        .wait_for_text(&format!("({MEMBERS})"), Duration::from_secs(60))
        .then(|| pty.with_output(|o| o.chunks.last().map(|(t, _)| *t)))
        .flatten();
    pty.wait_quiet(Duration::from_secs(1), Duration::from_secs(10));
    let status = std::fs::read_to_string(format!("/proc/{}/status", pty.pid())).unwrap_or_default();
    let field = |name: &str| -> Option<u64> {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse().ok())
    };
    let (rss, peak) = (field("VmRSS:"), field("VmHWM:"));
    let load_time = shown.map(|t| t - pty.started);
    pty.quit(Duration::from_secs(2));
    rt.block_on(fx.sandbox.shutdown());
    let (Some(rss), Some(peak), Some(load_time)) = (rss, peak, load_time) else {
        return vec![failed(
            "resident memory with 100,000 members loaded",
            "the members were not shown, or /proc was unreadable",
        )];
    };
    let mib = |kb: u64| kb as f64 / 1024.0;
    vec![
        Row::check(
            "resident memory with 100,000 members loaded",
            format!("{:.1} MB", mib(rss) * 1.048_576),
            "≤ 80 MB",
            mib(rss) * 1.048_576 <= 80.0,
        ),
        Row::info(
            "  peak resident memory while loading them; time to show them",
            format!("{:.1} MB; {}", mib(peak) * 1.048_576, ms(load_time)),
        ),
    ]
}

/// Size of the stripped release binary.
/// The size of the binary users get: `cargo build --release --bin roster`, built here into its own
/// target directory. (The binary `cargo bench` builds has the dev-dependencies' features merged in,
/// so it is larger than what users run.)
pub fn binary_size() -> Row {
    const WHAT: &str = "stripped release binary, as `cargo build --release` makes it";
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = manifest.join("target").join("user-release");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = std::process::Command::new(cargo)
        .args(["build", "--release", "--bin", "roster", "--quiet"])
        .arg("--manifest-path")
        .arg(manifest.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status();
    match built {
        Ok(s) if s.success() => {}
        Ok(s) => return failed(WHAT, &format!("cargo build --release failed ({s})")),
        Err(e) => return failed(WHAT, &e.to_string()),
    }
    match std::fs::metadata(target.join("release").join("roster")) {
        Ok(m) => {
            let mb = m.len() as f64 / 1e6;
            Row::check(
                WHAT,
                format!("{mb:.2} MB ({} bytes)", m.len()),
                "≤ 7 MB",
                mb <= 7.0,
            )
        }
        Err(e) => failed(WHAT, &e.to_string()),
    }
}

fn failed(what: &str, why: &str) -> Row {
    Row::check(what, format!("not measured: {why}"), "-", false)
}
