//! What `who`, `offboard` and `copy-access` share: opening the profiles, searching them with the
//! library's finder while a gauge shows progress, saying what could not be searched, and asking
//! before a plan runs.

use crate::cli::common::{describe_workspace, print_error};
use crate::cli::session::Session;
use crate::config::Config;
use crate::engine::{ChangeOutcome, Engine, Target};
use crate::error::Error;
use crate::model::{UserRef, Workspace};
use crate::people::{Checked, Found, Source, find_person};
use crate::sanitize::sanitize_line;
use futures::StreamExt;
use std::collections::HashMap;
use std::io::{self, BufRead, IsTerminal, Write};

/// The profiles a command works on, opened. A profile whose token or settings do not resolve is
/// kept aside as failed: the others still answer.
pub(super) struct Opened {
    /// The profiles that opened, each with its crawl bound.
    pub sources: Vec<Source>,
    /// Profiles that could not be opened, with why.
    pub failed: Vec<(String, Error)>,
}

impl Opened {
    /// Each profile's target and bound, by name, for [`Engine::run_plan`].
    pub fn targets(&self) -> HashMap<String, (Target, usize)> {
        self.sources
            .iter()
            .map(|s| {
                (
                    s.target.profile.clone(),
                    (s.target.clone(), s.max_concurrency),
                )
            })
            .collect()
    }
}

/// Opens the profiles `names` (every configured one when empty). An unknown name is a usage error;
/// a token that does not resolve makes that profile failed. A changing command passes its engine,
/// so every API step is audited.
pub(super) fn open(
    config: &Config,
    names: &[String],
    engine: Option<&Engine>,
) -> Result<Opened, Error> {
    let mut profiles = Vec::new();
    if names.is_empty() {
        profiles.extend(config.profiles().cloned());
        if profiles.is_empty() {
            return Err(Error::usage(format!(
                "{} has no profiles yet (add a [profiles.NAME] section)",
                config.path().display()
            )));
        }
    } else {
        for name in names {
            let p = config
                .profile(name)
                .map_err(|e| Error::usage(format!("profile {}: {}", sanitize_line(name), e)))?;
            if !profiles
                .iter()
                .any(|x: &crate::config::Profile| x.name == p.name)
            {
                profiles.push(p.clone());
            }
        }
    }
    let mut opened = Opened {
        sources: Vec::new(),
        failed: Vec::new(),
    };
    for profile in profiles {
        let name = profile.name.clone();
        let bound = profile.max_concurrency();
        match Session::for_profile(config, profile, None, engine) {
            Ok(session) => opened.sources.push(Source {
                target: session.target(),
                max_concurrency: bound,
            }),
            Err(e) => opened.failed.push((name, e)),
        }
    }
    Ok(opened)
}

/// What a search found, with everything that went wrong on the way.
pub(super) struct Search {
    /// Every workspace checked, in the order they answered.
    pub checked: Vec<Checked>,
    /// Profiles that could not be opened or listed.
    pub failed_profiles: Vec<(String, Error)>,
    /// Workspaces that could not be read.
    pub failed_workspaces: Vec<(String, Workspace, Error)>,
}

impl Search {
    /// Whether anything could not be searched (the exit code is then 1).
    pub fn incomplete(&self) -> bool {
        !self.failed_profiles.is_empty() || !self.failed_workspaces.is_empty()
    }

    /// How many workspaces were checked.
    pub fn workspaces(&self) -> usize {
        self.checked.len()
    }
}

/// Searches every opened profile for `who`, calling `each` with every workspace checked as it
/// answers (for rows that stream), with a gauge on stderr when it is a terminal.
pub(super) async fn search(
    opened: &Opened,
    who: &UserRef,
    each: &mut dyn FnMut(&Checked) -> io::Result<()>,
) -> io::Result<Search> {
    let mut found = find_person(opened.sources.clone(), who.clone());
    let mut gauge = Gauge::new(opened.sources.len());
    let mut search = Search {
        checked: Vec::new(),
        failed_profiles: opened.failed.clone(),
        failed_workspaces: Vec::new(),
    };
    gauge.draw();
    while let Some(event) = found.next().await {
        match event {
            Found::Listed { workspaces, .. } => gauge.total += workspaces,
            Found::Checked(checked) => {
                gauge.done += 1;
                gauge.erase();
                each(&checked)?;
                search.checked.push(*checked);
            }
            Found::WorkspaceFailed {
                profile,
                workspace,
                error,
                ..
            } => {
                gauge.done += 1;
                search.failed_workspaces.push((profile, workspace, error));
            }
            Found::ProfileFailed { profile, error, .. } => {
                gauge.profiles_done += 1;
                search.failed_profiles.push((profile, error));
            }
            Found::ProfileDone { .. } => gauge.profiles_done += 1,
        }
        gauge.draw();
    }
    gauge.erase();
    Ok(search)
}

