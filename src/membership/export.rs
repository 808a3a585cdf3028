//! What `roster export` writes, built from server listings: per profile and workspace, the direct
//! members with their roles, and the access that is only shown (inherited, groups). Everything is
//! sorted, and each workspace and user is written the way that reads back to the same thing: a
//! workspace by its name unless the name is ambiguous, a user by email unless the email is missing
//! or shared, and in CSV by ID whenever a value would not survive the spreadsheet guard.
//! [`super::toml_text::write`] writes it as TOML; [`Export::csv_rows`] gives its CSV rows.

use super::csv_text;
use super::file::Format;
use crate::model::{Member, MemberKind, UserRef, Workspace};
use crate::ops::find_workspace;
use crate::sanitize::sanitize_line;
use std::collections::HashMap;

/// Everything one export writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    /// The profiles, sorted by name.
    pub profiles: Vec<ExportProfile>,
}

/// One profile of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProfile {
    /// The profile's name in the config.
    pub name: String,
    /// Its workspaces, sorted as written.
    pub workspaces: Vec<ExportWorkspace>,
}

/// One workspace of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportWorkspace {
    /// How the file names it: its name, or its ID when the name would not find it again.
    pub key: String,
    /// Its ID.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its direct user members, sorted.
    pub grants: Vec<ExportGrant>,
    /// Access shown but not managed (inherited users, groups), sorted.
    pub shown: Vec<ExportNote>,
}

/// One direct member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportGrant {
    /// Email or ID, as written.
    pub user: String,
    /// The role's name.
    pub role: String,
    /// The person's name when the user is written by ID (a comment in TOML).
    pub label: Option<String>,
}

/// Access that is only shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportNote {
    /// `inherited` or `group`.
    pub kind: &'static str,
    /// The person (email, else name, else ID) or the group's name.
    pub who: String,
    /// Their role.
    pub role: String,
    /// Where it comes from, sanitized: `via organisation admin`, or how a group is changed.
    pub source: String,
}

impl ExportWorkspace {
    /// The workspace `ws` (one of `all`, the profile's workspaces) with its `members` listing,
    /// written for `format`.
    pub fn new(all: &[Workspace], ws: &Workspace, members: &[Member], format: Format) -> Self {
        let finds_itself = |key: &str| {
            key == key.trim()
                && !key.is_empty()
                && find_workspace(all, key, "").is_ok_and(|found| found.id == ws.id)
        };
        let key = if writable(&ws.name, format) && finds_itself(&ws.name) {
            ws.name.clone()
        } else {
            ws.id.clone()
        };
        let direct: Vec<&Member> = members
            .iter()
            .filter(|m| m.kind == MemberKind::User && m.access.is_direct())
            .collect();
        // An email two direct members share cannot name one of them.
        let mut emails: HashMap<String, usize> = HashMap::new();
        for m in &direct {
            if let Some(e) = &m.email {
                *emails.entry(e.to_lowercase()).or_default() += 1;
            }
        }
        let mut grants: Vec<ExportGrant> = direct
            .iter()
            .map(|m| {
                let email = m.email.as_deref().filter(|e| {
                    emails.get(&e.to_lowercase()) == Some(&1)
                        && UserRef::parse(e) == Ok(UserRef::Email((*e).to_string()))
                        && writable(e, format)
                });
                match email {
                    Some(e) => ExportGrant {
                        user: e.to_string(),
                        role: m.role.name.clone(),
                        label: None,
                    },
                    None => ExportGrant {
                        user: m.id.clone(),
                        role: m.role.name.clone(),
                        label: m.name.clone().filter(|n| !n.is_empty()),
                    },
                }
            })
            .collect();
        grants.sort_by(|a, b| {
            (a.user.to_lowercase(), &a.user, &a.role).cmp(&(
                b.user.to_lowercase(),
                &b.user,
                &b.role,
            ))
        });
        let mut shown: Vec<ExportNote> = members
            .iter()
            .filter(|m| !(m.kind == MemberKind::User && m.access.is_direct()))
            .map(|m| match m.kind {
                MemberKind::Group => ExportNote {
                    kind: "group",
                    who: m.label().to_string(),
                    role: m.role.name.clone(),
                    source: "a group's access is changed in the provider's console".into(),
                },
                MemberKind::User => ExportNote {
                    kind: "inherited",
                    who: m.email.clone().unwrap_or_else(|| m.label().to_string()),
                    role: m.role.name.clone(),
                    source: format!(
                        "via {}",
                        sanitize_line(m.access.via().unwrap_or("elsewhere"))
                    ),
                },
            })
            .collect();
        shown.sort_by(|a, b| {
            (a.kind, a.who.to_lowercase(), &a.role, &a.source).cmp(&(
                b.kind,
                b.who.to_lowercase(),
                &b.role,
                &b.source,
            ))
        });
        ExportWorkspace {
            key,
            id: ws.id.clone(),
            name: ws.name.clone(),
            grants,
            shown,
        }
    }
}

