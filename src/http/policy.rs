//! The retry policy and the settling of changes whose answer was lost.
//!
//! Retried, for GET, PUT and DELETE only (sending them twice cannot do anything twice):
//! - connection errors: refused, reset, or an answer cut off on the way;
//! - 408 (the server gave up waiting for the request), 429 (throttled), 502, 503 and 504 (a gateway
//!   or an overloaded server: usually over a moment later).
//!
//! Never retried:
//! - POST (and PATCH): not idempotent. After an ambiguous failure ([`is_ambiguous`]) the provider
//!   re-reads the members to learn whether the change applied, and says so
//!   (`providers::settle`).
//! - 500: a bug in the server or a failure in the middle of handling the request. Sending it again
//!   rarely helps, and for a change the server may already have applied it: the re-read tells the
//!   truth, a resend could only hide it.
//! - a timeout: the server already had the whole `request_timeout`. Waiting once more would double
//!   how long the admin waits for a server that is, most likely, still slow; the bound on one call is
//!   the timeout the profile sets, not a multiple of it.
//! - every other 4xx (asking again gets the same refusal) and answers in the wrong format.

use super::HttpSettings;
use crate::error::{Error, ErrorKind};
use std::time::{Duration, SystemTime};

/// Whether a failed idempotent request may be sent again (see the module documentation).
pub fn is_retryable(err: &Error) -> bool {
    match err.kind {
        // Refused, reset or cut off: the request or its answer was lost on the way.
        ErrorKind::Network | ErrorKind::RateLimited { .. } => true,
        // 408 is the server asking for the request again; a timeout of ours is not retried.
        ErrorKind::Timeout => err.status == Some(408),
        ErrorKind::Server => matches!(err.status, Some(502..=504)),
        _ => false,
    }
}

/// Whether a failed change leaves it unknown if the server applied it: no answer, an answer cut off
/// or unreadable, or any 5xx (the server may have failed after making the change). A 4xx, 429
/// included, is a refusal: the server did not do it.
pub fn is_ambiguous(err: &Error) -> bool {
    err.kind == ErrorKind::Network
        // 408 is the server saying it never got the whole request: a refusal.
        || (err.kind == ErrorKind::Timeout && err.status != Some(408))
        || (err.kind == ErrorKind::Decode && err.status.is_some_and(|s| (200..300).contains(&s)))
        || matches!(err.status, Some(500..=599))
}

/// Parses `Retry-After`: a delay in seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return SystemTime::now().checked_add(Duration::from_secs(secs));
    }
    httpdate::parse_http_date(value).ok()
}

/// The wait before attempt `attempt + 1`: `base_backoff` doubled per attempt, capped at
/// `max_backoff`, then scaled by `jitter` (0.0 to 1.0) into the upper half of that range, so that
/// clients retrying at once spread out instead of arriving together again.
pub fn backoff_delay(settings: &HttpSettings, attempt: u32, jitter: f64) -> Duration {
    let exp = settings
        .base_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(settings.max_backoff);
    exp.mul_f64(0.5 + jitter.clamp(0.0, 1.0) * 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(kind: ErrorKind, status: Option<u16>) -> Error {
        let e = Error::new(kind, "p", "op", "m");
        match status {
            Some(s) => e.with_status(s),
            None => e,
        }
    }

    #[test]
    fn retries_exactly_the_transient_failures() {
        let retried = [
            err(ErrorKind::Network, None),
            err(ErrorKind::Network, Some(200)),
            err(ErrorKind::Timeout, Some(408)),
            err(ErrorKind::RateLimited { until: None }, Some(429)),
            err(ErrorKind::Server, Some(502)),
            err(ErrorKind::Server, Some(503)),
            err(ErrorKind::Server, Some(504)),
        ];
        for e in &retried {
            assert!(is_retryable(e), "{e:?}");
        }
        let final_ = [
            err(ErrorKind::Server, Some(500)),
            err(ErrorKind::Server, Some(501)),
            err(ErrorKind::Timeout, None),
            err(ErrorKind::Timeout, Some(200)),
            err(ErrorKind::Unauthorized, Some(401)),
            err(ErrorKind::Forbidden, Some(403)),
            err(ErrorKind::Forbidden, Some(429)),
            err(ErrorKind::NotFound, Some(404)),
            err(ErrorKind::Conflict, Some(409)),
            err(ErrorKind::Invalid, Some(422)),
            err(ErrorKind::Decode, Some(200)),
        ];
        for e in &final_ {
            assert!(!is_retryable(e), "{e:?}");
        }
    }

    #[test]
    fn lost_or_failed_answers_are_ambiguous_refusals_are_not() {
        for e in [
            err(ErrorKind::Network, None),
            err(ErrorKind::Timeout, None),
            err(ErrorKind::Decode, Some(200)),
            err(ErrorKind::Server, Some(500)),
            err(ErrorKind::Server, Some(503)),
        ] {
            assert!(is_ambiguous(&e), "{e:?}");
        }
        for e in [
            err(ErrorKind::RateLimited { until: None }, Some(429)),
            err(ErrorKind::Conflict, Some(409)),
            err(ErrorKind::Invalid, Some(400)),
            err(ErrorKind::Timeout, Some(408)),
            // Only a success answer that cannot be read leaves a change unknown: a redirect
            // roster refused to follow, or a bad link it never sent, changed nothing.
            err(ErrorKind::Decode, Some(307)),
            err(ErrorKind::Decode, None),
        ] {
            assert!(!is_ambiguous(&e), "{e:?}");
        }
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered_into_the_upper_half() {
        let s = HttpSettings {
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..HttpSettings::default()
        };
        let ms = |attempt, jitter| backoff_delay(&s, attempt, jitter).as_millis();
        assert_eq!((ms(1, 0.0), ms(1, 1.0)), (50, 100));
        assert_eq!((ms(2, 0.0), ms(2, 1.0)), (100, 200));
        assert_eq!((ms(3, 0.0), ms(3, 1.0)), (175, 350), "capped");
        assert_eq!(ms(40, 1.0), 350, "no overflow on absurd attempt counts");
        assert_eq!(ms(2, 0.5), 150);
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        let t = parse_retry_after("3").unwrap();
        assert!(t > SystemTime::now());
        assert!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT").is_some());
        assert!(parse_retry_after("soon").is_none());
        assert!(parse_retry_after("99999999999999999999").is_none());
    }
}
