//! The proxy proper, inside the [`layer`](super::layer) stack (which has
//! already given the request its id, route, permit and deadline): auth →
//! body (limits) → pipeline (redaction, fail closed) → upstream → streamed
//! response.
//!
//! Every failure before the response head is turned into the provider's
//! error shape by [`rescue`](super::rescue); after it, by the response body.
//! Logs carry the request id, route and error kinds, never bodies or keys.

use std::convert::Infallible;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, Request, Response, StatusCode};
use hyper::body::Incoming;

use super::State;
use super::body::read_limited;
use super::layer::{Deadline, LayerFuture, RequestId, Stamp};
use super::rescue::{ProxyError, error_response};
use super::response::{Observer, ProxyBody, UpstreamBody, full};
use super::route::{Provider, Route};
use super::upstream::{request_headers, strip_hop_by_hop};
use crate::vault::ScopeId;

pub use super::layer::request_id::REQUEST_ID;
/// Names a conversation whose tokens stay stable across turns.
pub const CONVERSATION: &str = "x-veil-conversation";

/// The proxy proper, innermost in the [`layer`](super::layer) stack:
/// answers health, readiness and metrics, and forwards everything else.
/// Never fails: errors are responses.
#[derive(Clone)]
pub struct Proxy {
    state: Arc<State>,
}

impl Proxy {
    /// The proxy over a server's shared state.
    pub(crate) fn new(state: Arc<State>) -> Proxy {
        Proxy { state }
    }
}

impl tower::Service<Request<Incoming>> for Proxy {
    type Response = Response<ProxyBody>;
    type Error = Infallible;
    type Future = LayerFuture<Response<ProxyBody>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request<Incoming>) -> Self::Future {
        let state = self.state.clone();
        Box::pin(async move {
            let stamp = Stamp::take(&mut req);
            Ok(dispatch(&state, req, stamp).await)
        })
    }
}

async fn dispatch(state: &Arc<State>, req: Request<Incoming>, stamp: Stamp) -> Response<ProxyBody> {
    let Stamp { started, route } = stamp;
    let label = route.label();
    let local = |status: StatusCode, ct: &'static str, body: Bytes| {
        state
            .metrics
            .request_duration
            .with_label_values(&[label])
            .observe(started.elapsed().as_secs_f64());
        let mut r = Response::new(full(body));
        *r.status_mut() = status;
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
        r
    };
    match route {
        Route::Health => local(StatusCode::OK, "text/plain", Bytes::from_static(b"ok\n")),
        Route::Ready => match state.pipeline.ready().await {
            Ok(()) => local(StatusCode::OK, "text/plain", Bytes::from_static(b"ready\n")),
            Err(e) => {
                tracing::warn!(kind = e.kind(), "not ready");
                local(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/plain",
                    Bytes::from(format!("not ready: {}\n", e.kind())),
                )
            }
        },
        Route::Metrics => {
            if let Some(bytes) = state.pipeline.vault_memory_bytes() {
                let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
                state.metrics.vault_memory_bytes.set(bytes);
            }
            match state.metrics.render() {
                Ok(text) => local(
                    StatusCode::OK,
                    "text/plain; version=0.0.4",
                    Bytes::from(text),
                ),
                Err(_) => local(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "text/plain",
                    Bytes::from_static(b"metrics unavailable\n"),
                ),
            }
        }
        Route::NotFound => error_response(&state.metrics, Provider::OpenAi, &ProxyError::NotFound),
        Route::Redact { .. } | Route::PassThrough { .. } => {
            let provider = route.provider();
            let deadline = Deadline::on(&req, state.config.limits.request_timeout).0;
            let request_id = RequestId::on(&req);
            let observer = Observer::new(state.metrics.clone(), label, started);
            match forward(state, req, route, &request_id.0, observer, deadline).await {
                Ok(response) => response,
                Err(e) => error_response(&state.metrics, provider, &e),
            }
        }
    }
}

