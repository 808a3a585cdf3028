//! One declared workspace against what its server lists: the adds, role changes and removals that
//! would make the server match, within a mode (`sync`, `add-only`, `remove-only`). Only direct
//! user members are ever planned; inherited access and groups are returned as information.
//!
//! Pure: the caller lists the members (and the roles, when [`needs_roles`] says they are needed,
//! which an unchanged workspace never does), and turns the differences into engine changes.

use super::file::GrantDecl;
use crate::engine::plan::same_role;
use crate::model::{Member, MemberKind, Role, UserRef, find_role};
use serde::Serialize;
use std::collections::HashMap;

/// Which differences a plan includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Adds, role changes and removals: the servers end up exactly as the file says.
    #[default]
    Sync,
    /// Only adds of people the file lists and the server does not: nobody loses or changes access.
    AddOnly,
    /// Only removals of direct members the file does not list: nobody gains or changes access.
    RemoveOnly,
}

impl Mode {
    /// `sync`, `add-only`, `remove-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sync => "sync",
            Mode::AddOnly => "add-only",
            Mode::RemoveOnly => "remove-only",
        }
    }

    fn allows(self, kind: Kind) -> bool {
        matches!(
            (self, kind),
            (Mode::Sync, _) | (Mode::AddOnly, Kind::Add) | (Mode::RemoveOnly, Kind::Remove)
        )
    }
}

/// The kind of a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Someone the file lists is not a direct member.
    Add,
    /// A direct member has another role than the file says.
    SetRole,
    /// A direct member is not in the file.
    Remove,
}

/// One difference between a declared workspace and its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Add `user` with `role` (the file's line `line`).
    Add {
        /// As the file names them.
        user: UserRef,
        /// The workspace's role the file names.
        role: Role,
        /// The file's line.
        line: usize,
    },
    /// Give the direct member `member` the role `role` (the file's line `line`).
    SetRole {
        /// The member as listed.
        member: Member,
        /// The workspace's role the file names.
        role: Role,
        /// The file's line.
        line: usize,
    },
    /// Remove the direct member `member`, whom the file does not list.
    Remove {
        /// The member as listed.
        member: Member,
    },
}

impl Difference {
    /// Its kind.
    pub fn kind(&self) -> Kind {
        match self {
            Difference::Add { .. } => Kind::Add,
            Difference::SetRole { .. } => Kind::SetRole,
            Difference::Remove { .. } => Kind::Remove,
        }
    }

    /// The file's line it comes from (none for a removal: the member is not in the file).
    pub fn line(&self) -> Option<usize> {
        match self {
            Difference::Add { line, .. } | Difference::SetRole { line, .. } => Some(*line),
            Difference::Remove { .. } => None,
        }
    }
}

/// How many differences of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Adds.
    pub add: usize,
    /// Role changes.
    pub set_role: usize,
    /// Removals.
    pub remove: usize,
}

impl Counts {
    /// Counts one more of `kind`.
    pub fn count(&mut self, kind: Kind) {
        match kind {
            Kind::Add => self.add += 1,
            Kind::SetRole => self.set_role += 1,
            Kind::Remove => self.remove += 1,
        }
    }

    /// Adds `other`'s counts.
    pub fn merge(&mut self, other: Counts) {
        self.add += other.add;
        self.set_role += other.set_role;
        self.remove += other.remove;
    }

    /// All of them.
    pub fn total(&self) -> usize {
        self.add + self.set_role + self.remove
    }
}

/// What one workspace needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// The differences the mode includes, in the order to run them: adds, role changes (those
    /// giving the top role first), removals, so a workspace gains an owner before it loses one.
    pub planned: Vec<Difference>,
    /// The differences the mode leaves out, counted.
    pub left_out: Counts,
    /// Access shown but never planned: inherited users and groups.
    pub shown: Vec<Member>,
    /// Problems of the file found against the server, by line: an unknown role (with the valid
    /// ones), two lines naming the same member.
    pub errors: Vec<(usize, String)>,
}

/// Whether reconciling needs the workspace's role catalogue: when a file's role is not simply the
/// member's current role (to resolve it, or to say it is unknown), and when the mode removes
/// someone (the catalogue's top role decides whether an owner is left).
pub fn needs_roles(grants: &[GrantDecl], members: &[Member], mode: Mode) -> bool {
    let matched = match_grants(grants, members);
    let unresolved = grants
        .iter()
        .zip(&matched)
        .any(|(g, m)| !m.is_some_and(|i| members[i].role.matches(&g.role)));
    let unlisted = || {
        let listed: std::collections::HashSet<usize> = matched.iter().flatten().copied().collect();
        members
            .iter()
            .enumerate()
            .any(|(i, m)| is_direct_user(m) && !listed.contains(&i))
    };
    unresolved || (mode.allows(Kind::Remove) && unlisted())
}

