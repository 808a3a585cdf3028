//! The FastAPI/pydantic error shapes AskUI and Dreadnode answer in, as typed structs: a `detail`
//! that is either text or a list of validation items `{loc, msg, type}`. Servers are read
//! leniently: a part of another shape is skipped rather than failing the whole envelope.

use serde::Deserialize;
use serde::de::IgnoredAny;

/// A value of type `T`, or `None` when the server sent something else in its place.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Lenient<T> {
    /// The expected shape.
    Is(T),
    /// Anything else.
    Other(IgnoredAny),
}

impl<T> Lenient<T> {
    /// The value, if it had the expected shape.
    pub(crate) fn get(self) -> Option<T> {
        match self {
            Lenient::Is(v) => Some(v),
            Lenient::Other(_) => None,
        }
    }
}

/// `detail`: plain text, or validation items.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Detail {
    /// `"Not authenticated"`.
    Text(String),
    /// `[{loc, msg, type}]`.
    Items(Vec<ValidationItem>),
    /// Any other shape: not this envelope.
    Other(IgnoredAny),
}

impl Detail {
    /// The detail as lines: the text, or one line per item. `None` when it is neither.
    pub(crate) fn lines(self) -> Option<Vec<String>> {
        match self {
            Detail::Text(text) => Some(vec![text]),
            Detail::Items(items) => Some(items.iter().map(ValidationItem::describe).collect()),
            Detail::Other(_) => None,
        }
    }
}

/// One validation item, each part optional: an item of another shape reads as "invalid value".
#[derive(Debug, Default, Deserialize)]
#[serde(from = "Lenient<ItemFields>")]
pub(crate) struct ValidationItem {
    loc: Vec<String>,
    msg: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ItemFields {
    #[serde(default)]
    loc: Option<Lenient<Vec<LocPart>>>,
    #[serde(default)]
    msg: Option<Lenient<String>>,
}

/// One part of a `loc` path: a field name or an index.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LocPart {
    Name(String),
    Index(i64),
    Other(IgnoredAny),
}

impl From<Lenient<ItemFields>> for ValidationItem {
    fn from(item: Lenient<ItemFields>) -> Self {
        let Some(fields) = item.get() else {
            return ValidationItem::default();
        };
        let loc = fields
            .loc
            .and_then(Lenient::get)
            .unwrap_or_default()
            .into_iter()
            .map(|part| match part {
                LocPart::Name(name) => name,
                LocPart::Index(i) => i.to_string(),
                LocPart::Other(_) => "?".to_string(),
            })
            .collect();
        ValidationItem {
            loc,
            msg: fields.msg.and_then(Lenient::get),
        }
    }
}

impl ValidationItem {
    /// `loc.path: msg`, e.g. `body.permission: Input should be 'owner'`.
    pub(crate) fn describe(&self) -> String {
        let msg = self.msg.as_deref().unwrap_or("invalid value");
        if self.loc.is_empty() {
            msg.to_string()
        } else {
            format!("{}: {msg}", self.loc.join("."))
        }
    }
}

/// The bytes of a JSON object, or `None` for anything else: serde reads a struct from an array
/// too, which no error envelope is.
pub(crate) fn object(bytes: &[u8]) -> Option<&[u8]> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    (*first == b'{').then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_read_leniently() {
        let items: Vec<ValidationItem> = serde_json::from_str(
            r#"[{"loc": ["body", "privileges", 0], "msg": "Input should be 'x'", "type": "enum"},
                {"msg": "Field required"}, {"loc": "body", "msg": 3}, "text"]"#,
        )
        .unwrap();
        let lines: Vec<String> = items.iter().map(ValidationItem::describe).collect();
        assert_eq!(
            lines,
            [
                "body.privileges.0: Input should be 'x'",
                "Field required",
                "invalid value",
                "invalid value"
            ]
        );
    }
}
