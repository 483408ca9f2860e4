//! The in-memory vault: the embedded default when no Redis is configured.
//!
//! Scopes live in a [`DashMap`] keyed by (tenant, scope), so one tenant's
//! call can only ever reach its own entries. Assignment for a scope runs
//! under that entry's shard lock, which makes it atomic per scope without
//! any lock held across an `.await` (nothing here awaits).
//!
//! Each scope expires `ttl` (at most [`MAX_TTL`]) after its last
//! assignment. An expired scope is
//! invisible at once (checked on every access); its memory is reclaimed by
//! a sweep that assignment runs every [`SWEEP_EVERY`] calls, or by
//! [`MemoryVault::sweep`] from an optional periodic task. No background task
//! is needed for correctness.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use super::{MAX_TTL, NewValue, ScopeId, ScopeMap, TenantId, Vault, VaultError, VaultFuture};
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;

/// Assignments between two sweeps of expired scopes.
pub const SWEEP_EVERY: u64 = 1024;

/// Settings of the in-memory vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryVaultConfig {
    /// How long a scope lives after its last assignment (at most
    /// [`MAX_TTL`]).
    pub ttl: Duration,
    /// Most tokens one scope may hold; more gives [`VaultError::ScopeFull`].
    pub max_tokens_per_scope: usize,
}

impl Default for MemoryVaultConfig {
    /// One day, 10,000 tokens per scope.
    fn default() -> Self {
        MemoryVaultConfig {
            ttl: Duration::from_secs(24 * 60 * 60),
            max_tokens_per_scope: 10_000,
        }
    }
}

/// Where the vault reads the time, so tests can move it.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The real monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// One scope's map and numbering.
#[derive(Default)]
struct ScopeState {
    by_key: HashMap<(EntityType, Sensitive<String>), Token>,
    originals: HashMap<Token, Sensitive<String>>,
    last: [u32; EntityType::ALL.len()],
    expires: Option<Instant>,
}

impl ScopeState {
    fn live(&self, now: Instant) -> bool {
        self.expires.is_some_and(|t| now < t)
    }
}

/// The in-memory [`Vault`]. See the module docs.
pub struct MemoryVault {
    cfg: MemoryVaultConfig,
    clock: Arc<dyn Clock>,
    scopes: DashMap<(TenantId, ScopeId), ScopeState>,
    calls: AtomicU64,
}

impl MemoryVault {
    /// An empty vault on the system clock.
    pub fn new(cfg: MemoryVaultConfig) -> MemoryVault {
        MemoryVault::with_clock(cfg, Arc::new(SystemClock))
    }

    /// An empty vault reading time from `clock`.
    pub fn with_clock(mut cfg: MemoryVaultConfig, clock: Arc<dyn Clock>) -> MemoryVault {
        cfg.ttl = cfg.ttl.min(MAX_TTL);
        MemoryVault {
            cfg,
            clock,
            scopes: DashMap::new(),
            calls: AtomicU64::new(0),
        }
    }

    /// Drops every expired scope; returns how many were dropped.
    pub fn sweep(&self) -> usize {
        let now = self.clock.now();
        let before = self.scopes.len();
        self.scopes.retain(|_, s| s.live(now));
        before.saturating_sub(self.scopes.len())
    }

    /// Number of scopes held, expired ones not yet swept included.
    pub fn scope_count(&self) -> usize {
        self.scopes.len()
    }

    fn assign_now(
        &self,
        tenant: &TenantId,
        scope: &ScopeId,
        values: &[NewValue],
    ) -> Result<Vec<Token>, VaultError> {
        if self.calls.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep();
        }
        let now = self.clock.now();
        let mut entry = match self.scopes.entry((tenant.clone(), scope.clone())) {
            Entry::Occupied(e) => {
                let mut e = e.into_ref();
                if !e.live(now) {
                    *e = ScopeState::default();
                }
                e
            }
            Entry::Vacant(e) => e.insert(ScopeState::default()),
        };
        let state = &mut *entry;

