//! Who is calling: the tenant from a veil API key, and the credentials the
//! upstream gets (DESIGN §4).
//!
//! SDKs send their key as `Authorization: Bearer <key>` (OpenAI) or
//! `x-api-key` (Anthropic), so apps need only a new base URL and key. Keys
//! are stored as SHA-256 hashes; the presented key's hash is compared with
//! every configured hash in constant time, without stopping at a match, so
//! timing says nothing about which key (or how much of one) matched.
//!
//! With a `[jwt]` section, a credential shaped like a JWT is checked as an
//! HS256 token instead ([`super::jwt`]) and its `tid` claim names the
//! tenant. Either way the client's credential never goes upstream.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use http::header::{AUTHORIZATION, HeaderValue};
use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use super::jwt::{JwtVerifier, looks_like_jwt};
use super::rescue::ProxyError;
use super::route::Provider;
use crate::config::{AuthMode, Config, ProviderKeys};
use crate::redact::Redactor;
use crate::rules::RuleSet;
use crate::sensitive::Sensitive;
use crate::vault::TenantId;

const X_API_KEY: &str = "x-api-key";

/// A tenant as the request path needs it.
#[derive(Debug)]
pub struct Tenant {
    /// The tenant's id (its vault namespace).
    pub id: TenantId,
    /// Rules plus this tenant's policy.
    pub redactor: Redactor,
    provider_keys: ProviderKeys,
}

/// A credential presented by a client.
#[derive(Debug)]
pub enum Credential {
    /// A veil API key.
    ApiKey(Sensitive<String>),
    /// A compact JWT (`eyJ….….…`).
    Jwt(Sensitive<String>),
}

/// Maps requests to tenants and sets upstream credentials.
#[derive(Debug)]
pub struct Auth {
    mode: AuthMode,
    tenants: Vec<Arc<Tenant>>,
    /// Every configured key hash with its tenant's index.
    hashes: Vec<([u8; 32], u32)>,
    /// Checks JWTs, when `[jwt]` is configured.
    jwt: Option<JwtVerifier>,
    /// Tenant index by id, for a JWT's `tid`.
    by_id: HashMap<String, usize>,
}

