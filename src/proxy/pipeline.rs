//! The seam between serving and rewriting: what happens to a request body
//! before it goes upstream, and to a response body on its way back.
//!
//! Request: the provider adapter redacts the body into provisional tokens
//! ([`redact_request`]), ONE [`Vault::assign`] call gives the final tokens
//! (persisted before anything is forwarded), and the body is renumbered.
//! Response: the scope's map (the conversation's, loaded once; for a
//! single-request scope, the values just assigned) feeds the adapter's
//! streaming [`ResponseDetokenizer`].
//!
//! Any failure refuses the request: nothing is forwarded unredacted
//! (DESIGN §1, fail closed).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;

use super::auth::Tenant;
use super::metrics::Metrics;
use super::rescue::ProxyError;
use crate::adapter::{Api, BodyKind, ResponseDetokenizer, redact_request};
use crate::json;
use crate::redact::Scratch;
use crate::vault::{ScopeId, ScopeMap, Vault, VaultError, VaultFuture};

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
    /// The body to send (redacted, final tokens).
    pub body: Bytes,
    /// How to restore originals in the response.
    pub response: ResponsePlan,
}

/// What the response side needs: the API and the scope's token map.
pub struct ResponsePlan {
    api: Api,
    map: ScopeMap,
    limits: json::Limits,
}

impl ResponsePlan {
    /// The rewriter for a response with this `content-type`: JSON bodies
    /// and SSE streams by the adapter's rules, anything else as text.
    pub fn start(self, content_type: Option<&str>) -> Box<dyn ResponseRewrite> {
        let kind = BodyKind::from_content_type(content_type);
        Box::new(Detokenize {
            inner: ResponseDetokenizer::new(self.api, kind, self.limits),
            map: self.map,
        })
    }
}

struct Detokenize {
    inner: ResponseDetokenizer,
    map: ScopeMap,
}

impl ResponseRewrite for Detokenize {
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), RewriteFailed> {
        self.inner
            .push(chunk, &self.map, out)
            .map_err(|e| RewriteFailed(e.kind()))
    }

    fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), RewriteFailed> {
        self.inner
            .finish(&self.map, out)
            .map_err(|e| RewriteFailed(e.kind()))
    }
}

/// The rewriting steps of the request path.
pub struct Pipeline {
    vault: Arc<dyn Vault>,
    metrics: Metrics,
    json_limits: json::Limits,
    /// Regex scratch space is costly to build; requests borrow one. Every
    /// tenant shares the rule set, so any scratch fits any tenant.
    scratch: Mutex<Vec<Scratch>>,
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
            scratch: Mutex::new(Vec::new()),
        }
    }

    /// Checks the vault (`/readyz`).
    pub async fn ready(&self) -> Result<(), VaultError> {
        self.timed("ready", self.vault.ready()).await
    }

    /// Redacts a request body for `api` in `tenant`'s `scope`.
    /// `conversation` says the scope outlives this request, so its earlier
    /// tokens may come back in the response.
    pub async fn request(
        &self,
        api: Api,
        tenant: &Tenant,
        scope: &ScopeId,
        conversation: bool,
        body: &[u8],
    ) -> Result<Prepared, ProxyError> {
        let mut scratch = self.take_scratch(tenant);
        let redacted = redact_request(api, body, &tenant.redactor, &mut scratch, self.json_limits);
        self.put_scratch(scratch);
        let redacted = redacted.map_err(ProxyError::Request)?;
        for (ty, action, n) in redacted.entity_counts() {
            self.metrics
                .entities
                .with_label_values(&[ty.as_str(), action.as_str()])
                .inc_by(u64::from(n));
        }
        let values = redacted.new_values();
        let finals = if values.is_empty() {
            Vec::new()
        } else {
            self.timed("assign", self.vault.assign(&tenant.id, scope, &values))
                .await?
        };
        if finals.len() != values.len() {
            return Err(VaultError::Corrupt("assign answered the wrong number of tokens").into());
        }
        let map = if conversation {
            self.timed("load", self.vault.load(&tenant.id, scope))
                .await?
        } else {
            // A single-request scope holds exactly what was just assigned:
            // no second round trip.
            let mut map = ScopeMap::new();
            for (value, token) in values.iter().zip(&finals) {
                map.insert(*token, value.original.expose().clone());
            }
            map
        };
        Ok(Prepared {
            body: Bytes::from(redacted.finalize(&finals)),
            response: ResponsePlan {
                api,
                map,
                limits: self.json_limits,
            },
        })
    }

    async fn timed<T>(&self, op: &'static str, fut: VaultFuture<'_, T>) -> Result<T, VaultError> {
        let started = Instant::now();
        let result = fut.await;
        self.metrics
            .vault_op
            .with_label_values(&[op, self.vault.backend()])
            .observe(started.elapsed().as_secs_f64());
        result
    }

    fn take_scratch(&self, tenant: &Tenant) -> Scratch {
        let pooled = self.scratch.lock().ok().and_then(|mut pool| pool.pop());
        pooled.unwrap_or_else(|| tenant.redactor.scratch())
    }

    fn put_scratch(&self, scratch: Scratch) {
        if let Ok(mut pool) = self.scratch.lock() {
            // Bounded: no more than the requests that ran at once.
            if pool.len() < 256 {
                pool.push(scratch);
            }
        }
    }
}
