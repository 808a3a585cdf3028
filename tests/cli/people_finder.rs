//! The library parts the TUI uses, in process against the sandbox: the person finder's stream
//! across four profiles (and a failing one), and undoing the last change this process made.

use crate::cli_people::{BOB_PARADIGM, LEGAL, people_dataset};
use crate::cli_support;
use crate::common;

use futures::StreamExt;
use roster::engine::{RunOptions, Target, Verdict, planner};
use roster::model::{ProviderKind, Role, UserRef, Workspace};
use roster::people::{Found, Source, find_person};
use std::collections::HashMap;

fn source(engine: &common::TestEngine, server: &common::TestServer, kind: ProviderKind) -> Source {
    Source {
        target: Target {
            profile: kind.as_str().into(),
            provider: engine.client(server, kind, kind.as_str()),
            readonly: false,
        },
        max_concurrency: 2,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_finder_streams_every_profile_and_reports_the_one_that_fails() {
    let server = common::serve(people_dataset()).await;
    let engine = common::engine();
    let mut sources: Vec<Source> = ProviderKind::ALL
        .into_iter()
        .map(|k| source(&engine, &server, k))
        .collect();
    // A profile whose token the server refuses.
    let mut config = server.sandbox.provider_config(ProviderKind::Askui);
    config.token = roster::secret::Secret::new("wrong");
    sources.push(Source {
        target: Target {
            profile: "refused".into(),
            provider: roster::providers::build(config).unwrap(),
            readonly: false,
        },
        max_concurrency: 2,
    });
    let events: Vec<Found> = find_person(sources, UserRef::Email("bob@example.com".into()))
        .collect()
        .await;
    let mut listed: HashMap<String, usize> = HashMap::new();
    let mut checked: HashMap<String, usize> = HashMap::new();
    let mut done: Vec<String> = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    for e in &events {
        match e {
            Found::Listed {
                profile,
                workspaces,
                ..
            } => {
                assert!(!checked.contains_key(profile), "listed before checked");
                listed.insert(profile.clone(), *workspaces);
            }
            Found::Checked(c) => {
                assert!(
                    listed.contains_key(&c.profile) && !done.contains(&c.profile),
                    "checked between listed and done: {}",
                    c.profile
                );
                *checked.entry(c.profile.clone()).or_default() += 1;
            }
            Found::ProfileDone { profile } => done.push(profile.clone()),
            Found::ProfileFailed { profile, error, .. } => {
                assert_eq!(error.kind, roster::error::ErrorKind::Unauthorized);
                failed.push(profile.clone());
            }
            Found::WorkspaceFailed { workspace, .. } => panic!("{workspace:?} failed"),
        }
    }
    assert_eq!(failed, ["refused"]);
    assert_eq!(done.len(), 4, "the other profiles all finished");
    for (profile, n) in &listed {
        assert_eq!(
            checked.get(profile),
            Some(n),
            "{profile}: every workspace once"
        );
    }
    let legal = events
        .iter()
        .find_map(|e| match e {
            Found::Checked(c) if c.profile == "paradigm" && c.workspace.id == LEGAL => {
                c.access.clone()
            }
            _ => None,
        })
        .expect("bob in Legal");
    assert_eq!(legal.direct().map(|m| m.id.as_str()), Some(BOB_PARADIGM));
    assert_eq!(legal.inherited().count(), 1);
    assert_eq!(
        legal.effective.as_ref().map(|r| r.name.as_str()),
        Some("editor")
    );
    assert_eq!(legal.role().map(|r| r.name.as_str()), Some("editor"));
    assert!(!legal.sole_owner);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_change_of_this_process_is_undone_once_confirmed() {
    let server = common::serve(cli_support::dataset()).await;
    let engine = common::engine();
    let target = Target {
        profile: "paradigm".into(),
        provider: engine.client(&server, ProviderKind::Paradigm, "paradigm"),
        readonly: false,
    };
    let e = &engine.engine;
    assert!(
        e.plan_undo_last_here().is_err(),
        "nothing done yet in this process"
    );
    let legal = Workspace {
        id: LEGAL.into(),
        name: "Legal".into(),
    };
    let add = planner::add_user(
        ProviderKind::Paradigm,
        "paradigm",
        &legal,
        &UserRef::Email("dan@example.com".into()),
        Role::named("viewer"),
    );
    let out = e.run(&target, add, &RunOptions::default()).await;
    assert_eq!(out.verdict, Verdict::Done);
    assert_eq!(e.last_done_here(), out.id);
    let undo = e.plan_undo_last_here().expect("the add can be undone");
    assert_eq!(undo.id, out.id.clone().unwrap());
    assert!(
        undo.describe().contains("remove"),
        "says what it will do: {}",
        undo.describe()
    );
    // Against another profile it is refused, nothing sent.
    let other = Target {
        profile: "elsewhere".into(),
        ..target.clone()
    };
    let refused = e.undo(&other, &undo, &RunOptions::default()).await;
    assert_eq!(refused.verdict, Verdict::Refused);
    let undone = e.undo(&target, &undo, &RunOptions::default()).await;
    assert_eq!(undone.verdict, Verdict::Done, "{}", undone.message());
    assert_eq!(
        cli_support::grant_role(&server.store.snapshot().paradigm, LEGAL, "4"),
        None
    );
    // The undo is now the last change: `z` again re-adds.
    assert_eq!(e.last_done_here(), undone.id);
    let redo = e.plan_undo_last_here().unwrap();
    assert_eq!(redo.inverse.operation(), roster::engine::Operation::Add);
}
