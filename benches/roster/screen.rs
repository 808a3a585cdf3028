//! The TUI in-process: an [`App`] with a workspace of `n` members, filled through `update()` exactly
//! as the worker's answers fill it, and a terminal on the real crossterm backend whose writer counts
//! the bytes. Shared by the benchmarks and `tests/perf/perf_guard.rs`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use roster::model::{Access, Capabilities, Member, MemberKind, Role, Support, Workspace};
use roster::tui::runtime::frame::{RosterBackend, backend};
use roster::tui::{App, Command, Effect, Event, ProfileSeed, Work, update};
use roster::tui::{Reply, ReplyBody};
use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

const FIRST: [&str; 12] = [
    "Ada",
    "Grace",
    "Katherine",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Alan",
    "Frances",
    "John",
    "Radia",
    "Ken",
];
const LAST: [&str; 10] = [
    "Lovelace", "Hopper", "Johnson", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Turing", "Allen",
    "Perlman",
];
const ROLES: [&str; 3] = ["owner", "contributor", "reader"];

/// `n` members with names, emails, UUID-like IDs and a mix of roles and access.
pub fn members(n: usize) -> Vec<Member> {
    (0..n)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            Member {
                id: format!("{:08x}-7d2c-4d43-9a8e-{:012x}", i, i * 7919),
                email: Some(format!(
                    "{}.{}{}@acme.example",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                )),
                name: Some(format!("{first} {last}")),
                role: Role::named(ROLES[i % ROLES.len()]),
                access: if i % 17 == 0 {
                    Access::Inherited {
                        via: "organisation admin".into(),
                    }
                } else {
                    Access::Direct
                },
                kind: MemberKind::User,
                handle: None,
            }
        })
        .collect()
}

fn caps() -> Capabilities {
    Capabilities {
        list_workspaces: Support::Native,
        inherited_members: Support::Native,
        add_by_id: Support::Native,
        add_by_email: Support::Native,
        set_role: Support::Native,
        remove: Support::Native,
        create_workspace: Support::Native,
        has_groups: false,
        roles_per_workspace: false,
        rewrites_member_list: false,
    }
}

/// An App of `size` whose first workspace holds `members`, opened, with the members pane focused.
pub fn loaded_app(members: Vec<Member>, size: (u16, u16)) -> App {
    let seed = ProfileSeed {
        name: "acme".into(),
        kind: roster::providers::dreadnode::KIND,
        caps: Ok(caps()),
        readonly: false,
    };
    let mut app = App::new(vec![seed], false, None);
    update(&mut app, Event::Resize(size.0, size.1));
    let workspace = Workspace {
        id: "red-team".into(),
        name: "Red Team".into(),
    };
    let mut pending = app.start();
    let mut members = Some(members);
    while let Some(cmd) = pending.pop() {
        let body = match &cmd {
            Command::LoadWorkspaces { .. } => ReplyBody::Workspaces(Ok(vec![workspace.clone()])),
            Command::LoadMembers { workspace, .. } => ReplyBody::Members {
                workspace_id: workspace.id.clone(),
                result: Ok(members.take().unwrap_or_default().into()),
            },
            _ => continue,
        };
        let (profile, request) = match &cmd {
            Command::LoadWorkspaces { profile, request }
            | Command::LoadMembers {
                profile, request, ..
            } => (*profile, *request),
            _ => continue,
        };
        let out = update(
            &mut app,
            Event::Reply(Reply {
                profile,
                request,
                body,
            }),
        );
        // What the runtime would do with a large answer.
        if out.effects.contains(&Effect::ReleaseMemory) {
            roster::tui::runtime::memory::release_freed_memory();
        }
        pending.extend(out.commands);
    }
    key(&mut app, KeyCode::Tab);
    app
}

/// Sends one key press through `update()`.
pub fn key(app: &mut App, code: KeyCode) -> Work {
    update(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A writer that counts what passes through it into a shared counter.
#[derive(Debug)]
pub struct Counting<W> {
    inner: W,
    count: Rc<Cell<u64>>,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A terminal on roster's backend over a counting writer.
pub type CountingTerminal<W> = Terminal<RosterBackend<Counting<W>>>;

/// roster's own terminal backend (the one the event loop uses) over a counting `inner`, with a
/// fixed `size` (no terminal queried), and the counter of the bytes it writes.
pub fn terminal<W: Write>(
    inner: W,
    size: (u16, u16),
) -> io::Result<(CountingTerminal<W>, Rc<Cell<u64>>)> {
    let count = Rc::new(Cell::new(0));
    let term = Terminal::with_options(
        backend(Counting {
            inner,
            count: count.clone(),
        }),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
        },
    )?;
    Ok((term, count))
}
