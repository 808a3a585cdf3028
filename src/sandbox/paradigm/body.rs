//! Paradigm's request bodies: a JSON object and its integer and role fields, checked the way DRF does.

use super::envelope::{ApiError, field_error};
use axum::http::StatusCode;
use serde_json::{Map, Value};

/// The role enum (seed 003).
const ROLES: [&str; 3] = ["owner", "editor", "viewer"];

/// Parses a JSON object body, or answers like DRF does.
pub(super) fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(other) => {
            let mut fields = Map::new();
            let kind = match other {
                Value::Array(_) => "list",
                Value::String(_) => "str",
                Value::Null => "null",
                _ => "scalar",
            };
            field_error(
                &mut fields,
                "non_field_errors",
                "invalid",
                format!("Invalid data. Expected a dictionary, but got {kind}."),
            );
            Err(ApiError::validation(fields))
        }
        Err(e) => Err(ApiError::plain(
            StatusCode::BAD_REQUEST,
            format!("JSON parse error - {e}"),
        )),
    }
}

/// DRF `IntegerField`: a JSON integer or a string of digits; absent/null is `None` without error.
pub(super) fn integer_field(
    v: Option<&Value>,
    name: &str,
    fields: &mut Map<String, Value>,
) -> Option<u64> {
    let parsed = match v {
        None | Some(Value::Null) => return None,
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    if parsed.is_none() {
        field_error(fields, name, "invalid", "A valid integer is required.");
    }
    parsed
}

/// A required role of the enum.
pub(super) fn role_field(
    v: Option<&Value>,
    name: &str,
    fields: &mut Map<String, Value>,
) -> Option<&'static str> {
    match v {
        None | Some(Value::Null) => {
            field_error(fields, name, "required", "This field is required.");
            None
        }
        Some(Value::String(s)) => {
            let found = ROLES.into_iter().find(|r| r == s);
            if found.is_none() {
                field_error(
                    fields,
                    name,
                    "invalid_choice",
                    format!("\"{s}\" is not a valid choice."),
                );
            }
            found
        }
        Some(other) => {
            field_error(
                fields,
                name,
                "invalid_choice",
                format!("\"{other}\" is not a valid choice."),
            );
            None
        }
    }
}
