//! The in-memory vault: the embedded default when no Redis is configured.
//!
//! Scopes live in a [`DashMap`] keyed by (tenant, scope), so one tenant's
//! call can only ever reach its own entries. Assignment for a scope runs
//! under that entry's shard lock, which makes it atomic per scope without
//! any lock held across an `.await` (nothing here awaits).
//!
//! Each scope expires `ttl` (at most [`MAX_TTL`]) after its last use, an
//! assignment or a load (so a conversation whose later turns bring no new
//! values stays alive while it is used). An expired scope is
//! invisible at once (checked on every access); its memory is reclaimed by
//! a sweep that assignment runs every [`SWEEP_EVERY`] calls, or by
//! [`MemoryVault::sweep`] from an optional periodic task. No background task
//! is needed for correctness.
//!
//! Memory is bounded by `max_bytes`, an estimate of what the maps hold
//! (originals, keys, links and a fixed per-entry, per-scope and per-link
//! overhead). Like a
//! Redis vault under `noeviction`, a full vault refuses new values with
//! [`VaultError::Full`] rather than forgetting live ones: an evicted token
//! would reach users raw. Expired scopes are swept first.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;

use super::{MAX_TTL, NewValue, ScopeId, ScopeMap, TenantId, Vault, VaultError, VaultFuture};
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;

/// Assignments between two sweeps of expired scopes.
pub const SWEEP_EVERY: u64 = 1024;

/// Estimated bytes of one stored value beyond its key and original: two
/// hash-map slots, a token and two `String` headers.
pub const ENTRY_OVERHEAD: usize = 128;

/// Estimated bytes of one scope beyond its values: the map entry, its ids
/// and its empty tables.
pub const SCOPE_OVERHEAD: usize = 512;

/// Estimated bytes of one link beyond its two ids.
pub const LINK_OVERHEAD: usize = 128;

/// Settings of the in-memory vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryVaultConfig {
    /// How long a scope lives after its last use, an assignment or a load (at most
    /// [`MAX_TTL`]).
    pub ttl: Duration,
    /// Most tokens one scope may hold; more gives [`VaultError::ScopeFull`].
    pub max_tokens_per_scope: usize,
    /// Most bytes all scopes may hold (estimated, see the module docs);
    /// more gives [`VaultError::Full`].
    pub max_bytes: usize,
}

