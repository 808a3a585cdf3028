//! Dreadnode JSON shapes, the error-envelope decoder and the error classifier.

use crate::error::ErrorKind;
use crate::http::bounded;
use crate::providers::fastapi::{Detail, Lenient, ValidationItem, object};
use serde::Deserialize;

/// A workspace as listed or created.
#[derive(Debug, Deserialize)]
pub struct WorkspaceDto {
    #[serde(deserialize_with = "bounded::id")]
    pub key: String,
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub name: Option<String>,
}

/// `WorkspaceUserPermissionResponse`; read leniently (providers.md §6 question 5).
#[derive(Debug, Deserialize)]
pub struct PermissionDto {
    #[serde(deserialize_with = "bounded::id")]
    pub user_id: String,
    #[serde(default, deserialize_with = "bounded::opt_email")]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "bounded::opt_name")]
    pub user_name: Option<String>,
    #[serde(deserialize_with = "bounded::role")]
    pub permission: String,
}

/// One organisation member (ASSUMPTION shape, see `ORG_MEMBERS_PATH` in `dreadnode.rs`).
#[derive(Debug, Deserialize)]
pub struct OrgMemberDto {
    #[serde(deserialize_with = "bounded::id")]
    pub user_id: String,
    #[serde(default, deserialize_with = "bounded::opt_email")]
    pub email: Option<String>,
}

/// The error envelope `{code, detail, type, errors?: [{loc, msg, type}]}`; `detail` may also be a
/// FastAPI list of items.
#[derive(Debug, Deserialize)]
pub struct ErrorEnvelope {
    #[serde(default)]
    pub detail: Option<Detail>,
    #[serde(default)]
    pub errors: Option<Lenient<Vec<ValidationItem>>>,
}

/// Only the `detail` text of an error body, for [`classify_error`].
#[derive(Debug, Deserialize)]
pub struct DetailText {
    #[serde(default)]
    pub detail: Option<Lenient<String>>,
}

/// Reads Dreadnode's envelope `{code, detail, type, errors?: [{loc, msg, type}]}`: the detail, then
/// each validation error as `location: message`. A FastAPI-style `detail` list is read too.
pub fn decode_error(body: &[u8]) -> Option<(String, Option<String>)> {
    let envelope: ErrorEnvelope = serde_json::from_slice(object(body)?).ok()?;
    let mut parts = envelope.detail?.lines()?;
    if let Some(errors) = envelope.errors.and_then(Lenient::get) {
        parts.extend(errors.iter().map(ValidationItem::describe));
    }
    Some((parts.join("; "), None))
}

/// Out of credits is not throttling: the SDK reads a 429 whose detail mentions "credit" (and a 402)
/// as "insufficient credits" (providers.md §2 "Errors"). Waiting won't help, so it must not be
/// retried: it is reported as a refusal.
pub fn classify_error(status: u16, body: &[u8]) -> Option<ErrorKind> {
    let mentions_credit = || {
        object(body)
            .and_then(|b| serde_json::from_slice::<DetailText>(b).ok())
            .and_then(|d| d.detail)
            .and_then(Lenient::get)
            .is_some_and(|d| d.to_ascii_lowercase().contains("credit"))
    };
    (status == 402 || (status == 429 && mentions_credit())).then_some(ErrorKind::Forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_lists_detail_and_errors() {
        let body = br#"{"code": 422, "detail": "Validation error", "type": "validation_error",
            "errors": [{"loc": ["body", "permission"], "msg": "Input should be 'owner', 'contributor' or 'reader'", "type": "enum"}]}"#;
        assert_eq!(
            decode_error(body).unwrap().0,
            "Validation error; body.permission: Input should be 'owner', 'contributor' or 'reader'"
        );
        let fastapi = br#"{"detail": [{"loc": ["body", "email"], "msg": "Field required"}]}"#;
        assert_eq!(
            decode_error(fastapi).unwrap().0,
            "body.email: Field required"
        );
        assert!(decode_error(br#"{"error": "x"}"#).is_none());
        assert!(decode_error(br#"{"detail": 3}"#).is_none());
        assert!(decode_error(br#"["detail"]"#).is_none());
    }

    #[test]
    fn credit_429_and_402_are_refusals() {
        let credit = br#"{"code": 429, "detail": "Insufficient credits", "type": "rate_limited"}"#;
        let throttle = br#"{"code": 429, "detail": "Rate limited", "type": "rate_limited"}"#;
        assert_eq!(classify_error(429, credit), Some(ErrorKind::Forbidden));
        assert_eq!(classify_error(402, throttle), Some(ErrorKind::Forbidden));
        assert_eq!(classify_error(429, throttle), None);
        assert_eq!(classify_error(429, b"<html>credit</html>"), None);
    }
}
