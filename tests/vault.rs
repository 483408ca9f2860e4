//! The vault backends: one behaviour suite run against the in-memory vault,
//! a single Redis node and a 3-node Redis Cluster (real `redis-server`s on
//! free loopback ports, see `support::redis_server`), plus Redis-only checks
//! (no plaintext at rest, tampering, readiness, unreachable servers).

mod support;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use support::redis_server::{RedisCluster, RedisServer, free_port};
use veil::entity::EntityType;
use veil::redact::TokenLookup;
use veil::sensitive::Sensitive;
use veil::token::Token;
use veil::vault::memory::Clock;
use veil::vault::{
    KeyRing, MemoryVault, MemoryVaultConfig, NewValue, RedisVault, RedisVaultConfig, ScopeId,
    ScopeMap, TenantId, Vault, VaultError,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Memory,
    Redis,
    Cluster,
}

/// A clock tests move by hand.
struct TestClock {
    base: Instant,
    offset_ms: AtomicU64,
}

impl Clock for TestClock {
    fn now(&self) -> Instant {
        self.base + Duration::from_millis(self.offset_ms.load(Ordering::SeqCst))
    }
}

struct Harness {
    vault: Arc<dyn Vault>,
    clock: Option<Arc<TestClock>>,
    server: Option<RedisServer>,
    cluster: Option<RedisCluster>,
}

const MASTER: [u8; 32] = [9; 32];

impl Harness {
    async fn new(backend: Backend, ttl: Duration, cap: usize) -> Harness {
        match backend {
            Backend::Memory => {
                let clock = Arc::new(TestClock {
                    base: Instant::now(),
                    offset_ms: AtomicU64::new(0),
                });
                let cfg = MemoryVaultConfig {
                    ttl,
                    max_tokens_per_scope: cap,
                    ..MemoryVaultConfig::default()
                };
                Harness {
                    vault: Arc::new(MemoryVault::with_clock(cfg, clock.clone())),
                    clock: Some(clock),
                    server: None,
                    cluster: None,
                }
            }
            Backend::Redis => {
                let server = RedisServer::start();
                let vault = connect(vec![server.url()], false, ttl, cap).await;
                Harness {
                    vault: Arc::new(vault),
                    clock: None,
                    server: Some(server),
                    cluster: None,
                }
            }
            Backend::Cluster => {
                let cluster = RedisCluster::start();
                let vault = connect(cluster.urls(), true, ttl, cap).await;
                Harness {
                    vault: Arc::new(vault),
                    clock: None,
                    server: None,
                    cluster: Some(cluster),
                }
            }
        }
    }

    async fn default(backend: Backend) -> Harness {
        Harness::new(backend, Duration::from_secs(3600), 10_000).await
    }

    /// Lets `d` pass: the memory vault's clock moves, Redis really waits.
    async fn advance(&self, d: Duration) {
        match &self.clock {
            Some(c) => {
                c.offset_ms
                    .fetch_add(d.as_millis() as u64, Ordering::SeqCst);
            }
            None => tokio::time::sleep(d).await,
        }
    }

    /// A synchronous connection that routes by key (Redis backends only).
    fn inspect(&self) -> Box<dyn redis::ConnectionLike> {
        match (&self.server, &self.cluster) {
            (Some(s), _) => Box::new(s.connection()),
            (_, Some(c)) => Box::new(c.connection()),
            _ => panic!("no redis behind a memory vault"),
        }
    }

    /// Every key on every node.
    fn all_keys(&self) -> Vec<String> {
        let nodes: Vec<&RedisServer> = match (&self.server, &self.cluster) {
            (Some(s), _) => vec![s],
            (_, Some(c)) => c.nodes.iter().collect(),
            _ => panic!("no redis behind a memory vault"),
        };
        let mut keys = Vec::new();
        for n in nodes {
            let mut c = n.connection();
            let mut k: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut c).unwrap();
            keys.append(&mut k);
        }
        keys.sort();
        keys
    }

    fn nodes(&self) -> Vec<&RedisServer> {
        match (&self.server, &self.cluster) {
            (Some(s), _) => vec![s],
            (_, Some(c)) => c.nodes.iter().collect(),
            _ => Vec::new(),
        }
    }
}

