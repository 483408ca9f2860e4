//! The TOML file as written: every table strict (`deny_unknown_fields`),
//! every field optional so the embedded defaults fill the gaps. Nothing here
//! is trusted yet; [`super::Config::from_file`] validates it.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    pub listen: Option<Listen>,
    pub auth: Option<String>,
    pub master_key: Option<String>,
    pub rules_dir: Option<String>,
    #[serde(default)]
    pub server: FileServer,
    #[serde(default)]
    pub upstreams: FileUpstreams,
    #[serde(default)]
    pub limits: FileLimits,
    #[serde(default)]
    pub vault: FileVault,
    #[serde(default)]
    pub tenants: Vec<FileTenant>,
    pub jwt: Option<FileJwt>,
}

/// `[jwt]`: HS256 tokens naming a tenant in `tid`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileJwt {
    pub secret: String,
    pub issuer: Option<String>,
    pub audience: Option<String>,
    pub leeway_secs: Option<u64>,
}

/// `listen = "addr"` or `listen = ["addr", …]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Listen {
    One(String),
    Many(Vec<String>),
}

impl Listen {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Listen::One(s) => vec![s],
            Listen::Many(v) => v,
        }
    }
}

/// `[server]`: how requests are served.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileServer {
    pub threads: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileUpstreams {
    pub openai: Option<String>,
    pub anthropic: Option<String>,
    pub allow_plain_http: Option<bool>,
    pub extra_ca_certs: Option<Vec<String>>,
    pub webpki_roots: Option<bool>,
    pub tls_min_version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileLimits {
    pub max_body_bytes: Option<u64>,
    pub max_header_bytes: Option<u64>,
    pub max_json_depth: Option<u64>,
    pub max_concurrent_requests: Option<u64>,
    pub idle_timeout_ms: Option<u64>,
    pub request_timeout_ms: Option<u64>,
    pub upstream_connect_timeout_ms: Option<u64>,
    pub shutdown_grace_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileVault {
    pub backend: Option<String>,
    pub ttl_secs: Option<u64>,
    pub max_tokens_per_scope: Option<u64>,
    pub max_memory_bytes: Option<u64>,
    pub urls: Option<Vec<String>>,
    pub cluster: Option<bool>,
    pub prefix: Option<String>,
    pub connect_timeout_ms: Option<u64>,
    pub op_timeout_ms: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileTenant {
    pub id: String,
    #[serde(default)]
    pub api_key_sha256: Vec<String>,
    #[serde(default)]
    pub provider_keys: FileProviderKeys,
    #[serde(default)]
    pub policy: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileProviderKeys {
    pub openai: Option<String>,
    pub anthropic: Option<String>,
}
