//! Deterministic dataset generator: realistic people, workspaces and grants for all four APIs, with
//! each provider's own ID formats and role values. Used by `roster sandbox --generate W,M`, the
//! benchmarks (2,000 × 40 must stay quick) and, with hand-picked names, the demo dataset.
//!
//! Every provider's users come from one pool of people (the same company uses four tools), each with
//! the provider's own IDs. Some people are in several workspaces, some in none (so adding by email
//! has someone to find).

use super::names::{FIRST_NAMES, LAST_NAMES, PARTNER_DOMAINS, TEAMS};
use super::store::{Dataset, Grant, Group, ProviderData, RoleData, User, WorkspaceData};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;

/// The organisation's email domain.
const COMPANY_DOMAIN: &str = "acme.example";

/// TransactionLink's per-workspace roles, with the share of members given each.
const TL_ROLES: [(&str, f64); 3] = [("Admin", 0.15), ("Analyst", 0.45), ("Viewer", 0.40)];

/// The shape of a dataset to generate.
#[derive(Debug, Clone)]
pub struct Layout {
    /// AskUI workspaces: name and number of members.
    pub askui: Vec<(String, usize)>,
    /// Dreadnode workspaces (keys are derived from the names).
    pub dreadnode: Vec<(String, usize)>,
    /// Paradigm workspaces.
    pub paradigm: Vec<(String, usize)>,
    /// TransactionLink workspaces.
    pub transactionlink: Vec<(String, usize)>,
    /// Paradigm group names.
    pub paradigm_groups: Vec<String>,
    /// Tokens (AskUI, Dreadnode, Paradigm, TransactionLink); generated from the seed when `None`.
    pub tokens: Option<[String; 4]>,
    /// Dreadnode organisation slug.
    pub dreadnode_org: String,
}

impl Layout {
    /// `workspaces` workspaces of `members` members for every provider, named after teams.
    pub fn uniform(workspaces: usize, members: usize) -> Self {
        let list: Vec<(String, usize)> = (0..workspaces)
            .map(|i| (numbered(TEAMS, i), members))
            .collect();
        let groups = (workspaces / 3).clamp(3, 60);
        Layout {
            askui: list.clone(),
            dreadnode: list.clone(),
            paradigm: list.clone(),
            transactionlink: list,
            paradigm_groups: (0..groups)
                .map(|i| format!("{} team", numbered(TEAMS, i)))
                .collect(),
            tokens: None,
            dreadnode_org: "acme".to_string(),
        }
    }
}

/// A dataset of `workspaces` workspaces with `members` members each, for every provider. The same
/// `seed` always gives the same dataset.
pub fn generate(workspaces: usize, members: usize, seed: u64) -> Dataset {
    generate_layout(&Layout::uniform(workspaces, members), seed)
}

/// A dataset of the given shape; the same `seed` always gives the same dataset.
pub fn generate_layout(layout: &Layout, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let people = people(&mut rng, layout);
    let tokens = layout.tokens.clone().unwrap_or_else(|| {
        [
            hex(&mut rng, 32),
            format!("dn_{}", hex(&mut rng, 32)),
            hex(&mut rng, 40),
            format!("tot_{}", hex(&mut rng, 32)),
        ]
    });
    let [askui_token, dreadnode_token, paradigm_token, tl_token] = tokens;
    let mut data = Dataset::default();
    data[crate::providers::askui::KIND] = askui(&mut rng, &people, &layout.askui, askui_token);
    data[crate::providers::dreadnode::KIND] = dreadnode(
        &mut rng,
        &people,
        &layout.dreadnode,
        dreadnode_token,
        &layout.dreadnode_org,
    );
    data[crate::providers::paradigm::KIND] = paradigm(
        &mut rng,
        &people,
        &layout.paradigm,
        &layout.paradigm_groups,
        paradigm_token,
    );
    data[crate::providers::transactionlink::KIND] =
        transactionlink(&mut rng, &people, &layout.transactionlink, tl_token);
    data
}

/// One person of the company pool.
struct Person {
    name: String,
    email: String,
}

/// The people pool. The first `active` are drawn as workspace members; the rest are in no workspace.
struct People {
    all: Vec<Person>,
    active: usize,
}

