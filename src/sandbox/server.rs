//! The running sandbox: binds a port, serves [`super::app`] and stops gracefully. This is the
//! programmatic API used by `roster sandbox`, `roster demo`, the integration tests and the
//! benchmarks.

use super::conn::{ConnHandle, KillableListener};
use super::faults::{FaultControl, validate_error_rate};
use super::store::{self, Dataset, Store};
use crate::http::HttpSettings;
use crate::model::ProviderKind;
use crate::providers::{ProviderConfig, ProviderSettings};
use crate::secret::Secret;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long a stop waits for requests in flight before the server is dropped anyway (a scripted
/// delay or a slow reader must not make shutdown hang).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// How to start a [`Sandbox`].
#[derive(Clone)]
pub struct SandboxOptions {
    /// Address to bind; port 0 picks a free port ([`Sandbox::addr`] tells which).
    pub listen: SocketAddr,
    /// The initial state (ignored when `state_file` exists: the saved state wins).
    pub dataset: Dataset,
    /// Where every change is saved atomically; loaded at start when it exists, created from
    /// `dataset` when it does not.
    pub state_file: Option<PathBuf>,
    /// Delay added to every response.
    pub latency: Duration,
    /// Share of requests (0.0 to 1.0) answered with a random 500, 502 or 503.
    pub error_rate: f64,
    /// Requests admitted per second (any one-second window) before answering 429; at least 1.
    pub rate_limit: Option<u32>,
}

impl SandboxOptions {
    /// Serves `dataset` on a free loopback port, in memory, with no faults.
    pub fn new(dataset: Dataset) -> Self {
        SandboxOptions {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            dataset,
            state_file: None,
            latency: Duration::ZERO,
            error_rate: 0.0,
            rate_limit: None,
        }
    }
}

/// A running sandbox server. Dropping it stops the server too (without waiting); prefer
/// [`Sandbox::shutdown`], which waits until the port is released.
pub struct Sandbox {
    addr: SocketAddr,
    store: Arc<Store>,
    faults: Arc<FaultControl>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `opts.listen` and starts serving on the current tokio runtime (any flavour; with a
    /// current-thread runtime the server only makes progress while that runtime is driven).
    ///
    /// Fails with `InvalidInput` for an error rate outside 0..=1 or a rate limit of 0, with the
    /// bind error (e.g. `AddrInUse`) when the port is taken, and with `InvalidData` or the I/O error
    /// when the state file cannot be read or created.
    pub async fn start(opts: SandboxOptions) -> io::Result<Sandbox> {
        let error_rate = validate_error_rate(opts.error_rate)?;
        if opts.rate_limit == Some(0) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "rate limit must be at least 1 request per second",
            ));
        }
        let data = initial_state(opts.dataset, opts.state_file.as_deref())?;
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|e| {
                io::Error::new(e.kind(), format!("cannot listen on {}: {e}", opts.listen))
            })?;
        let addr = listener.local_addr()?;

        let store = Arc::new(Store::new(data, opts.state_file));
        let faults = Arc::new(FaultControl::new());
        faults.set_latency(opts.latency);
        faults.set_error_rate(error_rate)?;
        faults.set_rate_limit(opts.rate_limit);

        let app = super::app(store.clone(), faults.clone())
            .into_make_service_with_connect_info::<ConnHandle>();
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(serve_until_stopped(
            KillableListener::new(listener),
            app,
            stopped,
        ));
        tracing::info!(%addr, "sandbox listening");
        Ok(Sandbox {
            addr,
            store,
            faults,
            stop,
            task: Some(task),
        })
    }

    /// The bound address (the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of one emulated API, e.g. `http://127.0.0.1:PORT/askui`. A wildcard bind address
    /// (0.0.0.0, ::) is given as loopback so the URL can be used to connect.
    pub fn base_url(&self, kind: ProviderKind) -> String {
        format!("http://{}/{}", connectable(self.addr), kind.as_str())
    }

    /// The server's state, to seed, change or inspect it directly.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Fault injection controls; changes apply from the next request on.
    pub fn faults(&self) -> &Arc<FaultControl> {
        &self.faults
    }

    /// A ready client config for one emulated API: its base URL and the dataset's token (and the
    /// the provider settings its emulator asks for, such as Dreadnode's organisation), default HTTP
    /// settings, no observer.
    pub fn provider_config(&self, kind: ProviderKind) -> ProviderConfig {
        let emulator = crate::registry::find(kind).map(|p| p.emulator);
        let (token, settings) = self.store.read(|data| {
            let section = data.section(kind);
            let settings =
                emulator.map_or_else(ProviderSettings::new, |e| (e.profile_settings)(section));
            (section.token.clone(), settings)
        });
        ProviderConfig {
            kind,
            base_url: self.base_url(kind),
            token: Secret::new(token),
            settings,
            http: HttpSettings::default(),
            observer: None,
        }
    }

    /// Requests received since start (any path, any outcome, faults included).
    pub fn request_count(&self) -> u64 {
        self.faults.request_count()
    }

    /// Stops accepting connections, lets requests in flight finish (up to one second) and returns
    /// once the listening socket is closed.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        tracing::info!(addr = %self.addr, "sandbox stopped");
    }
}

// Written by hand: the dataset holds the sandbox tokens, which never go into Debug output.
impl std::fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("listen", &self.listen)
            .field("state_file", &self.state_file)
            .field("latency", &self.latency)
            .field("error_rate", &self.error_rate)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .field("requests", &self.request_count())
            .finish_non_exhaustive()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // The server task sees this and winds down on its own; Drop cannot wait for it.
        self.stop.send_replace(true);
    }
}

/// The state to start from: the state file when it exists, else `dataset` (then saved to the
/// state file at once, so a bad path fails now rather than on the first change).
fn initial_state(dataset: Dataset, state_file: Option<&Path>) -> io::Result<Dataset> {
    let Some(path) = state_file else {
        return Ok(dataset);
    };
    if path.exists() {
        return store::load(path).map_err(|e| {
            if e.kind() == io::ErrorKind::InvalidData {
                e
            } else {
                io::Error::new(
                    e.kind(),
                    format!("cannot read state file {}: {e}", path.display()),
                )
            }
        });
    }
    store::save_atomically(path, &dataset).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create state file {}: {e}", path.display()),
        )
    })?;
    Ok(dataset)
}

/// Serves until `stopped` turns true (or its sender is gone), then gives requests in flight
/// [`SHUTDOWN_GRACE`] to finish.
async fn serve_until_stopped(
    listener: KillableListener,
    app: axum::extract::connect_info::IntoMakeServiceWithConnectInfo<axum::Router, ConnHandle>,
    stopped: watch::Receiver<bool>,
) {
    let mut signal_rx = stopped.clone();
    let signal = async move {
        let _ = signal_rx.wait_for(|stop| *stop).await;
    };
    let mut grace_rx = stopped;
    let grace = async move {
        let _ = grace_rx.wait_for(|stop| *stop).await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(signal);
    tokio::select! {
        result = std::future::IntoFuture::into_future(server) => {
            if let Err(e) = result {
                tracing::warn!("sandbox server failed: {e}");
            }
        }
        () = grace => tracing::debug!("sandbox stopped with requests still in flight"),
    }
}

/// `addr` with a wildcard IP replaced by loopback of the same family.
fn connectable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    }
}
