//! Every word list the name detector consults, merged into one table:
//! word → the set of lists that hold it.
//!
//! The name pass asks up to a dozen questions about each capitalized word
//! (a first name? a surname? a place? a street word? a stop word?). With
//! one hash set per list that was a dozen hashes per word and most of the
//! redaction time; here it is one lookup whose answer is a bit set.
//!
//! The lookup runs once per word of input, so it is kept cheap: a word of
//! up to 16 bytes is lower-cased and packed into a `u128` key (no string
//! hashing, no `memcmp`); longer words go to a second, ordinary map.

use rustc_hash::FxHashMap;

use super::gazetteer::Gazetteer;

/// A set of word lists, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lists(u16);

impl Lists {
    /// No list.
    pub const NONE: Lists = Lists(0);
    /// Given names.
    pub const FIRST_NAME: Lists = Lists(1 << 0);
    /// Family names.
    pub const SURNAME: Lists = Lists(1 << 1);
    /// Names that are also common words.
    pub const AMBIGUOUS: Lists = Lists(1 << 2);
    /// Cities and states, India and US.
    pub const PLACE: Lists = Lists(1 << 3);
    /// Street, locality and building words.
    pub const STREET: Lists = Lists(1 << 4);
    /// Capitalized words that are never part of a name.
    pub const STOP: Lists = Lists(1 << 5);
    /// Titles (`mr`, `dr`, `smt`).
    pub const TITLE: Lists = Lists(1 << 6);
    /// Words that make a preceding name-like phrase an organisation.
    pub const ORG: Lists = Lists(1 << 7);
    /// Sign-off words (`regards`, `thanks`).
    pub const SIGN_OFF: Lists = Lists(1 << 8);
    /// The last word of a name cue phrase (`is` of `my name is`): only
    /// after such a word can a cue phrase end right before a name.
    pub const CUE_END: Lists = Lists(1 << 9);
    /// A word of a not-a-name phrase (`diwali`, `san` of `san jose`): only
    /// a name candidate holding such a word can fall inside one.
    pub const NOT_NAME_WORD: Lists = Lists(1 << 10);
    /// US state names.
    pub const US_STATE: Lists = Lists(1 << 11);
    /// USPS two-letter state codes.
    pub const US_STATE_CODE: Lists = Lists(1 << 12);
    /// Words that open an address line (`flat`, `plot`).
    pub const UNIT: Lists = Lists(1 << 13);
    /// Words of running prose, never in an address (`the`, `please`).
    pub const PROSE: Lists = Lists(1 << 14);
    /// The last word of a strong name cue phrase (`is` of `my name is`,
    /// `to` of `spoke to`): with titles and sign-offs, the only words a
    /// strong cue right before a lower-case name can end with.
    pub const STRONG_CUE_END: Lists = Lists(1 << 15);
    /// A given name or a family name.
    pub const NAME: Lists = Lists(Self::FIRST_NAME.0 | Self::SURNAME.0);

    /// True when the set shares a list with `other`.
    pub const fn any(self, other: Lists) -> bool {
        self.0 & other.0 != 0
    }

    /// The union of two sets.
    pub const fn or(self, other: Lists) -> Lists {
        Lists(self.0 | other.0)
    }
}

/// Longest word packed into a `u128` key.
const PACKED: usize = 16;

/// What the lexicon knows about a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Entry {
    /// The lists holding it.
    pub lists: Lists,
    /// For a [`Lists::CUE_END`] word, the length in bytes of the longest
    /// cue phrase ending with it; 0 otherwise.
    pub cue_len: u8,
}

