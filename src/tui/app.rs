//! The TUI's whole state as one plain struct, plus the messages that flow around it: [`Event`]s in,
//! [`Command`]s out to the worker, [`Outcome`]s back. `update()` (in `update.rs`) is the only thing
//! that changes an [`App`]; drawing only reads it.

use super::filter::{Filter, filter_rows};
use super::keys::Context;
use super::layout;
use super::modal::Modal;
use super::state::{MemberRow, MemberRows, ProfileState, ProfileStatus, WorkspaceState};
use super::theme::Theme;
use crate::engine::{Change, ChangeOutcome};
use crate::error::Error;
use crate::model::{Capabilities, ProviderKind, Role, Workspace};
use ratatui::crossterm::event::KeyEvent;

/// Something that happened: input, a resize, a spinner tick, or a worker's answer.
#[derive(Debug, Clone)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// Spinner tick; only sent while something loads.
    Tick,
    /// A worker's answer.
    Outcome(Outcome),
    /// SIGTERM, SIGHUP or SIGINT arrived; the exit code it asks for (143, 129, 130).
    Signal(i32),
}

/// Work for the worker (network) or for the terminal loop ([`Command::Suspend`]).
#[derive(Debug, Clone, PartialEq)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// List a profile's workspaces.
    LoadWorkspaces {
        /// Profile index.
        profile: usize,
        /// Request number echoed in the outcome.
        request: u64,
    },
    /// List a workspace's members (single-flight per workspace in the worker).
    LoadMembers {
        /// Profile index.
        profile: usize,
        /// The workspace.
        workspace: Workspace,
        /// Ask for inherited members too (when the provider can list them).
        include_inherited: bool,
        /// Request number echoed in the outcome.
        request: u64,
    },
    /// List a workspace's roles.
    LoadRoles {
        /// Profile index.
        profile: usize,
        /// The workspace.
        workspace: Workspace,
        /// Request number echoed in the outcome.
        request: u64,
    },
    /// Run a change through the change engine.
    Change {
        /// Profile index.
        profile: usize,
        /// What to change, with the state it was planned against.
        change: Change,
        /// Remove or demote a last owner anyway (the admin confirmed it).
        force: bool,
        /// Request number echoed in the outcome.
        request: u64,
    },
    /// Suspend to the shell (handled by the terminal loop, not the worker).
    Suspend,
    /// Tell the change engine to stop (handled by the terminal loop): finish the change in flight
    /// and start nothing more, or, with `now`, cut it.
    StopChanges {
        /// Cut the change in flight instead of letting it finish.
        now: bool,
    },
}

impl Command {
    /// Whether the terminal loop handles this command rather than the worker.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Command::Suspend | Command::StopChanges { .. })
    }
}

/// A worker's answer, tagged with what it answers so stale ones can be recognised.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Profile index.
    pub profile: usize,
    /// The request number of the command.
    pub request: u64,
    /// The answer.
    pub answer: Answer,
}

/// The payload of an [`Outcome`]. Errors stay typed, so the screen can act on their kind (a rate
/// limit says when a retry is possible).
#[derive(Debug, Clone)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Answer {
    /// Workspaces of the profile.
    Workspaces(Result<Vec<Workspace>, Error>),
    /// Members of a workspace.
    Members {
        /// Which workspace.
        workspace_id: String,
        /// The members, as rows, or the error.
        result: Result<MemberRows, Error>,
    },
    /// Roles of a workspace.
    Roles {
        /// Which workspace.
        workspace_id: String,
        /// The roles or the error.
        result: Result<Vec<Role>, Error>,
    },
    /// A change ran through the engine; the outcome is what the verification read found.
    Changed(Box<ChangeOutcome>),
}

/// Most bytes of an error text the TUI keeps from one [`Answer`]: an [`crate::error::Error`]'s
/// `Display` is far shorter; this bounds what a frame can ever have to look at, whoever built the
/// answer.
pub const ANSWER_TEXT_MAX: usize = 4 * crate::server_text::SHOWN_MAX;

impl Answer {
    /// The error this answer carries, if any.
    pub(crate) fn error_mut(&mut self) -> Option<&mut Error> {
        match self {
            Answer::Workspaces(Err(e))
            | Answer::Members { result: Err(e), .. }
            | Answer::Roles { result: Err(e), .. } => Some(e),
            Answer::Changed(outcome) => outcome.error.as_mut(),
            _ => None,
        }
    }
}

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Profiles and workspaces.
    Workspaces,
    /// Members of the open workspace.
    Members,
}

/// A row of the left pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeRow {
    /// A profile heading.
    Profile(usize),
    /// A workspace of a profile (profile index, workspace index).
    Workspace(usize, usize),
    /// A line about the profile (loading, error, no workspaces).
    Note(usize),
}

/// Cursor and scroll offset of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    /// Selected row.
    pub cursor: usize,
    /// First visible row.
    pub offset: usize,
}

