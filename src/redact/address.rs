//! Address expansion: an Indian PIN or a US `ST 12345` anchor grows
//! backwards over the segments (split at commas and line breaks) that look
//! like parts of a postal address. An anchor with no address around it
//! (`OTP 560038`) is dropped.

use std::ops::Range;

use crate::rules::{AddressRules, Lexicon, Lists, RuleSet, is_word_byte};

/// Grows `anchor` backwards (never before `floor`). Returns the whole
/// address span, or `None` when the anchor is not part of an address.
pub fn expand(
    rules: &RuleSet,
    text: &str,
    anchor: Range<usize>,
    floor: usize,
) -> Option<Range<usize>> {
    expand_with(rules, text, anchor, floor, true)
}

/// [`expand`]; `shortcuts` lets a segment that cannot supply a missing
/// street line end the walk before its label search, and skips the pair
/// lookups for a place that [`Evidence::sufficient`] will not read (off
/// only in the test that compares the two).
fn expand_with(
    rules: &RuleSet,
    text: &str,
    anchor: Range<usize>,
    floor: usize,
    shortcuts: bool,
) -> Option<Range<usize>> {
    let cfg = &rules.address;
    let lex = &rules.lexicon;
    let anchor_text = &text[anchor.clone()];
    let is_zip = anchor_text
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic);
    if is_zip {
        // `TX 77002`, `North Carolina 28202`: the part before the digits
        // must be a state.
        // Every char trimmed is ASCII, so bytes can be tested undecoded.
        let state = trim_ascii_end_by(anchor_text, |b| {
            b.is_ascii_digit() || matches!(b, b'-' | b' ' | b',')
        });
        if !lex
            .lookup(state)
            .any(Lists::US_STATE_CODE.or(Lists::US_STATE))
        {
            return None;
        }
    }

    let mut lo = floor.max(anchor.start.saturating_sub(cfg.max_back_bytes));
    // The byte budget can end inside a multi-byte character (`₹`, Devanagari):
    // start after it rather than slice through it.
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut start = anchor.start;
    let mut lines = 1;
    let mut evidence = Evidence::default();
    // Walk segments right to left: [seg_start, seg_end) ends at a separator
    // (or at the anchor for the first one).
    let mut seg_end = anchor.start;
    let mut first = true;
    let mut looked = Looked::default();
    loop {
        let sep_at = last_separator(text.as_bytes(), lo, seg_end);
        let seg_start = sep_at.map_or(lo, |i| i + 1);
        let raw = &text[seg_start..seg_end];
        let trim = |c: char| c.is_whitespace() || matches!(c, '-' | '–' | ':');
        let front_trimmed = trim_start_by(raw, trim);
        // Where `seg` starts inside `raw` (what was trimmed off the front).
        let seg_offset = raw.len() - front_trimmed.len();
        let seg = trim_end_by(front_trimmed, trim);
        if seg.is_empty() {
            // A PIN right after "Bengaluru -" or on its own: keep walking,
            // but a blank line ends the address.
            if !first && raw.contains('\n') {
                break;
            }
        } else {
            let line_start = sep_at.map_or(lo == 0, |i| text.as_bytes()[i] == b'\n');
            // Without a street line so far, a tail adds to the address only
            // if it holds one (see [`Evidence::sufficient`]), and what the
            // trim took off the end is part of the tail: only separators of
            // [`part_words`] leave its words as the walk saw them.
            let tail_use = if !shortcuts {
                TailUse::Any
            } else if is_zip && evidence.parts == 0 {
                // See the `Segment::Tail` arm below.
                TailUse::Nothing
            } else if !evidence.has_street_line()
                && raw.as_bytes()[seg_offset + seg.len()..]
                    .iter()
                    .all(|&b| b == b'-' || is_ascii_space(b))
            {
                TailUse::StreetLine
            } else {
                TailUse::Any
            };
            // Whether a place the part names can matter: only while no
            // part came before it (see [`Evidence::names_place_matters`]).
            let want_place = !shortcuts || evidence.names_place_matters(is_zip);
            match classify(rules, seg, &mut looked, tail_use, want_place) {
                // "Nazia Das\nG-99, …": the name line above an address.
                Segment::Part(_)
                    if line_start && !first && looks_like_person(rules, seg, false, &looked) =>
                {
                    break;
                }
                Segment::Part(part) => {
                    evidence.add(part);
                    start = seg_start + seg_offset;
                }
                // A ZIP needs two parts, and the tail is the walk's last:
                // with none before it, what it holds cannot matter.
                Segment::Tail(_) if is_zip && evidence.parts == 0 => break,
                Segment::Tail(offset) => {
                    // A label or prose ends here; the address starts inside.
                    let inner = seg_start + seg_offset + offset;
                    let part_text = &text[inner..seg_end];
                    // A PIN's first part completes the address only if it
                    // also names a place (`12 MG Road Pune`), and a tail
                    // of digits and marks (`41/43864 723`) names none: no
                    // lookup of its words or pairs can find an entry.
                    if shortcuts
                        && evidence.names_place_matters(is_zip)
                        && !may_name_place(lex, part_text)
                    {
                        break;
                    }
                    // The walk ends here, and adding a part never makes the
                    // evidence insufficient: the person check matters only
                    // when the part would complete the address.
                    if let Some(part) = classify_part(rules, part_text, &looked, want_place)
                        && evidence.with(part).sufficient(is_zip)
                        && !looks_like_person(rules, part_text, true, &looked)
                    {
                        evidence.add(part);
                        start = inner;
                    }
                    break;
                }
                Segment::Stop => break,
            }
        }
        first = false;
        let Some(sep) = sep_at else { break };
        if text.as_bytes()[sep] == b'\n' {
            lines += 1;
            if lines > cfg.max_lines || text[lo..sep].ends_with('\n') {
                break;
            }
        }
        seg_end = sep;
    }
    let trimmed = trim_start_by(&text[start..anchor.start], |c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | ',')
    });
    let start = anchor.start - trimmed.len();
    evidence.sufficient(is_zip).then_some(start..anchor.end)
}

/// Where the last `,`, line break or `;` of `bytes[lo..end]` is, if any:
/// where the segment that ends at `end` starts.
///
/// Sixteen bytes at a time from the end, one vector compare per
/// separator: the separator is often a few bytes back (the `, ` of `OTP,
/// 560038`, an empty segment, a short part), and never more than an
/// address's look-back (a few hundred bytes), where `memrchr3`'s setup
/// costs more than its faster search. The first bytes of the range, fewer
/// than sixteen, are tested as the sixteen from `lo`, the bits past them
/// dropped.
fn last_separator(bytes: &[u8], lo: usize, end: usize) -> Option<usize> {
    let mut end = end;
    while let Some(near) = end.checked_sub(16).filter(|&near| near >= lo)
        && let Some(block) = bytes[near..].first_chunk::<16>()
    {
        if let Some(last) = last_bit(separator_bits(block)) {
            return Some(near + last);
        }
        end = near;
    }
    match bytes[lo..].first_chunk::<16>() {
        // Bits of bytes from `end` on (already tested, or past the range)
        // are dropped.
        Some(block) => last_bit(separator_bits(block) & ((1 << (end - lo)) - 1)).map(|i| lo + i),
        None => bytes[lo..end]
            .iter()
            .rposition(|b| matches!(b, b',' | b'\n' | b';'))
            .map(|i| lo + i),
    }
}

/// The index of the highest set bit of `bits`, if any.
fn last_bit(bits: u32) -> Option<usize> {
    (bits != 0).then(|| usize::try_from(31 - bits.leading_zeros()).unwrap_or(0))
}

/// Bit `k` is set iff `block[k]` is `,`, a line break or `;`.
#[cfg(target_arch = "x86_64")]
fn separator_bits(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics are
    // always available; `block` is 16 readable bytes, exactly what the
    // unaligned load reads.
    let mask = unsafe {
        let x = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let is = |b: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(b as i8));
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(is(b','), is(b'\n')), is(b';')))
    };
    // movemask gives 16 bits in the low half of an i32.
    u32::from(mask as u16)
}

/// Bit `k` is set iff `block[k]` is `,`, a line break or `;`.
#[cfg(not(target_arch = "x86_64"))]
fn separator_bits(block: &[u8; 16]) -> u32 {
    block.iter().enumerate().fold(0, |bits, (k, b)| {
        bits | u32::from(matches!(b, b',' | b'\n' | b';')) << k
    })
}

/// What an accepted segment contributed.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Has a house/plot/street number or a unit word.
    Number,
    /// Has a street or locality word.
    Street,
    /// Is a city or state.
    Place,
    /// A short capitalized phrase (a locality or building name).
    Named,
}

