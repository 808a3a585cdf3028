//! The emulated role change and removal: a read-modify-write of the whole member list, checked before
//! (the member still has the role the admin saw, so a concurrent edit is never overwritten) and after
//! (the server holds exactly the intended list), and the settling of an add whose answer was lost.

use super::wire::MemberSet;
use super::{MEMBERS_WRITE_PREFIX, Paradigm, SET_MEMBERS_KEY, fail, integer_id, workspace_id};
use crate::error::{Error, ErrorKind, Result};
use crate::http::is_ambiguous;
use crate::model::{Access, ChangeReport, Member, MemberKind, Workspace};
use crate::providers::settle::{not_applied, settle_change};
use reqwest::Method;

impl Paradigm {
    /// The read-modify-write behind set_role (`new_role = Some`) and remove (`None`).
    pub(super) async fn rewrite_member(
        &self,
        op: &str,
        workspace: &Workspace,
        member: &Member,
        new_role: Option<&'static str>,
    ) -> Result<ChangeReport> {
        let ws = workspace_id(op, workspace)?;
        if member.kind == MemberKind::Group {
            return Err(fail(
                ErrorKind::Unsupported,
                op,
                format!(
                    "{} is a user group; roster shows groups read-only. Change the group's access \
                     in Paradigm's administration pages",
                    member.label()
                ),
            ));
        }
        if let Access::Inherited { via } = &member.access {
            return Err(fail(
                ErrorKind::Unsupported,
                op,
                format!(
                    "{} has access through {via}, not directly; change that group's access in \
                     Paradigm instead",
                    member.label()
                ),
            ));
        }
        let user = integer_id(op, "user", &member.id)?;
        let read_path = self.members_read_path(ws);
        let write_path = format!("{MEMBERS_WRITE_PREFIX}/{ws}/members");
        let mut report = ChangeReport::default();

        let before = self.read_members(op, ws).await?;
        report.steps.push(format!(
            "GET {read_path}: read {} users and {} groups",
            before.users.len(),
            before.groups.len()
        ));
        let Some(current) = before.users.iter().find(|u| u.id == user) else {
            return Err(fail(
                ErrorKind::Conflict,
                op,
                format!(
                    "{} is no longer a direct member of {} (someone changed the workspace since \
                     you listed it); nothing was changed. Refresh and try again",
                    member.label(),
                    workspace.name
                ),
            ));
        };
        if !current.role.eq_ignore_ascii_case(&member.role.id) {
            return Err(fail(
                ErrorKind::Conflict,
                op,
                format!(
                    "{}'s role changed on the server from {} to {} since you listed the members; \
                     nothing was changed, so that edit is not overwritten. Refresh and try again",
                    member.label(),
                    member.role.name,
                    current.role
                ),
            ));
        }
        let original = MemberSet::from_dto(&before);
        let mut intended = original.clone();
        match new_role {
            Some(role) if current.role.eq_ignore_ascii_case(role) => {
                report.steps.push(format!(
                    "no change: {} already has role {role}",
                    member.label()
                ));
                return Ok(report);
            }
            Some(role) => {
                intended.users.insert(user, role.to_string());
            }
            None => {
                intended.users.remove(&user);
            }
        }

        let put = self
            .api
            .call(
                op,
                Method::PUT,
                &write_path,
                Some(&intended.put_body(SET_MEMBERS_KEY)),
            )
            .await;
        let lost_answer = match put {
            Ok(answer) => {
                report.steps.push(format!(
                    "PUT {write_path}: wrote the full list ({} users, {} groups) (HTTP {})",
                    intended.users.len(),
                    intended.groups.len(),
                    answer.status
                ));
                report.request_ids.extend(answer.request_id);
                None
            }
            Err(e) if is_ambiguous(&e) => {
                report.steps.push(format!(
                    "PUT {write_path}: no clear answer ({e}); checking what the server holds"
                ));
                Some(e)
            }
            Err(e) => return Err(e),
        };

        let after = self.read_members(op, ws).await.map_err(|e| {
            fail(
                ErrorKind::Partial,
                op,
                format!(
                    "the new member list was sent, but re-reading it to confirm failed ({e}); \
                     list the workspace's members to see what the server holds"
                ),
            )
        })?;
        report.steps.push(format!(
            "GET {read_path}: re-read {} users and {} groups to confirm",
            after.users.len(),
            after.groups.len()
        ));
        let mut actual = MemberSet::from_dto(&after);
        actual.absorb_labels(&before);
        if actual.same_grants(&intended) {
            return Ok(report);
        }
        if let Some(e) = lost_answer
            && actual.same_grants(&original)
        {
            // The write never landed: nothing changed, and the admin is told so.
            return Err(not_applied(e, "writing the new member list"));
        }
        Err(fail(
            ErrorKind::Partial,
            op,
            format!(
                "after writing the member list of {}, the server holds something other than \
                 intended: {}. Someone may have changed the workspace at the same time; review \
                 its members",
                workspace.name,
                intended.describe_difference(&actual)
            ),
        )
        .with_request_id(report.request_ids.last().cloned()))
    }

    /// After a POST whose answer was lost, re-reads the members: the add either shows there or not.
    pub(super) async fn confirm_lost_add(
        &self,
        op: &str,
        ws: u64,
        user: u64,
        role: &str,
        error: Error,
        report: &mut ChangeReport,
    ) -> Result<()> {
        let applied = self.read_members(op, ws).await.map(|now| {
            now.users
                .iter()
                .any(|u| u.id == user && u.role.eq_ignore_ascii_case(role))
        });
        let step = settle_change(error, &format!("adding user {user} as {role}"), applied)?;
        report.steps.push(step);
        Ok(())
    }
}
