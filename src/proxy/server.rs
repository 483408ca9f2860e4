//! Listeners, serving threads, connections and shutdown.
//!
//! Threads: `server.threads` serving threads (one per core by default), each
//! with a single-threaded tokio runtime of its own; the thread that calls
//! [`Server::bind`] serves on its own runtime as the first of them. Each
//! listener accepts on that first thread and hands the connections out in
//! turn; a connection then lives on one thread, with that thread's upstream
//! pool, for good. A request's client leg, redaction and upstream leg thus
//! run on one thread without waking another (with a work-stealing runtime
//! that was ~3 context switches per request, a third of veil's CPU time in
//! the kernel). Shared by all threads: the config, auth, pipeline (vault,
//! scratch pool), metrics and the `max_concurrent_requests` semaphore. The
//! vault's own background tasks (Redis connections) stay on the runtime that
//! opened it; tokio's channels and timers work across runtimes.
//!
//! Each listener serves HTTP/1.1 and h2c (prior knowledge) through
//! hyper-util's auto builder. The stack, outermost first:
//! 1. accept loop: TCP_NODELAY (SSE events go out as written), backoff on
//!    accept errors (fd exhaustion must not spin a core), round-robin to
//!    the serving threads;
//! 2. connection: closed when idle (no request in flight, no traffic),
//!    header size limit and header read timeout (slow-loris); watched by a
//!    graceful-shutdown handle of its thread;
//! 3. the [`layer`](super::layer) stack (connection tracking, route,
//!    request id, counting, concurrency limit, deadline) around
//!    [`handle::Proxy`](super::handle::Proxy): auth, body limits,
//!    pipeline, upstream.
//!
//! Shutdown: stop accepting, ask every connection to finish its in-flight
//! requests (streams included), and cut whatever is left when the grace
//! period ends; each thread drains its own connections.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tower::ServiceBuilder;

use super::State;
use super::auth::Auth;
use super::idle::{IdleIo, InFlight};
use super::layer::{TrackLayer, stack};
use super::metrics::Metrics;
use super::pipeline::Pipeline;
use super::upstream::{Upstream, UpstreamBuildError};
use crate::config::{Config, Limits, MIN_HEADER_BYTES};
use crate::rules::{RuleSet, RulesError};
use crate::vault::Vault;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The rules did not load.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The upstream client could not be built.
    #[error(transparent)]
    Upstream(#[from] UpstreamBuildError),
    /// The metrics registry refused a metric.
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    /// A serving thread or its runtime could not be started.
    #[error("cannot start serving thread: {0}")]
    Thread(std::io::Error),
}

/// A running proxy.
#[derive(Debug)]
pub struct Server {
    addrs: Vec<SocketAddr>,
    shutdown: ShutdownHandle,
    /// One per serving thread: resolves (or fails, if the thread died)
    /// when the thread has drained its connections.
    drained: Vec<oneshot::Receiver<()>>,
}

/// Starts a graceful shutdown of the server it came from.
#[derive(Debug, Clone)]
pub struct ShutdownHandle(Arc<watch::Sender<bool>>);

impl ShutdownHandle {
    /// Stops accepting and drains in-flight requests (within the grace
    /// period). Idempotent.
    pub fn shutdown(&self) {
        self.0.send_replace(true);
    }
}

/// An accepted connection on its way to a serving thread. A plain std
/// socket: a tokio one is tied to the runtime that registered it.
type Accepted = (std::net::TcpStream, SocketAddr);

impl Server {
    /// Binds every configured listener and starts serving with `vault` on
    /// `config.serving_threads()` threads: this runtime's and new ones.
    pub async fn bind(config: Config, vault: Arc<dyn Vault>) -> Result<Server, ServeError> {
        let rules = Arc::new(match &config.rules_dir {
            Some(dir) => RuleSet::from_dir(dir)?,
            None => RuleSet::embedded()?,
        });
        let metrics = Metrics::new()?;
        let upstream = Upstream::new(
            config.limits.upstream_connect_timeout,
            &config.upstreams.tls,
        )?;
        let threads = config.serving_threads();
        let config = Arc::new(config);
        let auth = Arc::new(Auth::new(&config, &rules));
        let pipeline = Arc::new(Pipeline::new(
            vault,
            metrics.clone(),
            config.limits.max_json_depth,
        ));
        let in_flight = Arc::new(tokio::sync::Semaphore::new(
            config.limits.max_concurrent_requests,
        ));
        let state = |upstream| {
            Arc::new(State {
                config: config.clone(),
                auth: auth.clone(),
                upstream,
                metrics: metrics.clone(),
                pipeline: pipeline.clone(),
                in_flight: in_flight.clone(),
            })
        };
        let (tx, rx) = watch::channel(false);
        let mut listeners = Vec::new();
        let mut addrs = Vec::new();
        for &addr in &config.listen {
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|source| ServeError::Bind { addr, source })?;
            let local = listener
                .local_addr()
                .map_err(|source| ServeError::Bind { addr, source })?;
            tracing::info!(%local, "listening");
            addrs.push(local);
            listeners.push(listener);
        }
        let mut workers = Vec::with_capacity(threads);
        let mut drained = Vec::with_capacity(threads);
        for i in 0..threads {
            let (conn_tx, conn_rx) = mpsc::unbounded_channel::<Accepted>();
            let (done_tx, done_rx) = oneshot::channel();
            let state = state(if i == 0 {
                upstream.clone()
            } else {
                upstream.with_own_pool()
            });
            let work = async move {
                serve_thread(state, conn_rx).await;
                let _ = done_tx.send(());
            };
            if i == 0 {
                tokio::spawn(work);
            } else {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(ServeError::Thread)?;
                std::thread::Builder::new()
                    .name(format!("veil-serve-{i}"))
                    .spawn(move || runtime.block_on(work))
                    .map_err(ServeError::Thread)?;
            }
            workers.push(conn_tx);
            drained.push(done_rx);
        }
        tracing::info!(threads, "serving");
        for listener in listeners {
            tokio::spawn(accept_loop(listener, workers.clone(), rx.clone()));
        }
        Ok(Server {
            addrs,
            shutdown: ShutdownHandle(Arc::new(tx)),
            drained,
        })
    }

    /// The bound addresses (port 0 resolved), in config order.
    pub fn local_addrs(&self) -> &[SocketAddr] {
        &self.addrs
    }

    /// A handle that starts shutdown from elsewhere (signals, tests).
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.shutdown.clone()
    }

    /// Waits until every listener has stopped and every serving thread has
    /// drained.
    pub async fn wait(self) {
        for done in self.drained {
            if done.await.is_err() {
                tracing::error!("serving thread failed");
            }
        }
    }

    /// Shuts down and waits for the drain.
    pub async fn shutdown(self) {
        self.shutdown.shutdown();
        self.wait().await;
    }
}

