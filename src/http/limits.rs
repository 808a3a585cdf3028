//! How much of an answer roster reads and keeps: the caps on answers, on listings and on what a
//! listing keeps across its pages.

/// Answers read whole larger than this are refused, and so is any one item of a listing: a broken
/// or hostile server must not exhaust memory.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Most bytes of a listing read item by item ([`super::ApiClient::get_items`]). What it costs in memory is
/// bounded by [`LISTING_MAX`], not by its size, so it may be larger than [`MAX_BODY_BYTES`] (an
/// AskUI workspace of 100,000 members with their users is 48 MB); the request's timeout bounds the
/// time.
pub const MAX_LISTING_BYTES: usize = 256 * 1024 * 1024;

/// Most of one listing roster keeps, across all its pages: the bytes of its items as they came plus
/// the size of the struct each is decoded into (an upper bound on what decoding them can cost).
/// 100,000 members of the largest documented shape take about a third of it.
pub const LISTING_MAX: usize = 96 * 1024 * 1024;

/// What is left of one listing's [`LISTING_MAX`]: one per listing, shared by its pages, so a server
/// that keeps sending pages cannot make roster keep more.
#[derive(Debug, Clone)]
pub struct Budget {
    left: usize,
    limit: usize,
}

impl Budget {
    /// A whole [`LISTING_MAX`].
    pub fn listing() -> Self {
        Budget::of(LISTING_MAX)
    }

    /// A budget of `limit` bytes.
    pub fn of(limit: usize) -> Self {
        Budget { left: limit, limit }
    }

    /// Takes `bytes` from what is left; `false` when they do not fit.
    pub(super) fn take(&mut self, bytes: usize) -> bool {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }

    /// The whole budget, in bytes.
    pub(super) fn limit(&self) -> usize {
        self.limit
    }
}
