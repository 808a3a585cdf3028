//! The sandbox at scale, through real HTTP against a sandbox in this process.
//!
//! - Every emulator lists a 100,000-member workspace within a generous deadline, and answers a
//!   small request while it is serving that listing (issue 13, target 5).
//! - Without any timing, a listing looks each member up once in the store's user index (built once
//!   per state), instead of scanning the users for every member: a quadratic regression fails here.

use axum::http::Method;
use roster::model::ProviderKind;
use roster::sandbox::generate::{Layout, generate_layout};
use roster::sandbox::store::{Dataset, WorkspaceData};
use roster::sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;
use std::time::{Duration, Instant};

/// Members of the big workspace.
const BIG: usize = 100_000;

/// How long a 100,000-member listing may take here: generous, for a debug build on a busy machine
/// (the release figure is measured by `cargo bench --bench roster -- sandbox`, target ≤ 1 s).
const BIG_DEADLINE: Duration = Duration::from_secs(30);

/// How long the small request may take when it does not beat the big one.
const SMALL_BOUND: Duration = Duration::from_secs(1);

/// The 100,000-member tests build big datasets: one at a time keeps memory and CPU in bounds.
static ONE_BIG_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A runtime that does not wait for its blocking tasks when it goes: a test that fails while the
/// sandbox is still building a big answer must fail at once, not when the answer is done.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Runtime {
    /// One worker: a handler that kept it busy for the whole of a big answer would hold up every
    /// other request, which the tests would see.
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("build a runtime");
        Runtime(Some(runtime))
    }

    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.0.as_ref().expect("the runtime").block_on(future)
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// A client for the sandbox on loopback, patient enough for the big answers.
pub(crate) fn client() -> reqwest::Client {
    roster::http::install_crypto();
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(120))
        .build()
        .expect("build reqwest client")
}

/// A dataset where only `kind` has workspaces: one named "Everyone" with `members` members, and a
/// small one named "Small".
fn dataset(kind: ProviderKind, members: usize) -> Dataset {
    let list = vec![("Everyone".to_string(), members), ("Small".to_string(), 3)];
    let mut layout = Layout::uniform(0, 0);
    match kind {
        ProviderKind::Askui => layout.askui = list,
        ProviderKind::Dreadnode => layout.dreadnode = list,
        ProviderKind::Paradigm => layout.paradigm = list,
        ProviderKind::Transactionlink => layout.transactionlink = list,
    }
    let mut data = generate_layout(&layout, 3);
    if kind == ProviderKind::Transactionlink {
        // One user in ten an organisation admin: the organisation listing adds each of them, which
        // must not cost a scan of the members per admin.
        for user in data.transactionlink.users.iter_mut().step_by(10) {
            user.org_role = Some("admin".to_string());
        }
    }
    data
}

fn workspace<'a>(data: &'a Dataset, kind: ProviderKind, name: &str) -> &'a WorkspaceData {
    roster::sandbox::section(data, kind)
        .workspaces
        .iter()
        .find(|w| w.name == name)
        .expect("the workspace exists")
}

/// A GET request with the provider's own auth.
fn get(
    client: &reqwest::Client,
    sandbox: &Sandbox,
    kind: ProviderKind,
    path: &str,
) -> reqwest::RequestBuilder {
    request(client, sandbox, kind, Method::GET, path)
}

/// A request with the provider's own auth, to `path` under its base URL.
pub(crate) fn request(
    client: &reqwest::Client,
    sandbox: &Sandbox,
    kind: ProviderKind,
    method: Method,
    path: &str,
) -> reqwest::RequestBuilder {
    let config = sandbox.provider_config(kind);
    let token = config.token.expose().to_string();
    let url = format!("{}{path}", config.base_url);
    let builder = client.request(method, url);
    match kind {
        ProviderKind::Askui | ProviderKind::Paradigm => builder.bearer_auth(token),
        ProviderKind::Dreadnode => builder.header("x-api-key", token),
        ProviderKind::Transactionlink => builder.header("authorization", token),
    }
}

