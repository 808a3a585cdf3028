//! The AskUI client against the AskUI emulator, over real HTTP: every operation, confirmed by a fresh
//! listing and by the emulator's own state; bad inputs change nothing. The emulated role change's
//! rollback is provoked with wiremock, which can fail the re-create on purpose.

use crate::common;

use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{
    Access, Member, MemberKind, NewWorkspace, Role, Support, UserRef, Workspace, find_role,
};
use roster::providers::{Provider, ProviderConfig, build};
use roster::sandbox::store::{Dataset, Grant, ProviderData, User, WorkspaceData};
use roster::secret::Secret;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "askui-canary-7f3a9c";
const PLATFORM: &str = "5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10";
const RESEARCH: &str = "9b1e7d44-2c3f-4a8b-8e6d-3f5a1c9b0e21";
const M_ADA_PLATFORM: &str = "0a9f3b1c-0000-4000-8000-000000000001";
const M_BOB_PLATFORM: &str = "0a9f3b1c-0000-4000-8000-000000000002";

fn user(id: &str, email: &str, name: &str) -> User {
    User {
        id: id.into(),
        email: email.into(),
        name: name.into(),
        org_role: None,
    }
}

fn grant(id: &str, user: &str, role: &str) -> Grant {
    Grant {
        id: Some(id.into()),
        user: Some(user.into()),
        group: None,
        role: role.into(),
    }
}

/// Platform: Ada (owner), Bob (member). Research: Bob (admin), Dee (owner). Cy is in no workspace.
fn dataset(token: &str) -> Dataset {
    [(
        roster::providers::askui::KIND,
        ProviderData {
            token: token.into(),
            org: None,
            users: vec![
                user("auth0|ada", "ada@example.com", "Ada Lovelace"),
                user("auth0|bob", "bob@example.com", "Bob Babbage"),
                user("auth0|cy", "cy@example.com", "Cy Hopper"),
                user("auth0|dee", "dee@example.com", "Dee Noether"),
            ],
            groups: vec![],
            workspaces: vec![
                WorkspaceData {
                    id: PLATFORM.into(),
                    key: None,
                    name: "Platform".into(),
                    roles: vec![],
                    members: vec![
                        grant(M_ADA_PLATFORM, "auth0|ada", "ROLE_WORKSPACE_OWNER"),
                        grant(M_BOB_PLATFORM, "auth0|bob", "ROLE_WORKSPACE_MEMBER"),
                    ],
                },
                WorkspaceData {
                    id: RESEARCH.into(),
                    key: None,
                    name: "Research".into(),
                    roles: vec![],
                    members: vec![
                        grant(
                            "0a9f3b1c-0000-4000-8000-000000000003",
                            "auth0|bob",
                            "ROLE_WORKSPACE_ADMIN",
                        ),
                        grant(
                            "0a9f3b1c-0000-4000-8000-000000000004",
                            "auth0|dee",
                            "ROLE_WORKSPACE_OWNER",
                        ),
                    ],
                },
            ],
        },
    )]
    .into_iter()
    .collect::<Dataset>()
}

fn settings() -> HttpSettings {
    HttpSettings {
        max_attempts: 2,
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
        ..HttpSettings::default()
    }
}

fn client(base_url: String, token: &str) -> Arc<dyn Provider> {
    build(ProviderConfig {
        kind: roster::providers::askui::KIND,
        base_url,
        token: Secret::new(token),
        settings: roster::providers::ProviderSettings::new(),
        http: settings(),
        observer: None,
    })
    .expect("client builds")
}

fn platform() -> Workspace {
    Workspace {
        id: PLATFORM.into(),
        name: "Platform".into(),
    }
}

fn research() -> Workspace {
    Workspace {
        id: RESEARCH.into(),
        name: "Research".into(),
    }
}

fn role(name: &str) -> Role {
    Role::named(name)
}

/// The wire role the store holds for `user` in workspace `ws`.
fn stored_role(data: &Dataset, ws: &str, user: &str) -> Option<String> {
    data[roster::providers::askui::KIND]
        .workspaces
        .iter()
        .find(|w| w.id == ws)?
        .members
        .iter()
        .find(|g| g.user.as_deref() == Some(user))
        .map(|g| g.role.clone())
}

async fn member(p: &Arc<dyn Provider>, ws: &Workspace, user_id: &str) -> Option<Member> {
    p.list_members(ws, false)
        .await
        .expect("list members")
        .into_iter()
        .find(|m| m.id == user_id)
}

#[tokio::test]
async fn lists_workspaces_from_visible_memberships() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let workspaces = p.list_workspaces().await.expect("list workspaces");
    assert_eq!(workspaces, vec![platform(), research()]);
}

