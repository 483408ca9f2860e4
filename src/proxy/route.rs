//! Which provider and endpoint a request is for (DESIGN §3).
//!
//! - `POST /v1/chat/completions`, `/v1/responses`, `/v1/embeddings`,
//!   `/v1/completions` → OpenAI; `POST /v1/messages` → Anthropic. One base
//!   URL serves both SDKs.
//! - `/openai/<path>` and `/anthropic/<path>` forward any path of that
//!   provider, prefix stripped. Paths that are not a known endpoint are
//!   redacted as generic JSON (every string value rewritten).
//! - Bodiless reads on the allow-list (`GET /v1/models`,
//!   `GET /v1/models/{id}`) pass through untouched. Unprefixed, they go to
//!   Anthropic when the request carries `anthropic-version` (the Anthropic
//!   SDK always sends it), else to OpenAI.
//! - `GET /healthz`, `/readyz`, `/metrics`; anything else is a 404.

use http::{HeaderMap, Method, Uri};

pub use crate::adapter::{Api, Provider};

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `GET /healthz`: the process is up.
    Health,
    /// `GET /readyz`: config loaded and the vault usable.
    Ready,
    /// `GET /metrics`: Prometheus text format.
    Metrics,
    /// Redact the body, forward, detokenize the response.
    Redact {
        /// Which API (picks the provider adapter).
        api: Api,
        /// Path and query to append to the provider's origin.
        upstream_path: String,
    },
    /// Forward unchanged (allow-listed bodiless reads).
    PassThrough {
        /// Which provider.
        provider: Provider,
        /// Path and query to append to the provider's origin.
        upstream_path: String,
    },
    /// No such route (404 in OpenAI's error shape).
    NotFound,
}

impl Route {
    /// Metric label (bounded set, no client data).
    pub fn label(&self) -> &'static str {
        match self {
            Route::Health => "healthz",
            Route::Ready => "readyz",
            Route::Metrics => "metrics",
            Route::Redact { api, .. } => api.as_str(),
            Route::PassThrough { .. } => "models",
            Route::NotFound => "not_found",
        }
    }

    /// The provider whose error shape a failure on this route takes.
    pub fn provider(&self) -> Provider {
        match self {
            Route::Redact { api, .. } => api.provider(),
            Route::PassThrough { provider, .. } => *provider,
            _ => Provider::OpenAi,
        }
    }
}

/// Routes a request by method, path and (for unprefixed model listings)
/// the `anthropic-version` header.
pub fn route(method: &Method, uri: &Uri, headers: &HeaderMap) -> Route {
    let path = uri.path();
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    match (method, path) {
        (&Method::GET, "/healthz") => return Route::Health,
        (&Method::GET, "/readyz") => return Route::Ready,
        (&Method::GET, "/metrics") => return Route::Metrics,
        _ => {}
    }
    let (provider, rest, prefixed) = if let Some(rest) = strip_prefix(path, "/openai") {
        (Some(Provider::OpenAi), rest, true)
    } else if let Some(rest) = strip_prefix(path, "/anthropic") {
        (Some(Provider::Anthropic), rest, true)
    } else {
        (None, path, false)
    };
    let upstream_path = format!("{rest}{query}");
    if method == Method::GET && is_model_listing(rest) {
        let provider = provider.unwrap_or(if headers.contains_key("anthropic-version") {
            Provider::Anthropic
        } else {
            Provider::OpenAi
        });
        return Route::PassThrough {
            provider,
            upstream_path,
        };
    }
    let known = if method == Method::POST {
        match rest {
            "/v1/chat/completions" => Some(Api::ChatCompletions),
            "/v1/responses" => Some(Api::Responses),
            "/v1/embeddings" => Some(Api::Embeddings),
            "/v1/completions" => Some(Api::Completions),
            "/v1/messages" => Some(Api::Messages),
            _ => None,
        }
    } else {
        None
    }
    .filter(|e| provider.is_none_or(|p| p == e.provider()));
    match (known, provider) {
        (Some(api), _) => Route::Redact { api, upstream_path },
        (None, Some(p)) if prefixed => Route::Redact {
            api: match p {
                Provider::OpenAi => Api::OtherOpenAi,
                Provider::Anthropic => Api::OtherAnthropic,
            },
            upstream_path,
        },
        _ => Route::NotFound,
    }
}

