//! One person across every profile: where they have access ([`find`]), what roster cannot remove
//! and where to remove it ([`remaining`]), and the plans built from what was found: offboarding
//! (remove every direct grant, [`offboard`]) and copying someone's grants to someone else
//! ([`copy`]). The plans run through the change engine like any change; undo lives there too
//! ([`crate::engine::undo`]).
//!
//! Nothing here names a provider: everything goes through [`crate::providers::Provider`] and its
//! capabilities.

pub mod copy;
pub mod find;
pub mod offboard;
pub mod remaining;

pub use find::{Checked, Found, PersonAccess, Source, find_person};
