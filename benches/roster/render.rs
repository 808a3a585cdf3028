//! In-process figures of the TUI: drawing a frame of a huge table, a filter keystroke, and the bytes
//! one selection move sends to the terminal. The App is filled through `update()` and drawn with
//! the event loop's own frame function on the real crossterm backend.

use super::screen::{key, loaded_app, members, terminal};
use super::{Row, median, ms};
use ratatui::crossterm::event::KeyCode;
use roster::tui::runtime::frame::draw_frame;
use std::time::{Duration, Instant};

/// Frames drawn per table size.
const FRAMES: usize = 2_000;
/// Filter keystrokes timed.
const KEYSTROKES: usize = 60;

pub fn run() -> Vec<Row> {
    let mut rows = Vec::new();
    let small = frame_time(1_000);
    let big = frame_time(100_000);
    let flat = big.as_secs_f64() <= small.as_secs_f64() * 1.25 + 50e-6;
    rows.push(Row::check(
        "draw one frame, 100,000-member table, 200×60 (median)",
        ms(big),
        "≤ 1 ms",
        big <= Duration::from_millis(1),
    ));
    rows.push(Row::check(
        "draw one frame, 1,000-member table, 200×60 (median)",
        format!(
            "{} ({:.2}× the 100,000 figure)",
            ms(small),
            ratio(small, big)
        ),
        "flat: 100,000 ≤ 1.25× this + 50 µs",
        flat,
    ));
    let (full, refine, worst) = filter_keystrokes(100_000);
    rows.push(Row::check(
        "filter keystroke over 100,000 members, rescanning all (median)",
        format!("{} (worst {})", ms(full), ms(worst)),
        "≤ 10 ms",
        full <= Duration::from_millis(10),
    ));
    rows.push(Row::info(
        "filter keystroke that narrows the previous matches (median)",
        ms(refine),
    ));
    let (sort, sort_worst) = sort_time(100_000);
    rows.push(Row::check(
        "sort a 100,000-member table by a column (s, median of keypress + frame)",
        format!("{} (worst {})", ms(sort), ms(sort_worst)),
        "≤ 50 ms",
        sort <= Duration::from_millis(50),
    ));
    let (key, key_worst) = palette_keystrokes(10_000);
    rows.push(Row::check(
        "one palette keystroke over 10,000 entries (median)",
        format!("{} (worst {})", ms(key), ms(key_worst)),
        "≤ 10 ms",
        key <= Duration::from_millis(10),
    ));
    let m = bytes_per_move(1_000, 240);
    rows.push(Row::check(
        "bytes written when the selection moves one row, 80×24",
        format!("{} B (mean {:.0} B)", m.in_page, m.in_page_mean),
        "≤ 800 B",
        m.in_page <= 800 && m.in_page_moves > 0,
    ));
    rows.push(Row::check(
        "  the same when the move scrolls the table one row",
        format!("{} B", m.scrolling),
        "≤ 800 B",
        m.scrolling <= 800,
    ));
    rows
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// Median time of `draw_frame` for a table of `n` members at 200×60, the selection moving between
/// frames (down 20 rows, up 20 rows) so each frame really changes.
fn frame_time(n: usize) -> Duration {
    let size = (200, 60);
    let mut app = loaded_app(members(n), size);
    let Ok((mut term, _)) = terminal(std::io::sink(), size) else {
        return Duration::MAX;
    };
    let _ = draw_frame(&mut term, &app);
    let mut samples = Vec::with_capacity(FRAMES);
    for i in 0..FRAMES {
        key(
            &mut app,
            if i % 40 < 20 {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            },
        );
        let t = Instant::now();
        let _ = draw_frame(&mut term, &app);
        samples.push(t.elapsed());
    }
    median(&mut samples)
}

/// Time from `s` to the drawn frame on a table of `n` members at 200×60, over every column and
/// back to the server's order several times (the keys that sort: median and worst).
fn sort_time(n: usize) -> (Duration, Duration) {
    let size = (200, 60);
    let mut app = loaded_app(members(n), size);
    let Ok((mut term, _)) = terminal(std::io::sink(), size) else {
        return (Duration::MAX, Duration::MAX);
    };
    let _ = draw_frame(&mut term, &app);
    let mut samples = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        key(&mut app, KeyCode::Char('s'));
        let _ = draw_frame(&mut term, &app);
        let took = t.elapsed();
        if app.members_sort().column.is_some() {
            samples.push(took);
        }
    }
    let worst = samples.iter().copied().max().unwrap_or_default();
    (median(&mut samples), worst)
}

