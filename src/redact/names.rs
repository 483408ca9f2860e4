//! Person names: gazetteers + capitalization + cues.
//!
//! A capitalized word from the first-name list starts a name unless it is
//! also a common word or a place (those need a cue). Cues are titles
//! (`Mr.`, `Smt`), phrases (`my name is`, `spoke to`) and sign-offs
//! (`Thanks,\nWill`). A name extends over following capitalized surnames or
//! first names and back over initials (`R. K. Sharma`).

use std::ops::Range;

use super::phrases::{LazyPhrases, PhraseMatch};
use super::scan::Found;
use super::words::{WordStarts, letter_bits};
use crate::entity::{Entity, EntityType};
use crate::rules::{Entry, Lexicon, Lists, RuleSet, is_word_byte};

/// Longest name in words; also bounds how far a name looks ahead.
const MAX_NAME_WORDS: usize = 4;

/// How strongly the text before a word says "a name follows".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    None,
    /// `ask`, `dear`, `from`: a capitalized gazetteer word is a name even if
    /// it is also a common word.
    Weak,
    /// `my name is`, `this is`, titles, sign-offs: lower-case gazetteer
    /// words count too, and a capitalized unknown word after a title.
    Strong,
    /// A title (`Mr.`): any capitalized word that is not a stop word.
    Title,
}

/// Finds names starting at or after `from` that do not overlap `taken`
/// (sorted, from the pattern pass; taken as found so no copy of their
/// entities is made per call). Appends to `out` in order.
///
/// Cost: a lower-case word the name filter rejects (most words of running
/// text) is skipped in the word-start loop ([`WordStarts::next_unless`]),
/// a few instructions each, and so is a short capitalized stop word, for
/// one lookup; every other word costs a lexicon lookup and more; the
/// cue and not-a-name phrase searches run only around the few words that
/// could start a name (see [`LazyPhrases`]), and an unlisted capitalized
/// word with nothing capitalized after it asks only whether a title
/// precedes it.
pub fn find(
    rules: &RuleSet,
    scratch: &mut NameScratch,
    text: &str,
    from: usize,
    taken: &[Found],
    out: &mut Vec<Entity>,
) {
    let floor = floor_char(text, from.saturating_sub(rules.max_lookbehind()));
    let mut pass = Pass::new(rules, text, floor, std::mem::take(scratch));
    // A copy for the word-start loop's skip test, which runs while `pass`
    // is borrowed by the loop body.
    let ctx = pass.ctx;
    let lex = &rules.lexicon;
    let bytes = text.as_bytes();
    let mut i = from;
    // The first pattern entity that may end after the word at hand: read
    // by the word-start loop's skip test as well as by the loop's body.
    let taken_idx = std::cell::Cell::new(0);
    let next_taken = |at: usize| {
        let mut k = taken_idx.get();
        while k < taken.len() && taken[k].entity.end <= at {
            k += 1;
        }
        taken_idx.set(k);
        taken.get(k)
    };
    let overlaps_taken =
        |word: &Range<usize>| next_taken(word.start).is_some_and(|t| t.entity.start < word.end);
    // Each step starts at the next word start at or after `i`: an ASCII
    // letter not preceded by a word byte (so not inside `x2b`, `ab_cd`).
    let mut starts = WordStarts::new(bytes, from);
    // Most words are lower-case and no name: `next_unless` skips the short
    // ones the name filter rejects, a few instructions each, and the short
    // capitalized stop words and titles (`I`, `The`, `Hi`, `Mr`: most
    // capitalized words of chat text), which `candidate` below refuses
    // whatever is around them, for one lookup each. It also skips, for a
    // title or cue test more, the short words the tests below would
    // refuse next (see `refused_before_a_phrase_search`). It gives the end
    // and key of the short words it let through (`known`); the tests below
    // skip the same words (and the rest) at greater cost.
    // The lists of the last word `skip` looked up (every `known` word), so
    // that a word it lets through is not looked up twice.
    let known_lists = std::cell::Cell::new(Lists::NONE);
    let skip = |start: usize, end: usize, key: u128, capitalized: bool| {
        if !capitalized && !lex.key_may_be_name(key) {
            return true;
        }
        let lists = lex.entry_of_key(key).lists;
        known_lists.set(lists);
        refused_before_a_phrase_search(ctx, start..end, lists, capitalized, overlaps_taken)
    };
    // The lower-case half of `skip`'s first test, asked on its own first.
    let reject = |key: u128| !lex.key_may_be_name(key);
    while let Some((start, known)) = starts.next_unless(i, reject, skip) {
        i = start;
        let short = match known {
            Some((end, key)) => Some((end, false, key)),
            None => short_word_in::<true>(bytes, i),
        };
        let (word, inner_punct, key) = match short {
            Some((end, inner_punct, key)) => (i..end, inner_punct, Some(key)),
            None => {
                let (word, inner_punct) = word_span(text, i);
                let key = Lexicon::key(&bytes[word.clone()]);
                (word, inner_punct, key)
            }
        };
        let capitalized = bytes[i].is_ascii_uppercase();
        // A cheap filter skips the lookup for nearly all lower-case words
        // (`Mary-jane` is looked up by parts).
        // (A lower-case `known` word has passed it.)
        if known.is_none() && !capitalized && !inner_punct && !lex.may_be_name(key) {
            i = word.end;
            continue;
        }
        // An initial ("R." in "R. K. Sharma") is taken in from the word
        // after it, never a name by itself.
        if word.len() == 1 && bytes.get(word.end) == Some(&b'.') {
            i = word.end;
            continue;
        }
        if overlaps_taken(&word) {
            i = word.end.max(i + 1);
            continue;
        }
        let w = &text[word.clone()];
        let lists = if known.is_some() {
            known_lists.get()
        } else {
            lex.entry_of(w.as_bytes(), key).lists
        };
        // Most words of running text stop here, before any phrase search:
        // a lower-case word starts a name only if it is a listed name (and
        // then only after a strong cue), and `name_at` refuses stop words
        // and titles whatever precedes them.
        // (Only a word with inner punctuation can hold a `-`.)
        let named =
            lists.any(Lists::NAME) || (inner_punct && listed_as(lex, w, lists, Lists::NAME));
        let candidate = if capitalized {
            !lists.any(Lists::STOP.or(Lists::TITLE))
        } else {
            named
        };
        if !candidate {
            i = word.end;
            continue;
        }
        // Festivals, landmarks, teams: phrases no name is found inside.
        if let Some(end) = pass.blocked_at(i, &word, lists, !inner_punct) {
            i = end.max(word.end);
            continue;
        }
        // A lower-case name needs a strong cue, and the word before nearly
        // every word of running text (`you will`) can end none: one lookup
        // refuses it, sparing the cue search.
        if !capitalized && !pass.strong_cue_may_end_before(i) {
            i = word.end;
            continue;
        }
        let cue = if capitalized && !named && !capital_after(bytes, word.end) {
            // An unlisted capitalized word with no capitalized word after
            // it is a name only after a title: after any other cue
            // `name_at` wants a listed name or a following word. Asking
            // only for the title spares the cue phrase search.
            if !pass.title_before(i) {
                i = word.end;
                continue;
            }
            Cue::Title
        } else {
            pass.cue_before(i)
        };
        if !capitalized && cue < Cue::Strong {
            i = word.end;
            continue;
        }
        let limit = Limit {
            taken: taken
                .get(taken_idx.get())
                .map_or(text.len(), |t| t.entity.start),
            name_start: i,
        };
        match name_at(&mut pass, word.clone(), lists, cue, limit) {
            Some(span) => {
                out.push(Entity {
                    ty: EntityType::Name,
                    start: span.start,
                    end: span.end,
                });
                i = span.end;
            }
            None => i = word.end,
        }
    }
    *scratch = pass.into_scratch();
}