fn people(rng: &mut StdRng, layout: &Layout) -> People {
    let lists = [
        &layout.askui,
        &layout.dreadnode,
        &layout.paradigm,
        &layout.transactionlink,
    ];
    let largest = lists
        .iter()
        .flat_map(|l| l.iter().map(|(_, m)| *m))
        .max()
        .unwrap_or(0);
    let most_grants = lists
        .iter()
        .map(|l| l.iter().map(|(_, m)| *m).sum::<usize>())
        .max()
        .unwrap_or(0);
    // About four workspaces per person at scale; small datasets still leave room to choose.
    let active = (largest + largest / 4).max(most_grants / 4).max(1);
    let idle = (active / 10).max(3);
    let mut seen: HashMap<String, u32> = HashMap::with_capacity(active + idle);
    let all = (0..active + idle)
        .map(|_| {
            let first = FIRST_NAMES.choose(rng).copied().unwrap_or("Alex");
            let last = LAST_NAMES.choose(rng).copied().unwrap_or("Smith");
            // One in twenty is an outside collaborator with a partner's address.
            let domain = if rng.random_bool(0.05) {
                PARTNER_DOMAINS
                    .choose(rng)
                    .copied()
                    .unwrap_or(COMPANY_DOMAIN)
            } else {
                COMPANY_DOMAIN
            };
            let local = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
            let count = seen.entry(format!("{local}@{domain}")).or_insert(0);
            *count += 1;
            let email = if *count == 1 {
                format!("{local}@{domain}")
            } else {
                format!("{local}{count}@{domain}")
            };
            Person {
                name: format!("{first} {last}"),
                email,
            }
        })
        .collect();
    People { all, active }
}

impl People {
    /// `count` distinct active people, in random order.
    fn sample(&self, rng: &mut StdRng, count: usize) -> Vec<usize> {
        rand::seq::index::sample(rng, self.active, count.min(self.active)).into_vec()
    }
}

fn user(id: String, person: &Person, org_role: Option<&str>) -> User {
    User {
        id,
        email: person.email.clone(),
        name: person.name.clone(),
        org_role: org_role.map(str::to_string),
    }
}

fn grant(id: Option<String>, user: &str, role: &str) -> Grant {
    Grant {
        id,
        user: Some(user.to_string()),
        group: None,
        role: role.to_string(),
    }
}

/// Picks a role at random, each with its share of the draws.
fn weighted<'a>(rng: &mut StdRng, choices: &[(&'a str, f64)]) -> &'a str {
    let mut roll = rng.random::<f64>();
    for (role, share) in choices {
        if roll < *share {
            return role;
        }
        roll -= share;
    }
    choices.last().map_or("", |(role, _)| role)
}

fn askui(
    rng: &mut StdRng,
    people: &People,
    layout: &[(String, usize)],
    token: String,
) -> ProviderData {
    const ROLES: [(&str, f64); 3] = [
        ("ROLE_WORKSPACE_OWNER", 0.05),
        ("ROLE_WORKSPACE_ADMIN", 0.20),
        ("ROLE_WORKSPACE_MEMBER", 0.75),
    ];
    let users: Vec<User> = people
        .all
        .iter()
        .map(|p| user(format!("auth0|{}", hex(rng, 24)), p, None))
        .collect();
    let workspaces = layout
        .iter()
        .map(|(name, size)| {
            let members = people
                .sample(rng, *size)
                .into_iter()
                .enumerate()
                .map(|(n, i)| {
                    let role = if n == 0 {
                        ROLES[0].0
                    } else {
                        weighted(rng, &ROLES)
                    };
                    grant(Some(uuid(rng)), &users[i].id, role)
                })
                .collect();
            WorkspaceData {
                id: uuid(rng),
                key: None,
                name: name.clone(),
                roles: Vec::new(),
                members,
            }
        })
        .collect();
    ProviderData {
        token,
        org: None,
        users,
        groups: Vec::new(),
        workspaces,
    }
}

fn dreadnode(
    rng: &mut StdRng,
    people: &People,
    layout: &[(String, usize)],
    token: String,
    org: &str,
) -> ProviderData {
    const ROLES: [(&str, f64); 3] = [("owner", 0.10), ("contributor", 0.45), ("reader", 0.45)];
    let users: Vec<User> = people
        .all
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let org_role = if i == 0 {
                "owner"
            } else if rng.random_bool(0.3) {
                "contributor"
            } else {
                "reader"
            };
            user(uuid(rng), p, Some(org_role))
        })
        .collect();
    let workspaces = layout
        .iter()
        .map(|(name, size)| {
            let members = people
                .sample(rng, *size)
                .into_iter()
                .enumerate()
                .map(|(n, i)| {
                    let role = if n == 0 {
                        "owner"
                    } else {
                        weighted(rng, &ROLES)
                    };
                    grant(Some(uuid(rng)), &users[i].id, role)
                })
                .collect();
            WorkspaceData {
                id: uuid(rng),
                key: Some(slug(name)),
                name: name.clone(),
                roles: Vec::new(),
                members,
            }
        })
        .collect();
    ProviderData {
        token,
        org: Some(org.to_string()),
        users,
        groups: Vec::new(),
        workspaces,
    }
}

