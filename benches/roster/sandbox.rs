//! The sandbox at scale: how long each emulator takes to answer the member listing of a
//! 100,000-member workspace on loopback (issue 13, target 5), from the request to the last byte.

use super::{Row, median, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::{Layout, generate_layout};
use roster::sandbox::store::Dataset;
use roster::sandbox::{Sandbox, SandboxOptions};
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const MEMBERS: usize = 100_000;
const RUNS: usize = 3;
const TARGET: Duration = Duration::from_secs(1);

/// One workspace of [`MEMBERS`] members for `kind` only.
fn dataset(kind: ProviderKind) -> Dataset {
    let list = vec![("Everyone".to_string(), MEMBERS)];
    let mut layout = Layout::uniform(0, 0);
    match kind {
        ProviderKind::Askui => layout.askui = list,
        ProviderKind::Dreadnode => layout.dreadnode = list,
        ProviderKind::Paradigm => layout.paradigm = list,
        ProviderKind::Transactionlink => layout.transactionlink = list,
    }
    generate_layout(&layout, 5)
}

/// The request roster's client makes to list the workspace's members, with the provider's auth.
fn listing(
    client: &reqwest::Client,
    sandbox: &Sandbox,
    kind: ProviderKind,
) -> reqwest::RequestBuilder {
    let config = sandbox.provider_config(kind);
    let token = config.token.expose().to_string();
    let path = sandbox.store().read(|d| {
        let w = &roster::sandbox::section(d, kind).workspaces[0];
        match kind {
            ProviderKind::Askui => {
                format!(
                    "/api/v1/workspace-memberships?workspace_id={}&expand=user",
                    w.id
                )
            }
            ProviderKind::Dreadnode => format!(
                "/api/v1/org/{}/ws/{}/users",
                d.dreadnode.org.as_deref().unwrap_or_default(),
                w.key.as_deref().unwrap_or(&w.id)
            ),
            ProviderKind::Paradigm => format!("/api/v3/company/workspaces/{}/members", w.id),
            ProviderKind::Transactionlink => {
                format!("/organizations/workspaces/{}/memberships", w.id)
            }
        }
    });
    let request = client.get(format!("{}{path}", config.base_url));
    match kind {
        ProviderKind::Askui | ProviderKind::Paradigm => request.bearer_auth(token),
        ProviderKind::Dreadnode => request.header("x-api-key", token),
        ProviderKind::Transactionlink => request.header("authorization", token),
    }
}

/// One listing: time to the last byte, and the body's size; `None` when it failed.
async fn list_once(
    client: &reqwest::Client,
    sandbox: &Sandbox,
    kind: ProviderKind,
) -> Option<(Duration, usize)> {
    let started = Instant::now();
    let answer = listing(client, sandbox, kind).send().await.ok()?;
    if !answer.status().is_success() {
        return None;
    }
    let body = answer.bytes().await.ok()?;
    Some((started.elapsed(), body.len()))
}

fn provider_row(rt: &Runtime, kind: ProviderKind) -> Row {
    let what = format!("sandbox: 100,000-member listing, {}", kind.display_name());
    let target = "≤ 1 s";
    let measured = rt.block_on(async {
        let sandbox = Sandbox::start(SandboxOptions::new(dataset(kind)))
            .await
            .ok()?;
        roster::http::install_crypto();
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(120))
            .build()
            .ok()?;
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..RUNS {
            let (time, size) = list_once(&client, &sandbox, kind).await?;
            times.push(time);
            bytes = size;
        }
        sandbox.shutdown().await;
        Some((median(&mut times), bytes))
    });
    match measured {
        Some((time, bytes)) => Row::check(
            what,
            format!(
                "{} ({:.1} MB, median of {RUNS})",
                ms(time),
                bytes as f64 / 1_000_000.0
            ),
            target,
            time <= TARGET,
        ),
        None => Row::check(what, "failed".to_string(), target, false),
    }
}

pub fn run(rt: &Runtime) -> Vec<Row> {
    ProviderKind::ALL
        .into_iter()
        .map(|kind| provider_row(rt, kind))
        .collect()
}
