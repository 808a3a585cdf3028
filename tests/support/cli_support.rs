//! Helpers of the CLI tests: a small dataset for the four emulators, a config file pointing at a
//! running sandbox, and a way to run the real `roster` binary with an isolated environment.
#![allow(dead_code)]

use assert_cmd::Command;
use roster::sandbox::store::{Dataset, Grant, Group, ProviderData, RoleData, User, WorkspaceData};
use std::path::{Path, PathBuf};

/// Tokens the emulators accept; each test checks none of them ever reaches the output.
pub const ASKUI_TOKEN: &str = "askui-canary-token-1f2e";
pub const DREADNODE_TOKEN: &str = "dn-canary-token-77aa";
pub const PARADIGM_TOKEN: &str = "pd-canary-token-3c3c";
pub const TL_TOKEN: &str = "tot_canary_token_9b9b";

/// Environment variables the generated config reads the tokens from.
pub const TOKEN_VARS: [(&str, &str); 4] = [
    ("CLI_TEST_ASKUI_TOKEN", ASKUI_TOKEN),
    ("CLI_TEST_DREADNODE_TOKEN", DREADNODE_TOKEN),
    ("CLI_TEST_PARADIGM_TOKEN", PARADIGM_TOKEN),
    ("CLI_TEST_TL_TOKEN", TL_TOKEN),
];

/// TransactionLink role IDs of the "Research" workspace.
pub const TL_ROLE_ANALYST: &str = "a0000000-0000-4000-8000-000000000001";
pub const TL_ROLE_MANAGER: &str = "a0000000-0000-4000-8000-000000000002";
/// TransactionLink role IDs of the "Sales, \"EU\"" workspace.
pub const TL_ROLE_SALES_ANALYST: &str = "a0000000-0000-4000-8000-000000000003";

fn user(id: &str, email: &str, name: &str) -> User {
    User {
        id: id.into(),
        email: email.into(),
        name: name.into(),
        org_role: None,
    }
}

fn grant(user: &str, role: &str) -> Grant {
    Grant {
        id: None,
        user: Some(user.into()),
        group: None,
        role: role.into(),
    }
}

fn workspace(id: &str, name: &str, members: Vec<Grant>) -> WorkspaceData {
    WorkspaceData {
        id: id.into(),
        key: None,
        name: name.into(),
        roles: Vec::new(),
        members,
    }
}

/// A small organisation on each provider: two or three workspaces, one name with a comma and a
/// quote (CSV), one with an escape sequence (sanitizing), users in no workspace (to add).
pub fn dataset() -> Dataset {
    Dataset {
        askui: askui(),
        dreadnode: dreadnode(),
        paradigm: paradigm(),
        transactionlink: transactionlink(),
    }
}

fn askui() -> ProviderData {
    let mut ws1 = workspace(
        "3f1c2b7e-0000-4000-8000-0000000000a1",
        "Research",
        vec![
            grant("auth0|ada", "ROLE_WORKSPACE_OWNER"),
            grant("auth0|bob", "ROLE_WORKSPACE_MEMBER"),
        ],
    );
    ws1.members[0].id = Some("m-0001".into());
    ws1.members[1].id = Some("m-0002".into());
    let mut ws2 = workspace(
        "3f1c2b7e-0000-4000-8000-0000000000a2",
        "Sales",
        vec![
            grant("auth0|ada", "ROLE_WORKSPACE_OWNER"),
            grant("auth0|cyd", "ROLE_WORKSPACE_MEMBER"),
        ],
    );
    ws2.members[0].id = Some("m-0003".into());
    ws2.members[1].id = Some("m-0004".into());
    ProviderData {
        token: ASKUI_TOKEN.into(),
        org: None,
        users: vec![
            user("auth0|ada", "ada@example.com", "Ada Lovelace"),
            user("auth0|bob", "bob@example.com", "Bob Builder"),
            user("auth0|cyd", "cyd@example.com", "Cyd Charisse"),
            user("auth0|dan", "dan@example.com", "Dan Brown"),
        ],
        groups: Vec::new(),
        workspaces: vec![ws1, ws2],
    }
}