/// The path listing a workspace's members (what roster's client reads for it), and how many
/// entries its answer must hold.
fn member_listing(data: &Dataset, kind: ProviderKind, w: &WorkspaceData) -> (String, usize) {
    let users = w.members.iter().filter(|g| g.user.is_some()).count();
    match kind {
        ProviderKind::Askui => (
            format!(
                "/api/v1/workspace-memberships?workspace_id={}&expand=user",
                w.id
            ),
            users,
        ),
        ProviderKind::Dreadnode => (
            format!(
                "/api/v1/org/{}/ws/{}/users",
                data.dreadnode.org.as_deref().unwrap_or_default(),
                w.key.as_deref().unwrap_or(&w.id)
            ),
            users,
        ),
        ProviderKind::Paradigm => (
            format!("/api/v3/company/workspaces/{}/members", w.id),
            users,
        ),
        ProviderKind::Transactionlink => {
            // Every organisation owner and admin, direct members too (their organisation role is
            // access of its own: issue 12, bug 10).
            let admins = data
                .transactionlink
                .users
                .iter()
                .filter(|u| matches!(u.org_role.as_deref(), Some("owner" | "admin")))
                .count();
            (
                format!("/organizations/workspaces/{}/memberships", w.id),
                users + admins,
            )
        }
    }
}

/// How many members an answer of [`member_listing`] lists.
fn listed(kind: ProviderKind, body: &Value) -> usize {
    let list = match kind {
        ProviderKind::Askui => &body["data"],
        ProviderKind::Paradigm => &body["users"],
        ProviderKind::Dreadnode | ProviderKind::Transactionlink => body,
    };
    list.as_array().map_or(0, Vec::len)
}

/// A small request to another path that still reads the provider's state.
fn small_request(data: &Dataset, kind: ProviderKind) -> String {
    match kind {
        // AskUI has no workspace listing: list the small workspace's members instead.
        ProviderKind::Askui => member_listing(data, kind, workspace(data, kind, "Small")).0,
        ProviderKind::Dreadnode => format!(
            "/api/v1/org/{}/ws",
            data.dreadnode.org.as_deref().unwrap_or_default()
        ),
        ProviderKind::Paradigm => "/api/v3/company/workspaces".to_string(),
        ProviderKind::Transactionlink => "/organizations/workspaces".to_string(),
    }
}

