//! The proxy's Prometheus metrics: exactly the names and labels of DESIGN §7,
//! in a registry of their own (no global state, so tests can run several
//! servers in one process).
//!
//! Labels are bounded sets chosen by veil (route labels, phases, entity
//! types, error kinds); none carries client data, a tenant or a secret.
//! Histograms span 10 µs to 10 s with fine steps below a millisecond, where
//! veil's own overhead lives, so its p99 is readable.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};

use crate::adapter::Api;
use crate::entity::EntityType;
use crate::policy::Action;

/// Bucket bounds in seconds: dense from 10 µs to 1 ms, then coarser to 10 s.
pub const BUCKETS: &[f64] = &[
    0.000_010, 0.000_015, 0.000_020, 0.000_025, 0.000_030, 0.000_040, 0.000_050, 0.000_060,
    0.000_070, 0.000_080, 0.000_090, 0.000_100, 0.000_125, 0.000_150, 0.000_175, 0.000_200,
    0.000_250, 0.000_300, 0.000_350, 0.000_400, 0.000_450, 0.000_500, 0.000_600, 0.000_700,
    0.000_800, 0.000_900, 0.001, 0.001_25, 0.001_5, 0.002, 0.002_5, 0.003, 0.004, 0.005, 0.0075,
    0.010, 0.015, 0.020, 0.030, 0.050, 0.075, 0.100, 0.150, 0.200, 0.300, 0.500, 0.750, 1.0, 1.5,
    2.0, 3.0, 5.0, 7.5, 10.0,
];

/// Every metric of the data plane. Cloning is one reference count: a clone
/// goes with every request.
#[derive(Debug, Clone)]
pub struct Metrics(Arc<MetricsInner>);

impl Deref for Metrics {
    type Target = MetricsInner;

    fn deref(&self) -> &MetricsInner {
        &self.0
    }
}

/// Route labels known up front (every [`Api`] and the local routes): their
/// per-route series are looked up once and kept (see [`RouteMetrics`]).
const ROUTES: [&str; 12] = [
    Api::ChatCompletions.as_str(),
    Api::Responses.as_str(),
    Api::Completions.as_str(),
    Api::Embeddings.as_str(),
    Api::Messages.as_str(),
    Api::OtherOpenAi.as_str(),
    Api::OtherAnthropic.as_str(),
    "models",
    "healthz",
    "readyz",
    "metrics",
    "not_found",
];

/// How many actions there are (the entity counter table's width).
const ACTIONS: usize = 5;

/// An action's column in the entity counter table.
const fn action_index(action: Action) -> usize {
    match action {
        Action::Tokenize => 0,
        Action::Mask => 1,
        Action::Drop => 2,
        Action::Allow => 3,
        Action::Block => 4,
    }
}

/// The series one request on a route records when it ends.
#[derive(Debug, Clone)]
pub struct RouteMetrics {
    /// `veil_request_duration_seconds{route}`.
    pub request_duration: Histogram,
    /// `veil_overhead_seconds{route,phase="request"}`.
    pub overhead_request: Histogram,
    /// `veil_overhead_seconds{route,phase="response"}`.
    pub overhead_response: Histogram,
    /// `veil_overhead_seconds{route,phase="total"}`.
    pub overhead_total: Histogram,
}

/// The metrics behind [`Metrics`].
#[derive(Debug)]
pub struct MetricsInner {
    registry: Registry,
    /// Series of the known routes, created on first use (a series appears
    /// in the exposition only once it has been recorded, as before).
    routes: [OnceLock<Arc<RouteMetrics>>; ROUTES.len()],
    /// `veil_entities_total` series by type and action, created on first
    /// use: `with_label_values` hashes and locks on every call, and a
    /// request counts up to one series per type.
    entity_counters: [[OnceLock<IntCounter>; ACTIONS]; EntityType::ALL.len()],
    /// `veil_requests_total{route,status}`.
    pub requests: IntCounterVec,
    /// `veil_request_duration_seconds{route}`: the whole request.
    pub request_duration: HistogramVec,
    /// `veil_overhead_seconds{route,phase}`: time spent in veil,
    /// upstream excluded. Phases: `request` (receive → upstream send),
    /// `response` (rewriting the response), `total` (their sum).
    pub overhead: HistogramVec,
    /// `veil_upstream_duration_seconds`: upstream send → last byte.
    pub upstream_duration: prometheus::Histogram,
    /// `veil_time_to_first_byte_seconds`: request start → first body byte
    /// to the client.
    pub ttfb: prometheus::Histogram,
    /// `veil_entities_total{type,action}`.
    pub entities: IntCounterVec,
    /// `veil_vault_op_duration_seconds{op,backend}`.
    pub vault_op: HistogramVec,
    /// `veil_stream_events_total`: SSE events relayed to clients.
    pub stream_events: IntCounter,
    /// `veil_errors_total{kind}`.
    pub errors: IntCounterVec,
    /// `veil_vault_memory_bytes`: the memory vault's estimate of what it
    /// holds, against `vault.max_memory_bytes` (set when scraped; absent
    /// with Redis, whose own `used_memory` is the figure to watch).
    pub vault_memory_bytes: IntGauge,
}

