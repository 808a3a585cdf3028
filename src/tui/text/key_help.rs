//! The key registry's words: the footer's short hints, the help's and README's descriptions
//! of each key, and the names of the contexts keys are grouped by.

// ── Key registry: hints (footer) and descriptions (help, README) ───────────────────────────────
/// Hint: move.
pub const H_MOVE: &str = "move";
/// Hint: open.
pub const H_OPEN: &str = "open";
/// Hint: filter.
pub const H_FILTER: &str = "filter";
/// Hint: add.
pub const H_ADD: &str = "add";
/// Hint: role.
pub const H_ROLE: &str = "role";
/// Hint: remove.
pub const H_REMOVE: &str = "remove";
/// Hint: refresh.
pub const H_REFRESH: &str = "refresh";
/// Hint: help.
pub const H_HELP: &str = "help";
/// Hint: quit when the change is done.
pub const H_QUIT_WHEN_DONE: &str = "quit when done";
/// Hint: keep working.
pub const H_KEEP_WORKING: &str = "keep working";
/// Description: quit when the change is done.
pub const D_QUIT_WHEN_DONE: &str = "Quit as soon as the running change is done (at most 15 s)";
/// Description: keep working.
pub const D_KEEP_WORKING: &str = "Do not quit; keep working";
/// Hint: quit.
pub const H_QUIT: &str = "quit";
/// Hint: keep filter.
pub const H_KEEP: &str = "keep";
/// Hint: clear.
pub const H_CLEAR: &str = "clear";
/// Hint: next field.
pub const H_FIELD: &str = "field";
/// Hint: submit.
pub const H_SUBMIT: &str = "submit";
/// Hint: cancel.
pub const H_CANCEL: &str = "cancel";
/// Hint: apply.
pub const H_APPLY: &str = "apply";
/// Hint: switch button.
pub const H_SWITCH: &str = "switch";
/// Hint: choose focused button.
pub const H_CHOOSE: &str = "choose";
/// Hint: confirm removal.
pub const H_CONFIRM: &str = "remove";
/// Hint: close.
pub const H_CLOSE: &str = "close";
/// Hint: scroll.
pub const H_SCROLL: &str = "scroll";

/// Description: move down.
pub const D_DOWN: &str = "Move the selection down";
/// Description: move up.
pub const D_UP: &str = "Move the selection up";
/// Description: top.
pub const D_TOP: &str = "Jump to the first row";
/// Description: bottom.
pub const D_BOTTOM: &str = "Jump to the last row";
/// Description: page down.
pub const D_PAGE_DOWN: &str = "Move one page down";
/// Description: page up.
pub const D_PAGE_UP: &str = "Move one page up";
/// Description: next pane.
pub const D_NEXT_PANE: &str = "Focus the other pane";
/// Description: previous pane.
pub const D_PREV_PANE: &str = "Focus the other pane (backwards)";
/// Description: open.
pub const D_OPEN: &str = "Open the workspace; on a profile, fold or unfold it (if it failed: read \
its token again and retry)";
/// Description: filter.
pub const D_FILTER: &str = "Filter the focused list (case-insensitive, every column)";
/// Description: clear filter.
pub const D_CLEAR_FILTER: &str = "Clear the filter; with none, clear the marks";
/// Description: add.
pub const D_ADD: &str = "Add a member to the workspace";
/// Description: change role.
pub const D_ROLE: &str = "Change the selected member's role";
/// Description: remove.
pub const D_REMOVE: &str = "Remove the selected member (asks first)";
/// Description: refresh.
pub const D_REFRESH: &str =
    "Reload from the server (workspaces on a profile row, members otherwise)";
/// Description: help.
pub const D_HELP: &str = "Show this help";
/// Description: quit.
pub const D_QUIT: &str = "Quit roster";
/// Description: interrupt.
pub const D_INTERRUPT: &str = "Quit roster from anywhere";
/// Description: suspend.
pub const D_SUSPEND: &str = "Suspend roster (resume with fg)";
/// Description: keep filter.
pub const D_FILTER_KEEP: &str = "Keep the filter and go back to the list";
/// Description: clear filter while typing.
pub const D_FILTER_CLEAR: &str = "Clear the filter and go back to the list";
/// Description: move while typing.
pub const D_TYPING_MOVE: &str = "Move the selection while typing";
/// Description: next field.
pub const D_NEXT_FIELD: &str = "Next field";
/// Description: previous field.
pub const D_PREV_FIELD: &str = "Previous field";
/// Description: submit add.
pub const D_SUBMIT_ADD: &str = "Add the member";
/// Description: cancel a dialog.
pub const D_CANCEL: &str = "Close without changing anything";
/// Description: apply role.
pub const D_APPLY_ROLE: &str = "Give the member the selected role";
/// Description: switch button.
pub const D_SWITCH_BUTTON: &str = "Switch between Cancel and Remove";
/// Description: activate button.
pub const D_ACTIVATE: &str = "Press the focused button";
/// Description: confirm removal.
pub const D_CONFIRM_REMOVE: &str = "Remove the member";
/// Description: deny.
pub const D_DENY: &str = "Keep the member";
/// Description: close help.
pub const D_CLOSE_HELP: &str = "Close the help";

