//! AskUI and Dreadnode changes when the sandbox loses or refuses an answer (its fault injection), over
//! real HTTP: a POST whose answer was lost is settled by re-reading the members, never by sending it
//! again; a failed AskUI re-create is rolled back; a failed rollback leaves an exact Partial error.

use crate::common;

use reqwest::Method;
use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{Member, ProviderKind, Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::{Dataset, Grant, ProviderData, User, WorkspaceData};
use roster::sandbox::{Fault, FaultRule};
use roster::secret::Secret;
use std::sync::Arc;
use std::time::Duration;

const ASKUI_WS: &str = "5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10";
const MEMBERSHIPS: &str = "/askui/api/v1/workspace-memberships";
const DN_BOB: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000b0b";
const DN_CY: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000c0c";

fn user(id: &str, email: &str) -> User {
    User {
        id: id.into(),
        email: email.into(),
        name: email.into(),
        org_role: None,
    }
}

fn grant(id: Option<&str>, user: &str, role: &str) -> Grant {
    Grant {
        id: id.map(str::to_string),
        user: Some(user.into()),
        group: None,
        role: role.into(),
    }
}

/// AskUI Platform: Ada (owner), Bob (member); Cy in no workspace. Dreadnode red-team: Bob (reader).
fn dataset() -> Dataset {
    Dataset {
        askui: ProviderData {
            token: "askui-lost-token".into(),
            users: vec![
                user("auth0|ada", "ada@example.com"),
                user("auth0|bob", "bob@example.com"),
                user("auth0|cy", "cy@example.com"),
            ],
            workspaces: vec![WorkspaceData {
                id: ASKUI_WS.into(),
                key: None,
                name: "Platform".into(),
                roles: vec![],
                members: vec![
                    grant(
                        Some("0a9f3b1c-0000-4000-8000-000000000001"),
                        "auth0|ada",
                        "ROLE_WORKSPACE_OWNER",
                    ),
                    grant(
                        Some("0a9f3b1c-0000-4000-8000-000000000002"),
                        "auth0|bob",
                        "ROLE_WORKSPACE_MEMBER",
                    ),
                ],
            }],
            ..ProviderData::default()
        },
        dreadnode: ProviderData {
            token: "dn-lost-key".into(),
            org: Some("acme".into()),
            users: vec![
                user(DN_BOB, "bob@example.com"),
                user(DN_CY, "cy@example.com"),
            ],
            workspaces: vec![WorkspaceData {
                id: "1d2c3b4a-0000-4000-8000-0000000000a1".into(),
                key: Some("red-team".into()),
                name: "Red Team".into(),
                roles: vec![],
                members: vec![grant(None, DN_BOB, "reader")],
            }],
            ..ProviderData::default()
        },
        ..Dataset::default()
    }
}

fn client(server: &common::TestServer, kind: ProviderKind) -> Arc<dyn Provider> {
    let (token, org) = match kind {
        ProviderKind::Dreadnode => ("dn-lost-key", Some("acme".to_string())),
        _ => ("askui-lost-token", None),
    };
    build(ProviderConfig {
        kind,
        base_url: server.base_url(kind.as_str()),
        token: Secret::new(token),
        org,
        tier: None,
        auth: None,
        http: HttpSettings {
            max_attempts: 3,
            base_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..HttpSettings::default()
        },
        observer: None,
    })
    .expect("client builds")
}

fn platform() -> Workspace {
    Workspace {
        id: ASKUI_WS.into(),
        name: "Platform".into(),
    }
}

fn red() -> Workspace {
    Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    }
}

async fn listed(p: &Arc<dyn Provider>, ws: &Workspace, id: &str) -> Option<Member> {
    p.list_members(ws, false)
        .await
        .expect("list")
        .into_iter()
        .find(|m| m.id == id)
}

/// Roles the store holds for `user` in the AskUI workspace (one entry per membership).
fn askui_roles(server: &common::TestServer, user: &str) -> Vec<String> {
    server.store.snapshot().askui.workspaces[0]
        .members
        .iter()
        .filter(|g| g.user.as_deref() == Some(user))
        .map(|g| g.role.clone())
        .collect()
}

#[tokio::test]
async fn askui_add_whose_answer_is_lost_is_confirmed_by_rereading() {
    let server = common::serve(dataset()).await;
    let rule = server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains(MEMBERSHIPS)
            .after_apply(),
    );
    let p = client(&server, ProviderKind::Askui);
    let report = p
        .add_member(
            &platform(),
            &UserRef::Id("auth0|cy".into()),
            &Role::named("admin"),
        )
        .await
        .expect("the re-read shows the add applied");
    assert_eq!(server.faults().fired(rule), 1);
    assert!(
        report.steps[0].contains("the answer was lost"),
        "{:?}",
        report.steps
    );
    assert_eq!(
        askui_roles(&server, "auth0|cy"),
        ["ROLE_WORKSPACE_ADMIN"],
        "added once"
    );
}