#[derive(Debug, Default, Clone, Copy)]
struct Evidence {
    number: bool,
    street: bool,
    place: bool,
    parts: usize,
}

/// A segment's contribution: its kind, and whether it also names a city or
/// state (`flat 12 mg road kochi` is a street line that names a place).
#[derive(Debug, Clone, Copy)]
struct Part {
    kind: Kind,
    names_place: bool,
}

impl Evidence {
    fn add(&mut self, part: Part) {
        self.parts += 1;
        self.place |= part.names_place;
        match part.kind {
            Kind::Number => self.number = true,
            Kind::Street => self.street = true,
            Kind::Place => self.place = true,
            Kind::Named => {}
        }
    }

    /// The evidence with `part` added.
    fn with(mut self, part: Part) -> Evidence {
        self.add(part);
        self
    }

    /// Whether the next part's [`Part::names_place`] can change what
    /// [`Evidence::sufficient`] says, now or after more parts: a place is
    /// read only for a PIN with one part, and parts are only added, so
    /// only the first part's place can be read. When the walk ends with
    /// that part, it completes the address only if it names a place (a
    /// part of [`Kind::Place`] gives a place but no street line, so it
    /// never does).
    fn names_place_matters(&self, is_zip: bool) -> bool {
        !is_zip && self.parts == 0
    }

    /// Whether a part gave a number or a street word.
    fn has_street_line(&self) -> bool {
        self.number || self.street
    }

    /// An address needs a street line (number or street word) and, with a
    /// PIN, a second part: `Pune 411001` alone is a city, not an address.
    fn sufficient(&self, is_zip: bool) -> bool {
        let street_line = self.has_street_line();
        if is_zip {
            street_line && self.parts >= 2
        } else {
            street_line && (self.place || self.parts >= 2)
        }
    }
}

enum Segment {
    /// The whole segment belongs to the address.
    Part(Part),
    /// The segment starts with a label or prose; the address may begin at
    /// this byte offset inside it.
    Tail(usize),
    /// Not part of an address.
    Stop,
}

/// What a [`Segment::Tail`] can still do for the address: the walk ends at
/// a tail either way, so a tail that can do nothing may come back as
/// [`Segment::Stop`], found with less work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TailUse {
    /// Any tail may complete the address.
    Any,
    /// Only a tail with a number or street line may.
    StreetLine,
    /// None may.
    Nothing,
}

/// What `seg` is to the address; `looked` is left holding the lookups made
/// on its words, for a [`Segment::Tail`]'s [`classify_part`]. A tail that
/// cannot serve `tail_use` may come back as [`Segment::Stop`]. Without
/// `want_place`, a part's place may go unnoticed ([`classify_part`]).
fn classify(
    rules: &RuleSet,
    seg: &str,
    looked: &mut Looked,
    tail_use: TailUse,
    want_place: bool,
) -> Segment {
    match address_start_with(rules, seg, looked, tail_use) {
        Some(offset) if offset < seg.len() => Segment::Tail(offset),
        Some(_) => Segment::Stop,
        None => classify_part(rules, seg, looked, want_place).map_or(Segment::Stop, Segment::Part),
    }
}

/// Most lookups a [`Looked`] keeps.
const LOOKED_WORDS: usize = 12;

/// Lookups a word walk made, for [`Walk::start`] and [`classify_part`] to
/// reuse on the same words: the address of each word's first byte, its
/// length and its lists, right to left. Keyed by address, not offset, so a
/// word is found whatever slice of the text it is met in again; one that
/// did not fit is looked up again.
///
/// Three arrays rather than one of tuples: every expansion makes a fresh
/// one, and plain arrays are zeroed with a few wide stores where the
/// padded tuples took a store per field.
#[derive(Default)]
struct Looked {
    addrs: [usize; LOOKED_WORDS],
    lens: [u32; LOOKED_WORDS],
    lists: [Lists; LOOKED_WORDS],
    n: usize,
}

impl Looked {
    /// Records the lists of `word`, met left of every word recorded so far.
    fn push(&mut self, word: &str, lists: Lists) {
        if self.n < LOOKED_WORDS
            && let Ok(len) = u32::try_from(word.len())
        {
            self.addrs[self.n] = word.as_ptr().addr();
            self.lens[self.n] = len;
            self.lists[self.n] = lists;
            self.n += 1;
        }
    }

    /// The recorded lists of `word`, for words met left to right: `cursor`
    /// starts at [`Looked::cursor`] and moves past recorded words left of
    /// `word`.
    fn find(&self, word: &str, cursor: &mut usize) -> Option<Lists> {
        let addr = word.as_ptr().addr();
        while *cursor > 0 && self.addrs[*cursor - 1] < addr {
            *cursor -= 1;
        }
        let i = cursor.checked_sub(1)?;
        (self.addrs[i] == addr && usize::try_from(self.lens[i]) == Ok(word.len()))
            .then_some(self.lists[i])
    }

    /// Where a left-to-right [`Looked::find`] starts.
    fn cursor(&self) -> usize {
        self.n
    }
}

/// [`address_start_with`], its lookups dropped.
#[cfg(test)]
fn address_start(rules: &RuleSet, seg: &str) -> Option<usize> {
    address_start_with(rules, seg, &mut Looked::default(), TailUse::Any)
}

/// Offset where the address part of a segment begins, if the segment starts
/// with something else: a label (`Ship to:`), prose (`please send it to
/// my office:`), or a token that is no part of an address (`{{phone:1}}`).
///
/// The address starts after the last label or prose word. Lower-case words
/// that are neither prose nor street words (`orchid petals`, `peelamedu`)
/// are accepted only after an opener, a house number or unit word
/// (`flat 1402 orchid petals…`); the address then starts at the first
/// opener.
///
/// The words are walked right to left and the walk stops at the last prose
/// word (or the last label): nothing before it can move the start, and on
/// long segments of prose only the words after it are looked up.
///
/// The lookups made are left in `looked`.
///
/// A segment that does not start its address (a cut or a foreign word)
/// and whose tail cannot serve `tail_use` gets the segment's end, as if
/// nothing after the cut could be an address, with no label search: for
/// [`TailUse::StreetLine`], when its words after the last prose word cannot
/// make a number or street line, as no label moves the start before them.
fn address_start_with(
    rules: &RuleSet,
    seg: &str,
    looked: &mut Looked,
    tail_use: TailUse,
) -> Option<usize> {
    // Labels are rare: walk without them first, and search for one only
    // where it could end after the last prose word.
    // With no tail of use, the first word that cannot be in an address
    // settles the answer: the walk need not go on to the prose word.
    let walk = walk_words(rules, seg, None, looked, tail_use == TailUse::Nothing);
    let useless_tail = match tail_use {
        TailUse::Any => false,
        TailUse::StreetLine => walk.rest_lacks_street(),
        TailUse::Nothing => true,
    };
    if useless_tail && (walk.cut.is_some() || walk.last_foreign.is_some()) {
        return Some(seg.len());
    }
    match label_end_after(rules, seg, walk.cut) {
        Some(label_cut) => {
            walk_words(rules, seg, Some(label_cut), looked, false).start(rules, seg, looked)
        }
        None => walk.start(rules, seg, looked),
    }
}

/// The end of the last label in `seg` (the latest end of a whole-word
/// match), if it ends after `prose_end`, the end of the last prose word.
///
/// A label that ends by `prose_end` changes nothing: the walk with it stops
/// at that prose word (or the label's last word, which ends there) with the
/// same cut. So the label search starts after the last byte before
/// `prose_end` that no label contains, where a label ending later must
/// start, rather than at the segment's start.
fn label_end_after(rules: &RuleSet, seg: &str, prose_end: Option<usize>) -> Option<usize> {
    let labels = &rules.address.labels;
    // Just after the last byte of `seg[lo..end]` that no label contains,
    // or `lo` when there is none.
    let after_last_cut = |lo: usize, end: usize| {
        seg.as_bytes()[lo..end]
            .iter()
            .rposition(|&b| labels.is_cut(b))
            .map_or(lo, |i| lo + i + 1)
    };
    // Most segments have no word start where a label could begin and
    // still end after the prose word: no search at all. The start test
    // begins no earlier than `earliest`, so the cut byte it begins after is
    // looked for only from there, not through the whole prose before it.
    let earliest = prose_end.map_or(0, |p| (p + 1).saturating_sub(labels.max_len()));
    let test_from = prose_end.map_or(0, |end| after_last_cut(earliest, end));
    if !label_may_start(&rules.address, seg.as_bytes(), test_from) {
        return None;
    }
    let from = prose_end.map_or(0, |end| after_last_cut(0, end));
    let end = labels.find_all_from(seg, from).map(|(_, r)| r.end).max()?;
    prose_end.is_none_or(|p| end > p).then_some(end)
}

