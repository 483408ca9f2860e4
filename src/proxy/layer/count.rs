//! `veil_requests_total{route,status}`, one count per answered request.

use std::convert::Infallible;
use std::task::{Context, Poll};

use http::{Request, Response};

use super::LayerFuture;
use super::stamp::Facts;
use crate::proxy::metrics::Metrics;

/// Adds [`CountService`].
#[derive(Debug, Clone)]
pub struct CountLayer {
    metrics: Metrics,
}

impl CountLayer {
    /// Counts into `metrics`.
    pub fn new(metrics: Metrics) -> CountLayer {
        CountLayer { metrics }
    }
}

impl<S> tower::Layer<S> for CountLayer {
    type Service = CountService<S>;

    fn layer(&self, inner: S) -> CountService<S> {
        CountService {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// Counts each answer by route label and status (bounded label sets).
#[derive(Debug, Clone)]
pub struct CountService<S> {
    inner: S,
    metrics: Metrics,
}

impl<S, B, R> tower::Service<Request<B>> for CountService<S>
where
    S: tower::Service<Request<B>, Response = Response<R>, Error = Infallible>,
    S::Future: Send + 'static,
    R: 'static,
{
    type Response = Response<R>;
    type Error = Infallible;
    type Future = LayerFuture<Response<R>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let label = Facts::of(&req).label;
        let metrics = self.metrics.clone();
        let response = self.inner.call(req);
        Box::pin(async move {
            let Ok(response) = response.await;
            metrics
                .requests
                .with_label_values(&[label, response.status().as_str()])
                .inc();
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use tower::{Layer, ServiceExt};

    use super::*;
    use crate::proxy::layer::testing::{Stub, request};

    #[tokio::test]
    async fn answers_are_counted_by_route_and_status() {
        let metrics = Metrics::new().unwrap();
        let service = CountLayer::new(metrics.clone()).layer(Stub::new());
        service.oneshot(request("/healthz")).await.unwrap();
        let text = metrics.render().unwrap();
        assert!(
            text.contains(r#"veil_requests_total{route="healthz",status="200"} 1"#),
            "{text}"
        );
    }
}
