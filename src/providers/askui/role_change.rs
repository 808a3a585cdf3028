//! AskUI role change, emulated: AskUI cannot update a membership (the docs say a role "can't be
//! changed once assigned", providers.md §1 "Roles"), so roster deletes the membership and creates it
//! again with the new privilege. If creating fails, the old privilege is put back; if that fails too,
//! the error says exactly that the member is now removed.
//!
//! POST is not idempotent and is sent once (the HTTP layer never retries it). After an answer that
//! was lost on the way (`http::is_ambiguous`) the member list is read again to learn what happened.

use super::wire::CreatedDto;
use super::{AskUi, MEMBERSHIPS_PATH, PROVIDER, ROLES, member_label, role_for, wire_privilege};
use crate::error::{Error, ErrorKind, Result};
use crate::http;
use crate::model::{ChangeReport, Member, Role, Workspace};
use crate::providers::settle::{brief, note_error_request, note_request};

const OP: &str = "set role";

/// What a role change is about, shared by its steps.
struct RoleChange<'a> {
    workspace: &'a Workspace,
    member: &'a Member,
    label: &'a str,
    old: String,
    new: String,
}

impl RoleChange<'_> {
    fn old_name(&self) -> String {
        role_for(&self.old).name
    }

    fn new_name(&self) -> String {
        role_for(&self.new).name
    }
}

impl AskUi {
    /// Gives `member` the role `role` by DELETE + POST, restoring the old membership on failure.
    pub(super) async fn change_role(
        &self,
        workspace: &Workspace,
        member: &Member,
        role: &Role,
    ) -> Result<ChangeReport> {
        let mut report = ChangeReport::default();
        let change = RoleChange {
            workspace,
            member,
            label: member_label(member),
            old: wire_privilege(&member.role),
            new: wire_privilege(role),
        };
        // Checked before anything is deleted: an unknown privilege would make the re-create fail.
        if !ROLES.iter().any(|(wire, _)| *wire == change.new) {
            let valid: Vec<&str> = ROLES.iter().map(|(_, short)| *short).collect();
            return Err(Error::new(
                ErrorKind::Invalid,
                PROVIDER,
                OP,
                format!(
                    "unknown role {:?}; valid roles: {}; nothing was changed",
                    role.name,
                    valid.join(", ")
                ),
            ));
        }
        if change.new == change.old {
            report.steps.push(format!(
                "{} already has role {} in {}; nothing to change",
                change.label,
                change.new_name(),
                workspace.name
            ));
            return Ok(report);
        }
        let handle = self.handle_of(OP, workspace, member).await?;
        self.remove_for_change(&change, &handle, &mut report)
            .await?;
        match self
            .create_membership(OP, workspace, &member.id, &change.new)
            .await
        {
            Ok(answer) => {
                let created: CreatedDto = self.api.decode(OP, &answer).unwrap_or_default();
                let id = created.id.as_deref().unwrap_or("?");
                report.steps.push(format!(
                    "POST /{MEMBERSHIPS_PATH}: re-created {} in {} as {} (membership {id})",
                    change.label,
                    workspace.name,
                    change.new_name()
                ));
                note_request(&mut report, &answer);
                Ok(report)
            }
            Err(failure) => {
                note_error_request(&mut report, &failure);
                // A lost answer, or "already a member" (the removal did not really happen): only a
                // fresh read tells what the server holds before anything is restored.
                if http::is_ambiguous(&failure) || failure.kind == ErrorKind::Conflict {
                    match self.find_membership(OP, workspace, &member.id).await {
                        Ok(Some(m)) if m.privileges.first() == Some(&change.new) => {
                            report.steps.push(format!(
                                "POST /{MEMBERSHIPS_PATH}: the answer was lost ({}); re-reading \
                                 the members shows {} is now {} in {}",
                                failure.message,
                                change.label,
                                change.new_name(),
                                workspace.name
                            ));
                            return Ok(report);
                        }
                        Ok(Some(m)) if m.privileges.first() == Some(&change.old) => {
                            return Err(Error {
                                message: format!(
                                    "{}; {} still has role {} in {}: the server answered the \
                                     removal of the old membership but did not make it, so nothing \
                                     changed",
                                    failure.message,
                                    change.label,
                                    change.old_name(),
                                    workspace.name
                                ),
                                ..failure
                            });
                        }
                        Ok(Some(m)) => {
                            let now = m.privileges.first().map(|p| role_for(p).name);
                            return Err(Error::new(
                                ErrorKind::Conflict,
                                PROVIDER,
                                OP,
                                format!(
                                    "{} is a member of {} with role {} (changed by someone else \
                                     meanwhile?), not {}; refresh the member list",
                                    change.label,
                                    workspace.name,
                                    now.as_deref().unwrap_or("(none)"),
                                    change.new_name()
                                ),
                            ));
                        }
                        Ok(None) => {}
                        Err(reread) => {
                            return Err(Error::new(
                                ErrorKind::Partial,
                                PROVIDER,
                                OP,
                                format!(
                                    "{} was removed from {}; re-creating the membership as {} got \
                                     no clear answer ({}) and re-reading the members failed ({}); \
                                     refresh the member list and add {} again with role {} if \
                                     missing",
                                    change.label,
                                    workspace.name,
                                    change.new_name(),
                                    brief(&failure),
                                    brief(&reread),
                                    change.label,
                                    change.old_name()
                                ),
                            )
                            .with_request_id(failure.request_id.clone()));
                        }
                    }
                }
                Err(self.restore(&change, failure).await)
            }
        }
    }

