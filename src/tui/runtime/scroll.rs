//! A backend that lets the terminal scroll rows instead of rewriting them.
//!
//! ratatui diffs each frame cell by cell against the previous one. When the members table scrolls
//! by one row, every visible row differs from the one that was at its place, so the whole table is
//! sent again (about 1.6 kB at 80×24, far more on a big terminal): costly over SSH while `j` is
//! held. This backend keeps a copy of what the terminal shows; when a frame changes many rows and
//! most of them equal their neighbour in the old screen, it asks the terminal to scroll that band
//! of rows (DECSTBM scroll region + SU/SD, understood by every VT100-compatible terminal, tmux and
//! screen included) and then sends only the cells that still differ.
//!
//! Whatever it decides, the screen ends up exactly as ratatui drew it: the copy is updated with
//! every cell sent, and any clear resets it, just as ratatui resets its own previous frame.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use std::io::{self, Write};

/// Frames that change fewer cells than this are sent as they are: no scroll can pay off.
const MIN_CELLS: usize = 64;
/// Frames that change fewer rows than this are sent as they are: moving the highlight within the
/// page changes three (the old row, the new row, the detail line) and needs no scroll.
const MIN_ROWS: usize = 5;
/// Cells a scroll must save before it is used (its escape sequences cost about this many bytes).
const MIN_GAIN: i64 = 24;

/// The crossterm backend, with scrolling of moved rows (see the module documentation).
#[derive(Debug)]
pub struct ScrollingBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// What the terminal shows, as far as this backend sent it.
    shown: Buffer,
    /// The terminal's size when it was last asked (ratatui asks before every full-screen frame).
    screen: std::cell::Cell<Option<Size>>,
}

impl<W: Write> ScrollingBackend<W> {
    /// Wraps a crossterm backend writing to `writer`.
    pub fn new(writer: W) -> Self {
        ScrollingBackend {
            inner: CrosstermBackend::new(writer),
            shown: Buffer::empty(Rect::ZERO),
            screen: std::cell::Cell::new(None),
        }
    }

    /// Makes the copy match the screen: the size the terminal last reported (a real terminal is
    /// asked before every frame) or, where it is never asked, the extent of what was drawn.
    fn cover(&mut self, drawn: Option<Rect>) {
        let known = self
            .screen
            .get()
            .map(|s| Rect::new(0, 0, s.width, s.height));
        let want = match (known, drawn) {
            (Some(k), Some(d)) => k.union(d),
            (Some(k), None) => k,
            (None, Some(d)) => self.shown.area.union(d),
            (None, None) => self.shown.area,
        };
        if want == self.shown.area {
            return;
        }
        let mut resized = Buffer::empty(want);
        if want.contains(self.shown.area.as_position())
            && want.width >= self.shown.area.width
            && want.height >= self.shown.area.height
        {
            resized.merge(&self.shown);
        }
        // Otherwise the terminal shrank: ratatui cleared it, so blank is what it shows.
        self.shown = resized;
    }

    fn forget(&mut self) {
        self.shown.reset();
    }
}

impl<W: Write> Write for ScrollingBackend<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for ScrollingBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let updates: Vec<(u16, u16, &Cell)> = content.collect();
        self.cover(extent(&updates));
        if updates.len() < MIN_CELLS || rows_touched(&updates) < MIN_ROWS {
            for (x, y, cell) in &updates {
                self.shown[(*x, *y)] = (*cell).clone();
            }
            return self.inner.draw(updates.into_iter());
        }
        let mut next = self.shown.clone();
        for (x, y, cell) in &updates {
            next[(*x, *y)] = (*cell).clone();
        }
        match best_scroll(&self.shown, &next) {
            Some(s) => {
                write!(self.inner, "\x1b[0m\x1b[{};{}r", s.top + 1, s.bottom + 1)?;
                if s.up {
                    write!(self.inner, "\x1b[S\x1b[r")?;
                } else {
                    write!(self.inner, "\x1b[T\x1b[r")?;
                }
                scroll(&mut self.shown, s);
                let diff = self.shown.diff(&next);
                self.inner.draw(diff.into_iter())?;
            }
            None => self.inner.draw(updates.into_iter())?,
        }
        self.shown = next;
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.forget();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // ratatui forgets its previous frame after any clear; so does this copy.
        self.forget();
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.forget();
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        let size = self.inner.size()?;
        self.screen.set(Some(size));
        Ok(size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// How many distinct rows `updates` (in row order, as ratatui diffs) touch.
fn rows_touched(updates: &[(u16, u16, &Cell)]) -> usize {
    let mut rows = 0;
    let mut last = None;
    for (_, y, _) in updates {
        if last != Some(*y) {
            rows += 1;
            last = Some(*y);
        }
    }
    rows
}

/// The rectangle from the origin that holds every updated cell.
fn extent(updates: &[(u16, u16, &Cell)]) -> Option<Rect> {
    let w = updates.iter().map(|(x, _, _)| *x).max()?;
    let h = updates.iter().map(|(_, y, _)| *y).max()?;
    Some(Rect::new(0, 0, w.saturating_add(1), h.saturating_add(1)))
}

/// Scrolling rows `top..=bottom` (screen rows) one row up (content moves up) or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scroll {
    top: u16,
    bottom: u16,
    up: bool,
}

