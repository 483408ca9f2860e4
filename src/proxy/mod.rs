//! The data plane: `veil serve` (DESIGN §1, §3, §7).
//!
//! ```text
//! client ─▶ server (h1/h2c, limits, graceful) ─▶ handle: request id ─▶ route
//!   ─▶ auth (tenant) ─▶ body (size, idle) ─▶ pipeline (redact, vault; fail closed)
//!   ─▶ upstream (pooled, rustls) ─▶ response (stream, rewrite, SSE error) ─▶ client
//! ```
//!
//! Modules, one job each: [`server`] listeners, serving threads and shutdown; [`layer`] the
//! tower layers every request passes (id, route, count, limit, deadline);
//! [`handle`] the proxy proper; [`idle`] closes idle client connections; [`route`] the route table; [`auth`] tenants and
//! upstream credentials; [`body`] bounded request reading; [`pipeline`] the
//! seam to redaction and detokenization; [`upstream`] the pooled client and
//! header hygiene; [`response`] the streamed response body; [`rescue`]
//! provider-shaped errors; [`metrics`] the Prometheus registry.
//!
//! # Untrusted input
//! Request heads are bounded by `limits.max_header_bytes` and a read
//! timeout, bodies by `limits.max_body_bytes` (enforced while reading) and
//! the idle timeout, JSON nesting by `limits.max_json_depth`, and the whole
//! request by `limits.request_timeout_ms`. Client-supplied ids
//! (`x-request-id`, `X-Veil-Conversation`) are validated before use.
//!
//! # Cancel safety
//! A client that disconnects drops its request future and response body,
//! which drops the upstream request or response: the upstream connection is
//! released, nothing is retried, and the request's metrics are still
//! recorded (the timing observer records on drop).

pub mod auth;
pub mod body;
pub mod handle;
pub mod idle;
pub mod jwt;
pub mod layer;
pub mod metrics;
pub mod pipeline;
pub mod rescue;
pub mod response;
pub mod route;
pub mod server;
pub mod upstream;

pub use server::{ServeError, Server, ShutdownHandle, shutdown_signal};

use crate::config::Config;

/// What the requests of one serving thread share. Everything but the
/// upstream pool is shared by all threads (one `Arc` each); the upstream
/// pool is the thread's own, so its connections live on the thread's
/// runtime and a request never waits on another thread's I/O.
pub(crate) struct State {
    config: std::sync::Arc<Config>,
    auth: std::sync::Arc<auth::Auth>,
    upstream: upstream::Upstream,
    metrics: metrics::Metrics,
    pipeline: std::sync::Arc<pipeline::Pipeline>,
    /// One permit per proxied request in flight, across all threads
    /// (`limits.max_concurrent_requests`).
    in_flight: std::sync::Arc<tokio::sync::Semaphore>,
}
