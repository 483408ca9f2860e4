//! The token map of one scope (a request, or a conversation): which value
//! has which token, and each token's original. The proxy's vault persists
//! the same mapping; this in-memory form serves the CLI, tests and benches.

use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use hashbrown::HashTable;

use super::detokenize::TokenLookup;
use super::plan::Value;
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;
use crate::vault::NewValue;

/// Tokens and originals of one scope. Same normalized value → same token.
///
/// Per type, the keys and the originals are appended to two strings (one
/// allocation each, not one per value), and a hash table of token numbers
/// finds a key's token. Keys come from the input, so the hasher is seeded
/// at random per scope: no crafted collisions. `Debug` prints only counts.
#[derive(Default)]
pub struct Scope {
    types: [Tokens; EntityType::ALL.len()],
    hasher: RandomState,
    /// A reused buffer for the key of the value being assigned, so a value
    /// already in the scope costs no allocation.
    key: String,
}

/// The tokens of one type: token `n`'s key is `keys[key_ends[n - 2]..
/// key_ends[n - 1]]` (from 0 for `n = 1`), its original likewise.
#[derive(Default)]
struct Tokens {
    keys: String,
    key_ends: Vec<usize>,
    originals: String,
    original_ends: Vec<usize>,
    /// Token numbers, hashed by their key.
    index: HashTable<u32>,
}

impl Tokens {
    fn len(&self) -> usize {
        self.key_ends.len()
    }

    /// The `i`-th (0-based) of `all`, whose ends are `ends`.
    fn part<'a>(all: &'a str, ends: &[usize], i: usize) -> Option<&'a str> {
        let end = *ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |p| ends[p]);
        all.get(start..end)
    }

    fn key(&self, i: usize) -> &str {
        Tokens::part(&self.keys, &self.key_ends, i).unwrap_or_default()
    }

    fn original(&self, i: usize) -> Option<&str> {
        Tokens::part(&self.originals, &self.original_ends, i)
    }
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the values nor the hasher's seed.
        f.debug_struct("Scope")
            .field("tokens", &self.len())
            .finish_non_exhaustive()
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
        // Room for every value up front: growing a table one step at a
        // time re-hashes every key already in it.
        let mut counts = [0usize; EntityType::ALL.len()];
        let mut bytes = [0usize; EntityType::ALL.len()];
        for v in values {
            counts[v.ty.index()] += 1;
            bytes[v.ty.index()] += v.original.len();
        }
        for (ty, tokens) in self.types.iter_mut().enumerate() {
            let hasher = &self.hasher;
            let (keys, key_ends) = (&tokens.keys, &tokens.key_ends);
            tokens.index.reserve(counts[ty], |&n| {
                hasher.hash_one(Tokens::part(keys, key_ends, n as usize - 1).unwrap_or_default())
            });
            tokens.key_ends.reserve(counts[ty]);
            tokens.original_ends.reserve(counts[ty]);
            tokens.originals.reserve(bytes[ty]);
            // Keys are about as long as the originals (normalized).
            tokens.keys.reserve(bytes[ty]);
        }
        values.iter().map(|v| self.assign(v)).collect()
    }

    /// The token for one value.
    pub fn assign(&mut self, value: &Value<'_>) -> Token {
        let ty = value.ty;
        self.key.clear();
        value.key_into(&mut self.key);
        let hasher = &self.hasher;
        let tokens = &mut self.types[ty.index()];
        let key = self.key.as_str();
        let hash = hasher.hash_one(key);
        if let Some(&n) = tokens
            .index
            .find(hash, |&n| tokens.key(n as usize - 1) == key)
        {
            return Token { ty, n };
        }
        tokens.keys.push_str(key);
        tokens.key_ends.push(tokens.keys.len());
        tokens.originals.push_str(value.original);
        tokens.original_ends.push(tokens.originals.len());
        let n = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
        let (keys, key_ends) = (&tokens.keys, &tokens.key_ends);
        tokens.index.insert_unique(hash, n, |&m| {
            hasher.hash_one(Tokens::part(keys, key_ends, m as usize - 1).unwrap_or_default())
        });
        Token { ty, n }
    }

    /// Number of tokens in the scope.
    pub fn len(&self) -> usize {
        self.types.iter().map(Tokens::len).sum()
    }

    /// True when no token has been assigned.
    pub fn is_empty(&self) -> bool {
        self.types.iter().all(|t| t.len() == 0)
    }

    /// All tokens with their originals, sorted by type then number.
    pub fn entries(&self) -> Vec<(Token, Sensitive<&str>)> {
        sorted_types()
            .flat_map(|ty| {
                let tokens = &self.types[ty.index()];
                (0..tokens.len()).zip(1..).map(move |(i, n)| {
                    let original = tokens.original(i).unwrap_or_default();
                    (Token { ty, n }, Sensitive::new(original))
                })
            })
            .collect()
    }

    fn get(&self, token: Token) -> Option<&str> {
        let i = usize::try_from(token.n).ok()?.checked_sub(1)?;
        self.types[token.ty.index()].original(i)
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
            let tokens = &self.types[ty.index()];
            for (i, n) in (0..tokens.len()).zip(1..) {
                out.push(NewValue {
                    provisional: Token { ty, n },
                    key: Sensitive::new(tokens.key(i).to_owned()),
                    original: Sensitive::new(tokens.original(i).unwrap_or_default().to_owned()),
                });
            }
        }
        out
    }
}

impl TokenLookup for Scope {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.get(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(ty: EntityType, original: &str) -> Value<'_> {
        Value {
            ty,
            original,
            literal: false,
        }
    }

    #[test]
    fn same_key_same_token_and_originals_kept_per_type() {
        let mut scope = Scope::new();
        let values = [
            value(EntityType::Name, "Priya"),
            value(EntityType::Name, "Ravi"),
            value(EntityType::Name, "Priya"),
            value(EntityType::Email, "a@b.in"),
        ];
        let tokens = scope.assign_batch(&values);
        assert_eq!(tokens[0], tokens[2]);
        assert_ne!(tokens[0], tokens[1]);
        assert_eq!(tokens[3].n, 1);
        assert_eq!(scope.len(), 3);
        for (token, v) in tokens.iter().zip(&values) {
            assert_eq!(scope.lookup(*token), Some(v.original));
        }
        let many: Vec<Value<'_>> = (0..500)
            .map(|i| value(EntityType::Name, ["Priya", "Bo", "Cy"][i % 3]))
            .collect();
        let again = scope.assign_batch(&many);
        assert_eq!(scope.len(), 5);
        assert_eq!(again[0], tokens[0]);
        assert_eq!((again[1].n, again[2].n, again[4].n), (3, 4, 3));
        let news = scope.new_values();
        assert_eq!(news.len(), 5);
        let entries = scope.entries();
        assert_eq!(entries.len(), 5);
        for (nv, (token, original)) in news.iter().zip(&entries) {
            assert_eq!(nv.provisional, *token);
            assert_eq!(nv.original.expose(), original.expose());
            assert_eq!(scope.lookup(*token), Some(*original.expose()));
        }
    }

    #[test]
    fn debug_prints_neither_values_nor_the_seed() {
        let mut scope = Scope::new();
        scope.assign(&value(EntityType::Name, "Priya"));
        let printed = format!("{scope:?}");
        assert_eq!(printed, "Scope { tokens: 1, .. }");
    }
}
