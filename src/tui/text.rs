//! Every user-facing string of the TUI, in one place, so wording stays consistent and a reviewer can
//! read the whole vocabulary of the screen at once. Strings that come from servers are not here:
//! they are sanitized where they are drawn.
//!
//! The words of the panes, forms and dialogs are here; larger areas live in submodules (the key
//! registry, marks, the person view, bulk changes, undo), re-exported so callers write `text::X`.

mod bulk;
mod key_help;
mod marks;
mod person;
mod plural;
mod undo;

pub use bulk::*;
pub use key_help::*;
pub use marks::*;
pub use person::*;
pub use plural::plural;
pub use undo::*;

/// Application name in the header.
pub const APP_NAME: &str = "roster";

// ── Panes ──────────────────────────────────────────────────────────────────────────────────────
/// Title of the left pane.
pub const WORKSPACES_TITLE: &str = "Workspaces";
/// Title of the right pane.
pub const MEMBERS_TITLE: &str = "Members";
/// Right pane when no workspace is open yet.
pub const NO_WORKSPACE_OPEN: &str = "Select a workspace on the left and press Enter.";
/// Left pane without any profile.
pub const NO_PROFILES: &str = "No profiles configured. Add one to the config file (see README).";
/// Right pane while the first member list loads.
pub const LOADING_MEMBERS: &str = "Loading members…";
/// Under a profile while its workspaces load.
pub const LOADING_WORKSPACES: &str = "loading workspaces…";
/// Under a profile without workspaces.
pub const NO_WORKSPACES: &str = "no workspaces";
/// Table placeholder when the workspace has no members.
pub const NO_MEMBERS: &str = "This workspace has no members.";
/// Table placeholder when the filter hides every row.
pub const NO_MATCHES: &str = "Nothing matches the filter.";
/// Marks data shown while a newer copy is being fetched.
pub const REFRESHING: &str = "refreshing";
/// Marks data whose last refresh failed.
pub const STALE: &str = "stale";
/// Profile state: ready.
pub const STATE_OK: &str = "ok";
/// Profile state: failed.
pub const STATE_ERROR: &str = "error";
/// Profile state: cannot be used at all.
pub const STATE_UNAVAILABLE: &str = "unavailable";
/// Profile glyph: ready.
pub const GLYPH_OK: &str = "✓";
/// Profile glyph: failed or unavailable (the line below says why).
pub const GLYPH_ERROR: &str = "✗";
/// Marker in front of the selected row; keeps the selection visible without colour.
pub const SELECTED_MARKER: &str = "> ";
/// Blank of the same width as [`SELECTED_MARKER`].
pub const UNSELECTED_MARKER: &str = "  ";
/// After a profile with `readonly = true` in the left pane.
pub const PROFILE_READONLY_MARK: &str = "[RO]";
/// Folded profile.
pub const FOLDED: &str = "▸";
/// Unfolded profile.
pub const UNFOLDED: &str = "▾";

// ── Table columns ──────────────────────────────────────────────────────────────────────────────
/// Column: name.
pub const COL_NAME: &str = "Name";
/// Column: email, or ID when the provider gives no email.
pub const COL_EMAIL: &str = "Email or ID";
/// Column: role.
pub const COL_ROLE: &str = "Role";
/// Column: direct or inherited.
pub const COL_ACCESS: &str = "Access";
/// Column: where inherited access comes from.
pub const COL_VIA: &str = "Via";
/// Column: user or group.
pub const COL_KIND: &str = "Kind";
/// Column: the member's ID.
pub const COL_ID: &str = "ID";
/// The mark of a marked row (the table keeps a cell for it).
pub const MARK: &str = "*";

// ── Header, footer, filter ─────────────────────────────────────────────────────────────────────
/// Header label before the profile.
pub const HEADER_PROFILE: &str = "profile";
/// Header label before the workspace.
pub const HEADER_WORKSPACE: &str = "workspace";
/// Header when nothing is selected.
pub const HEADER_NONE: &str = "—";
/// Header badge in read-only mode.
pub const READONLY_BADGE: &str = "READ-ONLY";
/// Filter prompt.
pub const FILTER_PROMPT: &str = "/";

/// `N of M` shown beside an active filter.
pub fn filter_count(shown: usize, total: usize) -> String {
    format!("{shown} of {total}")
}

/// Member count beside a workspace.
pub fn member_count(n: usize) -> String {
    format!("({n})")
}

