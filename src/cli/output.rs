//! Listing output: aligned tables for people, JSON and CSV for scripts.
//!
//! Table and CSV cells pass through [`sanitize_line`] because they end up in a terminal or a
//! spreadsheet, and a CSV cell that a spreadsheet would run as a formula is guarded ([`csv_cell`]).
//! JSON keeps the server's text exactly but writes every control, bidi and invisible format character
//! as a `\uXXXX` escape ([`to_json`]): valid JSON that reads back as the same string, with none of
//! those characters in its raw bytes, so it is safe to print.

use super::args::Output;
use crate::sanitize::{needs_placeholder, sanitize_line};
use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Separator between table columns.
const GAP: &str = "  ";
/// Shown in a table cell that has no value (CSV leaves it empty, JSON writes null).
const NO_VALUE: &str = "-";

/// One row of a listing.
pub trait Record: Serialize {
    /// Field names in column order: the JSON keys and the CSV header.
    const FIELDS: &'static [&'static str];
    /// The value of each field, in [`Record::FIELDS`] order, as it came from the server.
    fn cells(&self) -> Vec<Option<String>>;
}

/// Writes rows of one record type in one format. JSON and CSV rows are written as they come (so a
/// long crawl streams); table rows are buffered until [`RowWriter::finish`] to size the columns.
pub struct RowWriter<W: Write> {
    format: Output,
    fields: &'static [&'static str],
    out: W,
    table: Vec<Vec<String>>,
    rows: usize,
}

impl<W: Write> RowWriter<W> {
    /// Starts a listing of `fields` (a [`Record::FIELDS`]) on `out`; the CSV header is written at once.
    pub fn new(format: Output, fields: &'static [&'static str], mut out: W) -> io::Result<Self> {
        if format == Output::Csv {
            let header: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
            writeln!(out, "{}", header.join(","))?;
        }
        Ok(RowWriter {
            format,
            fields,
            out,
            table: Vec::new(),
            rows: 0,
        })
    }

    /// Adds one row.
    pub fn row<R: Record>(&mut self, record: &R) -> io::Result<()> {
        match self.format {
            Output::Table => self.table.push(
                record
                    .cells()
                    .iter()
                    .map(|c| match c {
                        Some(s) => sanitize_line(s).into_owned(),
                        None => NO_VALUE.to_string(),
                    })
                    .collect(),
            ),
            Output::Csv => {
                let cells: Vec<String> = record
                    .cells()
                    .iter()
                    .map(|c| csv_value(c.as_deref().unwrap_or("")))
                    .collect();
                writeln!(self.out, "{}", cells.join(","))?;
            }
            Output::Json => {
                let json = to_json(record)?;
                let lead = if self.rows == 0 { "[\n  " } else { ",\n  " };
                write!(self.out, "{lead}{json}")?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Pushes written rows out now (between the workspaces of a crawl).
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Ends the listing: prints the table, or closes the JSON array.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Output::Table => {
                let headers: Vec<String> = self
                    .fields
                    .iter()
                    .map(|f| f.replace('_', " ").to_uppercase())
                    .collect();
                write!(self.out, "{}", render_table(&headers, &self.table))?;
            }
            Output::Csv => {}
            Output::Json if self.rows == 0 => writeln!(self.out, "[]")?,
            Output::Json => writeln!(self.out, "\n]")?,
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Lays out `rows` under `headers` in columns as wide as their widest cell in terminal columns
/// (wide characters count double). The last column is not padded, so lines have no trailing blanks.
pub fn render_table(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let mut out = String::new();
    for line in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        let last = line.len().saturating_sub(1);
        for (i, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width());
                out.push_str(&" ".repeat(pad));
                out.push_str(GAP);
            }
        }
        out.push('\n');
    }
    out
}

/// Quotes a CSV cell per RFC 4180 when it holds a comma, a double quote or a line break
/// (double quotes inside are doubled).
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Characters that make a spreadsheet read a cell as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+`,
/// `-`), or that some spreadsheets skip before looking for one (tab, carriage return).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A server's value as one CSV cell: sanitized, guarded against formula injection (a `'` before a
/// value that begins with `=`, `+`, `-`, `@`, a tab or a carriage return, so spreadsheets show it as
/// text), then quoted per RFC 4180 when needed.
pub fn csv_value(raw: &str) -> String {
    let clean = sanitize_line(raw);
    if raw.starts_with(FORMULA_STARTS) || clean.starts_with(FORMULA_STARTS) {
        csv_cell(&format!("'{clean}"))
    } else {
        csv_cell(&clean)
    }
}