/// Whether a whole-word label may start at some byte of `bytes[from..]`.
/// A word byte that continues a run of word bytes starts no whole word, so
/// after a run's first byte the rest of the run is skipped; where the first
/// two bytes may start a label, the labels are compared there.
fn label_may_start(address: &AddressRules, bytes: &[u8], from: usize) -> bool {
    let labels = &address.labels;
    let is_word = |b: u8| CLASS[usize::from(b)] & WORD != 0;
    let mut at = from;
    while at < bytes.len() {
        let b = bytes[at];
        if labels.may_start(b)
            && (at == 0 || !is_word(bytes[at - 1]) || !is_word(b))
            && labels.may_start_at(bytes, at)
            && label_at(address, bytes, at)
        {
            return true;
        }
        at += 1;
        if is_word(b) {
            while at < bytes.len() && is_word(bytes[at]) {
                at += 1;
            }
        }
    }
    false
}

/// Whether a label is at `bytes[at..]` (any ASCII case) and does not end
/// inside a word: what a whole-word match starting at `at` needs
/// ([`crate::rules::whole_word`]). Out of line: most bytes never get here.
#[inline(never)]
fn label_at(address: &AddressRules, bytes: &[u8], at: usize) -> bool {
    let is_word = |b: u8| CLASS[usize::from(b)] & WORD != 0;
    address.label_heads.any_at(&bytes[at..], |len| {
        let end = at + len;
        len == 0 || end == bytes.len() || !is_word(bytes[end]) || !is_word(bytes[end - 1])
    })
}

/// What the right-to-left word walk of [`address_start_with`] found.
struct Walk {
    /// The end of the last prose word or label, if any.
    cut: Option<usize>,
    /// Where the first word after the cut starts.
    rest_start: usize,
    /// The end of the last word that cannot be in an address, if any.
    last_foreign: Option<usize>,
    /// Whether every word after the cut is ASCII letters only (or empty).
    rest_letters: bool,
    /// The lists of the words after the cut, or-ed.
    rest_lists: Lists,
}

impl Walk {
    /// Whether no tail of the walked segment can be a number or street
    /// line for [`classify_part`]: the words after the cut are letters
    /// only (no digit, and [`part_words`] sees each as it is) and none is
    /// a unit or street word. A tail's words are among them: a label
    /// ends after the last prose word and not inside a word of letters.
    fn rest_lacks_street(&self) -> bool {
        self.rest_letters && !self.rest_lists.any(Lists::UNIT.or(Lists::STREET))
    }

    /// The address start the walk implies (see [`address_start_with`]).
    fn start(&self, rules: &RuleSet, seg: &str, looked: &Looked) -> Option<usize> {
        let Some(last_foreign) = self.last_foreign else {
            return self.cut;
        };
        // The address starts at the first opener after the cut; with none,
        // it is what follows the last word that cannot be in one ("sir
        // parcel Vrindavan Society").
        let mut cursor = looked.cursor();
        for (at, word_end) in words_fwd(seg, self.rest_start) {
            let word = &seg[at..word_end];
            let opener = match looked.find(word, &mut cursor) {
                // Letters only: a unit word or nothing.
                Some(lists) => lists.any(Lists::UNIT) && !is_relative(word),
                None => is_opener(rules, word),
            };
            if opener {
                return Some(at);
            }
        }
        Some(last_foreign)
    }
}

/// Walks the words of `seg` right to left down to the last prose word or
/// `label_cut`, the end of the last label; `looked` is reset to the
/// lookups made on the way. With `stop_at_foreign`, the walk also ends at
/// the last word that cannot be in an address: then only
/// [`Walk::last_foreign`] is known, and the rest is what the walk saw.
fn walk_words(
    rules: &RuleSet,
    seg: &str,
    label_cut: Option<usize>,
    looked: &mut Looked,
    stop_at_foreign: bool,
) -> Walk {
    looked.n = 0;
    let mut cut = label_cut;
    // The end of the last word that cannot be in an address, if any.
    let mut last_foreign = None;
    // Where the first word after the cut starts.
    let mut rest_start = seg.len();
    let mut rest_letters = true;
    let mut rest_lists = Lists::NONE;
    // `word_end` includes the whitespace after the word.
    for word in words_rev(seg) {
        let (at, word_end) = (word.at, word.chunk_end);
        // A word that ends by the label's end can neither move the cut nor
        // follow it, and neither can any word before it.
        if label_cut.is_some_and(|c| word_end <= c) {
            break;
        }
        let t = &seg[at..word.end];
        let shape = word_shape(rules, t, word.letters, looked);
        let prose = match shape {
            Shape::Letters(lists) => lists.any(Lists::PROSE),
            Shape::Number => is_marked(t, word.braces, word.at_sign),
            Shape::Other => is_marked(t, word.braces, word.at_sign) || is_prose_word(rules, t),
        };
        if prose {
            cut = Some(word_end);
            break;
        }
        if label_cut.is_some_and(|c| at < c) {
            // Straddles the label's end: not after the cut, but its end is
            // in a tail.
            rest_letters = false;
            continue;
        }
        rest_start = at;
        match shape {
            Shape::Letters(lists) => rest_lists = rest_lists.or(lists),
            _ => rest_letters &= t.is_empty(),
        }
        if last_foreign.is_none() {
            let address_word = match shape {
                // Letters only: capitalized, or a unit or street word.
                Shape::Letters(lists) => {
                    t.as_bytes()[0].is_ascii_uppercase() || lists.any(Lists::UNIT.or(Lists::STREET))
                }
                // Not marked, or it would have been prose: a number.
                Shape::Number => true,
                // Not marked either.
                Shape::Other => is_unmarked_address_word(rules, t),
            };
            if !address_word {
                last_foreign = Some(word_end);
                if stop_at_foreign {
                    break;
                }
            }
        }
    }
    Walk {
        cut,
        rest_start,
        last_foreign,
        rest_letters,
        rest_lists,
    }
}

/// What [`walk_words`] needs to know of a word before its questions.
#[derive(Clone, Copy)]
enum Shape {
    /// ASCII letters only, with its lists: the same word however the
    /// questions trim it, so one lookup answers them all.
    Letters(Lists),
    /// Starts with an ASCII digit that starts no lexicon entry: no trim
    /// of [`is_prose_word`] or [`is_unmarked_address_word`] touches its
    /// first byte, so it is no listed prose word and it is an address
    /// word (a number), and neither question needs asking.
    Number,
    /// Anything else: the questions trim and look it up themselves.
    Other,
}

/// The [`Shape`] of `word` (`letters`: whether it is ASCII letters only);
/// a lookup made is recorded in `looked`.
fn word_shape(rules: &RuleSet, word: &str, letters: bool, looked: &mut Looked) -> Shape {
    if letters {
        let lists = rules.lexicon.lookup(word);
        looked.push(word, lists);
        Shape::Letters(lists)
    } else if word.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && !rules.lexicon.may_hold(word.as_bytes())
    {
        Shape::Number
    } else {
        Shape::Other
    }
}

/// Whether `word` holds `{{` or `}}` (a token, which is no address part).
fn has_token_brace(word: &str) -> bool {
    word.as_bytes().windows(2).any(|p| p == b"{{" || p == b"}}")
}

/// A word that ends a label (`to:`), holds a token brace or an `@`: no
/// address contains it, and it counts as prose. `braces` and `at_sign`
/// say whether the word holds a `{` or `}`, and an `@` ([`RevWord`]): the
/// word scan found them, so only a word with a brace needs the exact test
/// for a pair (an `@` settles it alone, and most words hold neither).
fn is_marked(word: &str, braces: bool, at_sign: bool) -> bool {
    word.ends_with(':') || at_sign || braces && has_token_brace(word)
}

/// A word of running prose or a label (no address contains it) that is not
/// [`is_marked`]: a dash or a listed prose word, once punctuation is
/// trimmed off.
fn is_prose_word(rules: &RuleSet, word: &str) -> bool {
    let w = trim_by(word, |c: char| {
        matches!(c, ',' | '.' | '(' | ')' | '"' | '!' | '?')
    });
    matches!(w, "-" | "–" | "—")
        || rules.lexicon.may_hold(w.as_bytes()) && rules.lexicon.lookup(w).any(Lists::PROSE)
}

/// A word that can open an address line: a house number (`302`, `#248`,
/// `g-207`, `4th`) or a unit word (`flat`, `h.no.`, `plot`).
fn is_opener(rules: &RuleSet, word: &str) -> bool {
    let w = trim_by(word, |c: char| matches!(c, ',' | '(' | ')' | '"'));
    // The end filter first: the words asked here are mostly prose a walk
    // met (`instead?`, `It's`), which no unit word's length and last byte
    // fit.
    let unit = |w: &str| {
        rules.lexicon.may_end_list(w.as_bytes(), Lists::UNIT)
            && lists_of(&rules.lexicon, w).any(Lists::UNIT)
    };
    let dotless = w.trim_end_matches('.');
    w.bytes().any(|b| b.is_ascii_digit())
        || (unit(dotless) || dotless.len() != w.len() && unit(w)) && !is_relative(w)
}

