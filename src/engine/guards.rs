//! The checks that refuse a change before anything is sent: read-only, what the provider can do,
//! and the last owner of a workspace. Plus the note on access a person keeps from elsewhere.

use super::outcome::Refusal;
use super::plan::{Change, Membership, Operation, State, Subject, find_direct, same_role};
use crate::model::{Capabilities, Member, MemberKind, Role, Support, UserRef};
use crate::sanitize::sanitize_line;

/// Refuses when the provider cannot do the operation at all.
pub(crate) fn supported(caps: &Capabilities, change: &Change) -> Result<(), Refusal> {
    let (support, action) = match &change.subject {
        Subject::Workspace(_) => (&caps.create_workspace, "create workspaces"),
        Subject::Membership(m) => match change.operation() {
            Operation::Add => match m.user_ref() {
                UserRef::Email(_) => (&caps.add_by_email, "add members by email"),
                UserRef::Id(_) => (&caps.add_by_id, "add members by ID"),
            },
            Operation::SetRole => (&caps.set_role, "change roles"),
            Operation::Remove => (&caps.remove, "remove members"),
            Operation::CreateWorkspace | Operation::None => return Ok(()),
        },
    };
    match support {
        Support::Unsupported(why) => Err(Refusal::Unsupported(format!(
            "{} cannot {action} through its API: {why}",
            change.provider.display_name()
        ))),
        Support::Native | Support::Emulated(_) => Ok(()),
    }
}

/// Refuses removing or demoting the last holder of the workspace's top role (the first role of
/// its catalogue), unless `force`. `fresh` is the precheck's listing.
pub(crate) fn last_owner(
    m: &Membership,
    roles: &[Role],
    fresh: &[Member],
    force: bool,
) -> Result<(), Refusal> {
    let (Some(owner), State::Member(seen)) = (roles.first(), &m.seen) else {
        return Ok(());
    };
    let keeps_owner = m.want.role().is_some_and(|r| same_role(r, owner));
    if force || !same_role(seen, owner) || keeps_owner {
        return Ok(());
    }
    let me = m.user_ref();
    let target = find_direct(&me, fresh);
    let others = fresh
        .iter()
        .filter(|x| x.access.is_direct() && same_role(&x.role, owner))
        .filter(|x| target.is_none_or(|t| !(t.id == x.id && t.kind == x.kind)))
        .count();
    if others > 0 {
        return Ok(());
    }
    let what = if m.want == State::Absent {
        "removing"
    } else {
        "demoting"
    };
    Err(Refusal::LastOwner(format!(
        "{} is the last {} of \"{}\": {what} them would leave the workspace without an owner. \
         Make someone else {} first, or pass --force (in the TUI: confirm) to do it anyway.",
        m.label(),
        sanitize_line(&owner.name),
        sanitize_line(&m.workspace.name),
        sanitize_line(&owner.name),
    )))
}

/// Where `who` still has access from after a change, from a listing with inherited rows: the
/// `via` of their inherited user rows (organisation admin, a group), joined.
pub(crate) fn kept_access(who: &UserRef, listing: &[Member]) -> Option<String> {
    let vias: Vec<String> = listing
        .iter()
        .filter(|x| x.kind == MemberKind::User && x.is(who))
        .filter_map(|x| {
            x.access
                .via()
                .map(|via| format!("{} (role {})", via, x.role.name))
        })
        .collect();
    (!vias.is_empty()).then(|| vias.join(", "))
}

/// The inherited user rows of `who` in a listing (organisation role, groups).
pub(crate) fn kept_rows(who: &UserRef, listing: &[Member]) -> Vec<Member> {
    listing
        .iter()
        .filter(|x| x.kind == MemberKind::User && !x.access.is_direct() && x.is(who))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::plan::Who;
    use crate::model::{Access, Workspace};

    fn member(id: &str, role: &str, access: Access) -> Member {
        Member {
            id: id.into(),
            email: Some(format!("{id}@x.io")),
            name: None,
            role: Role::named(role),
            access,
            kind: MemberKind::User,
            handle: None,
        }
    }

    fn change(who: &str, seen: &str, want: Option<&str>) -> Membership {
        Membership {
            workspace: Workspace {
                id: "w".into(),
                name: "W".into(),
            },
            who: Who::Id(who.into()),
            member: None,
            seen: State::Member(Role::named(seen)),
            want: want.map_or(State::Absent, |r| State::Member(Role::named(r))),
        }
    }

    #[test]
    fn the_last_owner_stays_unless_forced() {
        let roles = [Role::named("owner"), Role::named("reader")];
        let alone = [
            member("a", "owner", Access::Direct),
            member("b", "reader", Access::Direct),
        ];
        assert!(last_owner(&change("a", "owner", None), &roles, &alone, false).is_err());
        assert!(last_owner(&change("a", "owner", Some("reader")), &roles, &alone, false).is_err());
        assert!(last_owner(&change("a", "owner", None), &roles, &alone, true).is_ok());
        assert!(last_owner(&change("b", "reader", None), &roles, &alone, false).is_ok());
        let two = [
            member("a", "owner", Access::Direct),
            member("c", "owner", Access::Direct),
        ];
        assert!(last_owner(&change("a", "owner", None), &roles, &two, false).is_ok());
        // An inherited owner is not an owner of this workspace.
        let inherited = [
            member("a", "owner", Access::Direct),
            member(
                "c",
                "owner",
                Access::Inherited {
                    via: "organisation admin".into(),
                },
            ),
        ];
        assert!(last_owner(&change("a", "owner", None), &roles, &inherited, false).is_err());
    }

    #[test]
    fn inherited_rows_tell_what_access_is_kept() {
        let listing = [member(
            "a",
            "Admin",
            Access::Inherited {
                via: "organisation admin".into(),
            },
        )];
        assert_eq!(
            kept_access(&UserRef::Id("a".into()), &listing).as_deref(),
            Some("organisation admin (role Admin)")
        );
        assert_eq!(kept_access(&UserRef::Id("b".into()), &listing), None);
    }
}