async fn connect(urls: Vec<String>, cluster: bool, ttl: Duration, cap: usize) -> RedisVault {
    let cfg = RedisVaultConfig {
        urls,
        cluster,
        ttl,
        max_tokens_per_scope: cap,
        ..RedisVaultConfig::default()
    };
    RedisVault::connect(cfg, KeyRing::new(MASTER))
        .await
        .expect("connect to the test redis")
}

fn tenant(s: &str) -> TenantId {
    TenantId::new(s).unwrap()
}

fn scope(s: &str) -> ScopeId {
    ScopeId::new(s).unwrap()
}

/// A value as the engine hands it over: normalized key, original text.
fn nv(ty: EntityType, original: &str) -> NewValue {
    NewValue {
        provisional: Token { ty, n: 1 },
        key: Sensitive::new(ty.normalize(original)),
        original: Sensitive::new(original.to_owned()),
    }
}

fn tok(ty: EntityType, n: u32) -> Token {
    Token { ty, n }
}

fn get(map: &ScopeMap, t: Token) -> Option<String> {
    map.lookup(t).map(str::to_owned)
}

// ---------------------------------------------------------------------
// The behaviour suite, every backend.
// ---------------------------------------------------------------------

async fn same_key_gets_the_same_token_across_calls(b: Backend) {
    let h = Harness::default(b).await;
    let (t, s) = (tenant("acme"), scope("conv-1"));
    let first = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Email, "Priya.S@Example.com"),
                nv(EntityType::Phone, "+91 98765 43210"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        first,
        [tok(EntityType::Email, 1), tok(EntityType::Phone, 1)]
    );
    // Another turn writes them differently; normalization makes them the
    // same values, so they keep their tokens.
    let again = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Phone, "+919876543210"),
                nv(EntityType::Email, "priya.s@example.com"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        again,
        [tok(EntityType::Phone, 1), tok(EntityType::Email, 1)]
    );
    let map = h.vault.load(&t, &s).await.unwrap();
    assert_eq!(map.len(), 2);
    // The first spelling seen is the one restored.
    assert_eq!(
        get(&map, tok(EntityType::Email, 1)).as_deref(),
        Some("Priya.S@Example.com")
    );
    assert_eq!(
        get(&map, tok(EntityType::Phone, 1)).as_deref(),
        Some("+91 98765 43210")
    );
    assert!(h.vault.load(&t, &scope("other")).await.unwrap().is_empty());
}

async fn numbers_count_per_type_within_a_scope(b: Backend) {
    let h = Harness::default(b).await;
    let (t, s) = (tenant("acme"), scope("conv-1"));
    let got = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Email, "a@x.in"),
                nv(EntityType::Phone, "9876543210"),
                nv(EntityType::Email, "b@x.in"),
                nv(EntityType::Name, "Asha Rao"),
                // A repeat inside one batch gets the token of its first use.
                nv(EntityType::Email, "A@X.IN"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        got,
        [
            tok(EntityType::Email, 1),
            tok(EntityType::Phone, 1),
            tok(EntityType::Email, 2),
            tok(EntityType::Name, 1),
            tok(EntityType::Email, 1),
        ]
    );
    let next = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Email, "c@x.in"),
                nv(EntityType::Phone, "9123456789"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(next, [tok(EntityType::Email, 3), tok(EntityType::Phone, 2)]);
    // Another scope numbers from 1 again.
    let other = h
        .vault
        .assign(&t, &scope("conv-2"), &[nv(EntityType::Email, "c@x.in")])
        .await
        .unwrap();
    assert_eq!(other, [tok(EntityType::Email, 1)]);
    assert_eq!(h.vault.load(&t, &s).await.unwrap().len(), 6);
}

