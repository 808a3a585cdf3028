//! One command's connection to one profile: its settings and a provider client with its token.

use super::args::ProfileArg;
use crate::config::{Config, Profile, TokenSource};
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
    /// No request is sent yet.
    pub fn open(config: &Config, arg: &ProfileArg) -> Result<Session> {
        let profile = config.profile(&arg.profile)?.clone();
        let (token, source) = profile.resolve_token(arg.token_env.as_deref())?;
        if source == TokenSource::Inline {
            eprintln!(
                "roster: warning: profile {}: the token is written in {}; anyone who can read \
                 that file can use it. Prefer token_env, token_command or token_file.",
                sanitize_line(&profile.name),
                config.path().display()
            );
        }
        tracing::info!(profile = %profile.name, provider = %profile.kind, token_source = %source, "profile opened");
        let provider = providers::build(profile.provider_config(token)?)?;
        Ok(Session { profile, provider })
    }

    /// The provider's name for messages built here.
    pub fn provider_name(&self) -> &'static str {
        self.provider.kind().as_str()
    }
}
