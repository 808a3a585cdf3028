//! Shared actions of the CLI and the TUI: turning what a person typed into provider objects, crawling
//! every workspace, and checking a fresh listing against what a change intended.
//!
//! Nothing here knows a provider by name: everything goes through [`Provider`] and its capabilities.

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Member, MemberKind, Role, UserRef, Workspace, find_role};
use crate::providers::Provider;
use futures::stream::{self, Stream, StreamExt};
use std::sync::Arc;

/// How many names an unknown-workspace error lists.
const LISTED_NAMES: usize = 10;

/// Lists the provider's workspaces and finds the one `input` designates (see [`find_workspace`]).
pub async fn resolve_workspace(provider: &dyn Provider, input: &str) -> Result<Workspace> {
    if !provider.capabilities().list_workspaces.is_available() {
        return Err(unsupported(
            provider,
            "list workspaces",
            provider.capabilities().list_workspaces.note(),
        ));
    }
    let workspaces = provider.list_workspaces().await?;
    find_workspace(&workspaces, input, provider.kind().as_str()).cloned()
}

/// Finds a workspace by ID, else by exact (case-sensitive) name, else by a name that matches
/// ignoring case when only one does. Unknown: NotFound listing up to ten names. Several workspaces
/// share the name: a usage error listing their IDs, so the admin can pick one.
pub fn find_workspace<'a>(
    workspaces: &'a [Workspace],
    input: &str,
    provider: &str,
) -> Result<&'a Workspace> {
    let input = input.trim();
    if let Some(w) = workspaces.iter().find(|w| w.id == input) {
        return Ok(w);
    }
    let exact: Vec<&Workspace> = workspaces.iter().filter(|w| w.name == input).collect();
    let candidates = if exact.is_empty() {
        let lower = input.to_lowercase();
        workspaces
            .iter()
            .filter(|w| w.name.to_lowercase() == lower)
            .collect()
    } else {
        exact
    };
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => {
            let mut names: Vec<&str> = workspaces.iter().map(|w| w.name.as_str()).collect();
            names.sort_unstable();
            // Quoted, because names may contain commas.
            let listed: Vec<String> = names
                .iter()
                .take(LISTED_NAMES)
                .map(|n| format!("{n:?}"))
                .collect();
            let more = names.len().saturating_sub(LISTED_NAMES);
            let message = if names.is_empty() {
                format!("no workspace {input:?}: the token sees no workspaces at all")
            } else {
                format!(
                    "no workspace with ID or name {input:?}; workspaces: {}{}",
                    listed.join(", "),
                    if more > 0 {
                        format!(" (and {more} more; `roster workspaces` lists them all)")
                    } else {
                        String::new()
                    }
                )
            };
            Err(Error::new(
                ErrorKind::NotFound,
                provider,
                "find workspace",
                message,
            ))
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|w| w.id.as_str()).collect();
            Err(Error::new(
                ErrorKind::Usage,
                provider,
                "find workspace",
                format!(
                    "{} workspaces are named {input:?}; name one by its ID: {}",
                    many.len(),
                    ids.join(", ")
                ),
            ))
        }
    }
}

/// Finds the member a change should apply to: a direct user member designated by `user` (email
/// ignoring case, or exact ID). An inherited match, or a group, is an error saying where the access
/// comes from and that it cannot be changed here; no match is NotFound.
pub fn resolve_member<'a>(members: &'a [Member], user: &UserRef) -> Result<&'a Member> {
    let matching: Vec<&Member> = members.iter().filter(|m| m.is(user)).collect();
    let direct_users: Vec<&Member> = matching
        .iter()
        .copied()
        .filter(|m| m.access.is_direct() && m.kind == MemberKind::User)
        .collect();
    match direct_users.as_slice() {
        [one] => return Ok(one),
        [] => {}
        many => {
            let ids: Vec<&str> = many.iter().map(|m| m.id.as_str()).collect();
            return Err(Error::new(
                ErrorKind::Usage,
                "",
                "find member",
                format!(
                    "{} direct members match {user}; name one by its ID: {}",
                    many.len(),
                    ids.join(", ")
                ),
            ));
        }
    }
    if let Some(m) = matching.iter().find(|m| m.kind == MemberKind::Group) {
        return Err(Error::usage(format!(
            "{} is a group ({}); groups are read-only in roster: change it in the provider's \
             own admin console",
            user,
            m.label()
        )));
    }
    if let Some(m) = matching.first() {
        let via = m.access.via().unwrap_or("elsewhere");
        return Err(Error::usage(format!(
            "{user} has access only through {via} (inherited, role {}); inherited access \
             cannot be changed here: change it where it is granted",
            m.role.name
        )));
    }
    Err(Error::new(
        ErrorKind::NotFound,
        "",
        "find member",
        format!("{user} is not a member"),
    ))
}