/// `path` minus `prefix` when `prefix` is a whole leading segment; the rest
/// always starts with `/`.
fn strip_prefix<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(prefix)?;
    if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}

/// `/v1/models` or `/v1/models/{id}` (one segment, no traversal).
fn is_model_listing(path: &str) -> bool {
    match path.strip_prefix("/v1/models") {
        Some("") | Some("/") => true,
        Some(rest) => rest
            .strip_prefix('/')
            .is_some_and(|id| !id.is_empty() && !id.contains('/') && id != "." && id != ".."),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(method: Method, uri: &str) -> Route {
        route(&method, &uri.parse().unwrap(), &HeaderMap::new())
    }

    #[test]
    fn design_routes() {
        assert_eq!(
            r(Method::POST, "/v1/chat/completions"),
            Route::Redact {
                api: Api::ChatCompletions,
                upstream_path: "/v1/chat/completions".into()
            }
        );
        assert_eq!(
            r(Method::POST, "/v1/messages?beta=true"),
            Route::Redact {
                api: Api::Messages,
                upstream_path: "/v1/messages?beta=true".into()
            }
        );
        assert_eq!(
            r(Method::POST, "/anthropic/v1/messages"),
            Route::Redact {
                api: Api::Messages,
                upstream_path: "/v1/messages".into()
            }
        );
        assert_eq!(
            r(Method::POST, "/openai/v1/files/x"),
            Route::Redact {
                api: Api::OtherOpenAi,
                upstream_path: "/v1/files/x".into()
            }
        );
        // An Anthropic endpoint under the OpenAI prefix is generic OpenAI JSON.
        assert_eq!(
            r(Method::POST, "/openai/v1/messages"),
            Route::Redact {
                api: Api::OtherOpenAi,
                upstream_path: "/v1/messages".into()
            }
        );
        assert_eq!(r(Method::GET, "/healthz"), Route::Health);
        assert_eq!(r(Method::GET, "/readyz"), Route::Ready);
        assert_eq!(r(Method::GET, "/metrics"), Route::Metrics);
    }

    #[test]
    fn model_listing_passes_through_and_picks_provider() {
        assert_eq!(
            r(Method::GET, "/v1/models/gpt-4o?x=1"),
            Route::PassThrough {
                provider: Provider::OpenAi,
                upstream_path: "/v1/models/gpt-4o?x=1".into()
            }
        );
        let mut h = HeaderMap::new();
        h.insert("anthropic-version", "2023-06-01".parse().unwrap());
        assert_eq!(
            route(&Method::GET, &"/v1/models".parse().unwrap(), &h),
            Route::PassThrough {
                provider: Provider::Anthropic,
                upstream_path: "/v1/models".into()
            }
        );
        assert_eq!(
            r(Method::GET, "/anthropic/v1/models"),
            Route::PassThrough {
                provider: Provider::Anthropic,
                upstream_path: "/v1/models".into()
            }
        );
    }

    #[test]
    fn everything_else_is_not_found_or_redacted_never_passed() {
        for (m, p) in [
            (Method::GET, "/v1/chat/completions"),
            (Method::POST, "/v1/unknown"),
            (Method::GET, "/v1/models/a/b"),
            (Method::GET, "/openaiv1/models"),
            (Method::POST, "/healthz"),
            (Method::GET, "/"),
        ] {
            assert_eq!(r(m.clone(), p), Route::NotFound, "{m} {p}");
        }
        // Under a prefix, a GET off the allow-list is a redacting route, which
        // refuses bodies that are not JSON: never forwarded as is.
        assert!(matches!(
            r(Method::GET, "/openai/v1/files"),
            Route::Redact { .. }
        ));
    }
}
