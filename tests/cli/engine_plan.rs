//! Plans of several changes through the engine, in process against the sandbox: each profile's
//! changes run within its concurrency bound, the first failure stops what has not started unless
//! told to keep going, and the outcomes come back in plan order.

use crate::cli_support;
use crate::common;

use roster::engine::{Change, Engine, Plan, RunOptions, Target, Verdict, planner};
use roster::model::{ProviderKind, Role, UserRef, Workspace};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

fn paradigm_legal() -> Workspace {
    Workspace {
        id: "101".into(),
        name: "Legal".into(),
    }
}

fn add(email: &str) -> Change {
    planner::add_user(
        ProviderKind::Paradigm,
        "paradigm",
        &paradigm_legal(),
        &UserRef::Email(email.into()),
        Role::named("viewer"),
    )
}

async fn setup(
    limit: usize,
) -> (
    common::TestServer,
    common::TestEngine,
    HashMap<String, (Target, usize)>,
) {
    let server = common::serve(cli_support::dataset()).await;
    let engine = common::engine();
    let provider = engine.client(&server, ProviderKind::Paradigm, "paradigm");
    let profiles = HashMap::from([(
        "paradigm".to_string(),
        (
            Target {
                profile: "paradigm".into(),
                provider,
                readonly: false,
            },
            limit,
        ),
    )]);
    (server, engine, profiles)
}

async fn run(
    engine: &Engine,
    profiles: &HashMap<String, (Target, usize)>,
    plan: &Plan,
    keep_going: bool,
) -> Vec<Verdict> {
    let seen = Mutex::new(Vec::new());
    let outcomes = engine
        .run_plan(
            plan,
            profiles,
            &RunOptions::default(),
            keep_going,
            &|i, _| seen.lock().unwrap().push(i),
        )
        .await;
    assert_eq!(
        seen.lock().unwrap().len(),
        plan.changes.len(),
        "progress saw each"
    );
    outcomes.iter().map(|o| o.verdict).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_failure_stops_what_has_not_started() {
    let (server, engine, profiles) = setup(1).await;
    let plan = Plan {
        changes: vec![
            add("cyd@example.com"),
            add("nobody@example.com"),
            add("dan@example.com"),
        ],
    };
    let verdicts = run(&engine.engine, &profiles, &plan, false).await;
    assert_eq!(
        verdicts,
        [Verdict::Done, Verdict::Failed, Verdict::Skipped],
        "in plan order"
    );
    let legal = &server.store.snapshot().paradigm.workspaces[0];
    assert!(legal.members.iter().any(|g| g.user.as_deref() == Some("3")));
    assert!(
        !legal.members.iter().any(|g| g.user.as_deref() == Some("4")),
        "dan was never added"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_going_runs_every_change() {
    let (server, engine, profiles) = setup(1).await;
    let plan = Plan {
        changes: vec![
            add("cyd@example.com"),
            add("nobody@example.com"),
            add("dan@example.com"),
        ],
    };
    let verdicts = run(&engine.engine, &profiles, &plan, true).await;
    assert_eq!(verdicts, [Verdict::Done, Verdict::Failed, Verdict::Done]);
    let legal = &server.store.snapshot().paradigm.workspaces[0];
    assert!(legal.members.iter().any(|g| g.user.as_deref() == Some("4")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_runs_at_most_its_limit_of_changes_at_once() {
    let server = common::serve(cli_support::dataset()).await;
    let engine = common::engine();
    // Every request's time on the wire, to count how many overlap.
    let spans: std::sync::Arc<Mutex<Vec<(std::time::Instant, std::time::Instant)>>> =
        Default::default();
    let sink = spans.clone();
    let mut config = server.sandbox.provider_config(ProviderKind::Paradigm);
    config.observer = Some(std::sync::Arc::new(
        move |call: &roster::http::CallRecord| {
            let end = std::time::Instant::now();
            sink.lock().unwrap().push((end - call.latency, end));
        },
    ));
    let profiles = HashMap::from([(
        "paradigm".to_string(),
        (
            Target {
                profile: "paradigm".into(),
                provider: roster::providers::build(config).unwrap(),
                readonly: false,
            },
            2,
        ),
    )]);
    server.faults().set_latency(Duration::from_millis(300));
    let finance = Workspace {
        id: "102".into(),
        name: "Finance".into(),
    };
    let add_to = |ws: &Workspace, email: &str| {
        planner::add_user(
            ProviderKind::Paradigm,
            "paradigm",
            ws,
            &UserRef::Email(email.into()),
            Role::named("viewer"),
        )
    };
    let plan = Plan {
        changes: vec![
            add_to(&paradigm_legal(), "cyd@example.com"),
            add_to(&paradigm_legal(), "dan@example.com"),
            add_to(&finance, "bob@example.com"),
            add_to(&finance, "cyd@example.com"),
        ],
    };
    let verdicts = run(&engine.engine, &profiles, &plan, false).await;
    assert!(verdicts.iter().all(|v| *v == Verdict::Done), "{verdicts:?}");
    // Each change sends its requests one after another, so requests in flight = changes running.
    let spans = spans.lock().unwrap().clone();
    let most = spans
        .iter()
        .map(|(start, _)| {
            spans
                .iter()
                .filter(|(s, e)| s <= start && start < e)
                .count()
        })
        .max()
        .unwrap_or(0);
    assert_eq!(most, 2, "two changes at a time, never more: {spans:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_one_rewritten_member_list_never_undo_each_other() {
    // Paradigm changes a role by reading the whole list and writing it back: two at once would
    // each write a list without the other's change. The engine runs them one at a time, even
    // when two callers (the TUI's worker, say) start them together.
    let (server, engine, profiles) = setup(8).await;
    server.faults().set_latency(Duration::from_millis(100));
    let target = profiles["paradigm"].0.clone();
    let legal = paradigm_legal();
    let owner = roster::model::Member {
        id: "1".into(),
        email: Some("ada@example.com".into()),
        name: None,
        role: Role::named("owner"),
        access: roster::model::Access::Direct,
        kind: roster::model::MemberKind::User,
        handle: None,
    };
    let viewer = roster::model::Member {
        id: "2".into(),
        email: Some("bob@example.com".into()),
        role: Role::named("viewer"),
        ..owner.clone()
    };
    let promote = planner::from_row(
        ProviderKind::Paradigm,
        "paradigm",
        &legal,
        &viewer,
        Some(Role::named("editor")),
    );
    let add = add("cyd@example.com");
    let opts = RunOptions::default();
    let (a, b) = tokio::join!(
        engine.engine.run(&target, promote, &opts),
        engine.engine.run(&target, add, &opts)
    );
    assert_eq!((a.verdict, b.verdict), (Verdict::Done, Verdict::Done));
    let legal = &server.store.snapshot().paradigm.workspaces[0];
    let role = |id: &str| {
        legal
            .members
            .iter()
            .find(|g| g.user.as_deref() == Some(id))
            .map(|g| g.role.clone())
    };
    assert_eq!(role("2").as_deref(), Some("editor"));
    assert_eq!(
        role("3").as_deref(),
        Some("viewer"),
        "the add survived the rewrite"
    );
}