impl Auth {
    /// Builds the tenant table from a validated config.
    pub fn new(config: &Config, rules: &Arc<RuleSet>) -> Auth {
        let mut hashes = Vec::new();
        let tenants = config
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let index = u32::try_from(i).unwrap_or(u32::MAX);
                hashes.extend(t.api_key_sha256.iter().map(|h| (*h, index)));
                Arc::new(Tenant {
                    id: t.id.clone(),
                    redactor: Redactor::new(rules.clone(), t.policy.clone()),
                    provider_keys: t.provider_keys.clone(),
                })
            })
            .collect();
        let by_id = config
            .tenants
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str().to_owned(), i))
            .collect();
        Auth {
            mode: config.auth,
            tenants,
            hashes,
            jwt: config.jwt.clone().map(JwtVerifier::new),
            by_id,
        }
    }

    /// The credential in `headers`, if any: `Authorization: Bearer` first,
    /// then `x-api-key`.
    pub fn credential(headers: &HeaderMap) -> Option<Credential> {
        let bearer = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
            });
        let key = bearer.or_else(|| headers.get(X_API_KEY).and_then(|v| v.to_str().ok()));
        key.map(str::trim).filter(|k| !k.is_empty()).map(|k| {
            let k = Sensitive::new(k.to_owned());
            if looks_like_jwt(k.expose()) {
                Credential::Jwt(k)
            } else {
                Credential::ApiKey(k)
            }
        })
    }

    /// The tenant of a request.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Arc<Tenant>, ProxyError> {
        if self.mode == AuthMode::PassThrough {
            return self.tenants.first().cloned().ok_or(ProxyError::BadKey);
        }
        let key = match Self::credential(headers) {
            None => return Err(ProxyError::MissingKey),
            Some(Credential::Jwt(token)) => return self.tenant_of_jwt(&token),
            Some(Credential::ApiKey(key)) => key,
        };
        let digest: [u8; 32] = Sha256::digest(key.expose().as_bytes()).into();
        let mut found = subtle::Choice::from(0);
        let mut index = 0u32;
        for (hash, tenant) in &self.hashes {
            let eq = hash.ct_eq(&digest);
            index.conditional_assign(tenant, eq);
            found |= eq;
        }
        if bool::from(found) {
            usize::try_from(index)
                .ok()
                .and_then(|i| self.tenants.get(i))
                .cloned()
                .ok_or(ProxyError::BadKey)
        } else {
            Err(ProxyError::BadKey)
        }
    }

    /// The tenant a JWT names. Without `[jwt]` a JWT is just a key that
    /// matches none.
    fn tenant_of_jwt(&self, token: &Sensitive<String>) -> Result<Arc<Tenant>, ProxyError> {
        let Some(verifier) = &self.jwt else {
            return Err(ProxyError::BadKey);
        };
        // A clock before 1970 fails every `exp` check: closed, not open.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let tid = verifier
            .verify(token.expose(), now)
            .map_err(ProxyError::BadToken)?;
        self.by_id
            .get(&tid)
            .and_then(|&i| self.tenants.get(i))
            .cloned()
            .ok_or(ProxyError::UnknownTenant)
    }

    /// Rewrites the credential headers for the upstream request. In
    /// pass-through mode the client's own provider key stays; otherwise the
    /// client's veil key is removed and the tenant's provider key injected.
    pub fn upstream_credentials(
        &self,
        tenant: &Tenant,
        provider: Provider,
        headers: &mut HeaderMap,
    ) -> Result<(), ProxyError> {
        if self.mode == AuthMode::PassThrough {
            return Ok(());
        }
        headers.remove(AUTHORIZATION);
        headers.remove(X_API_KEY);
        let (key, header, value) = match provider {
            Provider::OpenAi => (
                &tenant.provider_keys.openai,
                AUTHORIZATION.as_str(),
                tenant
                    .provider_keys
                    .openai
                    .as_ref()
                    .map(|k| format!("Bearer {}", k.expose())),
            ),
            Provider::Anthropic => (
                &tenant.provider_keys.anthropic,
                X_API_KEY,
                tenant
                    .provider_keys
                    .anthropic
                    .as_ref()
                    .map(|k| k.expose().clone()),
            ),
        };
        let (Some(_), Some(value)) = (key, value) else {
            return Err(ProxyError::NoProviderKey(provider.as_str()));
        };
        let mut value = HeaderValue::from_str(&value)
            .map_err(|_| ProxyError::NoProviderKey(provider.as_str()))?;
        value.set_sensitive(true);
        headers.insert(header, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::jwt::JwtError;
    use super::*;

    fn config() -> Config {
        let hash = |k: &str| hex(&Sha256::digest(k.as_bytes()));
        let toml = format!(
            "[[tenants]]\nid = \"a\"\napi_key_sha256 = [\"{}\"]\nprovider_keys = {{ openai = \"sk-a\" }}\n\
             [[tenants]]\nid = \"b\"\napi_key_sha256 = [\"{}\", \"{}\"]\nprovider_keys = {{ anthropic = \"ant-b\" }}\n",
            hash("key-a"),
            hash("key-b1"),
            hash("key-b2")
        );
        Config::from_toml(&toml, &|_: &str| None).unwrap()
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn keys_pick_their_tenant() {
        let rules = Arc::new(RuleSet::embedded().unwrap());
        let auth = Auth::new(&config(), &rules);
        let t = auth
            .authenticate(&headers(&[("authorization", "Bearer key-a")]))
            .unwrap();
        assert_eq!(t.id.as_str(), "a");
        let t = auth
            .authenticate(&headers(&[("x-api-key", "key-b2")]))
            .unwrap();
        assert_eq!(t.id.as_str(), "b");
        assert!(matches!(
            auth.authenticate(&headers(&[("x-api-key", "key-c")])),
            Err(ProxyError::BadKey)
        ));
        assert!(matches!(
            auth.authenticate(&headers(&[])),
            Err(ProxyError::MissingKey)
        ));
        assert!(matches!(
            auth.authenticate(&headers(&[("authorization", "Basic key-a")])),
            Err(ProxyError::MissingKey)
        ));
    }

    #[test]
    fn provider_key_replaces_client_key() {
        let rules = Arc::new(RuleSet::embedded().unwrap());
        let auth = Auth::new(&config(), &rules);
        let mut h = headers(&[("authorization", "Bearer key-a"), ("x-api-key", "key-a")]);
        let a = auth.authenticate(&h).unwrap();
        auth.upstream_credentials(&a, Provider::OpenAi, &mut h)
            .unwrap();
        assert_eq!(h["authorization"], "Bearer sk-a");
        assert!(!h.contains_key("x-api-key"));
        let mut h = headers(&[("x-api-key", "key-a")]);
        assert!(matches!(
            auth.upstream_credentials(&a, Provider::Anthropic, &mut h),
            Err(ProxyError::NoProviderKey("anthropic"))
        ));
        // The client's key is gone even when refusing.
        assert!(!h.contains_key("x-api-key"));
    }

    #[test]
    fn passthrough_keeps_the_clients_key() {
        let rules = Arc::new(RuleSet::embedded().unwrap());
        let auth = Auth::new(&Config::embedded_default(), &rules);
        let mut h = headers(&[("authorization", "Bearer sk-app")]);
        let t = auth.authenticate(&h).unwrap();
        assert_eq!(t.id.as_str(), "default");
        auth.upstream_credentials(&t, Provider::OpenAi, &mut h)
            .unwrap();
        assert_eq!(h["authorization"], "Bearer sk-app");
    }

    const JWT_SECRET: &str = "jwt-secret-of-at-least-32-bytes!!";

    /// Tenant `a` has an API key; tenant `j` is reached by JWT only.
    fn jwt_config() -> Config {
        let hash = hex(&Sha256::digest(b"key-a"));
        let toml = format!(
            "[jwt]\nsecret = \"{JWT_SECRET}\"\naudience = \"veil\"\n\
             [[tenants]]\nid = \"a\"\napi_key_sha256 = [\"{hash}\"]\nprovider_keys = {{ openai = \"sk-a\" }}\n\
             [[tenants]]\nid = \"j\"\nprovider_keys = {{ openai = \"sk-j\" }}\n"
        );
        Config::from_toml(&toml, &|_: &str| None).unwrap()
    }

    fn jwt(claims: &str) -> String {
        super::super::jwt::tests::sign(JWT_SECRET.as_bytes(), r#"{"alg":"HS256"}"#, claims)
    }

    #[test]
    fn a_jwt_names_its_tenant_and_never_goes_upstream() {
        let rules = Arc::new(RuleSet::embedded().unwrap());
        let auth = Auth::new(&jwt_config(), &rules);
        let token = jwt(r#"{"tid":"j","exp":4000000000,"aud":"veil"}"#);
        let bearer = format!("Bearer {token}");
        for mut h in [
            headers(&[("authorization", &bearer)]),
            headers(&[("x-api-key", &token)]),
        ] {
            let t = auth.authenticate(&h).unwrap();
            assert_eq!(t.id.as_str(), "j");
            auth.upstream_credentials(&t, Provider::OpenAi, &mut h)
                .unwrap();
            assert_eq!(h["authorization"], "Bearer sk-j");
            assert!(!h.contains_key("x-api-key"));
        }
        // API keys keep working beside JWTs.
        let t = auth
            .authenticate(&headers(&[("x-api-key", "key-a")]))
            .unwrap();
        assert_eq!(t.id.as_str(), "a");
    }

    #[test]
    fn bad_jwts_are_refused_with_their_reason() {
        let rules = Arc::new(RuleSet::embedded().unwrap());
        let auth = Auth::new(&jwt_config(), &rules);
        let refused = |claims: &str| {
            let bearer = format!("Bearer {}", jwt(claims));
            auth.authenticate(&headers(&[("authorization", &bearer)]))
                .unwrap_err()
        };
        assert!(matches!(
            refused(r#"{"tid":"j","exp":1000000000,"aud":"veil"}"#),
            ProxyError::BadToken(JwtError::Expired)
        ));
        assert!(matches!(
            refused(r#"{"tid":"j","exp":4000000000}"#),
            ProxyError::BadToken(JwtError::Audience)
        ));
        assert!(matches!(
            refused(r#"{"tid":"nobody","exp":4000000000,"aud":"veil"}"#),
            ProxyError::UnknownTenant
        ));
        // Without [jwt], a JWT is a key that matches nothing.
        let plain = Auth::new(&config(), &rules);
        let bearer = format!(
            "Bearer {}",
            jwt(r#"{"tid":"a","exp":4000000000,"aud":"veil"}"#)
        );
        assert!(matches!(
            plain.authenticate(&headers(&[("authorization", &bearer)])),
            Err(ProxyError::BadKey)
        ));
    }
}
