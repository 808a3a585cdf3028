//! Pieces the emulators share: an error answer with a JSON body, a request ID on every answer when
//! the emulator is mounted without the fault layer (which sets its own), and [`render`], which
//! builds big answers where they cannot hold up other requests.

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use uuid::Uuid;

/// Answers with more items than this are built on tokio's blocking pool (see [`render`]).
pub(crate) const BLOCKING_ITEMS: usize = 2_000;

/// Runs `build`, which makes an answer and serializes its body (axum's `Json` serializes when it
/// becomes a response). Small answers are built in place: a thread hand-off would cost more than
/// the work. An answer of more than [`BLOCKING_ITEMS`] items (a 100,000-member workspace takes a
/// while to serialize) is built on the blocking pool, so the runtime's workers keep answering other
/// requests meanwhile.
pub(crate) async fn render<F>(items: usize, build: F) -> Response
where
    F: FnOnce() -> Response + Send + 'static,
{
    if items <= BLOCKING_ITEMS {
        return build();
    }
    match tokio::task::spawn_blocking(build).await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!(error = %e, "sandbox: building an answer failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "sandbox: building the answer failed",
            )
                .into_response()
        }
    }
}

/// An error answer: status and JSON body, in the emulated provider's own envelope.
#[derive(Debug)]
pub(crate) struct ApiError(pub StatusCode, pub Value);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// Adds an `x-request-id` header unless a layer outside already set one.
pub(crate) async fn add_request_id(mut response: Response) -> Response {
    if !response.headers().contains_key("x-request-id")
        && let Ok(value) = HeaderValue::from_str(&Uuid::new_v4().to_string())
    {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
