//! The TUI's state: the [`App`] is the [`Model`] (profiles, panes, toast, changes in flight) plus
//! the open dialog. Fields are private; the rest of the TUI reads through methods and changes the
//! state only through methods that keep it consistent.
//!
//! - `app.rs`: [`App`], the model and the open dialog together;
//! - `model.rs`: [`Model`] and its plain reads; the toast, changes in flight, quitting;
//! - `tree.rs`, `members.rs`, `panes.rs`: the left pane, the right pane, what applies to either;
//! - `loads.rs`: requests out, replies in (stale ones dropped);
//! - `marks.rs`: the marks of the members pane; `jump.rs`: opening a workspace from elsewhere
//!   (the person view) with a member selected; `plans.rs`: plans the worker runs (bulk changes);
//! - `profiles.rs`: the per-profile and per-workspace data ([`ProfileState`], [`MemberRow`], …);
//! - `cursor.rs`, `filter.rs`, `sort.rs`: a list's cursor and moves; a list's `/` filter; how
//!   the lists are sorted.

mod app;
mod cursor;
mod filter;
mod jump;
mod loads;
mod marks;
mod members;
mod model;
mod panes;
mod plans;
mod profiles;
mod sort;
mod tree;

pub use app::App;
pub use cursor::{ListCursor, Move, Pane};
pub use filter::{Filter, filter_rows, match_ranges};
pub(crate) use model::Awaited;
pub use model::{Model, Toast, ToastKind};
pub use profiles::{
    LARGE_ANSWER, MemberRow, MemberRows, MembersState, ProfileSeed, ProfileState, ProfileStatus,
    RolesState, WorkspaceRef, WorkspaceState,
};
pub use sort::{MemberColumn, MemberSort, SortSpec, TreeColumn, TreeSort, member_order};
pub use tree::TreeRow;
