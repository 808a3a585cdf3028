//! The one HTTP layer every provider uses: timeouts, retry policy, error-envelope decoding, body limits,
//! request logging with the token redacted, and an optional per-profile request rate.
//!
//! Providers describe their wire format (paths, auth header, error envelope); this file decides how a
//! request is sent and when it may be sent again (`http/policy.rs` has the rules and why). Only
//! idempotent methods (GET, PUT, DELETE) are retried; a POST is sent once, and the caller re-reads
//! state after an ambiguous failure. Redirects are followed only within the base URL's origin, and the
//! token is scrubbed from anything a server sends back ([`Redactor`]).
//!
//! Answers are decoded from their bytes straight into the provider's typed structs, never through a
//! `serde_json::Value` tree: small answers from the buffered body ([`ApiClient::get_json`],
//! [`ApiClient::decode`]), listings item by item while the body arrives ([`ApiClient::get_items`],
//! see [`items`]), so what an answer costs follows what roster keeps of it. Text fields are bounded
//! as they are decoded ([`bounded`]).

mod answer;
mod body;
pub mod bounded;
pub mod items;
mod limits;
mod policy;
mod redact;
mod settings;
mod sink;

pub use body::{decode_items, decode_whole};
pub use items::{ItemsAt, Streamed};
pub use limits::{Budget, LISTING_MAX, MAX_BODY_BYTES, MAX_LISTING_BYTES};
pub use policy::{backoff_delay, is_ambiguous, is_retryable, parse_retry_after};
pub use redact::{REDACTED, Redactor};
pub use sink::ItemSink;

pub use settings::{DEFAULT_MAX_CONCURRENCY, HttpSettings};

use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;
use body::{Body, BodyError, Buffered, ItemStream, Typed};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// Redirects followed within the base URL's origin before giving up (a loop must end).
const MAX_REDIRECTS: usize = 5;

/// How a provider proves who it is. The value is secret: it never appears in logs or errors.
#[derive(Clone, Debug)]
pub struct AuthHeader {
    /// Header name, e.g. `Authorization` or `X-API-Key`.
    pub name: &'static str,
    /// Full header value, e.g. `Bearer …`, `Basic …` or a raw `tot_…` token.
    pub value: Secret,
}

/// Reads a provider's error envelope from the body's bytes: returns the server's message and
/// request/error ID, if the body has the provider's shape.
pub type ErrorDecoder = fn(&[u8]) -> Option<(String, Option<String>)>;

/// Overrides the category of an error answer from its status and body, when the status alone
/// misleads: Dreadnode answers 429 (or 402) when the account is out of credits, which waiting will not
/// fix, so it must read as a non-retryable refusal rather than as throttling.
pub type ErrorClassifier = fn(u16, &[u8]) -> Option<ErrorKind>;

/// One request as it went over the wire, for the API-call log and tests. No headers, no bodies.
#[derive(Debug, Clone)]
pub struct CallRecord {
    /// Provider name.
    pub provider: &'static str,
    /// HTTP method.
    pub method: String,
    /// Path and query (no host).
    pub path: String,
    /// Status, or `None` when no answer came.
    pub status: Option<u16>,
    /// Time taken.
    pub latency: Duration,
    /// The server's request ID (`x-request-id` header or the error envelope's ID), if any.
    pub request_id: Option<String>,
    /// Why the answer was not usable, or `None` when it was: a 2xx answer that was cut off or was not
    /// JSON (an HTML page) fails too, so its status alone does not say the step succeeded.
    pub failure: Option<ErrorKind>,
}

/// Receives every [`CallRecord`] (the TUI's API-call log).
pub type CallObserver = Arc<dyn Fn(&CallRecord) + Send + Sync>;

/// A successful answer: its status and its bytes (checked to be JSON, or empty), decoded by the
/// caller into its own type with [`ApiClient::decode`].
#[derive(Debug)]
pub struct Answer {
    /// HTTP status (2xx).
    pub status: u16,
    /// The body as it came (empty, or valid JSON).
    pub body: Vec<u8>,
    /// `x-request-id` header, if the server sent one.
    pub request_id: Option<String>,
}

/// Status and request ID of an answer whose body a [`Body`] consumed.
struct Reply {
    status: u16,
    request_id: Option<String>,
}