/// The one-row scroll of a band of rows that saves the most cells, if it saves enough.
fn best_scroll(old: &Buffer, new: &Buffer) -> Option<Scroll> {
    let area = old.area;
    let (w, h) = (area.width, area.height);
    if h < 3 || new.area != area {
        return None;
    }
    let same = |y_new: u16, y_old: u16| -> i64 {
        (0..w)
            .filter(|&x| new[(x, y_new)] == old[(x, y_old)])
            .count() as i64
    };
    let blank = Cell::EMPTY;
    let blank_row = |y: u16| -> i64 { (0..w).filter(|&x| new[(x, y)] == blank).count() as i64 };
    let unchanged: Vec<i64> = (0..h).map(|y| same(y, y)).collect();
    // What a row costs when the scroll leaves it blank instead of keeping it.
    let blanked: Vec<i64> = (0..h)
        .map(|y| blank_row(y) - unchanged[y as usize])
        .collect();
    let mut best: Option<(i64, Scroll)> = None;
    let mut consider = |total: i64, s: Scroll| {
        if best.is_none_or(|(g, _)| total > g) {
            best = Some((total, s));
        }
    };
    // Up: rows top..bottom take the row below them, row `bottom` is blanked. Best run of gains
    // ending at each row (Kadane), closed by the blanked row under it.
    let (mut run, mut top) = (0i64, 0u16);
    for y in 0..h - 1 {
        let gain = same(y, y + 1) - unchanged[y as usize];
        if run <= 0 {
            run = 0;
            top = y;
        }
        run += gain;
        let bottom = y + 1;
        consider(
            run + blanked[bottom as usize],
            Scroll {
                top,
                bottom,
                up: true,
            },
        );
    }
    // Down: row `top` is blanked, rows top+1..=bottom take the row above them. Best total of a
    // blanked row followed by gains, ending at each row.
    let (mut run, mut top) = (i64::MIN / 4, 0u16);
    for y in 1..h {
        let gain = same(y, y - 1) - unchanged[y as usize];
        let fresh = blanked[(y - 1) as usize];
        if fresh >= run {
            run = fresh;
            top = y - 1;
        }
        run += gain;
        consider(
            run,
            Scroll {
                top,
                bottom: y,
                up: false,
            },
        );
    }
    best.filter(|(g, _)| *g >= MIN_GAIN).map(|(_, s)| s)
}

/// Applies `s` to `buf` as the terminal does: the band moves one row, the freed row is blank.
fn scroll(buf: &mut Buffer, s: Scroll) {
    let w = buf.area.width;
    let rows: Vec<u16> = if s.up {
        (s.top..s.bottom).collect()
    } else {
        (s.top + 1..=s.bottom).rev().collect()
    };
    for y in rows {
        let from = if s.up { y + 1 } else { y - 1 };
        for x in 0..w {
            buf[(x, y)] = buf[(x, from)].clone();
        }
    }
    let freed = if s.up { s.bottom } else { s.top };
    for x in 0..w {
        buf[(x, freed)] = Cell::EMPTY;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Buffer {
        Buffer::with_lines(lines.iter().copied())
    }

    #[test]
    fn a_band_that_moved_up_one_row_is_scrolled() {
        let old = rows(&["header", "aaaaaa", "bbbbbb", "cccccc", "dddddd", "footer"]);
        let new = rows(&["header", "bbbbbb", "cccccc", "dddddd", "eeeeee", "footer"]);
        let s = best_scroll_widened(&old, &new).expect("a scroll");
        assert_eq!(
            s,
            Scroll {
                top: 1,
                bottom: 4,
                up: true
            }
        );
        let mut moved = old.clone();
        scroll(&mut moved, s);
        assert_eq!(
            moved,
            rows(&["header", "bbbbbb", "cccccc", "dddddd", "      ", "footer"])
        );
    }

    #[test]
    fn a_band_that_moved_down_one_row_is_scrolled() {
        let old = rows(&["header", "bbbbbb", "cccccc", "dddddd", "eeeeee", "footer"]);
        let new = rows(&["header", "aaaaaa", "bbbbbb", "cccccc", "dddddd", "footer"]);
        let s = best_scroll_widened(&old, &new).expect("a scroll");
        assert_eq!(
            s,
            Scroll {
                top: 1,
                bottom: 4,
                up: false
            }
        );
        let mut moved = old.clone();
        scroll(&mut moved, s);
        assert_eq!(
            moved,
            rows(&["header", "      ", "bbbbbb", "cccccc", "dddddd", "footer"])
        );
    }

    #[test]
    fn unrelated_changes_are_not_scrolled() {
        let old = rows(&["aaaaaa", "bbbbbb", "cccccc", "dddddd"]);
        let new = rows(&["zzzzzz", "yyyyyy", "xxxxxx", "wwwwww"]);
        assert_eq!(best_scroll_widened(&old, &new), None);
    }

    /// [`best_scroll`] on the rows widened, so that small test screens clear [`MIN_GAIN`].
    fn best_scroll_widened(old: &Buffer, new: &Buffer) -> Option<Scroll> {
        best_scroll(&widen(old), &widen(new))
    }

    /// Repeats each row's text so that a scroll saves more than [`MIN_GAIN`] cells.
    fn widen(b: &Buffer) -> Buffer {
        let lines: Vec<String> = (0..b.area.height)
            .map(|y| {
                let row: String = (0..b.area.width).map(|x| b[(x, y)].symbol()).collect();
                row.repeat(6)
            })
            .collect();
        Buffer::with_lines(lines)
    }
}