/// Word → lists. See the module docs.
#[derive(Debug)]
pub struct Lexicon {
    /// Words of up to [`PACKED`] bytes, lower-cased, little-endian packed
    /// and zero-padded (entries never hold a zero byte, so the padding
    /// cannot make two words equal).
    short: PackedTable,
    /// Longer words, lower-cased.
    long: FxHashMap<Box<[u8]>, Entry>,
    longest: usize,
    /// Bit `b` set iff some entry starts with byte `b` (in either case);
    /// see [`Lexicon::may_hold`].
    first_bytes: [u64; 4],
    /// Per word length (the last slot for every longer length), bit
    /// `b - b'a'` set iff a title ends with the letter `b` (either case);
    /// see [`Lexicon::may_end_list`].
    title_ends: [u32; END_LENS],
    /// The same for every title, sign-off and last word of a strong cue
    /// ([`Lists::STRONG_CUE_END`]).
    strong_cue_ends: [u32; END_LENS],
    /// The same for every title, sign-off and last word of any cue
    /// ([`Lists::CUE_END`]): the word before a name candidate that the
    /// name pass's cue test looks up.
    cue_ends: [u32; END_LENS],
    /// The same for every word of a not-a-name phrase
    /// ([`Lists::NOT_NAME_WORD`]).
    not_name_word_ends: [u32; END_LENS],
    /// The same for every [`Lists::UNIT`] word, with bit [`NON_LETTER_END`]
    /// for a word ending in any other byte (`no.`): the address walk asks
    /// it of words that end in punctuation (`instead?`) too.
    unit_ends: [u32; END_LENS],
    /// A Bloom filter over the first names and surnames (two bits per
    /// name, see [`name_bits`]): most words of running text miss a bit and
    /// need no hash-table lookup to know they are no name. Always its full
    /// size, so a probe needs no bounds check.
    name_filter: Box<[u64; NAME_FILTER_WORDS]>,
}

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon {
            short: PackedTable::default(),
            long: FxHashMap::default(),
            longest: 0,
            first_bytes: [0; 4],
            title_ends: [0; END_LENS],
            strong_cue_ends: [0; END_LENS],
            cue_ends: [0; END_LENS],
            not_name_word_ends: [0; END_LENS],
            unit_ends: [0; END_LENS],
            name_filter: vec![0; NAME_FILTER_WORDS]
                .into_boxed_slice()
                .try_into()
                .expect("NAME_FILTER_WORDS words"),
        }
    }
}

impl Lexicon {
    /// Adds every entry of `gazetteer` to `list`.
    pub fn add(&mut self, gazetteer: &Gazetteer, list: Lists) {
        for word in gazetteer.entries() {
            self.add_word(word, list);
        }
    }

