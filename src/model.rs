//! Provider-neutral data: what every provider client returns and what the CLI and TUI show.
//!
//! Wire formats never leak past the provider files: everything a provider returns is translated into
//! these types, and the CLI and TUI decide what to offer from [`Capabilities`], never from a provider name.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which API a profile, workspace or change belongs to: its name in config files, sandbox URLs and
/// output, and its product name. Each provider defines its own as `KIND` in its module under
/// `providers/`, and [`crate::registry`] lists them all; code outside `providers/` and `sandbox/`
/// must not branch on it (ask [`Capabilities`] instead).
///
/// It is a value rather than a closed enum so that adding a provider touches no shared file: two
/// kinds are equal when their names are, and they sort by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProviderKind {
    name: &'static str,
    display_name: &'static str,
}

impl ProviderKind {
    /// A provider called `name` in config files (lowercase, one word) and `display_name` in headers.
    pub const fn new(name: &'static str, display_name: &'static str) -> Self {
        ProviderKind { name, display_name }
    }

    /// The lowercase name used in config files, URLs of the sandbox and output.
    pub fn as_str(self) -> &'static str {
        self.name
    }

    /// Human name of the product, for headers and help.
    pub fn display_name(self) -> &'static str {
        self.display_name
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Written as its name; read back through [`crate::registry`], which knows every name.
impl Serialize for ProviderKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// A workspace (AskUI workspace, Dreadnode workspace, Paradigm workspace, TransactionLink workspace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    /// The identifier the provider's API uses in paths (UUID, slug or integer, as text).
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A role a member can hold in a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Role {
    /// The value sent on the wire (an enum value such as `ROLE_WORKSPACE_ADMIN`, or a role UUID).
    pub id: String,
    /// The name shown to people and matched case-insensitively on the command line.
    pub name: String,
}

impl Role {
    /// A role whose wire value is also its name (fixed enums).
    pub fn named(name: &str) -> Self {
        Role {
            id: name.to_string(),
            name: name.to_string(),
        }
    }

    /// Whether `input` names this role: its name or its id, ignoring ASCII case.
    pub fn matches(&self, input: &str) -> bool {
        let input = input.trim();
        self.name.eq_ignore_ascii_case(input) || self.id.eq_ignore_ascii_case(input)
    }
}

/// Finds `input` among `roles`, or explains which roles exist.
pub fn find_role<'a>(roles: &'a [Role], input: &str) -> Result<&'a Role, String> {
    roles.iter().find(|r| r.matches(input)).ok_or_else(|| {
        let valid: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
        format!(
            "unknown role {:?}; valid roles: {}",
            input,
            if valid.is_empty() {
                "(none listed)".to_string()
            } else {
                valid.join(", ")
            }
        )
    })
}

/// Whether a member row is a person or a group of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    /// A single user account.
    User,
    /// A group whose users all get the role (Paradigm user groups).
    Group,
}

impl MemberKind {
    /// `user` or `group`.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::User => "user",
            MemberKind::Group => "group",
        }
    }
}

/// How a member got access to a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Access {
    /// Granted on this workspace itself; roster can change or remove it.
    Direct,
    /// Comes from elsewhere (an organisation role, a group); read-only here. `via` says where from,
    /// for example `organisation admin` or `group: Data team`.
    Inherited {
        /// Where the access comes from, in words.
        via: String,
    },
}

/// Whether an inherited access's source (`via`) is an organisation role: providers name those
/// `organisation …` (see [`Access::is_organisation_wide`]).
pub fn is_organisation_source(via: &str) -> bool {
    via.trim_start()
        .get(..6)
        .is_some_and(|start| start.eq_ignore_ascii_case("organi"))
}

impl Access {
    /// `direct` or `inherited`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Access::Direct => "direct",
            Access::Inherited { .. } => "inherited",
        }
    }

    /// The source of inherited access, if any.
    pub fn via(&self) -> Option<&str> {
        match self {
            Access::Direct => None,
            Access::Inherited { via } => Some(via),
        }
    }

    /// Whether this access comes from an organisation role (a TransactionLink owner or admin: the
    /// providers name its source `organisation …`), which covers every workspace of the
    /// organisation and so outranks any role in one workspace.
    pub fn is_organisation_wide(&self) -> bool {
        self.via().is_some_and(is_organisation_source)
    }

    /// Whether this access is granted directly (and so can be changed here).
    pub fn is_direct(&self) -> bool {
        matches!(self, Access::Direct)
    }
}

/// One row of a workspace's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The user's (or group's) ID as the provider knows it.
    pub id: String,
    /// Email, when the provider tells it.
    pub email: Option<String>,
    /// Display name, when the provider tells it (group name for groups).
    pub name: Option<String>,
    /// The member's role in this workspace.
    pub role: Role,
    /// Direct or inherited, and from where.
    pub access: Access,
    /// User or group.
    pub kind: MemberKind,
    /// A provider-specific handle needed to change this membership (AskUI membership ID). Not shown.
    pub handle: Option<String>,
}

