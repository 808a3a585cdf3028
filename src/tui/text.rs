//! Every user-facing string of the TUI, in one place, so wording stays consistent and a reviewer can
//! read the whole vocabulary of the screen at once. Strings that come from servers are not here:
//! they are sanitized where they are drawn.

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

// ── Marks ──────────────────────────────────────────────────────────────────────────────────────
/// Hint: mark.
pub const H_MARK: &str = "mark";
/// Description: mark a member.
pub const D_MARK: &str =
    "Mark or unmark the selected member; with rows marked, e and x act on all of them";
/// Description: mark a grant in the person view.
pub const D_MARK_GRANT: &str = "Mark or unmark the selected grant; x then removes every marked one";
/// Description: mark every shown row.
pub const D_MARK_ALL: &str = "Mark every row the filter shows";
/// The header's count of marked rows.
pub fn marked(n: usize) -> String {
    format!("{n} marked")
}
/// `*` left rows out that roster cannot change.
pub fn marks_left_out(n: usize) -> String {
    format!(
        "{n} row{} not marked: inherited access and groups are changed where they come from.",
        plural(n)
    )
}

/// `s` for a count other than one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ── Person view (`u`) ──────────────────────────────────────────────────────────────────────────
/// Description: where access.
pub const D_WHERE: &str =
    "Show where the selected user has access, across every profile (the person view)";
/// Description: search again.
pub const D_REFRESH_ACCESS: &str = "Search every profile again";
/// Description: close the person view.
pub const D_CLOSE_ACCESS: &str = "Close the person view";
/// Description: Esc in the person view.
pub const D_CLEAR_MARKS_OR_CLOSE: &str = "Clear the marks; with none, close the person view";
/// Description: Enter in the person view.
pub const D_JUMP: &str = "Open that workspace with the member selected";
/// Description: x in the person view.
pub const D_REMOVE_GRANTS: &str =
    "Remove the marked grants (or the selected one) across profiles, after one preview";
/// Title of the person view.
pub fn access_title(who: &str) -> String {
    format!("Where {who} has access")
}
/// Progress of the person view: workspaces read, of those listed, and those that failed.
pub fn access_progress(checked: usize, total: usize, failed: usize) -> String {
    let mut s = format!("checked {checked} of {total} workspaces");
    if failed > 0 {
        s.push_str(&format!(", {failed} failed"));
    }
    s
}
/// Person view: profiles that could not be searched.
pub fn profiles_not_searched(n: usize) -> String {
    format!("{n} profile{} not searched", plural(n))
}
/// Person view: profiles still being listed, before any workspace is known.
pub fn profiles_listing(pending: usize, total: usize) -> String {
    format!("listing {pending} of {total} profiles…")
}
/// Person view: profiles still being listed, once others' workspaces are counted.
pub fn still_listing(pending: usize) -> String {
    format!("{pending} profile{} listing…", plural(pending))
}
/// Person view: nothing found (yet).
pub const ACCESS_NONE: &str = "No access found in the workspaces checked so far.";
/// Person view: nothing found at all.
pub const ACCESS_NONE_DONE: &str = "No access found in any workspace that could be read.";
/// Person view: only users can be looked up.
pub const ACCESS_USERS_ONLY: &str = "Select a user (not a group) to see where they have access.";
/// Person view: column headings.
pub const COL_PROFILE: &str = "Profile";
/// Column: workspace.
pub const COL_WORKSPACE: &str = "Workspace";
/// Column: how the access is held.
pub const COL_SOURCE: &str = "Access";
/// Column: the effective role.
pub const COL_EFFECTIVE: &str = "Effective";
/// Person view: a direct grant.
pub const SOURCE_DIRECT: &str = "direct";
/// Person view: inherited access.
pub fn source_via(via: &str) -> String {
    format!("via {via}")
}
/// Person view: heading above what could not be searched.
pub const NOT_SEARCHED: &str = "Not searched:";
/// Person view: a workspace or profile that could not be read.
pub fn access_failed(place: &str, error: &str) -> String {
    format!("{place}: {error}")
}
/// Person view: members listed without an email in one profile.
pub fn without_email(profile: &str, members: usize, workspaces: usize, who: &str) -> String {
    format!(
        "{profile}: {members} member{} in {workspaces} workspace{} listed without an email; \
         roster cannot tell whether {who} is among them (search by their ID to check).",
        plural(members),
        plural(workspaces)
    )
}
/// Person view: Enter on a workspace the left pane does not list.
pub fn not_in_panes(workspace: &str) -> String {
    format!(
        "{workspace} is not in the left pane's list yet; refresh its profile (r on the profile) \
         and try again."
    )
}
/// Person view: `x` on an inherited row with nothing marked.
pub const MARK_DIRECT_ONLY: &str =
    "Only direct grants can be removed here; inherited access is removed where it comes from.";

