//! The token map of one scope (a request, or a conversation): which value
//! has which token, and each token's original. The proxy's vault persists
//! the same mapping; this in-memory form serves the CLI, tests and benches.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::detokenize::TokenLookup;
use super::plan::Value;
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;
use crate::vault::NewValue;

/// Tokens and originals of one scope. Same normalized value → same token.
#[derive(Debug, Default)]
pub struct Scope {
    /// (type, key) → token. Keys come from the input, so this keeps the
    /// standard library's keyed hasher (no crafted collisions).
    by_key: HashMap<(EntityType, Sensitive<String>), Token>,
    /// Per type, the values of tokens 1, 2, …: a token is found by
    /// indexing, without hashing.
    values: [Vec<Assigned>; EntityType::ALL.len()],
}

/// One assigned token's value.
#[derive(Debug)]
struct Assigned {
    /// The key it was assigned under, for the vault.
    key: Sensitive<String>,
    /// The text as first written.
    original: Sensitive<String>,
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
        let key = Sensitive::new(value.key());
        match self.by_key.entry((value.ty, key)) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                let assigned = &mut self.values[value.ty.index()];
                let token = Token {
                    ty: value.ty,
                    n: u32::try_from(assigned.len() + 1).unwrap_or(u32::MAX),
                };
                assigned.push(Assigned {
                    key: e.key().1.clone(),
                    original: Sensitive::new(value.original.to_owned()),
                });
                e.insert(token);
                token
            }
        }
    }

    /// Number of tokens in the scope.
    pub fn len(&self) -> usize {
        self.values.iter().map(Vec::len).sum()
    }

    /// True when no token has been assigned.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Vec::is_empty)
    }

    /// All tokens with their originals, sorted by type then number.
    pub fn entries(&self) -> Vec<(Token, &Sensitive<String>)> {
        self.tokens().map(|(t, a)| (t, &a.original)).collect()
    }

    /// Every token and its value, sorted by type then number.
    fn tokens(&self) -> impl Iterator<Item = (Token, &Assigned)> {
        let mut types = EntityType::ALL;
        types.sort();
        types.into_iter().flat_map(move |ty| {
            self.values[ty.index()]
                .iter()
                .zip(1..)
                .map(move |(a, n)| (Token { ty, n }, a))
        })
    }

    fn get(&self, token: Token) -> Option<&Assigned> {
        let n = usize::try_from(token.n).ok()?.checked_sub(1)?;
        self.values[token.ty.index()].get(n)
    }
}

impl Scope {
    /// Every value of the scope as the vault's batch assignment takes it:
    /// provisional token, key and original, sorted by type then number.
    pub fn new_values(&self) -> Vec<NewValue> {
        self.tokens()
            .map(|(token, a)| NewValue {
                provisional: token,
                key: a.key.clone(),
                original: a.original.clone(),
            })
            .collect()
    }
}

impl TokenLookup for Scope {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.get(token).map(|a| a.original.expose().as_str())
    }
}
