//! The fault matrix's world: one small workspace per provider with the same cast (Ada owner, Bob
//! whose role changes, Cy who is removed, Dan who is added), the requests each operation makes, and
//! the grants the store holds, in a form the listing can be compared with.
#![allow(dead_code)]

use axum::http::Method;
use roster::http::HttpSettings;
use roster::model::{Member, MemberKind, ProviderKind, Role, UserRef, Workspace};
use roster::sandbox::Sandbox;
use roster::sandbox::store::{Dataset, Grant, Group, ProviderData, RoleData, User, WorkspaceData};
use std::time::Duration;

/// Every call's limit in the matrix; a cell may take at most this plus one second.
pub const REQUEST_TIMEOUT: Duration = Duration::from_millis(500);

/// Short timeouts and backoff, so the whole matrix runs in seconds; `Retry-After: 1` is within the cap.
pub fn settings() -> HttpSettings {
    HttpSettings {
        connect_timeout: Duration::from_millis(200),
        request_timeout: REQUEST_TIMEOUT,
        max_attempts: 3,
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(80),
        max_retry_after: Duration::from_secs(2),
        max_requests_per_second: None,
        max_concurrency: 8,
    }
}

pub const ASKUI_WS: &str = "5f0c2a8e-1b7d-4c1e-9a31-0d6f3e2b7a10";
pub const TL_WS: &str = "2d4e6f80-0000-4000-8000-000000000001";
pub const TL_ADMIN: &str = "8b1c0000-0000-4000-8000-0000000000a1";
pub const TL_VIEWER: &str = "6a7d0000-0000-4000-8000-0000000000a2";

/// IDs of the cast in one provider.
pub struct Cast {
    pub ada: &'static str,
    pub bob: &'static str,
    pub cy: &'static str,
    pub dan: &'static str,
}

pub fn cast(kind: ProviderKind) -> Cast {
    match kind {
        ProviderKind::Askui => Cast {
            ada: "auth0|ada",
            bob: "auth0|bob",
            cy: "auth0|cy",
            dan: "auth0|dan",
        },
        ProviderKind::Dreadnode => Cast {
            ada: "6a1f0c3e-7b2d-4e8f-9a10-000000000a0a",
            bob: "6a1f0c3e-7b2d-4e8f-9a10-000000000b0b",
            cy: "6a1f0c3e-7b2d-4e8f-9a10-000000000c0c",
            dan: "6a1f0c3e-7b2d-4e8f-9a10-000000000d0d",
        },
        ProviderKind::Paradigm => Cast {
            ada: "1001",
            bob: "1002",
            cy: "1003",
            dan: "1004",
        },
        ProviderKind::Transactionlink => Cast {
            ada: "4f5a0000-0000-4000-8000-00000000000a",
            bob: "4f5a0000-0000-4000-8000-00000000000b",
            cy: "4f5a0000-0000-4000-8000-00000000000c",
            dan: "4f5a0000-0000-4000-8000-00000000000d",
        },
    }
}

/// Wire roles: (owner, Bob's old role, Bob's new role = Dan's role, Cy's role).
fn roles(kind: ProviderKind) -> [&'static str; 4] {
    match kind {
        ProviderKind::Askui => [
            "ROLE_WORKSPACE_OWNER",
            "ROLE_WORKSPACE_MEMBER",
            "ROLE_WORKSPACE_ADMIN",
            "ROLE_WORKSPACE_MEMBER",
        ],
        ProviderKind::Dreadnode => ["owner", "reader", "contributor", "reader"],
        ProviderKind::Paradigm => ["owner", "viewer", "editor", "editor"],
        ProviderKind::Transactionlink => [TL_ADMIN, TL_VIEWER, TL_ADMIN, TL_VIEWER],
    }
}

fn user(id: &str, name: &str) -> User {
    User {
        id: id.into(),
        email: format!("{}@example.com", name.to_lowercase()),
        name: name.into(),
        org_role: Some("member".into()),
    }
}

fn grant(membership: Option<String>, user: &str, role: &str) -> Grant {
    Grant {
        id: membership,
        user: Some(user.into()),
        group: None,
        role: role.into(),
    }
}

fn section(kind: ProviderKind) -> ProviderData {
    let c = cast(kind);
    let [owner, bob_role, _, cy_role] = roles(kind);
    let membership = |n: u32| {
        (kind == ProviderKind::Askui).then(|| format!("0a9f3b1c-0000-4000-8000-00000000000{n}"))
    };
    let mut members = vec![
        grant(membership(1), c.ada, owner),
        grant(membership(2), c.bob, bob_role),
        grant(membership(3), c.cy, cy_role),
    ];
    let (token, org, id, key, name) = match kind {
        ProviderKind::Askui => ("askui-matrix-token", None, ASKUI_WS, None, "Platform"),
        ProviderKind::Dreadnode => (
            "dn-matrix-key",
            Some("acme"),
            "1d2c3b4a-0000-4000-8000-0000000000a1",
            Some("red-team"),
            "Red Team",
        ),
        ProviderKind::Paradigm => ("paradigm-matrix-key", None, "201", None, "Finance Ops"),
        ProviderKind::Transactionlink => (
            "tot_matrix_0123456789abcdef",
            Some("7e0c0000-0000-4000-8000-000000000001"),
            TL_WS,
            None,
            "Fraud Ops",
        ),
    };
    let mut groups = Vec::new();
    if kind == ProviderKind::Paradigm {
        groups.push(Group {
            id: "11".into(),
            name: "Finance".into(),
            members: vec![c.ada.into()],
        });
        members.push(Grant {
            id: None,
            user: None,
            group: Some("11".into()),
            role: "viewer".into(),
        });
    }
    let workspace_roles = if kind == ProviderKind::Transactionlink {
        vec![
            RoleData {
                id: TL_ADMIN.into(),
                name: "Admin".into(),
            },
            RoleData {
                id: TL_VIEWER.into(),
                name: "Viewer".into(),
            },
        ]
    } else {
        Vec::new()
    };
    ProviderData {
        token: token.into(),
        org: org.map(str::to_string),
        users: vec![
            user(c.ada, "Ada"),
            user(c.bob, "Bob"),
            user(c.cy, "Cy"),
            user(c.dan, "Dan"),
        ],
        groups,
        workspaces: vec![WorkspaceData {
            id: id.into(),
            key: key.map(str::to_string),
            name: name.into(),
            roles: workspace_roles,
            members,
        }],
    }
}

