//! Reading a listing's items while its answer arrives, one item at a time.
//!
//! A workspace of 100,000 members is a 30 MB answer. Buffering it whole, then decoding it, held the
//! body, the decoded items and the rows built from them at once (a peak of three times what roster
//! keeps). [`Splitter`] instead finds the items array in the bytes as they come, hands out each
//! item's bytes as soon as the item is complete (the caller decodes it into its typed struct and
//! keeps what it needs), and keeps the rest of the answer, the envelope, with `[]` in place of the
//! items, for a typed decode at the end (a page's `next` link, say). Memory is one item plus the
//! envelope, whatever the answer's size.
//!
//! The splitter checks the structure it walks through (the array and the separators between items);
//! each item and the envelope are then checked by serde as they are decoded, so an answer that is
//! not JSON still fails as one.

use serde::de::{Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::fmt;

/// Where a listing's items are in its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemsAt {
    /// The answer is a bare array of items.
    Root,
    /// The items are the array under this key of the answer's top-level object; the other keys
    /// form the envelope.
    Key(&'static str),
}

/// Why the bytes of an answer could not be split into items.
#[derive(Debug)]
pub enum SplitError<E> {
    /// The bytes are not JSON (or end in the middle of a value).
    Syntax(String),
    /// JSON, but not the shape this listing has (an object where a list belongs).
    Shape(String),
    /// One item, or everything around the items, is larger than the splitter keeps.
    TooLarge(String),
    /// The caller refused an item (it did not decode, or a limit was reached).
    Item(E),
}

/// Stands for the items array in an envelope read after a [`Splitter`]: the items were handed out
/// one by one, and the envelope holds `[]` in their place. Anything but an empty array is refused,
/// so a key that was not split (not an array) still fails like the typed field would.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Streamed;

impl<'de> Deserialize<'de> for Streamed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Empty;
        impl<'de> Visitor<'de> for Empty {
            type Value = Streamed;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Streamed, A::Error> {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(serde::de::Error::custom("a second list of items"));
                }
                Ok(Streamed)
            }
        }
        deserializer.deserialize_seq(Empty)
    }
}

/// Where the splitter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the answer's first byte that is not white space.
    Start,
    /// Outside the items array: bytes go to the envelope.
    Envelope,
    /// Inside the items array, between two items.
    Between,
    /// Inside one item.
    Item,
    /// The answer's top-level value is complete (only white space may follow; serde checks).
    Rest,
}

/// What kind of value the current item is, which decides where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    /// An object or an array: ends when its brackets balance.
    Container,
    /// A string: ends at its closing quote.
    Text,
    /// A number, `true`, `false` or `null`: ends before the next separator.
    Scalar,
}

/// What may come next between items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The first item or `]`.
    FirstOrEnd,
    /// An item (after a comma).
    Item,
    /// A comma or `]`.
    CommaOrEnd,
}

/// Longest object key compared against the items' key; longer keys cannot be it.
const KEY_MAX: usize = 64;

/// Most bytes of one item, and of the envelope: what the splitter ever holds.
pub const PART_MAX: usize = super::limits::MAX_BODY_BYTES;

/// Splits an answer into its items and its envelope, fed chunk by chunk. See the module
/// documentation.
#[derive(Debug)]
pub struct Splitter {
    at: ItemsAt,
    phase: Phase,
    /// Open brackets outside the items (the envelope's nesting).
    depth: usize,
    /// Open brackets inside the current item.
    item_depth: usize,
    item_kind: ItemKind,
    expect: Expect,
    in_string: bool,
    escaped: bool,
    /// The envelope so far, with `[]` in place of the items.
    envelope: Vec<u8>,
    /// The current item's bytes.
    item: Vec<u8>,
    /// Key mode: the key being read at the top level (raw, without quotes), and whether it overflowed.
    key: Vec<u8>,
    key_long: bool,
    reading_key: bool,
    /// Key mode: a key is expected next at the top level (after `{` or `,`).
    expect_key: bool,
    /// Key mode: the last top-level key was the items' key and its `:` came.
    at_items_value: bool,
    /// Key mode: the last top-level key was the items' key, its `:` not yet seen.
    key_matched: bool,
    items: usize,
}

impl Splitter {
    /// A splitter for items at `at`.
    pub fn new(at: ItemsAt) -> Self {
        Splitter {
            at,
            phase: Phase::Start,
            depth: 0,
            item_depth: 0,
            item_kind: ItemKind::Scalar,
            expect: Expect::FirstOrEnd,
            in_string: false,
            escaped: false,
            envelope: Vec::new(),
            item: Vec::new(),
            key: Vec::new(),
            key_long: false,
            reading_key: false,
            expect_key: false,
            at_items_value: false,
            key_matched: false,
            items: 0,
        }
    }

