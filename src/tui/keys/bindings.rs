//! The registry's table: every binding, in footer-hint and help order. Each has a unique `name`,
//! by which `[keys]` in the config rebinds it.

use super::context::{Action, Context};
use super::key::{Binding, Key};
use crate::tui::text;
use ratatui::crossterm::event::KeyCode;

use Context as C;
const PANES: &[Context] = &Context::PANES;
/// Lists moved with j/k.
const LISTS: &[Context] = &[
    C::Workspaces,
    C::Members,
    C::AddRole,
    C::RolePicker,
    C::Copy,
    C::Detail,
    C::Person,
    C::Bulk,
];
/// Lists paged with PgUp/PgDn, typing ones included.
const PAGED: &[Context] = &[
    C::Workspaces,
    C::Members,
    C::AddRole,
    C::RolePicker,
    C::Copy,
    C::Detail,
    C::Person,
    C::Bulk,
    C::Help,
    C::Palette,
];
/// Where ↑/↓ move while typing.
const TYPING: &[Context] = &[C::Filter, C::AddForm, C::Help, C::Palette];
const EVERYWHERE: &[Context] = &Context::ALL;
const MODALS: &[Context] = &[
    C::AddForm,
    C::AddRole,
    C::RolePicker,
    C::Confirm,
    C::Copy,
    C::Bulk,
    C::Undo,
];
const ADD: &[Context] = &[C::AddForm, C::AddRole];
/// Where rows can be marked.
const MARKABLE: &[Context] = &[C::Members, C::Person];

/// A binding that is not dangerous and has no hint; the fields that differ are set on top.
const fn b(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        name,
        action,
        keys,
        hint: None,
        description,
        contexts,
        dangerous: false,
    }
}

/// [`b`] with a footer hint.
const fn h(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    hint: (&'static str, &'static str),
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        hint: Some(hint),
        ..b(name, action, keys, description, contexts)
    }
}

/// [`h`] for an action that changes data (read-only hides it).
const fn d(
    name: &'static str,
    action: Action,
    keys: &'static [Key],
    hint: (&'static str, &'static str),
    description: &'static str,
    contexts: &'static [Context],
) -> Binding {
    Binding {
        dangerous: true,
        ..h(name, action, keys, hint, description, contexts)
    }
}

