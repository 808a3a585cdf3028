//! What reads a 2xx body while it arrives ([`Body`]): kept whole and checked to be JSON, decoded
//! into a typed struct once complete, or split into items decoded one by one ([`super::items`]).
//! Also the same decoding without a server, for fuzz harnesses and allocation guards.

use super::items::{ItemsAt, SplitError, Splitter};
use super::limits::{Budget, MAX_BODY_BYTES, MAX_LISTING_BYTES};
use super::sink::ItemSink;
use crate::error::Error;
use serde::de::{DeserializeOwned, IgnoredAny};

/// Why a 2xx body was not usable, before the HTTP layer adds the provider, operation and status.
#[derive(Debug)]
pub(super) enum BodyError {
    /// Not JSON, or JSON cut short.
    NotJson(String),
    /// JSON of another shape than the provider's wire format (serde's words).
    Unexpected(String),
    /// The consumer's own error (a limit on what is kept), passed on as it is.
    Refused(Error),
}

impl BodyError {
    /// The message an [`Error`] about this body says (before scrubbing and cutting).
    pub(super) fn describe(self) -> String {
        match self {
            BodyError::Refused(err) => err.message,
            BodyError::NotJson(m) => format!("the answer is not valid JSON ({m})"),
            BodyError::Unexpected(m) => format!("unexpected answer: {m}"),
        }
    }

    /// Sorts serde's error: syntax and a premature end are "not JSON", the rest a wrong shape.
    pub(super) fn from_json(e: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => BodyError::Unexpected(e.to_string()),
            Category::Syntax | Category::Eof | Category::Io => BodyError::NotJson(e.to_string()),
        }
    }
}

/// Reads a 2xx body while it arrives. The retry loop calls [`Body::restart`] before every attempt.
pub(super) trait Body: Send {
    /// A new attempt starts: forget what an earlier one read.
    fn restart(&mut self);
    /// The next bytes of the body. An error stops reading.
    fn feed(&mut self, bytes: &[u8]) -> Result<(), BodyError>;
    /// The body is complete.
    fn finish(&mut self) -> Result<(), BodyError>;
    /// Most bytes this body may have.
    fn limit(&self) -> usize {
        MAX_BODY_BYTES
    }
}

/// Whether `bytes` hold nothing but white space (an empty answer).
fn is_blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// Keeps the body whole, checked to be JSON (or empty): answers to changes, whose bytes the caller
/// may decode ([`ApiClient::decode`]).
#[derive(Debug, Default)]
pub(super) struct Buffered {
    bytes: Vec<u8>,
}

impl Buffered {
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl Body for Buffered {
    fn restart(&mut self) {
        self.bytes.clear();
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), BodyError> {
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }

    fn finish(&mut self) -> Result<(), BodyError> {
        if is_blank(&self.bytes) {
            return Ok(());
        }
        // Checked without building anything: a 2xx HTML page is an unusable answer.
        serde_json::from_slice::<IgnoredAny>(&self.bytes)
            .map(drop)
            .map_err(|e| BodyError::from_json(&e))
    }
}

/// Decodes the whole body into `T` once it is complete (small answers; an empty body reads as
/// `null`). The bytes are dropped as soon as `T` is built.
pub(super) struct Typed<T> {
    bytes: Vec<u8>,
    value: Option<T>,
}

impl<T> Default for Typed<T> {
    fn default() -> Self {
        Typed {
            bytes: Vec::new(),
            value: None,
        }
    }
}

impl<T> Typed<T> {
    pub(super) fn take(self) -> Option<T> {
        self.value
    }
}

impl<T: DeserializeOwned + Send> Body for Typed<T> {
    fn restart(&mut self) {
        self.bytes.clear();
        self.value = None;
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), BodyError> {
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }

    fn finish(&mut self) -> Result<(), BodyError> {
        let bytes = std::mem::take(&mut self.bytes);
        let source: &[u8] = if is_blank(&bytes) { b"null" } else { &bytes };
        self.value = Some(serde_json::from_slice(source).map_err(|e| BodyError::from_json(&e))?);
        Ok(())
    }
}

/// Splits a listing into its items while it arrives, decodes each into `T` and hands it to the
/// sink; decodes the envelope into `Env` at the end ([`super::items`]).
pub(super) struct ItemStream<'a, T, Env> {
    at: ItemsAt,
    splitter: Splitter,
    sink: &'a mut dyn ItemSink<T>,
    mark: usize,
    budget: &'a mut Budget,
    /// The budget as it was before this request: a retry starts from it again.
    budget_mark: Budget,
    envelope: Option<Env>,
}

