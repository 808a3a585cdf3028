//! Timeouts, retries and the request rate of one profile. Its own file, so the retry policy
//! (`policy.rs`) reads it without reaching back into `http.rs`.

use std::time::Duration;

/// Timeouts and retry policy for one profile.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, answer included.
    pub request_timeout: Duration,
    /// Attempts for an idempotent request, the first one included.
    pub max_attempts: u32,
    /// First retry delay; doubles each time, with jitter, up to `max_backoff`.
    pub base_backoff: Duration,
    /// Longest delay between two attempts chosen by roster.
    pub max_backoff: Duration,
    /// Longest `Retry-After` roster waits for; beyond it the error says "rate limited until …".
    pub max_retry_after: Duration,
    /// Optional cap on requests per second for this profile (spread evenly).
    pub max_requests_per_second: Option<f64>,
    /// How many requests one read may have in flight at once (the profile's `max_concurrency`):
    /// a paged listing whose page count is known reads its pages that many at a time.
    pub max_concurrency: usize,
}

/// Parallel requests when crawling every workspace, unless the profile sets `max_concurrency`.
pub const DEFAULT_MAX_CONCURRENCY: usize = 8;

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_attempts: 4,
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(10),
            max_requests_per_second: None,
            max_concurrency: DEFAULT_MAX_CONCURRENCY,
        }
    }
}
