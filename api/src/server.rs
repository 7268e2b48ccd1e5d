//! The plain HTTP server (when not on AWS Lambda): hyper's HTTP/1 connections under a cap, with
//! timeouts for slow, idle and non-reading clients and a shutdown that ends within a grace period
//! whatever clients do.
//!
//! Every request carries `axum::extract::ConnectInfo<SocketAddr>`, the peer's address, in its extensions.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_io_timeout::TimeoutStream;
use tower::Layer;

/// How long a connection may take to send a whole request head, counted from when it opens or from
/// its last response. hyper arms this one timer both for a half-sent head and for an idle keep-alive
/// connection waiting for its next request, so it is the header-read and the idle timeout at once.
/// 10 s is long for any real client on a slow phone network and short enough that slow clients
/// give back their file descriptors quickly.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// A client that takes nothing of a response for this many idle timeouts (30 s by default) is closed:
/// else one that asks for more than the kernel's socket buffers hold (a large batch answer, the 2.7 MB
/// snapshot a few times over) and reads none of it holds its connection for ever. Longer than the
/// idle timeout because a phone's stalled link can retransmit for many seconds and recover.
const WRITE_STALL_IDLE_TIMEOUTS: u32 = 3;

/// How long shutdown lets in-flight requests finish before the remaining connections are closed.
/// Requests themselves time out after 10 s, so this lets every honest one end; orchestrators
/// usually wait 30 s before they kill a process.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Connections served at once when `MAX_CONNECTIONS` is not set (fewer if `ulimit -n` is lower). More
/// wait in the kernel's accept queue. Each costs a task and hyper's buffers (8 KiB, at most
/// [`MAX_BUF_BYTES`] each way), so this bounds memory too.
pub const DEFAULT_MAX_CONNECTIONS: usize = 2048;

/// File descriptors kept for what is not a client socket: the listener, the runtime, stdio.
const RESERVED_FDS: u64 = 64;

/// The request line and headers together. The API's own middleware answers long URIs (414) and large
/// headers (431) with its JSON error body; hyper's limits are well above those so that only absurd
/// requests get hyper's bare answer.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Headers per request, twice the 100 that hyper parses without allocating, for the same reason.
const MAX_HEADERS: usize = 200;

/// hyper's read and write buffers per connection grow up to this (its default is 408 KiB).
const MAX_BUF_BYTES: usize = MAX_HEAD_BYTES;

/// The first wait after an accept error such as "Too many open files", doubled up to the longest, so
/// that the loop never spins while it waits for descriptors to be freed.
const ACCEPT_RETRY_FIRST: Duration = Duration::from_millis(10);
const ACCEPT_RETRY_LONGEST: Duration = Duration::from_secs(1);

/// The server's tunables, from the environment (`MAX_CONNECTIONS`, `IDLE_TIMEOUT_SECS`,
/// `SHUTDOWN_GRACE_SECS`) or the defaults above.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub max_connections: usize,
    pub idle_timeout: Duration,
    pub shutdown_grace: Duration,
}

impl Config {
    /// How long a write may wait for the client to read (see [`WRITE_STALL_IDLE_TIMEOUTS`]).
    pub fn write_stall_timeout(&self) -> Duration {
        self.idle_timeout * WRITE_STALL_IDLE_TIMEOUTS
    }
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(|name| std::env::var(name).ok(), fd_budget())
    }

    /// `fd_budget`: the connections the file-descriptor limit leaves room for, if it is known.
    fn from_vars(var: impl Fn(&str) -> Option<String>, fd_budget: Option<usize>) -> Result<Self, String> {
        let positive = |name: &str| -> Result<Option<u64>, String> {
            match var(name).as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(text) => match text.parse::<u64>() {
                    Ok(0) | Err(_) => Err(format!("{name}: expected a whole number above 0, got {text:?}")),
                    Ok(value) => Ok(Some(value)),
                },
            }
        };
        let max_connections = match positive("MAX_CONNECTIONS")? {
            Some(value) => {
                let value = usize::try_from(value).unwrap_or(usize::MAX);
                if let Some(budget) = fd_budget.filter(|&budget| value > budget) {
                    tracing::warn!(
                        "MAX_CONNECTIONS={value} is more than the {budget} connections that the file-descriptor \
                         limit leaves room for: accepting may fail with \"Too many open files\" (the server then \
                         waits and retries)"
                    );
                }
                value
            }
            None => fd_budget.map_or(DEFAULT_MAX_CONNECTIONS, |budget| budget.clamp(1, DEFAULT_MAX_CONNECTIONS)),
        };
        let seconds = |name, default| Ok::<_, String>(positive(name)?.map_or(default, Duration::from_secs));
        Ok(Self {
            max_connections,
            idle_timeout: seconds("IDLE_TIMEOUT_SECS", IDLE_TIMEOUT)?,
            shutdown_grace: seconds("SHUTDOWN_GRACE_SECS", SHUTDOWN_GRACE)?,
        })
    }
}

/// Connections that fit under the soft `RLIMIT_NOFILE`: two descriptors each (the socket and a file
/// of the app being sent), after [`RESERVED_FDS`]. `None` when unlimited or unknown.
#[cfg(unix)]
fn fd_budget() -> Option<usize> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given a valid pointer to.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    #[allow(clippy::useless_conversion, reason = "rlim_t is u64 on most targets, not all")]
    let open_files = u64::try_from(limit.rlim_cur).ok()?;
    Some(usize::try_from(open_files.saturating_sub(RESERVED_FDS) / 2).unwrap_or(usize::MAX))
}

