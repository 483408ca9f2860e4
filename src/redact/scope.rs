//! The token map of one scope (a request, or a conversation): which value
//! has which token, and each token's original. The proxy's vault persists
//! the same mapping; this in-memory form serves the CLI, tests and benches.

use std::borrow::Borrow;
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
    /// Per type, key → token number. Keys come from the input, so this
    /// keeps the standard library's keyed hasher (no crafted collisions).
    by_key: [HashMap<Key, u32>; EntityType::ALL.len()],
    /// Per type, the originals of tokens 1, 2, …: a token is found by
    /// indexing, without hashing.
    originals: [Vec<Sensitive<String>>; EntityType::ALL.len()],
    /// A reused buffer for the key of the value being assigned, so a value
    /// already in the scope costs no allocation.
    key: String,
}

/// A value's key ([`Value::key`]): personal data, never printed.
#[derive(PartialEq, Eq, Hash)]
struct Key(String);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// The token for each value, assigning new ones in order. One call per
    /// request, like the vault's batch assignment.
    pub fn assign_batch(&mut self, values: &[Value<'_>]) -> Vec<Token> {
        // Room for every value up front: growing a map one step at a time
        // re-hashes every key already in it.
        let mut counts = [0usize; EntityType::ALL.len()];
        for v in values {
            counts[v.ty.index()] += 1;
        }
        for (ty, &count) in counts.iter().enumerate() {
            self.by_key[ty].reserve(count);
            self.originals[ty].reserve(count);
        }
        values.iter().map(|v| self.assign(v)).collect()
    }

    /// The token for one value.
    pub fn assign(&mut self, value: &Value<'_>) -> Token {
        let ty = value.ty;
        self.key.clear();
        value.key_into(&mut self.key);
        let by_key = &mut self.by_key[ty.index()];
        if let Some(&n) = by_key.get(self.key.as_str()) {
            return Token { ty, n };
        }
        let originals = &mut self.originals[ty.index()];
        originals.push(Sensitive::new(value.original.to_owned()));
        let n = u32::try_from(originals.len()).unwrap_or(u32::MAX);
        by_key.insert(Key(self.key.clone()), n);
        Token { ty, n }
    }

    /// Number of tokens in the scope.
    pub fn len(&self) -> usize {
        self.originals.iter().map(Vec::len).sum()
    }

    /// True when no token has been assigned.
    pub fn is_empty(&self) -> bool {
        self.originals.iter().all(Vec::is_empty)
    }

    /// All tokens with their originals, sorted by type then number.
    pub fn entries(&self) -> Vec<(Token, &Sensitive<String>)> {
        sorted_types()
            .flat_map(|ty| {
                self.originals[ty.index()]
                    .iter()
                    .zip(1..)
                    .map(move |(original, n)| (Token { ty, n }, original))
            })
            .collect()
    }

    fn get(&self, token: Token) -> Option<&Sensitive<String>> {
        let n = usize::try_from(token.n).ok()?.checked_sub(1)?;
        self.originals[token.ty.index()].get(n)
    }
}

/// Every type, in the order tokens are listed (the type's `Ord`).
fn sorted_types() -> impl Iterator<Item = EntityType> {
    let mut types = EntityType::ALL;
    types.sort();
    types.into_iter()
}

impl Scope {
    /// Every value of the scope as the vault's batch assignment takes it:
    /// provisional token, key and original, sorted by type then number.
    pub fn new_values(&self) -> Vec<NewValue> {
        let mut out = Vec::with_capacity(self.len());
        for ty in sorted_types() {
            let originals = &self.originals[ty.index()];
            // Keys by token number (each number has exactly one key).
            let mut keys: Vec<Option<&Key>> = vec![None; originals.len()];
            for (key, &n) in &self.by_key[ty.index()] {
                let index = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
                if let Some(slot) = index.and_then(|i| keys.get_mut(i)) {
                    *slot = Some(key);
                }
            }
            for ((original, key), n) in originals.iter().zip(keys).zip(1..) {
                out.push(NewValue {
                    provisional: Token { ty, n },
                    key: Sensitive::new(key.map(|k| k.0.clone()).unwrap_or_default()),
                    original: original.clone(),
                });
            }
        }
        out
    }
}

impl TokenLookup for Scope {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.get(token).map(|o| o.expose().as_str())
    }
}