// ── Terminal too small ─────────────────────────────────────────────────────────────────────────
/// Notice when the terminal is below the minimum size.
pub fn too_small(width: u16, height: u16, min_w: u16, min_h: u16) -> String {
    format!(
        "Terminal too small: {width}×{height}. roster needs at least {min_w}×{min_h}. Enlarge the window, or press q to quit."
    )
}

// ── Detail line ────────────────────────────────────────────────────────────────────────────────
/// Detail line label for a user's ID.
pub const DETAIL_ID: &str = "id";
/// Detail line: access source.
pub fn detail_via(via: &str) -> String {
    format!("inherited via {via}")
}
/// Detail line: direct access.
pub const DETAIL_DIRECT: &str = "direct member";

// ── Explanations instead of forms ──────────────────────────────────────────────────────────────
/// `e`/`x` on an inherited member.
pub fn inherited_refusal(who: &str, via: &str) -> String {
    format!("{who} has access through {via}, not through this workspace; change it there.")
}
/// `e`/`x` on a group row.
pub fn group_refusal(who: &str) -> String {
    format!(
        "{who} is a group: roster shows groups read-only; manage them in the provider's admin console."
    )
}
/// An action the provider cannot do.
pub fn unsupported(action: &str, why: &str) -> String {
    format!("Cannot {action} here: {why}")
}
/// Action name for [`unsupported`].
pub const ACTION_ADD: &str = "add members";
/// Action name for [`unsupported`].
pub const ACTION_SET_ROLE: &str = "change roles";
/// Action name for [`unsupported`].
pub const ACTION_REMOVE: &str = "remove members";
/// An action that needs an open workspace.
pub const OPEN_WORKSPACE_FIRST: &str =
    "Open a workspace first (select it on the left and press Enter).";
/// An action that needs a selected member.
pub const SELECT_MEMBER_FIRST: &str = "Select a member first.";
/// The members are still loading.
pub const WAIT_FOR_MEMBERS: &str = "Wait until the members have loaded.";
/// A profile that cannot be used has nothing to refresh.
pub const PROFILE_UNAVAILABLE: &str = "This profile cannot be used; fix its configuration, then \
press Enter on the profile to read it again.";
/// The TUI's advice for a token the server refused (the CLI's names a command instead).
pub const HINT_TOKEN: &str = "check the profile's token and where the config reads it from, then \
press Enter on the profile to read it again";
/// The left pane's note for a provider that cannot list inherited access.
pub const INHERITED_NOT_LISTED: &str = "direct members only: inherited access is not listed";

// ── Add member form ────────────────────────────────────────────────────────────────────────────
/// Title of the add form.
pub fn add_title(workspace: &str) -> String {
    format!("Add member to {workspace}")
}
/// Label of the user field.
pub const ADD_USER_LABEL: &str = "User";
/// Placeholder/help under an empty user field.
pub const ADD_USER_HELP: &str = "email address or user ID";
/// What the field detected.
pub fn detected(kind: &str) -> String {
    format!("detected: {kind}")
}
/// Detected a kind of user reference the provider cannot add.
pub fn cannot_add_by(kind: &str, why: &str) -> String {
    format!("cannot add by {kind}: {why}")
}
/// Label of the role list.
pub const ROLE_LABEL: &str = "Role";
/// Roles are loading.
pub const ROLES_LOADING: &str = "Loading roles…";
/// No roles were listed.
pub const ROLES_EMPTY: &str = "This workspace lists no roles.";
/// Submit refused: roles not loaded yet.
pub const ROLES_NOT_READY: &str = "The roles have not loaded yet.";
/// Progress while adding.
pub const ADDING: &str = "Adding…";
/// Success toast.
pub fn added(user: &str, workspace: &str, role: &str) -> String {
    format!("Added {user} to {workspace} as {role}.")
}
/// Success toast naming who was added: `Added Dana Scully (dana@x.example, id 1005) to Legal as
/// editor.`
pub fn added_member(
    name: Option<&str>,
    email: Option<&str>,
    id: &str,
    workspace: &str,
    role: &str,
) -> String {
    let mut about = Vec::new();
    if let Some(e) = email.filter(|e| Some(*e) != name) {
        about.push(e.to_string());
    }
    about.push(format!("id {id}"));
    let who = match name {
        Some(n) => format!("{n} ({})", about.join(", ")),
        None => about.join(", "),
    };
    format!("Added {who} to {workspace} as {role}.")
}

