//! The seam between serving and rewriting: what happens to a request body
//! before it goes upstream, and to a response body on its way back.
//!
//! Request: the provider adapter redacts the body into provisional tokens
//! ([`redact_request`]). In a scope other requests can name (a
//! conversation), ONE [`Vault::assign`] call gives the final tokens
//! (persisted before anything is forwarded) and the body is renumbered; a
//! request that names no scope keeps its provisional tokens and never
//! touches the vault. Response: the scope's map (the conversation's, loaded
//! once; else the request's own) feeds the adapter's streaming
//! [`ResponseDetokenizer`].
//!
//! Any failure refuses the request: nothing is forwarded unredacted
//! (DESIGN §1, fail closed).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;

use super::auth::Tenant;
use super::metrics::Metrics;
use super::rescue::ProxyError;
use crate::adapter::{Api, BodyKind, RedactedRequest, ResponseDetokenizer, redact_request};
use crate::json;
use crate::redact::Scratch;
use crate::sensitive::Sensitive;
use crate::token::{self, Token};
use crate::vault::{NewValue, ScopeId, ScopeMap, TenantId, Vault, VaultError, VaultFuture};

/// The identity key of a stored original, as the engine computed it
/// ([`Value::key`](crate::redact::Value::key)): token-shaped text is keyed
/// literally, anything else by its normalized form.
fn key_of(token: Token, original: &str) -> String {
    if token::parse_lenient(original).is_some() {
        format!("\u{0}literal:{original}")
    } else {
        token.ty.normalize(original)
    }
}

/// Bodies from this size on are redacted on the blocking pool: scanning
/// runs at ~100 MB/s, so 64 KiB is well under a millisecond inline, while
/// the largest bodies would hold a serving thread for tens of milliseconds.
const OFFLOAD_BYTES: usize = 64 * 1024;

/// Rewrites a response body chunk by chunk (detokenization).
pub trait ResponseRewrite: Send {
    /// Rewrites the next chunk into `out`; may hold bytes back (a token
    /// split across chunks).
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), RewriteFailed>;
    /// The body ended: writes out whatever was held back.
    fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), RewriteFailed>;
    /// Ready once the side effects of the response are stored (the
    /// Responses API continuation scope): the body must not end before,
    /// or a client that continues at once could find nothing.
    fn poll_settled(&mut self, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
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
    alias: Option<Alias>,
}

/// Makes the id of a Responses API reply name the scope that served it,
/// so a later request naming it in `previous_response_id` continues with
/// the same tokens (DESIGN §2).
struct Alias {
    vault: Arc<dyn Vault>,
    metrics: Metrics,
    tenant: TenantId,
    how: AliasKind,
}

enum AliasKind {
    /// The request's own scope lived only in memory: its whole map, in
    /// (type, number) order, is stored under `resp:<id>` (assigned into a
    /// fresh scope the values get the same numbers). Only the first turn
    /// of a chain copies.
    Copy(Vec<NewValue>),
    /// The request continued a stored scope: `resp:<id>` links to it, so a
    /// chain of turns shares one scope instead of a copy per turn.
    Link(ScopeId),
}

impl Alias {
    /// Starts storing `resp:<id>` as soon as the id is known, so it runs
    /// while the rest of the response streams; the body's end waits for
    /// the returned task ([`ResponseRewrite::poll_settled`]).
    fn start(self, response_id: &str) -> Option<tokio::task::JoinHandle<()>> {
        let scope = ScopeId::new(&format!("resp:{response_id}")).ok()?;
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        Some(runtime.spawn(async move {
            let stored = match &self.how {
                AliasKind::Link(target) => self.vault.link(&self.tenant, &scope, target).await,
                AliasKind::Copy(values) => {
                    let wanted: Vec<Token> = values.iter().map(|v| v.provisional).collect();
                    match self.vault.assign(&self.tenant, &scope, values).await {
                        Ok(got) if got != wanted => {
                            // The scope existed with other numbers: it would
                            // restore the wrong originals, so say so loudly.
                            self.metrics.error("scope_alias_mismatch");
                            tracing::warn!(
                                "response scope alias renumbered; continuation may not resolve"
                            );
                            Ok(())
                        }
                        other => other.map(drop),
                    }
                }
            };
            if let Err(e) = stored {
                self.metrics.error(e.kind());
                tracing::warn!(kind = e.kind(), "response scope alias not stored");
            }
        }))
    }
}

