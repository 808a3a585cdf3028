//! The keys in force: the registry's, with the config's `[keys]` rebindings applied. A rebinding
//! that would make one key mean two things in the same place is refused and reported (with the
//! config's `file:line`), keeping the registry's keys for that action.

use super::bindings::BINDINGS;
use super::key::{Key, keys_label};

/// One `[keys]` entry of the config: a binding's name and the keys it should answer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// The binding's name in the registry (`sort`, `add.submit`, …).
    pub name: String,
    /// The keys as written (`"o"`, `"ctrl-s"`).
    pub keys: Vec<String>,
    /// Where it was written, `file:line`, for messages.
    pub origin: String,
}

/// The keys of every binding of the registry, by position in [`BINDINGS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    keys: Vec<Vec<Key>>,
    rebound: Vec<bool>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            keys: BINDINGS.iter().map(|b| b.keys.to_vec()).collect(),
            rebound: vec![false; BINDINGS.len()],
        }
    }
}

impl Keymap {
    /// The registry's keys with `overrides` applied in order. Returns the problems found (an
    /// unknown name, a key roster cannot read, a conflict), each starting with its `file:line`;
    /// the entry concerned is left out, so the action keeps the keys it had.
    pub fn with_overrides(overrides: &[KeyOverride]) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for o in overrides {
            let Some(index) = BINDINGS.iter().position(|b| b.name == o.name) else {
                problems.push(format!(
                    "{}: `{}` is not an action roster knows; the README's key table lists the \
                     names",
                    o.origin,
                    crate::sanitize::sanitize_line(&o.name)
                ));
                continue;
            };
            let keys: Result<Vec<Key>, String> = o.keys.iter().map(|k| Key::parse(k)).collect();
            let keys = match keys {
                Ok(k) if !k.is_empty() => k,
                Ok(_) => {
                    problems.push(format!("{}: `{}` has no key", o.origin, o.name));
                    continue;
                }
                Err(e) => {
                    problems.push(format!("{}: `{}`: {e}", o.origin, o.name));
                    continue;
                }
            };
            if let Some(clash) = map.clash(index, &keys) {
                problems.push(format!(
                    "{}: `{}` = {} conflicts with `{}`, which already uses {} in the {}; kept \
                     the keys of `{}`",
                    o.origin,
                    o.name,
                    keys_label(&keys),
                    BINDINGS[clash.0].name,
                    clash.1.label(),
                    clash.2,
                    o.name
                ));
                continue;
            }
            map.keys[index] = keys;
            map.rebound[index] = true;
        }
        (map, problems)
    }

    /// The keys of binding `index`.
    pub fn keys(&self, index: usize) -> &[Key] {
        self.keys.get(index).map_or(&[], Vec::as_slice)
    }

    /// Whether the config rebound binding `index`.
    pub fn is_rebound(&self, index: usize) -> bool {
        self.rebound.get(index).copied().unwrap_or(false)
    }

    /// Another binding that shares a context and one of `keys` with binding `index`: its index,
    /// the key and where.
    fn clash(&self, index: usize, keys: &[Key]) -> Option<(usize, Key, &'static str)> {
        let me = &BINDINGS[index];
        BINDINGS.iter().enumerate().find_map(|(j, other)| {
            if j == index {
                return None;
            }
            let ctx = me.contexts.iter().find(|c| other.applies(**c))?;
            let key = keys.iter().find(|k| self.keys(j).contains(k))?;
            Some((j, *key, ctx.label()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(name: &str, keys: &[&str]) -> KeyOverride {
        KeyOverride {
            name: name.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
            origin: "config.toml:3".into(),
        }
    }

    #[test]
    fn a_rebinding_replaces_the_keys_and_a_conflict_is_refused_with_its_line() {
        let (map, problems) = Keymap::with_overrides(&[o("sort", &["o"]), o("add", &["r"])]);
        let sort = BINDINGS.iter().position(|b| b.name == "sort").unwrap();
        let add = BINDINGS.iter().position(|b| b.name == "add").unwrap();
        assert_eq!(map.keys(sort), &[Key::ch('o')]);
        assert!(map.is_rebound(sort));
        assert_eq!(
            map.keys(add),
            &[Key::ch('a')],
            "the conflicting rebinding is left out"
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("config.toml:3: `add` = r conflicts with `refresh`"));
    }

    #[test]
    fn unknown_names_and_unreadable_keys_are_reported() {
        let (_, problems) =
            Keymap::with_overrides(&[o("frobnicate", &["f"]), o("sort", &["ctrl-"])]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("`frobnicate` is not an action"));
        assert!(problems[1].contains("is not a key"));
    }

    #[test]
    fn the_registry_has_no_conflict_and_unique_names() {
        let map = Keymap::default();
        for (i, b) in BINDINGS.iter().enumerate() {
            assert!(map.clash(i, b.keys).is_none(), "{} clashes", b.name);
            assert_eq!(
                BINDINGS.iter().filter(|o| o.name == b.name).count(),
                1,
                "{}",
                b.name
            );
        }
    }
}