// ── Role picker ────────────────────────────────────────────────────────────────────────────────
/// Title of the role picker.
pub fn role_title(who: &str) -> String {
    format!("Change role of {who}")
}
/// Marks the member's current role.
pub const CURRENT_ROLE: &str = "(current)";
/// Enter on the current role.
pub const SAME_ROLE: &str = "That is already the member's role; pick another one or press Esc.";
/// Progress while changing.
pub const CHANGING: &str = "Changing role…";
/// How an emulated change is done.
pub fn emulated_note(note: &str) -> String {
    format!("Note: {note}")
}
/// Success toast.
pub fn role_changed(who: &str, role: &str) -> String {
    format!("{who} is now {role}.")
}

// ── Remove confirmation ────────────────────────────────────────────────────────────────────────
/// Title of the remove dialog.
pub const REMOVE_TITLE: &str = "Remove member";
/// Question of the remove dialog.
pub fn remove_question(who: &str, workspace: &str) -> String {
    format!("Remove {who} from {workspace}?")
}
/// Cancel button.
pub const BUTTON_CANCEL: &str = "Cancel";
/// Confirm button.
pub const BUTTON_REMOVE: &str = "Remove";
/// Progress while removing.
pub const REMOVING: &str = "Removing…";
/// Under the progress of a removal already sent.
pub const SENT_NO_CANCEL: &str = "Sent to the server; it cannot be called back. Esc hides this; \
the result shows when a fresh read confirms it.";
/// Success toast.
pub fn removed(who: &str, workspace: &str) -> String {
    format!("Removed {who} from {workspace}.")
}

/// A second Enter is needed to change a role to or from the owner role.
pub fn confirm_owner_change(role: &str) -> String {
    format!(
        "This changes who owns the workspace (to or from its top role). Press Enter again to \
         give the role {role}, or Esc to keep it."
    )
}
/// After the last-owner guard refused a change.
pub const FORCE_LAST_OWNER: &str = "Press Enter again to do it anyway, or Esc to keep them.";
/// A changing key on a profile with `readonly = true`.
pub fn profile_readonly(profile: &str) -> String {
    format!(
        "Read-only: profile {profile} is read-only (readonly = true in the config); nothing can be changed there."
    )
}
/// A changing key while roster runs read-only.
pub fn readonly_key(why: &str) -> String {
    format!("Read-only: {why}")
}
/// Why the whole session is read-only when no banner says otherwise.
pub const READONLY_FLAG: &str = "roster runs with --readonly; changes are disabled.";

// ── Changed on the server meanwhile ────────────────────────────────────────────────────────────
/// A change not sent because someone else changed the member's role since the list was loaded.
pub fn stale_role(who: &str, seen: &str, now: &str) -> String {
    format!(
        "Nothing changed: {who} is now {now} on the server (it was {seen} when the list was \
         loaded). The list is re-read; check it and try again."
    )
}
/// A change not sent because the member is no longer a direct member.
pub fn stale_gone(who: &str, workspace: &str) -> String {
    format!(
        "Nothing changed: {who} is no longer a direct member of {workspace} on the server. \
         The list is re-read."
    )
}

// ── Quitting while a change runs ───────────────────────────────────────────────────────────────
/// Title of the quit dialog.
pub const QUIT_TITLE: &str = "A change is running";
/// What the quit dialog asks.
pub fn quit_question(changes: &str) -> String {
    format!(
        "Still running: {changes}. Quit as soon as it is done (at most 15 s)? Quitting now could \
         leave it half-done."
    )
}
/// While waiting to quit.
pub fn quit_waiting(changes: &str) -> String {
    format!("Quitting as soon as this finishes (at most 15 s): {changes}.")
}
/// How to quit at once, and what it leaves.
pub const QUIT_NOW: &str = "Ctrl-c quits now: the change may be left half-done; the journal \
keeps it and `roster recover` completes or rolls it back.";
/// Printed after the screen is gone, when roster quit with a change running.
pub fn quit_left(what: &str) -> String {
    format!("roster: quit while a change was running: {what}")
}

// ── Help ───────────────────────────────────────────────────────────────────────────────────────
/// Title of the help overlay.
pub const HELP_TITLE: &str = "Keys";
/// Help footer.
pub const HELP_FOOTER: &str = "type to search · ↑/↓ scroll · Esc close";
/// Help: nothing matches the search.
pub const HELP_NO_MATCH: &str = "No key matches the search.";
/// Help line in read-only mode.
pub const HELP_READONLY: &str = "Read-only mode: keys that change data are disabled.";
/// Marks a key that changes data in the help.
pub const CHANGES_DATA: &str = "changes data";

