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
        let mut out = String::with_capacity(text.len());
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
    let mut found = Vec::new();
    scan::pattern_entities(rules, scratch, text, from, floor, &mut found);
    if !literals.is_empty() {
        found.retain(|f| !overlaps_any(&f.entity, &literals));
        found = merge_by_start(found, literals.iter().copied().map(whole).collect());
    }
    let mut names = Vec::new();
    names::find(rules, text, from, &found, &mut names);
    if !names.is_empty() {
        found = merge_by_start(found, names.into_iter().map(whole).collect());
    }
    found
}

/// Two lists sorted by start, whose entities do not overlap, as one.
fn merge_by_start(a: Vec<Found>, b: Vec<Found>) -> Vec<Found> {
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

fn overlaps_any(e: &Entity, sorted: &[Entity]) -> bool {
    let i = sorted.partition_point(|s| s.end <= e.start);
    sorted.get(i).is_some_and(|s| s.start < e.end)
}
