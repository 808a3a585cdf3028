//! A small HTTP server written for the hostile-server suite: not the sandbox, and not a mock of
//! roster's code. It reads a request's head, asks the test's script what to answer, and writes
//! whatever bytes the script says, as fast or as slowly as it says: a 5 MB error, 32 MiB of tiny
//! JSON objects generated on the fly, pages that never end, one byte per second.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the server received.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// Path and query.
    pub path: String,
}

/// What the server sends back.
pub enum Reply {
    /// A status and a body, with `Content-Length`.
    Full {
        /// HTTP status.
        status: u16,
        /// The body.
        body: Vec<u8>,
    },
    /// 200 with a body made of `count` repetitions of `unit` between `open` and `close`, generated
    /// while it is written (with `Content-Length`), so the server never holds it.
    Repeated {
        /// Written first.
        open: Vec<u8>,
        /// Repeated.
        unit: Vec<u8>,
        /// How many times.
        count: usize,
        /// Written last.
        close: Vec<u8>,
    },
    /// 200 whose body comes one byte every `interval`, with a `Content-Length` it takes minutes to
    /// reach.
    Slow {
        /// The body.
        body: Vec<u8>,
        /// Time between two bytes.
        interval: Duration,
    },
}

impl Reply {
    /// A JSON body with `status`.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            body: body.into(),
        }
    }
}

/// Decides the reply to each request.
pub type Script = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A running server; stops with the test's runtime.
pub struct Hostile {
    /// Where it listens.
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Hostile {
    /// Starts a server answering with `script` on a free loopback port.
    pub async fn start(script: Script) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (script, log) = (script.clone(), log.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, script, log).await;
                });
            }
        });
        Hostile { addr, seen }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests whose path contains `part` arrived so far.
    pub fn count(&self, part: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.path.contains(part))
            .count()
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// Answers the requests of one connection, one at a time, until it closes.
async fn serve(
    stream: TcpStream,
    script: Script,
    log: Arc<Mutex<Vec<Request>>>,
) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    loop {
        let mut head = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            if stream.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
            if head.len() > 64 * 1024 {
                return Ok(());
            }
        }
        let mut words = head.split_whitespace();
        let request = Request {
            method: words.next().unwrap_or_default().to_string(),
            path: words.next().unwrap_or_default().to_string(),
        };
        let headers: HashMap<String, String> = head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length.min(1 << 20)];
        stream.read_exact(&mut body).await?;
        log.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(request.clone());
        let reply = script(&request);
        write(stream.get_mut(), reply).await?;
    }
}

fn head(status: u16, length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n",
        if status < 400 { "OK" } else { "Error" }
    )
    .into_bytes()
}

async fn write(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Full { status, body } => {
            stream.write_all(&head(status, body.len())).await?;
            stream.write_all(&body).await?;
        }
        Reply::Repeated {
            open,
            unit,
            count,
            close,
        } => {
            let length = open.len() + unit.len() * count + close.len();
            stream.write_all(&head(200, length)).await?;
            stream.write_all(&open).await?;
            // Written in blocks of about 64 KB: the body is never held whole.
            let per_block = (64 * 1024 / unit.len().max(1)).max(1);
            let block = unit.repeat(per_block);
            let mut left = count;
            while left > 0 {
                let n = left.min(per_block);
                stream.write_all(&block[..n * unit.len()]).await?;
                left -= n;
            }
            stream.write_all(&close).await?;
        }
        Reply::Slow { body, interval } => {
            stream.write_all(&head(200, body.len())).await?;
            stream.flush().await?;
            for byte in body {
                tokio::time::sleep(interval).await;
                stream.write_all(&[byte]).await?;
                stream.flush().await?;
            }
        }
    }
    stream.flush().await
}