fn dreadnode() -> ProviderData {
    let mut ws1 = workspace(
        "6d9f0a3e-0000-4000-8000-0000000000d1",
        "Red Team",
        vec![
            grant("d0000000-0000-4000-8000-000000000001", "owner"),
            grant("d0000000-0000-4000-8000-000000000002", "reader"),
        ],
    );
    ws1.key = Some("red-team".into());
    let mut ws2 = workspace(
        "6d9f0a3e-0000-4000-8000-0000000000d2",
        "Blue Team",
        vec![grant("d0000000-0000-4000-8000-000000000001", "owner")],
    );
    ws2.key = Some("blue-team".into());
    let mut users = vec![
        user(
            "d0000000-0000-4000-8000-000000000001",
            "ada@example.com",
            "Ada Lovelace",
        ),
        user(
            "d0000000-0000-4000-8000-000000000002",
            "bob@example.com",
            "Bob Builder",
        ),
        user(
            "d0000000-0000-4000-8000-000000000003",
            "cyd@example.com",
            "Cyd Charisse",
        ),
        user(
            "d0000000-0000-4000-8000-000000000004",
            "dan@example.com",
            "Dan Brown",
        ),
    ];
    users[0].org_role = Some("owner".into());
    for u in users.iter_mut().skip(1) {
        u.org_role = Some("member".into());
    }
    ProviderData {
        token: DREADNODE_TOKEN.into(),
        org: Some("acme".into()),
        users,
        groups: Vec::new(),
        workspaces: vec![ws1, ws2],
    }
}

fn paradigm() -> ProviderData {
    let mut ws1 = workspace(
        "101",
        "Legal",
        vec![grant("1", "owner"), grant("2", "viewer")],
    );
    ws1.members.push(Grant {
        id: None,
        user: None,
        group: Some("900".into()),
        role: "editor".into(),
    });
    let ws2 = workspace("102", "Finance", vec![grant("1", "owner")]);
    ProviderData {
        token: PARADIGM_TOKEN.into(),
        org: None,
        users: vec![
            user("1", "ada@example.com", "Ada Lovelace"),
            user("2", "bob@example.com", "Bob Builder"),
            user("3", "cyd@example.com", "Cyd Charisse"),
            user("4", "dan@example.com", "Dan Brown"),
        ],
        groups: vec![Group {
            id: "900".into(),
            name: "Auditors".into(),
            members: vec!["3".into()],
        }],
        workspaces: vec![ws1, ws2],
    }
}

fn transactionlink() -> ProviderData {
    let mut research = workspace(
        "b0000000-0000-4000-8000-0000000000f1",
        "Research",
        vec![
            grant("c0000000-0000-4000-8000-000000000002", TL_ROLE_MANAGER),
            grant("c0000000-0000-4000-8000-000000000003", TL_ROLE_ANALYST),
            grant("c0000000-0000-4000-8000-000000000006", TL_ROLE_ANALYST),
        ],
    );
    research.roles = vec![
        RoleData {
            id: TL_ROLE_ANALYST.into(),
            name: "Analyst".into(),
        },
        RoleData {
            id: TL_ROLE_MANAGER.into(),
            name: "Manager".into(),
        },
    ];
    let mut sales = workspace(
        "b0000000-0000-4000-8000-0000000000f2",
        "Sales, \"EU\"",
        vec![grant(
            "c0000000-0000-4000-8000-000000000005",
            TL_ROLE_SALES_ANALYST,
        )],
    );
    sales.roles = vec![RoleData {
        id: TL_ROLE_SALES_ANALYST.into(),
        name: "Analyst".into(),
    }];
    let mut users = vec![
        user(
            "c0000000-0000-4000-8000-000000000001",
            "olga@example.com",
            "Olga Owner",
        ),
        user(
            "c0000000-0000-4000-8000-000000000002",
            "bob@example.com",
            "Bob Builder",
        ),
        user(
            "c0000000-0000-4000-8000-000000000003",
            "cyd@example.com",
            "Cyd Charisse",
        ),
        user(
            "c0000000-0000-4000-8000-000000000004",
            "dan@example.com",
            "Dan Brown",
        ),
        user(
            "c0000000-0000-4000-8000-000000000005",
            "eve@example.com",
            "Eve \u{1b}[31mRed",
        ),
        user(
            "c0000000-0000-4000-8000-000000000006",
            "li@example.com",
            "李雷",
        ),
    ];
    users[0].org_role = Some("owner".into());
    for u in users.iter_mut().skip(1) {
        u.org_role = Some("member".into());
    }
    ProviderData {
        token: TL_TOKEN.into(),
        org: Some("e0000000-0000-4000-8000-0000000000e1".into()),
        users,
        groups: Vec::new(),
        workspaces: vec![research, sales],
    }
}

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with both streams unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Panics unless stdout and stderr are free of every test token.
    #[track_caller]
    pub fn expect_no_token(&self) -> &Self {
        for (_, token) in TOKEN_VARS {
            assert!(
                !self.stdout.contains(token),
                "token on stdout: {}",
                self.stdout
            );
            assert!(
                !self.stderr.contains(token),
                "token on stderr: {}",
                self.stderr
            );
        }
        self
    }
}

