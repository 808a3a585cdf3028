//! The Paradigm fixture: a dataset spanning several pages, clients for it, and helpers that read
//! what the emulator stores.
#![allow(dead_code)]

use crate::common::TestServer;
use roster::http::{CallObserver, HttpSettings};
use roster::model::{Member, MemberKind, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::{Dataset, Grant, Group, ProviderData, User, WorkspaceData};
use roster::secret::Secret;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const TOKEN: &str = "pk-sandbox-secret-4711";
pub const USERS: u32 = 230;
pub const WORKSPACES: u32 = 230;
/// A user on the third page of the company members listing (pages of 100).
pub const LATE_USER: u32 = 225;

pub fn user(id: u32, email: &str, name: &str) -> User {
    User {
        id: id.to_string(),
        email: email.into(),
        name: name.into(),
        org_role: None,
    }
}

pub fn user_grant(id: u32, role: &str) -> Grant {
    Grant {
        id: None,
        user: Some(id.to_string()),
        group: None,
        role: role.into(),
    }
}

pub fn group_grant(id: u32, role: &str) -> Grant {
    Grant {
        id: None,
        user: None,
        group: Some(id.to_string()),
        role: role.into(),
    }
}

/// 230 users and 230 workspaces (three pages of 100 each). Workspace 1 "Research" has Ada (owner),
/// Grace (editor) and the group "Data team" (viewer) with users 5, 6 and 7.
pub fn dataset() -> Dataset {
    let mut users = vec![
        user(1, "ada@acme.test", "Ada Lovelace"),
        user(2, "grace@acme.test", "Grace Hopper"),
        user(3, "linus@acme.test", "Linus Torvalds"),
    ];
    users.extend((4..=USERS).map(|n| {
        if n == LATE_USER {
            user(n, "late.joiner@acme.test", "Late Joiner")
        } else {
            user(
                n,
                &format!("user{n}@acme.test"),
                &format!("User{n} Example"),
            )
        }
    }));
    let mut workspaces = vec![WorkspaceData {
        id: "1".into(),
        key: None,
        name: "Research".into(),
        roles: vec![],
        members: vec![
            user_grant(1, "owner"),
            user_grant(2, "editor"),
            group_grant(10, "viewer"),
        ],
    }];
    workspaces.extend((2..=WORKSPACES).map(|n| WorkspaceData {
        id: n.to_string(),
        key: None,
        name: format!("Workspace {n}"),
        roles: vec![],
        members: vec![user_grant(1, "owner")],
    }));
    [(
        roster::providers::paradigm::KIND,
        ProviderData {
            token: TOKEN.into(),
            org: None,
            users,
            groups: vec![
                Group {
                    id: "10".into(),
                    name: "Data team".into(),
                    members: vec!["5".into(), "6".into(), "7".into()],
                },
                Group {
                    id: "11".into(),
                    name: "Legal".into(),
                    members: vec!["8".into()],
                },
            ],
            workspaces,
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

pub fn config(server: &TestServer, token: &str, tier: Option<&str>) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::paradigm::KIND,
        base_url: server.base_url("paradigm"),
        token: Secret::new(token),
        settings: match tier {
            Some(tier) => roster::providers::ProviderSettings::new().with("tier", tier),
            None => roster::providers::ProviderSettings::new(),
        },
        http: fast_retries(),
        observer: None,
    }
}

pub fn client(server: &TestServer) -> Arc<dyn Provider> {
    build(config(server, TOKEN, None)).expect("client builds")
}

/// A client that records "METHOD path" of every request it sends.
pub fn recording_client(server: &TestServer) -> (Arc<dyn Provider>, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let sink = calls.clone();
    let observer: CallObserver = Arc::new(move |c| {
        sink.lock()
            .unwrap()
            .push(format!("{} {}", c.method, c.path));
    });
    let mut cfg = config(server, TOKEN, None);
    cfg.observer = Some(observer);
    (build(cfg).expect("client builds"), calls)
}

pub fn research() -> Workspace {
    Workspace {
        id: "1".into(),
        name: "Research".into(),
    }
}

/// The grants of workspace `id` in the emulator's state, as (user-or-group, id, role), sorted.
pub fn stored_grants(server: &TestServer, id: &str) -> Vec<(String, String, String)> {
    let data = server.store.snapshot();
    let ws = data[roster::providers::paradigm::KIND]
        .workspaces
        .iter()
        .find(|w| w.id == id)
        .expect("workspace in store");
    let mut grants: Vec<_> = ws
        .members
        .iter()
        .map(|g| match (&g.user, &g.group) {
            (Some(u), _) => ("user".to_string(), u.clone(), g.role.clone()),
            (_, Some(gr)) => ("group".to_string(), gr.clone(), g.role.clone()),
            _ => panic!("grant without user or group"),
        })
        .collect();
    grants.sort();
    grants
}

pub fn grant_tuple(kind: &str, id: &str, role: &str) -> (String, String, String) {
    (kind.into(), id.into(), role.into())
}

pub async fn direct_member(p: &dyn Provider, id: &str) -> Member {
    p.list_members(&research(), false)
        .await
        .expect("list members")
        .into_iter()
        .find(|m| m.id == id && m.kind == MemberKind::User)
        .expect("member listed")
}

/// The default retry policy with short pauses, so fault tests stay quick.
pub fn fast_retries() -> HttpSettings {
    HttpSettings {
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..HttpSettings::default()
    }
}