/// One keystroke of the command palette over `n` entries: typing `ada lov` and erasing it, again
/// and again (the first letter and every erase rank all entries; the others only the matches).
fn palette_keystrokes(n: usize) -> (Duration, Duration) {
    use roster::tui::dialogs::palette::{Entry, Palette, Target};
    let entries: Vec<Entry> = members(n)
        .into_iter()
        .map(|m| {
            let label = format!(
                "{} <{}> — Red Team (acme)",
                m.name.unwrap_or_default(),
                m.email.unwrap_or_default()
            );
            Entry {
                kind: "person",
                haystack: label.to_lowercase(),
                label,
                target: Target::Person(0, 0, m.id),
            }
        })
        .collect();
    let mut palette = Palette::over(entries);
    let mut samples = Vec::new();
    for _ in 0..10 {
        for c in "ada lov".chars() {
            let t = Instant::now();
            palette.type_str(&c.to_string());
            samples.push(t.elapsed());
        }
        let t = Instant::now();
        palette.clear_query();
        samples.push(t.elapsed());
    }
    let worst = samples.iter().copied().max().unwrap_or_default();
    (median(&mut samples), worst)
}

/// Keystroke-to-frame time while filtering `n` members: typing `hopper` letter by letter (each
/// narrows the previous matches) and erasing it (each erase rescans every row). Returns the median
/// of the rescans, the median of the narrowing keys and the worst of all.
fn filter_keystrokes(n: usize) -> (Duration, Duration, Duration) {
    let size = (200, 60);
    let mut app = loaded_app(members(n), size);
    let Ok((mut term, _)) = terminal(std::io::sink(), size) else {
        return (Duration::MAX, Duration::MAX, Duration::MAX);
    };
    key(&mut app, KeyCode::Char('/'));
    let _ = draw_frame(&mut term, &app);
    let word: Vec<char> = "hopper".chars().collect();
    let mut full = Vec::new();
    let mut refine = Vec::new();
    while full.len() + refine.len() < KEYSTROKES {
        for (i, c) in word.iter().enumerate() {
            let t = Instant::now();
            key(&mut app, KeyCode::Char(*c));
            let _ = draw_frame(&mut term, &app);
            // The first letter scans every row; the next ones only the previous matches.
            if i == 0 { &mut full } else { &mut refine }.push(t.elapsed());
        }
        for _ in &word {
            let t = Instant::now();
            key(&mut app, KeyCode::Backspace);
            let _ = draw_frame(&mut term, &app);
            full.push(t.elapsed());
        }
    }
    let worst = full
        .iter()
        .chain(&refine)
        .copied()
        .max()
        .unwrap_or_default();
    (median(&mut full), median(&mut refine), worst)
}

/// Bytes the terminal receives per one-row move in an 80×24 members table of `n` rows, over `moves`
/// moves walking down and back: the largest and the mean of the moves that stay within the visible
/// page, and the largest of those that scroll the table.
pub fn bytes_per_move(n: usize, moves: usize) -> Moves {
    let size = (80, 24);
    let mut app = loaded_app(members(n), size);
    let mut m = Moves::default();
    let Ok((mut term, written)) = terminal(std::io::sink(), size) else {
        return m;
    };
    let _ = draw_frame(&mut term, &app);
    let mut total = 0;
    for i in 0..moves {
        let before = written.get();
        let offset = app.members_cursor().offset;
        key(
            &mut app,
            if i % 60 < 30 {
                KeyCode::Char('j')
            } else {
                KeyCode::Char('k')
            },
        );
        let _ = draw_frame(&mut term, &app);
        let bytes = written.get() - before;
        if app.members_cursor().offset == offset {
            m.in_page = m.in_page.max(bytes);
            m.in_page_moves += 1;
            total += bytes;
        } else {
            m.scrolling = m.scrolling.max(bytes);
        }
    }
    m.in_page_mean = total as f64 / m.in_page_moves.max(1) as f64;
    m
}

/// What [`bytes_per_move`] found.
#[derive(Debug, Default)]
pub struct Moves {
    /// Largest move within the page.
    pub in_page: u64,
    /// Mean of the moves within the page.
    pub in_page_mean: f64,
    /// How many moves stayed within the page.
    pub in_page_moves: usize,
    /// Largest move that scrolled the table.
    pub scrolling: u64,
}
