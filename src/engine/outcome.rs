//! What running a change came to. The verdict is what the verification read found, never what a
//! server answered: the TUI toast, the CLI line, the exit code and the audit line all come from it.

use super::plan::{Change, Operation, State, Subject};
use crate::error::{Error, ErrorKind};
use crate::model::{Member, Workspace};
use crate::sanitize::sanitize_line;
use serde::Serialize;

/// The verdict on one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A fresh read shows the wanted state.
    Done,
    /// Nothing to do: the server already held the wanted state. Nothing was sent.
    Unchanged,
    /// The state moved since the change was planned; nothing was sent.
    Stale,
    /// Refused before anything was sent (read-only, last owner, audit log, unsupported).
    Refused,
    /// A fresh read shows the state the change was planned against: nothing changed.
    Failed,
    /// A fresh read shows neither the old nor the wanted state.
    Partial,
    /// Whether the change took effect is unknown (the verification read failed).
    Unknown,
    /// Cut short by an interrupt before it finished; the journal keeps it for `roster recover`.
    Interrupted,
    /// Not started, because the plan stopped earlier (a failure, or an interrupt).
    Skipped,
}

impl Verdict {
    /// The word used in the audit log and in JSON (`ok` for done, as the audit log always said).
    pub fn audit_word(self) -> &'static str {
        match self {
            Verdict::Done => "ok",
            Verdict::Unchanged => "unchanged",
            Verdict::Stale => "stale",
            Verdict::Refused => "refused",
            Verdict::Failed => "failed",
            Verdict::Partial => "partial",
            Verdict::Unknown => "unknown",
            Verdict::Interrupted => "interrupted",
            Verdict::Skipped => "skipped",
        }
    }

    /// Whether the change reached (or already had) the wanted state.
    pub fn is_success(self) -> bool {
        matches!(self, Verdict::Done | Verdict::Unchanged)
    }

    /// Whether the journal must keep the change for `roster recover`: the server may hold a state
    /// that is neither the old nor the wanted one, or nobody knows.
    pub fn is_unfinished(self) -> bool {
        matches!(
            self,
            Verdict::Partial | Verdict::Unknown | Verdict::Interrupted
        )
    }

    /// Process exit code for this verdict alone: 0 success, 2 refused (nothing sent; a flag or a
    /// setting decides), 1 anything else.
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Done | Verdict::Unchanged => 0,
            Verdict::Refused => 2,
            _ => 1,
        }
    }
}

/// Why a change was refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reason", content = "detail")]
pub enum Refusal {
    /// `--readonly`, or the profile says `readonly = true`.
    ReadOnly(String),
    /// It would leave the workspace without an owner (the top role of its catalogue).
    LastOwner(String),
    /// The audit log or the journal could not record the intent.
    Journal(String),
    /// The provider cannot do it, or the member cannot be changed here (inherited, group).
    Unsupported(String),
}

impl Refusal {
    /// The sentence shown.
    pub fn message(&self) -> &str {
        match self {
            Refusal::ReadOnly(s)
            | Refusal::LastOwner(s)
            | Refusal::Journal(s)
            | Refusal::Unsupported(s) => s,
        }
    }
}

/// The outcome of one change.
#[derive(Debug, Clone)]
pub struct ChangeOutcome {
    /// The journal's ID of the change, when it was journaled (anything that sent a request).
    pub id: Option<String>,
    /// The change.
    pub change: Change,
    /// The verdict.
    pub verdict: Verdict,
    /// What a fresh read showed: the state after the change (or, when stale, the state now).
    pub now: Option<State>,
    /// The member row that read found, for messages (name, email, ID).
    pub member: Option<Member>,
    /// Access the person keeps from elsewhere after a removal or demotion (`organisation admin`).
    pub keeps_access: Option<String>,
    /// The inherited rows behind `keeps_access`, as that fresh read listed them (for a list of the
    /// access that remains, each with where to remove it).
    pub kept: Vec<Member>,
    /// Why it was refused.
    pub refusal: Option<Refusal>,
    /// The error of the steps or of the read, typed, when there was one.
    pub error: Option<Error>,
    /// What the steps and the settling said, in order.
    pub steps: Vec<String>,
    /// Server request IDs seen, for support tickets.
    pub request_ids: Vec<String>,
    /// The workspace created, for a create-workspace change that succeeded.
    pub created: Option<Workspace>,
    /// A problem writing the audit log or the journal after the change started (the change itself
    /// may have succeeded; the exit code is 1).
    pub record_problem: Option<String>,
}

