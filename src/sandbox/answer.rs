//! Pieces the AskUI and Dreadnode emulators share: an error answer with a JSON body, and a request ID
//! on every answer when the emulator is mounted without the fault layer (which sets its own).

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use uuid::Uuid;

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
