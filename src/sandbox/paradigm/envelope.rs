//! Paradigm's answers: the v3 error envelope, plain DRF errors, request IDs and DRF page-number paging.

use axum::Json;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::ops::Range;

/// Where the v3 envelope's `doc_url` points.
const DOC_URL: &str = "https://docs.lighton.ai/api-reference-v3";
/// DRF's default page size.
const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest `page_size` the listings honour.
const MAX_PAGE_SIZE: usize = 100;

/// The ID of one request: sent as `x-request-id` and as the error envelope's `id`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A refusal, rendered as `APIV3ErrorResponse` (or plain DRF `{detail}` where DRF answers itself).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: &'static str,
    detail: String,
    fields: Option<Map<String, Value>>,
    plain: bool,
}

/// What a handler produces before the request ID is known to it.
pub type Outcome = Result<(StatusCode, Value), ApiError>;

impl ApiError {
    /// A v3 error.
    pub fn new(status: StatusCode, error: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            error,
            detail: detail.into(),
            fields: None,
            plain: false,
        }
    }

    /// 404 in the v3 envelope.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    /// A 4xx that DRF itself produces as plain `{"detail": …}` (bad page, unknown route, bad JSON).
    pub fn plain(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError {
            plain: true,
            ..Self::new(status, "error", detail)
        }
    }

    /// 400 with per-field errors `{name: [{error, detail}]}`.
    pub fn validation(fields: Map<String, Value>) -> Self {
        ApiError {
            fields: Some(fields),
            ..Self::new(
                StatusCode::BAD_REQUEST,
                "validation_error",
                "Invalid input.",
            )
        }
    }

    /// 500 when the sandbox cannot persist its state.
    pub fn storage(e: std::io::Error) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            format!("The sandbox could not save its state: {e}"),
        )
    }

    /// The HTTP answer, carrying `rid` as the envelope's `id`.
    pub fn into_response_with(self, rid: &RequestId) -> Response {
        let body = if self.plain {
            json!({"detail": self.detail})
        } else {
            let mut body = json!({
                "id": rid.0,
                "code": self.status.as_u16(),
                "error": self.error,
                "detail": self.detail,
                "doc_url": DOC_URL,
            });
            if let Some(fields) = self.fields {
                body["fields"] = Value::Object(fields);
            }
            body
        };
        let mut resp = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        resp
    }
}

/// Adds one field error in the SDK's validation shape.
pub fn field_error(
    fields: &mut Map<String, Value>,
    name: &str,
    error: &'static str,
    detail: impl Into<String>,
) {
    let entry = fields
        .entry(name.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = entry {
        list.push(json!({"error": error, "detail": detail.into()}));
    }
}

/// Renders a handler's outcome.
pub fn reply(rid: &RequestId, outcome: Outcome) -> Response {
    match outcome {
        Ok((status, body)) => (status, Json(body)).into_response(),
        Err(e) => e.into_response_with(rid),
    }
}

/// The request's query as ordered pairs.
pub fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// The last value of query parameter `name`.
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// DRF `PageNumberPagination` over `count` items: `page` (1-based; out of range → 404 "Invalid
/// page."), `page_size` (default 20, at most 100), answer `{count, next, previous, results}` with
/// absolute links built from the request's Host header and full path, other query parameters kept.
/// `items` renders the requested range only, so reading page after page never renders the whole
/// list again.
pub fn paginate(
    count: usize,
    items: impl FnOnce(Range<usize>) -> Vec<Value>,
    pairs: &[(String, String)],
    headers: &HeaderMap,
    uri: &Uri,
) -> Outcome {
    let size = param(pairs, "page_size")
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .map_or(DEFAULT_PAGE_SIZE, |n| n.min(MAX_PAGE_SIZE));
    let pages = count.div_ceil(size).max(1);
    let page = match param(pairs, "page").map(str::trim) {
        None => 1,
        Some("last") => pages,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(ApiError::plain(StatusCode::NOT_FOUND, "Invalid page.")),
        },
    };
    if page > pages {
        return Err(ApiError::plain(StatusCode::NOT_FOUND, "Invalid page."));
    }
    let start = (page - 1) * size;
    let results = items(start..count.min(start + size));
    let link = |target: usize| {
        // DRF drops `page` from the link to the first page.
        page_link(headers, uri, pairs, (target > 1).then_some(target))
    };
    let next = (page < pages).then(|| link(page + 1));
    let previous = (page > 1).then(|| link(page - 1));
    Ok((
        StatusCode::OK,
        json!({"count": count, "next": next, "previous": previous, "results": results}),
    ))
}

fn page_link(
    headers: &HeaderMap,
    uri: &Uri,
    pairs: &[(String, String)],
    page: Option<usize>,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .unwrap_or("localhost");
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(k, _)| k != "page") {
        query.append_pair(k, v);
    }
    if let Some(p) = page {
        query.append_pair("page", &p.to_string());
    }
    let query = query.finish();
    let sep = if query.is_empty() { "" } else { "?" };
    format!("http://{host}{}{sep}{query}", uri.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_absolutely_and_keep_filters() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:9".parse().unwrap());
        let uri: Uri = "/paradigm/api/v3/users?group_id=4&page=2&page_size=2"
            .parse()
            .unwrap();
        let pairs = query_pairs(uri.query());
        let items: Vec<Value> = (0..5).map(Value::from).collect();
        let (_, body) = paginate(5, |r| items[r].to_vec(), &pairs, &headers, &uri).unwrap();
        assert_eq!(body["count"], 5);
        assert_eq!(body["results"], json!([2, 3]));
        assert_eq!(
            body["next"],
            "http://127.0.0.1:9/paradigm/api/v3/users?group_id=4&page_size=2&page=3"
        );
        assert_eq!(
            body["previous"],
            "http://127.0.0.1:9/paradigm/api/v3/users?group_id=4&page_size=2"
        );
        let beyond = query_pairs(Some("page=4&page_size=2"));
        assert!(paginate(0, |_| Vec::new(), &beyond, &headers, &uri).is_err());
    }

    #[test]
    fn a_page_renders_only_its_own_items() {
        let headers = HeaderMap::new();
        let uri: Uri = "/paradigm/api/v3/users".parse().unwrap();
        let pairs = query_pairs(Some("page=3&page_size=100"));
        let mut asked = Vec::new();
        let (_, body) = paginate(
            100_000,
            |r| {
                asked.push(r.clone());
                r.map(Value::from).collect()
            },
            &pairs,
            &headers,
            &uri,
        )
        .unwrap();
        assert_eq!(asked, vec![200..300], "one range, the page's own");
        assert_eq!(body["count"], 100_000);
        assert_eq!(body["results"][0], 200);
        let last = query_pairs(Some("page=last&page_size=30"));
        let mut asked = Vec::new();
        paginate(
            100,
            |r| {
                asked.push(r.clone());
                Vec::new()
            },
            &last,
            &headers,
            &uri,
        )
        .unwrap();
        assert_eq!(asked, vec![90..100], "the last page stops at the count");
    }
}
