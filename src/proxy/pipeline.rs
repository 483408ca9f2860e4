//! The seam between serving and rewriting: what happens to a request body
//! before it goes upstream, and to a response body on its way back.
//!
//! The provider adapters (`crate::adapter`) plug in here: request step =
//! adapter redaction → one `Vault::assign` → final body; response step =
//! `Vault::load` → streaming detokenizer. Until they are wired in, the
//! request step checks the body (JSON, depth, UTF-8) and then REFUSES every
//! redacting route with a 503: nothing is ever forwarded unredacted
//! (DESIGN §1, fail closed). Pass-through routes never come here.

use std::sync::Arc;

use bytes::Bytes;
use http::HeaderMap;
use http::header::CONTENT_TYPE;

use super::auth::Tenant;
use super::metrics::Metrics;
use super::rescue::ProxyError;
use super::route::Endpoint;
use crate::json::{self, JsonRewriter, Path, RewriteError, StringVisitor};
use crate::vault::{ScopeId, Vault};

/// Rewrites a response body chunk by chunk (detokenization).
pub trait ResponseRewrite: Send {
    /// Rewrites the next chunk into `out`; may hold bytes back (a token
    /// split across chunks).
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), RewriteFailed>;
    /// The body ended: writes out whatever was held back.
    fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), RewriteFailed>;
}

/// A response rewrite failed (payload-free kind).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("response rewrite failed ({0})")]
pub struct RewriteFailed(pub &'static str);

/// A request ready to go upstream.
pub struct Prepared {
    /// The body to send (redacted).
    pub body: Bytes,
    /// How to rewrite the response, given its `content-type`; `None` to
    /// relay it unchanged.
    pub response: Option<Box<dyn ResponseRewrite>>,
}

/// The rewriting steps of the request path.
pub struct Pipeline {
    vault: Arc<dyn Vault>,
    metrics: Metrics,
    json_limits: json::Limits,
}

impl Pipeline {
    /// A pipeline over `vault`.
    pub fn new(vault: Arc<dyn Vault>, metrics: Metrics, max_json_depth: usize) -> Pipeline {
        Pipeline {
            vault,
            metrics,
            json_limits: json::Limits {
                max_depth: max_json_depth,
                ..json::Limits::default()
            },
        }
    }

    /// The vault (for `/readyz`).
    pub fn vault(&self) -> &Arc<dyn Vault> {
        &self.vault
    }

    /// Redacts a request body for `endpoint` in `tenant`'s `scope`.
    pub async fn request(
        &self,
        endpoint: Endpoint,
        tenant: &Tenant,
        scope: &ScopeId,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Prepared, ProxyError> {
        let _ = (endpoint, tenant, scope, &self.metrics);
        check_json(headers, &body, self.json_limits)?;
        // Fail closed until the provider adapters are wired in.
        Err(ProxyError::RedactionUnavailable)
    }
}

/// Refuses bodies a redacting route cannot handle: not declared as JSON,
/// empty, or not acceptable JSON (syntax, UTF-8, nesting deeper than the
/// limit). One pass, nothing rewritten, output discarded.
pub fn check_json(
    headers: &HeaderMap,
    body: &[u8],
    limits: json::Limits,
) -> Result<(), ProxyError> {
    let declared_json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| {
            let essence = ct.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("application/json")
                || essence.to_ascii_lowercase().ends_with("+json")
        });
    if !declared_json || body.is_empty() {
        return Err(ProxyError::NotJson);
    }
    let mut rewriter = JsonRewriter::new(limits);
    let mut sink = Vec::new();
    let to_proxy = |e: RewriteError<std::convert::Infallible>| match e {
        RewriteError::Json(j) => ProxyError::BadJson(j),
        RewriteError::Visitor(never) => match never {},
    };
    // Validate in slices so the discarded copy stays small.
    for piece in body.chunks(64 * 1024) {
        sink.clear();
        rewriter
            .push(piece, &mut sink, &mut CopyAll)
            .map_err(to_proxy)?;
    }
    rewriter.finish().map_err(ProxyError::BadJson)
}

/// Leaves every string as it is.
struct CopyAll;

impl StringVisitor for CopyAll {
    type Error = std::convert::Infallible;

    fn begin(&mut self, _path: &Path<'_>) -> bool {
        false
    }

    fn chunk(&mut self, _decoded: &str, _out: &mut String) -> Result<(), Self::Error> {
        Ok(())
    }

    fn end(&mut self, _out: &mut String) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ct: Option<&str>, body: &[u8]) -> Result<(), ProxyError> {
        let mut h = HeaderMap::new();
        if let Some(ct) = ct {
            h.insert(CONTENT_TYPE, ct.parse().unwrap());
        }
        check_json(
            &h,
            body,
            json::Limits {
                max_depth: 4,
                ..json::Limits::default()
            },
        )
    }

    #[test]
    fn json_checks() {
        assert!(check(Some("application/json; charset=utf-8"), b"{\"a\":[1]}").is_ok());
        assert!(check(None, b"{}").is_ok());
        assert!(matches!(
            check(Some("text/plain"), b"{}"),
            Err(ProxyError::NotJson)
        ));
        assert!(matches!(check(None, b""), Err(ProxyError::NotJson)));
        let deep = check(None, b"[[[[[1]]]]]").unwrap_err();
        assert_eq!(deep.kind(), "json_too_deep");
        assert_eq!(deep.status(), http::StatusCode::BAD_REQUEST);
        let utf8 = check(None, b"{\"a\":\"\xff\"}").unwrap_err();
        assert_eq!(utf8.kind(), "json_utf8");
        assert_eq!(
            check(None, b"{\"a\":").unwrap_err().kind(),
            "json_truncated"
        );
    }
}