#[tokio::test]
async fn askui_role_change_refused_before_apply_is_rolled_back() {
    let server = common::serve(dataset()).await;
    server.faults().inject(
        FaultRule::new(Fault::Status {
            code: 500,
            retry_after: None,
        })
        .method(Method::POST)
        .path_contains(MEMBERSHIPS),
    );
    let p = client(&server, ProviderKind::Askui);
    let bob = listed(&p, &platform(), "auth0|bob").await.expect("bob");
    let err = p
        .set_role(&platform(), &bob, &Role::named("admin"))
        .await
        .expect_err("re-create refused");
    assert_eq!(err.kind, ErrorKind::Server);
    assert!(
        err.to_string()
            .contains("old membership (role member) was restored"),
        "{err}"
    );
    assert_eq!(askui_roles(&server, "auth0|bob"), ["ROLE_WORKSPACE_MEMBER"]);
    assert_eq!(
        listed(&p, &platform(), "auth0|bob")
            .await
            .map(|m| m.role.name)
            .as_deref(),
        Some("member")
    );
}

#[tokio::test]
async fn askui_role_change_whose_recreate_answer_is_lost_completes() {
    let server = common::serve(dataset()).await;
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains(MEMBERSHIPS)
            .after_apply(),
    );
    let p = client(&server, ProviderKind::Askui);
    let bob = listed(&p, &platform(), "auth0|bob").await.expect("bob");
    let report = p
        .set_role(&platform(), &bob, &Role::named("admin"))
        .await
        .expect("applied despite the lost answer");
    assert!(
        report
            .steps
            .iter()
            .any(|s| s.contains("the answer was lost")),
        "{:?}",
        report.steps
    );
    assert_eq!(askui_roles(&server, "auth0|bob"), ["ROLE_WORKSPACE_ADMIN"]);
}

#[tokio::test]
async fn askui_role_change_whose_restore_fails_reports_partial() {
    let server = common::serve(dataset()).await;
    server.faults().inject(
        FaultRule::new(Fault::Status {
            code: 500,
            retry_after: None,
        })
        .method(Method::POST)
        .path_contains(MEMBERSHIPS)
        .times(2),
    );
    let p = client(&server, ProviderKind::Askui);
    let bob = listed(&p, &platform(), "auth0|bob").await.expect("bob");
    let err = p
        .set_role(&platform(), &bob, &Role::named("admin"))
        .await
        .expect_err("both POSTs refused");
    assert_eq!(err.kind, ErrorKind::Partial);
    assert!(
        err.to_string()
            .contains("bob@example.com was removed from Platform and could not be re-added"),
        "{err}"
    );
    assert!(
        askui_roles(&server, "auth0|bob").is_empty(),
        "the message tells the truth"
    );
}

#[tokio::test]
async fn askui_remove_whose_answer_is_lost_is_confirmed() {
    let server = common::serve(dataset()).await;
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::DELETE)
            .path_contains(MEMBERSHIPS)
            .after_apply(),
    );
    let p = client(&server, ProviderKind::Askui);
    let bob = listed(&p, &platform(), "auth0|bob").await.expect("bob");
    p.remove_member(&platform(), &bob)
        .await
        .expect("the retried DELETE's 404 is checked, and bob is gone");
    assert!(askui_roles(&server, "auth0|bob").is_empty());
}

#[tokio::test]
async fn dreadnode_add_whose_answer_is_lost_is_confirmed_by_rereading() {
    let server = common::serve(dataset()).await;
    let rule = server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains("/dreadnode/api/v1/org/acme/ws/red-team/users")
            .after_apply(),
    );
    let p = client(&server, ProviderKind::Dreadnode);
    let report = p
        .add_member(
            &red(),
            &UserRef::Email("cy@example.com".into()),
            &Role::named("reader"),
        )
        .await
        .expect("the re-read shows the add applied");
    assert_eq!(server.faults().fired(rule), 1);
    assert!(
        report.steps[0].contains("the answer was lost"),
        "{:?}",
        report.steps
    );
    assert_eq!(
        listed(&p, &red(), DN_CY)
            .await
            .map(|m| m.role.name)
            .as_deref(),
        Some("reader")
    );
}

#[tokio::test]
async fn dreadnode_remove_whose_answer_is_lost_is_confirmed() {
    let server = common::serve(dataset()).await;
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::DELETE)
            .after_apply(),
    );
    let p = client(&server, ProviderKind::Dreadnode);
    let bob = listed(&p, &red(), DN_BOB).await.expect("bob");
    let report = p.remove_member(&red(), &bob).await.expect("removed");
    assert!(
        report.steps[0].contains("no longer a member"),
        "{:?}",
        report.steps
    );
    assert!(
        server.store.snapshot().dreadnode.workspaces[0]
            .members
            .is_empty()
    );
}
