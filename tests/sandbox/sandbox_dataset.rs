//! The shipped demo dataset and the generator: shapes, ID formats and the properties the demo,
//! the provider tests and the benchmarks rely on.

use roster::sandbox::demo_dataset;
use roster::sandbox::generate::generate;
use roster::sandbox::store::{Dataset, ProviderData, WorkspaceData};
use std::collections::{HashMap, HashSet};

fn sections(d: &Dataset) -> [(&'static str, &ProviderData); 4] {
    [
        ("askui", &d[roster::providers::askui::KIND]),
        ("dreadnode", &d[roster::providers::dreadnode::KIND]),
        ("paradigm", &d[roster::providers::paradigm::KIND]),
        (
            "transactionlink",
            &d[roster::providers::transactionlink::KIND],
        ),
    ]
}

fn user_grants(ws: &WorkspaceData) -> impl Iterator<Item = (&str, &str)> {
    ws.members
        .iter()
        .filter_map(|g| g.user.as_deref().map(|u| (u, g.role.as_str())))
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok() && s.len() == 36
}

/// Checks that hold for every dataset roster ships or generates.
fn check_invariants(d: &Dataset) {
    for (name, p) in sections(d) {
        assert!(!p.token.is_empty(), "{name}: token");
        let ids: HashSet<&str> = p.users.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), p.users.len(), "{name}: user IDs unique");
        let emails: HashSet<String> = p.users.iter().map(|u| u.email.to_lowercase()).collect();
        assert_eq!(emails.len(), p.users.len(), "{name}: emails unique");
        assert!(
            p.users
                .iter()
                .all(|u| u.email.contains('@') && !u.name.is_empty())
        );
        let names: HashSet<&str> = p.workspaces.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(
            names.len(),
            p.workspaces.len(),
            "{name}: workspace names unique"
        );
        let ws_ids: HashSet<&str> = p.workspaces.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(
            ws_ids.len(),
            p.workspaces.len(),
            "{name}: workspace IDs unique"
        );

        let mut memberships: HashMap<&str, usize> = HashMap::new();
        for ws in &p.workspaces {
            let mut seen = HashSet::new();
            for (user, _) in user_grants(ws) {
                assert!(
                    ids.contains(user),
                    "{name}/{}: unknown user {user}",
                    ws.name
                );
                assert!(
                    seen.insert(user),
                    "{name}/{}: {user} granted twice",
                    ws.name
                );
                *memberships.entry(user).or_default() += 1;
            }
        }
        assert!(
            memberships.values().any(|&n| n >= 2),
            "{name}: someone is in several workspaces"
        );
        assert!(
            p.users
                .iter()
                .any(|u| !memberships.contains_key(u.id.as_str())),
            "{name}: someone is in no workspace"
        );
    }

    // AskUI: opaque auth0 IDs, UUID workspaces and memberships, an owner everywhere.
    for u in &d[roster::providers::askui::KIND].users {
        let hex = u.id.strip_prefix("auth0|").expect("auth0| prefix");
        assert!(
            hex.len() == 24 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{}",
            u.id
        );
    }
    let mut membership_ids = HashSet::new();
    for ws in &d[roster::providers::askui::KIND].workspaces {
        assert!(is_uuid(&ws.id));
        for g in &ws.members {
            let id = g.id.as_deref().expect("AskUI grants carry a membership ID");
            assert!(is_uuid(id) && membership_ids.insert(id));
            assert!(
                [
                    "ROLE_WORKSPACE_OWNER",
                    "ROLE_WORKSPACE_ADMIN",
                    "ROLE_WORKSPACE_MEMBER"
                ]
                .contains(&g.role.as_str())
            );
        }
        assert!(
            user_grants(ws).any(|(_, r)| r == "ROLE_WORKSPACE_OWNER"),
            "{}",
            ws.name
        );
    }

    // Dreadnode: org slug, UUID IDs, unique slug keys, fixed roles.
    assert!(
        d[roster::providers::dreadnode::KIND]
            .org
            .as_deref()
            .is_some_and(|o| !o.is_empty())
    );
    assert!(
        d[roster::providers::dreadnode::KIND]
            .users
            .iter()
            .all(|u| is_uuid(&u.id))
    );
    let keys: HashSet<&str> = d[roster::providers::dreadnode::KIND]
        .workspaces
        .iter()
        .map(|w| w.key.as_deref().expect("Dreadnode workspaces have a key"))
        .collect();
    assert_eq!(
        keys.len(),
        d[roster::providers::dreadnode::KIND].workspaces.len()
    );
    for ws in &d[roster::providers::dreadnode::KIND].workspaces {
        assert!(is_uuid(&ws.id));
        let key = ws.key.as_deref().unwrap_or_default();
        assert!(
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        );
        assert!(user_grants(ws).all(|(_, r)| ["owner", "contributor", "reader"].contains(&r)));
    }

    // Paradigm: integer IDs, an owner everywhere, groups with users, some group grants.
    let p = &d[roster::providers::paradigm::KIND];
    assert!(p.users.iter().all(|u| u.id.parse::<u64>().is_ok()));
    assert!(p.workspaces.iter().all(|w| w.id.parse::<u64>().is_ok()));
    assert!(!p.groups.is_empty(), "Paradigm groups");
    let user_ids: HashSet<&str> = p.users.iter().map(|u| u.id.as_str()).collect();
    for g in &p.groups {
        assert!(g.id.parse::<u64>().is_ok() && !g.members.is_empty());
        assert!(g.members.iter().all(|m| user_ids.contains(m.as_str())));
    }
    let group_ids: HashSet<&str> = p.groups.iter().map(|g| g.id.as_str()).collect();
    let mut group_grants = 0;
    for ws in &p.workspaces {
        assert!(user_grants(ws).any(|(_, r)| r == "owner"), "{}", ws.name);
        for g in &ws.members {
            assert!(["owner", "editor", "viewer"].contains(&g.role.as_str()));
            assert!(g.user.is_some() != g.group.is_some(), "user or group");
            if let Some(group) = &g.group {
                assert!(group_ids.contains(group.as_str()));
                group_grants += 1;
            }
        }
    }
    assert!(group_grants > 0, "some workspace grants a group a role");

    // TransactionLink: UUIDs, per-workspace roles, org owners and admins.
    let t = &d[roster::providers::transactionlink::KIND];
    assert!(t.org.as_deref().is_some_and(is_uuid));
    assert!(t.users.iter().all(|u| is_uuid(&u.id)));
    let role_of = |r: &str| {
        t.users
            .iter()
            .filter(|u| u.org_role.as_deref() == Some(r))
            .count()
    };
    assert_eq!(role_of("owner"), 1);
    assert!(role_of("admin") >= 2);
    assert_eq!(
        role_of("owner") + role_of("admin") + role_of("member"),
        t.users.len()
    );
    let mut all_roles = HashSet::new();
    for ws in &t.workspaces {
        assert!(is_uuid(&ws.id));
        let names: Vec<&str> = ws.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Admin", "Analyst", "Viewer"]);
        for r in &ws.roles {
            assert!(
                is_uuid(&r.id) && all_roles.insert(r.id.as_str()),
                "roles are per workspace"
            );
        }
        let own: HashSet<&str> = ws.roles.iter().map(|r| r.id.as_str()).collect();
        assert!(user_grants(ws).all(|(_, r)| own.contains(r)), "{}", ws.name);
    }
}

