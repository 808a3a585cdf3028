//! Lanes: what a worker job is about, so jobs about the same thing run one at a time (a
//! listing) or one after another in order (changes to one member), and the state this session
//! left each member in, kept by lane.

use crate::engine::{Change, State, Subject};
use crate::tui::msg::Command;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a serialised job is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Lane {
    /// A listing: (profile, workspace ID, or `None` for the profile's workspace list). One runs
    /// at a time; of the requests that arrive meanwhile only the newest is kept.
    Listing(usize, Option<String>),
    /// Changes to one member of one workspace: (profile, workspace ID, member ID or the user as
    /// typed for an add). They all run, one after another, in order.
    Member(usize, String, String),
}

/// The state this session last left a member in, by member lane: the next change to that member
/// accepts it as well as the state the admin saw.
pub(super) type OurStates = Arc<Mutex<HashMap<Lane, State>>>;

pub(super) fn lane_of(cmd: &Command) -> Option<Lane> {
    match cmd {
        Command::LoadMembers {
            profile, workspace, ..
        } => Some(Lane::Listing(*profile, Some(workspace.id.clone()))),
        Command::LoadWorkspaces { profile, .. } => Some(Lane::Listing(*profile, None)),
        Command::Change {
            profile, change, ..
        } => Some(member_lane(*profile, change)),
        Command::Undo { profile, undo, .. } => Some(member_lane(*profile, &undo.inverse)),
        Command::LoadRoles { .. }
        | Command::RebuildProfile { .. }
        | Command::LoadHistory { .. }
        | Command::FindPerson { .. }
        | Command::StopFind { .. }
        | Command::RunPlan { .. }
        | Command::PlanUndo { .. } => None,
    }
}

/// The lane of the member (or, for a workspace to create, the name) `change` is about.
fn member_lane(profile: usize, change: &Change) -> Lane {
    Lane::Member(
        profile,
        change.workspace_key().to_string(),
        match &change.subject {
            Subject::Membership(m) => m.who.as_str().to_lowercase(),
            Subject::Workspace(w) => w.name.clone(),
        },
    )
}
