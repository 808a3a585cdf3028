//! Membership as code: a file that declares who has which role in which workspace, meant to be
//! edited by hand and reviewed in git.
//!
//! - [`file`](mod@file): what a file declares once read, and its errors (`file:line: …`, with the valid
//!   values where there is a choice); [`toml_text`] and [`csv_text`] read the two formats, and
//!   `MembershipFile::parse` picks the reader.
//! - [`export`]: what `roster export` writes, built from server listings, in a fixed order
//!   ([`toml_text::write`] writes it as TOML).
//! - [`reconcile`]: one declared workspace against its listing: the adds, role changes and
//!   removals a mode plans, and whether the whole plan leaves the workspace an owner.
//! - [`diff`]: two exports (or two `members --all` listings) compared, offline.
//!
//! Nothing here reads a server or names a provider: the CLI lists, this decides, and the change
//! engine runs what was decided.

pub mod csv_text;
pub mod diff;
pub mod export;
pub mod file;
mod read;
pub mod reconcile;
pub mod toml_text;

pub use file::{FileError, Format, GrantDecl, MembershipFile, ProfileDecl, WorkspaceDecl};
pub use reconcile::{Counts, Difference, Mode};
