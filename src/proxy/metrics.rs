//! The proxy's Prometheus metrics: exactly the names and labels of DESIGN §7,
//! in a registry of their own (no global state, so tests can run several
//! servers in one process).
//!
//! Labels are bounded sets chosen by veil (route labels, phases, entity
//! types, error kinds); none carries client data, a tenant or a secret.
//! Histograms span 10 µs to 10 s with fine steps below a millisecond, where
//! veil's own overhead lives, so its p99 is readable.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

/// Bucket bounds in seconds: dense from 10 µs to 1 ms, then coarser to 10 s.
pub const BUCKETS: &[f64] = &[
    0.000_010, 0.000_015, 0.000_020, 0.000_025, 0.000_030, 0.000_040, 0.000_050, 0.000_060,
    0.000_070, 0.000_080, 0.000_090, 0.000_100, 0.000_125, 0.000_150, 0.000_175, 0.000_200,
    0.000_250, 0.000_300, 0.000_350, 0.000_400, 0.000_450, 0.000_500, 0.000_600, 0.000_700,
    0.000_800, 0.000_900, 0.001, 0.001_25, 0.001_5, 0.002, 0.002_5, 0.003, 0.004, 0.005, 0.0075,
    0.010, 0.015, 0.020, 0.030, 0.050, 0.075, 0.100, 0.150, 0.200, 0.300, 0.500, 0.750, 1.0, 1.5,
    2.0, 3.0, 5.0, 7.5, 10.0,
];

/// Every metric of the data plane.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Registry,
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
        Ok(Metrics {
            registry,
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
        })
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
