//! The regex pass: one leftmost-first search over all patterns, then per
//! candidate the checks a DFA cannot do cheaply (validators, context words,
//! word boundaries next to non-ASCII text, digit-run isolation).

use std::ops::Range;

use regex_automata::hybrid;
use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, HalfMatch, Input, Match, PatternID, PatternSet};

use super::address;
use crate::entity::Entity;
use crate::rules::{
    Anchor, CompiledRule, DigitRuns, Expand, LazySearch, MAX_PATTERN_MATCH_LEN, RuleSet,
    SearchGroup, ShortSearch, WordMatcher,
};

/// The pattern pass's part of a [`super::Scratch`]: regex caches and
/// capture slots, one set per search group.
#[derive(Debug)]
pub struct PatternScratch {
    groups: Vec<GroupScratch>,
    /// Per rule with a capture: the cache and slots of its own regex.
    captures: Vec<Option<(Cache, Captures)>>,
    /// Per group, its next match during a scan; kept here so a scan does
    /// not allocate it (the proxy scans many short strings per request).
    next: Vec<Next>,
    /// The fallback's candidate rules, kept for the same reason.
    candidates: Vec<usize>,
}

#[derive(Debug)]
struct GroupScratch {
    /// Digit clusters of the text being scanned (groups with a digit
    /// window); reset per scan.
    clusters: Clusters,
    search: Caches,
    /// The caches of the group's [`ShortSearch`], if it has one.
    short: Option<Caches>,
    overlap: Cache,
    patset: PatternSet,
    /// Where the group's next search starts at the earliest: past an
    /// anchor byte whose matches all are refused ([`dead_anchor`]); reset
    /// per scan.
    resume: usize,
    /// The cache of the group's [`crate::rules::Tails`] search, if it has one.
    tails: Option<Cache>,
}

/// The caches of a leftmost-first search: its meta regex's and its lazy
/// DFAs' ([`LazySearch`]).
#[derive(Debug)]
struct Caches {
    meta: Cache,
    lazy: Option<hybrid::regex::Cache>,
}

impl Caches {
    fn new(meta: &Regex, lazy: &LazySearch) -> Caches {
        Caches {
            meta: meta.create_cache(),
            lazy: lazy.0.as_ref().map(hybrid::regex::Regex::create_cache),
        }
    }
}

/// The leftmost-first match of `meta` in `input`, found by its lazy DFAs
/// where they answer (see [`LazySearch`]), else by `meta` itself: the same
/// match either way.
fn leftmost(
    meta: &Regex,
    lazy: &LazySearch,
    caches: &mut Caches,
    input: &Input<'_>,
) -> Option<Match> {
    if let (Some(re), Some(cache)) = (&lazy.0, caches.lazy.as_mut())
        && let Some(found) = lazy_leftmost(re, cache, input)
    {
        return found;
    }
    meta.search_with(&mut caches.meta, input)
}

/// The leftmost-first match of `re` in `input`, or `None` where the lazy
/// DFAs give up: [`lazy_end`], then [`lazy_start`].
fn lazy_leftmost(
    re: &hybrid::regex::Regex,
    cache: &mut hybrid::regex::Cache,
    input: &Input<'_>,
) -> Option<Option<Match>> {
    match lazy_end(re, cache, input)? {
        Some(end) => lazy_start(re, cache, input, end).map(Some),
        None => Some(None),
    }
}

/// Where the leftmost-first match of `re` in `input` ends, and its
/// pattern, by the forward lazy DFA alone; `None` where it gives up.
fn lazy_end(
    re: &hybrid::regex::Regex,
    cache: &mut hybrid::regex::Cache,
    input: &Input<'_>,
) -> Option<Option<HalfMatch>> {
    re.forward()
        .try_search_fwd(cache.as_parts_mut().0, input)
        .ok()
}

/// The leftmost-first match of `re` in `input` that ends at `end` (from
/// [`lazy_end`]), or `None` where the lazy DFA gives up. As
/// `hybrid::regex::Regex::try_search`: an anchored search needs no reverse
/// search for the start; but the reverse search of an unanchored one
/// follows the forward match's pattern only: it then tracks one pattern's
/// states, not every pattern's, and stops where that pattern can go back
/// no further. The start is the same: no match of any pattern starts
/// before the forward match's, which its own pattern matches.
fn lazy_start(
    re: &hybrid::regex::Regex,
    cache: &mut hybrid::regex::Cache,
    input: &Input<'_>,
    end: HalfMatch,
) -> Option<Match> {
    if input.get_anchored().is_anchored() {
        return Some(Match::new(end.pattern(), input.start()..end.offset()));
    }
    let back = input
        .clone()
        .span(input.start()..end.offset())
        .anchored(Anchored::Pattern(end.pattern()))
        .earliest(false);
    let start = re
        .reverse()
        .try_search_rev(cache.as_parts_mut().1, &back)
        .ok()??;
    Some(Match::new(end.pattern(), start.offset()..end.offset()))
}

