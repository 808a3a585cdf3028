//! Copying access: a plan giving one person (TO) every direct grant another (FROM) has, with the
//! same role, built from what the finder found for FROM.
//!
//! Each workspace where FROM has a direct grant is read again to see what TO holds there. Where TO
//! already has another role, the plan shows it and leaves it, unless upgrading was asked for (then
//! TO gets FROM's role when it is the higher one; nobody is demoted). TO is added by email where
//! the provider allows it. What cannot be copied (inherited access, an add the provider cannot do)
//! says why.

use super::find::{Checked, Source};
use super::remaining::where_to_give;
use crate::engine::{Change, Plan, planner};
use crate::error::Error;
use crate::model::{Capabilities, Member, MemberKind, ProviderKind, Role, UserRef, Workspace};
use crate::ops::same_role;
use crate::providers::Provider;
use crate::sanitize::sanitize_line;
use futures::stream::{self, StreamExt};
use std::sync::Arc;

/// One grant of FROM, and what the plan does with it.
#[derive(Debug, Clone)]
pub struct CopyItem {
    /// The profile.
    pub profile: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// FROM's role there.
    pub from_role: Role,
    /// TO's direct role there now, when they have one.
    pub to_role: Option<Role>,
    /// What the plan does.
    pub action: CopyAction,
}

/// What the plan does with one grant.
#[derive(Debug, Clone)]
pub enum CopyAction {
    /// Give TO the role: an add, or (upgrading) a role change.
    Change(Box<Change>),
    /// TO already has this role: nothing to do.
    Already,
    /// Left as it is; the text says why (sanitized).
    Left(String),
    /// Cannot be copied; the text says why and what to do instead (sanitized).
    Cannot(String),
    /// The workspace could not be read again, so nothing is planned there.
    ReadFailed(Error),
}

/// The whole plan.
#[derive(Debug, Clone, Default)]
pub struct CopyPlan {
    /// One item per grant of FROM, ordered by profile then workspace name.
    pub items: Vec<CopyItem>,
}

impl CopyPlan {
    /// The changes to run.
    pub fn plan(&self) -> Plan {
        Plan {
            changes: self
                .items
                .iter()
                .filter_map(|i| match &i.action {
                    CopyAction::Change(c) => Some(c.as_ref().clone()),
                    _ => None,
                })
                .collect(),
        }
    }
}

/// Plans giving `to` every direct grant that `from_found` (the finder's results for FROM) shows,
/// reading each of those workspaces again (each profile at most its `max_concurrency` at a time)
/// to see what TO holds there. `upgrade` lets TO's lower role be raised to FROM's.
pub async fn plan(
    sources: &[Source],
    from_found: &[Checked],
    to: &UserRef,
    upgrade: bool,
) -> CopyPlan {
    let mut per_profile = Vec::new();
    for source in sources {
        let mine: Vec<Checked> = from_found
            .iter()
            .filter(|c| c.profile == source.target.profile && c.access.is_some())
            .cloned()
            .collect();
        let provider = source.target.provider.clone();
        let to = to.clone();
        per_profile.push(
            stream::iter(mine)
                .map(move |checked| item(provider.clone(), checked, to.clone(), upgrade))
                .buffer_unordered(source.max_concurrency.max(1))
                .boxed(),
        );
    }
    let mut items: Vec<CopyItem> = stream::select_all(per_profile)
        .flat_map(stream::iter)
        .collect()
        .await;
    items.sort_by(|a, b| {
        (&a.profile, &a.workspace.name, &a.workspace.id).cmp(&(
            &b.profile,
            &b.workspace.name,
            &b.workspace.id,
        ))
    });
    CopyPlan { items }
}

