//! The TransactionLink client against the TransactionLink emulator over real HTTP: every operation,
//! confirmed by a fresh listing and by the emulator's stored state, plus the bad inputs an admin can make.
//! The membership PUT is an upsert, so what guards it (the member is still as the admin saw them) and
//! what settles a lost answer run through the change engine, as every change does.

use crate::{common, engine_run};
mod fixture;

use axum::http::Method;
use common::serve;
use engine_run::{PROFILE, Requests};
use fixture::*;
use roster::engine::{RunOptions, Verdict, planner};
use roster::error::ErrorKind;
use roster::model::{Access, Member, NewWorkspace, Role, UserRef, Workspace};
use roster::providers::build;
use roster::sandbox::{Fault, FaultRule};
use serde_json::{Value, json};
use std::sync::Arc;

/// A TransactionLink client whose steps `engine` audits, every request counted.
fn engine_client(
    server: &common::TestServer,
    engine: &common::TestEngine,
) -> (Arc<dyn roster::providers::Provider>, Requests) {
    engine_run::client(&engine.engine, config(server, TOKEN))
}

#[tokio::test]
async fn lists_workspaces_and_each_workspaces_own_roles() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let names: Vec<String> = p
        .list_workspaces()
        .await
        .unwrap()
        .into_iter()
        .map(|w| w.name)
        .collect();
    assert_eq!(names, ["Payments", "Onboarding", "Risk"]);
    let caps = p.capabilities();
    assert!(caps.roles_per_workspace && !caps.has_groups);
    assert!(!caps.create_workspace.is_available());

    let payments_roles = p.list_roles(&payments()).await.unwrap();
    assert_eq!(
        payments_roles,
        vec![
            Role {
                id: role_id(31),
                name: "Admin".into()
            },
            Role {
                id: role_id(32),
                name: "Analyst".into()
            },
            Role {
                id: role_id(33),
                name: "Viewer".into()
            },
        ]
    );
    let onboarding = Workspace {
        id: ws_id(2),
        name: "Onboarding".into(),
    };
    let analyst = role_named(p.as_ref(), &onboarding, "Analyst").await;
    assert_eq!(
        analyst.id,
        role_id(42),
        "same name, this workspace's own UUID"
    );
}

#[tokio::test]
async fn lists_direct_members_joined_with_users_from_every_page() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let members = p.list_members(&payments(), false).await.unwrap();
    let rows: Vec<(Option<&str>, Option<&str>, &str, bool)> = members
        .iter()
        .map(|m| {
            (
                m.email.as_deref(),
                m.name.as_deref(),
                m.role.name.as_str(),
                m.access.is_direct(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (Some("mia@bank.test"), Some("Mia Wong"), "Admin", true),
            (Some("paula@bank.test"), Some("Paula Page"), "Analyst", true),
            (Some("adam@bank.test"), Some("Adam Admin"), "Viewer", true),
        ]
    );
    assert_eq!(members[1].role.id, role_id(32));
}

#[tokio::test]
async fn inherited_rows_are_organisation_owners_and_admins_not_already_direct() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let members = p.list_members(&payments(), true).await.unwrap();
    assert_eq!(members.len(), 6);
    let inherited: Vec<(&str, Option<&str>)> = members
        .iter()
        .filter(|m| !m.access.is_direct())
        .map(|m| (m.email.as_deref().unwrap_or(""), m.access.via()))
        .collect();
    assert_eq!(
        inherited,
        [
            ("olivia@bank.test", Some("organisation owner")),
            ("adam@bank.test", Some("organisation admin")),
            ("zed@bank.test", Some("organisation admin")),
        ]
    );
    // A direct member who is also an organisation admin keeps both rows (issue 12, bug 10): the
    // grant, and the organisation role that gives more.
    let adam: Vec<&Member> = members.iter().filter(|m| m.id == user_id(2)).collect();
    assert_eq!(adam.len(), 2, "{adam:?}");
    assert_eq!(adam[0].access, Access::Direct);
    assert_eq!(adam[0].role.name, "Viewer");
    assert_eq!(adam[1].access.via(), Some("organisation admin"));
}

#[tokio::test]
async fn adds_by_id_and_by_email_found_on_the_last_page() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let analyst = role_named(p.as_ref(), &payments(), "Analyst").await;
    let report = p
        .add_member(&payments(), &UserRef::Id(user_id(5)), &analyst)
        .await
        .expect("add by id");
    assert!(
        report.steps.iter().any(|s| s.starts_with("PUT ")),
        "{report:?}"
    );
    assert_eq!(report.request_ids.len(), 1);

    let viewer = role_named(p.as_ref(), &payments(), "Viewer").await;
    p.add_member(
        &payments(),
        &UserRef::Email("LATE.joiner@Bank.test".into()),
        &viewer,
    )
    .await
    .expect("add by email");

    assert_eq!(member(p.as_ref(), 5).await.role.name, "Analyst");
    let late = member(p.as_ref(), LATE_USER).await;
    assert_eq!(
        (late.role.name.as_str(), late.access.is_direct()),
        ("Viewer", true)
    );
    assert_eq!(stored_grants(&server), {
        let mut v = vec![
            pair(3, 31),
            pair(PAULA, 32),
            pair(2, 33),
            pair(5, 32),
            pair(LATE_USER, 33),
        ];
        v.sort();
        v
    });
}

