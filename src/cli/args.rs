//! Command-line arguments: one definition shared by the entry point, the scripting commands, the
//! sandbox and the TUI.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Browse and change who has access to which workspace, from a terminal.
///
/// With no command, opens the interactive TUI on the configured profiles.
#[derive(Debug, Parser)]
#[command(name = "roster", version, about, long_about = None)]
pub struct Cli {
    /// Config file (default: the platform config dir, e.g. ~/.config/roster/config.toml).
    #[arg(long, global = true, env = "ROSTER_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Refuse every change (add, change role, remove, create workspace, recover), in the TUI and in
    /// every subcommand, before any request is sent.
    #[arg(long, global = true)]
    pub readonly: bool,

    /// What to do; the TUI when absent.
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

/// Output format of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Output {
    /// Aligned columns for people.
    #[default]
    Table,
    /// A JSON array with stable field names.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// Profile and output flags shared by the scripting commands.
#[derive(Debug, Clone, Args)]
pub struct ProfileArg {
    /// Profile name from the config file.
    #[arg(short = 'p', long = "profile", value_name = "PROFILE")]
    pub profile: String,
    /// Read the token from this environment variable instead of the profile's token sources.
    #[arg(long = "token-env", value_name = "VAR")]
    pub token_env: Option<String>,
}

/// Output format of change results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ChangeFormat {
    /// One sentence per change for people.
    #[default]
    Table,
    /// The plan and the outcome of each change as JSON (fields documented in README).
    Json,
}

/// Output flag of the changing commands.
#[derive(Debug, Clone, Copy, Args)]
pub struct ChangeOutputArg {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = ChangeFormat::Table)]
    pub output: ChangeFormat,
}

