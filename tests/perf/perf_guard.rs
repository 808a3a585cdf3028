//! Regression guards for what can be checked without timing (the figures themselves come from
//! `cargo bench --bench roster`):
//!
//! - the TUI writes nothing while idle (the real binary on a pseudo-terminal);
//! - moving the selection one row writes at most 800 bytes at 80×24, scrolling included, and the
//!   screen it leaves is exactly the frame ratatui drew;
//! - drawing a frame and typing into the filter cost the same for 100,000 members as for 1,000:
//!   counted in heap allocations, which grow with every row touched.

#[allow(dead_code)]
#[path = "../../benches/roster/fixture.rs"]
mod fixture;
#[allow(dead_code)]
#[path = "../../benches/roster/pty.rs"]
mod pty;
#[allow(dead_code)]
#[path = "../../benches/roster/screen.rs"]
mod screen;
#[allow(dead_code)]
#[path = "../../benches/roster/vt.rs"]
mod vt;

use crate::alloc_count::allocations;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use roster::sandbox::generate::generate;
use roster::tui::runtime::frame::draw_frame;
use screen::{key, loaded_app, members, terminal};
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::time::Duration;

/// Allocations of drawing one frame after a one-row move, with `n` members at 200×60.
fn frame_cost(n: usize) -> (u64, u64) {
    let size = (200, 60);
    let mut app = loaded_app(members(n), size);
    let (mut term, _) = terminal(std::io::sink(), size).unwrap();
    draw_frame(&mut term, &app).unwrap();
    key(&mut app, KeyCode::Char('j'));
    allocations(|| draw_frame(&mut term, &app).unwrap())
}

#[test]
fn drawing_a_frame_costs_the_same_for_100000_members_as_for_1000() {
    let small = frame_cost(1_000);
    let big = frame_cost(100_000);
    // Building even a thousandth of the extra rows would add about 100 allocations.
    assert!(
        big.0 <= small.0 + 20 && big.1 <= small.1 + 4_096,
        "a frame of 100,000 members made {big:?} allocations (count, bytes); of 1,000: {small:?}"
    );
}

#[test]
fn a_filter_keystroke_does_not_allocate_per_row() {
    let mut app = loaded_app(members(100_000), (200, 60));
    key(&mut app, KeyCode::Char('/'));
    // Erasing the last letter rescans every row: the worst keystroke.
    key(&mut app, KeyCode::Char('h'));
    let (count, _) = allocations(|| {
        key(&mut app, KeyCode::Backspace);
    });
    assert!(
        count < 100,
        "one keystroke over 100,000 members made {count} allocations: the filter must run over \
         text normalised once per load, not per keystroke"
    );
    let (count, _) = allocations(|| {
        key(&mut app, KeyCode::Char('o'));
    });
    assert!(count < 100, "{count} allocations for a narrowing keystroke");
    assert!(app.members_view().len() < 100_000, "the filter applied");
}

/// A writer whose bytes the test can read back.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The text ratatui renders for `app` at `size`, row by row.
fn rendered(app: &roster::tui::App, size: (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    t.draw(|f| roster::tui::view::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..size.1 {
        for x in 0..size.0 {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn moving_one_row_writes_at_most_800_bytes_and_leaves_the_exact_frame() {
    let size = (80, 24);
    let mut app = loaded_app(members(1_000), size);
    let out = Shared::default();
    let (mut term, written) = terminal(out.clone(), size).unwrap();
    let mut screen = vt::Screen::new(size.0, size.1);
    draw_frame(&mut term, &app).unwrap();
    let mut scrolled = 0;
    // Down past the bottom of the page and back up past the top: moves that only shift the
    // highlight, and moves that scroll the table both ways.
    let keys = std::iter::repeat_n('j', 40).chain(std::iter::repeat_n('k', 40));
    for (i, c) in keys.enumerate() {
        let offset = app.members_cursor().offset;
        let before = written.get();
        key(&mut app, KeyCode::Char(c));
        draw_frame(&mut term, &app).unwrap();
        let bytes = written.get() - before;
        scrolled += usize::from(app.members_cursor().offset != offset);
        assert!(
            bytes <= 800,
            "move {i} ({c}) wrote {bytes} bytes to the terminal; the budget is 800"
        );
        screen.feed(&out.0.borrow_mut().split_off(0));
        assert_eq!(
            screen.text(),
            rendered(&app, size),
            "after move {i} ({c}) the terminal does not show the frame ratatui drew"
        );
    }
    assert!(
        scrolled >= 20,
        "the walk scrolled the table ({scrolled} moves)"
    );
}

#[test]
fn the_tui_writes_nothing_while_idle() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let kinds = [
        roster::providers::dreadnode::KIND,
        roster::providers::paradigm::KIND,
    ];
    let specs: Vec<fixture::ProfileSpec> =
        kinds.into_iter().map(fixture::ProfileSpec::new).collect();
    let fx = rt
        .block_on(fixture::Fixture::start(
            generate(4, 12, 9),
            Duration::ZERO,
            &specs,
        ))
        .unwrap();
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_roster"));
    let pty = pty::Pty::spawn(fx.command(binary), 80, 24).unwrap();
    assert!(
        pty.wait_for_text("(12)", Duration::from_secs(20)),
        "the first workspace never showed its members:\n{}",
        pty.screen().text()
    );
    assert!(
        pty.wait_quiet(Duration::from_millis(500), Duration::from_secs(20)),
        "the screen never settled"
    );
    let before = pty.len();
    std::thread::sleep(Duration::from_secs(3));
    let idle = pty.len() - before;
    let screen = pty.screen().text();
    pty.quit(Duration::from_secs(2));
    assert_eq!(idle, 0, "roster wrote {idle} bytes while idle:\n{screen}");
}
