//! The Redis key layout of DESIGN §5, in one place.
//!
//! ```text
//! <prefix>:t:<tid>:c:{<scope>}:tok   HASH token → base64(sealed original)
//! <prefix>:t:<tid>:c:{<scope>}:val   HASH hmac(type, normalized value) → token
//! <prefix>:t:<tid>:c:{<scope>}:seq   HASH type → last number
//! <prefix>:t:<tid>:a:{<alias>}       STRING base64(sealed target scope id)
//! ```
//! An alias (`resp:<id>` of a Responses API reply) names the scope a chain
//! of turns shares; it is sealed to the alias id, so it cannot be pointed
//! at another conversation by rewriting Redis.
//! The `{<scope>}` hash tag puts a scope's three keys in one Cluster slot,
//! which is what lets one script call touch all of them atomically.

use crate::entity::EntityType;
use crate::token::Token;
use crate::vault::{ScopeId, TenantId};

/// The three keys of one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScopeKeys {
    /// token → sealed original.
    pub tok: String,
    /// value hash → token.
    pub val: String,
    /// type → last number.
    pub seq: String,
}

impl ScopeKeys {
    pub(crate) fn new(prefix: &str, tenant: &TenantId, scope: &ScopeId) -> ScopeKeys {
        let base = format!("{prefix}:t:{tenant}:c:{{{}}}", scope.as_str());
        ScopeKeys {
            tok: format!("{base}:tok"),
            val: format!("{base}:val"),
            seq: format!("{base}:seq"),
        }
    }
}

/// The key of an alias (a [`Vault::link`](crate::vault::Vault::link)).
pub(crate) fn link_key(prefix: &str, tenant: &TenantId, alias: &ScopeId) -> String {
    format!("{prefix}:t:{tenant}:a:{{{}}}", alias.as_str())
}

/// True for a prefix that cannot break the layout: non-empty, printable
/// ASCII without braces (a brace would move the Cluster hash tag) or
/// whitespace.
pub(crate) fn valid_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= 64
        && prefix
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'{' && b != b'}')
}

/// Parses a token as stored in Redis hash fields and values (`type:n`,
/// written by the assign script); `None` for anything else.
pub(crate) fn parse_token_field(s: &[u8]) -> Option<Token> {
    let s = std::str::from_utf8(s).ok()?;
    let (ty, n) = s.split_once(':')?;
    let ty = EntityType::ALL.into_iter().find(|t| t.as_str() == ty)?;
    if n.is_empty() || n.len() > 9 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    (n > 0).then_some(Token { ty, n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_design_section_5() {
        let k = ScopeKeys::new(
            "veil",
            &TenantId::new("acme").unwrap(),
            &ScopeId::new("conv:42").unwrap(),
        );
        assert_eq!(k.tok, "veil:t:acme:c:{conv:42}:tok");
        assert_eq!(k.val, "veil:t:acme:c:{conv:42}:val");
        assert_eq!(k.seq, "veil:t:acme:c:{conv:42}:seq");
    }

    #[test]
    fn token_fields_parse_and_reject_junk() {
        let t = Token {
            ty: EntityType::BankAccount,
            n: 12,
        };
        assert_eq!(parse_token_field(b"bank_account:12"), Some(t));
        for bad in [
            &b"bank_account:0"[..],
            b"Phone:1",
            b"phone:",
            b"phone:-1",
            b"phone:1234567890",
            b"nope:1",
            b"\xff:1",
        ] {
            assert_eq!(parse_token_field(bad), None);
        }
    }

    #[test]
    fn prefixes_that_would_move_the_hash_tag_are_refused() {
        assert!(valid_prefix("veil"));
        assert!(valid_prefix("veil-staging:eu"));
        for bad in ["", "a{b", "a}b", "a b"] {
            assert!(!valid_prefix(bad));
        }
    }
}
