//! One request, start to finish: request id → route → auth → body (limits)
//! → pipeline (redaction, fail closed) → upstream → streamed response.
//!
//! Every failure before the response head is turned into the provider's
//! error shape by [`rescue`](super::rescue); after it, by the response body.
//! Logs carry the request id, route and error kinds, never bodies or keys.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http::{HeaderMap, Request, Response, StatusCode};
use hyper::body::Incoming;
use tracing::Instrument;

use super::State;
use super::body::read_limited;
use super::rescue::{ProxyError, error_body};
use super::response::{Observer, ProxyBody, UpstreamBody, full};
use super::route::{self, Provider, Route};
use super::upstream::{request_headers, strip_hop_by_hop};
use crate::vault::ScopeId;

/// The request id header, taken from the client when well-formed.
pub const REQUEST_ID: &str = "x-request-id";
/// Names a conversation whose tokens stay stable across turns.
pub const CONVERSATION: &str = "x-veil-conversation";

/// Serves one request. Never fails: errors are responses.
pub(crate) async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<ProxyBody>, Infallible> {
    let started = Instant::now();
    let request_id = request_id(req.headers());
    let route = route::route(req.method(), req.uri(), req.headers());
    let label = route.label();
    let span = tracing::info_span!("request", id = %request_id, route = label);
    let mut response = async {
        let response = dispatch(&state, req, route, &request_id, started).await;
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_us = started.elapsed().as_micros() as u64,
            "answered"
        );
        response
    }
    .instrument(span)
    .await;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, v);
    }
    state
        .metrics
        .requests
        .with_label_values(&[label, response.status().as_str()])
        .inc();
    Ok(response)
}

async fn dispatch(
    state: &Arc<State>,
    req: Request<Incoming>,
    route: Route,
    request_id: &str,
    started: Instant,
) -> Response<ProxyBody> {
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
        Route::Metrics => match state.metrics.render() {
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
        },
        Route::NotFound => error_response(state, Provider::OpenAi, &ProxyError::NotFound),
        Route::Redact { .. } | Route::PassThrough { .. } => {
            let provider = route.provider();
            // Refused at once rather than queued: a queue would hold bodies
            // and time, and the SDKs retry a 503 with backoff.
            let Ok(permit) = state.in_flight.clone().try_acquire_owned() else {
                return error_response(state, provider, &ProxyError::Overloaded);
            };
            let deadline =
                tokio::time::Instant::from_std(started + state.config.limits.request_timeout);
            let mut observer = Observer::new(state.metrics.clone(), label, started);
            observer.hold(permit);
            let forwarded = tokio::time::timeout_at(
                deadline,
                forward(state, req, route, request_id, observer, deadline),
            )
            .await;
            match forwarded {
                Ok(Ok(response)) => response,
                Ok(Err(e)) => error_response(state, provider, &e),
                Err(_) => error_response(state, provider, &ProxyError::Timeout),
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

/// The provider-shaped error response, counted by kind.
fn error_response(state: &State, provider: Provider, e: &ProxyError) -> Response<ProxyBody> {
    state.metrics.error(e.kind());
    if e.status().is_server_error() {
        tracing::warn!(kind = e.kind(), "refused");
    } else {
        tracing::info!(kind = e.kind(), "refused");
    }
    let body = error_body(provider, e.status(), e.kind(), &e.client_message());
    let mut r = Response::new(full(body));
    *r.status_mut() = e.status();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// The client's `x-request-id` when it is a short token of safe characters
/// (it is echoed into logs and headers), else a fresh random one.
fn request_id(headers: &HeaderMap) -> String {
    let given = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 128
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        });
    match given {
        Some(id) => id.to_owned(),
        None => format!("{:032x}", rand::random::<u128>()),
    }
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
    fn request_ids_are_kept_only_when_safe() {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID, "abc-123".parse().unwrap());
        assert_eq!(request_id(&h), "abc-123");
        h.insert(REQUEST_ID, "has space".parse().unwrap());
        let generated = request_id(&h);
        assert_eq!(generated.len(), 32);
        assert_ne!(generated, request_id(&HeaderMap::new()));
    }

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
