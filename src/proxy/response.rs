//! The response leg: relays the upstream body to the client frame by frame
//! (each SSE event flushed as it arrives), through the pipeline's rewriter
//! when there is one, and records the request's timing when it ends.
//!
//! A failure after the head was sent cannot change the status any more: an
//! SSE stream gets one provider-shaped `error` event and ends cleanly; any
//! other body is aborted (the client sees a truncated transfer, never a
//! silently short JSON document).

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use tokio::time::Sleep;

use super::metrics::{Metrics, RouteMetrics};
use super::pipeline::ResponseRewrite;
use super::rescue::sse_error_event;
use super::route::Provider;

/// Boxed error of a response body.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Every response body veil sends.
pub type ProxyBody = UnsyncBoxBody<Bytes, BoxError>;

/// A complete, in-memory body.
pub fn full(bytes: impl Into<Bytes>) -> ProxyBody {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// Timing of one request, recorded once when the response ends (or the
/// client goes away).
#[derive(Debug)]
pub struct Observer {
    metrics: Metrics,
    route: Arc<RouteMetrics>,
    started: Instant,
    /// Time in veil before the upstream call.
    pub request_overhead: Duration,
    response_overhead: Duration,
    upstream_sent: Option<Instant>,
    first_byte: bool,
    finished: bool,
}

impl Observer {
    /// Starts timing a request on `route`.
    pub fn new(metrics: Metrics, route: &'static str, started: Instant) -> Observer {
        Observer {
            route: metrics.route(route),
            metrics,
            started,
            request_overhead: Duration::ZERO,
            response_overhead: Duration::ZERO,
            upstream_sent: None,
            first_byte: false,
            finished: false,
        }
    }

    /// The upstream request is being sent now.
    pub fn upstream_sent(&mut self) {
        let now = Instant::now();
        self.request_overhead = now.saturating_duration_since(self.started);
        self.upstream_sent = Some(now);
    }

    fn first_byte(&mut self) {
        if !self.first_byte {
            self.first_byte = true;
            self.metrics
                .ttfb
                .observe(self.started.elapsed().as_secs_f64());
        }
    }

    /// Records the request's durations (idempotent).
    pub fn finish(&mut self) {
        if std::mem::replace(&mut self.finished, true) {
            return;
        }
        let route = &self.route;
        route
            .request_duration
            .observe(self.started.elapsed().as_secs_f64());
        if let Some(sent) = self.upstream_sent {
            self.metrics
                .upstream_duration
                .observe(sent.elapsed().as_secs_f64());
            route
                .overhead_request
                .observe(self.request_overhead.as_secs_f64());
            route
                .overhead_response
                .observe(self.response_overhead.as_secs_f64());
            route
                .overhead_total
                .observe((self.request_overhead + self.response_overhead).as_secs_f64());
        }
    }
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Counts SSE events (blank-line terminated) across chunk boundaries, and
/// knows where the stream stands so an error event can start cleanly.
#[derive(Debug, Default)]
struct EventCounter {
    /// Bytes seen since the last event boundary.
    in_event: bool,
    at_line_start: bool,
}

impl EventCounter {
    fn count(&mut self, bytes: &[u8]) -> u64 {
        let mut events = 0;
        for &b in bytes {
            match b {
                b'\n' if self.at_line_start => {
                    events += 1;
                    self.at_line_start = false;
                    self.in_event = false;
                }
                b'\n' => self.at_line_start = true,
                b'\r' => {}
                _ => {
                    self.at_line_start = false;
                    self.in_event = true;
                }
            }
        }
        events
    }

    /// What must be written before a new event: nothing at a boundary,
    /// else the end of the current line and of the cut-off event, so the
    /// error is never merged into it.
    fn close_event(&self) -> &'static [u8] {
        match (self.in_event, self.at_line_start) {
            (false, _) => b"",
            (true, true) => b"\n",
            (true, false) => b"\n\n",
        }
    }
}

/// The upstream body on its way to the client.
pub struct UpstreamBody {
    inner: Incoming,
    rewrite: Option<Box<dyn ResponseRewrite>>,
    events: Option<EventCounter>,
    provider: Provider,
    observer: Observer,
    deadline: Pin<Box<Sleep>>,
    /// The upstream body ended; this is what is left to send once the
    /// rewrite has settled.
    ending: Option<Bytes>,
    done: bool,
    out: Vec<u8>,
}

impl UpstreamBody {
    /// Wraps `inner`. `sse` marks an event stream (failures become one
    /// error event); `deadline` ends the whole request.
    pub fn new(
        inner: Incoming,
        rewrite: Option<Box<dyn ResponseRewrite>>,
        sse: bool,
        provider: Provider,
        observer: Observer,
        deadline: tokio::time::Instant,
    ) -> UpstreamBody {
        UpstreamBody {
            inner,
            rewrite,
            events: sse.then(EventCounter::default),
            provider,
            observer,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
            ending: None,
            done: false,
            out: Vec::new(),
        }
    }

    /// Ends the body after a failure: one SSE error event, or an abort.
    fn fail(
        &mut self,
        kind: &'static str,
        message: &str,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.done = true;
        self.observer.metrics.error(kind);
        self.observer.finish();
        tracing::warn!(kind, "response stream failed after the head was sent");
        if let Some(counter) = &self.events {
            self.observer.metrics.stream_events.inc();
            let mut event = counter.close_event().to_vec();
            event.extend_from_slice(&sse_error_event(self.provider, kind, message));
            Poll::Ready(Some(Ok(Frame::data(Bytes::from(event)))))
        } else {
            Poll::Ready(Some(Err(message.to_owned().into())))
        }
    }

    fn emit(&mut self, data: Bytes) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(counter) = &mut self.events {
            let n = counter.count(&data);
            self.observer.metrics.stream_events.inc_by(n);
        }
        self.observer.first_byte();
        Poll::Ready(Some(Ok(Frame::data(data))))
    }
}