impl PatternScratch {
    /// Scratch space sized for `rules`.
    pub fn new(rules: &RuleSet) -> PatternScratch {
        PatternScratch {
            groups: rules
                .groups
                .iter()
                .map(|g| GroupScratch {
                    clusters: Clusters::default(),
                    search: Caches::new(&g.search, &g.lazy),
                    short: g.short.as_ref().map(|s| Caches::new(&s.search, &s.lazy)),
                    overlap: g.overlap.create_cache(),
                    patset: PatternSet::new(g.search.pattern_len()),
                    resume: 0,
                    tails: g.tails.as_ref().map(|t| t.search.create_cache()),
                })
                .collect(),
            captures: rules
                .rules
                .iter()
                .map(|r| {
                    r.capture_regex
                        .as_ref()
                        .map(|re| (re.create_cache(), re.create_captures()))
                })
                .collect(),
            next: Vec::with_capacity(rules.groups.len()),
            candidates: Vec::new(),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
// Out of line: inlined into the caller, its searches changed the code of
// the caller's name pass (capitalized text +0.9% instructions).
#[inline(never)]
pub fn pattern_entities(
    rules: &RuleSet,
    scratch: &mut PatternScratch,
    text: &str,
    from: usize,
    floor: usize,
    out: &mut Vec<Found>,
) {
    let bytes = text.as_bytes();
    let mut pos = from;
    let mut floor = floor;
    let mut next = std::mem::take(&mut scratch.next);
    next.clear();
    next.resize(rules.groups.len(), Next::Stale);
    for gs in &mut scratch.groups {
        gs.clusters = Clusters::default();
        gs.resume = 0;
    }
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
            .or_else(|| fallback(rules, scratch, text, start, rule, floor, &next));
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
            None => {
                pos = skip_in_word(bytes, next_char(text, start));
                let g = rules.rules[rule].group;
                if let Some(past) =
                    dead_anchor(rules, &mut scratch.groups[g], g, text, start..end, pos)
                {
                    scratch.groups[g].resume = past;
                }
            }
        }
    }
    scratch.next = next;
}

/// Just past the anchor byte of group `g`'s refused `refused` match, if
/// every match of the group that holds that byte is refused too, and one
/// may still start at or after `next` (the scan's next position): the
/// group's searches can then start past it. (On `@` text every start in a
/// local part, after each `.` or `_`, otherwise finds the same refused
/// domain again.) See [`crate::rules::Tails`]: each pattern's match with
/// this byte, from any start, ends with the tail found right after it.
fn dead_anchor(
    rules: &RuleSet,
    scratch: &mut GroupScratch,
    g: usize,
    text: &str,
    refused: Range<usize>,
    next: usize,
) -> Option<usize> {
    let group = &rules.groups[g];
    let (tails, cache) = (group.tails.as_ref()?, scratch.tails.as_mut()?);
    let bytes = text.as_bytes();
    let at = refused.start + memchr::memchr(tails.byte, &bytes[refused.clone()])?;
    if next > at {
        return None;
    }
    for &rule in &group.rules {
        let rule = &rules.rules[rule];
        let input = Input::new(text)
            .range(at + 1..)
            .anchored(Anchored::Pattern(rule.local));
        if let Some(m) = tails.search.search_with(cache, &input)
            && !refuses_tail(rule, text, m.range())
        {
            return None;
        }
    }
    Some(at + 1)
}

/// Whether `rule` refuses every match that ends with `tail`, the text
/// after its anchor byte, whatever comes before (see [`dead_anchor`]): it
/// would end inside a word, or a validator refuses that tail.
fn refuses_tail(rule: &CompiledRule, text: &str, tail: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    if tail.end > 0 && word(tail.end - 1) && word(tail.end) {
        return true;
    }
    // A match that ends off a char boundary is refused too.
    text.get(tail)
        .is_none_or(|t| rule.validators.iter().any(|v| v.refuses_suffix(t)))
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
    let pos = pos.max(scratch.resume);
    // (A group with a window finds its literal's first byte itself.)
    if group.window.is_none()
        && let Some(lit) = &group.literal
        && lit.find(&text.as_bytes()[pos..]).is_none()
    {
        return Next::Done;
    }
    let Some(window) = group.window else {
        let input = Input::new(text).range(pos..);
        return match leftmost(&group.search, &group.lazy, &mut scratch.search, &input) {
            Some(m) => Next::Match(group.rules[m.pattern().as_usize()], m.start(), m.end()),
            None => Next::Done,
        };
    };
    // Every match this group can accept holds an anchor byte (a digit, or
    // the `@` of an e-mail address), so only text around them is searched:
    // a cluster of anchors (no more than `reach.gap` bytes apart, so no
    // match holds anchors of two clusters) gives the window of starts
    // [first - before, last], and the search ends `after` bytes past its
    // last anchor. What this skips are matches with no anchor within
    // reach, which are refused anyway; a match that reaches past the end
    // of the search has no anchor there either, so cutting it short
    // changes nothing that could be accepted.
    let (anchor, reach) = (window.anchor, window.reach);
    let bytes = text.as_bytes();
    let mut from = pos;
    // Clusters are joined further than `gap` when their windows would
    // overlap anyway: one search then covers both.
    let join = reach.gap.max(reach.before + reach.after);
    while let Some((first, last)) = scratch.clusters.at(bytes, from, anchor, join) {
        from = last + 1;
        let Some((first, last)) = viable_span(group, bytes, first, last) else {
            continue;
        };
        let start = pos.max(first.saturating_sub(reach.before));
        let start = head_start(group, bytes, start, first);
        let end = (last + 1 + reach.after).min(bytes.len());
        if let Some(found) = search_window(rules, group, scratch, text, start..end, last) {
            return found;
        }
    }
    Next::Done
}

/// The first and last anchor bytes from `first` to `last` (a cluster) that
/// a match of `group` can hold, judged by the bytes next to them (see
/// [`crate::rules::Tails`]); `None` if there is none. Every match holds
/// one anchor byte, the first after its start, so the matches that hold
/// one of the cluster's hold one of these: they start no earlier than
/// `before` bytes ahead of the first, no later than the last, and end no
/// later than `after` bytes past it. The search of the narrower window
/// finds what the cluster's finds. (On text with many a stray `@` a
/// whole cluster is often skipped.)
fn viable_span(
    group: &SearchGroup,
    bytes: &[u8],
    first: usize,
    last: usize,
) -> Option<(usize, usize)> {
    let Some((tails, near)) = group
        .tails
        .as_ref()
        .and_then(|t| Some((t, t.neighbours.as_ref()?)))
    else {
        return Some((first, last));
    };
    let viable = |i: usize| {
        i.checked_sub(1)
            .is_some_and(|p| near.before.contains(bytes[p]))
            && bytes.get(i + 1).is_some_and(|&b| near.after.contains(b))
    };
    // Most clusters hold one anchor byte, or start and end with ones a
    // match can hold: ask those before setting up a byte search.
    let lo = if viable(first) {
        first
    } else {
        first
            + memchr::memchr_iter(tails.byte, &bytes[first..=last]).find(|&i| viable(first + i))?
    };
    let hi = if last == lo || viable(last) {
        last
    } else {
        lo + memchr::memrchr_iter(tails.byte, &bytes[lo..=last]).find(|&i| viable(lo + i))?
    };
    Some((lo, hi))
}

/// Where a match of `group` that holds an anchor byte at or after `first`
/// (from [`viable_span`]) can start at the earliest, given `start`: past
/// the last byte before `first` that no head holds (see
/// [`crate::rules::Neighbours`]). A match holds the first anchor byte after its
/// start, and the one at `first` is no head byte, so one that holds a
/// later anchor starts after `first`. (The window of starts reaches as far
/// back as the longest local part; most are short, after a space.)
fn head_start(group: &SearchGroup, bytes: &[u8], start: usize, first: usize) -> usize {
    let Some(near) = group.tails.as_ref().and_then(|t| t.neighbours.as_ref()) else {
        return start;
    };
    bytes[start..first]
        .iter()
        .rposition(|&b| !near.head.contains(b))
        .map_or(start, |i| start + i + 1)
}

/// The group's leftmost-first match in `window` that starts at or before
/// `last`, if any, but not one a digit-run rule would refuse for its
/// digits (see [`ShortSearch`]): after such a match the window is searched
/// on without the digit-run rules up to the next long digit run. Where
/// the whole group stopped at every short digit group, to refuse it and
/// search again, this takes one search to the next other candidate. Most
/// such matches are refused from the digits around their end (see
/// [`short_run_before`]), without the reverse search for their start.
fn search_window(
    rules: &RuleSet,
    group: &SearchGroup,
    scratch: &mut GroupScratch,
    text: &str,
    window: Range<usize>,
    last: usize,
) -> Option<Next> {
    let input = Input::new(text).range(window.clone());
    let Some(short) = group.short.as_ref().filter(|_| scratch.short.is_some()) else {
        return leftmost(&group.search, &group.lazy, &mut scratch.search, &input)
            .filter(|m| m.start() <= last)
            .map(|m| group_match(group, m));
    };
    let bytes = text.as_bytes();
    let digit_run = |p: PatternID| rules.rules[group.rules[p.as_usize()]].digit_run;
    let m = match lazy_group_end(group, &mut scratch.search, &input) {
        Some(None) => return None,
        Some(Some(end)) => {
            if digit_run(end.pattern())
                && let Some(from) = short_run_before(bytes, window.start, end.offset(), &short.runs)
            {
                // The match starts at or after `from`: none if that is
                // past `last`.
                if from > last {
                    return None;
                }
                return past_refused(group, scratch, text, from, window, last);
            }
            lazy_group_start(group, &mut scratch.search, &input, end)
        }
        None => None,
    };
    let m = m
        .or_else(|| group.search.search_with(&mut scratch.search.meta, &input))
        .filter(|m| m.start() <= last)?;
    if !digit_run(m.pattern()) || long_run_from(bytes, m.start(), &short.runs) {
        return Some(group_match(group, m));
    }
    past_refused(group, scratch, text, m.start(), window, last)
}

/// [`lazy_end`] of the group's search, if it has lazy DFAs.
fn lazy_group_end(
    group: &SearchGroup,
    caches: &mut Caches,
    input: &Input<'_>,
) -> Option<Option<HalfMatch>> {
    lazy_end(group.lazy.0.as_ref()?, caches.lazy.as_mut()?, input)
}

/// [`lazy_start`] of the group's search, if it has lazy DFAs.
fn lazy_group_start(
    group: &SearchGroup,
    caches: &mut Caches,
    input: &Input<'_>,
    end: HalfMatch,
) -> Option<Match> {
    lazy_start(group.lazy.0.as_ref()?, caches.lazy.as_mut()?, input, end)
}

/// Where the search of [`search_window`] goes on after a digit-run match
/// refused for its digits, given `from`: the match's start, or any
/// position at or after the window's start and at or before it from
/// which no digit up to the match's start begins a long run (see
/// [`short_run_before`]).
///
/// Any digit-run match before the next long run is refused too; no
/// pattern matches before the refused match, and the patterns of the
/// other rules that match at its start come after it in priority. So the
/// window is searched on without the digit-run rules, and with them again
/// from the next long run if no other match comes first. A `from` before
/// the match's start changes nothing: no match of the short search starts
/// before it either, and no digit in between starts a long run.
fn past_refused(
    group: &SearchGroup,
    scratch: &mut GroupScratch,
    text: &str,
    from: usize,
    window: Range<usize>,
    last: usize,
) -> Option<Next> {
    let (short, cache) = (group.short.as_ref()?, scratch.short.as_mut()?);
    let bytes = text.as_bytes();
    let input = Input::new(text).range(from..window.end);
    let other = leftmost(&short.search, &short.lazy, cache, &input);
    let bound = other.map_or(last, |o| o.start().min(last));
    let long_at = next_long_run(bytes, from, bound, &short.runs).unwrap_or(usize::MAX);
    if let Some(o) = other
        && o.start() < long_at
    {
        return (o.start() <= last).then(|| short_match(short, o));
    }
    if long_at > last {
        return None;
    }
    let input = Input::new(text).range(long_at..window.end);
    leftmost(&group.search, &group.lazy, &mut scratch.search, &input)
        .filter(|m| m.start() <= last)
        .map(|m| group_match(group, m))
}

/// For a digit-run match that ends at `end` and starts at or after
/// `start`: a position at or before its start, and at or after `start`,
/// from which the digits up to its start all begin runs too short for a
/// digit-run rule (see [`DigitRuns`]), if the digits around `end` show
/// it; `None` when they do not (the match may be long enough), and its
/// start must be found. This replaces the reverse search for the start
/// of most refused matches.
///
/// Why it holds: such a match is digits and separators only, one run,
/// first and last byte a digit (see [`crate::rules::ShortSearch`]). So
/// its last digit is `end - 1`, and its start is one of the digits of
/// that run from the first at or after `start` on, which the walk back
/// reaches. The digits a run holds from a digit on only fall along the
/// run, so if that first one does not begin a long run (its digits up to
/// `end`, and the run's after it, are too few), no later one does.
fn short_run_before(bytes: &[u8], start: usize, end: usize, runs: &DigitRuns) -> Option<usize> {
    let last = end
        .checked_sub(1)
        .filter(|&last| last >= start && bytes[last].is_ascii_digit())?;
    let budget = runs.min_digits.checked_sub(1)?;
    let (before, back) = walk_run(bytes[start..last].iter().rev(), runs, budget);
    let (after, _) = walk_run(bytes[end..].iter(), runs, budget - before);
    (before + after < budget).then_some(last - back)
}

/// Walks a digit run on from one of its digits, over `bytes` (those
/// next to it, in either direction): the digits it holds there, counted
/// up to `budget`, and how many bytes the last of them is from the start
/// digit.
fn walk_run<'a>(
    bytes: impl Iterator<Item = &'a u8>,
    runs: &DigitRuns,
    budget: usize,
) -> (usize, usize) {
    let (mut digits, mut far, mut between) = (0, 0, 0);
    for (i, &b) in bytes.enumerate() {
        if digits >= budget {
            break;
        }
        if b.is_ascii_digit() {
            (digits, far, between) = (digits + 1, i + 1, 0);
        } else if between < runs.gap && runs.between.contains(b) {
            between += 1;
        } else {
            break;
        }
    }
    (digits, far)
}