#[tokio::test]
async fn lists_members_with_email_name_role_and_membership_handle() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let members = p
        .list_members(&platform(), true)
        .await
        .expect("list members");
    assert_eq!(members.len(), 2);
    let ada = &members[0];
    assert_eq!(ada.id, "auth0|ada");
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
    assert_eq!(ada.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(ada.role.id, "ROLE_WORKSPACE_OWNER");
    assert_eq!(ada.role.name, "owner");
    assert_eq!(ada.access, Access::Direct);
    assert_eq!(ada.kind, MemberKind::User);
    assert_eq!(ada.handle.as_deref(), Some(M_ADA_PLATFORM));
    assert_eq!(members[1].role.name, "member");
}

#[tokio::test]
async fn roles_are_the_fixed_enum_and_match_short_and_wire_names() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let roles = p.list_roles(&platform()).await.expect("roles");
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["owner", "admin", "member"]);
    assert_eq!(
        find_role(&roles, "Admin").unwrap().id,
        "ROLE_WORKSPACE_ADMIN"
    );
    assert_eq!(
        find_role(&roles, "role_workspace_member").unwrap().name,
        "member"
    );
    let caps = p.capabilities();
    assert!(
        matches!(caps.set_role, Support::Emulated(note) if note.contains("old membership is restored"))
    );
    assert!(matches!(caps.add_by_email, Support::Emulated(_)));
    assert!(!caps.inherited_members.is_available());
    assert_eq!(caps.create_workspace, Support::Native);
}

#[tokio::test]
async fn adds_by_id_a_user_who_is_in_no_workspace() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let report = p
        .add_member(&research(), &UserRef::Id("auth0|cy".into()), &role("admin"))
        .await
        .expect("add by id");
    assert_eq!(report.steps.len(), 1, "{:?}", report.steps);
    assert_eq!(report.request_ids.len(), 1);
    let cy = member(&p, &research(), "auth0|cy")
        .await
        .expect("cy listed");
    assert_eq!(cy.role.name, "admin");
    assert_eq!(cy.email.as_deref(), Some("cy@example.com"));
    assert_eq!(
        stored_role(&server.store.snapshot(), RESEARCH, "auth0|cy").as_deref(),
        Some("ROLE_WORKSPACE_ADMIN")
    );
}

#[tokio::test]
async fn adds_by_email_found_in_another_workspace() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let report = p
        .add_member(
            &research(),
            &UserRef::Email("ADA@example.com".into()),
            &role("ROLE_WORKSPACE_MEMBER"),
        )
        .await
        .expect("add by email");
    assert_eq!(report.steps.len(), 2, "lookup and POST: {:?}", report.steps);
    let ada = member(&p, &research(), "auth0|ada")
        .await
        .expect("ada listed");
    assert_eq!(ada.role.name, "member");
    assert_eq!(
        stored_role(&server.store.snapshot(), RESEARCH, "auth0|ada").as_deref(),
        Some("ROLE_WORKSPACE_MEMBER")
    );
}

#[tokio::test]
async fn set_role_recreates_the_membership_with_the_new_privilege() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let bob = member(&p, &platform(), "auth0|bob").await.expect("bob");
    let report = p
        .set_role(&platform(), &bob, &role("admin"))
        .await
        .expect("set role");
    assert_eq!(
        report.steps.len(),
        2,
        "DELETE then POST: {:?}",
        report.steps
    );
    assert!(report.steps[0].starts_with("DELETE"), "{:?}", report.steps);
    assert!(report.steps[1].starts_with("POST"), "{:?}", report.steps);
    assert_eq!(report.request_ids.len(), 2);
    let after = member(&p, &platform(), "auth0|bob")
        .await
        .expect("bob still listed");
    assert_eq!(after.role.name, "admin");
    assert_ne!(after.handle, bob.handle, "a new membership was created");
    let data = server.store.snapshot();
    let ws = &data[roster::providers::askui::KIND].workspaces[0];
    let bobs: Vec<&Grant> = ws
        .members
        .iter()
        .filter(|g| g.user.as_deref() == Some("auth0|bob"))
        .collect();
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0].role, "ROLE_WORKSPACE_ADMIN");
}

