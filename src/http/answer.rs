//! Turning what came back into an answer or an [`Error`]: body size limit, the body handed to its
//! [`Body`] as it arrives, the provider's error envelope, refused redirects and transport failures.

use super::body::{Body, BodyError};
use super::limits::{MAX_BODY_BYTES, MAX_LISTING_BYTES};
use super::{ApiClient, MAX_REDIRECTS, Reply, parse_retry_after};
use crate::error::{Error, ErrorKind, Result};
use crate::server_text::{self, ID_MAX, SHOWN_MAX};
use reqwest::StatusCode;
use std::time::SystemTime;

/// Most bytes shown of an error body that is not the provider's envelope (HTML, plain text).
const RAW_BODY_SHOWN: usize = 300;

/// How long roster reads on (keeping nothing) after a body stopped decoding, to tell an answer cut
/// off in transit (retried when the method allows) from one of the wrong shape (not retried). A
/// body read whole used to show the cut first; read item by item, a wrong byte can come before it.
const DRAIN_LIMIT: std::time::Duration = std::time::Duration::from_secs(1);

impl ApiClient {
    /// Reads the answer: a 2xx body goes to `body` as it arrives; anything else becomes an error.
    pub(super) async fn read(
        &self,
        operation: &str,
        mut resp: reqwest::Response,
        body: &mut dyn Body,
    ) -> Result<Reply> {
        let status = resp.status();
        let request_id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|id| server_text::cap_owned(self.redactor.scrub(id), ID_MAX));
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        if status.is_redirection() {
            // Only a redirect to another origin (or too many) reaches here; see `new`.
            return Err(self.refused_redirect(operation, status, &resp, request_id));
        }
        let success = status.is_success();
        let limit = if success {
            body.limit()
        } else {
            MAX_BODY_BYTES
        };
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(self.oversized(operation, status, limit));
        }
        // An error body is kept whole for its envelope; a 2xx body goes to `body` as it comes.
        let mut error_bytes = Vec::new();
        let mut read = 0usize;
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    read += chunk.len();
                    if read > limit {
                        return Err(self.oversized(operation, status, limit));
                    }
                    if !success {
                        error_bytes.extend_from_slice(&chunk);
                    } else if let Err(e) = body.feed(&chunk) {
                        if let Some(cut) = self.cut_off(operation, &mut resp, read).await {
                            return Err(cut.with_status(status.as_u16()));
                        }
                        // Dropping the response stops the download: the rest cannot help.
                        return Err(self.unusable(operation, e, status, request_id));
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let mut err = self.transport_error(operation, &e);
                    err.status = Some(status.as_u16());
                    if success {
                        err.message = format!("the answer was cut off: {}", err.message);
                    }
                    return Err(err);
                }
            }
        }
        if success {
            if let Err(e) = body.finish() {
                return Err(self.unusable(operation, e, status, request_id));
            }
            return Ok(Reply {
                status: status.as_u16(),
                request_id,
            });
        }
        Err(self.status_error(operation, status, &error_bytes, request_id, retry_after))
    }

    /// Reads on briefly after a body stopped decoding ([`DRAIN_LIMIT`]), keeping nothing: the
    /// transport error if the answer turns out to be cut off, `None` if it ends (or goes on).
    async fn cut_off(
        &self,
        operation: &str,
        resp: &mut reqwest::Response,
        mut read: usize,
    ) -> Option<Error> {
        let drain = async {
            loop {
                match resp.chunk().await {
                    Ok(Some(chunk)) => {
                        read += chunk.len();
                        if read > MAX_LISTING_BYTES {
                            return None;
                        }
                    }
                    Ok(None) => return None,
                    Err(e) => {
                        let mut err = self.transport_error(operation, &e);
                        err.message = format!("the answer was cut off: {}", err.message);
                        return Some(err);
                    }
                }
            }
        };
        tokio::time::timeout(DRAIN_LIMIT, drain)
            .await
            .ok()
            .flatten()
    }

    /// The error for a 2xx body that did not decode. A body of the wrong shape says so without the
    /// status (the status was fine; the server's words are what is wrong); one that is not JSON
    /// keeps it.
    fn unusable(
        &self,
        operation: &str,
        e: BodyError,
        status: StatusCode,
        request_id: Option<String>,
    ) -> Error {
        let with_status = matches!(e, BodyError::NotJson(_));
        let err = self.body_error(operation, e).with_request_id(request_id);
        if with_status {
            err.with_status(status.as_u16())
        } else {
            err
        }
    }

    /// The Decode error for a 2xx body that was not usable. serde quotes what it read, which could
    /// be an echoed token or megabytes long: scrubbed, then cut (so no prefix of a token survives).
    pub(super) fn body_error(&self, operation: &str, e: BodyError) -> Error {
        let message = match e {
            BodyError::Refused(err) => return err,
            other => other.describe(),
        };
        let message = server_text::cap_owned(self.redactor.scrub(&message), server_text::SHOWN_MAX);
        Error::new(ErrorKind::Decode, self.provider, operation, message)
    }

    fn status_error(
        &self,
        operation: &str,
        status: StatusCode,
        bytes: &[u8],
        header_request_id: Option<String>,
        retry_after: Option<SystemTime>,
    ) -> Error {
        let decoded = (self.decode_error)(bytes);
        let classified = self
            .classify_error
            .and_then(|classify| classify(status.as_u16(), bytes));
        let (message, envelope_id) = match decoded {
            Some((m, id)) => (m, id),
            None => {
                let text = String::from_utf8_lossy(bytes);
                let text = text.trim();
                let message = if text.is_empty() {
                    status
                        .canonical_reason()
                        .unwrap_or("unexpected status")
                        .to_string()
                } else {
                    // Not the provider's envelope (a proxy's HTML page, plain text): the start says
                    // enough. Scrubbed before the cut, like the envelope's words below.
                    server_text::cap_owned(self.redactor.scrub(text), RAW_BODY_SHOWN)
                };
                (message, None)
            }
        };
        let mut kind = classified.unwrap_or_else(|| Error::kind_for_status(status.as_u16()));
        if let ErrorKind::RateLimited { until } = &mut kind {
            *until = retry_after;
        }
        // The one place a server's error words enter an Error: cut them here, so a 5 MB `detail`
        // reaches no toast, stderr or audit line whole. The token is scrubbed first: a cut through
        // an echoed token would leave a prefix the redactor no longer recognises.
        let message = server_text::cap_owned(self.redactor.scrub(&message), SHOWN_MAX);
        let envelope_id =
            envelope_id.map(|id| server_text::cap_owned(self.redactor.scrub(&id), ID_MAX));
        Error::new(kind, self.provider, operation, message)
            .with_status(status.as_u16())
            .with_request_id(envelope_id.or(header_request_id))
    }

    fn refused_redirect(
        &self,
        operation: &str,
        status: StatusCode,
        resp: &reqwest::Response,
        request_id: Option<String>,
    ) -> Error {
        let target = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .and_then(|l| resp.url().join(l).ok())
            .map_or_else(
                || "elsewhere".to_string(),
                |u| u.origin().ascii_serialization(),
            );
        Error::new(
            ErrorKind::Decode,
            self.provider,
            operation,
            format!(
                "the server redirected to {target}; roster follows redirects only within {} \
                 (at most {MAX_REDIRECTS}) so the token is never sent elsewhere",
                self.base.origin().ascii_serialization()
            ),
        )
        .with_status(status.as_u16())
        .with_request_id(request_id)
    }

    fn oversized(&self, operation: &str, status: StatusCode, limit: usize) -> Error {
        Error::new(
            ErrorKind::Decode,
            self.provider,
            operation,
            format!("the answer is larger than {} MiB; refusing it", limit >> 20),
        )
        .with_status(status.as_u16())
    }

    pub(super) fn transport_error(&self, operation: &str, e: &reqwest::Error) -> Error {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Network
        };
        // reqwest's message contains the URL but never headers, so the token cannot leak here.
        let message = if e.is_connect() && e.is_timeout() {
            format!(
                "cannot connect to {} within {} s (the profile's connect_timeout_secs)",
                self.base.as_str().trim_end_matches('/'),
                self.settings.connect_timeout.as_secs_f32()
            )
        } else if e.is_timeout() {
            format!(
                "no answer within {} s",
                self.settings.request_timeout.as_secs_f32()
            )
        } else if e.is_connect() {
            format!(
                "cannot connect to {}",
                self.base.as_str().trim_end_matches('/')
            )
        } else {
            format!("connection failed: {}", error_chain(e))
        };
        Error::new(kind, self.provider, operation, message)
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}
