//! Where a listing's items go, one at a time, as they are decoded.

use crate::error::Result;

/// Receives a listing's items one at a time as [`super::ApiClient::get_items`] decodes them.
///
/// A retried request hands out its items again, so the sink can go back to a mark: the HTTP layer
/// takes [`ItemSink::mark`] before each attempt and [`ItemSink::rewind`]s to it before the next.
pub trait ItemSink<T>: Send {
    /// Takes one item. An error (a limit reached) stops the listing with that error.
    fn push(&mut self, item: T) -> Result<()>;
    /// Where the sink stands now (for example, how many items it holds).
    fn mark(&self) -> usize;
    /// Forgets the items taken since `mark`.
    fn rewind(&mut self, mark: usize);
}

impl<T: Send> ItemSink<T> for Vec<T> {
    fn push(&mut self, item: T) -> Result<()> {
        Vec::push(self, item);
        Ok(())
    }

    fn mark(&self) -> usize {
        self.len()
    }

    fn rewind(&mut self, mark: usize) {
        self.truncate(mark);
    }
}
