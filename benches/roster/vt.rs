//! A minimal terminal emulator: enough of VT100/xterm to rebuild the text on screen from what
//! roster writes (cursor moves, printing, clearing, scroll regions). Colours and attributes are
//! ignored. Shared by the benchmarks, `tests/perf/perf_guard.rs` and the unit tests of
//! `src/tui/runtime/scroll.rs`, which use it to find text on the screen and to check that the
//! optimised output leaves the same screen as a full repaint.

use unicode_width::UnicodeWidthChar;

/// The text on a terminal screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    cols: usize,
    rows: usize,
    cells: Vec<String>,
    x: usize,
    y: usize,
    top: usize,
    bottom: usize,
    pending: Vec<u8>,
}

impl Screen {
    /// A blank `cols`×`rows` screen.
    pub fn new(cols: u16, rows: u16) -> Screen {
        let (cols, rows) = (cols as usize, rows as usize);
        Screen {
            cols,
            rows,
            cells: vec![" ".to_string(); cols * rows],
            x: 0,
            y: 0,
            top: 0,
            bottom: rows.saturating_sub(1),
            pending: Vec::new(),
        }
    }

    /// Applies `bytes` (may end in the middle of a sequence or a character).
    pub fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        let data = std::mem::take(&mut self.pending);
        let mut i = 0;
        while i < data.len() {
            match data[i] {
                0x1b => match self.escape(&data[i..]) {
                    Some(n) => i += n,
                    None => {
                        self.pending = data[i..].to_vec();
                        return;
                    }
                },
                b'\r' => {
                    self.x = 0;
                    i += 1;
                }
                b'\n' => {
                    self.line_feed();
                    i += 1;
                }
                b if b < 0x20 => i += 1,
                _ => {
                    let len = utf8_len(data[i]);
                    if i + len > data.len() {
                        self.pending = data[i..].to_vec();
                        return;
                    }
                    if let Ok(s) = std::str::from_utf8(&data[i..i + len]) {
                        self.print(s);
                    }
                    i += len;
                }
            }
        }
    }

    /// Row `y` as text (wide characters once, trailing spaces kept).
    pub fn row(&self, y: usize) -> String {
        self.cells[y * self.cols..(y + 1) * self.cols].concat()
    }

    /// The whole screen, one line per row.
    pub fn text(&self) -> String {
        (0..self.rows).map(|y| self.row(y) + "\n").collect()
    }

    /// Whether `needle` is on one row of the screen.
    pub fn contains(&self, needle: &str) -> bool {
        (0..self.rows).any(|y| self.row(y).contains(needle))
    }

    fn print(&mut self, s: &str) {
        let width = s.chars().next().and_then(|c| c.width()).unwrap_or(1);
        if width == 0 {
            return;
        }
        if self.x + width > self.cols {
            self.x = 0;
            self.line_feed();
        }
        let at = self.y * self.cols + self.x;
        self.cells[at] = s.to_string();
        for k in 1..width {
            self.cells[at + k] = String::new();
        }
        self.x += width;
    }

    fn line_feed(&mut self) {
        if self.y == self.bottom {
            self.scroll_up(1);
        } else if self.y + 1 < self.rows {
            self.y += 1;
        }
    }

    fn scroll_up(&mut self, n: usize) {
        for _ in 0..n {
            for y in self.top..self.bottom {
                for x in 0..self.cols {
                    self.cells[y * self.cols + x] = self.cells[(y + 1) * self.cols + x].clone();
                }
            }
            self.blank_row(self.bottom);
        }
    }

    fn scroll_down(&mut self, n: usize) {
        for _ in 0..n {
            for y in (self.top + 1..=self.bottom).rev() {
                for x in 0..self.cols {
                    self.cells[y * self.cols + x] = self.cells[(y - 1) * self.cols + x].clone();
                }
            }
            self.blank_row(self.top);
        }
    }

    fn blank_row(&mut self, y: usize) {
        for x in 0..self.cols {
            self.cells[y * self.cols + x] = " ".to_string();
        }
    }

    /// Applies the escape sequence at the start of `data`; returns its length, or `None` when it
    /// is not complete yet.
    fn escape(&mut self, data: &[u8]) -> Option<usize> {
        let kind = *data.get(1)?;
        if kind != b'[' {
            // ESC 7, ESC 8, ESC =, ...: two bytes, nothing roster's frames need.
            return Some(2);
        }
        let end = data[2..].iter().position(|b| (0x40..=0x7e).contains(b))? + 2;
        let params = std::str::from_utf8(&data[2..end]).unwrap_or("");
        let private = params.starts_with('?');
        let nums: Vec<usize> = params
            .trim_start_matches('?')
            .split(';')
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let n =
            |i: usize, default: usize| nums.get(i).copied().filter(|v| *v > 0).unwrap_or(default);
        if !private {
            match data[end] {
                b'H' | b'f' => {
                    self.y = (n(0, 1) - 1).min(self.rows - 1);
                    self.x = (n(1, 1) - 1).min(self.cols - 1);
                }
                b'J' if nums.first() == Some(&2) => {
                    for y in 0..self.rows {
                        self.blank_row(y);
                    }
                }
                b'K' => {
                    for x in self.x..self.cols {
                        self.cells[self.y * self.cols + x] = " ".to_string();
                    }
                }
                b'r' => {
                    self.top = n(0, 1) - 1;
                    self.bottom = (n(1, self.rows) - 1).min(self.rows - 1);
                    self.x = 0;
                    self.y = 0;
                }
                b'S' => self.scroll_up(n(0, 1)),
                b'T' => self.scroll_down(n(0, 1)),
                _ => {}
            }
        } else if data[end] == b'h' && nums.first() == Some(&1049) {
            // The alternate screen starts blank.
            for y in 0..self.rows {
                self.blank_row(y);
            }
        }
        Some(end + 1)
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}
