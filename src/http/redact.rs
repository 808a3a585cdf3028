//! Keeps the token out of error text a server sends back: some APIs echo the key they refused
//! ("invalid API key tot_…"), and a decode error may quote a field. Every form of the token roster
//! sends (the header value, the credential after its scheme word, a Basic credential decoded, and
//! the base64 of each) is replaced by `[redacted]`.

use base64::Engine;

/// Shorter forms are not searched for: replacing every "abc" in a message would wreck it, and a
/// token that short is not a secret worth the name anyway.
const MIN_SECRET_LEN: usize = 8;

/// The text replacing a token.
pub const REDACTED: &str = "[redacted]";

/// The forms of one auth header value to remove from text.
#[derive(Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl Redactor {
    /// Forms of `header_value` (`Basic …`, `Bearer …` or a raw token).
    pub fn new(header_value: &str) -> Self {
        let mut needles = vec![header_value.trim().to_string()];
        if let Some((scheme, credential)) = header_value.trim().split_once(' ') {
            let credential = credential.trim();
            needles.push(credential.to_string());
            if scheme.eq_ignore_ascii_case("basic")
                && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(credential)
                && let Ok(text) = String::from_utf8(bytes)
            {
                needles.push(text.clone());
                // `user:password` forms: the password alone is secret too.
                if let Some((_, password)) = text.split_once(':') {
                    needles.push(password.to_string());
                }
            }
        }
        // A server may quote what it received in base64 (as in a Basic header) too.
        let encoded: Vec<String> = needles
            .iter()
            .map(|n| base64::engine::general_purpose::STANDARD.encode(n))
            .collect();
        needles.extend(encoded);
        needles.retain(|n| n.len() >= MIN_SECRET_LEN);
        // Longest first, so a form containing another is replaced whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Redactor { needles }
    }

    /// `text` with every form of the token replaced by [`REDACTED`].
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        out
    }
}

// Written by hand: the needles are the token.
impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_token_is_replaced() {
        let basic = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("tok_secret_123")
        );
        let r = Redactor::new(&basic);
        let text = format!("bad key tok_secret_123 in {basic}");
        let scrubbed = r.scrub(&text);
        assert!(!scrubbed.contains("tok_secret_123"), "{scrubbed}");
        assert!(!scrubbed.contains(&basic[6..]), "{scrubbed}");
        assert_eq!(
            Redactor::new("Bearer abcdefghij").scrub("got abcdefghij"),
            "got [redacted]"
        );
        assert_eq!(
            Redactor::new("tot_raw_token_1").scrub("x tot_raw_token_1"),
            "x [redacted]"
        );
        assert_eq!(Redactor::new("short").scrub("short words"), "short words");
        assert!(!format!("{r:?}").contains("tok_secret"));
        let raw = Redactor::new("raw_api_key_42");
        let b64 = base64::engine::general_purpose::STANDARD.encode("raw_api_key_42");
        assert_eq!(raw.scrub(&format!("got {b64}")), "got [redacted]");
    }
}
