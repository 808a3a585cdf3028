//! `roster sandbox --write-config FILE`: a roster config with one profile per emulated API, and a
//! token file (mode 0600) per profile next to it.

use super::server::Sandbox;
use crate::model::ProviderKind;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// First line of every config this module writes; only such a file is ever overwritten.
const MARKER: &str = "# Written by `roster sandbox`";

#[derive(Serialize)]
struct ConfigFile {
    profiles: BTreeMap<&'static str, Profile>,
}

#[derive(Serialize)]
struct Profile {
    provider: &'static str,
    base_url: String,
    token_file: String,
    /// The provider's own keys (`org`, `tier`, …), as its emulator asks for them.
    #[serde(flatten)]
    settings: BTreeMap<String, toml::Value>,
}

/// Writes the config at `path` and `<provider>.token` files beside it. Refuses (changing nothing)
/// when the config or a token file already exists and the config was not written by the sandbox,
/// so a real config or token is never clobbered.
pub fn write_config(path: &Path, sandbox: &Sandbox) -> Result<PathBuf, String> {
    let path =
        std::path::absolute(path).map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    let dir = path
        .parent()
        .ok_or_else(|| format!("{} has no parent directory", path.display()))?
        .to_path_buf();
    let ours = match std::fs::read_to_string(&path) {
        Ok(text) => {
            if !text.starts_with(MARKER) {
                return Err(format!(
                    "{} exists and was not written by roster sandbox; not overwriting it \
                     (choose another --write-config path)",
                    path.display()
                ));
            }
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };

    let token_path = |kind: ProviderKind| dir.join(format!("{}.token", kind.as_str()));
    if !ours
        && let Some(existing) = crate::registry::KINDS
            .into_iter()
            .map(token_path)
            .find(|p| p.exists())
    {
        return Err(format!(
            "{} already exists; not overwriting a token file (choose another --write-config \
             directory)",
            existing.display()
        ));
    }

    let mut profiles = BTreeMap::new();
    for kind in crate::registry::KINDS {
        let config = sandbox.provider_config(kind);
        let token_file = token_path(kind);
        write_private(&token_file, config.token.expose())?;
        let token_file = token_file
            .to_str()
            .ok_or_else(|| format!("{} is not valid UTF-8", token_file.display()))?
            .to_string();
        profiles.insert(
            kind.as_str(),
            Profile {
                provider: kind.as_str(),
                base_url: config.base_url,
                token_file,
                settings: config
                    .settings
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            },
        );
    }
    let body = toml::to_string(&ConfigFile { profiles })
        .map_err(|e| format!("cannot encode the config: {e}"))?;
    let text = format!(
        "{MARKER} for the sandbox at http://{}; safe to delete.\n\n{body}",
        sandbox.addr()
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Writes `contents` to `path`, readable by the owner only (also when the file existed before).
fn write_private(path: &Path, contents: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path).map_err(fail)?;
        // `mode` only applies when the file is created; tighten an existing one too.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
        write_all(file, contents).map_err(fail)
    }
    #[cfg(not(unix))]
    {
        let file = options.open(path).map_err(fail)?;
        write_all(file, contents).map_err(fail)
    }
}

fn write_all(mut file: std::fs::File, contents: &str) -> std::io::Result<()> {
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")?;
    file.sync_all()
}
