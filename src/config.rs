//! Profiles: TOML in the platform config dir, and where each profile's token comes from.
//!
//! ```toml
//! [profiles.acme]
//! provider = "transactionlink"
//! token_env = "ACME_TL_TOKEN"
//! ```
//!
//! Every key is checked: a typo is an error naming the key and the profile, never a silently ignored
//! setting. Tokens are read only when a command needs one ([`Profile::resolve_token`]) and are held as
//! [`Secret`]s from then on.

mod token;
mod ui;

pub use token::TokenSource;
pub use ui::{KeySetting, UiConfig};

use crate::error::{Error, Result};
use crate::http::HttpSettings;
use crate::model::ProviderKind;
use crate::providers::ProviderConfig;
use crate::secret::Secret;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Parallel requests when crawling every workspace, unless the profile sets `max_concurrency`.
pub use crate::http::DEFAULT_MAX_CONCURRENCY;

/// Environment variable naming the config file (also read by the `--config` flag).
pub const CONFIG_ENV: &str = "ROSTER_CONFIG";

/// The documented production base URL of each provider, used when a profile sets no `base_url`
/// (each provider file declares its own).
pub use crate::providers::default_base_url;

/// Where the config file lives when neither `--config` nor `ROSTER_CONFIG` says otherwise:
/// `config.toml` in the platform config dir (e.g. `~/.config/roster/config.toml` on Linux).
/// `None` when the platform has no home directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roster").map(|d| d.config_dir().join("config.toml"))
}

/// A loaded config file: its profiles by name.
#[derive(Debug, Clone)]
pub struct Config {
    path: PathBuf,
    profiles: BTreeMap<String, Profile>,
    /// The interactive screen's settings: `mouse`, `[keys]`, `[theme]`.
    pub ui: UiConfig,
}

/// One account on one provider.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The name under `[profiles.NAME]`.
    pub name: String,
    /// Which API.
    pub kind: ProviderKind,
    /// Base URL without the API version prefix (the provider's default when the file sets none).
    pub base_url: String,
    /// Name of an environment variable holding the token.
    pub token_env: Option<String>,
    /// A shell command (run with `sh -c`) that prints the token.
    pub token_command: Option<String>,
    /// A file holding the token; must be readable by its owner only.
    pub token_file: Option<PathBuf>,
    /// A token written in the config file itself (last resort; warned about).
    inline_token: Option<Secret>,
    /// Dreadnode: organisation slug.
    pub org: Option<String>,
    /// Paradigm: `user` or `company` API tier.
    pub tier: Option<String>,
    /// Dreadnode: how the API key is sent (`bearer`, the default, or `x-api-key`).
    pub auth: Option<String>,
    /// Total time allowed per request.
    pub timeout: Option<Duration>,
    /// Time allowed to connect.
    pub connect_timeout: Option<Duration>,
    /// Parallel requests when crawling every workspace.
    pub max_concurrency: Option<usize>,
    /// Cap on requests per second.
    pub max_requests_per_second: Option<f64>,
    /// `readonly = true`: every change to this profile is refused (for production tenants).
    pub readonly: bool,
}

/// The file's top level: `[profiles.NAME]` sections and the screen's settings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    profiles: BTreeMap<String, RawProfile>,
    #[serde(default)]
    keys: BTreeMap<String, toml::Spanned<ui::RawKeys>>,
    #[serde(default)]
    theme: Option<toml::Spanned<ui::RawTheme>>,
    #[serde(default)]
    mouse: Option<bool>,
}

/// The keys a profile may have, exactly as users write them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    provider: String,
    base_url: Option<String>,
    token_env: Option<String>,
    token_command: Option<String>,
    token_file: Option<PathBuf>,
    token: Option<String>,
    org: Option<String>,
    tier: Option<String>,
    auth: Option<String>,
    timeout_secs: Option<u64>,
    connect_timeout_secs: Option<u64>,
    max_concurrency: Option<usize>,
    max_requests_per_second: Option<f64>,
    readonly: Option<bool>,
}

/// The smallest useful config, shown when there is none.
const MINIMAL_EXAMPLE: &str =
    "    [profiles.acme]\n    provider = \"transactionlink\"\n    token_env = \"ACME_TL_TOKEN\"";

