//! `veil serve` configuration: a strict TOML file, `VEIL_*` environment
//! overrides and embedded defaults (DESIGN §3, §4).
//!
//! Loading order: the embedded defaults, then the file named by `--config`
//! or `VEIL_CONFIG` (if any), then the environment overrides
//! (`VEIL_LISTEN`, `VEIL_THREADS`, `VEIL_OPENAI_UPSTREAM`, `VEIL_ANTHROPIC_UPSTREAM`,
//! `VEIL_EXTRA_CA_CERTS`, `VEIL_REDIS_URL`). Everything is validated once, here: a bad value is an
//! error that names its field (`limits.max_body_bytes`,
//! `tenants[1].policy.phone`), and the proxy never sees an unchecked value.
//! Secrets (provider keys, the master key) are resolved at load time and
//! held as [`Sensitive`]; errors never quote them.
//!
//! With no file and no overrides the result is the embedded default: listen
//! on `127.0.0.1:8080`, one tenant `default` with pass-through auth (the
//! app's own provider key goes upstream), the in-memory vault, and the real
//! provider origins.

mod file;
mod origin;
mod secret;
mod tls;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use origin::Origin;
pub use secret::EnvLookup;
pub use tls::{TlsVersion, UpstreamTls};

use crate::policy::Policy;
use crate::sensitive::Sensitive;
use crate::vault::TenantId;
use file::FileConfig;

/// Default listener (DESIGN §3).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Most serving threads `server.threads` may ask for.
pub const MAX_THREADS: usize = 1024;
/// Default OpenAI origin.
pub const DEFAULT_OPENAI_UPSTREAM: &str = "https://api.openai.com";
/// Default Anthropic origin.
pub const DEFAULT_ANTHROPIC_UPSTREAM: &str = "https://api.anthropic.com";

/// A validated configuration. Build it with [`Config::load`],
/// [`Config::from_toml`] or [`Config::embedded_default`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Addresses to listen on (HTTP/1.1 and h2c on each).
    pub listen: Vec<SocketAddr>,
    /// Serving threads (`server.threads`, `VEIL_THREADS`): each runs its
    /// own single-threaded runtime; 0 means one per available core.
    pub threads: usize,
    /// Provider origins.
    pub upstreams: Upstreams,
    /// Size and time limits.
    pub limits: Limits,
    /// Vault backend.
    pub vault: VaultConfig,
    /// How clients are mapped to tenants.
    pub auth: AuthMode,
    /// The tenants; exactly one in [`AuthMode::PassThrough`].
    pub tenants: Vec<TenantConfig>,
    /// The master key that wraps per-tenant data keys (required by the
    /// Redis vault).
    pub master_key: Option<Sensitive<[u8; 32]>>,
    /// HS256 JWTs accepted besides API keys (API-key auth only).
    pub jwt: Option<JwtConfig>,
    /// Rules directory instead of the embedded rules.
    pub rules_dir: Option<PathBuf>,
}

/// Upstream origins per provider, and how their TLS is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstreams {
    /// OpenAI (`/v1/chat/completions`, `/openai/...`).
    pub openai: Origin,
    /// Anthropic (`/v1/messages`, `/anthropic/...`).
    pub anthropic: Origin,
    /// Trust anchors and protocol versions of every `https` upstream (one
    /// pooled client serves both providers).
    pub tls: UpstreamTls,
}

/// Size and time limits on untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body accepted (413 above; enforced while reading).
    pub max_body_bytes: usize,
    /// Largest request head (request line + headers) accepted; at least
    /// [`MIN_HEADER_BYTES`] (hyper's smallest HTTP/1 read buffer).
    pub max_header_bytes: usize,
    /// Deepest JSON nesting accepted in a body.
    pub max_json_depth: usize,
    /// Most proxied requests in flight at once (streams until they end);
    /// more are refused at once with 503 `overloaded`. Bounds memory:
    /// at most this many bodies are buffered.
    pub max_concurrent_requests: usize,
    /// Longest wait for the next bytes from a client.
    pub idle_timeout: Duration,
    /// Longest a whole request may take, response streaming included.
    pub request_timeout: Duration,
    /// Longest wait for a TCP (and TLS) connection to an upstream.
    pub upstream_connect_timeout: Duration,
    /// How long shutdown waits for in-flight requests to finish.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 8 * 1024 * 1024,
            max_header_bytes: 64 * 1024,
            max_json_depth: 128,
            max_concurrent_requests: 1024,
            idle_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(600),
            upstream_connect_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Which vault backend holds the token maps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultConfig {
    /// In-process maps; lost on restart (the embedded default).
    Memory {
        /// How long an unused scope is kept.
        ttl: Duration,
        /// Most tokens one scope may hold.
        max_tokens_per_scope: usize,
        /// Most bytes all scopes may hold (estimated); a full vault
        /// refuses new values instead of evicting live ones.
        max_bytes: usize,
    },
    /// Redis, a single node or a Cluster.
    Redis {
        /// `redis://` / `rediss://` URLs (seed nodes for a Cluster).
        urls: Vec<String>,
        /// Talk the Cluster protocol.
        cluster: bool,
        /// Key prefix (DESIGN §5, default `veil`).
        prefix: String,
        /// Expiry of a scope's keys after its last use.
        ttl: Duration,
        /// Most tokens one scope may hold.
        max_tokens_per_scope: usize,
        /// Connection timeout.
        connect_timeout: Duration,
        /// Timeout of one command or script call.
        op_timeout: Duration,
    },
}

