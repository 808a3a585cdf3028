//! The "ignored change" fault through real HTTP: [`Fault::IgnoreChange`] answers every provider's
//! add, set-role and remove with the emulator's own success answer and leaves the store as it was.

use super::scale::{client, request};
use axum::http::Method;
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use roster::sandbox::store::{Dataset, WorkspaceData};
use roster::sandbox::{Fault, FaultRule, Sandbox, SandboxOptions};
use serde_json::{Value, json};

/// An answer: status and JSON body (`Null` when empty).
#[derive(Debug)]
struct Answer {
    status: u16,
    body: Value,
}

async fn send(builder: reqwest::RequestBuilder) -> Answer {
    let answer = builder.send().await.expect("answered");
    let status = answer.status().as_u16();
    let bytes = answer.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("a JSON body")
    };
    Answer { status, body }
}

/// `body` without the fields a server makes up afresh for every new grant (AskUI membership and
/// Dreadnode permission IDs).
fn without_fresh_ids(mut body: Value) -> Value {
    if let Some(obj) = body.as_object_mut() {
        obj.remove("id");
    }
    body
}

/// One change request: method, path under the provider's base URL and JSON body.
struct Change {
    what: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
}

/// Sends `change` with an [`Fault::IgnoreChange`] rule aimed at it, then checks the store did not
/// move; sends it again without the fault and checks that the answer is the same success and that
/// this time the store moved (so the first request really was a change, ignored).
async fn ignored_then_applied(sandbox: &Sandbox, kind: ProviderKind, change: Change) {
    let client = client();
    let build = || {
        let builder = request(&client, sandbox, kind, change.method.clone(), &change.path);
        match &change.body {
            Some(body) => builder.json(body),
            None => builder,
        }
    };
    let before = sandbox.store().snapshot();
    let path_only = change
        .path
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let rule = sandbox.faults().inject(
        FaultRule::new(Fault::IgnoreChange)
            .method(change.method.clone())
            .path_contains(format!("/{}{path_only}", kind.as_str())),
    );
    let ignored = send(build()).await;
    assert_eq!(
        sandbox.faults().fired(rule),
        1,
        "{kind:?} {}: the rule fired",
        change.what
    );
    assert!(
        (200..300).contains(&ignored.status),
        "{kind:?} {}: answered success, got {ignored:?}",
        change.what
    );
    assert!(
        sandbox.store().snapshot() == before,
        "{kind:?} {}: the store is unchanged after an ignored change",
        change.what
    );

    let applied = send(build()).await;
    assert_eq!(
        ignored.status, applied.status,
        "{kind:?} {}: the emulator's own status",
        change.what
    );
    assert_eq!(
        without_fresh_ids(ignored.body),
        without_fresh_ids(applied.body),
        "{kind:?} {}: the emulator's own body",
        change.what
    );
    assert!(
        sandbox.store().snapshot() != before,
        "{kind:?} {}: without the fault the same request changes the store",
        change.what
    );
}

/// A small dataset for every provider, served.
async fn small_sandbox() -> (Sandbox, Dataset) {
    let data = generate(2, 6, 11);
    let sandbox = Sandbox::start(SandboxOptions::new(data.clone()))
        .await
        .expect("start the sandbox");
    (sandbox, data)
}

/// A user of `kind` who is not a member of `w`.
fn outsider<'a>(
    data: &'a Dataset,
    kind: ProviderKind,
    w: &WorkspaceData,
) -> &'a roster::sandbox::store::User {
    roster::sandbox::section(data, kind)
        .users
        .iter()
        .find(|u| {
            !w.members
                .iter()
                .any(|g| g.user.as_deref() == Some(u.id.as_str()))
        })
        .expect("someone outside the workspace")
}

/// The first user grant of `w` whose role is not `role`.
fn member_not(w: &WorkspaceData, role: &str) -> String {
    w.members
        .iter()
        .find(|g| g.user.is_some() && g.role != role)
        .and_then(|g| g.user.clone())
        .expect("a member with another role")
}