impl Member {
    /// The best label for a person: name, else email, else ID.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(self.email.as_deref())
            .unwrap_or(&self.id)
    }

    /// Whether `user` designates this member (email ignoring case, or exact ID).
    pub fn is(&self, user: &UserRef) -> bool {
        match user {
            UserRef::Email(e) => self
                .email
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(e)),
            UserRef::Id(id) => &self.id == id,
        }
    }
}

/// A user named on the command line or in the add form: an email address or a provider ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UserRef {
    /// An email address (contains `@`).
    Email(String),
    /// A provider user ID.
    Id(String),
}

impl UserRef {
    /// Reads user input: anything with an `@` is an email (validated), anything else an ID.
    pub fn parse(input: &str) -> Result<UserRef, String> {
        let s = input.trim();
        if s.is_empty() {
            return Err("enter an email address or a user ID".into());
        }
        if s.contains('@') {
            if is_plausible_email(s) {
                Ok(UserRef::Email(s.to_string()))
            } else {
                Err(format!("{s:?} is not a valid email address"))
            }
        } else if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Err(format!("{s:?} is not a valid user ID (no spaces allowed)"))
        } else {
            Ok(UserRef::Id(s.to_string()))
        }
    }

    /// `email` or `ID`, for messages such as "detected: email".
    pub fn kind_label(&self) -> &'static str {
        match self {
            UserRef::Email(_) => "email",
            UserRef::Id(_) => "ID",
        }
    }

    /// The text as typed.
    pub fn as_str(&self) -> &str {
        match self {
            UserRef::Email(s) | UserRef::Id(s) => s,
        }
    }
}

impl fmt::Display for UserRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A deliberately simple email check: one `@`, something before it, a dot in a domain after it,
/// no spaces. Servers do the real validation; this catches typos before a round trip.
pub fn is_plausible_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether and how a provider can do one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// The API has an endpoint for it.
    Native,
    /// roster builds it from other calls; the text says how (shown to the admin before they confirm).
    Emulated(&'static str),
    /// Not possible through this API; the text says why and what to do instead.
    Unsupported(&'static str),
}

impl Support {
    /// Whether roster can do it at all.
    pub fn is_available(&self) -> bool {
        !matches!(self, Support::Unsupported(_))
    }

    /// The explanation for emulated or unsupported operations.
    pub fn note(&self) -> Option<&'static str> {
        match self {
            Support::Native => None,
            Support::Emulated(s) | Support::Unsupported(s) => Some(s),
        }
    }
}

/// What one provider can do. The TUI and CLI decide what to offer from this value alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Listing workspaces.
    pub list_workspaces: Support,
    /// Listing members whose access is inherited (organisation admins, groups).
    pub inherited_members: Support,
    /// Adding a member named by user ID.
    pub add_by_id: Support,
    /// Adding a member named by email.
    pub add_by_email: Support,
    /// Changing a member's role.
    pub set_role: Support,
    /// Removing a member.
    pub remove: Support,
    /// Creating a workspace.
    pub create_workspace: Support,
    /// Whether the member list may contain groups.
    pub has_groups: bool,
    /// Whether roles differ per workspace (listed by the API) rather than a fixed set.
    pub roles_per_workspace: bool,
    /// Whether a change to a workspace rewrites its whole member list (a read-modify-write): two
    /// changes to one workspace at once would undo each other, so the engine runs them one at a
    /// time.
    pub rewrites_member_list: bool,
}

/// A workspace to create: a name, a description where the API takes one, and the options only some
/// providers' APIs take, by the provider's own names (for example a billing email or a key); each
/// provider reads the options it knows and says which it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewWorkspace {
    /// Display name.
    pub name: String,
    /// Description, for the providers whose API takes one.
    pub description: Option<String>,
    /// Provider-specific options by name.
    pub options: std::collections::BTreeMap<String, String>,
}

impl NewWorkspace {
    /// A workspace called `name`, without description or options.
    pub fn named(name: &str) -> Self {
        NewWorkspace {
            name: name.to_string(),
            ..NewWorkspace::default()
        }
    }

    /// This workspace with option `key` set to `value`.
    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.options.insert(key.to_string(), value.to_string());
        self
    }

    /// Option `key`, trimmed, when it is set and not blank.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// What a change did, for messages and the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeReport {
    /// One line per API step, in order (for emulated changes: each step).
    pub steps: Vec<String>,
    /// Server request IDs seen, for support tickets.
    pub request_ids: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ref_detects_email_and_id() {
        assert_eq!(
            UserRef::parse(" ada@example.com ").unwrap(),
            UserRef::Email("ada@example.com".into())
        );
        assert_eq!(
            UserRef::parse("auth0|123").unwrap(),
            UserRef::Id("auth0|123".into())
        );
        assert!(UserRef::parse("ada@").is_err());
        assert!(UserRef::parse("a b").is_err());
        assert!(UserRef::parse("").is_err());
    }

    #[test]
    fn unknown_role_lists_valid_ones() {
        let roles = vec![Role::named("owner"), Role::named("reader")];
        assert_eq!(find_role(&roles, "OWNER").unwrap().name, "owner");
        let err = find_role(&roles, "boss").unwrap_err();
        assert!(err.contains("owner, reader"), "{err}");
    }
}