async fn concurrent_assigns_give_one_token_per_value_without_gaps(b: Backend) {
    let h = Harness::default(b).await;
    let (t, s) = (tenant("acme"), scope("busy"));
    let types = [EntityType::Email, EntityType::Phone, EntityType::Name];
    let originals: Vec<(EntityType, String)> = (0..10)
        .flat_map(|i| {
            [
                (EntityType::Email, format!("user{i}@example.com")),
                (EntityType::Phone, format!("98765432{i:02}")),
                (EntityType::Name, format!("Person Number{i}")),
            ]
        })
        .collect();
    let mut tasks = Vec::new();
    for task in 0..16usize {
        // Each task takes an overlapping, differently ordered slice.
        let batch: Vec<NewValue> = (0..originals.len())
            .filter(|i| (i + task) % 3 != 0)
            .map(|i| {
                let (ty, o) = &originals[(i * 7 + task * 5) % originals.len()];
                nv(*ty, o)
            })
            .collect();
        let (vault, t, s) = (h.vault.clone(), t.clone(), s.clone());
        tasks.push(tokio::spawn(async move {
            let got = vault.assign(&t, &s, &batch).await.unwrap();
            batch
                .into_iter()
                .zip(got)
                .map(|(v, tk)| (v.original.expose().clone(), tk))
                .collect::<Vec<_>>()
        }));
    }
    let mut token_of: HashMap<String, Token> = HashMap::new();
    for task in tasks {
        for (original, token) in task.await.unwrap() {
            let prev = token_of.entry(original.clone()).or_insert(token);
            assert_eq!(*prev, token, "two tokens for one value");
        }
    }
    assert_eq!(token_of.len(), originals.len());
    for ty in types {
        let numbers: BTreeSet<u32> = token_of
            .values()
            .filter(|t| t.ty == ty)
            .map(|t| t.n)
            .collect();
        assert_eq!(numbers, (1..=10).collect(), "{ty:?} numbers have gaps");
    }
    let map = h.vault.load(&t, &s).await.unwrap();
    assert_eq!(map.len(), originals.len());
    for (original, token) in &token_of {
        assert_eq!(get(&map, *token).as_ref(), Some(original));
    }
}

