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
use scan::{Found, PatternScratch};
pub use scope::Scope;
pub use stream::StreamRedactor;

use crate::entity::Entity;
use crate::policy::{Action, Policy};
use crate::rules::RuleSet;
use crate::token::{self, Token};

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
        scan_from(&self.rules, scratch, text, 0, 0);
        let entities = scratch.found.iter().map(|f| f.entity).collect();
        scratch.shrink_oversized();
        entities
    }

    /// Redacts `text`, assigning tokens in `scope`.
    pub fn redact(
        &self,
        scratch: &mut Scratch,
        text: &str,
        scope: &mut Scope,
    ) -> Result<String, RedactError> {
        scan_from(&self.rules, scratch, text, 0, 0);
        let entities = scratch.found.iter().map(|f| f.entity);
        let mut out = String::new();
        let redacted = scratch
            .plan
            .redact(&self.policy, text, entities, scope, &mut out);
        scratch.shrink_oversized();
        redacted?;
        Ok(out)
    }
}

/// The vectors of planning and rendering one text.
#[derive(Debug, Default)]
struct PlanScratch {
    /// A plan's entities and actions ([`Plan::with_items`]).
    items: Vec<(Entity, Action)>,
    /// A plan's values, always empty here: they borrow the text, so the
    /// vector is [`recycle`]d for each text's lifetime.
    values: Vec<Value<'static>>,
    /// The tokens of a plan's values.
    tokens: Vec<Token>,
}

impl PlanScratch {
    /// Applies `policy` to `entities` (sorted, non-overlapping spans of
    /// `text`), assigns their tokens in `scope` and appends the redacted
    /// text to `out`.
    fn redact(
        &mut self,
        policy: &Policy,
        text: &str,
        entities: impl Iterator<Item = Entity>,
        scope: &mut Scope,
        out: &mut String,
    ) -> Result<(), RedactError> {
        let items = std::mem::take(&mut self.items);
        let plan = Plan::with_items(text, entities, policy, items)?;
        let mut values = recycle(std::mem::take(&mut self.values));
        plan.values_into(&mut values);
        self.tokens.clear();
        scope.assign_batch_into(&values, &mut self.tokens);
        self.values = recycle(values);
        // No output is longer: a token replaces at least one byte. Growing
        // the buffer instead would copy all written so far.
        out.reserve(text.len() + self.tokens.len() * token::MAX_TOKEN_LEN);
        plan.render(&self.tokens, out);
        self.items = plan.into_items();
        Ok(())
    }
}

/// An empty vector of `U` in `v`'s memory: a vector of borrowed values
/// kept across texts of different lifetimes. Emptied, then collected in
/// place (std reuses the allocation when `T` and `U` have the same size
/// and alignment, as two lifetimes of one type do).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().map(|_| unreachable!("emptied")).collect()
}

/// Per-thread scratch space for redacting: the pattern pass's regex caches,
/// and the vectors a scan or redact fills, emptied by the next call but
/// kept with their capacity, so that a warm `Scratch` redacts a short text
/// without allocating them (a 2 KB chat text made about 9 allocations
/// more). Kept apart from the immutable [`RuleSet`] so one rule set serves
/// many threads, each with its own `Scratch`.
#[derive(Debug)]
pub struct Scratch {
    patterns: PatternScratch,
    /// The name pass's.
    names: names::NameScratch,
    /// Token-shaped text of the input.
    literals: Vec<Entity>,
    /// Names found.
    name_entities: Vec<Entity>,
    /// The result of [`scan_from`].
    found: Vec<Found>,
    plan: PlanScratch,
}

/// What a kept vector may hold on to between calls: one huge text must not
/// pin its memory for the rest of a worker's life.
const KEEP_BYTES: usize = 1 << 20;

impl Scratch {
    /// Scratch space sized for `rules`.
    pub fn new(rules: &RuleSet) -> Scratch {
        Scratch {
            patterns: PatternScratch::new(rules),
            names: names::NameScratch::default(),
            literals: Vec::new(),
            name_entities: Vec::new(),
            found: Vec::new(),
            plan: PlanScratch::default(),
        }
    }

    /// Gives back the memory of vectors grown far past what typical calls
    /// need.
    fn shrink_oversized(&mut self) {
        shrink_oversized(&mut self.literals);
        shrink_oversized(&mut self.name_entities);
        shrink_oversized(&mut self.found);
        shrink_oversized(&mut self.plan.items);
        shrink_oversized(&mut self.plan.values);
        shrink_oversized(&mut self.plan.tokens);
        self.names.shrink_oversized();
    }
}

