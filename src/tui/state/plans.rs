//! Plans the worker runs for the TUI (a bulk change): how many of each plan's changes took effect,
//! so a plan whose dialog was closed still ends with a message; and reading a workspace again after
//! one of its changes, when its member list is shown or kept.

use super::model::Model;
use crate::tui::msg::Command;

impl Model {
    /// One change of the plan `request` answered (`ok`: the server holds the wanted state).
    pub(crate) fn plan_outcome(&mut self, request: u64, ok: bool) {
        let at = match self.plans.iter().position(|(r, _, _)| *r == request) {
            Some(at) => at,
            None => {
                self.plans.push((request, 0, 0));
                self.plans.len() - 1
            }
        };
        let (_, done, not) = &mut self.plans[at];
        if ok {
            *done += 1;
        } else {
            *not += 1;
        }
    }

    /// The plan `request` finished: `(done, not done)` among the changes that answered, if any.
    pub(crate) fn plan_finished(&mut self, request: u64) -> Option<(usize, usize)> {
        let at = self.plans.iter().position(|(r, _, _)| *r == request)?;
        let (_, done, not) = self.plans.remove(at);
        Some((done, not))
    }

    /// Reads workspace `id` of profile `p` again after a change, when its members were read
    /// before (a list nobody looked at is read when it is opened).
    pub(crate) fn reload_loaded(&mut self, p: usize, id: &str) -> Option<Command> {
        let ws = self.profiles.get(p)?.workspace(id)?;
        if !ws.members.loaded && ws.members.pending.is_none() {
            return None;
        }
        self.load_members(p, id)
    }
}
