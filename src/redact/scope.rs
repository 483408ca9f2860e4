//! The token map of one scope (a request, or a conversation): which value
//! has which token, and each token's original. The proxy's vault persists
//! the same mapping; this in-memory form serves the CLI, tests and benches.

use std::hash::BuildHasher;

use foldhash::fast::RandomState;
use hashbrown::HashTable;
use smallvec::SmallVec;

use super::detokenize::TokenLookup;
use super::plan::Value;
use crate::entity::EntityType;
use crate::sensitive::Sensitive;
use crate::token::Token;
use crate::vault::NewValue;

/// Tokens and originals of one scope. Same normalized value → same token.
///
/// Every value's key and original are appended, one after the other, to
/// one string shared by all types, its token and the ends of both to one
/// list, and one hash table finds an entry by key: per scope four
/// allocations, and one per type only past [`INLINE_PER_TYPE`] tokens of
/// it (five per type cost a 2 KB chat redact about 7% of its time; one
/// per type still was half of its allocations). Keys come from the input,
/// so the hasher is seeded at random per scope: no crafted collisions.
/// `Debug` prints only counts.
#[derive(Default)]
pub struct Scope {
    hasher: RandomState,
    /// A reused buffer for the key of the value being assigned, so a value
    /// already in the scope costs no allocation.
    key: String,
    /// Entry `i`'s key, then its original: `text[entries[i - 1]
    /// .original_end..entries[i].key_end]` (from 0 for the first) and
    /// `text[entries[i].key_end..entries[i].original_end]`.
    text: String,
    /// In assignment order.
    entries: Vec<Entry>,
    /// Per type, its entries' indices in token order: token `n` of a
    /// type is the entry at `numbered[type][n - 1]`. The first few of a
    /// type are kept inline: a chat request has a few values of each of
    /// several types.
    numbered: [SmallVec<[u32; INLINE_PER_TYPE]>; EntityType::ALL.len()],
    /// Entry indices, hashed by key (the type is compared, not hashed: the
    /// same key in two types is rare).
    by_key: HashTable<u32>,
}

/// Tokens of one type a [`Scope`] keeps without a heap allocation.
const INLINE_PER_TYPE: usize = 4;

/// One value of a scope: its token and where its key and original end.
#[derive(Debug, Clone, Copy)]
struct Entry {
    token: Token,
    key_end: usize,
    original_end: usize,
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the values nor the hasher's seed.
        f.debug_struct("Scope")
            .field("tokens", &self.len())
            .finish_non_exhaustive()
    }
}

/// The key of entry `i` of `entries`, whose keys and originals are
/// appended in `text`.
fn key_of<'a>(text: &'a str, entries: &[Entry], i: usize) -> &'a str {
    let start = i.checked_sub(1).map_or(0, |p| entries[p].original_end);
    &text[start..entries[i].key_end]
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// The token for each value, assigning new ones in order. One call per
    /// request, like the vault's batch assignment.
    pub fn assign_batch(&mut self, values: &[Value<'_>]) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.assign_batch_into(values, &mut tokens);
        tokens
    }

    /// [`Scope::assign_batch`], appending the tokens to `tokens`.
    pub(super) fn assign_batch_into(&mut self, values: &[Value<'_>], tokens: &mut Vec<Token>) {
        // Room for every value up front: growing a table one step at a
        // time re-hashes every key already in it.
        let bytes: usize = values.iter().map(|v| v.original.len()).sum();
        let mut counts = [0usize; EntityType::ALL.len()];
        for v in values {
            counts[v.ty.index()] += 1;
        }
        for (numbered, &count) in self.numbered.iter_mut().zip(&counts) {
            numbered.reserve(count);
        }
        let Scope {
            hasher,
            text,
            entries,
            by_key,
            ..
        } = self;
        by_key.reserve(values.len(), |&i| {
            hasher.hash_one(key_of(text, entries, i as usize))
        });
        entries.reserve(values.len());
        // Keys are about as long as the originals (normalized).
        text.reserve(2 * bytes);
        // A key is its original normalized, or a literal's prefix (16
        // bytes covers it) and the original: the key buffer then never
        // grows one doubling at a time.
        let longest = values.iter().map(|v| v.original.len()).max().unwrap_or(0);
        self.key.reserve(longest + 16);
        tokens.reserve(values.len());
        tokens.extend(values.iter().map(|v| self.assign(v)));
    }

    /// The token for one value.
    pub fn assign(&mut self, value: &Value<'_>) -> Token {
        let ty = value.ty;
        self.key.clear();
        value.key_into(&mut self.key);
        let Scope {
            hasher,
            key,
            text,
            entries,
            numbered,
            by_key,
        } = self;
        let hash = hasher.hash_one(key.as_str());
        let same = |&i: &u32| {
            let i = i as usize;
            entries[i].token.ty == ty && key_of(text, entries, i) == key.as_str()
        };
        if let Some(&i) = by_key.find(hash, same) {
            return entries[i as usize].token;
        }
        let numbered = &mut numbered[ty.index()];
        let i = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        numbered.push(i);
        let n = u32::try_from(numbered.len()).unwrap_or(u32::MAX);
        let token = Token { ty, n };
        text.push_str(key);
        let key_end = text.len();
        text.push_str(value.original);
        entries.push(Entry {
            token,
            key_end,
            original_end: text.len(),
        });
        by_key.insert_unique(hash, i, |&j| {
            hasher.hash_one(key_of(text, entries, j as usize))
        });
        token
    }

    /// Number of tokens in the scope.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no token has been assigned.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All tokens with their originals, sorted by type then number.
    pub fn entries(&self) -> Vec<(Token, Sensitive<&str>)> {
        self.sorted()
            .map(|i| {
                let original = self.original(i);
                (self.entries[i].token, Sensitive::new(original))
            })
            .collect()
    }

    /// Entry indices sorted by token: by type, then by number.
    fn sorted(&self) -> impl Iterator<Item = usize> + '_ {
        let mut types = EntityType::ALL;
        types.sort();
        types
            .into_iter()
            .flat_map(|ty| self.numbered[ty.index()].iter().map(|&i| i as usize))
    }

    /// The key of entry `i`.
    fn key(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |p| self.entries[p].original_end);
        &self.text[start..self.entries[i].key_end]
    }

    /// The original of entry `i`.
    fn original(&self, i: usize) -> &str {
        let entry = &self.entries[i];
        &self.text[entry.key_end..entry.original_end]
    }

    fn get(&self, token: Token) -> Option<&str> {
        let n = usize::try_from(token.n).ok()?.checked_sub(1)?;
        let &i = self.numbered[token.ty.index()].get(n)?;
        Some(self.original(i as usize))
    }
}

