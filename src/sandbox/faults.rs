//! Fault injection settings for the sandbox, adjustable while it runs.
//!
//! Two kinds of faults exist:
//! - global ones that apply to every request: a fixed latency, a random share of 5xx answers and a
//!   per-second rate limit (the `--latency`, `--error-rate` and `--rate-limit` flags);
//! - scripted one-shot rules for the fault-matrix tests ([`FaultControl::inject`]): the next `times`
//!   requests that match a method and a path fragment get a chosen [`Fault`].
//!
//! Among the scripted faults, [`Fault::IgnoreChange`] plays a server that answers success without
//! doing what it was asked: the emulator handles the request and its real answer (status, headers
//! and body) is sent, but the provider's state is put back as it was before the request. Aim it at
//! a change, e.g. to have one AskUI removal ignored:
//!
//! ```no_run
//! # use roster::sandbox::{Fault, FaultRule, Sandbox};
//! # fn demo(sandbox: &Sandbox) {
//! use axum::http::Method;
//! sandbox.faults().inject(
//!     FaultRule::new(Fault::IgnoreChange)
//!         .method(Method::DELETE)
//!         .path_contains("/askui/api/v1/workspace-memberships/"),
//! );
//! # }
//! ```
//!
//! The HTTP side lives in [`super::middleware`]; this file only decides what should happen.

use axum::http::Method;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Body of every answer the fault layer makes up itself (each provider has its own error envelope,
/// so a neutral plain-text body is used rather than imitating one of them).
pub const FAULT_BODY: &str = "sandbox injected fault";

/// Size of the body sent by [`Fault::OversizedBody`]: larger than any client should accept.
pub const OVERSIZED_BODY_BYTES: usize = 40 * 1024 * 1024;

/// What a scripted rule does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status, the body [`FAULT_BODY`] and, if set, this `Retry-After` value.
    Status {
        /// HTTP status code (an invalid code is answered as 500).
        code: u16,
        /// Raw `Retry-After` header value (seconds or an HTTP date), if any.
        retry_after: Option<String>,
    },
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// Close the connection without any answer (TCP reset).
    ResetConnection,
    /// Answer 200 with a `Content-Length` larger than the body actually sent, then close.
    TruncatedBody,
    /// Answer 200 `application/json` with the unfinished document `{"data": [`.
    MalformedJson,
    /// Answer 200 `application/json` with a 40 MiB body, streamed without `Content-Length`.
    OversizedBody,
    /// Let the emulator handle the request and send its own answer unchanged (a success for a
    /// valid change), but put that provider's state back as it was before the request: "the
    /// server said OK and changed nothing". The provider is the one the path's prefix names
    /// (`/askui`, …); `after_apply` makes no difference. Changes that other requests make to the
    /// same provider while this one is handled are undone too, so aim it at one change at a time.
    /// It needs the sandbox's store: served through [`super::with_faults`] (no store) the request is
    /// answered 500 instead.
    IgnoreChange,
}

/// A scripted fault: applies to the next `times` requests that match `method` and `path_contains`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// Only requests with this method (any method when `None`).
    pub method: Option<Method>,
    /// Only requests whose path and query contain this text, e.g. `/askui/api/v1/workspace-memberships`
    /// (any path when `None`). The path includes the provider prefix.
    pub path_contains: Option<String>,
    /// How many matching requests get the fault.
    pub times: u32,
    /// What happens to them.
    pub fault: Fault,
    /// When false (the default) the fault replaces the request before the emulator sees it, so the
    /// state does not change. When true the emulator handles the request (a POST is applied) and
    /// only the answer is replaced by the fault: "the change happened but the answer was lost".
    /// ([`Fault::IgnoreChange`] always lets the emulator answer, and always undoes the change.)
    pub after_apply: bool,
}