impl ChangeOutcome {
    /// An outcome with only a verdict (nothing sent).
    pub fn new(change: Change, verdict: Verdict) -> ChangeOutcome {
        ChangeOutcome {
            id: None,
            change,
            verdict,
            now: None,
            member: None,
            keeps_access: None,
            kept: Vec::new(),
            refusal: None,
            error: None,
            steps: Vec::new(),
            request_ids: Vec::new(),
            created: None,
            record_problem: None,
        }
    }

    /// A refusal.
    pub fn refused(change: Change, why: Refusal) -> ChangeOutcome {
        ChangeOutcome {
            refusal: Some(why),
            ..ChangeOutcome::new(change, Verdict::Refused)
        }
    }

    /// The exit code: the verdict's, or 1 when recording failed after the change started. A
    /// refusal is 2 when a flag or a setting decides (read-only, the last owner, no audit log) and
    /// 1 when the provider cannot do it at all.
    pub fn exit_code(&self) -> i32 {
        match (
            self.verdict.exit_code(),
            &self.record_problem,
            &self.refusal,
        ) {
            (_, _, Some(Refusal::Unsupported(_))) => 1,
            (0, Some(_), _) => 1,
            (code, _, _) => code,
        }
    }

    /// The error kind, when the change failed on an error (the TUI acts on it: a rate limit says
    /// when a retry is possible).
    pub fn error_kind(&self) -> Option<&ErrorKind> {
        self.error.as_ref().map(|e| &e.kind)
    }

    /// One or two sentences for people, sanitized: what the server holds now and what to do, and
    /// a warning when the audit log or the journal could not record it.
    pub fn message(&self) -> String {
        let mut text = self.sentence();
        if let Some(problem) = &self.record_problem {
            text.push_str(&format!(" Warning: {problem}"));
        }
        text
    }

    /// [`ChangeOutcome::message`] without the recording warning.
    pub fn sentence(&self) -> String {
        let what = self.change.describe();
        let mut text = match self.verdict {
            Verdict::Done => self.done_message(),
            Verdict::Unchanged => format!("{}; nothing changed.", self.already()),
            Verdict::Stale => self.stale_message(&what),
            Verdict::Refused => format!(
                "Refused: {}",
                self.refusal.as_ref().map_or("", Refusal::message)
            ),
            Verdict::Failed => format!("Failed to {what}: {}", self.failure_reason()),
            Verdict::Partial => format!(
                "Unfinished: {what}; {}. The journal keeps it: `roster recover` completes it, \
                 `roster recover --rollback` undoes it.",
                self.now_sentence()
            ),
            Verdict::Unknown => format!(
                "Unknown whether it worked: {what}; {}. The journal keeps it: `roster recover` \
                 checks and completes it.",
                self.error_sentence("the server's answer and the re-read both failed")
            ),
            Verdict::Interrupted => format!(
                "Interrupted: {what} was cut short and may be half-done. The journal keeps it: \
                 `roster recover` completes it, `roster recover --rollback` undoes it."
            ),
            Verdict::Skipped => {
                format!("Skipped: {what} (stopped before anything was sent for it).")
            }
        };
        if let Some(keeps) = &self.keeps_access {
            text.push_str(&format!(
                " They keep access as {}.",
                sanitize_line(keeps).trim_end_matches('.')
            ));
        }
        text
    }

    fn who(&self) -> String {
        match (&self.change.subject, &self.member) {
            (_, Some(m)) => describe_member(m),
            (Subject::Membership(m), None) => m.label(),
            (Subject::Workspace(w), None) => format!("\"{}\"", sanitize_line(&w.name)),
        }
    }

    fn workspace(&self) -> String {
        match &self.change.subject {
            Subject::Membership(m) => describe_workspace(&m.workspace),
            Subject::Workspace(w) => format!("\"{}\"", sanitize_line(&w.name)),
        }
    }

