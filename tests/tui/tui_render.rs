//! Render snapshots of every screen and dialog at 80×24 (and one wide size), a sweep of sizes that
//! must never panic, and the README key table kept in step with the key registry.

use crate::tui_fixture;

use ratatui::crossterm::event::KeyCode;
use roster::tui::{App, Event, keys, update};
use roster::tui::{Reply, ReplyBody};
use tui_fixture::*;

fn at(mut app: App, w: u16, h: u16) -> App {
    update(&mut app, Event::Resize(w, h));
    app
}

#[test]
fn main_view_with_members() {
    let app = loaded_app(false, None);
    let screen = render(&app, 80, 24);
    // Hostile server text is defused before drawing.
    assert!(!screen.contains('\u{1b}'));
    assert!(screen.contains("Mallory␛[2J"));
    insta::assert_snapshot!("main_80x24", screen);
}

#[test]
fn main_view_wide_with_demo_banner() {
    let app = at(
        loaded_app(
            false,
            Some("DEMO: sandbox on 127.0.0.1:7878, changes are local"),
        ),
        160,
        40,
    );
    insta::assert_snapshot!("main_160x40", render(&app, 160, 40));
}

#[test]
fn loading_state_is_the_first_frame() {
    let mut app = App::new(seeds(), false, None);
    app.start();
    let screen = render(&app, 80, 24);
    assert!(screen.contains("loading workspaces"));
    insta::assert_snapshot!("loading_80x24", screen);
}

#[test]
fn filter_active() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '/');
    type_text(&mut app, "example");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("5 of 7"), "{screen}");
    insta::assert_snapshot!("filter_80x24", screen);
}

#[test]
fn add_form_with_validation_error() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    type_text(&mut app, "ada@example");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("not a valid email"), "{screen}");
    insta::assert_snapshot!("add_form_invalid_80x24", screen);
}

#[test]
fn add_form_detects_email_and_shows_how_it_is_added() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    give_roles(&mut app, &cmds);
    type_text(&mut app, "new@example.com");
    let screen = render(&app, 80, 24);
    assert!(screen.contains("detected: email"), "{screen}");
    insta::assert_snapshot!("add_form_email_80x24", screen);
}

#[test]
fn add_form_while_roles_load_and_while_submitting() {
    let mut app = loaded_app(false, None);
    let cmds = ch(&mut app, 'a');
    assert!(render(&app, 80, 24).contains("Loading roles"));
    give_roles(&mut app, &cmds);
    type_text(&mut app, "u-77");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Adding…"), "{screen}");
    insta::assert_snapshot!("add_form_submitting_80x24", screen);
}

#[test]
fn role_picker() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Grace Hopper");
    let cmds = ch(&mut app, 'e');
    give_roles(&mut app, &cmds);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("editor (current)"), "{screen}");
    insta::assert_snapshot!("role_picker_80x24", screen);
}

#[test]
fn confirm_dialog() {
    let mut app = loaded_app(false, None);
    select_member(&mut app, "Alan Turing");
    ch(&mut app, 'x');
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Remove Alan Turing <alan@example.com> from Design?"),
        "{screen}"
    );
    assert!(screen.contains("> Cancel <"), "{screen}");
    insta::assert_snapshot!("confirm_80x24", screen);
}

#[test]
fn help_overlay() {
    let mut app = loaded_app(false, None);
    ch(&mut app, '?');
    insta::assert_snapshot!("help_80x24", render(&app, 80, 24));
}

#[test]
fn help_overlay_readonly_has_no_changing_keys() {
    let mut app = loaded_app(true, None);
    ch(&mut app, '?');
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Read-only mode"));
    assert!(!screen.contains("changes data)"), "{screen}");
    insta::assert_snapshot!("help_readonly_80x24", screen);
}

#[test]
fn error_toast() {
    let mut app = loaded_app(false, None);
    let r = only(&ch(&mut app, 'r'), is_load_members);
    let (profile, request) = tag(&r);
    update(
        &mut app,
        Event::Reply(Reply {
            profile,
            request,
            body: ReplyBody::Members {
                workspace_id: "ws-1".into(),
                result: Err(list_error("paradigm", 503, "Service under maintenance")
                    .with_request_id(Some("9f2c".into()))),
            },
        }),
    );
    let screen = render(&app, 80, 24);
    assert!(screen.contains("[stale]"), "{screen}");
    insta::assert_snapshot!("error_toast_80x24", screen);
}

#[test]
fn too_small_notice() {
    let app = at(loaded_app(false, None), 50, 12);
    let screen = render(&app, 50, 12);
    assert!(screen.contains("Terminal too small"));
    insta::assert_snapshot!("too_small_50x12", screen);
}

#[test]
fn no_colour_keeps_the_selection_visible() {
    let mut app = loaded_app(false, None);
    app.set_theme(roster::tui::theme::Theme::monochrome());
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roster::tui::view::draw(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let mut marker_row = None;
    for y in 0..24 {
        for x in 0..80 {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "colour at {x},{y}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "colour at {x},{y}");
        }
        let line: String = (0..80).map(|x| buf[(x, y)].symbol()).collect();
        if line.contains("> ") && line.contains("Ada Lovelace") {
            marker_row = Some(y);
        }
    }
    let y = marker_row.expect("selected row has a > marker");
    let x = (0..80).find(|&x| buf[(x, y)].symbol() == "A").unwrap();
    assert!(
        buf[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

#[test]
fn never_panics_at_any_size_in_any_state() {
    let mut states = vec![loaded_app(false, Some("DEMO banner"))];
    let mut a = loaded_app(false, None);
    let c = ch(&mut a, 'a');
    give_roles(&mut a, &c);
    type_text(&mut a, "someone@example.com");
    states.push(a);
    let mut r = loaded_app(false, None);
    select_member(&mut r, "Grace Hopper");
    let c = ch(&mut r, 'e');
    give_roles(&mut r, &c);
    states.push(r);
    let mut x = loaded_app(false, None);
    select_member(&mut x, "Grace Hopper");
    ch(&mut x, 'x');
    states.push(x);
    let mut h = loaded_app(false, None);
    ch(&mut h, '?');
    ch(&mut h, 'G');
    states.push(h);
    let mut f = loaded_app(false, None);
    ch(&mut f, '/');
    type_text(&mut f, "zz");
    states.push(f);
    let mut l = App::new(seeds(), false, None);
    l.start();
    states.push(l);
    let mut u = loaded_app(false, None);
    select_member(&mut u, "Grace Hopper");
    ch(&mut u, 'u');
    states.push(u);
    let mut t = loaded_app(false, None);
    select_member(&mut t, "Edsger Dijkstra");
    ch(&mut t, 'e');
    assert!(t.toast().is_some());
    states.push(t);
    let sizes: Vec<u16> = vec![
        0, 1, 2, 3, 5, 10, 14, 15, 16, 24, 40, 59, 60, 61, 80, 100, 160, 300,
    ];
    for state in &states {
        for &w in &sizes {
            for &h in &sizes {
                if h > 100 {
                    continue;
                }
                let app = at(state.clone(), w, h);
                let _ = render(&app, w, h);
            }
        }
    }
}

#[test]
fn readme_key_table_matches_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let table = keys::markdown_table();
    assert!(
        readme.contains(&table),
        "README's key table is out of date; replace it with:\n\n{table}"
    );
}
