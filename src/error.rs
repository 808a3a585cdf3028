//! The one error type every provider operation returns.
//!
//! A message names the provider, the operation, the HTTP status and the server's own words (sanitized),
//! and says what to do next. The CLI maps it to exit code 1 ([`Error::exit_code`] gives 2 for usage
//! and configuration mistakes).

use crate::sanitize::sanitize_line;
use crate::server_text;
use std::fmt;
use std::time::SystemTime;

/// What a front end (the TUI, the sandbox) returns to `main`: the exit code, or an error `main`
/// prints with its causes before exiting 1.
pub type RunResult = std::result::Result<i32, Box<dyn std::error::Error + Send + Sync + 'static>>;

/// Most bytes of [`Error::message`] its `Display` shows: room for two pieces of server text (each
/// cut to [`server_text::SHOWN_MAX`] by the HTTP layer) and roster's words around them.
pub const MESSAGE_SHOWN_MAX: usize = 2 * server_text::SHOWN_MAX + 512;

/// What went wrong, in categories a caller can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403: the token lacks a permission or scope.
    Forbidden,
    /// 404 from the server, or a name/email/ID that matched nothing.
    NotFound,
    /// 409, or a member that is already present.
    Conflict,
    /// 400/422: the server rejected the input.
    Invalid,
    /// 429 (or an equivalent); `until` is when the server said to come back, if it said.
    RateLimited {
        /// When the server allows the next request.
        until: Option<SystemTime>,
    },
    /// 5xx or another unexpected status.
    Server,
    /// Could not connect, or the connection broke.
    Network,
    /// No answer within the timeout.
    Timeout,
    /// The answer did not have the documented shape.
    Decode,
    /// The provider's API cannot do this.
    Unsupported,
    /// A bad argument or configuration (exit code 2).
    Usage,
    /// An emulated change failed half-way; the message says exactly what state the server is in.
    Partial,
}

impl ErrorKind {
    /// A stable kebab-case name for JSON output and logs: `rate-limited`, `not-found`, …
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Invalid => "invalid",
            ErrorKind::RateLimited { .. } => "rate-limited",
            ErrorKind::Server => "server",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Decode => "decode",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Usage => "usage",
            ErrorKind::Partial => "partial",
        }
    }
}

/// An error from a provider operation, or a usage error found before any call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Category.
    pub kind: ErrorKind,
    /// `askui`, `dreadnode`, … or empty when not tied to a provider.
    pub provider: String,
    /// What roster was doing, for example `add member`.
    pub operation: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The server's own words (sanitized on display) or roster's description.
    pub message: String,
    /// The server's request or error ID (TransactionLink fingerprint, Paradigm `id`, `x-request-id`).
    pub request_id: Option<String>,
}

