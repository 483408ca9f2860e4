//! veil's own errors in the shape of the provider's, so SDKs raise their
//! usual exception types with a readable message.
//!
//! - OpenAI: `{"error":{"message","type","param":null,"code"}}`; in a
//!   stream, one `data:` event with the same object (the SDKs raise on a
//!   data payload holding `error`).
//! - Anthropic: `{"type":"error","error":{"type","message"}}`; in a stream,
//!   an `event: error` with that object. Anthropic's shape has no code
//!   field, so `code` is not sent; the message should say enough.

use super::Provider;
use crate::json::write_escaped;

/// A provider-shaped error body for a response with HTTP `status`.
/// `code` is a short machine-readable reason (`pii_blocked`,
/// `vault_unavailable`); `message` must not quote request content.
pub fn error_body(provider: Provider, status: u16, code: &str, message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(96 + message.len());
    match provider {
        Provider::OpenAi => {
            out.extend_from_slice(b"{\"error\":{\"message\":");
            string(message, &mut out);
            out.extend_from_slice(b",\"type\":");
            string(openai_type(status), &mut out);
            out.extend_from_slice(b",\"param\":null,\"code\":");
            string(code, &mut out);
            out.extend_from_slice(b"}}");
        }
        Provider::Anthropic => {
            out.extend_from_slice(b"{\"type\":\"error\",\"error\":{\"type\":");
            string(anthropic_type(status, code), &mut out);
            out.extend_from_slice(b",\"message\":");
            string(message, &mut out);
            out.extend_from_slice(b"}}");
        }
    }
    out
}

/// One SSE event reporting an error after the response headers were sent
/// (the provider's stream error shape), ending with its blank line.
pub fn sse_error_event(provider: Provider, code: &str, message: &str) -> Vec<u8> {
    // Mid-stream failures are veil's or the upstream's, never the client's.
    let body = error_body(provider, 500, code, message);
    let mut out = Vec::with_capacity(body.len() + 24);
    if provider == Provider::Anthropic {
        out.extend_from_slice(b"event: error\n");
    }
    out.extend_from_slice(b"data: ");
    out.extend_from_slice(&body);
    out.extend_from_slice(b"\n\n");
    out
}

fn string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    write_escaped(s, out);
    out.push(b'"');
}

fn openai_type(status: u16) -> &'static str {
    match status {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        429 => "rate_limit_error",
        400..=499 => "invalid_request_error",
        _ => "server_error",
    }
}

/// Anthropic's error types. veil's own overload (`max_concurrent_requests`
/// reached) answers 503 with `overloaded_error`, the type Anthropic gives
/// its own overload (status 529), so clients that branch on the type treat
/// both alike; a vault outage, also 503, stays `api_error`.
fn anthropic_type(status: u16, code: &str) -> &'static str {
    match (status, code) {
        (401, _) => "authentication_error",
        (403, _) => "permission_error",
        (404, _) => "not_found_error",
        (413, _) => "request_too_large",
        (429, _) => "rate_limit_error",
        (504, _) => "timeout_error",
        (529, _) | (503, "overloaded") => "overloaded_error",
        (400..=499, _) => "invalid_request_error",
        _ => "api_error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_have_the_providers_shapes() {
        let v: serde_json::Value =
            serde_json::from_slice(&error_body(Provider::OpenAi, 400, "pii_blocked", "a \"b\""))
                .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"error":{"message":"a \"b\"","type":"invalid_request_error","param":null,"code":"pii_blocked"}})
        );
        let v: serde_json::Value = serde_json::from_slice(&error_body(
            Provider::Anthropic,
            503,
            "vault_unavailable",
            "m",
        ))
        .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"type":"error","error":{"type":"api_error","message":"m"}})
        );
        let anthropic = |status, code| {
            let v: serde_json::Value =
                serde_json::from_slice(&error_body(Provider::Anthropic, status, code, "m"))
                    .unwrap();
            v["error"]["type"].as_str().unwrap().to_owned()
        };
        assert_eq!(anthropic(503, "overloaded"), "overloaded_error");
        assert_eq!(anthropic(503, "vault_unavailable"), "api_error");
        assert_eq!(anthropic(504, "timeout"), "timeout_error");
        assert_eq!(anthropic(413, "body_too_large"), "request_too_large");
        let e = sse_error_event(Provider::Anthropic, "x", "m");
        assert!(e.starts_with(b"event: error\ndata: {\"type\":\"error\""));
        assert!(e.ends_with(b"}}\n\n"));
        let e = sse_error_event(Provider::OpenAi, "x", "m");
        assert!(e.starts_with(b"data: {\"error\":"));
    }
}
