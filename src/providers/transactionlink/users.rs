//! The organisation's users, read once and shared by the member listings that follow.
//!
//! Memberships carry only user IDs, so every member listing needs the organisation's users, which
//! the API only serves as a paged list. Reading every page for every workspace made a crawl of 300
//! workspaces cost 300 × (users ÷ 100) requests. The index is kept instead, with an explicit scope
//! that never depends on the clock:
//!
//! - it is dropped whenever the client lists the workspaces again (every CLI command, the TUI's
//!   refresh of a profile), so a crawl or a browsing session starts from a fresh read;
//! - a membership naming a user the index does not know (someone joined since it was read) makes
//!   it read again, at most once per unknown user within one scope, so a membership of a user the
//!   organisation list never shows cannot turn every listing back into a full read;
//! - concurrent listings wait for one read instead of each starting their own.
//!
//! The index keeps what a member row needs of each user (lowercase ID, a UUID as its 16 bytes, email
//! and name) in one text shared by every user, with a small sorted entry per user to find them:
//! 137,500 users cost about 9 MB, not a table of separately allocated strings (26 MB) or the pages
//! plus a copy of each user. A listing reads it (or finds it) first, so each membership becomes a
//! row as it arrives.

use super::wire::{UserDto, UserKey};
use crate::http::LISTING_MAX;
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::Mutex;

/// What a member listing needs of a user, borrowed from a [`UserIndex`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownUser<'a> {
    email: &'a str,
    name: &'a str,
}

impl<'a> KnownUser<'a> {
    /// The user's email.
    pub fn email(&self) -> &'a str {
        self.email
    }

    /// "First Last", or `None` when the profile has no name.
    pub fn name(&self) -> Option<&'a str> {
        Some(self.name).filter(|n| !n.is_empty())
    }
}

/// Where one user's ID, email and name are in [`UserIndex::text`], one after another. The lengths
/// fit: decoding bounds an ID to 256 bytes and an email or a name to 1 KB (a full name to 2 KB).
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    id_len: u16,
    email_len: u16,
    name_len: u16,
    /// The ID is a lowercase hyphenated UUID, stored as its 16 bytes rather than 36 characters.
    uuid: bool,
}

impl Entry {
    fn bytes<'t>(&self, text: &'t [u8], from: usize, len: u16) -> &'t [u8] {
        let from = self.start as usize + from;
        text.get(from..from + len as usize).unwrap_or_default()
    }

    /// The ID as stored, and whether it is a UUID's bytes: the order the entries are sorted in.
    fn key<'t>(&self, text: &'t [u8]) -> (bool, &'t [u8]) {
        (self.uuid, self.bytes(text, 0, self.id_len))
    }

    /// Email or name: text pushed whole from a `str`, so always UTF-8.
    fn text<'t>(&self, text: &'t [u8], from: usize, len: u16) -> &'t str {
        std::str::from_utf8(self.bytes(text, from, len)).unwrap_or_default()
    }
}

/// The 16 bytes of `id` when it is a UUID written lowercase and hyphenated, as the index stores it.
fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    if id.len() != 36 {
        return None;
    }
    let uuid = uuid::Uuid::try_parse(id).ok()?;
    let mut buf = [0u8; 36];
    (*uuid.hyphenated().encode_lower(&mut buf) == *id).then(|| *uuid.as_bytes())
}

/// The organisation's users by lowercase ID: one text holding every user's ID, email and name, and
/// one entry per user, sorted by ID, to find them by binary search.
#[derive(Debug, Clone, Default)]
pub struct UserIndex {
    text: Vec<u8>,
    entries: Vec<Entry>,
}