/// Result alias for provider operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A new error of `kind` for `provider`'s `operation`.
    pub fn new(
        kind: ErrorKind,
        provider: impl Into<String>,
        operation: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            provider: provider.into(),
            operation: operation.into(),
            status: None,
            message: message.into(),
            request_id: None,
        }
    }

    /// A usage or configuration error (exit code 2), not tied to a call.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage, "", "", message)
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the server's request ID.
    pub fn with_request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }

    /// Fills in provider and operation when a lower layer did not know them.
    pub fn in_context(mut self, provider: &str, operation: &str) -> Self {
        if self.provider.is_empty() {
            self.provider = provider.to_string();
        }
        if self.operation.is_empty() {
            self.operation = operation.to_string();
        }
        self
    }

    /// Names the workspace a listing was about in an error about the answer's content (a Decode
    /// error: a field over its limit, a wrong shape), which would not say where otherwise.
    pub fn in_workspace(mut self, workspace: &str) -> Self {
        if self.kind == ErrorKind::Decode {
            self.message = format!("{} (in workspace {workspace})", self.message);
        }
        self
    }

    /// The category a status code falls into.
    pub fn kind_for_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            400 | 422 => ErrorKind::Invalid,
            408 => ErrorKind::Timeout,
            429 => ErrorKind::RateLimited { until: None },
            _ => ErrorKind::Server,
        }
    }

    /// Exit code for the CLI: 2 for usage/configuration errors, 1 for everything the API refused or failed.
    pub fn exit_code(&self) -> i32 {
        if self.kind == ErrorKind::Usage { 2 } else { 1 }
    }

    /// What the admin should do next.
    pub fn hint(&self) -> Option<String> {
        Some(match &self.kind {
            // 402 Payment Required, or a 429 a provider classified as a refusal: waiting won't help.
            ErrorKind::Forbidden if matches!(self.status, Some(402 | 429)) => {
                "the account is out of credits; add credits in the provider's billing settings, then retry"
                    .into()
            }
            ErrorKind::Unauthorized => {
                "check the profile's token (roster profiles shows where it comes from)".into()
            }
            ErrorKind::Forbidden => {
                "the token lacks the permission for this; ask an organisation owner to grant it"
                    .into()
            }
            // Only the server's refusals: roster's own checks already say what is valid.
            ErrorKind::Invalid if self.status.is_some() => {
                "the server refused the request, so nothing changed; correct the value it names and \
                 try again"
                    .into()
            }
            ErrorKind::RateLimited { until: Some(t) } => format!(
                "rate limited until {}; try again then",
                httpdate::fmt_http_date(*t)
            ),
            ErrorKind::RateLimited { until: None } => {
                "rate limited; wait a moment and retry".into()
            }
            ErrorKind::Conflict if self.status.is_some() => {
                "the server holds something other than expected; read the members again, then \
                 decide"
                    .into()
            }
            ErrorKind::Server => "the server failed; retry later".into(),
            ErrorKind::Network => "check the base URL and your network connection".into(),
            ErrorKind::Timeout => {
                "the server did not answer in time; retry, or raise the profile's timeout_secs"
                    .into()
            }
            ErrorKind::Decode => {
                "the server's answer was not in the documented format; check the base URL".into()
            }
            _ => return None,
        })
    }
}

impl Error {
    /// The message as `Display` writes it, without the advice at the end, for callers that give
    /// their own (the TUI never advises a command line).
    pub fn without_hint(&self) -> String {
        struct Plain<'a>(&'a Error);
        impl fmt::Display for Plain<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.write_plain(f)
            }
        }
        Plain(self).to_string()
    }

    fn write_plain(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.provider.is_empty() {
            write!(f, "{}", self.provider)?;
            if !self.operation.is_empty() {
                write!(f, ": {}", self.operation)?;
            }
            f.write_str(" failed")?;
            if let Some(status) = self.status {
                write!(f, " (HTTP {status})")?;
            }
            f.write_str(": ")?;
        }
        // The HTTP layer already cuts each piece of server text to `SHOWN_MAX`; a message may join
        // two of them (a failure and the re-read after it). This bound holds for messages built
        // anywhere else from server data too.
        let message = server_text::cap(&self.message, MESSAGE_SHOWN_MAX);
        f.write_str(&sanitize_line(&message))?;
        if let Some(id) = &self.request_id {
            let id = server_text::cap(id, server_text::ID_MAX);
            write!(f, " [request id {}]", sanitize_line(&id))?;
        }
        Ok(())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_plain(f)?;
        if let Some(hint) = self.hint() {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_provider_operation_status_and_sanitizes() {
        let e = Error::new(
            ErrorKind::NotFound,
            "transactionlink",
            "add member",
            "User not found\u{1b}[2J",
        )
        .with_status(404)
        .with_request_id(Some("fp-1".into()));
        let s = e.to_string();
        assert_eq!(
            s,
            "transactionlink: add member failed (HTTP 404): User not found\u{241b}[2J [request id fp-1]"
        );
        assert_eq!(e.exit_code(), 1);
        assert_eq!(Error::usage("bad").exit_code(), 2);
    }

    #[test]
    fn display_bounds_a_huge_message_and_request_id() {
        let e = Error::new(
            ErrorKind::Forbidden,
            "askui",
            "list workspaces",
            "no ".repeat(2_000_000),
        )
        .with_status(403)
        .with_request_id(Some("r".repeat(100_000)));
        let s = e.to_string();
        assert!(s.len() < MESSAGE_SHOWN_MAX + 1024, "{} bytes", s.len());
        assert!(
            s.contains(&format!("… ({} bytes more)", 6_000_000 - MESSAGE_SHOWN_MAX)),
            "{}",
            &s[s.len() - 300..]
        );
        assert!(s.contains("… (99744 bytes more)]"));
    }
}