impl Config {
    /// Reads the config file at `path`; when `None`, at `$ROSTER_CONFIG` if set, else at
    /// [`default_path`]. Every problem (missing file, bad TOML, unknown key, unknown provider) is a
    /// usage error (exit code 2) that says what to fix.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => match std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()) {
                Some(p) => PathBuf::from(p),
                None => default_path().ok_or_else(|| {
                    Error::usage(
                        "cannot find the platform config directory (no home directory?); \
                         pass --config FILE or set ROSTER_CONFIG",
                    )
                })?,
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::usage(format!(
                    "no config file at {}.\nCreate it with one profile per account, for example:\n\n\
                     {MINIMAL_EXAMPLE}\n\nthen `export ACME_TL_TOKEN=…`. Every key is described in \
                     assets/config.example.toml and the README. Use --config FILE or ROSTER_CONFIG \
                     for another location.\nTo try roster without an account, run `roster demo`.",
                    path.display()
                )));
            }
            Err(e) => {
                return Err(Error::usage(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )));
            }
        };
        Config::parse(&text, &path)
    }

    /// Parses config text; `origin` is only used in messages and as [`Config::path`].
    pub fn parse(text: &str, origin: &Path) -> Result<Config> {
        let shown = origin.display();
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| Error::usage(describe_toml_error(&shown.to_string(), text, &e)))?;
        let ui = ui::build(text, raw.keys, raw.theme, raw.mouse);
        let mut profiles = BTreeMap::new();
        for (name, raw) in raw.profiles {
            let profile = Profile::from_raw(&name, raw)
                .map_err(|msg| Error::usage(format!("{shown}: profile {name:?}: {msg}")))?;
            profiles.insert(name, profile);
        }
        Ok(Config {
            path: origin.to_path_buf(),
            profiles,
            ui,
        })
    }

    /// The file this config was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every profile, sorted by name.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// The profile called `name`, or a usage error listing the configured ones.
    pub fn profile(&self, name: &str) -> Result<&Profile> {
        self.profiles.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            Error::usage(format!(
                "no such profile in {}; {}",
                self.path.display(),
                if known.is_empty() {
                    "it has no profiles yet (add a [profiles.NAME] section)".to_string()
                } else {
                    format!("configured profiles: {}", known.join(", "))
                }
            ))
        })
    }
}