/// What one call of [`find`] reads without searching phrases: the rules
/// and the text. Small and `Copy`, so that the word-start loop's skip test
/// can hold one while the loop body holds the [`Pass`] mutably.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    /// Where the phrase searches start (context before `from`).
    floor: usize,
}

/// Whether [`find`] refuses the word `word` (letters only, capitalized or
/// not, its `lists` looked up) before it searches any phrase: a
/// capitalized stop word or title; a lower-case word that is no listed
/// name; and, when no not-a-name phrase can hold the word, a lower-case
/// name after which no strong cue can end, or an unlisted capitalized word
/// with no capitalized word after it and no title before; and any word
/// `overlaps_taken` says lies in a pattern entity. The same tests as
/// `find`'s, asked by its word-start loop so that such a
/// word is never returned to the loop's body.
#[inline(always)]
fn refused_before_a_phrase_search(
    ctx: Ctx<'_>,
    word: Range<usize>,
    lists: Lists,
    capitalized: bool,
    overlaps_taken: impl Fn(&Range<usize>) -> bool,
) -> bool {
    if capitalized {
        if lists.any(Lists::STOP.or(Lists::TITLE)) {
            return true;
        }
        // A listed name, or a word a capitalized word follows, goes on to
        // the cue and name tests.
        if lists.any(Lists::NAME) || capital_after(ctx.text.as_bytes(), word.end) {
            return false;
        }
    } else if !lists.any(Lists::NAME) {
        return true;
    }
    // `Pass::blocked_at` would search for a not-a-name phrase (see
    // `Pass::may_be_in_phrase`): leave the word to `find`.
    let bytes = ctx.text.as_bytes();
    if !ctx.rules.names.not_name_words_bound
        || lists.any(Lists::NOT_NAME_WORD)
        || bytes.get(word.end).is_some_and(|&b| is_word_byte(b))
    {
        return false;
    }
    // Inside a pattern entity `find` refuses it at once, before the title
    // and cue tests below (in adversarial text, many words are).
    if overlaps_taken(&word) {
        return true;
    }
    if capitalized {
        !ctx.title_before(word.start)
    } else {
        !ctx.strong_cue_may_end_before(word.start)
    }
}

/// The matches of [`find`]'s two phrase searches, kept across calls so
/// that a call does not allocate them.
#[derive(Debug, Default)]
pub(super) struct NameScratch {
    cues: Vec<PhraseMatch>,
    not_names: Vec<PhraseMatch>,
}

impl NameScratch {
    /// See [`super::Scratch`]: one huge text must not pin its memory.
    pub(super) fn shrink_oversized(&mut self) {
        super::shrink_oversized(&mut self.cues);
        super::shrink_oversized(&mut self.not_names);
    }
}

/// The state of one call of [`find`]: the text and its two lazy phrase
/// searches.
struct Pass<'a> {
    ctx: Ctx<'a>,
    cues: LazyPhrases<'a>,
    not_names: LazyPhrases<'a>,
}

/// The pass reads the text and rules through its [`Ctx`].
impl<'a> Pass<'a> {
    /// A pass over `text` whose phrase searches start at `floor`.
    fn new(rules: &'a RuleSet, text: &'a str, floor: usize, scratch: NameScratch) -> Pass<'a> {
        let NameScratch { cues, not_names } = scratch;
        Pass {
            ctx: Ctx { rules, text, floor },
            cues: LazyPhrases::new(&rules.names.cues, text, floor, cues),
            not_names: LazyPhrases::new(&rules.names.not_names, text, floor, not_names),
        }
    }

    /// The pass's vectors, for the next [`Pass::new`].
    fn into_scratch(self) -> NameScratch {
        NameScratch {
            cues: self.cues.into_found(),
            not_names: self.not_names.into_found(),
        }
    }
}

impl<'a> std::ops::Deref for Pass<'a> {
    type Target = Ctx<'a>;

    fn deref(&self) -> &Ctx<'a> {
        &self.ctx
    }
}

/// What lies before a word, as cues are read: initials skipped, then a
/// gap of spaces and `:,-` (and line breaks), then a word and its dot.
struct Preceding {
    /// Where the initials before the word start, if any.
    initials: Option<usize>,
    /// Where the gap starts (right after the word before, or its dot).
    gap: usize,
    /// The word before, without its dot.
    word: Range<usize>,
    /// Whether the gap holds a line break.
    newline: bool,
}

/// How far the words after a name's first word may go.
#[derive(Debug, Clone, Copy)]
struct Limit {
    /// Start of the next pattern entity.
    taken: usize,
    /// Start of the name's first word: a not-a-name phrase ending after it
    /// ends the name where the phrase starts.
    name_start: usize,
}