/// A future that resolves on ctrl-c or SIGTERM.
///
/// The handlers are installed when this is called, not when the future is
/// first polled: call it before the server starts answering, so a SIGTERM
/// sent as soon as `/healthz` answers drains instead of killing the process
/// (the default action of an uncaught SIGTERM).
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            match (term, int) {
                (Ok(mut term), Ok(mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {},
                        _ = int.recv() => {},
                    }
                }
                // No signal driver: nothing will ever ask us to stop.
                _ => std::future::pending::<()>().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Accepts until shutdown, handing connections to the serving threads in
/// turn. Dropping the senders at the end tells the threads to drain.
async fn accept_loop(
    listener: TcpListener,
    workers: Vec<mpsc::UnboundedSender<Accepted>>,
    mut stop: watch::Receiver<bool>,
) {
    let mut backoff = Duration::from_millis(5);
    let mut next = 0;
    loop {
        if *stop.borrow() {
            break;
        }
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    backoff = Duration::from_millis(5);
                    if stream.set_nodelay(true).is_err() {
                        tracing::debug!(%peer, "TCP_NODELAY not set");
                    }
                    let stream = match stream.into_std() {
                        Ok(stream) => stream,
                        Err(e) => {
                            tracing::debug!(%peer, error = %e, "accepted socket unusable");
                            continue;
                        }
                    };
                    // A thread that died (a panic) gives its connection
                    // back; the next one takes it.
                    let mut conn = (stream, peer);
                    for _ in 0..workers.len() {
                        let worker = &workers[next % workers.len()];
                        next = next.wrapping_add(1);
                        match worker.send(conn) {
                            Ok(()) => break,
                            Err(mpsc::error::SendError(back)) => conn = back,
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed; backing off");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                }
            },
            changed = stop.changed() => {
                // A dropped sender (the Server is gone) also stops serving.
                if changed.is_err() || *stop.borrow() {
                    break;
                }
            }
        }
    }
}

/// The HTTP/1.1 + h2c connection builder with veil's limits.
fn http_builder(limits: &Limits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout)
        // Config refuses smaller values; a `Limits` built in code is clamped,
        // since hyper panics below its minimum.
        .max_buf_size(limits.max_header_bytes.max(MIN_HEADER_BYTES));
    // No h2 keep-alive pings: the peer's answers would count as traffic and
    // keep idle connections open forever; the idle timeout reaps dead ones.
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
    builder
}

/// One serving thread: serves the connections handed to it until every
/// listener has stopped, then drains them within the grace period.
async fn serve_thread(state: Arc<State>, mut accepted: mpsc::UnboundedReceiver<Accepted>) {
    let limits = state.config.limits;
    let builder = http_builder(&limits);
    let shared = stack(state.clone());
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    while let Some((stream, peer)) = accepted.recv().await {
        while connections.try_join_next().is_some() {}
        // Registers the socket with this thread's runtime.
        let stream = match TcpStream::from_std(stream) {
            Ok(stream) => stream,
            Err(e) => {
                tracing::debug!(%peer, error = %e, "accepted socket unusable");
                continue;
            }
        };
        let in_flight = InFlight::default();
        let io = IdleIo::new(stream, in_flight.clone(), limits.idle_timeout);
        let service = TowerToHyperService::new(
            ServiceBuilder::new()
                .layer(TrackLayer::new(in_flight))
                .service(shared.clone()),
        );
        let conn = builder.serve_connection(TokioIo::new(io), service);
        let conn = graceful.watch(conn.into_owned());
        connections.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
    }
    tracing::info!(open = graceful.count(), "draining");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            open = connections.len(),
            "grace period over; cutting connections"
        );
        connections.abort_all();
    }
    while connections.join_next().await.is_some() {}
}
