//! Turning what came back into an [`Answer`] or an [`Error`]: body size limit, JSON decoding, the
//! provider's error envelope, refused redirects and transport failures.

use super::{Answer, ApiClient, MAX_BODY_BYTES, MAX_REDIRECTS, parse_retry_after};
use crate::error::{Error, ErrorKind, Result};
use crate::server_text::{self, ID_MAX, SHOWN_MAX};
use reqwest::StatusCode;
use serde_json::Value;
use std::time::SystemTime;

/// Most bytes shown of an error body that is not the provider's envelope (HTML, plain text).
const RAW_BODY_SHOWN: usize = 300;

impl ApiClient {
    pub(super) async fn read(
        &self,
        operation: &str,
        mut resp: reqwest::Response,
    ) -> Result<Answer> {
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
        if resp
            .content_length()
            .is_some_and(|n| n as usize > MAX_BODY_BYTES)
        {
            return Err(self.oversized(operation, status));
        }
        let mut bytes = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                        return Err(self.oversized(operation, status));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    let mut err = self.transport_error(operation, &e);
                    err.status = Some(status.as_u16());
                    if status.is_success() {
                        err.message = format!("the answer was cut off: {}", err.message);
                    }
                    return Err(err);
                }
            }
        }
        if status.is_success() {
            let body = if bytes.iter().all(u8::is_ascii_whitespace) {
                Value::Null
            } else {
                serde_json::from_slice(&bytes).map_err(|e| {
                    Error::new(
                        ErrorKind::Decode,
                        self.provider,
                        operation,
                        format!("the answer is not valid JSON ({e})"),
                    )
                    .with_status(status.as_u16())
                    .with_request_id(request_id.clone())
                })?
            };
            return Ok(Answer {
                status: status.as_u16(),
                body,
                request_id,
            });
        }
        Err(self.status_error(operation, status, &bytes, request_id, retry_after))
    }

    fn status_error(
        &self,
        operation: &str,
        status: StatusCode,
        bytes: &[u8],
        header_request_id: Option<String>,
        retry_after: Option<SystemTime>,
    ) -> Error {
        let json = serde_json::from_slice::<Value>(bytes).ok();
        let decoded = json.as_ref().and_then(|v| (self.decode_error)(v));
        let classified = match (self.classify_error, &json) {
            (Some(classify), Some(v)) => classify(status.as_u16(), v),
            _ => None,
        };
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

    fn oversized(&self, operation: &str, status: StatusCode) -> Error {
        Error::new(
            ErrorKind::Decode,
            self.provider,
            operation,
            format!(
                "the answer is larger than {} MiB; refusing it",
                MAX_BODY_BYTES >> 20
            ),
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