/// Whether `w` is a unit word that describes where, not which unit
/// (`near`, `opp`, any ASCII case): it continues an address line but does
/// not open one inside prose. Compares only the words of `w`'s length
/// (the test's `RELATIVE_WORDS` lists them all): this is asked of every
/// unit word a walk meets after its cut, and most compares of a loop over
/// the list failed on length.
fn is_relative(w: &str) -> bool {
    let is = |r: &str| r.eq_ignore_ascii_case(w);
    match w.len() {
        2 => is("no"),
        3 => is("opp") || is("no."),
        4 => is("near") || is("opp."),
        6 => is("behind") || is("beside") || is("office"),
        8 => is("opposite"),
        _ => false,
    }
}

/// A short line of capitalized name words with at least one listed first
/// name or surname (every word listed when `all_listed`: after `Deliver
/// to`, `Purva Riviera` is a building) and no street, unit or place word:
/// `Nazia Das`, `H. S. Thakur`, `ROHIT VERMA`. The words in `looked` are
/// not looked up again.
fn looks_like_person(rules: &RuleSet, seg: &str, all_listed: bool, looked: &Looked) -> bool {
    // One pass: a sixth word refuses the line as surely as a word that is
    // not name-shaped, so neither needs the words counted first.
    let is_initials = |w: &str| {
        w.ends_with('.')
            && w.split('.')
                .filter(|p| !p.is_empty())
                .all(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_uppercase()))
    };
    let mut listed = false;
    let mut unlisted = false;
    let mut cursor = looked.cursor();
    // `seg.split_whitespace()`, but with ASCII bytes undecoded.
    let words = words_fwd(seg, 0)
        .filter(|(at, end)| at < end)
        .map(|(at, end)| &seg[at..end]);
    for (i, w) in words.enumerate() {
        if i == 5 {
            return false;
        }
        if is_initials(w) {
            continue;
        }
        let word = w.trim_end_matches(',');
        // Bytes, not chars: every char accepted is ASCII, and a byte of a
        // multi-byte char fails the tests as its char would.
        let bytes = word.as_bytes();
        let name_shaped = bytes.first().is_some_and(u8::is_ascii_uppercase)
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'\'' | b'-'));
        if !name_shaped {
            return false;
        }
        let lists = looked
            .find(word, &mut cursor)
            .unwrap_or_else(|| rules.lexicon.lookup(word));
        if lists.any(
            Lists::STREET
                .or(Lists::UNIT)
                .or(Lists::PLACE)
                .or(Lists::STOP),
        ) {
            return false;
        }
        if lists.any(Lists::NAME) {
            listed = true;
        } else {
            unlisted = true;
        }
    }
    listed && !(all_listed && unlisted)
}

/// Whether a whitespace-separated word that is not [`is_marked`] can be
/// part of an address line: numbers (`302`, `4-5-67`, `#12`, `14th`),
/// capitalized words, and lower-case unit or street words (`near`, `cross`,
/// `road`).
fn is_unmarked_address_word(rules: &RuleSet, word: &str) -> bool {
    let w = trim_by(word, |c: char| {
        matches!(c, ',' | '.' | '(' | ')' | '-' | '–' | '/' | '#' | '"')
    });
    if w.is_empty() {
        return true;
    }
    // An ASCII first byte is tested undecoded.
    let upper_or_digit = match w.as_bytes()[0] {
        b if b.is_ascii() => b.is_ascii_digit() || b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    };
    upper_or_digit || lists_of(&rules.lexicon, w).any(Lists::UNIT.or(Lists::STREET))
}

/// Most words [`classify_part`] looks at in one segment.
const MAX_PART_WORDS: usize = 16;

