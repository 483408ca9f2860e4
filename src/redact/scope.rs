//! The token map of one scope (a request, or a conversation): which value
//! has which token, and each token's original. The proxy's vault persists
//! the same mapping; this in-memory form serves the CLI, tests and benches.

use std::collections::HashMap;

use super::detokenize::TokenLookup;
use super::plan::Value;
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;
use crate::vault::NewValue;

/// Tokens and originals of one scope. Same normalized value → same token.
#[derive(Debug, Default)]
pub struct Scope {
    by_key: HashMap<(EntityType, Sensitive<String>), Token>,
    originals: HashMap<Token, Sensitive<String>>,
    /// Each token's key, for handing the scope to the vault.
    keys: HashMap<Token, Sensitive<String>>,
    last: [u32; EntityType::ALL.len()],
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// The token for each value, assigning new ones in order. One call per
    /// request, like the vault's batch assignment.
    pub fn assign_batch(&mut self, values: &[Value<'_>]) -> Vec<Token> {
        values.iter().map(|v| self.assign(v)).collect()
    }

    /// The token for one value.
    pub fn assign(&mut self, value: &Value<'_>) -> Token {
        let key = (value.ty, Sensitive::new(value.key()));
        if let Some(t) = self.by_key.get(&key) {
            return *t;
        }
        let n = &mut self.last[value.ty.index()];
        *n += 1;
        let token = Token {
            ty: value.ty,
            n: *n,
        };
        self.keys.insert(token, key.1.clone());
        self.by_key.insert(key, token);
        self.originals
            .insert(token, Sensitive::new(value.original.to_owned()));
        token
    }

    /// Number of tokens in the scope.
    pub fn len(&self) -> usize {
        self.originals.len()
    }

    /// True when no token has been assigned.
    pub fn is_empty(&self) -> bool {
        self.originals.is_empty()
    }

    /// All tokens with their originals, sorted by type then number.
    pub fn entries(&self) -> Vec<(Token, &Sensitive<String>)> {
        let mut v: Vec<_> = self.originals.iter().map(|(t, o)| (*t, o)).collect();
        v.sort_by_key(|(t, _)| (t.ty, t.n));
        v
    }
}

impl Scope {
    /// Every value of the scope as the vault's batch assignment takes it:
    /// provisional token, key and original, sorted by type then number.
    pub fn new_values(&self) -> Vec<NewValue> {
        self.entries()
            .into_iter()
            .map(|(token, original)| NewValue {
                provisional: token,
                key: self.keys[&token].clone(),
                original: original.clone(),
            })
            .collect()
    }
}

impl TokenLookup for Scope {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.originals.get(&token).map(|s| s.expose().as_str())
    }
}