impl Export {
    /// Sorts profiles by name and each profile's workspaces by how they are written (then by ID),
    /// so two exports of the same memberships are the same bytes.
    pub fn sort(&mut self) {
        self.profiles.sort_by(|a, b| a.name.cmp(&b.name));
        for p in &mut self.profiles {
            p.workspaces.sort_by(|a, b| {
                (a.key.to_lowercase(), &a.key, &a.id).cmp(&(b.key.to_lowercase(), &b.key, &b.id))
            });
        }
    }

    /// The CSV rows under the header [`csv_text::HEADER`]: `profile, workspace, user, role`, one per
    /// direct member, and `profile, workspace, "", ""` for a workspace without one (so it is still
    /// declared). Values are raw: the writer guards and quotes them.
    pub fn csv_rows(&self) -> Vec<[&str; 4]> {
        let mut rows = Vec::new();
        for p in &self.profiles {
            for ws in &p.workspaces {
                if ws.grants.is_empty() {
                    rows.push([p.name.as_str(), ws.key.as_str(), "", ""]);
                }
                for g in &ws.grants {
                    rows.push([
                        p.name.as_str(),
                        ws.key.as_str(),
                        g.user.as_str(),
                        g.role.as_str(),
                    ]);
                }
            }
        }
        rows
    }
}

/// Whether `value` reads back the same from a file of `format`: always in TOML (every character
/// is escaped as needed); in CSV only when the spreadsheet guard and the sanitizer leave it alone.
fn writable(value: &str, format: Format) -> bool {
    match format {
        Format::Toml => true,
        Format::Csv => csv_text::survives(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Role};

    fn member(id: &str, email: Option<&str>, role: &str, access: Access) -> Member {
        Member {
            id: id.into(),
            email: email.map(Into::into),
            name: Some(format!("Name {id}")),
            role: Role::named(role),
            access,
            kind: MemberKind::User,
            handle: None,
        }
    }

    fn ws(id: &str, name: &str) -> Workspace {
        Workspace {
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn workspaces_by_name_unless_ambiguous_users_by_email_unless_missing_or_shared() {
        let all = [
            ws("1", "Design"),
            ws("2", "Ops"),
            ws("3", "Ops"),
            ws("4", "=cmd"),
            ws("5", "a\u{1b}b"),
        ];
        let members = [
            member("u2", Some("Bob@x.io"), "member", Access::Direct),
            member("u1", Some("ada@x.io"), "owner", Access::Direct),
            member("u3", None, "member", Access::Direct),
            member("u4", Some("twin@x.io"), "member", Access::Direct),
            member("u5", Some("TWIN@x.io"), "member", Access::Direct),
            member(
                "u6",
                Some("olga@x.io"),
                "Admin",
                Access::Inherited {
                    via: "organisation admin".into(),
                },
            ),
        ];
        let design = ExportWorkspace::new(&all, &all[0], &members, Format::Toml);
        assert_eq!(design.key, "Design");
        let users: Vec<&str> = design.grants.iter().map(|g| g.user.as_str()).collect();
        assert_eq!(users, ["ada@x.io", "Bob@x.io", "u3", "u4", "u5"]);
        assert_eq!(design.grants[2].label.as_deref(), Some("Name u3"));
        assert_eq!(design.shown.len(), 1);
        assert_eq!(design.shown[0].source, "via organisation admin");
        assert_eq!(
            ExportWorkspace::new(&all, &all[1], &[], Format::Toml).key,
            "2"
        );
        // A name that begins like a formula reads back through CSV's guard; one the sanitizer
        // would change does not, so CSV names that workspace by ID.
        assert_eq!(
            ExportWorkspace::new(&all, &all[3], &[], Format::Csv).key,
            "=cmd"
        );
        assert_eq!(
            ExportWorkspace::new(&all, &all[4], &[], Format::Toml).key,
            "a\u{1b}b"
        );
        assert_eq!(
            ExportWorkspace::new(&all, &all[4], &[], Format::Csv).key,
            "5"
        );
    }
}
