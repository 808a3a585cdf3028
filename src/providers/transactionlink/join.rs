//! Reading one workspace's membership lists and joining each membership with its user.
//!
//! Memberships carry only user IDs and a role; a row needs the user's email and name, and whether
//! the access is direct or comes from an organisation role. The direct list is read first, then
//! (when inherited access is wanted) the organisation-level list, which repeats the direct members.

use super::users::UserIndex;
use super::wire::{MembershipDto, RoleRef, UserKey};
use crate::error::Result;
use crate::http::{ApiClient, Budget, ItemSink, ItemsAt};
use crate::model::{Access, Member, MemberKind, Role};
use crate::providers::Keep;
use serde::de::IgnoredAny;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// ASSUMPTION (providers.md §4 "Membership schema"): inherited organisation owners/admins carry a role of
/// this type in the organisation-level list.
const ORGANIZATION_ROLE_TYPE: &str = "ORGANIZATION";

/// What one member listing gathers while it joins memberships with users.
#[derive(Debug, Default)]
pub(super) struct Join {
    /// Each role, kept once however many memberships have it.
    roles: RoleTable,
    /// The keys of users the index does not know.
    pub(super) unknown: Vec<UserKey>,
    /// The direct members' keys, when the organisation-level list follows.
    direct: Option<HashSet<UserKey>>,
}

impl Join {
    /// A listing's join; `with_inherited` when the organisation-level list follows the direct one.
    pub(super) fn new(with_inherited: bool) -> Self {
        Join {
            direct: with_inherited.then(HashSet::new),
            ..Join::default()
        }
    }

    /// The memberships at `path` into `sink` as they arrive, each joined with its user in
    /// `users`. The direct list comes first: while `direct` is set, its members' keys are noted
    /// there, and the organisation-level list that follows (`inherited`, which repeats them) adds
    /// the others as inherited, and an organisation role beside a direct grant.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn read(
        &mut self,
        api: &ApiClient,
        op: &str,
        path: &str,
        inherited: bool,
        users: &UserIndex,
        budget: &mut Budget,
        sink: &mut dyn ItemSink<Member>,
    ) -> Result<()> {
        let url = api.url(path)?;
        api.get_items::<MembershipDto, IgnoredAny>(
            op,
            url,
            ItemsAt::Root,
            &mut Keep::new(sink, |m: MembershipDto| self.row(m, users, inherited)),
            budget,
        )
        .await?;
        Ok(())
    }

    /// The row of membership `m`, or `None` when the organisation-level list repeats a direct one.
    fn row(&mut self, m: MembershipDto, users: &UserIndex, inherited: bool) -> Option<Member> {
        let key = UserKey::of(&m.user_id);
        match (&mut self.direct, inherited) {
            // An organisation owner or admin who also has a direct grant keeps both rows: the
            // grant, and the organisation role that gives them more.
            (Some(direct), true) if direct.contains(&key) && !is_organisation_role(&m.role) => {
                return None;
            }
            (Some(direct), false) => {
                direct.insert(key.clone());
            }
            _ => {}
        }
        let user = users.get_key(&key);
        if user.is_none() {
            self.unknown.push(key);
        }
        let role = self.roles.share(m.role);
        let access = if inherited {
            Access::Inherited {
                via: via_label(&role),
            }
        } else {
            Access::Direct
        };
        Some(Member {
            id: m.user_id,
            email: user.map(|u| u.email().to_string()),
            name: user.and_then(|u| u.name()).map(str::to_string),
            role: Role {
                id: role.id.clone(),
                name: role.name.clone(),
            },
            access,
            kind: MemberKind::User,
            handle: None,
        })
    }
}

/// The roles of one listing, each kept once and shared by every membership that has it.
#[derive(Debug, Default)]
struct RoleTable {
    roles: HashMap<String, Arc<RoleRef>>,
}

impl RoleTable {
    /// `role` as kept: the copy already seen when it is the same, else this one.
    fn share(&mut self, role: RoleRef) -> Arc<RoleRef> {
        match self.roles.get(&role.id) {
            Some(kept) if **kept == role => kept.clone(),
            _ => {
                let kept = Arc::new(role);
                self.roles.insert(kept.id.clone(), kept.clone());
                kept
            }
        }
    }
}

/// Whether `role` is an organisation role (an inherited owner or admin), not a workspace grant.
fn is_organisation_role(role: &RoleRef) -> bool {
    role.kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case(ORGANIZATION_ROLE_TYPE))
}

/// How an organisation-level row got its access, from its role: `organisation admin` etc.
fn via_label(role: &RoleRef) -> String {
    let name = role.name.trim().to_lowercase();
    let is_org = role
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case(ORGANIZATION_ROLE_TYPE));
    match (is_org, name.is_empty()) {
        (true, false) => format!("organisation {name}"),
        (true, true) => "organisation role".to_string(),
        (false, false) => format!("organisation level ({name})"),
        (false, true) => "organisation level".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_rows_say_where_access_comes_from() {
        let role = |name: &str, kind: &str| RoleRef {
            id: "r".into(),
            name: name.into(),
            kind: Some(kind.into()),
        };
        assert_eq!(
            via_label(&role("admin", "ORGANIZATION")),
            "organisation admin"
        );
        assert_eq!(
            via_label(&role("Owner", "ORGANIZATION")),
            "organisation owner"
        );
    }
}
