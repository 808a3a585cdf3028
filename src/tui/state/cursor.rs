//! Moving through lists: which pane has the focus, a list's cursor, and the moves keys ask for.

use crate::tui::keys::Action;

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Profiles and workspaces.
    Workspaces,
    /// Members of the open workspace.
    Members,
}

impl Pane {
    /// The other pane.
    pub fn other(self) -> Pane {
        match self {
            Pane::Workspaces => Pane::Members,
            Pane::Members => Pane::Workspaces,
        }
    }
}

/// A move a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Some rows down (positive) or up (negative).
    By(isize),
    /// Some pages down (positive) or up (negative).
    Page(isize),
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
}

impl Move {
    /// The move `action` asks for, if it is a move.
    pub fn of(action: Action) -> Option<Move> {
        Some(match action {
            Action::Down => Move::By(1),
            Action::Up => Move::By(-1),
            Action::PageDown => Move::Page(1),
            Action::PageUp => Move::Page(-1),
            Action::Top => Move::Top,
            Action::Bottom => Move::Bottom,
            _ => return None,
        })
    }

    /// The move as a row delta, for short lists without paging (role lists).
    pub fn as_delta(self) -> isize {
        match self {
            Move::By(d) => d,
            Move::Page(d) => d * 10,
            Move::Top => isize::MIN / 2,
            Move::Bottom => isize::MAX / 2,
        }
    }

    /// A scroll offset after the move, with `page` lines to a page. Drawing clamps it to the
    /// content, so the bottom is simply "very far".
    pub fn scroll(self, scroll: usize, page: usize) -> usize {
        match self {
            Move::By(d) => scroll.saturating_add_signed(d),
            Move::Page(d) => scroll.saturating_add_signed(d * page as isize),
            Move::Top => 0,
            Move::Bottom => usize::MAX / 2,
        }
    }
}

/// Cursor and scroll offset of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    /// Selected row.
    pub cursor: usize,
    /// First visible row.
    pub offset: usize,
}

impl ListCursor {
    /// Keeps the cursor inside `len` rows and visible in a window of `page` rows.
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Moves by `delta` rows, staying inside the list.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.clamp(len, page);
    }

    /// Applies `how` in a list of `len` rows shown `page` at a time.
    pub fn apply(&mut self, how: Move, len: usize, page: usize) {
        match how {
            Move::By(d) => self.move_by(d, len, page),
            Move::Page(d) => self.move_by(d * page as isize, len, page),
            Move::Top => {
                self.cursor = 0;
                self.clamp(len, page);
            }
            Move::Bottom => {
                self.cursor = len.saturating_sub(1);
                self.clamp(len, page);
            }
        }
    }

    /// The offset that shows the cursor in a window of `page` rows, starting from the stored one.
    /// Drawing uses it so the selection is visible even if the window changed since `update()`.
    pub fn visible_offset(&self, len: usize, page: usize) -> usize {
        let mut c = *self;
        c.clamp(len, page);
        c.offset
    }
}
