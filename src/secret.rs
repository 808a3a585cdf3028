//! A token that can be used but never printed.

use std::fmt;

/// An API token. `Debug` and `Display` print `[redacted]`; only [`Secret::expose`] gives the value,
/// and the HTTP layer is its only caller.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token read from the environment, a command or a file (surrounding whitespace removed).
    pub fn new(token: impl Into<String>) -> Self {
        Secret(token.into().trim().to_string())
    }

    /// The token itself. Call only to build an auth header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the token is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_the_token() {
        let s = Secret::new("tot_canary_123");
        assert!(!format!("{s:?} {s} {:#?}", s).contains("canary"));
        assert_eq!(s.expose(), "tot_canary_123");
    }
}
