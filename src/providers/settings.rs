//! A provider's own keys of a profile (`org`, `tier`, `auth`, …): the config file keeps them as
//! written, the provider's module says which keys it takes and checks their values when the config
//! is read, and reads them when it builds its client. Shared code never names one.

use std::collections::BTreeMap;

/// The provider-specific keys of one profile, as written in its `[profiles.NAME]` table.
#[derive(Clone, Default, PartialEq)]
pub struct ProviderSettings(BTreeMap<String, toml::Value>);

/// A setting the provider cannot use: which key, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// The key as written.
    pub key: String,
    /// What is wrong and what to write, never quoting a value that could be a secret.
    pub message: String,
}

impl ProviderSettings {
    /// No settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// These settings with `key` set to `value` (for profiles built in code: the sandbox, tests).
    pub fn with(mut self, key: &str, value: impl Into<toml::Value>) -> Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    /// Sets `key` to `value` as read from a config file.
    pub fn insert(&mut self, key: String, value: toml::Value) {
        self.0.insert(key, value);
    }

    /// The keys set, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Every key and value, in key order (to write a config file).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &toml::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// `key`'s text, trimmed; `None` when unset. A value that is not text, or is empty, is an error
    /// naming the key.
    pub fn text(&self, key: &str) -> Result<Option<&str>, SettingError> {
        match self.0.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) if s.trim().is_empty() => {
                Err(SettingError::new(key, format!("`{key}` is empty")))
            }
            Some(toml::Value::String(s)) => Ok(Some(s.trim())),
            Some(other) => Err(SettingError::new(
                key,
                format!("`{key}` must be text (in quotes), not {}", other.type_str()),
            )),
        }
    }

    /// `key`'s text when it is one of `valid` (case-insensitive, returned as listed there); `None`
    /// when unset; otherwise an error listing the valid values.
    pub fn one_of(
        &self,
        key: &str,
        valid: &[&'static str],
    ) -> Result<Option<&'static str>, SettingError> {
        let Some(value) = self.text(key)? else {
            return Ok(None);
        };
        match valid.iter().find(|v| v.eq_ignore_ascii_case(value)) {
            Some(v) => Ok(Some(v)),
            None => Err(SettingError::new(
                key,
                format!(
                    "`{key}` is {}; use {}",
                    plain_value(value),
                    valid
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        }
    }
}

/// Keys only: a value may be something a person pasted by mistake, such as a token.
impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.keys()).finish()
    }
}

impl SettingError {
    /// `message` about `key`.
    pub fn new(key: &str, message: String) -> Self {
        SettingError {
            key: key.to_string(),
            message,
        }
    }
}

impl std::fmt::Display for SettingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// `value` quoted when it looks like a plain word (`"slack"`), else a description: a token pasted
/// into the wrong key must not be printed back.
pub fn plain_value(value: &str) -> String {
    if (1..=32).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-' || c == ' ')
    {
        format!("{value:?}")
    } else {
        "a value that is not a plain word (not shown)".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_trimmed_text_and_checked_against_the_valid_ones() {
        let s = ProviderSettings::new()
            .with("org", "  acme ")
            .with("tier", "User")
            .with("port", 8)
            .with("blank", " ");
        assert_eq!(s.text("org"), Ok(Some("acme")));
        assert_eq!(s.text("missing"), Ok(None));
        assert_eq!(s.one_of("tier", &["user", "company"]), Ok(Some("user")));
        assert_eq!(
            s.text("port").unwrap_err().message,
            "`port` must be text (in quotes), not integer"
        );
        assert_eq!(s.text("blank").unwrap_err().message, "`blank` is empty");
        let pasted = ProviderSettings::new().with("tier", "ghp_R0sterCanary9fX2kQ");
        let err = pasted.one_of("tier", &["user", "company"]).unwrap_err();
        assert!(!err.message.contains("Canary"), "{err}");
        assert!(
            err.message.ends_with("use \"user\" or \"company\""),
            "{err}"
        );
        assert!(!format!("{pasted:?}").contains("Canary"));
    }
}