const DEFAULT_VAULT_TTL: Duration = Duration::from_secs(24 * 3600);
const DEFAULT_MAX_TOKENS: usize = 10_000;
const DEFAULT_MAX_MEMORY_BYTES: usize = 256 * 1024 * 1024;

/// How a request is mapped to a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// One tenant; the app's own provider key is forwarded as it came.
    PassThrough,
    /// A veil API key (hashed in config) names the tenant, whose provider
    /// key is injected upstream.
    ApiKey,
}

/// How HS256 JWTs are checked (`[jwt]`): a token whose `tid` claim names a
/// configured tenant authenticates as that tenant.
#[derive(Debug, Clone)]
pub struct JwtConfig {
    /// The shared HS256 secret, at least 32 bytes (RFC 7518 §3.2).
    pub secret: Sensitive<Vec<u8>>,
    /// Required `iss`, when set.
    pub issuer: Option<String>,
    /// Required member of `aud`, when set.
    pub audience: Option<String>,
    /// Clock skew allowed on `exp` and `nbf`, in seconds (default 30).
    pub leeway_secs: u64,
}

/// One tenant.
#[derive(Debug, Clone)]
pub struct TenantConfig {
    /// The tenant's id (also its vault namespace).
    pub id: TenantId,
    /// SHA-256 of each veil API key of this tenant.
    pub api_key_sha256: Vec<[u8; 32]>,
    /// Provider keys injected upstream (API-key auth).
    pub provider_keys: ProviderKeys,
    /// What happens to each entity type.
    pub policy: Policy,
}

/// A tenant's provider keys.
#[derive(Debug, Clone, Default)]
pub struct ProviderKeys {
    /// Sent as `Authorization: Bearer` to OpenAI.
    pub openai: Option<Sensitive<String>>,
    /// Sent as `x-api-key` to Anthropic.
    pub anthropic: Option<Sensitive<String>>,
}

/// A configuration that cannot be used. Messages name the field (and the
/// file line for syntax errors) but never a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// TOML syntax or schema error (unknown field, wrong type).
    #[error("{location}: {message}")]
    Parse {
        /// `file:line`.
        location: String,
        /// The parser's message with quoted values removed.
        message: String,
    },
    /// A value that parsed but is not acceptable.
    #[error("{field}: {reason}")]
    Invalid {
        /// Dotted path of the field, e.g. `tenants[0].policy.phone`.
        field: String,
        /// Why.
        reason: String,
    },
}

impl ConfigError {
    fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

// === impl Config ===

impl Config {
    /// How many serving threads to run: `threads`, or one per available
    /// core when it is 0.
    pub fn serving_threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }

    /// The embedded default (DESIGN §4): no file, no environment.
    pub fn embedded_default() -> Config {
        let no_env = |_: &str| None;
        // The empty file is valid by construction; the fallback only keeps
        // this function total.
        Config::from_file(FileConfig::default(), &no_env).unwrap_or_else(|_| Config {
            listen: vec![SocketAddr::from(([127, 0, 0, 1], 8080))],
            threads: 0,
            upstreams: Upstreams {
                openai: Origin::parse("", DEFAULT_OPENAI_UPSTREAM, false).unwrap_or_default(),
                anthropic: Origin::parse("", DEFAULT_ANTHROPIC_UPSTREAM, false).unwrap_or_default(),
                tls: UpstreamTls::default(),
            },
            limits: Limits::default(),
            vault: VaultConfig::Memory {
                ttl: DEFAULT_VAULT_TTL,
                max_tokens_per_scope: DEFAULT_MAX_TOKENS,
                max_bytes: DEFAULT_MAX_MEMORY_BYTES,
            },
            auth: AuthMode::PassThrough,
            tenants: Vec::new(),
            master_key: None,
            jwt: None,
            rules_dir: None,
        })
    }