impl<'a, T, Env> ItemStream<'a, T, Env> {
    pub(super) fn new(at: ItemsAt, sink: &'a mut dyn ItemSink<T>, budget: &'a mut Budget) -> Self {
        ItemStream {
            at,
            splitter: Splitter::new(at),
            mark: sink.mark(),
            sink,
            budget_mark: budget.clone(),
            budget,
            envelope: None,
        }
    }

    pub(super) fn take_envelope(self) -> Option<Env> {
        self.envelope
    }
}

impl<T: DeserializeOwned, Env: DeserializeOwned + Send> Body for ItemStream<'_, T, Env> {
    fn limit(&self) -> usize {
        MAX_LISTING_BYTES
    }

    fn restart(&mut self) {
        self.splitter = Splitter::new(self.at);
        self.sink.rewind(self.mark);
        *self.budget = self.budget_mark.clone();
        self.envelope = None;
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), BodyError> {
        let sink = &mut *self.sink;
        let budget = &mut *self.budget;
        let mut number = self.splitter.items();
        self.splitter
            .feed(bytes, &mut |item| {
                number += 1;
                // Decoded first, so a field over its limit is named even in a huge item.
                let value: T =
                    serde_json::from_slice(item).map_err(|e| match BodyError::from_json(&e) {
                        BodyError::Unexpected(m) => {
                            BodyError::Unexpected(format!("item {number}: {m}"))
                        }
                        BodyError::NotJson(m) => BodyError::NotJson(format!("item {number}: {m}")),
                        other => other,
                    })?;
                if !budget.take(item.len() + std::mem::size_of::<T>()) {
                    return Err(BodyError::Unexpected(format!(
                        "the listing holds more than roster keeps of one listing ({} MiB, reached \
                         at item {number} of this answer); its server sends far more than any \
                         real listing",
                        budget.limit() >> 20
                    )));
                }
                sink.push(value).map_err(BodyError::Refused)
            })
            .map_err(split_error)
    }

    fn finish(&mut self) -> Result<(), BodyError> {
        let splitter = std::mem::replace(&mut self.splitter, Splitter::new(self.at));
        let envelope = splitter.finish().map_err(split_error)?;
        self.envelope =
            Some(serde_json::from_slice(&envelope).map_err(|e| BodyError::from_json(&e))?);
        Ok(())
    }
}

fn split_error(e: SplitError<BodyError>) -> BodyError {
    match e {
        SplitError::Syntax(m) => BodyError::NotJson(m),
        SplitError::Shape(m) | SplitError::TooLarge(m) => BodyError::Unexpected(m),
        SplitError::Item(e) => e,
    }
}

/// Decodes a listing from `bytes` exactly as [`super::ApiClient::get_items`] does with an answer arriving
/// `chunk` bytes at a time, without a server: for fuzz harnesses and allocation guards. The error
/// is the message a real answer would give.
pub fn decode_items<T, Env>(
    bytes: &[u8],
    chunk: usize,
    at: ItemsAt,
    sink: &mut dyn ItemSink<T>,
    budget: &mut Budget,
) -> std::result::Result<Env, String>
where
    T: DeserializeOwned,
    Env: DeserializeOwned + Send,
{
    let mut body = ItemStream::new(at, sink, budget);
    body.restart();
    for part in bytes.chunks(chunk.max(1)) {
        body.feed(part).map_err(BodyError::describe)?;
    }
    body.finish().map_err(BodyError::describe)?;
    body.take_envelope().ok_or_else(|| "no answer".to_string())
}

/// Decodes a whole answer from `bytes` exactly as [`super::ApiClient::get_json`] does, without a server
/// (see [`decode_items`]).
pub fn decode_whole<T: DeserializeOwned + Send>(bytes: &[u8]) -> std::result::Result<T, String> {
    let mut body = Typed::<T>::default();
    body.feed(bytes).map_err(BodyError::describe)?;
    body.finish().map_err(BodyError::describe)?;
    body.take().ok_or_else(|| "no answer".to_string())
}
