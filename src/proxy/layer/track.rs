//! Marks a client connection busy while one of its requests is in flight,
//! response body included (see [`idle`](crate::proxy::idle)).

use std::convert::Infallible;
use std::task::{Context, Poll};

use http::{Request, Response};

use super::LayerFuture;
use super::hold::Holding;
use crate::proxy::idle::{InFlight, InFlightGuard};

/// Adds [`TrackService`] for one connection.
#[derive(Debug, Clone)]
pub struct TrackLayer {
    in_flight: InFlight,
}

impl TrackLayer {
    /// Tracks the requests of the connection `in_flight` belongs to.
    pub fn new(in_flight: InFlight) -> TrackLayer {
        TrackLayer { in_flight }
    }
}

impl<S> tower::Layer<S> for TrackLayer {
    type Service = TrackService<S>;

    fn layer(&self, inner: S) -> TrackService<S> {
        TrackService {
            inner,
            in_flight: self.in_flight.clone(),
        }
    }
}

/// Counts a request in flight from its head until its body is dropped.
#[derive(Debug, Clone)]
pub struct TrackService<S> {
    inner: S,
    in_flight: InFlight,
}

impl<S, B, R> tower::Service<Request<B>> for TrackService<S>
where
    S: tower::Service<Request<B>, Response = Response<R>, Error = Infallible>,
    S::Future: Send + 'static,
    R: 'static,
{
    type Response = Response<Holding<R, InFlightGuard>>;
    type Error = Infallible;
    type Future = LayerFuture<Self::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        let guard = self.in_flight.start();
        let response = self.inner.call(req);
        Box::pin(async move {
            let Ok(response) = response.await;
            Ok(response.map(|body| Holding::new(body, guard)))
        })
    }
}