impl Pass<'_> {
    /// If a not-a-name phrase covers the word at `i`, where it ends.
    /// `letters`: the word is known to be letters only.
    #[inline]
    fn blocked_at(
        &mut self,
        i: usize,
        word: &Range<usize>,
        lists: Lists,
        letters: bool,
    ) -> Option<usize> {
        if !self.may_be_in_phrase(word, lists, letters) {
            return None;
        }
        let from = (i + 1).saturating_sub(self.rules.names.not_names.max_len());
        let found = self.not_names.search(from, word.end);
        let idx = found.partition_point(|(_, r)| r.end <= i);
        found
            .get(idx)
            .filter(|(_, r)| r.start < word.end)
            .map(|(_, r)| r.end)
    }

    /// Whether a not-a-name phrase that ends after `limit.name_start`
    /// starts before `part.end`: then the name stops before `part`.
    fn phrase_before(&mut self, part: &Range<usize>, lists: Lists, limit: Limit) -> bool {
        if !self.may_be_in_phrase(part, lists, false) {
            return false;
        }
        let from = (limit.name_start + 1).saturating_sub(self.rules.names.not_names.max_len());
        let found = self.not_names.search(from, part.end);
        let idx = found.partition_point(|(_, r)| r.end <= limit.name_start);
        found.get(idx).is_some_and(|(_, r)| r.start < part.end)
    }

    /// False when no not-a-name phrase can overlap `part` (a word, or an
    /// initial and a word; `lists` are the lists of its last word).
    ///
    /// A whole-word phrase match starts and ends at word boundaries, so
    /// every run of letters and digits it overlaps is one of the phrase's
    /// own words, all of which are [`Lists::NOT_NAME_WORD`].
    ///
    /// `letters` says `part` is known to be letters only (a word without
    /// inner punctuation), which spares checking its bytes: inlined, this
    /// is a few instructions for such a word.
    #[inline(always)]
    fn may_be_in_phrase(&self, part: &Range<usize>, lists: Lists, letters: bool) -> bool {
        if !self.rules.names.not_name_words_bound {
            return true;
        }
        let bytes = self.text.as_bytes();
        let plain = (letters || bytes[part.clone()].iter().all(u8::is_ascii_alphabetic))
            && !bytes.get(part.end).is_some_and(|&b| is_word_byte(b));
        if plain {
            return lists.any(Lists::NOT_NAME_WORD);
        }
        self.run_may_be_in_phrase(part)
    }

    /// [`Pass::may_be_in_phrase`] of a part that is not one plain word.
    fn run_may_be_in_phrase(&self, part: &Range<usize>) -> bool {
        let bytes = self.text.as_bytes();
        let lex = &self.rules.lexicon;
        // Inner `'`, `-` or an initial's `. `, or digits glued on: look up
        // each run of letters and digits, whole.
        let mut at = part.start;
        while at < part.end {
            if !is_word_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let mut end = at;
            while end < bytes.len() && is_word_byte(bytes[end]) {
                end += 1;
            }
            // The length-and-last-letter filter first: the parts of a
            // contraction (`I'm`, `You'll`) are nearly never such words.
            let run = &bytes[at..end];
            if lex.may_end_list(run, Lists::NOT_NAME_WORD)
                && lex.entry_bytes(run).lists.any(Lists::NOT_NAME_WORD)
            {
                return true;
            }
            at = end;
        }
        false
    }
}

impl Ctx<'_> {
    /// [`Ctx::preceding`] in its common shape, or `None`: one space before
    /// `at` after a plain word, letters only, not glued to a byte that
    /// continues a word (digits, `'`, `-`, `_`) and wholly at or after
    /// `floor`. Then there are no initials (they end with a dot) and no
    /// line break, and the gap is that one space: found by one walk over
    /// the word's letters, where `preceding` and `cue_may_end_at` each
    /// walk the gap and the word.
    #[inline]
    fn plain_preceding(&self, at: usize) -> Option<Preceding> {
        let bytes = self.text.as_bytes();
        if at < 2 || bytes[at - 1] != b' ' || !bytes[at - 2].is_ascii_alphabetic() {
            return None;
        }
        let end = at - 1;
        let mut start = end - 1;
        while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        if start < self.floor || (start > 0 && is_name_byte(bytes[start - 1])) {
            return None;
        }
        Some(Preceding {
            initials: None,
            gap: end,
            word: start..end,
            newline: false,
        })
    }

    /// The word before `at` and the gap between them; see [`Preceding`].
    fn preceding(&self, at: usize) -> Preceding {
        let bytes = self.text.as_bytes();
        let mut j = at;
        // Skip initials so "Mr. R. K. Sharma" sees the title.
        let initials = initials_before(self.text, at);
        if let Some(s) = initials {
            j = s;
        }
        let mut newline = false;
        while j > 0
            && matches!(
                bytes[j - 1],
                b' ' | b'\t' | b':' | b',' | b'-' | b'\n' | b'\r'
            )
        {
            newline |= bytes[j - 1] == b'\n';
            j -= 1;
        }
        // The word before, for titles and sign-offs.
        let mut k = j;
        if k > 0 && bytes[k - 1] == b'.' {
            k -= 1;
        }
        let mut w_start = k;
        while w_start > 0 && is_name_byte(bytes[w_start - 1]) {
            w_start -= 1;
        }
        Preceding {
            initials,
            gap: j,
            word: w_start..k,
            newline,
        }
    }

    /// Whether the word before (`prev_word` its lists) is a title on the
    /// same line: listed bare (`Mr`) or with its dot (`Mr.`).
    fn is_title(&self, p: &Preceding, prev_word: Lists) -> bool {
        !p.newline
            && (prev_word.any(Lists::TITLE)
                || (p.word.end < p.gap
                    && self
                        .rules
                        .lexicon
                        .lookup(&self.text[p.word.start..p.gap])
                        .any(Lists::TITLE)))
    }

    /// Whether [`Pass::cue_before`] would say [`Cue::Title`], without its
    /// sign-off and cue phrase tests.
    ///
    /// Out of line: it runs for few words (see [`find`]).
    #[inline(never)]
    fn title_before(&self, at: usize) -> bool {
        // A title counts only on the word's own line, and a line break
        // right before the word leaves no room for initials: no title (a
        // speaker label at a line start asks this).
        let bytes = self.text.as_bytes();
        if at == 0 || bytes[at - 1] == b'\n' {
            return false;
        }
        // The common shape, a gap of separators on one line right after a
        // word ending with a letter (`Agent: Sure`): then no initials and
        // no dotted title sit in between, and that word is the only title
        // candidate. One lookup, without `preceding`.
        let mut j = at;
        while j > 0 && matches!(bytes[j - 1], b' ' | b'\t' | b':' | b',' | b'-' | b'\r') {
            j -= 1;
        }
        if j > 0 && bytes[j - 1].is_ascii_alphabetic() {
            let mut start = j - 1;
            while start > 0 && is_name_byte(bytes[start - 1]) {
                start -= 1;
            }
            let lex = &self.rules.lexicon;
            return lex.may_end_list(&bytes[start..j], Lists::TITLE)
                && entry_at(lex, bytes, start..j).lists.any(Lists::TITLE);
        }
        let p = self.preceding(at);
        if p.newline {
            return false;
        }
        // Only its title list is read: the length-and-last-letter filter
        // spares the lookup of nearly every word (the word before `. `
        // ends a sentence far more often than it is a bare title).
        let lex = &self.rules.lexicon;
        let prev = &bytes[p.word.clone()];
        let prev_word = if lex.may_end_list(prev, Lists::TITLE) {
            entry_at(lex, bytes, p.word.clone()).lists
        } else {
            Lists::NONE
        };
        self.is_title(&p, prev_word)
    }

    /// False only when [`Pass::cue_before`] at `at` is below [`Cue::Strong`].
    ///
    /// In the common shape, one space after a plain word (letters only,
    /// not glued to digits, `'`, `-` or `_`, and wholly after `floor`),
    /// that word is both the word a title or sign-off is looked for in and
    /// the last word of any cue phrase ending before the space (there are
    /// no initials in between): unless it is a title, a sign-off or the
    /// last word of a strong cue ([`Lists::STRONG_CUE_END`]), no strong cue
    /// ends there. Any other shape answers true.
    ///
    /// Out of line: it runs for few words, and inlined into [`find`]'s
    /// loop (LTO) it made every word of that loop dearer.
    #[inline(never)]
    fn strong_cue_may_end_before(&self, at: usize) -> bool {
        let Some(p) = self.plain_preceding(at) else {
            return true;
        };
        if !self.rules.names.cue_words_bound {
            return true;
        }
        let lex = &self.rules.lexicon;
        let bytes = self.text.as_bytes();
        let ends = Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::STRONG_CUE_END);
        lex.may_end_list(&bytes[p.word.clone()], ends)
            && entry_at(lex, bytes, p.word).lists.any(ends)
    }
}