/// Polls `condition` until it holds, failing after `within`. It sleeps on this thread rather than
/// on the runtime's timer: the timer is driven by the runtime's worker, which a regression would
/// keep busy, and this wait must not end late because of it.
fn wait_for(what: &str, within: Duration, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + within;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn lists_a_big_workspace_and_keeps_answering(kind: ProviderKind) {
    let _one = ONE_BIG_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    Runtime::new().block_on(big_listing_while_answering(kind));
}

async fn big_listing_while_answering(kind: ProviderKind) {
    let data = dataset(kind, BIG);
    let big = workspace(&data, kind, "Everyone");
    let users = big.members.iter().filter(|g| g.user.is_some()).count();
    assert_eq!(users, BIG, "{kind:?}: the workspace has {BIG} members");
    let (big_path, expected) = member_listing(&data, kind, big);
    let small_path = small_request(&data, kind);
    let sandbox = Sandbox::start(SandboxOptions::new(data))
        .await
        .expect("start the sandbox");
    let client = client();

    let started = Instant::now();
    let listing = get(&client, &sandbox, kind, &big_path);
    let big_task = tokio::spawn(async move {
        let answer = listing.send().await.expect("the big listing is answered");
        // The head goes out once the whole body is built: until then the sandbox is at work on it.
        let ready = Instant::now();
        let status = answer.status();
        let body = answer
            .bytes()
            .await
            .expect("the big listing's body arrives");
        (status, body, ready, Instant::now())
    });
    wait_for("the big listing to reach the sandbox", BIG_DEADLINE, || {
        sandbox.request_count() >= 1
    });

    let asked = Instant::now();
    let small = get(&client, &sandbox, kind, &small_path)
        .send()
        .await
        .expect("the small request is answered");
    let small_done = Instant::now();
    assert_eq!(small.status(), 200, "{kind:?} small request");

    let (status, body, big_ready, big_done) = tokio::time::timeout(BIG_DEADLINE, big_task)
        .await
        .unwrap_or_else(|_| {
            panic!("{kind:?}: no answer to the {BIG}-member listing within {BIG_DEADLINE:?}")
        })
        .expect("the listing task");
    assert_eq!(status, 200, "{kind:?} big listing");
    let body: Value = serde_json::from_slice(&body).expect("the listing is JSON");
    assert_eq!(
        listed(kind, &body),
        expected,
        "{kind:?}: every member listed"
    );
    assert!(expected >= BIG);
    let small_took = small_done - asked;
    eprintln!(
        "{kind:?}: {expected} members listed in {:?} (answer ready after {:?}); the small \
         request took {small_took:?}",
        big_done - started,
        big_ready - started,
    );
    assert!(
        small_done < big_ready || small_took <= SMALL_BOUND,
        "{kind:?}: the small request took {small_took:?} and was answered only after the big \
         listing was ready ({:?}): it waited for it",
        big_ready - started
    );
    sandbox.shutdown().await;
}

#[test]
fn askui_lists_100k_members_and_keeps_answering() {
    lists_a_big_workspace_and_keeps_answering(ProviderKind::Askui);
}

#[test]
fn dreadnode_lists_100k_members_and_keeps_answering() {
    lists_a_big_workspace_and_keeps_answering(ProviderKind::Dreadnode);
}

#[test]
fn paradigm_lists_100k_members_and_keeps_answering() {
    lists_a_big_workspace_and_keeps_answering(ProviderKind::Paradigm);
}

#[test]
fn transactionlink_lists_100k_members_and_keeps_answering() {
    lists_a_big_workspace_and_keeps_answering(ProviderKind::Transactionlink);
}

/// Lists a 5,000-member workspace twice and checks the work done through the store's user index:
/// one index for the state, one look-up per member per listing. A listing that scanned the users
/// for each member (the quadratic code this replaced) makes no look-ups and fails here.
async fn each_member_is_looked_up_once(kind: ProviderKind) {
    const MEMBERS: usize = 5_000;
    let data = dataset(kind, MEMBERS);
    let (path, expected) = member_listing(&data, kind, workspace(&data, kind, "Everyone"));
    let sandbox = Sandbox::start(SandboxOptions::new(data))
        .await
        .expect("start the sandbox");
    let client = client();
    let builds_before = sandbox.store().index_builds();
    for round in 1..=2u64 {
        let answer = get(&client, &sandbox, kind, &path)
            .send()
            .await
            .expect("the listing is answered");
        assert_eq!(answer.status(), 200);
        let body: Value = answer.json().await.expect("JSON");
        assert_eq!(listed(kind, &body), expected);
        let view = sandbox.store().view();
        let lookups = view.built_index(kind).map_or(0, |i| i.lookups());
        assert_eq!(
            lookups,
            round * expected as u64,
            "{kind:?}: one user look-up per member and listing"
        );
        assert_eq!(
            sandbox.store().index_builds() - builds_before,
            1,
            "{kind:?}: the users are indexed once for an unchanged state"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn askui_listing_looks_each_member_up_once() {
    each_member_is_looked_up_once(ProviderKind::Askui).await;
}

#[tokio::test]
async fn dreadnode_listing_looks_each_member_up_once() {
    each_member_is_looked_up_once(ProviderKind::Dreadnode).await;
}

#[tokio::test]
async fn paradigm_listing_looks_each_member_up_once() {
    each_member_is_looked_up_once(ProviderKind::Paradigm).await;
}

#[tokio::test]
async fn a_change_gives_the_next_listing_a_fresh_index() {
    let kind = ProviderKind::Dreadnode;
    let data = dataset(kind, 50);
    let w = workspace(&data, kind, "Everyone").clone();
    let (path, _) = member_listing(&data, kind, &w);
    let member = w.members[0].user.clone().expect("a user grant");
    let sandbox = Sandbox::start(SandboxOptions::new(data))
        .await
        .expect("start the sandbox");
    let client = client();
    let list = || async {
        let answer = get(&client, &sandbox, kind, &path).send().await.unwrap();
        answer.json::<Value>().await.unwrap()
    };
    list().await;
    let builds = sandbox.store().index_builds();
    let removed = request(
        &client,
        &sandbox,
        kind,
        Method::DELETE,
        &format!("{}/{member}", path),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(removed.status(), 204);
    let after = list().await;
    assert_eq!(
        sandbox.store().index_builds(),
        builds + 1,
        "rebuilt after the change"
    );
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["user_id"] != member.as_str()),
        "the removed member is no longer listed"
    );
    sandbox.shutdown().await;
}
