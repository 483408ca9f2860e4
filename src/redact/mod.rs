//! The redaction engine: scan → plan (policy) → assign tokens → render, and
//! the reverse direction, streaming detokenization.
//!
//! Pure and synchronous. The proxy calls [`Redactor::scan`], makes one
//! batched vault call for [`Plan::values`], then [`Plan::render`]s; the CLI
//! and tests use [`Redactor::redact`] with an in-memory [`Scope`].

mod address;
pub mod detokenize;
mod names;
mod phrases;
mod plan;
mod scan;
mod scope;
mod stream;
mod words;

use std::sync::Arc;

pub use detokenize::{Detokenizer, Escape, TokenLookup, detokenize};
pub use plan::{Plan, RedactError, Value, mask};
use scan::Found;
pub use scan::Scratch;
pub use scope::Scope;
pub use stream::StreamRedactor;

use crate::entity::Entity;
use crate::policy::Policy;
use crate::rules::RuleSet;
use crate::token;

/// A compiled rule set plus a policy: everything needed to redact.
/// Cheap to clone and share across threads; per-thread state lives in
/// [`Scratch`].
#[derive(Debug, Clone)]
pub struct Redactor {
    rules: Arc<RuleSet>,
    policy: Policy,
}

impl Redactor {
    /// A redactor over `rules` applying `policy`.
    pub fn new(rules: Arc<RuleSet>, policy: Policy) -> Redactor {
        Redactor { rules, policy }
    }

    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Fresh scratch space for this redactor's rules.
    pub fn scratch(&self) -> Scratch {
        Scratch::new(&self.rules)
    }

    /// Every entity in `text`, sorted and non-overlapping.
    pub fn scan(&self, scratch: &mut Scratch, text: &str) -> Vec<Entity> {
        scan_from(&self.rules, scratch, text, 0, 0)
            .into_iter()
            .map(|f| f.entity)
            .collect()
    }

    /// Redacts `text`, assigning tokens in `scope`.
    pub fn redact(
        &self,
        scratch: &mut Scratch,
        text: &str,
        scope: &mut Scope,
    ) -> Result<String, RedactError> {
        let entities = self.scan(scratch, text);
        let plan = Plan::new(text, &entities, &self.policy)?;
        let tokens = scope.assign_batch(&plan.values());
        // No output is longer: a token replaces at least one byte. Growing
        // the buffer instead would copy all written so far.
        let mut out = String::with_capacity(text.len() + tokens.len() * token::MAX_TOKEN_LEN);
        plan.render(&tokens, &mut out);
        Ok(out)
    }
}

/// Entities starting at or after `from` (bytes before it are context;
/// `floor` is the end of the last pattern entity before `from`, or 0).
///
/// Three sources, in precedence order: token-shaped text already in the
/// input (so it round-trips), the pattern pass, then names in what is left.
pub(crate) fn scan_from(
    rules: &RuleSet,
    scratch: &mut Scratch,
    text: &str,
    from: usize,
    floor: usize,
) -> Vec<Found> {
    let whole = |entity: Entity| Found {
        entity,
        match_start: entity.start,
        is_pattern: false,
    };
    let literals: Vec<Entity> = token::find_lenient(&text[from..])
        .map(|(r, t)| Entity {
            ty: t.ty,
            start: from + r.start,
            end: from + r.end,
        })
        .collect();
    // Room for a pattern entity every 256 bytes and a name every 512
    // (chat text has about one in 300 and one in 600): growing a vector
    // from empty copies it again at every doubling.
    let len = text.len() - from;
    let mut found = Vec::with_capacity(len / 256);
    scan::pattern_entities(rules, scratch, text, from, floor, &mut found);
    if !literals.is_empty() {
        found.retain(|f| !overlaps_any(&f.entity, &literals));
        found = merge_by_start(found, literals.iter().copied().map(whole).collect());
    }
    let mut names = Vec::with_capacity(len / 512);
    names::find(rules, text, from, &found, &mut names);
    if !names.is_empty() {
        found = merge_by_start(found, names.into_iter().map(whole).collect());
    }
    found
}

/// Two lists sorted by start, whose entities do not overlap, as one (on
/// equal starts, `a`'s entity first).
///
/// Where `a` has room for `b`, merged in place from the back: each entity
/// is moved once. Otherwise into a new vector, front to back: growing `a`
/// would copy it all first.
fn merge_by_start(mut a: Vec<Found>, b: Vec<Found>) -> Vec<Found> {
    let Some(&filler) = b.first() else {
        return a;
    };
    if a.capacity() - a.len() < b.len() {
        return merge_into_new(&a, &b);
    }
    let (mut i, mut j) = (a.len(), b.len());
    a.resize(i + j, filler);
    // `a[i + j..]` is merged; `a[..i]` and `b[..j]` are still to place.
    while j > 0 {
        let y = b[j - 1];
        if i > 0 && a[i - 1].entity.start > y.entity.start {
            a[i + j - 1] = a[i - 1];
            i -= 1;
        } else {
            a[i + j - 1] = y;
            j -= 1;
        }
    }
    a
}

/// [`merge_by_start`] into a new vector of exactly the room needed.
fn merge_into_new(a: &[Found], b: &[Found]) -> Vec<Found> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].entity.start <= b[j].entity.start {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

fn overlaps_any(e: &Entity, sorted: &[Entity]) -> bool {
    let i = sorted.partition_point(|s| s.end <= e.start);
    sorted.get(i).is_some_and(|s| s.start < e.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType;

    /// The merge as it was: a new vector, filled front to back.
    fn reference_merge(a: Vec<Found>, b: Vec<Found>) -> Vec<Found> {
        let mut out = Vec::with_capacity(a.len() + b.len());
        let mut a = a.into_iter().peekable();
        let mut b = b.into_iter().peekable();
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            let next = if x.entity.start <= y.entity.start {
                a.next()
            } else {
                b.next()
            };
            out.extend(next);
        }
        out.extend(a);
        out.extend(b);
        out
    }

    /// Found entities at `starts` (sorted), told apart by `is_pattern`.
    fn founds(starts: &[usize], is_pattern: bool) -> Vec<Found> {
        starts
            .iter()
            .map(|&start| Found {
                entity: Entity {
                    ty: EntityType::Name,
                    start,
                    end: start + 1,
                },
                match_start: start,
                is_pattern,
            })
            .collect()
    }

    fn key(f: &[Found]) -> Vec<(usize, bool)> {
        f.iter().map(|f| (f.entity.start, f.is_pattern)).collect()
    }

    proptest::proptest! {
        #[test]
        fn merge_by_start_matches_the_reference(
            mut a in proptest::collection::vec(0usize..40, 0..12),
            mut b in proptest::collection::vec(0usize..40, 0..12),
        ) {
            a.sort_unstable();
            b.sort_unstable();
            let (a, b) = (founds(&a, true), founds(&b, false));
            let want = key(&reference_merge(a.clone(), b.clone()));
            // Without room for `b` (a new vector) and with it (in place).
            let got = merge_by_start(a.clone(), b.clone());
            proptest::prop_assert_eq!(key(&got), want.clone());
            let mut roomy = Vec::with_capacity(a.len() + b.len());
            roomy.extend_from_slice(&a);
            let got = merge_by_start(roomy, b);
            proptest::prop_assert_eq!(key(&got), want);
        }
    }
}