#[tokio::test]
async fn askui_add_and_remove_can_be_ignored() {
    let kind = roster::providers::askui::KIND;
    let (sandbox, data) = small_sandbox().await;
    let w = &data[roster::providers::askui::KIND].workspaces[0];
    let newcomer = outsider(&data, kind, w);
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "add",
            method: Method::POST,
            path: "/api/v1/workspace-memberships".into(),
            body: Some(json!({
                "userId": newcomer.id,
                "workspaceId": w.id,
                "privileges": ["ROLE_WORKSPACE_MEMBER"],
            })),
        },
    )
    .await;
    // AskUI changes a role by removing and adding again: both steps are covered.
    let leaving = w
        .members
        .iter()
        .find(|g| g.role != "ROLE_WORKSPACE_OWNER")
        .expect("a member who is not the owner");
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "remove",
            method: Method::DELETE,
            path: format!("/api/v1/workspace-memberships/{}", leaving.stable_id(w)),
            body: None,
        },
    )
    .await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dreadnode_add_set_role_and_remove_can_be_ignored() {
    let kind = roster::providers::dreadnode::KIND;
    let (sandbox, data) = small_sandbox().await;
    let w = &data[roster::providers::dreadnode::KIND].workspaces[0];
    let base = format!(
        "/api/v1/org/{}/ws/{}/users",
        data[roster::providers::dreadnode::KIND]
            .org
            .as_deref()
            .unwrap_or_default(),
        w.key.as_deref().unwrap_or(&w.id)
    );
    let newcomer = outsider(&data, kind, w);
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "add",
            method: Method::POST,
            path: base.clone(),
            body: Some(json!({"email": newcomer.email, "permission": "reader"})),
        },
    )
    .await;
    let member = member_not(w, "contributor");
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "set role",
            method: Method::PUT,
            path: format!("{base}/{member}"),
            body: Some(json!({"permission": "contributor"})),
        },
    )
    .await;
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "remove",
            method: Method::DELETE,
            path: format!("{base}/{member}"),
            body: None,
        },
    )
    .await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn paradigm_add_and_rewrite_can_be_ignored() {
    let kind = roster::providers::paradigm::KIND;
    let (sandbox, data) = small_sandbox().await;
    let w = &data[roster::providers::paradigm::KIND].workspaces[0];
    let path = format!("/api/v3/workspaces/{}/members", w.id);
    let newcomer = outsider(&data, kind, w);
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "add",
            method: Method::POST,
            path: path.clone(),
            body: Some(json!({"user_id": newcomer.id.parse::<u64>().unwrap(), "role": "viewer"})),
        },
    )
    .await;
    // Paradigm sets a role and removes by rewriting the whole member set.
    let grants = |skip: usize, role: Option<&str>| -> Vec<Value> {
        w.members
            .iter()
            .filter_map(|g| Some((g.user.as_deref()?, g.role.as_str())))
            .skip(skip)
            .map(|(id, r)| json!({"id": id.parse::<u64>().unwrap(), "role": role.unwrap_or(r)}))
            .collect()
    };
    let groups: Vec<Value> = w
        .members
        .iter()
        .filter_map(|g| {
            Some(json!({"id": g.group.as_deref()?.parse::<u64>().unwrap(), "role": g.role}))
        })
        .collect();
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "set role (rewrite)",
            method: Method::PUT,
            path: path.clone(),
            body: Some(json!({"members": {"users": grants(0, Some("editor")), "groups": groups}})),
        },
    )
    .await;
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "remove (rewrite)",
            method: Method::PUT,
            path,
            body: Some(json!({"members": {"users": grants(1, None), "groups": groups}})),
        },
    )
    .await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn transactionlink_upsert_and_remove_can_be_ignored() {
    let kind = roster::providers::transactionlink::KIND;
    let (sandbox, data) = small_sandbox().await;
    let w = &data[roster::providers::transactionlink::KIND].workspaces[0];
    let role = |name: &str| {
        w.roles
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.id.clone())
            .expect("the role exists")
    };
    let newcomer = outsider(&data, kind, w);
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "add",
            method: Method::PUT,
            path: format!("/workspaces/{}/memberships/{}", w.id, newcomer.id),
            body: Some(json!({"userId": newcomer.id, "roleId": role("Viewer")})),
        },
    )
    .await;
    let admin = role("Admin");
    let member = member_not(w, &admin);
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "set role",
            method: Method::PUT,
            path: format!("/workspaces/{}/memberships/{member}", w.id),
            body: Some(json!({"userId": member, "roleId": admin})),
        },
    )
    .await;
    ignored_then_applied(
        &sandbox,
        kind,
        Change {
            what: "remove",
            method: Method::DELETE,
            path: format!("/workspaces/{}/memberships/{member}", w.id),
            body: None,
        },
    )
    .await;
    sandbox.shutdown().await;
}