/// The shared client of one profile.
#[derive(Clone)]
pub struct ApiClient {
    provider: &'static str,
    base: Url,
    auth: AuthHeader,
    http: reqwest::Client,
    settings: HttpSettings,
    decode_error: ErrorDecoder,
    classify_error: Option<ErrorClassifier>,
    observer: Option<CallObserver>,
    pacer: Arc<Mutex<Option<Instant>>>,
    redactor: Redactor,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("provider", &self.provider)
            .field("base", &self.base.as_str())
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// Builds a client for `base_url`. Plain `http://` is refused unless the host is a loopback
    /// address, so a token never crosses a network in clear text.
    pub fn new(
        provider: &'static str,
        base_url: &str,
        auth: AuthHeader,
        settings: HttpSettings,
        decode_error: ErrorDecoder,
    ) -> Result<Self> {
        let mut base = Url::parse(base_url.trim()).map_err(|e| {
            Error::usage(format!(
                "{provider}: base_url {base_url:?} is not a URL: {e}"
            ))
        })?;
        match base.scheme() {
            "https" => {}
            "http" if is_loopback(&base) => {}
            "http" => {
                return Err(Error::usage(format!(
                    "{provider}: base_url {base_url:?} uses plain http; use https \
                     (plain http is allowed only for loopback addresses such as the sandbox)"
                )));
            }
            other => {
                return Err(Error::usage(format!(
                    "{provider}: base_url scheme {other:?} is not supported; use https"
                )));
            }
        }
        // A trailing slash makes `join` append rather than replace the last path segment.
        if !base.path().ends_with('/') {
            let p = format!("{}/", base.path());
            base.set_path(&p);
        }
        let origin = base.origin();
        // reqwest drops `Authorization` on a redirect to another host but not other headers (such as
        // `X-API-Key`), so redirects are followed only within the base URL's origin.
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.url().origin() == origin && attempt.previous().len() <= MAX_REDIRECTS {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        install_crypto();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.request_timeout)
            .redirect(redirects)
            .user_agent(concat!("roster/", env!("CARGO_PKG_VERSION")));
        if base.scheme() == "http" {
            // Plain HTTP (the sandbox, a local proxy) never does a TLS handshake, and redirects stay
            // on this origin: no root certificates to load. Loading the system's (about 150 files
            // here) was most of a scripting command's start-up.
            builder = builder.tls_certs_only([]);
        }
        let http = builder
            .build()
            .map_err(|e| Error::new(ErrorKind::Network, provider, "start", e.to_string()))?;
        Ok(ApiClient {
            provider,
            base,
            http,
            settings,
            decode_error,
            classify_error: None,
            observer: None,
            pacer: Arc::new(Mutex::new(None)),
            redactor: Redactor::new(auth.value.expose()),
            auth,
        })
    }

    /// Reports every request to `observer` (the TUI's API-call log).
    pub fn with_observer(mut self, observer: CallObserver) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Lets `classify` choose the category of error answers (see [`ErrorClassifier`]); a category
    /// that is not retryable stops the retry loop.
    pub fn with_error_classifier(mut self, classify: ErrorClassifier) -> Self {
        self.classify_error = Some(classify);
        self
    }

    /// The provider name used in messages.
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The configured settings.
    pub fn settings(&self) -> &HttpSettings {
        &self.settings
    }

