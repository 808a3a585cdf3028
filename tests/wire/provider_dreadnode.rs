//! The Dreadnode client against the Dreadnode emulator, over real HTTP: every operation, confirmed by
//! a fresh listing and by the emulator's own state; bad inputs change nothing.

use crate::common;

use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{
    Access, MemberKind, NewWorkspace, Role, Support, UserRef, Workspace, find_role,
};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::{Dataset, Grant, ProviderData, User, WorkspaceData};
use roster::secret::Secret;
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "dn-canary-key-91b2";
const ORG: &str = "acme";
const ADA: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000a0a";
const BOB: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000b0b";
const CY: &str = "6a1f0c3e-7b2d-4e8f-9a10-000000000c0c";

fn user(id: &str, email: &str, name: &str, org_role: &str) -> User {
    User {
        id: id.into(),
        email: email.into(),
        name: name.into(),
        org_role: Some(org_role.into()),
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

fn workspace(id: &str, key: &str, name: &str, members: Vec<Grant>) -> WorkspaceData {
    WorkspaceData {
        id: id.into(),
        key: Some(key.into()),
        name: name.into(),
        roles: vec![],
        members,
    }
}

/// red-team: Ada (owner), Bob (reader). blue-team: Bob (contributor). Cy is in the org, in no workspace.
fn dataset() -> Dataset {
    [(
        roster::providers::dreadnode::KIND,
        ProviderData {
            token: TOKEN.into(),
            org: Some(ORG.into()),
            users: vec![
                user(ADA, "ada@example.com", "Ada Lovelace", "owner"),
                user(BOB, "bob@example.com", "Bob Babbage", "contributor"),
                user(CY, "cy@example.com", "Cy Hopper", "reader"),
            ],
            groups: vec![],
            workspaces: vec![
                workspace(
                    "1d2c3b4a-0000-4000-8000-0000000000a1",
                    "red-team",
                    "Red Team",
                    vec![grant(ADA, "owner"), grant(BOB, "reader")],
                ),
                workspace(
                    "1d2c3b4a-0000-4000-8000-0000000000b2",
                    "blue-team",
                    "Blue Team",
                    vec![grant(BOB, "contributor")],
                ),
            ],
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

fn config(base_url: String, token: &str, org: Option<&str>) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::dreadnode::KIND,
        base_url,
        token: Secret::new(token),
        settings: match org {
            Some(org) => roster::providers::ProviderSettings::new().with("org", org),
            None => roster::providers::ProviderSettings::new(),
        },
        http: HttpSettings {
            max_attempts: 2,
            base_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..HttpSettings::default()
        },
        observer: None,
    }
}

fn client(server: &common::TestServer) -> Arc<dyn Provider> {
    build(config(server.base_url("dreadnode"), TOKEN, Some(ORG))).expect("client builds")
}

fn red() -> Workspace {
    Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    }
}

fn blue() -> Workspace {
    Workspace {
        id: "blue-team".into(),
        name: "Blue Team".into(),
    }
}

fn stored_role(data: &Dataset, key: &str, user: &str) -> Option<String> {
    data[roster::providers::dreadnode::KIND]
        .workspaces
        .iter()
        .find(|w| w.key.as_deref() == Some(key))?
        .members
        .iter()
        .find(|g| g.user.as_deref() == Some(user))
        .map(|g| g.role.clone())
}

async fn role_of(p: &Arc<dyn Provider>, ws: &Workspace, user: &str) -> Option<String> {
    p.list_members(ws, false)
        .await
        .expect("list members")
        .into_iter()
        .find(|m| m.id == user)
        .map(|m| m.role.name)
}

#[tokio::test]
async fn lists_workspaces_by_key() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    assert_eq!(
        p.list_workspaces().await.expect("list"),
        vec![red(), blue()]
    );
}

#[tokio::test]
async fn lists_members_and_roles() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let members = p.list_members(&red(), true).await.expect("members");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].id, ADA);
    assert_eq!(members[0].email.as_deref(), Some("ada@example.com"));
    assert_eq!(members[0].name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(members[0].role, Role::named("owner"));
    assert_eq!(members[0].access, Access::Direct);
    assert_eq!(members[0].kind, MemberKind::User);
    assert_eq!(members[1].role.name, "reader");
    let roles = p.list_roles(&red()).await.expect("roles");
    assert_eq!(find_role(&roles, "Contributor").unwrap().id, "contributor");
    assert_eq!(roles.len(), 3);
    let caps = p.capabilities();
    assert_eq!(caps.add_by_email, Support::Native);
    assert!(matches!(caps.add_by_id, Support::Emulated(_)));
    assert!(matches!(caps.inherited_members, Support::Unsupported(n) if n.contains("team grants")));
}

