//! Listing output: aligned tables for people, JSON and CSV for scripts.
//!
//! Table and CSV cells pass through [`sanitize_line`] because they end up in a terminal or a
//! spreadsheet; JSON is written as the server sent it (serde_json escapes control characters, so the
//! output is safe to print and round-trips the original text exactly).

use super::args::Output;
use crate::sanitize::sanitize_line;
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
                    .map(|c| csv_cell(&sanitize_line(c.as_deref().unwrap_or(""))))
                    .collect();
                writeln!(self.out, "{}", cells.join(","))?;
            }
            Output::Json => {
                let json = serde_json::to_string(record).map_err(io::Error::other)?;
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
}
