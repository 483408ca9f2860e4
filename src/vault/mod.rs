//! The vault: where each tenant's token maps live (DESIGN §5).
//!
//! The engine redacts a request against a throw-away per-request
//! [`Scope`](crate::redact::Scope) (provisional tokens). The proxy then makes
//! ONE [`Vault::assign`] call with that scope's values; the vault returns the
//! final token of each (stable across a conversation's turns) and the proxy
//! renumbers the body. Before the response starts, [`Vault::load`] fetches the
//! scope's map for the detokenizer.
//!
//! Backends: [`memory`] (the embedded default) and [`redis`] (single node
//! or Cluster). Every call names its tenant; a backend must never let one
//! tenant's call read or write another tenant's keys. [`seal`] holds the
//! per-tenant keys the Redis backend seals originals and hashes values
//! with, so Redis never stores a raw value.

pub mod memory;
pub mod redis;
pub mod seal;

pub use self::memory::{MemoryVault, MemoryVaultConfig};
pub use self::redis::{RedisVault, RedisVaultConfig};
pub use self::seal::KeyRing;

use rustc_hash::FxHashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::entity::EntityType;
use crate::redact::TokenLookup;
use crate::sensitive::Sensitive;
use crate::token::Token;

/// Longest TTL a backend applies (100 years): a longer configured TTL is
/// cut to this, so deadline arithmetic can never overflow.
pub const MAX_TTL: std::time::Duration = std::time::Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// A boxed future, so [`Vault`] can be used as `dyn Vault`.
pub type VaultFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, VaultError>> + Send + 'a>>;

/// A tenant's id: 1–64 bytes of `[A-Za-z0-9_-]`, so it is safe inside a
/// Redis key and a metric label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

/// A token scope inside a tenant: a conversation named by the client
/// (`X-Veil-Conversation`), or a single request.
///
/// 1–128 printable ASCII bytes without `{`, `}` or whitespace, so it can sit
/// inside a Redis Cluster hash tag (`{<conv>}`) unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(String);

/// Why an id was refused. Carries no part of the id: ids come from clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Empty, too long, or a byte outside the allowed set.
    #[error("invalid {0} id: 1-{1} bytes from the allowed set expected")]
    Invalid(&'static str, usize),
}

impl TenantId {
    /// Longest tenant id, in bytes.
    pub const MAX_LEN: usize = 64;

    /// Validates `id`.
    pub fn new(id: &str) -> Result<TenantId, IdError> {
        let ok = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(TenantId(id.to_owned()))
        } else {
            Err(IdError::Invalid("tenant", Self::MAX_LEN))
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ScopeId {
    /// Longest scope id, in bytes.
    pub const MAX_LEN: usize = 128;

    /// Validates `id`.
    pub fn new(id: &str) -> Result<ScopeId, IdError> {
        let ok = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'{' && b != b'}');
        if ok {
            Ok(ScopeId(id.to_owned()))
        } else {
            Err(IdError::Invalid("conversation", Self::MAX_LEN))
        }
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One value the vault must give a token: what the engine found, under its
/// provisional (per-request) token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewValue {
    /// The token the request was rendered with before assignment.
    pub provisional: Token,
    /// The normalized value that decides token identity
    /// ([`Value::key`](crate::redact::Value::key)).
    pub key: Sensitive<String>,
    /// The text as written, restored in responses.
    pub original: Sensitive<String>,
}

impl NewValue {
    /// The entity type (the provisional token's).
    pub fn ty(&self) -> EntityType {
        self.provisional.ty
    }
}

/// A scope's map, token → original, as the detokenizer reads it.
///
/// Hashed with FxHash, not SipHash: the keys are tokens, a type and a
/// number the vault hands out in sequence up to the scope's cap, so no
/// client can choose keys that collide, and the map is built and read on
/// every request (SipHash was ~1% of a request's instructions).
#[derive(Debug, Clone, Default)]
pub struct ScopeMap(FxHashMap<Token, Sensitive<String>>);

impl ScopeMap {
    /// An empty map.
    pub fn new() -> ScopeMap {
        ScopeMap::default()
    }

    /// An empty map with room for `n` tokens.
    pub fn with_capacity(n: usize) -> ScopeMap {
        ScopeMap(FxHashMap::with_capacity_and_hasher(n, Default::default()))
    }

    /// Adds or replaces one entry.
    pub fn insert(&mut self, token: Token, original: String) {
        self.0.insert(token, Sensitive::new(original));
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the map holds no token.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every token with its original, sorted by type then number (the
    /// order a fresh scope would assign them in).
    pub fn entries(&self) -> Vec<(Token, &Sensitive<String>)> {
        let mut v: Vec<_> = self.0.iter().map(|(t, o)| (*t, o)).collect();
        v.sort_by_key(|(t, _)| (t.ty, t.n));
        v
    }
}

impl TokenLookup for ScopeMap {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.0.get(&token).map(|s| s.expose().as_str())
    }
}

/// Why a vault call failed. Messages never carry values, keys or tenant
/// secrets; the proxy refuses the request (fail closed).
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The backend could not be reached or answered with an error.
    #[error("vault backend unavailable: {0}")]
    Unavailable(String),
    /// Stored data could not be decrypted or parsed (wrong key, tampering,
    /// or a layout from another version).
    #[error("vault data is corrupt or unreadable: {0}")]
    Corrupt(&'static str),
    /// The backend is up but unsafe to use (for example Redis may evict
    /// keys, which would show users raw tokens).
    #[error("vault not ready: {0}")]
    NotReady(String),
    /// A scope would exceed its configured number of tokens.
    #[error("vault scope is full ({0} tokens)")]
    ScopeFull(usize),
    /// The backend's memory budget is spent (in-memory vault; a Redis
    /// vault reports its own out-of-memory as [`VaultError::Unavailable`]).
    #[error("vault memory budget exhausted")]
    Full,
}

impl VaultError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            VaultError::Unavailable(_) => "vault_unavailable",
            VaultError::Corrupt(_) => "vault_corrupt",
            VaultError::NotReady(_) => "vault_not_ready",
            VaultError::ScopeFull(_) => "vault_scope_full",
            VaultError::Full => "vault_full",
        }
    }
}

