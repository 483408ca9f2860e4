//! `limits.max_concurrent_requests`: a proxied request runs only with a
//! permit, held until its response body ends.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::LayerFuture;
use super::hold::Holding;
use super::stamp::Facts;
use crate::proxy::metrics::Metrics;
use crate::proxy::rescue::{ProxyError, error_response};
use crate::proxy::response::ProxyBody;

/// A response whose body holds the request's permit (none for routes
/// that are not limited, and for refusals).
pub type Admitted = Response<Holding<ProxyBody, Option<OwnedSemaphorePermit>>>;

/// Adds [`AdmitService`].
#[derive(Debug, Clone)]
pub struct AdmitLayer {
    permits: Arc<Semaphore>,
    metrics: Metrics,
}

impl AdmitLayer {
    /// Admits as many proxied requests at once as `permits` has.
    pub fn new(permits: Arc<Semaphore>, metrics: Metrics) -> AdmitLayer {
        AdmitLayer { permits, metrics }
    }
}

impl<S> tower::Layer<S> for AdmitLayer {
    type Service = AdmitService<S>;

    fn layer(&self, inner: S) -> AdmitService<S> {
        AdmitService {
            inner,
            permits: self.permits.clone(),
            metrics: self.metrics.clone(),
        }
    }
}

/// Refuses a proxied request past the limit with a 503 `overloaded` in
/// the provider's shape, at once: a queue would hold bodies and time, and
/// the SDKs retry a 503 with backoff. Health, readiness and metrics are
/// never limited (an overloaded veil must still say so).
#[derive(Debug, Clone)]
pub struct AdmitService<S> {
    inner: S,
    permits: Arc<Semaphore>,
    metrics: Metrics,
}

impl<S, B> tower::Service<Request<B>> for AdmitService<S>
where
    S: tower::Service<Request<B>, Response = Response<ProxyBody>, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Admitted;
    type Error = Infallible;
    type Future = LayerFuture<Admitted>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let facts = Facts::of(&req);
        let permit = if facts.proxied {
            match self.permits.clone().try_acquire_owned() {
                Ok(permit) => Some(permit),
                Err(_) => {
                    let refusal =
                        error_response(&self.metrics, facts.provider, &ProxyError::Overloaded);
                    return Box::pin(async move { Ok(refusal.map(|b| Holding::new(b, None))) });
                }
            }
        } else {
            None
        };
        let response = self.inner.call(req);
        Box::pin(async move {
            let Ok(response) = response.await;
            Ok(response.map(|body| Holding::new(body, permit)))
        })
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;
    use tower::{Layer, ServiceExt};

    use super::*;
    use crate::proxy::layer::testing::{Stub, request};

    fn admit(permits: usize) -> (AdmitService<Stub>, Stub, Arc<Semaphore>) {
        let stub = Stub::new();
        let semaphore = Arc::new(Semaphore::new(permits));
        let layer = AdmitLayer::new(semaphore.clone(), Metrics::new().unwrap());
        (layer.layer(stub.clone()), stub, semaphore)
    }

    #[tokio::test]
    async fn the_permit_lives_as_long_as_the_body() {
        let (service, _, semaphore) = admit(1);
        let response = service
            .clone()
            .oneshot(request("/v1/chat/completions"))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(semaphore.available_permits(), 0, "held while the body is");
        drop(response);
        assert_eq!(semaphore.available_permits(), 1);
    }

    #[tokio::test]
    async fn past_the_limit_a_request_is_refused_in_the_providers_shape() {
        let (service, stub, _) = admit(1);
        let first = service
            .clone()
            .oneshot(request("/v1/messages"))
            .await
            .unwrap();
        let refused = service
            .clone()
            .oneshot(request("/v1/messages"))
            .await
            .unwrap();
        assert_eq!(refused.status(), 503);
        let body = refused.into_body().collect().await.unwrap().to_bytes();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["type"], "error", "Anthropic's shape: {v}");
        assert!(v["error"]["message"].is_string(), "{v}");
        assert_eq!(
            stub.seen.lock().unwrap().len(),
            1,
            "never reached the proxy"
        );
        drop(first);
        let again = service.oneshot(request("/v1/messages")).await.unwrap();
        assert_eq!(again.status(), 200);
    }

    #[tokio::test]
    async fn health_checks_are_not_limited() {
        let (service, _, _) = admit(0);
        for path in ["/healthz", "/readyz", "/metrics"] {
            let response = service.clone().oneshot(request(path)).await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
        }
        let proxied = service.oneshot(request("/v1/embeddings")).await.unwrap();
        assert_eq!(proxied.status(), 503);
    }
}