/// Finds the role `input` names (name or ID, ignoring case), or a usage error listing valid roles.
pub fn resolve_role<'a>(roles: &'a [Role], input: &str) -> Result<&'a Role> {
    find_role(roles, input).map_err(Error::usage)
}

/// Whether two roles are the same: same wire ID, or (when a listing only carries names) same name.
pub fn same_role(a: &Role, b: &Role) -> bool {
    a.id == b.id || a.name.eq_ignore_ascii_case(&b.name)
}

/// What a change should have left on the server.
#[derive(Debug, Clone, Copy)]
pub enum Intended<'a> {
    /// The user is a direct member with this role.
    MemberWithRole(&'a Role),
    /// The user is no longer a direct member.
    Gone,
}

/// What a fresh listing showed after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    /// The user is a direct member (with the member's current state).
    Member(Member),
    /// The user is no longer a direct member.
    Gone,
}

/// What a fresh listing shows about a changed member, and whether that is what the change intended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The state the server now reports.
    pub shown: Confirmed,
    /// Whether it matches the intent (false: for example a concurrent edit).
    pub as_intended: bool,
}

/// Checks a fresh member listing against the intended state of `user`.
pub fn confirm_change(fresh: &[Member], user: &UserRef, intended: Intended<'_>) -> Verdict {
    let now = fresh
        .iter()
        .find(|m| m.is(user) && m.access.is_direct() && m.kind == MemberKind::User)
        .cloned();
    let as_intended = match (&intended, &now) {
        (Intended::MemberWithRole(role), Some(m)) => same_role(&m.role, role),
        (Intended::MemberWithRole(_), None) => false,
        (Intended::Gone, now) => now.is_none(),
    };
    Verdict {
        shown: now.map_or(Confirmed::Gone, Confirmed::Member),
        as_intended,
    }
}

/// Lists the members of every workspace, at most `concurrency` at a time, yielding each
/// workspace's result as soon as it arrives (not in input order). Each item carries the index of
/// its workspace in `workspaces`, so callers can restore the order if they buffer.
pub fn crawl_members(
    provider: Arc<dyn Provider>,
    workspaces: Vec<Workspace>,
    include_inherited: bool,
    concurrency: usize,
) -> impl Stream<Item = (usize, Workspace, Result<Vec<Member>>)> + Send + 'static {
    stream::iter(workspaces.into_iter().enumerate())
        .map(move |(index, workspace)| {
            let provider = provider.clone();
            async move {
                let result = provider.list_members(&workspace, include_inherited).await;
                (index, workspace, result)
            }
        })
        .buffer_unordered(concurrency.max(1))
}

fn unsupported(provider: &dyn Provider, operation: &str, note: Option<&str>) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        provider.kind().as_str(),
        operation,
        note.unwrap_or("not supported by this provider's API"),
    )
}

/// An Unsupported error for `operation` when `support` says the provider cannot do it.
pub fn require(
    provider: &dyn Provider,
    operation: &str,
    support: &crate::model::Support,
) -> Result<()> {
    if support.is_available() {
        Ok(())
    } else {
        Err(unsupported(provider, operation, support.note()))
    }
}

#[cfg(test)]
mod tests;
