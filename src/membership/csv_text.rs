//! The CSV form of a membership file: a `profile,workspace,user,role` header, then one row per
//! direct member (`profile,workspace,,` declares a workspace with none). Also the CSV reading that
//! `roster diff` shares: RFC 4180 records with the line each starts on, and the undoing of the
//! spreadsheet guard that roster's CSV writer puts before cells that look like formulas.

use super::file::{Collector, FileError, MembershipFile};
use crate::sanitize::sanitize_line;

/// The header row of a membership CSV.
pub const HEADER: [&str; 4] = ["profile", "workspace", "user", "role"];

/// The first characters roster's CSV writer guards with a `'` (`cli::output::csv_value`): a
/// spreadsheet would run such a cell as a formula.
pub const GUARDED_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line it starts on (1-based).
    pub line: usize,
    /// Its cells, unquoted, trimmed and unguarded ([`unguard`]).
    pub cells: Vec<String>,
}

/// Splits CSV text into records: cells in double quotes may hold commas, line breaks and doubled
/// quotes. Blank lines are skipped; a byte order mark is ignored. An unterminated quote is an error
/// at the line where the record began.
pub fn records(text: &str) -> Result<Vec<Record>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    let finish =
        |cells: &mut Vec<String>, cell: &mut String, start: usize, out: &mut Vec<Record>| {
            cells.push(std::mem::take(cell));
            let row = std::mem::take(cells);
            if !(row.len() == 1 && row[0].trim().is_empty()) {
                out.push(Record {
                    line: start,
                    cells: row.iter().map(|c| unguard(c.trim()).to_string()).collect(),
                });
            }
        };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') => quoted = true,
            (false, ',') => cells.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                finish(&mut cells, &mut cell, start, &mut out);
                line += 1;
                start = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err((
            start,
            "a quoted cell is not closed (a \" is missing)".into(),
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        finish(&mut cells, &mut cell, start, &mut out);
    }
    Ok(out)
}

/// A cell without the `'` roster's CSV writer puts before a value that begins like a formula.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED_STARTS) => rest,
        _ => cell,
    }
}

/// Whether `value` written by roster's CSV writer reads back as `value`: the sanitizer leaves it
/// alone, it has no blanks around it, and it does not already look like a guarded cell.
pub fn survives(value: &str) -> bool {
    sanitize_line(value) == value && value.trim() == value && unguard(value) == value
}

/// Reads a membership CSV.
pub(super) fn parse(name: &str, text: &str) -> Result<MembershipFile, Vec<FileError>> {
    let error = |line: usize, message: String| FileError {
        file: name.to_string(),
        line,
        message,
    };
    let rows = records(text).map_err(|(line, why)| vec![error(line, why)])?;
    let mut rows = rows.into_iter();
    let header_ok = rows.next().map(|h| {
        let ok = h.cells.len() == HEADER.len()
            && h.cells
                .iter()
                .zip(HEADER)
                .all(|(c, want)| c.eq_ignore_ascii_case(want));
        (h.line, ok)
    });
    match header_ok {
        Some((_, true)) => {}
        Some((line, false)) => {
            return Err(vec![error(
                line,
                format!(
                    "the first row must be the header {}; then one row per member",
                    HEADER.join(",")
                ),
            )]);
        }
        None => return Ok(empty(name)),
    }
    let mut c = Collector::new(name);
    for row in rows {
        let [profile, workspace, user, role] = match <[String; 4]>::try_from(row.cells) {
            Ok(cells) => cells,
            Err(cells) => {
                c.error(
                    row.line,
                    format!(
                        "a row has 4 cells ({}), this one has {}",
                        HEADER.join(","),
                        cells.len()
                    ),
                );
                continue;
            }
        };
        if profile.is_empty() {
            c.error(row.line, "the profile is empty");
            continue;
        }
        let p = c.profile(&profile, row.line);
        let w = c.workspace(p, &workspace, row.line);
        match (user.is_empty(), role.is_empty()) {
            // `profile,workspace,,`: the workspace is declared, with no member on this row.
            (true, true) => {}
            (true, false) => c.error(row.line, "the user is empty: write an email or a user ID"),
            (false, _) => c.grant((p, w), &user, &role, row.line),
        }
    }
    c.finish()
}

fn empty(name: &str) -> MembershipFile {
    MembershipFile {
        name: name.to_string(),
        profiles: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::membership::file::Format;
    use crate::model::UserRef;

    #[test]
    fn records_keep_quoted_commas_quotes_and_line_breaks_with_their_first_line() {
        let rows = records("a,b\r\n\n\"x, \"\"y\"\"\",\"two\nlines\"\nlast,'=1").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells, ["x, \"y\"", "two\nlines"]);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[2].line, 5);
        assert_eq!(rows[2].cells, ["last", "=1"], "the guard is undone");
        assert_eq!(records("a,\"b\n").unwrap_err().0, 1);
    }

    #[test]
    fn the_guard_of_roster_s_writer_is_undone_exactly() {
        for raw in ["=SUM(A1)", "+1", "-2", "@x", "plain", "'quoted", "a'=b"] {
            let written = crate::cli::output::csv_value(raw);
            let read = records(&written).unwrap();
            assert_eq!(read[0].cells, [raw], "{written}");
            assert!(survives(raw));
        }
        for raw in ["'=x", " pad", "tab\tx", "esc\u{1b}"] {
            assert!(!survives(raw), "{raw:?}");
        }
    }

    #[test]
    fn a_membership_csv_reads_rows_and_names_the_line_of_each_error() {
        let file = MembershipFile::parse(
            "m.csv",
            "profile,workspace,user,role\naskui,Research,ada@example.com,owner\naskui,Sales,,\n",
            Format::Csv,
        )
        .unwrap();
        let ws = &file.profiles[0].workspaces;
        assert_eq!(
            ws[0].grants[0].user,
            UserRef::Email("ada@example.com".into())
        );
        assert_eq!(ws[0].grants[0].line, 2);
        assert!(ws[1].grants.is_empty());
        let errors = MembershipFile::parse(
            "m.csv",
            "profile,workspace,user,role\na,W,x@y\na,W,bad@,owner\na,W,,owner\n",
            Format::Csv,
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4], "{errors:?}");
        assert!(errors[0].message.contains("4 cells"));
        assert_eq!(errors[1].to_string().split(':').next(), Some("m.csv"));
        let header = MembershipFile::parse("m.csv", "user,role\n", Format::Csv).unwrap_err();
        assert!(header[0].message.contains("profile,workspace,user,role"));
    }
}