fn paradigm(
    rng: &mut StdRng,
    people: &People,
    layout: &[(String, usize)],
    group_names: &[String],
    token: String,
) -> ProviderData {
    const ROLES: [(&str, f64); 3] = [("owner", 0.10), ("editor", 0.40), ("viewer", 0.50)];
    // Integer IDs as the API has them; separate ranges make mix-ups visible in tests.
    let users: Vec<User> = people
        .all
        .iter()
        .enumerate()
        .map(|(i, p)| user((1001 + i).to_string(), p, None))
        .collect();
    let groups: Vec<Group> = group_names
        .iter()
        .enumerate()
        .map(|(g, name)| {
            let size = rng.random_range(3..=12);
            Group {
                id: (11 + g).to_string(),
                name: name.clone(),
                members: people
                    .sample(rng, size)
                    .into_iter()
                    .map(|i| users[i].id.clone())
                    .collect(),
            }
        })
        .collect();
    let workspaces = layout
        .iter()
        .enumerate()
        .map(|(w, (name, size))| {
            let mut members: Vec<Grant> = people
                .sample(rng, *size)
                .into_iter()
                .enumerate()
                .map(|(n, i)| {
                    let role = if n == 0 {
                        "owner"
                    } else {
                        weighted(rng, &ROLES)
                    };
                    grant(None, &users[i].id, role)
                })
                .collect();
            // The first workspace and about a third of the others grant a group a role.
            if !groups.is_empty()
                && (w == 0 || rng.random_bool(0.35))
                && let Some(group) = groups.choose(rng)
            {
                let role = if rng.random_bool(0.7) {
                    "viewer"
                } else {
                    "editor"
                };
                members.push(Grant {
                    id: None,
                    user: None,
                    group: Some(group.id.clone()),
                    role: role.to_string(),
                });
            }
            WorkspaceData {
                id: (201 + w).to_string(),
                key: None,
                name: name.clone(),
                roles: Vec::new(),
                members,
            }
        })
        .collect();
    ProviderData {
        token,
        org: None,
        users,
        groups,
        workspaces,
    }
}

fn transactionlink(
    rng: &mut StdRng,
    people: &People,
    layout: &[(String, usize)],
    token: String,
) -> ProviderData {
    // One owner and a few admins, who see every workspace without a direct grant.
    let admins = (people.all.len() / 100).clamp(2, 8);
    let privileged = people.sample(rng, admins + 1);
    let users: Vec<User> = people
        .all
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let org_role = match privileged.iter().position(|&x| x == i) {
                Some(0) => "owner",
                Some(_) => "admin",
                None => "member",
            };
            user(uuid(rng), p, Some(org_role))
        })
        .collect();
    let workspaces = layout
        .iter()
        .map(|(name, size)| {
            let roles: Vec<RoleData> = TL_ROLES
                .iter()
                .map(|(role, _)| RoleData {
                    id: uuid(rng),
                    name: role.to_string(),
                })
                .collect();
            let members = people
                .sample(rng, *size)
                .into_iter()
                .map(|i| {
                    let role = weighted(rng, &TL_ROLES);
                    let role_id = roles
                        .iter()
                        .find(|r| r.name == role)
                        .map_or(String::new(), |r| r.id.clone());
                    grant(None, &users[i].id, &role_id)
                })
                .collect();
            WorkspaceData {
                id: uuid(rng),
                key: None,
                name: name.clone(),
                roles,
                members,
            }
        })
        .collect();
    ProviderData {
        token,
        org: Some(uuid(rng)),
        users,
        groups: Vec::new(),
        workspaces,
    }
}

/// `names[i]`, numbered once the list runs out ("Platform 2"), so names stay unique.
fn numbered(names: &[&str], i: usize) -> String {
    let base = names[i % names.len()];
    match i / names.len() {
        0 => base.to_string(),
        round => format!("{base} {}", round + 1),
    }
}

/// A URL-safe key from a name: lowercase ASCII letters and digits joined by single dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

fn hex(rng: &mut StdRng, len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..len)
        .map(|_| char::from(DIGITS[rng.random_range(0..16)]))
        .collect()
}
