//! The Redis vault: single node or Redis Cluster, key layout of DESIGN §5.
//!
//! Redis never holds a raw value. A scope's `val` hash is indexed by the
//! tenant's keyed hash of each normalized value ([`TenantKeys::index`]) and
//! its `tok` hash holds each original sealed with the tenant's key
//! ([`TenantKeys::seal`]), base64-encoded.
//!
//! # One round trip per call
//! [`Vault::assign`] is one script call (`EVALSHA`, falling back to loading
//! the script) that, per value, returns the token `val` already holds, or
//! takes the next number of the type from `seq` and writes `val` and `tok`;
//! it then refreshes the TTL of all three keys and refuses the whole batch
//! when new values would pass the scope's token cap. [`Vault::load`] is one
//! script call returning `tok` and `val` as one snapshot.
//!
//! # What a ciphertext is bound to
//! The number of a new token is only known inside the script, after the
//! originals were sealed, so the associated data cannot name it without a
//! second round trip. It binds tenant, scope, entity type and the value's
//! index hash instead. `load` finds each token's hash through `val` and opens
//! with it, so a ciphertext moved to another token, scope or tenant fails to
//! open and the whole load fails ([`VaultError::Corrupt`], fail closed). What
//! this does not stop: someone able to write Redis swapping two entries of
//! the same type in both hashes at once; that only reorders a conversation's
//! own originals and never shows one tenant another's data.
//!
//! # Readiness
//! [`Vault::ready`] pings every node and asks each for its
//! `maxmemory-policy`: anything but `noeviction` could evict a map while a
//! response still needs it, which would show users raw tokens. A node that
//! refuses `CONFIG GET` (disabled or renamed) counts as not ready, since
//! the policy cannot be proven.

mod conn;
mod layout;

use std::collections::HashMap;
use std::time::Duration;

use ::redis::{Script, Value};

use self::conn::Connector;
use self::layout::{ScopeKeys, link_key, parse_token_field, valid_prefix};
use super::seal::{KeyRing, TenantKeys};
use super::{MAX_TTL, NewValue, ScopeId, ScopeMap, TenantId, Vault, VaultError, VaultFuture};
use crate::b64;
use crate::token::Token;

/// Settings of the Redis vault. `Debug` hides URL credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisVaultConfig {
    /// `redis://[user:password@]host:port[/db]` (or `rediss://`): exactly
    /// one for a single node; any number of seed nodes for a Cluster.
    pub urls: Vec<String>,
    /// Talk the Cluster protocol (`redis::cluster_async`).
    pub cluster: bool,
    /// First part of every key (`<prefix>:t:<tid>:…`).
    pub prefix: String,
    /// How long a scope lives after its last use, an assignment or a load
    /// (Redis `PEXPIRE`; at most [`MAX_TTL`]).
    pub ttl: Duration,
    /// Most tokens one scope may hold; more gives [`VaultError::ScopeFull`].
    pub max_tokens_per_scope: usize,
    /// Longest wait for a new connection.
    pub connect_timeout: Duration,
    /// Longest wait for one operation's reply.
    pub op_timeout: Duration,
}

impl Default for RedisVaultConfig {
    /// `redis://127.0.0.1:6379`, single node, prefix `veil`, one day TTL,
    /// 10,000 tokens per scope, 2 s to connect, 1 s per operation.
    fn default() -> Self {
        RedisVaultConfig {
            urls: vec!["redis://127.0.0.1:6379".to_owned()],
            cluster: false,
            prefix: "veil".to_owned(),
            ttl: Duration::from_secs(24 * 60 * 60),
            max_tokens_per_scope: 10_000,
            connect_timeout: Duration::from_secs(2),
            op_timeout: Duration::from_secs(1),
        }
    }
}

impl std::fmt::Debug for RedisVaultConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let urls: Vec<String> = self.urls.iter().map(|u| without_credentials(u)).collect();
        f.debug_struct("RedisVaultConfig")
            .field("urls", &urls)
            .field("cluster", &self.cluster)
            .field("prefix", &self.prefix)
            .field("ttl", &self.ttl)
            .field("max_tokens_per_scope", &self.max_tokens_per_scope)
            .field("connect_timeout", &self.connect_timeout)
            .field("op_timeout", &self.op_timeout)
            .finish()
    }
}

/// `scheme://[redacted]@host…` for a URL with a user or password.
fn without_credentials(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://[redacted]@{}", &url[..s], &url[at + 1..]),
        (None, Some(_)) => "[redacted]".to_owned(),
        _ => url.to_owned(),
    }
}

