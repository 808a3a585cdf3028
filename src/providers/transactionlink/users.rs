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
//! The index keeps what a member row needs of each user (email and name, in one allocation), built
//! while the pages arrive: 100,000 users cost about 14 MB, not the pages plus a copy of each user.

use super::wire::UserDto;
use crate::http::LISTING_MAX;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::Mutex;

/// What a member listing needs of a user: email and name, in one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownUser {
    /// The email, then the name.
    text: Box<str>,
    email_len: u32,
}

impl KnownUser {
    /// What roster keeps of `user`.
    pub fn of(user: &UserDto) -> Self {
        let name = user.full_name().unwrap_or_default();
        let mut text = String::with_capacity(user.email.len() + name.len());
        text.push_str(&user.email);
        text.push_str(&name);
        KnownUser {
            text: text.into_boxed_str(),
            // Emails are bounded to 1 KB when decoded.
            email_len: u32::try_from(user.email.len()).unwrap_or(u32::MAX),
        }
    }

    /// The user's email.
    pub fn email(&self) -> &str {
        self.text.get(..self.email_len as usize).unwrap_or_default()
    }

    /// "First Last", or `None` when the profile has no name.
    pub fn name(&self) -> Option<&str> {
        self.text
            .get(self.email_len as usize..)
            .filter(|n| !n.is_empty())
    }
}

/// Users by lowercase ID.
pub type UserIndex = HashMap<Box<str>, KnownUser>;

/// Builds a [`UserIndex`] from the users pages as they arrive, and notes the user whose email is
/// `wanted`, if any (an add by email). What it keeps is bounded by [`LISTING_MAX`].
#[derive(Debug, Default)]
pub struct IndexBuilder {
    /// The index so far.
    pub index: UserIndex,
    /// The email looked for.
    pub wanted: Option<String>,
    /// The first user with that email, as the server sent it.
    pub found: Option<UserDto>,
    /// What the index keeps, counted like a listing's budget: text plus a share per entry.
    kept: usize,
}

/// What one index entry costs beyond its text: key and value headers, the table's slot.
const ENTRY_COST: usize = 64;

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
        self.index.reserve(users);
    }

    /// Adds `user`; refuses once the index would keep more than one listing may.
    pub fn add(&mut self, user: UserDto) -> Result<(), String> {
        let known = KnownUser::of(&user);
        self.kept += user.id.len() + known.text.len() + ENTRY_COST;
        if self.kept > LISTING_MAX {
            return Err(format!(
                "the organisation's users take more than roster keeps of one listing ({} MiB, \
                 reached at user {}); its server sends far more than any real organisation",
                LISTING_MAX >> 20,
                self.index.len() + 1
            ));
        }
        self.index
            .insert(user.id.to_ascii_lowercase().into(), known);
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
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct UsersCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    index: Option<Arc<UserIndex>>,
    /// IDs a read made after they were needed did not contain: not worth another read.
    absent: HashSet<String>,
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

    /// The index, read with `read` when there is none or when it lacks one of `needed` (lowercase
    /// IDs) that no read of this scope has looked for yet. Holding the lock across the read makes
    /// concurrent callers wait for it rather than read the same pages again.
    pub async fn get<F, Fut, E>(&self, needed: &[String], read: F) -> Result<Arc<UserIndex>, E>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<UserIndex, E>>,
    {
        let mut state = self.state.lock().await;
        let mut fresh = false;
        let current = match &state.index {
            Some(index) => index.clone(),
            None => {
                fresh = true;
                let index = Arc::new(read().await?);
                state.index = Some(index.clone());
                index
            }
        };
        let unknown: Vec<&String> = needed
            .iter()
            .filter(|id| !current.contains_key(id.as_str()) && !state.absent.contains(*id))
            .collect();
        if unknown.is_empty() {
            return Ok(current);
        }
        let current = if fresh {
            current
        } else {
            let index = Arc::new(read().await?);
            state.index = Some(index.clone());
            index
        };
        let still: Vec<String> = unknown
            .into_iter()
            .filter(|id| !current.contains_key(id.as_str()))
            .cloned()
            .collect();
        state.absent.extend(still);
        Ok(current)
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

    async fn get(cache: &UsersCache, needed: &[&str], reads: &AtomicUsize, users: &[&str]) {
        let needed: Vec<String> = needed.iter().map(|s| s.to_string()).collect();
        let mut built = IndexBuilder::default();
        for id in users {
            built.add(user(id)).unwrap();
        }
        let got = cache
            .get(&needed, || async {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(built.index.clone())
            })
            .await
            .unwrap();
        assert!(!got.is_empty());
    }

    #[test]
    fn a_known_user_keeps_email_and_name() {
        let mut u = user("a");
        assert_eq!(KnownUser::of(&u).email(), "a@example.com");
        assert_eq!(KnownUser::of(&u).name(), None);
        u.profile = Some(super::super::wire::ProfileDto {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
        });
        let known = KnownUser::of(&u);
        assert_eq!(
            (known.email(), known.name()),
            ("a@example.com", Some("Ada Lovelace"))
        );
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
