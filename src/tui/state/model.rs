//! [`Model`]: everything the TUI knows except the open dialog. The profiles and what was fetched
//! for them, both panes, the toast, the changes in flight and whether to quit.
//!
//! Its fields are private to `state/`; the rest of the TUI reads them through the methods below and
//! changes them through methods that keep them consistent (a new filter re-selects, a refresh asks
//! for a new request number, a finished change leaves the in-flight list). The methods are spread
//! over this folder by subject: `tree.rs` (left pane), `members.rs` (right pane), `panes.rs`
//! (focus, moves, filters) and `loads.rs` (requests out, replies in).

use super::cursor::{ListCursor, Pane};
use super::filter::Filter;
use super::profiles::{ProfileSeed, ProfileState, ProfileStatus, WorkspaceRef, WorkspaceState};
use super::sort::{MemberSort, TreeSort};
use crate::engine::Change;
use crate::model::{Capabilities, Role};
use crate::tui::keys::Keymap;
use crate::tui::layout;
use crate::tui::msg::Command;
use crate::tui::text;
use crate::tui::theme::Theme;

/// A member just added: selected once the re-read of their workspace shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Awaited {
    /// Profile index.
    pub profile: usize,
    /// The workspace's ID.
    pub workspace_id: String,
    /// The member's ID, when the engine's verification read found it.
    pub id: Option<String>,
    /// The email, or the user as typed (matched case-insensitively against email and ID).
    pub typed: String,
}

/// A short message over the bottom of the screen; stays until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// Kind (decides the style).
    pub kind: ToastKind,
    /// The message (already sanitized).
    pub text: String,
}

/// Kind of [`Toast`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// An explanation.
    Info,
    /// A change went through.
    Success,
    /// Something failed; the text is the server's message.
    Error,
}

/// Everything the TUI knows but the open dialog.
#[derive(Debug, Clone)]
pub struct Model {
    /// Profiles with their workspaces.
    pub(super) profiles: Vec<ProfileState>,
    /// Focused pane.
    pub(super) focus: Pane,
    /// Left pane cursor (index into [`Model::tree_rows`]).
    pub(super) tree: ListCursor,
    /// Left pane filter.
    pub(super) tree_filter: Filter,
    /// The workspace shown on the right: (profile index, workspace ID).
    pub(super) open: Option<(usize, String)>,
    /// Right pane cursor (index into [`Model::members_view`]).
    pub(super) members: ListCursor,
    /// Right pane filter.
    pub(super) members_filter: Filter,
    /// Indices of the open workspace's rows that pass the filter, in order.
    pub(super) members_view: Vec<usize>,
    /// The needle `members_view` was computed for (lets a longer query refine it).
    pub(super) members_view_needle: String,
    /// Message over the bottom of the screen.
    pub(super) toast: Option<Toast>,
    /// Read-only mode: no key that changes data.
    pub(super) readonly: bool,
    /// Demo banner.
    pub(super) banner: Option<String>,
    /// Styles.
    pub(super) theme: Theme,
    /// Terminal size (columns, rows).
    pub(super) size: (u16, u16),
    /// Spinner frame.
    pub(super) spinner: usize,
    /// Set when roster should exit, with the exit code.
    pub(super) exit: Option<i32>,
    /// Changes sent to the engine and not answered yet, by request number, with what they do
    /// (quitting waits for them and says which).
    pub(super) running: Vec<(u64, String)>,
    /// The next request number.
    pub(super) next_request: u64,
    /// Marked rows of the open workspace (`space`, `*`), by member ID and kind; `e` and `x` act on
    /// all of them. Cleared when another workspace opens.
    pub(super) marks: std::collections::HashSet<(String, crate::model::MemberKind)>,
    /// A member to select once their workspace's list is there (Enter in the person view):
    /// (profile, workspace ID, member ID, kind).
    pub(super) select_on_load: Option<(usize, String, String, crate::model::MemberKind)>,
    /// Plans running: (request, changes done, changes not done) so far.
    pub(super) plans: Vec<(u64, usize, usize)>,
    /// The keys in force (the registry's, with the config's rebindings).
    pub(super) keymap: Keymap,
    /// The admin's choice for the left pane (`w`): shown or hidden; `None` follows the width.
    pub(super) tree_pref: Option<bool>,
    /// How the member table is sorted.
    pub(super) members_sort: MemberSort,
    /// How the left pane's workspaces are sorted.
    pub(super) tree_sort: TreeSort,
    /// The open workspace's rows in the sort's order (empty: the server's order).
    pub(super) members_order: Vec<usize>,
    /// A member just added, to select once the re-read shows them.
    pub(super) awaited: Option<Awaited>,
}