#[cfg(not(unix))]
fn fd_budget() -> Option<usize> {
    None
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT). The handlers are installed before this returns, so a
/// signal sent as soon as the server says it listens is already a graceful shutdown.
pub fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Serves `app` on `listener` until `shutdown` resolves; then stops accepting, lets in-flight requests
/// finish (idle connections close at once) and returns when every connection is closed or the grace
/// period is over, closing those still open.
pub async fn serve(listener: TcpListener, app: Router, config: Config, shutdown: impl Future<Output = ()>) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.idle_timeout)
        .max_header_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .max_buf_size(MAX_BUF_BYTES);
    let slots = Arc::new(Semaphore::new(config.max_connections));
    let graceful = GracefulShutdown::new();
    // Owns every connection's task: the ones still running when serve returns are dropped, which closes them.
    let mut connections = JoinSet::new();
    let mut retry = ACCEPT_RETRY_FIRST;
    tokio::pin!(shutdown);

    loop {
        // A slot first, so that beyond the cap new connections wait in the kernel's queue.
        let (accepted, slot) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            permit = Arc::clone(&slots).acquire_owned() => {
                let slot = permit.expect("the semaphore is never closed");
                tokio::select! {
                    biased;
                    () = &mut shutdown => break,
                    accepted = listener.accept() => (accepted, slot),
                }
            }
        };
        while connections.try_join_next().is_some() {}
        let (stream, peer) = match accepted {
            Ok(accepted) => {
                retry = ACCEPT_RETRY_FIRST;
                accepted
            }
            // The client gave up before it was accepted: nothing is wrong with the server.
            Err(error) if is_connection_error(&error) => continue,
            Err(error) => {
                tracing::error!(%error, retry_in_ms = retry.as_millis(), "cannot accept a connection");
                drop(slot);
                tokio::select! {
                    biased;
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(retry) => {}
                }
                retry = (retry * 2).min(ACCEPT_RETRY_LONGEST);
                continue;
            }
        };
        // Responses are written whole or streamed in chunks; waiting for ACKs would only add latency.
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(config.write_stall_timeout()));
        let service = TowerToHyperService::new(axum::Extension(ConnectInfo(peer)).layer(app.clone()));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(Box::pin(stream)), service));
        connections.spawn(async move {
            // Timeouts and clients that go away end here; none of it is the server's fault.
            if let Err(error) = connection.await {
                tracing::debug!(%peer, %error, "connection ended");
            }
            drop(slot);
        });
    }

    // No new connections from here: they are refused.
    drop(listener);
    while connections.try_join_next().is_some() {}
    let open = connections.len();
    tracing::info!(open, grace_secs = config.shutdown_grace.as_secs(), "shutting down");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every connection closed"),
        () = tokio::time::sleep(config.shutdown_grace) => {
            while connections.try_join_next().is_some() {}
            tracing::warn!(open = connections.len(), "grace period over: closing the connections still open");
        }
    }
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)], fd_budget: Option<usize>) -> Result<Config, String> {
        Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned()), fd_budget)
    }

    #[test]
    fn defaults_stay_under_the_file_descriptor_limit() {
        let unlimited = config(&[], None).unwrap();
        assert_eq!(
            unlimited,
            Config {
                max_connections: DEFAULT_MAX_CONNECTIONS,
                idle_timeout: IDLE_TIMEOUT,
                shutdown_grace: SHUTDOWN_GRACE
            }
        );
        assert_eq!(config(&[], Some(100_000)).unwrap().max_connections, DEFAULT_MAX_CONNECTIONS);
        assert_eq!(config(&[], Some(480)).unwrap().max_connections, 480);
        assert_eq!(config(&[], Some(0)).unwrap().max_connections, 1);
    }

    #[test]
    fn environment_overrides_are_parsed_and_checked() {
        let set = config(
            &[("MAX_CONNECTIONS", "5000"), ("IDLE_TIMEOUT_SECS", " 75 "), ("SHUTDOWN_GRACE_SECS", "25")],
            Some(480),
        )
        .unwrap();
        // An operator's explicit cap is kept (with a warning) even above the descriptor budget.
        assert_eq!(set.max_connections, 5000);
        assert_eq!(set.idle_timeout, Duration::from_secs(75));
        assert_eq!(set.shutdown_grace, Duration::from_secs(25));
        assert_eq!(config(&[("IDLE_TIMEOUT_SECS", "")], None).unwrap().idle_timeout, IDLE_TIMEOUT);
        for (name, bad) in [("MAX_CONNECTIONS", "0"), ("IDLE_TIMEOUT_SECS", "1.5"), ("SHUTDOWN_GRACE_SECS", "-1")] {
            let error = config(&[(name, bad)], None).unwrap_err();
            assert!(error.starts_with(name) && error.contains(bad), "{error}");
        }
    }

    /// The extension the rate limiter reads: the address of the connection's peer.
    #[tokio::test]
    async fn every_request_carries_the_peer_address() {
        use std::net::SocketAddr;
        use tokio::io::{AsyncReadExt, AsyncWriteExt};

        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let app = Router::new().route(
            "/",
            axum::routing::get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.to_string() }),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, config(&[], None).unwrap(), async {
            let _ = stopped.await;
        }));
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let client = stream.local_addr().unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        assert!(response.starts_with("HTTP/1.1 200") && response.ends_with(&client.to_string()), "{response}");
        stop.send(()).unwrap();
        server.await.unwrap();
    }

    /// The budget follows the soft limit that the kernel reports for this process.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_file_descriptor_budget_follows_the_soft_limit() {
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
        let soft = limits.lines().find_map(|line| line.strip_prefix("Max open files")).unwrap();
        let expected = match soft.split_whitespace().next().unwrap() {
            "unlimited" => None,
            number => Some((number.parse::<usize>().unwrap().saturating_sub(RESERVED_FDS as usize)) / 2),
        };
        assert_eq!(fd_budget(), expected);
    }
}
