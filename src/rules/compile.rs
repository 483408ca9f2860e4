//! Rule definitions → the immutable, shareable [`RuleSet`].

use std::collections::HashSet;
use std::ops::Range;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind as AcMatchKind, dfa};
use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{MatchKind, PatternID};
use regex_syntax::hir::{Hir, HirKind};

use super::digits::{Anchor, ByteSet, DigitReach};
use super::gazetteer::{Gazetteer, Gazetteers};
use super::lexicon::{Lexicon, Lists, ascii_lower};
use super::schema::{AddressFile, NamesFile, PatternFile, RuleDef};
use super::tail::{TailCapture, tail_capture};
use super::{RulesError, SourceFile};
use crate::entity::EntityType;
use crate::validate::Validator;

/// Longest text (bytes) one pattern may match. Bounding every pattern is what
/// lets the streaming redactor keep a fixed carry-over between chunks.
pub const MAX_PATTERN_MATCH_LEN: usize = 256;

/// Widest window (bytes) a `context_after` rule may look past its match.
/// Streams hold this much text back, so it is kept small.
pub const MAX_CONTEXT_AFTER: usize = 96;

/// Post-processing applied to a rule's candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expand {
    /// Grow a PIN/ZIP anchor backwards over the address lines before it.
    Address,
}

/// A rule ready to run: everything the scanner needs per pattern id.
#[derive(Debug)]
pub struct CompiledRule {
    /// Rule id from the TOML file.
    pub id: String,
    /// The file the rule came from.
    pub file: String,
    /// Entity type produced.
    pub ty: EntityType,
    /// Overlap priority (higher wins).
    pub priority: i32,
    /// All must accept the candidate text.
    pub validators: Vec<Validator>,
    /// Capture group index that is the entity, if not the whole match
    /// (found with the rule's own pattern, kept alongside).
    pub capture: Option<usize>,
    /// The rule's pattern alone, to find the capture inside a match the
    /// group search already found. (A captures search on the group's regex
    /// costs a backtracker pass sized for every pattern of the group; this
    /// one is sized for one pattern, ~10x cheaper.) Never used to detect.
    pub(crate) capture_regex: Option<Regex>,
    /// Where the capture starts, found from the match's bytes, when the
    /// pattern's shape allows (see [`super::tail`]); the scanner then runs
    /// `capture_regex` only on the matches this cannot decide.
    pub(crate) capture_tail: Option<TailCapture>,
    /// Required context words before the match.
    pub context: Option<WordMatcher>,
    /// Forbidden context words before the match.
    pub anti_context: Option<WordMatcher>,
    /// Bytes before the match searched for context words.
    pub context_window: usize,
    /// Context words are also searched in the window after the match.
    pub context_after: bool,
    /// Reject digit runs that continue after one separator.
    pub isolated: bool,
    /// Post-processing step.
    pub expand: Option<Expand>,
    /// Where the digits are in every match this rule can accept, if every
    /// such match holds one (see [`super::digits`]).
    pub(crate) digits: Option<DigitReach>,
    /// Fewest ASCII digits a match must hold to be accepted: the most any
    /// validator needs ([`Validator::min_digits`]), or 1 when every
    /// accepted match holds a digit ([`CompiledRule::digits`]).
    pub(crate) min_digits: usize,
    /// Fewest ASCII digits a match must hold to exist and be accepted:
    /// [`CompiledRule::min_digits`] or what the pattern itself holds
    /// ([`CompiledRule::pattern_digits`]), whichever is more.
    pub(crate) min_match_digits: usize,
    /// Fewest ASCII digits any match of the pattern holds, accepted or not
    /// ([`super::digits::min_digits`]).
    pub(crate) pattern_digits: usize,
    /// Every byte other than a digit that the rule's matches can hold
    /// ([`super::digits::other_bytes`]).
    pub(crate) other_bytes: ByteSet,
    /// Longest match of the pattern, in bytes.
    pub(crate) max_len: usize,
    /// The most digits a match starts with, when every match holds a byte
    /// other than a digit ([`super::digits::lead_digits`]).
    pub(crate) lead_digits: Option<usize>,
    /// A digit-run rule of a group with a [`ShortSearch`].
    pub(crate) digit_run: bool,
    /// Index of the [`SearchGroup`] that searches this rule.
    pub(crate) group: usize,
    /// The rule's pattern id inside its group's regexes.
    pub(crate) local: PatternID,
}

/// Patterns searched together by one regex.
///
/// Most rules share the first group. A rule with `required_literal` (every
/// match contains that literal: `@` for e-mail and UPI) is searched in a
/// group of its own literal, and only over text that contains the literal.
/// Why: a long leading repetition (`[A-Za-z0-9._%+-]{1,64}@`) in the same
/// DFA as the digit and id patterns multiplies their states; on a
/// base64-like line the lazy DFA's cache thrashes and search falls back to
/// the PikeVM, 30× slower (measured in `benches/redact.rs`). Apart, each
/// regex stays small and the results are merged in priority order, which
/// is the same as one leftmost-first search over all patterns.
#[derive(Debug)]
pub(crate) struct SearchGroup {
    /// The literal every match of this group contains, if any, with its
    /// searcher built once (building one per search cost more than the
    /// search on short stretches).
    pub(crate) literal: Option<memchr::memmem::Finder<'static>>,
    /// Leftmost-first search; pattern order = priority order.
    pub(crate) search: Regex,
    /// The lazy DFAs of `search`, searched directly (see [`LazySearch`]).
    pub(crate) lazy: LazySearch,
    /// The same patterns in `All` mode: which patterns match at a position,
    /// used only when the preferred candidate fails validation.
    pub(crate) overlap: Regex,
    /// Index into [`RuleSet::rules`] of each local pattern id.
    pub(crate) rules: Vec<usize>,
    /// Per byte, the local patterns whose matches can start with it (bit
    /// `i` for pattern `i`; all bits when the group has more than 64): a
    /// superset, read off the NFA, so a pattern missing here cannot match.
    pub(crate) first_bytes: Box<[u64; 256]>,
    /// When every match the group's rules can accept holds an anchor byte
    /// (a digit; the first byte of the group's literal): which, and how far
    /// the matches reach around them. The group is then searched only near
    /// those bytes.
    pub(crate) window: Option<Window>,
    /// The group without its digit-run rules, for stretches of text with no
    /// run of digits long enough for them.
    pub(crate) short: Option<ShortSearch>,
    /// What follows the anchor byte in each pattern, when every match
    /// holds it in one place (see [`Tails`]).
    pub(crate) tails: Option<Tails>,
}

/// The parts of a group's patterns after their anchor byte, for a group
/// whose every pattern is `head` `byte` `tail` with no `byte` in what
/// `head` can match (`local@domain`: no `@` in a local part), and whose
/// rules check their whole match. A match then holds the first `byte` at
/// or after its start, and its tail is the tail pattern's leftmost-first
/// match right after that byte, whatever the start: when that tail makes
/// every rule of the group refuse, so do all matches that hold the same
/// `byte`, and the scan skips them.
#[derive(Debug)]
pub(crate) struct Tails {
    /// The anchor byte.
    pub(crate) byte: u8,
    /// Pattern `i`: the tail of the group's pattern `i`, searched anchored
    /// (per pattern) right after the anchor byte.
    pub(crate) search: Regex,
    /// What bytes around an anchor byte a match can hold, when no head
    /// and no tail can be empty; `None` otherwise.
    pub(crate) neighbours: Option<Neighbours>,
}

/// The bytes a [`Tails`] group's match can hold around its anchor byte.
/// An anchor byte between other bytes is in no match (a `@` after a space
/// or before a `.` needs no search), and a match that holds one starts
/// after the last byte before it that no head holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Neighbours {
    /// The bytes a head can end with: right before the anchor byte.
    pub(crate) before: ByteSet,
    /// The bytes a tail can start with: right after the anchor byte.
    pub(crate) after: ByteSet,
    /// Every byte a head can hold.
    pub(crate) head: ByteSet,
}

impl Tails {
    /// The tails of `patterns` after `byte`, or `None` if some pattern is
    /// not of that shape.
    fn new(
        byte: u8,
        patterns: &[&str],
        syntax_config: syntax::Config,
    ) -> Result<Option<Tails>, RulesError> {
        let err = |e: String| RulesError::Build(e);
        let mut heads = Vec::with_capacity(patterns.len());
        let mut tails = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let hir =
                syntax::parse_with(pattern, &syntax_config).map_err(|e| err(e.to_string()))?;
            let Some((head, tail)) = split_at_byte(&hir, byte) else {
                return Ok(None);
            };
            heads.push(head);
            tails.push(tail);
        }
        // The last bytes of a head are the first bytes of its reverse.
        let neighbours = match (edge_bytes(&heads, true)?, edge_bytes(&tails, false)?) {
            (Some(before), Some(after)) => Some(Neighbours {
                before,
                after,
                head: heads.iter().fold(ByteSet::default(), |acc, h| {
                    acc.union(super::digits::all_bytes(h))
                }),
            }),
            _ => None,
        };
        let search = Regex::builder()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                    .hybrid_cache_capacity(LAZY_CACHE_CAPACITY),
            )
            .build_many_from_hir(&tails)
            .map_err(|e| err(e.to_string()))?;
        Ok(Some(Tails {
            byte,
            search,
            neighbours,
        }))
    }
}

