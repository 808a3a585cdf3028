//! The TOML form of a membership file: one table per workspace, `[profile."Workspace"]`, holding
//! one `"user" = "role"` line per direct member. Read with the `toml` crate's spanned parser so
//! every error names its line; written by [`write()`] (`roster export`) in a fixed order with every
//! string escaped, so an export reads back exactly and a git diff shows only real changes.

use super::export::Export;
use super::file::{Collector, FileError, LineIndex, MembershipFile};
use crate::sanitize::needs_placeholder;
use std::fmt::Write as _;
use toml::de::{DeTable, DeValue};

/// Reads a TOML membership file.
pub(super) fn parse(name: &str, text: &str) -> Result<MembershipFile, Vec<FileError>> {
    let lines = LineIndex::new(text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| FileError {
                file: name.to_string(),
                line: e.span().map_or(1, |s| lines.line(s.start)),
                message: format!("not valid TOML: {}", e.message().trim()),
            })
            .collect());
    }
    let mut c = Collector::new(name);
    for (profile, value) in in_file_order(doc.get_ref()) {
        let line = lines.line(profile.span().start);
        let p = c.profile(profile.get_ref(), line);
        let DeValue::Table(workspaces) = value.get_ref() else {
            c.error(
                line,
                format!(
                    "profile {:?} must be a table of workspaces, such as [{}.\"Workspace\"], not \
                     {}",
                    profile.get_ref(),
                    key(profile.get_ref()),
                    kind(value.get_ref())
                ),
            );
            continue;
        };
        for (workspace, members) in in_file_order(workspaces) {
            let line = lines.line(workspace.span().start);
            let w = c.workspace(p, workspace.get_ref(), line);
            let DeValue::Table(members) = members.get_ref() else {
                c.error(
                    line,
                    format!(
                        "workspace {:?} must be a table of \"user\" = \"role\" lines, such as \
                         [{}.{}], not {}",
                        workspace.get_ref(),
                        key(profile.get_ref()),
                        toml_string(workspace.get_ref()),
                        kind(members.get_ref())
                    ),
                );
                continue;
            };
            for (user, role) in in_file_order(members) {
                let line = lines.line(user.span().start);
                match role.get_ref() {
                    DeValue::String(role) => c.grant((p, w), user.get_ref(), role, line),
                    other => c.error(
                        line,
                        format!(
                            "the role of {:?} must be a string such as \"member\", not {}",
                            user.get_ref(),
                            kind(other)
                        ),
                    ),
                }
            }
        }
    }
    c.finish()
}

/// A table's entries in the order they are written (the parser keeps them sorted by key).
fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// What kind of value this is, for errors.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Writes `export` as TOML: a header comment, then each profile's workspaces in order.
pub fn write(export: &Export) -> String {
    let mut out = String::from(HEADER);
    for profile in &export.profiles {
        for ws in &profile.workspaces {
            out.push('\n');
            let table = format!("[{}.{}]", key(&profile.name), toml_string(&ws.key));
            let other = if ws.key == ws.id {
                format!("name {}", toml_string(&ws.name))
            } else {
                format!("id {}", toml_string(&ws.id))
            };
            let _ = writeln!(out, "{table} # {other}");
            for g in &ws.grants {
                let _ = write!(out, "{} = {}", toml_string(&g.user), toml_string(&g.role));
                if let Some(label) = &g.label {
                    let _ = write!(out, " # {}", toml_string(label));
                }
                out.push('\n');
            }
            for n in &ws.shown {
                let _ = writeln!(
                    out,
                    "# {}: {} = {} ({})",
                    n.kind,
                    toml_string(&n.who),
                    toml_string(&n.role),
                    n.source
                );
            }
        }
    }
    out
}

const HEADER: &str = "\
# roster membership file: [profile.\"workspace\"], then one \"user\" = \"role\" line per direct member.
# `roster plan FILE` shows what differs from the servers; `roster apply FILE` makes them match.
# Workspaces by name (or ID), users by email (or ID), roles by name, ignoring case.
# Only direct members are managed: inherited access and groups are comments, for information.
";

/// A bare key when it can be one (`askui`, `tl-prod`), else a quoted one.
fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_string(s)
    }
}

