//! A TCP listener whose connections the fault layer can kill, so that [`super::faults::Fault::ResetConnection`]
//! really closes the socket before a single byte of the answer is written (a handler cannot reach
//! the socket through axum otherwise).

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Wraps a bound [`TcpListener`]; each accepted stream carries a kill switch.
#[derive(Debug)]
pub struct KillableListener {
    inner: TcpListener,
}

impl KillableListener {
    /// Wraps `inner`.
    pub fn new(inner: TcpListener) -> Self {
        KillableListener { inner }
    }
}

impl Listener for KillableListener {
    type Io = KillableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        // axum's own impl retries and backs off on accept errors; reuse it.
        let (stream, addr) = Listener::accept(&mut self.inner).await;
        // Small request/answer exchanges: don't let Nagle add 40 ms to each.
        let _ = stream.set_nodelay(true);
        let stream = KillableStream {
            inner: stream,
            kill: Arc::new(AtomicBool::new(false)),
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// An accepted connection that fails every read and write once its [`ConnHandle`] is killed.
#[derive(Debug)]
pub struct KillableStream {
    inner: TcpStream,
    kill: Arc<AtomicBool>,
}

impl KillableStream {
    /// Once killed: make the close a TCP reset (no lingering, no graceful FIN) and report an error
    /// so hyper drops the connection without writing anything more.
    fn killed(&self) -> Option<io::Error> {
        if self.kill.load(Ordering::Acquire) {
            let _ = self.inner.set_zero_linger();
            Some(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "sandbox injected connection reset",
            ))
        } else {
            None
        }
    }
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(e) = self.killed() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Some(e) = self.killed() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if let Some(e) = self.killed() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(e) = self.killed() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(e) = self.killed() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Per-connection handle given to handlers as `ConnectInfo<ConnHandle>`.
#[derive(Debug, Clone)]
pub struct ConnHandle {
    kill: Arc<AtomicBool>,
}

impl ConnHandle {
    /// Makes the connection fail: nothing more is read or written and the socket is reset.
    pub fn kill(&self) {
        self.kill.store(true, Ordering::Release);
    }
}

impl Connected<IncomingStream<'_, KillableListener>> for ConnHandle {
    fn connect_info(stream: IncomingStream<'_, KillableListener>) -> Self {
        ConnHandle {
            kill: stream.io().kill.clone(),
        }
    }
}