impl UserIndex {
    /// The user whose lowercase ID is `id`.
    pub fn get(&self, id: &str) -> Option<KnownUser<'_>> {
        let uuid = uuid_bytes(id);
        let probe = match &uuid {
            Some(bytes) => (true, &bytes[..]),
            None => (false, id.as_bytes()),
        };
        self.find(probe)
    }

    /// The user whose entry's key ([`Entry::key`]) is `probe`.
    fn find(&self, probe: (bool, &[u8])) -> Option<KnownUser<'_>> {
        let at = self
            .entries
            .binary_search_by(|e| e.key(&self.text).cmp(&probe))
            .ok()?;
        let e = self.entries.get(at)?;
        Some(KnownUser {
            email: e.text(&self.text, e.id_len as usize, e.email_len),
            name: e.text(
                &self.text,
                e.id_len as usize + e.email_len as usize,
                e.name_len,
            ),
        })
    }

    /// The user whose ID has `key`.
    pub fn get_key(&self, key: &UserKey) -> Option<KnownUser<'_>> {
        match key {
            UserKey::Uuid(bytes) => self.find((true, bytes)),
            UserKey::Text(lower) => self.get(lower),
        }
    }

    /// How many users are known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Builds a [`UserIndex`] from the users pages as they arrive, and notes the user whose email is
/// `wanted`, if any (an add by email). What it keeps is bounded by [`LISTING_MAX`].
#[derive(Debug, Default)]
pub struct IndexBuilder {
    /// The index so far, in the order the users came (sorted by [`IndexBuilder::finish`]).
    index: UserIndex,
    /// The email looked for.
    pub wanted: Option<String>,
    /// The first user with that email, as the server sent it.
    pub found: Option<UserDto>,
    /// What the index keeps: text plus an entry per user.
    kept: usize,
}

/// What one index entry costs beyond its text.
const ENTRY_COST: usize = std::mem::size_of::<Entry>();

/// Bytes of text a user takes, about (a UUID's 16 bytes, an email and a name): room reserved once the
/// number of users is known. Room never written to is never resident.
const TEXT_PER_USER: usize = 64;

impl IndexBuilder {
    /// A builder that also looks for the user whose email is `email`.
    pub fn looking_for(email: &str) -> Self {
        IndexBuilder {
            wanted: Some(email.to_string()),
            ..IndexBuilder::default()
        }
    }

    /// Room for `users` more users (capped by the caller's page limit).
    pub fn reserve(&mut self, users: usize) {
        self.index.entries.reserve(users);
        self.index
            .text
            .reserve(users.saturating_mul(TEXT_PER_USER).min(LISTING_MAX));
    }

    /// How many users were added so far.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Adds `user`; refuses once the index would keep more than one listing may.
    pub fn add(&mut self, user: UserDto) -> Result<(), String> {
        let name = user.full_name().unwrap_or_default();
        let id = user.id.to_ascii_lowercase();
        let uuid = uuid_bytes(&id);
        let stored: &[u8] = match &uuid {
            Some(bytes) => bytes,
            None => id.as_bytes(),
        };
        let entry = Entry {
            start: u32::try_from(self.index.text.len()).unwrap_or(u32::MAX),
            id_len: u16::try_from(stored.len()).unwrap_or(u16::MAX),
            email_len: u16::try_from(user.email.len()).unwrap_or(u16::MAX),
            name_len: u16::try_from(name.len()).unwrap_or(u16::MAX),
            uuid: uuid.is_some(),
        };
        self.kept += stored.len() + user.email.len() + name.len() + ENTRY_COST;
        if self.kept > LISTING_MAX {
            return Err(format!(
                "the organisation's users take more than roster keeps of one listing ({} MiB, \
                 reached at user {}); its server sends far more than any real organisation",
                LISTING_MAX >> 20,
                self.index.len() + 1
            ));
        }
        let text = &mut self.index.text;
        text.extend_from_slice(stored);
        text.extend_from_slice(user.email.as_bytes());
        text.extend_from_slice(name.as_bytes());
        self.index.entries.push(entry);
        if self.found.is_none()
            && self
                .wanted
                .as_deref()
                .is_some_and(|w| user.email.trim().eq_ignore_ascii_case(w.trim()))
        {
            self.found = Some(user);
        }
        Ok(())
    }

