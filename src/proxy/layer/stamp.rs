//! When a request arrived and which route it takes, computed once.

use std::time::Instant;

use http::Request;

use crate::proxy::route::{self, Provider, Route};

/// Arrival time and route of a request, left in its extensions by the
/// outermost shared layer and read by the ones below.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// When veil started on the request (durations and the deadline run
    /// from here).
    pub started: Instant,
    /// Where it goes.
    pub route: Route,
}

impl Stamp {
    /// Stamps `req` now.
    pub fn of<B>(req: &Request<B>) -> Stamp {
        Stamp {
            started: Instant::now(),
            route: route::route(req.method(), req.uri(), req.headers()),
        }
    }

    /// Takes the stamp off `req`, or stamps it now when no stamp layer ran
    /// (a stack assembled without it still routes correctly).
    pub fn take<B>(req: &mut Request<B>) -> Stamp {
        match req.extensions_mut().remove::<Stamp>() {
            Some(stamp) => stamp,
            None => Stamp::of(req),
        }
    }

    /// What the layers need to know, copied out.
    pub fn facts(&self) -> Facts {
        Facts {
            started: self.started,
            label: self.route.label(),
            provider: self.route.provider(),
            proxied: matches!(self.route, Route::Redact { .. } | Route::PassThrough { .. }),
        }
    }
}

/// The parts of a [`Stamp`] the layers act on (cheap to copy; no path).
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    /// When veil started on the request.
    pub started: Instant,
    /// The route's metric label.
    pub label: &'static str,
    /// Whose error shape a refusal takes.
    pub provider: Provider,
    /// Whether the route goes upstream (and so is limited and timed).
    pub proxied: bool,
}

impl Facts {
    /// The facts of `req`'s stamp (or of a fresh one).
    pub fn of<B>(req: &Request<B>) -> Facts {
        match req.extensions().get::<Stamp>() {
            Some(stamp) => stamp.facts(),
            None => Stamp::of(req).facts(),
        }
    }
}

/// Leaves a [`Stamp`] on `req` (a `map_request` step).
pub fn stamped<B>(mut req: Request<B>) -> Request<B> {
    let stamp = Stamp::of(&req);
    req.extensions_mut().insert(stamp);
    req
}
