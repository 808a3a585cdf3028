//! Answer decoders callable on bytes without a server: each provider lists its own (its
//! `fuzz_decoders`), [`super::fuzz_decoders`] gathers them, and the fuzz harnesses
//! (`tests/hostile/fuzz_decoders.rs`) and the allocation guards run them. Each runs the code a real
//! answer runs ([`crate::http::decode_items`] for listings, [`crate::http::decode_whole`] for the
//! rest, and the provider's error-envelope decoder), so what they find holds for real answers.

use super::Keep;
use crate::http::{self, Budget, ErrorDecoder, ItemSink, ItemsAt};
use serde::de::DeserializeOwned;

/// One decoder of one provider.
#[derive(Debug, Clone, Copy)]
pub struct Decoder {
    /// `provider: what it reads`, e.g. `dreadnode: member listing`.
    pub name: &'static str,
    /// A valid answer of this shape, for harnesses that mutate a real one.
    pub sample: &'static str,
    /// Decodes an answer fed `chunk` bytes at a time: how many items it kept (1 for a whole
    /// answer, 0 or 1 for an error envelope read or not), or the error a real answer would give.
    pub decode: fn(bytes: &[u8], chunk: usize) -> Result<usize, String>,
}

/// Counts what it is given and keeps nothing: the harnesses measure what decoding costs, apart
/// from what a caller keeps.
#[derive(Debug, Default)]
struct Count(usize);

impl<T: Send> ItemSink<T> for Count {
    fn push(&mut self, _item: T) -> crate::error::Result<()> {
        self.0 += 1;
        Ok(())
    }

    fn mark(&self) -> usize {
        self.0
    }

    fn rewind(&mut self, mark: usize) {
        self.0 = mark;
    }
}

/// A listing decoder: items at `at` decoded into `T`, each turned by `keep` into what roster keeps
/// (then dropped), the rest of the answer into `Env`.
pub(crate) fn listing<T, Env, U: Send>(
    bytes: &[u8],
    chunk: usize,
    at: ItemsAt,
    keep: fn(T) -> Option<U>,
) -> Result<usize, String>
where
    T: DeserializeOwned,
    Env: DeserializeOwned + Send,
{
    let mut count = Count::default();
    http::decode_items::<T, Env>(
        bytes,
        chunk,
        at,
        &mut Keep::new(&mut count, keep),
        &mut Budget::listing(),
    )?;
    Ok(count.0)
}

/// A whole-answer decoder into `T`.
pub(crate) fn whole<T: DeserializeOwned + Send>(bytes: &[u8]) -> Result<usize, String> {
    http::decode_whole::<T>(bytes).map(|_| 1)
}

/// An error-envelope decoder: 1 when it read the provider's envelope, 0 when not (never an error:
/// a body that is not the envelope is shown as text).
pub(crate) fn envelope(decode: ErrorDecoder, bytes: &[u8]) -> Result<usize, String> {
    Ok(usize::from(decode(bytes).is_some()))
}