impl Body for UpstreamBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if this.ending.is_some() {
                let settled = this
                    .rewrite
                    .as_mut()
                    .is_none_or(|r| r.poll_settled(cx).is_ready());
                // The deadline bounds the wait: past it the reply ends
                // anyway and the side effect finishes in the background.
                if !settled && this.deadline.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                let tail = this.ending.take().unwrap_or_default();
                this.done = true;
                this.observer.finish();
                if tail.is_empty() {
                    return Poll::Ready(None);
                }
                return this.emit(tail);
            }
            if this.deadline.as_mut().poll(cx).is_ready() {
                return this.fail("timeout", "The request timed out.");
            }
            let frame = ready!(Pin::new(&mut this.inner).poll_frame(cx));
            match frame {
                Some(Ok(frame)) => {
                    let data = match frame.into_data() {
                        Ok(data) => data,
                        // Trailers: relayed only when the body is unchanged,
                        // since a rewritten body ends with our own bytes.
                        Err(frame) if this.rewrite.is_none() => {
                            return Poll::Ready(Some(Ok(frame)));
                        }
                        Err(_) => continue,
                    };
                    // The upstream's length says this was the last chunk:
                    // end now, so the client gets the data and the end of
                    // the body in one write rather than one write each.
                    let last = this.inner.is_end_stream();
                    let Some(rewrite) = this.rewrite.as_mut() else {
                        if last {
                            this.done = true;
                            this.observer.finish();
                        }
                        if data.is_empty() {
                            continue;
                        }
                        return this.emit(data);
                    };
                    let t = Instant::now();
                    this.out.clear();
                    let mut result = rewrite.push(&data, &mut this.out);
                    if last && result.is_ok() {
                        result = rewrite.finish(&mut this.out);
                    }
                    this.observer.response_overhead += t.elapsed();
                    if let Err(e) = result {
                        return this.fail(e.0, "The response could not be rewritten.");
                    }
                    if last {
                        if rewrite.poll_settled(cx).is_pending() {
                            // The end waits for the rewrite's side effects;
                            // the last bytes go out with it.
                            this.ending = Some(Bytes::from(std::mem::take(&mut this.out)));
                            continue;
                        }
                        this.done = true;
                        this.observer.finish();
                    }
                    if !this.out.is_empty() {
                        let bytes = Bytes::from(std::mem::take(&mut this.out));
                        return this.emit(bytes);
                    }
                }
                Some(Err(_)) => {
                    return this.fail("upstream_reset", "The upstream provider broke the stream.");
                }
                None => {
                    let mut tail = Vec::new();
                    if let Some(rewrite) = this.rewrite.as_mut() {
                        let t = Instant::now();
                        let result = rewrite.finish(&mut tail);
                        this.observer.response_overhead += t.elapsed();
                        if let Err(e) = result {
                            return this.fail(e.0, "The response could not be rewritten.");
                        }
                    }
                    this.ending = Some(Bytes::from(tail));
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done
    }

    fn size_hint(&self) -> SizeHint {
        // A rewritten body's length is unknown until it ends.
        if self.rewrite.is_none() {
            self.inner.size_hint()
        } else {
            SizeHint::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_counted_across_chunks_and_crlf() {
        let mut c = EventCounter::default();
        assert_eq!(c.count(b"data: a\n"), 0);
        assert_eq!(c.count(b"\ndata: b\r\n\r"), 1);
        assert_eq!(c.count(b"\n: comment\n\n"), 2);
        assert_eq!(c.close_event(), b"");
        c.count(b"data: x");
        assert_eq!(c.close_event(), b"\n\n");
        c.count(b"\r\n");
        assert_eq!(c.close_event(), b"\n");
    }
}
