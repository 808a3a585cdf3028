//! What a change is: the state a membership was seen in when the change was planned, and the state
//! wanted. Every change roster makes (add, set role, remove, create workspace, and everything built
//! from them) is one [`Change`]; a [`Plan`] is a list of them.
//!
//! A membership change is a move from [`State`] `seen` to [`State`] `want`: an add goes from
//! `Absent` to a role, a removal from a role to `Absent`. The same shape serves recovery (drive an
//! unfinished change to `want`, or back to `seen`) and undo (the inverse move), so none of them
//! needs to know which provider call does what.

use crate::model::{Member, MemberKind, NewWorkspace, ProviderKind, Role, UserRef, Workspace};
use crate::sanitize::sanitize_line;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A membership's state as one read showed it: absent, or a direct member with a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "role")]
pub enum State {
    /// Not a direct member.
    Absent,
    /// A direct member with this role.
    Member(Role),
}

impl State {
    /// The role, when a member.
    pub fn role(&self) -> Option<&Role> {
        match self {
            State::Absent => None,
            State::Member(r) => Some(r),
        }
    }

    /// Whether two states are the same (roles compared by wire ID, or by name when a listing only
    /// carries names).
    pub fn same(&self, other: &State) -> bool {
        match (self, other) {
            (State::Absent, State::Absent) => true,
            (State::Member(a), State::Member(b)) => same_role(a, b),
            _ => false,
        }
    }

    /// `absent` or `member with role R`, sanitized, for sentences.
    pub fn describe(&self) -> String {
        match self {
            State::Absent => "not a member".to_string(),
            State::Member(r) => format!("a member with role {}", sanitize_line(&r.name)),
        }
    }

    /// The state of `who` in a member listing: direct user rows only (inherited access and groups
    /// are not changed by roster).
    pub fn of(who: &UserRef, members: &[Member]) -> State {
        find_direct(who, members).map_or(State::Absent, |m| State::Member(m.role.clone()))
    }
}

/// Whether two roles are the same: same wire ID, or (when a listing only carries names) same name.
pub fn same_role(a: &Role, b: &Role) -> bool {
    a.id == b.id || a.name.eq_ignore_ascii_case(&b.name)
}

/// The direct user row of `who` in `members`.
pub fn find_direct<'a>(who: &UserRef, members: &'a [Member]) -> Option<&'a Member> {
    members
        .iter()
        .find(|m| m.kind == MemberKind::User && m.access.is_direct() && m.is(who))
}

/// One intended change, with everything needed to run, journal, recover and undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The profile it runs against.
    pub profile: String,
    /// The profile's provider (for labels, and so recovery never runs it against another API).
    pub provider: ProviderKind,
    /// What changes.
    pub subject: Subject,
}

/// What a change acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Plans hold at most a few thousand changes; boxing the membership would only add allocations.
#[allow(clippy::large_enum_variant)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Subject {
    /// One person's membership of one workspace.
    Membership(Membership),
    /// A new workspace.
    Workspace(NewWorkspaceChange),
}

/// A membership change: `who` in `workspace` goes from `seen` to `want`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The workspace.
    pub workspace: Workspace,
    /// The person: their ID once known (every change to an existing member), else as typed.
    pub who: Who,
    /// The member row as it was seen (provider handle, name, email), when they were a member.
    pub member: Option<Member>,
    /// The state the change was planned against.
    pub seen: State,
    /// The state it should leave.
    pub want: State,
}

/// A person as a change names them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "value")]
pub enum Who {
    /// An email address (matched ignoring case).
    Email(String),
    /// A provider user ID (matched exactly).
    Id(String),
}

impl Who {
    /// As a [`UserRef`], for provider calls and listing matches.
    pub fn user_ref(&self) -> UserRef {
        match self {
            Who::Email(e) => UserRef::Email(e.clone()),
            Who::Id(i) => UserRef::Id(i.clone()),
        }
    }

    /// The text: the email or the ID.
    pub fn as_str(&self) -> &str {
        match self {
            Who::Email(s) | Who::Id(s) => s,
        }
    }
}

impl From<&UserRef> for Who {
    fn from(u: &UserRef) -> Self {
        match u {
            UserRef::Email(e) => Who::Email(e.clone()),
            UserRef::Id(i) => Who::Id(i.clone()),
        }
    }
}

/// A workspace to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWorkspaceChange {
    /// Display name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Provider-specific options by name ([`NewWorkspace::options`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

impl From<&NewWorkspace> for NewWorkspaceChange {
    fn from(n: &NewWorkspace) -> Self {
        NewWorkspaceChange {
            name: n.name.clone(),
            description: n.description.clone(),
            options: n.options.clone(),
        }
    }
}

impl From<&NewWorkspaceChange> for NewWorkspace {
    fn from(n: &NewWorkspaceChange) -> Self {
        NewWorkspace {
            name: n.name.clone(),
            description: n.description.clone(),
            options: n.options.clone(),
        }
    }
}