    /// How many items were handed out.
    pub fn items(&self) -> usize {
        self.items
    }

    /// Feeds the next bytes; `on_item` gets each complete item's bytes. An error stops the split.
    pub fn feed<E>(
        &mut self,
        bytes: &[u8],
        on_item: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), SplitError<E>> {
        let mut i = 0;
        while i < bytes.len() {
            i = match self.phase {
                Phase::Item => self.in_item(bytes, i, on_item)?,
                _ => {
                    self.outside_item(bytes[i])?;
                    i + 1
                }
            };
        }
        Ok(())
    }

    /// The answer ended: the envelope's bytes (with `[]` in place of the items), or why the answer
    /// is incomplete.
    pub fn finish<E>(self) -> Result<Vec<u8>, SplitError<E>> {
        match self.phase {
            Phase::Rest => Ok(self.envelope),
            Phase::Start => Err(SplitError::Syntax("the answer is empty".into())),
            // A scalar item can only end at a separator, so here the array itself is unclosed.
            _ => Err(SplitError::Syntax(
                "the answer ends in the middle of a value".into(),
            )),
        }
    }

    /// Reads the current item from `bytes[start..]`; returns where reading stopped.
    fn in_item<E>(
        &mut self,
        bytes: &[u8],
        start: usize,
        on_item: &mut dyn FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<usize, SplitError<E>> {
        let mut i = start;
        let mut done = false;
        while i < bytes.len() {
            let b = bytes[i];
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.item_kind == ItemKind::Text {
                        i += 1;
                        done = true;
                        break;
                    }
                }
                i += 1;
                continue;
            }
            match (self.item_kind, b) {
                (ItemKind::Scalar, b',' | b']' | b' ' | b'\t' | b'\n' | b'\r') => {
                    // The separator is not part of the item: it is read between items.
                    done = true;
                    break;
                }
                (ItemKind::Container, b'"') => self.in_string = true,
                (ItemKind::Container, b'{' | b'[') => self.item_depth += 1,
                (ItemKind::Container, b'}' | b']') => {
                    self.item_depth -= 1;
                    if self.item_depth == 0 {
                        i += 1;
                        done = true;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.item.extend_from_slice(&bytes[start..i]);
        if self.item.len() > PART_MAX {
            return Err(SplitError::TooLarge(format!(
                "item {} is larger than {} MiB; refusing it",
                self.items + 1,
                PART_MAX >> 20
            )));
        }
        if done {
            self.items += 1;
            self.phase = Phase::Between;
            self.expect = Expect::CommaOrEnd;
            on_item(&self.item).map_err(SplitError::Item)?;
            self.item.clear();
        }
        Ok(i)
    }

    /// One byte outside any item.
    fn outside_item<E>(&mut self, b: u8) -> Result<(), SplitError<E>> {
        if self.envelope.len() > PART_MAX {
            return Err(SplitError::TooLarge(format!(
                "the answer around its items is larger than {} MiB; refusing it",
                PART_MAX >> 20
            )));
        }
        match self.phase {
            Phase::Start => self.start(b),
            Phase::Between => self.between(b),
            Phase::Envelope => {
                self.envelope_byte(b);
                Ok(())
            }
            Phase::Rest => {
                self.envelope.push(b);
                Ok(())
            }
            Phase::Item => unreachable!("items are read by in_item"),
        }
    }

    /// The answer's first byte that is not white space: its kind must fit the listing's shape.
    fn start<E>(&mut self, b: u8) -> Result<(), SplitError<E>> {
        if is_space(b) {
            return Ok(());
        }
        let found = match b {
            b'[' => "a list",
            b'{' => "an object",
            b'"' => "a string",
            b'-' | b'0'..=b'9' => "a number",
            b't' | b'f' => "true or false",
            b'n' => "null",
            _ => {
                return Err(SplitError::Syntax(format!(
                    "expected a JSON value, found {}",
                    describe_byte(b)
                )));
            }
        };
        match (self.at, b) {
            (ItemsAt::Root, b'[') => {
                self.envelope.push(b'[');
                self.depth = 1;
                self.phase = Phase::Between;
                self.expect = Expect::FirstOrEnd;
                Ok(())
            }
            (ItemsAt::Key(_), b'{') => {
                self.envelope.push(b'{');
                self.depth = 1;
                self.expect_key = true;
                self.phase = Phase::Envelope;
                Ok(())
            }
            (ItemsAt::Root, _) => Err(SplitError::Shape(format!("expected a list, found {found}"))),
            (ItemsAt::Key(_), _) => Err(SplitError::Shape(format!(
                "expected an object, found {found}"
            ))),
        }
    }

    /// One byte of the envelope. Tracks nesting, strings and, at the top level, the keys.
    fn envelope_byte(&mut self, b: u8) {
        if self.in_string {
            self.envelope.push(b);
            if self.escaped {
                self.escaped = false;
                self.key_byte(b);
            } else if b == b'\\' {
                self.escaped = true;
                self.key_byte(b);
            } else if b == b'"' {
                self.in_string = false;
                if self.reading_key {
                    self.reading_key = false;
                    self.key_matched = self.key_is_items();
                }
            } else {
                self.key_byte(b);
            }
            return;
        }
        if is_space(b) {
            self.envelope.push(b);
            return;
        }
        if self.at_items_value {
            self.at_items_value = false;
            if b == b'[' {
                // The items: `[` now, `]` when they end; nothing in between.
                self.envelope.push(b'[');
                self.phase = Phase::Between;
                self.expect = Expect::FirstOrEnd;
                return;
            }
        }
        self.envelope.push(b);
        match b {
            b'"' => {
                self.in_string = true;
                if self.depth == 1 && self.expect_key {
                    self.expect_key = false;
                    self.reading_key = true;
                    self.key.clear();
                    self.key_long = false;
                }
            }
            b':' if self.depth == 1 => {
                self.at_items_value = std::mem::take(&mut self.key_matched);
            }
            b',' if self.depth == 1 => self.expect_key = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                // Unbalanced brackets are left for serde to report on the envelope.
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.phase = Phase::Rest;
                }
            }
            _ => {}
        }
    }

    fn key_byte(&mut self, b: u8) {
        if self.reading_key {
            if self.key.len() < KEY_MAX {
                self.key.push(b);
            } else {
                self.key_long = true;
            }
        }
    }

    /// Whether the key just read is the items' key (escapes decoded).
    fn key_is_items(&self) -> bool {
        let ItemsAt::Key(want) = self.at else {
            return false;
        };
        if self.key_long {
            return false;
        }
        if !self.key.contains(&b'\\') {
            return self.key == want.as_bytes();
        }
        let mut quoted = Vec::with_capacity(self.key.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(&self.key);
        quoted.push(b'"');
        serde_json::from_slice::<String>(&quoted).is_ok_and(|k| k == want)
    }

    /// One byte between two items of the array.
    fn between<E>(&mut self, b: u8) -> Result<(), SplitError<E>> {
        if is_space(b) {
            return Ok(());
        }
        match (self.expect, b) {
            (Expect::FirstOrEnd | Expect::CommaOrEnd, b']') => {
                self.envelope.push(b']');
                self.depth -= 1;
                self.phase = if self.depth == 0 {
                    Phase::Rest
                } else {
                    Phase::Envelope
                };
                Ok(())
            }
            (Expect::CommaOrEnd, b',') => {
                self.expect = Expect::Item;
                Ok(())
            }
            (Expect::CommaOrEnd, other) => Err(SplitError::Syntax(format!(
                "expected `,` or `]` after item {}, found {}",
                self.items,
                describe_byte(other)
            ))),
            (_, b',' | b']') => Err(SplitError::Syntax(format!(
                "expected an item after item {}, found {}",
                self.items,
                describe_byte(b)
            ))),
            (_, first) => {
                self.item_kind = match first {
                    b'{' | b'[' => {
                        self.item_depth = 1;
                        ItemKind::Container
                    }
                    b'"' => {
                        self.in_string = true;
                        ItemKind::Text
                    }
                    _ => ItemKind::Scalar,
                };
                self.item.clear();
                self.item.push(first);
                self.phase = Phase::Item;
                Ok(())
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn describe_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Splits `body` fed in chunks of `chunk` bytes: the items as values, and the envelope.
    fn split(
        at: ItemsAt,
        body: &[u8],
        chunk: usize,
    ) -> Result<(Vec<Value>, Value), SplitError<String>> {
        let mut s = Splitter::new(at);
        let mut items = Vec::new();
        for part in body.chunks(chunk.max(1)) {
            s.feed(part, &mut |bytes| {
                serde_json::from_slice::<Value>(bytes)
                    .map(|v| items.push(v))
                    .map_err(|e| e.to_string())
            })?;
        }
        let envelope = s.finish()?;
        let envelope =
            serde_json::from_slice(&envelope).map_err(|e| SplitError::Syntax(e.to_string()))?;
        Ok((items, envelope))
    }

    #[test]
    fn a_bare_list_is_split_into_its_items() {
        let body =
            br#" [ {"a": "x]}\"", "b": [1, {"c": null}]}, "s,]", 12.5e3 , true, null, [] ] "#;
        for chunk in [1, 2, 3, 7, 1000] {
            let (items, envelope) = split(ItemsAt::Root, body, chunk).unwrap();
            assert_eq!(
                Value::Array(items),
                serde_json::json!([{"a": "x]}\"", "b": [1, {"c": null}]}, "s,]", 12.5e3, true, null, []]),
                "chunks of {chunk}"
            );
            assert_eq!(envelope, serde_json::json!([]));
        }
    }

    #[test]
    fn the_items_key_is_split_out_of_its_envelope() {
        let body = br#"{"count": 2, "prev": {"results": [9]}, "results": [{"id": 1}, {"id": 2}], "next": "http://x/?a=[1]"}"#;
        for chunk in [1, 5, 1000] {
            let (items, envelope) = split(ItemsAt::Key("results"), body, chunk).unwrap();
            assert_eq!(
                Value::Array(items),
                serde_json::json!([{"id": 1}, {"id": 2}])
            );
            assert_eq!(
                envelope,
                serde_json::json!({"count": 2, "prev": {"results": [9]}, "results": [], "next": "http://x/?a=[1]"})
            );
        }
        // An escaped key is the same key.
        let (items, _) = split(ItemsAt::Key("data"), br#"{"d\u0061ta": [1]}"#, 3).unwrap();
        assert_eq!(items, vec![serde_json::json!(1)]);
    }

    #[test]
    fn a_wrong_shape_or_no_json_fails_at_once() {
        assert!(matches!(
            split(ItemsAt::Root, br#"{"users": []}"#, 4),
            Err(SplitError::Shape(m)) if m == "expected a list, found an object"
        ));
        assert!(matches!(
            split(ItemsAt::Key("data"), b"[{\"a\":0}]", 4),
            Err(SplitError::Shape(_))
        ));
        assert!(matches!(
            split(ItemsAt::Root, b"<html>", 4),
            Err(SplitError::Syntax(_))
        ));
        assert!(matches!(
            split(ItemsAt::Root, b"", 4),
            Err(SplitError::Syntax(_))
        ));
        for broken in [
            &b"[1,,2]"[..],
            b"[1 2]",
            b"[1,]",
            b"[,1]",
            b"[{\"a\":1}",
            b"[\"abc",
        ] {
            assert!(
                matches!(split(ItemsAt::Root, broken, 2), Err(SplitError::Syntax(_))),
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
        // Broken inside an item: the item's decode says so.
        assert!(matches!(
            split(ItemsAt::Root, b"[{\"a\":]}]", 2),
            Err(SplitError::Item(_))
        ));
    }

    #[test]
    fn an_item_refused_stops_the_split() {
        let mut s = Splitter::new(ItemsAt::Root);
        let mut seen = 0;
        let err = s.feed(b"[1, 2, 3]", &mut |_| {
            seen += 1;
            if seen == 2 { Err("enough") } else { Ok(()) }
        });
        assert!(matches!(err, Err(SplitError::Item("enough"))));
        assert_eq!(seen, 2);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[\\[\\]{}\",:\\\\ a-z\u{e9}\u{1F600}]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\\]\\[\"]{0,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Whatever the items and however the bytes are cut, the split gives back exactly the
        /// items serde reads from the whole answer.
        #[test]
        fn splitting_agrees_with_decoding_the_whole_answer(
            items in prop::collection::vec(json_value(), 0..6),
            chunk in 1usize..17,
            pretty in any::<bool>(),
        ) {
            let whole = Value::Array(items.clone());
            let body = if pretty {
                serde_json::to_vec_pretty(&whole).unwrap()
            } else {
                serde_json::to_vec(&whole).unwrap()
            };
            let (got, envelope) = split(ItemsAt::Root, &body, chunk).unwrap();
            prop_assert_eq!(got, items.clone());
            prop_assert_eq!(envelope, serde_json::json!([]));
            let wrapped = serde_json::to_vec(&serde_json::json!({"a": [1], "data": whole, "z": "data"})).unwrap();
            let (got, envelope) = split(ItemsAt::Key("data"), &wrapped, chunk).unwrap();
            prop_assert_eq!(got, items);
            prop_assert_eq!(envelope, serde_json::json!({"a": [1], "data": [], "z": "data"}));
        }

        /// Arbitrary bytes never panic, and whatever is accepted is what serde accepts.
        #[test]
        fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..64), chunk in 1usize..9) {
            if let Ok((items, _)) = split(ItemsAt::Root, &body, chunk) {
                let whole: Value = serde_json::from_slice(&body).unwrap();
                prop_assert_eq!(Value::Array(items), whole);
            }
        }
    }
}