/// What `seg` contributes as a whole part of an address, if anything;
/// the words in `looked` are not looked up again. Without `want_place`,
/// two words that name a place together (`new delhi`) are not looked up:
/// the part's [`Part::names_place`] may be false where they would make it
/// true, and its kind [`Kind::Named`] where they would make it
/// [`Kind::Place`].
fn classify_part(rules: &RuleSet, seg: &str, looked: &Looked, want_place: bool) -> Option<Part> {
    let lex = &rules.lexicon;
    let seg = trim_by(seg, char::is_whitespace);
    if seg.is_empty() || seg.len() > 160 {
        return None;
    }
    // The words, one lookup each, and the union of their lists (all that
    // is asked of them one by one). Words only: an array of (word, lists)
    // pairs took a store per field to set up at every call.
    let mut words = [""; MAX_PART_WORDS];
    let mut lists = Lists::NONE;
    let mut n = 0;
    let mut cursor = looked.cursor();
    for w in part_words(seg) {
        if n == MAX_PART_WORDS {
            return None;
        }
        let word_lists = looked
            .find(w, &mut cursor)
            .unwrap_or_else(|| lists_of(lex, w));
        words[n] = w;
        lists = lists.or(word_lists);
        n += 1;
    }
    let words = &words[..n];
    // A one-word segment was looked up as its word.
    let seg_lists = match words {
        [w] if w.len() == seg.len() => lists,
        _ => lists_of(lex, seg),
    };
    if seg_lists.any(Lists::PLACE) {
        return Some(Part {
            kind: Kind::Place,
            names_place: true,
        });
    }
    // Evaluated only on the way to `Some`: a pair is looked up joined by
    // one space, as the lists write it ("new delhi").
    let names_place = || {
        lists.any(Lists::PLACE)
            || want_place
                && words.windows(2).any(|p| {
                    !is_whole_pair(seg, p[0], p[1])
                        && lex.may_hold(p[0].as_bytes())
                        && pair_lookup(lex, p[0], p[1]).any(Lists::PLACE)
                })
    };
    let has_digit = has_ascii_digit(seg.as_bytes());
    let unit = lists.any(Lists::UNIT);
    let street = lists.any(Lists::STREET);
    if has_digit || unit {
        // "Flat 302", "14th Cross", "#12": a number line. Long digit runs
        // without street words are phone or account numbers, not addresses.
        // (A segment with no digit has no such run: no need to look.)
        if has_digit && !street && has_digit_run(seg.as_bytes(), LONG_DIGIT_RUN) {
            return None;
        }
        let kind = if street { Kind::Street } else { Kind::Number };
        return Some(Part {
            kind,
            names_place: names_place(),
        });
    }
    if words.len() > 8 {
        return None;
    }
    if street {
        return Some(Part {
            kind: Kind::Street,
            names_place: names_place(),
        });
    }
    // A short capitalized phrase: a locality, building or city not in our
    // lists ("Indiranagar", "Sai Residency").
    let capitalized = words
        .iter()
        .all(|w| w.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
    if capitalized && words.len() <= 4 {
        let names_place = names_place();
        let kind = if names_place {
            Kind::Place
        } else {
            Kind::Named
        };
        return Some(Part { kind, names_place });
    }
    None
}

/// False only when [`classify_part`] of `seg` cannot name a place: every
/// place it finds is a lookup of a word, a pair or the whole segment
/// ([`lists_of`], [`pair_lookup`] after [`Lexicon::may_hold`], or the
/// walk's lookups of letter words), and each begins at a byte of `seg`;
/// when no byte of `seg` starts a lexicon entry, each finds nothing.
fn may_name_place(lex: &Lexicon, seg: &str) -> bool {
    seg.as_bytes()
        .iter()
        .any(|b| lex.may_hold(std::slice::from_ref(b)))
}

/// Whether `a b` (the pair [`pair_lookup`] looks up) is all of `seg`,
/// whose lookup ([`classify_part`]'s first) already said it is no place.
fn is_whole_pair(seg: &str, a: &str, b: &str) -> bool {
    a.as_ptr() == seg.as_ptr()
        && a.len() + 1 + b.len() == seg.len()
        && seg.as_bytes()[a.len()] == b' '
}

/// The words of a segment as [`classify_part`] sees them: split at
/// whitespace and at `./()-#,`, empty ones dropped.
fn part_words(seg: &str) -> impl Iterator<Item = &str> {
    let bytes = seg.as_bytes();
    // The length of the separator char at `i`, or 0; an ASCII byte needs
    // one table load.
    let sep_len = |i: usize| {
        let b = bytes[i];
        if CLASS[usize::from(b)] & PART_STOP == 0 {
            0
        } else if b.is_ascii() {
            1
        } else if !may_start_space(b) {
            0
        } else {
            let c = char_at(seg, i);
            if c.is_whitespace() { c.len_utf8() } else { 0 }
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i == seg.len() {
                return None;
            }
            match sep_len(i) {
                0 => break,
                n => i += n,
            }
        }
        let start = i;
        while i < seg.len() {
            let b = bytes[i];
            if CLASS[usize::from(b)] & PART_STOP == 0 {
                i += 1;
            } else if b.is_ascii() {
                break;
            } else if !may_start_space(b) {
                // A byte of a multi-byte char that is no whitespace.
                i += 1;
            } else {
                let c = char_at(seg, i);
                if c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        Some(&seg[start..i])
    })
}

/// Digits in a row that make a segment without street words a phone or
/// account number rather than an address line.
const LONG_DIGIT_RUN: usize = 7;

/// Whether `bytes` holds an ASCII digit. No early exit: a segment is
/// short, and a loop without a branch per byte costs less than one that
/// stops at the first digit.
fn has_ascii_digit(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(false, |found, b| found | b.is_ascii_digit())
}

/// Whether `bytes` holds `run` (> 0) ASCII digits in a row.
///
/// Tests the last byte of each window of `run` bytes first: when it is no
/// digit, no run ends in the window and the next window starts after it,
/// so text with few digits is looked at `run` bytes at a time. When it is
/// a digit, the window is read backwards to its first non-digit, after
/// which the next window starts.
fn has_digit_run(bytes: &[u8], run: usize) -> bool {
    // Where the window being tested starts.
    let mut start = 0;
    while let Some(&last) = bytes.get(start + run - 1) {
        if !last.is_ascii_digit() {
            start += run;
            continue;
        }
        match bytes[start..start + run - 1]
            .iter()
            .rposition(|b| !b.is_ascii_digit())
        {
            Some(i) => start += i + 1,
            None => return true,
        }
    }
    false
}

/// The lists of `word`, with no lookup for a word whose first byte starts
/// no entry (most words of a numeric segment).
fn lists_of(lex: &Lexicon, word: &str) -> Lists {
    if lex.may_hold(word.as_bytes()) {
        lex.lookup(word)
    } else {
        Lists::NONE
    }
}

/// One word of [`words_rev`].
#[derive(Debug, PartialEq)]
struct RevWord {
    /// Where the word starts.
    at: usize,
    /// Where it ends.
    end: usize,
    /// Where it ends with the whitespace char after it, if any.
    chunk_end: usize,
    /// Whether it is ASCII letters only (and not empty).
    letters: bool,
    /// Whether it holds a `{` or `}` (see [`is_marked`]).
    braces: bool,
    /// Whether it holds an `@` (see [`is_marked`]).
    at_sign: bool,
}

/// [`CLASS`] bit: ASCII whitespace or a non-ASCII byte, where the ASCII
/// fast path of a word scan stops.
const STOP: u8 = 1;
/// [`CLASS`] bit: not an ASCII letter.
const NOT_LETTER: u8 = 2;
/// [`CLASS`] bit: `{` or `}`.
const BRACE: u8 = 4;
/// [`CLASS`] bit: a non-ASCII byte or an ASCII byte that splits
/// [`part_words`] (whitespace and `./()-#,`).
const PART_STOP: u8 = 8;
/// [`CLASS`] bit: a word byte as whole-word matching sees it
/// ([`is_word_byte`]).
const WORD: u8 = 16;
/// [`CLASS`] bit: `@`.
const AT_SIGN: u8 = 32;

/// The class bits of each byte, so a word scan tests a byte with one load.
static CLASS: [u8; 256] = byte_classes();

/// Builds [`CLASS`].
const fn byte_classes() -> [u8; 256] {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut c = 0;
        if !byte.is_ascii() || is_ascii_space(byte) {
            c |= STOP;
        }
        if !byte.is_ascii_alphabetic() {
            c |= NOT_LETTER;
        }
        if matches!(byte, b'{' | b'}') {
            c |= BRACE;
        }
        if byte == b'@' {
            c |= AT_SIGN;
        }
        if c & STOP != 0 || matches!(byte, b'.' | b'/' | b'(' | b')' | b'-' | b'#' | b',') {
            c |= PART_STOP;
        }
        if is_word_byte(byte) {
            c |= WORD;
        }
        class[b] = c;
        b += 1;
    }
    class
}

/// Whether the ASCII byte `b` is whitespace as [`char::is_whitespace`]
/// sees it.
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// The words of `seg` right to left, as
/// `seg.split_inclusive(char::is_whitespace).rev()` yields them, but as
/// offsets, and with whether each is letters only (found on the way: the
/// walk asks it of every word).
fn words_rev(seg: &str) -> impl Iterator<Item = RevWord> + '_ {
    let bytes = seg.as_bytes();
    let mut chunk_end = seg.len();
    std::iter::from_fn(move || {
        if chunk_end == 0 {
            return None;
        }
        // The whitespace char that ends the chunk, if any; an ASCII byte
        // is tested undecoded.
        let space_len = match bytes[chunk_end - 1] {
            b if b.is_ascii() => usize::from(is_ascii_space(b)),
            _ => {
                let last = char_before(seg, chunk_end);
                if last.is_whitespace() {
                    last.len_utf8()
                } else {
                    0
                }
            }
        };
        let end = chunk_end - space_len;
        let mut at = end;
        // The class bits of the word's bytes, or-ed.
        let mut class = 0;
        loop {
            // ASCII bytes need no decoding.
            while at > 0 {
                let c = CLASS[usize::from(bytes[at - 1])];
                if c & STOP != 0 {
                    break;
                }
                class |= c;
                at -= 1;
            }
            if at == 0 || bytes[at - 1].is_ascii() {
                break;
            }
            // A multi-byte char: whitespace only if its first byte may
            // start one (most scripts' chars are decided without decoding).
            let mut lead = at - 1;
            while lead > 0 && is_continuation(bytes[lead]) {
                lead -= 1;
            }
            if may_start_space(bytes[lead]) && char_at(seg, lead).is_whitespace() {
                break;
            }
            class |= NOT_LETTER;
            at = lead;
        }
        let word = RevWord {
            at,
            end,
            chunk_end,
            letters: class & NOT_LETTER == 0 && at < end,
            braces: class & BRACE != 0,
            at_sign: class & AT_SIGN != 0,
        };
        chunk_end = at;
        Some(word)
    })
}

/// The words of `seg[from..]` left to right, as
/// `split_inclusive(char::is_whitespace)` yields them, but as offsets into
/// `seg`: (start, end of the word without the whitespace after it).
fn words_fwd(seg: &str, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        if at == seg.len() {
            return None;
        }
        let start = at;
        let bytes = seg.as_bytes();
        // Up to the first whitespace char; ASCII bytes need no decoding.
        let mut word_end = start;
        let space_len = loop {
            match bytes.get(word_end) {
                None => break 0,
                Some(&b) if CLASS[usize::from(b)] & STOP == 0 => word_end += 1,
                Some(&b) if b.is_ascii() => break 1,
                // A byte of a multi-byte char that is no whitespace: a
                // continuation byte, or a first byte that starts none.
                Some(&b) if !may_start_space(b) => word_end += 1,
                Some(_) => {
                    let c = char_at(seg, word_end);
                    if c.is_whitespace() {
                        break c.len_utf8();
                    }
                    word_end += c.len_utf8();
                }
            }
        };
        at = word_end + space_len;
        Some((start, word_end))
    })
}

/// Whether the non-ASCII byte `b` may start a whitespace char: every
/// non-ASCII [`char::is_whitespace`] char (U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starts with one
/// of these bytes, and a continuation byte starts none. A word scan that
/// meets any other non-ASCII byte knows it is inside a char that is no
/// whitespace (Devanagari, `₹`, `é`) without decoding it. A test checks
/// every char.
fn may_start_space(b: u8) -> bool {
    matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
}

/// Whether `b` is a UTF-8 continuation byte (`0b10xx_xxxx`).
fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// The char starting at byte `i` of `s`; an ASCII byte needs no decoding.
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        char::from(b)
    } else {
        s[i..].chars().next().unwrap_or_default()
    }
}

/// The char ending at byte `end` of `s`; an ASCII byte needs no decoding.
fn char_before(s: &str, end: usize) -> char {
    let b = s.as_bytes()[end - 1];
    if b.is_ascii() {
        char::from(b)
    } else {
        s[..end].chars().next_back().unwrap_or_default()
    }
}