/// Help section / context names.
pub const CTX_WORKSPACES: &str = "workspaces pane";
/// Context name.
pub const CTX_MEMBERS: &str = "members pane";
/// Context name.
pub const CTX_FILTER: &str = "while typing a filter";
/// Context name.
pub const CTX_ADD: &str = "add member form";
/// Context name.
pub const CTX_ROLE: &str = "role picker";
/// Context name.
pub const CTX_CONFIRM: &str = "remove confirmation";
/// Context name.
pub const CTX_HELP: &str = "help";
/// Context name.
pub const CTX_QUITTING: &str = "quit dialog";
/// Context name.
pub const CTX_PERSON: &str = "person view";
/// Context name.
pub const CTX_BULK: &str = "bulk change";
/// Context name.
pub const CTX_UNDO: &str = "undo confirmation";

// ── Keys of the member detail, sort, copy menu and command palette ───────────────────────────────
/// Context name.
pub const CTX_ADD_ROLE: &str = "add member form, role list";
/// Context name.
pub const CTX_PALETTE: &str = "command palette";
/// Context name.
pub const CTX_COPY: &str = "copy menu";
/// Context name.
pub const CTX_DETAIL: &str = "member detail";
/// Hint: detail.
pub const H_DETAIL: &str = "detail";
/// Description: detail.
pub const D_DETAIL: &str =
    "Show everything about the selected member: full IDs, access, its source, the last change";
/// Hint: sort.
pub const H_SORT: &str = "sort";
/// Description: sort.
pub const D_SORT: &str = "Sort the focused list by its next column (the header shows it)";
/// Description: reverse the sort.
pub const D_SORT_REVERSE: &str = "Reverse the focused list's order";
/// Hint: copy.
pub const H_COPY: &str = "copy";
/// Description: copy.
pub const D_COPY: &str = "Copy the member's email, ID or CLI command to the clipboard (OSC 52)";
/// Hint: palette.
pub const H_PALETTE: &str = "go";
/// Description: palette.
pub const D_PALETTE: &str =
    "Command palette: search actions, workspaces, profiles and people, Enter goes there";
/// Description: show or hide the workspaces pane.
pub const D_TOGGLE_WORKSPACES: &str = "Show or hide the workspaces pane (hidden by itself when \
narrow)";
/// Hint: copy the email.
pub const H_COPY_EMAIL: &str = "email";
/// Description: copy the email.
pub const D_COPY_EMAIL: &str = "Copy the email";
/// Hint: copy the ID.
pub const H_COPY_ID: &str = "ID";
/// Description: copy the ID.
pub const D_COPY_ID: &str = "Copy the ID";
/// Hint: copy the command.
pub const H_COPY_COMMAND: &str = "command";
/// Description: copy the command.
pub const D_COPY_COMMAND: &str = "Copy the CLI command that shows this member";
/// Description: copy the highlighted choice.
pub const D_COPY_CHOSEN: &str = "Copy the highlighted choice";
/// Hint: go.
pub const H_GO: &str = "go";
/// Description: run a palette entry.
pub const D_PALETTE_RUN: &str = "Run the action, or go to the workspace, profile or person";
/// Description: close the palette.
pub const D_PALETTE_CLOSE: &str = "Close the palette";
/// Description: close the detail panel.
pub const D_CLOSE_DETAIL: &str = "Close the detail panel";
/// Sort word: by name.
pub const SORT_NAME: &str = "name";
/// Sort word: by member count.
pub const SORT_MEMBERS: &str = "members";
/// Sort mark, ascending.
pub const SORT_UP: &str = "▲";
/// Sort mark, descending.
pub const SORT_DOWN: &str = "▼";
/// Sort mark of the server's order, reversed.
pub const SORT_SERVER_REVERSED: &str = "server order ▼";