/// Shrinks `v` to [`KEEP_BYTES`] if it holds more (emptied first: its
/// contents are the last call's, never read again).
fn shrink_oversized<T>(v: &mut Vec<T>) {
    let keep = KEEP_BYTES / std::mem::size_of::<T>().max(1);
    if v.capacity() > keep {
        v.clear();
        v.shrink_to(keep);
    }
}

/// Fills `scratch.found` with the entities starting at or after `from`
/// (bytes before it are context; `floor` is the end of the last pattern
/// entity before `from`, or 0).
///
/// Three sources, in precedence order: token-shaped text already in the
/// input (so it round-trips), the pattern pass, then names in what is left.
pub(crate) fn scan_from(
    rules: &RuleSet,
    scratch: &mut Scratch,
    text: &str,
    from: usize,
    floor: usize,
) {
    let Scratch {
        patterns,
        names,
        literals,
        name_entities,
        found,
        ..
    } = scratch;
    literals.clear();
    literals.extend(token::find_lenient(&text[from..]).map(|(r, t)| Entity {
        ty: t.ty,
        start: from + r.start,
        end: from + r.end,
    }));
    // Room for a pattern entity every 256 bytes and a name every 512
    // (chat text has about one in 300 and one in 600): growing a vector
    // from empty copies it again at every doubling.
    let len = text.len() - from;
    found.clear();
    found.reserve(len / 256);
    scan::pattern_entities(rules, patterns, text, from, floor, found);
    if !literals.is_empty() {
        found.retain(|f| !overlaps_any(&f.entity, literals));
        merge_by_start(found, literals);
    }
    name_entities.clear();
    name_entities.reserve(len / 512);
    names::find(rules, names, text, from, found, name_entities);
    merge_by_start(found, name_entities);
}

/// Merges `b` (sorted by start) into `a` (sorted by start), none of whose
/// entities overlap; on equal starts, `a`'s entity first. `b`'s entities
/// are whole matches, not from the pattern pass.
///
/// In place, from the back: each entity of `a` is moved once.
fn merge_by_start(a: &mut Vec<Found>, b: &[Entity]) {
    let Some(&first) = b.first() else {
        return;
    };
    let (mut i, mut j) = (a.len(), b.len());
    a.resize(i + j, whole(first));
    // `a[i + j..]` is merged; `a[..i]` and `b[..j]` are still to place.
    while j > 0 {
        let y = b[j - 1];
        if i > 0 && a[i - 1].entity.start > y.start {
            a[i + j - 1] = a[i - 1];
            i -= 1;
        } else {
            a[i + j - 1] = whole(y);
            j -= 1;
        }
    }
}

/// `entity` as found by a pass that matches no more than the entity.
fn whole(entity: Entity) -> Found {
    Found {
        entity,
        match_start: entity.start,
        is_pattern: false,
    }
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

    #[test]
    fn recycle_keeps_the_allocation() {
        let text = String::from("Priya");
        let mut values: Vec<Value<'_>> = Vec::with_capacity(8);
        values.push(Value {
            ty: EntityType::Name,
            original: &text,
            literal: false,
        });
        let at = values.as_ptr().cast::<u8>();
        let kept: Vec<Value<'static>> = recycle(values);
        assert!(kept.is_empty());
        assert_eq!((kept.as_ptr().cast::<u8>(), kept.capacity()), (at, 8));
    }

    /// After a text with more entities than a kept vector may hold on to,
    /// none holds more than [`KEEP_BYTES`].
    #[test]
    fn a_huge_text_leaves_no_huge_vector_behind() {
        let r = Redactor::new(
            Arc::new(RuleSet::embedded().expect("rules")),
            Policy::default(),
        );
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        let mut scratch = r.scratch();
        let huge = "Priya Sharma a.b@gmail.com {{phone:1}} ".repeat(12_000);
        let redacted = r
            .redact(&mut scratch, &huge, &mut Scope::new())
            .expect("no block");
        assert_eq!(redacted.matches("{{name:1}}").count(), 12_000);
        let kept = [
            bytes(&scratch.literals),
            bytes(&scratch.name_entities),
            bytes(&scratch.found),
            bytes(&scratch.plan.items),
            bytes(&scratch.plan.values),
            bytes(&scratch.plan.tokens),
        ];
        assert!(kept.iter().all(|&b| b <= KEEP_BYTES), "{kept:?}");
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
            let b: Vec<Entity> = b.iter().map(|f| f.entity).collect();
            // Without room for `b` (the vector grows) and with it.
            let mut got = a.clone();
            merge_by_start(&mut got, &b);
            proptest::prop_assert_eq!(key(&got), want.clone());
            let mut roomy = Vec::with_capacity(a.len() + b.len());
            roomy.extend_from_slice(&a);
            merge_by_start(&mut roomy, &b);
            proptest::prop_assert_eq!(key(&roomy), want);
        }
    }
}