#[test]
fn the_shipped_demo_dataset_is_valid_and_pleasant() {
    let d = demo_dataset();
    check_invariants(&d);
    assert_eq!(d[roster::providers::askui::KIND].token, "askui-demo-token");
    assert_eq!(d[roster::providers::dreadnode::KIND].token, "dn-demo-key");
    assert_eq!(
        d[roster::providers::paradigm::KIND].token,
        "paradigm-demo-key"
    );
    assert_eq!(
        d[roster::providers::transactionlink::KIND].token,
        "tot_demo_0123456789abcdef"
    );
    assert_eq!(
        d[roster::providers::dreadnode::KIND].org.as_deref(),
        Some("acme")
    );
    for (name, p) in sections(&d) {
        assert!(
            (4..=6).contains(&p.workspaces.len()),
            "{name}: 4 to 6 workspaces"
        );
        for ws in &p.workspaces {
            let n = user_grants(ws).count();
            assert!((10..=60).contains(&n), "{name}/{}: {n} members", ws.name);
        }
    }
    let names: Vec<&str> = d[roster::providers::paradigm::KIND]
        .workspaces
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    assert!(names.contains(&"Finance Ops"), "{names:?}");
}

#[test]
fn the_generator_is_deterministic_and_sized_as_asked() {
    let a = generate(7, 9, 42);
    assert_eq!(a, generate(7, 9, 42), "same seed, same dataset");
    assert_ne!(a, generate(7, 9, 43), "another seed, another dataset");
    check_invariants(&a);
    for (name, p) in sections(&a) {
        assert_eq!(p.workspaces.len(), 7, "{name}");
        assert!(
            p.workspaces.iter().all(|w| user_grants(w).count() == 9),
            "{name}"
        );
    }
}

#[test]
fn the_generator_handles_benchmark_sizes() {
    let d = generate(2_000, 40, 1);
    check_invariants(&d);
    for (name, p) in sections(&d) {
        assert_eq!(p.workspaces.len(), 2_000, "{name}");
        assert!(
            p.workspaces.iter().all(|w| user_grants(w).count() == 40),
            "{name}"
        );
    }
}
