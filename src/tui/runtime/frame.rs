//! One frame as the terminal receives it: the whole screen diffed against the previous frame and
//! wrapped in a synchronized update, so the terminal shows it at once. The event loop draws with
//! this function, and the byte-budget tests and benchmarks count what it writes through any writer.

use super::scroll::ScrollingBackend;
use crate::tui::state::App;
use crate::tui::view;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use std::io::{self, Write};

/// The backend roster draws with: crossterm, with scrolling of moved rows.
pub type RosterBackend<W> = ScrollingBackend<W>;

/// The terminal of the event loop.
pub type Tty = Terminal<RosterBackend<io::Stdout>>;

/// The backend roster draws with, writing to `writer` (the terminal, or a byte counter).
pub fn backend<W: Write>(writer: W) -> RosterBackend<W> {
    ScrollingBackend::new(writer)
}

/// Draws `app` on `term` as one synchronized update and flushes it.
pub fn draw_frame<B>(term: &mut Terminal<B>, app: &App) -> io::Result<()>
where
    B: Backend<Error = io::Error> + Write,
{
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view::draw(f, app))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}
