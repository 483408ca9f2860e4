//! Closes client connections that sit idle: no request in flight and no
//! byte either way for `limits.idle_timeout_ms`.
//!
//! hyper's header read timeout only starts once a request begins, so a
//! connection that never sends a byte, or a keep-alive connection between
//! requests, would otherwise be held forever. While a request is in flight
//! the connection is never idle, however long the upstream thinks: slow
//! bodies are bounded by the body reader and whole requests by the request
//! timeout.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Requests in flight on one connection, and when the last one ended.
#[derive(Debug, Clone)]
pub struct InFlight(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    count: AtomicUsize,
    last_end: Mutex<Instant>,
}

impl Default for InFlight {
    fn default() -> Self {
        InFlight(Arc::new(Shared {
            count: AtomicUsize::new(0),
            last_end: Mutex::new(Instant::now()),
        }))
    }
}

impl InFlight {
    /// Counts a request until the returned guard is dropped (with the
    /// response body, so a streaming response keeps the connection busy).
    pub fn start(&self) -> InFlightGuard {
        self.0.count.fetch_add(1, Ordering::AcqRel);
        InFlightGuard(self.0.clone())
    }

    fn busy(&self) -> bool {
        self.0.count.load(Ordering::Acquire) > 0
    }

    fn last_end(&self) -> Instant {
        self.0
            .last_end
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|_| Instant::now())
    }
}

/// Marks one request in flight while alive.
#[derive(Debug)]
pub struct InFlightGuard(Arc<Shared>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if let Ok(mut t) = self.0.last_end.lock() {
            *t = Instant::now();
        }
        self.0.count.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A client connection that fails once idle too long: reads when no
/// request is in flight and nothing moved for the idle time, writes when
/// the client has not taken a byte for the idle time (a reader that
/// stopped reading would otherwise hold its upstream stream forever).
pub struct IdleIo<T> {
    inner: T,
    in_flight: InFlight,
    idle: Duration,
    last_progress: Instant,
    read_timer: Pin<Box<Sleep>>,
    read_deadline: Instant,
    write_stalled: Option<Instant>,
    write_timer: Pin<Box<Sleep>>,
}

impl<T> IdleIo<T> {
    /// Wraps `inner`, idle after `idle` without traffic or requests.
    pub fn new(inner: T, in_flight: InFlight, idle: Duration) -> IdleIo<T> {
        let now = Instant::now();
        IdleIo {
            inner,
            in_flight,
            idle,
            last_progress: now,
            read_timer: Box::pin(tokio::time::sleep_until(now + idle)),
            read_deadline: now + idle,
            write_stalled: None,
            write_timer: Box::pin(tokio::time::sleep_until(now + idle)),
        }
    }

    fn timed_out() -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, "client connection idle")
    }

    /// Pending read: fails once idle, else arms the timer to wake then.
    fn poll_read_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.in_flight.busy() {
            return Poll::Pending;
        }
        let deadline = self.last_progress.max(self.in_flight.last_end()) + self.idle;
        if deadline != self.read_deadline {
            self.read_deadline = deadline;
            self.read_timer.as_mut().reset(deadline);
        }
        match self.read_timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Self::timed_out())),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Pending write: fails once the client has not drained for the idle
    /// time.
    fn poll_write_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        if self.write_stalled.is_none() {
            let now = Instant::now();
            self.write_stalled = Some(now);
            self.write_timer.as_mut().reset(now + self.idle);
        }
        match self.write_timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Self::timed_out()),
            Poll::Pending => Poll::Pending,
        }
    }

    fn wrote(&mut self, n: usize) {
        if n > 0 {
            self.last_progress = Instant::now();
            self.write_stalled = None;
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.last_progress = Instant::now();
                }
                Poll::Ready(result)
            }
            Poll::Pending => self.poll_read_idle(cx),
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                self.wrote(n);
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => self.poll_write_stall(cx).map(Err),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(Ok(n)) => {
                self.wrote(n);
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => self.poll_write_stall(cx).map(Err),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.poll_write_stall(cx).map(Err),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn idle_reads_fail_unless_a_request_is_in_flight() {
        let (client, server) = tokio::io::duplex(64);
        let in_flight = InFlight::default();
        let mut io = IdleIo::new(server, in_flight.clone(), Duration::from_millis(50));
        let guard = in_flight.start();
        let mut buf = [0u8; 8];
        // Busy: a read waits past the idle time without failing.
        let waited = tokio::time::timeout(Duration::from_millis(150), io.read(&mut buf)).await;
        assert!(waited.is_err(), "timed out while a request was in flight");
        drop(guard);
        let err = io.read(&mut buf).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        drop(client);
    }

    #[tokio::test]
    async fn a_client_that_stops_reading_is_cut_off() {
        let (client, server) = tokio::io::duplex(16);
        let in_flight = InFlight::default();
        let _busy = in_flight.start();
        let mut io = IdleIo::new(server, in_flight, Duration::from_millis(50));
        // The client never reads: the 16-byte pipe fills, then writes stall.
        let big = vec![b'x'; 1024];
        let err = tokio::time::timeout(Duration::from_secs(2), io.write_all(&big))
            .await
            .expect("stalled write ended")
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        drop(client);
    }

    #[tokio::test]
    async fn traffic_keeps_a_connection_alive() {
        let (mut client, server) = tokio::io::duplex(64);
        let mut io = IdleIo::new(server, InFlight::default(), Duration::from_millis(80));
        let mut buf = [0u8; 1];
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_millis(40)).await;
            client.write_all(b"x").await.unwrap();
            io.read_exact(&mut buf).await.unwrap();
        }
    }
}