// ── Bulk change ────────────────────────────────────────────────────────────────────────────────
/// Description: Enter in the bulk dialog.
pub const D_BULK_SUBMIT: &str = "Pick the role; on the preview, press the focused button; after refusals, confirm the last owners";
/// Description: switch between the bulk dialog's buttons.
pub const D_BULK_SWITCH: &str = "Switch between Cancel and Apply";
/// Description: apply the bulk change.
pub const D_BULK_CONFIRM: &str = "Apply every change of the preview";
/// Apply button.
pub const BUTTON_APPLY: &str = "Apply";
/// Title: removing several members.
pub fn bulk_remove_title(n: usize) -> String {
    format!("Remove {n} member{}", plural(n))
}
/// Title: removing several grants across profiles.
pub fn bulk_offboard_title(who: &str, n: usize) -> String {
    format!("Remove {n} grant{} of {who}", plural(n))
}
/// Title: changing several roles.
pub fn bulk_role_title(n: usize) -> String {
    format!("Change the role of {n} member{}", plural(n))
}
/// Bulk role: pick the role first.
pub const BULK_PICK_ROLE: &str = "Pick the role every marked member gets:";
/// Bulk preview: rows left out because they already have the role.
pub fn already_role(who: &str, role: &str) -> String {
    format!("{who} already is {role}: left as is")
}
/// Bulk preview: the question.
pub fn bulk_question(n: usize, profiles: usize) -> String {
    if profiles > 1 {
        format!(
            "Make these {n} change{} across {profiles} profiles?",
            plural(n)
        )
    } else {
        format!("Make these {n} change{}?", plural(n))
    }
}
/// Bulk preview: a change that would leave a workspace without an owner.
pub const LAST_OWNER_FLAG: &str = "last owner: refused unless you confirm again";
/// Bulk preview: how many would be refused.
pub fn last_owner_note(n: usize) -> String {
    format!(
        "{n} change{} would leave a workspace without an owner: the engine refuses {} unless \
         you confirm again after the run.",
        plural(n),
        if n == 1 { "it" } else { "them" }
    )
}
/// Bulk: progress.
pub fn bulk_progress(done: usize, total: usize) -> String {
    format!("{done} of {total}")
}
/// Bulk: the summary once every change answered.
pub fn bulk_summary(ok: usize, failed: usize) -> String {
    if failed == 0 {
        format!(
            "Done: all {ok} change{} confirmed by the server.",
            plural(ok)
        )
    } else {
        format!(
            "{ok} done, {failed} not: the rows that failed stay marked; the reasons are listed."
        )
    }
}
/// Bulk: offer to force the changes the last-owner guard refused.
pub fn force_last_owners(n: usize) -> String {
    format!(
        "{n} change{} refused: {} would leave a workspace without an owner. Enter does {} \
         anyway; Esc keeps {}.",
        plural(n),
        if n == 1 { "it" } else { "they" },
        if n == 1 { "it" } else { "them" },
        if n == 1 { "it" } else { "them" }
    )
}
/// Bulk: a change with no answer (the plan stopped).
pub const NO_ANSWER: &str = "no answer: the plan stopped before this change reported back";
/// Bulk: Esc while the plan runs.
pub const BULK_RUNS_ON: &str =
    "Sent: the changes go on if you close this; the result shows as a message.";
/// Toast after a bulk change that ran while its dialog was closed.
pub fn bulk_done_toast(ok: usize, failed: usize) -> String {
    format!(
        "Bulk change finished: {ok} done, {failed} not{}",
        if failed > 0 {
            "; the rows that failed stay marked."
        } else {
            "."
        }
    )
}
/// Bulk: nothing left to change.
pub const BULK_NOTHING: &str = "Nothing to change: every marked member already has that role.";

// ── Undo (`z`) ─────────────────────────────────────────────────────────────────────────────────
/// Description: undo.
pub const D_UNDO: &str = "Undo the last change made in this session (asks first)";
/// Description: confirm the undo.
pub const D_UNDO_CONFIRM: &str = "Undo the change";
/// Description: keep the change.
pub const D_UNDO_DENY: &str = "Keep the change";
/// Hint: undo.
pub const H_UNDO: &str = "undo";
/// Title of the undo line.
pub const UNDO_TITLE: &str = "Undo";
/// While the undo is being planned.
pub const UNDO_PLANNING: &str = "Reading the audit log…";
/// The undo question.
pub fn undo_question(what: &str) -> String {
    format!("{what}? y undoes it, Esc keeps it.")
}
/// While the undo runs.
pub const UNDOING: &str = "Undoing…";
/// The change to undo was made on a profile this session does not show.
pub fn undo_elsewhere(what: &str) -> String {
    format!("Cannot {what}: its profile is not open in this session.")
}
/// An undo that took effect.
pub fn undone(message: &str) -> String {
    format!("Undone: {message}")
}
/// An undo refused because the member changed since.
pub fn undo_stale(message: &str) -> String {
    format!("Nothing undone: the member changed since. {message}")
}

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