/// A store of per-tenant, per-scope token maps.
pub trait Vault: Send + Sync + 'static {
    /// Final tokens for `values`, in the same order, assigning new numbers
    /// atomically (one round trip): a value whose key the scope already
    /// holds gets its existing token, a new one the next number of its type.
    /// The map is persisted before this returns.
    fn assign<'a>(
        &'a self,
        tenant: &'a TenantId,
        scope: &'a ScopeId,
        values: &'a [NewValue],
    ) -> VaultFuture<'a, Vec<Token>>;

    /// Every token of the scope with its original (empty for an unknown
    /// or expired scope). Loading is using: a live scope's TTL starts
    /// again, as on assignment, so a conversation stays alive while its
    /// turns continue it, with or without new values.
    fn load<'a>(&'a self, tenant: &'a TenantId, scope: &'a ScopeId) -> VaultFuture<'a, ScopeMap>;

    /// Makes `alias` name the scope `target` for the vault's TTL (replacing
    /// what it named before), so that a later request naming the alias
    /// continues `target` itself: a chain of Responses API turns shares one
    /// scope instead of copying it at every turn. The record is tenant
    /// scoped and, in Redis, sealed to the alias (it cannot be pointed
    /// elsewhere by whoever can write to Redis).
    fn link<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
        target: &'a ScopeId,
    ) -> VaultFuture<'a, ()>;

    /// The scope `alias` names, if a live link exists.
    fn follow<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
    ) -> VaultFuture<'a, Option<ScopeId>>;

    /// Ok when the backend can serve requests safely (`/readyz`).
    fn ready(&self) -> VaultFuture<'_, ()>;

    /// The backend's name for metrics (`memory`, `redis`, `redis_cluster`).
    fn backend(&self) -> &'static str;

    /// Bytes this process holds for the vault, when the backend keeps its
    /// data in process (the memory vault's budget estimate); `None` when the
    /// data lives elsewhere.
    fn memory_bytes(&self) -> Option<usize> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_documented_sets_only() {
        assert!(TenantId::new("acme-prod_1").is_ok());
        for bad in ["", "a:b", "a b", "{x}", &"x".repeat(65)] {
            assert!(TenantId::new(bad).is_err(), "{bad:?}");
        }
        assert!(ScopeId::new("conv:42/abc").is_ok());
        for bad in ["", "a}b", "{a", "a b", "tab\t", &"x".repeat(129)] {
            assert!(ScopeId::new(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn errors_name_no_client_input() {
        let e = ScopeId::new("secret conversation").unwrap_err();
        assert!(!e.to_string().contains("secret"));
    }
}
