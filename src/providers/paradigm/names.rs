//! Names for the members listings a person reads (`Provider::name_members`: the TUI, `roster
//! members --inherited`; never a change's checks, which need no names). `GET …/members` gives
//! users as `{id, email, role}` only (seed 003 `UserMember`), so direct members had no names; the
//! company members listing has them (`first_name`, `last_name`). The directory of names is read
//! once and shared by the listings that follow, in a scope that never depends on the clock (as
//! TransactionLink's users index):
//!
//! - it is dropped whenever the client lists the workspaces again, so a session or a crawl starts
//!   from a fresh read;
//! - a user the directory does not know makes it read again, once per unknown user per scope;
//! - reading it is best effort: a listing never fails because names could not be read (the email
//!   still says who it is).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::Mutex;

/// Full names by user ID; a user the directory lists without a name has an empty one (known, so
/// never a reason to read the directory again).
pub type Names = HashMap<u64, Box<str>>;

/// See the module documentation.
#[derive(Debug, Default)]
pub struct NamesCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    names: Option<Arc<Names>>,
    /// IDs a read made after they were needed did not contain.
    absent: HashSet<u64>,
    /// A read failed: not tried again in this scope (names are best effort, and a listing names
    /// its rows a slice at a time, each of which would try again).
    failed: bool,
}

impl NamesCache {
    /// Starts a new scope: the next listing reads the names again.
    pub async fn forget(&self) {
        *self.state.lock().await = State::default();
    }

    /// The names, read with `read` when there are none yet or when one of `needed` is unknown
    /// and not looked for yet in this scope. A failed read leaves what was known.
    pub async fn get<F, Fut, E>(&self, needed: &[u64], read: F) -> Arc<Names>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Names, E>>,
    {
        let mut state = self.state.lock().await;
        let unknown: Vec<u64> = needed
            .iter()
            .copied()
            .filter(|id| {
                !state.names.as_ref().is_some_and(|n| n.contains_key(id))
                    && !state.absent.contains(id)
            })
            .collect();
        if state.names.is_some() && (unknown.is_empty() || state.failed) {
            return state.names.clone().unwrap_or_default();
        }
        if let Ok(names) = read().await {
            state.names = Some(Arc::new(names));
        } else {
            state.failed = true;
            if state.names.is_none() {
                state.names = Some(Arc::default());
            }
        }
        let known = state.names.clone().unwrap_or_default();
        state
            .absent
            .extend(unknown.into_iter().filter(|id| !known.contains_key(id)));
        known
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_user_listed_without_a_name_is_known_and_not_read_again() {
        let cache = NamesCache::default();
        let reads = AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(Names::from([(1, "Ada Lovelace".into()), (2, "".into())]))
        };
        for _ in 0..3 {
            let names = cache.get(&[1, 2], read).await;
            assert_eq!(names.get(&1).map(|n| &**n), Some("Ada Lovelace"));
        }
        // Named a slice of rows at a time, a listing asks again and again: one read serves all.
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        // Someone the directory does not list is looked for once more, then not again.
        for _ in 0..3 {
            cache.get(&[3], read).await;
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_read_is_not_tried_again_in_the_scope() {
        let cache = NamesCache::default();
        let reads = AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, Ordering::SeqCst);
            Err::<Names, ()>(())
        };
        for id in 1..5 {
            assert!(cache.get(&[id], read).await.is_empty());
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        cache.forget().await;
        cache.get(&[1], read).await;
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }
}