        // Check the cap before writing anything, so a refused batch leaves
        // the scope as it was.
        let mut fresh: Vec<(EntityType, &Sensitive<String>)> = Vec::new();
        for v in values {
            let k = (v.ty(), v.key.clone());
            if !state.by_key.contains_key(&k) && !fresh.contains(&(v.ty(), &v.key)) {
                fresh.push((v.ty(), &v.key));
            }
        }
        let cap = self.cfg.max_tokens_per_scope;
        if state.originals.len().saturating_add(fresh.len()) > cap {
            return Err(VaultError::ScopeFull(cap));
        }

        let mut out = Vec::with_capacity(values.len());
        for v in values {
            let k = (v.ty(), v.key.clone());
            if let Some(t) = state.by_key.get(&k) {
                out.push(*t);
                continue;
            }
            let n = &mut state.last[v.ty().index()];
            *n = n.saturating_add(1);
            let token = Token { ty: v.ty(), n: *n };
            state.by_key.insert(k, token);
            state.originals.insert(token, v.original.clone());
            out.push(token);
        }
        state.expires = now.checked_add(self.cfg.ttl);
        Ok(out)
    }

    fn load_now(&self, tenant: &TenantId, scope: &ScopeId) -> ScopeMap {
        let now = self.clock.now();
        let mut map = ScopeMap::new();
        if let Some(state) = self.scopes.get(&(tenant.clone(), scope.clone()))
            && state.live(now)
        {
            for (t, o) in &state.originals {
                map.insert(*t, o.expose().clone());
            }
        }
        map
    }
}

impl std::fmt::Debug for MemoryVault {
    /// Settings and size only, never a value.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryVault")
            .field("cfg", &self.cfg)
            .field("scopes", &self.scopes.len())
            .finish_non_exhaustive()
    }
}

impl Vault for MemoryVault {
    fn assign<'a>(
        &'a self,
        tenant: &'a TenantId,
        scope: &'a ScopeId,
        values: &'a [NewValue],
    ) -> VaultFuture<'a, Vec<Token>> {
        Box::pin(async move { self.assign_now(tenant, scope, values) })
    }

    fn load<'a>(&'a self, tenant: &'a TenantId, scope: &'a ScopeId) -> VaultFuture<'a, ScopeMap> {
        Box::pin(async move { Ok(self.load_now(tenant, scope)) })
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    fn backend(&self) -> &'static str {
        "memory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nv(ty: EntityType, key: &str) -> NewValue {
        NewValue {
            provisional: Token { ty, n: 1 },
            key: Sensitive::new(key.to_owned()),
            original: Sensitive::new(key.to_owned()),
        }
    }

    #[test]
    fn a_refused_batch_changes_nothing() {
        let v = MemoryVault::new(MemoryVaultConfig {
            max_tokens_per_scope: 2,
            ..MemoryVaultConfig::default()
        });
        let (t, s) = (TenantId::new("a").unwrap(), ScopeId::new("s").unwrap());
        v.assign_now(&t, &s, &[nv(EntityType::Email, "x@y.in")])
            .unwrap();
        let e = v.assign_now(
            &t,
            &s,
            &[
                nv(EntityType::Email, "p@q.in"),
                nv(EntityType::Email, "r@s.in"),
            ],
        );
        assert!(matches!(e, Err(VaultError::ScopeFull(2))));
        assert_eq!(v.load_now(&t, &s).len(), 1);
        // A repeated value in one batch counts once.
        let ok = v
            .assign_now(
                &t,
                &s,
                &[
                    nv(EntityType::Email, "p@q.in"),
                    nv(EntityType::Email, "p@q.in"),
                ],
            )
            .unwrap();
        assert_eq!(ok[0], ok[1]);
        assert_eq!(ok[0].n, 2);
    }
}
