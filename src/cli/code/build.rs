//! The plan of a membership file against the servers: every profile it names is read (its
//! workspaces once, then the declared workspaces' members concurrently within the profile's
//! `max_concurrency`, and a workspace's roles only when a difference needs them), each declared
//! workspace is reconciled with its listing, and the differences become change-engine changes.
//! Nothing is sent that changes anything.

use super::super::session::Session;
use crate::config::Config;
use crate::engine::{Change, Engine, Plan, Target, planner};
use crate::error::Error;
use crate::membership::reconcile::{self, Reconciled};
use crate::membership::{Counts, Difference, FileError, MembershipFile, Mode, ProfileDecl};
use crate::model::{Member, ProviderKind, Role, Workspace};
use crate::ops;
use crate::sanitize::sanitize_line;
use futures::StreamExt;
use std::collections::HashMap;

/// One change of the plan, with the file's line it comes from (none for a removal).
pub(in crate::cli) struct Planned {
    /// The change, as the engine runs it.
    pub change: Change,
    /// The file's line.
    pub line: Option<usize>,
}

/// One declared workspace with something to say: changes, access shown, an owner left out.
pub(in crate::cli) struct WorkspacePlan {
    /// The profile.
    pub profile: String,
    /// Its provider.
    pub provider: ProviderKind,
    /// The workspace.
    pub workspace: Workspace,
    /// Where the file declares it.
    pub line: usize,
    /// The changes, in the order to run them.
    pub changes: Vec<Planned>,
    /// Inherited access and groups: shown, never planned.
    pub shown: Vec<Member>,
    /// The workspace's top role, when the plan takes its last holder away.
    pub owner_gap: Option<Role>,
}

/// A read that failed while planning.
pub(in crate::cli) struct ReadFailure {
    /// The profile.
    pub profile: String,
    /// What was being read (a workspace), if not the profile's workspace list.
    pub context: Option<String>,
    /// The error.
    pub error: Error,
}

/// Everything planning found.
#[derive(Default)]
pub(in crate::cli) struct Built {
    /// Declared workspaces with something to show, in file order.
    pub workspaces: Vec<WorkspacePlan>,
    /// Problems of the file found against the config and the servers.
    pub file_errors: Vec<FileError>,
    /// Reads that failed: the plan is incomplete.
    pub failures: Vec<ReadFailure>,
    /// Each profile's change target and concurrency bound, for the engine.
    pub targets: HashMap<String, (Target, usize)>,
    /// Differences the mode leaves out.
    pub left_out: Counts,
    /// Declared workspaces read.
    pub checked: usize,
    /// Per profile, the workspaces the file does not name (left alone).
    pub unmanaged: Vec<(String, usize)>,
}

impl Built {
    /// The changes, in order, as one engine plan.
    pub fn plan(&self) -> Plan {
        Plan {
            changes: self
                .workspaces
                .iter()
                .flat_map(|w| w.changes.iter().map(|p| p.change.clone()))
                .collect(),
        }
    }

    /// The changes counted by kind.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in self.workspaces.iter().flat_map(|w| &w.changes) {
            match p.change.operation() {
                crate::engine::Operation::Add => c.add += 1,
                crate::engine::Operation::SetRole => c.set_role += 1,
                crate::engine::Operation::Remove => c.remove += 1,
                _ => {}
            }
        }
        c
    }

    /// The workspaces the plan would leave without an owner.
    pub fn owner_gaps(&self) -> impl Iterator<Item = &WorkspacePlan> {
        self.workspaces.iter().filter(|w| w.owner_gap.is_some())
    }
}

