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

/// Indices of `rows` matching `needle` (lowercase). With `previous` = the matches of a query that
/// `needle` extends, only those are re-tested.
pub fn filter_rows(rows: &[MemberRow], needle: &str, previous: Option<&[usize]>) -> Vec<usize> {
    if needle.is_empty() {
        return (0..rows.len()).collect();
    }
    match previous {
        Some(prev) => prev
            .iter()
            .copied()
            .filter(|&i| rows.get(i).is_some_and(|r| r.matches(needle)))
            .collect(),
        None => rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.matches(needle))
            .map(|(i, _)| i)
            .collect(),
    }
}