/// The kind of a change, as the audit log and the JSON results name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// Absent → member.
    Add,
    /// Member → member with another role.
    SetRole,
    /// Member → absent.
    Remove,
    /// A new workspace.
    CreateWorkspace,
    /// Nothing to do (`seen` already is `want`).
    None,
}

impl Operation {
    /// `add`, `set-role`, `remove`, `create-workspace`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Add => "add",
            Operation::SetRole => "set-role",
            Operation::Remove => "remove",
            Operation::CreateWorkspace => "create-workspace",
            Operation::None => "none",
        }
    }
}

impl Membership {
    /// What moving from `from` to `to` is.
    pub fn operation_between(from: &State, to: &State) -> Operation {
        match (from, to) {
            (State::Absent, State::Absent) => Operation::None,
            (State::Absent, State::Member(_)) => Operation::Add,
            (State::Member(_), State::Absent) => Operation::Remove,
            (State::Member(a), State::Member(b)) if same_role(a, b) => Operation::None,
            (State::Member(_), State::Member(_)) => Operation::SetRole,
        }
    }

    /// The person as a listing match: by ID once known.
    pub fn user_ref(&self) -> UserRef {
        self.who.user_ref()
    }

    /// Best label: the member's name or email as seen, else the email or ID as typed. Sanitized.
    pub fn label(&self) -> String {
        match &self.member {
            Some(m) => sanitize_line(m.label()).into_owned(),
            None => sanitize_line(self.who.as_str()).into_owned(),
        }
    }

    /// The inverse move, planned against `now` (for undo and rollback).
    pub fn inverse(&self) -> Membership {
        Membership {
            seen: self.want.clone(),
            want: self.seen.clone(),
            ..self.clone()
        }
    }
}

impl Change {
    /// A membership change of `profile`.
    pub fn membership(profile: &str, provider: ProviderKind, m: Membership) -> Change {
        Change {
            profile: profile.to_string(),
            provider,
            subject: Subject::Membership(m),
        }
    }

    /// What kind of change this is.
    pub fn operation(&self) -> Operation {
        match &self.subject {
            Subject::Membership(m) => Membership::operation_between(&m.seen, &m.want),
            Subject::Workspace(_) => Operation::CreateWorkspace,
        }
    }

    /// The workspace's ID (or, for a workspace to create, its name).
    pub fn workspace_key(&self) -> &str {
        match &self.subject {
            Subject::Membership(m) => &m.workspace.id,
            Subject::Workspace(w) => &w.name,
        }
    }

    /// One sentence saying what the change does, sanitized: `change the role of Ada in "Design"
    /// from admin to member`.
    pub fn describe(&self) -> String {
        self.phrase(["create", "add", "remove", "change", "leave"])
    }

    /// The same as a gerund, for nesting in a sentence: `changing the role of Ada in "Design" from
    /// admin to member`.
    pub fn describe_doing(&self) -> String {
        self.phrase(["creating", "adding", "removing", "changing", "leaving"])
    }

    fn phrase(&self, [create, add, remove, change, leave]: [&str; 5]) -> String {
        match &self.subject {
            Subject::Workspace(w) => format!("{create} workspace \"{}\"", sanitize_line(&w.name)),
            Subject::Membership(m) => {
                let ws = sanitize_line(&m.workspace.name);
                let who = m.label();
                let role = |s: &State| s.role().map(|r| sanitize_line(&r.name).into_owned());
                match (role(&m.seen), role(&m.want)) {
                    (None, Some(to)) => format!("{add} {who} to \"{ws}\" as {to}"),
                    (Some(from), None) => format!("{remove} {who} ({from}) from \"{ws}\""),
                    (Some(from), Some(to)) => {
                        format!("{change} the role of {who} in \"{ws}\" from {from} to {to}")
                    }
                    (None, None) => format!("{leave} {who} out of \"{ws}\""),
                }
            }
        }
    }
}

/// A list of changes, run in order (within each profile's concurrency bound when the caller asks).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The changes.
    pub changes: Vec<Change>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(n: &str) -> Role {
        Role::named(n)
    }

    #[test]
    fn a_change_is_named_by_its_move() {
        let m = |seen, want| Membership {
            workspace: Workspace {
                id: "w1".into(),
                name: "Design".into(),
            },
            who: Who::Email("ada@example.com".into()),
            member: None,
            seen,
            want,
        };
        let add = m(State::Absent, State::Member(role("admin")));
        assert_eq!(
            Membership::operation_between(&add.seen, &add.want),
            Operation::Add
        );
        let inverse = add.inverse();
        assert_eq!(
            Membership::operation_between(&inverse.seen, &inverse.want),
            Operation::Remove
        );
        let same = m(State::Member(role("Admin")), State::Member(role("admin")));
        assert_eq!(
            Membership::operation_between(&same.seen, &same.want),
            Operation::None
        );
        let c = Change::membership("p", crate::providers::askui::KIND, add);
        assert_eq!(c.describe(), "add ada@example.com to \"Design\" as admin");
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), c);
    }
}
