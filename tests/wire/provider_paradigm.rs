//! The Paradigm client against the Paradigm emulator over real HTTP: every operation, confirmed by a
//! fresh listing and by the emulator's stored state, plus the bad inputs an admin can make. The
//! read-modify-write and the lost answers run through the change engine, which prechecks the member
//! before the rewrite and settles an unclear answer with one fresh read after it.

use crate::{common, engine_run};
mod fixture;

use axum::http::Method;
use common::serve;
use engine_run::{PROFILE, Requests};
use fixture::*;
use roster::engine::{Verdict, planner};
use roster::error::ErrorKind;
use roster::model::{Access, Member, MemberKind, NewWorkspace, Role, UserRef, Workspace};
use roster::providers::build;
use roster::sandbox::{Fault, FaultRule};
use serde_json::{Value, json};
use std::sync::Arc;

/// A Paradigm client whose steps `engine` audits, every request counted.
fn engine_client(
    server: &common::TestServer,
    engine: &common::TestEngine,
) -> (Arc<dyn roster::providers::Provider>, Requests) {
    engine_run::client(&engine.engine, config(server, TOKEN, None))
}

/// The requests of one change of Research through the engine: the precheck's read (direct members,
/// then the group's users for the inherited rows), the provider's own requests, the verification
/// read.
fn engine_path(steps: &[&str]) -> Vec<String> {
    let read = [
        "GET /paradigm/api/v3/company/workspaces/1/members",
        "GET /paradigm/api/v3/users?group_id=10&page=1&page_size=100",
    ];
    read.iter()
        .chain(steps)
        .chain(&read)
        .map(|s| s.to_string())
        .collect()
}

#[tokio::test]
async fn lists_every_workspace_across_pages_in_both_tiers() {
    let server = serve(dataset()).await;
    for tier in [None, Some("company"), Some("user")] {
        let p = build(config(&server, TOKEN, tier)).unwrap();
        let workspaces = p.list_workspaces().await.expect("list workspaces");
        assert_eq!(workspaces.len(), WORKSPACES as usize, "tier {tier:?}");
        let mut ids: Vec<u32> = workspaces.iter().map(|w| w.id.parse().unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids, (1..=WORKSPACES).collect::<Vec<_>>());
        assert!(workspaces.contains(&research()));
    }
}

#[tokio::test]
async fn lists_users_and_groups_and_group_users_as_inherited() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let direct = p.list_members(&research(), false).await.unwrap();
    assert_eq!(direct.len(), 3);
    let ada = direct.iter().find(|m| m.id == "1").unwrap();
    assert_eq!(ada.email.as_deref(), Some("ada@acme.test"));
    assert_eq!(ada.role.name, "owner");
    assert_eq!((ada.kind, &ada.access), (MemberKind::User, &Access::Direct));
    let group = direct.iter().find(|m| m.kind == MemberKind::Group).unwrap();
    assert_eq!(
        (
            group.id.as_str(),
            group.name.as_deref(),
            group.role.name.as_str()
        ),
        ("10", Some("Data team"), "viewer")
    );
    assert_eq!(group.access, Access::Direct);

    let all = p.list_members(&research(), true).await.unwrap();
    let inherited: Vec<&Member> = all.iter().filter(|m| !m.access.is_direct()).collect();
    let mut ids: Vec<&str> = inherited.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["5", "6", "7"]);
    for m in &inherited {
        assert_eq!(m.kind, MemberKind::User);
        assert_eq!(m.role.name, "viewer", "group's role");
        assert_eq!(m.access.via(), Some("group: Data team"));
    }
    let five = inherited.iter().find(|m| m.id == "5").unwrap();
    assert_eq!(five.name.as_deref(), Some("User5 Example"));
    assert_eq!(five.email.as_deref(), Some("user5@acme.test"));
}

#[tokio::test]
async fn roles_are_the_fixed_enum_and_capabilities_say_what_is_emulated() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let roles: Vec<String> = p
        .list_roles(&research())
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(roles, ["owner", "editor", "viewer"]);
    let caps = p.capabilities();
    assert!(caps.has_groups && !caps.roles_per_workspace);
    assert!(
        caps.set_role
            .note()
            .unwrap()
            .contains("writes the list back")
    );
    assert!(caps.remove.note().is_some() && caps.create_workspace.is_available());
}

