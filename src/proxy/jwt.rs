//! HS256 JSON Web Tokens naming a tenant in their `tid` claim (DESIGN §4).
//!
//! Only HS256 is accepted, whatever the header asks for: no `none`, no
//! asymmetric algorithms, so there is no algorithm-confusion attack to get
//! wrong. The signature is checked (in constant time) before any claim is
//! read. `exp` is required, so a leaked token stops working on its own;
//! `nbf`, `iss` and `aud` are checked when configured or present.
//!
//! Errors name which check failed, never the token or a claim's value.

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::b64;
use crate::config::JwtConfig;

/// Longest token accepted, in bytes: far above any real token, small enough
/// that a hostile header cannot make verification costly.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// Why a token was refused. Payload-free: safe for logs and metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url segments, or a segment is not the JSON it
    /// should be, or the token is too long.
    #[error("malformed token")]
    Malformed,
    /// The header names an algorithm other than HS256.
    #[error("algorithm not accepted (HS256 only)")]
    Algorithm,
    /// The signature does not match.
    #[error("bad signature")]
    Signature,
    /// `exp` is missing.
    #[error("token has no expiry")]
    NoExpiry,
    /// `exp` has passed.
    #[error("token expired")]
    Expired,
    /// `nbf` is still in the future.
    #[error("token not yet valid")]
    NotYetValid,
    /// `iss` differs from the configured issuer.
    #[error("wrong issuer")]
    Issuer,
    /// `aud` does not contain the configured audience.
    #[error("wrong audience")]
    Audience,
    /// `tid` is missing or not a string.
    #[error("token names no tenant")]
    NoTenant,
}

impl JwtError {
    /// Payload-free kind for metrics and logs.
    pub fn kind(self) -> &'static str {
        match self {
            JwtError::Malformed => "jwt_malformed",
            JwtError::Algorithm => "jwt_algorithm",
            JwtError::Signature => "jwt_signature",
            JwtError::NoExpiry => "jwt_no_expiry",
            JwtError::Expired => "jwt_expired",
            JwtError::NotYetValid => "jwt_not_yet_valid",
            JwtError::Issuer => "jwt_issuer",
            JwtError::Audience => "jwt_audience",
            JwtError::NoTenant => "jwt_no_tenant",
        }
    }
}

/// Verifies tokens against one secret.
#[derive(Debug, Clone)]
pub struct JwtVerifier {
    settings: JwtConfig,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    tid: Option<serde_json::Value>,
    exp: Option<f64>,
    nbf: Option<f64>,
    iss: Option<String>,
    aud: Option<Audience>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, wanted: &str) -> bool {
        match self {
            Audience::One(a) => a == wanted,
            Audience::Many(all) => all.iter().any(|a| a == wanted),
        }
    }
}

/// True when `credential` has the shape of a compact JWS (`eyJ…` header,
/// three dot-separated segments), so it is not mistaken for an API key.
pub fn looks_like_jwt(credential: &str) -> bool {
    credential.starts_with("eyJ") && credential.bytes().filter(|&b| b == b'.').count() == 2
}

impl JwtVerifier {
    /// A verifier for the `[jwt]` settings.
    pub fn new(settings: JwtConfig) -> JwtVerifier {
        JwtVerifier { settings }
    }

    /// The tenant id a valid token names, checked at `now_unix` (seconds).
    pub fn verify(&self, token: &str, now_unix: u64) -> Result<String, JwtError> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(JwtError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let header: Header = decode_json(header)?;
        if header.alg != "HS256" {
            return Err(JwtError::Algorithm);
        }
        let signature = b64::decode_lenient(signature.as_bytes()).ok_or(JwtError::Malformed)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(self.settings.secret.expose())
            .map_err(|_| JwtError::Signature)?;
        let (signing_input, _) = token.rsplit_once('.').ok_or(JwtError::Malformed)?;
        mac.update(signing_input.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| JwtError::Signature)?;
        let claims: Claims = decode_json(payload)?;
        let now = now_unix as f64;
        let leeway = self.settings.leeway_secs as f64;
        let exp = claims.exp.ok_or(JwtError::NoExpiry)?;
        if now >= exp + leeway {
            return Err(JwtError::Expired);
        }
        if claims.nbf.is_some_and(|nbf| now + leeway < nbf) {
            return Err(JwtError::NotYetValid);
        }
        if let Some(issuer) = &self.settings.issuer
            && claims.iss.as_deref() != Some(issuer.as_str())
        {
            return Err(JwtError::Issuer);
        }
        if let Some(audience) = &self.settings.audience
            && !claims.aud.as_ref().is_some_and(|a| a.contains(audience))
        {
            return Err(JwtError::Audience);
        }
        match claims.tid {
            Some(serde_json::Value::String(tid)) if !tid.is_empty() => Ok(tid),
            _ => Err(JwtError::NoTenant),
        }
    }
}

