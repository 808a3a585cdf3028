//! Offboarding: a plan removing every direct grant a person has, built from what the finder found,
//! and the access that remains once it ran.
//!
//! The last owner of a workspace is checked when the plan is built (the finder knows whether the
//! person is the only holder of the top role): those grants are listed and left out unless forced.
//! The engine's own guard still applies when the plan runs, for anything that moved meanwhile.

use super::find::Checked;
use super::remaining::Remaining;
use crate::engine::{ChangeOutcome, Plan, State, Subject, planner};
use crate::model::{Member, ProviderKind, Workspace};
use crate::sanitize::sanitize_line;

/// A direct grant the plan is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The profile.
    pub profile: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// The person's direct row there.
    pub member: Member,
}

/// What offboarding one person means.
#[derive(Debug, Clone, Default)]
pub struct OffboardPlan {
    /// The removals to run, ordered by profile then workspace name.
    pub plan: Plan,
    /// Grants where the person is the workspace's last owner. Left out of the plan unless
    /// `forced` (then in it too, to be run with the engine's `force`).
    pub last_owner: Vec<Grant>,
    /// Whether the last owners were forced into the plan (`--force`).
    pub forced: bool,
    /// Inherited access the search found: roster never removes it.
    pub inherited: Vec<Remaining>,
}

/// Plans removing every direct grant in `found` (the finder's checked workspaces).
pub fn plan(found: &[Checked], force: bool) -> OffboardPlan {
    let mut sorted: Vec<&Checked> = found.iter().filter(|c| c.access.is_some()).collect();
    sorted.sort_by(|a, b| {
        (&a.profile, &a.workspace.name, &a.workspace.id).cmp(&(
            &b.profile,
            &b.workspace.name,
            &b.workspace.id,
        ))
    });
    let mut out = OffboardPlan {
        forced: force,
        ..OffboardPlan::default()
    };
    for checked in sorted {
        let Some(access) = &checked.access else {
            continue;
        };
        for row in access.inherited() {
            out.inherited.push(Remaining::inherited(
                &checked.profile,
                checked.provider,
                &checked.workspace,
                row,
            ));
        }
        let Some(direct) = access.direct() else {
            continue;
        };
        if access.sole_owner {
            out.last_owner.push(Grant {
                profile: checked.profile.clone(),
                provider: checked.provider,
                workspace: checked.workspace.clone(),
                member: direct.clone(),
            });
            if !force {
                continue;
            }
        }
        out.plan.changes.push(planner::from_row(
            checked.provider,
            &checked.profile,
            &checked.workspace,
            direct,
            None,
        ));
    }
    out
}

impl OffboardPlan {
    /// The access that remains once the plan ran with these `outcomes` (none for a dry run):
    /// inherited access found by the search or by the fresh read after a removal, last owners not
    /// forced, and direct grants whose removal did not succeed. Each says where to remove it.
    pub fn remaining(&self, outcomes: &[ChangeOutcome]) -> Vec<Remaining> {
        let mut out = self.inherited.clone();
        let known = |out: &[Remaining], r: &Remaining| {
            out.iter().any(|x| {
                x.profile == r.profile && x.workspace.id == r.workspace.id && x.kind == r.kind
            })
        };
        if !self.forced {
            for g in &self.last_owner {
                out.push(Remaining::direct(
                    &g.profile,
                    g.provider,
                    &g.workspace,
                    &g.member,
                    "the last owner of the workspace: left in place",
                    format!(
                        "make someone else {} of \"{}\" first, then offboard again (or pass \
                         --force to leave the workspace without an owner)",
                        sanitize_line(&g.member.role.name),
                        sanitize_line(&g.workspace.name)
                    ),
                ));
            }
        }
        for o in outcomes {
            let Subject::Membership(m) = &o.change.subject else {
                continue;
            };
            // The fresh read after the removal lists what the person keeps (an organisation admin
            // shows up there once the direct grant is gone).
            for row in &o.kept {
                let r =
                    Remaining::inherited(&o.change.profile, o.change.provider, &m.workspace, row);
                if !known(&out, &r) {
                    out.push(r);
                }
            }
            if o.verdict.is_success() {
                continue;
            }
            // A stale removal whose fresh read shows them gone leaves nothing behind.
            if o.now == Some(State::Absent) {
                continue;
            }
            if let Some(row) = o.member.clone().or_else(|| m.member.clone()) {
                out.push(Remaining::direct(
                    &o.change.profile,
                    o.change.provider,
                    &m.workspace,
                    &row,
                    &format!("the removal did not succeed ({})", o.verdict.audit_word()),
                    "see its outcome above; offboard again once the cause is fixed".to_string(),
                ));
            }
        }
        out.sort_by(|a, b| {
            (&a.profile, &a.workspace.name, a.kind.access()).cmp(&(
                &b.profile,
                &b.workspace.name,
                b.kind.access(),
            ))
        });
        out
    }
}