#[tokio::test]
async fn adds_by_id_and_by_email_on_a_later_page() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let report = p
        .add_member(
            &research(),
            &UserRef::Id("3".into()),
            &Role::named("editor"),
        )
        .await
        .expect("add by id");
    assert!(
        report.steps.iter().any(|s| s.starts_with("POST ")),
        "{report:?}"
    );
    assert_eq!(report.request_ids.len(), 1);

    let email = UserRef::Email("Late.Joiner@ACME.test".into());
    p.add_member(&research(), &email, &Role::named("viewer"))
        .await
        .expect("add by email");

    let listed = p.list_members(&research(), false).await.unwrap();
    let role_of = |id: &str| {
        listed
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.role.name.clone())
    };
    assert_eq!(role_of("3").as_deref(), Some("editor"));
    assert_eq!(role_of(&LATE_USER.to_string()).as_deref(), Some("viewer"));
    assert_eq!(
        stored_grants(&server, "1"),
        vec![
            grant_tuple("group", "10", "viewer"),
            grant_tuple("user", "1", "owner"),
            grant_tuple("user", "2", "editor"),
            grant_tuple("user", "225", "viewer"),
            grant_tuple("user", "3", "editor"),
        ]
    );
}

#[tokio::test]
async fn changes_a_role_by_rewriting_the_whole_list_and_keeps_everyone_else() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let change = planner::set_role(p.as_ref(), PROFILE, "1", &UserRef::Id("2".into()), "viewer")
        .await
        .expect("plan");
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Done, "{}", outcome.message());
    // The provider's own steps: GET, PUT; the engine's precheck and verification read around them.
    assert_eq!(outcome.steps.len(), 2, "GET, PUT: {:?}", outcome.steps);
    assert_eq!(
        calls.all(),
        engine_path(&[
            "GET /paradigm/api/v3/company/workspaces/1/members",
            "PUT /paradigm/api/v3/workspaces/1/members",
        ])
    );
    assert_eq!(direct_member(p.as_ref(), "2").await.role.name, "viewer");
    assert_eq!(
        stored_grants(&server, "1"),
        vec![
            grant_tuple("group", "10", "viewer"),
            grant_tuple("user", "1", "owner"),
            grant_tuple("user", "2", "viewer"),
        ]
    );
}

#[tokio::test]
async fn removes_a_member_and_keeps_everyone_else() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let grace = direct_member(p.as_ref(), "2").await;
    p.remove_member(&research(), &grace).await.expect("remove");
    let listed = p.list_members(&research(), false).await.unwrap();
    assert!(
        !listed
            .iter()
            .any(|m| m.id == "2" && m.kind == MemberKind::User)
    );
    assert_eq!(listed.len(), 2);
    assert_eq!(
        stored_grants(&server, "1"),
        vec![
            grant_tuple("group", "10", "viewer"),
            grant_tuple("user", "1", "owner")
        ]
    );
}

#[tokio::test]
async fn creates_a_workspace() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let new = NewWorkspace {
        name: "Board minutes".into(),
        description: Some("Quarterly".into()),
        ..NewWorkspace::default()
    };
    let created = p.create_workspace(&new).await.expect("create");
    assert_eq!(created.name, "Board minutes");
    assert_eq!(created.id, (WORKSPACES + 1).to_string());
    assert!(p.list_workspaces().await.unwrap().contains(&created));
    let data = server.store.snapshot();
    assert!(
        data.paradigm
            .workspaces
            .iter()
            .any(|w| w.id == created.id && w.name == "Board minutes")
    );
}

#[tokio::test]
async fn wrong_token_is_a_clear_401_without_the_token() {
    let server = serve(dataset()).await;
    let p = build(config(&server, "pk-wrong-canary-999", None)).unwrap();
    let err = p.list_workspaces().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(err.status, Some(401));
    let shown = err.to_string();
    assert!(shown.contains("Invalid API key."), "{shown}");
    assert!(shown.contains("check the profile's token"), "{shown}");
    assert!(err.request_id.is_some(), "envelope id kept");
    assert!(
        !shown.contains("canary") && !shown.contains(TOKEN),
        "{shown}"
    );
    assert!(!format!("{err:?}").contains("canary"));
}

