//! The sandbox: its emulators' wire format checked with a plain HTTP client, its dataset, its fault
//! injection, its server and the `roster sandbox` command.

#[path = "../support/common.rs"]
mod common;

mod emulator_askui;
mod emulator_dreadnode;
mod sandbox_cli;
mod sandbox_dataset;
mod sandbox_faults;
mod sandbox_server;
