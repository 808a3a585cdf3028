//! Fuzzy matching for the palette: the query's characters must appear in order (fzf's
//! subsequence match); consecutive characters and characters at the start of a word score more, so
//! `dsgn` finds "Design" and `ada` ranks "Ada Lovelace" above "Canada". One pass per candidate, no
//! allocation: a keystroke over 10,000 entries stays well under a frame.

/// The score of `query` (lowercase) in `haystack` (lowercase), or `None` when it does not match.
/// Higher is better.
pub fn score(query: &str, haystack: &str) -> Option<u32> {
    if query.is_empty() {
        return Some(0);
    }
    let mut q = query.chars().peekable();
    let mut total: u32 = 0;
    let mut run: u32 = 0;
    let mut prev: Option<char> = None;
    let mut first_at: Option<usize> = None;
    for (i, c) in haystack.chars().enumerate() {
        let Some(&want) = q.peek() else { break };
        if c == want {
            q.next();
            first_at.get_or_insert(i);
            run += 1;
            let word_start = prev.is_none_or(|p| !p.is_alphanumeric());
            total += 1 + run * 2 + if word_start { 6 } else { 0 };
        } else {
            run = 0;
        }
        prev = Some(c);
    }
    if q.peek().is_some() {
        return None;
    }
    // Matches that start early rank a little higher.
    let early = 8u32.saturating_sub(first_at.unwrap_or(0).min(8) as u32);
    Some(total + early)
}

/// Indices of `candidates` (lowercase haystacks) that match `query`, best first (ties in the
/// candidates' order). With `previous`, the matches of a query this one extends, only those are
/// tested again.
pub fn rank<'a>(
    query: &str,
    candidates: impl Fn(usize) -> &'a str,
    count: usize,
    previous: Option<&[u32]>,
) -> Vec<u32> {
    let mut hits: Vec<(u32, u32)> = match previous {
        Some(prev) => prev
            .iter()
            .filter_map(|&i| score(query, candidates(i as usize)).map(|s| (s, i)))
            .collect(),
        None => (0..count)
            .filter_map(|i| score(query, candidates(i)).map(|s| (s, i as u32)))
            .collect(),
    };
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    hits.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subsequence_matches_and_word_starts_rank_first() {
        assert!(score("dsgn", "design").is_some());
        assert!(score("xyz", "design").is_none());
        let words = ["canada", "ada lovelace"];
        let ranked = rank("ada", |i| words[i], words.len(), None);
        assert_eq!(ranked, vec![1, 0]);
    }

    #[test]
    fn an_extended_query_only_retests_the_previous_matches() {
        let words = ["legal", "research", "operations"];
        let first = rank("e", |i| words[i], words.len(), None);
        assert_eq!(first.len(), 3);
        let next = rank("le", |i| words[i], words.len(), Some(&first));
        assert_eq!(next, vec![0]);
    }
}
