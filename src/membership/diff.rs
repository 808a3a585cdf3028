//! `roster diff OLD NEW`: the grants added, removed and changed between two exports (membership
//! files, TOML or CSV) or two `members --all` CSV listings, for access reviews. Offline: nothing is
//! read from a server, so the files are compared as written.

use super::csv_text::{self, records};
use super::file::{FileError, Format, MembershipFile};
use crate::model::UserRef;
use serde::Serialize;
use std::collections::BTreeMap;

/// One file `roster diff` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// A membership file (`roster export`, TOML or CSV).
    Membership(MembershipFile),
    /// A `members --all -o csv` listing.
    Access(Vec<AccessRow>),
}

/// One row of a `members --all` CSV listing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessRow {
    /// `workspace_id`.
    pub workspace_id: String,
    /// `workspace_name`.
    pub workspace_name: String,
    /// `id` of the user or group.
    pub id: String,
    /// `email`.
    pub email: String,
    /// `name`.
    pub name: String,
    /// `role`.
    pub role: String,
    /// `access`: `direct` or `inherited`.
    pub access: String,
    /// `via`: where inherited access comes from.
    pub via: String,
    /// `kind`: `user` or `group`.
    pub kind: String,
}

/// The columns of a `members --all` listing that a diff needs.
const ACCESS_COLUMNS: [&str; 9] = [
    "workspace_id",
    "workspace_name",
    "id",
    "email",
    "name",
    "role",
    "access",
    "via",
    "kind",
];

/// How a grant changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// In NEW only.
    Added,
    /// In OLD only.
    Removed,
    /// In both, with another role.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One grant added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantChange {
    /// How it changed.
    pub change: ChangeKind,
    /// The profile (membership files; null for `members --all` listings, which have none).
    pub profile: Option<String>,
    /// The workspace as written (its name in a `members --all` listing).
    pub workspace: String,
    /// The user as written (email, else name, else ID), or the group's name.
    pub user: String,
    /// The role in OLD.
    pub old_role: Option<String>,
    /// The role in NEW.
    pub new_role: Option<String>,
    /// `direct`, `inherited via …`, or `group`.
    pub access: String,
}

impl Listing {
    /// Reads a file given to `roster diff`: a `members --all` CSV (by its header), else a
    /// membership file in the format [`Format::detect`] finds.
    pub fn read(name: &str, text: &str) -> Result<Listing, Vec<FileError>> {
        let format = Format::detect(name, text);
        if format == Format::Csv || looks_like_access_csv(text) {
            let rows = records(text).map_err(|(line, message)| {
                vec![FileError {
                    file: name.to_string(),
                    line,
                    message,
                }]
            })?;
            if let Some(header) = rows.first()
                && ACCESS_COLUMNS
                    .iter()
                    .all(|c| header.cells.iter().any(|h| h.eq_ignore_ascii_case(c)))
            {
                return read_access(name, &rows).map(Listing::Access);
            }
        }
        MembershipFile::parse(name, text, format).map(Listing::Membership)
    }

    /// What kind of file this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Listing::Membership(_) => "a membership file",
            Listing::Access(_) => "a members --all listing",
        }
    }
}

fn looks_like_access_csv(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    first
        .trim()
        .to_ascii_lowercase()
        .starts_with("workspace_id,")
}

