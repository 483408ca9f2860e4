//! Reading a client's request body under the configured limits.
//!
//! The size limit is enforced while reading, so an oversized body costs at
//! most `max_body_bytes` of memory: a declared `Content-Length` above the
//! limit is refused before any byte is read, and a chunked body is refused
//! as soon as it crosses the limit. Each wait for the next chunk is bounded
//! by the idle timeout, so a client that stalls mid-body holds nothing for
//! long.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::HeaderMap;
use http::header::CONTENT_LENGTH;
use http_body_util::BodyExt;

use super::rescue::ProxyError;

/// Reads the whole body, at most `max` bytes, waiting at most `idle` for
/// each chunk.
pub async fn read_limited<B>(
    mut body: B,
    headers: &HeaderMap,
    max: usize,
    idle: Duration,
) -> Result<Bytes, ProxyError>
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
{
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(ProxyError::BodyTooLarge(max));
    }
    let capacity = declared
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(max);
    let mut buf = BytesMut::with_capacity(capacity);
    loop {
        let frame = match tokio::time::timeout(idle, body.frame()).await {
            Err(_) => return Err(ProxyError::ClientIdle),
            Ok(None) => break,
            Ok(Some(Err(_))) => return Err(ProxyError::ClientBody),
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            if buf.len() + data.len() > max {
                return Err(ProxyError::BodyTooLarge(max));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;

    #[tokio::test]
    async fn limit_is_enforced_with_and_without_content_length() {
        let idle = Duration::from_secs(1);
        let mut h = HeaderMap::new();
        let ok = read_limited(Full::new(Bytes::from_static(b"12345")), &h, 5, idle).await;
        assert_eq!(ok.unwrap(), Bytes::from_static(b"12345"));
        let big = read_limited(Full::new(Bytes::from_static(b"123456")), &h, 5, idle).await;
        assert!(matches!(big, Err(ProxyError::BodyTooLarge(5))));
        h.insert(CONTENT_LENGTH, "1000000".parse().unwrap());
        let declared = read_limited(Full::new(Bytes::new()), &h, 5, idle).await;
        assert!(matches!(declared, Err(ProxyError::BodyTooLarge(5))));
    }

    /// A body that never yields: a client that sent headers and went quiet.
    struct Stalled;

    impl hyper::body::Body for Stalled {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: std::pin::Pin<&mut Self>,
            _cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
            std::task::Poll::Pending
        }
    }

    #[tokio::test]
    async fn stalled_body_times_out() {
        let r = read_limited(Stalled, &HeaderMap::new(), 10, Duration::from_millis(50)).await;
        assert!(matches!(r, Err(ProxyError::ClientIdle)));
    }
}
