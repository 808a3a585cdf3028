//! Plain model values and helpers for the TUI's update and render tests: a state is built by
//! feeding update() the same outcomes the worker would send, answered from these values.
#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roster::engine::{ChangeOutcome, Subject, Verdict};
use roster::model::{
    Access, Capabilities, Member, MemberKind, ProviderKind, Role, Support, Workspace,
};
use roster::tui::{App, Command, Event, ProfileSeed, Work, update};
use roster::tui::{Reply, ReplyBody};

/// Everything native, inherited members listed, groups possible.
pub fn caps_native() -> Capabilities {
    Capabilities {
        list_workspaces: Support::Native,
        inherited_members: Support::Native,
        add_by_id: Support::Native,
        add_by_email: Support::Emulated("the user is looked up in the organisation's user list"),
        set_role: Support::Emulated(
            "roster removes the member and adds them again with the new role",
        ),
        remove: Support::Native,
        create_workspace: Support::Native,
        has_groups: true,
        roles_per_workspace: false,
        rewrites_member_list: false,
    }
}

/// A provider that can only add by email.
pub fn caps_email_only() -> Capabilities {
    Capabilities {
        add_by_id: Support::Unsupported("this API adds members by email only"),
        add_by_email: Support::Native,
        set_role: Support::Native,
        ..caps_native()
    }
}

pub fn roles() -> Vec<Role> {
    vec![
        Role::named("owner"),
        Role::named("editor"),
        Role::named("viewer"),
    ]
}

pub fn user(id: &str, name: &str, email: Option<&str>, role: &str) -> Member {
    Member {
        id: id.into(),
        email: email.map(Into::into),
        name: Some(name.into()),
        role: Role::named(role),
        access: Access::Direct,
        kind: MemberKind::User,
        handle: None,
    }
}

pub fn workspaces() -> Vec<Workspace> {
    ["Design", "Research", "Operations"]
        .iter()
        .enumerate()
        .map(|(i, n)| Workspace {
            id: format!("ws-{}", i + 1),
            name: n.to_string(),
        })
        .collect()
}

/// The members of "Design": direct users, a group, inherited rows, and a hostile name.
pub fn members() -> Vec<Member> {
    let mut group = user("g-7", "Data team", None, "editor");
    group.kind = MemberKind::Group;
    let mut via_group = user(
        "u-5",
        "Katherine Johnson",
        Some("katherine@example.com"),
        "editor",
    );
    via_group.access = Access::Inherited {
        via: "group: Data team".into(),
    };
    let mut admin = user("u-9", "Edsger Dijkstra", None, "owner");
    admin.access = Access::Inherited {
        via: "organisation admin".into(),
    };
    vec![
        user("u-1", "Ada Lovelace", Some("ada@example.com"), "owner"),
        user("u-2", "Grace Hopper", Some("grace@example.com"), "editor"),
        user("u-3", "Alan Turing", Some("alan@example.com"), "viewer"),
        group,
        via_group,
        user(
            "u-6",
            "Mallory\u{1b}[2J",
            Some("mallory@example.com"),
            "viewer",
        ),
        admin,
    ]
}

/// Profiles: "acme" (usable), "tl-prod" (usable, stays loading), "broken" (unusable).
pub fn seeds() -> Vec<ProfileSeed> {
    vec![
        ProfileSeed {
            name: "acme".into(),
            kind: roster::providers::paradigm::KIND,
            caps: Ok(caps_native()),
            readonly: false,
        },
        ProfileSeed {
            name: "tl-prod".into(),
            kind: roster::providers::transactionlink::KIND,
            caps: Ok(caps_email_only()),
            readonly: false,
        },
        ProfileSeed {
            name: "broken".into(),
            kind: roster::providers::dreadnode::KIND,
            caps: Err("token: environment variable DREADNODE_TOKEN is not set".into()),
            readonly: false,
        },
    ]
}