/// `m`, a match of `group`'s search, as the rule it matched.
fn group_match(group: &SearchGroup, m: Match) -> Next {
    Next::Match(group.rules[m.pattern().as_usize()], m.start(), m.end())
}

/// `m`, a match of `short`'s search, as the rule it matched.
fn short_match(short: &ShortSearch, m: Match) -> Next {
    Next::Match(short.rules[m.pattern().as_usize()], m.start(), m.end())
}

/// Whether the digit run (see [`DigitRuns`]) from the digit at `at` holds
/// at least `runs.min_digits` digits from `at` on: a digit-run match that
/// starts at `at` may be long enough.
fn long_run_from(bytes: &[u8], at: usize, runs: &DigitRuns) -> bool {
    run_end(bytes, at, runs).1 >= runs.min_digits
}

/// The first digit at or after `from`, and no later than `limit`, of a run
/// that holds at least `runs.min_digits` digits from there on.
///
/// A run's first digit holds the most digits from there on, so only first
/// digits are tried, and each run is walked once, a byte at a time: a
/// digit joins it after at most `runs.gap` bytes of `runs.between`, as
/// [`run_end`] joins them, but without its search for each next digit
/// (on the adversarial text's short digit groups that search cost more
/// than the walk: this is ~37,600 runs per redact).
fn next_long_run(bytes: &[u8], from: usize, limit: usize, runs: &DigitRuns) -> Option<usize> {
    // Only up to `limit`: the first digit after it may be far away.
    let upto = &bytes[..limit.saturating_add(1).min(bytes.len())];
    let mut at = from;
    loop {
        let first = next_digit(upto, at)?;
        let (mut count, mut between) = (1, 0);
        let mut i = first + 1;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_digit() {
                count += 1;
                if count >= runs.min_digits {
                    return Some(first);
                }
                between = 0;
            } else if between < runs.gap && runs.between.contains(b) {
                between += 1;
            } else {
                break;
            }
            i += 1;
        }
        if count >= runs.min_digits {
            return Some(first);
        }
        // Bytes `first..i` are of this run, which is too short.
        at = i;
    }
}

