//! A change of every marked row, as one plan (GAM and Terraform: preview before every bulk
//! change): `x` removes the marked members (or, from the person view, the marked grants across
//! profiles), `e` first asks for the role every marked member gets.
//!
//! 1. **Preview**: one line per change (each built by [`crate::engine::planner::from_row`] from the
//!    row as it was seen), members who already have the role left out and listed, and the changes
//!    that would leave a workspace without an owner flagged: the engine refuses those unless the
//!    admin confirms again. The focus starts on Cancel (k9s).
//! 2. **Progress**: the plan runs in the worker through [`crate::engine::Engine::run_plan`], every
//!    change even when one fails; each outcome fills in its row as it comes (`n of N`).
//! 3. **Result**: every row's outcome; the failures are listed with the server's words and their
//!    rows stay marked. Changes refused as last owners can then be done anyway with Enter.
//!
//! Esc while it runs only hides the dialog: the plan goes on, marks still follow the outcomes, and
//! a message says how it ended.

//! `change.rs` holds its state and keys, `build.rs` builds it from the members pane's marks (and
//! flags last owners), `draw.rs` draws it; this file only names them.

mod build;
mod change;
mod draw;

pub use build::{remove_marked, role_marked};
pub use change::{BulkChange, Button, Item, ItemResult, Origin, Stage};
