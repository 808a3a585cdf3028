//! `roster apply FILE`: makes the servers match a membership file. It plans as `roster plan` does,
//! prints the plan, asks on a terminal (unless `--yes`; without a terminal `--yes` is required),
//! then hands the plan to the change engine, which runs each profile's changes within its
//! `max_concurrency` (one at a time in a workspace whose changes are emulated, see
//! [`code::run`]) and stops at the first failure unless `--keep-going`. Each change's outcome
//! is printed, then a summary. A plan that leaves a workspace with nobody in its top role is
//! refused before anything is sent, unless `--force`.

use super::args::{ApplyArgs, ChangeFormat};
use super::code::{self, build::Built, show};
use super::plan::report_failures;
use super::results::print_outcomes;
use super::{Failure, report, signals};
use crate::config::Config;
use crate::engine::{ChangeOutcome, Engine, RunOptions, Verdict};
use crate::membership::MembershipFile;
use crate::sanitize::{sanitize, sanitize_line};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `roster apply`; returns the exit code.
pub(super) fn run(config_path: Option<&Path>, readonly: bool, args: ApplyArgs) -> i32 {
    if !args.yes && !io::stdin().is_terminal() {
        // Checked before anything is read or sent: a script must say --yes explicitly.
        eprintln!(
            "roster: refusing to apply without confirmation: stdin is not a terminal, so roster \
             cannot ask; run `roster plan` to see the changes, then pass --yes to apply them"
        );
        return 2;
    }
    let file = match code::read_file(&args.file) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => return report(None, &e.into()),
    };
    let engine = Engine::open_default(readonly);
    // Read-only (the flag or a profile's setting) and an unwritable audit log refuse before a
    // token is read or a request sent.
    for p in &file.profiles {
        let profile_readonly = config.profile(&p.name).is_ok_and(|x| x.readonly);
        if let Err(refusal) = engine.writable_profile(&p.name, profile_readonly) {
            eprintln!(
                "roster: profile {}: {}",
                sanitize_line(&p.name),
                sanitize(refusal.message())
            );
            return 2;
        }
    }
    let Some(runtime) = apply_runtime(&config, &file) else {
        return 1;
    };
    let result = runtime.block_on(async {
        let signals = signals::guard(&engine);
        let result = apply(&config, &engine, &file, &args).await;
        signals.exit_code(result)
    });
    match result {
        Ok(code) => code,
        Err(e) => report(None, &e),
    }
}

async fn apply(
    config: &Config,
    engine: &Engine,
    file: &MembershipFile,
    args: &ApplyArgs,
) -> Result<i32, Failure> {
    let mode = code::mode(args.mode);
    let format = args.output.output;
    let built = code::build::build(config, file, mode, Some(engine)).await;
    if !built.file_errors.is_empty() {
        code::print_file_errors(&file.name, &built.file_errors, "nothing was sent");
        return Ok(2);
    }
    if let Some(code) = report_failures(
        &built,
        "nothing was applied, because the plan is incomplete",
    ) {
        return Ok(code);
    }
    let total = built.counts().total();
    // The plan is shown before anything runs: on stdout in table output, on stderr before a
    // question in JSON output (stdout then carries only the results).
    match (format, args.yes) {
        (ChangeFormat::Table, _) => {
            show::print(&mut io::stdout().lock(), &built, &file.name, mode, format)?;
        }
        (ChangeFormat::Json, false) if total > 0 => {
            show::print(
                &mut io::stderr().lock(),
                &built,
                &file.name,
                mode,
                ChangeFormat::Table,
            )?;
        }
        (ChangeFormat::Json, _) => {}
    }
    if total == 0 {
        if format == ChangeFormat::Json {
            print_outcomes(&[], format)?;
        }
        return Ok(0);
    }
    if !args.force && refuse_owner_gaps(&built) {
        return Ok(2);
    }
    let question = if total == 1 {
        "Apply this change? [y/N] ".to_string()
    } else {
        format!("Apply these {total} changes? [y/N] ")
    };
    if !args.yes && !ask(&question)? {
        eprintln!("roster: nothing was applied.");
        return Ok(1);
    }
    let done = AtomicUsize::new(0);
    let progress = Progress::new(total);
    let opts = RunOptions {
        force: args.force,
        also_accept: None,
    };
    let outcomes = code::run::run(engine, &built, &opts, args.keep_going, &|_| {
        progress.draw(done.fetch_add(1, Ordering::SeqCst) + 1);
    })
    .await;
    progress.erase();
    let code = print_outcomes(&outcomes, format)?;
    if format == ChangeFormat::Table {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", summary(&outcomes))?;
        out.flush()?;
    }
    Ok(code)
}

/// Says which workspaces the plan would leave with nobody in their top role; whether any.
fn refuse_owner_gaps(built: &Built) -> bool {
    let mut refused = false;
    for w in built.owner_gaps() {
        refused = true;
        eprintln!(
            "roster: refusing to apply: {}. Give someone that role in the file first, or pass \
             --force to apply anyway. Nothing was sent.",
            show::owner_gap_sentence(w)
        );
    }
    refused
}

/// `Applied 3 changes: 2 done, 1 failed, 0 skipped.`
fn summary(outcomes: &[ChangeOutcome]) -> String {
    let count = |f: &dyn Fn(Verdict) -> bool| outcomes.iter().filter(|o| f(o.verdict)).count();
    let done = count(&|v| v == Verdict::Done);
    let unchanged = count(&|v| v == Verdict::Unchanged);
    let skipped = count(&|v| v == Verdict::Skipped);
    let failed = outcomes.len() - done - unchanged - skipped;
    let mut text = format!(
        "{} change{}: {done} done, {failed} failed or refused",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" }
    );
    if unchanged > 0 {
        text.push_str(&format!(", {unchanged} already as planned"));
    }
    if skipped > 0 {
        text.push_str(&format!(
            ", {skipped} skipped (not started after the first failure; --keep-going runs them)"
        ));
    }
    text.push('.');
    text
}

/// Asks a yes/no question on the terminal; only `y` or `yes` means yes.
fn ask(question: &str) -> io::Result<bool> {
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

/// `[12/1000 changes]` on stderr, redrawn in place, only when stderr is a terminal.
struct Progress {
    total: usize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            shown: io::stderr().is_terminal(),
        }
    }

    fn draw(&self, done: usize) {
        if self.shown {
            let mut err = io::stderr();
            let _ = write!(err, "\r[{done}/{} changes]", self.total);
            let _ = err.flush();
        }
    }

    fn erase(&self) {
        if self.shown {
            let width = format!("[{0}/{0} changes]", self.total).len();
            let mut err = io::stderr();
            let _ = write!(err, "\r{}\r", " ".repeat(width));
            let _ = err.flush();
        }
    }
}

/// The runtime of an apply: a worker thread per change that may run at once (plus two). The
/// engine writes each record to the audit log and the journal, and syncs it to disk, on the
/// thread that runs the change; with only a couple of threads, changes would wait for each
/// other's disk syncs instead of their servers' answers.
fn apply_runtime(config: &Config, file: &MembershipFile) -> Option<tokio::runtime::Runtime> {
    let in_flight: usize = file
        .profiles
        .iter()
        .filter_map(|p| config.profile(&p.name).ok())
        .map(|p| p.max_concurrency())
        .sum();
    code::runtime((in_flight + 2).min(64))
}