/// The parts of `hir` before and after its first `byte`, when `hir` is a
/// sequence with a literal starting with `byte` in it and nothing before
/// that literal can match `byte`.
fn split_at_byte(hir: &Hir, byte: u8) -> Option<(Hir, Hir)> {
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let at = parts.iter().position(|p| match p.kind() {
        HirKind::Literal(lit) => lit.0.first() == Some(&byte),
        _ => false,
    })?;
    if parts[..at]
        .iter()
        .any(|p| super::digits::all_bytes(p).contains(byte))
    {
        return None;
    }
    let HirKind::Literal(lit) = parts[at].kind() else {
        return None;
    };
    let mut tail = Vec::with_capacity(parts.len() - at);
    tail.push(Hir::literal(lit.0[1..].to_vec()));
    tail.extend(parts[at + 1..].iter().cloned());
    Some((Hir::concat(parts[..at].to_vec()), Hir::concat(tail)))
}

/// The bytes a match of any of `hirs` can start with (with `reverse`: end
/// with), or `None` if one of them can match the empty string. Look-around
/// assertions are passed over: a superset of the truth.
fn edge_bytes(hirs: &[Hir], reverse: bool) -> Result<Option<ByteSet>, RulesError> {
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .reverse(reverse)
                .which_captures(WhichCaptures::None),
        )
        .build_many_from_hir(hirs)
        .map_err(|e| RulesError::Build(e.to_string()))?;
    let mut set = ByteSet::default();
    for pid in nfa.patterns() {
        if for_each_start_byte(&nfa, pid, |lo, hi| set.insert_range(lo, hi)) {
            return Ok(None);
        }
    }
    Ok(Some(set))
}

/// Where a group's matches can be: near its anchor bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// The bytes every match that can be accepted holds.
    pub(crate) anchor: Anchor,
    /// How far such a match reaches around them.
    pub(crate) reach: DigitReach,
}

/// A group's patterns without its digit-run rules ([`is_digit_run_rule`]):
/// card, Aadhaar, SSN, phone and account numbers, whose matches are digits
/// and separators only, all of them one [`DigitRuns`] run (every match of
/// theirs starts and ends with a digit). Before the
/// first run long enough for any of them, the group's leftmost-first match
/// that can be accepted is this regex's: a digit-run match there would be
/// refused for its digits. On text of short digit groups (`12-345.6/78`)
/// the full regex stopped at every group as a bank-account candidate, to
/// refuse it and search again.
#[derive(Debug)]
pub(crate) struct ShortSearch {
    /// Leftmost-first search over the other patterns, in priority order.
    pub(crate) search: Regex,
    /// The lazy DFAs of `search`, searched directly.
    pub(crate) lazy: LazySearch,
    /// Index into [`RuleSet::rules`] of each of its pattern ids.
    pub(crate) rules: Vec<usize>,
    /// What makes a run of digits long enough for a digit-run rule.
    pub(crate) runs: DigitRuns,
}

/// Lazy DFAs (forward and reverse) built as the meta regex of the same
/// patterns builds its own: the group searches call them directly, which
/// saves the meta layer's dispatch and input checks on each of the tens of
/// thousands of short window searches a large text takes. Where they give
/// up (a thrashing cache), the meta regex answers instead, so results are
/// the meta regex's. `None` if they could not be built (the meta regex
/// then always answers).
#[derive(Debug)]
pub(crate) struct LazySearch(pub(crate) Option<hybrid::regex::Regex>);

/// Capacity of a lazy DFA cache, for the meta regexes and [`LazySearch`].
const LAZY_CACHE_CAPACITY: usize = 8 << 20;

/// Limit on the size of a pattern group's NFA.
const NFA_SIZE_LIMIT: usize = 64 << 20;