    /// The index, sorted by ID; of two users with one ID, the one that came last counts.
    pub fn finish(self) -> (UserIndex, Option<UserDto>) {
        let IndexBuilder {
            mut index, found, ..
        } = self;
        let text = &index.text;
        index.entries.sort_by(|a, b| a.key(text).cmp(&b.key(text)));
        // A stable sort keeps equal IDs in arrival order: keep the last of each run.
        index.entries.dedup_by(|later, kept| {
            let same = later.key(text) == kept.key(text);
            if same {
                *kept = *later;
            }
            same
        });
        index.entries.shrink_to_fit();
        index.text.shrink_to_fit();
        (index, found)
    }
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct UsersCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    index: Option<Arc<UserIndex>>,
    /// Keys of IDs a read made after they were needed did not contain: not worth another read.
    absent: HashSet<UserKey>,
}

impl UsersCache {
    /// Starts a new scope: the next listing reads the users again.
    pub async fn forget(&self) {
        *self.state.lock().await = State::default();
    }

    /// Replaces the index with users just read in full (an add by email reads them anyway).
    pub async fn store(&self, index: UserIndex) {
        let mut state = self.state.lock().await;
        state.index = Some(Arc::new(index));
        state.absent.clear();
    }

    /// The index, read with `read` when there is none; `true` when this call read it. Holding the
    /// lock across the read makes concurrent callers wait for it rather than read the same pages
    /// again.
    pub async fn index<F, Fut, E>(&self, read: F) -> Result<(Arc<UserIndex>, bool), E>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<UserIndex, E>>,
    {
        let mut state = self.state.lock().await;
        if let Some(index) = &state.index {
            return Ok((index.clone(), false));
        }
        let index = Arc::new(read().await?);
        state.index = Some(index.clone());
        Ok((index, true))
    }

