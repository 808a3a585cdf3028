//! The messages that flow around the TUI. This file is the bottom of it: it knows nothing of the
//! state, the dialogs or the terminal, and everything else may use it.
//!
//! - [`Event`]s come in: keys, resizes, spinner ticks, signals, and the worker's [`Reply`]s.
//! - [`crate::tui::update()`] answers each with a [`Work`]: [`Command`]s, jobs for the worker
//!   (network), and [`Effect`]s, which the runtime carries out itself (suspend, stop the change
//!   engine, give memory back). Neither side is ever handed the other's kind.
//! - The worker answers every command with a [`Reply`] tagged with the profile and request number
//!   it answers, so a superseded reply is recognised and dropped. A job across profiles (the person
//!   search, a plan) answers with several replies under its one request number.

use crate::audit::AuditEntry;
use crate::engine::undo::Undo;
use crate::engine::{Change, ChangeOutcome, Plan};
use crate::error::Error;
use crate::model::{Capabilities, Role, UserRef, Workspace};
use crate::people::Found;
use crate::tui::state::MemberRows;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// Something that happened: input, a resize, a spinner tick, a signal, or a worker's reply.
#[derive(Debug, Clone)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): typed into the field that has the focus,
    /// never taken as keys (a pasted newline submits nothing).
    Paste(String),
    /// A click or a wheel turn.
    Mouse(MouseEvent),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// Spinner tick; only sent while something loads.
    Tick,
    /// A worker's reply.
    Reply(Reply),
    /// SIGTERM, SIGHUP or SIGINT arrived; the exit code it asks for (143, 129, 130).
    Signal(i32),
}

/// A job for the worker: a listing or a change against one profile, or a search or a plan across
/// several.
#[derive(Debug, Clone, PartialEq)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// List a profile's workspaces.
    LoadWorkspaces {
        /// Profile index.
        profile: usize,
        /// Request number echoed in the reply.
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
        /// Request number echoed in the reply.
        request: u64,
    },
    /// List a workspace's roles.
    LoadRoles {
        /// Profile index.
        profile: usize,
        /// The workspace.
        workspace: Workspace,
        /// Request number echoed in the reply.
        request: u64,
    },
    /// Read the profile's token again and rebuild its client (after the admin fixed a token or
    /// a setting), then answer with what the new client can do.
    RebuildProfile {
        /// Profile index.
        profile: usize,
        /// Request number echoed in the reply.
        request: u64,
    },
    /// Find the last change to one member in the audit log (read off the UI thread).
    LoadHistory {
        /// Profile index.
        profile: usize,
        /// The workspace's ID.
        workspace_id: String,
        /// The member's ID and email: an audit line names the user as the admin typed them.
        who: Vec<String>,
        /// Request number echoed in the reply.
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
        /// Request number echoed in the reply.
        request: u64,
    },
    /// Search every usable profile for one person (the `u` view): each profile within its own
    /// bound, every finding answered as a [`ReplyBody::Person`] as it comes. A new search replaces
    /// the one running.
    FindPerson {
        /// The person: an email (matched ignoring case) or an ID.
        who: UserRef,
        /// Request number echoed in every reply of the search.
        request: u64,
    },
    /// Stop the search `request` (its view closed); nothing more of it is sent.
    StopFind {
        /// The search's request number.
        request: u64,
    },
    /// Run a plan through the change engine, each profile within its bound, every change even when
    /// another fails. Each outcome is answered as a [`ReplyBody::PlanStep`] as it comes, then
    /// [`ReplyBody::PlanDone`].
    RunPlan {
        /// The changes, each with the state it was planned against.
        plan: Plan,
        /// Remove or demote last owners anyway (the admin confirmed it again).
        force: bool,
        /// Request number echoed in every reply.
        request: u64,
    },
    /// Plan undoing the last change this session made (`z`); answered by
    /// [`ReplyBody::UndoPlanned`].
    PlanUndo {
        /// Request number echoed in the reply.
        request: u64,
    },
    /// Run a planned undo through the change engine; answered by [`ReplyBody::Undone`].
    Undo {
        /// Profile index of the undo's change.
        profile: usize,
        /// The undo, as planned.
        undo: Undo,
        /// Request number echoed in the reply.
        request: u64,
    },
}

impl Command {
    /// The profile the job runs against; `None` for a job across profiles (a search, a plan, the
    /// planning of an undo).
    pub fn profile(&self) -> Option<usize> {
        match self {
            Command::LoadWorkspaces { profile, .. }
            | Command::LoadMembers { profile, .. }
            | Command::LoadRoles { profile, .. }
            | Command::RebuildProfile { profile, .. }
            | Command::LoadHistory { profile, .. }
            | Command::Change { profile, .. }
            | Command::Undo { profile, .. } => Some(*profile),
            Command::FindPerson { .. }
            | Command::StopFind { .. }
            | Command::RunPlan { .. }
            | Command::PlanUndo { .. } => None,
        }
    }

    /// The request number its reply will carry.
    pub fn request(&self) -> u64 {
        match self {
            Command::LoadWorkspaces { request, .. }
            | Command::LoadMembers { request, .. }
            | Command::LoadRoles { request, .. }
            | Command::RebuildProfile { request, .. }
            | Command::LoadHistory { request, .. }
            | Command::Change { request, .. }
            | Command::FindPerson { request, .. }
            | Command::StopFind { request }
            | Command::RunPlan { request, .. }
            | Command::PlanUndo { request }
            | Command::Undo { request, .. } => *request,
        }
    }
}

