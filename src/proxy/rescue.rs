//! Every failure of the data plane becomes the caller's protocol here, and
//! only here: a status and a JSON body shaped like the provider's own errors
//! before the response starts, one SSE `error` event after it has.
//!
//! Messages are fixed texts per kind: they never quote the request, the
//! upstream's payload or a backend's error text.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Response, StatusCode};

use super::jwt::JwtError;
use super::metrics::Metrics;
use super::response::{ProxyBody, full};
use super::route::Provider;
use crate::adapter::{self, RequestError};
use crate::vault::VaultError;

/// Why the proxy could not serve a request. [`ProxyError::kind`] is
/// payload-free and feeds `veil_errors_total{kind}`.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// No veil API key was sent (API-key auth).
    #[error("missing API key")]
    MissingKey,
    /// The key matches no tenant.
    #[error("invalid API key")]
    BadKey,
    /// A JWT failed a check.
    #[error("invalid token: {0}")]
    BadToken(JwtError),
    /// A valid JWT names a tenant that is not configured.
    #[error("token names an unknown tenant")]
    UnknownTenant,
    /// The tenant has no key for this provider.
    #[error("tenant has no key for {0}")]
    NoProviderKey(&'static str),
    /// The body is larger than `limits.max_body_bytes`.
    #[error("request body exceeds {0} bytes")]
    BodyTooLarge(usize),
    /// The client went silent for longer than `limits.idle_timeout_ms`.
    #[error("client idle timeout")]
    ClientIdle,
    /// The client's body could not be read (connection reset).
    #[error("client body unreadable")]
    ClientBody,
    /// The adapter refused the body: not JSON, invalid UTF-8, too deep, or
    /// blocked by policy. Its messages name a kind, an offset or an entity
    /// type, never content.
    #[error(transparent)]
    Request(RequestError),
    /// `X-Veil-Conversation` is not a valid conversation id.
    #[error("invalid X-Veil-Conversation")]
    BadConversation,
    /// The vault failed; the request is refused.
    #[error("vault: {}", .0.kind())]
    Vault(#[from] VaultError),
    /// The upstream could not be reached or broke.
    #[error("upstream {0}")]
    Upstream(&'static str),
    /// The TLS handshake with the upstream failed (untrusted certificate,
    /// no common protocol version): a configuration matter, counted apart
    /// from outages so an alert can tell them apart.
    #[error("upstream TLS: {0}")]
    UpstreamTls(&'static str),
    /// The upstream answered in an encoding veil cannot rewrite.
    #[error("upstream content-encoding not supported")]
    UpstreamEncoding,
    /// The request took longer than `limits.request_timeout_ms`.
    #[error("request timed out")]
    Timeout,
    /// No such route.
    #[error("no such route")]
    NotFound,
    /// `limits.max_concurrent_requests` are already in flight.
    #[error("too many requests in flight")]
    Overloaded,
    /// veil failed on its own (a bug); nothing was forwarded.
    #[error("internal error")]
    Internal,
}

impl ProxyError {
    /// Payload-free kind for `veil_errors_total{kind}` and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            ProxyError::MissingKey => "auth_missing",
            ProxyError::BadKey => "auth_invalid",
            ProxyError::BadToken(e) => e.kind(),
            ProxyError::UnknownTenant => "jwt_unknown_tenant",
            ProxyError::NoProviderKey(_) => "auth_no_provider_key",
            ProxyError::BodyTooLarge(_) => "body_too_large",
            ProxyError::ClientIdle => "client_idle",
            ProxyError::ClientBody => "client_body",
            ProxyError::Request(e) => e.kind(),
            ProxyError::BadConversation => "bad_conversation",
            ProxyError::Vault(e) => e.kind(),
            ProxyError::Upstream(_) => "upstream",
            ProxyError::UpstreamTls(_) => "upstream_tls",
            ProxyError::UpstreamEncoding => "upstream_encoding",
            ProxyError::Timeout => "timeout",
            ProxyError::NotFound => "not_found",
            ProxyError::Overloaded => "overloaded",
            ProxyError::Internal => "internal",
        }
    }

    /// HTTP status of the error response.
    pub fn status(&self) -> StatusCode {
        match self {
            ProxyError::MissingKey
            | ProxyError::BadKey
            | ProxyError::BadToken(_)
            | ProxyError::UnknownTenant => StatusCode::UNAUTHORIZED,
            ProxyError::NoProviderKey(_) => StatusCode::FORBIDDEN,
            ProxyError::BodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ProxyError::ClientIdle => StatusCode::REQUEST_TIMEOUT,
            ProxyError::ClientBody | ProxyError::Request(_) | ProxyError::BadConversation => {
                StatusCode::BAD_REQUEST
            }
            ProxyError::Vault(_) | ProxyError::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::Upstream(_) | ProxyError::UpstreamTls(_) | ProxyError::UpstreamEncoding => {
                StatusCode::BAD_GATEWAY
            }
            ProxyError::Timeout => StatusCode::GATEWAY_TIMEOUT,
            ProxyError::NotFound => StatusCode::NOT_FOUND,
            ProxyError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message the client sees: fixed per kind, no payload.
    pub fn client_message(&self) -> String {
        match self {
            ProxyError::MissingKey => "Missing API key. Send it as `Authorization: Bearer <key>` or `x-api-key`.".into(),
            ProxyError::BadKey => "Invalid API key.".into(),
            ProxyError::BadToken(e) => format!("Invalid veil token: {e}."),
            ProxyError::UnknownTenant => "The token names no tenant configured in veil.".into(),
            ProxyError::NoProviderKey(p) => format!("This tenant has no {p} key configured in veil."),
            ProxyError::BodyTooLarge(max) => format!("Request body exceeds the limit of {max} bytes."),
            ProxyError::ClientIdle => "Timed out waiting for the request body.".into(),
            ProxyError::ClientBody => "The request body could not be read.".into(),
            ProxyError::Request(RequestError::NotJson) => {
                "This route accepts JSON object or array bodies only.".into()
            }
            ProxyError::Request(e) => format!("The request was refused: {e}."),
            ProxyError::BadConversation => "X-Veil-Conversation must be 1-126 printable ASCII characters without braces or spaces.".into(),
            ProxyError::Vault(VaultError::Full) => "The token vault is full; nothing was forwarded.".into(),
            ProxyError::Vault(_) => "The token vault is unavailable; nothing was forwarded.".into(),
            ProxyError::Upstream(what) | ProxyError::UpstreamTls(what) => {
                format!("The upstream provider {what}.")
            }
            ProxyError::UpstreamEncoding => "The upstream answered with a content-encoding veil cannot rewrite.".into(),
            ProxyError::Timeout => "The request timed out.".into(),
            ProxyError::NotFound => "Unknown route.".into(),
            ProxyError::Overloaded => "veil is serving as many requests as it is configured for; retry shortly.".into(),
            ProxyError::Internal => "veil failed to process the request; nothing was forwarded.".into(),
        }
    }
}

/// The provider-shaped error response for `e`, counted by kind and
/// logged (kind only: never the request, never a backend's text).
pub fn error_response(
    metrics: &Metrics,
    provider: Provider,
    e: &ProxyError,
) -> Response<ProxyBody> {
    metrics.error(e.kind());
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

/// A JSON error body in the provider's shape (the adapter owns the shapes).
pub fn error_body(provider: Provider, status: StatusCode, code: &str, message: &str) -> Bytes {
    Bytes::from(adapter::error_body(
        provider,
        status.as_u16(),
        code,
        message,
    ))
}

/// One SSE event reporting a failure after the response has started.
pub fn sse_error_event(provider: Provider, code: &str, message: &str) -> Bytes {
    Bytes::from(adapter::sse_error_event(provider, code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_each_providers_shape() {
        let e = ProxyError::BadKey;
        let b = error_body(Provider::OpenAi, e.status(), e.kind(), &e.client_message());
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["error"]["type"], "authentication_error");
        assert_eq!(v["error"]["code"], "auth_invalid");
        let b = error_body(
            Provider::Anthropic,
            e.status(),
            e.kind(),
            &e.client_message(),
        );
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["type"], "error");
        assert_eq!(v["error"]["type"], "authentication_error");
    }

    #[test]
    fn sse_error_is_one_complete_event() {
        let ev = sse_error_event(
            Provider::Anthropic,
            "upstream",
            "The upstream provider broke.",
        );
        let text = std::str::from_utf8(&ev).unwrap();
        assert!(text.starts_with("event: error\ndata: {"));
        assert!(text.ends_with("}\n\n"));
        assert_eq!(text.matches("\n\n").count(), 1);
    }

    #[test]
    fn vault_errors_do_not_leak_backend_text() {
        let e = ProxyError::from(VaultError::Unavailable("redis said secret-ish".into()));
        assert!(!e.client_message().contains("secret"));
        assert!(!e.to_string().contains("secret"));
        assert_eq!(e.kind(), "vault_unavailable");
    }
}