impl Model {
    /// A fresh model; profiles that can be used are marked loading (their commands come from
    /// [`Model::start`]).
    pub(super) fn new(seeds: Vec<ProfileSeed>, readonly: bool, banner: Option<String>) -> Model {
        let profiles = seeds
            .into_iter()
            .map(|s| {
                let (caps, status) = match s.caps {
                    Ok(c) => (Some(c), ProfileStatus::Loading),
                    Err(why) => (None, ProfileStatus::Unavailable(why)),
                };
                ProfileState {
                    name: s.name,
                    kind: s.kind,
                    readonly: s.readonly,
                    caps,
                    status,
                    workspaces: Vec::new(),
                    pending: None,
                    folded: false,
                }
            })
            .collect();
        Model {
            profiles,
            focus: Pane::Workspaces,
            tree: ListCursor::default(),
            tree_filter: Filter::default(),
            open: None,
            members: ListCursor::default(),
            members_filter: Filter::default(),
            members_view: Vec::new(),
            members_view_needle: String::new(),
            toast: None,
            readonly,
            banner,
            theme: Theme::default(),
            size: (80, 24),
            spinner: 0,
            exit: None,
            running: Vec::new(),
            next_request: 1,
            marks: Default::default(),
            select_on_load: None,
            plans: Vec::new(),
            keymap: Keymap::default(),
            tree_pref: None,
            members_sort: MemberSort::default(),
            tree_sort: TreeSort::default(),
            members_order: Vec::new(),
            awaited: None,
        }
    }