    /// Step 1: DELETE the membership. Any failure is checked against a fresh listing, because a
    /// retried DELETE may have applied before its answer was lost.
    async fn remove_for_change(
        &self,
        change: &RoleChange<'_>,
        handle: &str,
        report: &mut ChangeReport,
    ) -> Result<()> {
        let err = match self.delete_membership(OP, handle).await {
            Ok(answer) => {
                report.steps.push(format!(
                    "DELETE /{MEMBERSHIPS_PATH}/{handle}: removed {} from {} (role {})",
                    change.label,
                    change.workspace.name,
                    change.old_name()
                ));
                note_request(report, &answer);
                return Ok(());
            }
            Err(e) => e,
        };
        match self
            .find_membership(OP, change.workspace, &change.member.id)
            .await
        {
            Ok(None) => {
                note_error_request(report, &err);
                report.steps.push(format!(
                    "DELETE /{MEMBERSHIPS_PATH}/{handle}: {} ({}); the membership is gone",
                    brief(&err),
                    change.label
                ));
                Ok(())
            }
            Ok(Some(_)) => Err(Error {
                message: format!(
                    "{}; removing the old membership failed, so nothing was changed",
                    err.message
                ),
                ..err
            }),
            Err(reread) => Err(Error {
                message: format!(
                    "{}; whether the old membership of {} was removed is unknown (re-reading the \
                     members failed: {}); refresh the member list",
                    err.message, change.label, reread.message
                ),
                ..err
            }),
        }
    }

    /// Puts the old privilege back after the re-create failed with `failure`, and returns the error
    /// to report: the original failure when the restore worked, Partial when it did not.
    async fn restore(&self, change: &RoleChange<'_>, failure: Error) -> Error {
        let restored = match self
            .create_membership(OP, change.workspace, &change.member.id, &change.old)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if http::is_ambiguous(&e) => {
                match self
                    .find_membership(OP, change.workspace, &change.member.id)
                    .await
                {
                    Ok(Some(m)) if m.privileges.first() == Some(&change.old) => Ok(()),
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        };
        match restored {
            Ok(()) => Error {
                message: format!(
                    "changing the role of {} in {} to {} failed: {}; the old membership (role {}) \
                     was restored, so nothing changed",
                    change.label,
                    change.workspace.name,
                    change.new_name(),
                    failure.message,
                    change.old_name()
                ),
                ..failure
            },
            Err(restore_failure) => Error::new(
                ErrorKind::Partial,
                PROVIDER,
                OP,
                format!(
                    "{} was removed from {} and could not be re-added: re-creating the membership \
                     as {} failed ({}), and restoring it as {} failed too ({}); add {} again with \
                     role {}",
                    change.label,
                    change.workspace.name,
                    change.new_name(),
                    brief(&failure),
                    change.old_name(),
                    brief(&restore_failure),
                    change.label,
                    change.old_name()
                ),
            )
            .with_request_id(failure.request_id.or(restore_failure.request_id)),
        }
    }
}
