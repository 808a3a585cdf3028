//! Length limits on the text fields of answers, checked while they are decoded.
//!
//! A name, an email or a role longer than [`TEXT_MAX`], or an ID longer than [`ID_MAX`], is no
//! person's: a server sending one is broken or hostile. Such an answer is refused at that field
//! (the decode error names it), so a page carrying a 20 MiB name costs one pass over its bytes
//! instead of being kept, page after page.
//!
//! Use on wire struct fields: `#[serde(deserialize_with = "bounded::name")]`, or the `opt_` form
//! with `#[serde(default, deserialize_with = "bounded::opt_name")]` for optional fields.

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;

/// Most bytes of a name, an email address or a role.
pub const TEXT_MAX: usize = 1024;
/// Most bytes of an ID (user, workspace, membership, role).
pub const ID_MAX: usize = 256;
/// Most bytes of a next-page link.
pub const LINK_MAX: usize = 8 * 1024;

/// Reads a string of at most `max` bytes; `what` names the field in the error.
struct Bounded {
    what: &'static str,
    max: usize,
}

impl Bounded {
    fn check<E: Error>(&self, len: usize) -> Result<(), E> {
        if len > self.max {
            return Err(E::custom(format_args!(
                "the {} is {len} bytes long, over the {} bytes roster accepts",
                self.what, self.max
            )));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for Bounded {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "the {} as a string of at most {} bytes",
            self.what, self.max
        )
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
        self.check(v.len())?;
        Ok(v.to_string())
    }

    fn visit_string<E: Error>(self, v: String) -> Result<String, E> {
        self.check(v.len())?;
        Ok(v)
    }
}

/// Reads an optional string (null or absent is `None`) of at most `max` bytes.
struct OptBounded(Bounded);

impl<'de> Visitor<'de> for OptBounded {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or null")
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self.0).map(Some)
    }
}

macro_rules! bounded {
    ($(#[$doc:meta])* $required:ident, $optional:ident, $what:literal, $max:expr) => {
        $(#[$doc])*
        pub fn $required<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            d.deserialize_str(Bounded { what: $what, max: $max })
        }

        $(#[$doc])*
        /// Null or absent (with `#[serde(default)]`) is `None`.
        pub fn $optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
            d.deserialize_option(OptBounded(Bounded { what: $what, max: $max }))
        }
    };
}

bounded!(
    /// A person's, group's or workspace's name: at most [`TEXT_MAX`] bytes.
    name,
    opt_name,
    "name",
    TEXT_MAX
);
bounded!(
    /// An email address: at most [`TEXT_MAX`] bytes.
    email,
    opt_email,
    "email",
    TEXT_MAX
);
bounded!(
    /// A role, permission or privilege: at most [`TEXT_MAX`] bytes.
    role,
    opt_role,
    "role",
    TEXT_MAX
);
bounded!(
    /// An ID: at most [`ID_MAX`] bytes.
    id,
    opt_id,
    "ID",
    ID_MAX
);
bounded!(
    /// A next-page link: at most [`LINK_MAX`] bytes.
    link,
    opt_link,
    "next-page link",
    LINK_MAX
);

/// The first of a list of roles (a membership's privileges), at most [`TEXT_MAX`] bytes; the rest
/// are skipped unread, so a list of a million privileges costs nothing to keep.
pub fn first_role<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct First;
    impl<'de> Visitor<'de> for First {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of roles")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let first = seq.next_element_seed(Seed(Bounded {
                what: "role",
                max: TEXT_MAX,
            }))?;
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(first.into_iter().collect())
        }
    }
    d.deserialize_seq(First)
}

/// A [`Bounded`] string as a sequence element.
struct Seed(Bounded);

impl<'de> serde::de::DeserializeSeed<'de> for Seed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Row {
        #[serde(deserialize_with = "super::id")]
        id: String,
        #[serde(default, deserialize_with = "super::opt_name")]
        name: Option<String>,
    }

    #[test]
    fn text_within_the_limit_is_read_as_it_is() {
        let row: Row = serde_json::from_str(r#"{"id": "u-1", "name": "Ada \u00e9"}"#).unwrap();
        assert_eq!(
            (row.id.as_str(), row.name.as_deref()),
            ("u-1", Some("Ada é"))
        );
        let row: Row = serde_json::from_str(r#"{"id": "u-1", "name": null}"#).unwrap();
        assert_eq!(row.name, None);
        let row: Row = serde_json::from_str(r#"{"id": "u-1"}"#).unwrap();
        assert_eq!(row.name, None);
    }

    #[test]
    fn text_over_the_limit_is_refused_naming_the_field() {
        let long = "x".repeat(super::TEXT_MAX + 1);
        let err = serde_json::from_str::<Row>(&format!(r#"{{"id": "u", "name": "{long}"}}"#))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the name is 1025 bytes long, over the 1024 bytes roster accepts"),
            "{err}"
        );
        let err = serde_json::from_str::<Row>(&format!(r#"{{"id": "{}"}}"#, "7".repeat(257)))
            .unwrap_err();
        assert!(err.to_string().starts_with("the ID is 257 bytes"), "{err}");
        // Only the first role of a list is kept, and checked.
        #[derive(Debug, Deserialize)]
        struct Roles {
            #[serde(deserialize_with = "super::first_role")]
            roles: Vec<String>,
        }
        let roles: Roles = serde_json::from_str(r#"{"roles": ["a", 1, {"x": []}]}"#).unwrap();
        assert_eq!(roles.roles, ["a"]);
        let roles: Roles = serde_json::from_str(r#"{"roles": []}"#).unwrap();
        assert!(roles.roles.is_empty());
        let err =
            serde_json::from_str::<Roles>(&format!(r#"{{"roles": ["{long}"]}}"#)).unwrap_err();
        assert!(
            err.to_string().starts_with("the role is 1025 bytes"),
            "{err}"
        );
        // An escaped string is measured decoded.
        let escaped = "\\u0041".repeat(super::ID_MAX);
        assert!(serde_json::from_str::<Row>(&format!(r#"{{"id": "{escaped}"}}"#)).is_ok());
    }
}