    /// Resolves a path relative to the base URL (`api/v1/x` or `/api/v1/x`).
    pub fn url(&self, path: &str) -> Result<Url> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|e| Error::usage(format!("{}: bad path {path:?}: {e}", self.provider)))
    }

    /// Accepts an absolute URL from the server (a `next` page link) only if it points at the same
    /// origin as the base URL: a server must not redirect the token elsewhere.
    pub fn same_origin_url(&self, operation: &str, link: &str) -> Result<Url> {
        let url = self.base.join(link).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                self.provider,
                operation,
                format!("bad page link: {e}"),
            )
        })?;
        if url.origin() != self.base.origin() {
            return Err(Error::new(
                ErrorKind::Decode,
                self.provider,
                operation,
                "the server's next-page link points at another host; refusing to send the token there",
            ));
        }
        Ok(url)
    }

    /// GET `path` with `query` and decode the JSON answer into `T`, from its bytes.
    pub async fn get_json<T: DeserializeOwned + Send>(
        &self,
        operation: &str,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        let url = self.url_with_query(path, query)?;
        self.get_json_url(operation, url).await
    }

    /// GET an absolute same-origin URL (pagination) and decode the JSON answer into `T`.
    pub async fn get_json_url<T: DeserializeOwned + Send>(
        &self,
        operation: &str,
        url: Url,
    ) -> Result<T> {
        let mut body = Typed::<T>::default();
        self.exchange(operation, Method::GET, url, None, &mut body)
            .await?;
        body.take()
            .ok_or_else(|| Error::new(ErrorKind::Decode, self.provider, operation, "no answer"))
    }

    /// GET a listing and hand its items to `sink` one at a time as the answer arrives, decoded
    /// into `T` (see [`items`]); returns the rest of the answer, the envelope, decoded into `Env`
    /// (use [`Streamed`] for the items' own field, or `serde::de::IgnoredAny` for a bare list).
    /// Every item is charged to `budget`; a listing of several pages shares one.
    pub async fn get_items<T, Env>(
        &self,
        operation: &str,
        url: Url,
        at: ItemsAt,
        sink: &mut dyn ItemSink<T>,
        budget: &mut Budget,
    ) -> Result<Env>
    where
        T: DeserializeOwned,
        Env: DeserializeOwned + Send,
    {
        let mut body = ItemStream::new(at, sink, budget);
        self.exchange(operation, Method::GET, url, None, &mut body)
            .await?;
        body.take_envelope()
            .ok_or_else(|| Error::new(ErrorKind::Decode, self.provider, operation, "no answer"))
    }

    /// `path` resolved against the base URL, with `query` appended.
    pub fn url_with_query(&self, path: &str, query: &[(&str, String)]) -> Result<Url> {
        let mut url = self.url(path)?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(url)
    }

    /// Sends `method` to `path` with an optional JSON body; returns the answer's bytes.
    pub async fn call(
        &self,
        operation: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Answer> {
        let url = self.url(path)?;
        self.send(operation, method, url, body).await
    }

    /// Decodes an answer's bytes into `T` (an empty body reads as JSON `null`), or a Decode error
    /// naming the operation.
    pub fn decode<T: DeserializeOwned>(&self, operation: &str, answer: &Answer) -> Result<T> {
        let bytes: &[u8] = if answer.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &answer.body
        };
        serde_json::from_slice(bytes).map_err(|e| {
            self.body_error(operation, BodyError::from_json(&e))
                .with_status(answer.status)
                .with_request_id(answer.request_id.clone())
        })
    }

    /// `err` with every form of the token removed from the server's words.
    fn scrub(&self, mut err: Error) -> Error {
        err.message = self.redactor.scrub(&err.message);
        err.request_id = err.request_id.map(|id| self.redactor.scrub(&id));
        err
    }

    /// Sends one request with the retry policy ([`is_retryable`], [`backoff_delay`]): idempotent
    /// methods are retried on connection errors, 408, 429, 502, 503 and 504, at most `max_attempts`
    /// times in all, waiting a capped, jittered exponential backoff or the server's `Retry-After` (up
    /// to `max_retry_after`; longer, the error says until when). POST and PATCH are sent once.
    pub async fn send(
        &self,
        operation: &str,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> Result<Answer> {
        let mut answer = Buffered::default();
        let reply = self
            .exchange(operation, method, url, body, &mut answer)
            .await?;
        Ok(Answer {
            status: reply.status,
            body: answer.into_bytes(),
            request_id: reply.request_id,
        })
    }

    /// [`ApiClient::send`] with the 2xx body read by `answer`, which starts over on each attempt.
    async fn exchange(
        &self,
        operation: &str,
        method: Method,
        url: Url,
        body: Option<&Value>,
        answer: &mut dyn Body,
    ) -> Result<Reply> {
        let idempotent = matches!(
            method,
            Method::GET | Method::PUT | Method::DELETE | Method::HEAD
        );
        let attempts = if idempotent {
            self.settings.max_attempts.max(1)
        } else {
            1
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            answer.restart();
            let result = self.send_once(operation, &method, &url, body, answer).await;
            let err = match result {
                Ok(reply) => return Ok(reply),
                Err(e) => self.scrub(e),
            };
            let retry_after = match &err.kind {
                ErrorKind::RateLimited { until } => until.map(|t| {
                    t.duration_since(SystemTime::now())
                        .unwrap_or(Duration::ZERO)
                }),
                _ => None,
            };
            if retry_after.is_some_and(|d| d > self.settings.max_retry_after) {
                // Waiting that long would freeze the caller; say when to come back instead.
                return Err(err);
            }
            if attempt >= attempts || !is_retryable(&err) {
                return Err(err);
            }
            // A Retry-After already past (or zero) still gets a backoff, not a hammering resend.
            let delay = match retry_after {
                Some(wait) if !wait.is_zero() => wait,
                _ => self.backoff(attempt),
            };
            tracing::debug!(
                provider = self.provider,
                operation,
                attempt,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        backoff_delay(&self.settings, attempt, rand::random::<f64>())
    }

    async fn pace(&self) {
        let Some(rate) = self.settings.max_requests_per_second.filter(|r| *r > 0.0) else {
            return;
        };
        let interval = Duration::from_secs_f64(1.0 / rate);
        let wait = {
            let mut next = self.pacer.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + interval);
            slot.saturating_duration_since(now)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(
        &self,
        operation: &str,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
        answer: &mut dyn Body,
    ) -> Result<Reply> {
        self.pace().await;
        let started = Instant::now();
        let mut req = self
            .http
            .request(method.clone(), url.clone())
            .header(self.auth.name, self.auth.value.expose())
            .header("Accept", "application/json");
        if let Some(body) = body {
            req = req.json(body);
        }
        let path = match url.query() {
            Some(q) => format!("{}?{}", url.path(), q),
            None => url.path().to_string(),
        };
        let outcome = match req.send().await {
            Ok(resp) => self.read(operation, resp, answer).await,
            Err(e) => Err(self.transport_error(operation, &e)),
        };
        let (status, request_id) = match &outcome {
            Ok(a) => (Some(a.status), a.request_id.clone()),
            Err(e) => (e.status, e.request_id.clone()),
        };
        let latency = started.elapsed();
        tracing::info!(
            provider = self.provider,
            method = %method,
            path = %path,
            status = status.unwrap_or(0),
            latency_ms = latency.as_millis() as u64,
            "api call"
        );
        if let Some(observer) = &self.observer {
            observer(&CallRecord {
                provider: self.provider,
                method: method.to_string(),
                path,
                status,
                latency,
                request_id: request_id.map(|id| self.redactor.scrub(&id)),
                failure: outcome.as_ref().err().map(|e| e.kind.clone()),
            });
        }
        outcome
    }
}

/// Makes rustls's `ring` crypto provider the process default, once. roster builds rustls on ring
/// (pure Rust and assembly: no C toolchain or cmake, unlike aws-lc); reqwest then finds it when a
/// client is built. Anyone building a `reqwest::Client` in this process (tests, benchmarks) calls
/// this first. Idempotent and cheap.
pub fn install_crypto() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err only when another provider was installed first, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> AuthHeader {
        AuthHeader {
            name: "Authorization",
            value: Secret::new("tok"),
        }
    }

    #[test]
    fn plain_http_only_for_loopback() {
        let ok =
            |u: &str| ApiClient::new("t", u, auth(), HttpSettings::default(), |_| None).is_ok();
        assert!(ok("http://127.0.0.1:8080/askui"));
        assert!(ok("http://localhost:1"));
        assert!(ok("http://[::1]:1"));
        assert!(ok("https://api.example.com"));
        assert!(!ok("http://api.example.com"));
        assert!(!ok("http://10.0.0.1"));
        assert!(!ok("ftp://x"));
    }

    #[test]
    fn the_pages_of_a_listing_share_one_budget() {
        // Two pages of ten items: what the first keeps is gone for the second.
        let page = format!("[{}]", [r#""a-name-of-sixteen""#; 10].join(","));
        let mut budget = Budget::of(300 + 10 * std::mem::size_of::<String>());
        let mut kept: Vec<String> = Vec::new();
        decode_items::<String, serde::de::IgnoredAny>(
            page.as_bytes(),
            7,
            ItemsAt::Root,
            &mut kept,
            &mut budget,
        )
        .expect("the first page fits");
        let err = decode_items::<String, serde::de::IgnoredAny>(
            page.as_bytes(),
            7,
            ItemsAt::Root,
            &mut kept,
            &mut budget,
        )
        .expect_err("the second page does not");
        assert!(
            err.contains("more than roster keeps of one listing"),
            "{err}"
        );
        assert!(kept.len() < 20, "{} items kept", kept.len());
    }

    #[test]
    fn joins_paths_under_the_base_prefix() {
        let c = ApiClient::new(
            "t",
            "http://127.0.0.1:1/askui",
            auth(),
            HttpSettings::default(),
            |_| None,
        )
        .unwrap();
        assert_eq!(
            c.url("/api/v1/x").unwrap().as_str(),
            "http://127.0.0.1:1/askui/api/v1/x"
        );
        assert!(
            c.same_origin_url("list", "http://127.0.0.1:1/askui/p?page=2")
                .is_ok()
        );
        assert!(c.same_origin_url("list", "http://evil.example/p").is_err());
    }
}
