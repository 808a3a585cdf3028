//! `roster sandbox` as a user runs it: the real binary, its printed address, the config it writes,
//! how it stops, and the errors for bad input.

use assert_cmd::Command as AssertCommand;
use predicates::str::contains;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_roster");

/// A running `roster sandbox`, killed if the test ends early.
struct Running {
    child: Child,
    /// Lines printed to stdout before "listening on" and the lines after it (the banner).
    lines: mpsc::Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn spawn(args: &[&str]) -> Running {
        let mut child = Command::new(BIN)
            .arg("sandbox")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn roster sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Waits (up to a minute: the machine may be busy) for a line starting with `prefix`.
    fn line_starting_with(&self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(_) => {}
                Err(e) => panic!("no line starting with {prefix:?}: {e}"),
            }
        }
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn write_config_points_four_profiles_at_the_real_port_with_private_token_files() {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("roster.toml");
    let running = Running::spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--write-config",
        config_path.to_str().unwrap(),
    ]);
    let listening = running.line_starting_with("listening on http://");
    let addr = listening
        .trim_start_matches("listening on http://")
        .to_string();
    assert!(
        !addr.ends_with(":0"),
        "the real port is printed: {listening}"
    );
    let dreadnode_line = running.line_starting_with("dreadnode");
    assert!(dreadnode_line.contains(&format!("base_url=http://{addr}/dreadnode")));
    assert!(dreadnode_line.contains("token=dn-demo-key") && dreadnode_line.contains("org=acme"));

    let text = std::fs::read_to_string(&config_path).expect("config written");
    let config: toml::Value = toml::from_str(&text).expect("config is valid TOML");
    let profiles = config["profiles"].as_table().expect("[profiles.*]");
    let expected = [
        ("askui", "askui-demo-token"),
        ("dreadnode", "dn-demo-key"),
        ("paradigm", "paradigm-demo-key"),
        ("transactionlink", "tot_demo_0123456789abcdef"),
    ];
    assert_eq!(profiles.len(), expected.len());
    for (name, token) in expected {
        let p = &profiles[name];
        assert_eq!(p["provider"].as_str(), Some(name));
        assert_eq!(
            p["base_url"].as_str().unwrap(),
            format!("http://{addr}/{name}")
        );
        let token_file = Path::new(p["token_file"].as_str().unwrap());
        assert!(token_file.is_absolute(), "{}", token_file.display());
        assert_eq!(std::fs::read_to_string(token_file).unwrap().trim(), token);
        #[cfg(unix)]
        assert_eq!(mode(token_file), 0o600, "{name} token file mode");
        assert!(!text.contains(token), "the config holds no token itself");
    }
    assert_eq!(profiles["dreadnode"]["org"].as_str(), Some("acme"));
    assert_eq!(profiles["paradigm"]["tier"].as_str(), Some("company"));
    assert!(profiles["transactionlink"].get("org").is_none());

    // Something really answers at the printed address.
    let answer = std::net::TcpStream::connect(&addr);
    assert!(answer.is_ok(), "connect to {addr}");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let mut running = Running::spawn(&["--listen", "127.0.0.1:0", "--generate", "3,4"]);
    let listening = running.line_starting_with("listening on http://");
    let addr = listening
        .trim_start_matches("listening on http://")
        .to_string();
    // SAFETY: kill(2) on the pid of a child this test spawned and has not reaped.
    let rc = unsafe { libc::kill(running.child.id() as libc::pid_t, libc::SIGTERM) };
    assert_eq!(rc, 0);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "port released"
    );
}

#[test]
fn a_foreign_config_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("config.toml");
    std::fs::write(&config_path, "[profiles.prod]\nprovider = \"askui\"\n").unwrap();
    AssertCommand::new(BIN)
        .args(["sandbox", "--listen", "127.0.0.1:0", "--write-config"])
        .arg(&config_path)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("not written by roster sandbox"));
    assert_eq!(
        std::fs::read_to_string(&config_path).unwrap(),
        "[profiles.prod]\nprovider = \"askui\"\n"
    );
    assert!(!dir.path().join("askui.token").exists());
}

fn fails_with(args: &[&str], message: &str) {
    AssertCommand::new(BIN)
        .arg("sandbox")
        .args(args)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains(message));
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    fails_with(&["--generate", "0,5"], "--generate");
    fails_with(&["--generate", "lots"], "expected WORKSPACES,MEMBERS");
    fails_with(&["--error-rate", "1.5"], "--error-rate");
    fails_with(&["--rate-limit", "0"], "--rate-limit");
    fails_with(
        &["--data", "/definitely/not/here.json"],
        "cannot read dataset /definitely/not/here.json",
    );

    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "[1, 2").unwrap();
    fails_with(
        &["--data", garbage.to_str().unwrap()],
        "not a roster sandbox dataset",
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    fails_with(&["--listen", &addr], "cannot listen on");
}
