//! `roster` with no command: the TUI on the profiles of the config file.
//!
//! Tokens are read before the screen opens (a `token_command` may take a moment, and its errors
//! belong in the left pane rather than on a half-drawn screen); nothing touches the network
//! before the first frame. Every profile's changes go through the audit log, like the CLI's; when
//! the log cannot be opened, the TUI opens read-only and says why, because an unrecorded change is
//! worse than none.

use super::launch::run;
use super::options::{Rebuilder, TuiOptions, TuiProfile};
use crate::config::{Config, Profile, TokenSource};
use crate::engine::Engine;
use crate::providers;
use crate::sanitize::sanitize;
use crate::tui::keys::{KeyOverride, Keymap};
use crate::tui::theme::{Theme, ThemeSpec};
use std::path::Path;

/// Exit code for a usage or configuration error (no config file, bad config).
const USAGE_ERROR: i32 = 2;

/// Loads the config at `config` (or the default places), opens the TUI on its profiles and returns
/// the exit code. Without a config file it prints where the file goes, an example and a pointer to
/// `roster demo`, and returns 2 without touching the terminal.
pub fn run_configured(config: Option<&Path>, readonly: bool) -> crate::error::RunResult {
    let config = match Config::load(config) {
        Ok(c) => c,
        Err(e) => {
            // Roster's own message (path, example, `roster demo`); sanitized as any text may be.
            eprintln!("roster: {}", sanitize(&e.message));
            return Ok(e.exit_code().max(USAGE_ERROR));
        }
    };
    if let Some(code) = super::tty::require_terminal() {
        return Ok(code);
    }
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
                .and_then(|t| client(profile, &engine, t))
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
    let rebuild = rebuilder(
        profiles.iter().map(|p| (*p).clone()).collect(),
        engine.clone(),
    );
    let screen = screen_settings(&config);
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
        rebuild: Some(rebuild),
        ..screen
    };
    run(tui_profiles, options)
}

/// Profile `profile`'s client with `token` (its change steps audited by `engine`).
fn client(
    profile: &Profile,
    engine: &Engine,
    (token, source): (crate::secret::Secret, TokenSource),
) -> crate::error::Result<std::sync::Arc<dyn crate::providers::Provider>> {
    if source == TokenSource::Inline {
        // stderr belongs to the TUI now; the log keeps the warning.
        tracing::warn!(profile = %profile.name, "the token is written in the config file");
    }
    let mut provider_config = profile.provider_config(token)?;
    provider_config.observer = engine.step_observer(&profile.name);
    providers::build(provider_config)
}

/// Rebuilds profile `i` of `profiles`: reads its token again (the admin may have fixed the token
/// file, the variable or the command) and builds its client.
pub fn rebuilder(profiles: Vec<Profile>, engine: Engine) -> Rebuilder {
    Rebuilder(std::sync::Arc::new(move |i| {
        let profile = profiles
            .get(i)
            .ok_or_else(|| crate::tui::text::PROFILE_UNAVAILABLE.to_string())?;
        let provider = profile
            .resolve_token(None)
            .and_then(|t| client(profile, &engine, t))
            .map_err(|e| e.to_string())?;
        Ok(crate::engine::Target {
            profile: profile.name.clone(),
            provider,
            readonly: profile.readonly,
        })
    }))
}

/// The screen's settings from the config (`[keys]`, `[theme]`, `mouse`), with what roster cannot
/// use of them, each with its `file:line`. `NO_COLOR` wins over `[theme]`.
pub fn screen_settings(config: &Config) -> TuiOptions {
    let file = config.path().display().to_string();
    let overrides: Vec<KeyOverride> = config
        .ui
        .keys
        .iter()
        .map(|k| KeyOverride {
            name: k.name.clone(),
            keys: k.keys.clone(),
            origin: format!("{file}:{}", k.line),
        })
        .collect();
    let (keymap, mut problems) = Keymap::with_overrides(&overrides);
    let spec = ThemeSpec {
        preset: config.ui.theme_preset.clone(),
        colors: config.ui.theme_colors.clone(),
        origin: format!("{file}:{}", config.ui.theme_line),
    };
    let (theme, theme_problems) = Theme::from_spec(&spec, Theme::no_color_env());
    problems.extend(theme_problems);
    for p in &problems {
        tracing::warn!("config: {p}");
    }
    TuiOptions {
        keymap,
        theme: Some(theme),
        mouse: config.ui.mouse,
        problems,
        ..TuiOptions::default()
    }
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