impl FaultRule {
    /// A rule that fires once, on any request, before the emulator sees it.
    pub fn new(fault: Fault) -> Self {
        FaultRule {
            method: None,
            path_contains: None,
            times: 1,
            fault,
            after_apply: false,
        }
    }

    /// Only requests with `method`.
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only requests whose path (and query) contain `fragment`.
    pub fn path_contains(mut self, fragment: impl Into<String>) -> Self {
        self.path_contains = Some(fragment.into());
        self
    }

    /// Fires for the next `times` matching requests.
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    /// Lets the emulator handle the request first, then replaces its answer by the fault.
    pub fn after_apply(mut self) -> Self {
        self.after_apply = true;
        self
    }

    fn matches(&self, method: &Method, path_and_query: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path_and_query.contains(p))
    }
}

/// Handle of an injected rule, to ask how often it fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId(usize);

/// The request ID the sandbox gives a request (also sent as the `x-request-id` response header).
/// Emulators can read it from the request extensions to put it in their error envelopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// What the fault layer decided for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Handle normally.
    Pass,
    /// A scripted rule fired.
    Scripted {
        /// The fault to apply.
        fault: Fault,
        /// Whether the emulator handles the request first.
        after_apply: bool,
    },
    /// Beyond the rate limit: 429 with `Retry-After: 1`.
    RateLimited,
    /// Picked by the random error rate: answer with this 5xx status.
    RandomError(u16),
}

#[derive(Debug)]
struct RuleState {
    rule: FaultRule,
    remaining: u32,
    fired: u32,
}

#[derive(Debug)]
struct Settings {
    latency: Duration,
    error_rate: f64,
    rate_limit: Option<u32>,
    /// Arrival times of the requests admitted during the last second (sliding window).
    admitted: VecDeque<Instant>,
}

/// Fault injection settings shared by the running sandbox and whoever controls it (tests, the CLI).
/// Every method takes effect for the next request.
#[derive(Debug)]
pub struct FaultControl {
    settings: Mutex<Settings>,
    rules: Mutex<Vec<RuleState>>,
    requests: AtomicU64,
}

impl Default for FaultControl {
    fn default() -> Self {
        FaultControl::new()
    }
}

impl FaultControl {
    /// No latency, no errors, no rate limit, no rules.
    pub fn new() -> Self {
        FaultControl {
            settings: Mutex::new(Settings {
                latency: Duration::ZERO,
                error_rate: 0.0,
                rate_limit: None,
                admitted: VecDeque::new(),
            }),
            rules: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
        }
    }

    /// Delays every response by `latency`.
    pub fn set_latency(&self, latency: Duration) {
        self.settings().latency = latency;
    }

    /// The current global latency.
    pub fn latency(&self) -> Duration {
        self.settings().latency
    }

    /// Answers this share of requests (0.0 to 1.0) with 500, 502 or 503. Anything else is refused
    /// with `InvalidInput` and changes nothing.
    pub fn set_error_rate(&self, rate: f64) -> std::io::Result<()> {
        self.settings().error_rate = validate_error_rate(rate)?;
        Ok(())
    }

    /// The current random error rate.
    pub fn error_rate(&self) -> f64 {
        self.settings().error_rate
    }

    /// Answers 429 with `Retry-After: 1` to requests beyond `limit` per second (any one-second
    /// window); `None` removes the limit.
    pub fn set_rate_limit(&self, limit: Option<u32>) {
        let mut settings = self.settings();
        settings.rate_limit = limit;
        settings.admitted.clear();
    }

    /// The current rate limit.
    pub fn rate_limit(&self) -> Option<u32> {
        self.settings().rate_limit
    }

    /// Adds a scripted rule. Rules are tried in the order they were added; the first matching rule
    /// with firings left applies.
    pub fn inject(&self, rule: FaultRule) -> RuleId {
        let mut rules = self.rules();
        rules.push(RuleState {
            remaining: rule.times,
            fired: 0,
            rule,
        });
        RuleId(rules.len() - 1)
    }