/// The four providers' worlds in one dataset.
pub fn dataset() -> Dataset {
    Dataset {
        askui: section(ProviderKind::Askui),
        dreadnode: section(ProviderKind::Dreadnode),
        paradigm: section(ProviderKind::Paradigm),
        transactionlink: section(ProviderKind::Transactionlink),
    }
}

/// The workspace as the clients address it (Dreadnode by key).
pub fn workspace(kind: ProviderKind) -> Workspace {
    let (id, name) = match kind {
        ProviderKind::Askui => (ASKUI_WS, "Platform"),
        ProviderKind::Dreadnode => ("red-team", "Red Team"),
        ProviderKind::Paradigm => ("201", "Finance Ops"),
        ProviderKind::Transactionlink => (TL_WS, "Fraud Ops"),
    };
    Workspace {
        id: id.into(),
        name: name.into(),
    }
}

/// Who is added: Dan, by email where the API adds by email, by ID elsewhere.
pub fn newcomer(kind: ProviderKind) -> UserRef {
    match kind {
        ProviderKind::Dreadnode => UserRef::Email("dan@example.com".into()),
        _ => UserRef::Id(cast(kind).dan.into()),
    }
}

/// The role given to Dan and to Bob.
pub fn new_role(kind: ProviderKind) -> Role {
    let wire = roles(kind)[2];
    match kind {
        ProviderKind::Transactionlink => Role {
            id: wire.into(),
            name: "Admin".into(),
        },
        _ => Role::named(wire),
    }
}

/// A client config with the matrix's short timeouts (or `http`).
pub fn config(
    sandbox: &Sandbox,
    kind: ProviderKind,
    http: HttpSettings,
) -> roster::providers::ProviderConfig {
    let mut config = sandbox.provider_config(kind);
    config.http = http;
    config
}

/// One direct grant as (kind, id, role), lower-cased: what a listing and the store must agree on.
pub type GrantRow = (String, String, String);

/// The grants the store holds in the provider's workspace, sorted (duplicates kept).
pub fn stored(sandbox: &Sandbox, kind: ProviderKind) -> Vec<GrantRow> {
    let data = sandbox.store().snapshot();
    let section = roster::sandbox::section(&data, kind);
    let mut rows: Vec<GrantRow> = section.workspaces[0]
        .members
        .iter()
        .map(|g| match (&g.user, &g.group) {
            (Some(u), _) => ("user".into(), u.to_lowercase(), g.role.to_lowercase()),
            (None, Some(gr)) => ("group".into(), gr.to_lowercase(), g.role.to_lowercase()),
            (None, None) => ("?".into(), String::new(), g.role.to_lowercase()),
        })
        .collect();
    rows.sort();
    rows
}

/// The same rows from a listing (direct members only).
pub fn listed(members: &[Member]) -> Vec<GrantRow> {
    let mut rows: Vec<GrantRow> = members
        .iter()
        .filter(|m| m.access.is_direct())
        .map(|m| {
            let kind = match m.kind {
                MemberKind::User => "user",
                MemberKind::Group => "group",
            };
            (kind.into(), m.id.to_lowercase(), m.role.id.to_lowercase())
        })
        .collect();
    rows.sort();
    rows
}

/// Where a fault is aimed: method and path fragment of the request, and whether it hits after the
/// emulator applied the request ("the change happened, the answer was lost").
#[derive(Clone, Debug)]
pub struct Target {
    pub method: Method,
    pub path: String,
    pub after_apply: bool,
}

/// The provider-prefixed path of the workspace's member listing / add request / one membership.
pub fn members_path(kind: ProviderKind) -> String {
    match kind {
        ProviderKind::Askui => "/askui/api/v1/workspace-memberships".into(),
        ProviderKind::Dreadnode => "/dreadnode/api/v1/org/acme/ws/red-team/users".into(),
        ProviderKind::Paradigm => "/paradigm/api/v3/company/workspaces/201/members".into(),
        ProviderKind::Transactionlink => format!("/transactionlink/workspaces/{TL_WS}/memberships"),
    }
}

/// The path a change of `user` goes to (AskUI: the membership collection; its DELETE carries an ID).
pub fn change_path(kind: ProviderKind, user: &str) -> String {
    match kind {
        ProviderKind::Askui => "/askui/api/v1/workspace-memberships".into(),
        ProviderKind::Dreadnode => format!("/dreadnode/api/v1/org/acme/ws/red-team/users/{user}"),
        ProviderKind::Paradigm => "/paradigm/api/v3/workspaces/201/members".into(),
        ProviderKind::Transactionlink => {
            format!("/transactionlink/workspaces/{TL_WS}/memberships/{user}")
        }
    }
}
