//! The TUI without a terminal: the pure update, rendering (insta snapshots), the headless driver on a
//! sandbox, and changes racing with what the admin sees.

#[path = "../support/common.rs"]
mod common;
mod tui_fixture;

mod tui_concurrent_changes;
mod tui_engine;
mod tui_grade;
mod tui_grade_headless;
mod tui_headless;
mod tui_marks;
mod tui_person;
mod tui_render;
mod tui_snapshots;
mod tui_undo;
mod tui_update;
mod tui_update_changes;