/// Output format flag.
#[derive(Debug, Clone, Copy, Args)]
pub struct OutputArg {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// List profiles: provider, base URL, where the token comes from and whether it resolves.
    Profiles(OutputArg),
    /// List the workspaces of a profile.
    Workspaces {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// How to print the result.
        #[command(flatten)]
        output: OutputArg,
    },
    /// List the members of a workspace (or, with --all, of every workspace).
    Members {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name (omit with --all).
        #[arg(required_unless_present = "all")]
        workspace: Option<String>,
        /// Also list members whose access is inherited (organisation admins, groups).
        #[arg(long)]
        inherited: bool,
        /// Every membership of every workspace of the profile (access review export).
        #[arg(long, conflicts_with = "workspace")]
        all: bool,
        /// How to print the result.
        #[command(flatten)]
        output: OutputArg,
    },
    /// List the roles a member of a workspace can have.
    Roles {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        /// How to print the result.
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add a user (email or ID) to a workspace with a role.
    Add {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        /// Email address or user ID.
        user: String,
        /// Role name (case-insensitive).
        #[arg(long)]
        role: String,
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Change a member's role.
    SetRole {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        /// Email address or user ID of a direct member.
        user: String,
        /// New role name (case-insensitive).
        role: String,
        /// Demote the workspace's last owner anyway.
        #[arg(long)]
        force: bool,
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Remove a member from a workspace.
    Remove {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        /// Email address or user ID of a direct member.
        user: String,
        /// Do not ask for confirmation (required when stdin is not a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// Remove the workspace's last owner anyway.
        #[arg(long)]
        force: bool,
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Create a workspace.
    CreateWorkspace {
        /// The profile to use.
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace name.
        name: String,
        /// Dreadnode: workspace key (slug); derived from the name when absent.
        #[arg(long)]
        key: Option<String>,
        /// Dreadnode, Paradigm: description.
        #[arg(long)]
        description: Option<String>,
        /// AskUI: billing account email (required by AskUI).
        #[arg(long)]
        billing_email: Option<String>,
        /// AskUI: user ID of the first member.
        #[arg(long)]
        first_member: Option<String>,
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Show the changes the journal says are unfinished (roster was killed, or an emulated change
    /// stopped half-way) beside a fresh read, and complete them (or, with --rollback, undo them).
    Recover {
        /// Undo each unfinished change instead: back to the state it was planned against.
        #[arg(long)]
        rollback: bool,
        /// Only show them with a fresh read; change nothing.
        #[arg(long, conflicts_with = "rollback")]
        dry_run: bool,
        /// Let the recovery remove or demote a workspace's last owner.
        #[arg(long)]
        force: bool,
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Who has access where across every profile, offboarding, copying access, and undo.
    #[command(flatten)]
    People(PeopleCommand),
    /// Show the audit log of attempted changes.
    Audit {
        /// Only this profile.
        #[arg(short = 'p', long = "profile")]
        profile: Option<String>,
        /// Only entries at or after this time (RFC 3339, e.g. 2026-11-22T10:00:00Z, or a date).
        #[arg(long)]
        since: Option<String>,
        /// How to print the result.
        #[command(flatten)]
        output: OutputArg,
    },
    /// Write the current direct memberships to a membership file (TOML or CSV).
    Export(ExportArgs),
    /// Show the changes that would make the servers match a membership file (exit 3 when some).
    Plan(PlanArgs),
    /// Make the servers match a membership file: print the plan, ask, run it.
    Apply(ApplyArgs),
    /// List the grants added, removed and changed between two exports or two members --all CSVs.
    Diff(DiffArgs),
    /// Run the local emulator of the four APIs.
    Sandbox(SandboxArgs),
    /// Open the TUI on a built-in sandbox with a demo dataset (no account or network needed).
    Demo,
    /// Print a shell completion script (for example `roster completions bash > ~/.local/share/bash-completion/completions/roster`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print roster's manual page in roff (for example `roster man > ~/.local/share/man/man1/roster.1`).
    Man,
}

/// Shells `roster completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

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
        /// Which profiles to search.
        #[command(flatten)]
        profiles: ProfilesArg,
        /// How to print the result.
        #[command(flatten)]
        output: OutputArg,
    },
    /// Plan removing every direct grant a person has, across profiles; --apply runs the plan.
    Offboard {
        /// Email address (matched ignoring case) or user ID.
        user: String,
        /// Which profiles to search.
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
        /// How to print the plan and the outcome.
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
        /// Which profiles to search.
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
        /// How to print the plan and the outcome.
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
        /// How to print the plan and the outcome.
        #[command(flatten)]
        output: ChangeOutputArg,
    },
}

/// Options of `roster sandbox` (turned into the sandbox's own options by [`super::sandbox`]).
#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Dataset file (JSON, see README); the bundled demo dataset when absent.
    #[arg(long, value_name = "FILE", conflicts_with = "generate")]
    pub data: Option<PathBuf>,
    /// Generate a dataset: WORKSPACES,MEMBERS per provider.
    #[arg(long, value_name = "WORKSPACES,MEMBERS")]
    pub generate: Option<String>,
    /// Persist every change to this file (atomically); loaded on start when it exists.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Delay every response by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Answer this share of requests (0.0–1.0) with 500, 502 or 503.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub error_rate: f64,
    /// Answer 429 with Retry-After beyond this many requests per second.
    #[arg(long, value_name = "PER_SECOND")]
    pub rate_limit: Option<u32>,
    /// Write a roster config with profiles askui, dreadnode, paradigm and transactionlink.
    #[arg(long, value_name = "FILE")]
    pub write_config: Option<PathBuf>,
}

/// The format of a membership file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum FileFormat {
    /// `[profile."Workspace"]` tables of `"user" = "role"` lines; inherited access as comments.
    #[default]
    Toml,
    /// `profile,workspace,user,role` rows.
    Csv,
}

/// Which differences `plan` and `apply` include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SyncMode {
    /// Adds, role changes and removals of members the file does not list.
    #[default]
    Sync,
    /// Only adds.
    AddOnly,
    /// Only removals of members the file does not list.
    RemoveOnly,
}

/// Options of `roster export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Only these profiles (repeatable; every profile of the config when absent).
    #[arg(short = 'p', long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// Only these workspaces, by ID or name (repeatable).
    #[arg(long = "workspace", value_name = "WORKSPACE")]
    pub workspaces: Vec<String>,
    /// File format.
    #[arg(long, value_enum, default_value_t = FileFormat::Toml)]
    pub format: FileFormat,
    /// Write to this file (replaced whole, only once everything was read) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `roster plan`.
#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// The membership file (TOML, or CSV by its .csv extension or header); `-` reads stdin.
    pub file: PathBuf,
    /// Which differences to plan.
    #[arg(long, value_enum, default_value_t = SyncMode::Sync)]
    pub mode: SyncMode,
    /// How to print the plan and the outcome.
    #[command(flatten)]
    pub output: ChangeOutputArg,
}

/// Options of `roster apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The membership file (TOML, or CSV by its .csv extension or header).
    pub file: PathBuf,
    /// Which differences to apply.
    #[arg(long, value_enum, default_value_t = SyncMode::Sync)]
    pub mode: SyncMode,
    /// Do not ask for confirmation (required when stdin is not a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Go on after a change fails (by default the first failure stops what has not started).
    #[arg(long)]
    pub keep_going: bool,
    /// Apply a plan that leaves a workspace without an owner anyway.
    #[arg(long)]
    pub force: bool,
    /// How to print the plan and the outcome.
    #[command(flatten)]
    pub output: ChangeOutputArg,
}

/// Options of `roster diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The older export or members --all CSV.
    pub old: PathBuf,
    /// The newer one.
    pub new: PathBuf,
    /// How to print the result.
    #[command(flatten)]
    pub output: OutputArg,
}
