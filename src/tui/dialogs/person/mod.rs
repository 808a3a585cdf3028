//! The person view (`u`): every workspace, across every profile, where one person has access.
//!
//! The worker runs the library's person finder ([`crate::people::find_person`]) over every usable
//! profile, each within its own bound, and answers each finding as it comes; the view fills in
//! under a progress gauge, and replies of an earlier search are dropped by their request number.
//! Rows (the direct grant and each inherited access, with the effective role when both) are kept
//! in profile and workspace order and can be selected: Enter opens that workspace in the panes
//! with the member selected. The progress says how many workspaces were read and how many failed,
//! and what failed is listed with its error, as are profiles listing members without an email.
//!
//! Direct grants can be marked (`space`, `*`); `x` then previews removing every marked grant (or
//! the selected one) as one plan across profiles, asks once, and runs it ([`super::bulk`]).

//! `view.rs` holds its state and keys, `rows.rs` what a row is, `draw.rs` draws it; this file only
//! names them.

mod draw;
mod rows;
mod view;

pub use rows::{Failure, GrantKey, PersonRow, WithoutEmail};
pub use view::PersonView;