/// The last digit of the run from the digit at `first`, and its digits
/// from `first` on, counted up to `runs.min_digits`.
fn run_end(bytes: &[u8], first: usize, runs: &DigitRuns) -> (usize, usize) {
    let mut last = first;
    let mut count = 1;
    loop {
        while count < runs.min_digits && bytes.get(last + 1).is_some_and(u8::is_ascii_digit) {
            last += 1;
            count += 1;
        }
        if count >= runs.min_digits {
            return (last, count);
        }
        // Only as far as a digit of the same run can be.
        let near = &bytes[..(last + 2 + runs.gap).min(bytes.len())];
        match next_digit(near, last + 1) {
            Some(d) if runs.join(&bytes[last + 1..d]) => {
                last = d;
                count += 1;
            }
            _ => return (last, count),
        }
    }
}

/// Steps (anchor to anchor) after which [`Clusters::at`] takes a cluster
/// for dense text and extends it by `gap` bytes a step.
const DENSE_STEPS: usize = 8;

/// Most bytes of a run of anchors [`Clusters::at`] walks in one step
/// before it takes a cluster for dense text.
const RUN_STEP: usize = 64;

/// Clusters of anchor bytes (no more than `gap` bytes apart), found once
/// each and kept while the scan moves through them.
#[derive(Debug, Default)]
struct Clusters {
    /// The last cluster found: first and last anchor.
    current: Option<(usize, usize)>,
    /// The first anchor after it, if any (known once `current` is set).
    after: Option<usize>,
}

impl Clusters {
    /// The cluster of the first anchor at or after `from`: its first
    /// anchor at or after `from`, and its last anchor. Asked with one
    /// anchor kind during a scan.
    fn at(
        &mut self,
        bytes: &[u8],
        from: usize,
        anchor: Anchor,
        gap: usize,
    ) -> Option<(usize, usize)> {
        // One copy of the loops per kind: the test runs on every byte of a
        // digit run.
        match anchor {
            Anchor::Digit => self.at_with(bytes, from, gap, u8::is_ascii_digit, next_digit),
            Anchor::Byte(x) => self.at_with(
                bytes,
                from,
                gap,
                |&b| b == x,
                |bytes, from| memchr::memchr(x, bytes.get(from..)?).map(|i| from + i),
            ),
        }
    }

    /// [`Clusters::at`] for the anchor bytes `is` finds, of which `next`
    /// finds the first at or after a position.
    fn at_with(
        &mut self,
        bytes: &[u8],
        from: usize,
        gap: usize,
        is: impl Fn(&u8) -> bool,
        next: impl Fn(&[u8], usize) -> Option<usize>,
    ) -> Option<(usize, usize)> {
        if let Some((first, last)) = self.current
            && from <= last
        {
            let first = if from <= first {
                first
            } else {
                next(bytes, from)?
            };
            return Some((first, last));
        }
        let first = match (self.current, self.after) {
            (Some(_), Some(d)) if d >= from => d,
            // `from` is past the last cluster, and no anchor follows it.
            (Some(_), None) => return None,
            _ => next(bytes, from)?,
        };
        let mut last = first;
        for step in 0.. {
            if step < DENSE_STEPS {
                // A run of anchors, a step's worth of it.
                let stop = (last + 1 + RUN_STEP).min(bytes.len());
                while last + 1 < stop && is(&bytes[last + 1]) {
                    last += 1;
                }
            }
            // Anchors up to `gap` bytes after `last` join the cluster.
            let limit = (last + 2 + gap).min(bytes.len());
            if step < DENSE_STEPS {
                match next(bytes, last + 1) {
                    Some(d) if d < limit => last = d,
                    d => {
                        self.after = d;
                        break;
                    }
                }
                continue;
            }
            // A long cluster: so is every anchor between `last` and the
            // next one within `gap`, so jump to the furthest (one step per
            // `gap` bytes rather than per anchor; a step that found the
            // next anchor only would cost as much).
            let Some(near) = next(&bytes[..limit], last + 1) else {
                self.after = next(bytes, limit);
                break;
            };
            last = (near..limit).rev().find(|&k| is(&bytes[k])).unwrap_or(near);
        }
        self.current = Some((first, last));
        self.current = Some((first, last));
        Some((first, last))
    }
}

/// The first ASCII digit at or after `from`.
///
/// Sixteen bytes at a time (eight where SSE2 is not at hand): the scanner
/// runs this over all the text.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let end = bytes.len();
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    while let Some(block) = bytes
        .get(i..i + 16)
        .and_then(|c| <&[u8; 16]>::try_from(c).ok())
    {
        let digits = sse2::digits(block);
        if digits != 0 {
            return Some(i + digits.trailing_zeros() as usize);
        }
        i += 16;
    }
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        // High bit of each byte set iff it is in '0'..='9' (no carry
        // crosses a byte: seven bits plus at most 0x50).
        let seven = x & !HIGH;
        let ge_0 = seven + (0x80 - u64::from(b'0')) * LOW;
        let gt_9 = seven + (0x7f - u64::from(b'9')) * LOW;
        let digits = ge_0 & !gt_9 & !x & HIGH;
        if digits != 0 {
            return Some(i + digits.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    (i.min(end)..end).find(|&k| bytes[k].is_ascii_digit())
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };

    /// Bit `k` is set iff `block[k]` is an ASCII digit.
    #[inline]
    pub(super) fn digits(block: &[u8; 16]) -> u32 {
        // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics
        // are always available; `block` is 16 readable bytes, exactly what
        // the unaligned load reads.
        let mask = unsafe {
            let x = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
            // Signed compares: bytes of 0x80 and up are negative, below
            // `'0'`, as non-ASCII should be.
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(x, _mm_set1_epi8((b'0' - 1) as i8)),
                _mm_cmpgt_epi8(_mm_set1_epi8((b'9' + 1) as i8), x),
            );
            _mm_movemask_epi8(digit)
        };
        // movemask gives 16 bits in the low half of an i32.
        u32::from(mask as u16)
    }
}

