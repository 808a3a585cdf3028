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
            kind: ProviderKind::Paradigm,
            caps: Ok(caps_native()),
            readonly: false,
        },
        ProfileSeed {
            name: "tl-prod".into(),
            kind: ProviderKind::Transactionlink,
            caps: Ok(caps_email_only()),
            readonly: false,
        },
        ProfileSeed {
            name: "broken".into(),
            kind: ProviderKind::Dreadnode,
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

/// The request number and profile of a command.
pub fn tag(cmd: &Command) -> (usize, u64) {
    (cmd.profile(), cmd.request())
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
