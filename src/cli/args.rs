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
        #[command(flatten)]
        profile: ProfileArg,
        #[command(flatten)]
        output: OutputArg,
    },
    /// List the members of a workspace (or, with --all, of every workspace).
    Members {
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
        #[command(flatten)]
        output: OutputArg,
    },
    /// List the roles a member of a workspace can have.
    Roles {
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        #[command(flatten)]
        output: OutputArg,
    },
    /// Add a user (email or ID) to a workspace with a role.
    Add {
        #[command(flatten)]
        profile: ProfileArg,
        /// Workspace ID or exact name.
        workspace: String,
        /// Email address or user ID.
        user: String,
        /// Role name (case-insensitive).
        #[arg(long)]
        role: String,
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Change a member's role.
    SetRole {
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
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Remove a member from a workspace.
    Remove {
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
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Create a workspace.
    CreateWorkspace {
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
        #[command(flatten)]
        output: ChangeOutputArg,
    },
    /// Show the audit log of attempted changes.
    Audit {
        /// Only this profile.
        #[arg(short = 'p', long = "profile")]
        profile: Option<String>,
        /// Only entries at or after this time (RFC 3339, e.g. 2026-11-22T10:00:00Z, or a date).
        #[arg(long)]
        since: Option<String>,
        #[command(flatten)]
        output: OutputArg,
    },
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
