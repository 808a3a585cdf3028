//! Where the keyboard focus is ([`Context`]) and what a key can ask for there ([`Action`]).

use crate::tui::text;

/// Where the keyboard focus is; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The left pane (profiles and their workspaces).
    Workspaces,
    /// The right pane (members of the open workspace).
    Members,
    /// Typing a filter into the focused list.
    Filter,
    /// The add member form, its user field focused (typing).
    AddForm,
    /// The add member form, its role list focused (j/k move the role).
    AddRole,
    /// The role picker.
    RolePicker,
    /// The remove confirmation.
    Confirm,
    /// The help overlay (typing searches it).
    Help,
    /// The command palette (typing searches it).
    Palette,
    /// The copy menu.
    Copy,
    /// The member detail panel.
    Detail,
    /// The person view (`u`): where one person has access, across every profile.
    Person,
    /// Asked to quit while a change runs.
    Quitting,
    /// A change of every marked row: its role, its preview, its progress.
    Bulk,
    /// Asked to undo the last change of this session.
    Undo,
}

impl Context {
    /// Every context, in help order.
    pub const ALL: [Context; 15] = [
        Context::Workspaces,
        Context::Members,
        Context::Filter,
        Context::AddForm,
        Context::AddRole,
        Context::RolePicker,
        Context::Confirm,
        Context::Help,
        Context::Palette,
        Context::Copy,
        Context::Detail,
        Context::Person,
        Context::Bulk,
        Context::Undo,
        Context::Quitting,
    ];

    /// Human name, for the help and README.
    pub fn label(self) -> &'static str {
        match self {
            Context::Workspaces => text::CTX_WORKSPACES,
            Context::Members => text::CTX_MEMBERS,
            Context::Filter => text::CTX_FILTER,
            Context::AddForm => text::CTX_ADD,
            Context::AddRole => text::CTX_ADD_ROLE,
            Context::RolePicker => text::CTX_ROLE,
            Context::Confirm => text::CTX_CONFIRM,
            Context::Help => text::CTX_HELP,
            Context::Palette => text::CTX_PALETTE,
            Context::Copy => text::CTX_COPY,
            Context::Detail => text::CTX_DETAIL,
            Context::Person => text::CTX_PERSON,
            Context::Quitting => text::CTX_QUITTING,
            Context::Bulk => text::CTX_BULK,
            Context::Undo => text::CTX_UNDO,
        }
    }

    /// The two panes of the main screen.
    pub const PANES: [Context; 2] = [Context::Workspaces, Context::Members];

    /// Whether plain characters are text input here (then they never trigger single-letter keys).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::Filter | Context::AddForm | Context::Help | Context::Palette
        )
    }
}

/// Something the user can ask for. Each variant is documented by its registry entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection down.
    Down,
    /// Move the selection up.
    Up,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Focus the other pane.
    NextPane,
    /// Focus the other pane, backwards.
    PrevPane,
    /// Open the workspace under the cursor (fold/unfold a profile, retry a failed one).
    Open,
    /// Open the detail panel of the selected member.
    Detail,
    /// Start typing a filter.
    Filter,
    /// Clear the focused list's filter (and stop typing it, when it is being typed).
    ClearFilter,
    /// Sort the focused list by its next column.
    Sort,
    /// Reverse the focused list's order.
    SortReverse,
    /// Open the add member form.
    Add,
    /// Open the role picker for the selected member.
    ChangeRole,
    /// Ask to remove the selected member.
    Remove,
    /// Open the copy menu for the selected member.
    Copy,
    /// Show where the selected user has access, across every profile (the person view).
    WhereAccess,
    /// Reload from the server.
    Refresh,
    /// Open the command palette.
    Palette,
    /// Show or hide the workspaces pane.
    ToggleWorkspaces,
    /// Show the help overlay.
    Help,
    /// Quit.
    Quit,
    /// Quit from anywhere (Ctrl-c).
    Interrupt,
    /// Suspend to the shell (Ctrl-z).
    Suspend,
    /// Filter: keep it and return to the list.
    FilterKeep,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form / picker / dialog: submit or activate.
    Submit,
    /// Form / picker / dialog: close without changing anything.
    Cancel,
    /// Dialog: switch the focused button.
    SwitchButton,
    /// Dialog: confirm (y).
    Confirm,
    /// Dialog: deny (n).
    Deny,
    /// Help: close.
    CloseHelp,
    /// Person view: close.
    CloseAccess,
    /// Quitting while a change runs: quit as soon as it is done.
    QuitWhenDone,
    /// Copy menu: copy the email.
    CopyEmail,
    /// Copy menu: copy the ID.
    CopyId,
    /// Copy menu: copy the CLI command that shows the member.
    CopyCommand,
    /// Mark or unmark the selected row.
    Mark,
    /// Mark every row the filter shows.
    MarkAll,
    /// Person view: clear the marks, or close the view when there are none.
    ClearMarks,
    /// Person view: open the selected row's workspace with the member selected.
    Jump,
    /// Undo the last change made in this session (asks first).
    Undo,
}
