//! The axum middleware that sits in front of the four emulators: gives every request an ID, applies
//! the global latency, rate limit and error rate, and plays scripted faults (see [`super::faults`]),
//! including [`Fault::IgnoreChange`], which lets the emulator answer and then restores the store.
//! It runs for every path, known or not, so it can be tested without any emulator.

use super::conn::ConnHandle;
use super::faults::{Decision, FAULT_BODY, Fault, FaultControl, OVERSIZED_BODY_BYTES, RequestId};
use super::store::{Dataset, Store};
use crate::model::ProviderKind;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use std::sync::Arc;

/// Response header carrying the request ID.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The start of the body sent by [`Fault::MalformedJson`] (and never finished).
const MALFORMED_JSON: &str = "{\"data\": [";

/// Where a truncated answer stops when there is no emulator answer to cut short.
const TRUNCATED_PREFIX: &[u8] = b"{\"data\": [{\"id\": \"trunc";

/// The `Content-Length` announced for a made-up truncated answer.
const TRUNCATED_CLAIMED_LENGTH: usize = 4096;

/// How long a truncated answer waits after its partial body before failing (see [`truncated`]).
const TRUNCATION_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// What the fault layer works with: its settings, and the store whose changes
/// [`Fault::IgnoreChange`] undoes (none when the layer wraps routes of its own).
#[derive(Debug, Clone)]
pub struct FaultLayer {
    /// The fault settings.
    pub control: Arc<FaultControl>,
    /// The emulators' state.
    pub store: Option<Arc<Store>>,
}

/// Applies faults to one request; see the module documentation.
pub async fn apply_faults(
    State(layer): State<FaultLayer>,
    mut req: Request,
    next: Next,
) -> Response {
    let control = &layer.control;
    let request_id = format!("req-{}", control.next_request());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let conn = req
        .extensions()
        .get::<ConnectInfo<ConnHandle>>()
        .map(|c| c.0.clone());

    let latency = control.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_string(), |p| p.as_str().to_string());
    let mut response = match control.decide(req.method(), &target) {
        Decision::Pass => next.run(req).await,
        Decision::RateLimited => status_answer(429, Some("1")),
        Decision::RandomError(code) => status_answer(code, None),
        Decision::Scripted {
            fault: Fault::Delay(delay),
            after_apply: false,
        } => {
            tokio::time::sleep(delay).await;
            next.run(req).await
        }
        Decision::Scripted {
            fault: Fault::Delay(delay),
            after_apply: true,
        } => {
            let answer = next.run(req).await;
            tokio::time::sleep(delay).await;
            answer
        }
        Decision::Scripted {
            fault: Fault::IgnoreChange,
            ..
        } => match &layer.store {
            Some(store) => ignore_change(store, req, next).await,
            None => {
                tracing::warn!("sandbox: IgnoreChange needs the sandbox's store; answered 500");
                status_answer(500, None)
            }
        },
        Decision::Scripted { fault, after_apply } => {
            let applied = if after_apply {
                Some(next.run(req).await)
            } else {
                None
            };
            fault_answer(fault, applied, conn.as_ref()).await
        }
    };
    if let Ok(value) = HeaderValue::try_from(request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}

/// Lets the emulator handle `req` and returns its answer, after putting the state of the provider
/// the path names back as it was (the whole state when the path names none).
async fn ignore_change(store: &Store, req: Request, next: Next) -> Response {
    let kind = provider_of(req.uri().path());
    let before = store.view();
    let answer = next.run(req).await;
    let restored = store.write(|data| match kind {
        Some(kind) => *data.section_mut(kind) = before.section(kind).clone(),
        None => *data = Dataset::clone(&before),
    });
    if let Err(e) = restored {
        // The state is back in memory; only saving it to the state file failed.
        tracing::warn!(error = %e, "sandbox: saving the state after an ignored change failed");
    }
    answer
}