impl Pass<'_> {
    /// The strongest cue that ends right before `at` (only spaces and `:,-`
    /// between): a title word, a cue phrase, or a sign-off line.
    fn cue_before(&mut self, at: usize) -> Cue {
        let (p, plain) = match self.plain_preceding(at) {
            Some(p) => (p, true),
            None => (self.preceding(at), false),
        };
        self.cue_after(at, p, plain)
    }

    /// [`Pass::cue_before`] at `at`, given `p`, what precedes it
    /// ([`Ctx::preceding`]). `plain`: `p` is the common shape
    /// [`Ctx::plain_preceding`] finds, whose word is also the run
    /// [`Pass::cue_may_end_at`] would walk back over.
    fn cue_after(&mut self, at: usize, p: Preceding, plain: bool) -> Cue {
        let text = self.text;
        let j = p.gap;
        let lex = &self.rules.lexicon;
        // Only its title, sign-off and cue-end lists are read below, and
        // the word before a candidate is rarely in one: the length and
        // last-letter filter spares most lookups.
        let bytes = text.as_bytes();
        let prev = &bytes[p.word.clone()];
        let prev_entry =
            if lex.may_end_list(prev, Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::CUE_END)) {
                entry_at(lex, bytes, p.word.clone())
            } else {
                Entry::default()
            };
        let prev_word = prev_entry.lists;
        let mut cue = Cue::None;
        if self.is_title(&p, prev_word) {
            cue = Cue::Title;
        } else if prev_word.any(Lists::SIGN_OFF) && (p.newline || text[j..at].contains(',')) {
            cue = Cue::Strong;
        }
        if cue == Cue::None
            && !p.newline
            && let Some(len) =
                self.cue_may_end_at(j, p.initials.is_some(), (p.word, prev_entry), plain)
        {
            // A cue phrase may end inside the gap (`name:` before `: X`).
            // It is at most `len` long and ends at or after `j`.
            let found = self.cues.search(j.saturating_sub(len), at);
            let idx = found.partition_point(|(_, r)| r.end <= at);
            if let Some((pid, r)) = idx.checked_sub(1).and_then(|i| found.get(i))
                && r.end >= j
            {
                cue = if *pid < self.rules.names.strong_count {
                    Cue::Strong
                } else {
                    Cue::Weak
                };
            }
        }
        cue
    }

    /// `None` when no cue phrase can end in the gap that starts at `j`;
    /// else how far before `j` one may start.
    ///
    /// (Any cue that ends at or after `j` starts at or after `j - max_len`;
    /// with ':' it may end at `j + 1`, still starting after that.)
    ///
    /// With no initials in between, the gap holds only separators, so a cue
    /// ending in it ends with the word right before it (its last letter or
    /// digit at `j - 1`, or a colon at `j`): that word must be a
    /// [`Lists::CUE_END`] word, and the cue is at most as long as the
    /// longest cue ending with that word.
    ///
    /// `known` is a word and its entry already looked up, reused when it
    /// is the word before `j` (it usually is). `plain` says it is, without
    /// walking back over it: a plain word (see [`Ctx::plain_preceding`])
    /// is letters only, starts at or after `floor` and follows a byte that
    /// is no word byte.
    fn cue_may_end_at(
        &self,
        j: usize,
        initials: bool,
        known: (Range<usize>, Entry),
        plain: bool,
    ) -> Option<usize> {
        let cues = &self.rules.names;
        if initials || !cues.cue_words_bound {
            return Some(cues.cues.max_len());
        }
        if plain {
            let entry = known.1;
            return entry
                .lists
                .any(Lists::CUE_END)
                .then_some(usize::from(entry.cue_len));
        }
        let bytes = self.text.as_bytes();
        let mut r = j;
        // The search never looks before `floor`, so neither does the word.
        while r > self.floor && is_word_byte(bytes[r - 1]) {
            r -= 1;
        }
        if r == j {
            return None;
        }
        let entry = if known.0 == (r..j) {
            known.1
        } else {
            self.rules.lexicon.entry(&self.text[r..j])
        };
        entry
            .lists
            .any(Lists::CUE_END)
            .then_some(usize::from(entry.cue_len))
    }
}

/// Decides whether the word at `first` starts a name, and how far it goes.
fn name_at(
    pass: &mut Pass<'_>,
    first: Range<usize>,
    lists: Lists,
    cue: Cue,
    limit: Limit,
) -> Option<Range<usize>> {
    let rules = pass.rules;
    let text = pass.text;
    let lex = &rules.lexicon;
    let w = &text[first.clone()];
    let capitalized = w.as_bytes()[0].is_ascii_uppercase();
    if lists.any(Lists::STOP.or(Lists::TITLE)) {
        return None;
    }
    let first_name = listed_as(lex, w, lists, Lists::FIRST_NAME);
    let surname = listed_as(lex, w, lists, Lists::SURNAME);
    let ambiguous = lists.any(Lists::AMBIGUOUS);
    let place = lists.any(Lists::PLACE);
    // Without a cue only a listed name starts one (see `starts` below);
    // most capitalized words stop here, before the look-ahead.
    if cue == Cue::None && !first_name && !surname {
        return None;
    }

    // The words that follow and could continue the name.
    let parts = continuation(pass, first.end, limit, capitalized);
    let rest = parts.as_slice();
    // The next part's last word, and its lists as `continuation` found them.
    let next_start = rest.first().map(|p| p.word.start);
    let next = rest.first().map(|p| &text[p.word.clone()]);
    let next_lists = rest.first().map_or(Lists::NONE, |p| p.lists);
    let next_listed = |which: Lists| next.is_some_and(|n| listed_as(lex, n, next_lists, which));
    let followed_by_surname = next_listed(Lists::SURNAME);
    let followed_by_name = next_listed(Lists::NAME);
    let all_caps = w.bytes().all(|b| !b.is_ascii_lowercase()) && w.len() > 1;

    // "Mohan Road", "Gandhi Nagar": a street, not a person.
    // Without a middle initial that next word is the word right after.
    // With no part taken, it may be the word `continuation` refused.
    let word_after = if next_start == Some(first.end + 1) {
        Some(next_lists)
    } else {
        parts.word_after(text, lex, first.end)
    };
    if cue != Cue::Title && word_after.is_some_and(|lists| lists.any(Lists::STREET)) {
        return None;
    }
    let initials = initials_before(text, first.start);
    let starts = match cue {
        Cue::Title => capitalized || first_name || surname,
        Cue::Strong => first_name || surname || (capitalized && !place && !rest.is_empty()),
        // "officer: Manpreet Chaudhary": after a cue, an unlisted first
        // name is accepted when a listed surname follows.
        Cue::Weak => {
            capitalized
                && (first_name || surname || followed_by_name)
                && (!place || followed_by_surname)
        }
        // Without a cue an all-caps word alone is an acronym (`LAN`, `ATM`).
        Cue::None => {
            capitalized
                && !(all_caps && rest.is_empty())
                && ((first_name && (followed_by_surname || (!ambiguous && !place)))
                    || (surname && initials.is_some()))
        }
    };
    if !starts {
        return None;
    }
    let end = rest.last().map_or(first.end, |p| p.span.end);
    // "Tata Motors", "Kotak Mahindra Bank", "Ola app": an organisation.
    if cue != Cue::Title
        && parts
            .word_after(text, lex, end)
            .is_some_and(|lists| lists.any(Lists::ORG))
    {
        return None;
    }
    let start = initials.unwrap_or(first.start);
    Some(start..end)
}

