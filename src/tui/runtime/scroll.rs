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

/// The terminal emulator the benchmarks use, to replay what this backend writes.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../../benches/roster/vt.rs"]
mod vt;

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::queue;
    use ratatui::crossterm::terminal::BeginSynchronizedUpdate;
    use std::cell::RefCell;
    use std::io::BufWriter;
    use std::rc::Rc;

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

    #[test]
    fn a_band_starting_at_row_0_is_scrolled_both_ways() {
        let (a, b) = (
            ["aaaaaa", "bbbbbb", "cccccc", "dddddd", "eeeeee"],
            ["xxxxxx"],
        );
        let down = rows(&[b[0], a[0], a[1], a[2], a[3]]);
        assert_eq!(
            best_scroll_widened(&rows(&a), &down),
            Some(Scroll {
                top: 0,
                bottom: 4,
                up: false
            })
        );
        let up = rows(&[a[1], a[2], a[3], a[4], b[0]]);
        assert_eq!(
            best_scroll_widened(&rows(&a), &up),
            Some(Scroll {
                top: 0,
                bottom: 4,
                up: true
            })
        );
    }

    #[test]
    fn three_rows_are_enough_to_scroll() {
        let old = rows(&["aaaaaa", "bbbbbb", "cccccc"]);
        let new = rows(&["bbbbbb", "cccccc", "dddddd"]);
        assert_eq!(
            best_scroll_widened(&old, &new),
            Some(Scroll {
                top: 0,
                bottom: 2,
                up: true
            })
        );
    }

    #[test]
    fn frames_of_different_sizes_are_not_compared() {
        let old = rows(&["aaaaaa", "bbbbbb", "cccccc", "dddddd"]);
        let taller = rows(&["bbbbbb", "cccccc", "dddddd", "eeeeee", "ffffff"]);
        assert_eq!(best_scroll_widened(&old, &taller), None);
    }

    #[test]
    fn among_equal_savings_the_narrowest_band_is_scrolled() {
        // The list got shorter: extending the band over the blank rows below saves nothing more,
        // and would only make the terminal move more rows.
        let old = rows(&["aaaaaa", "bbbbbb", "cccccc", "dddddd", "      ", "      "]);
        let new = rows(&["bbbbbb", "cccccc", "dddddd", "      ", "      ", "      "]);
        assert_eq!(
            best_scroll_widened(&old, &new),
            Some(Scroll {
                top: 0,
                bottom: 3,
                up: true
            })
        );
    }

    /// Bytes the backend wrote, readable while the backend holds the writer.
    #[derive(Clone, Default)]
    struct Wire(Rc<RefCell<Vec<u8>>>);

    impl Wire {
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut self.0.borrow_mut())
        }
    }

    impl Write for Wire {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// The backend in front of a terminal, driven the way ratatui's `Terminal` drives it: each
    /// frame sends only the cells that differ from the previous frame. What it writes is replayed
    /// on a terminal emulator, which shows what the user would see.
    struct Rig {
        backend: ScrollingBackend<Wire>,
        wire: Wire,
        terminal: vt::Screen,
        previous: Buffer,
    }

    impl Rig {
        fn new(width: u16, height: u16) -> Rig {
            let wire = Wire::default();
            Rig {
                backend: ScrollingBackend::new(wire.clone()),
                wire,
                terminal: vt::Screen::new(width, height),
                previous: Buffer::empty(Rect::new(0, 0, width, height)),
            }
        }

        /// Draws `lines` (the rest of the screen blank) and returns the bytes written.
        fn draw(&mut self, lines: &[String]) -> Vec<u8> {
            let frame = screen_of(self.previous.area, lines);
            self.backend
                .draw(self.previous.diff(&frame).into_iter())
                .unwrap();
            Backend::flush(&mut self.backend).unwrap();
            self.previous = frame;
            self.replay()
        }

        /// Feeds what was written since the last call to the terminal; returns it.
        fn replay(&mut self) -> Vec<u8> {
            let bytes = self.wire.take();
            self.terminal.feed(&bytes);
            bytes
        }

        /// Draws `lines` and checks the terminal shows exactly them; returns whether the backend
        /// scrolled.
        fn draw_exactly(&mut self, lines: &[String], what: &str) -> bool {
            let bytes = self.draw(lines);
            assert_eq!(
                self.terminal.text(),
                text_of(&self.previous),
                "{what}: the terminal does not show the frame"
            );
            scrolled(&bytes)
        }

        /// What ratatui does after a clear: its previous frame is forgotten.
        fn cleared(&mut self) {
            self.previous.reset();
            self.replay();
        }

        /// The terminal now reports `width`×`height`; ratatui clears it before drawing again.
        fn resize(&mut self, width: u16, height: u16) {
            self.backend.screen.set(Some(Size::new(width, height)));
            self.backend.clear_region(ClearType::All).unwrap();
            self.terminal = vt::Screen::new(width, height);
            self.previous = Buffer::empty(Rect::new(0, 0, width, height));
            self.wire.take();
        }
    }

    /// Rows of `width` copies of each letter: every row differs from every other in every cell.
    fn bars(letters: &str, width: usize) -> Vec<String> {
        letters
            .chars()
            .map(|c| c.to_string().repeat(width))
            .collect()
    }

    fn screen_of(area: Rect, lines: &[String]) -> Buffer {
        let mut buf = Buffer::empty(area);
        for (y, line) in lines.iter().enumerate() {
            buf.set_string(0, y as u16, line, ratatui::style::Style::default());
        }
        buf
    }

    /// `buf` as the terminal emulator prints a screen: one line per row.
    fn text_of(buf: &Buffer) -> String {
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    /// Whether `bytes` scroll a band of rows (SU or SD).
    fn scrolled(bytes: &[u8]) -> bool {
        bytes.windows(3).any(|w| w == b"\x1b[S" || w == b"\x1b[T")
    }

    #[test]
    fn moved_bands_are_scrolled_and_the_terminal_shows_each_frame() {
        let mut rig = Rig::new(40, 8);
        rig.draw_exactly(&bars("abcdefgh", 30), "first frame");
        assert!(rig.draw_exactly(&bars("bcdefghi", 30), "everything one row up"));
        assert!(rig.draw_exactly(&bars("abcdefgh", 30), "everything one row down"));
        let mut header = bars("abcdefgh", 30);
        header[0] = "header".into();
        rig.draw_exactly(&header, "a header");
        header[1..].clone_from_slice(&bars("zbcdefg", 30));
        assert!(rig.draw_exactly(&header, "down below the header"));
    }

    #[test]
    fn frames_that_change_few_cells_or_few_rows_are_sent_as_they_are() {
        // (rows moving up by one, width of each row, whether scrolling is worth it)
        let cases = [
            (7, 9, false),  // 63 cells: under MIN_CELLS
            (8, 8, true),   // 64 cells
            (4, 30, false), // 120 cells on 4 rows: under MIN_ROWS
            (5, 30, true),  // 150 cells on 5 rows
        ];
        for (n, width, scrolls) in cases {
            let mut rig = Rig::new(40, 10);
            let letters = "abcdefghij";
            rig.draw_exactly(&bars(&letters[..n], width), "first frame");
            let what = format!("{n} rows of {width} cells one row up");
            assert_eq!(
                rig.draw_exactly(&bars(&letters[1..=n], width), &what),
                scrolls,
                "{what}: scrolled"
            );
        }
    }

    #[test]
    fn after_a_clear_the_next_frame_is_drawn_whole() {
        type Clear = fn(&mut ScrollingBackend<Wire>) -> io::Result<()>;
        let clears: [(&str, Clear); 2] = [
            ("clear", |b| b.clear()),
            ("clear_region(All)", |b| b.clear_region(ClearType::All)),
        ];
        for (name, clear) in clears {
            let mut rig = Rig::new(40, 8);
            rig.draw_exactly(&bars("abcdefgh", 30), "first frame");
            clear(&mut rig.backend).unwrap();
            rig.cleared();
            assert_eq!(rig.terminal.text(), text_of(&rig.previous), "{name}");
            // Shaped like a scroll of what was there before the clear, and shorter.
            rig.draw_exactly(&bars("bcdefg", 30), &format!("after {name}"));
        }
    }

    #[test]
    fn appended_lines_are_written_and_the_copy_is_forgotten() {
        let mut rig = Rig::new(40, 8);
        rig.draw(&bars("abcdefgh", 30));
        rig.backend.append_lines(2).unwrap();
        assert_eq!(rig.wire.take(), b"\n\n");
        // ratatui redraws its viewport in full: nothing on screen can be trusted to scroll.
        rig.previous.reset();
        assert!(!scrolled(&rig.draw(&bars("bcdefghi", 30))));
    }

    #[test]
    fn the_copy_keeps_what_was_drawn_as_frames_reach_further() {
        // Where the terminal never reports its size, the copy grows with what is drawn.
        let mut rig = Rig::new(40, 8);
        rig.draw_exactly(&bars("abcd", 30), "four rows");
        rig.draw_exactly(&bars("abcdefgh", 30), "eight rows");
        let mut next = bars("cdefghi", 30);
        next.insert(0, String::new());
        assert!(rig.draw_exactly(&next, "the first row gone, the rest one up"));
    }

    #[test]
    fn the_copy_follows_the_terminal_when_it_is_resized() {
        let mut rig = Rig::new(40, 8);
        rig.resize(40, 8);
        rig.draw_exactly(&bars("abcdefgh", 30), "40×8");
        rig.resize(50, 10);
        rig.draw_exactly(&bars("abcdefghij", 45), "grown to 50×10");
        assert!(rig.draw_exactly(&bars("bcdefghijk", 45), "one row up at 50×10"));
        rig.resize(30, 6);
        rig.draw_exactly(&bars("abcdef", 25), "shrunk to 30×6");
        assert!(rig.draw_exactly(&bars("bcdefg", 25), "one row up at 30×6"));
    }

    #[test]
    fn writes_reach_the_terminal_when_flushed() {
        let wire = Wire::default();
        let mut backend = ScrollingBackend::new(BufWriter::new(wire.clone()));
        queue!(backend, BeginSynchronizedUpdate).unwrap();
        assert!(wire.take().is_empty(), "buffered until flushed");
        Write::flush(&mut backend).unwrap();
        assert_eq!(wire.take(), b"\x1b[?2026h");

        let cell = Cell::new("x");
        backend.draw([(2, 1, &cell)].into_iter()).unwrap();
        assert!(wire.take().is_empty(), "buffered until flushed");
        Backend::flush(&mut backend).unwrap();
        let mut terminal = vt::Screen::new(4, 2);
        terminal.feed(&wire.take());
        assert_eq!(terminal.text(), "    \n  x \n");
    }

    #[test]
    fn cursor_calls_reach_the_terminal() {
        let wire = Wire::default();
        let mut backend = ScrollingBackend::new(wire.clone());
        backend.hide_cursor().unwrap();
        assert_eq!(wire.take(), b"\x1b[?25l");
        backend.show_cursor().unwrap();
        assert_eq!(wire.take(), b"\x1b[?25h");
        backend.set_cursor_position(Position::new(3, 1)).unwrap();
        assert_eq!(wire.take(), b"\x1b[2;4H");
    }
}
