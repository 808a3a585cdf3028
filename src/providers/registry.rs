//! The providers, listed in one place: each one's default base URL and how its client is built.
//! The providers' files use the trait in `mod.rs`; only this file uses the providers.

use super::fuzzing::Decoder;
use super::{Provider, ProviderConfig, askui, dreadnode, paradigm, transactionlink};
use crate::error::Result;
use crate::model::ProviderKind;
use std::sync::Arc;

/// The documented production base URL of `kind`, used when a profile sets no `base_url`.
pub fn default_base_url(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Askui => askui::DEFAULT_BASE_URL,
        ProviderKind::Dreadnode => dreadnode::DEFAULT_BASE_URL,
        ProviderKind::Paradigm => paradigm::DEFAULT_BASE_URL,
        ProviderKind::Transactionlink => transactionlink::DEFAULT_BASE_URL,
    }
}

/// Builds the client for `config`.
pub fn build(config: ProviderConfig) -> Result<Arc<dyn Provider>> {
    Ok(match config.kind {
        ProviderKind::Askui => Arc::new(askui::AskUi::new(config)?),
        ProviderKind::Dreadnode => Arc::new(dreadnode::Dreadnode::new(config)?),
        ProviderKind::Paradigm => Arc::new(paradigm::Paradigm::new(config)?),
        ProviderKind::Transactionlink => Arc::new(transactionlink::TransactionLink::new(config)?),
    })
}

/// Every answer decoder of every provider, for the fuzz harnesses and allocation guards (see
/// [`super::fuzzing`]).
pub fn fuzz_decoders() -> Vec<Decoder> {
    [
        askui::fuzz_decoders(),
        dreadnode::fuzz_decoders(),
        paradigm::fuzz_decoders(),
        transactionlink::fuzz_decoders(),
    ]
    .concat()
}