/// `s.trim_start_matches(f)`, testing ASCII bytes without decoding them
/// (the std searcher decodes every char). `f` is asked of an ASCII char in
/// a branch of its own, where it folds to byte tests (`is_whitespace`
/// drops its Unicode table).
fn trim_start_by(s: &str, f: impl Fn(char) -> bool) -> &str {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !f(char::from(b)) {
                break;
            }
            i += 1;
        } else {
            let c = char_at(s, i);
            if !f(c) {
                break;
            }
            i += c.len_utf8();
        }
    }
    &s[i..]
}

/// `s.trim_end_matches(f)`, as [`trim_start_by`].
fn trim_end_by(s: &str, f: impl Fn(char) -> bool) -> &str {
    let bytes = s.as_bytes();
    let mut end = s.len();
    while end > 0 {
        let b = bytes[end - 1];
        if b.is_ascii() {
            if !f(char::from(b)) {
                break;
            }
            end -= 1;
        } else {
            let c = char_before(s, end);
            if !f(c) {
                break;
            }
            end -= c.len_utf8();
        }
    }
    &s[..end]
}

/// `s.trim_end_matches(f)` for an `f` that matches ASCII chars only: a
/// byte of a multi-byte char is never ASCII, so it stops the trim as its
/// char would.
fn trim_ascii_end_by(s: &str, f: impl Fn(u8) -> bool) -> &str {
    let end = s
        .bytes()
        .rposition(|b| !(b.is_ascii() && f(b)))
        .map_or(0, |i| i + 1);
    &s[..end]
}

/// `s.trim_matches(f)`, as [`trim_start_by`].
fn trim_by(s: &str, f: impl Fn(char) -> bool) -> &str {
    trim_end_by(trim_start_by(s, &f), &f)
}

