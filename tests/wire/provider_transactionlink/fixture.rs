//! The TransactionLink fixture: a dataset spanning several pages, clients for it, and helpers that read
//! what the emulator stores.
#![allow(dead_code)]

use crate::common::TestServer;
use roster::http::{CallObserver, HttpSettings};
use roster::model::{Member, Role, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::{Dataset, Grant, ProviderData, RoleData, User, WorkspaceData};
use roster::secret::Secret;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const TOKEN: &str = "tot_sandbox_secret_4711";
pub const USERS: u32 = 230;
/// Users on the second and third page of the users listing (pages of 100).
pub const PAULA: u32 = 150;
pub const LATE_USER: u32 = 225;
pub const ZED_ADMIN: u32 = 200;

/// Deterministic UUIDs: `kind` 1 = user, 2 = workspace, 3 = role.
pub fn uid(kind: u32, n: u32) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}
pub fn user_id(n: u32) -> String {
    uid(1, n)
}
pub fn ws_id(n: u32) -> String {
    uid(2, n)
}
pub fn role_id(n: u32) -> String {
    uid(3, n)
}

pub fn role(n: u32, name: &str) -> RoleData {
    RoleData {
        id: role_id(n),
        name: name.into(),
    }
}

pub fn grant(user: u32, role: u32) -> Grant {
    Grant {
        id: None,
        user: Some(user_id(user)),
        group: None,
        role: role_id(role),
    }
}

/// 230 users (three pages of 100): Olivia (org owner), Adam (org admin, also a direct member of
/// Payments), Zed (org admin). Payments has roles Admin/Analyst/Viewer (31–33) and members Mia
/// (Admin), Paula (Analyst, on page 2) and Adam (Viewer); Onboarding has its own Manager/Analyst (41, 42).
pub fn dataset() -> Dataset {
    let named = |n: u32| -> (String, String, Option<&str>) {
        match n {
            1 => (
                "olivia@bank.test".into(),
                "Olivia Owner".into(),
                Some("owner"),
            ),
            2 => ("adam@bank.test".into(), "Adam Admin".into(), Some("admin")),
            3 => ("mia@bank.test".into(), "Mia Wong".into(), None),
            4 => ("noah@bank.test".into(), "Noah Berg".into(), None),
            PAULA => ("paula@bank.test".into(), "Paula Page".into(), None),
            ZED_ADMIN => ("zed@bank.test".into(), "Zed Zimmer".into(), Some("admin")),
            LATE_USER => (
                "late.joiner@bank.test".into(),
                "Late Joiner".into(),
                Some("member"),
            ),
            n => (
                format!("user{n}@bank.test"),
                format!("User{n} Example"),
                None,
            ),
        }
    };
    let users = (1..=USERS)
        .map(|n| {
            let (email, name, org_role) = named(n);
            User {
                id: user_id(n),
                email,
                name,
                org_role: org_role.map(str::to_string),
            }
        })
        .collect();
    [(
        roster::providers::transactionlink::KIND,
        ProviderData {
            token: TOKEN.into(),
            org: Some(uid(9, 1)),
            users,
            groups: vec![],
            workspaces: vec![
                WorkspaceData {
                    id: ws_id(1),
                    key: None,
                    name: "Payments".into(),
                    roles: vec![role(31, "Admin"), role(32, "Analyst"), role(33, "Viewer")],
                    members: vec![grant(3, 31), grant(PAULA, 32), grant(2, 33)],
                },
                WorkspaceData {
                    id: ws_id(2),
                    key: None,
                    name: "Onboarding".into(),
                    roles: vec![role(41, "Manager"), role(42, "Analyst")],
                    members: vec![grant(4, 41)],
                },
                WorkspaceData {
                    id: ws_id(3),
                    key: None,
                    name: "Risk".into(),
                    roles: vec![role(51, "Reviewer")],
                    members: vec![],
                },
            ],
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

pub fn config(server: &TestServer, token: &str) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::transactionlink::KIND,
        base_url: server.base_url("transactionlink"),
        token: Secret::new(token),
        settings: roster::providers::ProviderSettings::new(),
        http: fast_retries(),
        observer: None,
    }
}

pub fn client(server: &TestServer) -> Arc<dyn Provider> {
    build(config(server, TOKEN)).expect("client builds")
}

pub fn recording_client(server: &TestServer) -> (Arc<dyn Provider>, Arc<Mutex<Vec<String>>>) {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let sink = calls.clone();
    let observer: CallObserver = Arc::new(move |c| {
        sink.lock()
            .unwrap()
            .push(format!("{} {}", c.method, c.path));
    });
    let mut cfg = config(server, TOKEN);
    cfg.observer = Some(observer);
    (build(cfg).expect("client builds"), calls)
}

pub fn payments() -> Workspace {
    Workspace {
        id: ws_id(1),
        name: "Payments".into(),
    }
}

/// Payments' grants in the emulator's state as (user number, role number), sorted.
pub fn stored_grants(server: &TestServer) -> Vec<(String, String)> {
    let data = server.store.snapshot();
    let ws = data[roster::providers::transactionlink::KIND]
        .workspaces
        .iter()
        .find(|w| w.id == ws_id(1))
        .expect("Payments in store");
    let mut grants: Vec<_> = ws
        .members
        .iter()
        .map(|g| (g.user.clone().unwrap_or_default(), g.role.clone()))
        .collect();
    grants.sort();
    grants
}

pub fn pair(user: u32, role: u32) -> (String, String) {
    (user_id(user), role_id(role))
}

pub async fn role_named(p: &dyn Provider, ws: &Workspace, name: &str) -> Role {
    p.list_roles(ws)
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.name == name)
        .expect("role listed")
}

pub async fn member(p: &dyn Provider, n: u32) -> Member {
    p.list_members(&payments(), true)
        .await
        .expect("members")
        .into_iter()
        .find(|m| m.id == user_id(n))
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