#[tokio::test]
async fn changes_a_role_and_removes_a_member() {
    let server = serve(dataset()).await;
    let (p, calls) = recording_client(&server);
    let paula = member(p.as_ref(), PAULA).await;
    let viewer = role_named(p.as_ref(), &payments(), "Viewer").await;
    calls.lock().unwrap().clear();
    p.set_role(&payments(), &paula, &viewer)
        .await
        .expect("set role");
    assert_eq!(
        calls.lock().unwrap().last().map(String::as_str),
        Some(
            format!(
                "PUT /transactionlink/workspaces/{}/memberships/{}",
                ws_id(1),
                user_id(PAULA)
            )
            .as_str()
        )
    );
    assert_eq!(member(p.as_ref(), PAULA).await.role.name, "Viewer");

    let mia = member(p.as_ref(), 3).await;
    let report = p.remove_member(&payments(), &mia).await.expect("remove");
    assert!(report.steps[0].starts_with("DELETE "), "{report:?}");
    let listed = p.list_members(&payments(), false).await.unwrap();
    assert!(!listed.iter().any(|m| m.id == user_id(3)));
    let mut expected = vec![pair(PAULA, 33), pair(2, 33)];
    expected.sort();
    assert_eq!(stored_grants(&server), expected);
}

#[tokio::test]
async fn creating_a_workspace_is_unsupported_and_says_where_to_do_it() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let err = p
        .create_workspace(&NewWorkspace {
            name: "New".into(),
            ..NewWorkspace::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(
        err.to_string().contains("create it in the dashboard"),
        "{err}"
    );
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn wrong_token_or_a_bearer_prefix_is_a_clear_401_without_the_token() {
    let server = serve(dataset()).await;
    for token in [
        "tot_wrong_canary_999".to_string(),
        format!("Bearer {TOKEN}"),
    ] {
        let p = build(config(&server, &token)).unwrap();
        let err = p.list_workspaces().await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unauthorized);
        assert_eq!(err.status, Some(401));
        let shown = err.to_string();
        assert!(shown.contains("Invalid organization token"), "{shown}");
        assert!(err.request_id.is_some(), "fingerprint kept");
        assert!(
            !shown.contains("canary") && !shown.contains(TOKEN),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn unknown_workspace_email_and_user_change_nothing() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let nowhere = Workspace {
        id: ws_id(99),
        name: "Nowhere".into(),
    };
    let err = p.list_members(&nowhere, false).await.unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(err.to_string().contains("Workspace not found"), "{err}");

    let analyst = role_named(p.as_ref(), &payments(), "Analyst").await;
    let err = p
        .add_member(
            &payments(),
            &UserRef::Email("stranger@elsewhere.test".into()),
            &analyst,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    let shown = err.to_string();
    assert!(
        shown.contains("stranger@elsewhere.test") && shown.contains("invited"),
        "{shown}"
    );

    let err = p
        .add_member(&payments(), &UserRef::Id(user_id(999)), &analyst)
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(err.to_string().contains("User not found"), "{err}");

    let err = p
        .add_member(&payments(), &UserRef::Id("12".into()), &analyst)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.to_string().contains("UUIDs"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn adding_an_existing_member_is_stale_and_sends_no_put() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let change = planner::add(
        p.as_ref(),
        PROFILE,
        "Payments",
        &UserRef::Email("paula@bank.test".into()),
        "Admin",
    )
    .await
    .expect("plan");
    let before = stored_grants(&server);
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Stale);
    let shown = outcome.message();
    assert!(
        shown.contains("already a member with role Analyst"),
        "{shown}"
    );
    assert!(shown.contains("change their role instead"), "{shown}");
    assert_eq!(stored_grants(&server), before);
    assert!(!calls.all().iter().any(|c| c.starts_with("PUT")));
}

#[tokio::test]
async fn a_role_of_another_workspace_is_refused() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let onboarding = Workspace {
        id: ws_id(2),
        name: "Onboarding".into(),
    };
    for name in ["Manager", "Analyst"] {
        let foreign = role_named(p.as_ref(), &onboarding, name).await;
        let err = p
            .add_member(&payments(), &UserRef::Id(user_id(5)), &foreign)
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage, "{name}");
        let shown = err.to_string();
        assert!(
            shown.contains("not a role of workspace Payments"),
            "{shown}"
        );
        assert!(shown.contains("Admin, Analyst, Viewer"), "{shown}");
    }
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn a_member_changed_or_removed_since_listing_is_not_overwritten_or_resurrected() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    // Planned while Paula was listed as Analyst.
    let change = planner::set_role(
        p.as_ref(),
        PROFILE,
        "Payments",
        &UserRef::Id(user_id(PAULA)),
        "Admin",
    )
    .await
    .expect("plan");
    server
        .store
        .write(|d| {
            for g in &mut d.transactionlink.workspaces[0].members {
                if g.user.as_deref() == Some(user_id(PAULA).as_str()) {
                    g.role = role_id(33);
                }
            }
        })
        .unwrap();
    let outcome = engine_run::run(&recorder.engine, &p, change.clone()).await;
    assert_eq!(outcome.verdict, Verdict::Stale);
    let shown = outcome.message();
    assert!(
        shown.contains("is now a member with role Viewer")
            && shown.contains("it was a member with role Analyst"),
        "{shown}"
    );
    assert!(
        stored_grants(&server).contains(&pair(PAULA, 33)),
        "not overwritten"
    );

    server
        .store
        .write(|d| {
            d.transactionlink.workspaces[0]
                .members
                .retain(|g| g.user.as_deref() != Some(user_id(PAULA).as_str()))
        })
        .unwrap();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Stale);
    assert!(
        outcome.message().contains("is now not a member"),
        "{}",
        outcome.message()
    );
    assert!(
        !stored_grants(&server)
            .iter()
            .any(|(u, _)| *u == user_id(PAULA))
    );
    assert!(
        !calls.all().iter().any(|c| c.starts_with("PUT")),
        "no PUT sent"
    );
}

#[tokio::test]
async fn inherited_organisation_access_is_read_only() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let olivia = member(p.as_ref(), 1).await;
    let err = p.remove_member(&payments(), &olivia).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.to_string().contains("organisation owner"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

/// The emulator's own answers where the client would refuse to send bad input.
#[tokio::test]
async fn emulator_answers_bad_requests_in_the_documented_envelope() {
    let server = serve(dataset()).await;
    let http = common::http_client();
    let url = |p: &str| format!("{}{p}", server.base_url("transactionlink"));
    let membership = url(&format!(
        "/workspaces/{}/memberships/{}",
        ws_id(1),
        user_id(5)
    ));

    let resp = http
        .put(&membership)
        .header("Authorization", TOKEN)
        .json(&json!({"userId": user_id(5), "roleId": role_id(41)}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let fingerprint = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "INVALID_ROLE");
    assert_eq!(body["fingerprint"], fingerprint.as_str());

    let resp = http
        .put(&membership)
        .header("Authorization", TOKEN)
        .json(&json!({"userId": user_id(6), "roleId": role_id(32)}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400, "body userId differs from the path");

    let resp = http
        .put(&membership)
        .header("Authorization", TOKEN)
        .json(&json!({"userId": user_id(5), "roleId": role_id(32)}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["role"]["type"], "WORKSPACE");
    assert_eq!(body["role"]["workspaceId"], ws_id(1).as_str());

    let resp = http
        .delete(&membership)
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.bytes().await.unwrap().is_empty(),
        "DELETE answers with no content"
    );

    let org: Value = http
        .get(url(&format!(
            "/organizations/workspaces/{}/memberships",
            ws_id(1)
        )))
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = org
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "WORKSPACE",
            "WORKSPACE",
            "WORKSPACE",
            // The owner, the admin who also has a grant, and the other admin.
            "ORGANIZATION",
            "ORGANIZATION",
            "ORGANIZATION"
        ]
    );

    let page: Value = http
        .get(url("/organizations/users?page=2&size=100"))
        .header("Authorization", TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            &page["totalElements"],
            &page["totalPages"],
            &page["size"],
            &page["number"]
        ),
        (&json!(USERS), &json!(3), &json!(100), &json!(2))
    );
    assert_eq!(page["content"].as_array().unwrap().len(), 30);
    assert_eq!(page["content"][0]["profile"]["firstName"], "User201");

    let resp = http
        .get(url("/organizations/workspaces"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401, "Bearer prefix refused");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED");
}

#[tokio::test]
async fn a_retried_delete_that_finds_the_member_gone_is_a_success() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let change = planner::remove(p.as_ref(), PROFILE, "Payments", &UserRef::Id(user_id(3)))
        .await
        .expect("plan");
    // The first DELETE is applied but its answer lost; the retry then meets a 404.
    let rule = server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::DELETE)
            .after_apply(),
    );
    // Mia is the workspace's only direct Admin (its top role): the admin confirms with --force.
    let force = RunOptions {
        force: true,
        ..RunOptions::default()
    };
    let outcome = recorder
        .engine
        .run(&engine_run::target(&p), change, &force)
        .await;
    assert_eq!(server.faults().fired(rule), 1);
    assert_eq!(calls.count("DELETE"), 2, "{:?}", calls.all());
    assert_eq!(
        outcome.verdict,
        Verdict::Done,
        "removed: {}",
        outcome.message()
    );
    assert!(
        outcome
            .steps
            .iter()
            .any(|s| s.contains("The user is not a member of this workspace")
                && s.contains("took effect")),
        "{:?}",
        outcome.steps
    );
    assert!(!stored_grants(&server).iter().any(|(u, _)| *u == user_id(3)));
}