/// The lists of `a b` (two words joined by one space), without allocating.
fn pair_lookup(lex: &Lexicon, a: &str, b: &str) -> Lists {
    let mut buf = [0u8; 64];
    let len = a.len() + 1 + b.len();
    let Some(pair) = buf.get_mut(..len) else {
        return lex.lookup(&format!("{a} {b}"));
    };
    pair[..a.len()].copy_from_slice(a.as_bytes());
    pair[a.len()] = b' ';
    pair[a.len() + 1..].copy_from_slice(b.as_bytes());
    lex.entry_bytes(pair).lists
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words [`is_relative`] holds.
    const RELATIVE_WORDS: [&str; 9] = [
        "near", "opp", "opp.", "opposite", "behind", "beside", "no", "no.", "office",
    ];

    /// [`is_relative`] is a case-blind compare with each of
    /// [`RELATIVE_WORDS`]: checked on those words in random case, cut
    /// short or grown by a byte, and on 20,000 random words of their
    /// letters.
    #[test]
    fn relative_words_are_found_by_length() {
        let plain = |w: &str| RELATIVE_WORDS.iter().any(|r| r.eq_ignore_ascii_case(w));
        let mut pick = picker(7);
        let mut words: Vec<String> = Vec::new();
        for r in RELATIVE_WORDS {
            for _ in 0..8 {
                let mixed: String = r
                    .chars()
                    .map(|c| {
                        if pick(2) == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                words.push(mixed[..pick(mixed.len() + 1)].to_owned());
                words.push(format!("{mixed}{}", ["s", ".", "", "e"][pick(4)]));
                words.push(mixed);
            }
        }
        let letters = [
            'n', 'E', 'a', 'r', 'o', 'P', 'b', 'h', 'i', 'd', 's', 'f', 'c', '.', 'é',
        ];
        for _ in 0..20_000 {
            let len = pick(10);
            words.push((0..len).map(|_| letters[pick(letters.len())]).collect());
        }
        let mut found = 0;
        for w in &words {
            let want = plain(w);
            found += usize::from(want);
            assert_eq!(is_relative(w), want, "{w:?}");
        }
        assert!(found > 100, "{found}");
    }

    /// A deterministic picker (a 64-bit LCG from `seed`): each call gives
    /// an index below its argument.
    fn picker(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed;
        move |n| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        }
    }

    /// Where [`address_start`] puts the start: `None` for a segment that
    /// is address from its first word, else the offset of `from` (or the
    /// segment's end when nothing after the cut can be an address).
    #[test]
    fn address_starts_after_the_last_label_or_prose_word() {
        let rules = RuleSet::embedded().expect("rules");
        let long_prose = "the parcel was sent to the old place and ".repeat(20) + "12 MG Road";
        let cases: [(&str, Option<&str>); 13] = [
            ("Flat 302", None),
            ("", None),
            // The last prose word, not the first, sets the cut.
            (
                "please send it to my office: flat 1402 orchid petals cross cut road",
                Some("flat 1402"),
            ),
            // Lower-case words that are no address words, with no opener:
            // the address follows the last of them.
            ("sir parcel Vrindavan Society", Some("Vrindavan")),
            // A label, then a word that ends with `:` after it.
            ("Ship to: 12 MG Road", Some("12 MG")),
            // A label cuts where it ends (the caller trims the space).
            ("billing address 6901 Washington St", Some(" 6901")),
            // A label word after prose: the later of the two wins.
            ("it is at my address: Flat 4", Some("Flat 4")),
            ("{{name:1}} near Metro Station", Some("near Metro")),
            // Prose and nothing after it.
            ("the quick brown fox", Some("")),
            // An opener after the cut starts the address, even when a
            // foreign word follows it.
            ("send to h.no. 12 peelamedu layout", Some("h.no. 12")),
            // `near` continues an address line but does not open one.
            ("deliver to near orchid petals Temple", Some("Temple")),
            // Only the words after the last prose word are looked at, however
            // long the prose before them.
            (long_prose.as_str(), Some("12 MG Road")),
            ("x@y.com Flat 9", Some("Flat 9")),
        ];
        for (seg, from) in cases {
            let want = from.map(|f| {
                if f.is_empty() {
                    seg.len()
                } else {
                    seg.rfind(f).expect("the expected start is in the segment")
                }
            });
            assert_eq!(address_start(&rules, seg), want, "{seg:?}");
        }
    }

    /// Every non-ASCII whitespace char starts with a byte
    /// [`may_start_space`] lets through, so the word scans that step over
    /// other non-ASCII bytes undecoded split where the std splits do.
    #[test]
    fn every_whitespace_char_starts_with_a_space_lead_byte() {
        let mut spaces = 0;
        for c in ('\u{80}'..=char::MAX).filter(|c| c.is_whitespace()) {
            let mut buf = [0; 4];
            assert!(
                may_start_space(c.encode_utf8(&mut buf).as_bytes()[0]),
                "{c:?}"
            );
            spaces += 1;
        }
        assert!(spaces >= 19, "{spaces}");
        assert!((0x80..0xc0).all(|b| !may_start_space(b)));
    }

    /// Strings with ASCII and Unicode whitespace, separators and
    /// multi-byte chars where the byte-level splits could go wrong.
    const TRICKY: [&str; 16] = [
        "",
        " ",
        "  ",
        "a",
        "Flat 302",
        "  Flat  302 ",
        "h.no. 12/4-5 (near) #7,",
        "a\u{a0}b\u{3000}c\u{2009}",
        "\u{a0}x\u{85}",
        "पता: 12 MG रोड",
        "₹500 – Road — x",
        "tab\tvt\u{b}ff\u{c}cr\r",
        "--:–:",
        "é,ü.ß",
        "x@y {{a}} b} {c",
        "Flat\u{a0}{{",
    ];

    /// [`words_rev`] of `s` with the std splits.
    fn std_words_rev(s: &str) -> Vec<RevWord> {
        let mut end = s.len();
        s.split_inclusive(char::is_whitespace)
            .rev()
            .map(|w| {
                let at = end - w.len();
                let chunk_end = end;
                end = at;
                let t = w.trim();
                RevWord {
                    at,
                    end: at + t.len(),
                    chunk_end,
                    letters: !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphabetic()),
                    braces: t.bytes().any(|b| matches!(b, b'{' | b'}')),
                    at_sign: t.contains('@'),
                }
            })
            .collect()
    }

    #[test]
    fn byte_level_word_splits_match_the_std_splits() {
        // Also 20,000 random strings of ASCII, every non-ASCII whitespace
        // char and other multi-byte chars (whose bytes the scans step over
        // undecoded, see [`may_start_space`]).
        let chars: Vec<char> = "aZ9 .,/()-#:{}@\t\n–—₹éपता रोड\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{200b}\u{2010}\u{3001}\u{1681}"
            .chars()
            .collect();
        let mut pick = picker(11);
        let random: Vec<String> = (0..20_000)
            .map(|_| (0..pick(14)).map(|_| chars[pick(chars.len())]).collect())
            .collect();
        for s in TRICKY
            .iter()
            .copied()
            .chain(random.iter().map(String::as_str))
        {
            assert_eq!(words_rev(s).collect::<Vec<_>>(), std_words_rev(s), "{s:?}");
            let mut at = 0;
            let std_fwd: Vec<_> = s
                .split_inclusive(char::is_whitespace)
                .map(|w| {
                    let start = at;
                    at += w.len();
                    (start, start + w.trim().len())
                })
                .collect();
            assert_eq!(words_fwd(s, 0).collect::<Vec<_>>(), std_fwd, "{s:?}");
            // [`looks_like_person`]'s words.
            let nonempty: Vec<_> = words_fwd(s, 0)
                .filter(|(at, end)| at < end)
                .map(|(at, end)| &s[at..end])
                .collect();
            assert_eq!(nonempty, s.split_whitespace().collect::<Vec<_>>(), "{s:?}");
            let std_parts: Vec<_> = s
                .split(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | '/' | '(' | ')' | '-' | '#' | ',')
                })
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(part_words(s).collect::<Vec<_>>(), std_parts, "{s:?}");
            let f = |c: char| c.is_whitespace() || matches!(c, '-' | '–' | ':' | ',');
            assert_eq!(trim_start_by(s, f), s.trim_start_matches(f), "{s:?}");
            assert_eq!(trim_end_by(s, f), s.trim_end_matches(f), "{s:?}");
            assert_eq!(trim_by(s, char::is_whitespace), s.trim(), "{s:?}");
        }
    }

    /// The label search that starts late (see [`label_end_after`]) puts the
    /// start where a search of the whole segment does.
    #[test]
    fn the_late_label_search_finds_what_the_whole_search_finds() {
        let rules = RuleSet::embedded().expect("rules");
        let whole = |seg: &str| {
            let label_cut = rules.address.labels.find_all(seg).map(|(_, r)| r.end).max();
            let looked = &mut Looked::default();
            walk_words(&rules, seg, label_cut, looked, false).start(&rules, seg, looked)
        };
        let mut segs: Vec<String> = [
            "billing address 6901 Washington St",
            "my address is Flat 4",
            "send to the address: 12 MG Road",
            "the address 12 MG Road",
            "Ship to: it is 12 MG Road",
            "address",
            "address:",
            "7address 9 ship to 12 Road",
            "please send it to my office address Flat 9",
            "ship tomorrow to address12 Road",
        ]
        .map(String::from)
        .into();
        // Random segments of labels, prose, address words and cut bytes.
        let pieces = [
            "address",
            "addr:",
            "ship",
            "to",
            "ship to",
            "the",
            "my",
            "12",
            "Flat",
            "Road",
            "send",
            "is",
            "i live at",
            "x",
            "?",
            "7",
            ":",
            "-",
            "Pune",
            "near",
            "deliver",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let mut seg = String::new();
            for _ in 0..1 + state % 9 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                seg.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                seg.push_str(if state >> 60 == 0 { "" } else { " " });
            }
            segs.push(seg.trim().to_owned());
        }
        for seg in &segs {
            assert_eq!(address_start(&rules, seg), whole(seg), "{seg:?}");
        }
    }

    /// Skipping the inside of word runs finds a possible label start
    /// wherever a test of every byte does, from any starting byte.
    #[test]
    fn the_label_start_test_skips_only_word_insides() {
        let rules = RuleSet::embedded().expect("rules");
        let labels = &rules.address.labels;
        let every = |bytes: &[u8], from: usize| {
            (from..bytes.len()).any(|at| {
                labels.may_start(bytes[at])
                    && (at == 0 || !is_word_byte(bytes[at - 1]) || !is_word_byte(bytes[at]))
                    && labels.may_start_at(bytes, at)
                    && label_at(&rules.address, bytes, at)
            })
        };
        let more = [
            "9address",
            "ship to",
            "xaddr: 12",
            "12/addr",
            "(ship",
            "aaddress",
            "address",
            "a",
            "7 a",
            "Road-deliver",
            "12_send",
        ];
        for s in TRICKY.into_iter().chain(more) {
            for from in 0..=s.len() {
                let bytes = s.as_bytes();
                assert_eq!(
                    label_may_start(&rules.address, bytes, from),
                    every(bytes, from),
                    "{s:?} from {from}"
                );
            }
        }
        for b in 0..=u8::MAX {
            assert_eq!(CLASS[usize::from(b)] & WORD != 0, is_word_byte(b), "{b}");
        }
    }

    /// Where the start test says no label may start, the search finds no
    /// whole-word label starting there: skipping the search changes nothing.
    #[test]
    fn no_label_is_found_where_the_start_test_says_none_starts() {
        let rules = RuleSet::embedded().expect("rules");
        let labels = &rules.address.labels;
        let more = [
            "Sai Residency",
            "Sector 15",
            "New York",
            "new address: 12 MG Road",
            "NEW ADDRESS 4",
            "addressing 12",
            "my address is 12",
            "my address isx 12",
            "Ship To: Flat 3",
            "shipping addresses",
            "Courier to: 4",
            "x pata: 5",
            "Address:12",
            "addr",
            "i live at",
            "i live atx",
            "I Stay At 5",
        ];
        for s in TRICKY.into_iter().chain(more) {
            let bytes = s.as_bytes();
            for from in 0..=s.len() {
                if !s.is_char_boundary(from) {
                    continue;
                }
                // From the start, and from `from` where a search may start.
                let found = labels.find_all(s).any(|(_, r)| r.start >= from)
                    || ((from == 0 || labels.is_cut(bytes[from - 1]))
                        && labels.find_all_from(s, from).next().is_some());
                if found {
                    assert!(
                        label_may_start(&rules.address, bytes, from),
                        "{s:?} from {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_walks_lookups_are_found_again_by_address_left_to_right() {
        let rules = RuleSet::embedded().expect("rules");
        let seg = "Flat 302, Sai Residency (near) x";
        let mut looked = Looked::default();
        walk_words(&rules, seg, None, &mut looked, false);
        let mut cursor = looked.cursor();
        for w in part_words(seg) {
            let found = looked.find(w, &mut cursor);
            let letters = w.bytes().all(|b| b.is_ascii_alphabetic());
            // `near` was met as `(near)`, not looked up by the walk.
            assert_eq!(found.is_some(), letters && w != "near", "{w}");
            if let Some(lists) = found {
                assert_eq!(lists, rules.lexicon.lookup(w), "{w}");
            }
        }
        // The same word elsewhere is another word.
        let copy = String::from("Flat");
        assert_eq!(looked.find(&copy, &mut looked.cursor()), None);
    }

    /// [`looks_like_person`] answers the same with a walk's lookups as
    /// with none: random lines of names, initials, place, street and unit
    /// words, with commas, quotes, hyphens and words the walk splits
    /// otherwise, whole and from a word inside them (as for a tail).
    #[test]
    fn a_person_check_with_the_walks_lookups_matches_one_without() {
        let rules = RuleSet::embedded().expect("rules");
        let pieces = [
            "Nazia",
            "Das",
            "Das,",
            "H.",
            "S.",
            "Thakur",
            "ROHIT",
            "VERMA",
            "Priya",
            "Sharma",
            "Purva",
            "Riviera",
            "Pune",
            "Road",
            "Flat",
            "near",
            "O'Brien",
            "Mary-Ann",
            "x",
            "12",
            "Deliver",
            "to",
            "Kumar",
            "Bengaluru",
            "MG",
            "Sai",
            "(Rao)",
            "é",
        ];
        let seps = [" ", "  ", "\u{a0}", " ,", "\t"];
        let mut next = picker(0x9e37_79b9_7f4a_7c15);
        let mut persons = 0;
        for _ in 0..20_000 {
            let mut seg = String::new();
            for i in 0..=next(6) {
                if i > 0 {
                    seg.push_str(seps[next(seps.len())]);
                }
                seg.push_str(pieces[next(pieces.len())]);
            }
            let mut looked = Looked::default();
            walk_words(&rules, &seg, None, &mut looked, false);
            let starts: Vec<usize> = std::iter::once(0)
                .chain(words_fwd(&seg, 0).map(|(at, _)| at))
                .collect();
            for from in starts {
                let part = &seg[from..];
                for all_listed in [false, true] {
                    let with = looks_like_person(&rules, part, all_listed, &looked);
                    let without = looks_like_person(&rules, part, all_listed, &Looked::default());
                    assert_eq!(with, without, "{part:?} {all_listed}");
                    persons += usize::from(with);
                }
            }
        }
        // Both answers were compared.
        assert!(persons > 1000, "{persons}");
    }

    /// A word the walk takes for a [`Shape::Number`] gets the answers the
    /// questions it skips would give: no prose word, an address word.
    #[test]
    fn a_number_shaped_word_is_no_prose_and_an_address_word() {
        let rules = RuleSet::embedded().expect("rules");
        let pieces = [
            "12", "4th", "1st", "302,", "9.", "560038)", "7-b", "1/2", "3rd", "2nd.", "0", "9\"",
            "5a", "12th", "#", "(", "-", "a", "x@", "}}", ":", "\u{a0}", "é", "Road", "no.",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut numbers = 0;
        for _ in 0..20_000 {
            let mut word = String::new();
            for _ in 0..1 + state % 4 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                word.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let letters = !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic());
            match word_shape(&rules, &word, letters, &mut Looked::default()) {
                Shape::Number => {
                    numbers += 1;
                    assert!(!is_prose_word(&rules, &word), "{word:?}");
                    assert!(is_unmarked_address_word(&rules, &word), "{word:?}");
                }
                Shape::Letters(lists) => assert_eq!(lists, rules.lexicon.lookup(&word)),
                Shape::Other => assert!(
                    letters
                        || !word.starts_with(|c: char| c.is_ascii_digit())
                        || rules.lexicon.may_hold(word.as_bytes()),
                    "{word:?}"
                ),
            }
        }
        assert!(numbers > 1000, "{numbers}");
    }

    /// The early stop of a segment that cannot supply a missing street
    /// line refuses only what the full walk refuses, and the places left
    /// unlooked-for are never read: random texts of address words, prose,
    /// labels, names and separators before a PIN or a ZIP anchor expand
    /// the same with and without these shortcuts.
    #[test]
    fn the_shortcuts_change_no_expansion() {
        let rules = RuleSet::embedded().expect("rules");
        let pieces = [
            "Flat 302",
            "Sai Residency",
            "14th Cross",
            "Indiranagar",
            "Bengaluru",
            "Karnataka",
            "MG Road",
            "Pune",
            "near",
            "opp",
            "the",
            "please send it to",
            "my office",
            "OTP",
            "Dear",
            "Mohan.",
            "Nazia Das",
            "ship to",
            "address:",
            "address",
            "my address is",
            "h.no. 12",
            "{{phone:1}}",
            "x@y.com",
            "sir",
            "parcel",
            "New Delhi",
            "orchid petals",
            "G-99",
            "Will",
            "Street",
            "North",
            "Kumar",
            "account",
            "12",
            "4-5-67",
            "#12",
            "x",
            "Road:",
            "pata",
            "–",
            "Ship To: ",
            "it is at",
            "Mountain View",
            "1600 Amphitheatre",
        ];
        let seps = [
            " ", " ", ", ", ",\n", "\n", "\n\n", " - ", ": ", "; ", " – ", "-", "  ",
        ];
        let anchors = [
            "560038",
            "411001",
            "CA 94043",
            "TX 77002",
            "ZZ 12345",
            "North Carolina 28202",
        ];
        let mut next = picker(0x2545_f491_4f6c_dd1d_u64);
        let (mut found, mut early) = (0, 0);
        for _ in 0..30_000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                text.push_str(pieces[next(pieces.len())]);
                text.push_str(seps[next(seps.len())]);
            }
            let start = text.len();
            text.push_str(anchors[next(anchors.len())]);
            let anchor = start..text.len();
            let with = expand_with(&rules, &text, anchor.clone(), 0, true);
            let without = expand_with(&rules, &text, anchor, 0, false);
            assert_eq!(with, without, "{text:?}");
            found += usize::from(with.is_some());
            early += usize::from(with.is_none());
        }
        // Both outcomes were compared, many times.
        assert!(found > 1000 && early > 1000, "{found} {early}");
        // And the early stop is taken on such texts: a tail with no street
        // line ends at once, one with a number does not.
        let looked = &mut Looked::default();
        let seg = "please send it to OTP";
        let street = TailUse::StreetLine;
        assert_eq!(
            address_start_with(&rules, seg, looked, street),
            Some(seg.len())
        );
        assert_eq!(
            address_start_with(&rules, seg, looked, TailUse::Any),
            seg.find("OTP")
        );
        let seg = "please send it to Flat 302";
        assert_eq!(
            address_start_with(&rules, seg, looked, street),
            seg.find("Flat")
        );
        let nothing = TailUse::Nothing;
        assert_eq!(
            address_start_with(&rules, seg, looked, nothing),
            Some(seg.len())
        );
    }

    /// The word and byte tests that skip work answer as the plain tests
    /// they replace, on random strings of digits, separators, letters,
    /// marks and multi-byte chars.
    #[test]
    fn the_shortcut_byte_tests_match_the_plain_ones() {
        let pieces = [
            "1",
            "23",
            "4567",
            "8901234",
            ",",
            ";",
            "\n",
            " ",
            "a",
            "Road",
            "{",
            "}",
            "{{",
            "}}",
            "@",
            ":",
            "-",
            "₹",
            "é",
            ".",
            "Z",
            "[",
            "`",
            "_",
            "\t",
            "\u{1}",
            "\u{7f}",
            "\u{a0}",
            "\u{3000}",
            "abcdefghijklmnopqrstuvwxyz",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ];
        let mut next = picker(0x5851_f42d_4c95_7f2d_u64);
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..next(24) {
                s.push_str(pieces[next(pieces.len())]);
            }
            let bytes = s.as_bytes();
            // The longest digit run, as [`classify_part`] once measured it.
            let (mut longest, mut run) = (0, 0);
            for b in bytes {
                run = if b.is_ascii_digit() { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            assert_eq!(has_ascii_digit(bytes), longest > 0, "{s:?}");
            for k in 1..=9 {
                assert_eq!(has_digit_run(bytes, k), longest >= k, "{s:?} {k}");
            }
            for end in 0..=bytes.len() {
                for lo in 0..=end {
                    let plain =
                        memchr::memrchr3(b',', b'\n', b';', &bytes[lo..end]).map(|i| lo + i);
                    assert_eq!(last_separator(bytes, lo, end), plain, "{s:?} {lo}..{end}");
                }
            }
            assert_eq!(
                words_rev(&s).collect::<Vec<_>>(),
                std_words_rev(&s),
                "{s:?}"
            );
            for w in words_rev(&s) {
                let t = &s[w.at..w.end];
                let plain = t.ends_with(':')
                    || t.bytes().any(|b| matches!(b, b'{' | b'}' | b'@'))
                        && (has_token_brace(t) || t.contains('@'));
                assert_eq!(is_marked(t, w.braces, w.at_sign), plain, "{t:?}");
            }
        }
    }

    /// A tail [`may_name_place`] refuses names no place as
    /// [`classify_part`] sees it, with or without the walk's lookups: on
    /// random strings of digits, marks, separators, multi-byte chars and
    /// place words (which the test must also see accepted).
    #[test]
    fn a_tail_that_may_name_no_place_names_none() {
        let rules = RuleSet::embedded().expect("rules");
        let pieces = [
            "1",
            "23",
            "4567",
            "#12",
            "4-5-67",
            "/",
            ".",
            "(",
            ")",
            "-",
            " ",
            "  ",
            "₹",
            "é",
            "{{",
            "}}",
            "@",
            ":",
            "'",
            "\u{a0}",
            "\u{3000}",
            "Pune",
            "new delhi",
            "Road",
            "Flat",
            "x",
        ];
        let mut next = picker(0x9e37_79b9_7f4a_7c15_u64);
        let (mut refused, mut places) = (0, 0);
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..1 + next(8) {
                s.push_str(pieces[next(pieces.len())]);
            }
            let mut looked = Looked::default();
            // The lookups a walk would leave, for the words it looks up.
            for w in words_rev(&s).filter(|w| w.letters) {
                let word = &s[w.at..w.end];
                looked.push(word, rules.lexicon.lookup(word));
            }
            let names_place = [&looked, &Looked::default()].iter().any(|looked| {
                classify_part(&rules, &s, looked, true)
                    .is_some_and(|p| p.names_place || matches!(p.kind, Kind::Place))
            });
            if !may_name_place(&rules.lexicon, &s) {
                assert!(!names_place, "{s:?}");
                refused += 1;
            }
            places += usize::from(names_place);
        }
        assert!(refused > 1000 && places > 1000, "{refused} {places}");
    }

    #[test]
    fn look_back_that_ends_inside_a_multibyte_char_does_not_panic() {
        // Found by benches/redact.rs (adversarial input): the PIN is exactly
        // `max_back_bytes + 2` bytes after the start of the text, so the
        // look-back window began at byte 1 of the `₹`.
        let rules = RuleSet::embedded().expect("rules");
        let pad = "x".repeat(rules.address.max_back_bytes - 3);
        let text = format!("₹{pad} 411001 ok");
        let pin = text.find("411001").expect("pin");
        assert!(!text.is_char_boundary(pin - rules.address.max_back_bytes));
        assert_eq!(expand(&rules, &text, pin..pin + 6, 0), None);
    }
}
