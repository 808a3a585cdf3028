//! Pins the Paradigm client's requests to the documented wire format with wiremock: method, path,
//! query, `Authorization: Bearer`, JSON bodies, `next`-link paging, and error-envelope decoding. The
//! read-modify-write runs through the change engine, as every change does, so its pinned sequence
//! includes the engine's precheck and verification reads.

use crate::{common, engine_run};

use roster::engine::{Verdict, planner};
use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{Access, Member, MemberKind, NewWorkspace, Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::secret::Secret;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, tier: Option<&str>) -> Arc<dyn Provider> {
    build(config(server, tier)).expect("client builds")
}

fn config(server: &MockServer, tier: Option<&str>) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::paradigm::KIND,
        base_url: server.uri(),
        token: Secret::new("k"),
        settings: match tier {
            Some(tier) => roster::providers::ProviderSettings::new().with("tier", tier),
            None => roster::providers::ProviderSettings::new(),
        },
        http: HttpSettings {
            max_attempts: 1,
            base_backoff: Duration::from_millis(1),
            ..HttpSettings::default()
        },
        observer: None,
    }
}

fn ws7() -> Workspace {
    Workspace {
        id: "7".into(),
        name: "Research".into(),
    }
}

fn json_reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn user_member(id: &str, email: &str, role: &str) -> Member {
    Member {
        id: id.into(),
        email: Some(email.into()),
        name: None,
        role: Role::named(role),
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    }
}

fn members_body(users: Value) -> Value {
    json!({"users": users, "groups": [{"id": 3, "name": "Data team", "role": "viewer"}]})
}