/// Words after a name's first word that continue it: capitalized (or, after
/// a lower-case start, listed) names separated by one space. Each part
/// comes with the lists of its last word (the word after a middle initial).
fn continuation(pass: &mut Pass<'_>, mut at: usize, limit: Limit, capitalized: bool) -> Parts {
    let text = pass.text;
    let lex = &pass.rules.lexicon;
    let bytes = text.as_bytes();
    let mut words = Parts::default();
    while words.len + 1 < MAX_NAME_WORDS {
        // Exactly one space (or a space after an initial's dot) between parts.
        if bytes.get(at) != Some(&b' ') {
            break;
        }
        let start = at + 1;
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
        // A middle initial ("Dylan B. Kelly") joins the word after it.
        let initial = capitalized
            && bytes[start].is_ascii_uppercase()
            && bytes.get(start + 1) == Some(&b'.')
            && bytes.get(start + 2) == Some(&b' ')
            && bytes.get(start + 3).is_some_and(u8::is_ascii_uppercase);
        let word_start = if initial { start + 3 } else { start };
        // (Looked up before the test below, which refuses few words.)
        let (word, lists) = word_and_lists(lex, text, word_start);
        if word.end > limit.taken {
            break;
        }
        let w = &text[word.clone()];
        if pass.phrase_before(&(start..word.end), lists, limit) {
            if !initial {
                words.refused = Some((start, lists));
            }
            break;
        }
        let listed = listed_as(lex, w, lists, Lists::NAME);
        let cap = bytes[start].is_ascii_uppercase();
        let stop = lists.any(Lists::STOP.or(Lists::TITLE).or(Lists::ORG));
        let single_initial = w.len() == 1;
        // After a middle initial the word is a surname even when it is
        // also a common word ("Sofia S. Park").
        let surname_after_initial = initial && cap && lists.any(Lists::SURNAME);
        let ok = surname_after_initial
            || (!stop
                && !single_initial
                && if capitalized {
                    cap && (listed || !lists.any(Lists::PLACE)) && !lists.any(Lists::STREET)
                } else {
                    listed
                });
        if !ok {
            if !initial {
                words.refused = Some((start, lists));
            }
            break;
        }
        at = word.end;
        words.items[words.len] = Part {
            span: start..word.end,
            word,
            lists,
        };
        words.len += 1;
    }
    words
}

/// The parts [`continuation`] found, in place: a name is looked for at
/// many words, and a `Vec` cost an allocation for each that goes on.
#[derive(Default)]
struct Parts {
    items: [Part; MAX_NAME_WORDS - 1],
    len: usize,
    /// The start and lists of the word right after the last part (or after
    /// the first word, with no part), when `continuation` looked it up and
    /// refused it: what [`next_word_lists`] there, which `name_at` asks
    /// next, would look up again.
    refused: Option<(usize, Lists)>,
}

/// One part of a name after its first word.
#[derive(Default)]
struct Part {
    /// The part: a word, or a middle initial and the word after it.
    span: Range<usize>,
    /// The part's last word (the word after a middle initial).
    word: Range<usize>,
    /// The lists of `word`.
    lists: Lists,
}

impl Parts {
    /// The parts found, in order.
    fn as_slice(&self) -> &[Part] {
        &self.items[..self.len]
    }

    /// [`next_word_lists`] at `at`, the end of the last part (or of
    /// the first word, with no part): the refused word's, looked up once.
    fn word_after(&self, text: &str, lex: &Lexicon, at: usize) -> Option<Lists> {
        match self.refused {
            Some((start, lists)) if start == at + 1 => Some(lists),
            _ => next_word_lists(lex, text, at),
        }
    }
}

/// Whether one space and a capital letter follow `at`: else
/// [`continuation`] after a capitalized word finds nothing (every part it
/// takes, a middle initial too, starts so).
fn capital_after(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b' ') && bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase)
}

/// The lists of the word after one space at `at`, if there is one.
fn next_word_lists(lex: &Lexicon, text: &str, at: usize) -> Option<Lists> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b' ') || !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(word_and_lists(lex, text, at + 1).1)
}

/// The word at `i` ([`word_at`]) and its lists: for nearly every word
/// read with one or two loads and looked up by key ([`short_word`]),
/// without a walk over its letters and a second pass to pack them.
#[inline]
fn word_and_lists(lex: &Lexicon, text: &str, i: usize) -> (Range<usize>, Lists) {
    match short_word(text.as_bytes(), i) {
        Some((end, key)) => (i..end, lex.entry_of_key(key).lists),
        None => {
            let word = word_at(text, i);
            let lists = lex.lookup(&text[word.clone()]);
            (word, lists)
        }
    }
}

/// `R. K. ` right before `at`: returns where the initials start.
fn initials_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = at;
    // Each initial is "X." followed by optional space, read right to left.
    loop {
        let mut j = i;
        while j > 0 && bytes[j - 1] == b' ' {
            j -= 1;
        }
        if j >= 2
            && bytes[j - 1] == b'.'
            && bytes[j - 2].is_ascii_uppercase()
            && (j == 2 || !is_name_byte(bytes[j - 3]))
        {
            i = j - 2;
            start = Some(i);
        } else {
            break;
        }
    }
    start
}

/// Whether `w`, whose own lists are `lists`, or for `Mary-Jane` each hyphen
/// part, is in one of `which`.
fn listed_as(lex: &Lexicon, w: &str, lists: Lists, which: Lists) -> bool {
    lists.any(which) || (w.contains('-') && lex.listed(w, which))
}

/// The word starting at `i`: letters with inner `'` or `-`, without a
/// possessive `'s` (`Gurpreet's laptop` → `Gurpreet`).
fn word_at(text: &str, i: usize) -> Range<usize> {
    word_span(text, i).0
}

/// [`word_at`], and whether the word holds an inner `'` or `-`.
#[inline(always)]
fn word_span(text: &str, i: usize) -> (Range<usize>, bool) {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut inner_punct = false;
    loop {
        j = letters_end(bytes, j);
        // `'` or `-` between letters continues the word, unless it starts
        // a possessive `'s` at the end of the word.
        let continues = j > i
            && matches!(bytes.get(j), Some(b'\'' | b'-'))
            && bytes.get(j + 1).is_some_and(u8::is_ascii_alphabetic)
            && !(bytes[j] == b'\''
                && matches!(bytes[j + 1], b's' | b'S')
                && !bytes.get(j + 2).is_some_and(u8::is_ascii_alphabetic));
        if !continues {
            return (i..j, inner_punct);
        }
        inner_punct = true;
        j += 1;
    }
}