#[tokio::test]
async fn adds_by_email() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let report = p
        .add_member(
            &red(),
            &UserRef::Email("CY@example.com".into()),
            &Role::named("contributor"),
        )
        .await
        .expect("add");
    assert_eq!(report.steps.len(), 1);
    assert_eq!(report.request_ids.len(), 1);
    assert_eq!(
        role_of(&p, &red(), CY).await.as_deref(),
        Some("contributor")
    );
    assert_eq!(
        stored_role(&server.store.snapshot(), "red-team", CY).as_deref(),
        Some("contributor")
    );
}

#[tokio::test]
async fn adds_by_id_through_the_org_member_list() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let report = p
        .add_member(&blue(), &UserRef::Id(CY.into()), &Role::named("reader"))
        .await
        .expect("add by id");
    assert_eq!(report.steps.len(), 2, "lookup and POST: {:?}", report.steps);
    assert!(
        report.steps[0].contains("cy@example.com"),
        "{:?}",
        report.steps
    );
    assert_eq!(role_of(&p, &blue(), CY).await.as_deref(), Some("reader"));
    assert_eq!(
        stored_role(&server.store.snapshot(), "blue-team", CY).as_deref(),
        Some("reader")
    );
}

#[tokio::test]
async fn sets_a_role() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let bob = p
        .list_members(&red(), false)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == BOB)
        .expect("bob");
    let report = p
        .set_role(&red(), &bob, &Role::named("contributor"))
        .await
        .expect("set role");
    assert_eq!(report.steps.len(), 1);
    assert!(report.steps[0].starts_with("PUT "), "{:?}", report.steps);
    assert_eq!(report.request_ids.len(), 1);
    assert_eq!(
        role_of(&p, &red(), BOB).await.as_deref(),
        Some("contributor")
    );
    let data = server.store.snapshot();
    assert_eq!(
        stored_role(&data, "red-team", BOB).as_deref(),
        Some("contributor")
    );
    assert_eq!(
        stored_role(&data, "blue-team", BOB).as_deref(),
        Some("contributor")
    );
}

#[tokio::test]
async fn removes_a_member() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let bob = p
        .list_members(&red(), false)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == BOB)
        .expect("bob");
    let report = p.remove_member(&red(), &bob).await.expect("remove");
    assert_eq!(report.steps.len(), 1);
    assert_eq!(role_of(&p, &red(), BOB).await, None);
    let data = server.store.snapshot();
    assert_eq!(stored_role(&data, "red-team", BOB), None);
    assert!(
        stored_role(&data, "blue-team", BOB).is_some(),
        "other workspace untouched"
    );
}