/// The Redis [`Vault`]. See the module docs.
pub struct RedisVault {
    conn: Connector,
    keys: KeyRing,
    prefix: String,
    ttl_ms: u64,
    cap: usize,
    assign_script: Script,
    load_script: Script,
}

impl RedisVault {
    /// Connects to Redis (one node or a Cluster, per `cfg.cluster`) and
    /// checks the connection with a `PING`. Does not check readiness: call
    /// [`Vault::ready`] for that.
    ///
    /// A malformed configuration (bad prefix, wrong number of URLs) is
    /// [`VaultError::NotReady`]; an unreachable server is
    /// [`VaultError::Unavailable`], within the configured timeouts.
    pub async fn connect(cfg: RedisVaultConfig, keys: KeyRing) -> Result<RedisVault, VaultError> {
        if !valid_prefix(&cfg.prefix) {
            return Err(VaultError::NotReady(
                "redis key prefix must be 1-64 printable bytes without braces".into(),
            ));
        }
        let conn = Connector::new(&cfg.urls, cfg.cluster, cfg.connect_timeout, cfg.op_timeout)?;
        let vault = RedisVault {
            conn,
            keys,
            prefix: cfg.prefix,
            // MAX_TTL also keeps PEXPIRE's argument in Redis' range; a
            // refused PEXPIRE would leave keys that never expire.
            ttl_ms: u64::try_from(cfg.ttl.min(MAX_TTL).as_millis())
                .unwrap_or(1)
                .max(1),
            cap: cfg.max_tokens_per_scope,
            assign_script: Script::new(include_str!("assign.lua")),
            load_script: Script::new(include_str!("load.lua")),
        };
        vault.ping().await?;
        Ok(vault)
    }

    async fn ping(&self) -> Result<(), VaultError> {
        self.conn
            .run("ping", |mut c| async move {
                ::redis::cmd("PING").query_async::<()>(&mut c).await
            })
            .await
    }