impl Default for MemoryVaultConfig {
    /// One day, 10,000 tokens per scope, 256 MiB in all.
    fn default() -> Self {
        MemoryVaultConfig {
            ttl: Duration::from_secs(24 * 60 * 60),
            max_tokens_per_scope: 10_000,
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Estimated bytes one value takes in a scope.
fn entry_bytes(v: &NewValue) -> usize {
    ENTRY_OVERHEAD + v.key.expose().len() + v.original.expose().len()
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
    /// This scope's share of [`MemoryVault::used`].
    bytes: usize,
}

impl ScopeState {
    fn live(&self, now: Instant) -> bool {
        self.expires.is_some_and(|t| now < t)
    }
}

/// Where an alias points, until when.
struct Link {
    target: ScopeId,
    expires: Option<Instant>,
    /// This link's share of [`MemoryVault::used`].
    bytes: usize,
}

impl Link {
    fn live(&self, now: Instant) -> bool {
        self.expires.is_some_and(|t| now < t)
    }
}

/// The in-memory [`Vault`]. See the module docs.
pub struct MemoryVault {
    cfg: MemoryVaultConfig,
    clock: Arc<dyn Clock>,
    scopes: DashMap<(TenantId, ScopeId), ScopeState>,
    links: DashMap<(TenantId, ScopeId), Link>,
    calls: AtomicU64,
    /// Estimated bytes held, the sum of every scope's `bytes`.
    used: AtomicUsize,
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
            links: DashMap::new(),
            calls: AtomicU64::new(0),
            used: AtomicUsize::new(0),
        }
    }

    /// Drops every expired scope and link; returns how many scopes were
    /// dropped.
    pub fn sweep(&self) -> usize {
        let now = self.clock.now();
        let mut dropped = 0;
        self.scopes.retain(|_, s| {
            let live = s.live(now);
            if !live {
                self.used.fetch_sub(s.bytes, Ordering::Relaxed);
                dropped += 1;
            }
            live
        });
        self.links.retain(|_, l| {
            let live = l.live(now);
            if !live {
                self.used.fetch_sub(l.bytes, Ordering::Relaxed);
            }
            live
        });
        dropped
    }

    /// Number of links held, expired ones not yet swept included.
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    fn link_now(
        &self,
        tenant: &TenantId,
        alias: &ScopeId,
        target: &ScopeId,
    ) -> Result<(), VaultError> {
        let bytes = LINK_OVERHEAD + alias.as_str().len() + target.as_str().len();
        let key = (tenant.clone(), alias.clone());
        // A relink replaces; the shard guard is gone before any sweep.
        let replaced = self.links.get(&key).map_or(0, |l| l.bytes);
        self.check_budget_for(bytes.saturating_sub(replaced))?;
        let link = Link {
            target: target.clone(),
            expires: self.clock.now().checked_add(self.cfg.ttl),
            bytes,
        };
        self.used.fetch_add(bytes, Ordering::Relaxed);
        if let Some(old) = self.links.insert(key, link) {
            self.used.fetch_sub(old.bytes, Ordering::Relaxed);
        }
        Ok(())
    }

    fn follow_now(&self, tenant: &TenantId, alias: &ScopeId) -> Option<ScopeId> {
        let now = self.clock.now();
        self.links
            .get(&(tenant.clone(), alias.clone()))
            .filter(|l| l.live(now))
            .map(|l| l.target.clone())
    }

    /// Estimated bytes held (see the module docs), expired scopes not yet
    /// swept included.
    pub fn used_bytes(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Refuses a batch that could push the vault past `max_bytes`, after
    /// sweeping expired scopes once. The bound assumes every value is new
    /// and the scope too, so it may refuse a batch of known values slightly
    /// early; concurrent batches can overshoot by at most their own size.
    fn check_budget(&self, values: &[NewValue]) -> Result<(), VaultError> {
        self.check_budget_for(SCOPE_OVERHEAD + values.iter().map(entry_bytes).sum::<usize>())
    }

    /// Refuses `worst` more bytes past `max_bytes`, after one sweep.
    fn check_budget_for(&self, worst: usize) -> Result<(), VaultError> {
        let fits = |used: usize| used.saturating_add(worst) <= self.cfg.max_bytes;
        if fits(self.used_bytes()) {
            return Ok(());
        }
        // No shard lock is held here, so sweeping cannot deadlock.
        self.sweep();
        if fits(self.used_bytes()) {
            Ok(())
        } else {
            Err(VaultError::Full)
        }
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
        self.check_budget(values)?;
        let now = self.clock.now();
        let fresh_scope = || ScopeState {
            bytes: SCOPE_OVERHEAD,
            ..ScopeState::default()
        };
        let mut entry = match self.scopes.entry((tenant.clone(), scope.clone())) {
            Entry::Occupied(e) => {
                let mut e = e.into_ref();
                if !e.live(now) {
                    self.used.fetch_sub(e.bytes, Ordering::Relaxed);
                    *e = fresh_scope();
                    self.used.fetch_add(SCOPE_OVERHEAD, Ordering::Relaxed);
                }
                e
            }
            Entry::Vacant(e) => {
                self.used.fetch_add(SCOPE_OVERHEAD, Ordering::Relaxed);
                e.insert(fresh_scope())
            }
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
            state.bytes += entry_bytes(v);
            self.used.fetch_add(entry_bytes(v), Ordering::Relaxed);
            out.push(token);
        }
        state.expires = now.checked_add(self.cfg.ttl);
        Ok(out)
    }

    fn load_now(&self, tenant: &TenantId, scope: &ScopeId) -> ScopeMap {
        let now = self.clock.now();
        let mut map = ScopeMap::new();
        if let Some(mut state) = self.scopes.get_mut(&(tenant.clone(), scope.clone()))
            && state.live(now)
        {
            // Reading is using: the scope lives `ttl` from now.
            state.expires = now.checked_add(self.cfg.ttl);
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

    fn link<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
        target: &'a ScopeId,
    ) -> VaultFuture<'a, ()> {
        Box::pin(async move { self.link_now(tenant, alias, target) })
    }

    fn follow<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
    ) -> VaultFuture<'a, Option<ScopeId>> {
        Box::pin(async move { Ok(self.follow_now(tenant, alias)) })
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        Box::pin(async { Ok(()) })
    }