// ── Toasts ─────────────────────────────────────────────────────────────────────────────────────
/// Prefix of error toasts.
pub const ERROR_PREFIX: &str = "Error: ";
/// A background job died without an answer.
pub const INTERNAL_ERROR: &str =
    "internal error in a background task; the operation may not have finished. Press r to reload.";

// ── Copy ───────────────────────────────────────────────────────────────────────────────────────
/// Title of the copy menu.
pub fn copy_title(who: &str) -> String {
    format!("Copy {who}")
}
/// Copy menu: the email.
pub const COPY_EMAIL: &str = "email";
/// Copy menu: the ID.
pub const COPY_ID: &str = "ID";
/// Copy menu: the CLI command.
pub const COPY_COMMAND: &str = "CLI command";
/// Copy menu: the member has no email.
pub const COPY_NO_EMAIL: &str = "This member has no email; copy the ID instead.";
/// Toast after a copy.
pub fn copied(what: &str, value: &str) -> String {
    format!("Copied the {what} to the clipboard: {value}")
}

// ── Command palette ────────────────────────────────────────────────────────────────────────────
/// Title of the palette.
pub const PALETTE_TITLE: &str = "Go to or run";
/// Palette: nothing matches.
pub const PALETTE_EMPTY: &str = "Nothing matches.";
/// Palette entry kind.
pub const KIND_ACTION: &str = "action";
/// Palette entry kind.
pub const KIND_WORKSPACE: &str = "workspace";
/// Palette entry kind.
pub const KIND_PROFILE: &str = "profile";
/// Palette entry kind.
pub const KIND_PERSON: &str = "person";
/// `N of M` under the palette's query.
pub fn palette_count(shown: usize, total: usize) -> String {
    format!("{shown} of {total}")
}

// ── Member detail ──────────────────────────────────────────────────────────────────────────────
/// Title of the detail panel.
pub fn detail_title(who: &str) -> String {
    format!("Member: {who}")
}
/// Detail field label.
pub const F_NAME: &str = "Name";
/// Detail field label.
pub const F_EMAIL: &str = "Email";
/// Detail field label.
pub const F_ID: &str = "ID";
/// Detail field label.
pub const F_ROLE: &str = "Role";
/// Detail field label.
pub const F_ROLE_ID: &str = "Role ID";
/// Detail field label.
pub const F_ACCESS: &str = "Access";
/// Detail field label.
pub const F_KIND: &str = "Kind";
/// Detail field label.
pub const F_WORKSPACE: &str = "Workspace";
/// Detail field label.
pub const F_EFFECTIVE: &str = "Effective";
/// Detail field label.
pub const F_OTHER_ROWS: &str = "Also listed";
/// Detail field label.
pub const F_LAST_CHANGE: &str = "Last change";
/// Detail field label.
pub const F_NOTE: &str = "Note";
/// The detail panel while the audit log is read.
pub const HISTORY_LOADING: &str = "reading the audit log…";
/// The detail panel when the audit log names no change to the member.
pub const HISTORY_NONE: &str = "none recorded in the audit log";
/// The detail panel when the audit log cannot be read.
pub fn history_failed(why: &str) -> String {
    format!("the audit log could not be read: {why}")
}
/// One audit line as the detail panel shows it.
pub fn history_line(time: &str, what: &str, outcome: &str) -> String {
    format!("{time}: {what} ({outcome})")
}
/// Access through the workspace itself.
pub const ACCESS_DIRECT: &str = "direct";
/// Access from elsewhere.
pub fn access_via(via: &str) -> String {
    format!("inherited via {via}")
}
/// The effective role of someone listed more than once.
pub fn effective(role: &str, source: &str) -> String {
    format!("{role} ({source}): the highest of their rows")
}

// ── Start-up ───────────────────────────────────────────────────────────────────────────────────
/// Without a terminal.
pub const NEEDS_TERMINAL: &str = "roster: the interactive screen needs a terminal, and standard \
input or output is not one. The subcommands are for scripts: run `roster --help` to list them \
(for example `roster members -p PROFILE WORKSPACE -o json`).";
/// Problems of the config's `[keys]` and `[theme]`, shown when the screen opens.
pub fn config_problems(problems: &[String]) -> String {
    format!("Config: {}", problems.join(" · "))
}

/// Context name used when a key works everywhere.
pub const CTX_EVERYWHERE: &str = "everywhere";
/// Context name used when a key works in both panes.
pub const CTX_PANES: &str = "both panes";