    /// Loads the process configuration: `path`, else `VEIL_CONFIG`, else the
    /// embedded default; then the `VEIL_*` overrides from the real
    /// environment.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let env = |k: &str| std::env::var(k).ok();
        Config::load_with(path, &env)
    }

    /// [`Config::load`] with an injected environment.
    pub fn load_with(path: Option<&Path>, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
        let path = path.map(Path::to_path_buf).or_else(|| {
            env("VEIL_CONFIG")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        });
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                Config::from_toml_named(&path.display().to_string(), &text, env)
            }
            None => Config::from_file(FileConfig::default(), env),
        }
    }

    /// Parses and validates TOML text, then applies `env`'s overrides.
    pub fn from_toml(text: &str, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
        Config::from_toml_named("config", text, env)
    }

    fn from_toml_named(name: &str, text: &str, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
        let file: FileConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            ConfigError::Parse {
                location: match line {
                    Some(l) => format!("{name}:{l}"),
                    None => name.to_owned(),
                },
                message: without_quoted_values(e.message()),
            }
        })?;
        Config::from_file(file, env)
    }

    fn from_file(mut file: FileConfig, env: EnvLookup<'_>) -> Result<Config, ConfigError> {
        apply_env_overrides(&mut file, env)?;
        let threads = match file.server.threads {
            None => 0,
            Some(n) if n <= MAX_THREADS as u64 => n as usize,
            Some(_) => {
                return Err(ConfigError::invalid(
                    "server.threads",
                    format!("must be ≤ {MAX_THREADS} (0: one per core)"),
                ));
            }
        };
        let listen = file
            .listen
            .take()
            .map(file::Listen::into_vec)
            .unwrap_or_else(|| vec![DEFAULT_LISTEN.to_owned()]);
        if listen.is_empty() {
            return Err(ConfigError::invalid(
                "listen",
                "at least one address needed",
            ));
        }
        let listen = listen
            .iter()
            .map(|a| {
                a.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| ConfigError::invalid("listen", format!("`{a}` is not ip:port")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let plain = file.upstreams.allow_plain_http.unwrap_or(false);
        let upstreams = Upstreams {
            openai: Origin::parse(
                "upstreams.openai",
                file.upstreams
                    .openai
                    .as_deref()
                    .unwrap_or(DEFAULT_OPENAI_UPSTREAM),
                plain,
            )?,
            anthropic: Origin::parse(
                "upstreams.anthropic",
                file.upstreams
                    .anthropic
                    .as_deref()
                    .unwrap_or(DEFAULT_ANTHROPIC_UPSTREAM),
                plain,
            )?,
            tls: tls::upstream_tls(&file.upstreams)?,
        };
        let limits = limits(&file.limits)?;
        let master_key = match &file.master_key {
            Some(reference) => {
                let text = secret::resolve("master_key", reference, env)?;
                Some(secret::decode_key32("master_key", text.expose())?)
            }
            None => None,
        };
        let vault = vault(&file.vault)?;
        if matches!(vault, VaultConfig::Redis { .. }) && master_key.is_none() {
            return Err(ConfigError::invalid(
                "master_key",
                "the redis vault encrypts originals and needs a master key \
                 (e.g. master_key = \"env:VEIL_MASTER_KEY\")",
            ));
        }
        let auth = match file.auth.as_deref() {
            None if file.tenants.is_empty() => AuthMode::PassThrough,
            None | Some("api_key") => AuthMode::ApiKey,
            Some("passthrough") => AuthMode::PassThrough,
            Some(other) => {
                return Err(ConfigError::invalid(
                    "auth",
                    format!("unknown mode `{other}` (known: api_key, passthrough)"),
                ));
            }
        };
        let jwt = file.jwt.as_ref().map(|j| jwt(j, env)).transpose()?;
        if jwt.is_some() && auth != AuthMode::ApiKey {
            return Err(ConfigError::invalid(
                "jwt",
                "JWTs name a tenant, so they need auth = \"api_key\" and [[tenants]]",
            ));
        }
        let mut tenants = file
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| tenant(i, t, auth, jwt.is_some(), env))
            .collect::<Result<Vec<_>, _>>()?;
        if tenants.is_empty() {
            if auth == AuthMode::ApiKey {
                return Err(ConfigError::invalid(
                    "tenants",
                    "api_key auth needs at least one [[tenants]]",
                ));
            }
            tenants.push(TenantConfig {
                id: TenantId::new("default")
                    .map_err(|e| ConfigError::invalid("tenants", e.to_string()))?,
                api_key_sha256: Vec::new(),
                provider_keys: ProviderKeys::default(),
                policy: Policy::default(),
            });
        }
        if auth == AuthMode::PassThrough && tenants.len() != 1 {
            return Err(ConfigError::invalid(
                "tenants",
                "passthrough auth serves exactly one tenant",
            ));
        }
        check_unique(&tenants)?;
        Ok(Config {
            listen,
            threads,
            upstreams,
            limits,
            vault,
            auth,
            tenants,
            master_key,
            jwt,
            rules_dir: file.rules_dir.map(PathBuf::from),
        })
    }
}

/// DESIGN §3 overrides. `VEIL_REDIS_URL` switches the vault to Redis (a
/// comma-separated list of URLs); the master key then defaults to
/// `env:VEIL_MASTER_KEY`.
fn apply_env_overrides(file: &mut FileConfig, env: EnvLookup<'_>) -> Result<(), ConfigError> {
    let set = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    if let Some(listen) = set("VEIL_LISTEN") {
        file.listen = Some(file::Listen::Many(
            listen.split(',').map(|s| s.trim().to_owned()).collect(),
        ));
    }
    if let Some(threads) = set("VEIL_THREADS") {
        file.server.threads = Some(threads.trim().parse().map_err(|_| {
            ConfigError::invalid("VEIL_THREADS", "not a whole number (0: one per core)")
        })?);
    }
    if let Some(url) = set("VEIL_OPENAI_UPSTREAM") {
        file.upstreams.openai = Some(url);
    }
    if let Some(url) = set("VEIL_ANTHROPIC_UPSTREAM") {
        file.upstreams.anthropic = Some(url);
    }
    if let Some(paths) = set("VEIL_EXTRA_CA_CERTS") {
        // Replaces the file's list: a container mounts its CA bundle and
        // names it here, with no config file to edit.
        file.upstreams.extra_ca_certs = Some(
            paths
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        );
    }
    if let Some(urls) = set("VEIL_REDIS_URL") {
        file.vault.backend = Some("redis".to_owned());
        file.vault.urls = Some(urls.split(',').map(|s| s.trim().to_owned()).collect());
        if file.master_key.is_none() {
            file.master_key = Some("env:VEIL_MASTER_KEY".to_owned());
        }
    }
    Ok(())
}

/// The smallest `limits.max_header_bytes` that means what it says.
pub const MIN_HEADER_BYTES: usize = 8 * 1024;

fn limits(f: &file::FileLimits) -> Result<Limits, ConfigError> {
    let d = Limits::default();
    let size =
        |name: &str, v: Option<u64>, default: usize, max: u64| -> Result<usize, ConfigError> {
            match v {
                None => Ok(default),
                Some(0) => Err(ConfigError::invalid(
                    format!("limits.{name}"),
                    "must be > 0",
                )),
                Some(v) if v > max => Err(ConfigError::invalid(
                    format!("limits.{name}"),
                    format!("must be ≤ {max}"),
                )),
                Some(v) => usize::try_from(v)
                    .map_err(|_| ConfigError::invalid(format!("limits.{name}"), "too large")),
            }
        };
    let ms = |name: &str, v: Option<u64>, default: Duration| -> Result<Duration, ConfigError> {
        match v {
            None => Ok(default),
            Some(0) => Err(ConfigError::invalid(
                format!("limits.{name}"),
                "must be > 0",
            )),
            Some(v) => Ok(Duration::from_millis(v)),
        }
    };
    Ok(Limits {
        max_body_bytes: size(
            "max_body_bytes",
            f.max_body_bytes,
            d.max_body_bytes,
            1 << 30,
        )?,
        max_header_bytes: match size(
            "max_header_bytes",
            f.max_header_bytes,
            d.max_header_bytes,
            1 << 20,
        )? {
            // hyper reads HTTP/1 heads into at least 8 KiB: a smaller limit
            // would be silently ignored, so it is refused instead.
            small if small < MIN_HEADER_BYTES => {
                return Err(ConfigError::invalid(
                    "limits.max_header_bytes",
                    format!("must be ≥ {MIN_HEADER_BYTES} (HTTP/1 reads heads in 8 KiB buffers)"),
                ));
            }
            bytes => bytes,
        },
        max_json_depth: size("max_json_depth", f.max_json_depth, d.max_json_depth, 4096)?,
        max_concurrent_requests: size(
            "max_concurrent_requests",
            f.max_concurrent_requests,
            d.max_concurrent_requests,
            1 << 20,
        )?,
        idle_timeout: ms("idle_timeout_ms", f.idle_timeout_ms, d.idle_timeout)?,
        request_timeout: ms(
            "request_timeout_ms",
            f.request_timeout_ms,
            d.request_timeout,
        )?,
        upstream_connect_timeout: ms(
            "upstream_connect_timeout_ms",
            f.upstream_connect_timeout_ms,
            d.upstream_connect_timeout,
        )?,
        shutdown_grace: ms("shutdown_grace_ms", f.shutdown_grace_ms, d.shutdown_grace)?,
    })
}

fn vault(f: &file::FileVault) -> Result<VaultConfig, ConfigError> {
    let ttl = match f.ttl_secs {
        Some(0) => return Err(ConfigError::invalid("vault.ttl_secs", "must be > 0")),
        Some(s) => Duration::from_secs(s),
        None => DEFAULT_VAULT_TTL,
    };
    let max_tokens_per_scope = match f.max_tokens_per_scope {
        Some(0) => {
            return Err(ConfigError::invalid(
                "vault.max_tokens_per_scope",
                "must be > 0",
            ));
        }
        Some(n) => usize::try_from(n)
            .map_err(|_| ConfigError::invalid("vault.max_tokens_per_scope", "too large"))?,
        None => DEFAULT_MAX_TOKENS,
    };
    match f.backend.as_deref().unwrap_or("memory") {
        "memory" => {
            let redis_only = [
                ("urls", f.urls.is_some()),
                ("cluster", f.cluster.is_some()),
                ("prefix", f.prefix.is_some()),
                ("connect_timeout_ms", f.connect_timeout_ms.is_some()),
                ("op_timeout_ms", f.op_timeout_ms.is_some()),
            ];
            if let Some((name, _)) = redis_only.iter().find(|(_, set)| *set) {
                return Err(ConfigError::invalid(
                    format!("vault.{name}"),
                    "only valid with backend = \"redis\"",
                ));
            }
            let max_bytes = match f.max_memory_bytes {
                Some(0) => {
                    return Err(ConfigError::invalid(
                        "vault.max_memory_bytes",
                        "must be > 0",
                    ));
                }
                Some(n) => usize::try_from(n)
                    .map_err(|_| ConfigError::invalid("vault.max_memory_bytes", "too large"))?,
                None => DEFAULT_MAX_MEMORY_BYTES,
            };
            Ok(VaultConfig::Memory {
                ttl,
                max_tokens_per_scope,
                max_bytes,
            })
        }
        "redis" => {
            if f.max_memory_bytes.is_some() {
                return Err(ConfigError::invalid(
                    "vault.max_memory_bytes",
                    "only valid with backend = \"memory\" (bound Redis with its own maxmemory)",
                ));
            }
            let urls = f.urls.clone().unwrap_or_default();
            if urls.is_empty() {
                return Err(ConfigError::invalid(
                    "vault.urls",
                    "at least one URL needed",
                ));
            }
            if let Some(bad) = urls
                .iter()
                .position(|u| !(u.starts_with("redis://") || u.starts_with("rediss://")))
            {
                return Err(ConfigError::invalid(
                    format!("vault.urls[{bad}]"),
                    "must start with redis:// or rediss://",
                ));
            }
            let prefix = f.prefix.clone().unwrap_or_else(|| "veil".to_owned());
            let prefix_ok = !prefix.is_empty()
                && prefix.len() <= 32
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !prefix_ok {
                return Err(ConfigError::invalid(
                    "vault.prefix",
                    "1-32 bytes of [A-Za-z0-9_-]",
                ));
            }
            let ms = |name: &str, v: Option<u64>, default: u64| match v {
                Some(0) => Err(ConfigError::invalid(format!("vault.{name}"), "must be > 0")),
                Some(v) => Ok(Duration::from_millis(v)),
                None => Ok(Duration::from_millis(default)),
            };
            Ok(VaultConfig::Redis {
                urls,
                cluster: f.cluster.unwrap_or(false),
                prefix,
                ttl,
                max_tokens_per_scope,
                connect_timeout: ms("connect_timeout_ms", f.connect_timeout_ms, 2_000)?,
                op_timeout: ms("op_timeout_ms", f.op_timeout_ms, 500)?,
            })
        }
        other => Err(ConfigError::invalid(
            "vault.backend",
            format!("unknown backend `{other}` (known: memory, redis)"),
        )),
    }
}

fn tenant(
    i: usize,
    t: &file::FileTenant,
    auth: AuthMode,
    jwt: bool,
    env: EnvLookup<'_>,
) -> Result<TenantConfig, ConfigError> {
    let field = |name: &str| format!("tenants[{i}].{name}");
    let id = TenantId::new(&t.id).map_err(|e| ConfigError::invalid(field("id"), e.to_string()))?;
    let api_key_sha256 = t
        .api_key_sha256
        .iter()
        .enumerate()
        .map(|(j, h)| {
            secret::decode_hex(h.trim())
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| {
                    ConfigError::invalid(
                        field(&format!("api_key_sha256[{j}]")),
                        "must be 64 hex digits (SHA-256 of the key)",
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if auth == AuthMode::ApiKey && api_key_sha256.is_empty() && !jwt {
        return Err(ConfigError::invalid(
            field("api_key_sha256"),
            "api_key auth needs at least one key hash per tenant (or a [jwt] section)",
        ));
    }
    let key = |name: &str, r: &Option<String>| {
        r.as_deref()
            .map(|r| secret::resolve(&field(&format!("provider_keys.{name}")), r, env))
            .transpose()
    };
    let provider_keys = ProviderKeys {
        openai: key("openai", &t.provider_keys.openai)?,
        anthropic: key("anthropic", &t.provider_keys.anthropic)?,
    };
    let mut policy = Policy::default();
    for (ty, action) in &t.policy {
        let f = field(&format!("policy.{ty}"));
        let one = Policy::from_pairs([(ty.as_str(), action.as_str())])
            .map_err(|e| ConfigError::invalid(f, e.to_string()))?;
        if let Ok(parsed) = ty.parse() {
            policy.set(parsed, one.action(parsed));
        }
    }
    Ok(TenantConfig {
        id,
        api_key_sha256,
        provider_keys,
        policy,
    })
}

fn jwt(f: &file::FileJwt, env: EnvLookup<'_>) -> Result<JwtConfig, ConfigError> {
    let secret = secret::resolve("jwt.secret", &f.secret, env)?;
    if secret.expose().len() < 32 {
        return Err(ConfigError::invalid(
            "jwt.secret",
            "an HS256 secret needs at least 32 bytes",
        ));
    }
    let nonempty = |name: &str, v: &Option<String>| match v.as_deref() {
        Some("") => Err(ConfigError::invalid(
            format!("jwt.{name}"),
            "must not be empty",
        )),
        v => Ok(v.map(str::to_owned)),
    };
    Ok(JwtConfig {
        secret: Sensitive::new(secret.expose().as_bytes().to_vec()),
        issuer: nonempty("issuer", &f.issuer)?,
        audience: nonempty("audience", &f.audience)?,
        leeway_secs: f.leeway_secs.unwrap_or(30).min(3600),
    })
}

fn check_unique(tenants: &[TenantConfig]) -> Result<(), ConfigError> {
    for (i, t) in tenants.iter().enumerate() {
        if tenants[..i].iter().any(|o| o.id == t.id) {
            return Err(ConfigError::invalid(
                format!("tenants[{i}].id"),
                format!("duplicate tenant id `{}`", t.id),
            ));
        }
        for (j, h) in t.api_key_sha256.iter().enumerate() {
            let dup = tenants[..=i].iter().enumerate().any(|(k, o)| {
                let upto = if k == i { j } else { o.api_key_sha256.len() };
                o.api_key_sha256[..upto].contains(h)
            });
            if dup {
                return Err(ConfigError::invalid(
                    format!("tenants[{i}].api_key_sha256[{j}]"),
                    "the same key hash is listed twice; a key must name one tenant",
                ));
            }
        }
    }
    Ok(())
}

/// Serde messages quote offending values (`invalid type: string "sk-…"`);
/// a config value may be a secret, so quoted parts are blanked.
fn without_quoted_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if inside {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