pub fn press(app: &mut App, code: KeyCode) -> Work {
    update(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn ch(app: &mut App, c: char) -> Work {
    press(app, KeyCode::Char(c))
}

pub fn type_text(app: &mut App, s: &str) -> Work {
    s.chars().fold(Work::none(), |out, c| out.and(ch(app, c)))
}

/// The commands of an update's output, or a plain list of commands.
pub trait Commands {
    /// The commands, in order.
    fn commands(&self) -> &[Command];
}

impl Commands for Vec<Command> {
    fn commands(&self) -> &[Command] {
        self
    }
}

impl Commands for Work {
    fn commands(&self) -> &[Command] {
        &self.commands
    }
}

/// The profile and request number of a command (profile 0 for a job across profiles, whose
/// replies are matched by request number alone).
pub fn tag(cmd: &Command) -> (usize, u64) {
    (cmd.profile().unwrap_or(0), cmd.request())
}

fn ws_id(cmd: &Command) -> String {
    match cmd {
        Command::LoadMembers { workspace, .. } | Command::LoadRoles { workspace, .. } => {
            workspace.id.clone()
        }
        Command::Change { change, .. } => change.workspace_key().to_string(),
        _ => panic!("no workspace in {cmd:?}"),
    }
}

/// The worker's reply to `cmd` with `body`.
pub fn outcome(cmd: &Command, body: ReplyBody) -> Event {
    let (profile, request) = tag(cmd);
    Event::Reply(Reply {
        profile,
        request,
        body,
    })
}

pub fn answer_workspaces(app: &mut App, cmd: &Command, list: Vec<Workspace>) -> Work {
    update(app, outcome(cmd, ReplyBody::Workspaces(Ok(list))))
}

pub fn answer_members(app: &mut App, cmd: &Command, list: Vec<Member>) -> Work {
    let workspace_id = ws_id(cmd);
    update(
        app,
        outcome(
            cmd,
            ReplyBody::Members {
                workspace_id,
                result: Ok(list.into()),
            },
        ),
    )
}

pub fn answer_roles(app: &mut App, cmd: &Command, list: Vec<Role>) -> Work {
    let workspace_id = ws_id(cmd);
    update(
        app,
        outcome(
            cmd,
            ReplyBody::Roles {
                workspace_id,
                result: Ok(list),
            },
        ),
    )
}

/// The engine's answer to a change: done (a fresh read shows the wanted state) or failed with the
/// server's words (a fresh read shows nothing changed).
pub fn answer_change(app: &mut App, cmd: &Command, result: Result<(), String>) -> Work {
    let Command::Change { change, .. } = cmd else {
        panic!("not a change: {cmd:?}")
    };
    let Subject::Membership(m) = &change.subject else {
        panic!("not a membership change: {change:?}")
    };
    let outcome = match result {
        Ok(()) => ChangeOutcome {
            now: Some(m.want.clone()),
            ..ChangeOutcome::new(change.clone(), Verdict::Done)
        },
        Err(message) => ChangeOutcome {
            now: Some(m.seen.clone()),
            error: Some(error(&message)),
            ..ChangeOutcome::new(change.clone(), Verdict::Failed)
        },
    };
    answer_outcome(app, cmd, outcome)
}

/// The engine's answer to a change, as given.
pub fn answer_outcome(app: &mut App, cmd: &Command, outcome: ChangeOutcome) -> Work {
    update(app, outcome_event(cmd, outcome))
}

/// The worker's answer to the change `cmd`.
pub fn outcome_event(cmd: &Command, outcome: ChangeOutcome) -> Event {
    self::outcome(cmd, ReplyBody::Changed(Box::new(outcome)))
}

/// A worker error that reads exactly as `message` (no provider prefix, no hint).
pub fn error(message: &str) -> roster::error::Error {
    roster::error::Error::new(roster::error::ErrorKind::Unsupported, "", "", message)
}

/// The error a provider reports for a failed listing: `provider: list members failed (HTTP
/// status): words`, plus the hint of its kind.
pub fn list_error(provider: &str, status: u16, words: &str) -> roster::error::Error {
    roster::error::Error::new(
        roster::error::Error::kind_for_status(status),
        provider,
        "list members",
        words,
    )
    .with_status(status)
}

pub fn only<C: Commands + ?Sized, F: Fn(&Command) -> bool>(cmds: &C, f: F) -> Command {
    let cmds = cmds.commands();
    let found: Vec<&Command> = cmds.iter().filter(|c| f(c)).collect();
    assert_eq!(found.len(), 1, "expected one matching command in {cmds:?}");
    found[0].clone()
}

pub fn is_load_members(c: &Command) -> bool {
    matches!(c, Command::LoadMembers { .. })
}

pub fn is_load_roles(c: &Command) -> bool {
    matches!(c, Command::LoadRoles { .. })
}

pub fn is_change(c: &Command) -> bool {
    matches!(c, Command::Change { .. })
}

/// A fresh App at `w`×`h`, with "acme" loaded and "Design" open with its members; "tl-prod" still
/// loading, "broken" unavailable. The members pane has the focus.
pub fn loaded_app(readonly: bool, banner: Option<&str>) -> App {
    let mut app = App::new(seeds(), readonly, banner.map(Into::into));
    let start = app.start();
    assert_eq!(start.len(), 2, "one listing per usable profile: {start:?}");
    let after = answer_workspaces(&mut app, &start[0], workspaces());
    let load = only(&after, is_load_members);
    answer_members(&mut app, &load, members());
    press(&mut app, KeyCode::Tab);
    app
}

/// Answers the roles request in `cmds` (if any) with [`roles`].
pub fn give_roles<C: Commands + ?Sized>(app: &mut App, cmds: &C) {
    if let Some(c) = cmds.commands().iter().find(|c| is_load_roles(c)) {
        answer_roles(app, c, roles());
    }
}

/// Moves the members cursor onto the row whose name is `name`.
pub fn select_member(app: &mut App, name: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..app.members_view().len() {
        if app.selected_member().is_some_and(|r| r.name() == name) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no member named {name}");
}

/// Draws `app` at `w`×`h` and returns the screen as text.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| roster::tui::view::draw(f, app)).expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The worker's answer to the person search `request`: one finding.
pub fn found(app: &mut App, request: u64, found: roster::people::Found) -> Work {
    update(
        app,
        Event::Reply(Reply {
            profile: 0,
            request,
            body: ReplyBody::Person(found),
        }),
    )
}

/// A finding: profile `profile` lists `n` workspaces.
pub fn listed(profile: &str, provider: ProviderKind, n: usize) -> roster::people::Found {
    roster::people::Found::Listed {
        profile: profile.into(),
        provider,
        workspaces: n,
    }
}

/// A finding: workspace `ws` of `profile` was read; the person's rows there (none: no access).
pub fn checked(
    profile: &str,
    provider: ProviderKind,
    ws: &Workspace,
    rows: Vec<Member>,
    effective: Option<&str>,
    sole_owner: bool,
) -> roster::people::Found {
    let access = (!rows.is_empty()).then(|| roster::people::PersonAccess {
        rows,
        effective: effective.map(Role::named),
        sole_owner,
        catalogue_error: None,
    });
    roster::people::Found::Checked(Box::new(roster::people::Checked {
        profile: profile.into(),
        provider,
        workspace: ws.clone(),
        access,
        without_email: 0,
    }))
}

/// A finding: profile `profile` is done.
pub fn profile_done(profile: &str) -> roster::people::Found {
    roster::people::Found::ProfileDone {
        profile: profile.into(),
    }
}

/// The request number of the one command of `kind` in `cmds`.
pub fn request_of<C: Commands + ?Sized>(cmds: &C, kind: fn(&Command) -> bool) -> u64 {
    only(cmds, kind).request()
}

pub fn is_find(c: &Command) -> bool {
    matches!(c, Command::FindPerson { .. })
}

pub fn is_plan(c: &Command) -> bool {
    matches!(c, Command::RunPlan { .. })
}

/// The plan of the one [`Command::RunPlan`] in `cmds`, with its request and whether it is forced.
pub fn plan_of<C: Commands + ?Sized>(cmds: &C) -> (roster::engine::Plan, u64, bool) {
    match only(cmds, is_plan) {
        Command::RunPlan {
            plan,
            request,
            force,
        } => (plan, request, force),
        _ => unreachable!(),
    }
}

/// The engine's answer to change `index` of the plan `request`: done, or failed with `message`
/// (a fresh read shows nothing changed).
pub fn plan_step(
    app: &mut App,
    request: u64,
    index: usize,
    change: &roster::engine::Change,
    result: Result<(), &str>,
) -> Work {
    let Subject::Membership(m) = &change.subject else {
        panic!("not a membership change: {change:?}")
    };
    let outcome = match result {
        Ok(()) => ChangeOutcome {
            now: Some(m.want.clone()),
            ..ChangeOutcome::new(change.clone(), Verdict::Done)
        },
        Err(message) => ChangeOutcome {
            now: Some(m.seen.clone()),
            error: Some(error(message)),
            ..ChangeOutcome::new(change.clone(), Verdict::Failed)
        },
    };
    plan_outcome(app, request, index, outcome)
}

/// The engine's answer to change `index` of the plan `request`, as given.
pub fn plan_outcome(app: &mut App, request: u64, index: usize, outcome: ChangeOutcome) -> Work {
    update(
        app,
        Event::Reply(Reply {
            profile: 0,
            request,
            body: ReplyBody::PlanStep {
                index,
                outcome: Box::new(outcome),
            },
        }),
    )
}

/// Every change of the plan `request` answered.
pub fn plan_done(app: &mut App, request: u64) -> Work {
    update(
        app,
        Event::Reply(Reply {
            profile: 0,
            request,
            body: ReplyBody::PlanDone,
        }),
    )
}

/// The column (in characters) where `needle` starts in `line`.
pub fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at].chars().count()
}

/// The first line of `screen` containing every one of `parts`.
pub fn line_with<'a>(screen: &'a str, parts: &[&str]) -> &'a str {
    screen
        .lines()
        .find(|l| parts.iter().all(|p| l.contains(p)))
        .unwrap_or_else(|| panic!("no line with {parts:?} in\n{screen}"))
}