/// The differences between `grants` (one declared workspace) and `members` (its listing, with
/// inherited rows when the provider lists them), with `roles` its catalogue (may be empty when
/// [`needs_roles`] said it is not needed).
pub fn reconcile(
    grants: &[GrantDecl],
    members: &[Member],
    roles: &[Role],
    mode: Mode,
) -> Reconciled {
    let matched = match_grants(grants, members);
    let mut out = Reconciled::default();
    let mut used: HashMap<usize, usize> = HashMap::new();
    let mut all: Vec<Difference> = Vec::new();
    for (g, m) in grants.iter().zip(&matched) {
        if let Some(i) = *m {
            if let Some(first) = used.get(&i) {
                out.errors.push((
                    g.line,
                    format!(
                        "{} and line {first} name the same member ({}); keep one line",
                        g.user,
                        crate::sanitize::sanitize_line(members[i].label())
                    ),
                ));
                continue;
            }
            used.insert(i, g.line);
            if members[i].role.matches(&g.role) {
                continue;
            }
        }
        let role = match find_role(roles, &g.role) {
            Ok(r) => r.clone(),
            Err(why) => {
                out.errors.push((g.line, why));
                continue;
            }
        };
        match *m {
            Some(i) if same_role(&members[i].role, &role) => {}
            Some(i) => all.push(Difference::SetRole {
                member: members[i].clone(),
                role,
                line: g.line,
            }),
            None => all.push(Difference::Add {
                user: g.user.clone(),
                role,
                line: g.line,
            }),
        }
    }
    for (i, m) in members.iter().enumerate() {
        if is_direct_user(m) {
            if !used.contains_key(&i) {
                all.push(Difference::Remove { member: m.clone() });
            }
        } else {
            out.shown.push(m.clone());
        }
    }
    let owner = roles.first();
    let rank = |d: &Difference| match d {
        Difference::Add { .. } => 0,
        Difference::SetRole { role, .. } if owner.is_some_and(|o| same_role(o, role)) => 1,
        Difference::SetRole { .. } => 2,
        Difference::Remove { .. } => 3,
    };
    // A stable sort keeps the file's order within each rank.
    all.sort_by_key(rank);
    for d in all {
        if mode.allows(d.kind()) {
            out.planned.push(d);
        } else {
            out.left_out.count(d.kind());
        }
    }
    out
}

/// When running `planned` would take the workspace's last holder of its top role (the first role
/// of `roles`) away while it has one now: that role. The engine refuses such a change too, one
/// change at a time; this sees the whole plan (removing both of two owners).
pub fn owner_left_without(
    members: &[Member],
    roles: &[Role],
    planned: &[Difference],
) -> Option<Role> {
    let owner = roles.first()?;
    let is_owner = |r: &Role| same_role(r, owner);
    let before = members
        .iter()
        .filter(|m| m.access.is_direct() && is_owner(&m.role))
        .count();
    let mut after = before as i64;
    for d in planned {
        match d {
            Difference::Add { role, .. } if is_owner(role) => after += 1,
            Difference::SetRole { member, role, .. } => {
                after += i64::from(is_owner(role)) - i64::from(is_owner(&member.role));
            }
            Difference::Remove { member } if is_owner(&member.role) => after -= 1,
            _ => {}
        }
    }
    (before > 0 && after <= 0).then(|| owner.clone())
}

fn is_direct_user(m: &Member) -> bool {
    m.kind == MemberKind::User && m.access.is_direct()
}

