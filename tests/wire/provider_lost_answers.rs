//! AskUI and Dreadnode changes when the sandbox loses or refuses an answer (its fault injection), over
//! real HTTP: a POST whose answer was lost is settled by the change engine's fresh read of the
//! members, never by sending it again (so those run through the engine, as every change does); a
//! failed AskUI re-create is rolled back by the provider's emulation; a failed rollback leaves an
//! exact Partial error.

use crate::{common, engine_run};

use engine_run::{PROFILE, Requests};
use reqwest::Method;
use roster::engine::{ChangeOutcome, Verdict, planner};
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
    [
        (
            roster::providers::askui::KIND,
            ProviderData {
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
        ),
        (
            roster::providers::dreadnode::KIND,
            ProviderData {
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
        ),
    ]
    .into_iter()
    .collect::<Dataset>()
}

fn client(server: &common::TestServer, kind: ProviderKind) -> Arc<dyn Provider> {
    build(config(server, kind)).expect("client builds")
}

/// The same client, its steps audited by `engine`, every request counted.
fn engine_client(
    server: &common::TestServer,
    kind: ProviderKind,
    engine: &common::TestEngine,
) -> (Arc<dyn Provider>, Requests) {
    engine_run::client(&engine.engine, config(server, kind))
}

fn config(server: &common::TestServer, kind: ProviderKind) -> ProviderConfig {
    let (token, org) = match kind {
        roster::providers::dreadnode::KIND => ("dn-lost-key", Some("acme".to_string())),
        _ => ("askui-lost-token", None),
    };
    ProviderConfig {
        kind,
        base_url: server.base_url(kind.as_str()),
        token: Secret::new(token),
        settings: match org {
            Some(org) => roster::providers::ProviderSettings::new().with("org", org),
            None => roster::providers::ProviderSettings::new(),
        },
        http: HttpSettings {
            max_attempts: 3,
            base_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..HttpSettings::default()
        },
        observer: None,
    }
}

/// The engine settled a lost answer: done, with the settle's words in its steps.
fn settled_as_done(outcome: &ChangeOutcome) {
    assert_eq!(outcome.verdict, Verdict::Done, "{}", outcome.message());
    assert!(
        outcome
            .steps
            .iter()
            .any(|s| s.contains("the answer was lost") && s.contains("took effect")),
        "{:?}",
        outcome.steps
    );
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
    server.store.snapshot()[roster::providers::askui::KIND].workspaces[0]
        .members
        .iter()
        .filter(|g| g.user.as_deref() == Some(user))
        .map(|g| g.role.clone())
        .collect()
}

#[tokio::test]
async fn askui_add_whose_answer_is_lost_is_confirmed_by_rereading() {
    let server = common::serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, roster::providers::askui::KIND, &recorder);
    let change = planner::add(
        p.as_ref(),
        PROFILE,
        ASKUI_WS,
        &UserRef::Id("auth0|cy".into()),
        "admin",
    )
    .await
    .expect("plan the add");
    let rule = server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains(MEMBERSHIPS)
            .after_apply(),
    );
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(server.faults().fired(rule), 1);
    settled_as_done(&outcome);
    assert_eq!(calls.count("POST"), 1, "a POST is never sent twice");
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
    let p = client(&server, roster::providers::askui::KIND);
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
    let p = client(&server, roster::providers::askui::KIND);
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
    let p = client(&server, roster::providers::askui::KIND);
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
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, roster::providers::askui::KIND, &recorder);
    let change = planner::remove(
        p.as_ref(),
        PROFILE,
        ASKUI_WS,
        &UserRef::Id("auth0|bob".into()),
    )
    .await
    .expect("plan the removal");
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::DELETE)
            .path_contains(MEMBERSHIPS)
            .after_apply(),
    );
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    // The retried DELETE's 404 is checked against the fresh read, and bob is gone.
    assert_eq!(calls.count("DELETE"), 2, "{:?}", calls.all());
    settled_as_done(&outcome);
    assert!(askui_roles(&server, "auth0|bob").is_empty());
}

#[tokio::test]
async fn dreadnode_add_whose_answer_is_lost_is_confirmed_by_rereading() {
    let server = common::serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, roster::providers::dreadnode::KIND, &recorder);
    let change = planner::add(
        p.as_ref(),
        PROFILE,
        "red-team",
        &UserRef::Email("cy@example.com".into()),
        "reader",
    )
    .await
    .expect("plan the add");
    let rule = server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains("/dreadnode/api/v1/org/acme/ws/red-team/users")
            .after_apply(),
    );
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(server.faults().fired(rule), 1);
    settled_as_done(&outcome);
    assert_eq!(calls.count("POST"), 1, "a POST is never sent twice");
    let p = client(&server, roster::providers::dreadnode::KIND);
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
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, roster::providers::dreadnode::KIND, &recorder);
    let change = planner::remove(p.as_ref(), PROFILE, "red-team", &UserRef::Id(DN_BOB.into()))
        .await
        .expect("plan the removal");
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::DELETE)
            .after_apply(),
    );
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(calls.count("DELETE"), 2, "{:?}", calls.all());
    settled_as_done(&outcome);
    assert!(
        server.store.snapshot()[roster::providers::dreadnode::KIND].workspaces[0]
            .members
            .is_empty()
    );
}