/// Something the runtime does itself, outside the pure update: it touches the terminal, the
/// process or the change engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Give the terminal back and stop the process until `fg` (Ctrl-z).
    Suspend,
    /// Tell the change engine to stop: finish the change in flight and start nothing more, or,
    /// with `now`, cut it.
    StopChanges {
        /// Cut the change in flight instead of letting it finish.
        now: bool,
    },
    /// A large answer was just replaced: return the freed heap to the system.
    ReleaseMemory,
    /// Put this text on the clipboard with OSC 52, which the terminal (and tmux, and a terminal
    /// at the other end of SSH) understands.
    Copy(String),
}

/// What one update asks for: jobs for the worker and effects for the runtime, each in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Work {
    /// Network jobs, in the order they were asked for.
    pub commands: Vec<Command>,
    /// Effects for the runtime, in order.
    pub effects: Vec<Effect>,
}

impl Work {
    /// Nothing to do.
    pub fn none() -> Work {
        Work::default()
    }

    /// One effect and no command.
    pub fn effect(effect: Effect) -> Work {
        Work {
            commands: Vec::new(),
            effects: vec![effect],
        }
    }

    /// Whether the update asked for nothing at all.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty() && self.effects.is_empty()
    }

    /// Adds what `other` asks for after what this one asks for.
    pub fn and(mut self, other: impl Into<Work>) -> Work {
        let other = other.into();
        self.commands.extend(other.commands);
        self.effects.extend(other.effects);
        self
    }
}

impl From<Vec<Command>> for Work {
    fn from(commands: Vec<Command>) -> Work {
        Work {
            commands,
            effects: Vec::new(),
        }
    }
}

impl From<Option<Command>> for Work {
    fn from(command: Option<Command>) -> Work {
        command.into_iter().collect::<Vec<_>>().into()
    }
}

impl From<Command> for Work {
    fn from(command: Command) -> Work {
        vec![command].into()
    }
}

/// A worker's reply, tagged with what it answers so a stale one can be recognised.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Profile index. For the replies of a job across profiles: the profile the reply is about
    /// (a finding's, a change's), or 0 when it is about none ([`ReplyBody::PlanDone`]); those
    /// replies are matched by their request number.
    pub profile: usize,
    /// The request number of the command.
    pub request: u64,
    /// What the worker found.
    pub body: ReplyBody,
}

/// The payload of a [`Reply`]. Errors stay typed, so the screen can act on their kind (a rate
/// limit says when a retry is possible).
#[derive(Debug, Clone)]
// Messages pass a few at a time; boxing the big variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum ReplyBody {
    /// Workspaces of the profile.
    Workspaces(Result<Vec<Workspace>, Error>),
    /// Members of a workspace.
    Members {
        /// Which workspace.
        workspace_id: String,
        /// The members, as rows built while the answer arrived, or the error.
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
    /// The profile's client was rebuilt: what it can do, or why it still cannot be used.
    Rebuilt(Result<Capabilities, String>),
    /// The last change to a member found in the audit log (`None`: no change recorded).
    History {
        /// Which workspace.
        workspace_id: String,
        /// The entry, or why the log could not be read.
        result: Result<Option<Box<AuditEntry>>, String>,
    },
    /// What the person search ([`Command::FindPerson`]) learnt, in the order it learnt it.
    Person(Found),
    /// One change of a plan ([`Command::RunPlan`]) ran: its index in the plan and its outcome.
    PlanStep {
        /// The change's index in the plan.
        index: usize,
        /// What the verification read found.
        outcome: Box<ChangeOutcome>,
    },
    /// Every change of the plan has answered (after its last [`ReplyBody::PlanStep`]).
    PlanDone,
    /// The undo `z` asked for, planned from the audit log, or why there is nothing to undo.
    UndoPlanned(Result<Undo, Error>),
    /// An undo ran through the engine; the outcome is what the verification read found.
    Undone(Box<ChangeOutcome>),
}

/// Most bytes of an error text the TUI keeps from one [`Reply`]: an [`Error`]'s `Display` is far
/// shorter; this bounds what a frame can ever have to look at, whoever built the reply.
pub const REPLY_TEXT_MAX: usize = 4 * crate::server_text::SHOWN_MAX;

impl ReplyBody {
    /// The error this reply carries, if any.
    pub(crate) fn error_mut(&mut self) -> Option<&mut Error> {
        match self {
            ReplyBody::Workspaces(Err(e))
            | ReplyBody::Members { result: Err(e), .. }
            | ReplyBody::Roles { result: Err(e), .. } => Some(e),
            ReplyBody::Changed(outcome)
            | ReplyBody::Undone(outcome)
            | ReplyBody::PlanStep { outcome, .. } => outcome.error.as_mut(),
            ReplyBody::UndoPlanned(Err(e))
            | ReplyBody::Person(Found::WorkspaceFailed { error: e, .. })
            | ReplyBody::Person(Found::ProfileFailed { error: e, .. }) => Some(e),
            _ => None,
        }
    }
}
