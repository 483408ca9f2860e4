//! The regex pass: one leftmost-first search over all patterns, then per
//! candidate the checks a DFA cannot do cheaply (validators, context words,
//! word boundaries next to non-ASCII text, digit-run isolation).

use std::ops::Range;

use regex_automata::meta::Cache;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, PatternSet};

use super::address;
use crate::entity::Entity;
use crate::rules::{CompiledRule, Expand, MAX_PATTERN_MATCH_LEN, RuleSet, WordMatcher};

/// Per-thread scratch space for scanning: regex caches and capture slots,
/// one set per search group. Kept apart from the immutable [`RuleSet`] so
/// one rule set serves many threads, each with its own `Scratch`.
#[derive(Debug)]
pub struct Scratch {
    groups: Vec<GroupScratch>,
}

#[derive(Debug)]
struct GroupScratch {
    search: Cache,
    overlap: Cache,
    caps: Captures,
    patset: PatternSet,
}

impl Scratch {
    /// Scratch space sized for `rules`.
    pub fn new(rules: &RuleSet) -> Scratch {
        Scratch {
            groups: rules
                .groups
                .iter()
                .map(|g| GroupScratch {
                    search: g.search.create_cache(),
                    overlap: g.overlap.create_cache(),
                    caps: g.search.create_captures(),
                    patset: PatternSet::new(g.search.pattern_len()),
                })
                .collect(),
        }
    }
}

/// An entity and where the text it depends on starts: the start of the
/// whole match, which is before the entity when a rule captures an id after
/// its context word (`order #OD123`). A stream must not cut in between.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    /// The entity.
    pub entity: Entity,
    /// Start of the match the entity came from (`<= entity.start`).
    pub match_start: usize,
    /// True for pattern entities: only they bound how far a later address
    /// may grow back (the "floor").
    pub is_pattern: bool,
}

/// A group's leftmost match at or after the current position.
#[derive(Debug, Clone, Copy)]
enum Next {
    /// Not searched since the position moved past its last match.
    Stale,
    /// The match: rule index (priority order) and range.
    Match(usize, usize, usize),
    /// No match at or after the position where it was last searched, so
    /// none after any later position either.
    Done,
}

/// Finds pattern entities in `text` that start at or after `from`. Bytes
/// before `from` are context only (word boundaries, context words). Results
/// are sorted and do not overlap.
///
/// `floor` (`<= from`) is the end of the last pattern entity before `from`,
/// or 0: an address never grows back over it.
///
/// Each search group yields its leftmost-first match; the earliest start
/// wins, and at equal starts the rule of higher priority (lower index), so
/// the result is that of one leftmost-first search over every pattern.
pub fn pattern_entities(
    rules: &RuleSet,
    scratch: &mut Scratch,
    text: &str,
    from: usize,
    floor: usize,
    out: &mut Vec<Found>,
) {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut floor = floor;
    let mut next = vec![Next::Stale; rules.groups.len()];
    while pos < text.len() {
        for (g, slot) in next.iter_mut().enumerate() {
            let stale = match *slot {
                Next::Stale => true,
                Next::Match(_, start, _) => start < pos,
                Next::Done => false,
            };
            if stale {
                *slot = search_group(rules, &mut scratch.groups[g], g, text, pos);
            }
        }
        let best = next
            .iter()
            .filter_map(|n| match *n {
                Next::Match(rule, start, end) => Some((start, rule, end)),
                _ => None,
            })
            .min();
        let Some((start, rule, end)) = best else {
            break;
        };
        // A match that starts inside a word is refused whatever the rule
        // (see `word_boundary_ok`), and so is every other match that starts
        // before the word ends: skip them without looking. (On `@` text the
        // e-mail pattern otherwise offers every suffix of a local part.)
        if starts_in_word(bytes, start) {
            pos = skip_in_word(bytes, start);
            continue;
        }
        let found = accept(rules, scratch, text, rule, start..end, floor)
            .or_else(|| fallback(rules, scratch, text, start, rule, floor));
        match found {
            Some((entity, resume)) => {
                out.push(Found {
                    entity,
                    match_start: start.min(entity.start),
                    is_pattern: true,
                });
                floor = entity.end;
                pos = resume.max(entity.end);
            }
            None => pos = skip_in_word(bytes, next_char(text, start)),
        }
    }
}

/// Whether a match starting at `i` starts inside a word (after a word byte,
/// on a word byte): [`word_boundary_ok`] refuses it.
fn starts_in_word(bytes: &[u8], i: usize) -> bool {
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    i > 0 && word(i) && word(i - 1)
}

/// The first position at or after `i` where a match does not start inside
/// a word.
fn skip_in_word(bytes: &[u8], mut i: usize) -> usize {
    while starts_in_word(bytes, i) {
        i += 1;
    }
    i
}

