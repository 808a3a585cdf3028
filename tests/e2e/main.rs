//! End to end: the real `roster` binary in tmux, driven by keys and read from the screen. Needs tmux:
//! skipped with a message without it, except under CI, where it fails.

#[path = "../support/e2e_support.rs"]
mod e2e_support;

mod e2e_configured;
mod e2e_grade;
mod e2e_interrupts;
mod e2e_marks;
mod e2e_terminal;
mod e2e_tmux;
