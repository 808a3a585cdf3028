//! `roster who` and `roster offboard --apply` across four sandbox profiles with 50 ms on every
//! answer, each profile at concurrency 8, against their bounds: a profile's crawl cannot beat
//! ⌈its requests ÷ 8⌉ × 50 ms, and the profiles run side by side, so `who` is held to the slowest
//! profile's bound; an offboarding adds each profile's removals, at most 8 at a time, each taking
//! its requests one after another.

use super::fixture::{Fixture, ProfileSpec};
use super::{Row, ms};
use roster::model::ProviderKind;
use roster::sandbox::generate::generate;
use roster::sandbox::store::{Dataset, Grant, ProviderData};
use roster::sandbox::{Fault, FaultRule, RuleId};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;

const LATENCY: Duration = Duration::from_millis(50);
const MEMBERS: usize = 40;
const CONCURRENCY: usize = 8;
/// Workspaces per provider for `who`.
const WHO_WORKSPACES: usize = 500;
/// Workspaces per provider for the offboarding, and the person's grants in each provider.
const OFFBOARD_WORKSPACES: usize = 200;
const GRANTS_PER_PROVIDER: usize = 50;

fn profiles() -> Vec<ProfileSpec> {
    ProviderKind::ALL
        .into_iter()
        .map(|k| ProfileSpec::bounded(k, k.as_str(), CONCURRENCY))
        .collect()
}

/// ⌈requests ÷ concurrency⌉ × latency.
fn bound(requests: u32) -> Duration {
    LATENCY * requests.div_ceil(CONCURRENCY as u32)
}

/// Counts the requests of each provider (by the path's prefix) from now on.
struct Counters {
    rules: Vec<(ProviderKind, RuleId)>,
}

impl Counters {
    fn start(fx: &Fixture) -> Counters {
        fx.sandbox.faults().clear_rules();
        let rules = ProviderKind::ALL
            .into_iter()
            .map(|k| {
                let rule = FaultRule::new(Fault::Delay(Duration::ZERO))
                    .path_contains(format!("/{}/", k.as_str()))
                    .times(u32::MAX);
                (k, fx.sandbox.faults().inject(rule))
            })
            .collect();
        Counters { rules }
    }

    fn get(&self, fx: &Fixture, kind: ProviderKind) -> u32 {
        self.rules
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, r)| fx.sandbox.faults().fired(*r))
    }
}

/// Runs `roster ARGS` with output discarded; wall time and success.
fn timed(fx: &Fixture, binary: &Path, args: &[&str]) -> (Duration, bool) {
    let started = Instant::now();
    let status = fx
        .command(binary)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    (started.elapsed(), status.is_ok_and(|s| s.success()))
}

pub fn run(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let mut rows = who(rt, binary);
    rows.extend(offboard(rt, binary));
    rows
}

fn who(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let data = generate(WHO_WORKSPACES, MEMBERS, 7);
    let Some(email) = data.paradigm.users.first().map(|u| u.email.clone()) else {
        return Vec::new();
    };
    let fx = match rt.block_on(Fixture::start(data, LATENCY, &profiles())) {
        Ok(fx) => fx,
        Err(e) => {
            eprintln!("cannot start the sandbox: {e}");
            return Vec::new();
        }
    };
    // One unmeasured run loads the binary into the page cache.
    let _ = timed(&fx, binary, &["profiles"]);
    let counters = Counters::start(&fx);
    let (time, ok) = timed(&fx, binary, &["who", &email, "-o", "csv"]);
    let mut rows = Vec::new();
    let mut slowest = (ProviderKind::Askui, 0u32, Duration::ZERO);
    for kind in ProviderKind::ALL {
        let requests = counters.get(&fx, kind);
        let b = bound(requests);
        if b > slowest.2 {
            slowest = (kind, requests, b);
        }
        rows.push(Row::info(
            format!(
                "  who: {}, {WHO_WORKSPACES} workspaces",
                kind.display_name()
            ),
            format!("{requests} requests, bound {}", ms(b)),
        ));
    }
    let (kind, requests, b) = slowest;
    let ratio = time.as_secs_f64() / b.as_secs_f64().max(1e-9);
    rows.insert(
        0,
        Row::check(
            format!("who, 4 providers × {WHO_WORKSPACES} × {MEMBERS}, 50 ms, concurrency 8 each"),
            format!(
                "{} = {ratio:.2}× the slowest profile's bound {} ({}, {requests} requests){}",
                ms(time),
                ms(b),
                kind.display_name(),
                if ok { "" } else { ", FAILED" }
            ),
            "≤ 1.25× the slowest profile's bound",
            ok && ratio <= 1.25,
        ),
    );
    rt.block_on(fx.sandbox.shutdown());
    rows
}

