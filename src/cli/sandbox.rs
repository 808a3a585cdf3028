//! `roster sandbox`: turns the command's flags into the sandbox's own [`StandaloneOptions`] and
//! hands over to [`crate::sandbox::standalone::run`]. Flag values are checked here, so every
//! message names the flag at fault.

use super::args::SandboxArgs;
use crate::sandbox::faults::validate_error_rate;
use crate::sandbox::standalone::{
    self, DatasetSource, MAX_GENERATED_MEMBERSHIPS, StandaloneOptions,
};
use std::time::Duration;

/// Exit code for a bad flag value.
const USAGE_ERROR: i32 = 2;

/// Runs `roster sandbox`; returns the exit code (0 after a clean stop, 2 for bad input).
pub fn run(args: SandboxArgs) -> crate::error::RunResult {
    match options(args) {
        Ok(options) => standalone::run(options),
        Err(message) => {
            eprintln!("roster sandbox: {message}");
            Ok(USAGE_ERROR)
        }
    }
}

/// The sandbox's options for these flags, or a message naming the flag with a bad value.
fn options(args: SandboxArgs) -> Result<StandaloneOptions, String> {
    let error_rate =
        validate_error_rate(args.error_rate).map_err(|e| format!("--error-rate: {e}"))?;
    if args.rate_limit == Some(0) {
        return Err("--rate-limit: must be at least 1 request per second".into());
    }
    let dataset = match (args.data, args.generate) {
        (Some(path), _) => DatasetSource::File(path),
        (None, Some(spec)) => {
            let (workspaces, members) = parse_generate(&spec)?;
            DatasetSource::Generate {
                workspaces,
                members,
            }
        }
        (None, None) => DatasetSource::Demo,
    };
    Ok(StandaloneOptions {
        listen: args.listen,
        dataset,
        state_file: args.state,
        latency: Duration::from_millis(args.latency),
        error_rate,
        rate_limit: args.rate_limit,
        write_config: args.write_config,
    })
}

/// Parses `--generate W,M`: two positive whole numbers, at most the sandbox's membership bound.
fn parse_generate(spec: &str) -> Result<(usize, usize), String> {
    let usage = || format!("--generate: expected WORKSPACES,MEMBERS such as 20,15, got {spec:?}");
    let (w, m) = spec.split_once(',').ok_or_else(usage)?;
    let workspaces: usize = w.trim().parse().map_err(|_| usage())?;
    let members: usize = m.trim().parse().map_err(|_| usage())?;
    if workspaces == 0 || members == 0 {
        return Err(format!(
            "--generate: workspaces and members must be at least 1, got {spec:?}"
        ));
    }
    if workspaces.saturating_mul(members) > MAX_GENERATED_MEMBERSHIPS {
        return Err(format!(
            "--generate: at most {MAX_GENERATED_MEMBERSHIPS} memberships per provider \
             (workspaces × members), got {spec:?}"
        ));
    }
    Ok((workspaces, members))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_sizes_must_be_two_positive_numbers() {
        assert_eq!(parse_generate("20,15"), Ok((20, 15)));
        assert_eq!(parse_generate(" 3 , 4 "), Ok((3, 4)));
        for bad in ["20", "20,", ",15", "a,b", "0,5", "5,0", "-1,5", "2000000,2"] {
            assert!(parse_generate(bad).is_err(), "{bad}");
        }
    }
}
