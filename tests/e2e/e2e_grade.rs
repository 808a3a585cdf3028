//! End to end, issue 12: the real `roster demo` in tmux. A paste into the Add form (with its
//! newline) fills the field and submits nothing; `y` copies with OSC 52, whose sequence appears in
//! what roster writes to the terminal (tmux `pipe-pane`); `s` sorts the table and the header says so.

use crate::e2e_support;

use base64::Engine as _;
use e2e_support::{STEP, Tmux, tmux_or_skip, wrapped};
use std::time::Duration;

/// roster demo in a 100×30 tmux window, all four profiles loaded.
fn demo(scratch: &tempfile::TempDir) -> Tmux {
    let stty = scratch.path().join("stty.txt");
    let audit = scratch.path().join("audit.jsonl").display().to_string();
    let t = Tmux::start(
        100,
        30,
        &[("ROSTER_AUDIT_FILE", audit.as_str())],
        &wrapped("demo", &stty),
    );
    t.wait_until("four loaded profiles", STEP, |s| {
        s.matches('✓').count() >= 4
    });
    t.wait_until("the first workspace's members", STEP, |s| {
        s.contains("Email or ID")
    });
    t
}

/// The emails of the member rows on `screen` (the members pane, focused: heavy borders).
fn emails(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.contains("Email or ID"))
        .skip(1)
        .filter_map(|l| l.split('┃').nth(1))
        .map(|cell| {
            cell.trim_start_matches(['>', ' '])
                .split(' ')
                .next()
                .unwrap_or("")
        })
        .take_while(|e| !e.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn e2e_a_pasted_email_with_a_newline_fills_the_add_form_and_submits_nothing() {
    if !tmux_or_skip("e2e_a_pasted_email_with_a_newline_fills_the_add_form_and_submits_nothing") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let t = demo(&scratch);
    t.keys(&["a"]);
    t.wait_for("Add member to");
    t.paste("dana.paste@x.example\n");
    let screen = t.wait_for("dana.paste@x.example");
    // The paste arrived in one piece: had its newline been a key, the form would have sent the
    // add in the same moment.
    assert!(screen.contains("Add member to"), "{screen}");
    assert!(
        !screen.contains("Adding…") && !screen.contains("Added"),
        "{screen}"
    );
    t.keys(&["Escape"]);
    t.wait_until("the form closed", STEP, |s| !s.contains("Add member to"));
}

#[test]
fn e2e_y_copies_with_osc52() {
    if !tmux_or_skip("e2e_y_copies_with_osc52") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let t = demo(&scratch);
    let raw = scratch.path().join("raw.out");
    t.pipe_output_to(&raw);
    t.keys(&["Tab", "y"]);
    t.wait_for("Copy ");
    t.keys(&["i"]);
    let screen = t.wait_for("Copied the ID to the clipboard: ");
    let id = screen
        .lines()
        .find_map(|l| l.split("Copied the ID to the clipboard: ").nth(1))
        .map(|rest| {
            rest.split('│')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .expect("the toast names the ID");
    let wanted = format!(
        "\u{1b}]52;c;{}\u{7}",
        base64::engine::general_purpose::STANDARD.encode(id.as_bytes())
    );
    let ok = e2e_support::poll(Duration::from_secs(10), || {
        std::fs::read(&raw).is_ok_and(|b| String::from_utf8_lossy(&b).contains(&wanted))
    });
    assert!(ok, "no OSC 52 sequence for {id:?} in what roster wrote");
}

#[test]
fn e2e_s_sorts_the_member_table_and_shows_it() {
    if !tmux_or_skip("e2e_s_sorts_the_member_table_and_shows_it") {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let t = demo(&scratch);
    t.keys(&["Tab", "s"]);
    let screen = t.wait_for("Email or ID ▲");
    let shown = emails(&screen);
    assert!(shown.len() >= 3, "{screen}");
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "{screen}");
    t.keys(&["S"]);
    let screen = t.wait_for("Email or ID ▼");
    let shown = emails(&screen);
    let mut reversed = shown.clone();
    reversed.sort();
    reversed.reverse();
    assert_eq!(shown, reversed, "{screen}");
}