/// Auth, body, pipeline and the upstream call; the response streams back.
async fn forward(
    state: &Arc<State>,
    req: Request<Incoming>,
    route: Route,
    request_id: &str,
    mut observer: Observer,
    deadline: tokio::time::Instant,
) -> Result<Response<ProxyBody>, ProxyError> {
    let limits = state.config.limits;
    let (parts, body) = req.into_parts();
    let tenant = state.auth.authenticate(&parts.headers)?;
    let provider = route.provider();
    // Credentials first: a tenant without a key for this provider is
    // refused before its body is read, redacted or stored.
    let mut headers = request_headers(&parts.headers);
    state
        .auth
        .upstream_credentials(&tenant, provider, &mut headers)?;
    let conversation = conversation_of(&parts.headers)?;
    let body = read_limited(
        body,
        &parts.headers,
        limits.max_body_bytes,
        limits.idle_timeout,
    )
    .await?;
    let (upstream_path, body, plan) = match route {
        Route::Redact { api, upstream_path } => {
            let prepared = state
                .pipeline
                .request(api, &tenant, conversation, &body)
                .await?;
            if tracing::enabled!(tracing::Level::DEBUG) {
                // Redacted text only, and only at debug (DESIGN §1). Still
                // the app's prose around the tokens, so bounded.
                let shown = &prepared.body[..prepared.body.len().min(4096)];
                tracing::debug!(body = %String::from_utf8_lossy(shown), "redacted request");
            }
            (upstream_path, prepared.body, Some(prepared.response))
        }
        Route::PassThrough { upstream_path, .. } => (upstream_path, body, None),
        _ => return Err(ProxyError::NotFound),
    };
    let origin = match provider {
        Provider::OpenAi => &state.config.upstreams.openai,
        Provider::Anthropic => &state.config.upstreams.anthropic,
    };
    let uri = origin
        .join(&upstream_path)
        .map_err(|_| ProxyError::NotFound)?;
    if !body.is_empty() || parts.headers.contains_key(CONTENT_LENGTH) {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID, v);
    }
    observer.upstream_sent();
    tracing::debug!(tenant = %tenant.id, bytes = body.len(), "forwarding");
    let upstream = state
        .upstream
        .send(parts.method, uri, headers, body)
        .await?;
    let (mut head, incoming) = upstream.into_parts();
    strip_hop_by_hop(&mut head.headers);
    let encoded = head
        .headers
        .get(CONTENT_ENCODING)
        .is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
    if plan.is_some() {
        if encoded {
            // Asked for identity; a compressed body cannot be detokenized,
            // and relaying it would show the client raw tokens.
            return Err(ProxyError::UpstreamEncoding);
        }
        head.headers.remove(CONTENT_LENGTH);
    }
    let content_type = head.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let sse = content_type.is_some_and(|ct| {
        ct.trim_start()
            .get(..17)
            .is_some_and(|p| p.eq_ignore_ascii_case("text/event-stream"))
    });
    let rewrite = plan.map(|p| p.start(content_type));
    let body = UpstreamBody::new(incoming, rewrite, sse, provider, observer, deadline);
    Ok(Response::from_parts(
        head,
        http_body_util::BodyExt::boxed_unsync(body),
    ))
}

/// The conversation the client named with `X-Veil-Conversation`, if any,
/// as scope `c:<name>`. The prefix keeps client names apart from veil's
/// own `resp:…` scopes, so no header can name those.
fn conversation_of(headers: &HeaderMap) -> Result<Option<ScopeId>, ProxyError> {
    headers
        .get(CONVERSATION)
        .map(|v| {
            v.to_str()
                .ok()
                .filter(|s| !s.is_empty())
                .and_then(|s| ScopeId::new(&format!("c:{s}")).ok())
                .ok_or(ProxyError::BadConversation)
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_header_is_validated() {
        let mut h = HeaderMap::new();
        assert!(conversation_of(&h).unwrap().is_none());
        h.insert(CONVERSATION, "conv-7".parse().unwrap());
        assert_eq!(conversation_of(&h).unwrap().unwrap().as_str(), "c:conv-7");
        h.insert(CONVERSATION, "".parse().unwrap());
        assert!(matches!(
            conversation_of(&h),
            Err(ProxyError::BadConversation)
        ));
        h.insert(CONVERSATION, "x".repeat(127).parse().unwrap());
        assert!(matches!(
            conversation_of(&h),
            Err(ProxyError::BadConversation)
        ));
        h.insert(CONVERSATION, "{bad}".parse().unwrap());
        assert!(matches!(
            conversation_of(&h),
            Err(ProxyError::BadConversation)
        ));
    }
}
