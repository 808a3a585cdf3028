//! The runtime: the terminal, the worker, signals and the frame loop.

pub(crate) mod configured;
pub(crate) mod demo;
pub mod frame;
pub mod headless;
pub(crate) mod host;
pub(crate) mod memory;
pub mod scroll;
pub(crate) mod terminal;
pub mod worker;
