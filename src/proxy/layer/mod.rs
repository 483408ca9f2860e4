//! The tower layers every request passes through before the proxy proper
//! ([`handle::Proxy`](super::handle::Proxy)), outermost first:
//!
//! 1. [`track`] — marks the client connection busy until the response body
//!    ends (per connection; the idle reaper reads it);
//! 2. [`stamp`] — arrival time and route, computed once, read below;
//! 3. [`request_id`] — the request id (client's when safe, else fresh), the
//!    tracing span, the `answered` log line and the `x-request-id` reply
//!    header;
//! 4. [`count`] — `veil_requests_total{route,status}`;
//! 5. [`admit`] — `limits.max_concurrent_requests` for proxied routes;
//!    refuses at once with a provider-shaped 503, and holds the permit
//!    until the response body ends (a stream is in flight while it runs);
//! 6. [`deadline`] — `limits.request_timeout_ms` for proxied routes, as a
//!    provider-shaped 504 before the head and, through the [`Deadline`]
//!    it leaves on the request, an SSE error event after it.
//!
//! Each layer does one job and answers in the provider's error shape, so
//! tower's stock `Timeout` and `ConcurrencyLimit` (which fail with an
//! error type, or queue) are not used. Every layer is generic over the
//! request body, so each is tested with a stub service.

pub mod admit;
pub mod count;
pub mod deadline;
pub mod hold;
pub mod request_id;
pub mod stamp;
pub mod track;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::{Request, Response};
use hyper::body::Incoming;
use tower::ServiceBuilder;

pub use admit::AdmitLayer;
pub use count::CountLayer;
pub use deadline::{Deadline, DeadlineLayer};
pub use request_id::{RequestId, RequestIdLayer};
pub use stamp::Stamp;
pub use track::TrackLayer;

use super::State;
use super::handle::Proxy;
use super::response::ProxyBody;
use hold::Holding;

/// The future every layer returns: requests are served on a multi-thread
/// runtime, and one allocation per layer is noise next to a request.
pub type LayerFuture<T> = Pin<Box<dyn Future<Output = Result<T, Infallible>> + Send>>;

/// The response a whole stack gives: the body holds the in-flight permit
/// of a proxied request until it ends.
pub type StackResponse = Response<Holding<ProxyBody, Option<tokio::sync::OwnedSemaphorePermit>>>;

/// Every layer but the per-connection [`track`] one, around the proxy,
/// for all connections of a server to share (cloned per request).
pub(crate) fn stack(
    state: Arc<State>,
) -> impl tower::Service<
    Request<Incoming>,
    Response = StackResponse,
    Error = Infallible,
    Future: Send + 'static,
> + Clone
+ Send
+ 'static {
    let metrics = state.metrics.clone();
    let limits = state.config.limits;
    ServiceBuilder::new()
        .map_request(stamp::stamped::<Incoming>)
        .layer(RequestIdLayer)
        .layer(CountLayer::new(metrics.clone()))
        .layer(AdmitLayer::new(state.in_flight.clone(), metrics.clone()))
        .layer(DeadlineLayer::new(limits.request_timeout, metrics))
        .service(Proxy::new(state))
}

#[cfg(test)]
pub(crate) mod testing {
    //! A stub inner service for the layer tests.

    use std::convert::Infallible;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use http::{Request, Response};

    use super::LayerFuture;
    use crate::proxy::response::{ProxyBody, full};

    /// Answers 200 after `delay`, and keeps the extensions of each
    /// request it sees in `seen`.
    #[derive(Clone)]
    pub struct Stub {
        pub delay: std::time::Duration,
        pub seen: std::sync::Arc<std::sync::Mutex<Vec<http::Extensions>>>,
    }

    impl Stub {
        pub fn new() -> Stub {
            Stub {
                delay: std::time::Duration::ZERO,
                seen: Default::default(),
            }
        }
    }

    impl<B> tower::Service<Request<B>> for Stub {
        type Response = Response<ProxyBody>;
        type Error = Infallible;
        type Future = LayerFuture<Response<ProxyBody>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, req: Request<B>) -> Self::Future {
            let (parts, _) = req.into_parts();
            if let Ok(mut seen) = self.seen.lock() {
                seen.push(parts.extensions);
            }
            let delay = self.delay;
            Box::pin(async move {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                Ok(Response::new(full(Bytes::from_static(b"upstream says hi"))))
            })
        }
    }

    /// A request for `path` with its [`Stamp`](super::Stamp).
    pub fn request(path: &str) -> Request<()> {
        super::stamp::stamped(
            Request::builder()
                .method(if path.starts_with("/v1/") {
                    "POST"
                } else {
                    "GET"
                })
                .uri(path)
                .body(())
                .unwrap(),
        )
    }
}
