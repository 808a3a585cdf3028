//! One command's connection to one profile: its settings and a provider client with its token.

use super::args::ProfileArg;
use crate::audit::{self, AuditLog, AuditedProvider};
use crate::config::{Config, Profile, TokenSource};
use crate::error::{Error, Result};
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
    /// No request is sent yet. A command that changes data (`changes` true) gets a client whose every
    /// change and API step is written to the audit log first; if the log cannot be opened the command
    /// is refused, because an unrecorded change is worse than none.
    pub fn open(config: &Config, arg: &ProfileArg, changes: bool) -> Result<Session> {
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
        let mut provider_config = profile.provider_config(token)?;
        let provider = if changes {
            let log = Arc::new(open_audit_log()?);
            provider_config.observer =
                Some(audit::step_observer(log.clone(), profile.name.clone()));
            AuditedProvider::wrap(providers::build(provider_config)?, log, &profile.name)
        } else {
            providers::build(provider_config)?
        };
        Ok(Session { profile, provider })
    }

    /// The provider's name for messages built here.
    pub fn provider_name(&self) -> &'static str {
        self.provider.kind().as_str()
    }
}

/// Opens the audit log at its default place (`ROSTER_AUDIT_FILE` or the data dir).
fn open_audit_log() -> Result<AuditLog> {
    let path = AuditLog::default_path().ok_or_else(|| {
        Error::usage(
            "cannot find a data directory for the audit log; set ROSTER_AUDIT_FILE to a file path",
        )
    })?;
    AuditLog::open(&path).map_err(|e| {
        Error::usage(format!(
            "cannot open the audit log {}: {e}; no change was made (set ROSTER_AUDIT_FILE to another file)",
            path.display()
        ))
    })
}