#[tokio::test]
async fn set_role_of_the_last_owner_is_refused_and_changes_nothing() {
    let server = common::serve(dataset(TOKEN)).await;
    let before = server.store.snapshot();
    let p = client(server.base_url("askui"), TOKEN);
    let ada = member(&p, &platform(), "auth0|ada").await.expect("ada");
    let err = p
        .set_role(&platform(), &ada, &role("member"))
        .await
        .expect_err("last owner");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.status, Some(409));
    assert!(err.to_string().contains("last owner"), "{err}");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn set_role_to_an_unknown_role_is_refused_before_any_change() {
    let server = common::serve(dataset(TOKEN)).await;
    let before = server.store.snapshot();
    let p = client(server.base_url("askui"), TOKEN);
    let bob = member(&p, &platform(), "auth0|bob").await.expect("bob");
    let err = p
        .set_role(&platform(), &bob, &role("superuser"))
        .await
        .expect_err("unknown role");
    assert_eq!(err.kind, ErrorKind::Invalid);
    assert!(err.to_string().contains("owner, admin, member"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn removes_a_member() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let bob = member(&p, &platform(), "auth0|bob").await.expect("bob");
    let report = p.remove_member(&platform(), &bob).await.expect("remove");
    assert_eq!(report.steps.len(), 1);
    assert_eq!(report.request_ids.len(), 1);
    assert!(member(&p, &platform(), "auth0|bob").await.is_none());
    assert_eq!(
        stored_role(&server.store.snapshot(), PLATFORM, "auth0|bob"),
        None
    );
    // Bob's other membership is untouched.
    assert!(stored_role(&server.store.snapshot(), RESEARCH, "auth0|bob").is_some());
}

#[tokio::test]
async fn creates_a_workspace_with_its_first_member_as_owner() {
    let server = common::serve(dataset(TOKEN)).await;
    let p = client(server.base_url("askui"), TOKEN);
    let created = p
        .create_workspace(
            &NewWorkspace::named("Design")
                .with("billing_email", "billing@example.com")
                .with("first_member", "auth0|cy"),
        )
        .await
        .expect("create");
    assert_eq!(created.name, "Design");
    assert!(uuid::Uuid::parse_str(&created.id).is_ok(), "{}", created.id);
    assert!(p.list_workspaces().await.unwrap().contains(&created));
    let cy = member(&p, &created, "auth0|cy")
        .await
        .expect("cy is the first member");
    assert_eq!(cy.role.name, "owner");
    let data = server.store.snapshot();
    let stored = data[roster::providers::askui::KIND]
        .workspaces
        .iter()
        .find(|w| w.id == created.id)
        .expect("stored");
    assert_eq!(stored.name, "Design");
    assert_eq!(stored.members.len(), 1);
}

#[tokio::test]
async fn create_workspace_without_billing_email_is_a_usage_error() {
    let server = common::serve(dataset(TOKEN)).await;
    let before = server.store.snapshot();
    let p = client(server.base_url("askui"), TOKEN);
    let err = p
        .create_workspace(&NewWorkspace {
            name: "Design".into(),
            ..NewWorkspace::default()
        })
        .await
        .expect_err("billing email required");
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.to_string().contains("billing"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn wrong_token_is_unauthorized_without_leaking_the_token() {
    let server = common::serve(dataset(TOKEN)).await;
    let wrong = "askui-wrong-canary-55d1";
    let p = client(server.base_url("askui"), wrong);
    let err = p.list_workspaces().await.expect_err("401");
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(err.status, Some(401));
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("Not authenticated"), "{shown}");
    assert!(!shown.contains(wrong) && !shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_jwt_is_sent_as_bearer_and_accepted() {
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    let server = common::serve(dataset(jwt)).await;
    let p = client(server.base_url("askui"), jwt);
    assert_eq!(p.list_workspaces().await.expect("bearer works").len(), 2);
}

#[tokio::test]
async fn bad_inputs_get_clear_errors_and_change_nothing() {
    let server = common::serve(dataset(TOKEN)).await;
    let before = server.store.snapshot();
    let p = client(server.base_url("askui"), TOKEN);
    let unknown_ws = Workspace {
        id: "00000000-0000-4000-8000-00000000dead".into(),
        name: "Gone".into(),
    };
    let err = p
        .add_member(
            &unknown_ws,
            &UserRef::Id("auth0|cy".into()),
            &role("member"),
        )
        .await
        .expect_err("unknown workspace");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.to_string().contains("Workspace"), "{err}");

    let err = p
        .add_member(
            &platform(),
            &UserRef::Email("nobody@example.com".into()),
            &role("member"),
        )
        .await
        .expect_err("unknown email");
    assert_eq!(err.kind, ErrorKind::NotFound);
    let text = err.to_string();
    assert!(
        text.contains("nobody@example.com") && text.contains("invite them in the AskUI web app"),
        "{text}"
    );

    let err = p
        .add_member(
            &platform(),
            &UserRef::Id("auth0|nobody".into()),
            &role("member"),
        )
        .await
        .expect_err("unknown user id");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.status, Some(404));
    assert!(err.to_string().contains("auth0|nobody"), "{err}");

    let err = p
        .add_member(
            &platform(),
            &UserRef::Email("bob@example.com".into()),
            &role("admin"),
        )
        .await
        .expect_err("already a member");
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(err.status, Some(409));
    assert!(
        err.to_string().contains(
            "bob@example.com is already a member of Platform (role member); change their role instead"
        ),
        "{err}"
    );

    let err = p
        .add_member(
            &platform(),
            &UserRef::Id("auth0|cy".into()),
            &role("ROLE_SUPERUSER"),
        )
        .await
        .expect_err("invalid role");
    assert_eq!(err.kind, ErrorKind::Invalid);
    let text = err.to_string();
    assert!(
        text.contains("HTTP 422") && text.contains("body.privileges.0: Input should be"),
        "{text}"
    );

    assert_eq!(server.store.snapshot(), before, "nothing changed");
}

/// A member as listed, for the wiremock rollback tests.
fn bob_member() -> Member {
    Member {
        id: "auth0|bob".into(),
        email: Some("bob@example.com".into()),
        name: Some("Bob Babbage".into()),
        role: Role {
            id: "ROLE_WORKSPACE_MEMBER".into(),
            name: "member".into(),
        },
        access: Access::Direct,
        kind: MemberKind::User,
        handle: Some(M_BOB_PLATFORM.into()),
    }
}

fn create_body(privilege: &str) -> serde_json::Value {
    json!({"userId": "auth0|bob", "workspaceId": PLATFORM, "privileges": [privilege]})
}

/// Mounts DELETE 204, a failing re-create as admin, and a restore as member answering `restore`.
/// A 5xx may mean the POST applied, so roster re-reads the members after each failed POST: the
/// listing shows bob gone.
async fn rollback_server(restore: ResponseTemplate) -> MockServer {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/workspace-memberships"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&mock)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "/api/v1/workspace-memberships/{M_BOB_PLATFORM}"
        )))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/workspace-memberships"))
        .and(body_json(create_body("ROLE_WORKSPACE_ADMIN")))
        .respond_with(
            ResponseTemplate::new(500).set_body_json(json!({"detail": "database unavailable"})),
        )
        .expect(1)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/workspace-memberships"))
        .and(body_json(create_body("ROLE_WORKSPACE_MEMBER")))
        .respond_with(restore)
        .expect(1)
        .mount(&mock)
        .await;
    mock
}

