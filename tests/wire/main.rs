//! Provider wire formats: each client's exact requests (wiremock), each client against its sandbox
//! emulator over real HTTP, answers lost in flight, and the HTTP layer's retry and timeout discipline.

#[path = "../support/common.rs"]
mod common;
#[path = "../support/engine_run.rs"]
mod engine_run;
#[path = "../support/fault_fixture.rs"]
mod fault_fixture;

mod http_discipline;
mod provider_askui;
mod provider_dreadnode;
mod provider_lost_answers;
mod provider_paradigm;
mod provider_transactionlink;
mod wire_askui;
mod wire_dreadnode;
mod wire_paradigm;
mod wire_transactionlink;
