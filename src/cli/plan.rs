//! `roster plan FILE`: the changes that would make the servers match a membership file, grouped by
//! profile and workspace, sending nothing. The exit code is for cron and CI: 0 no change needed, 3
//! changes needed (drift), 1 API errors, 2 a bad file or usage.

use super::args::PlanArgs;
use super::code::{self, DRIFT, build::Built};
use super::{Failure, print_error, report};
use crate::config::Config;
use std::io;
use std::path::Path;

/// Runs `roster plan`; returns the exit code.
pub(super) fn run(config_path: Option<&Path>, args: PlanArgs) -> i32 {
    let file = match code::read_file(&args.file) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let config = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => return report(None, &e.into()),
    };
    let Some(runtime) = code::runtime(2) else {
        return 1;
    };
    let mode = code::mode(args.mode);
    let built = runtime.block_on(code::build::build(&config, &file, mode, None));
    if !built.file_errors.is_empty() {
        code::print_file_errors(&file.name, &built.file_errors, "nothing was sent");
        return 2;
    }
    if built.checked > 0 || built.failures.is_empty() {
        let shown = code::show::print(
            &mut io::stdout().lock(),
            &built,
            &file.name,
            mode,
            args.output.output,
        );
        if let Err(e) = shown {
            return report(None, &Failure::Output(e));
        }
    }
    if let Some(code) = report_failures(&built, "the plan above is incomplete") {
        return code;
    }
    if built.counts().total() > 0 { DRIFT } else { 0 }
}

/// Prints every failed read with `consequence`; the exit code when there were any: 2 when each
/// was a usage or configuration error (a missing token), else 1.
pub(super) fn report_failures(built: &Built, consequence: &str) -> Option<i32> {
    if built.failures.is_empty() {
        return None;
    }
    for f in &built.failures {
        print_error(Some(&f.profile), f.context.as_deref(), &f.error);
    }
    eprintln!(
        "roster: {} read{} failed; {consequence}",
        built.failures.len(),
        if built.failures.len() == 1 { "" } else { "s" }
    );
    Some(if built.failures.iter().all(|f| f.error.exit_code() == 2) {
        2
    } else {
        1
    })
}