impl ResponsePlan {
    /// The rewriter for a response with this `content-type`: JSON bodies
    /// and SSE streams by the adapter's rules, anything else as text.
    pub fn start(self, content_type: Option<&str>) -> Box<dyn ResponseRewrite> {
        let kind = BodyKind::from_content_type(content_type);
        Box::new(Detokenize {
            inner: ResponseDetokenizer::new(self.api, kind, self.limits),
            map: self.map,
            alias: self.alias,
            storing: None,
        })
    }
}

struct Detokenize {
    inner: ResponseDetokenizer,
    map: ScopeMap,
    alias: Option<Alias>,
    /// The alias copy in progress.
    storing: Option<tokio::task::JoinHandle<()>>,
}

impl Detokenize {
    fn alias_once_id_is_known(&mut self) {
        if self.alias.is_none() {
            return;
        }
        let Some(id) = self.inner.response_id().map(str::to_owned) else {
            return;
        };
        if let Some(alias) = self.alias.take() {
            self.storing = alias.start(&id);
        }
    }
}

impl ResponseRewrite for Detokenize {
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<(), RewriteFailed> {
        let result = self
            .inner
            .push(chunk, &self.map, out)
            .map_err(|e| RewriteFailed(e.kind()));
        self.alias_once_id_is_known();
        result
    }

    fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), RewriteFailed> {
        let result = self
            .inner
            .finish(&self.map, out)
            .map_err(|e| RewriteFailed(e.kind()));
        self.alias_once_id_is_known();
        result
    }

    fn poll_settled(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(task) = self.storing.as_mut() else {
            return Poll::Ready(());
        };
        // A panicked or cancelled copy is as good as done: it was logged,
        // and the reply itself is complete.
        let _ = std::task::ready!(Pin::new(task).poll(cx));
        self.storing = None;
        Poll::Ready(())
    }
}