/// The items of one workspace: FROM's inherited rows (not copied) and their direct grant.
async fn item(
    provider: Arc<dyn Provider>,
    checked: Checked,
    to: UserRef,
    upgrade: bool,
) -> Vec<CopyItem> {
    let Some(access) = &checked.access else {
        return Vec::new();
    };
    let base = |from_role: &Role, action: CopyAction| CopyItem {
        profile: checked.profile.clone(),
        provider: checked.provider,
        workspace: checked.workspace.clone(),
        from_role: from_role.clone(),
        to_role: None,
        action,
    };
    let mut items: Vec<CopyItem> = access
        .inherited()
        .map(|row| {
            let via = row.access.via().unwrap_or("elsewhere");
            base(
                &row.role,
                CopyAction::Cannot(format!(
                    "their access comes from {} and is not a direct grant; to give the same, {}",
                    sanitize_line(via),
                    where_to_give(checked.provider, via)
                )),
            )
        })
        .collect();
    let Some(direct) = access.direct() else {
        return items;
    };
    let role = direct.role.clone();
    let listing = match provider.list_members(&checked.workspace, false).await {
        Ok(l) => l,
        Err(e) => {
            items.push(base(&role, CopyAction::ReadFailed(e)));
            return items;
        }
    };
    let now: Option<&Member> = listing
        .iter()
        .find(|m| m.kind == MemberKind::User && m.access.is_direct() && m.is(&to));
    let mut item = base(&role, CopyAction::Already);
    item.to_role = now.map(|m| m.role.clone());
    item.action = match now {
        None => match addable(provider.capabilities(), &to) {
            Ok(()) => CopyAction::Change(Box::new(planner::add_user(
                checked.provider,
                &checked.profile,
                &checked.workspace,
                &to,
                role.clone(),
            ))),
            Err(why) => CopyAction::Cannot(why),
        },
        Some(m) if same_role(&m.role, &role) => CopyAction::Already,
        Some(m) if !upgrade => CopyAction::Left(format!(
            "they already have the role {} here; pass --upgrade to give them {} instead",
            sanitize_line(&m.role.name),
            sanitize_line(&role.name)
        )),
        Some(m) => upgrade_to(provider.as_ref(), &checked, m, &role).await,
    };
    items.push(item);
    items
}

/// With `--upgrade`: raise TO's role to FROM's when FROM's is the higher in the catalogue.
async fn upgrade_to(
    provider: &dyn Provider,
    checked: &Checked,
    to_row: &Member,
    role: &Role,
) -> CopyAction {
    let catalogue = match provider.list_roles(&checked.workspace).await {
        Ok(c) => c,
        Err(e) => {
            return CopyAction::Left(format!(
                "reading the workspace's roles failed, so roster cannot tell which role is \
                 higher; left as is: {e}"
            ));
        }
    };
    let rank = |r: &Role| catalogue.iter().position(|c| same_role(c, r));
    match (rank(role), rank(&to_row.role)) {
        (Some(from), Some(now)) if from < now => CopyAction::Change(Box::new(planner::from_row(
            checked.provider,
            &checked.profile,
            &checked.workspace,
            to_row,
            Some(role.clone()),
        ))),
        (Some(_), Some(_)) => CopyAction::Left(format!(
            "they already have the role {}, which is at least as high as {}; left as is",
            sanitize_line(&to_row.role.name),
            sanitize_line(&role.name)
        )),
        _ => CopyAction::Left(format!(
            "roster cannot tell whether {} is higher than {} (not both in the workspace's \
             roles); left as is",
            sanitize_line(&role.name),
            sanitize_line(&to_row.role.name)
        )),
    }
}

/// Whether the provider can add `to` as given (by email, or by ID).
fn addable(caps: &Capabilities, to: &UserRef) -> Result<(), String> {
    let (support, how) = match to {
        UserRef::Email(_) => (&caps.add_by_email, "by email"),
        UserRef::Id(_) => (&caps.add_by_id, "by ID"),
    };
    match support.note() {
        Some(why) if !support.is_available() => Err(format!(
            "this provider cannot add people {how}: {}",
            sanitize_line(why)
        )),
        _ => Ok(()),
    }
}