    /// How many times the rule has fired so far.
    pub fn fired(&self, id: RuleId) -> u32 {
        self.rules().get(id.0).map_or(0, |r| r.fired)
    }

    /// How many firings the rule has left.
    pub fn remaining(&self, id: RuleId) -> u32 {
        self.rules().get(id.0).map_or(0, |r| r.remaining)
    }

    /// Disarms every scripted rule that has not fired yet (their counts stay readable).
    pub fn clear_rules(&self) {
        for rule in self.rules().iter_mut() {
            rule.remaining = 0;
        }
    }

    /// Requests received since start, whatever happened to them.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Counts a new request and returns its sequence number (1 for the first one).
    pub(crate) fn next_request(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Decides the fate of one request. Scripted rules come first (tests rely on them firing exactly
    /// where they were aimed), then the rate limit, then the random error rate.
    pub(crate) fn decide(&self, method: &Method, path_and_query: &str) -> Decision {
        if let Some(rule) = self
            .rules()
            .iter_mut()
            .find(|r| r.remaining > 0 && r.rule.matches(method, path_and_query))
        {
            rule.remaining -= 1;
            rule.fired += 1;
            return Decision::Scripted {
                fault: rule.rule.fault.clone(),
                after_apply: rule.rule.after_apply,
            };
        }
        let error_rate = {
            let mut settings = self.settings();
            if let Some(limit) = settings.rate_limit {
                let now = Instant::now();
                while settings
                    .admitted
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
                {
                    settings.admitted.pop_front();
                }
                if settings.admitted.len() >= limit as usize {
                    return Decision::RateLimited;
                }
                settings.admitted.push_back(now);
            }
            settings.error_rate
        };
        if error_rate > 0.0 && rand::random::<f64>() < error_rate {
            const CODES: [u16; 3] = [500, 502, 503];
            return Decision::RandomError(CODES[rand::random_range(0..CODES.len())]);
        }
        Decision::Pass
    }

    fn settings(&self) -> std::sync::MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<RuleState>> {
        self.rules.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Checks an error rate: a number from 0.0 to 1.0.
pub fn validate_error_rate(rate: f64) -> std::io::Result<f64> {
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("error rate must be between 0 and 1 (a share of requests), got {rate}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_fire_the_configured_number_of_times_on_matching_requests_only() {
        let control = FaultControl::new();
        let id = control.inject(
            FaultRule::new(Fault::MalformedJson)
                .method(Method::POST)
                .path_contains("/members")
                .times(2),
        );
        assert_eq!(control.decide(&Method::GET, "/p/members"), Decision::Pass);
        assert_eq!(control.decide(&Method::POST, "/p/other"), Decision::Pass);
        for _ in 0..2 {
            assert!(matches!(
                control.decide(&Method::POST, "/p/members"),
                Decision::Scripted { .. }
            ));
        }
        assert_eq!(control.decide(&Method::POST, "/p/members"), Decision::Pass);
        assert_eq!(control.fired(id), 2);
        assert_eq!(control.remaining(id), 0);
    }

    #[test]
    fn error_rate_outside_zero_to_one_is_refused_and_changes_nothing() {
        let control = FaultControl::new();
        control.set_error_rate(0.5).unwrap();
        for bad in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert!(control.set_error_rate(bad).is_err(), "{bad}");
        }
        assert_eq!(control.error_rate(), 0.5);
    }

    #[test]
    fn rate_limit_admits_at_most_the_limit_per_second() {
        let control = FaultControl::new();
        control.set_rate_limit(Some(3));
        let decisions: Vec<Decision> = (0..5).map(|_| control.decide(&Method::GET, "/")).collect();
        assert_eq!(
            &decisions[..3],
            &[Decision::Pass, Decision::Pass, Decision::Pass]
        );
        assert_eq!(
            &decisions[3..],
            &[Decision::RateLimited, Decision::RateLimited]
        );
    }
}