/// Plans `file` in `mode`. With an `engine` (apply), each profile's client audits the steps of
/// the changes it later runs.
pub(in crate::cli) async fn build(
    config: &Config,
    file: &MembershipFile,
    mode: Mode,
    engine: Option<&Engine>,
) -> Built {
    let mut built = Built::default();
    // Unknown profiles are found before any token is read or any request sent.
    let mut found = Vec::new();
    for decl in &file.profiles {
        match config.profile(&decl.name) {
            Ok(p) => found.push((decl, p.clone())),
            Err(_) => {
                let known: Vec<String> = config.profiles().map(|p| p.name.clone()).collect();
                built.file_errors.push(FileError {
                    file: file.name.clone(),
                    line: decl.line,
                    message: format!(
                        "unknown profile {:?}; profiles in {}: {}",
                        decl.name,
                        config.path().display(),
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                });
            }
        }
    }
    if !built.file_errors.is_empty() {
        return built;
    }
    let mut sessions = Vec::new();
    for (decl, profile) in found {
        let name = profile.name.clone();
        match Session::for_profile(config, profile, None, engine) {
            Ok(s) => sessions.push((decl, s)),
            Err(error) => built.failures.push(ReadFailure {
                profile: name,
                context: None,
                error,
            }),
        }
    }
    if !built.failures.is_empty() {
        return built;
    }
    let parts = futures::future::join_all(
        sessions
            .iter()
            .map(|(decl, s)| profile_plan(s, decl, mode, &file.name)),
    )
    .await;
    for ((_, s), part) in sessions.iter().zip(parts) {
        built.workspaces.extend(part.workspaces);
        built.file_errors.extend(part.file_errors);
        built.failures.extend(part.failures);
        built.left_out.merge(part.left_out);
        built.checked += part.checked;
        if part.unmanaged > 0 {
            built
                .unmanaged
                .push((s.profile.name.clone(), part.unmanaged));
        }
        built.targets.insert(
            s.profile.name.clone(),
            (s.target(), s.profile.max_concurrency()),
        );
    }
    built.file_errors.sort_by_key(|e| e.line);
    built
}

/// What planning one profile found.
#[derive(Default)]
struct ProfilePart {
    workspaces: Vec<WorkspacePlan>,
    file_errors: Vec<FileError>,
    failures: Vec<ReadFailure>,
    left_out: Counts,
    checked: usize,
    unmanaged: usize,
}

async fn profile_plan(s: &Session, decl: &ProfileDecl, mode: Mode, file: &str) -> ProfilePart {
    let mut part = ProfilePart::default();
    let provider = s.provider.clone();
    let profile = s.profile.name.clone();
    let fail = |context: Option<String>, error: Error| ReadFailure {
        profile: profile.clone(),
        context,
        error,
    };
    let file_error = |line: usize, message: String| FileError {
        file: file.to_string(),
        line,
        message,
    };
    let caps = provider.capabilities();
    if let Err(e) = ops::require(&*provider, "list workspaces", &caps.list_workspaces) {
        part.failures.push(fail(None, e));
        return part;
    }
    let all = match provider.list_workspaces().await {
        Ok(all) => all,
        Err(e) => {
            part.failures.push(fail(None, e));
            return part;
        }
    };
    // Each declared workspace, found by ID or name; the same workspace twice is an error.
    let mut resolved: Vec<Workspace> = Vec::new();
    let mut declared: HashMap<String, usize> = HashMap::new();
    for (i, w) in decl.workspaces.iter().enumerate() {
        match ops::find_workspace(&all, &w.workspace, provider.kind().as_str()) {
            Ok(ws) => {
                if let Some(first) = declared.get(&ws.id) {
                    let first = decl.workspaces[*first].line;
                    part.file_errors.push(file_error(
                        w.line,
                        format!(
                            "workspace {} is declared twice in profile {:?} (also at line \
                             {first}); keep one",
                            crate::engine::outcome::describe_workspace(ws),
                            decl.name
                        ),
                    ));
                } else {
                    declared.insert(ws.id.clone(), i);
                    resolved.push(ws.clone());
                }
            }
            Err(e) => part.file_errors.push(file_error(
                w.line,
                format!("profile {:?}: {}", decl.name, e.message),
            )),
        }
    }
    part.unmanaged = all.len().saturating_sub(resolved.len());
    drop(all);
    let inherited = caps.inherited_members.is_available();
    let limit = s.profile.max_concurrency();
    let mut crawl = ops::crawl_members(provider.clone(), resolved, inherited, limit);
    // Workspaces whose differences need the role catalogue, read in a second pass.
    let mut waiting: Vec<(Workspace, Vec<Member>)> = Vec::new();
    while let Some((_, ws, result)) = crawl.next().await {
        let Some(w) = declared.get(&ws.id).and_then(|i| decl.workspaces.get(*i)) else {
            continue;
        };
        match result {
            Err(e) => part.failures.push(fail(Some(context(&ws)), e)),
            Ok(members) if reconcile::needs_roles(&w.grants, &members, mode) => {
                waiting.push((ws, members));
            }
            Ok(members) => {
                let r = reconcile::reconcile(&w.grants, &members, &[], mode);
                finish(&mut part, s, file, (&ws, w.line), r, None);
            }
        }
    }
    let mut with_roles = futures::stream::iter(waiting)
        .map(|(ws, members)| {
            let provider = provider.clone();
            async move {
                let roles = provider.list_roles(&ws).await;
                (ws, members, roles)
            }
        })
        .buffer_unordered(limit.max(1));
    while let Some((ws, members, roles)) = with_roles.next().await {
        let Some(w) = declared.get(&ws.id).and_then(|i| decl.workspaces.get(*i)) else {
            continue;
        };
        match roles {
            Err(e) => part.failures.push(fail(Some(context(&ws)), e)),
            Ok(roles) => {
                let r = reconcile::reconcile(&w.grants, &members, &roles, mode);
                let gap = reconcile::owner_left_without(&members, &roles, &r.planned);
                finish(&mut part, s, file, (&ws, w.line), r, gap);
            }
        }
    }
    part.workspaces.sort_by_key(|w| w.line);
    part
}

/// Records one reconciled workspace: its file errors, its changes as engine changes.
fn finish(
    part: &mut ProfilePart,
    s: &Session,
    file: &str,
    (ws, line): (&Workspace, usize),
    r: Reconciled,
    owner_gap: Option<Role>,
) {
    part.checked += 1;
    part.left_out.merge(r.left_out);
    for (line, message) in r.errors {
        part.file_errors.push(FileError {
            file: file.to_string(),
            line,
            message: format!("workspace {}: {message}", context(ws)),
        });
    }
    let kind = s.provider.kind();
    let profile = &s.profile.name;
    let changes: Vec<Planned> = r
        .planned
        .into_iter()
        .map(|d| {
            let line = d.line();
            let change = match d {
                Difference::Add { user, role, .. } => {
                    planner::add_user(kind, profile, ws, &user, role)
                }
                Difference::SetRole { member, role, .. } => {
                    planner::from_row(kind, profile, ws, &member, Some(role))
                }
                Difference::Remove { member } => {
                    planner::from_row(kind, profile, ws, &member, None)
                }
            };
            Planned { change, line }
        })
        .collect();
    if changes.is_empty() && r.shown.is_empty() && owner_gap.is_none() {
        return;
    }
    part.workspaces.push(WorkspacePlan {
        profile: profile.clone(),
        provider: kind,
        workspace: ws.clone(),
        line,
        changes,
        shown: r.shown,
        owner_gap,
    });
}

fn context(ws: &Workspace) -> String {
    format!(
        "\"{}\" (id {})",
        sanitize_line(&ws.name),
        sanitize_line(&ws.id)
    )
}
