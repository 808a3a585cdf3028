//! The add member form (`a`): a user field with live detection (email or ID) and validation, the
//! workspace's roles, progress while the request runs and the server's message if it fails.
//!
//! A dialog too big for one file is a folder like this one: `form.rs` holds its state and its keys,
//! `draw.rs` draws it, and this file only names them.

mod draw;
mod form;

pub use form::{AddField, AddForm};
