//! Arguments of the commands about one person across every profile: `who`, `offboard`,
//! `copy-access`, and `undo`. Flattened into [`super::args::Command`].

use super::args::{ChangeOutputArg, OutputArg};
use clap::{Args, Subcommand};

/// Profiles to search: the ones named, or every configured profile.
#[derive(Debug, Clone, Args)]
pub struct ProfilesArg {
    /// Only this profile (repeat for several); every configured profile when absent.
    #[arg(short = 'p', long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
}

/// The commands about one person across profiles.
#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Every workspace, across every profile, where a person has access (direct and inherited).
    Who {
        /// Email address (matched ignoring case) or user ID.
        user: String,
        #[command(flatten)]
        profiles: ProfilesArg,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Plan removing every direct grant a person has, across profiles; --apply runs the plan.
    Offboard {
        /// Email address (matched ignoring case) or user ID.
        user: String,
        #[command(flatten)]
        profiles: ProfilesArg,
        /// Run the plan (without it, only print it: nothing is sent).
        #[arg(long)]
        apply: bool,
        /// Do not ask before running the plan (required with --apply when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Also remove the grants where the person is the workspace's last owner.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Plan giving TO every direct grant FROM has, with the same role; --apply runs the plan.
    CopyAccess {
        /// The person whose access is copied: email address or user ID.
        from: String,
        /// The person who gets it: email address (added by email where the provider allows it) or
        /// user ID.
        to: String,
        #[command(flatten)]
        profiles: ProfilesArg,
        /// Run the plan (without it, only print it: nothing is sent).
        #[arg(long)]
        apply: bool,
        /// Do not ask before running the plan (required with --apply when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Where TO already has a lower role, raise it to FROM's (nobody is demoted).
        #[arg(long)]
        upgrade: bool,
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Undo a change (by default the last one that took effect): re-add, restore the old role, or
    /// remove who was added. Change IDs are in `roster audit` and in `-o json` results.
    Undo {
        /// The change's ID (`change_id` in `roster audit`, `id` in JSON results).
        id: Option<String>,
        /// Only say what the undo would do; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask first (required when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Let the undo remove or demote a workspace's last owner.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        output: ChangeOutputArg,
    },
}

impl PeopleCommand {
    /// Whether the command asks before changing anything and was not told `--yes`: it must then
    /// be run on a terminal.
    pub fn needs_a_terminal(&self) -> bool {
        match self {
            PeopleCommand::Who { .. } => false,
            PeopleCommand::Offboard { apply, yes, .. }
            | PeopleCommand::CopyAccess { apply, yes, .. } => *apply && !*yes,
            PeopleCommand::Undo { dry_run, yes, .. } => !*dry_run && !*yes,
        }
    }

    /// Whether the command sends changes (read-only refuses it).
    pub fn changes(&self) -> bool {
        match self {
            PeopleCommand::Who { .. } => false,
            PeopleCommand::Offboard { apply, .. } | PeopleCommand::CopyAccess { apply, .. } => {
                *apply
            }
            PeopleCommand::Undo { dry_run, .. } => !*dry_run,
        }
    }
}