/// A word of at most fifteen letters at `i`, ended by a byte that does not
/// continue it (not `'` or `-`): its end and its lexicon key
/// ([`Lexicon::key`]), read from one 8-byte load, or two for a word of
/// eight letters or more. Nearly all words of running text are such words;
/// `None` sends the rest (and the last 15 bytes of the text) to
/// [`word_span`].
#[inline(always)]
fn short_word(bytes: &[u8], i: usize) -> Option<(usize, u128)> {
    short_word_in::<false>(bytes, i).map(|(end, _, key)| (end, key))
}

/// [`short_word`], with whether the word holds an inner `'` or `-`
/// (never, unless `GLUED`). With `GLUED`, a word whose letters end at a
/// `'` or `-` within the first load is read by [`glued_word`] instead of
/// being refused: only such words pay for it (a base64-like line, whose
/// words end at digits, `+` and `/`, asked `glued_word` about each word
/// [`short_word`] refused, and lost more than the chat text gained).
#[inline(always)]
fn short_word_in<const GLUED: bool>(bytes: &[u8], i: usize) -> Option<(usize, bool, u128)> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunk = bytes.get(i..i + 16)?;
    let lo = u64::from_le_bytes([
        chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
    ]);
    let lo_letters = letter_bits(lo);
    let run = (!lo_letters & HIGH).trailing_zeros() as usize / 8;
    if run < 8 {
        if matches!(chunk[run], b'\'' | b'-') {
            return if GLUED { glued_word(bytes, i) } else { None };
        }
        // The letters, lower-cased (`| 0x20` is exact on letters), zero after.
        let keep = (1u64 << (8 * run)) - 1;
        return Some((i + run, false, u128::from((lo | (0x20 * LOW)) & keep)));
    }
    let hi = u64::from_le_bytes([
        chunk[8], chunk[9], chunk[10], chunk[11], chunk[12], chunk[13], chunk[14], chunk[15],
    ]);
    let hi_run = (!letter_bits(hi) & HIGH).trailing_zeros() as usize / 8;
    let run = 8 + hi_run;
    if hi_run == 8 || matches!(chunk[run], b'\'' | b'-') {
        return None;
    }
    let keep = (1u64 << (8 * hi_run)) - 1;
    let key = u128::from(lo | (0x20 * LOW)) | u128::from((hi | (0x20 * LOW)) & keep) << 64;
    Some((i + run, false, key))
}

/// [`word_span`] and [`Lexicon::key`] of a word at `i` that lies within
/// the next eight bytes and holds at most one `'` or `-` (`I'm`, `hasn't`,
/// `You'll`, `e-mail`, `Ravi's`), or `None` (and for any other word): its
/// end, whether it holds an inner `'` or `-`, and its key, from one 8-byte
/// load.
///
/// [`short_word`] refuses a word that a `'` or `-` follows, and such words
/// (the contractions of chat text, most of them capitalized stop words)
/// went through `word_span`'s walk and a second pass to pack the key,
/// several times the cost of this. Exact because it decides only what it
/// sees: the first letter run ends at `r1` (under seven letters) on a `'`
/// or `-`; the word goes on (`word_span`'s `continues`) iff a letter
/// follows and it is not a possessive `'s` (a single `s` or `S` and then
/// no letter); then its second run must end on a byte inside the load
/// that is neither `'` nor `-` (else `None`: the word might go on again).
/// The key is the bytes lower-cased by `| 0x20`, exact on letters and
/// leaving `'` (0x27) and `-` (0x2d) as they are, as [`Lexicon::key`]
/// lower-cases them; no byte is zero and the word packs.
#[inline]
fn glued_word(bytes: &[u8], i: usize) -> Option<(usize, bool, u128)> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunk = bytes.get(i..i + 8)?;
    let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    let breaks = !letter_bits(x) & HIGH;
    // The first letter run ends at byte `r1`, on a `'` or `-`.
    let r1 = breaks.trailing_zeros() as usize / 8;
    if r1 == 0 || r1 >= 7 || !matches!(chunk[r1], b'\'' | b'-') {
        return None;
    }
    let key = |len: usize| u128::from((x | (0x20 * LOW)) & ((1u64 << (8 * len)) - 1));
    if !chunk[r1 + 1].is_ascii_alphabetic() {
        return Some((i + r1, false, key(r1)));
    }
    // The first byte after the second run of letters.
    let r2 = (breaks >> (8 * (r1 + 1))).trailing_zeros() as usize / 8 + r1 + 1;
    if r2 >= 8 || matches!(chunk[r2], b'\'' | b'-') {
        return None;
    }
    if chunk[r1] == b'\'' && r2 == r1 + 2 && matches!(chunk[r1 + 1], b's' | b'S') {
        return Some((i + r1, false, key(r1)));
    }
    Some((i + r2, true, key(r2)))
}

/// The key ([`Lexicon::key`]) of `bytes[word]` when it is one to eight
/// ASCII letters and eight bytes can be read from its start, from that one
/// load; else `None`.
///
/// For the word before a candidate, which the cue and title tests look
/// up: `Lexicon::entry_bytes` packs it byte by byte ([`Lexicon::key`]'s
/// `pack_lower`) after the walk that found it, where the load, a letter
/// test and a mask give the same key. Exact: `| 0x20` lower-cases a
/// letter as `Lexicon::key` does, the mask zeroes the bytes after the
/// word as packing leaves them, and a word holding any byte that is no
/// letter (`x2`, `o'`) is refused, so its lower-casing is never guessed.
#[inline(always)]
fn letters_key(bytes: &[u8], word: Range<usize>) -> Option<u128> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    let len = word.len();
    if len == 0 || len > 8 {
        return None;
    }
    let chunk = bytes.get(word.start..word.start + 8)?;
    let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
    let keep = u64::MAX >> (64 - 8 * len);
    let high = 0x8080_8080_8080_8080 & keep;
    if letter_bits(x) & high != high {
        return None;
    }
    Some(u128::from((x | (0x20 * LOW)) & keep))
}

/// [`Lexicon::entry_bytes`] of `bytes[word]`, by key ([`letters_key`])
/// when the word is short letters, as the word before a candidate nearly
/// always is.
#[inline(always)]
fn entry_at(lex: &Lexicon, bytes: &[u8], word: Range<usize>) -> Entry {
    match letters_key(bytes, word.clone()) {
        Some(key) => lex.entry_of_key(key),
        None => lex.entry_bytes(&bytes[word]),
    }
}

/// The end of the run of ASCII letters starting at `j`.
///
/// Eight bytes at a time: this runs over every letter of the text, and a
/// word rarely needs more than one step.
#[inline(always)]
fn letters_end(bytes: &[u8], mut j: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(j..j + 8) {
        let x = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        let letters = letter_bits(x);
        if letters == HIGH {
            j += 8;
            continue;
        }
        // The first byte (lowest address) that is not a letter.
        return j + (!letters & HIGH).trailing_zeros() as usize / 8;
    }
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    j
}

fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[usize::from(b)]
}

/// ASCII letters and digits, `'`, `-` and `_`: bytes that continue a word.
static NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'' || c == b'-' || c == b'_';
        b += 1;
    }
    t
};

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word starts the name pass visits: an ASCII letter not preceded
    /// by a byte that continues a word.
    fn word_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
        (0..bytes.len()).filter(|&at| {
            bytes[at].is_ascii_alphabetic() && (at == 0 || !is_name_byte(bytes[at - 1]))
        })
    }

    #[test]
    fn short_words_are_what_word_span_and_key_say() {
        let text = "Hi, I'm Priya Sharma-Rao. priya's cat e-mail x2 LONGWORDS ab'c Zz9 \
                    Chakraborty-Sen unbelievable's Twelveletter fifteenletters sixteenlettersxx \
                    seventeenletterss eightlet ninelette- Abcdefghijklmno9 \u{e9}t\u{e9} end of it";
        let bytes = text.as_bytes();
        let mut seen = 0;
        for i in 0..bytes.len() {
            if !bytes[i].is_ascii_alphabetic() {
                continue;
            }
            if let Some((end, key)) = short_word(bytes, i) {
                let (word, inner) = word_span(text, i);
                assert_eq!((i..end, false), (word.clone(), inner), "at {i}");
                assert_eq!(Some(key), Lexicon::key(&bytes[word]), "at {i}");
                seen += 1;
            }
        }
        assert!(seen > 100, "{seen}");
    }

    /// `count` texts of bytes drawn from `alphabet` (xorshift from `seed`),
    /// the `n`th `n % modulo` bytes long; a byte that breaks UTF-8 becomes
    /// U+FFFD, so the texts hold non-ASCII too.
    fn random_texts(alphabet: &[u8], mut seed: u64, count: usize, modulo: usize) -> Vec<String> {
        (0..count)
            .map(|len| {
                let t: Vec<u8> = (0..len % modulo)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed >> 8) as usize % alphabet.len()]
                    })
                    .collect();
                String::from_utf8_lossy(&t).into_owned()
            })
            .collect()
    }

    /// `letters_key`, where it answers, is `Lexicon::key` of the span, and
    /// `entry_at` is `Lexicon::entry_bytes` of it, for every span of up to
    /// ten bytes of a fixed text (titles, cue words, mixed case, digits,
    /// glue, non-ASCII, the text's last bytes) and of random texts; it
    /// answers for every span of one to eight letters that eight bytes can
    /// be read from.
    #[test]
    fn letters_keys_are_what_lexicon_key_says() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let lex = &rules.lexicon;
        let fixed = "Mr. Dr DR mrs Thanks regards NAME is x2 o'Mr a-b Prof \
                     Smt\tSir \u{e9}t\u{e9} Shri MISTER Madam speaking ab_c end"
            .to_owned();
        let mut texts = vec![fixed];
        texts.extend(random_texts(
            b"MrDsaZz'-. 9_\x00\xc3@[`{",
            0x2545_f491,
            400,
            40,
        ));
        let (mut keyed, mut listed) = (0, 0);
        for text in &texts {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                for end in start..bytes.len().min(start + 10) + 1 {
                    let span = &bytes[start..end];
                    let got = letters_key(bytes, start..end);
                    let letters = span.iter().all(u8::is_ascii_alphabetic);
                    let want_some =
                        letters && (1..=8).contains(&span.len()) && start + 8 <= bytes.len();
                    assert_eq!(got.is_some(), want_some, "{text:?} {start}..{end}");
                    if let Some(key) = got {
                        assert_eq!(Some(key), Lexicon::key(span), "{text:?} {start}..{end}");
                        keyed += 1;
                    }
                    let entry = entry_at(lex, bytes, start..end);
                    assert_eq!(entry, lex.entry_bytes(span), "{text:?} {start}..{end}");
                    listed += usize::from(entry.lists.any(Lists::TITLE.or(Lists::CUE_END)));
                }
            }
        }
        assert!(keyed > 1000 && listed > 10, "{keyed} {listed}");
    }

    /// `glued_word`, where it answers, says what `word_span` and
    /// `Lexicon::key` say, at every letter of a fixed text of contractions,
    /// possessives and hyphens and of random texts over letters, `'`, `-`
    /// and a few other bytes (every shape of one or two glue bytes within
    /// eight bytes).
    #[test]
    fn glued_words_are_what_word_span_and_key_say() {
        let fixed = "I'm it's You'll hasn't e-mail Ravi's RAVI'S x's a-b- a'-b ab'c'd \
                     doesn't ab-cd-ef o'brien-x ab'sd a'S ab- 'ab -cd ab'1 ab'\u{e9} z'z"
            .to_owned();
        let mut texts = vec![fixed];
        texts.extend(random_texts(b"aZsSbY'-'- .9_\xc3", 0x9e37_79b9, 1000, 60));
        let (mut seen, mut inner, mut read, mut read_inner) = (0, 0, 0, 0);
        for text in &texts {
            let bytes = text.as_bytes();
            for i in 0..bytes.len() {
                if !bytes[i].is_ascii_alphabetic() {
                    continue;
                }
                let (word, want_inner) = word_span(text, i);
                let want_key = Lexicon::key(&bytes[word.clone()]);
                // Each read, where it answers, must be `word_span`'s and
                // `Lexicon::key`'s; gives whether the word holds glue.
                let agrees = |read: Option<(usize, bool, u128)>| {
                    read.map(|(end, inner_punct, key)| {
                        assert_eq!(
                            (i..end, inner_punct, Some(key)),
                            (word.clone(), want_inner, want_key),
                            "{text:?} at {i}"
                        );
                        inner_punct
                    })
                };
                if let Some(glued) = agrees(glued_word(bytes, i)) {
                    seen += 1;
                    inner += usize::from(glued);
                }
                // And the word loop's read, which asks `glued_word` only
                // about words whose letters end at a `'` or `-`.
                if let Some(glued) = agrees(short_word_in::<true>(bytes, i)) {
                    read += 1;
                    read_inner += usize::from(glued);
                }
            }
        }
        assert!(
            seen > 1000 && inner > 300 && read > 1000 && read_inner > 100,
            "{seen} {inner} {read} {read_inner}"
        );
    }

    /// Texts full of cues, titles, sign-offs, initials and glued
    /// punctuation, for the tests that compare a cue shortcut with
    /// `cue_before`.
    const CUE_TEXTS: [&str; 2] = [
        "my name is will and this is may. i am day, spoke to rose; Mr. R. K. Sharma \
         thanks,\nwill regards\n may name: april s/o june c/o mark attn: hope \
         o'is will x-to may 9is day _to june Dr will mr. may smt rose signed jay \
         spoke   to will name:will name: will I'm may im day father's name joy",
        "Thanks, will\nRegards,\nmay\nthis is R. will, talked to K. may it is \
         will TO may IS day isnt will called  will named:- may  yours truly, may \
         ask Ravi dear Anu from Bo meet Cy hi Di with Ed by Fa cc Gi to Hu for Io",
    ];

    /// Calls `check` with a pass, the position and the floor at every word
    /// start of every [`CUE_TEXTS`] text, from several floors.
    fn at_cue_text_word_starts(
        rules: &RuleSet,
        mut check: impl FnMut(&mut Pass<'_>, usize, usize),
    ) {
        for text in CUE_TEXTS {
            let bytes = text.as_bytes();
            for floor in [0, 3, 17, 40] {
                let mut pass = Pass::new(rules, text, floor, NameScratch::default());
                for at in floor..bytes.len() {
                    if bytes[at].is_ascii_alphabetic() && (at == 0 || !is_word_byte(bytes[at - 1]))
                    {
                        check(&mut pass, at, floor);
                    }
                }
            }
        }
    }

    /// The shortcut never refuses a word that `cue_before` gives a strong
    /// cue (or a title), at every word start of [`CUE_TEXTS`].
    #[test]
    fn strong_cue_shortcut_never_refuses_a_strong_cue() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let mut strong = 0;
        at_cue_text_word_starts(&rules, |pass, at, floor| {
            let quick = pass.strong_cue_may_end_before(at);
            if pass.cue_before(at) >= Cue::Strong {
                strong += 1;
                assert!(quick, "refused at {at} (floor {floor}) of {:?}", pass.text);
            }
        });
        assert!(strong > 40, "{strong}");
    }

    /// `title_before` (with its shortcut for a plain word before the
    /// gap) says what `cue_before` says about titles, at every word start
    /// of texts with titles bare, dotted, on other lines, before initials
    /// and behind separators.
    #[test]
    fn title_before_agrees_with_cue_before() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let texts = [
            "Mr. R. K. Sharma met Dr Anita, Smt:  Priya and mr-Rao; Prof.\nKumar \
             Agent: Sure, Mr Will said Ms. X. Y. Zed and Dr.Who MR , Sam, Sir-Jay",
            "Customer: Thanks\nMr\nRao Mrs\tGita Shri, \r Ram x2Mr Kay O'Mr Lee \
             Madam - Joy Mister:Ann  Dr. .Bo Mr.. Cy sri D. Eve prof. F.G. Hal",
            "It ended. Ravi came, x2. Dev left. Mr. Raj met SMT. Uma at the. Gate \
             o'Mr. Lee sir. Ann Mister. Bo eightlet. Cy Doctor. Di",
        ];
        let mut titles = 0;
        for text in texts {
            let bytes = text.as_bytes();
            let mut pass = Pass::new(&rules, text, 0, NameScratch::default());
            for at in word_starts(bytes) {
                let title = pass.cue_before(at) == Cue::Title;
                assert_eq!(pass.title_before(at), title, "at {at} of {text:?}");
                titles += usize::from(title);
            }
        }
        assert!(titles > 10, "{titles}");
    }

    /// `cue_before`'s shortcut for a plain word before one space gives
    /// what the general path (`preceding`, and the walk over the word in
    /// `cue_may_end_at`) gives, at every word start of [`CUE_TEXTS`]; and
    /// `plain_preceding` finds what `preceding` finds.
    #[test]
    fn plain_preceding_agrees_with_preceding() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let mut plain = 0;
        at_cue_text_word_starts(&rules, |pass, at, floor| {
            let general = pass.preceding(at);
            let whole = |p: &Preceding| (p.initials, p.gap, p.word.clone(), p.newline);
            if let Some(p) = pass.plain_preceding(at) {
                plain += 1;
                assert_eq!(
                    whole(&p),
                    whole(&general),
                    "at {at} (floor {floor}) of {:?}",
                    pass.text
                );
            }
            let slow = pass.cue_after(at, general, false);
            assert_eq!(
                pass.cue_before(at),
                slow,
                "at {at} (floor {floor}) of {:?}",
                pass.text
            );
        });
        assert!(plain > 100, "{plain}");
    }

    /// A word the word-start loop's skip test refuses is one `find`'s own
    /// tests refuse: a stop word or title, a lower-case word that is no
    /// name, or one outside any not-a-name phrase whose cue is too weak
    /// (no title before an unlisted capitalized word alone; no strong cue
    /// before a lower-case name). Checked at every plain word of texts
    /// full of cues, titles, names, phrases and glued punctuation.
    #[test]
    fn the_skip_test_refuses_only_what_find_refuses() {
        let rules = RuleSet::embedded().expect("embedded rules");
        let lex = &rules.lexicon;
        let texts = [
            "my name is will and this is may. Mr Kumar met Diwali Mela at Marine \
             Drive; Dr. Zed, Ravi Sharma, Smt Gita x2Mr Lee. Thanks,\nWill regards \
             Bo spoke to rose Agent: Sure Sir-Jay rang Priya_x Qwerty Zorblax \
             Indira Nagar, San Jose Ganesh Chaturthi, Holi and Mark Twain Road",
            "Customer: Thanks\nMr\nRao Mrs\tGita call mark at 9, hope you are well \
             Sunny day. Regards, may Rose Bank name: april; Jay2 Mr.Who is Ms X. Y. \
             Zed yours truly, june Kotak Mahindra Bank and Ola app Zed",
        ];
        let mut refused = 0;
        for text in texts {
            let bytes = text.as_bytes();
            let mut pass = Pass::new(&rules, text, 0, NameScratch::default());
            for at in word_starts(bytes) {
                let Some((end, key)) = short_word(bytes, at) else {
                    continue;
                };
                let word = at..end;
                let lists = lex.entry_of_key(key).lists;
                let capitalized = bytes[at].is_ascii_uppercase();
                if !refused_before_a_phrase_search(
                    pass.ctx,
                    word.clone(),
                    lists,
                    capitalized,
                    |_| false,
                ) {
                    continue;
                }
                refused += 1;
                let listed = lists.any(Lists::NAME);
                let by_lists = if capitalized {
                    lists.any(Lists::STOP.or(Lists::TITLE))
                } else {
                    !listed
                };
                if by_lists {
                    continue;
                }
                let w = &text[word.clone()];
                assert!(
                    pass.blocked_at(at, &word, lists, true).is_none(),
                    "{w} at {at}"
                );
                if capitalized {
                    assert!(!listed && !capital_after(bytes, end), "{w} at {at}");
                    assert_ne!(pass.cue_before(at), Cue::Title, "{w} at {at}");
                } else {
                    assert!(pass.cue_before(at) < Cue::Strong, "{w} at {at}");
                }
            }
        }
        assert!(refused > 40, "{refused}");
    }

    #[test]
    fn letters_end_stops_at_the_first_non_letter() {
        let text = "abcdefghXYZ@[`{ ijklmnopqrstuvwxyzAB0 é Übermenschlichkeit\u{7f}z";
        let all: Vec<u8> = (0..=255).collect();
        for bytes in [text.as_bytes(), &all] {
            for start in 0..bytes.len() {
                let naive = start
                    + bytes[start..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                assert_eq!(letters_end(bytes, start), naive, "from {start}");
            }
        }
    }
}
