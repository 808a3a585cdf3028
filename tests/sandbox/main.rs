//! The sandbox: its emulators' wire format checked with a plain HTTP client, its dataset, its fault
//! injection (the ignored change included), its server, the `roster sandbox` command and its scale.

#[path = "../support/common.rs"]
mod common;

mod emulator_askui;
mod emulator_dreadnode;
mod ignored_changes;
mod sandbox_cli;
mod sandbox_dataset;
mod sandbox_faults;
mod sandbox_server;
mod scale;
