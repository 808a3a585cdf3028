//! Before a change to an existing member is sent, the worker reads the workspace again and checks
//! that the member still holds the role the admin saw. If someone else changed or removed them
//! meanwhile, the change is not sent: the admin gets a warning and decides again on fresh data.
//!
//! A role this session set itself (an earlier change to the same member) is not a surprise: two
//! quick changes in a row apply one after the other, the second on top of the first.

use crate::error::Error;
use crate::model::{Member, MemberKind, Role, Workspace};
use crate::providers::Provider;

/// What the fresh listing says about the member.
#[derive(Debug)]
pub(crate) enum Fresh {
    /// Still there with an expected role: apply the change to this (fresh) member, whose
    /// provider handle is current (an AskUI role change replaces the membership).
    Expected(Member),
    /// The role changed (to this) or the member is gone (`None`): do not apply.
    Moved(Option<Role>),
}

/// Reads `workspace`'s direct members and compares `seen` (the member as the admin saw it) with
/// what the server holds now. `ours` is the role ID this session last set for the member, if any.
pub(crate) async fn check(
    provider: &dyn Provider,
    workspace: &Workspace,
    seen: &Member,
    ours: Option<&str>,
) -> Result<Fresh, Error> {
    let members = provider.list_members(workspace, false).await?;
    let now = members
        .into_iter()
        .find(|m| m.kind == MemberKind::User && m.id == seen.id && m.access.is_direct());
    Ok(match now {
        Some(m) if m.role.id == seen.role.id || ours == Some(m.role.id.as_str()) => {
            Fresh::Expected(m)
        }
        Some(m) => Fresh::Moved(Some(m.role)),
        None => Fresh::Moved(None),
    })
}