/// The registry. Order is the order of footer hints and help lines.
pub const BINDINGS: &[Binding] = &[
    h(
        "down",
        Action::Down,
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        ("j/k", text::H_MOVE),
        text::D_DOWN,
        LISTS,
    ),
    b(
        "up",
        Action::Up,
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        text::D_UP,
        LISTS,
    ),
    b(
        "top",
        Action::Top,
        &[Key::ch('g'), Key::plain(KeyCode::Home)],
        text::D_TOP,
        LISTS,
    ),
    b(
        "bottom",
        Action::Bottom,
        &[Key::ch('G'), Key::plain(KeyCode::End)],
        text::D_BOTTOM,
        LISTS,
    ),
    b(
        "page-down",
        Action::PageDown,
        &[Key::plain(KeyCode::PageDown)],
        text::D_PAGE_DOWN,
        PAGED,
    ),
    b(
        "page-up",
        Action::PageUp,
        &[Key::plain(KeyCode::PageUp)],
        text::D_PAGE_UP,
        PAGED,
    ),
    h(
        "open",
        Action::Open,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_OPEN),
        text::D_OPEN,
        &[C::Workspaces],
    ),
    h(
        "detail",
        Action::Detail,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_DETAIL),
        text::D_DETAIL,
        &[C::Members],
    ),
    // Left out of the footer to leave room for help and quit at 80 columns.
    b(
        "next-pane",
        Action::NextPane,
        &[Key::plain(KeyCode::Tab)],
        text::D_NEXT_PANE,
        PANES,
    ),
    b(
        "prev-pane",
        Action::PrevPane,
        &[Key::plain(KeyCode::BackTab)],
        text::D_PREV_PANE,
        PANES,
    ),
    h(
        "filter",
        Action::Filter,
        &[Key::ch('/')],
        ("/", text::H_FILTER),
        text::D_FILTER,
        PANES,
    ),
    b(
        "clear-filter",
        Action::ClearFilter,
        &[Key::plain(KeyCode::Esc)],
        text::D_CLEAR_FILTER,
        PANES,
    ),
    h(
        "sort",
        Action::Sort,
        &[Key::ch('s')],
        ("s", text::H_SORT),
        text::D_SORT,
        PANES,
    ),
    b(
        "sort-reverse",
        Action::SortReverse,
        &[Key::ch('S')],
        text::D_SORT_REVERSE,
        PANES,
    ),
    d(
        "add",
        Action::Add,
        &[Key::ch('a')],
        ("a", text::H_ADD),
        text::D_ADD,
        PANES,
    ),
    d(
        "change-role",
        Action::ChangeRole,
        &[Key::ch('e')],
        ("e", text::H_ROLE),
        text::D_ROLE,
        &[C::Members],
    ),
    d(
        "remove",
        Action::Remove,
        &[Key::ch('x'), Key::plain(KeyCode::Delete)],
        ("x", text::H_REMOVE),
        text::D_REMOVE,
        &[C::Members],
    ),
    // Left out of the members pane's footer to leave room for help and quit at 80 columns; the
    // person view's footer shows it.
    b(
        "mark",
        Action::Mark,
        &[Key::ch(' ')],
        text::D_MARK,
        &[C::Members],
    ),
    h(
        "person.mark",
        Action::Mark,
        &[Key::ch(' ')],
        ("Space", text::H_MARK),
        text::D_MARK_GRANT,
        &[C::Person],
    ),
    b(
        "mark-all",
        Action::MarkAll,
        &[Key::ch('*')],
        text::D_MARK_ALL,
        MARKABLE,
    ),
    h(
        "copy",
        Action::Copy,
        &[Key::ch('y')],
        ("y", text::H_COPY),
        text::D_COPY,
        &[C::Members],
    ),
    b(
        "where-access",
        Action::WhereAccess,
        &[Key::ch('u')],
        text::D_WHERE,
        &[C::Members],
    ),
    Binding {
        dangerous: true,
        ..b("undo", Action::Undo, &[Key::ch('z')], text::D_UNDO, PANES)
    },
    h(
        "refresh",
        Action::Refresh,
        &[Key::ch('r')],
        ("r", text::H_REFRESH),
        text::D_REFRESH,
        PANES,
    ),
    h(
        "palette",
        Action::Palette,
        &[Key::ch(':')],
        (":", text::H_PALETTE),
        text::D_PALETTE,
        PANES,
    ),
    b(
        "toggle-workspaces",
        Action::ToggleWorkspaces,
        &[Key::ch('w')],
        text::D_TOGGLE_WORKSPACES,
        PANES,
    ),
    h(
        "help",
        Action::Help,
        &[Key::ch('?')],
        ("?", text::H_HELP),
        text::D_HELP,
        PANES,
    ),
    h(
        "quit",
        Action::Quit,
        &[Key::ch('q')],
        ("q", text::H_QUIT),
        text::D_QUIT,
        PANES,
    ),
    b(
        "interrupt",
        Action::Interrupt,
        &[Key::ctrl('c')],
        text::D_INTERRUPT,
        EVERYWHERE,
    ),
    b(
        "suspend",
        Action::Suspend,
        &[Key::ctrl('z')],
        text::D_SUSPEND,
        EVERYWHERE,
    ),
    // While typing a filter.
    h(
        "filter.keep",
        Action::FilterKeep,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_KEEP),
        text::D_FILTER_KEEP,
        &[C::Filter],
    ),
    h(
        "filter.clear",
        Action::ClearFilter,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_CLEAR),
        text::D_FILTER_CLEAR,
        &[C::Filter],
    ),
    h(
        "typing.down",
        Action::Down,
        &[Key::plain(KeyCode::Down)],
        ("↑/↓", text::H_MOVE),
        text::D_TYPING_MOVE,
        TYPING,
    ),
    b(
        "typing.up",
        Action::Up,
        &[Key::plain(KeyCode::Up)],
        text::D_TYPING_MOVE,
        TYPING,
    ),
    // Forms, pickers and dialogs.
    h(
        "add.next-field",
        Action::NextField,
        &[Key::plain(KeyCode::Tab)],
        ("Tab", text::H_FIELD),
        text::D_NEXT_FIELD,
        ADD,
    ),
    b(
        "add.prev-field",
        Action::PrevField,
        &[Key::plain(KeyCode::BackTab)],
        text::D_PREV_FIELD,
        ADD,
    ),
    d(
        "add.submit",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_SUBMIT),
        text::D_SUBMIT_ADD,
        ADD,
    ),
    d(
        "role.apply",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_APPLY),
        text::D_APPLY_ROLE,
        &[C::RolePicker],
    ),
    h(
        "confirm.switch",
        Action::SwitchButton,
        &[
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::ch('h'),
            Key::ch('l'),
        ],
        ("Tab", text::H_SWITCH),
        text::D_SWITCH_BUTTON,
        &[C::Confirm],
    ),
    h(
        "confirm.choose",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_CHOOSE),
        text::D_ACTIVATE,
        &[C::Confirm],
    ),
    d(
        "confirm.yes",
        Action::Confirm,
        &[Key::ch('y')],
        ("y", text::H_CONFIRM),
        text::D_CONFIRM_REMOVE,
        &[C::Confirm],
    ),
    b(
        "confirm.no",
        Action::Deny,
        &[Key::ch('n')],
        text::D_DENY,
        &[C::Confirm],
    ),
    h(
        "copy.email",
        Action::CopyEmail,
        &[Key::ch('e')],
        ("e", text::H_COPY_EMAIL),
        text::D_COPY_EMAIL,
        &[C::Copy],
    ),
    h(
        "copy.id",
        Action::CopyId,
        &[Key::ch('i')],
        ("i", text::H_COPY_ID),
        text::D_COPY_ID,
        &[C::Copy],
    ),
    h(
        "copy.command",
        Action::CopyCommand,
        &[Key::ch('c')],
        ("c", text::H_COPY_COMMAND),
        text::D_COPY_COMMAND,
        &[C::Copy],
    ),
    h(
        "copy.choose",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_COPY),
        text::D_COPY_CHOSEN,
        &[C::Copy],
    ),
    h(
        "palette.run",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_GO),
        text::D_PALETTE_RUN,
        &[C::Palette],
    ),
    h(
        "cancel",
        Action::Cancel,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_CANCEL),
        text::D_CANCEL,
        MODALS,
    ),
    h(
        "palette.close",
        Action::Cancel,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_CLOSE),
        text::D_PALETTE_CLOSE,
        &[C::Palette],
    ),
    h(
        "help.close",
        Action::CloseHelp,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_CLOSE),
        text::D_CLOSE_HELP,
        &[C::Help],
    ),
    h(
        "detail.close",
        Action::Cancel,
        &[
            Key::plain(KeyCode::Esc),
            Key::ch('q'),
            Key::plain(KeyCode::Enter),
        ],
        ("Esc", text::H_CLOSE),
        text::D_CLOSE_DETAIL,
        &[C::Detail],
    ),
    // The person view.
    h(
        "person.open",
        Action::Jump,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_OPEN),
        text::D_JUMP,
        &[C::Person],
    ),
    d(
        "person.remove",
        Action::Remove,
        &[Key::ch('x'), Key::plain(KeyCode::Delete)],
        ("x", text::H_REMOVE),
        text::D_REMOVE_GRANTS,
        &[C::Person],
    ),
    h(
        "person.refresh",
        Action::Refresh,
        &[Key::ch('r')],
        ("r", text::H_REFRESH),
        text::D_REFRESH_ACCESS,
        &[C::Person],
    ),
    h(
        "person.clear-marks",
        Action::ClearMarks,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_CLOSE),
        text::D_CLEAR_MARKS_OR_CLOSE,
        &[C::Person],
    ),
    b(
        "person.close",
        Action::CloseAccess,
        &[Key::ch('u'), Key::ch('q')],
        text::D_CLOSE_ACCESS,
        &[C::Person],
    ),
    h(
        "quit.when-done",
        Action::QuitWhenDone,
        &[Key::plain(KeyCode::Enter), Key::ch('q')],
        ("Enter", text::H_QUIT_WHEN_DONE),
        text::D_QUIT_WHEN_DONE,
        &[C::Quitting],
    ),
    h(
        "quit.keep-working",
        Action::Cancel,
        &[Key::plain(KeyCode::Esc)],
        ("Esc", text::H_KEEP_WORKING),
        text::D_KEEP_WORKING,
        &[C::Quitting],
    ),
    // A change of every marked row.
    h(
        "bulk.choose",
        Action::Submit,
        &[Key::plain(KeyCode::Enter)],
        ("Enter", text::H_CHOOSE),
        text::D_BULK_SUBMIT,
        &[C::Bulk],
    ),
    h(
        "bulk.switch",
        Action::SwitchButton,
        &[
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::ch('h'),
            Key::ch('l'),
        ],
        ("Tab", text::H_SWITCH),
        text::D_BULK_SWITCH,
        &[C::Bulk],
    ),
    d(
        "bulk.yes",
        Action::Confirm,
        &[Key::ch('y')],
        ("y", text::H_APPLY),
        text::D_BULK_CONFIRM,
        &[C::Bulk],
    ),
    // Undo.
    d(
        "undo.yes",
        Action::Confirm,
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        ("y", text::H_UNDO),
        text::D_UNDO_CONFIRM,
        &[C::Undo],
    ),
    b(
        "undo.no",
        Action::Deny,
        &[Key::ch('n')],
        text::D_UNDO_DENY,
        &[C::Undo],
    ),
];
