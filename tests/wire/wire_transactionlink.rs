//! Pins the TransactionLink client's requests to the documented wire format with wiremock: the raw
//! `tot_…` token with no `Bearer`, paths, Spring paging of users, the `{userId, roleId}` PUT body, the
//! DELETE, and decoding of `{fingerprint, errors}`. An add runs through the change engine, as every
//! change does: the PUT is an upsert, and the engine's precheck is what keeps it from overwriting an
//! existing member, so the pinned sequence includes the engine's precheck and verification reads.

use crate::{common, engine_run};

use roster::engine::{Verdict, planner};
use roster::error::ErrorKind;
use roster::http::HttpSettings;
use roster::model::{Access, Member, MemberKind, Role, UserRef, Workspace};
use roster::providers::{Provider, ProviderConfig, build};
use roster::secret::Secret;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const WS: &str = "2a000000-0000-4000-8000-000000000001";
const U1: &str = "1a000000-0000-4000-8000-000000000001";
const U2: &str = "1a000000-0000-4000-8000-000000000002";
const U3: &str = "1a000000-0000-4000-8000-000000000003";
const R_ADMIN: &str = "3a000000-0000-4000-8000-000000000001";
const R_VIEWER: &str = "3a000000-0000-4000-8000-000000000002";

fn client(server: &MockServer) -> Arc<dyn Provider> {
    build(config(server)).expect("client builds")
}

fn config(server: &MockServer) -> ProviderConfig {
    ProviderConfig {
        kind: roster::providers::transactionlink::KIND,
        base_url: server.uri(),
        token: Secret::new("tot_x"),
        settings: roster::providers::ProviderSettings::new(),
        http: HttpSettings {
            max_attempts: 1,
            base_backoff: Duration::from_millis(1),
            ..HttpSettings::default()
        },
        observer: None,
    }
}

fn ws() -> Workspace {
    Workspace {
        id: WS.into(),
        name: "Payments".into(),
    }
}

fn json_reply(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn role_ref(id: &str, name: &str, kind: &str) -> Value {
    json!({"id": id, "name": name, "workspaceId": WS, "createdDateTime": "2025-01-01T00:00:00Z", "type": kind})
}

fn membership(user: &str, role: Value) -> Value {
    json!({"workspaceId": WS, "userId": user, "role": role})
}

fn user(id: &str, email: &str, first: &str) -> Value {
    json!({"id": id, "email": email, "idpId": null, "roleId": R_ADMIN,
           "profile": {"firstName": first, "lastName": "Doe"}, "createdDateTime": "2025-01-01T00:00:00Z"})
}

/// The raw token, and never a `Bearer` scheme: wiremock's `header` matcher checks the exact value.
fn auth() -> wiremock::matchers::HeaderExactMatcher {
    header("authorization", "tot_x")
}

async fn mount_roles(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("/organizations/workspaces/{WS}/roles")))
        .and(auth())
        .respond_with(json_reply(
            200,
            json!([
                role_ref(R_ADMIN, "Admin", "WORKSPACE"),
                role_ref(R_VIEWER, "Viewer", "WORKSPACE")
            ]),
        ))
        .mount(server)
        .await;
}

async fn mount_direct(server: &MockServer, members: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/workspaces/{WS}/memberships")))
        .and(auth())
        .respond_with(json_reply(200, members))
        .mount(server)
        .await;
}

/// Two pages of users (page 0: U1, page 1: U2 and U3), each requested exactly once.
async fn mount_users(server: &MockServer) {
    mount_users_read(server, 1).await;
}

/// The same pages, each requested exactly `times` times.
async fn mount_users_read(server: &MockServer, times: u64) {
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .and(query_param("page", "0"))
        .and(query_param("size", "100"))
        .and(auth())
        .respond_with(json_reply(
            200,
            json!({"content": [user(U1, "ann@x.io", "Ann")],
            "totalElements": 3, "totalPages": 2, "size": 100, "number": 0}),
        ))
        .expect(times)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .and(query_param("page", "1"))
        .and(query_param("size", "100"))
        .and(auth())
        .respond_with(json_reply(
            200,
            json!({"content": [user(U2, "Bob@X.io", "Bob"), user(U3, "cy@x.io", "Cy")],
            "totalElements": 3, "totalPages": 2, "size": 100, "number": 1}),
        ))
        .expect(times)
        .mount(server)
        .await;
}

/// (id, email, name, role, via) of one listed member.
type Row<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

