//! Listeners, connections and shutdown.
//!
//! Each listener serves HTTP/1.1 and h2c (prior knowledge) on one port
//! through hyper-util's auto builder. The stack, outermost first:
//! 1. accept loop: TCP_NODELAY (SSE events go out as written), backoff on
//!    accept errors (fd exhaustion must not spin a core);
//! 2. connection: closed when idle (no request in flight, no traffic),
//!    header size limit and header read timeout (slow-loris); watched by a
//!    graceful-shutdown handle;
//! 3. the [`layer`](super::layer) stack (connection tracking, route,
//!    request id, counting, concurrency limit, deadline) around
//!    [`handle::Proxy`](super::handle::Proxy): auth, body limits,
//!    pipeline, upstream.
//!
//! Shutdown: stop accepting, ask every connection to finish its in-flight
//! requests (streams included), and cut whatever is left when the grace
//! period ends.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceBuilder;

use super::State;
use super::auth::Auth;
use super::idle::{IdleIo, InFlight};
use super::layer::{TrackLayer, stack};
use super::metrics::Metrics;
use super::pipeline::Pipeline;
use super::upstream::{Upstream, UpstreamBuildError};
use crate::config::{Config, MIN_HEADER_BYTES};
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
}

/// A running proxy.
#[derive(Debug)]
pub struct Server {
    addrs: Vec<SocketAddr>,
    shutdown: ShutdownHandle,
    listeners: Vec<JoinHandle<()>>,
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

impl Server {
    /// Binds every configured listener and starts serving with `vault`.
    pub async fn bind(config: Config, vault: Arc<dyn Vault>) -> Result<Server, ServeError> {
        let rules = Arc::new(match &config.rules_dir {
            Some(dir) => RuleSet::from_dir(dir)?,
            None => RuleSet::embedded()?,
        });
        let metrics = Metrics::new()?;
        let state = Arc::new(State {
            auth: Auth::new(&config, &rules),
            upstream: Upstream::new(
                config.limits.upstream_connect_timeout,
                &config.upstreams.tls,
            )?,
            pipeline: Pipeline::new(vault, metrics.clone(), config.limits.max_json_depth),
            in_flight: Arc::new(tokio::sync::Semaphore::new(
                config.limits.max_concurrent_requests,
            )),
            metrics,
            config,
        });
        let (tx, rx) = watch::channel(false);
        let mut addrs = Vec::new();
        let mut listeners = Vec::new();
        for addr in state.config.listen.clone() {
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|source| ServeError::Bind { addr, source })?;
            let local = listener
                .local_addr()
                .map_err(|source| ServeError::Bind { addr, source })?;
            tracing::info!(%local, "listening");
            addrs.push(local);
            listeners.push(tokio::spawn(accept_loop(
                listener,
                state.clone(),
                rx.clone(),
            )));
        }
        Ok(Server {
            addrs,
            shutdown: ShutdownHandle(Arc::new(tx)),
            listeners,
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

    /// Waits until every listener has stopped and drained.
    pub async fn wait(self) {
        for task in self.listeners {
            if task.await.is_err() {
                tracing::error!("listener task failed");
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

async fn accept_loop(listener: TcpListener, state: Arc<State>, mut stop: watch::Receiver<bool>) {
    let limits = state.config.limits;
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
    let shared = stack(state.clone());
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    let mut backoff = Duration::from_millis(5);
    loop {
        while connections.try_join_next().is_some() {}
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
    drop(listener);
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
