//! Taking each profile's provider-specific keys (`org`, `tier`, …) out of the parsed file before the
//! keys every profile has are read: which keys belong to which provider is for the provider's module
//! to say ([`crate::providers::ProviderModule::settings`]), not for this crate's config schema.

use crate::model::ProviderKind;
use crate::providers::ProviderSettings;
use crate::registry;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};

/// One profile's provider keys, with the byte offset of each key in the file (for messages).
#[derive(Debug, Default)]
pub(super) struct Taken {
    /// The keys and their values.
    pub settings: ProviderSettings,
    /// Where each key was written.
    pub offsets: BTreeMap<String, usize>,
}

/// Removes from every `[profiles.NAME]` table of `root` the keys its provider takes, and returns
/// them by profile name. A key that belongs to another provider is an error naming both. Profiles
/// whose `provider` is missing or unknown are left alone: reading the common keys reports them.
pub(super) fn take(root: &mut DeTable<'_>) -> Result<BTreeMap<String, Taken>, KeyError> {
    let mut out = BTreeMap::new();
    let Some(DeValue::Table(profiles)) = root.get_mut("profiles").map(|v| v.get_mut()) else {
        return Ok(out);
    };
    for (name, profile) in profiles.iter_mut() {
        let DeValue::Table(table) = profile.get_mut() else {
            continue;
        };
        let Some(kind) = provider_of(table) else {
            continue;
        };
        let own = registry::find(kind).map_or(&[][..], |p| p.client.settings);
        let mut taken = Taken::default();
        let keys: Vec<String> = table.keys().map(|k| k.get_ref().to_string()).collect();
        for key in keys {
            if own.contains(&key.as_str()) {
                let Some((spanned_key, value)) = table.remove_entry(key.as_str()) else {
                    continue;
                };
                let offset = spanned_key.span().start;
                let value = toml::Value::deserialize(value.into_deserializer())
                    .map_err(|_| KeyError::at(offset, format!("`{key}` could not be read")))?;
                taken.settings.insert(key.clone(), value);
                taken.offsets.insert(key, offset);
            } else if let Some(owners) = owners_of(&key) {
                let offset = table
                    .get_key_value(key.as_str())
                    .map_or(0, |(k, _)| k.span().start);
                return Err(KeyError::at(
                    offset,
                    format!(
                        "`{key}` applies to {owners} profiles only; this one is {}",
                        kind.as_str()
                    ),
                ));
            }
        }
        out.insert(name.get_ref().to_string(), taken);
    }
    Ok(out)
}

/// A provider key in the wrong place, at a byte offset of the file.
#[derive(Debug)]
pub(super) struct KeyError {
    /// Where the key is.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl KeyError {
    fn at(offset: usize, message: String) -> Self {
        KeyError { offset, message }
    }
}

/// The provider a profile table names, if it names a known one.
fn provider_of(table: &DeTable<'_>) -> Option<ProviderKind> {
    match table.get("provider").map(|v| v.get_ref()) {
        Some(DeValue::String(name)) => registry::kind_named(name),
        _ => None,
    }
}

/// The providers that take `key` (`"dreadnode"`, `"dreadnode or paradigm"`), if any does.
fn owners_of(key: &str) -> Option<String> {
    let owners: Vec<&str> = registry::PROVIDERS
        .iter()
        .filter(|p| p.client.settings.contains(&key))
        .map(|p| p.client.kind.as_str())
        .collect();
    (!owners.is_empty()).then(|| owners.join(" or "))
}