/// The workspace's direct members: `first` for the first read, `then` for every later one.
async fn mount_direct_then(server: &MockServer, first: Value, then: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/workspaces/{WS}/memberships")))
        .and(auth())
        .respond_with(json_reply(200, first))
        .up_to_n_times(1)
        .mount(server)
        .await;
    mount_direct(server, then).await;
}

/// The organisation-level memberships of the workspace (no one beyond the direct members).
async fn mount_organisation(server: &MockServer, members: Value) {
    Mock::given(method("GET"))
        .and(path(format!("/organizations/workspaces/{WS}/memberships")))
        .and(auth())
        .respond_with(json_reply(200, members))
        .mount(server)
        .await;
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

fn get(target: &str) -> (String, String, Option<Value>) {
    ("GET".into(), target.into(), None)
}

fn direct(user: &str, role: &str, name: &str) -> Member {
    Member {
        id: user.into(),
        email: None,
        name: None,
        role: Role {
            id: role.into(),
            name: name.into(),
        },
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    }
}

#[tokio::test]
async fn lists_workspaces_and_roles_with_the_raw_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/workspaces"))
        .and(auth())
        .respond_with(json_reply(
            200,
            json!([{"id": WS, "name": "Payments", "type": "LIVE"}]),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_roles(&server).await;
    let p = client(&server);
    assert_eq!(p.list_workspaces().await.unwrap(), [ws()]);
    let roles = p.list_roles(&ws()).await.unwrap();
    assert_eq!(
        roles[1],
        Role {
            id: R_VIEWER.into(),
            name: "Viewer".into()
        }
    );
    let received = server.received_requests().await.unwrap();
    assert!(
        received
            .iter()
            .all(|r: &Request| r.headers["authorization"] == "tot_x")
    );
}

#[tokio::test]
async fn members_are_joined_with_users_from_every_page_and_org_rows_are_inherited() {
    let server = MockServer::start().await;
    mount_direct(
        &server,
        json!([membership(U2, role_ref(R_ADMIN, "Admin", "WORKSPACE"))]),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("/organizations/workspaces/{WS}/memberships")))
        .and(auth())
        .respond_with(json_reply(
            200,
            json!([
                membership(U2, role_ref(R_ADMIN, "Admin", "WORKSPACE")),
                membership(
                    U1,
                    role_ref(
                        "4a000000-0000-4000-8000-000000000001",
                        "admin",
                        "ORGANIZATION"
                    )
                ),
            ]),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_users(&server).await;
    let members = client(&server).list_members(&ws(), true).await.unwrap();
    let rows: Vec<Row> = members
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.email.as_deref(),
                m.name.as_deref(),
                m.role.name.as_str(),
                m.access.via(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (U2, Some("Bob@X.io"), Some("Bob Doe"), "Admin", None),
            (
                U1,
                Some("ann@x.io"),
                Some("Ann Doe"),
                "admin",
                Some("organisation admin")
            ),
        ]
    );
}

#[tokio::test]
async fn add_by_email_puts_user_and_role_ids() {
    let server = MockServer::start().await;
    mount_roles(&server).await;
    // The engine's precheck reads the users for its listing; the add by email reads them again.
    mount_users_read(&server, 2).await;
    let admin_u1 = json!([membership(U1, role_ref(R_ADMIN, "Admin", "WORKSPACE"))]);
    mount_direct_then(
        &server,
        admin_u1.clone(),
        json!([
            membership(U1, role_ref(R_ADMIN, "Admin", "WORKSPACE")),
            membership(U2, role_ref(R_VIEWER, "Viewer", "WORKSPACE"))
        ]),
    )
    .await;
    mount_organisation(&server, admin_u1).await;
    Mock::given(method("PUT"))
        .and(path(format!("/workspaces/{WS}/memberships/{U2}")))
        .and(auth())
        .and(body_json(json!({"userId": U2, "roleId": R_VIEWER})))
        .respond_with(
            json_reply(
                200,
                membership(U2, role_ref(R_VIEWER, "Viewer", "WORKSPACE")),
            )
            .insert_header("x-request-id", "rid-put"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let viewer = Role {
        id: R_VIEWER.into(),
        name: "Viewer".into(),
    };
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(&server));
    let change = planner::add_user(
        roster::providers::transactionlink::KIND,
        engine_run::PROFILE,
        &ws(),
        &UserRef::Email("bob@x.io".into()),
        viewer,
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Done, "{}", outcome.message());
    assert_eq!(outcome.request_ids, ["rid-put"]);
    assert_eq!(
        outcome.steps.len(),
        3,
        "roles, users, PUT: {:?}",
        outcome.steps
    );
    // The users first, so that each membership becomes a row as it arrives.
    let precheck = [
        get("/organizations/users?page=0&size=100"),
        get("/organizations/users?page=1&size=100"),
        get(&format!("/workspaces/{WS}/memberships")),
        get(&format!("/organizations/workspaces/{WS}/memberships")),
    ];
    let add = [
        get(&format!("/organizations/workspaces/{WS}/roles")),
        get("/organizations/users?page=0&size=100"),
        get("/organizations/users?page=1&size=100"),
        (
            "PUT".to_string(),
            format!("/workspaces/{WS}/memberships/{U2}"),
            Some(json!({"userId": U2, "roleId": R_VIEWER})),
        ),
    ];
    // The verification read: the users are known from the add's read.
    let verify = [
        get(&format!("/workspaces/{WS}/memberships")),
        get(&format!("/organizations/workspaces/{WS}/memberships")),
    ];
    let expected: Vec<_> = precheck.into_iter().chain(add).chain(verify).collect();
    assert_eq!(shapes(&server).await, expected);
}

#[tokio::test]
async fn add_of_an_existing_member_sends_no_put() {
    let server = MockServer::start().await;
    mount_roles(&server).await;
    mount_users(&server).await;
    let admin_u1 = json!([membership(U1, role_ref(R_ADMIN, "Admin", "WORKSPACE"))]);
    mount_direct(&server, admin_u1.clone()).await;
    mount_organisation(&server, admin_u1).await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let recorder = common::engine();
    let (p, _) = engine_run::client(&recorder.engine, config(&server));
    let change = planner::add_user(
        roster::providers::transactionlink::KIND,
        engine_run::PROFILE,
        &ws(),
        &UserRef::Id(U1.into()),
        Role {
            id: R_VIEWER.into(),
            name: "Viewer".into(),
        },
    );
    let outcome = engine_run::run(&recorder.engine, &p, change).await;
    assert_eq!(outcome.verdict, Verdict::Stale);
    let shown = outcome.message();
    assert!(
        shown.contains("is already a member with role Admin in \"Payments\"")
            && shown.contains("change their role instead"),
        "{shown}"
    );
    assert!(
        shapes(&server).await.iter().all(|(m, _, _)| m == "GET"),
        "only the precheck's reads"
    );
}

#[tokio::test]
async fn set_role_puts_the_new_role_id_and_remove_deletes() {
    let server = MockServer::start().await;
    mount_roles(&server).await;
    mount_direct(
        &server,
        json!([membership(U3, role_ref(R_ADMIN, "Admin", "WORKSPACE"))]),
    )
    .await;
    Mock::given(method("PUT"))
        .and(path(format!("/workspaces/{WS}/memberships/{U3}")))
        .and(auth())
        .and(body_json(json!({"userId": U3, "roleId": R_VIEWER})))
        .respond_with(json_reply(
            200,
            membership(U3, role_ref(R_VIEWER, "Viewer", "WORKSPACE")),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/workspaces/{WS}/memberships/{U3}")))
        .and(auth())
        .respond_with(ResponseTemplate::new(200).insert_header("x-request-id", "rid-del"))
        .expect(1)
        .mount(&server)
        .await;
    let p = client(&server);
    let member = direct(U3, R_ADMIN, "Admin");
    let viewer = Role {
        id: R_VIEWER.into(),
        name: "Viewer".into(),
    };
    p.set_role(&ws(), &member, &viewer).await.unwrap();
    let report = p.remove_member(&ws(), &member).await.unwrap();
    assert_eq!(report.request_ids, ["rid-del"]);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_parameter_is_stopped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .respond_with(json_reply(
            200,
            json!({"content": [user(U1, "ann@x.io", "Ann")],
            "totalElements": 5000, "totalPages": 50, "size": 100, "number": 0}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    mount_direct(&server, json!([])).await;
    let err = client(&server)
        .list_members(&ws(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.to_string().contains("asked for user page 1"), "{err}");
}

#[tokio::test]
async fn error_envelope_decodes_into_messages_status_and_fingerprint() {
    let server = MockServer::start().await;
    mount_roles(&server).await;
    mount_direct(&server, json!([])).await;
    Mock::given(method("PUT"))
        .respond_with(json_reply(
            400,
            json!({"fingerprint": "fp-7f3a", "errors": [
            {"code": "INVALID_ROLE", "message": "Role does not belong to workspace"},
            {"code": "OTHER", "message": "second problem"}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/workspaces"))
        .respond_with(json_reply(
            401,
            json!({"fingerprint": "fp-401", "errors": [
            {"code": "UNAUTHORIZED", "message": "Invalid organization token"}]}),
        ))
        .mount(&server)
        .await;
    let p = client(&server);
    let err = p
        .add_member(
            &ws(),
            &UserRef::Id(U2.into()),
            &Role {
                id: R_ADMIN.into(),
                name: "Admin".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Invalid);
    let shown = err.to_string();
    for part in [
        "HTTP 400",
        "Role does not belong to workspace; second problem",
        "fp-7f3a",
    ] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }
    let err = p.list_workspaces().await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    let shown = err.to_string();
    for part in ["HTTP 401", "Invalid organization token", "fp-401"] {
        assert!(shown.contains(part), "{part} missing in {shown}");
    }
    assert!(!shown.contains("tot_x"), "{shown}");
}

#[tokio::test]
async fn a_member_who_joined_since_the_users_were_read_is_named_after_one_more_read() {
    let server = MockServer::start().await;
    let page = |users: Vec<Value>| {
        json_reply(
            200,
            json!({"content": users, "totalElements": 2, "totalPages": 1, "size": 100, "number": 0}),
        )
    };
    // The first read knows Ann only; Bob joins the organisation and the workspace after it.
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .respond_with(page(vec![user(U1, "ann@x.io", "Ann")]))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .respond_with(page(vec![
            user(U1, "ann@x.io", "Ann"),
            user(U2, "bob@x.io", "Bob"),
        ]))
        .with_priority(2)
        .mount(&server)
        .await;
    let ann = membership(U1, role_ref(R_ADMIN, "Admin", "WORKSPACE"));
    let bob = membership(U2, role_ref(R_VIEWER, "Viewer", "WORKSPACE"));
    mount_direct_then(&server, json!([ann.clone()]), json!([ann, bob])).await;
    let client = client(&server);
    let first = client.list_members(&ws(), false).await.unwrap();
    assert_eq!(first.len(), 1);
    let second = client.list_members(&ws(), false).await.unwrap();
    let emails: Vec<Option<&str>> = second.iter().map(|m| m.email.as_deref()).collect();
    // Bob is named, and the rows made before the users were read again are not kept twice.
    assert_eq!(emails, [Some("ann@x.io"), Some("bob@x.io")]);
    let count =
        |p: &str, received: &[Request]| received.iter().filter(|r| r.url.path() == p).count();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        count("/organizations/users", &received),
        2,
        "users read twice"
    );
    assert_eq!(
        count(&format!("/workspaces/{WS}/memberships"), &received),
        3,
        "the second listing read again once the users were"
    );
}

#[tokio::test]
async fn an_organisation_of_more_than_1000_user_pages_is_listed() {
    // 1,200 pages of 100 users (one user a page here, to keep the test light): the member on the
    // last page is named. A cap of 1,000 pages refused every organisation over 100,000 users.
    const PAGES: u64 = 1_200;
    const LAST: &str = "1a000000-0000-4000-8000-000000001199";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .and(query_param("size", "100"))
        .and(auth())
        .respond_with(|req: &Request| {
            let page: u64 = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let id = format!("1a000000-0000-4000-8000-{page:012}");
            json_reply(
                200,
                json!({"content": [user(&id, &format!("u{page}@x.io"), "U")],
                "totalElements": PAGES * 100, "totalPages": PAGES, "size": 100, "number": page}),
            )
        })
        .mount(&server)
        .await;
    mount_direct(
        &server,
        json!([membership(LAST, role_ref(R_VIEWER, "Viewer", "WORKSPACE"))]),
    )
    .await;
    let members = client(&server).list_members(&ws(), false).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].email.as_deref(), Some("u1199@x.io"));
    let pages = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/organizations/users")
        .count();
    assert_eq!(pages as u64, PAGES, "each page read once");
}

#[tokio::test]
async fn a_server_that_never_runs_out_of_pages_is_stopped_at_the_page_cap() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/organizations/users"))
        .respond_with(|req: &Request| {
            let page: u64 = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            json_reply(
                200,
                json!({"content": [user(U1, "ann@x.io", "Ann")],
                "totalElements": u64::MAX, "totalPages": u64::MAX, "size": 100, "number": page}),
            )
        })
        .mount(&server)
        .await;
    mount_direct(&server, json!([])).await;
    let err = client(&server)
        .list_members(&ws(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.to_string().contains("after 5000 pages"), "{err}");
    // The reported page count is refused before any further page is asked for.
    let pages = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/organizations/users")
        .count();
    assert_eq!(pages, 1, "users pages read");
}