#[tokio::test]
async fn lists_workspaces_by_following_next_links_with_bearer_auth() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .and(query_param("page", "1"))
        .and(query_param("page_size", "100"))
        .and(header("authorization", "Bearer k"))
        .respond_with(json_reply(
            200,
            json!({"count": 3, "previous": null,
                   "next": format!("{base}/api/v3/company/workspaces?page=2&page_size=100"),
                   "results": [{"id": 1, "name": "A", "workspace_type": "custom"},
                               {"id": 2, "name": "B", "workspace_type": "company"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .and(query_param("page", "2"))
        .and(header("authorization", "Bearer k"))
        .respond_with(json_reply(
            200,
            json!({"count": 3, "next": null, "previous": format!("{base}/api/v3/company/workspaces?page_size=100"),
                   "results": [{"id": 3, "name": "C"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let names: Vec<(String, String)> = client(&server, None)
        .list_workspaces()
        .await
        .unwrap()
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect();
    assert_eq!(
        names,
        [
            ("1".into(), "A".into()),
            ("2".into(), "B".into()),
            ("3".into(), "C".into())
        ]
    );
}

#[tokio::test]
async fn user_tier_lists_the_user_tree() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/workspaces"))
        .and(query_param("page", "1"))
        .and(header("authorization", "Bearer k"))
        .respond_with(json_reply(200, json!({"count": 1, "next": null, "previous": null, "results": [{"id": 9, "name": "Mine"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let list = client(&server, Some("user"))
        .list_workspaces()
        .await
        .unwrap();
    assert_eq!(
        list,
        [Workspace {
            id: "9".into(),
            name: "Mine".into()
        }]
    );
}

#[tokio::test]
async fn refuses_a_next_link_to_another_host_and_a_looping_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .respond_with(json_reply(
            200,
            json!({"count": 9, "next": "http://evil.example/api/v3/company/workspaces?page=2", "results": []}),
        ))
        .mount(&server)
        .await;
    let err = client(&server, None).list_workspaces().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.to_string().contains("another host"), "{err}");

    let looping = MockServer::start().await;
    let again = format!(
        "{}/api/v3/company/workspaces?page=2&page_size=100",
        looping.uri()
    );
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .respond_with(json_reply(
            200,
            json!({"count": 9, "next": again, "results": [{"id": 1, "name": "A"}]}),
        ))
        .mount(&looping)
        .await;
    let err = client(&looping, None).list_workspaces().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.to_string().contains("loops"), "{err}");
}

#[tokio::test]
async fn add_by_id_posts_the_documented_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/workspaces/7/members"))
        .and(header("authorization", "Bearer k"))
        .and(body_json(json!({"user_id": 7, "role": "editor"})))
        .respond_with(
            json_reply(
                201,
                members_body(json!([{"id": 7, "email": "a@x.io", "role": "editor"}])),
            )
            .insert_header("x-request-id", "rid-post"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let report = client(&server, None)
        .add_member(&ws7(), &UserRef::Id("7".into()), &Role::named("editor"))
        .await
        .unwrap();
    assert_eq!(report.request_ids, ["rid-post"]);
}

#[tokio::test]
async fn add_by_email_pages_company_users_then_posts_the_id() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param("page", "1"))
        .and(query_param_is_missing("group_id"))
        .respond_with(json_reply(200, json!({"count": 2, "next": format!("{base}/api/v3/users?page=2&page_size=100"),
            "results": [{"id": 4, "email": "a@x.io", "first_name": "A", "last_name": "B", "is_active": true}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param("page", "2"))
        .respond_with(json_reply(200, json!({"count": 2, "next": null,
            "results": [{"id": 42, "email": "Grace@X.io", "first_name": "Grace", "last_name": "H", "is_active": true}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/workspaces/7/members"))
        .and(body_json(json!({"user_id": 42, "role": "viewer"})))
        .respond_with(json_reply(201, members_body(json!([]))))
        .expect(1)
        .mount(&server)
        .await;
    client(&server, None)
        .add_member(
            &ws7(),
            &UserRef::Email("grace@x.io".into()),
            &Role::named("viewer"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn inherited_listing_reads_each_groups_users() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .and(header("authorization", "Bearer k"))
        .respond_with(json_reply(
            200,
            members_body(json!([{"id": 1, "email": "o@x.io", "role": "owner"}])),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param("group_id", "3"))
        .and(query_param("page", "1"))
        .respond_with(json_reply(200, json!({"count": 1, "next": null,
            "results": [{"id": 5, "email": "g@x.io", "first_name": "Gus", "last_name": null, "is_active": true}]})))
        .expect(1)
        .mount(&server)
        .await;
    let members = client(&server, None)
        .list_members(&ws7(), true)
        .await
        .unwrap();
    let last = members.last().unwrap();
    assert_eq!(
        (
            last.id.as_str(),
            last.name.as_deref(),
            last.role.name.as_str(),
            last.access.via()
        ),
        ("5", Some("Gus"), "viewer", Some("group: Data team"))
    );
}

/// The group's users, read for the inherited rows of every listing the engine makes.
async fn mount_group_users(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param("group_id", "3"))
        .respond_with(json_reply(200, json!({"count": 1, "next": null,
            "results": [{"id": 5, "email": "g@x.io", "first_name": "Gus", "last_name": null, "is_active": true}]})))
        .mount(server)
        .await;
}

/// GET returning `before` (twice: the engine's precheck, then the provider's read of the list to
/// modify), PUT with the whole intended set, GET again (the engine's verification) returning `after`.
async fn mount_rewrite(server: &MockServer, before: Value, put_body: Value, after: Value) {
    mount_group_users(server).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(200, members_body(before)))
        .up_to_n_times(2)
        .expect(2)
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v3/workspaces/7/members"))
        .and(header("authorization", "Bearer k"))
        .and(body_json(put_body))
        .respond_with(
            json_reply(200, members_body(after.clone())).insert_header("x-request-id", "rid-put"),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(200, members_body(after)))
        .expect(1)
        .mount(server)
        .await;
}

/// Runs `want` for member 7 (seen as editor) of workspace 7 through the engine.
async fn run_on_seven(server: &MockServer, want: Option<&str>) -> roster::engine::ChangeOutcome {
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(server, None));
    let change = planner::from_row(
        roster::providers::paradigm::KIND,
        engine_run::PROFILE,
        &ws7(),
        &user_member("7", "a@x.io", "editor"),
        want.map(Role::named),
    );
    engine_run::run(&recorder.engine, &p, change).await
}

/// Method, path and query, and JSON body (if any) of every request the server received.
async fn shapes(server: &MockServer) -> Vec<(String, String, Option<Value>)> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let target = match r.url.query() {
                Some(q) => format!("{}?{q}", r.url.path()),
                None => r.url.path().to_string(),
            };
            (
                r.method.to_string(),
                target,
                serde_json::from_slice(&r.body).ok(),
            )
        })
        .collect()
}

/// The requests of one rewrite through the engine: precheck read (members, then the group's
/// users), the provider's GET and PUT of `put`, the verification read.
fn rewrite_shapes(put: Value) -> Vec<(String, String, Option<Value>)> {
    let read = [
        ("GET", "/api/v3/company/workspaces/7/members", None),
        ("GET", "/api/v3/users?group_id=3&page=1&page_size=100", None),
    ];
    read.iter()
        .cloned()
        .chain([
            ("GET", "/api/v3/company/workspaces/7/members", None),
            ("PUT", "/api/v3/workspaces/7/members", Some(put)),
        ])
        .chain(read.iter().cloned())
        .map(|(m, p, b)| (m.to_string(), p.to_string(), b))
        .collect()
}

#[tokio::test]
async fn set_role_puts_the_full_member_set() {
    let server = MockServer::start().await;
    let before = json!([{"id": 8, "email": "o@x.io", "role": "owner"}, {"id": 7, "email": "a@x.io", "role": "editor"}]);
    let after = json!([{"id": 8, "email": "o@x.io", "role": "owner"}, {"id": 7, "email": "a@x.io", "role": "viewer"}]);
    let put = json!({"members": {
        "users": [{"id": 7, "role": "viewer"}, {"id": 8, "role": "owner"}],
        "groups": [{"id": 3, "role": "viewer"}]}});
    mount_rewrite(&server, before, put.clone(), after).await;
    let outcome = run_on_seven(&server, Some("viewer")).await;
    assert_eq!(outcome.verdict, Verdict::Done, "{}", outcome.message());
    assert_eq!(outcome.request_ids, ["rid-put"]);
    assert_eq!(shapes(&server).await, rewrite_shapes(put));
}

#[tokio::test]
async fn remove_puts_the_set_without_the_member() {
    let server = MockServer::start().await;
    let before = json!([{"id": 8, "email": "o@x.io", "role": "owner"}, {"id": 7, "email": "a@x.io", "role": "editor"}]);
    let after = json!([{"id": 8, "email": "o@x.io", "role": "owner"}]);
    let put = json!({"members": {"users": [{"id": 8, "role": "owner"}], "groups": [{"id": 3, "role": "viewer"}]}});
    mount_rewrite(&server, before, put.clone(), after).await;
    let outcome = run_on_seven(&server, None).await;
    assert_eq!(outcome.verdict, Verdict::Done, "{}", outcome.message());
    assert_eq!(shapes(&server).await, rewrite_shapes(put));
}

#[tokio::test]
async fn a_re_read_that_differs_from_the_intended_set_is_reported_as_partial() {
    let server = MockServer::start().await;
    let before = json!([{"id": 7, "email": "a@x.io", "role": "editor"}]);
    let put = json!({"members": {"users": [{"id": 7, "role": "viewer"}], "groups": [{"id": 3, "role": "viewer"}]}});
    // Someone else's write lands between the PUT and the re-read.
    let after = json!([{"id": 7, "email": "a@x.io", "role": "owner"}]);
    mount_group_users(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(200, members_body(before)))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/api/v3/workspaces/7/members"))
        .and(body_json(put))
        .respond_with(json_reply(200, json!({"users": [], "groups": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(200, members_body(after)))
        .mount(&server)
        .await;
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(&server, None));
    let change = planner::from_row(
        roster::providers::paradigm::KIND,
        engine_run::PROFILE,
        &ws7(),
        &user_member("7", "a@x.io", "editor"),
        Some(Role::named("viewer")),
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Partial);
    let shown = outcome.message();
    assert!(
        shown.contains("a fresh read shows <a@x.io> (id 7) is a member with role owner"),
        "{shown}"
    );
    assert!(shown.contains("roster recover"), "{shown}");
    assert_eq!(
        recorder.engine.unfinished().expect("journal").len(),
        1,
        "the journal keeps it"
    );
    assert_eq!(engine_run::audited_outcomes(&recorder.audit()), ["partial"]);
}

#[tokio::test]
async fn create_posts_name_and_description() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/workspaces"))
        .and(header("authorization", "Bearer k"))
        .and(body_json(
            json!({"name": "Board", "description": "Quarterly"}),
        ))
        .respond_with(json_reply(
            201,
            json!({"id": 12, "name": "Board", "workspace_type": "custom"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server, None)
        .create_workspace(&NewWorkspace {
            name: "Board".into(),
            description: Some("Quarterly".into()),
            ..NewWorkspace::default()
        })
        .await
        .unwrap();
    assert_eq!(
        created,
        Workspace {
            id: "12".into(),
            name: "Board".into()
        }
    );
}

#[tokio::test]
async fn error_envelopes_decode_into_message_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/workspaces/7/members"))
        .respond_with(json_reply(400, json!({
            "id": "req-400", "code": 400, "error": "validation_error", "detail": "Invalid input.",
            "doc_url": "https://docs.lighton.ai", "fields": {"user_id": [{"error": "invalid", "detail": "Unknown user."}]}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(404, json!({
            "id": "req-404", "code": 404, "error": "not_found", "detail": "Workspace not found.", "doc_url": "https://docs.lighton.ai"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .respond_with(
            json_reply(
                403,
                json!({"detail": "You do not have permission to perform this action."}),
            )
            .insert_header("x-request-id", "hdr-403"),
        )
        .mount(&server)
        .await;
    let p = client(&server, None);

    let err = p
        .add_member(&ws7(), &UserRef::Id("70".into()), &Role::named("owner"))
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert_eq!(err.kind, ErrorKind::Invalid);
    for part in [
        "HTTP 400",
        "Invalid input.",
        "user_id: Unknown user.",
        "req-400",
    ] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }

    let err = p.list_members(&ws7(), false).await.unwrap_err();
    let shown = err.to_string();
    assert_eq!(err.kind, ErrorKind::NotFound);
    for part in ["HTTP 404", "Workspace not found.", "req-404"] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }

    let err = p.list_workspaces().await.unwrap_err();
    let shown = err.to_string();
    assert_eq!(err.kind, ErrorKind::Forbidden);
    for part in ["HTTP 403", "You do not have permission", "hdr-403"] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }
}

#[tokio::test]
async fn a_server_whose_next_links_never_end_is_stopped_at_the_page_cap() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces"))
        .respond_with(move |req: &wiremock::Request| {
            let page: u64 = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(1);
            json_reply(200, json!({"count": null, "results": [],
                "next": format!("{base}/api/v3/company/workspaces?page={}&page_size=100", page + 1)}))
        })
        .mount(&server)
        .await;
    let err = client(&server, None).list_workspaces().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.to_string().contains("after 5000 pages"), "{err}");
    assert_eq!(server.received_requests().await.unwrap().len(), 5000);
}

#[tokio::test]
async fn inherited_listing_names_direct_members_from_the_company_directory_read_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(
            200,
            members_body(json!([{"id": 1, "email": "o@x.io", "role": "owner"}])),
        ))
        .expect(2)
        .mount(&server)
        .await;
    mount_group_users(&server).await;
    // The members answer has no names: the company members listing (no group) has them, read
    // once for both listings below.
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param_is_missing("group_id"))
        .and(query_param("page", "1"))
        .and(header("authorization", "Bearer k"))
        .respond_with(json_reply(200, json!({"count": 1, "next": null,
            "results": [{"id": 1, "email": "o@x.io", "first_name": "Olga", "last_name": "Owens", "is_active": true}]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, None);
    for _ in 0..2 {
        let mut members = client.list_members(&ws7(), true).await.unwrap();
        assert_eq!(members[0].name, None, "the members answer has no names");
        client.name_members(&mut members).await;
        let owner = members.iter().find(|m| m.id == "1").unwrap();
        assert_eq!(owner.name.as_deref(), Some("Olga Owens"));
        assert!(owner.access.is_direct());
    }
}

#[tokio::test]
async fn a_directory_that_cannot_be_read_leaves_the_listing_with_emails() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/company/workspaces/7/members"))
        .respond_with(json_reply(
            200,
            members_body(json!([{"id": 1, "email": "o@x.io", "role": "owner"}])),
        ))
        .mount(&server)
        .await;
    mount_group_users(&server).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/users"))
        .and(query_param_is_missing("group_id"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let client = client(&server, None);
    let mut members = client.list_members(&ws7(), true).await.unwrap();
    client.name_members(&mut members).await;
    let owner = members.iter().find(|m| m.id == "1").unwrap();
    assert_eq!(
        (owner.name.as_deref(), owner.email.as_deref()),
        (None, Some("o@x.io"))
    );
}