    async fn assign_batch(
        &self,
        tenant: &TenantId,
        scope: &ScopeId,
        values: &[NewValue],
    ) -> Result<Vec<Token>, VaultError> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let tk = self.keys.tenant(tenant);
        let k = ScopeKeys::new(&self.prefix, tenant, scope);
        let mut inv = self.assign_script.prepare_invoke();
        inv.key(&k.tok).key(&k.val).key(&k.seq);
        inv.arg(self.ttl_ms).arg(self.cap);
        for v in values {
            let ty = v.ty().as_str();
            let hash = tk.index(v.ty(), v.key.expose());
            // Sealed before the script decides whether the value is new:
            // that is what keeps assignment to one round trip.
            let sealed = tk.seal(scope, &binding(ty, &hash), v.original.expose());
            inv.arg(ty).arg(hash).arg(b64::encode(&sealed));
        }
        let reply: Vec<Vec<u8>> = self
            .conn
            .run(
                "assign",
                |mut c| async move { inv.invoke_async(&mut c).await },
            )
            .await?;
        match reply.split_first() {
            Some((status, tokens)) if status == b"ok" && tokens.len() == values.len() => tokens
                .iter()
                .zip(values)
                .map(|(raw, v)| match parse_token_field(raw) {
                    Some(t) if t.ty == v.ty() => Ok(t),
                    _ => Err(VaultError::Corrupt("redis returned a malformed token")),
                })
                .collect(),
            Some((status, _)) if status == b"full" => Err(VaultError::ScopeFull(self.cap)),
            _ => Err(VaultError::Corrupt(
                "unexpected reply from the assign script",
            )),
        }
    }

    async fn load_scope(&self, tenant: &TenantId, scope: &ScopeId) -> Result<ScopeMap, VaultError> {
        let k = ScopeKeys::new(&self.prefix, tenant, scope);
        let mut inv = self.load_script.prepare_invoke();
        inv.key(&k.tok).key(&k.val).key(&k.seq).arg(self.ttl_ms);
        let (tok, val): (Vec<Vec<u8>>, Vec<Vec<u8>>) = self
            .conn
            .run(
                "load",
                |mut c| async move { inv.invoke_async(&mut c).await },
            )
            .await?;
        open_scope(&self.keys.tenant(tenant), scope, &tok, &val)
    }

    async fn link_scope(
        &self,
        tenant: &TenantId,
        alias: &ScopeId,
        target: &ScopeId,
    ) -> Result<(), VaultError> {
        let key = link_key(&self.prefix, tenant, alias);
        let sealed = self
            .keys
            .tenant(tenant)
            .seal(alias, LINK_BINDING, target.as_str());
        let ttl_ms = self.ttl_ms;
        self.conn
            .run("link", |mut c| async move {
                ::redis::cmd("SET")
                    .arg(&key)
                    .arg(b64::encode(&sealed))
                    .arg("PX")
                    .arg(ttl_ms)
                    .query_async::<()>(&mut c)
                    .await
            })
            .await
    }

    async fn follow_link(
        &self,
        tenant: &TenantId,
        alias: &ScopeId,
    ) -> Result<Option<ScopeId>, VaultError> {
        let key = link_key(&self.prefix, tenant, alias);
        let raw: Option<Vec<u8>> = self
            .conn
            .run("follow", |mut c| async move {
                ::redis::cmd("GET").arg(&key).query_async(&mut c).await
            })
            .await?;
        let Some(raw) = raw else {
            return Ok(None);
        };
        let sealed = b64::decode(&raw).ok_or(VaultError::Corrupt("malformed link"))?;
        let target = self
            .keys
            .tenant(tenant)
            .open(alias, LINK_BINDING, &sealed)
            .map_err(|_| VaultError::Corrupt("a link failed to open"))?;
        ScopeId::new(target.expose())
            .map(Some)
            .map_err(|_| VaultError::Corrupt("a link names an invalid scope"))
    }

    async fn check_ready(&self) -> Result<(), VaultError> {
        let replies = self
            .conn
            .run("ready", |mut c| async move {
                let mut cmd = ::redis::cmd("CONFIG");
                cmd.arg("GET").arg("maxmemory-policy");
                c.on_every_node(cmd).await
            })
            .await?;
        if replies.is_empty() {
            return Err(VaultError::NotReady("redis answered from no node".into()));
        }
        for reply in replies {
            match eviction_policy(&reply) {
                Some(p) if p == "noeviction" => {}
                Some(p) => {
                    return Err(VaultError::NotReady(format!(
                        "redis maxmemory-policy is {p}; noeviction is required so token maps are never evicted"
                    )));
                }
                None => {
                    return Err(VaultError::NotReady(
                        "redis maxmemory-policy unknown (CONFIG GET refused: disabled or renamed?); noeviction is required".into(),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The associated data of a sealed link target.
const LINK_BINDING: &[u8] = b"link";

/// The associated data's entry binding (see the module docs).
fn binding(ty: &str, hash: &str) -> Vec<u8> {
    format!("{ty}:{hash}").into_bytes()
}

/// Checks and opens a scope's `tok` and `val` hashes (flat field/value
/// lists). Any entry that does not open fails the whole load.
fn open_scope(
    tk: &TenantKeys,
    scope: &ScopeId,
    tok: &[Vec<u8>],
    val: &[Vec<u8>],
) -> Result<ScopeMap, VaultError> {
    if !tok.len().is_multiple_of(2) || !val.len().is_multiple_of(2) {
        return Err(VaultError::Corrupt("odd hash reply"));
    }
    let mut hash_of: HashMap<Token, &[u8]> = HashMap::with_capacity(val.len() / 2);
    for pair in val.chunks_exact(2) {
        let t = parse_token_field(&pair[1]).ok_or(VaultError::Corrupt("malformed token"))?;
        if hash_of.insert(t, &pair[0]).is_some() {
            return Err(VaultError::Corrupt("token indexed twice"));
        }
    }
    let mut map = ScopeMap::with_capacity(tok.len() / 2);
    for pair in tok.chunks_exact(2) {
        let t = parse_token_field(&pair[0]).ok_or(VaultError::Corrupt("malformed token"))?;
        let hash = hash_of
            .get(&t)
            .ok_or(VaultError::Corrupt("token without an index entry"))?;
        let hash = std::str::from_utf8(hash).map_err(|_| VaultError::Corrupt("malformed hash"))?;
        let sealed = b64::decode(&pair[1]).ok_or(VaultError::Corrupt("malformed ciphertext"))?;
        let original = tk
            .open(scope, &binding(t.ty.as_str(), hash), &sealed)
            .map_err(|_| VaultError::Corrupt("a ciphertext failed to open"))?;
        map.insert(t, original.into_inner());
    }
    Ok(map)
}

/// The policy named in a `CONFIG GET maxmemory-policy` reply (RESP2 list or
/// RESP3 map); `None` for an error reply or anything unexpected. Only a
/// short lower-case word is accepted, so nothing odd reaches a message.
fn eviction_policy(reply: &Value) -> Option<String> {
    let raw = match reply {
        Value::Array(items) => match items.as_slice() {
            [_, Value::BulkString(p)] => p.clone(),
            _ => return None,
        },
        Value::Map(pairs) => match pairs.as_slice() {
            [(_, Value::BulkString(p))] => p.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let p = String::from_utf8(raw).ok()?;
    (p.len() <= 32 && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')).then_some(p)
}

impl std::fmt::Debug for RedisVault {
    /// No URLs (they can hold a password) and no keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisVault")
            .field("backend", &self.backend())
            .field("prefix", &self.prefix)
            .field("ttl_ms", &self.ttl_ms)
            .field("cap", &self.cap)
            .finish_non_exhaustive()
    }
}

impl Vault for RedisVault {
    fn assign<'a>(
        &'a self,
        tenant: &'a TenantId,
        scope: &'a ScopeId,
        values: &'a [NewValue],
    ) -> VaultFuture<'a, Vec<Token>> {
        Box::pin(self.assign_batch(tenant, scope, values))
    }

    fn load<'a>(&'a self, tenant: &'a TenantId, scope: &'a ScopeId) -> VaultFuture<'a, ScopeMap> {
        Box::pin(self.load_scope(tenant, scope))
    }

    fn link<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
        target: &'a ScopeId,
    ) -> VaultFuture<'a, ()> {
        Box::pin(self.link_scope(tenant, alias, target))
    }

    fn follow<'a>(
        &'a self,
        tenant: &'a TenantId,
        alias: &'a ScopeId,
    ) -> VaultFuture<'a, Option<ScopeId>> {
        Box::pin(self.follow_link(tenant, alias))
    }

    fn ready(&self) -> VaultFuture<'_, ()> {
        Box::pin(async move {
            self.ping().await?;
            self.check_ready().await
        })
    }

    fn backend(&self) -> &'static str {
        if self.conn.is_cluster() {
            "redis_cluster"
        } else {
            "redis"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bulk(s: &str) -> Value {
        Value::BulkString(s.as_bytes().to_vec())
    }

    #[test]
    fn config_debug_hides_url_credentials() {
        let cfg = RedisVaultConfig {
            urls: vec![
                "redis://:hunter2@10.0.0.1:6379/0".into(),
                "rediss://app:s3cret@cache:6380".into(),
                "redis://127.0.0.1:6379".into(),
            ],
            ..RedisVaultConfig::default()
        };
        let text = format!("{cfg:?}");
        assert!(
            !text.contains("hunter2") && !text.contains("s3cret"),
            "{text}"
        );
        assert!(
            text.contains("redis://[redacted]@10.0.0.1:6379/0"),
            "{text}"
        );
        assert!(text.contains("redis://127.0.0.1:6379"), "{text}");
    }

    #[test]
    fn eviction_policy_reads_both_protocols_and_refuses_junk() {
        let resp2 = Value::Array(vec![bulk("maxmemory-policy"), bulk("noeviction")]);
        assert_eq!(eviction_policy(&resp2).as_deref(), Some("noeviction"));
        let resp3 = Value::Map(vec![(bulk("maxmemory-policy"), bulk("allkeys-lru"))]);
        assert_eq!(eviction_policy(&resp3).as_deref(), Some("allkeys-lru"));
        assert_eq!(eviction_policy(&Value::Array(vec![])), None);
        let odd = Value::Array(vec![bulk("maxmemory-policy"), bulk("Not A Policy!")]);
        assert_eq!(eviction_policy(&odd), None);
    }

    #[test]
    fn a_load_with_a_moved_or_unindexed_ciphertext_fails_closed() {
        let ring = KeyRing::new([3; 32]);
        let tk = ring.tenant(&TenantId::new("acme").unwrap());
        let s = ScopeId::new("c1").unwrap();
        let h1 = tk.index(crate::entity::EntityType::Email, "a@b.in");
        let h2 = tk.index(crate::entity::EntityType::Email, "c@d.in");
        let c1 = b64::encode(&tk.seal(&s, &binding("email", &h1), "a@b.in"));
        let c2 = b64::encode(&tk.seal(&s, &binding("email", &h2), "c@d.in"));
        let v = |x: &str| x.as_bytes().to_vec();
        let val = vec![v(&h1), v("email:1"), v(&h2), v("email:2")];

        let good = vec![v("email:1"), v(&c1), v("email:2"), v(&c2)];
        let map = open_scope(&tk, &s, &good, &val).unwrap();
        assert_eq!(map.len(), 2);

        let swapped = vec![v("email:1"), v(&c2), v("email:2"), v(&c1)];
        assert!(matches!(
            open_scope(&tk, &s, &swapped, &val),
            Err(VaultError::Corrupt(_))
        ));
        let unindexed = vec![v("email:3"), v(&c1)];
        assert!(matches!(
            open_scope(&tk, &s, &unindexed, &val),
            Err(VaultError::Corrupt(_))
        ));
    }
}