/// The person offboarded: the last of each provider's users (in the same order on every
/// provider, and in no workspace), given a grant with the lowest role in the first
/// [`GRANTS_PER_PROVIDER`] workspaces of each provider.
fn with_person(mut data: Dataset) -> Option<(Dataset, String)> {
    let email = data.askui.users.last()?.email.clone();
    // TransactionLink's roles are per workspace, highest first.
    let lowest = |p: &ProviderData, w: usize| -> Option<String> {
        p.workspaces.get(w)?.roles.last().map(|r| r.id.clone())
    };
    for (kind, fixed) in [
        (ProviderKind::Askui, Some("ROLE_WORKSPACE_MEMBER")),
        (ProviderKind::Dreadnode, Some("reader")),
        (ProviderKind::Paradigm, Some("viewer")),
        (ProviderKind::Transactionlink, None),
    ] {
        let p = roster::sandbox::section_mut(&mut data, kind);
        let user = p.users.iter().find(|u| u.email == email)?.id.clone();
        for w in 0..GRANTS_PER_PROVIDER.min(p.workspaces.len()) {
            let role = match fixed {
                Some(r) => r.to_string(),
                None => lowest(p, w)?,
            };
            // AskUI grants are memberships with their own ID.
            let id = matches!(kind, ProviderKind::Askui)
                .then(|| format!("00000000-0000-4000-8000-{w:012x}"));
            p.workspaces[w].members.push(Grant {
                id,
                user: Some(user.clone()),
                group: None,
                role,
            });
        }
    }
    Some((data, email))
}

fn offboard(rt: &Runtime, binary: &Path) -> Vec<Row> {
    let Some((data, email)) = with_person(generate(OFFBOARD_WORKSPACES, MEMBERS, 11)) else {
        return Vec::new();
    };
    let fx = match rt.block_on(Fixture::start(data, LATENCY, &profiles())) {
        Ok(fx) => fx,
        Err(e) => {
            eprintln!("cannot start the sandbox: {e}");
            return Vec::new();
        }
    };
    // The plan alone: the crawl, whose requests the applied run repeats.
    let crawl = Counters::start(&fx);
    let (plan_time, plan_ok) = timed(&fx, binary, &["offboard", &email]);
    let crawled: Vec<(ProviderKind, u32)> = ProviderKind::ALL
        .into_iter()
        .map(|k| (k, crawl.get(&fx, k)))
        .collect();
    let all = Counters::start(&fx);
    let (time, ok) = timed(
        &fx,
        binary,
        &["offboard", &email, "--apply", "--yes", "-o", "json"],
    );
    let removed = ProviderKind::ALL.into_iter().all(|k| {
        let p = roster::sandbox::section(&fx.sandbox.store().snapshot(), k).clone();
        let user = p
            .users
            .iter()
            .find(|u| u.email == email)
            .map(|u| u.id.clone());
        !p.workspaces
            .iter()
            .any(|w| w.members.iter().any(|g| g.user == user))
    });
    let mut rows = Vec::new();
    let mut target = (ProviderKind::Askui, Duration::ZERO, 0u32);
    for (kind, crawl_requests) in crawled {
        let changes = GRANTS_PER_PROVIDER as u32;
        let change_requests = all.get(&fx, kind).saturating_sub(crawl_requests);
        let per_change = change_requests.div_ceil(changes);
        let b =
            bound(crawl_requests) + LATENCY * (changes.div_ceil(CONCURRENCY as u32) * per_change);
        if b > target.1 {
            target = (kind, b, per_change);
        }
        rows.push(Row::info(
            format!("  offboard: {}, {changes} removals", kind.display_name()),
            format!(
                "crawl {crawl_requests} requests; {per_change} requests per removal; bound {}",
                ms(b)
            ),
        ));
    }
    let (kind, b, per_change) = target;
    let ratio = time.as_secs_f64() / b.as_secs_f64().max(1e-9);
    rows.insert(
        0,
        Row::check(
            format!(
                "offboard --apply, a person in {} workspaces over 4 profiles",
                GRANTS_PER_PROVIDER * 4
            ),
            format!(
                "{} = {ratio:.2}× the bound {} ({}: crawl + ⌈50 ÷ 8⌉ × {per_change} requests × \
                 50 ms){}",
                ms(time),
                ms(b),
                kind.display_name(),
                if ok && removed { "" } else { ", FAILED" }
            ),
            "≤ 1.25× (crawl bound + ⌈changes ÷ 8⌉ × requests per change × 50 ms)",
            ok && removed && ratio <= 1.25,
        ),
    );
    rows.insert(
        1,
        Row::info(
            "  the plan alone (offboard without --apply, same run)",
            format!("{}{}", ms(plan_time), if plan_ok { "" } else { ", FAILED" }),
        ),
    );
    rt.block_on(fx.sandbox.shutdown());
    rows
}
