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

use super::wire::UserDto;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::Mutex;

/// Users by lowercase ID.
pub type UserIndex = HashMap<String, UserDto>;

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
    pub async fn store(&self, users: &[UserDto]) {
        let mut state = self.state.lock().await;
        state.index = Some(Arc::new(index(users.iter().cloned())));
        state.absent.clear();
    }

    /// The index, read with `read` when there is none or when it lacks one of `needed` (lowercase
    /// IDs) that no read of this scope has looked for yet. Holding the lock across the read makes
    /// concurrent callers wait for it rather than read the same pages again.
    pub async fn get<F, Fut, E>(&self, needed: &[String], read: F) -> Result<Arc<UserIndex>, E>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Vec<UserDto>, E>>,
    {
        let mut state = self.state.lock().await;
        let mut fresh = false;
        let current = match &state.index {
            Some(index) => index.clone(),
            None => {
                fresh = true;
                let index = Arc::new(index(read().await?));
                state.index = Some(index.clone());
                index
            }
        };
        let unknown: Vec<&String> = needed
            .iter()
            .filter(|id| !current.contains_key(*id) && !state.absent.contains(*id))
            .collect();
        if unknown.is_empty() {
            return Ok(current);
        }
        let current = if fresh {
            current
        } else {
            let index = Arc::new(index(read().await?));
            state.index = Some(index.clone());
            index
        };
        let still: Vec<String> = unknown
            .into_iter()
            .filter(|id| !current.contains_key(*id))
            .cloned()
            .collect();
        state.absent.extend(still);
        Ok(current)
    }
}

fn index(users: impl IntoIterator<Item = UserDto>) -> UserIndex {
    users
        .into_iter()
        .map(|u| (u.id.to_ascii_lowercase(), u))
        .collect()
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
        let users: Vec<UserDto> = users.iter().map(|id| user(id)).collect();
        let got = cache
            .get(&needed, || async {
                reads.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(users.clone())
            })
            .await
            .unwrap();
        assert!(!got.is_empty());
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