/// Group `g`'s leftmost-first match starting at or after `pos`.
fn search_group(
    rules: &RuleSet,
    scratch: &mut GroupScratch,
    g: usize,
    text: &str,
    pos: usize,
) -> Next {
    let group = &rules.groups[g];
    if let Some(lit) = &group.literal
        && memchr::memmem::find(&text.as_bytes()[pos..], lit).is_none()
    {
        return Next::Done;
    }
    let input = Input::new(text).range(pos..);
    match group.search.search_with(&mut scratch.search, &input) {
        Some(m) => Next::Match(group.rules[m.pattern().as_usize()], m.start(), m.end()),
        None => Next::Done,
    }
}

/// Other patterns that match at `start`, tried in priority order when the
/// preferred one failed its checks (a 12-digit number that fails Verhoeff
/// may still be a bank account or a phone).
fn fallback(
    rules: &RuleSet,
    scratch: &mut Scratch,
    text: &str,
    start: usize,
    failed: usize,
    floor: usize,
) -> Option<(Entity, usize)> {
    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
    let bytes = text.as_bytes();
    let failed_rule = &rules.rules[failed];
    // Bytes a match starting here can cover.
    let reach = &bytes[start..(start + MAX_PATTERN_MATCH_LEN).min(bytes.len())];
    let mut candidates: Vec<usize> = Vec::new();
    for (g, (group, gs)) in rules
        .groups
        .iter()
        .zip(scratch.groups.iter_mut())
        .enumerate()
    {
        // Cheap answers to "can another pattern of this group match here?"
        // (most failed candidates have no second one): its first byte, and
        // the group's literal within reach.
        let mut possible = group.first_bytes[usize::from(bytes[start])];
        if failed_rule.group == g {
            possible &= !(1u64 << failed_rule.local.as_usize().min(63));
        }
        if possible == 0
            || group
                .literal
                .as_ref()
                .is_some_and(|lit| memchr::memmem::find(reach, lit).is_none())
        {
            continue;
        }
        gs.patset.clear();
        group
            .overlap
            .which_overlapping_matches_with(&mut gs.overlap, &input, &mut gs.patset);
        candidates.extend(gs.patset.iter().map(|p| group.rules[p.as_usize()]));
    }
    candidates.retain(|&r| r != failed);
    candidates.sort_unstable();
    for rule in candidates {
        let r = &rules.rules[rule];
        let input = Input::new(text)
            .range(start..)
            .anchored(Anchored::Pattern(r.local));
        let gs = &mut scratch.groups[r.group];
        if let Some(m) = rules.groups[r.group]
            .search
            .search_with(&mut gs.search, &input)
            && let Some(found) = accept(rules, scratch, text, rule, m.range(), floor)
        {
            return Some(found);
        }
    }
    None
}

/// Runs a rule's checks on one match. Returns the entity and where the
/// search resumes (the end of the whole match, context included).
fn accept(
    rules: &RuleSet,
    scratch: &mut Scratch,
    text: &str,
    rule: usize,
    full: Range<usize>,
    floor: usize,
) -> Option<(Entity, usize)> {
    let rule = &rules.rules[rule];
    let bytes = text.as_bytes();
    if !word_boundary_ok(bytes, &full) {
        return None;
    }
    let span = match rule.capture {
        None => full.clone(),
        Some(group) => {
            let input = Input::new(text)
                .range(full.clone())
                .anchored(Anchored::Pattern(rule.local));
            let gs = &mut scratch.groups[rule.group];
            rules.groups[rule.group].search.search_captures_with(
                &mut gs.search,
                &input,
                &mut gs.caps,
            );
            gs.caps.get_group(group)?.range()
        }
    };
    if span.is_empty() || !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return None;
    }
    if rule.isolated && !isolated(bytes, &span) {
        return None;
    }
    // Validators before context words: both must pass, and a checksum or
    // length check is far cheaper than the word search around the match.
    let value = &text[span.clone()];
    if !rule.validators.iter().all(|v| v.check(value)) {
        return None;
    }
    if !context_ok(rule, text, &span) {
        return None;
    }
    let span = match rule.expand {
        None => span,
        Some(Expand::Address) => address::expand(rules, text, span, floor)?,
    };
    Some((
        Entity {
            ty: rule.ty,
            start: span.start,
            end: span.end,
        },
        full.end,
    ))
}

/// A match that starts or ends with a word character must not continue a
/// word. Patterns use ASCII `\b` for speed; this catches the cases where the
/// pattern starts with a non-boundary (e.g. `(?i:ref)` inside `prefer`).
fn word_boundary_ok(bytes: &[u8], span: &Range<usize>) -> bool {
    let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    let starts_in_word = span.start > 0 && word(span.start) && word(span.start - 1);
    let ends_in_word = span.end > 0 && word(span.end - 1) && word(span.end);
    !starts_in_word && !ends_in_word
}