#[tokio::test]
async fn unknown_workspace_user_and_bad_ids_change_nothing() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let nowhere = Workspace {
        id: "9999".into(),
        name: "Nowhere".into(),
    };
    let err = p.list_members(&nowhere, false).await.unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(err.to_string().contains("Workspace not found."), "{err}");

    let err = p
        .add_member(
            &research(),
            &UserRef::Email("nobody@acme.test".into()),
            &Role::named("viewer"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.to_string().contains("nobody@acme.test"), "{err}");

    let err = p
        .add_member(
            &research(),
            &UserRef::Id("9999".into()),
            &Role::named("viewer"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::NotFound, Some(404))
    );
    assert!(err.to_string().contains("User not found."), "{err}");

    let err = p
        .add_member(
            &research(),
            &UserRef::Id("ada".into()),
            &Role::named("viewer"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(
        err.to_string().contains("Paradigm user IDs are integers"),
        "{err}"
    );

    let err = p
        .add_member(&research(), &UserRef::Id("3".into()), &Role::named("admin"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.to_string().contains("owner, editor, viewer"), "{err}");

    let err = build(config(&server, TOKEN, Some("instance")))
        .err()
        .expect("bad tier refused");
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.to_string().contains("company, user"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

#[tokio::test]
async fn adding_an_existing_member_is_a_conflict_and_changes_nothing() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = stored_grants(&server, "1");
    let err = p
        .add_member(
            &research(),
            &UserRef::Email("grace@acme.test".into()),
            &Role::named("owner"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::Conflict, Some(409))
    );
    assert!(err.to_string().contains("already a member"), "{err}");
    assert_eq!(stored_grants(&server, "1"), before);
}

#[tokio::test]
async fn a_role_changed_elsewhere_since_listing_is_stale_and_nothing_is_written() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let grace = UserRef::Id("2".into());
    // Planned while roster listed Grace as editor.
    let promote = planner::set_role(p.as_ref(), PROFILE, "1", &grace, "viewer")
        .await
        .expect("plan the role change");
    let remove = planner::remove(p.as_ref(), PROFILE, "1", &grace)
        .await
        .expect("plan the removal");
    // Someone else promotes Grace after roster listed her as editor.
    server
        .store
        .write(|d| {
            let ws = d
                .paradigm
                .workspaces
                .iter_mut()
                .find(|w| w.id == "1")
                .unwrap();
            let g = ws
                .members
                .iter_mut()
                .find(|g| g.user.as_deref() == Some("2"))
                .unwrap();
            g.role = "owner".into();
        })
        .unwrap();
    let before = stored_grants(&server, "1");
    calls.clear();
    let outcome = engine_run::run(&recorder.engine, &p, promote.clone()).await;
    assert_eq!(outcome.verdict, Verdict::Stale);
    let shown = outcome.message();
    assert!(
        shown.contains("is now a member with role owner")
            && shown.contains("it was a member with role editor when this change was planned"),
        "{shown}"
    );
    assert_eq!(stored_grants(&server, "1"), before);
    assert!(
        !calls.all().iter().any(|c| c.starts_with("PUT")),
        "no PUT sent"
    );

    // Removed meanwhile: also refused, not resurrected, whichever change was planned.
    server
        .store
        .write(|d| {
            let ws = d
                .paradigm
                .workspaces
                .iter_mut()
                .find(|w| w.id == "1")
                .unwrap();
            ws.members.retain(|g| g.user.as_deref() != Some("2"));
        })
        .unwrap();
    let before = stored_grants(&server, "1");
    for change in [remove, promote] {
        let outcome = engine_run::run(&recorder.engine, &p, change).await;
        assert_eq!(outcome.verdict, Verdict::Stale);
        assert!(
            outcome.message().contains("is now not a member"),
            "{}",
            outcome.message()
        );
    }
    assert_eq!(stored_grants(&server, "1"), before);
    assert!(!calls.all().iter().any(|c| c.starts_with("PUT")));
    assert_eq!(
        engine_run::audited_outcomes(&recorder.audit()),
        ["stale", "stale", "stale"]
    );
}

#[tokio::test]
async fn groups_and_inherited_rows_are_read_only() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let before = server.store.snapshot();
    let all = p.list_members(&research(), true).await.unwrap();
    let group = all.iter().find(|m| m.kind == MemberKind::Group).unwrap();
    let err = p
        .set_role(&research(), group, &Role::named("editor"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.to_string().contains("user group"), "{err}");
    let inherited = all.iter().find(|m| !m.access.is_direct()).unwrap();
    let err = p.remove_member(&research(), inherited).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.to_string().contains("group: Data team"), "{err}");
    assert_eq!(server.store.snapshot(), before);
}

/// The emulator's own answers where the client would refuse to send bad input.
#[tokio::test]
async fn emulator_answers_bad_requests_in_the_documented_envelopes() {
    let server = serve(dataset()).await;
    let http = common::http_client();
    let url = |p: &str| format!("{}{p}", server.base_url("paradigm"));

    let resp = http
        .post(url("/api/v3/workspaces/1/members"))
        .bearer_auth(TOKEN)
        .json(&json!({"user_id": 3, "role": "boss"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let rid = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["id"], rid.as_str());
    assert_eq!(body["code"], 400);
    assert_eq!(body["fields"]["role"][0]["error"], "invalid_choice");

    let resp = http
        .get(url("/api/v3/company/workspaces?page=99"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"detail": "Invalid page."})
    );

    let resp = http
        .get(url("/api/v3/company/workspaces"))
        .header("Authorization", format!("Token {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["error"], "authentication_failed");

    let resp = http
        .get(url("/api/v3/no-such-route"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);
    assert!(resp.headers().contains_key("x-request-id"));
    assert_eq!(
        resp.json::<Value>().await.unwrap(),
        json!({"detail": "Not found."})
    );

    let page: Value = http
        .get(url("/api/v3/company/workspaces"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["count"], WORKSPACES);
    assert_eq!(
        page["results"].as_array().unwrap().len(),
        20,
        "DRF default page size"
    );
    assert_eq!(page["results"][0]["id"], 1, "integer IDs");
    assert_eq!(
        page["next"],
        format!(
            "http://{}/paradigm/api/v3/company/workspaces?page=2",
            server.addr
        )
        .as_str()
    );
}

#[tokio::test]
async fn a_lost_add_answer_is_settled_by_re_reading_not_by_resending() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let change = planner::add(p.as_ref(), PROFILE, "1", &UserRef::Id("3".into()), "editor")
        .await
        .expect("plan");
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::POST)
            .path_contains("/paradigm/api/v3/workspaces/1/members")
            .after_apply(),
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Done,
        "the add landed; the re-read proves it: {}",
        outcome.message()
    );
    assert!(
        outcome
            .steps
            .iter()
            .any(|s| s.contains("answer was lost") && s.contains("took effect")),
        "{:?}",
        outcome.steps
    );
    assert_eq!(calls.count("POST"), 1, "a POST is never sent twice");
    assert!(stored_grants(&server, "1").contains(&grant_tuple("user", "3", "editor")));
}

#[tokio::test]
async fn a_rewrite_whose_answers_are_all_lost_is_confirmed_by_re_reading() {
    let server = serve(dataset()).await;
    let recorder = common::engine();
    let (p, calls) = engine_client(&server, &recorder);
    let change = planner::set_role(p.as_ref(), PROFILE, "1", &UserRef::Id("2".into()), "viewer")
        .await
        .expect("plan");
    let attempts = fast_retries().max_attempts;
    server.faults().inject(
        FaultRule::new(Fault::ResetConnection)
            .method(Method::PUT)
            .path_contains("/paradigm/api/v3/workspaces/1/members")
            .times(attempts)
            .after_apply(),
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(
        outcome.verdict,
        Verdict::Done,
        "applied although every answer was lost: {}",
        outcome.message()
    );
    assert!(
        outcome
            .steps
            .iter()
            .any(|s| s.contains("answer was lost") && s.contains("took effect")),
        "{:?}",
        outcome.steps
    );
    assert_eq!(
        calls.count("PUT"),
        attempts as usize,
        "PUT is retried, never more"
    );
    assert!(stored_grants(&server, "1").contains(&grant_tuple("user", "2", "viewer")));
}

#[tokio::test]
async fn a_rewrite_that_never_landed_reports_the_failure_and_changes_nothing() {
    let server = serve(dataset()).await;
    let p = client(&server);
    let grace = direct_member(p.as_ref(), "2").await;
    let before = stored_grants(&server, "1");
    server.faults().inject(
        FaultRule::new(Fault::Status {
            code: 502,
            retry_after: None,
        })
        .method(Method::PUT)
        .times(fast_retries().max_attempts),
    );
    let err = p
        .set_role(&research(), &grace, &Role::named("viewer"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.kind.clone(), err.status),
        (ErrorKind::Server, Some(502))
    );
    assert_eq!(stored_grants(&server, "1"), before);
}