impl LazySearch {
    /// Leftmost-first lazy DFAs of `patterns`, configured as
    /// `meta::Regex` configures its own (same NFAs, same cache capacity
    /// and give-up heuristics), with no prefilter: the searches run over
    /// short windows.
    fn new(patterns: &[&str], syntax_config: syntax::Config) -> Result<LazySearch, RulesError> {
        let err = |e: String| RulesError::Build(e);
        let hirs = patterns
            .iter()
            .map(|p| syntax::parse_with(p, &syntax_config).map_err(|e| err(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        // The meta regex's NFA settings; captures are no matter to a DFA.
        let nfa_config = thompson::Config::new()
            .utf8(true)
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .shrink(false)
            .which_captures(WhichCaptures::None);
        let nfa = thompson::Compiler::new()
            .configure(nfa_config.clone())
            .build_many_from_hir(&hirs)
            .map_err(|e| err(e.to_string()))?;
        let nfarev = thompson::Compiler::new()
            .configure(nfa_config.reverse(true))
            .build_many_from_hir(&hirs)
            .map_err(|e| err(e.to_string()))?;
        let dfa_config = hybrid::dfa::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .starts_for_each_pattern(true)
            .unicode_word_boundary(true)
            .cache_capacity(LAZY_CACHE_CAPACITY)
            .skip_cache_capacity_check(false)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let fwd = hybrid::dfa::Builder::new()
            .configure(dfa_config.clone())
            .build_from_nfa(nfa);
        let rev = hybrid::dfa::Builder::new()
            .configure(dfa_config.match_kind(MatchKind::All))
            .build_from_nfa(nfarev);
        Ok(LazySearch(match (fwd, rev) {
            (Ok(fwd), Ok(rev)) => Some(hybrid::regex::Builder::new().build_from_dfas(fwd, rev)),
            _ => None,
        }))
    }
}

/// Runs of digits as the digit-run rules see them: digits at most `gap`
/// bytes apart with only `between` bytes in between (so every match of
/// such a rule lies within one run), long enough with `min_digits`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DigitRuns {
    /// Most bytes between two digits of one run.
    pub(crate) gap: usize,
    /// The bytes allowed between two digits of one run.
    pub(crate) between: ByteSet,
    /// Fewest digits any digit-run rule accepts.
    pub(crate) min_digits: usize,
}

impl DigitRuns {
    /// Whether digits on either side of `between` (non-digit bytes) are
    /// of one run.
    pub(crate) fn join(&self, between: &[u8]) -> bool {
        between.len() <= self.gap && between.iter().all(|&b| self.between.contains(b))
    }
}

/// Fewest digits (validators' or the pattern's) that makes a rule whose
/// matches are digits and separators only a digit-run rule.
const DIGIT_RUN_MIN_DIGITS: usize = 9;

/// Whether every match `rule` can accept is digits and separators only
/// (nothing before its first digit or after its last) with at least
/// [`DIGIT_RUN_MIN_DIGITS`] digits; and every match of its pattern holds
/// a digit, so that every match, accepted or not, starts and ends with a
/// digit (the scanner decides some refusals from the digits before a
/// match's end alone).
fn is_digit_run_rule(rule: &CompiledRule) -> bool {
    rule.digits.is_some_and(|d| d.before == 0 && d.after == 0)
        && rule.min_match_digits >= DIGIT_RUN_MIN_DIGITS
        && rule.pattern_digits > 0
}

/// Case-insensitive whole-word phrase search (context words, cues).
///
/// The automaton reports leftmost-longest, non-overlapping raw matches;
/// those that start or end inside a word are then dropped. A dropped raw
/// match still consumes its bytes, so the phrases found depend on where the
/// search started. [`WordMatcher::find_all`] always starts at the start of
/// its haystack; the name pass resumes the same search lazily, only where
/// it needs an answer (see `redact::phrases`), which gives the same matches
/// because it restarts only after a *cut* byte, one no phrase contains.
#[derive(Debug)]
pub struct WordMatcher {
    /// The automaton itself rather than an `AhoCorasick`: searches walk
    /// its states directly (see [`WordMatcher::find_at`]), without the
    /// wrapper's dynamic dispatch and per-search setup (context-word
    /// windows run one short search per candidate).
    ac: dfa::DFA,
    /// Bytes that occur in some phrase (both cases of ASCII letters).
    in_phrase: [bool; 256],
    /// First bytes of the phrases (both cases): no match starts elsewhere.
    starts: [bool; 256],
    /// Bit `256 * a + b` is set iff some phrase starts with the bytes `a b`
    /// (any ASCII case), or is the one byte `a` (then for every `b`).
    pair_starts: Box<[u64; 1024]>,
    /// Longest phrase, in bytes.
    max_len: usize,
    /// The DFA's unanchored start state, looked up once rather than per
    /// search (see [`WordMatcher::find_at`]).
    start: StateID,
}

impl WordMatcher {
    /// [`WordMatcher::new`] for a word list of a rules file, which must not
    /// hold an empty phrase: it would match at every position (every
    /// context window would hold a context word), and the whole-word test
    /// reads the byte before a match's end, which an empty match at the
    /// start of the text does not have. Refused at load time, with the
    /// file and rule named by the caller, rather than met in a request.
    pub fn from_list(words: &[String]) -> Result<WordMatcher, String> {
        if words.iter().any(String::is_empty) {
            return Err("a word list holds an empty phrase".to_owned());
        }
        WordMatcher::new(words)
    }

    /// Builds a matcher over `words` (ASCII case-insensitive).
    pub fn new(words: &[String]) -> Result<WordMatcher, String> {
        // A full DFA: these automata run over every byte of every request
        // (cues, not-names) and are small, so the faster search is worth
        // the memory.
        let ac = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(AcMatchKind::LeftmostLongest)
            .build(words)
            .map_err(|e| e.to_string())?;
        let mut in_phrase = [false; 256];
        for b in words.iter().flat_map(|w| w.bytes()) {
            in_phrase[usize::from(b.to_ascii_lowercase())] = true;
            in_phrase[usize::from(b.to_ascii_uppercase())] = true;
        }
        let mut starts = [false; 256];
        for &b in words.iter().filter_map(|w| w.as_bytes().first()) {
            starts[usize::from(b.to_ascii_lowercase())] = true;
            starts[usize::from(b.to_ascii_uppercase())] = true;
        }
        let mut pair_starts: Box<[u64; 1024]> = Box::new([0; 1024]);
        let cases = |b: u8| [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        for w in words.iter().map(String::as_bytes) {
            let seconds: Vec<u8> = match w {
                [_, second, ..] => cases(*second).to_vec(),
                _ => (0..=u8::MAX).collect(),
            };
            for &a in w.first().map(|&a| cases(a)).iter().flatten() {
                for &b in &seconds {
                    let bit = 256 * usize::from(a) + usize::from(b);
                    pair_starts[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        let max_len = words.iter().map(String::len).max().unwrap_or(0);
        let start = ac.start_state(Anchored::No).expect(UNANCHORED);
        Ok(WordMatcher {
            ac,
            in_phrase,
            starts,
            pair_starts,
            max_len,
            start,
        })
    }

    /// Whether some phrase starts with `b` (any ASCII case): a search of a
    /// stretch that holds no such byte can find nothing starting in it.
    pub(crate) fn may_start(&self, b: u8) -> bool {
        self.starts[usize::from(b)]
    }

    /// Whether some phrase may start at `hay[at]`: one starts with the
    /// bytes there (any ASCII case), or is one byte long and `at` is the
    /// last byte.
    pub(crate) fn may_start_at(&self, hay: &[u8], at: usize) -> bool {
        match hay.get(at + 1) {
            Some(&b) => {
                let bit = 256 * usize::from(hay[at]) + usize::from(b);
                self.pair_starts[bit / 64] & (1 << (bit % 64)) != 0
            }
            None => self.may_start(hay[at]),
        }
    }

    /// Longest phrase, in bytes.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// Whether no phrase contains `b`: no raw match spans such a byte, so
    /// a search restarted right after it finds what a search from further
    /// back would have found there.
    pub(crate) fn is_cut(&self, b: u8) -> bool {
        !self.in_phrase[usize::from(b)]
    }

    /// The leftmost-longest raw match (pattern index, absolute range) in
    /// `text[span]`, whole word or not.
    pub(crate) fn raw_find(&self, text: &str, span: Range<usize>) -> Option<(usize, Range<usize>)> {
        self.find_at(text.as_bytes(), span)
    }

    /// Whether any phrase occurs in `hay` as whole words: as
    /// `find_all(hay).next().is_some()`, with the searches stepping over
    /// bytes that start no phrase (see [`WordMatcher::find_at_skipping`]).
    /// Context windows around digit groups are mostly such bytes; the name
    /// pass's stretches are mostly letters, where the extra test costs more
    /// than it saves, so only this search takes it.
    pub fn found_in(&self, hay: &str) -> bool {
        let bytes = hay.as_bytes();
        self.raw_iter_with::<true>(bytes, 0)
            .any(|(_, r)| whole_word(bytes, 0, &r))
    }

    /// Every whole-word occurrence: (pattern index, byte range).
    pub fn find_all<'h>(
        &'h self,
        hay: &'h str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'h {
        self.find_all_from(hay, 0)
    }

    /// The occurrences of [`WordMatcher::find_all`] that start at or after
    /// `from`, provided `from` is 0 or follows a [`WordMatcher::is_cut`]
    /// byte: no raw match spans that byte, so the search from `from` meets
    /// the same raw matches there as one from the start. (Whole words are
    /// still judged against all of `hay`.)
    pub(crate) fn find_all_from<'h>(
        &'h self,
        hay: &'h str,
        from: usize,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'h {
        debug_assert!(from == 0 || self.is_cut(hay.as_bytes()[from - 1]));
        let bytes = hay.as_bytes();
        self.raw_iter(bytes, from)
            .filter(move |(_, r)| whole_word(bytes, 0, r))
    }

    /// The raw matches in `hay[from..]`, as `try_find_iter` over that span
    /// yields them: each search resumes at the end of the previous match,
    /// and an empty match that would touch the previous match's end is
    /// skipped by starting one byte later (aho-corasick's
    /// `handle_overlapping_empty_match`; only an empty phrase makes one).
    fn raw_iter<'h>(
        &'h self,
        hay: &'h [u8],
        from: usize,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'h {
        self.raw_iter_with::<false>(hay, from)
    }

    /// [`WordMatcher::raw_iter`], its searches made by
    /// [`WordMatcher::find_at_skipping`] with `SKIP`, else by
    /// [`WordMatcher::find_at`].
    fn raw_iter_with<'h, const SKIP: bool>(
        &'h self,
        hay: &'h [u8],
        from: usize,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'h {
        let mut at = from;
        let mut last_match_end = None;
        let find = |span: Range<usize>| {
            if SKIP {
                self.find_at_skipping(hay, span)
            } else {
                self.find_at(hay, span)
            }
        };
        std::iter::from_fn(move || {
            let mut m = find(at..hay.len())?;
            if m.1.is_empty() && Some(m.1.end) == last_match_end {
                m = find(at + 1..hay.len())?;
            }
            at = m.1.end;
            last_match_end = Some(m.1.end);
            Some(m)
        })
    }

    /// The leftmost-longest raw match in `hay[span]`: what `try_find` on
    /// the DFA returns, found by walking it directly. Context windows are
    /// 20 to 40 bytes, and `try_find` spends about as long setting up
    /// (input checks, prefilter dispatch) as walking them; the name pass's
    /// stretches are short too.
    ///
    /// This is aho-corasick 1.1.5's `try_find_fwd_imp` for an unanchored,
    /// not-earliest search without a prefilter. A prefilter only lets the
    /// search skip ahead to where a match may start, so leaving it out
    /// changes no result.
    fn find_at(&self, hay: &[u8], span: Range<usize>) -> Option<(usize, Range<usize>)> {
        let mut mat = self.match_before_walk(hay, &span)?;
        let mut sid = self.start;
        for (at, &b) in hay[span.clone()].iter().enumerate() {
            sid = self.ac.next_state(Anchored::No, sid, b);
            if self.ac.is_special(sid) {
                if self.ac.is_dead(sid) {
                    // Leftmost semantics: the DFA goes dead once the match
                    // held can no longer be extended or bettered.
                    return mat;
                } else if self.ac.is_match(sid) {
                    // The match state is entered on the phrase's last byte.
                    mat = Some(self.match_ending_at(sid, span.start + at + 1));
                }
                // Otherwise a start state, special only because the DFA has
                // a prefilter to hand back to: this search carries on.
            }
        }
        mat
    }

    /// [`WordMatcher::find_at`], stepping over the bytes where no phrase
    /// starts while the DFA is in its start state with no match held. From
    /// there, a byte where no phrase starts leads to a state that differs
    /// from the start state only in the matches it tracks from that byte,
    /// and there are none: so the walk goes on from the start state at the
    /// next byte, and finds the same leftmost-longest match. A byte that is
    /// no phrase's first byte is stepped over with one table load; one
    /// that is, but not with the byte after it ([`WordMatcher::may_start_at`]
    /// within the window), with the pair test. Both cost less than a
    /// transition and the special-state tests, and a context window around
    /// digits is mostly such bytes.
    ///
    /// The walk steps over bytes again each time the DFA comes back to its
    /// start state, which it sees among the special states when the DFA
    /// has a prefilter (start states are special then); without one, only
    /// the bytes before the first possible phrase start are stepped over
    /// (comparing every state with the start state cost more on chat text
    /// than it saved). With an empty phrase a match is held from the start,
    /// and every byte is walked.
    fn find_at_skipping(&self, hay: &[u8], span: Range<usize>) -> Option<(usize, Range<usize>)> {
        let mut mat = self.match_before_walk(hay, &span)?;
        let window = &hay[span.clone()];
        let mut at = 0;
        'start: loop {
            // In the start state here.
            if mat.is_none() {
                loop {
                    while at < window.len() && !self.starts[usize::from(window[at])] {
                        at += 1;
                    }
                    if at < window.len() && !self.may_start_at(window, at) {
                        at += 1;
                        continue;
                    }
                    break;
                }
            }
            let mut sid = self.start;
            while let Some(&b) = window.get(at) {
                at += 1;
                sid = self.ac.next_state(Anchored::No, sid, b);
                if self.ac.is_special(sid) {
                    if self.ac.is_dead(sid) {
                        return mat;
                    } else if self.ac.is_match(sid) {
                        mat = Some(self.match_ending_at(sid, span.start + at));
                    } else if sid == self.start {
                        continue 'start;
                    }
                }
            }
            return mat;
        }
    }

    /// What the walks of [`WordMatcher::find_at`] and
    /// [`WordMatcher::find_at_skipping`] hold before reading a byte of
    /// `hay[span]`: the empty phrase's match at its start, if the list has
    /// one (only an empty phrase makes the start state a match state), or
    /// none; `None` for a span that starts past its end, where there is
    /// nothing to search. Panics on the spans `Input::span` panics on; a
    /// start one past the end is the empty-match retry of
    /// [`WordMatcher::raw_iter`], which `is_done` ends.
    #[inline(always)]
    fn match_before_walk(
        &self,
        hay: &[u8],
        span: &Range<usize>,
    ) -> Option<Option<(usize, Range<usize>)>> {
        assert!(
            span.end <= hay.len() && span.start <= span.end.wrapping_add(1),
            "invalid span {span:?} for haystack of length {}",
            hay.len()
        );
        if span.start > span.end {
            return None;
        }
        Some(
            self.ac
                .is_match(self.start)
                .then(|| self.match_ending_at(self.start, span.start)),
        )
    }

    /// The match that match state `sid` reports, ending at `end`.
    fn match_ending_at(&self, sid: StateID, end: usize) -> (usize, Range<usize>) {
        let pid = self.ac.match_pattern(sid, 0);
        (pid.as_usize(), end - self.ac.pattern_len(pid)..end)
    }
}

/// Why a [`WordMatcher`] search cannot fail: its DFA is built for
/// unanchored searches (the builder's default start kind) and every search
/// is unanchored, the one configuration `try_find` refuses nothing for.
const UNANCHORED: &str = "an unanchored search of an unanchored DFA cannot fail";

/// Whether the raw match `m` of a search over `bytes[floor..]` is a whole
/// word (or phrase): it does not start or end inside a word. The start of
/// the searched text counts as a boundary.
pub(crate) fn whole_word(bytes: &[u8], floor: usize, m: &Range<usize>) -> bool {
    let before_ok =
        m.start == floor || !is_word_byte(bytes[m.start - 1]) || !is_word_byte(bytes[m.start]);
    let after_ok =
        m.end == bytes.len() || !is_word_byte(bytes[m.end]) || !is_word_byte(bytes[m.end - 1]);
    before_ok && after_ok
}

/// ASCII letters and digits: what a word is made of for boundary checks.
/// Non-ASCII bytes count as non-word, like the `(?-u:\b)` the patterns use,
/// so Devanagari next to digits is a boundary.
pub(crate) const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The name detector's compiled cues.
#[derive(Debug)]
pub struct NameCues {
    /// Titles (`mr`, `dr`, `smt`), matched as the word before a name.
    pub titles: Gazetteer,
    /// Strong cues then weak cues in one automaton; see `strong_count`.
    pub cues: WordMatcher,
    /// Patterns `0..strong_count` of `cues` are strong cues.
    pub strong_count: usize,
    /// Sign-off words (`regards`, `thanks`).
    pub sign_offs: Gazetteer,
    /// Capitalized words that are never part of a name.
    pub stop_words: Gazetteer,
    /// Words that turn a preceding name-like phrase into an organisation.
    pub org_words: Gazetteer,
    /// Phrases inside which no name is found.
    pub not_names: WordMatcher,
    /// Every cue phrase ends with a letter or digit, or with one and a
    /// colon. Then a cue can end right before a name (with no initials in
    /// between) only if the word before the name is a [`Lists::CUE_END`]
    /// word, and the cue search runs only there.
    pub cue_words_bound: bool,
    /// Every not-a-name phrase holds a letter or digit. Then a name
    /// candidate can fall inside one only if one of its words is a
    /// [`Lists::NOT_NAME_WORD`], and that search runs only there.
    pub not_name_words_bound: bool,
}

/// Settings of the address expander.
#[derive(Debug)]
pub struct AddressRules {
    /// Words that open an address line (`flat`, `house`, `plot`).
    pub unit_words: Gazetteer,
    /// Labels before an address (`address`, `ship to`).
    pub labels: WordMatcher,
    /// The same labels, to test where [`WordMatcher::may_start_at`] lets
    /// one start, which costs far less than a search that finds nothing
    /// (`Residency`, `New York`).
    pub label_heads: LabelHeads,
    /// Words of running prose; an address starts after the last one.
    pub prose_words: Gazetteer,
    /// Most bytes an address extends back from its anchor.
    pub max_back_bytes: usize,
    /// Most lines an address spans.
    pub max_lines: usize,
}

/// Phrases (the address labels) keyed by their first four bytes, so a
/// test for one at a given byte is usually a bit test, and a binary search
/// where the bit is set.
#[derive(Debug)]
pub struct LabelHeads {
    /// [`LabelHeads::head`] of each phrase, sorted.
    heads: Vec<u32>,
    /// Bit [`LabelHeads::slot`] of each head set: a clear bit proves no
    /// phrase has the head, so most word starts (`Residency`, `delivered`)
    /// need no binary search.
    filter: [u64; FILTER_WORDS],
    /// The phrases, lower-cased, in the order of `heads`.
    phrases: Vec<Box<[u8]>>,
    /// Whether some phrase is shorter than four bytes (then every phrase is
    /// compared).
    has_short: bool,
}

impl LabelHeads {
    /// The phrases `words`, any ASCII case.
    pub fn new(words: &[String]) -> LabelHeads {
        let mut keyed: Vec<(u32, Box<[u8]>)> = words
            .iter()
            .map(|w| {
                let lower = w.to_ascii_lowercase().into_bytes().into_boxed_slice();
                (LabelHeads::head(&lower).unwrap_or(0), lower)
            })
            .collect();
        keyed.sort();
        let mut filter = [0; FILTER_WORDS];
        for (head, _) in &keyed {
            let slot = LabelHeads::slot(*head);
            filter[slot / 64] |= 1 << (slot % 64);
        }
        LabelHeads {
            filter,
            has_short: keyed.iter().any(|(_, w)| w.len() < 4),
            heads: keyed.iter().map(|(h, _)| *h).collect(),
            phrases: keyed.into_iter().map(|(_, w)| w).collect(),
        }
    }

    /// The first four bytes of `bytes`, with bit 5 of each set: both cases
    /// of a letter give the same head, and bytes equal in any ASCII case
    /// give equal heads (the converse need not hold).
    fn head(bytes: &[u8]) -> Option<u32> {
        let four: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
        Some(u32::from_le_bytes(four) | 0x2020_2020)
    }

    /// The bit of `head` in [`LabelHeads::filter`]: its top bits after a
    /// multiplicative hash, which spreads heads that differ in any byte.
    fn slot(head: u32) -> usize {
        (head.wrapping_mul(0x9e37_79b1) >> (32 - FILTER_BITS.trailing_zeros())) as usize
    }

    /// Whether a phrase is at the start of `rest` (any ASCII case) and, by
    /// `whole_end`, ends where a whole-word match may end.
    pub fn any_at(&self, rest: &[u8], whole_end: impl Fn(usize) -> bool) -> bool {
        let candidates = match LabelHeads::head(rest) {
            Some(head) if !self.has_short => {
                let slot = LabelHeads::slot(head);
                if self.filter[slot / 64] & (1 << (slot % 64)) == 0 {
                    return false;
                }
                // The phrases with this head follow the first one: one
                // binary search, then a step per phrase (one or two).
                let lo = self.heads.partition_point(|&h| h < head);
                let n = self.heads[lo..].iter().take_while(|&&h| h == head).count();
                &self.phrases[lo..lo + n]
            }
            _ => &self.phrases[..],
        };
        candidates
            .iter()
            .any(|w| LabelHeads::starts_with(rest, w) && whole_end(w.len()))
    }

    /// Whether `rest` starts with `phrase` (lower-case) in any ASCII case:
    /// `rest.get(..phrase.len()).is_some_and(|p| p.eq_ignore_ascii_case(phrase))`.
    ///
    /// A phrase of four bytes or more is compared eight bytes at a time
    /// (four for one shorter than eight), the last window overlapping the
    /// one before it, where the byte loop took about a dozen instructions
    /// a byte: a word start whose head matches a label's (`deliver it`,
    /// `office instead`) compared most of its bytes to learn it is none.
    fn starts_with(rest: &[u8], phrase: &[u8]) -> bool {
        let len = phrase.len();
        let Some(rest) = rest.get(..len) else {
            return false;
        };
        // The `width` (8 or 4) bytes from `at` of `rest`, lowered, and of
        // `phrase`, as little-endian words; `None` past the end, which no
        // call below reaches (`rest` is as long as `phrase`).
        let window = |at: usize, width: usize| -> Option<(u64, u64)> {
            let (text, want) = match width {
                8 => (
                    u64::from_le_bytes(*rest.get(at..)?.first_chunk::<8>()?),
                    u64::from_le_bytes(*phrase.get(at..)?.first_chunk::<8>()?),
                ),
                _ => (
                    u64::from(u32::from_le_bytes(*rest.get(at..)?.first_chunk::<4>()?)),
                    u64::from(u32::from_le_bytes(*phrase.get(at..)?.first_chunk::<4>()?)),
                ),
            };
            Some((ascii_lower(text), want))
        };
        let same = |at: usize, width: usize| window(at, width).is_some_and(|(t, w)| t == w);
        match len {
            0..4 => rest.eq_ignore_ascii_case(phrase),
            4..8 => same(0, 4) && same(len - 4, 4),
            _ => {
                let mut at = 0;
                while at + 8 < len {
                    if !same(at, 8) {
                        return false;
                    }
                    at += 8;
                }
                same(len - 8, 8)
            }
        }
    }
}

/// Bits of [`LabelHeads::filter`] (a power of two): with a few dozen
/// labels, about one head in a hundred that is no label's passes it.
const FILTER_BITS: usize = 4096;
/// `u64` words of [`LabelHeads::filter`].
const FILTER_WORDS: usize = FILTER_BITS / 64;

/// An example or counterexample from a rules file, for `veil check`.
#[derive(Debug, Clone)]
pub struct Example {
    /// File it came from.
    pub file: String,
    /// Rule id (or `names` / `address`).
    pub rule: String,
    /// Entity type the example is about.
    pub ty: EntityType,
    /// The text with markers removed.
    pub text: String,
    /// Byte ranges that must be found as `ty` (empty for a counterexample).
    pub expected: Vec<Range<usize>>,
    /// True for a counterexample: no `ty` entity may be found at all.
    pub counter: bool,
}

/// The compiled, immutable rule set shared by every scan.
#[derive(Debug)]
pub struct RuleSet {
    /// The regexes; see [`SearchGroup`]. Group 0 holds every rule without
    /// a required literal.
    pub(crate) groups: Vec<SearchGroup>,
    /// Every rule, in priority order.
    pub(crate) rules: Vec<CompiledRule>,
    /// Word lists.
    pub gazetteers: Gazetteers,
    /// Name cues.
    pub names: NameCues,
    /// Address expander settings.
    pub address: AddressRules,
    /// See [`RuleSet::max_lookbehind`]; computed once, as every scan
    /// asks for it.
    max_lookbehind: usize,
    /// Every word list above (gazetteers, name cues, address words), merged
    /// for one lookup per word; also the last word of each cue phrase
    /// ([`Lists::CUE_END`]) and every word of the not-a-name phrases
    /// ([`Lists::NOT_NAME_WORD`]).
    pub lexicon: Lexicon,
    /// Examples and counterexamples of every rule.
    pub examples: Vec<Example>,
}

impl RuleSet {
    /// Compiles rule files (as read from a directory or embedded).
    pub fn compile(files: &[SourceFile]) -> Result<RuleSet, RulesError> {
        let mut defs: Vec<(&str, RuleDef)> = Vec::new();
        for f in files.iter().filter(|f| f.name.starts_with("patterns/")) {
            let parsed: PatternFile = parse_toml(f)?;
            defs.extend(parsed.rule.into_iter().map(|r| (f.name.as_str(), r)));
        }
        let mut seen = HashSet::new();
        for (file, d) in &defs {
            if !seen.insert(d.id.clone()) {
                return Err(RulesError::DuplicateId {
                    file: (*file).to_owned(),
                    rule: d.id.clone(),
                });
            }
        }
        // Stable sort: equal priorities keep file order, so results do not
        // depend on hash order or directory listing order.
        defs.sort_by_key(|(_, d)| std::cmp::Reverse(d.priority));

        let syntax_config = syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .ignore_whitespace(true);
        let mut rules = Vec::with_capacity(defs.len());
        let mut examples = Vec::new();
        for (file, d) in &defs {
            rules.push(compile_rule(file, d, &syntax_config)?);
            examples.extend(rule_examples(file, d)?);
        }
        let build = |kind: MatchKind, patterns: &[&str]| {
            Regex::builder()
                .syntax(syntax_config)
                .configure(
                    meta::Config::new()
                        .match_kind(kind)
                        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                        .hybrid_cache_capacity(LAZY_CACHE_CAPACITY),
                )
                .build_many(patterns)
                .map_err(|e| RulesError::Build(e.to_string()))
        };
        // Group 0: rules without a literal; then one group per literal, in
        // order of first appearance.
        let mut literals: Vec<Option<&str>> = vec![None];
        for (_, d) in &defs {
            let lit = d.required_literal.as_deref();
            if !literals.contains(&lit) {
                literals.push(lit);
            }
        }
        let mut groups = Vec::with_capacity(literals.len());
        for (g, lit) in literals.iter().enumerate() {
            let members: Vec<usize> = (0..defs.len())
                .filter(|&i| defs[i].1.required_literal.as_deref() == *lit)
                .collect();
            let patterns: Vec<&str> = members
                .iter()
                .map(|&i| defs[i].1.pattern.as_str())
                .collect();
            let search = build(MatchKind::LeftmostFirst, &patterns)?;
            let lazy = LazySearch::new(&patterns, syntax_config)?;
            let overlap = build(MatchKind::All, &patterns)?;
            let first_bytes = first_bytes(&patterns, syntax_config)?;
            let digit_window = members
                .iter()
                .map(|&i| rules[i].digits)
                .try_fold(DigitReach::default(), |acc, d| d.map(|d| acc.max(d)));
            let window = match (digit_window, lit) {
                (Some(reach), _) => Some(Window {
                    anchor: Anchor::Digit,
                    reach,
                }),
                (None, Some(lit)) => literal_window(lit, &patterns, syntax_config)?,
                (None, None) => None,
            };
            for (local, &i) in members.iter().enumerate() {
                let (file, d) = &defs[i];
                let local = PatternID::new(local).map_err(|e| RulesError::Build(e.to_string()))?;
                let rule = &mut rules[i];
                rule.group = g;
                rule.local = local;
                if let Some(group) = &d.capture {
                    let own = build(MatchKind::LeftmostFirst, &[d.pattern.as_str()])?;
                    rule.capture = Some(
                        own.group_info()
                            .to_index(PatternID::ZERO, group)
                            .ok_or_else(|| RulesError::UnknownCapture {
                                file: (*file).to_owned(),
                                rule: d.id.clone(),
                                group: group.clone(),
                            })?,
                    );
                    rule.capture_regex = Some(own);
                    let hir = syntax::parse_with(&d.pattern, &syntax_config)
                        .map_err(|e| RulesError::Build(e.to_string()))?;
                    rule.capture_tail = tail_capture(&hir, group);
                }
            }
            let (run_rules, others): (Vec<usize>, Vec<usize>) =
                members.iter().partition(|&&i| is_digit_run_rule(&rules[i]));
            let short = match (digit_window, run_rules.is_empty() || others.is_empty()) {
                (Some(_), false) => {
                    let patterns: Vec<&str> =
                        others.iter().map(|&i| defs[i].1.pattern.as_str()).collect();
                    let runs = DigitRuns {
                        gap: run_rules
                            .iter()
                            .filter_map(|&i| rules[i].digits.map(|d| d.gap))
                            .max()
                            .unwrap_or(0),
                        between: run_rules.iter().fold(ByteSet::default(), |acc, &i| {
                            acc.union(rules[i].other_bytes)
                        }),
                        min_digits: run_rules
                            .iter()
                            .map(|&i| rules[i].min_match_digits)
                            .min()
                            .unwrap_or(0),
                    };
                    for &i in &run_rules {
                        rules[i].digit_run = true;
                    }
                    Some(ShortSearch {
                        search: build(MatchKind::LeftmostFirst, &patterns)?,
                        lazy: LazySearch::new(&patterns, syntax_config)?,
                        rules: others,
                        runs,
                    })
                }
                _ => None,
            };
            // Only for rules that check their whole match: a capture's
            // value would not end with the match's tail.
            let tails = match window {
                Some(Window {
                    anchor: Anchor::Byte(byte),
                    ..
                }) if members.iter().all(|&i| defs[i].1.capture.is_none()) => {
                    Tails::new(byte, &patterns, syntax_config)?
                }
                _ => None,
            };
            groups.push(SearchGroup {
                literal: lit.map(|l| memchr::memmem::Finder::new(l.as_bytes()).into_owned()),
                search,
                lazy,
                overlap,
                rules: members,
                first_bytes,
                window,
                short,
                tails,
            });
        }

        let names_file = find_file(files, "names.toml")?;
        let names_def: NamesFile = parse_toml(names_file)?;
        let mut lexicon = Lexicon::default();
        let names = compile_names(names_file, &names_def, &mut lexicon)?;
        examples.extend(marked_examples(
            &names_file.name,
            "names",
            EntityType::Name,
            &names_def.examples,
            &names_def.counterexamples,
        )?);
        let address_file = find_file(files, "address.toml")?;
        let address_def: AddressFile = parse_toml(address_file)?;
        let address = AddressRules {
            unit_words: word_set(&address_def.unit_words),
            labels: WordMatcher::from_list(&address_def.labels).map_err(|message| {
                RulesError::Toml {
                    file: address_file.name.clone(),
                    message,
                }
            })?,
            label_heads: LabelHeads::new(&address_def.labels),
            prose_words: word_set(&address_def.prose_words),
            max_back_bytes: address_def.max_back_bytes,
            max_lines: address_def.max_lines,
        };
        examples.extend(marked_examples(
            &address_file.name,
            "address",
            EntityType::Address,
            &address_def.examples,
            &address_def.counterexamples,
        )?);

        let gazetteers = Gazetteers::from_files(files)?;
        add_word_lists(&mut lexicon, &gazetteers, &names, &address);
        // The widest context window, and never under 64 bytes.
        let max_lookbehind = rules
            .iter()
            .map(|r| r.context_window)
            .max()
            .unwrap_or(0)
            .max(64);
        Ok(RuleSet {
            groups,
            rules,
            gazetteers,
            names,
            address,
            max_lookbehind,
            lexicon,
            examples,
        })
    }

    /// The compiled rules, in priority order (index = pattern id).
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// Longest span (bytes) any single detection can cover: a pattern match,
    /// or an address grown backwards from its anchor.
    pub fn max_entity_len(&self) -> usize {
        MAX_PATTERN_MATCH_LEN + self.address.max_back_bytes
    }

    /// Longest distance (bytes) a detection looks before its own start.
    pub fn max_lookbehind(&self) -> usize {
        self.max_lookbehind
    }
}

/// The window of a group whose matches all hold `literal`: every match
/// holds its first byte (if ASCII), read off the patterns so as not to rely
/// on the rule's word for it. `None` if some pattern can match without it.
fn literal_window(
    literal: &str,
    patterns: &[&str],
    syntax_config: syntax::Config,
) -> Result<Option<Window>, RulesError> {
    let Some(&byte) = literal.as_bytes().first().filter(|b| b.is_ascii()) else {
        return Ok(None);
    };
    let anchor = Anchor::Byte(byte);
    let mut reach = DigitReach::default();
    for pattern in patterns {
        let hir = syntax::parse_with(pattern, &syntax_config)
            .map_err(|e| RulesError::Build(e.to_string()))?;
        match super::digits::reach(&hir, anchor) {
            Some(d) if d.free.is_none() => match d.with {
                Some(r) => reach = reach.max(r),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(Some(Window { anchor, reach }))
}

/// For [`SearchGroup::first_bytes`]: per byte, the patterns whose matches
/// can start with it. Look-around assertions are passed over, so this is a
/// superset of the truth.
fn first_bytes(
    patterns: &[&str],
    syntax_config: syntax::Config,
) -> Result<Box<[u64; 256]>, RulesError> {
    let mut table = Box::new([0u64; 256]);
    if patterns.len() > 64 {
        table.fill(u64::MAX);
        return Ok(table);
    }
    let nfa = thompson::Compiler::new()
        .syntax(syntax_config)
        .configure(thompson::Config::new().nfa_size_limit(Some(64 << 20)))
        .build_many(patterns)
        .map_err(|e| RulesError::Build(e.to_string()))?;
    for (i, pid) in nfa.patterns().enumerate() {
        let bit = 1u64 << i;
        let mut mark = |lo: u8, hi: u8| {
            for b in lo..=hi {
                table[usize::from(b)] |= bit;
            }
        };
        // An empty match (patterns cannot have one) could start before
        // any byte.
        if for_each_start_byte(&nfa, pid, &mut mark) {
            mark(0, 255);
        }
    }
    Ok(table)
}

/// Calls `mark` with each byte range a match of `nfa`'s pattern `pid`
/// can start with, passing over look-around assertions (a superset of
/// the truth); true if the pattern can also match the empty string.
fn for_each_start_byte(nfa: &thompson::NFA, pid: PatternID, mut mark: impl FnMut(u8, u8)) -> bool {
    use regex_automata::nfa::thompson::State;
    let mut empty = false;
    let mut stack: Vec<_> = nfa.start_pattern(pid).into_iter().collect();
    let mut seen = HashSet::new();
    while let Some(sid) = stack.pop() {
        if !seen.insert(sid) {
            continue;
        }
        match nfa.state(sid) {
            State::ByteRange { trans } => mark(trans.start, trans.end),
            State::Sparse(sparse) => {
                for t in sparse.transitions.iter() {
                    mark(t.start, t.end);
                }
            }
            State::Dense(dense) => {
                for b in 0..=255u8 {
                    if dense.matches_byte(b).is_some() {
                        mark(b, b);
                    }
                }
            }
            State::Look { next, .. } | State::Capture { next, .. } => stack.push(*next),
            State::Union { alternates } => stack.extend(alternates.iter().copied()),
            State::BinaryUnion { alt1, alt2 } => stack.extend([*alt1, *alt2]),
            State::Fail => {}
            State::Match { .. } => empty = true,
        }
    }
    empty
}

fn find_file<'a>(files: &'a [SourceFile], name: &str) -> Result<&'a SourceFile, RulesError> {
    files
        .iter()
        .find(|f| f.name == name)
        .ok_or_else(|| RulesError::MissingFile {
            file: name.to_owned(),
        })
}

fn parse_toml<T: serde::de::DeserializeOwned>(f: &SourceFile) -> Result<T, RulesError> {
    toml::from_str(&f.text).map_err(|e| RulesError::Toml {
        file: f.name.clone(),
        message: e.to_string(),
    })
}

fn compile_rule(
    file: &str,
    d: &RuleDef,
    syntax_config: &syntax::Config,
) -> Result<CompiledRule, RulesError> {
    let err = |message: String| RulesError::BadPattern {
        file: file.to_owned(),
        rule: d.id.clone(),
        message,
    };
    let ty: EntityType = d.ty.parse().map_err(|source| RulesError::UnknownType {
        file: file.to_owned(),
        rule: d.id.clone(),
        source,
    })?;
    let hir = syntax::parse_with(&d.pattern, syntax_config).map_err(|e| err(e.to_string()))?;
    let props = hir.properties();
    if props.minimum_len().is_none_or(|n| n == 0) {
        return Err(err("pattern can match the empty string".to_owned()));
    }
    let max_len = match props.maximum_len() {
        Some(n) if n <= MAX_PATTERN_MATCH_LEN => n,
        _ => {
            return Err(err(format!(
                "pattern must have a length bound of at most {MAX_PATTERN_MATCH_LEN} bytes (use {{m,n}}, not * or +)"
            )));
        }
    };
    if let Some(lit) = &d.required_literal
        && (lit.is_empty() || !d.pattern.contains(lit.as_str()))
    {
        return Err(err(format!(
            "required_literal {lit:?} must be non-empty and written in the pattern"
        )));
    }
    if d.context_after && d.context_window > MAX_CONTEXT_AFTER {
        return Err(err(format!(
            "context_window is {} but a context_after rule may look at most {MAX_CONTEXT_AFTER} bytes ahead",
            d.context_window
        )));
    }
    let validators = d
        .validators
        .iter()
        .map(|name| {
            Validator::from_name(name).ok_or_else(|| RulesError::UnknownValidator {
                file: file.to_owned(),
                rule: d.id.clone(),
                name: name.clone(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Every accepted match holds a digit if every match does, or if a
    // validator refuses values without one (the value is part of the match).
    let digits = super::digits::digits(&hir).and_then(|d| {
        let needs_digit = d.free.is_none() || validators.iter().any(|v| v.needs_digit());
        needs_digit.then(|| d.with.unwrap_or_default())
    });
    let min_digits = validators
        .iter()
        .map(|v| v.min_digits())
        .chain(digits.map(|_| 1))
        .max()
        .unwrap_or(0);
    let pattern_digits = super::digits::min_digits(&hir);
    let min_match_digits = min_digits.max(pattern_digits);
    let other_bytes = super::digits::other_bytes(&hir);
    let expand = match d.expand.as_deref() {
        None => None,
        Some("address") => Some(Expand::Address),
        Some(other) => {
            return Err(RulesError::UnknownExpander {
                file: file.to_owned(),
                rule: d.id.clone(),
                name: other.to_owned(),
            });
        }
    };
    let matcher = |words: &[String]| -> Result<Option<WordMatcher>, RulesError> {
        if words.is_empty() {
            return Ok(None);
        }
        WordMatcher::from_list(words).map(Some).map_err(err)
    };
    Ok(CompiledRule {
        id: d.id.clone(),
        file: file.to_owned(),
        ty,
        priority: d.priority,
        validators,
        capture: None,
        capture_regex: None,
        capture_tail: None,
        context: matcher(&d.context)?,
        anti_context: matcher(&d.anti_context)?,
        context_window: d.context_window,
        context_after: d.context_after,
        isolated: d.isolated,
        expand,
        digits,
        min_digits,
        min_match_digits,
        pattern_digits,
        other_bytes,
        max_len,
        lead_digits: super::digits::lead_digits(&hir),
        digit_run: false,
        group: 0,
        local: PatternID::ZERO,
    })
}

/// Adds every word list to `lex` (which already holds the cue and
/// not-a-name words from `compile_names`).
fn add_word_lists(lex: &mut Lexicon, g: &Gazetteers, n: &NameCues, a: &AddressRules) {
    lex.add(&g.first_names, Lists::FIRST_NAME);
    lex.add(&g.surnames, Lists::SURNAME);
    lex.add(&g.ambiguous_names, Lists::AMBIGUOUS);
    for place in [
        &g.indian_cities,
        &g.indian_states,
        &g.us_states,
        &g.us_cities,
    ] {
        lex.add(place, Lists::PLACE);
    }
    lex.add(&g.street_words, Lists::STREET);
    lex.add(&n.stop_words, Lists::STOP);
    lex.add(&n.titles, Lists::TITLE);
    lex.add(&n.org_words, Lists::ORG);
    lex.add(&n.sign_offs, Lists::SIGN_OFF);
    lex.add(&g.us_states, Lists::US_STATE);
    lex.add(&g.us_state_codes, Lists::US_STATE_CODE);
    lex.add(&a.unit_words, Lists::UNIT);
    lex.add(&a.prose_words, Lists::PROSE);
}

fn compile_names(
    file: &SourceFile,
    d: &NamesFile,
    lexicon: &mut Lexicon,
) -> Result<NameCues, RulesError> {
    let mut cues = d.strong_cues.clone();
    cues.extend(d.weak_cues.iter().cloned());
    let mut cue_words_bound = true;
    for (n, cue) in cues.iter().enumerate() {
        match cue_last_word(cue.as_bytes()) {
            Some(w) => {
                lexicon.add_cue_end(w, cue.len());
                // Strong cues come first in `cues`.
                if n < d.strong_cues.len() {
                    lexicon.add_word(w, Lists::STRONG_CUE_END);
                }
            }
            None => cue_words_bound = false,
        }
    }
    let mut not_name_words_bound = true;
    for phrase in &d.not_names {
        let mut words = phrase
            .as_bytes()
            .split(|&b| !is_word_byte(b))
            .filter(|w| !w.is_empty())
            .peekable();
        not_name_words_bound &= words.peek().is_some();
        for w in words {
            lexicon.add_word(w, Lists::NOT_NAME_WORD);
        }
    }
    Ok(NameCues {
        titles: word_set(&d.titles),
        cues: WordMatcher::from_list(&cues).map_err(|message| RulesError::Toml {
            file: file.name.clone(),
            message,
        })?,
        strong_count: d.strong_cues.len(),
        sign_offs: word_set(&d.sign_offs),
        stop_words: word_set(&d.stop_words),
        org_words: word_set(&d.org_words),
        not_names: WordMatcher::from_list(&d.not_names).map_err(|message| RulesError::Toml {
            file: file.name.clone(),
            message,
        })?,
        cue_words_bound,
        not_name_words_bound,
    })
}

/// The last word of a cue phrase, if the phrase has the shape the name pass
/// relies on (see [`NameCues::cue_words_bound`]): it ends with a letter or
/// digit, or with one and a colon.
fn cue_last_word(cue: &[u8]) -> Option<&[u8]> {
    let body = cue.strip_suffix(b":").unwrap_or(cue);
    let start = body
        .iter()
        .rposition(|&b| !is_word_byte(b))
        .map_or(0, |i| i + 1);
    let word = &body[start..];
    (!word.is_empty()).then_some(word)
}

/// A gazetteer from a TOML list (entries lower-cased, trailing dots kept).
fn word_set(words: &[String]) -> Gazetteer {
    let text: String = words
        .iter()
        .map(|w| format!("{}\n", w.to_ascii_lowercase()))
        .collect();
    // Entries come from our own TOML; characters outside the gazetteer
    // alphabet are dropped from the set rather than failing the load.
    Gazetteer::parse("", &text).unwrap_or_default()
}

fn rule_examples(file: &str, d: &RuleDef) -> Result<Vec<Example>, RulesError> {
    let ty: EntityType = d.ty.parse().map_err(|source| RulesError::UnknownType {
        file: file.to_owned(),
        rule: d.id.clone(),
        source,
    })?;
    marked_examples(file, &d.id, ty, &d.examples, &d.counterexamples)
}

fn marked_examples(
    file: &str,
    rule: &str,
    ty: EntityType,
    examples: &[String],
    counterexamples: &[String],
) -> Result<Vec<Example>, RulesError> {
    let mut out = Vec::new();
    for ex in examples {
        let (text, expected) = strip_markers(ex).ok_or_else(|| RulesError::Toml {
            file: file.to_owned(),
            message: format!("rule `{rule}`: example needs one or more [[…]] markers: {ex:?}"),
        })?;
        out.push(Example {
            file: file.to_owned(),
            rule: rule.to_owned(),
            ty,
            text,
            expected,
            counter: false,
        });
    }
    for ex in counterexamples {
        out.push(Example {
            file: file.to_owned(),
            rule: rule.to_owned(),
            ty,
            text: ex.clone(),
            expected: Vec::new(),
            counter: true,
        });
    }
    Ok(out)
}

/// Removes `[[` `]]` markers, returning the text and the marked ranges.
fn strip_markers(s: &str) -> Option<(String, Vec<Range<usize>>)> {
    let mut text = String::with_capacity(s.len());
    let mut ranges = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]")?;
        let start = text.len();
        text.push_str(&after[..close]);
        ranges.push(start..text.len());
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    (!ranges.is_empty()).then_some((text, ranges))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head filter and the word-wide compare refuse only where
    /// comparing every phrase byte by byte finds none: checked at the
    /// labels themselves, at near misses of them (one byte changed, any
    /// case, cut short) and at random byte strings.
    #[test]
    fn the_label_head_filter_refuses_only_where_no_label_is() {
        let rules = RuleSet::embedded().expect("rules");
        let heads = &rules.address.label_heads;
        let every = |rest: &[u8], end_ok: &dyn Fn(usize) -> bool| {
            heads.phrases.iter().any(|w| {
                rest.get(..w.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(w))
                    && end_ok(w.len())
            })
        };
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        };
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for w in &heads.phrases {
            inputs.push(w.to_vec());
            inputs.push(w.to_ascii_uppercase());
            inputs.push([&w[..], b" 12"].concat());
            for i in 0..w.len() {
                let mut near = w.to_vec();
                near[i] = near[i].wrapping_add(1 + (next() % 3) as u8);
                inputs.push(near);
                // Bytes one bit from a letter's other case, or from ASCII
                // (`@`, `[`, NUL for a space, `\xc1` for `a`): the
                // eight-byte compare must tell them from the label's.
                for flip in [0x20, 0x40, 0x80, 0xa0, 0x01] {
                    let mut near = w.to_vec();
                    near[i] ^= flip;
                    inputs.push([&near[..], b" x"].concat());
                }
            }
            // Each byte in a random case, whole and cut short.
            for _ in 0..20 {
                let mixed = random_case(w, &mut next);
                inputs.push(mixed[..(next() as usize % (mixed.len() + 1))].to_vec());
                inputs.push(mixed);
            }
        }
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            inputs.push(
                (0..len)
                    .map(|_| b"adrshiptoe :lv"[next() as usize % 14])
                    .collect(),
            );
        }
        let mut found = 0;
        for rest in &inputs {
            let ends: [&dyn Fn(usize) -> bool; 2] = [&|_| true, &|len| len % 2 == 0];
            for end_ok in ends {
                let want = every(rest, end_ok);
                found += usize::from(want);
                assert_eq!(
                    heads.any_at(rest, end_ok),
                    want,
                    "{:?}",
                    String::from_utf8_lossy(rest)
                );
            }
        }
        // The comparison saw labels, not only misses.
        assert!(found > heads.phrases.len(), "{found}");
    }

    /// `bytes` with each byte upper-cased or left as it is, at random.
    fn random_case(bytes: &[u8], next: &mut impl FnMut() -> u64) -> Vec<u8> {
        bytes
            .iter()
            .map(|&b| {
                if next().is_multiple_of(2) {
                    b.to_ascii_uppercase()
                } else {
                    b
                }
            })
            .collect()
    }

    /// [`LabelHeads::starts_with`] agrees with `eq_ignore_ascii_case` for
    /// phrases of every length up to 24 bytes, against texts that match
    /// them, differ in one byte (one bit flipped) or are cut short.
    #[test]
    fn the_wide_phrase_compare_matches_the_byte_compare() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"abcxyz :.-@[`{\x00\xc1\xe1";
        let mut matches = 0;
        for _ in 0..20_000 {
            let len = (next() % 25) as usize;
            let phrase: Vec<u8> = (0..len)
                .map(|_| alphabet[next() as usize % alphabet.len()].to_ascii_lowercase())
                .collect();
            let mut rest = random_case(&phrase, &mut next);
            match next() % 4 {
                0 if len > 0 => {
                    let i = next() as usize % len;
                    rest[i] ^= [0x20, 0x40, 0x80, 0x01][next() as usize % 4];
                }
                1 => rest.truncate(next() as usize % (len + 1)),
                _ => {}
            }
            rest.extend((0..next() % 10).map(|_| alphabet[next() as usize % alphabet.len()]));
            let want = rest
                .get(..phrase.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(&phrase));
            matches += usize::from(want);
            assert_eq!(
                LabelHeads::starts_with(&rest, &phrase),
                want,
                "{phrase:?} {rest:?}"
            );
        }
        assert!(matches > 5_000, "{matches}");
    }

    #[test]
    fn markers_are_stripped_into_ranges() {
        let (text, ranges) = strip_markers("call [[98765 43210]] or [[a@b.in]]").unwrap();
        assert_eq!(text, "call 98765 43210 or a@b.in");
        assert_eq!(&text[ranges[0].clone()], "98765 43210");
        assert_eq!(&text[ranges[1].clone()], "a@b.in");
        assert!(strip_markers("no markers").is_none());
    }

    /// The embedded rules with `patterns/email.toml` replaced by `toml`.
    fn compile_with_email_file(toml: &str) -> Result<RuleSet, RulesError> {
        let mut files = crate::rules::embedded::files();
        let email = files
            .iter_mut()
            .find(|f| f.name == "patterns/email.toml")
            .expect("embedded email rules");
        email.text = toml.to_owned();
        RuleSet::compile(&files)
    }

    const EMAIL_RULE: &str = r#"
[[rule]]
id = "email.test"
type = "TYPE"
priority = 90
pattern = '[a-z]{1,20} @ [a-z]{1,20} \. [a-z]{2,6}'
required_literal = "LIT"
"#;

    #[test]
    fn startup_errors_name_the_file_and_rule() {
        let error_for = |toml: String| compile_with_email_file(&toml).unwrap_err().to_string();
        let email_rule =
            |ty: &str, literal: &str| EMAIL_RULE.replace("TYPE", ty).replace("LIT", literal);
        let e = error_for(email_rule("emial", "@"));
        assert!(
            e.contains("patterns/email.toml") && e.contains("email.test") && e.contains("emial"),
            "{e}"
        );
        let e = error_for(email_rule("email", "#"));
        assert!(
            e.contains("email.test") && e.contains("required_literal"),
            "{e}"
        );
        // An empty context word would be found everywhere, and the
        // whole-word test has no byte before an empty match at 0.
        let e = error_for(email_rule("email", "@") + "context = [\"mail\", \"\"]\n");
        assert!(
            e.contains("patterns/email.toml") && e.contains("email.test") && e.contains("empty"),
            "{e}"
        );
    }

    #[test]
    fn a_required_literal_puts_the_rule_in_its_own_search_group() {
        let rules =
            compile_with_email_file(&EMAIL_RULE.replace("TYPE", "email").replace("LIT", "@"))
                .expect("compiles");
        let rule = rules.rules.iter().find(|r| r.id == "email.test").unwrap();
        let group = &rules.groups[rule.group];
        assert_ne!(rule.group, 0);
        assert_eq!(group.literal.as_ref().map(|f| f.needle()), Some(&b"@"[..]));
        assert!(
            rules.groups[0]
                .rules
                .iter()
                .all(|&i| rules.rules[i].id != "email.test")
        );
        // Found through the separate group, and merged in text order with
        // the main group's matches.
        let r = crate::redact::Redactor::new(std::sync::Arc::new(rules), Default::default());
        let mut scratch = r.scratch();
        let found: Vec<_> = r
            .scan(
                &mut scratch,
                "call 98765 43210 or mail ravi@mail.com, ref 203.0.113.9",
            )
            .iter()
            .map(|e| e.ty.as_str())
            .collect();
        assert_eq!(found, ["phone", "email", "ip"]);
    }

    /// Word lists for the hand-walked search: overlapping phrases (one a
    /// prefix, suffix or part of another), separators inside phrases, one
    /// byte phrases and an empty one (the only way to get empty matches).
    const WALK_LISTS: &[&[&str]] = &[
        &["to", "talked to", "a/c", "a/c no", "acc", "account"],
        &["abcd", "bc", "b", "cde", "d", "bcdx"],
        &["", "a", "ab", "ba"],
        &["mr", "mrs", "Dr.", "Dr", "r. k", "regards"],
        &["khata", "खाता", "a/c", "ifsc", "savings", "current account"],
    ];

    /// A haystack made of `pieces`: (kind, pick, len, byte). Kinds
    /// are a whole phrase, a prefix of one, a phrase with flipped ASCII
    /// case, a separator and a random byte.
    fn walk_haystack(words: &[&str], pieces: &[(u8, usize, usize, u8)]) -> Vec<u8> {
        let mut hay = Vec::new();
        for &(kind, pick, len, byte) in pieces {
            let w = words[pick % words.len()].as_bytes();
            match kind % 5 {
                0 => hay.extend_from_slice(w),
                1 => hay.extend_from_slice(&w[..len % (w.len() + 1)]),
                2 => hay.extend(w.iter().enumerate().map(|(i, &b)| {
                    if (len >> (i % 16)) & 1 == 1 {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    }
                })),
                3 => hay.push(b" /.-\n,"[len % 6]),
                _ => hay.push(byte),
            }
        }
        hay
    }

    proptest::proptest! {
        /// The hand-walked DFA search, with and without stepping over bytes
        /// that start no phrase, returns exactly what aho-corasick's own
        /// `try_find` and `try_find_iter` do, from random starts.
        #[test]
        fn the_hand_walked_search_agrees_with_aho_corasick(
            list in 0..WALK_LISTS.len(),
            pieces in proptest::collection::vec(
                (0u8..5, 0usize..16, 0usize..1 << 16, proptest::num::u8::ANY),
                0..24,
            ),
            from in 0usize..64,
            to in 0usize..64,
        ) {
            let words: Vec<String> = WALK_LISTS[list].iter().map(|w| w.to_string()).collect();
            let m = WordMatcher::new(&words).expect("builds");
            let hay = walk_haystack(WALK_LISTS[list], &pieces);
            let from = from.min(hay.len());
            let to = to.clamp(from, hay.len());
            let theirs = m
                .ac
                .try_find(&aho_corasick::Input::new(&hay).span(from..to))
                .expect(UNANCHORED)
                .map(|x| (x.pattern().as_usize(), x.range()));
            proptest::prop_assert_eq!(m.find_at(&hay, from..to), theirs.clone());
            proptest::prop_assert_eq!(m.find_at_skipping(&hay, from..to), theirs);
            let theirs: Vec<_> = m
                .ac
                .try_find_iter(aho_corasick::Input::new(&hay).span(from..hay.len()))
                .expect(UNANCHORED)
                .map(|x| (x.pattern().as_usize(), x.range()))
                .collect();
            let ours: Vec<_> = m.raw_iter(&hay, from).collect();
            proptest::prop_assert_eq!(&ours, &theirs);
            let skipping: Vec<_> = m.raw_iter_with::<true>(&hay, from).collect();
            proptest::prop_assert_eq!(skipping, theirs);
            // `found_in` (which steps over bytes) against the plain
            // whole-word search, on text cut at char boundaries. (Not with
            // an empty phrase: `whole_word` cannot judge an empty match at
            // 0, and no rule's list holds one.)
            if !WALK_LISTS[list].contains(&"") {
                let text = String::from_utf8_lossy(&hay);
                proptest::prop_assert_eq!(m.found_in(&text), m.find_all(&text).next().is_some());
            }
        }
    }
}
