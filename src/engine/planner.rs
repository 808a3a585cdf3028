//! Turning what a person typed (a workspace name, an email, a role name) into a [`Change`], by
//! reading the server. Nothing is sent; the engine runs the change afterwards and prechecks it
//! again, so a plan may be built long before it runs.

use super::plan::{Change, Membership, NewWorkspaceChange, State, Subject, Who};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Member, NewWorkspace, Role, UserRef, Workspace};
use crate::ops;
use crate::providers::Provider;

/// Plans adding `user` to `workspace` (ID or name) with `role` (name or ID, ignoring case).
pub async fn add(
    provider: &dyn Provider,
    profile: &str,
    workspace: &str,
    user: &UserRef,
    role: &str,
) -> Result<Change> {
    let ws = ops::resolve_workspace(provider, workspace).await?;
    let role = resolve_role(provider, &ws, role).await?;
    Ok(add_user(provider.kind(), profile, &ws, user, role))
}

/// Plans giving the direct member `user` of `workspace` the role `role`.
pub async fn set_role(
    provider: &dyn Provider,
    profile: &str,
    workspace: &str,
    user: &UserRef,
    role: &str,
) -> Result<Change> {
    let ws = ops::resolve_workspace(provider, workspace).await?;
    let role = resolve_role(provider, &ws, role).await?;
    let member = direct_member(provider, &ws, user).await?;
    Ok(from_row(provider.kind(), profile, &ws, &member, Some(role)))
}

/// Plans removing the direct member `user` from `workspace`.
pub async fn remove(
    provider: &dyn Provider,
    profile: &str,
    workspace: &str,
    user: &UserRef,
) -> Result<Change> {
    let ws = ops::resolve_workspace(provider, workspace).await?;
    let member = direct_member(provider, &ws, user).await?;
    Ok(from_row(provider.kind(), profile, &ws, &member, None))
}

/// Plans creating a workspace.
pub fn create_workspace(provider: &dyn Provider, profile: &str, new: &NewWorkspace) -> Change {
    Change {
        profile: profile.to_string(),
        provider: provider.kind(),
        subject: Subject::Workspace(NewWorkspaceChange::from(new)),
    }
}

/// A membership change of `profile` from a member row as it was seen (the TUI's rows): `want` is
/// the role to give, or `None` to remove.
pub fn from_row(
    provider: crate::model::ProviderKind,
    profile: &str,
    workspace: &Workspace,
    member: &Member,
    want: Option<Role>,
) -> Change {
    Change::membership(
        profile,
        provider,
        Membership {
            workspace: workspace.clone(),
            who: Who::Id(member.id.clone()),
            member: Some(member.clone()),
            seen: State::Member(member.role.clone()),
            want: want.map_or(State::Absent, State::Member),
        },
    )
}

/// An add of `user` with `role` to `workspace`, as the TUI's form asks for it.
pub fn add_user(
    provider: crate::model::ProviderKind,
    profile: &str,
    workspace: &Workspace,
    user: &UserRef,
    role: Role,
) -> Change {
    Change::membership(
        profile,
        provider,
        Membership {
            workspace: workspace.clone(),
            who: Who::from(user),
            member: None,
            seen: State::Absent,
            want: State::Member(role),
        },
    )
}

async fn resolve_role(provider: &dyn Provider, ws: &Workspace, input: &str) -> Result<Role> {
    let roles = provider.list_roles(ws).await?;
    Ok(ops::resolve_role(&roles, input)?.clone())
}

/// The direct member `user` designates. When there is none and the provider lists inherited
/// access, looks there too, so the error can say where the access comes from.
async fn direct_member(provider: &dyn Provider, ws: &Workspace, user: &UserRef) -> Result<Member> {
    let provider_name = provider.kind().as_str();
    let in_workspace = |e: Error| {
        let mut e = e.in_context(provider_name, "find member");
        if e.kind == ErrorKind::NotFound {
            e.message = format!(
                "{} of workspace {}",
                e.message,
                super::outcome::describe_workspace(ws)
            );
        }
        e
    };
    let direct = provider.list_members(ws, false).await?;
    match ops::resolve_member(&direct, user) {
        Ok(m) => Ok(m.clone()),
        Err(e)
            if e.kind == ErrorKind::NotFound
                && provider.capabilities().inherited_members.is_available() =>
        {
            let all = provider.list_members(ws, true).await?;
            ops::resolve_member(&all, user)
                .cloned()
                .map_err(in_workspace)
        }
        Err(e) => Err(in_workspace(e)),
    }
}
