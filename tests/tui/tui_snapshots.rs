//! Every screen and dialog as an insta snapshot at 80×24 and at 120×40, and once more in
//! NO_COLOR at 80×24: there the snapshot also lists the reversed cells (the selection and focused
//! buttons), which is how the selection stays visible without colour, and the test checks that no
//! cell has a colour at all.

use crate::tui_fixture;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use roster::tui::theme::Theme;
use roster::tui::{App, Event, ReplyBody, update};
use tui_fixture::*;

/// Every state worth a picture, by name.
fn states() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    out.push(("s_main_members", loaded_app(false, None)));
    let mut w = loaded_app(false, Some("DEMO: sandbox on 127.0.0.1:7878"));
    press(&mut w, KeyCode::Tab);
    out.push(("s_main_workspaces_demo", w));
    let mut l = App::new(seeds(), false, None);
    l.start();
    out.push(("s_loading", l));
    let mut f = loaded_app(false, None);
    ch(&mut f, '/');
    type_text(&mut f, "example");
    out.push(("s_filter", f));
    let mut s = loaded_app(false, None);
    ch(&mut s, 's');
    ch(&mut s, 's');
    out.push(("s_sorted_by_name", s));
    let mut t = loaded_app(false, None);
    let r = only(&ch(&mut t, 'r'), is_load_members);
    update(
        &mut t,
        outcome(
            &r,
            ReplyBody::Members {
                workspace_id: "ws-1".into(),
                result: Err(list_error("paradigm", 503, "Service under maintenance")),
            },
        ),
    );
    out.push(("s_error_toast", t));
    let mut h = loaded_app(false, None);
    ch(&mut h, '?');
    out.push(("d_help", h));
    let mut hs = loaded_app(true, None);
    ch(&mut hs, '?');
    type_text(&mut hs, "filter");
    out.push(("d_help_search_readonly", hs));
    let mut a = loaded_app(false, None);
    let c = ch(&mut a, 'a');
    give_roles(&mut a, &c);
    type_text(&mut a, "new@example.com");
    out.push(("d_add_email", a));
    let mut ar = loaded_app(false, None);
    let c = ch(&mut ar, 'a');
    give_roles(&mut ar, &c);
    type_text(&mut ar, "u-77");
    press(&mut ar, KeyCode::Tab);
    ch(&mut ar, 'k');
    out.push(("d_add_role_list", ar));
    let mut ai = loaded_app(false, None);
    let c = ch(&mut ai, 'a');
    give_roles(&mut ai, &c);
    type_text(&mut ai, "ada@example");
    press(&mut ai, KeyCode::Enter);
    out.push(("d_add_invalid", ai));
    let mut asub = loaded_app(false, None);
    let c = ch(&mut asub, 'a');
    give_roles(&mut asub, &c);
    type_text(&mut asub, "u-77");
    press(&mut asub, KeyCode::Enter);
    out.push(("d_add_submitting", asub));
    let mut rp = loaded_app(false, None);
    select_member(&mut rp, "Grace Hopper");
    let c = ch(&mut rp, 'e');
    give_roles(&mut rp, &c);
    out.push(("d_role_picker", rp));
    let mut x = loaded_app(false, None);
    select_member(&mut x, "Alan Turing");
    ch(&mut x, 'x');
    out.push(("d_confirm", x));
    let mut q = loaded_app(false, None);
    select_member(&mut q, "Alan Turing");
    ch(&mut q, 'x');
    ch(&mut q, 'y');
    press(&mut q, KeyCode::Esc);
    ch(&mut q, 'q');
    out.push(("d_quit", q));
    let mut p = loaded_app(false, None);
    ch(&mut p, ':');
    type_text(&mut p, "gr");
    out.push(("d_palette", p));
    let mut y = loaded_app(false, None);
    select_member(&mut y, "Grace Hopper");
    ch(&mut y, 'y');
    out.push(("d_copy", y));
    let mut d = loaded_app(false, None);
    select_member(&mut d, "Katherine Johnson");
    press(&mut d, KeyCode::Enter);
    out.push(("d_detail", d));
    out
}

fn at(app: &App, w: u16, h: u16) -> App {
    let mut app = app.clone();
    update(&mut app, Event::Resize(w, h));
    app
}

/// The screen in NO_COLOR with the runs of reversed cells listed under it; panics on any colour.
fn no_color(app: &App) -> String {
    let mut app = at(app, 80, 24);
    app.set_theme(Theme::monochrome());
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    t.draw(|f| roster::tui::view::draw(f, &app)).expect("draw");
    let buf = t.backend().buffer();
    let mut screen = String::new();
    let mut runs = String::new();
    for y in 0..24 {
        let mut line = String::new();
        let mut start = None;
        for x in 0..80 {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "a colour at {x},{y}");
            assert_eq!(cell.bg, Color::Reset, "a colour at {x},{y}");
            line.push_str(cell.symbol());
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            match (reversed, start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    runs.push_str(&format!("row {y}: reversed {s}-{}\n", x - 1));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push_str(&format!("row {y}: reversed {s}-79\n"));
        }
        screen.push_str(line.trim_end());
        screen.push('\n');
    }
    format!("{screen}--- NO_COLOR: reversed cells\n{runs}")
}

#[test]
fn every_screen_and_dialog_at_80x24_120x40_and_in_no_color() {
    for (name, app) in states() {
        insta::assert_snapshot!(format!("{name}_80x24"), render(&at(&app, 80, 24), 80, 24));
        insta::assert_snapshot!(
            format!("{name}_120x40"),
            render(&at(&app, 120, 40), 120, 40)
        );
        insta::assert_snapshot!(format!("{name}_no_color"), no_color(&app));
    }
}
