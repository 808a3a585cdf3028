//! Starting the TUI: on its own tokio runtime ([`run`]) or on the caller's ([`run_async`]).

use super::options::{TuiOptions, TuiProfile};
use std::time::Duration;

/// Opens the TUI on `profiles` and returns the process exit code (0 after `q`; 129/130/143 after
/// SIGHUP/SIGINT/SIGTERM; 1 when the terminal went away). Builds a multi-thread tokio runtime;
/// call it from synchronous code. The terminal is restored on every exit path, panics included.
pub fn run(profiles: Vec<TuiProfile>, options: TuiOptions) -> crate::error::RunResult {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = rt.block_on(run_async(profiles, options));
    // In-flight requests are abandoned rather than awaited, so quitting is never slow.
    rt.shutdown_timeout(Duration::from_millis(200));
    code
}

/// [`run`] for callers already inside a tokio runtime. Await it on the thread that owns the
/// terminal (the `main` task or a `block_on`), not in a spawned task: the panic hook restores the
/// terminal only for panics on that thread.
pub async fn run_async(profiles: Vec<TuiProfile>, options: TuiOptions) -> crate::error::RunResult {
    super::terminal::run(profiles, options).await
}
