//! What reading a 100,000-member answer costs in memory, counted in heap allocations rather than
//! timed, so a regression fails `cargo test` on any machine (issue 13's guard for the memory peak):
//!
//! - decoding it holds at most 4 × the answer's size (the answer itself included), apart from
//!   what the caller keeps;
//! - read into members (what the CLI keeps) or into the TUI's rows, the peak stays within 1.25 ×
//!   what is kept, and each row is one allocation: the answer is never held whole, nor a member
//!   list beside the rows.
//!
//! The client talks HTTP to the sandbox, which runs on a thread of its own so that only the
//! client's allocations are counted (the counter is per thread, and the client runs on a
//! current-thread runtime on the test's thread).

use crate::alloc_count::measure;
use roster::http::ItemSink;
use roster::model::{Member, ProviderKind, Workspace};
use roster::providers::fuzz_decoders as decoders;
use roster::providers::{self, Provider, ProviderConfig};
use roster::sandbox::generate::generate;
use roster::sandbox::{Sandbox, SandboxOptions};
use roster::tui::state::MemberRows;
use std::sync::Arc;
use tokio::runtime::Runtime;

const MEMBERS: usize = 100_000;

/// A sandbox on a thread and runtime of its own; stops when dropped.
struct Remote {
    configs: Vec<ProviderConfig>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Remote {
    fn start() -> Remote {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("sandbox runtime");
            rt.block_on(async move {
                let sandbox = Sandbox::start(SandboxOptions::new(generate(1, MEMBERS, 5)))
                    .await
                    .expect("sandbox starts");
                let configs = roster::registry::KINDS
                    .into_iter()
                    .map(|k| sandbox.provider_config(k))
                    .collect();
                ready_tx.send(configs).expect("test waits");
                let _ = stopped.await;
                sandbox.shutdown().await;
            });
        });
        let configs = ready_rx.recv().expect("sandbox ready");
        Remote {
            configs,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn config(&self, kind: ProviderKind) -> ProviderConfig {
        self.configs
            .iter()
            .find(|c| c.kind == kind)
            .cloned()
            .expect("a config per provider")
    }
}

impl Drop for Remote {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn client_runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// The provider, its 100,000-member workspace and that workspace's member answer, read once
/// before anything is measured (so the connection and the client are warm).
fn prepared(
    rt: &Runtime,
    remote: &Remote,
    kind: ProviderKind,
) -> (Arc<dyn Provider>, Workspace, Vec<u8>) {
    let provider = providers::build(remote.config(kind)).expect("client builds");
    let workspace = rt
        .block_on(provider.list_workspaces())
        .expect("workspaces")
        .into_iter()
        .next()
        .expect("one workspace");
    let bytes = rt.block_on(answer(&remote.config(kind), &workspace));
    (provider, workspace, bytes)
}

/// The member answer, read raw (Dreadnode and Paradigm paths; the sandbox's shapes).
async fn answer(config: &ProviderConfig, workspace: &Workspace) -> Vec<u8> {
    let (url, auth) = match config.kind {
        roster::providers::dreadnode::KIND => (
            format!(
                "{}/api/v1/org/{}/ws/{}/users",
                config.base_url,
                config
                    .settings
                    .text("org")
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                workspace.id
            ),
            format!("Bearer {}", config.token.expose()),
        ),
        roster::providers::paradigm::KIND => (
            format!(
                "{}/api/v3/company/workspaces/{}/members",
                config.base_url, workspace.id
            ),
            format!("Bearer {}", config.token.expose()),
        ),
        other => panic!("no raw read for {other}"),
    };
    roster::http::install_crypto();
    let body = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client")
        .get(url)
        .header("Authorization", auth)
        .send()
        .await
        .expect("answer")
        .bytes()
        .await
        .expect("body");
    assert!(body.len() > MEMBERS, "a real answer: {} bytes", body.len());
    body.to_vec()
}

fn list_into(
    rt: &Runtime,
    provider: &dyn Provider,
    workspace: &Workspace,
    sink: &mut dyn ItemSink<Member>,
) {
    rt.block_on(provider.list_members_into(workspace, false, sink))
        .expect("listing");
}

const MIB: f64 = 1024.0 * 1024.0;

#[test]
fn reading_100000_members_costs_at_most_4_times_the_answer_and_rows_cost_what_they_keep() {
    let remote = Remote::start();
    let rt = client_runtime();
    for kind in [
        roster::providers::dreadnode::KIND,
        roster::providers::paradigm::KIND,
    ] {
        let (provider, workspace, answer) = prepared(&rt, &remote, kind);
        let body = answer.len();

        // Decoding alone: every item decoded and turned into a member, none kept.
        let decoder = decoders()
            .into_iter()
            .find(|d| d.name == format!("{kind}: member listing"))
            .expect("the member listing's decoder");
        let (decoded, usage) = measure(|| (decoder.decode)(&answer, 16 * 1024));
        assert!(decoded.expect("decodes") >= MEMBERS, "{kind}");
        eprintln!(
            "{kind}: answer {:.1} MiB; decoding it: peak {:.1} KiB ({:.4} × the answer)",
            body as f64 / MIB,
            usage.peak as f64 / 1024.0,
            usage.peak as f64 / body as f64,
        );
        assert!(
            usage.peak <= 4 * body,
            "{kind}: decoding {body} bytes held {} bytes at the peak",
            usage.peak
        );
        // Item by item, decoding holds one item and the envelope, never the answer: a decode
        // that buffered the body (or built a tree of it) would hold megabytes here.
        assert!(
            usage.peak <= 1024 * 1024,
            "{kind}: decoding held {} bytes at the peak; the answer must not be held whole",
            usage.peak
        );

        let (members, usage) = measure(|| {
            let mut members: Vec<Member> = Vec::new();
            list_into(&rt, provider.as_ref(), &workspace, &mut members);
            members
        });
        // Paradigm adds the workspace's groups.
        assert!((MEMBERS..MEMBERS + 10).contains(&members.len()), "{kind}");
        drop(members);
        eprintln!(
            "{kind}: into members: kept {:.1} MiB, peak {:.1} MiB ({:.2} × kept)",
            usage.kept as f64 / MIB,
            usage.peak as f64 / MIB,
            usage.peak as f64 / usage.kept as f64,
        );
        assert!(
            usage.peak as f64 <= 1.25 * usage.kept as f64,
            "{kind}: the members keep {} bytes but reading them held {} at the peak",
            usage.kept,
            usage.peak
        );

        let (rows, usage) = measure(|| {
            let mut rows = MemberRows::default();
            list_into(&rt, provider.as_ref(), &workspace, &mut rows);
            rows
        });
        let count = rows.rows().len();
        assert!((MEMBERS..MEMBERS + 10).contains(&count), "{kind}");
        eprintln!(
            "{kind}: into rows: kept {:.1} MiB in {} allocations, peak {:.1} MiB ({:.2} × kept), \
             {:.1} allocations per member while reading",
            usage.kept as f64 / MIB,
            usage.kept_allocations,
            usage.peak as f64 / MIB,
            usage.peak as f64 / usage.kept as f64,
            usage.count as f64 / MEMBERS as f64
        );
        assert!(
            usage.peak as f64 <= 1.25 * usage.kept as f64,
            "{kind}: the rows keep {} bytes but reading them held {} at the peak",
            usage.kept,
            usage.peak
        );
        // One allocation per row, plus the row list and the few shared roles.
        assert!(
            usage.kept_allocations <= count + 64,
            "{kind}: {} allocations kept for {count} rows",
            usage.kept_allocations
        );
        // Each member is decoded and turned into a row with a bounded number of short-lived
        // allocations; a tree of the answer, or a second copy of each string, would add more.
        assert!(
            usage.count <= 12 * MEMBERS as u64,
            "{kind}: {} allocations to read {MEMBERS} members",
            usage.count
        );
    }
}

/// TransactionLink's memberships name users only by ID, so a listing joins them with the
/// organisation's users, which the client keeps for the listings that follow (137,500 here, read
/// in 1,375 pages). Read as the TUI reads it, inherited members included, the peak stays within
/// 1.25 × what is kept (the rows and the users index), and the index takes a handful of
/// allocations, not a few per user.
#[test]
fn transactionlink_joins_100000_members_within_1_25_times_what_it_keeps() {
    let remote = Remote::start();
    let rt = client_runtime();
    let provider = providers::build(remote.config(roster::providers::transactionlink::KIND))
        .expect("client builds");
    let workspace = rt
        .block_on(provider.list_workspaces())
        .expect("workspaces")
        .into_iter()
        .next()
        .expect("one workspace");
    let (rows, usage) = measure(|| {
        let mut rows = MemberRows::default();
        rt.block_on(provider.list_members_into(&workspace, true, &mut rows))
            .expect("listing");
        rows
    });
    let count = rows.rows().len();
    assert!(count >= MEMBERS, "{count} rows");
    assert!(
        rows.rows().iter().all(|r| r.email().is_some()),
        "every member is joined with their user"
    );
    eprintln!(
        "transactionlink: into rows with the users index: kept {:.1} MiB in {} allocations, \
         peak {:.1} MiB ({:.2} × kept)",
        usage.kept as f64 / MIB,
        usage.kept_allocations,
        usage.peak as f64 / MIB,
        usage.peak as f64 / usage.kept as f64,
    );
    assert!(
        usage.peak as f64 <= 1.25 * usage.kept as f64,
        "the rows and users keep {} bytes but reading them held {} at the peak",
        usage.kept,
        usage.peak
    );
    assert!(
        usage.kept_allocations <= count + 256,
        "{} allocations kept for {count} rows and the users index",
        usage.kept_allocations
    );
}