/// The provider whose emulator serves `path` (`/askui/…` → AskUI).
fn provider_of(path: &str) -> Option<ProviderKind> {
    crate::registry::KINDS.into_iter().find(|kind| {
        path.strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(kind.as_str()))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// A made-up answer with `code`, a plain-text body and optionally `Retry-After`.
fn status_answer(code: u16, retry_after: Option<&str>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        FAULT_BODY,
    )
        .into_response();
    if let Some(value) = retry_after.and_then(|v| HeaderValue::try_from(v).ok()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The answer for a scripted fault (other than a delay). `applied` is the emulator's own answer when
/// the rule runs after the emulator.
async fn fault_answer(
    fault: Fault,
    applied: Option<Response>,
    conn: Option<&ConnHandle>,
) -> Response {
    match fault {
        Fault::Status { code, retry_after } => status_answer(code, retry_after.as_deref()),
        // Handled by the caller; kept total for safety.
        Fault::Delay(_) => applied.unwrap_or_else(|| status_answer(500, None)),
        Fault::ResetConnection => reset(conn),
        Fault::TruncatedBody => truncated(applied).await,
        Fault::MalformedJson => json_answer(StatusCode::OK, Body::from(MALFORMED_JSON)),
        Fault::OversizedBody => json_answer(StatusCode::OK, oversized_body()),
        // Handled by the caller, which has the store; kept total for safety.
        Fault::IgnoreChange => status_answer(500, None),
    }
}

fn json_answer(status: StatusCode, body: Body) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Drops the connection without answering. With the sandbox's own listener the socket is killed
/// before hyper writes anything; served any other way, a body that fails at once makes hyper
/// abort the connection (the status line may then already be on its way).
fn reset(conn: Option<&ConnHandle>) -> Response {
    if let Some(conn) = conn {
        conn.kill();
        return Response::new(Body::empty());
    }
    let failing = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("sandbox injected connection reset"))
    });
    Response::new(Body::from_stream(failing))
}

/// Announces more bytes than it sends, then fails the body so hyper closes the connection. When
/// the emulator answered, its status and the first half of its body are sent ("answer cut short").
async fn truncated(applied: Option<Response>) -> Response {
    let (status, sent, claimed) = match applied {
        Some(answer) => {
            let status = answer.status();
            let body = axum::body::to_bytes(answer.into_body(), 64 * 1024 * 1024)
                .await
                .unwrap_or_default();
            // Statuses without a body (204, 304) cannot carry a Content-Length to break.
            let status = if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
                StatusCode::OK
            } else {
                status
            };
            let half = body.slice(..body.len() / 2);
            let claimed = body.len().max(half.len() + TRUNCATED_PREFIX.len());
            (status, half, claimed)
        }
        None => (
            StatusCode::OK,
            Bytes::from_static(TRUNCATED_PREFIX),
            TRUNCATED_CLAIMED_LENGTH,
        ),
    };
    // hyper drops whatever it has not flushed when a body fails, so pause after the partial chunk:
    // a pending body makes hyper flush what it buffered (head and partial body) before the error.
    let failure = futures::stream::once(async {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(std::io::Error::other("sandbox injected truncated body"))
    });
    let chunks = futures::stream::iter([Ok(sent)]).chain(failure);
    let mut response = json_answer(status, Body::from_stream(chunks));
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(claimed));
    response
}

/// A syntactically valid JSON document of [`OVERSIZED_BODY_BYTES`], streamed in 64 KiB chunks so
/// the server never holds it whole.
fn oversized_body() -> Body {
    const CHUNK: usize = 64 * 1024;
    const HEAD: &[u8] = b"{\"data\": [\"";
    const TAIL: &[u8] = b"\"]}";
    let filler = Bytes::from(vec![b'x'; CHUNK]);
    let middle = OVERSIZED_BODY_BYTES - HEAD.len() - TAIL.len();
    let full_chunks = middle / CHUNK;
    let rest = filler.slice(..middle % CHUNK);
    let chunks = std::iter::once(Bytes::from_static(HEAD))
        .chain(std::iter::repeat_n(filler, full_chunks))
        .chain(std::iter::once(rest))
        .chain(std::iter::once(Bytes::from_static(TAIL)))
        .map(Ok::<Bytes, std::io::Error>);
    Body::from_stream(futures::stream::iter(chunks))
}