/// Other patterns that match at `start`, tried in priority order when the
/// preferred one failed its checks (a 12-digit number that fails Verhoeff
/// may still be a bank account or a phone). `next` are the groups' current
/// matches, of which `failed` at `start` was the first.
fn fallback(
    rules: &RuleSet,
    scratch: &mut PatternScratch,
    text: &str,
    start: usize,
    failed: usize,
    floor: usize,
    next: &[Next],
) -> Option<(Entity, usize)> {
    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
    let bytes = text.as_bytes();
    let failed_rule = &rules.rules[failed];
    // Bytes a match starting here can cover.
    let reach = &bytes[start..(start + MAX_PATTERN_MATCH_LEN).min(bytes.len())];
    let mut candidates = std::mem::take(&mut scratch.candidates);
    candidates.clear();
    for (g, (group, gs)) in rules
        .groups
        .iter()
        .zip(scratch.groups.iter_mut())
        .enumerate()
    {
        // Cheap answers to "can another pattern of this group match here?"
        // (most failed candidates have no second one). In the failed rule's
        // group, leftmost-first preferred it over every pattern before it,
        // so only later ones can; another group can only if its own next
        // match starts here; and a pattern's first byte and the group's
        // literal must be within reach.
        let mut possible = group.first_bytes[usize::from(bytes[start])];
        if failed_rule.group == g {
            let local = failed_rule.local.as_usize();
            possible &= if group.rules.len() <= 64 {
                u64::MAX
                    .checked_shl(u32::try_from(local + 1).unwrap_or(64))
                    .unwrap_or(0)
            } else {
                !(1u64 << local.min(63))
            };
        } else if !matches!(next[g], Next::Match(_, s, _) if s == start) {
            continue;
        }
        // With one bit per pattern, also drop those whose match cannot
        // hold the digits the rule needs (see `may_hold_enough_digits`):
        // after a PIN that is no address, `749819.344` is no bank account.
        if group.rules.len() <= 64 {
            let mut bits = possible;
            while bits != 0 {
                let local = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if !may_hold_enough_digits(&rules.rules[group.rules[local]], bytes, start) {
                    possible &= !(1 << local);
                }
            }
        }
        if possible == 0
            || group
                .literal
                .as_ref()
                .is_some_and(|lit| lit.find(reach).is_none())
        {
            continue;
        }
        // One or two possible patterns are tried directly (the anchored
        // search below fails within a few bytes where one does not match):
        // cheaper than asking the overlapping search which match.
        if group.rules.len() <= 64 && possible.count_ones() <= 2 {
            let mut bits = possible;
            while bits != 0 {
                candidates.push(group.rules[bits.trailing_zeros() as usize]);
                bits &= bits - 1;
            }
            continue;
        }
        gs.patset.clear();
        group
            .overlap
            .which_overlapping_matches_with(&mut gs.overlap, &input, &mut gs.patset);
        candidates.extend(
            gs.patset
                .iter()
                .filter(|p| group.rules.len() > 64 || possible & (1 << p.as_usize()) != 0)
                .map(|p| group.rules[p.as_usize()]),
        );
    }
    candidates.retain(|&r| r != failed);
    candidates.sort_unstable();
    let mut found = None;
    for &rule in &candidates {
        let r = &rules.rules[rule];
        let input = Input::new(text)
            .range(start..)
            .anchored(Anchored::Pattern(r.local));
        let group = &rules.groups[r.group];
        if let Some(m) = leftmost(
            &group.search,
            &group.lazy,
            &mut scratch.groups[r.group].search,
            &input,
        ) {
            found = accept(rules, scratch, text, rule, m.range(), floor);
            if found.is_some() {
                break;
            }
        }
    }
    scratch.candidates = candidates;
    found
}

/// Whether a match of `rule` starting at `start` can hold as many digits
/// as the rule needs ([`CompiledRule::min_match_digits`]), and no more
/// leading digits than it can ([`CompiledRule::lead_digits`]). Every byte
/// of such a match is a digit or one of the pattern's other bytes, and it
/// is no longer than the pattern's longest match: the digits of that
/// stretch bound its digits. A look at a few bytes, where finding the match takes
/// an overlapping and an anchored search that [`accept`] then refuses.
fn may_hold_enough_digits(rule: &CompiledRule, bytes: &[u8], start: usize) -> bool {
    // A match holds another byte after at most `lead` digits: none starts
    // here if more digits do (`560038` is no IP address).
    if let Some(lead) = rule.lead_digits
        && bytes[start..].iter().take(lead + 1).all(u8::is_ascii_digit)
    {
        return false;
    }
    let need = rule.min_match_digits;
    if need == 0 {
        return true;
    }
    let end = start.saturating_add(rule.max_len).min(bytes.len());
    let mut n = 0;
    for &b in &bytes[start.min(end)..end] {
        if b.is_ascii_digit() {
            n += 1;
            if n >= need {
                return true;
            }
        } else if !rule.other_bytes.contains(b) {
            break;
        }
    }
    false
}