#[tokio::test]
async fn creates_workspaces_with_given_or_derived_keys() {
    let server = common::serve(dataset()).await;
    let p = client(&server);
    let derived = p
        .create_workspace(&NewWorkspace {
            name: "Purple Team (EU)".into(),
            description: Some("joint exercises".into()),
            ..NewWorkspace::default()
        })
        .await
        .expect("create with derived key");
    assert_eq!(derived.id, "purple-team-eu");
    assert_eq!(derived.name, "Purple Team (EU)");
    let explicit = p
        .create_workspace(&NewWorkspace::named("Green").with("key", "green-2"))
        .await
        .expect("create with key");
    assert_eq!(explicit.id, "green-2");
    let listed = p.list_workspaces().await.unwrap();
    assert!(
        listed.contains(&derived) && listed.contains(&explicit),
        "{listed:?}"
    );
    let data = server.store.snapshot();
    assert!(
        data[roster::providers::dreadnode::KIND]
            .workspaces
            .iter()
            .any(|w| w.key.as_deref() == Some("purple-team-eu"))
    );

    let err = p
        .create_workspace(&NewWorkspace {
            name: "Red Team".into(),
            ..NewWorkspace::default()
        })
        .await
        .expect_err("key taken");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.to_string().contains("red-team"), "{err}");
    assert_eq!(server.store.snapshot(), data);
}

#[tokio::test]
async fn missing_org_is_a_usage_error() {
    let err = build(config("http://127.0.0.1:9/dreadnode".into(), TOKEN, None))
        .err()
        .expect("org required");
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.to_string().contains("org"), "{err}");
}

#[tokio::test]
async fn wrong_token_and_unknown_org_are_refused() {
    let server = common::serve(dataset()).await;
    let wrong = "dn-wrong-canary-33aa";
    let p = build(config(server.base_url("dreadnode"), wrong, Some(ORG))).unwrap();
    let err = p.list_workspaces().await.expect_err("401");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(err.status, Some(401));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("Authentication failed"), "{shown}");
    assert!(!shown.contains(wrong) && !shown.contains(TOKEN), "{shown}");

    let p = build(config(
        server.base_url("dreadnode"),
        TOKEN,
        Some("umbrella"),
    ))
    .unwrap();
    let err = p.list_workspaces().await.expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.to_string().contains("umbrella"), "{err}");
}

#[tokio::test]
async fn bad_inputs_get_clear_errors_and_change_nothing() {
    let server = common::serve(dataset()).await;
    let before = server.store.snapshot();
    let p = client(&server);
    let reader = Role::named("reader");
    let gone = Workspace {
        id: "gone".into(),
        name: "Gone".into(),
    };
    let err = p
        .list_members(&gone, false)
        .await
        .expect_err("unknown workspace");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.to_string().contains("Workspace 'gone' not found"),
        "{err}"
    );
    let err = p
        .add_member(&gone, &UserRef::Email("cy@example.com".into()), &reader)
        .await
        .expect_err("unknown workspace");
    assert_eq!(err.kind, ErrorKind::NotFound);

    let err = p
        .add_member(
            &red(),
            &UserRef::Email("nobody@example.com".into()),
            &reader,
        )
        .await
        .expect_err("unknown email");
    assert_eq!(err.kind, ErrorKind::NotFound);
    let text = err.to_string();
    assert!(
        text.contains("nobody@example.com") && text.contains("organisation acme"),
        "{text}"
    );

    let err = p
        .add_member(
            &red(),
            &UserRef::Id("6a1f0c3e-7b2d-4e8f-9a10-00000000dead".into()),
            &reader,
        )
        .await
        .expect_err("unknown id");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.to_string()
            .contains("has user ID 6a1f0c3e-7b2d-4e8f-9a10-00000000dead"),
        "{err}"
    );

    let err = p
        .add_member(&red(), &UserRef::Id(BOB.into()), &Role::named("owner"))
        .await
        .expect_err("already a member");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.status, Some(409));
    assert!(
        err.to_string()
            .contains("is already a member of Red Team (role reader); change their role instead"),
        "{err}"
    );

    let err = p
        .add_member(
            &red(),
            &UserRef::Email("cy@example.com".into()),
            &Role::named("admin"),
        )
        .await
        .expect_err("invalid role");
    assert_eq!(err.kind, ErrorKind::Invalid);
    let text = err.to_string();
    assert!(
        text.contains("HTTP 422") && text.contains("body.permission: Input should be"),
        "{text}"
    );

    assert_eq!(server.store.snapshot(), before, "nothing changed");
}