/// Rejects a grouped number that continues past the match in the same
/// grouping: `4111 1111 1111` followed by ` 1111` is the start of a card,
/// not an Aadhaar, and `1.2.3.4` followed by `.5` is not an IP. A different
/// continuation (`4111 1111 1111 1111 12/27`, `98765 43210 12`) is another
/// piece of text and does not count. Plain digit runs rely on `\b`.
fn isolated(bytes: &[u8], span: &Range<usize>) -> bool {
    let is_digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let m = &bytes[span.clone()];
    if (span.start > 0 && is_digit(span.start) && is_digit(span.start - 1))
        || (is_digit(span.end) && span.end > 0 && is_digit(span.end - 1))
    {
        return false;
    }
    let inner = m
        .iter()
        .skip_while(|b| !b.is_ascii_digit())
        .find(|b| matches!(b, b' ' | b'-' | b'.' | b'/'))
        .copied();
    let Some(sep) = inner else { return true };
    let first_group = m
        .iter()
        .skip_while(|b| !b.is_ascii_digit())
        .take_while(|b| b.is_ascii_digit())
        .count();
    let last_group = m.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let continues = |neighbour_group: usize, own_group: usize| {
        neighbour_group > 0 && (sep == b'.' || neighbour_group == own_group)
    };
    if bytes.get(span.end) == Some(&sep) {
        let next = bytes[span.end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if continues(next, last_group) {
            return false;
        }
    }
    if span.start > 0 && bytes[span.start - 1] == sep {
        let prev = bytes[..span.start - 1]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if continues(prev, first_group) {
            return false;
        }
    }
    true
}

fn context_ok(rule: &CompiledRule, text: &str, span: &Range<usize>) -> bool {
    if rule.context.is_none() && rule.anti_context.is_none() {
        return true;
    }
    let mut lo = span.start.saturating_sub(rule.context_window);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = &text[lo..span.start];
    let after = if rule.context_after {
        let mut hi = (span.end + rule.context_window).min(text.len());
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        &text[span.end..hi]
    } else {
        ""
    };
    let has_cue = |c: &WordMatcher| c.found_in(before) || c.found_in(after);
    // Anti-context only looks back: it vetoes what introduces the candidate.
    rule.context.as_ref().is_none_or(has_cue)
        && rule
            .anti_context
            .as_ref()
            .is_none_or(|c| !c.found_in(before))
}

/// The next char boundary after `i`.
pub(crate) fn next_char(text: &str, i: usize) -> usize {
    let mut j = i + 1;
    while j < text.len() && !text.is_char_boundary(j) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isolation_sees_neighbouring_digit_groups() {
        let t = b"4111 1111 1111 1111";
        assert!(!isolated(t, &(0..14)));
        assert!(!isolated(t, &(5..19)));
        assert!(isolated(t, &(0..19)));
        assert!(isolated(b"call 98765 43210 now", &(5..16)));
        assert!(isolated(b"4111 1111 1111 1111 203.0.113.45", &(0..19)));
        assert!(isolated(b"4111 1111 1111 1111 12/27", &(0..19)));
        assert!(!isolated(b"1.2.3.4.5", &(0..7)));
        assert!(!isolated(b"98765 43210 98765 43211", &(12..23)));
    }

    /// The fallback skips a group when no pattern's first-byte set holds
    /// the byte at the start; that is only sound if the sets are supersets.
    #[test]
    fn first_byte_sets_hold_every_pattern_that_matches() {
        let rules = RuleSet::embedded().expect("rules");
        let mut scratch = Scratch::new(&rules);
        let mut checked = 0;
        for ex in &rules.examples {
            let text = ex.text.as_str();
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                for (group, gs) in rules.groups.iter().zip(scratch.groups.iter_mut()) {
                    gs.patset.clear();
                    group.overlap.which_overlapping_matches_with(
                        &mut gs.overlap,
                        &input,
                        &mut gs.patset,
                    );
                    for p in gs.patset.iter() {
                        let bits = group.first_bytes[usize::from(text.as_bytes()[start])];
                        assert!(bits & (1 << p.as_usize()) != 0, "{text:?} at {start}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} matches checked");
    }

    #[test]
    fn boundary_rejects_matches_inside_words() {
        assert!(!word_boundary_ok(b"prefer 12345", &(3..12)));
        assert!(word_boundary_ok(b"ref 12345", &(0..9)));
        assert!(word_boundary_ok("₹500".as_bytes(), &(0..6)));
    }
}