impl ListCursor {
    /// Keeps the cursor inside `len` rows and visible in a window of `page` rows.
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        }
        if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Moves by `delta` rows, staying inside the list.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.clamp(len, page);
    }

    /// The offset that shows the cursor in a window of `page` rows, starting from the stored one.
    /// Drawing uses it so the selection is visible even if the window changed since `update()`.
    pub fn visible_offset(&self, len: usize, page: usize) -> usize {
        let mut c = *self;
        c.clamp(len, page);
        c.offset
    }
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

/// A profile as the App knows it: plain values, no client (the worker owns the clients).
#[derive(Debug, Clone)]
pub struct ProfileSeed {
    /// Profile name.
    pub name: String,
    /// Which API (label only).
    pub kind: ProviderKind,
    /// The provider's capabilities, or why the profile cannot be used.
    pub caps: Result<Capabilities, String>,
    /// The profile says `readonly = true`.
    pub readonly: bool,
}

/// The TUI state.
#[derive(Debug, Clone)]
pub struct App {
    /// Profiles with their workspaces.
    pub profiles: Vec<ProfileState>,
    /// Focused pane.
    pub focus: Pane,
    /// Left pane cursor (index into [`App::tree_rows`]).
    pub tree: ListCursor,
    /// Left pane filter.
    pub tree_filter: Filter,
    /// The workspace shown on the right: (profile index, workspace ID).
    pub open: Option<(usize, String)>,
    /// Right pane cursor (index into [`App::members_view`]).
    pub members: ListCursor,
    /// Right pane filter.
    pub members_filter: Filter,
    /// Indices of the open workspace's rows that pass the filter, in order.
    pub members_view: Vec<usize>,
    /// The needle `members_view` was computed for (lets a longer query refine it).
    pub(crate) members_view_needle: String,
    /// Open dialog.
    pub modal: Option<Modal>,
    /// Message over the bottom of the screen.
    pub toast: Option<Toast>,
    /// Read-only mode: no key that changes data.
    pub readonly: bool,
    /// Demo banner.
    pub banner: Option<String>,
    /// Styles.
    pub theme: Theme,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Spinner frame.
    pub spinner: usize,
    /// Set when roster should exit.
    pub quit: bool,
    /// Changes sent to the engine and not answered yet, by request number, with what they do
    /// (quitting waits for them and says which).
    pub(crate) running: Vec<(u64, String)>,
    /// The exit code when [`App::quit`] is set.
    pub exit_code: i32,
    pub(crate) next_request: u64,
}

impl App {
    /// A fresh state. Profiles that can be used start loading: call [`App::start`] for the commands.
    pub fn new(seeds: Vec<ProfileSeed>, readonly: bool, banner: Option<String>) -> Self {
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
        App {
            profiles,
            focus: Pane::Workspaces,
            tree: ListCursor::default(),
            tree_filter: Filter::default(),
            open: None,
            members: ListCursor::default(),
            members_filter: Filter::default(),
            members_view: Vec::new(),
            members_view_needle: String::new(),
            modal: None,
            toast: None,
            readonly,
            banner,
            theme: Theme::default(),
            size: (80, 24),
            spinner: 0,
            quit: false,
            running: Vec::new(),
            exit_code: 0,
            next_request: 1,
        }
    }

