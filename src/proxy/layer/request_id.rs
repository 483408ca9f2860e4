//! The request id: the client's `x-request-id` when it is safe to echo,
//! else a fresh one; the request's tracing span; its `answered` log line.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{HeaderMap, HeaderValue, Request, Response};
use tracing::Instrument;

use super::LayerFuture;
use super::stamp::Facts;

/// The request id header, taken from the client when well-formed.
pub const REQUEST_ID: &str = "x-request-id";

/// A request's id, left in its extensions (sent upstream too).
#[derive(Debug, Clone)]
pub struct RequestId(pub Arc<str>);

impl RequestId {
    /// The client's id when it is a short token of safe characters (it is
    /// echoed into logs and headers), else a fresh random one.
    pub fn from_headers(headers: &HeaderMap) -> RequestId {
        let given = headers
            .get(REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|v| {
                !v.is_empty()
                    && v.len() <= 128
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
            });
        RequestId(match given {
            Some(id) => id.into(),
            None => format!("{:032x}", rand::random::<u128>()).into(),
        })
    }

    /// The id on `req`, or a fresh one (a stack without this layer).
    pub fn on<B>(req: &Request<B>) -> RequestId {
        req.extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId::from_headers(req.headers()))
    }
}

/// Adds [`RequestIdService`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIdLayer;

impl<S> tower::Layer<S> for RequestIdLayer {
    type Service = RequestIdService<S>;

    fn layer(&self, inner: S) -> RequestIdService<S> {
        RequestIdService { inner }
    }
}

/// Gives each request an id, a span and a log line, and the reply an
/// `x-request-id` header.
#[derive(Debug, Clone)]
pub struct RequestIdService<S> {
    inner: S,
}

impl<S, B, R> tower::Service<Request<B>> for RequestIdService<S>
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

    fn call(&mut self, mut req: Request<B>) -> Self::Future {
        let facts = Facts::of(&req);
        let id = RequestId::from_headers(req.headers());
        let header = HeaderValue::from_str(&id.0).ok();
        let span = tracing::info_span!("request", id = %id.0, route = facts.label);
        req.extensions_mut().insert(id);
        let response = {
            let _entered = span.enter();
            self.inner.call(req)
        };
        Box::pin(
            async move {
                let Ok(mut response) = response.await;
                tracing::info!(
                    status = response.status().as_u16(),
                    elapsed_us = facts.started.elapsed().as_micros() as u64,
                    "answered"
                );
                if let Some(v) = header {
                    response.headers_mut().insert(REQUEST_ID, v);
                }
                Ok(response)
            }
            .instrument(span),
        )
    }
}

#[cfg(test)]
mod tests {
    use tower::{Layer, ServiceExt};

    use super::*;
    use crate::proxy::layer::testing::{Stub, request};

    #[test]
    fn request_ids_are_kept_only_when_safe() {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID, "abc-123".parse().unwrap());
        assert_eq!(&*RequestId::from_headers(&h).0, "abc-123");
        h.insert(REQUEST_ID, "has space".parse().unwrap());
        let generated = RequestId::from_headers(&h);
        assert_eq!(generated.0.len(), 32);
        assert_ne!(generated.0, RequestId::from_headers(&HeaderMap::new()).0);
    }

    #[tokio::test]
    async fn the_id_reaches_the_inner_service_and_the_reply() {
        let stub = Stub::new();
        let service = RequestIdLayer.layer(stub.clone());
        let mut req = request("/healthz");
        req.headers_mut()
            .insert(REQUEST_ID, "trace-42".parse().unwrap());
        let response = service.oneshot(req).await.unwrap();
        assert_eq!(response.headers()[REQUEST_ID], "trace-42");
        let seen = stub.seen.lock().unwrap();
        assert_eq!(&*seen[0].get::<RequestId>().unwrap().0, "trace-42");
    }

    #[tokio::test]
    async fn an_unsafe_client_id_is_replaced_everywhere() {
        let stub = Stub::new();
        let service = RequestIdLayer.layer(stub.clone());
        let mut req = request("/healthz");
        req.headers_mut()
            .insert(REQUEST_ID, "a\"quote".parse().unwrap());
        let response = service.oneshot(req).await.unwrap();
        let echoed = response.headers()[REQUEST_ID].to_str().unwrap().to_owned();
        assert_eq!(echoed.len(), 32);
        let seen = stub.seen.lock().unwrap();
        assert_eq!(&*seen[0].get::<RequestId>().unwrap().0, echoed);
    }
}
