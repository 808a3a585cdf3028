//! One command's connection to one profile: its settings and a provider client with its token.

use super::args::ProfileArg;
use crate::config::{Config, Profile, TokenSource};
use crate::engine::{Engine, Target};
use crate::error::Result;
use crate::providers::{self, Provider};
use crate::sanitize::sanitize_line;
use std::sync::Arc;

/// The profile a command runs against and its client.
pub struct Session {
    /// The profile as configured.
    pub profile: Profile,
    /// The client built from it.
    pub provider: Arc<dyn Provider>,
}

impl Session {
    /// Finds the profile, reads its token (the `--token-env` override first) and builds the client.
    /// No request is sent yet. A command that changes data passes the `engine`, whose observer
    /// writes every API step of a change to the audit log.
    pub fn open(config: &Config, arg: &ProfileArg, engine: Option<&Engine>) -> Result<Session> {
        let profile = config.profile(&arg.profile)?.clone();
        Session::for_profile(config, profile, arg.token_env.as_deref(), engine)
    }

    /// [`Session::open`] for a profile already found.
    pub fn for_profile(
        config: &Config,
        profile: Profile,
        token_env: Option<&str>,
        engine: Option<&Engine>,
    ) -> Result<Session> {
        let (token, source) = profile.resolve_token(token_env)?;
        if source == TokenSource::Inline {
            eprintln!(
                "roster: warning: profile {}: the token is written in {}; anyone who can read \
                 that file can use it. Prefer token_env, token_command or token_file.",
                sanitize_line(&profile.name),
                config.path().display()
            );
        }
        tracing::info!(profile = %profile.name, provider = %profile.kind, token_source = %source, "profile opened");
        let mut provider_config = profile.provider_config(token)?;
        provider_config.observer = engine.and_then(|e| e.step_observer(&profile.name));
        let provider = providers::build(provider_config)?;
        Ok(Session { profile, provider })
    }

    /// The provider's name for messages built here.
    pub fn provider_name(&self) -> &'static str {
        self.provider.kind().as_str()
    }

    /// The profile as the change engine runs changes against it.
    pub fn target(&self) -> Target {
        Target {
            profile: self.profile.name.clone(),
            provider: self.provider.clone(),
            readonly: self.profile.readonly,
        }
    }
}
