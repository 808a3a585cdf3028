//! Figures of the real binary on a pseudo-terminal: time to the first complete frame, bytes written
//! while idle, resident memory with 100,000 members, and the binary's size.

use super::fixture::{Fixture, ProfileSpec};
use super::pty::{Pty, contains, frame_end};
use super::{Row, median, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::runtime::Runtime;

const STARTS: usize = 20;
const IDLE: Duration = Duration::from_secs(5);

fn all_profiles() -> Vec<ProfileSpec> {
    roster::registry::KINDS
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

/// Resident memory of the TUI once a workspace of 100,000 members is loaded and shown, its peak
/// while loading, and the time from the answer's last byte to the first frame showing them, for
/// each provider (issue 13's targets: ≤ 40 MB, peak ≤ 1.25 × that, ≤ 0.5 s).
pub fn memory(rt: &Runtime, binary: &Path) -> Vec<Row> {
    roster::registry::KINDS
        .into_iter()
        .flat_map(|kind| memory_of(rt, binary, kind))
        .collect()
}

fn memory_of(rt: &Runtime, binary: &Path, kind: ProviderKind) -> Vec<Row> {
    const MEMBERS: usize = 100_000;
    let what = format!(
        "{}: resident memory with 100,000 members loaded",
        kind.as_str()
    );
    let fx = match rt.block_on(Fixture::start(
        generate(1, MEMBERS, 5),
        Duration::ZERO,
        &[ProfileSpec::new(kind)],
    )) {
        Ok(fx) => fx,
        Err(e) => return vec![failed(&what, &e.to_string())],
    };
    // roster talks to the sandbox through a proxy that notes when each answer's bytes went out.
    let proxy = match rt.block_on(Proxy::start(fx.sandbox.addr())) {
        Ok(p) => p,
        Err(e) => return vec![failed(&what, &e.to_string())],
    };
    let config = std::fs::read_to_string(&fx.config)
        .unwrap_or_default()
        .replace(&fx.sandbox.addr().to_string(), &proxy.addr.to_string());
    if let Err(e) = std::fs::write(&fx.config, config) {
        return vec![failed(&what, &e.to_string())];
    }
    let pty = match Pty::spawn(fx.command(binary), 120, 40) {
        Ok(p) => p,
        Err(e) => return vec![failed(&what, &e.to_string())],
    };
    // The member count in the pane's title: 100,000 or more (Paradigm adds its groups).
    let shown = pty.wait_for(Duration::from_secs(120), |o| {
        let end = count_at_least(&o.bytes, MEMBERS)?;
        o.arrival(end)
    });
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
    let answered = shown.and_then(|t| proxy.last_byte_before(t));
    let started = pty.started;
    pty.quit(Duration::from_secs(2));
    rt.block_on(fx.sandbox.shutdown());
    let (Some(rss), Some(peak), Some(shown), Some(answered)) = (rss, peak, shown, answered) else {
        return vec![failed(
            &what,
            "the members were not shown, or /proc was unreadable",
        )];
    };
    let mb = |kb: u64| kb as f64 * 1024.0 / 1e6;
    let (rss, peak) = (mb(rss), mb(peak));
    let to_frame = shown.saturating_duration_since(answered);
    vec![
        Row::check(what, format!("{rss:.1} MB"), "≤ 40 MB", rss <= 40.0),
        Row::check(
            "  peak resident memory while loading them",
            format!("{peak:.1} MB = {:.2} × the above", peak / rss),
            "≤ 1.25 ×",
            peak <= 1.25 * rss,
        ),
        Row::check(
            "  answer's last byte to the first frame showing them",
            format!(
                "{} (process start to that frame: {})",
                ms(to_frame),
                ms(shown - started)
            ),
            "≤ 0.5 s",
            to_frame <= Duration::from_millis(500),
        ),
    ]
}

/// Where the first `(N)` with N ≥ `least` ends in `bytes`.
fn count_at_least(bytes: &[u8], least: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = bytes[from..].iter().position(|&b| b == b'(') {
        let start = from + open + 1;
        let digits = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let n: Option<usize> = std::str::from_utf8(&bytes[start..start + digits])
            .ok()
            .and_then(|d| d.parse().ok());
        if bytes.get(start + digits) == Some(&b')') && n.is_some_and(|n| n >= least) {
            return Some(start + digits + 1);
        }
        from = start;
    }
    None
}

/// A TCP proxy to the sandbox that notes when it passed bytes of an answer on to roster.
struct Proxy {
    addr: std::net::SocketAddr,
    sent: Arc<Mutex<Vec<Instant>>>,
}

impl Proxy {
    async fn start(upstream: std::net::SocketAddr) -> std::io::Result<Proxy> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = sent.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let Ok(server) = tokio::net::TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = client.into_split();
                    let (mut server_read, mut server_write) = server.into_split();
                    tokio::spawn(async move {
                        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                    });
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        let n = match server_read.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        if client_write.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                        log.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(Instant::now());
                    }
                });
            }
        });
        Ok(Proxy { addr, sent })
    }

    /// When the last bytes handed to roster before `t` went out.
    fn last_byte_before(&self, t: Instant) -> Option<Instant> {
        self.sent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .copied()
            .filter(|s| *s <= t)
            .max()
    }
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
