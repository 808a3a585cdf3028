//! `roster profiles`: each profile's provider, base URL, token source and whether the token resolves.
//! The token itself is never shown; when it does not resolve, the reason is.

use super::args::Output;
use super::output::{Record, RowWriter};
use super::records::ProfileRecord;
use super::{Failure, report};
use crate::config::{Config, TokenSource};
use std::path::Path;

/// Lists the profiles of the config file; returns the exit code.
pub fn run(config_path: Option<&Path>, output: Output) -> i32 {
    match list(config_path, output) {
        Ok(code) => code,
        Err(f) => report(None, &f),
    }
}

fn list(config_path: Option<&Path>, output: Output) -> Result<i32, Failure> {
    let config = Config::load(config_path)?;
    let mut writer = RowWriter::new(output, ProfileRecord::FIELDS, std::io::stdout())?;
    for profile in config.profiles() {
        let record = match profile.resolve_token(None) {
            Ok((_token, source)) => ProfileRecord {
                name: profile.name.clone(),
                provider: profile.kind.as_str(),
                base_url: profile.base_url.clone(),
                token_source: source.to_string(),
                token_ok: true,
                token_error: None,
            },
            Err(e) => ProfileRecord {
                name: profile.name.clone(),
                provider: profile.kind.as_str(),
                base_url: profile.base_url.clone(),
                token_source: describe_sources(&profile.token_sources()),
                token_ok: false,
                token_error: Some(e.message),
            },
        };
        writer.row(&record)?;
    }
    writer.finish()?;
    if config.profiles().next().is_none() {
        eprintln!(
            "roster: {} has no profiles; add a [profiles.NAME] section",
            config.path().display()
        );
    }
    Ok(0)
}

/// The configured sources in the order they are tried, e.g. `env ACME_TOKEN, then command`.
fn describe_sources(sources: &[TokenSource]) -> String {
    if sources.is_empty() {
        return "none".into();
    }
    sources
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", then ")
}