    /// After a listing met users (by key) that `used` lacks: a newer index, read
    /// with `read` unless another listing already read one, or `None` when reading again cannot
    /// help (`used` was read for this listing, `fresh`, or each of them was looked for already in
    /// this scope). Whoever is still unknown then is not looked for again in this scope.
    pub async fn lacking<F, Fut, E>(
        &self,
        unknown: Vec<UserKey>,
        used: &Arc<UserIndex>,
        fresh: bool,
        read: F,
    ) -> Result<Option<Arc<UserIndex>>, E>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<UserIndex, E>>,
    {
        let mut state = self.state.lock().await;
        let unknown: Vec<UserKey> = unknown
            .into_iter()
            .filter(|key| !state.absent.contains(key))
            .collect();
        if unknown.is_empty() {
            return Ok(None);
        }
        if fresh {
            state.absent.extend(unknown);
            return Ok(None);
        }
        let newer = match &state.index {
            Some(current) if !Arc::ptr_eq(current, used) => current.clone(),
            _ => {
                let index = Arc::new(read().await?);
                state.index = Some(index.clone());
                index
            }
        };
        let still: Vec<UserKey> = unknown
            .into_iter()
            .filter(|key| newer.get_key(key).is_none())
            .collect();
        state.absent.extend(still);
        Ok(Some(newer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn user(id: &str) -> UserDto {
        UserDto {
            id: id.to_string(),
            email: format!("{id}@example.com"),
            profile: None,
        }
    }

    /// What a listing does with the cache: the index, then, when it lacks some of `needed`, a
    /// newer one if reading again can help (`read` gives `users`).
    async fn get(cache: &UsersCache, needed: &[&str], reads: &AtomicUsize, users: &[&str]) {
        let mut built = IndexBuilder::default();
        for id in users {
            built.add(user(id)).unwrap();
        }
        let (built, _) = built.finish();
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(built.clone())
        };
        let (index, fresh) = cache.index(read).await.unwrap();
        let unknown: Vec<UserKey> = needed
            .iter()
            .map(|id| UserKey::of(id))
            .filter(|key| index.get_key(key).is_none())
            .collect();
        let got = match cache.lacking(unknown, &index, fresh, read).await.unwrap() {
            Some(newer) => newer,
            None => index,
        };
        assert_ne!(got.len(), 0);
    }

    #[test]
    fn a_known_user_keeps_email_and_name() {
        let mut ada = user("a");
        ada.profile = Some(super::super::wire::ProfileDto {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
        });
        let mut built = IndexBuilder::default();
        built.add(ada).unwrap();
        built.add(user("b")).unwrap();
        let (index, _) = built.finish();
        let known = index.get("a").unwrap();
        assert_eq!(
            (known.email(), known.name()),
            ("a@example.com", Some("Ada Lovelace"))
        );
        let known = index.get("b").unwrap();
        assert_eq!((known.email(), known.name()), ("b@example.com", None));
    }

    #[test]
    fn users_are_found_by_lowercase_id_whatever_order_they_came_in() {
        let mut built = IndexBuilder::looking_for("C-3@EXAMPLE.com");
        let ids = ["Z-9", "a-1", "m-5", "C-3", "b-2"];
        for id in ids {
            built.add(user(id)).unwrap();
        }
        // The same ID again, later: that one counts, as the server's latest word.
        let mut again = user("M-5");
        again.email = "new@example.com".into();
        built.add(again).unwrap();
        assert_eq!(built.len(), 6);
        let (index, found) = built.finish();
        assert_eq!(index.len(), 5);
        for id in ids {
            let lower = id.to_ascii_lowercase();
            assert!(index.get(&lower).is_some(), "{id}");
        }
        assert_eq!(index.get("m-5").unwrap().email(), "new@example.com");
        assert_eq!(index.get("z-9").unwrap().email(), "Z-9@example.com");
        assert!(index.get("Z-9").is_none(), "looked up by lowercase ID");
        assert!(index.get("q").is_none() && index.get("").is_none());
        assert_eq!(found.map(|u| u.id), Some("C-3".to_string()));
    }

    #[test]
    fn uuids_and_other_ids_are_found_side_by_side() {
        let uuid = "1A000000-0000-4000-8000-00000000ABCD";
        let lower = uuid.to_ascii_lowercase();
        // Text IDs of 16 bytes, the size a UUID is stored in, and one that is a UUID's bytes.
        let sixteen = "0123456789abcdef";
        let mut built = IndexBuilder::default();
        for id in [sixteen, uuid, "2a000000-0000-4000-8000-000000000001", "u-1"] {
            built.add(user(id)).unwrap();
        }
        let (index, _) = built.finish();
        assert_eq!(index.len(), 4);
        assert_eq!(
            index.get(&lower).unwrap().email(),
            format!("{uuid}@example.com")
        );
        assert_eq!(
            index.get(sixteen).unwrap().email(),
            "0123456789abcdef@example.com"
        );
        assert!(index.get("2a000000-0000-4000-8000-000000000001").is_some());
        assert!(index.get("u-1").is_some());
        assert!(index.get("2a000000-0000-4000-8000-000000000002").is_none());
        assert!(index.get(uuid).is_none(), "looked up by lowercase ID");
        // By key, case does not matter.
        assert!(index.get_key(&UserKey::of(uuid)).is_some());
        assert!(index.get_key(&UserKey::of("U-1")).is_some());
    }

    #[tokio::test]
    async fn one_read_serves_every_listing_until_forgotten() {
        let cache = UsersCache::default();
        let reads = AtomicUsize::new(0);
        for _ in 0..5 {
            get(&cache, &["a", "b"], &reads, &["a", "b"]).await;
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        cache.forget().await;
        get(&cache, &["a"], &reads, &["a", "b"]).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_unknown_user_is_looked_for_once_per_scope() {
        let cache = UsersCache::default();
        let reads = AtomicUsize::new(0);
        get(&cache, &["a"], &reads, &["a"]).await;
        // "c" joined after the first read: one more read finds them.
        get(&cache, &["a", "c"], &reads, &["a", "c"]).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // "ghost" is in no read: looked for once, then not again in this scope.
        for _ in 0..3 {
            get(&cache, &["ghost"], &reads, &["a", "c"]).await;
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }
}
