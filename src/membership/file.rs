//! What a membership file declares, once read: profiles, their workspaces, and in each workspace
//! the users and the role each should have, every item with the line it was written on. Both
//! formats (TOML and CSV) are read into this one shape, and every problem found while reading is a
//! [`FileError`] naming the file and the line.

use crate::model::UserRef;
use std::collections::HashMap;
use std::fmt;

/// The two formats of a membership file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `[profile."Workspace"]` tables of `"user" = "role"` lines.
    Toml,
    /// `profile,workspace,user,role` rows under that header.
    Csv,
}

impl Format {
    /// The format of a file: by its extension (`.csv`, `.toml`), else by its first line (a CSV
    /// header row starts with `profile,`), else TOML.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        if lower.ends_with(".toml") {
            return Format::Toml;
        }
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        if first.to_ascii_lowercase().starts_with("profile,") {
            Format::Csv
        } else {
            Format::Toml
        }
    }
}

/// A problem in a membership file: where (`file:line`) and what, with the valid values when there
/// is a choice. Nothing is sent while a file has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The file as the person named it.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and what would be right.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A membership file, read and checked for what can be checked without a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipFile {
    /// The file as the person named it (for `file:line` in later errors).
    pub name: String,
    /// The profiles it declares, in file order.
    pub profiles: Vec<ProfileDecl>,
}

/// One profile of a membership file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileDecl {
    /// The profile's name in the config.
    pub name: String,
    /// Where it first appears.
    pub line: usize,
    /// Its workspaces, in file order.
    pub workspaces: Vec<WorkspaceDecl>,
}

/// One workspace of a profile: its direct members as they should be. Workspaces a file does not
/// name are left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceDecl {
    /// The workspace as written: an ID or a name.
    pub workspace: String,
    /// Where it first appears.
    pub line: usize,
    /// Its users and their roles, in file order.
    pub grants: Vec<GrantDecl>,
}

/// One `user = role` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantDecl {
    /// The user: an email address (matched ignoring case) or a user ID.
    pub user: UserRef,
    /// The role as written (a role name, matched ignoring case).
    pub role: String,
    /// Where it is written.
    pub line: usize,
}

impl MembershipFile {
    /// How many `user = role` lines the file has.
    pub fn grant_count(&self) -> usize {
        self.profiles
            .iter()
            .flat_map(|p| &p.workspaces)
            .map(|w| w.grants.len())
            .sum()
    }
}

/// Builds a [`MembershipFile`] from the items a parser meets, in any order, and does the checks
/// both formats share: a valid email or ID, a role, no user twice in one workspace.
pub(super) struct Collector {
    file: String,
    profiles: Vec<ProfileDecl>,
    errors: Vec<FileError>,
    /// Per (profile, workspace) index: each user's key and the line it was first written on.
    users: HashMap<(usize, usize), HashMap<String, usize>>,
    /// Each (profile, workspace as written)'s index, so a CSV of many rows finds its workspace
    /// at once.
    workspaces: HashMap<(usize, String), usize>,
}

impl Collector {
    /// An empty file called `file`.
    pub(super) fn new(file: &str) -> Collector {
        Collector {
            file: file.to_string(),
            profiles: Vec::new(),
            errors: Vec::new(),
            users: HashMap::new(),
            workspaces: HashMap::new(),
        }
    }

    /// Records an error at `line`.
    pub(super) fn error(&mut self, line: usize, message: impl Into<String>) {
        self.errors.push(FileError {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }

    /// The profile called `name` (declared now when new); its index.
    pub(super) fn profile(&mut self, name: &str, line: usize) -> usize {
        if let Some(i) = self.profiles.iter().position(|p| p.name == name) {
            return i;
        }
        if name.trim().is_empty() {
            self.error(line, "the profile name is empty");
        }
        self.profiles.push(ProfileDecl {
            name: name.to_string(),
            line,
            workspaces: Vec::new(),
        });
        self.profiles.len() - 1
    }

    /// The workspace written `workspace` in profile `p` (declared now when new); its index.
    pub(super) fn workspace(&mut self, p: usize, workspace: &str, line: usize) -> usize {
        if let Some(i) = self.workspaces.get(&(p, workspace.to_string())) {
            return *i;
        }
        let Some(profile) = self.profiles.get_mut(p) else {
            return 0;
        };
        profile.workspaces.push(WorkspaceDecl {
            workspace: workspace.to_string(),
            line,
            grants: Vec::new(),
        });
        let index = profile.workspaces.len() - 1;
        self.workspaces.insert((p, workspace.to_string()), index);
        if workspace.trim().is_empty() {
            self.error(line, "the workspace is empty: write its ID or its name");
        }
        index
    }

    /// `user = role` in workspace `w` of profile `p`.
    pub(super) fn grant(&mut self, (p, w): (usize, usize), user: &str, role: &str, line: usize) {
        let user = match UserRef::parse(user) {
            Ok(u) => u,
            Err(why) => {
                self.error(
                    line,
                    format!("{why}; write an email address such as ada@example.com, or a user ID"),
                );
                return;
            }
        };
        let role = role.trim();
        if role.is_empty() {
            self.error(
                line,
                format!(
                    "{user} has no role; write one of the workspace's roles, such as \"member\""
                ),
            );
            return;
        }
        let key = match &user {
            UserRef::Email(e) => format!("email:{}", e.to_lowercase()),
            UserRef::Id(i) => format!("id:{i}"),
        };
        let seen = self.users.entry((p, w)).or_default();
        if let Some(first) = seen.get(&key) {
            let first = *first;
            let workspace = self
                .profiles
                .get(p)
                .and_then(|x| x.workspaces.get(w))
                .map(|x| x.workspace.clone())
                .unwrap_or_default();
            self.error(
                line,
                format!(
                    "{user} is listed twice in workspace {workspace:?} (first at line {first}); \
                     keep one line with the role they should have"
                ),
            );
            return;
        }
        seen.insert(key, line);
        if let Some(decl) = self
            .profiles
            .get_mut(p)
            .and_then(|x| x.workspaces.get_mut(w))
        {
            decl.grants.push(GrantDecl {
                user,
                role: role.to_string(),
                line,
            });
        }
    }

    /// The file, or every error met (sorted by line).
    pub(super) fn finish(mut self) -> Result<MembershipFile, Vec<FileError>> {
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| e.line);
            return Err(self.errors);
        }
        Ok(MembershipFile {
            name: self.file,
            profiles: self.profiles,
        })
    }
}

/// Line numbers of byte offsets in a text, found by binary search over the line starts (files of
/// 100,000 lines are read without rescanning).
pub(super) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`.
    pub(super) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line of byte `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_extension_then_the_first_line() {
        assert_eq!(Format::detect("a.CSV", ""), Format::Csv);
        assert_eq!(Format::detect("a.toml", "profile,x"), Format::Toml);
        assert_eq!(
            Format::detect("-", "\n profile,workspace,user,role\n"),
            Format::Csv
        );
        assert_eq!(Format::detect("-", "[askui.x]\n"), Format::Toml);
    }

    #[test]
    fn lines_are_found_by_offset() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(1), 1);
        assert_eq!(index.line(2), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line(6), 4);
    }
}
