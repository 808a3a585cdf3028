//! What a crawl of every workspace (`members --all`, the TUI's `u`) costs each provider in
//! requests, and that it behaves under a server's rate limit: the request counts are what makes a
//! crawl of hundreds of workspaces take seconds rather than minutes behind a 50–300 ms API.

use crate::common;

use futures::StreamExt;
use roster::model::{Access, ProviderKind};
use roster::ops::crawl_members;
use roster::providers::{self, Provider};
use roster::sandbox::generate::generate;
use roster::sandbox::store::{Grant, User};
use std::sync::Arc;

const WORKSPACES: usize = 30;
const MEMBERS: usize = 8;

fn provider(
    server: &common::TestServer,
    kind: ProviderKind,
    rate: Option<f64>,
) -> Arc<dyn Provider> {
    let mut config = server.sandbox.provider_config(kind);
    config.http.max_requests_per_second = rate;
    providers::build(config).expect("client builds")
}

/// Lists the workspaces and crawls them all like `members --all`; returns the members per
/// workspace and the requests the sandbox received.
async fn crawl(
    server: &common::TestServer,
    provider: Arc<dyn Provider>,
    inherited: bool,
) -> (Vec<usize>, u64) {
    let before = server.sandbox.request_count();
    let workspaces = provider.list_workspaces().await.expect("workspaces");
    let mut counts = vec![0; workspaces.len()];
    let mut crawl = crawl_members(provider, workspaces, inherited, 8);
    while let Some((index, workspace, result)) = crawl.next().await {
        let members = result.unwrap_or_else(|e| panic!("{}: {e}", workspace.name));
        counts[index] = members.len();
    }
    (counts, server.sandbox.request_count() - before)
}

#[tokio::test]
async fn every_provider_crawls_with_one_request_per_workspace_plus_a_constant() {
    let server = common::serve(generate(WORKSPACES, MEMBERS, 11)).await;
    for kind in roster::registry::KINDS {
        let (counts, requests) = crawl(&server, provider(&server, kind, None), false).await;
        assert_eq!(counts.len(), WORKSPACES, "{kind}");
        assert!(counts.iter().all(|&n| n >= MEMBERS), "{kind}: {counts:?}");
        // One listing of the workspaces, one request per workspace, and at most a few pages of
        // something read once (TransactionLink's organisation users).
        let extra = requests as i64 - WORKSPACES as i64 - 1;
        assert!(
            (0..=5).contains(&extra),
            "{kind}: {requests} requests for {WORKSPACES} workspaces"
        );
    }
}

#[tokio::test]
async fn transactionlink_reads_the_organisation_users_once_per_workspace_listing() {
    let server = common::serve(generate(WORKSPACES, MEMBERS, 12)).await;
    let tl = provider(&server, roster::providers::transactionlink::KIND, None);
    let (_, first) = crawl(&server, tl.clone(), true).await;
    // Inherited members: the organisation-level list is one more request per workspace.
    let pages = first as i64 - 1 - 2 * WORKSPACES as i64;
    assert!((1..=5).contains(&pages), "{first} requests");
    // A second crawl lists the workspaces again, so it reads the users again: same cost.
    let (_, second) = crawl(&server, tl.clone(), true).await;
    assert_eq!(first, second);
    let rows = tl
        .list_members(&tl.list_workspaces().await.unwrap()[0], true)
        .await
        .unwrap();
    assert!(
        rows.iter().all(|m| m.email.is_some()),
        "every member is joined with their user"
    );
    assert!(
        rows.iter()
            .any(|m| matches!(m.access, Access::Inherited { .. }))
    );
}

#[tokio::test]
async fn a_user_who_joined_after_the_users_were_read_is_still_shown_with_their_email() {
    let server = common::serve(generate(3, MEMBERS, 13)).await;
    let tl = provider(&server, roster::providers::transactionlink::KIND, None);
    let workspaces = tl.list_workspaces().await.unwrap();
    tl.list_members(&workspaces[0], false).await.unwrap();
    let newcomer = "0d1f6a57-3c2b-4e8a-9f10-5b6c7d8e9f01";
    server
        .store
        .write(|d| {
            let tl = &mut d[roster::providers::transactionlink::KIND];
            tl.users.push(User {
                id: newcomer.into(),
                email: "new.hire@acme.example".into(),
                name: "New Hire".into(),
                org_role: None,
            });
            let ws = tl
                .workspaces
                .iter_mut()
                .find(|w| w.id == workspaces[0].id)
                .expect("the workspace");
            let role = ws.roles[0].id.clone();
            ws.members.push(Grant {
                id: None,
                user: Some(newcomer.into()),
                group: None,
                role,
            });
        })
        .unwrap();
    let rows = tl.list_members(&workspaces[0], false).await.unwrap();
    let hire = rows.iter().find(|m| m.id == newcomer).expect("listed");
    assert_eq!(hire.email.as_deref(), Some("new.hire@acme.example"));
}

#[tokio::test]
async fn a_request_rate_under_the_servers_limit_crawls_without_a_single_429() {
    let server = common::serve(generate(12, MEMBERS, 14)).await;
    server.faults().set_rate_limit(Some(8));
    // 6 per second, shared by the crawl's 8 concurrent listings: never beyond 8 in a second.
    let dn = provider(&server, roster::providers::dreadnode::KIND, Some(6.0));
    let (counts, requests) = crawl(&server, dn, false).await;
    assert_eq!(counts.len(), 12);
    assert_eq!(requests, 13, "no request was refused and sent again");
}

#[tokio::test]
async fn without_a_rate_cap_the_servers_429s_are_waited_out() {
    let server = common::serve(generate(16, MEMBERS, 15)).await;
    server.faults().set_rate_limit(Some(10));
    let dn = provider(&server, roster::providers::dreadnode::KIND, None);
    let (counts, requests) = crawl(&server, dn, false).await;
    assert!(counts.iter().all(|&n| n >= MEMBERS), "{counts:?}");
    assert!(
        requests > 17,
        "some requests were refused with 429 and retried ({requests})"
    );
}