impl Profile {
    fn from_raw(name: &str, raw: RawProfile) -> std::result::Result<Profile, String> {
        let kind = ProviderKind::parse(&raw.provider).ok_or_else(|| {
            let valid: Vec<&str> = ProviderKind::ALL.iter().map(|k| k.as_str()).collect();
            format!(
                "unknown provider {}; valid providers: {}",
                plain_value(&raw.provider),
                valid.join(", ")
            )
        })?;
        let non_empty = |key: &str, v: Option<String>| match v {
            Some(s) if s.trim().is_empty() => Err(format!("`{key}` is empty")),
            other => Ok(other.map(|s| s.trim().to_string())),
        };
        let base_url = non_empty("base_url", raw.base_url)?
            .unwrap_or_else(|| default_base_url(kind).to_string());
        let tier = non_empty("tier", raw.tier)?;
        if let Some(t) = &tier
            && t != "user"
            && t != "company"
        {
            return Err(format!(
                "`tier` is {}; use \"user\" or \"company\"",
                plain_value(t)
            ));
        }
        let auth = non_empty("auth", raw.auth)?;
        if let Some(a) = &auth {
            use crate::providers::dreadnode::AuthMode;
            if kind != ProviderKind::Dreadnode {
                return Err(format!(
                    "`auth` applies to dreadnode profiles only; this one is {}",
                    kind.as_str()
                ));
            }
            if AuthMode::parse(a).is_none() {
                return Err(format!(
                    "`auth` is {}; use {}",
                    plain_value(a),
                    AuthMode::VALUES
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
            }
        }
        let positive_secs = |key: &str, v: Option<u64>| match v {
            Some(0) => Err(format!("`{key}` must be at least 1")),
            other => Ok(other.map(Duration::from_secs)),
        };
        if raw.max_concurrency == Some(0) {
            return Err("`max_concurrency` must be at least 1".into());
        }
        if let Some(r) = raw.max_requests_per_second
            && !(r.is_finite() && r > 0.0)
        {
            return Err("`max_requests_per_second` must be a positive number".into());
        }
        if raw
            .token_file
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            return Err("`token_file` is empty".into());
        }
        Ok(Profile {
            name: name.to_string(),
            kind,
            base_url,
            token_env: non_empty("token_env", raw.token_env)?,
            token_command: non_empty("token_command", raw.token_command)?,
            token_file: raw.token_file,
            inline_token: raw.token.map(Secret::new).filter(|s| !s.is_empty()),
            org: non_empty("org", raw.org)?,
            tier,
            auth,
            timeout: positive_secs("timeout_secs", raw.timeout_secs)?,
            connect_timeout: positive_secs("connect_timeout_secs", raw.connect_timeout_secs)?,
            max_concurrency: raw.max_concurrency,
            max_requests_per_second: raw.max_requests_per_second,
            readonly: raw.readonly.unwrap_or(false),
        })
    }

    /// Whether the profile has a token written in the config file (a warning should be shown).
    pub fn has_inline_token(&self) -> bool {
        self.inline_token.is_some()
    }

    /// Everything a provider client needs, with this profile's timeouts and request rate.
    pub fn provider_config(&self, token: Secret) -> Result<ProviderConfig> {
        url::Url::parse(&self.base_url)
            .map_err(|e| Error::usage(format!("base_url {:?} is not a URL: {e}", self.base_url)))?;
        let mut http = HttpSettings::default();
        if let Some(t) = self.timeout {
            http.request_timeout = t;
        }
        if let Some(t) = self.connect_timeout {
            http.connect_timeout = t;
        }
        http.max_requests_per_second = self.max_requests_per_second;
        http.max_concurrency = self.max_concurrency();
        Ok(ProviderConfig {
            kind: self.kind,
            base_url: self.base_url.clone(),
            token,
            org: self.org.clone(),
            tier: self.tier.clone(),
            auth: self.auth.clone(),
            http,
            observer: None,
        })
    }

    /// Parallel requests allowed when crawling every workspace (default 8).
    pub fn max_concurrency(&self) -> usize {
        self.max_concurrency.unwrap_or(DEFAULT_MAX_CONCURRENCY)
    }
}

/// Says where a TOML or schema error is (`file:line:column`, the `[profiles.NAME]` section it is in
/// and the key on that line when it is a plausible key name) and what kind of error it is, but never
/// the text of the line or a value: a token pasted into the file must not be printed back (toml and
/// serde quote the offending value or key).
fn describe_toml_error(file: &str, text: &str, e: &toml::de::Error) -> String {
    let kind = error_kind(e.message());
    let Some(span) = e.span().filter(|s| s.start <= text.len()) else {
        return format!("{file}: {kind}");
    };
    let mut start = span.start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line_no = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].chars().count() + 1;
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let section = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .filter(|s| !line.starts_with('[') && is_profile_header(s));
    let mut place = format!("{file}:{line_no}:{column}: line {line_no}, column {column}");
    if let Some(section) = section {
        place.push_str(&format!(" in {section}"));
    }
    match line.split_once('=') {
        Some((key, _)) if !line.starts_with('[') && looks_like_key(key.trim()) => {
            format!("{place}: key `{}`: {kind}", key.trim())
        }
        _ => format!("{place}: {kind}"),
    }
}

/// `value` quoted when it looks like a plain word (`"slack"`), else a description: a token pasted
/// into the wrong key must not be printed back.
fn plain_value(value: &str) -> String {
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

/// `[profiles.NAME]` with a short name: safe to repeat in a message.
fn is_profile_header(line: &str) -> bool {
    line.len() <= 80
        && line.starts_with("[profiles.")
        && line.ends_with(']')
        && !line.chars().any(char::is_control)
}

/// A plausible config key (`token_env`, or a typo of one): lower-case letters and underscores.
/// Tokens carry digits or capitals, so this never names a pasted token.
fn looks_like_key(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The kind of a toml/serde error message without the content it quotes: `"…"` values are dropped,
/// and a `` `…` `` part is kept only when it is a plausible key name or a bit of TOML syntax
/// (`=`, `]`, an escape letter). `invalid type: string "tok_…", expected u64` becomes
/// `invalid type: string, expected u64`.
fn error_kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    let mut out = String::with_capacity(first.len());
    let mut rest = first;
    while let Some(open) = rest.find(['"', '`', '\'']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let Some(len) = rest[open + 1..].find(quote) else {
            // An unbalanced quote: everything after it may be content.
            out.push_str(&rest[..open]);
            rest = "";
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        let syntax = inner.chars().count() <= 2
            && inner
                .chars()
                .all(|c| c.is_ascii_punctuation() || c.is_ascii_alphabetic());
        if quote == '`' && (looks_like_key(inner) || syntax) {
            out.push_str(&rest[..open + len + 2]);
        } else {
            out.push_str(rest[..open].trim_end());
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out.replace("struct RawProfile", "a [profiles.NAME] table")
        .replace("struct RawConfig", "a table")
}

#[cfg(test)]
mod tests;