async fn tenants_never_see_each_others_originals(b: Backend) {
    let h = Harness::default(b).await;
    let (a, bt, s) = (tenant("tenant-a"), tenant("tenant-b"), scope("shared-id"));
    let a_tokens = h
        .vault
        .assign(
            &a,
            &s,
            &[
                nv(EntityType::Email, "Alice@A.example"),
                nv(EntityType::Phone, "+91 90000 11111"),
            ],
        )
        .await
        .unwrap();
    // B names A's scope id: nothing there for B.
    assert!(h.vault.load(&bt, &s).await.unwrap().is_empty());
    // B assigning the same values (spelled otherwise) gets its own map.
    let b_tokens = h
        .vault
        .assign(
            &bt,
            &s,
            &[
                nv(EntityType::Phone, "+919000011111"),
                nv(EntityType::Email, "alice@a.example"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        b_tokens,
        [tok(EntityType::Phone, 1), tok(EntityType::Email, 1)]
    );
    let b_map = h.vault.load(&bt, &s).await.unwrap();
    assert_eq!(
        get(&b_map, tok(EntityType::Email, 1)).as_deref(),
        Some("alice@a.example")
    );
    assert_eq!(
        get(&b_map, tok(EntityType::Phone, 1)).as_deref(),
        Some("+919000011111")
    );
    let a_map = h.vault.load(&a, &s).await.unwrap();
    assert_eq!(get(&a_map, a_tokens[0]).as_deref(), Some("Alice@A.example"));
    assert_eq!(get(&a_map, a_tokens[1]).as_deref(), Some("+91 90000 11111"));
}

async fn scopes_expire_ttl_after_their_last_use(b: Backend) {
    let ttl = Duration::from_millis(1500);
    let h = Harness::new(b, ttl, 100).await;
    let (t, s) = (tenant("acme"), scope("short"));
    h.vault
        .assign(&t, &s, &[nv(EntityType::Email, "a@x.in")])
        .await
        .unwrap();
    if b != Backend::Memory {
        let mut c = h.inspect();
        for k in h.all_keys() {
            let pttl: i64 = redis::cmd("PTTL").arg(&k).query(&mut *c).unwrap();
            assert!(pttl > 0 && pttl <= 1500, "{k}: PTTL {pttl}");
        }
        assert_eq!(h.all_keys().len(), 3, "tok, val and seq");
    }
    h.advance(Duration::from_millis(1000)).await;
    // Assigning refreshes the TTL: without it the scope would be gone at
    // 1.5 s.
    h.vault
        .assign(&t, &s, &[nv(EntityType::Email, "b@x.in")])
        .await
        .unwrap();
    h.advance(Duration::from_millis(1000)).await;
    // So does loading (a turn that continues the conversation with no new
    // values): the last assignment was 1 s ago, this load makes it 0.
    assert_eq!(h.vault.load(&t, &s).await.unwrap().len(), 2);
    h.advance(Duration::from_millis(1000)).await;
    // 2 s after the last assignment, 1 s after the last load: alive.
    assert_eq!(h.vault.load(&t, &s).await.unwrap().len(), 2);
    h.advance(Duration::from_millis(1700)).await;
    assert!(h.vault.load(&t, &s).await.unwrap().is_empty());
    if b != Backend::Memory {
        assert!(
            h.all_keys().is_empty(),
            "loading an expired scope creates nothing"
        );
    }
    // An expired scope starts over.
    let again = h
        .vault
        .assign(&t, &s, &[nv(EntityType::Email, "b@x.in")])
        .await
        .unwrap();
    assert_eq!(again, [tok(EntityType::Email, 1)]);
}

async fn a_full_scope_refuses_new_values_but_serves_known_ones(b: Backend) {
    let h = Harness::new(b, Duration::from_secs(3600), 3).await;
    let (t, s) = (tenant("acme"), scope("capped"));
    let two = [
        nv(EntityType::Email, "a@x.in"),
        nv(EntityType::Email, "b@x.in"),
    ];
    h.vault.assign(&t, &s, &two).await.unwrap();
    let over = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Phone, "9876543210"),
                nv(EntityType::Phone, "9123456789"),
            ],
        )
        .await;
    assert!(matches!(over, Err(VaultError::ScopeFull(3))), "{over:?}");
    // All or nothing: the refused batch left no trace.
    assert_eq!(h.vault.load(&t, &s).await.unwrap().len(), 2);
    let fits = h
        .vault
        .assign(
            &t,
            &s,
            &[
                nv(EntityType::Email, "a@x.in"),
                nv(EntityType::Phone, "9123456789"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(fits, [tok(EntityType::Email, 1), tok(EntityType::Phone, 1)]);
    // Full now, yet known values still resolve.
    let known = h.vault.assign(&t, &s, &two).await.unwrap();
    assert_eq!(
        known,
        [tok(EntityType::Email, 1), tok(EntityType::Email, 2)]
    );
    let more = h
        .vault
        .assign(&t, &s, &[nv(EntityType::Name, "Ravi Kumar")])
        .await;
    assert!(matches!(more, Err(VaultError::ScopeFull(3))));
}

async fn non_ascii_originals_and_huge_ttls_round_trip(b: Backend) {
    let h = Harness::new(b, Duration::MAX, 100).await;
    let (t, s) = (tenant("acme"), scope("unicode"));
    let values = [
        nv(EntityType::Name, "राहुल शर्मा"),
        nv(EntityType::Money, "₹ 2.5 लाख"),
    ];
    let got = h.vault.assign(&t, &s, &values).await.unwrap();
    let map = h.vault.load(&t, &s).await.unwrap();
    assert_eq!(get(&map, got[0]).as_deref(), Some("राहुल शर्मा"));
    assert_eq!(get(&map, got[1]).as_deref(), Some("₹ 2.5 लाख"));
}

async fn backend_names_itself_and_is_ready(b: Backend) {
    let h = Harness::default(b).await;
    h.vault.ready().await.unwrap();
    let expected = match b {
        Backend::Memory => "memory",
        Backend::Redis => "redis",
        Backend::Cluster => "redis_cluster",
    };
    assert_eq!(h.vault.backend(), expected);
}

// ---------------------------------------------------------------------
// Redis only (single node and Cluster).
// ---------------------------------------------------------------------

async fn redis_holds_no_plaintext(b: Backend) {
    let h = Harness::default(b).await;
    let secrets = [
        (EntityType::Email, "Meera.Iyer@Example.org"),
        (EntityType::Phone, "+91 99887 76655"),
        (EntityType::Name, "Meera Iyer"),
        (EntityType::Pan, "ABCPE1234F"),
    ];
    let values: Vec<NewValue> = secrets.iter().map(|(ty, o)| nv(*ty, o)).collect();
    for conv in ["c1", "c2", "c3"] {
        h.vault
            .assign(&tenant("acme"), &scope(conv), &values)
            .await
            .unwrap();
    }
    let keys = h.all_keys();
    assert_eq!(keys.len(), 9);
    let mut dump = keys.join("\n");
    let mut c = h.inspect();
    for k in &keys {
        assert!(k.starts_with("veil:t:acme:c:{c"), "{k}");
        let all: Vec<(Vec<u8>, Vec<u8>)> = redis::cmd("HGETALL").arg(k).query(&mut *c).unwrap();
        for (f, v) in all {
            dump.push_str(&String::from_utf8_lossy(&f));
            dump.push('\n');
            dump.push_str(&String::from_utf8_lossy(&v));
            dump.push('\n');
        }
    }
    let dump = dump.to_lowercase();
    for v in &values {
        for needle in [v.original.expose(), v.key.expose()] {
            let needle = needle.to_lowercase();
            assert!(!dump.contains(&needle), "plaintext found in redis");
        }
    }
    for fragment in ["meera", "iyer", "99887", "76655", "1234f"] {
        assert!(!dump.contains(fragment), "plaintext fragment in redis");
    }
    // And the map still loads.
    let map = h.vault.load(&tenant("acme"), &scope("c2")).await.unwrap();
    assert_eq!(map.len(), 4);
}

async fn tampered_or_moved_ciphertexts_fail_closed(b: Backend) {
    let h = Harness::default(b).await;
    let a = tenant("acme");
    let vals = [
        nv(EntityType::Email, "one@x.in"),
        nv(EntityType::Email, "two@x.in"),
    ];
    for conv in ["s1", "s2", "s3", "s4"] {
        h.vault.assign(&a, &scope(conv), &vals).await.unwrap();
    }
    h.vault
        .assign(&tenant("other"), &scope("s1"), &vals)
        .await
        .unwrap();
    let mut c = h.inspect();
    let key = |tid: &str, conv: &str, part: &str| format!("veil:t:{tid}:c:{{{conv}}}:{part}");
    let hget = |c: &mut dyn redis::ConnectionLike, k: &str, f: &str| -> String {
        redis::cmd("HGET").arg(k).arg(f).query(c).unwrap()
    };
    let hset = |c: &mut dyn redis::ConnectionLike, k: &str, f: &str, v: &str| {
        let _: i64 = redis::cmd("HSET").arg(k).arg(f).arg(v).query(c).unwrap();
    };

    // s1: one changed byte of a ciphertext.
    let k1 = key("acme", "s1", "tok");
    let mut ct = hget(&mut *c, &k1, "email:1").into_bytes();
    ct[10] = if ct[10] == b'A' { b'B' } else { b'A' };
    hset(&mut *c, &k1, "email:1", std::str::from_utf8(&ct).unwrap());
    // s2: the two entries swapped.
    let k2 = key("acme", "s2", "tok");
    let (e1, e2) = (hget(&mut *c, &k2, "email:1"), hget(&mut *c, &k2, "email:2"));
    hset(&mut *c, &k2, "email:1", &e2);
    hset(&mut *c, &k2, "email:2", &e1);
    // s3: an entry copied from scope s4 of the same tenant.
    let moved = hget(&mut *c, &key("acme", "s4", "tok"), "email:1");
    hset(&mut *c, &key("acme", "s3", "tok"), "email:1", &moved);
    // Tenant "other": an entry copied from tenant acme's scope of the same id.
    let foreign = hget(&mut *c, &key("acme", "s4", "tok"), "email:2");
    hset(&mut *c, &key("other", "s1", "tok"), "email:2", &foreign);

    for (tid, conv) in [
        ("acme", "s1"),
        ("acme", "s2"),
        ("acme", "s3"),
        ("other", "s1"),
    ] {
        let got = h.vault.load(&tenant(tid), &scope(conv)).await;
        assert!(
            matches!(got, Err(VaultError::Corrupt(_))),
            "{tid}/{conv}: {got:?}"
        );
    }
    // Untouched scopes still load.
    assert_eq!(h.vault.load(&a, &scope("s4")).await.unwrap().len(), 2);
}

async fn links_name_their_target_within_one_tenant(b: Backend) {
    let ttl = Duration::from_millis(1500);
    let h = Harness::new(b, ttl, 100).await;
    let (a, other) = (tenant("acme"), tenant("other"));
    let (alias, root, elsewhere) = (scope("resp:r2"), scope("resp:r1"), scope("c:x"));
    assert_eq!(h.vault.follow(&a, &alias).await.unwrap(), None);
    h.vault.link(&a, &alias, &root).await.unwrap();
    assert_eq!(
        h.vault.follow(&a, &alias).await.unwrap(),
        Some(root.clone())
    );
    // Another tenant naming the same alias finds nothing.
    assert_eq!(h.vault.follow(&other, &alias).await.unwrap(), None);
    // Linking again points the alias elsewhere.
    h.vault.link(&a, &alias, &elsewhere).await.unwrap();
    assert_eq!(h.vault.follow(&a, &alias).await.unwrap(), Some(elsewhere));
    if b != Backend::Memory {
        let keys = h.all_keys();
        assert_eq!(keys, ["veil:t:acme:a:{resp:r2}"], "one sealed key");
        let mut c = h.inspect();
        let raw: String = redis::cmd("GET").arg(&keys[0]).query(&mut *c).unwrap();
        assert!(!raw.contains("c:x"), "the target is sealed: {raw}");
        let pttl: i64 = redis::cmd("PTTL").arg(&keys[0]).query(&mut *c).unwrap();
        assert!(pttl > 0 && pttl <= 1500, "PTTL {pttl}");
    }
    h.advance(Duration::from_millis(2000)).await;
    assert_eq!(h.vault.follow(&a, &alias).await.unwrap(), None, "expired");
}

async fn a_link_moved_to_another_alias_fails_closed(b: Backend) {
    let h = Harness::default(b).await;
    let a = tenant("acme");
    h.vault
        .link(&a, &scope("resp:one"), &scope("c:secret"))
        .await
        .unwrap();
    h.vault
        .link(&a, &scope("resp:two"), &scope("c:mine"))
        .await
        .unwrap();
    let mut c = h.inspect();
    let moved: String = redis::cmd("GET")
        .arg("veil:t:acme:a:{resp:one}")
        .query(&mut *c)
        .unwrap();
    let _: () = redis::cmd("SET")
        .arg("veil:t:acme:a:{resp:two}")
        .arg(&moved)
        .query(&mut *c)
        .unwrap();
    let got = h.vault.follow(&a, &scope("resp:two")).await;
    assert!(matches!(got, Err(VaultError::Corrupt(_))), "{got:?}");
}

async fn ready_requires_noeviction_on_every_node(b: Backend) {
    let h = Harness::default(b).await;
    h.vault.ready().await.unwrap();
    // On a Cluster, one node that may evict is enough to be unsafe.
    let last = *h.nodes().last().unwrap();
    assert_eq!(
        last.cli(&["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]),
        "OK"
    );
    match h.vault.ready().await {
        Err(VaultError::NotReady(m)) => assert!(m.contains("allkeys-lru"), "{m}"),
        other => panic!("expected NotReady, got {other:?}"),
    }
    last.cli(&["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    h.vault.ready().await.unwrap();
}

macro_rules! suite {
    ($module:ident, $backend:ident: $($name:ident),* $(,)?) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::Backend::$backend).await
                }
            )*
        }
    };
}

suite!(memory, Memory:
    same_key_gets_the_same_token_across_calls,
    numbers_count_per_type_within_a_scope,
    concurrent_assigns_give_one_token_per_value_without_gaps,
    tenants_never_see_each_others_originals,
    scopes_expire_ttl_after_their_last_use,
    a_full_scope_refuses_new_values_but_serves_known_ones,
    backend_names_itself_and_is_ready,
    non_ascii_originals_and_huge_ttls_round_trip,
    links_name_their_target_within_one_tenant,
);

suite!(redis_node, Redis:
    same_key_gets_the_same_token_across_calls,
    numbers_count_per_type_within_a_scope,
    concurrent_assigns_give_one_token_per_value_without_gaps,
    tenants_never_see_each_others_originals,
    scopes_expire_ttl_after_their_last_use,
    a_full_scope_refuses_new_values_but_serves_known_ones,
    backend_names_itself_and_is_ready,
    non_ascii_originals_and_huge_ttls_round_trip,
    redis_holds_no_plaintext,
    tampered_or_moved_ciphertexts_fail_closed,
    ready_requires_noeviction_on_every_node,
    links_name_their_target_within_one_tenant,
    a_link_moved_to_another_alias_fails_closed,
);

suite!(redis_cluster, Cluster:
    same_key_gets_the_same_token_across_calls,
    numbers_count_per_type_within_a_scope,
    concurrent_assigns_give_one_token_per_value_without_gaps,
    tenants_never_see_each_others_originals,
    scopes_expire_ttl_after_their_last_use,
    a_full_scope_refuses_new_values_but_serves_known_ones,
    backend_names_itself_and_is_ready,
    non_ascii_originals_and_huge_ttls_round_trip,
    redis_holds_no_plaintext,
    tampered_or_moved_ciphertexts_fail_closed,
    ready_requires_noeviction_on_every_node,
    links_name_their_target_within_one_tenant,
    a_link_moved_to_another_alias_fails_closed,
);

// ---------------------------------------------------------------------
// Single-backend cases.
// ---------------------------------------------------------------------

#[tokio::test]
async fn memory_sweep_reclaims_expired_scopes_only() {
    let clock = Arc::new(TestClock {
        base: Instant::now(),
        offset_ms: AtomicU64::new(0),
    });
    let cfg = MemoryVaultConfig {
        ttl: Duration::from_secs(10),
        max_tokens_per_scope: 100,
        ..MemoryVaultConfig::default()
    };
    let vault = MemoryVault::with_clock(cfg, clock.clone());
    let t = tenant("acme");
    for conv in ["a", "b"] {
        vault
            .assign(&t, &scope(conv), &[nv(EntityType::Email, "a@x.in")])
            .await
            .unwrap();
    }
    clock.offset_ms.fetch_add(6_000, Ordering::SeqCst);
    vault
        .assign(&t, &scope("c"), &[nv(EntityType::Email, "a@x.in")])
        .await
        .unwrap();
    assert_eq!(vault.sweep(), 0);
    clock.offset_ms.fetch_add(6_000, Ordering::SeqCst);
    assert_eq!(vault.sweep(), 2);
    assert_eq!(vault.scope_count(), 1);
    assert_eq!(vault.load(&t, &scope("c")).await.unwrap().len(), 1);

    // Without anyone calling sweep, assignments reclaim expired scopes.
    clock.offset_ms.fetch_add(20_000, Ordering::SeqCst);
    for i in 0..veil::vault::memory::SWEEP_EVERY {
        vault
            .assign(&t, &scope(&format!("n{i}")), &[])
            .await
            .unwrap();
        clock.offset_ms.fetch_add(11_000, Ordering::SeqCst);
    }
    assert!(vault.scope_count() < 10, "{}", vault.scope_count());
}

#[tokio::test]
async fn redis_assign_and_load_are_one_script_call_each() {
    let server = RedisServer::start();
    let vault = connect(vec![server.url()], false, Duration::from_secs(60), 100).await;
    let (t, s) = (tenant("acme"), scope("c"));
    // The first calls also load the scripts.
    vault
        .assign(&t, &s, &[nv(EntityType::Email, "a@x.in")])
        .await
        .unwrap();
    vault.load(&t, &s).await.unwrap();
    assert_eq!(server.cli(&["CONFIG", "RESETSTAT"]), "OK");
    let values: Vec<NewValue> = (0..20)
        .map(|i| nv(EntityType::Email, &format!("u{i}@x.in")))
        .collect();
    vault.assign(&t, &s, &values).await.unwrap();
    assert_eq!(vault.load(&t, &s).await.unwrap().len(), 21);
    let stats = server.cli(&["INFO", "commandstats"]);
    let calls = |cmd: &str| -> u64 {
        stats
            .lines()
            .find_map(|l| l.strip_prefix(&format!("cmdstat_{cmd}:calls=")))
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    // 20 values, one round trip each way (the script's own HGET/HSET/
    // HINCRBY calls are counted too, but run inside Redis).
    assert_eq!(calls("evalsha"), 2, "{stats}");
    assert_eq!(calls("eval"), 0, "{stats}");
    assert_eq!(calls("script|load"), 0, "{stats}");
}

#[tokio::test]
async fn ready_fails_when_config_is_disabled() {
    let server = RedisServer::start_with(&["--rename-command", "CONFIG", ""]);
    let vault = connect(vec![server.url()], false, Duration::from_secs(60), 10).await;
    match vault.ready().await {
        Err(VaultError::NotReady(m)) => assert!(m.contains("unknown"), "{m}"),
        other => panic!("expected NotReady, got {other:?}"),
    }
}

fn fast(urls: Vec<String>, cluster: bool) -> RedisVaultConfig {
    RedisVaultConfig {
        urls,
        cluster,
        connect_timeout: Duration::from_millis(300),
        op_timeout: Duration::from_millis(300),
        ..RedisVaultConfig::default()
    }
}

#[tokio::test]
async fn an_unreachable_redis_is_unavailable_quickly_and_names_no_secret() {
    let port = free_port();
    for cluster in [false, true] {
        let url = format!("redis://:hunter2@127.0.0.1:{port}");
        let start = Instant::now();
        let got = RedisVault::connect(fast(vec![url], cluster), KeyRing::new(MASTER)).await;
        let elapsed = start.elapsed();
        match got {
            Err(e @ VaultError::Unavailable(_)) => {
                assert!(!e.to_string().contains("hunter2"), "{e}");
                assert_eq!(e.kind(), "vault_unavailable");
            }
            Err(other) => panic!("expected Unavailable, got {other:?}"),
            Ok(_) => panic!("connected to nothing"),
        }
        assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    }
}

#[tokio::test]
async fn a_silent_redis_times_out_instead_of_hanging() {
    // Accepts connections, never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "redis://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let start = Instant::now();
    let got = RedisVault::connect(fast(vec![url], false), KeyRing::new(MASTER)).await;
    assert!(matches!(got, Err(VaultError::Unavailable(_))));
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    drop(listener);
}

#[tokio::test]
async fn a_redis_that_goes_away_gives_unavailable_then_recovers() {
    let mut server = RedisServer::start();
    let port = server.port();
    let vault = RedisVault::connect(fast(vec![server.url()], false), KeyRing::new(MASTER))
        .await
        .unwrap();
    let (t, s) = (tenant("acme"), scope("c"));
    vault
        .assign(&t, &s, &[nv(EntityType::Email, "a@x.in")])
        .await
        .unwrap();
    server.kill();
    let start = Instant::now();
    let got = vault
        .assign(&t, &s, &[nv(EntityType::Email, "b@x.in")])
        .await;
    assert!(matches!(got, Err(VaultError::Unavailable(_))), "{got:?}");
    assert!(matches!(
        vault.ready().await,
        Err(VaultError::Unavailable(_))
    ));
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );

    // A new server on the same port: the vault reconnects by itself (the
    // old data is gone with the old process).
    let back = RedisServer::start_on(port);
    vault.ready().await.unwrap();
    let got = vault
        .assign(&t, &s, &[nv(EntityType::Email, "b@x.in")])
        .await
        .unwrap();
    assert_eq!(got, [tok(EntityType::Email, 1)]);
    drop(back);
}

#[tokio::test]
async fn bad_configs_are_refused_before_connecting() {
    for cfg in [
        RedisVaultConfig {
            prefix: "ve{il}".into(),
            ..RedisVaultConfig::default()
        },
        RedisVaultConfig {
            urls: vec![],
            ..RedisVaultConfig::default()
        },
        RedisVaultConfig {
            urls: vec!["redis://a:1".into(), "redis://b:1".into()],
            ..RedisVaultConfig::default()
        },
    ] {
        let got = RedisVault::connect(cfg, KeyRing::new(MASTER)).await;
        assert!(matches!(got, Err(VaultError::NotReady(_))));
    }
}