/// Method and privilege of each request the mock received, in order.
async fn received(mock: &MockServer) -> Vec<String> {
    mock.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let privilege = r
                .body_json::<serde_json::Value>()
                .ok()
                .and_then(|b| b["privileges"][0].as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{} {privilege}", r.method).trim().to_string()
        })
        .collect()
}

#[tokio::test]
async fn failed_role_change_restores_the_old_membership() {
    let restored = json!({"id": "new-m", "userId": "auth0|bob", "workspaceId": PLATFORM,
        "privileges": ["ROLE_WORKSPACE_MEMBER"], "accessTokens": []});
    let mock = rollback_server(ResponseTemplate::new(200).set_body_json(restored)).await;
    let p = client(mock.uri(), TOKEN);
    let err = p
        .set_role(&platform(), &bob_member(), &role("admin"))
        .await
        .expect_err("the re-create failed");
    assert_eq!(
        received(&mock).await,
        [
            "DELETE",
            "POST ROLE_WORKSPACE_ADMIN",
            "GET",
            "POST ROLE_WORKSPACE_MEMBER"
        ]
    );
    assert_eq!(err.kind, ErrorKind::Server, "kind of the original failure");
    assert_eq!(err.status, Some(500));
    let text = err.to_string();
    assert!(text.contains("database unavailable"), "{text}");
    assert!(
        text.contains("old membership (role member) was restored"),
        "{text}"
    );
}

#[tokio::test]
async fn failed_restore_says_the_member_is_removed() {
    let mock = rollback_server(
        ResponseTemplate::new(503).set_body_json(json!({"detail": "maintenance window"})),
    )
    .await;
    let p = client(mock.uri(), TOKEN);
    let err = p
        .set_role(&platform(), &bob_member(), &role("admin"))
        .await
        .expect_err("restore failed");
    assert_eq!(
        received(&mock).await,
        [
            "DELETE",
            "POST ROLE_WORKSPACE_ADMIN",
            "GET",
            "POST ROLE_WORKSPACE_MEMBER",
            "GET"
        ],
        "each POST is sent once, never retried; each 5xx is checked by re-reading"
    );
    assert_eq!(err.kind, ErrorKind::Partial);
    let text = err.to_string();
    assert!(
        text.contains("bob@example.com was removed from Platform and could not be re-added"),
        "{text}"
    );
    assert!(
        text.contains("database unavailable") && text.contains("maintenance window"),
        "{text}"
    );
}
