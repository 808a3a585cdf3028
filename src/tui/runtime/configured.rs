//! `roster` with no command: the TUI on the profiles of the config file.
//!
//! Tokens are read before the screen opens (a `token_command` may take a moment, and its errors
//! belong in the left pane rather than on a half-drawn screen); nothing touches the network
//! before the first frame. Every profile's changes go through the audit log, like the CLI's; when
//! the log cannot be opened, the TUI opens read-only and says why, because an unrecorded change is
//! worse than none.

use super::launch::run;
use super::options::{TuiOptions, TuiProfile};
use crate::config::{Config, Profile, TokenSource};
use crate::engine::Engine;
use crate::providers;
use crate::sanitize::sanitize;
use std::path::Path;

/// Exit code for a usage or configuration error (no config file, bad config).
const USAGE_ERROR: i32 = 2;

/// Loads the config at `config` (or the default places), opens the TUI on its profiles and returns
/// the exit code. Without a config file it prints where the file goes, an example and a pointer to
/// `roster demo`, and returns 2 without touching the terminal.
pub fn run_configured(config: Option<&Path>, readonly: bool) -> color_eyre::Result<i32> {
    let config = match Config::load(config) {
        Ok(c) => c,
        Err(e) => {
            // Roster's own message (path, example, `roster demo`); sanitized as any text may be.
            eprintln!("roster: {}", sanitize(&e.message));
            return Ok(e.exit_code().max(USAGE_ERROR));
        }
    };
    let _log = crate::logging::init();
    let engine = Engine::open_default(readonly);
    let profiles: Vec<&Profile> = config.profiles().collect();
    // One thread per profile: a slow token command holds up only as long as the slowest one.
    let tokens: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = profiles
            .iter()
            .map(|p| s.spawn(move || p.resolve_token(None)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(crate::error::Error::usage(
                        "reading the token failed unexpectedly",
                    ))
                })
            })
            .collect()
    });
    let tui_profiles = profiles
        .iter()
        .zip(tokens)
        .map(|(profile, token)| {
            let provider = token
                .and_then(|(token, source)| {
                    if source == TokenSource::Inline {
                        // stderr belongs to the TUI now; the log keeps the warning.
                        tracing::warn!(profile = %profile.name, "the token is written in the config file");
                    }
                    let mut provider_config = profile.provider_config(token)?;
                    provider_config.observer = engine.step_observer(&profile.name);
                    providers::build(provider_config)
                })
                .map_err(|e| e.to_string());
            TuiProfile {
                name: profile.name.clone(),
                kind: profile.kind,
                provider,
                max_concurrency: profile.max_concurrency(),
                readonly: profile.readonly,
            }
        })
        .collect();
    let disabled = engine.disabled_reason().map(str::to_string);
    let mut banners: Vec<String> = disabled
        .iter()
        .map(|why| format!("READ-ONLY: {}", sanitize(why)))
        .collect();
    banners.extend(unfinished_banner(&engine));
    let options = TuiOptions {
        readonly: readonly || disabled.is_some(),
        banner: (!banners.is_empty()).then(|| banners.join(" · ")),
        engine,
    };
    run(tui_profiles, options)
}

/// A banner line when the journal holds unfinished changes (roster was killed mid-change).
fn unfinished_banner(engine: &Engine) -> Option<String> {
    let open: Vec<_> = match engine.unfinished() {
        Ok(all) => all.into_iter().filter(|u| !u.running).collect(),
        Err(e) => return Some(format!("cannot read the change journal: {e}")),
    };
    let first = open.first()?;
    let more = match open.len() {
        1 => String::new(),
        n => format!(" (+{} more)", n - 1),
    };
    Some(format!(
        "UNFINISHED CHANGE: {}{more}; quit and run `roster recover`",
        first.change.describe()
    ))
}