impl Metrics {
    /// Creates and registers every metric.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let hist =
            |name: &str, help: &str| HistogramOpts::new(name, help).buckets(BUCKETS.to_vec());
        let requests = IntCounterVec::new(
            Opts::new(
                "veil_requests_total",
                "Requests answered, by route and status.",
            ),
            &["route", "status"],
        )?;
        let request_duration = HistogramVec::new(
            hist("veil_request_duration_seconds", "Whole request duration."),
            &["route"],
        )?;
        let overhead = HistogramVec::new(
            hist(
                "veil_overhead_seconds",
                "Time spent in veil, upstream wait excluded.",
            ),
            &["route", "phase"],
        )?;
        let upstream_duration = prometheus::Histogram::with_opts(hist(
            "veil_upstream_duration_seconds",
            "Upstream send to last upstream byte.",
        ))?;
        let ttfb = prometheus::Histogram::with_opts(hist(
            "veil_time_to_first_byte_seconds",
            "Request start to first response body byte sent.",
        ))?;
        let entities = IntCounterVec::new(
            Opts::new("veil_entities_total", "Entities found, by type and action."),
            &["type", "action"],
        )?;
        let vault_op = HistogramVec::new(
            hist("veil_vault_op_duration_seconds", "Vault call duration."),
            &["op", "backend"],
        )?;
        let stream_events = IntCounter::new(
            "veil_stream_events_total",
            "Server-sent events relayed to clients.",
        )?;
        let errors = IntCounterVec::new(
            Opts::new("veil_errors_total", "Errors, by payload-free kind."),
            &["kind"],
        )?;
        let vault_memory_bytes = IntGauge::new(
            "veil_vault_memory_bytes",
            "Estimated bytes held by the in-memory vault (memory backend only).",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(request_duration.clone()))?;
        registry.register(Box::new(overhead.clone()))?;
        registry.register(Box::new(upstream_duration.clone()))?;
        registry.register(Box::new(ttfb.clone()))?;
        registry.register(Box::new(entities.clone()))?;
        registry.register(Box::new(vault_op.clone()))?;
        registry.register(Box::new(stream_events.clone()))?;
        registry.register(Box::new(errors.clone()))?;
        registry.register(Box::new(vault_memory_bytes.clone()))?;
        Ok(Metrics(Arc::new(MetricsInner {
            registry,
            routes: Default::default(),
            entity_counters: Default::default(),
            requests,
            request_duration,
            overhead,
            upstream_duration,
            ttfb,
            entities,
            vault_op,
            stream_events,
            errors,
            vault_memory_bytes,
        })))
    }

    /// The series of `route` (a route label), looked up once per process
    /// for the known routes.
    pub fn route(&self, route: &'static str) -> Arc<RouteMetrics> {
        let lookup = || {
            Arc::new(RouteMetrics {
                request_duration: self.request_duration.with_label_values(&[route]),
                overhead_request: self.overhead.with_label_values(&[route, "request"]),
                overhead_response: self.overhead.with_label_values(&[route, "response"]),
                overhead_total: self.overhead.with_label_values(&[route, "total"]),
            })
        };
        match ROUTES.iter().position(|r| *r == route) {
            Some(i) => self.routes[i].get_or_init(lookup).clone(),
            None => lookup(),
        }
    }

    /// Counts `n` entities of `ty` handled with `action`.
    pub fn entities(&self, ty: EntityType, action: Action, n: u64) {
        self.entity_counters[ty.index()][action_index(action)]
            .get_or_init(|| {
                self.entities
                    .with_label_values(&[ty.as_str(), action.as_str()])
            })
            .inc_by(n);
    }

    /// Counts one error of `kind`.
    pub fn error(&self, kind: &'static str) {
        self.errors.with_label_values(&[kind]).inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        String::from_utf8(buf).map_err(|e| prometheus::Error::Msg(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_increasing_and_span_10us_to_10s() {
        assert!(BUCKETS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(BUCKETS.first(), Some(&0.000_010));
        assert_eq!(BUCKETS.last(), Some(&10.0));
        // At least 20 bounds below 1 ms, where veil's overhead lives.
        assert!(BUCKETS.iter().filter(|b| **b < 0.001).count() >= 20);
    }

    #[test]
    fn cached_series_are_the_labelled_ones() {
        let m = Metrics::new().unwrap();
        let chat = m.route("chat_completions");
        chat.overhead_total.observe(0.0002);
        m.route("chat_completions").overhead_total.observe(0.0002);
        m.route("not_a_known_route").request_duration.observe(1.0);
        m.entities(EntityType::Phone, Action::Mask, 2);
        m.entities(EntityType::Phone, Action::Mask, 1);
        m.entities(EntityType::Email, Action::Tokenize, 1);
        let text = m.render().unwrap();
        for line in [
            "veil_overhead_seconds_count{phase=\"total\",route=\"chat_completions\"} 2",
            "veil_request_duration_seconds_count{route=\"not_a_known_route\"} 1",
            "veil_entities_total{action=\"mask\",type=\"phone\"} 3",
            "veil_entities_total{action=\"tokenize\",type=\"email\"} 1",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        // Series appear once recorded, not before.
        assert!(!text.contains("route=\"messages\""));
        assert!(!text.contains("type=\"ssn\""));
    }

    #[test]
    fn render_lists_design_names() {
        let m = Metrics::new().unwrap();
        m.requests
            .with_label_values(&["chat_completions", "200"])
            .inc();
        m.overhead
            .with_label_values(&["chat_completions", "total"])
            .observe(0.0002);
        m.error("timeout");
        let text = m.render().unwrap();
        for name in [
            "veil_requests_total{route=\"chat_completions\",status=\"200\"} 1",
            "veil_overhead_seconds_bucket{phase=\"total\",route=\"chat_completions\",le=\"0.0002\"} 1",
            "veil_errors_total{kind=\"timeout\"} 1",
            "veil_upstream_duration_seconds_count 0",
            "veil_stream_events_total 0",
        ] {
            assert!(text.contains(name), "{name} missing from:\n{text}");
        }
    }
}