/// An isolated home for the binary: config, log and audit files in a temporary directory.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl Home {
    /// A home whose config has one profile per provider (named after it) pointing at `base`
    /// (`http://127.0.0.1:PORT`), with tokens read from [`TOKEN_VARS`]; `extra` is appended.
    pub fn new(base: &str, extra: &str) -> Home {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config.toml");
        let home = Home { dir, config };
        home.write_config(&format!("{}{extra}", profiles_for(base)));
        home
    }

    /// Replaces the config file.
    pub fn write_config(&self, text: &str) {
        std::fs::write(&self.config, text).expect("write config");
    }

    /// The log file the binary writes (XDG data dir inside this home).
    pub fn log_file(&self) -> PathBuf {
        self.dir.path().join("data/roster/roster.log")
    }

    /// A path inside this home.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The environment the binary runs with: isolated data/config dirs, no inherited roster
    /// settings, and the token variables.
    pub fn isolate(&self, cmd: &mut Command) {
        cmd.env_remove("ROSTER_CONFIG")
            .env_remove("ROSTER_LOG")
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("ROSTER_AUDIT_FILE", self.dir.path().join("audit.jsonl"));
        for (var, token) in TOKEN_VARS {
            cmd.env(var, token);
        }
        cmd.timeout(std::time::Duration::from_secs(60));
    }

    /// `roster --config <this config> ARGS` with the token variables set and stdin empty (not a
    /// terminal).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("roster").expect("roster binary");
        cmd.arg("--config").arg(&self.config).args(args);
        self.isolate(&mut cmd);
        cmd
    }

    /// Runs `roster ARGS` to completion.
    pub fn run(&self, args: &[&str]) -> Run {
        run_command(self.command(args))
    }
}

/// Runs a prepared command to completion.
pub fn run_command(mut cmd: Command) -> Run {
    let out = cmd.output().expect("run roster");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One profile per provider, named after it, for the emulators at `base`.
pub fn profiles_for(base: &str) -> String {
    format!(
        "[profiles.askui]\nprovider = \"askui\"\nbase_url = \"{base}/askui\"\ntoken_env = \"CLI_TEST_ASKUI_TOKEN\"\n\n\
         [profiles.dreadnode]\nprovider = \"dreadnode\"\nbase_url = \"{base}/dreadnode\"\norg = \"acme\"\ntoken_env = \"CLI_TEST_DREADNODE_TOKEN\"\n\n\
         [profiles.paradigm]\nprovider = \"paradigm\"\nbase_url = \"{base}/paradigm\"\ntoken_env = \"CLI_TEST_PARADIGM_TOKEN\"\n\n\
         [profiles.tl]\nprovider = \"transactionlink\"\nbase_url = \"{base}/transactionlink\"\ntoken_env = \"CLI_TEST_TL_TOKEN\"\n\n"
    )
}

/// Writes `content` to `path` with `mode` (unix permissions).
pub fn write_with_mode(path: &Path, content: &str, mode: u32) {
    std::fs::write(path, content).expect("write file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    #[cfg(not(unix))]
    let _ = mode;
}

/// Parses CSV text (RFC 4180 quoting) into rows of cells; enough for checking our own output.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// The role of `user` in workspace `workspace` as the store holds it (direct grants only).
pub fn grant_role(data: &ProviderData, workspace: &str, user: &str) -> Option<String> {
    data.workspaces
        .iter()
        .find(|w| w.id == workspace || w.key.as_deref() == Some(workspace))?
        .members
        .iter()
        .find(|g| g.user.as_deref() == Some(user))
        .map(|g| g.role.clone())
}