/// Says on stderr what could not be searched, and where members are listed without an email (any
/// of them could be the person, when searched by email).
pub(super) fn report_search(search: &Search, who: &UserRef) {
    for (profile, e) in &search.failed_profiles {
        print_error(Some(profile), Some("not searched"), e);
    }
    for (profile, workspace, e) in &search.failed_workspaces {
        let context = format!("workspace {}", describe_workspace(workspace));
        print_error(Some(profile), Some(&context), e);
    }
    let mut without: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    for c in search.checked.iter().filter(|c| c.without_email > 0) {
        match without.iter_mut().find(|(p, _, _)| *p == c.profile) {
            Some((_, n, names)) => {
                *n += c.without_email;
                names.push(&c.workspace.name);
            }
            None => without.push((&c.profile, c.without_email, vec![&c.workspace.name])),
        }
    }
    for (profile, members, workspaces) in without {
        const NAMED: usize = 5;
        let mut names: Vec<String> = workspaces
            .iter()
            .take(NAMED)
            .map(|n| format!("\"{}\"", sanitize_line(n)))
            .collect();
        if workspaces.len() > NAMED {
            names.push(format!("{} more", workspaces.len() - NAMED));
        }
        eprintln!(
            "roster: note: profile {}: {members} member{} in {} workspace{} ({}) {} listed \
             without an email, so roster cannot tell whether {} is among them; search by their \
             user ID to check",
            sanitize_line(profile),
            plural(members),
            workspaces.len(),
            plural(workspaces.len()),
            names.join(", "),
            if members == 1 { "is" } else { "are" },
            sanitize_line(who.as_str())
        );
    }
    if search.incomplete() {
        eprintln!(
            "roster: {} profile{} and {} workspace{} could not be searched; what is shown is \
             incomplete",
            search.failed_profiles.len(),
            plural(search.failed_profiles.len()),
            search.failed_workspaces.len(),
            plural(search.failed_workspaces.len())
        );
    }
}

/// The exit code that matters most: 1 (something failed) beats 2 (refused: nothing sent) beats 0.
pub(super) fn worst(codes: impl IntoIterator<Item = i32>) -> i32 {
    codes.into_iter().fold(0, |worst, c| match (worst, c) {
        (1, _) | (_, 1) => 1,
        (2, _) | (_, 2) => 2,
        _ => 0,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `[120/2000 workspaces, 1/4 profiles]` on stderr, redrawn in place, only when stderr is a
/// terminal (a script's log should not fill with carriage returns).
struct Gauge {
    done: usize,
    total: usize,
    profiles_done: usize,
    profiles: usize,
    shown: bool,
    width: usize,
}

impl Gauge {
    fn new(profiles: usize) -> Gauge {
        Gauge {
            done: 0,
            total: 0,
            profiles_done: 0,
            profiles,
            shown: io::stderr().is_terminal(),
            width: 0,
        }
    }

    fn draw(&mut self) {
        if self.shown {
            let text = format!(
                "[{}/{} workspaces, {}/{} profiles]",
                self.done, self.total, self.profiles_done, self.profiles
            );
            self.width = self.width.max(text.len());
            let mut err = io::stderr();
            let _ = write!(err, "\r{text}");
            let _ = err.flush();
        }
    }

    fn erase(&self) {
        if self.shown && self.width > 0 {
            let mut err = io::stderr();
            let _ = write!(err, "\r{}\r", " ".repeat(self.width));
            let _ = err.flush();
        }
    }
}

/// `[3/12 changes]` on stderr while a plan runs, when stderr is a terminal.
pub(super) fn change_progress(total: usize) -> impl Fn(usize, &ChangeOutcome) + Sync {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let shown = io::stderr().is_terminal();
    move |_, _| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if shown {
            let mut err = io::stderr();
            let end = if n == total { "\n" } else { "" };
            let _ = write!(err, "\r[{n}/{total} changes]{end}");
            let _ = err.flush();
        }
    }
}

/// Asks a yes/no question on the terminal; only `y` or `yes` means yes.
pub(super) fn ask(question: &str) -> io::Result<bool> {
    let mut err = io::stderr();
    write!(err, "{question}")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
