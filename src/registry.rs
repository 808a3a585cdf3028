//! Every provider roster knows, listed once.
//!
//! A provider is a module under `providers/` (its client, wire format and own settings) and one under
//! `sandbox/` (its emulator); this file is the only place that names them all. Everything else asks
//! here: which kinds exist, what a config file's `provider = "…"` means, a provider's default base
//! URL, how to build its client. The steps to add a provider are in `providers/mod.rs`.

use crate::error::{Error, Result};
use crate::model::ProviderKind;
use crate::providers::{Provider, ProviderConfig, ProviderModule};
use crate::sandbox::emulator::Emulator;
use serde::{Deserialize, Deserializer};
use std::sync::Arc;

/// One registered provider.
#[derive(Clone, Copy)]
pub struct Registered {
    /// Its client side (`providers/NAME`).
    pub client: &'static ProviderModule,
    /// Its emulated API in the sandbox (`sandbox/NAME`).
    pub emulator: &'static Emulator,
}

impl Registered {
    /// A provider's client and emulator.
    pub const fn new(client: &'static ProviderModule, emulator: &'static Emulator) -> Self {
        Registered { client, emulator }
    }
}

/// Every provider, in display order: one line each, its client and its emulator.
#[rustfmt::skip]
pub const PROVIDERS: &[Registered] = &[
    Registered::new(&crate::providers::askui::MODULE, &crate::sandbox::askui::EMULATOR),
    Registered::new(&crate::providers::dreadnode::MODULE, &crate::sandbox::dreadnode::EMULATOR),
    Registered::new(&crate::providers::paradigm::MODULE, &crate::sandbox::paradigm::EMULATOR),
    Registered::new(&crate::providers::transactionlink::MODULE, &crate::sandbox::transactionlink::EMULATOR),
];

/// Every provider's kind, in [`PROVIDERS`] order.
pub const KINDS: [ProviderKind; PROVIDERS.len()] = {
    let mut kinds = [PROVIDERS[0].client.kind; PROVIDERS.len()];
    let mut i = 1;
    while i < PROVIDERS.len() {
        kinds[i] = PROVIDERS[i].client.kind;
        i += 1;
    }
    kinds
};

/// The provider called `name` in a config file or on the command line (case-insensitive).
pub fn kind_named(name: &str) -> Option<ProviderKind> {
    KINDS
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
}

/// The registered provider of `kind`, if any.
pub fn find(kind: ProviderKind) -> Option<&'static Registered> {
    PROVIDERS.iter().find(|p| p.client.kind == kind)
}

/// The documented production base URL of `kind`, used when a profile sets no `base_url`.
pub fn default_base_url(kind: ProviderKind) -> &'static str {
    find(kind).map_or("", |p| p.client.default_base_url)
}

/// Builds the client for `config`.
pub fn build(config: ProviderConfig) -> Result<Arc<dyn Provider>> {
    match find(config.kind) {
        Some(p) => (p.client.build)(config),
        None => Err(Error::usage(format!(
            "no provider called {:?} is built into roster",
            config.kind.as_str()
        ))),
    }
}

/// Every answer decoder of every provider, for the fuzz harnesses and allocation guards (see
/// [`crate::providers::fuzzing`]).
pub fn fuzz_decoders() -> Vec<crate::providers::fuzzing::Decoder> {
    PROVIDERS
        .iter()
        .flat_map(|p| (p.client.fuzz_decoders)())
        .collect()
}

/// Reads a provider's name, as written by [`ProviderKind`]'s `Serialize`.
impl<'de> Deserialize<'de> for ProviderKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        kind_named(&name).ok_or_else(|| {
            let names: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown provider {:?}; known providers: {}",
                crate::sanitize::sanitize_line(&name.chars().take(40).collect::<String>()),
                names.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_emulator_emulates_the_provider_it_is_listed_with() {
        for p in PROVIDERS.iter() {
            assert_eq!(p.emulator.kind, p.client.kind);
        }
    }

    #[test]
    fn names_are_unique_lowercase_words_and_read_back() {
        for (i, kind) in KINDS.iter().enumerate() {
            let name = kind.as_str();
            assert!(name.chars().all(|c| c.is_ascii_lowercase()), "{name}");
            assert_eq!(KINDS.iter().filter(|k| k.as_str() == name).count(), 1);
            assert_eq!(kind_named(&name.to_uppercase()), Some(*kind));
            assert!(default_base_url(*kind).starts_with("https://"), "{name}");
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(
                serde_json::from_str::<ProviderKind>(&json).unwrap(),
                KINDS[i]
            );
        }
        let err = serde_json::from_str::<ProviderKind>("\"slack\"").unwrap_err();
        assert!(err.to_string().contains("known providers: askui"), "{err}");
    }

    /// Adding a provider touches the files `providers/mod.rs` lists and no other: no code outside
    /// a provider's own modules (and the sample data) names one. Comments and tests may.
    #[test]
    fn no_shared_code_names_a_provider() {
        let names: Vec<&str> = KINDS.iter().map(|k| k.as_str()).collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let stem = rel.trim_end_matches(".rs");
                let own = names.iter().any(|n| {
                    stem == format!("providers/{n}")
                        || rel.starts_with(&format!("providers/{n}/"))
                        || stem == format!("sandbox/{n}")
                        || rel.starts_with(&format!("sandbox/{n}/"))
                });
                let listing = matches!(
                    stem,
                    "registry"
                        | "providers/mod"
                        | "sandbox/mod"
                        | "sandbox/generate"
                        | "sandbox/demo"
                );
                if own || listing || rel.ends_with("tests.rs") || !rel.ends_with(".rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (i, line) in code.lines().enumerate() {
                    let line = line.trim_start();
                    if line.starts_with("//") {
                        continue;
                    }
                    for n in &names {
                        if line.contains(&format!("{n}::")) || line.contains(&format!("\"{n}\"")) {
                            offenders.push(format!("src/{rel}:{}: {line}", i + 1));
                        }
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "shared code names a provider:\n{}",
            offenders.join("\n")
        );
    }
}