/// For each grant, the index of the direct user member it names, if any (the first, as
/// [`Member::is`] would find it). Indexed, so a workspace of 100,000 members is matched in one pass.
fn match_grants(grants: &[GrantDecl], members: &[Member]) -> Vec<Option<usize>> {
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for (i, m) in members
        .iter()
        .enumerate()
        .filter(|(_, m)| is_direct_user(m))
    {
        if let Some(e) = &m.email {
            by_email.entry(e.to_ascii_lowercase()).or_insert(i);
        }
        by_id.entry(m.id.as_str()).or_insert(i);
    }
    grants
        .iter()
        .map(|g| match &g.user {
            UserRef::Email(e) => by_email.get(&e.to_ascii_lowercase()).copied(),
            UserRef::Id(id) => by_id.get(id.as_str()).copied(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Access;

    fn member(id: &str, role: &str) -> Member {
        Member {
            id: id.into(),
            email: Some(format!("{id}@x.io")),
            name: None,
            role: Role::named(role),
            access: Access::Direct,
            kind: MemberKind::User,
            handle: None,
        }
    }

    fn grant(user: &str, role: &str, line: usize) -> GrantDecl {
        GrantDecl {
            user: UserRef::parse(user).unwrap(),
            role: role.into(),
            line,
        }
    }

    fn roles() -> Vec<Role> {
        ["owner", "admin", "member"].map(Role::named).to_vec()
    }

    fn kinds(r: &Reconciled) -> Vec<(Kind, Option<usize>)> {
        r.planned.iter().map(|d| (d.kind(), d.line())).collect()
    }

    /// A file with one added (dan), one changed (bob) and one missing (cyd) member.
    fn case() -> (Vec<GrantDecl>, Vec<Member>) {
        let members = vec![
            member("ada", "owner"),
            member("bob", "member"),
            member("cyd", "member"),
            Member {
                access: Access::Inherited {
                    via: "organisation admin".into(),
                },
                ..member("olga", "admin")
            },
        ];
        let grants = vec![
            grant("ADA@x.io", "Owner", 1),
            grant("bob@x.io", "admin", 2),
            grant("dan@x.io", "member", 3),
        ];
        (grants, members)
    }

    #[test]
    fn each_mode_plans_its_own_kind_of_difference() {
        let (grants, members) = case();
        let sync = reconcile(&grants, &members, &roles(), Mode::Sync);
        assert_eq!(
            kinds(&sync),
            [
                (Kind::Add, Some(3)),
                (Kind::SetRole, Some(2)),
                (Kind::Remove, None)
            ]
        );
        assert_eq!(sync.shown.len(), 1, "olga is shown, not planned");
        let add = reconcile(&grants, &members, &roles(), Mode::AddOnly);
        assert_eq!(kinds(&add), [(Kind::Add, Some(3))]);
        assert_eq!(
            add.left_out,
            Counts {
                add: 0,
                set_role: 1,
                remove: 1
            }
        );
        let remove = reconcile(&grants, &members, &roles(), Mode::RemoveOnly);
        assert_eq!(kinds(&remove), [(Kind::Remove, None)]);
        assert_eq!(remove.left_out.total(), 2);
    }

    #[test]
    fn an_unchanged_workspace_needs_no_role_catalogue() {
        let (_, members) = case();
        let same = [grant("ada@x.io", "OWNER", 1), grant("bob", "x", 2)];
        // bob is named by ID and his role is unknown: the catalogue is needed to say so.
        assert!(needs_roles(&same, &members, Mode::AddOnly));
        let same = [
            grant("ada@x.io", "OWNER", 1),
            grant("bob", "member", 2),
            grant("cyd", "member", 3),
        ];
        assert!(!needs_roles(&same, &members, Mode::Sync));
        assert!(
            reconcile(&same, &members, &[], Mode::Sync)
                .planned
                .is_empty()
        );
        // Someone unlisted is removed only by a mode that removes.
        assert!(needs_roles(&same[..2], &members, Mode::Sync));
        assert!(!needs_roles(&same[..2], &members, Mode::AddOnly));
    }

    #[test]
    fn unknown_roles_and_a_member_named_twice_are_errors_at_their_lines() {
        let (_, members) = case();
        let bad = [
            grant("ada@x.io", "boss", 4),
            grant("bob@x.io", "member", 5),
            grant("bob", "member", 6),
        ];
        let r = reconcile(&bad, &members, &roles(), Mode::Sync);
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
        assert_eq!(r.errors[0].0, 4);
        assert!(r.errors[0].1.contains("valid roles: owner, admin, member"));
        assert_eq!(r.errors[1].0, 6);
        assert!(r.errors[1].1.contains("line 5"));
    }

    #[test]
    fn the_whole_plan_must_leave_an_owner() {
        let members = vec![
            member("a", "owner"),
            member("b", "owner"),
            member("c", "member"),
        ];
        let both_removed = reconcile(&[grant("c", "member", 1)], &members, &roles(), Mode::Sync);
        assert_eq!(
            owner_left_without(&members, &roles(), &both_removed.planned),
            Some(Role::named("owner"))
        );
        let handed_over = reconcile(&[grant("c", "owner", 1)], &members, &roles(), Mode::Sync);
        assert_eq!(
            kinds(&handed_over)[0],
            (Kind::SetRole, Some(1)),
            "promotion first"
        );
        assert_eq!(
            owner_left_without(&members, &roles(), &handed_over.planned),
            None
        );
        // A workspace without an owner now is not made worse by the plan.
        let none = vec![member("c", "member")];
        let gone = reconcile(&[], &none, &roles(), Mode::Sync);
        assert_eq!(owner_left_without(&none, &roles(), &gone.planned), None);
    }
}