/// Tokens and map of a request that names no conversation: the scope is
/// this request alone, so the provisional tokens (numbered 1, 2, … per type
/// by the engine, exactly as a fresh vault scope would) are final and the
/// map is what was just found.
///
/// Such a scope is never written to the vault: no later request can name
/// it, so storing it would only keep originals longer than the reply that
/// needs them (and, in the memory vault, grow without bound under load).
/// The map lives exactly as long as the response.
fn single_request_scope(values: &[NewValue]) -> (Vec<Token>, ScopeMap) {
    let mut map = ScopeMap::with_capacity(values.len());
    for value in values {
        map.insert(value.provisional, value.original.expose().clone());
    }
    (values.iter().map(|v| v.provisional).collect(), map)
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

    /// The vault's in-process bytes, when it keeps any (`/metrics`).
    pub fn vault_memory_bytes(&self) -> Option<usize> {
        self.vault.memory_bytes()
    }

    /// Checks the vault (`/readyz`).
    pub async fn ready(&self) -> Result<(), VaultError> {
        self.timed("ready", self.vault.ready()).await
    }

    /// Redacts a request body for `api` in `tenant`'s scope: the
    /// `conversation` the client named, else the scope of the Responses
    /// API response named by `previous_response_id` (`resp:<id>`), else
    /// this request alone (held only in memory for its response).
    pub async fn request(
        &self,
        api: Api,
        tenant: &Arc<Tenant>,
        conversation: Option<ScopeId>,
        body: &Bytes,
    ) -> Result<Prepared, ProxyError> {
        let redacted = self.redact(api, tenant, body).await?;
        let continued = match (&conversation, redacted.previous_response_id()) {
            (None, Some(previous)) => match ScopeId::new(&format!("resp:{previous}")) {
                // The scope the named reply links to (a chain shares one),
                // else the reply's own copy (the first turn of a chain).
                Ok(alias) => Some(
                    self.timed("follow", self.vault.follow(&tenant.id, &alias))
                        .await?
                        .unwrap_or(alias),
                ),
                Err(_) => None,
            },
            _ => None,
        };
        let explicit = conversation.is_some();
        let continuable = redacted.response_is_stored();
        for (ty, action, n) in redacted.entity_counts() {
            self.metrics.entities(ty, action, u64::from(n));
        }
        let values = redacted.new_values();
        let (finals, map) = match conversation.as_ref().or(continued.as_ref()) {
            Some(scope) => self.assign_shared(&tenant.id, scope, &values).await?,
            None => single_request_scope(&values),
        };
        // Responses API replies get an id a later turn may continue from
        // (unless `store: false`: the provider forgets them); with an
        // explicit conversation the client names the scope itself.
        let how = match continued {
            _ if api != Api::Responses || !continuable || explicit => None,
            Some(root) => Some(AliasKind::Link(root)),
            None if map.is_empty() => None,
            None => Some(AliasKind::Copy(
                map.entries()
                    .into_iter()
                    .map(|(token, original)| NewValue {
                        provisional: token,
                        key: Sensitive::new(key_of(token, original.expose())),
                        original: original.clone(),
                    })
                    .collect(),
            )),
        };
        let alias = how.map(|how| Alias {
            vault: self.vault.clone(),
            metrics: self.metrics.clone(),
            tenant: tenant.id.clone(),
            how,
        });
        Ok(Prepared {
            body: Bytes::from(redacted.finalize(&finals)),
            response: ResponsePlan {
                api,
                map,
                limits: self.json_limits,
                alias,
            },
        })
    }

    /// Redacts `body`: inline when small, else on the blocking pool, so a
    /// large body (milliseconds to scan, up to `max_body_bytes`) does not
    /// stall the other connections of its serving thread.
    async fn redact(
        &self,
        api: Api,
        tenant: &Arc<Tenant>,
        body: &Bytes,
    ) -> Result<RedactedRequest, ProxyError> {
        let mut scratch = self.take_scratch(tenant);
        let limits = self.json_limits;
        let (scratch, redacted) = if body.len() < OFFLOAD_BYTES {
            let redacted = redact_request(api, body, &tenant.redactor, &mut scratch, limits);
            (scratch, redacted)
        } else {
            let (tenant, body) = (tenant.clone(), body.clone());
            let job = tokio::task::spawn_blocking(move || {
                let redacted = redact_request(api, &body, &tenant.redactor, &mut scratch, limits);
                (scratch, redacted)
            });
            // A panic in redaction refuses the request (fail closed); its
            // scratch is gone with it.
            job.await.map_err(|_| ProxyError::Internal)?
        };
        self.put_scratch(scratch);
        redacted.map_err(ProxyError::Request)
    }

    /// Final tokens in a scope other requests can name (a conversation or
    /// a Responses continuation): ONE assignment, persisted before the
    /// request goes upstream, then the scope's whole map for the reply.
    async fn assign_shared(
        &self,
        tenant: &TenantId,
        scope: &ScopeId,
        values: &[NewValue],
    ) -> Result<(Vec<Token>, ScopeMap), ProxyError> {
        let finals = if values.is_empty() {
            Vec::new()
        } else {
            self.timed("assign", self.vault.assign(tenant, scope, values))
                .await?
        };
        if finals.len() != values.len() {
            return Err(VaultError::Corrupt("assign answered the wrong number of tokens").into());
        }
        let map = self.timed("load", self.vault.load(tenant, scope)).await?;
        Ok((finals, map))
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