/// `value` as compact JSON in which every character the sanitizer would replace (C0 and C1
/// controls, DEL, bidi and invisible format characters, U+2028/U+2029) is a `\uXXXX` escape.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> io::Result<String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, EscapeInvisible);
    value.serialize(&mut ser).map_err(io::Error::other)?;
    String::from_utf8(out).map_err(io::Error::other)
}

/// serde_json's compact format, with more characters escaped (see [`to_json`]); serde_json itself
/// escapes only C0 controls, `"` and `\`.
struct EscapeInvisible;

impl serde_json::ser::Formatter for EscapeInvisible {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_placeholder(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Characters beyond the BMP (the tag block) are written as a surrogate pair.
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Pair {
        id: String,
        name: Option<String>,
    }

    impl Record for Pair {
        const FIELDS: &'static [&'static str] = &["id", "name"];
        fn cells(&self) -> Vec<Option<String>> {
            vec![Some(self.id.clone()), self.name.clone()]
        }
    }

    fn render(format: Output, rows: &[Pair]) -> String {
        let mut w = RowWriter::new(format, Pair::FIELDS, Vec::new()).unwrap();
        for r in rows {
            w.row(r).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn pair(id: &str, name: Option<&str>) -> Pair {
        Pair {
            id: id.into(),
            name: name.map(Into::into),
        }
    }

    #[test]
    fn table_aligns_by_display_width_and_sanitizes() {
        let out = render(
            Output::Table,
            &[
                pair("1", Some("日本")),
                pair("22222", Some("x\u{1b}[2J")),
                pair("3", None),
            ],
        );
        assert_eq!(
            out,
            "ID     NAME\n1      日本\n22222  x\u{241b}[2J\n3      -\n"
        );
    }

    #[test]
    fn csv_quotes_commas_and_quotes_and_sanitizes() {
        let out = render(
            Output::Csv,
            &[
                pair("1", Some("Smith, \"Jo\"")),
                pair("2", None),
                pair("3", Some("a\u{7}")),
            ],
        );
        assert_eq!(out, "id,name\n1,\"Smith, \"\"Jo\"\"\"\n2,\n3,a\u{2407}\n");
    }

    #[test]
    fn json_is_an_array_that_round_trips_control_characters() {
        let out = render(
            Output::Json,
            &[pair("1", Some("a\u{1b}b")), pair("2", None)],
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["name"], "a\u{1b}b");
        assert!(v[1]["name"].is_null());
        assert!(!out.contains('\u{1b}'));
        assert_eq!(render(Output::Json, &[]), "[]\n");
    }

    #[test]
    fn json_escapes_c1_del_bidi_and_invisible_characters_and_reads_back_the_same() {
        let hostile = "a\u{9b}31m\u{7f}\u{202e}moc.evil\u{2028}\u{feff}\u{2060}\u{e0041}\u{1b}z";
        let out = render(Output::Json, &[pair("1", Some(hostile))]);
        assert!(
            out.contains(
                r#""name":"a\u009b31m\u007f\u202emoc.evil\u2028\ufeff\u2060\udb40\udc41\u001bz""#
            ),
            "{out}"
        );
        assert!(!out.chars().any(needs_placeholder), "{out:?}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["name"], hostile);
        // Ordinary text, wide characters and emoji stay as they are.
        assert_eq!(to_json(&"Zoë 漢字 🎉").unwrap(), "\"Zoë 漢字 🎉\"");
    }

    #[test]
    fn csv_guards_cells_a_spreadsheet_would_run_as_formulas() {
        let out = render(
            Output::Csv,
            &[
                pair("=HYPERLINK(\"http://evil\",\"x\")", Some("+1")),
                pair("-2+3", Some("@SUM(A1)")),
                pair("\tx", Some("\r=1")),
                pair("a=b", Some("x-y@z")),
            ],
        );
        assert_eq!(
            out,
            "id,name\n\
             \"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'+1\n\
             '-2+3,'@SUM(A1)\n\
             ' x,'\u{240d}=1\n\
             a=b,x-y@z\n"
        );
    }
}
