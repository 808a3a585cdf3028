//! The actions of the two panes: moving, switching, filtering, sorting, marking, opening a
//! workspace, refreshing, and opening the dialogs (each dialog decides itself whether it can open,
//! and says why not). With rows marked, `e` and `x` act on all of them. Also where a palette entry
//! leads.

use crate::tui::dialogs::Dialog;
use crate::tui::dialogs::add::AddForm;
use crate::tui::dialogs::bulk;
use crate::tui::dialogs::confirm::ConfirmRemove;
use crate::tui::dialogs::copy::CopyMenu;
use crate::tui::dialogs::detail::DetailPanel;
use crate::tui::dialogs::help::Help;
use crate::tui::dialogs::palette::Palette;
use crate::tui::dialogs::person::PersonView;
use crate::tui::dialogs::role::RolePicker;
use crate::tui::dialogs::undo::UndoConfirm;
use crate::tui::keys::Action;
use crate::tui::msg::Work;
use crate::tui::state::{App, Move, Pane};

/// Applies an action while no dialog is open (in a pane, or while typing its filter).
pub(super) fn on_action(app: &mut App, action: Action) -> Work {
    let model = app.model_mut();
    if let Some(how) = Move::of(action) {
        model.move_selection(how);
        return Work::none();
    }
    match action {
        Action::NextPane | Action::PrevPane => model.switch_pane(),
        Action::Open => return model.open_selected().into(),
        Action::Filter => model.start_filter(),
        // Esc: the filter first; once there is none, the marks.
        Action::ClearFilter
            if model.focus() == Pane::Members
                && !model.focused_filter().editing
                && !model.focused_filter().is_active() =>
        {
            model.clear_marks()
        }
        Action::ClearFilter => model.clear_filter(),
        Action::Mark => model.toggle_mark(),
        Action::MarkAll => model.mark_shown(),
        Action::FilterKeep => model.keep_filter(),
        Action::Sort => model.sort_focused(false),
        Action::SortReverse => model.sort_focused(true),
        Action::ToggleWorkspaces => model.toggle_tree(),
        Action::Refresh => return model.refresh().into(),
        Action::Help => app.open_dialog(Dialog::Help(Help::default())),
        Action::Palette => {
            let palette = Palette::open(model);
            app.open_dialog(Dialog::Palette(palette));
        }
        Action::Detail => {
            let (panel, out) = DetailPanel::open(model);
            return open(app, panel.map(Dialog::Detail), out);
        }
        Action::Copy => {
            let menu = CopyMenu::open(model);
            return open(app, menu.map(Dialog::Copy), Work::none());
        }
        Action::Add => {
            let (form, out) = AddForm::open(model);
            return open(app, form.map(Dialog::Add), out);
        }
        Action::ChangeRole if model.marked_count() > 0 => {
            let (b, out) = bulk::role_marked(model);
            return open(app, b.map(Dialog::Bulk), out);
        }
        Action::ChangeRole => {
            let (picker, out) = RolePicker::open(model);
            return open(app, picker.map(Dialog::Role), out);
        }
        Action::Remove if model.marked_count() > 0 => {
            let (b, out) = bulk::remove_marked(model);
            return open(app, b.map(Dialog::Bulk), out);
        }
        Action::Remove => {
            let confirm = ConfirmRemove::open(model);
            return open(app, confirm.map(Dialog::Confirm), Work::none());
        }
        Action::WhereAccess => {
            let (view, out) = PersonView::open(model);
            return open(app, view.map(Dialog::Person), out);
        }
        Action::Undo => {
            let (line, out) = UndoConfirm::open(model);
            return open(app, Some(Dialog::Undo(line)), out);
        }
        Action::Quit | Action::Interrupt => {
            app.request_quit(0, true);
        }
        // The other actions belong to dialogs, whose contexts are the only ones that bind them.
        _ => {}
    }
    Work::none()
}

/// Opens `dialog` when there is one (otherwise it said why not), and passes on its commands.
fn open(app: &mut App, dialog: Option<Dialog>, out: Work) -> Work {
    if let Some(d) = dialog {
        app.open_dialog(d);
    }
    out
}