    /// The keys in force.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Uses `keymap` from now on.
    pub(crate) fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
    }

    /// Whether the left pane is hidden: as the admin chose with `w`, otherwise while the members
    /// pane has the focus on a narrow terminal, so the table gets the whole width.
    pub fn tree_hidden(&self) -> bool {
        match self.tree_pref {
            Some(shown) => !shown,
            None => self.size.0 < layout::NARROW && self.focus == Pane::Members,
        }
    }

    /// `w`: shows or hides the left pane (hiding it moves the focus to the members).
    pub(crate) fn toggle_tree(&mut self) {
        let hidden = self.tree_hidden();
        self.tree_pref = Some(hidden);
        if !hidden {
            self.focus = Pane::Members;
        }
        self.clamp_lists();
    }

    /// Selects the member `awaited` describes once the re-read of their workspace shows them.
    pub(crate) fn await_member(&mut self, awaited: Awaited) {
        self.awaited = Some(awaited);
    }

    /// How the member table is sorted.
    pub fn members_sort(&self) -> MemberSort {
        self.members_sort
    }

    /// How the left pane's workspaces are sorted.
    pub fn tree_sort(&self) -> TreeSort {
        self.tree_sort
    }

    /// Every profile, in config order.
    pub fn profiles(&self) -> &[ProfileState] {
        &self.profiles
    }

    /// Profile `p`, if there is one.
    pub fn profile(&self, p: usize) -> Option<&ProfileState> {
        self.profiles.get(p)
    }

    /// What profile `p`'s provider can do (`None` when the profile cannot be used).
    pub fn caps(&self, p: usize) -> Option<&Capabilities> {
        self.profiles.get(p)?.caps.as_ref()
    }

    /// The workspace `target` names, if it is still listed.
    pub fn workspace(&self, target: &WorkspaceRef) -> Option<&WorkspaceState> {
        self.profiles
            .get(target.profile)?
            .workspace(&target.workspace_id)
    }

    /// The roles of the workspace `target` names, once listed.
    pub fn roles(&self, target: &WorkspaceRef) -> Option<&[Role]> {
        self.workspace(target)?.roles.roles.as_deref()
    }

    /// The focused pane.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The message over the bottom of the screen, if any.
    pub fn toast(&self) -> Option<&Toast> {
        self.toast.as_ref()
    }

    /// Whether roster runs read-only (no key that changes data).
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// The banner line under the header, if any.
    pub fn banner(&self) -> Option<&str> {
        self.banner.as_deref()
    }

    /// The styles to draw with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The terminal size (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The spinner's frame number.
    pub fn spinner(&self) -> usize {
        self.spinner
    }

    /// Whether roster should exit now.
    pub fn should_quit(&self) -> bool {
        self.exit.is_some()
    }

    /// The exit code once roster should exit (0 before).
    pub fn exit_code(&self) -> i32 {
        self.exit.unwrap_or(0)
    }

    /// Whether a change is still running (quitting waits for it).
    pub fn change_running(&self) -> bool {
        !self.running.is_empty()
    }

    /// What the running changes do, joined, for the quit dialog.
    pub fn running_changes(&self) -> String {
        self.running
            .iter()
            .map(|(_, what)| what.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// A new request number.
    pub(crate) fn next_id(&mut self) -> u64 {
        let id = self.next_request;
        self.next_request += 1;
        id
    }

    /// The command that runs `change` against profile `p`, counted as in flight until answered.
    pub(crate) fn change_command(
        &mut self,
        p: usize,
        change: Change,
        force: bool,
        request: u64,
    ) -> Command {
        self.running.push((request, change.describe()));
        Command::Change {
            profile: p,
            change,
            force,
            request,
        }
    }

    /// Counts the job `request` (a plan, an undo) as a change in flight until
    /// [`Model::change_finished`], so quitting waits for it and says what it does.
    pub(crate) fn track_change(&mut self, request: u64, what: String) {
        self.running.push((request, what));
    }

    /// The change sent as `request` was answered.
    pub(crate) fn change_finished(&mut self, request: u64) {
        self.running.retain(|(r, _)| *r != request);
    }

    /// Roster should exit with `code`.
    pub(crate) fn quit(&mut self, code: i32) {
        self.exit = Some(code);
    }

    /// Shows `toast` until the next key.
    pub(crate) fn show(&mut self, toast: Toast) {
        self.toast = Some(toast);
    }

    /// Shows an error toast.
    pub(crate) fn error(&mut self, text: String) {
        self.show(Toast {
            kind: ToastKind::Error,
            text,
        });
    }

    /// Shows an explanation toast.
    pub(crate) fn info(&mut self, text: String) {
        self.show(Toast {
            kind: ToastKind::Info,
            text,
        });
    }

    /// Hides the toast.
    pub(crate) fn dismiss_toast(&mut self) {
        self.toast = None;
    }

    /// Advances the spinner.
    pub(crate) fn tick(&mut self) {
        self.spinner = self.spinner.wrapping_add(1);
    }

    /// Takes the terminal's new size and keeps both cursors visible in it.
    pub(crate) fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.clamp_lists();
    }

    /// Draws with `theme` from now on.
    pub(crate) fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    /// Says "read-only" instead of opening a changing dialog on a profile with `readonly = true`;
    /// returns whether it did.
    pub(crate) fn refuse_readonly(&mut self, p: usize) -> bool {
        let Some(prof) = self.profiles.get(p) else {
            return false;
        };
        if !prof.readonly {
            return false;
        }
        let name = crate::sanitize::sanitize_line(&prof.name).into_owned();
        self.info(text::profile_readonly(&name));
        true
    }
}