    fn done_message(&self) -> String {
        let Subject::Membership(m) = &self.change.subject else {
            return match &self.created {
                Some(w) => format!("Created workspace {}.", describe_workspace(w)),
                None => format!("Created workspace {}.", self.workspace()),
            };
        };
        let ws = self.workspace();
        let who = self.who();
        let role = |s: &State| {
            s.role()
                .map(|r| sanitize_line(&r.name).into_owned())
                .unwrap_or_default()
        };
        let shown = self.now.as_ref().unwrap_or(&m.want);
        match self.change.operation() {
            Operation::Add => format!("Added {who} to {ws} with role {}.", role(shown)),
            Operation::SetRole => format!(
                "Changed the role of {who} in {ws}: {} -> {}.",
                role(&m.seen),
                role(shown)
            ),
            Operation::Remove => {
                format!("Removed {who} from {ws}; a fresh listing no longer shows them.")
            }
            Operation::CreateWorkspace | Operation::None => {
                format!("Done: {}.", self.change.describe())
            }
        }
    }

    fn already(&self) -> String {
        match &self.change.subject {
            Subject::Membership(m) => format!(
                "{} is already {} in {}",
                capitalize(&self.who()),
                m.want.describe(),
                self.workspace()
            ),
            Subject::Workspace(_) => format!("Workspace {} already exists", self.workspace()),
        }
    }

    /// Why a change was not sent: what the server holds differs from what it was planned against.
    fn stale_message(&self, what: &str) -> String {
        match (&self.change.subject, &self.now) {
            // An add of someone who is there: nothing to overwrite, but nothing to add either.
            (Subject::Membership(m), Some(now)) if m.seen == State::Absent => format!(
                "Not sent: {} is already {} in {}; change their role instead if needed.",
                self.who(),
                now.describe(),
                self.workspace()
            ),
            (Subject::Membership(m), Some(now)) => format!(
                "Not sent: {} is now {} in {} (it was {} when this change was planned), so \
                 {what} would overwrite a change you have not seen. Look again and decide on the \
                 fresh data.",
                self.who(),
                now.describe(),
                self.workspace(),
                m.seen.describe()
            ),
            (Subject::Workspace(_), _) => format!(
                "Not sent: a workspace named {} exists already.",
                self.workspace()
            ),
            (_, None) => format!("Not sent: the server changed since {what} was planned."),
        }
    }

    fn now_sentence(&self) -> String {
        match &self.now {
            Some(now) => format!("a fresh read shows {} is {}", self.who(), now.describe()),
            None => "what the server holds is not known".to_string(),
        }
    }

    fn error_sentence(&self, fallback: &str) -> String {
        match &self.error {
            Some(e) => e.to_string(),
            None => fallback.to_string(),
        }
    }

    fn failure_reason(&self) -> String {
        match &self.error {
            // The server said yes, but the read says no: never believe the answer.
            None => match &self.change.subject {
                Subject::Membership(m) => format!(
                    "the server answered OK but {} is still {} in {}; nothing changed",
                    self.who(),
                    self.now.as_ref().unwrap_or(&m.seen).describe(),
                    self.workspace()
                ),
                Subject::Workspace(_) => format!(
                    "the server answered that it created {}, but the workspace list does not \
                     show it",
                    self.workspace()
                ),
            },
            // The settled error says what the read showed.
            Some(e) => e.to_string(),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `"Name" (id ID)`, sanitized.
pub fn describe_workspace(w: &Workspace) -> String {
    format!(
        "\"{}\" (id {})",
        sanitize_line(&w.name),
        sanitize_line(&w.id)
    )
}

/// `Name <email> (id ID)` or the parts that exist, sanitized.
pub fn describe_member(m: &Member) -> String {
    let mut s = String::new();
    if let Some(name) = m.name.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(&sanitize_line(name));
        s.push(' ');
    }
    if let Some(email) = m.email.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(&format!("<{}> ", sanitize_line(email)));
    }
    s.push_str(&format!("(id {})", sanitize_line(&m.id)));
    s
}
