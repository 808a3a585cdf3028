use super::*;
use crate::model::Access;

fn ws(id: &str, name: &str) -> Workspace {
    Workspace {
        id: id.into(),
        name: name.into(),
    }
}

fn member(id: &str, email: &str, role: &str, access: Access, kind: MemberKind) -> Member {
    Member {
        id: id.into(),
        email: Some(email.into()),
        name: None,
        role: Role::named(role),
        access,
        kind,
        handle: None,
    }
}

fn user(id: &str, email: &str, role: &str) -> Member {
    member(id, email, role, Access::Direct, MemberKind::User)
}

#[test]
fn workspace_by_id_then_exact_name_then_unique_case_insensitive_name() {
    let all = [
        ws("1", "Research"),
        ws("2", "Sales"),
        ws("3", "SALES"),
        ws("4", "ops"),
    ];
    assert_eq!(find_workspace(&all, "3", "p").unwrap().id, "3");
    assert_eq!(find_workspace(&all, "Research", "p").unwrap().id, "1");
    assert_eq!(find_workspace(&all, "research", "p").unwrap().id, "1");
    // An exact name wins over a case-insensitive one.
    assert_eq!(find_workspace(&all, "SALES", "p").unwrap().id, "3");
    let err = find_workspace(&all, "sales", "p").unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
    assert!(err.message.contains("2, 3"), "{}", err.message);
}

#[test]
fn duplicate_exact_names_ask_for_an_id() {
    let all = [ws("a1", "Team"), ws("b2", "Team")];
    let err = find_workspace(&all, "Team", "p").unwrap_err();
    assert!(err.message.contains("a1, b2"), "{}", err.message);
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn unknown_workspace_lists_at_most_ten_names() {
    let all: Vec<Workspace> = (0..15)
        .map(|i| ws(&i.to_string(), &format!("w{i:02}")))
        .collect();
    let err = find_workspace(&all, "nope", "prov").unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.provider, "prov");
    assert!(err.message.contains("\"w00\", \"w01\""), "{}", err.message);
    assert!(err.message.contains("\"w09\""), "{}", err.message);
    assert!(!err.message.contains("w10"), "{}", err.message);
    assert!(err.message.contains("and 5 more"), "{}", err.message);
}

#[test]
fn member_by_email_ignoring_case_or_by_id() {
    let members = [
        user("u1", "Ada@Example.com", "owner"),
        user("u2", "bob@example.com", "reader"),
    ];
    let by_email = UserRef::parse("ada@example.COM").unwrap();
    assert_eq!(resolve_member(&members, &by_email).unwrap().id, "u1");
    let by_id = UserRef::parse("u2").unwrap();
    assert_eq!(resolve_member(&members, &by_id).unwrap().id, "u2");
    let err = resolve_member(&members, &UserRef::parse("eve@example.com").unwrap()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("eve@example.com"));
}

#[test]
fn inherited_access_is_explained_not_changed() {
    let members = [member(
        "u9",
        "boss@example.com",
        "admin",
        Access::Inherited {
            via: "organisation admin".into(),
        },
        MemberKind::User,
    )];
    let err = resolve_member(&members, &UserRef::parse("boss@example.com").unwrap()).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.message.contains("organisation admin"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("cannot be changed here"),
        "{}",
        err.message
    );
}

#[test]
fn a_direct_grant_wins_over_an_inherited_row_of_the_same_user() {
    let members = [
        member(
            "u1",
            "a@example.com",
            "owner",
            Access::Inherited {
                via: "group: x".into(),
            },
            MemberKind::User,
        ),
        user("u1", "a@example.com", "viewer"),
    ];
    let m = resolve_member(&members, &UserRef::parse("u1").unwrap()).unwrap();
    assert_eq!(m.role.name, "viewer");
}

#[test]
fn groups_are_read_only() {
    let members = [member("7", "", "editor", Access::Direct, MemberKind::Group)];
    let err = resolve_member(&members, &UserRef::parse("7").unwrap()).unwrap_err();
    assert!(err.message.contains("group"), "{}", err.message);
}

#[test]
fn unknown_role_lists_valid_roles_as_a_usage_error() {
    let roles = [Role::named("owner"), Role::named("editor")];
    assert_eq!(resolve_role(&roles, "Editor").unwrap().name, "editor");
    let err = resolve_role(&roles, "god").unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.message.contains("owner, editor"), "{}", err.message);
}

#[test]
fn confirm_change_compares_the_fresh_listing_with_the_intent() {
    let owner = Role::named("owner");
    let reader = Role::named("reader");
    let fresh = [user("u1", "a@example.com", "owner")];
    let a = UserRef::parse("a@example.com").unwrap();
    let b = UserRef::parse("b@example.com").unwrap();
    let ok = confirm_change(&fresh, &a, Intended::MemberWithRole(&owner));
    assert!(ok.as_intended && matches!(ok.shown, Confirmed::Member(_)));
    let wrong_role = confirm_change(&fresh, &a, Intended::MemberWithRole(&reader));
    assert!(!wrong_role.as_intended);
    assert!(matches!(wrong_role.shown, Confirmed::Member(m) if m.role.name == "owner"));
    let missing = confirm_change(&fresh, &b, Intended::MemberWithRole(&owner));
    assert_eq!(
        (missing.shown, missing.as_intended),
        (Confirmed::Gone, false)
    );
    let gone = confirm_change(&fresh, &b, Intended::Gone);
    assert_eq!((gone.shown, gone.as_intended), (Confirmed::Gone, true));
    assert!(!confirm_change(&fresh, &a, Intended::Gone).as_intended);
}