/// Runs a rule's checks on one match. Returns the entity and where the
/// search resumes (the end of the whole match, context included).
fn accept(
    rules: &RuleSet,
    scratch: &mut PatternScratch,
    text: &str,
    rule: usize,
    full: Range<usize>,
    floor: usize,
) -> Option<(Entity, usize)> {
    let rule_index = rule;
    let rule = &rules.rules[rule];
    let bytes = text.as_bytes();
    if !word_boundary_ok(bytes, &full) {
        return None;
    }
    // A rule that accepts only text with a digit refuses a match without
    // one whatever it captures (the capture is part of the match), and one
    // whose validators need more digits than the match holds refuses it
    // before the capture search (`account 12345` for a bank account).
    if rule.min_digits > 0 && count_digits(&bytes[full.clone()], rule.min_digits) < rule.min_digits
    {
        return None;
    }
    let tail_start = rule
        .capture_tail
        .as_ref()
        .and_then(|t| t.value_start(bytes, &full));
    let span = match (tail_start, rule.capture, &rule.capture_regex) {
        (Some(start), Some(_), _) => start..full.end,
        (None, Some(group), Some(re)) => {
            let input = Input::new(text).range(full.clone()).anchored(Anchored::Yes);
            let (cache, caps) = scratch.captures[rule_index].as_mut()?;
            re.search_captures_with(cache, &input, caps);
            caps.get_group(group)?.range()
        }
        _ => full.clone(),
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

/// The ASCII digits in `bytes`, counted up to `enough`.
fn count_digits(bytes: &[u8], enough: usize) -> usize {
    let mut n = 0;
    for b in bytes {
        n += usize::from(b.is_ascii_digit());
        if n == enough {
            break;
        }
    }
    n
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
    use regex_automata::PatternID;

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
        let mut scratch = PatternScratch::new(&rules);
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

    /// The fallback only tries patterns after the preferred one: at any
    /// start, leftmost-first prefers the first pattern that matches there.
    #[test]
    fn the_preferred_pattern_is_the_first_that_matches_there() {
        let rules = RuleSet::embedded().expect("rules");
        let mut scratch = PatternScratch::new(&rules);
        let mut checked = 0;
        for ex in &rules.examples {
            let text = ex.text.as_str();
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                for (group, gs) in rules.groups.iter().zip(scratch.groups.iter_mut()) {
                    let Some(m) = group
                        .search
                        .search_with(&mut gs.search.meta, &Input::new(text).range(start..))
                    else {
                        continue;
                    };
                    let at = Input::new(text).range(m.start()..).anchored(Anchored::Yes);
                    gs.patset.clear();
                    group.overlap.which_overlapping_matches_with(
                        &mut gs.overlap,
                        &at,
                        &mut gs.patset,
                    );
                    assert_eq!(
                        gs.patset.iter().next(),
                        Some(m.pattern()),
                        "{text:?} at {start}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} searches checked");
    }

    /// The fallback drops a candidate rule when the text at the start
    /// cannot hold the digits it needs, or starts with more digits than
    /// its matches can; that is only sound if every match the rule's
    /// pattern finds there that holds enough digits is kept.
    #[test]
    fn digit_pruning_keeps_every_match_with_enough_digits() {
        let rules = RuleSet::embedded().expect("rules");
        let mut scratch = PatternScratch::new(&rules);
        let mut texts: Vec<String> = rules.examples.iter().map(|e| e.text.clone()).collect();
        texts.push("749819.344.8-162-04024 account 12 345-678 90, 1234 5678 9012".into());
        texts.push("560038 1.2.3.4 2001:db8::1 10.0.0.12:8080 1234:5:: 12345:: 9:9".into());
        let (mut kept, mut pruned) = (0, 0);
        for text in &texts {
            let bytes = text.as_bytes();
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                for (i, rule) in rules.rules.iter().enumerate() {
                    let input = Input::new(text)
                        .range(start..)
                        .anchored(Anchored::Pattern(rule.local));
                    let gs = &mut scratch.groups[rule.group];
                    let Some(m) = rules.groups[rule.group]
                        .search
                        .search_with(&mut gs.search.meta, &input)
                    else {
                        continue;
                    };
                    let digits = count_digits(&bytes[m.range()], usize::MAX);
                    if may_hold_enough_digits(rule, bytes, start) {
                        kept += 1;
                    } else {
                        assert!(
                            digits < rules.rules[i].min_match_digits,
                            "{}: {text:?} at {start}",
                            rule.id
                        );
                        pruned += 1;
                    }
                }
            }
        }
        assert!(kept > 100 && pruned > 10, "kept {kept}, pruned {pruned}");
    }

    proptest::proptest! {
        #[test]
        fn next_digit_agrees_with_a_byte_loop(
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::prelude::Just(b'0'),
                    proptest::prelude::Just(b'9'),
                    proptest::prelude::Just(b'/'),
                    proptest::prelude::Just(b':'),
                    proptest::prelude::Just(b'a'),
                    proptest::prelude::Just(b'a'),
                ],
                0..80,
            ),
            from in 0usize..90,
        ) {
            let naive = (from..text.len()).find(|&k| text[k].is_ascii_digit());
            proptest::prop_assert_eq!(next_digit(&text, from), naive);
        }
    }

    #[test]
    fn next_digit_finds_the_first_digit() {
        let text = b"abc\xe2\x82\xb9 def 7 ghijklmnopq 42 /:9";
        for from in 0..=text.len() + 1 {
            let naive = (from..text.len()).find(|&k| text[k].is_ascii_digit());
            assert_eq!(next_digit(text, from), naive, "{from}");
        }
    }

    #[test]
    fn clusters_join_digits_at_most_gap_apart() {
        let dense: String = (0..300).map(|i| format!("{} ", i % 10)).collect();
        let mixed = format!(
            "{}x    {} ....... 1{}",
            "1234567890".repeat(20),
            "1-2".repeat(40),
            " 7".repeat(30)
        );
        let texts: [&[u8]; 3] = [
            b"ab 12 3    45 x 6789 ............... 0 1",
            dense.as_bytes(),
            mixed.as_bytes(),
        ];
        for text in texts {
            clusters_match_brute_force(text, b'@');
        }
        let mut at = Clusters::default();
        assert_eq!(
            at.at(b"a@b @@ x     @", 0, Anchor::Byte(b'@'), 2),
            Some((1, 5))
        );
        assert_eq!(
            at.at(b"a@b @@ x     @", 6, Anchor::Byte(b'@'), 2),
            Some((13, 13))
        );
    }

    /// [`Clusters::at`] against brute force on `text`, for digits and for
    /// `byte`, with several gaps, asked in increasing order (as the scan
    /// does) with any stride.
    fn clusters_match_brute_force(text: &[u8], byte: u8) {
        for anchor in [Anchor::Digit, Anchor::Byte(byte)] {
            for gap in [0, 1, 4, 30] {
                let anchors: Vec<usize> = (0..text.len()).filter(|&i| anchor.is(text[i])).collect();
                // The last anchor of the cluster holding anchor `d`.
                let last_of = |d: usize| {
                    let mut k = anchors.iter().position(|&x| x == d).expect("an anchor");
                    while k + 1 < anchors.len() && anchors[k + 1] - anchors[k] - 1 <= gap {
                        k += 1;
                    }
                    anchors[k]
                };
                let naive = |from: usize| {
                    let d = *anchors.iter().find(|&&d| d >= from)?;
                    Some((d, last_of(d)))
                };
                for stride in 1..8 {
                    let mut c = Clusters::default();
                    for from in (0..text.len() + 2).step_by(stride) {
                        assert_eq!(
                            c.at(text, from, anchor, gap),
                            naive(from),
                            "{anchor:?} gap {gap} stride {stride} from {from}"
                        );
                    }
                }
            }
        }
        if text.starts_with(b"ab 12") {
            // The gap of 4: `12 3    45` is one cluster.
            let mut c = Clusters::default();
            assert_eq!(c.at(text, 0, Anchor::Digit, 4), Some((3, 19)));
        }
    }

    /// Entities of `text` with and without the main group's search
    /// without digit-run rules ([`crate::rules::ShortSearch`]).
    fn with_and_without_short(
        rules: &RuleSet,
        plain: &RuleSet,
        text: &str,
    ) -> (Vec<Entity>, Vec<Entity>) {
        (entities(rules, text), entities(plain, text))
    }

    /// The embedded rules with `edit` applied to every search group.
    fn embedded_with(edit: impl Fn(&mut SearchGroup)) -> RuleSet {
        let mut rules = RuleSet::embedded().expect("rules");
        rules.groups.iter_mut().for_each(edit);
        rules
    }

    fn without_short() -> RuleSet {
        embedded_with(|g| g.short = None)
    }

    #[test]
    fn digit_run_rules_are_set_apart_in_the_main_group() {
        let rules = RuleSet::embedded().expect("rules");
        let short = rules.groups[0].short.as_ref().expect("a short search");
        let runs: Vec<&str> = rules
            .rules
            .iter()
            .filter(|r| r.digit_run)
            .map(|r| r.id.as_str())
            .collect();
        for id in [
            "bank_account.near_cue",
            "card.grouped",
            "aadhaar.number",
            "phone.in_mobile",
        ] {
            assert!(runs.contains(&id), "{id} in {runs:?}");
        }
        for id in [
            "address.in_pin",
            "order_id.after_cue",
            "ip.v4",
            "money.symbol_before",
        ] {
            assert!(!runs.contains(&id), "{id}");
        }
        assert!(short.runs.min_digits >= 9 && short.runs.gap >= 1);
        let between: Vec<u8> = (0..=255u8)
            .filter(|&b| short.runs.between.contains(b))
            .collect();
        assert_eq!(between, b" -");
    }

    /// Searching without the digit-run rules before long digit runs finds
    /// what the whole group finds, on the rule examples and on text made of
    /// digit groups, separators and cue words.
    #[test]
    fn the_short_search_changes_no_entity() {
        let rules = RuleSet::embedded().expect("rules");
        let plain = without_short();
        for ex in &rules.examples {
            let (a, b) = with_and_without_short(&rules, &plain, &ex.text);
            assert_eq!(a, b, "{:?}", ex.text);
        }
        let texts = [
            "749819.344.8-162-04024-OTP, NY 52795, order 12 call 98765 43210 now",
            "account 12 345-678 90, 1234 5678 9012 3456 and 12-34 5 6789 01234 a/c 5010023456789",
            "ref 12 / 34, +91 98765 43210, 4111 1111 1111 1111 ssn 123-45-6789 pin 560038",
        ];
        for text in texts {
            let (a, b) = with_and_without_short(&rules, &plain, text);
            assert_eq!(a, b, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_short_search_changes_no_entity_on_digit_soup(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[0-9]{1,12}|[ \\-./,]{1,2}|account|a/c|order|ssn|call|Rs\\.|\\+91|CA|\\n"
                ).expect("regex"),
                0..40,
            )
        ) {
            static RULES: std::sync::LazyLock<(RuleSet, RuleSet)> = std::sync::LazyLock::new(|| {
                (RuleSet::embedded().expect("rules"), without_short())
            });
            let text: String = parts.concat();
            let (a, b) = with_and_without_short(&RULES.0, &RULES.1, &text);
            proptest::prop_assert_eq!(a, b, "{:?}", text);
        }
    }

    /// [`search_window`] as it was before [`short_run_before`]: every
    /// match's start found by the reverse search, and a refused match's
    /// search going on from that start.
    fn search_window_by_start(
        rules: &RuleSet,
        group: &SearchGroup,
        scratch: &mut GroupScratch,
        text: &str,
        window: Range<usize>,
        last: usize,
    ) -> Option<Next> {
        let input = Input::new(text).range(window.clone());
        let m = leftmost(&group.search, &group.lazy, &mut scratch.search, &input)
            .filter(|m| m.start() <= last)?;
        let short = group.short.as_ref().expect("a short search");
        let rule = &rules.rules[group.rules[m.pattern().as_usize()]];
        if !rule.digit_run || long_run_from(text.as_bytes(), m.start(), &short.runs) {
            return Some(group_match(group, m));
        }
        past_refused(group, scratch, text, m.start(), window, last)
    }

    /// The main group's window searches of `text`, from every start, up
    /// to every fifth `last` and to the end as the scan cuts it or to the
    /// text's: deciding refusals from the digits before a match's end
    /// finds what finding its start does.
    fn refusals_by_end_agree(rules: &RuleSet, text: &str) {
        let group = &rules.groups[0];
        let after = group.window.expect("a digit window").reach.after;
        let mut scratch = PatternScratch::new(rules);
        let gs = &mut scratch.groups[0];
        let starts = (0..text.len()).filter(|&i| text.is_char_boundary(i));
        for start in starts {
            for last in (start..text.len()).step_by(5) {
                let cut = (last + 1 + after).min(text.len());
                for end in [cut, text.len()] {
                    let window = start..end;
                    assert_eq!(
                        search_window(rules, group, gs, text, window.clone(), last),
                        search_window_by_start(rules, group, gs, text, window, last),
                        "{text:?} from {start} last {last} end {end}"
                    );
                }
            }
        }
    }

    #[test]
    fn refusals_by_end_agree_on_digit_groups() {
        let rules = RuleSet::embedded().expect("rules");
        let texts = [
            "12 345-678 90, 1234 5678 9012 3456 and 12-34 5 6789 01234",
            "a/c 12 34-5 6 78 9, call 98765 43210 or 9876-543-210 ref 1 2 3 4 5 6 7 8",
            "749819.344.8-162-04024-OTP 4111 1111 1111 1111 ssn 123-45-6789",
        ];
        for text in texts {
            refusals_by_end_agree(&rules, text);
        }
    }

    proptest::proptest! {
        #[test]
        fn refusals_by_end_agree_on_digit_soup(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[0-9]{1,12}|[ \\-./,]{1,2}|account|a/c|order|ssn|call|Rs\\.|\\+91|CA|\\n"
                ).expect("regex"),
                0..24,
            )
        ) {
            static RULES: std::sync::LazyLock<RuleSet> =
                std::sync::LazyLock::new(|| RuleSet::embedded().expect("rules"));
            refusals_by_end_agree(&RULES, &parts.concat());
        }
    }

    /// Every group search (and short search) of `rules` over every range
    /// of `text` from `from` on: the lazy DFAs answer as the meta regex does.
    fn lazy_searches_agree(rules: &RuleSet, text: &str, from: usize) {
        let mut scratch = PatternScratch::new(rules);
        for (group, gs) in rules.groups.iter().zip(scratch.groups.iter_mut()) {
            let mut searches = vec![(&group.search, &group.lazy, &mut gs.search)];
            if let (Some(short), Some(caches)) = (&group.short, gs.short.as_mut()) {
                searches.push((&short.search, &short.lazy, caches));
            }
            for (meta, lazy, caches) in searches {
                let (Some(re), Some(cache)) = (&lazy.0, caches.lazy.as_mut()) else {
                    panic!("the lazy DFAs build");
                };
                let modes = [Anchored::No, Anchored::Yes]
                    .into_iter()
                    .chain((0..meta.pattern_len()).map(|p| Anchored::Pattern(PatternID::must(p))));
                for mode in modes {
                    for end in (from..=text.len()).step_by(7).chain([text.len()]) {
                        let input = Input::new(text).range(from..end).anchored(mode);
                        let want = meta.search_with(&mut caches.meta, &input);
                        // On short texts the lazy DFAs never give up.
                        assert_eq!(
                            lazy_leftmost(re, cache, &input),
                            Some(want),
                            "{text:?} {from}..{end} {mode:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn lazy_searches_agree_on_the_examples() {
        let rules = RuleSet::embedded().expect("rules");
        for ex in &rules.examples {
            for from in 0..ex.text.len().min(12) {
                lazy_searches_agree(&rules, &ex.text, from);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn lazy_searches_agree_on_id_soup(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[0-9]{1,12}|[ \\-./,:_+%@]{1,2}|[a-zA-Z]{1,9}|okaxis|ybl|com|in|co\\.in|\
                     ₹|é|अ|account|order|ssn|Rs\\.|\\+91|\\n"
                ).expect("regex"),
                0..40,
            ),
            from in 0usize..8,
        ) {
            static RULES: std::sync::LazyLock<RuleSet> =
                std::sync::LazyLock::new(|| RuleSet::embedded().expect("rules"));
            let text: String = parts.concat();
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            lazy_searches_agree(&RULES, &text, from);
        }
    }

    /// Entities of `text` found by `rules`.
    fn entities(rules: &RuleSet, text: &str) -> Vec<Entity> {
        let mut out = Vec::new();
        pattern_entities(rules, &mut PatternScratch::new(rules), text, 0, 0, &mut out);
        out.into_iter().map(|f| f.entity).collect()
    }

    fn without_tails() -> RuleSet {
        embedded_with(|g| g.tails = None)
    }

    #[test]
    fn the_at_group_has_tails() {
        let rules = RuleSet::embedded().expect("rules");
        let tails = rules.groups[1].tails.as_ref().expect("tails");
        assert_eq!(tails.byte, b'@');
        assert!(rules.groups[0].tails.is_none());
        let text = "a.b_c.d@host.zz x_y.z@gmail ab.cd@okaxis.invalid 1.2@2x.png";
        assert_eq!(entities(&rules, text), entities(&without_tails(), text));
    }

    proptest::proptest! {
        /// Skipping the matches of a dead anchor byte finds what the scan
        /// without the skip finds.
        #[test]
        fn dead_anchor_skips_change_no_entity(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[a-z0-9]{1,6}|[._%+\\-]|@|@@| |okaxis|ybl|paytm|gmail|com|in|zz|png|\
                     co\\.in|\\.|[A-Z]{1,3}|é|₹|[0-9 -]{1,12}|\\n"
                ).expect("regex"),
                0..40,
            )
        ) {
            static RULES: std::sync::LazyLock<(RuleSet, RuleSet)> =
                std::sync::LazyLock::new(|| (RuleSet::embedded().expect("rules"), without_tails()));
            let text: String = parts.concat();
            proptest::prop_assert_eq!(
                entities(&RULES.0, &text),
                entities(&RULES.1, &text),
                "{:?}",
                text
            );
        }
    }

    /// The embedded rules without the anchor-byte neighbours of their
    /// tails: every cluster searched whole, from as far back as a match
    /// can reach.
    fn without_neighbours() -> RuleSet {
        embedded_with(|g| {
            if let Some(t) = g.tails.as_mut() {
                t.neighbours = None;
            }
        })
    }

    /// The `@` group's search from every start of `text`, with and without
    /// the narrowing to anchors a match can hold ([`viable_span`]) and to
    /// starts after the last byte no head holds ([`head_start`]).
    fn viable_spans_agree(rules: &RuleSet, whole: &RuleSet, text: &str) {
        let mut scratches = [PatternScratch::new(rules), PatternScratch::new(whole)];
        for pos in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let found: Vec<Next> = [rules, whole]
                .iter()
                .zip(&mut scratches)
                .map(|(r, scratch)| {
                    // A fresh scan: the clusters found are kept only
                    // while the position moves on.
                    let gs = &mut scratch.groups[1];
                    (gs.clusters, gs.resume) = (Clusters::default(), 0);
                    search_group(r, gs, 1, text, pos)
                })
                .collect();
            assert_eq!(found[0], found[1], "{text:?} from {pos}");
        }
    }

    #[test]
    fn an_at_between_other_bytes_is_no_anchor() {
        let rules = RuleSet::embedded().expect("rules");
        let tails = rules.groups[1].tails.as_ref().expect("tails");
        let near = tails.neighbours.expect("no empty head or tail");
        let (before, after) = (near.before, near.after);
        for b in [b'a', b'.', b'%', b'-'] {
            assert!(near.head.contains(b), "{:?}", char::from(b));
        }
        assert!(!near.head.contains(b' ') && !near.head.contains(b'@'));
        for b in [b'a', b'Z', b'0', b'.', b'_', b'%', b'+', b'-'] {
            assert!(before.contains(b), "{:?}", char::from(b));
        }
        for b in [b' ', b'@', b',', b'\n', 0xe0] {
            assert!(!before.contains(b) && !after.contains(b), "{b:#x}");
        }
        for b in [b'a', b'Z', b'0', b'-'] {
            assert!(after.contains(b), "{:?}", char::from(b));
        }
        assert!(!after.contains(b'.') && !after.contains(b'_'));
        let whole = without_neighbours();
        let texts = [
            "a@ b@@c x@-.- d@ yahoo.com e.f@gmail.com g_h@okaxis, @x @@gmail..com",
            "@ @ @ a@b.co @",
            "mail me at priya.sharma@gmail.com. or ravi@okaxis @",
        ];
        for text in texts {
            viable_spans_agree(&rules, &whole, text);
        }
    }

    proptest::proptest! {
        /// Searching only around anchors a match can hold finds what
        /// searching whole clusters finds.
        #[test]
        fn viable_spans_agree_on_at_soup(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[a-z0-9]{1,6}|[._%+\\-]|@|@@| |okaxis|gmail|com|zz|\\.|[A-Z]{1,3}|é|\\n"
                ).expect("regex"),
                0..30,
            )
        ) {
            static RULES: std::sync::LazyLock<(RuleSet, RuleSet)> = std::sync::LazyLock::new(|| {
                (RuleSet::embedded().expect("rules"), without_neighbours())
            });
            viable_spans_agree(&RULES.0, &RULES.1, &parts.concat());
        }
    }

    /// [`next_long_run`] as it was: each run walked by [`run_end`].
    fn next_long_run_by_run_end(
        bytes: &[u8],
        from: usize,
        limit: usize,
        runs: &DigitRuns,
    ) -> Option<usize> {
        let mut at = from;
        loop {
            let upto = &bytes[..limit.saturating_add(1).min(bytes.len())];
            let first = next_digit(upto, at)?;
            let (last, count) = run_end(bytes, first, runs);
            if count >= runs.min_digits {
                return Some(first);
            }
            at = last + 1;
        }
    }

    proptest::proptest! {
        #[test]
        fn next_long_run_agrees_with_run_end(
            parts in proptest::collection::vec(
                proptest::string::string_regex("[0-9]{1,6}|[ \\-./]{1,3}|x|\\n").expect("regex"),
                0..30,
            )
        ) {
            static RULES: std::sync::LazyLock<RuleSet> =
                std::sync::LazyLock::new(|| RuleSet::embedded().expect("rules"));
            let embedded = RULES.groups[0].short.as_ref().expect("short").runs;
            let text = parts.concat();
            let bytes = text.as_bytes();
            // The embedded runs, and others with wider or no gaps and
            // fewer digits.
            for (gap, min_digits) in [(embedded.gap, embedded.min_digits), (0, 4), (3, 3)] {
                let runs = DigitRuns { gap, min_digits, ..embedded };
                for from in 0..=bytes.len() {
                    for limit in (from..=bytes.len() + 1).step_by(3) {
                        proptest::prop_assert_eq!(
                            next_long_run(bytes, from, limit, &runs),
                            next_long_run_by_run_end(bytes, from, limit, &runs),
                            "{:?} from {} limit {} {:?}", text, from, limit, runs
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn long_runs_are_found_by_their_digits() {
        let rules = RuleSet::embedded().expect("rules");
        let runs = rules.groups[0].short.as_ref().expect("short").runs;
        let text = b"12 34-5.678 9012 3456 7 x 1234567890";
        assert!(!long_run_from(text, 0, &runs));
        // `678 9012 3456 7`: 12 digits.
        assert!(long_run_from(text, 8, &runs));
        assert!(!long_run_from(text, 17, &runs));
        assert_eq!(next_long_run(text, 0, text.len(), &runs), Some(8));
        assert_eq!(next_long_run(text, 0, 7, &runs), None);
        assert_eq!(next_long_run(text, 9, text.len(), &runs), Some(9));
        assert_eq!(next_long_run(text, 17, text.len(), &runs), Some(26));
    }

    #[test]
    fn the_main_group_is_searched_only_near_digits() {
        let rules = RuleSet::embedded().expect("rules");
        let window = rules.groups[0]
            .window
            .expect("every main rule needs a digit");
        assert_eq!(window.anchor, Anchor::Digit);
        let reach = window.reach;
        // Order and bank-account cues are the longest lead-ins.
        assert!(reach.before >= "beneficiary account".len(), "{reach:?}");
        assert!(
            reach.before <= 128 && reach.after <= 64 && reach.gap <= 64,
            "{reach:?}"
        );
        // The e-mail and UPI group is searched near its `@`: a local part
        // is at most 64 bytes.
        let at = rules.groups[1].window.expect("every match holds an @");
        assert_eq!(at.anchor, Anchor::Byte(b'@'));
        assert_eq!(at.reach.before, 64, "{:?}", at.reach);
    }

    #[test]
    fn boundary_rejects_matches_inside_words() {
        assert!(!word_boundary_ok(b"prefer 12345", &(3..12)));
        assert!(word_boundary_ok(b"ref 12345", &(0..9)));
        assert!(word_boundary_ok("₹500".as_bytes(), &(0..6)));
    }
}