    fn backend(&self) -> &'static str {
        "memory"
    }

    fn memory_bytes(&self) -> Option<usize> {
        Some(self.used_bytes())
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

    /// A clock the test moves by hand.
    struct ManualClock(std::sync::Mutex<Instant>);

    impl Clock for ManualClock {
        fn now(&self) -> Instant {
            *self.0.lock().unwrap()
        }
    }

    fn values(n: usize, prefix: &str) -> Vec<NewValue> {
        (0..n)
            .map(|i| nv(EntityType::Email, &format!("{prefix}{i}@example.in")))
            .collect()
    }

    #[test]
    fn a_full_vault_refuses_new_values_and_keeps_live_ones() {
        let one_scope = SCOPE_OVERHEAD + values(10, "a").iter().map(entry_bytes).sum::<usize>();
        let v = MemoryVault::new(MemoryVaultConfig {
            max_bytes: one_scope * 3,
            ..MemoryVaultConfig::default()
        });
        let t = TenantId::new("a").unwrap();
        let mut kept = Vec::new();
        for i in 0.. {
            let s = ScopeId::new(&format!("s{i}")).unwrap();
            match v.assign_now(&t, &s, &values(10, "a")) {
                Ok(_) => kept.push(s),
                Err(e) => {
                    assert!(matches!(e, VaultError::Full), "{e}");
                    break;
                }
            }
            assert!(i < 10, "the budget never refused");
        }
        assert_eq!(kept.len(), 3);
        assert_eq!(v.used_bytes(), one_scope * 3);
        for s in &kept {
            assert_eq!(v.load_now(&t, s).len(), 10, "live scopes are never evicted");
        }
    }

    #[test]
    fn links_count_against_the_budget_until_they_expire() {
        let start = Instant::now();
        let clock = Arc::new(ManualClock(std::sync::Mutex::new(start)));
        let v = MemoryVault::with_clock(
            MemoryVaultConfig {
                ttl: Duration::from_secs(60),
                max_bytes: 2 * (LINK_OVERHEAD + 20),
                ..MemoryVaultConfig::default()
            },
            clock.clone(),
        );
        let t = TenantId::new("a").unwrap();
        let id = |s: &str| ScopeId::new(s).unwrap();
        v.link_now(&t, &id("resp:1"), &id("resp:0")).unwrap();
        v.link_now(&t, &id("resp:2"), &id("resp:0")).unwrap();
        // Relinking replaces, it does not add.
        v.link_now(&t, &id("resp:2"), &id("resp:0")).unwrap();
        assert_eq!(v.used_bytes(), 2 * (LINK_OVERHEAD + 12));
        assert!(matches!(
            v.link_now(&t, &id("resp:3"), &id("resp:0")),
            Err(VaultError::Full)
        ));
        *clock.0.lock().unwrap() = start + Duration::from_secs(61);
        v.link_now(&t, &id("resp:3"), &id("resp:0")).unwrap();
        assert_eq!(v.link_count(), 1, "the expired links were swept");
        assert_eq!(v.used_bytes(), LINK_OVERHEAD + 12);
    }

    #[test]
    fn expired_scopes_give_their_budget_back() {
        let start = Instant::now();
        let clock = Arc::new(ManualClock(std::sync::Mutex::new(start)));
        let one_scope = SCOPE_OVERHEAD + values(10, "a").iter().map(entry_bytes).sum::<usize>();
        let v = MemoryVault::with_clock(
            MemoryVaultConfig {
                ttl: Duration::from_secs(60),
                max_bytes: one_scope,
                ..MemoryVaultConfig::default()
            },
            clock.clone(),
        );
        let t = TenantId::new("a").unwrap();
        let (s1, s2) = (ScopeId::new("s1").unwrap(), ScopeId::new("s2").unwrap());
        v.assign_now(&t, &s1, &values(10, "a")).unwrap();
        assert!(matches!(
            v.assign_now(&t, &s2, &values(10, "b")),
            Err(VaultError::Full)
        ));
        *clock.0.lock().unwrap() = start + Duration::from_secs(61);
        v.assign_now(&t, &s2, &values(10, "b")).unwrap();
        assert_eq!(v.scope_count(), 1, "the expired scope was swept");
        assert_eq!(v.used_bytes(), one_scope);
        // Re-using an expired scope's name starts it afresh, budget included.
        *clock.0.lock().unwrap() = start + Duration::from_secs(122);
        v.assign_now(&t, &s2, &values(3, "c")).unwrap();
        assert_eq!(
            v.used_bytes(),
            SCOPE_OVERHEAD + values(3, "c").iter().map(entry_bytes).sum::<usize>()
        );
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