    /// Adds one word (any ASCII case) to `list`.
    pub fn add_word(&mut self, word: &[u8], list: Lists) {
        if let Some(e) = self.entry_mut(word) {
            e.lists = e.lists.or(list);
        }
        if list.any(Lists::TITLE) {
            note_end(&mut self.title_ends, word);
        }
        if list.any(Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::STRONG_CUE_END)) {
            note_end(&mut self.strong_cue_ends, word);
        }
        if list.any(Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::CUE_END)) {
            note_end(&mut self.cue_ends, word);
        }
        if list.any(Lists::NOT_NAME_WORD) {
            note_end(&mut self.not_name_word_ends, word);
        }
        if list.any(Lists::UNIT)
            && let Some(&last) = word.last()
        {
            self.unit_ends[word.len().min(END_LENS - 1)] |= end_bit(last);
        }
        if list.any(Lists::NAME) {
            // A name too long to pack is always looked up (see below).
            if let Some(key) = pack(&word.to_ascii_lowercase()) {
                for bit in name_bits(key) {
                    self.name_filter[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
    }

    /// The key [`Lexicon::entry_of`] takes: `word` lower-cased and packed,
    /// or `None` when it does not fit (or cannot be an entry).
    pub fn key(word: &[u8]) -> Option<u128> {
        pack_lower(word)
    }

    /// False only when the word of `key` is neither a first name nor a
    /// surname; a few instructions, against a hash-table lookup.
    /// (Hyphenated names are listed by part, see [`Lexicon::listed`].)
    pub fn may_be_name(&self, key: Option<u128>) -> bool {
        key.is_none_or(|key| self.key_may_be_name(key))
    }

    /// [`Lexicon::may_be_name`] of a word that has a key: two bit tests,
    /// inlined into the name pass's loop over lower-case words.
    #[inline]
    pub fn key_may_be_name(&self, key: u128) -> bool {
        // Each bit is below NAME_FILTER_BITS: no bounds check.
        name_bits(key)
            .into_iter()
            .all(|bit| self.name_filter[bit / 64] & (1 << (bit % 64)) != 0)
    }

    /// [`Lexicon::entry`] of the word whose [`Lexicon::key`] is `key`.
    pub fn entry_of(&self, word: &[u8], key: Option<u128>) -> Entry {
        match key {
            Some(key) => self.entry_of_key(key),
            None => self.entry_bytes(word),
        }
    }

    /// [`Lexicon::entry`] of the word whose [`Lexicon::key`] is `key`.
    #[inline]
    pub fn entry_of_key(&self, key: u128) -> Entry {
        self.short.get(key)
    }

    /// Adds `word` as the last word of a cue phrase of `phrase_len` bytes.
    pub fn add_cue_end(&mut self, word: &[u8], phrase_len: usize) {
        if let Some(e) = self.entry_mut(word) {
            e.lists = e.lists.or(Lists::CUE_END);
            let len = u8::try_from(phrase_len).unwrap_or(u8::MAX);
            e.cue_len = e.cue_len.max(len);
        }
        note_end(&mut self.cue_ends, word);
    }

    /// The entry of `word`, created if new. A word with a zero byte is
    /// never found by [`Lexicon::lookup`], so it gets none.
    fn entry_mut(&mut self, word: &[u8]) -> Option<&mut Entry> {
        if word.is_empty() || word.contains(&0) {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        self.longest = self.longest.max(lower.len());
        // Both cases, so a lookup tests the byte as it is.
        for b in [lower[0], lower[0].to_ascii_uppercase()] {
            let b = usize::from(b);
            self.first_bytes[b / 64] |= 1 << (b % 64);
        }
        Some(match pack(&lower) {
            Some(key) => self.short.get_mut(key),
            None => self.long.entry(lower.into()).or_default(),
        })
    }

    /// The lists holding `word` (any ASCII case).
    pub fn lookup(&self, word: &str) -> Lists {
        self.entry(word).lists
    }

    /// Everything known about `word` (any ASCII case). Allocation-free for
    /// words of up to 64 bytes.
    pub fn entry(&self, word: &str) -> Entry {
        self.entry_bytes(word.as_bytes())
    }

    /// False only when no entry starts with the first byte of `word` (or it
    /// is empty), so looking it up would find nothing. A few instructions,
    /// against packing and a hash lookup: worth asking first where many
    /// words are numbers (`12-345`, `#12`), as in an address walk. Not
    /// asked inside [`Lexicon::entry`], whose callers mostly pass letters.
    pub fn may_hold(&self, word: &[u8]) -> bool {
        word.first().is_some_and(|&first| {
            let b = usize::from(first);
            self.first_bytes[b / 64] & (1 << (b % 64)) != 0
        })
    }

    /// False only when `word` (ending with an ASCII letter) is in none of
    /// `lists`, for `lists` [`Lists::TITLE`], the union of titles,
    /// sign-offs and [`Lists::STRONG_CUE_END`], the union of titles,
    /// sign-offs and [`Lists::CUE_END`], or [`Lists::NOT_NAME_WORD`] (any
    /// other set: true); for [`Lists::UNIT`], whatever `word` ends with.
    /// Asks only its
    /// length and last letter: a few instructions, against packing and a
    /// hash lookup, for the word before a name candidate, which is rarely
    /// such a word, for the parts of a contraction (`I'm`, `You'll`),
    /// which are rarely a not-a-name word, and for the words an address
    /// walk asks whether they open a line (`instead?`, `It's`).
    #[inline]
    pub fn may_end_list(&self, word: &[u8], lists: Lists) -> bool {
        let table = if lists == Lists::TITLE {
            &self.title_ends
        } else if lists == Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::STRONG_CUE_END) {
            &self.strong_cue_ends
        } else if lists == Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::CUE_END) {
            &self.cue_ends
        } else if lists == Lists::NOT_NAME_WORD {
            &self.not_name_word_ends
        } else if lists == Lists::UNIT {
            // Any last byte, not only a letter.
            return word.last().is_none_or(|&last| {
                self.unit_ends[word.len().min(END_LENS - 1)] & end_bit(last) != 0
            });
        } else {
            return true;
        };
        match word.last() {
            Some(&last) if last.is_ascii_alphabetic() => {
                let bit = (last | 0x20) - b'a';
                table[word.len().min(END_LENS - 1)] & (1 << bit) != 0
            }
            _ => true,
        }
    }

    /// [`Lexicon::entry`] of a byte string.
    pub fn entry_bytes(&self, bytes: &[u8]) -> Entry {
        if bytes.is_empty() || bytes.len() > self.longest {
            return Entry::default();
        }
        match pack_lower(bytes) {
            Some(key) => self.short.get(key),
            None => self.entry_long(bytes),
        }
    }

    /// [`Lexicon::entry_bytes`] of a word that does not pack (longer than
    /// [`PACKED`], or holding a zero byte). Out of line: its buffer and
    /// hash-map probe made every call of `entry_bytes` save and restore
    /// registers, though nearly every word looked up packs.
    #[inline(never)]
    fn entry_long(&self, bytes: &[u8]) -> Entry {
        let mut buf = [0u8; 64];
        let found = match buf.get_mut(..bytes.len()) {
            Some(lower) => {
                lower.copy_from_slice(bytes);
                lower.make_ascii_lowercase();
                self.long.get(&*lower)
            }
            None => self.long.get(&*bytes.to_ascii_lowercase()),
        };
        found.copied().unwrap_or_default()
    }

    /// Whether `word`, or for `Mary-Jane` each hyphen-separated part, is in
    /// one of `lists`.
    pub fn listed(&self, word: &str, lists: Lists) -> bool {
        self.lookup(word).any(lists)
            || (word.contains('-')
                && word
                    .split('-')
                    .all(|p| !p.is_empty() && self.lookup(p).any(lists)))
    }
}

/// Slots of [`Lexicon::may_end_list`]'s tables: lengths 0 to 15, then
/// every longer length in one.
const END_LENS: usize = 17;

/// The bit of [`Lexicon::may_end_list`]'s unit table for a word ending in
/// a byte that is no ASCII letter (the letters take bits 0 to 25).
const NON_LETTER_END: u32 = 26;

/// The bit of the unit table for a word ending in `last`: its letter (any
/// case), or [`NON_LETTER_END`].
fn end_bit(last: u8) -> u32 {
    if last.is_ascii_alphabetic() {
        1 << ((last | 0x20) - b'a')
    } else {
        1 << NON_LETTER_END
    }
}

/// Notes `word` in a table of [`Lexicon::may_end_list`]: its last byte, if
/// a letter (a word ending otherwise is never asked about), under its
/// length.
fn note_end(table: &mut [u32; END_LENS], word: &[u8]) {
    if let Some(&last) = word.last()
        && last.is_ascii_alphabetic()
    {
        table[word.len().min(END_LENS - 1)] |= 1 << ((last | 0x20) - b'a');
    }
}

/// The packed words: an open-addressing table (linear probing, at most
/// half full) keyed by the packed word itself. A lookup is a multiply, a
/// shift and usually one 16-byte compare: this runs for every word the
/// name pass looks up, where a general hash map's hashing and probing cost
/// several times that. Key 0 marks an empty slot (no word packs to 0).
#[derive(Debug)]
struct PackedTable {
    keys: Vec<u128>,
    entries: Vec<Entry>,
    len: usize,
    /// `64 - log2(keys.len())`: the hash's top bits index the table.
    shift: u32,
}

impl Default for PackedTable {
    fn default() -> PackedTable {
        PackedTable::with_slots(16)
    }
}

impl PackedTable {
    /// An empty table of `slots` slots (a power of two).
    fn with_slots(slots: usize) -> PackedTable {
        PackedTable {
            keys: vec![0; slots],
            entries: vec![Entry::default(); slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// The first slot to probe for `key`.
    #[inline]
    fn home(&self, key: u128) -> usize {
        let h = (key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ ((key >> 64) as u64).wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
        (h >> self.shift) as usize
    }

    /// The entry of `key` (non-zero), or the empty entry.
    #[inline]
    fn get(&self, key: u128) -> Entry {
        let mask = self.keys.len() - 1;
        let mut i = self.home(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return self.entries[i];
            }
            if k == 0 {
                return Entry::default();
            }
            i = (i + 1) & mask;
        }
    }

    /// The entry of `key` (non-zero), inserted empty if new.
    fn get_mut(&mut self, key: u128) -> &mut Entry {
        if 2 * (self.len + 1) > self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = self.home(key);
        while self.keys[i] != key {
            if self.keys[i] == 0 {
                self.keys[i] = key;
                self.len += 1;
                break;
            }
            i = (i + 1) & mask;
        }
        &mut self.entries[i]
    }

    /// Twice the slots, every entry moved over.
    fn grow(&mut self) {
        let mut bigger = PackedTable::with_slots(2 * self.keys.len());
        for (&key, &entry) in self.keys.iter().zip(&self.entries) {
            if key != 0 {
                *bigger.get_mut(key) = entry;
            }
        }
        *self = bigger;
    }
}

/// Bits of the name filter: 64 KB. The embedded lists (~35K names, two
/// bits each) set about an eighth of them, so about 1 unlisted word in 60
/// passes the filter and is looked up.
const NAME_FILTER_BITS: usize = 1 << 19;

/// [`NAME_FILTER_BITS`] in 64-bit words.
const NAME_FILTER_WORDS: usize = NAME_FILTER_BITS / 64;

/// The two filter bits of a packed word (multiplicative hashes of its two
/// halves, top bits).
#[inline]
fn name_bits(key: u128) -> [usize; 2] {
    let lo = key as u64;
    let hi = (key >> 64) as u64;
    let h = lo.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ hi.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    let h2 = h.wrapping_mul(0x1656_67b1_9e37_79f9);
    let shift = 64 - NAME_FILTER_BITS.trailing_zeros();
    [(h >> shift) as usize, (h2 >> shift) as usize]
}

/// `word` (already lower-case) as a `u128` key, if it fits.
fn pack(word: &[u8]) -> Option<u128> {
    if word.len() > PACKED {
        return None;
    }
    let mut buf = [0u8; PACKED];
    buf[..word.len()].copy_from_slice(word);
    Some(u128::from_le_bytes(buf))
}

/// `word` lower-cased and packed like [`pack`], or `None` if it is longer
/// than [`PACKED`] (or holds a zero byte, which no entry does and which
/// would alias the padding).
#[inline]
///
/// This runs once per word of input, so it reads the word with a few
/// overlapping loads and lower-cases eight bytes at a time, instead of a
/// loop per byte or a `memcpy` into a buffer (either costs more than the
/// hash lookup that follows).
fn pack_lower(word: &[u8]) -> Option<u128> {
    let n = word.len();
    // A word of up to seven bytes has no high half to lower-case.
    let (lo, hi) = match n {
        0 => return None,
        1..=3 => {
            let mut lo = 0u64;
            for (k, &b) in word.iter().enumerate() {
                if b == 0 {
                    return None;
                }
                lo |= u64::from(b) << (8 * k);
            }
            return Some(u128::from(ascii_lower(lo)));
        }
        4..=7 => {
            let a = load_u32(&word[..4]);
            let b = load_u32(&word[n - 4..]);
            if has_zero_byte(u64::from(a) | 0xffff_ffff_0000_0000)
                || has_zero_byte(u64::from(b) | 0xffff_ffff_0000_0000)
            {
                return None;
            }
            // The two loads overlap; the shared bytes are the same.
            let lo = u64::from(a) | u64::from(b) << (8 * (n - 4));
            return Some(u128::from(ascii_lower(lo)));
        }
        8..=PACKED => {
            let lo = load_u64(&word[..8]);
            let tail = load_u64(&word[n - 8..]);
            if has_zero_byte(lo) || has_zero_byte(tail) {
                return None;
            }
            // `tail` holds bytes n-8..n; bytes 8..n are its top n-8.
            let hi = if n > 8 { tail >> (8 * (16 - n)) } else { 0 };
            (lo, hi)
        }
        _ => return None,
    };
    Some(u128::from(ascii_lower(lo)) | u128::from(ascii_lower(hi)) << 64)
}

fn load_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn load_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

fn has_zero_byte(x: u64) -> bool {
    x.wrapping_sub(LOW_BITS) & !x & HIGH_BITS != 0
}

/// ASCII `A`-`Z` to lower case in all eight bytes; other bytes unchanged
/// (as [`u8::to_ascii_lowercase`] of each).
pub(super) fn ascii_lower(x: u64) -> u64 {
    let seven = x & !HIGH_BITS;
    // High bit of each byte: its low seven bits are >= 'A', > 'Z'. No
    // carry crosses a byte: seven bits plus at most 0x3f stay below 0x100.
    let ge_a = seven + (0x80 - u64::from(b'A')) * LOW_BITS;
    let gt_z = seven + (0x7f - u64::from(b'Z')) * LOW_BITS;
    let upper = ge_a & !gt_z & !x & HIGH_BITS;
    x | upper >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_answers_for_every_list_and_ignores_case() {
        let first = Gazetteer::parse("f.txt", "grace\npriya\n").unwrap();
        let common = Gazetteer::parse("a.txt", "grace\n").unwrap();
        let mut lex = Lexicon::default();
        lex.add(&first, Lists::FIRST_NAME);
        lex.add(&common, Lists::AMBIGUOUS);
        let grace = lex.lookup("GRACE");
        assert!(grace.any(Lists::FIRST_NAME) && grace.any(Lists::AMBIGUOUS));
        assert!(!lex.lookup("Priya").any(Lists::AMBIGUOUS));
        assert_eq!(lex.lookup("Pri"), Lists::NONE);
        assert!(lex.listed("Priya-Grace", Lists::FIRST_NAME));
        assert!(!lex.listed("Priya-", Lists::FIRST_NAME));
        let maybe = |w: &[u8]| lex.may_be_name(Lexicon::key(w));
        assert!(maybe(b"PRIYA") && maybe(b"grace"));
        assert!(!maybe(b"the") && !maybe(b"priyanka"));
        assert_eq!(
            lex.entry_of(b"Priya", Lexicon::key(b"Priya")),
            lex.entry("priya")
        );
    }

    #[test]
    fn the_packed_table_finds_what_a_hash_map_finds() {
        let mut table = PackedTable::default();
        let mut reference = std::collections::HashMap::new();
        let mut s = 0x2545_f491_4f6c_dd1d_u64;
        let mut key = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // Few distinct keys, so that many repeat; never 0.
            u128::from(s % 5000 + 1) << (s % 3 * 40)
        };
        for n in 0..20_000u16 {
            let k = key();
            table.get_mut(k).cue_len = n as u8;
            reference.insert(k, n as u8);
            let probe = key();
            assert_eq!(
                table.get(probe).cue_len,
                reference.get(&probe).copied().unwrap_or(0),
                "{probe}"
            );
        }
        assert_eq!(table.len, reference.len());
        for (&k, &v) in &reference {
            assert_eq!(table.get(k).cue_len, v);
        }
    }

    /// `may_end_list` passes every word of its lists, in any case, and
    /// refuses words whose length and last letter no listed word has.
    #[test]
    fn the_end_filters_pass_every_listed_word() {
        let rules = crate::rules::RuleSet::embedded().expect("embedded rules");
        let lex = &rules.lexicon;
        let ends = Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::STRONG_CUE_END);
        let cue_ends = Lists::TITLE.or(Lists::SIGN_OFF).or(Lists::CUE_END);
        let mut words: Vec<String> = [
            "mr",
            "Mrs",
            "DR",
            "prof",
            "smt",
            "Shri",
            "madam",
            "Mister",
            "kumari",
            "is",
            "to",
            "with",
            "Regards",
            "thanks",
            "cheers",
            "name",
            "truly",
            "attn",
            "am",
            "the",
            "will",
            "agent",
            "customer",
            "sure",
            "please",
            "x",
            "zzzzzzzzzzzzzzzzzzzz",
            "diwali",
            "San",
            "jose",
            "ll",
            "ve",
            "You",
            "instead?",
            "It's",
            "opp.",
            "No.",
            "no:",
            "h.no",
            "flat",
            "Flat no",
            "p.o. box",
            "office",
            "x.",
        ]
        .iter()
        .map(|w| (*w).to_owned())
        .collect();
        // Every unit word, and each with a byte added or dropped at its end.
        for w in rules.address.unit_words.entries() {
            let w = String::from_utf8_lossy(w).into_owned();
            words.extend([
                format!("{w}."),
                format!("{w}s"),
                w[..w.len() - 1].to_owned(),
            ]);
            words.push(w);
        }
        // Every word of up to three letters from a small alphabet.
        let alphabet = b"admorstiwxyz";
        for &a in alphabet {
            words.push(String::from(a as char));
            for &b in alphabet {
                words.push(format!("{}{}", a as char, b as char));
                for &c in alphabet {
                    words.push(format!("{}{}{}", a as char, b as char, c as char));
                }
            }
        }
        let mut refused = 0;
        for w in &words {
            for word in [w.clone(), w.to_ascii_uppercase()] {
                for which in [
                    Lists::TITLE,
                    ends,
                    cue_ends,
                    Lists::NOT_NAME_WORD,
                    Lists::UNIT,
                ] {
                    if !lex.may_end_list(word.as_bytes(), which) {
                        refused += 1;
                        assert!(!lex.lookup(&word).any(which), "{word}");
                    }
                }
            }
        }
        assert!(lex.lookup("Mr").any(Lists::TITLE) && lex.may_end_list(b"Mr", Lists::TITLE));
        assert!(lex.lookup("is").any(ends) && lex.may_end_list(b"is", ends));
        assert!(lex.lookup("from").any(cue_ends) && lex.may_end_list(b"from", cue_ends));
        let not_name = Lists::NOT_NAME_WORD;
        assert!(lex.lookup("Diwali").any(not_name) && lex.may_end_list(b"Diwali", not_name));
        assert!(lex.lookup("no.").any(Lists::UNIT) && lex.may_end_list(b"NO.", Lists::UNIT));
        assert!(!lex.may_end_list(b"instead?", Lists::UNIT));
        assert!(refused > 1000, "{refused}");
    }

    #[test]
    fn the_first_byte_filter_passes_every_entry() {
        let mut lex = Lexicon::default();
        for w in ["1st", "#12", "Main"] {
            lex.add_word(w.as_bytes(), Lists::STREET);
        }
        // Entries that start with a digit, a sign or an upper-case letter.
        for w in ["1ST", "#12", "main", "MAIN", "m"] {
            assert!(lex.may_hold(w.as_bytes()), "{w}");
        }
        assert!(lex.lookup("1ST").any(Lists::STREET));
        // A first byte no entry starts with.
        for w in ["2nd", "$12", "rain", "Zain", ""] {
            assert!(!lex.may_hold(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn packed_keys_lower_case_exactly_at_every_length() {
        let all: Vec<u8> = (1..=255).collect();
        for n in 1..=PACKED {
            for window in all.windows(n) {
                let lower = window.to_ascii_lowercase();
                assert_eq!(pack_lower(window), pack(&lower), "{window:?}");
            }
        }
        assert_eq!(pack_lower(b"ab\0"), None);
        assert_eq!(pack_lower(b"abcdefgh\0"), None);
        assert_eq!(pack_lower(&[b'a'; PACKED + 1]), None);
    }

    #[test]
    fn short_and_long_words_are_both_found_and_padding_never_matches() {
        let g =
            Gazetteer::parse("g.txt", "ab\nsixteen letters\nmore than sixteen bytes\n").unwrap();
        let mut lex = Lexicon::default();
        lex.add(&g, Lists::PLACE);
        assert!(lex.lookup("AB").any(Lists::PLACE));
        assert!(lex.lookup("Sixteen Letters").any(Lists::PLACE));
        assert!(lex.lookup("More Than Sixteen Bytes").any(Lists::PLACE));
        // "ab" padded with zeros must not be what "ab\0" looks up.
        assert_eq!(lex.lookup("ab\0"), Lists::NONE);
        assert_eq!(lex.lookup("a"), Lists::NONE);
        assert_eq!(lex.lookup("more than sixteen byte"), Lists::NONE);
    }
}
