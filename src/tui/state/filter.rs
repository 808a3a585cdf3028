//! The `/` filter of a list: what was typed, whether it is being typed, and the matching.
//!
//! Matching is a case-insensitive substring test over text normalised once per load
//! ([`MemberRow::matches`]); when a keystroke only extends the query, only the
//! rows that matched before are tested again, so typing over 100,000 rows stays fast.

use super::profiles::MemberRow;
use crate::tui::input::TextInput;

/// A list filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The query as typed.
    pub input: TextInput,
    /// Whether keys currently go into the query.
    pub editing: bool,
}

impl Filter {
    /// The lowercased query; empty when no filter applies.
    pub fn needle(&self) -> String {
        self.input.text().trim().to_lowercase()
    }

    /// Whether a non-empty filter applies.
    pub fn is_active(&self) -> bool {
        !self.input.text().trim().is_empty()
    }

    /// Whether `haystack` (already lowercase) matches.
    pub fn matches(&self, haystack_lower: &str) -> bool {
        let needle = self.needle();
        needle.is_empty() || haystack_lower.contains(&needle)
    }

    /// Clears the query and stops editing.
    pub fn clear(&mut self) {
        self.input.clear();
        self.editing = false;
    }
}

/// Indices of `rows` matching `needle` (lowercase), in `order` (empty: the rows' own order). With
/// `previous` = the matches of a query that `needle` extends, only those are re-tested (they are
/// already in order).
pub fn filter_rows(
    rows: &[MemberRow],
    order: &[usize],
    needle: &str,
    previous: Option<&[usize]>,
) -> Vec<usize> {
    let hit = |i: usize| rows.get(i).is_some_and(|r| r.matches(needle));
    match previous {
        Some(prev) if !needle.is_empty() => prev.iter().copied().filter(|&i| hit(i)).collect(),
        _ if order.is_empty() => (0..rows.len())
            .filter(|&i| needle.is_empty() || hit(i))
            .collect(),
        _ => order
            .iter()
            .copied()
            .filter(|&i| needle.is_empty() || hit(i))
            .collect(),
    }
}

/// Byte ranges of `shown` (a cell as drawn) that match `needle` (lowercase), for highlighting.
/// Empty when the lowercase text does not line up byte for byte with `shown` (some non-ASCII
/// letters change length when lowercased): then nothing is highlighted rather than the wrong part.
pub fn match_ranges(shown: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let lower = shown.to_lowercase();
    if lower.len() != shown.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        if !(shown.is_char_boundary(start) && shown.is_char_boundary(end)) {
            break;
        }
        out.push((start, end));
        from = end;
    }
    out
}
