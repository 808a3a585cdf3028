//! The messages that flow around the TUI. This file is the bottom of it: it knows nothing of the
//! state, the dialogs or the terminal, and everything else may use it.
//!
//! - [`Event`]s come in: keys, resizes, spinner ticks, signals, and the worker's [`Reply`]s.
//! - [`crate::tui::update()`] answers each with a [`Work`]: [`Command`]s, jobs for the worker
//!   (network), and [`Effect`]s, which the runtime carries out itself (suspend, stop the change
//!   engine, give memory back). Neither side is ever handed the other's kind.
//! - The worker answers every command with a [`Reply`] tagged with the profile and request number
//!   it answers, so a superseded reply is recognised and dropped.

use crate::engine::{Change, ChangeOutcome};
use crate::error::Error;
use crate::model::{Role, Workspace};
use crate::tui::state::MemberRows;
use ratatui::crossterm::event::KeyEvent;

/// Something that happened: input, a resize, a spinner tick, a signal, or a worker's reply.
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
    /// A worker's reply.
    Reply(Reply),
    /// SIGTERM, SIGHUP or SIGINT arrived; the exit code it asks for (143, 129, 130).
    Signal(i32),
}

/// A job for the worker: a listing or a change, always against one profile.
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
}

impl Command {
    /// The profile the job runs against.
    pub fn profile(&self) -> usize {
        match self {
            Command::LoadWorkspaces { profile, .. }
            | Command::LoadMembers { profile, .. }
            | Command::LoadRoles { profile, .. }
            | Command::Change { profile, .. } => *profile,
        }
    }

    /// The request number its reply will carry.
    pub fn request(&self) -> u64 {
        match self {
            Command::LoadWorkspaces { request, .. }
            | Command::LoadMembers { request, .. }
            | Command::LoadRoles { request, .. }
            | Command::Change { request, .. } => *request,
        }
    }
}

/// Something the runtime does itself, outside the pure update: it touches the terminal, the
/// process or the change engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Profile index.
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
            ReplyBody::Changed(outcome) => outcome.error.as_mut(),
            _ => None,
        }
    }
}
