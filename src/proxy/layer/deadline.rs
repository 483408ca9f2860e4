//! `limits.request_timeout_ms`: the whole proxied request, from arrival to
//! the last byte of the response.

use std::convert::Infallible;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Request, Response};

use super::LayerFuture;
use super::stamp::Facts;
use crate::proxy::metrics::Metrics;
use crate::proxy::rescue::{ProxyError, error_response};
use crate::proxy::response::ProxyBody;

/// When a proxied request must be done, left in its extensions: the
/// response body ends itself at this instant (an SSE error event, or an
/// aborted body), since by then the head has gone out.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub tokio::time::Instant);

impl Deadline {
    /// The deadline on `req`, or one computed from `timeout` (a stack
    /// without this layer).
    pub fn on<B>(req: &Request<B>, timeout: Duration) -> Deadline {
        match req.extensions().get::<Deadline>() {
            Some(deadline) => *deadline,
            None => Deadline::after(Facts::of(req), timeout),
        }
    }

    fn after(facts: Facts, timeout: Duration) -> Deadline {
        Deadline(tokio::time::Instant::from_std(facts.started + timeout))
    }
}

/// Adds [`DeadlineService`].
#[derive(Debug, Clone)]
pub struct DeadlineLayer {
    timeout: Duration,
    metrics: Metrics,
}

impl DeadlineLayer {
    /// Proxied requests get `timeout` from arrival.
    pub fn new(timeout: Duration, metrics: Metrics) -> DeadlineLayer {
        DeadlineLayer { timeout, metrics }
    }
}

impl<S> tower::Layer<S> for DeadlineLayer {
    type Service = DeadlineService<S>;

    fn layer(&self, inner: S) -> DeadlineService<S> {
        DeadlineService {
            inner,
            timeout: self.timeout,
            metrics: self.metrics.clone(),
        }
    }
}

/// Answers a provider-shaped 504 `timeout` when a proxied request has no
/// response head by its deadline (the request is dropped: nothing is
/// retried upstream).
#[derive(Debug, Clone)]
pub struct DeadlineService<S> {
    inner: S,
    timeout: Duration,
    metrics: Metrics,
}

impl<S, B> tower::Service<Request<B>> for DeadlineService<S>
where
    S: tower::Service<Request<B>, Response = Response<ProxyBody>, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response<ProxyBody>;
    type Error = Infallible;
    type Future = LayerFuture<Response<ProxyBody>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        let facts = Facts::of(&req);
        if !facts.proxied {
            return Box::pin(self.inner.call(req));
        }
        let deadline = Deadline::after(facts, self.timeout);
        req.extensions_mut().insert(deadline);
        let response = tokio::time::timeout_at(deadline.0, self.inner.call(req));
        let metrics = self.metrics.clone();
        Box::pin(async move {
            Ok(match response.await {
                Ok(Ok(response)) => response,
                Err(_) => error_response(&metrics, facts.provider, &ProxyError::Timeout),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use tower::{Layer, ServiceExt};

    use super::*;
    use crate::proxy::layer::testing::{Stub, request};

    /// A service that answers after `delay`, behind a `timeout` deadline.
    fn slow(delay: Duration, timeout: Duration) -> (DeadlineService<Stub>, Stub) {
        let mut stub = Stub::new();
        stub.delay = delay;
        let layer = DeadlineLayer::new(timeout, Metrics::new().unwrap());
        (layer.layer(stub.clone()), stub)
    }

    const NEVER: Duration = Duration::from_secs(3600);

    #[tokio::test]
    async fn a_proxied_request_past_its_deadline_is_a_504() {
        let (service, stub) = slow(NEVER, Duration::from_millis(20));
        let response = service.oneshot(request("/v1/responses")).await.unwrap();
        assert_eq!(response.status(), 504);
        let seen = stub.seen.lock().unwrap();
        assert!(seen[0].get::<Deadline>().is_some(), "the body sees it too");
    }

    #[tokio::test]
    async fn within_the_deadline_the_reply_passes() {
        let (service, _) = slow(Duration::ZERO, NEVER);
        let response = service.oneshot(request("/v1/responses")).await.unwrap();
        assert_eq!(response.status(), 200);
    }

    #[tokio::test]
    async fn local_routes_have_no_deadline() {
        let (service, stub) = slow(Duration::from_millis(50), Duration::from_millis(1));
        let response = service.oneshot(request("/readyz")).await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(stub.seen.lock().unwrap()[0].get::<Deadline>().is_none());
    }
}