/// `s` as a TOML basic string. Quotes and backslashes are escaped, and so is every control,
/// bidi or invisible character (`\uXXXX`), so the file reads back as exactly `s` and shows nothing
/// a terminal would act on.
pub(super) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || needs_placeholder(c) => {
                let u = c as u32;
                if u <= 0xffff {
                    let _ = write!(out, "\\u{u:04X}");
                } else {
                    let _ = write!(out, "\\U{u:08X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::membership::file::Format;
    use crate::model::UserRef;

    fn parse_err(text: &str) -> Vec<(usize, String)> {
        MembershipFile::parse("m.toml", text, Format::Toml)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect()
    }

    #[test]
    fn a_file_reads_into_profiles_workspaces_and_grants_with_their_lines() {
        let text = "# comment\n[askui.\"Research\"]\n\"ada@example.com\" = \"owner\"\nbob = \"Member\"\n\n[askui.Sales]\n\n[tl]\n\"Fraud Ops\" = { \"x@y.io\" = \"Analyst\" }\n";
        let file = MembershipFile::parse("m.toml", text, Format::Toml).unwrap();
        assert_eq!(file.profiles.len(), 2);
        let askui = &file.profiles[0];
        assert_eq!((askui.name.as_str(), askui.line), ("askui", 2));
        assert_eq!(askui.workspaces[0].workspace, "Research");
        let grants = &askui.workspaces[0].grants;
        assert_eq!(grants[0].user, UserRef::Email("ada@example.com".into()));
        assert_eq!((grants[0].role.as_str(), grants[0].line), ("owner", 3));
        assert_eq!(grants[1].user, UserRef::Id("bob".into()));
        assert_eq!(askui.workspaces[1].workspace, "Sales");
        assert!(askui.workspaces[1].grants.is_empty(), "declared empty");
        let tl = &file.profiles[1];
        assert_eq!(tl.workspaces[0].grants[0].line, 9);
    }

    #[test]
    fn every_error_names_its_line() {
        let errors = parse_err(
            "[a.W]\n\"ada@example\" = \"owner\"\n\"Bob@x.io\" = \"owner\"\n\"bob@X.io\" = \"member\"\nc = 3\nd = \"\"\n",
        );
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(errors[0].0, 2);
        assert!(
            errors[0].1.contains("not a valid email address"),
            "{errors:?}"
        );
        assert_eq!(errors[1].0, 4);
        assert!(errors[1].1.contains("listed twice"), "{errors:?}");
        assert!(errors[1].1.contains("line 3"), "{errors:?}");
        assert_eq!(errors[2].0, 5);
        assert!(errors[2].1.contains("must be a string"), "{errors:?}");
        assert_eq!(errors[3].0, 6);
        assert!(errors[3].1.contains("no role"), "{errors:?}");
        let syntax = parse_err("[a.W]\nx = \"owner\"\nx = \"member\"\n");
        assert_eq!(syntax[0].0, 3, "{syntax:?}");
        assert!(syntax[0].1.contains("not valid TOML"), "{syntax:?}");
        let shape = parse_err("a = 1\n[b]\nW = \"x\"\n");
        assert_eq!(shape.len(), 2);
        assert!(shape[0].1.contains("must be a table of workspaces"));
        assert!(
            shape[1]
                .1
                .contains("must be a table of \"user\" = \"role\" lines")
        );
    }

    #[test]
    fn strings_are_escaped_so_they_read_back_exactly() {
        for s in [
            "plain",
            "quote \" and \\ back",
            "esc \u{1b}[2J bell \u{7} nl \n tab \t",
            "bidi \u{202e} tag \u{e0041} bom \u{feff}",
            "漢字 🎉",
        ] {
            let text = format!("[p.{}]\n", toml_string(s));
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && (c.is_control() || needs_placeholder(c)))
            );
            let file = MembershipFile::parse("x", &text, Format::Toml).unwrap();
            assert_eq!(file.profiles[0].workspaces[0].workspace, s);
        }
        assert_eq!(key("tl-prod_2"), "tl-prod_2");
        assert_eq!(key("a.b"), "\"a.b\"");
    }
}