fn read_access(name: &str, rows: &[csv_text::Record]) -> Result<Vec<AccessRow>, Vec<FileError>> {
    let Some((header, rows)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let column = |c: &str| header.cells.iter().position(|h| h.eq_ignore_ascii_case(c));
    let columns: Vec<Option<usize>> = ACCESS_COLUMNS.iter().map(|c| column(c)).collect();
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        if row.cells.len() != header.cells.len() {
            errors.push(FileError {
                file: name.to_string(),
                line: row.line,
                message: format!(
                    "this row has {} cells, the header {}",
                    row.cells.len(),
                    header.cells.len()
                ),
            });
            continue;
        }
        let cell = |i: usize| {
            columns[i]
                .and_then(|c| row.cells.get(c))
                .cloned()
                .unwrap_or_default()
        };
        out.push(AccessRow {
            workspace_id: cell(0),
            workspace_name: cell(1),
            id: cell(2),
            email: cell(3),
            name: cell(4),
            role: cell(5),
            access: cell(6),
            via: cell(7),
            kind: cell(8),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One grant of a listing, keyed so the same grant in two files meets.
struct Grant {
    profile: Option<String>,
    workspace: String,
    user: String,
    role: String,
    access: String,
}

type Key = (String, String, String, String);

fn grants(listing: &Listing) -> BTreeMap<Key, Grant> {
    let mut out = BTreeMap::new();
    match listing {
        Listing::Membership(file) => {
            for p in &file.profiles {
                for w in &p.workspaces {
                    for g in &w.grants {
                        let user = match &g.user {
                            UserRef::Email(e) => format!("email:{}", e.to_lowercase()),
                            UserRef::Id(i) => format!("id:{i}"),
                        };
                        out.insert(
                            (p.name.clone(), w.workspace.clone(), user, String::new()),
                            Grant {
                                profile: Some(p.name.clone()),
                                workspace: w.workspace.clone(),
                                user: g.user.as_str().to_string(),
                                role: g.role.clone(),
                                access: "direct".into(),
                            },
                        );
                    }
                }
            }
        }
        Listing::Access(rows) => {
            for r in rows {
                let access = match (r.kind.as_str(), r.access.as_str()) {
                    ("group", _) => "group".to_string(),
                    (_, "inherited") => format!("inherited via {}", r.via),
                    (_, other) => other.to_string(),
                };
                let user = [&r.email, &r.name, &r.id]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_default();
                let workspace = if r.workspace_name.is_empty() {
                    r.workspace_id.clone()
                } else {
                    r.workspace_name.clone()
                };
                out.insert(
                    (
                        r.workspace_id.clone(),
                        format!("{}:{}", r.kind, r.id),
                        access.clone(),
                        String::new(),
                    ),
                    Grant {
                        profile: None,
                        workspace,
                        user,
                        role: r.role.clone(),
                        access,
                    },
                );
            }
        }
    }
    out
}

/// The grants added, removed and changed from `old` to `new`, sorted by profile, workspace and
/// user. Roles are compared ignoring case. Both must be of the same kind.
pub fn compare(old: &Listing, new: &Listing) -> Result<Vec<GrantChange>, String> {
    if std::mem::discriminant(old) != std::mem::discriminant(new) {
        return Err(format!(
            "OLD is {} and NEW is {}: compare two exports, or two members --all listings",
            old.kind(),
            new.kind()
        ));
    }
    let (before, after) = (grants(old), grants(new));
    let mut out = Vec::new();
    for (key, g) in &before {
        match after.get(key) {
            None => out.push(change(ChangeKind::Removed, g, Some(&g.role), None)),
            Some(n) if !n.role.eq_ignore_ascii_case(&g.role) => {
                out.push(change(ChangeKind::Changed, n, Some(&g.role), Some(&n.role)));
            }
            Some(_) => {}
        }
    }
    for (key, g) in &after {
        if !before.contains_key(key) {
            out.push(change(ChangeKind::Added, g, None, Some(&g.role)));
        }
    }
    out.sort_by(|a, b| {
        (
            &a.profile,
            a.workspace.to_lowercase(),
            a.user.to_lowercase(),
            &a.access,
            a.change,
        )
            .cmp(&(
                &b.profile,
                b.workspace.to_lowercase(),
                b.user.to_lowercase(),
                &b.access,
                b.change,
            ))
    });
    Ok(out)
}

fn change(kind: ChangeKind, g: &Grant, old: Option<&str>, new: Option<&str>) -> GrantChange {
    GrantChange {
        change: kind,
        profile: g.profile.clone(),
        workspace: g.workspace.clone(),
        user: g.user.clone(),
        old_role: old.map(str::to_string),
        new_role: new.map(str::to_string),
        access: g.access.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str) -> Listing {
        Listing::read(name, text).unwrap()
    }

    #[test]
    fn two_exports_differ_by_grants_added_removed_and_changed() {
        let old = read(
            "old.toml",
            "[a.W]\n\"ada@x.io\" = \"owner\"\n\"bob@x.io\" = \"member\"\n\"cyd@x.io\" = \"member\"\n",
        );
        let new = read(
            "new.csv",
            "profile,workspace,user,role\na,W,ADA@x.io,Owner\na,W,bob@x.io,admin\na,W,dan@x.io,member\n",
        );
        let d = compare(&old, &new).unwrap();
        let summary: Vec<(ChangeKind, &str)> =
            d.iter().map(|c| (c.change, c.user.as_str())).collect();
        assert_eq!(
            summary,
            [
                (ChangeKind::Changed, "bob@x.io"),
                (ChangeKind::Removed, "cyd@x.io"),
                (ChangeKind::Added, "dan@x.io"),
            ]
        );
        assert_eq!(d[0].old_role.as_deref(), Some("member"));
        assert_eq!(d[0].new_role.as_deref(), Some("admin"));
        assert!(compare(&old, &old).unwrap().is_empty());
    }

    #[test]
    fn two_access_listings_differ_by_rows_and_the_kinds_must_match() {
        let header = "workspace_id,workspace_name,id,email,name,role,access,via,kind\n";
        let old = read(
            "old.csv",
            &format!(
                "{header}w1,Design,u1,ada@x.io,Ada,owner,direct,,user\nw1,Design,u9,olga@x.io,Olga,Admin,inherited,organisation admin,user\n"
            ),
        );
        let new = read(
            "new.csv",
            &format!("{header}w1,Design,u1,ada@x.io,Ada,member,direct,,user\n"),
        );
        let d = compare(&old, &new).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].change, ChangeKind::Changed);
        assert_eq!(d[1].change, ChangeKind::Removed);
        assert_eq!(d[1].access, "inherited via organisation admin");
        let export = read("x.toml", "[a.W]\n");
        assert!(
            compare(&old, &export)
                .unwrap_err()
                .contains("members --all")
        );
    }
}