impl Scope {
    /// Every value of the scope as the vault's batch assignment takes it:
    /// provisional token, key and original, sorted by type then number.
    pub fn new_values(&self) -> Vec<NewValue> {
        self.sorted()
            .map(|i| NewValue {
                provisional: self.entries[i].token,
                key: Sensitive::new(self.key(i).to_owned()),
                original: Sensitive::new(self.original(i).to_owned()),
            })
            .collect()
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
    fn types_are_numbered_apart_and_listed_in_type_order() {
        let mut scope = Scope::new();
        // Interleaved types, and one string that is a value of two types.
        let values = [
            value(EntityType::Phone, "9876543210"),
            value(EntityType::Name, "Priya"),
            value(EntityType::OrderId, "9876543210"),
            value(EntityType::Phone, "9123456780"),
            value(EntityType::Name, "Ravi"),
        ];
        let tokens = scope.assign_batch(&values);
        let numbers: Vec<(EntityType, u32)> = tokens.iter().map(|t| (t.ty, t.n)).collect();
        assert_eq!(
            numbers,
            [
                (EntityType::Phone, 1),
                (EntityType::Name, 1),
                (EntityType::OrderId, 1),
                (EntityType::Phone, 2),
                (EntityType::Name, 2),
            ]
        );
        let mut want: Vec<(Token, &str)> = tokens
            .iter()
            .zip(&values)
            .map(|(t, v)| (*t, v.original))
            .collect();
        want.sort_by_key(|(t, _)| (t.ty, t.n));
        let listed: Vec<(Token, &str)> = scope
            .entries()
            .into_iter()
            .map(|(t, o)| (t, *o.expose()))
            .collect();
        assert_eq!(listed, want);
        let unknown = [
            Token {
                ty: EntityType::Phone,
                n: 3,
            },
            Token {
                ty: EntityType::Phone,
                n: 0,
            },
            Token {
                ty: EntityType::Email,
                n: 1,
            },
        ];
        for token in unknown {
            assert_eq!(scope.lookup(token), None, "{token:?}");
        }
    }

    /// Past the tokens a type keeps inline, numbering, lookup and the
    /// sorted listing go on as before.
    #[test]
    fn many_tokens_per_type_keep_their_numbers_and_originals() {
        let mut scope = Scope::new();
        let types = [EntityType::Name, EntityType::Phone, EntityType::Email];
        let originals: Vec<String> = (0..3 * (INLINE_PER_TYPE + 6))
            .map(|i| format!("value-{i}"))
            .collect();
        let values: Vec<Value<'_>> = originals
            .iter()
            .enumerate()
            .map(|(i, o)| value(types[i % 3], o))
            .collect();
        let tokens = scope.assign_batch(&values);
        for (i, (token, v)) in tokens.iter().zip(&values).enumerate() {
            assert_eq!(token.ty, v.ty);
            assert_eq!(token.n as usize, i / 3 + 1);
            assert_eq!(scope.lookup(*token), Some(v.original));
        }
        // Assigned again, in reverse and in a later batch: the same tokens.
        let mut reversed = values.clone();
        reversed.reverse();
        let again = scope.assign_batch(&reversed);
        assert!(again.iter().rev().eq(tokens.iter()));
        let listed: Vec<(Token, String)> = scope
            .entries()
            .into_iter()
            .map(|(t, o)| (t, (*o.expose()).to_owned()))
            .collect();
        let mut want: Vec<(Token, String)> = tokens
            .iter()
            .zip(&originals)
            .map(|(t, o)| (*t, o.clone()))
            .collect();
        want.sort_by_key(|(t, _)| (t.ty, t.n));
        assert_eq!(listed, want);
        assert_eq!(scope.len(), values.len());
    }

    #[test]
    fn debug_prints_neither_values_nor_the_seed() {
        let mut scope = Scope::new();
        scope.assign(&value(EntityType::Name, "Priya"));
        let printed = format!("{scope:?}");
        assert_eq!(printed, "Scope { tokens: 1, .. }");
    }
}