fn decode_json<T: for<'de> Deserialize<'de>>(segment: &str) -> Result<T, JwtError> {
    // JWS segments are unpadded base64url (RFC 7515 §2).
    if segment.bytes().any(|b| matches!(b, b'=' | b'+' | b'/')) {
        return Err(JwtError::Malformed);
    }
    let bytes = b64::decode_lenient(segment.as_bytes()).ok_or(JwtError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Malformed)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sensitive::Sensitive;

    /// Signs `claims` with `secret` as a compact HS256 JWT (test helper,
    /// also used by the auth tests).
    pub(crate) fn sign(secret: &[u8], header: &str, claims: &str) -> String {
        let enc = |b: &[u8]| {
            crate::b64::encode(b)
                .trim_end_matches('=')
                .replace('+', "-")
                .replace('/', "_")
        };
        let signing_input = format!("{}.{}", enc(header.as_bytes()), enc(claims.as_bytes()));
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        mac.update(signing_input.as_bytes());
        format!("{signing_input}.{}", enc(&mac.finalize().into_bytes()))
    }

    const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
    const NOW: u64 = 1_800_000_000;

    fn verifier() -> JwtVerifier {
        JwtVerifier::new(JwtConfig {
            secret: Sensitive::new(b"0123456789abcdef0123456789abcdef".to_vec()),
            issuer: Some("auth.example".into()),
            audience: Some("veil".into()),
            leeway_secs: 30,
        })
    }

    fn token(claims: &str) -> String {
        sign(b"0123456789abcdef0123456789abcdef", HS256, claims)
    }

    #[test]
    fn a_valid_token_names_its_tenant() {
        let t = token(r#"{"tid":"acme","exp":1800000100,"iss":"auth.example","aud":["x","veil"]}"#);
        assert!(looks_like_jwt(&t));
        assert_eq!(verifier().verify(&t, NOW), Ok("acme".into()));
        let t = token(
            r#"{"tid":"acme","exp":1800000100,"iss":"auth.example","aud":"veil","nbf":1800000010}"#,
        );
        assert_eq!(
            verifier().verify(&t, NOW),
            Ok("acme".into()),
            "nbf within leeway"
        );
    }

    #[test]
    fn every_failed_check_is_refused_with_its_reason() {
        let good = r#""iss":"auth.example","aud":"veil""#;
        let cases = [
            (
                token(&format!(r#"{{"tid":"acme",{good}}}"#)),
                JwtError::NoExpiry,
            ),
            (
                token(&format!(r#"{{"tid":"acme","exp":1799999960,{good}}}"#)),
                JwtError::Expired,
            ),
            (
                token(&format!(
                    r#"{{"tid":"acme","exp":1900000000,"nbf":1800000100,{good}}}"#
                )),
                JwtError::NotYetValid,
            ),
            (
                token(r#"{"tid":"acme","exp":1900000000,"iss":"evil","aud":"veil"}"#),
                JwtError::Issuer,
            ),
            (
                token(r#"{"tid":"acme","exp":1900000000,"iss":"auth.example","aud":"other"}"#),
                JwtError::Audience,
            ),
            (
                token(&format!(r#"{{"exp":1900000000,{good}}}"#)),
                JwtError::NoTenant,
            ),
            (
                token(&format!(r#"{{"tid":7,"exp":1900000000,{good}}}"#)),
                JwtError::NoTenant,
            ),
            (
                sign(
                    b"another secret",
                    HS256,
                    &format!(r#"{{"tid":"acme","exp":1900000000,{good}}}"#),
                ),
                JwtError::Signature,
            ),
            (
                sign(
                    b"0123456789abcdef0123456789abcdef",
                    r#"{"alg":"none"}"#,
                    r#"{"tid":"acme"}"#,
                ),
                JwtError::Algorithm,
            ),
            (
                sign(
                    b"0123456789abcdef0123456789abcdef",
                    r#"{"alg":"HS512"}"#,
                    r#"{"tid":"acme"}"#,
                ),
                JwtError::Algorithm,
            ),
            ("eyJhbGciOiJIUzI1NiJ9.e30".to_owned(), JwtError::Malformed),
            ("eyJ.e30.AAAA".to_owned(), JwtError::Malformed),
            (
                format!("{}x", "eyJ".repeat(MAX_TOKEN_BYTES)),
                JwtError::Malformed,
            ),
        ];
        for (t, want) in cases {
            assert_eq!(verifier().verify(&t, NOW), Err(want), "{t}");
        }
    }

    #[test]
    fn a_tampered_payload_fails_the_signature() {
        let t = token(r#"{"tid":"acme","exp":1900000000,"iss":"auth.example","aud":"veil"}"#);
        let forged =
            token(r#"{"tid":"globex","exp":1900000000,"iss":"auth.example","aud":"veil"}"#);
        let mut parts: Vec<&str> = t.split('.').collect();
        parts[1] = forged.split('.').nth(1).unwrap();
        assert_eq!(
            verifier().verify(&parts.join("."), NOW),
            Err(JwtError::Signature)
        );
    }
}