    /// The first commands: list every usable profile's workspaces, each on its own.
    pub fn start(&mut self) -> Vec<Command> {
        let usable: Vec<usize> = (0..self.profiles.len())
            .filter(|&p| self.profiles[p].caps.is_some())
            .collect();
        usable
            .into_iter()
            .map(|p| self.load_workspaces(p))
            .collect()
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

    /// Whether roster waits for the running changes to quit.
    pub fn quitting(&self) -> bool {
        matches!(&self.modal, Some(Modal::Quitting(q)) if q.waiting)
    }

    /// Asks to quit with `code`: at once when no change runs; otherwise through the quit dialog
    /// (asking first, unless `ask` is false as for a signal). Returns whether the engine should be
    /// told to stop (finish what runs, start nothing more).
    pub(crate) fn request_quit(&mut self, code: i32, ask: bool) -> bool {
        if !self.change_running() {
            self.quit = true;
            self.exit_code = code;
            return false;
        }
        self.modal = Some(Modal::Quitting(super::modal::QuitDialog {
            waiting: !ask,
            code,
        }));
        !ask
    }

    /// Marks profile `p` as loading and returns the command that lists its workspaces.
    pub(crate) fn load_workspaces(&mut self, p: usize) -> Command {
        let request = self.next_id();
        self.profiles[p].pending = Some(request);
        Command::LoadWorkspaces {
            profile: p,
            request,
        }
    }

    /// The key context: the dialog's, the filter's, or the focused pane's.
    pub fn context(&self) -> Context {
        if let Some(m) = &self.modal {
            return m.context();
        }
        if self.focused_filter().editing {
            return Context::Filter;
        }
        match self.focus {
            Pane::Workspaces => Context::Workspaces,
            Pane::Members => Context::Members,
        }
    }

    /// The focused pane's filter.
    pub fn focused_filter(&self) -> &Filter {
        match self.focus {
            Pane::Workspaces => &self.tree_filter,
            Pane::Members => &self.members_filter,
        }
    }

    /// Whether anything is being fetched or changed (the spinner runs only then).
    pub fn is_loading(&self) -> bool {
        self.change_running()
            || self.profiles.iter().any(ProfileState::is_loading)
            || self
                .modal
                .as_ref()
                .is_some_and(|m| m.submitting().is_some())
    }

    /// Rows of the left pane, after folding and filtering.
    pub fn tree_rows(&self) -> Vec<TreeRow> {
        let needle = self.tree_filter.needle();
        let mut rows = Vec::new();
        for (p, prof) in self.profiles.iter().enumerate() {
            let profile_hit = !needle.is_empty() && prof.name.to_lowercase().contains(&needle);
            let matching: Vec<usize> = (0..prof.workspaces.len())
                .filter(|&w| {
                    needle.is_empty()
                        || profile_hit
                        || workspace_matches(&prof.workspaces[w], &needle)
                })
                .collect();
            if !needle.is_empty() && matching.is_empty() && !profile_hit {
                continue;
            }
            rows.push(TreeRow::Profile(p));
            if prof.folded {
                continue;
            }
            if needle.is_empty()
                && (prof.workspaces.is_empty() || !matches!(prof.status, ProfileStatus::Ready))
            {
                rows.push(TreeRow::Note(p));
            }
            rows.extend(matching.into_iter().map(|w| TreeRow::Workspace(p, w)));
        }
        rows
    }

    /// `(shown, total)` workspaces for the left pane's `N of M`.
    pub fn tree_counts(&self) -> (usize, usize) {
        let needle = self.tree_filter.needle();
        let total = self.profiles.iter().map(|p| p.workspaces.len()).sum();
        let shown = self
            .profiles
            .iter()
            .map(|p| {
                let hit = p.name.to_lowercase().contains(&needle);
                p.workspaces
                    .iter()
                    .filter(|w| hit || workspace_matches(w, &needle))
                    .count()
            })
            .sum();
        (shown, total)
    }

    /// The row under the left cursor.
    pub fn tree_selected(&self) -> Option<TreeRow> {
        self.tree_rows().get(self.tree.cursor).copied()
    }

    /// The open workspace and its profile.
    pub fn open_workspace(&self) -> Option<(&ProfileState, &WorkspaceState)> {
        let (p, id) = self.open.as_ref()?;
        let prof = self.profiles.get(*p)?;
        Some((prof, prof.workspace(id)?))
    }

    /// The open workspace, mutably.
    pub(crate) fn open_workspace_mut(&mut self) -> Option<&mut WorkspaceState> {
        let (p, id) = self.open.as_ref()?;
        self.profiles.get_mut(*p)?.workspace_mut(id)
    }

    /// The member row under the right cursor.
    pub fn selected_member(&self) -> Option<&MemberRow> {
        let (_, ws) = self.open_workspace()?;
        let idx = *self.members_view.get(self.members.cursor)?;
        ws.members.rows.get(idx)
    }

    /// Rows visible in the left pane at the current size.
    pub fn tree_page(&self) -> usize {
        layout::tree_page(self.size, self.banner.is_some())
    }

    /// Table rows visible in the right pane at the current size.
    pub fn members_page(&self) -> usize {
        layout::members_page(self.size, self.banner.is_some())
    }

    /// Recomputes which rows of the open workspace pass the filter. `keep` names a member to keep
    /// the cursor on (after a refresh).
    pub(crate) fn refresh_members_view(
        &mut self,
        keep: Option<(String, crate::model::MemberKind)>,
    ) {
        let needle = self.members_filter.needle();
        let refine = !self.members_view_needle.is_empty()
            && needle.starts_with(&self.members_view_needle)
            && keep.is_none();
        let view = match self.open_workspace() {
            Some((_, ws)) => {
                let previous = refine.then_some(self.members_view.as_slice());
                filter_rows(&ws.members.rows, &needle, previous)
            }
            None => Vec::new(),
        };
        if let (Some((id, kind)), Some((_, ws))) = (&keep, self.open_workspace())
            && let Some(pos) = view.iter().position(|&i| {
                ws.members
                    .rows
                    .get(i)
                    .is_some_and(|r| r.id() == id && r.member_kind() == *kind)
            })
        {
            self.members.cursor = pos;
        }
        self.members_view = view;
        self.members_view_needle = needle;
        let page = self.members_page();
        self.members.clamp(self.members_view.len(), page);
    }

    /// Shows an error toast.
    pub(crate) fn error(&mut self, text: String) {
        self.toast = Some(Toast {
            kind: ToastKind::Error,
            text,
        });
    }

    /// Shows an explanation toast.
    pub(crate) fn info(&mut self, text: String) {
        self.toast = Some(Toast {
            kind: ToastKind::Info,
            text,
        });
    }
}

fn workspace_matches(w: &WorkspaceState, needle: &str) -> bool {
    w.haystack.contains(needle)
}
