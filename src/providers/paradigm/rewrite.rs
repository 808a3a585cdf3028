//! The emulated role change and removal: a read-modify-write of the whole member list. The change
//! engine prechecks the member right before (so a concurrent edit is not overwritten) and verifies
//! with a fresh read after.

use super::wire::MemberSet;
use super::{MEMBERS_WRITE_PREFIX, Paradigm, SET_MEMBERS_KEY, fail, integer_id, workspace_id};
use crate::error::{ErrorKind, Result};
use crate::model::{Access, ChangeReport, Member, MemberKind, Workspace};
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
        // The engine's precheck has just read the member as the admin saw them; this read is the
        // list to modify, not a check.
        let mut intended = MemberSet::from_dto(&before);
        match new_role {
            Some(role) => {
                intended.users.insert(user, role.to_string());
            }
            None => {
                intended.users.remove(&user);
            }
        }
        // Still unclear after the HTTP layer's retries, the engine's fresh read tells whether the
        // list landed.
        let answer = self
            .api
            .call(
                op,
                Method::PUT,
                &write_path,
                Some(&intended.put_body(SET_MEMBERS_KEY)),
            )
            .await?;
        report.steps.push(format!(
            "PUT {write_path}: wrote the full list ({} users, {} groups) (HTTP {})",
            intended.users.len(),
            intended.groups.len(),
            answer.status
        ));
        report.request_ids.extend(answer.request_id);
        Ok(report)
    }
}
