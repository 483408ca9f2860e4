//! Word starts, 64 bytes at a time, for the name pass.
//!
//! A word starts at an ASCII letter whose previous byte does not continue a
//! word (an ASCII letter or digit, `'`, `-` or `_`; the start of the text
//! counts as such a break). The name pass visits every word start of the
//! text, most of them to skip the word at once; finding them one byte at a
//! time was a large part of its cost on chat text. Here a block of 64 bytes
//! becomes a bit mask of its word starts (SSE2 on x86_64, where it is always
//! available; a table-driven loop elsewhere), and the pass jumps from set
//! bit to set bit.

/// The word starts of a text at or after a position, in order.
pub(super) struct WordStarts<'a> {
    bytes: &'a [u8],
    /// Start of the 64-byte block `mask` describes.
    base: usize,
    /// Word starts in `bytes[base..base + 64]` not yet consumed: bit `k`
    /// for `base + k`.
    mask: u64,
    /// The ASCII letters of the same block, for
    /// [`WordStarts::next_unless`].
    letters: u64,
    /// The block's `'` and `-` bytes: a word whose letters end at one goes
    /// on (`it's`, `e-mail`), see [`WordStarts::drop_rejected`].
    glue: u64,
    /// A block starting before this has eight readable bytes past its end
    /// (`base + 72 <= bytes.len()`), for [`WordStarts::drop_rejected`].
    fast_limit: usize,
}

/// Per word length below eight, the mask of its bytes in a little-endian
/// load.
const KEEP: [u64; 8] = {
    let mut keep = [0u64; 8];
    let mut n = 1;
    while n < 8 {
        keep[n] = (1u64 << (8 * n)) - 1;
        n += 1;
    }
    keep
};

impl<'a> WordStarts<'a> {
    /// Word starts of `bytes` at or after `from`.
    pub(super) fn new(bytes: &'a [u8], from: usize) -> WordStarts<'a> {
        let (mask, letters, glue) = block_starts(bytes, from);
        WordStarts {
            bytes,
            base: from,
            mask,
            letters,
            glue,
            fast_limit: bytes.len().saturating_sub(71),
        }
    }

    /// The first word start at or after `at` (and after every start
    /// returned so far) that is not a short word `skip` says to skip, or
    /// `None` at the end of the text. With the start, the end and key of
    /// its word when it is such a word, in either case, that was not
    /// skipped.
    ///
    /// `skip` is asked about each word of at most seven letters before a
    /// byte other than `'` or `-` (so the word is exactly those letters)
    /// and at least eight bytes from the end of the text; it gets the
    /// word's start and end, its letters lower-cased and packed as
    /// [`crate::rules::Lexicon::key`] packs them, and whether the word is
    /// capitalized. Every other start is returned. The word's end comes
    /// from the block's letter mask (or, for a word running into the next
    /// block, from the load) and the rest from one 8-byte load, which
    /// makes this loop a few instructions per word.
    ///
    /// `reject` is a cheaper test asked first about most lower-case words
    /// of that kind (see [`WordStarts::drop_rejected`]): it must say true
    /// only of a key whose lower-case word `skip` would skip, so that it
    /// changes no answer, only what it costs.
    #[inline]
    pub(super) fn next_unless(
        &mut self,
        at: usize,
        reject: impl Fn(u128) -> bool,
        mut skip: impl FnMut(usize, usize, u128, bool) -> bool,
    ) -> Option<(usize, Option<(usize, u128)>)> {
        const LOW: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // A word at or before `last` has eight bytes to load.
        let last = self.bytes.len().checked_sub(8);
        self.next_from(at)?;
        loop {
            let read = self.drop_rejected(&reject);
            if self.mask == 0 {
                // Every start of this block is dropped.
                self.next_from(self.base + 64)?;
                continue;
            }
            let k = self.mask.trailing_zeros() as usize;
            let start = self.base + k;
            // A short word `drop_rejected` read but did not drop comes
            // with what `skip` is asked; any other word is read here.
            let (run, key, capitalized) = match read {
                Some(read) => read,
                None => {
                    // Letters from `start` on; a run reaching the block's
                    // end may go on in the next block.
                    let mut run = (!(self.letters >> k)).trailing_zeros() as usize;
                    if run >= 8 || last.is_none_or(|last| start > last) {
                        return Some((start, None));
                    }
                    let chunk = &self.bytes[start..start + 8];
                    let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                    // Fewer than eight letters up to the block's end (about
                    // one word in twenty): the load says where the word ends.
                    if k + run >= 64 {
                        run = (!letter_bits(x) & HIGH).trailing_zeros() as usize / 8;
                        if run >= 8 {
                            return Some((start, None));
                        }
                    }
                    // `'` or `-` after the letters (`it's`, `e-mail`): a
                    // longer word.
                    if matches!((x >> (8 * run)) as u8, b'\'' | b'-') {
                        return Some((start, None));
                    }
                    // Lower-cased (`| 0x20` is exact on letters), zero after.
                    let key = u128::from((x | (0x20 * LOW)) & ((1u64 << (8 * run)) - 1));
                    (run, key, (x as u8).is_ascii_uppercase())
                }
            };
            if !skip(start, start + run, key, capitalized) {
                return Some((start, Some((start + run, key))));
            }
            // Drop this start (the lowest left in the block); the letters
            // after it start no word, so the next start is the next bit.
            self.mask &= self.mask - 1;
        }
    }

    /// Drops the block's word starts, lowest first, while each starts a
    /// plain lower-case word `reject` refuses; stops at the first start
    /// that does not (left in the mask), or when the block has none left.
    /// When it stops at a plain word (of either case), it returns what
    /// [`WordStarts::next_unless`] asks `skip` about it: the word's
    /// length, key and whether it is capitalized; at any other word,
    /// `None`, for the general test.
    ///
    /// A plain word here: one to seven letters ending inside the block
    /// before a byte other than `'` or `-`. `next_unless` would ask `skip`
    /// about it with the same key, so dropping it when `reject` (which
    /// implies `skip` of a lower-case word) says so changes nothing. Most
    /// words of running text are such words; this loop keeps only the
    /// masks and the text in hand, a score of instructions per word, where
    /// the general test (inlined with `skip` into the name pass) costs
    /// about twice that.
    ///
    /// Runs only in a block with eight readable bytes past its end, so
    /// that every load in it is in bounds.
    #[inline(always)]
    fn drop_rejected(&mut self, reject: impl Fn(u128) -> bool) -> Option<(usize, u128, bool)> {
        const LOW: u64 = 0x0101_0101_0101_0101;
        if self.base >= self.fast_limit {
            return None;
        }
        let breaks = !self.letters;
        while self.mask != 0 {
            let k = self.mask.trailing_zeros() as usize;
            // SAFETY: `k < 64` (a bit of a u64) and `base + 72 <= len`
            // (`base < fast_limit`, see `WordStarts::fast_limit`), so the
            // eight bytes from `base + k` lie within `bytes`; an unaligned
            // read of a `u64` from them is sound.
            let x = u64::from_le(unsafe {
                self.bytes
                    .as_ptr()
                    .add(self.base + k)
                    .cast::<u64>()
                    .read_unaligned()
            });
            // Letters from `k` on. A run reaching the block's end counts
            // 64 (no break in the shifted mask): not short here.
            let run = (breaks >> k).trailing_zeros() as usize;
            if run >= 8 || (self.glue >> (k + run)) & 1 != 0 {
                return None;
            }
            let key = u128::from((x | (0x20 * LOW)) & KEEP[run]);
            // A letter with bit 5 clear is upper-case.
            let capitalized = x & 0x20 == 0;
            if capitalized || !reject(key) {
                return Some((run, key, capitalized));
            }
            self.mask &= self.mask - 1;
        }
        None
    }

    /// The first word start at or after `at` (and after every start
    /// returned so far), or `None` at the end of the text.
    #[inline]
    pub(super) fn next_from(&mut self, at: usize) -> Option<usize> {
        loop {
            // Drop the starts before `at` in this block.
            let skip = at.saturating_sub(self.base);
            if skip >= 64 {
                self.mask = 0;
            } else {
                self.mask &= u64::MAX << skip;
            }
            if self.mask != 0 {
                return Some(self.base + self.mask.trailing_zeros() as usize);
            }
            // Next block: from `at` directly when it lies beyond this one.
            let next = (self.base + 64).max(at);
            if next >= self.bytes.len() {
                return None;
            }
            self.base = next;
            (self.mask, self.letters, self.glue) = block_starts(self.bytes, next);
        }
    }
}

/// The word starts among `bytes[at..at + 64]` (fewer at the end of the
/// text): bit `k` set iff a word starts at `at + k`; the mask of the
/// block's ASCII letters (none past the end of the text); and the mask of
/// its `'` and `-` bytes.
///
/// Inlined: it runs once per 64 bytes of text, and out of line its three
/// results went through memory.
#[inline(always)]
fn block_starts(bytes: &[u8], at: usize) -> (u64, u64, u64) {
    let before = at.checked_sub(1).is_some_and(|p| is_name_byte(bytes[p]));
    let rest = bytes.get(at..).unwrap_or_default();
    let (letters, name, glue) = match rest.first_chunk::<64>() {
        Some(block) => classify(block),
        None => classify_short(rest),
    };
    (letters & !((name << 1) | u64::from(before)), letters, glue)
}

/// [`classify`] of the short last block of a text (`rest`, under 64
/// bytes), padded with zeros (neither letters nor word bytes). Out of
/// line: it runs once per text, and a second inlined copy of `classify`
/// in the word loop only made the loop bigger.
#[cold]
#[inline(never)]
fn classify_short(rest: &[u8]) -> (u64, u64, u64) {
    let mut block = [0u8; 64];
    block[..rest.len()].copy_from_slice(rest);
    classify(&block)
}

/// Per byte of `block`, bit masks of ASCII letters, of word bytes and of
/// `'` and `-`.
#[inline(always)]
fn classify(block: &[u8; 64]) -> (u64, u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        sse2::classify(block)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        classify_scalar(block)
    }
}

/// [`classify`] one byte at a time (the fallback, and the reference the
/// SSE2 version is tested against).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_scalar(block: &[u8; 64]) -> (u64, u64, u64) {
    let mut letters = 0u64;
    let mut name = 0u64;
    let mut glue = 0u64;
    for (k, &b) in block.iter().enumerate() {
        letters |= u64::from(b.is_ascii_alphabetic()) << k;
        name |= u64::from(is_name_byte(b)) << k;
        glue |= u64::from(matches!(b, b'\'' | b'-')) << k;
    }
    (letters, name, glue)
}

/// Per byte of `x`, the high bit set iff the byte is an ASCII letter:
/// folded to lower case, its low seven bits are in 'a'..='z', and it is
/// ASCII. No carry crosses a byte (seven bits plus at most 0x1f).
#[inline(always)]
pub(super) fn letter_bits(x: u64) -> u64 {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let seven = (x | (0x20 * LOW)) & !HIGH;
    let ge_a = seven + (0x80 - u64::from(b'a')) * LOW;
    let gt_z = seven + (0x7f - u64::from(b'z')) * LOW;
    ge_a & !gt_z & !x & HIGH
}

/// ASCII letters and digits, `'`, `-` and `_`: bytes that continue a word.
pub(super) fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'\'' | b'-' | b'_')
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };

    /// [`super::classify`] sixteen bytes per step.
    #[inline(always)]
    pub(super) fn classify(block: &[u8; 64]) -> (u64, u64, u64) {
        let mut letters = 0u64;
        let mut name = 0u64;
        let mut glue = 0u64;
        for (k, chunk) in block.chunks_exact(16).enumerate() {
            // SAFETY: SSE2 is part of the x86_64 baseline, so these
            // intrinsics are always available; `chunk` is 16 readable bytes
            // (`chunks_exact(16)`), exactly what the unaligned load reads.
            let (l, n, g) = unsafe {
                let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                // `lo..=hi`, one add and one signed compare: the add
                // (wrapping) moves `lo` to -128, so exactly the bytes of
                // the range land below `-128 + (hi - lo + 1)`. Bytes of
                // 0x80 and up (also with 0x20 or-ed in) fall outside both
                // ranges below, as non-ASCII should.
                let between = |v: __m128i, lo: u8, hi: u8| {
                    let shifted = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(lo) as i8));
                    _mm_cmpgt_epi8(_mm_set1_epi8((0x80 + (hi - lo) + 1) as i8), shifted)
                };
                let folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
                let letter = between(folded, b'a', b'z');
                let digit = between(x, b'0', b'9');
                let glue = _mm_or_si128(
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\'' as i8)),
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(b'-' as i8)),
                );
                let punct = _mm_or_si128(glue, _mm_cmpeq_epi8(x, _mm_set1_epi8(b'_' as i8)));
                let word = _mm_or_si128(_mm_or_si128(letter, digit), punct);
                (
                    _mm_movemask_epi8(letter),
                    _mm_movemask_epi8(word),
                    _mm_movemask_epi8(glue),
                )
            };
            // movemask gives 16 bits in the low half of an i32.
            letters |= u64::from(l as u16) << (16 * k);
            name |= u64::from(n as u16) << (16 * k);
            glue |= u64::from(g as u16) << (16 * k);
        }
        (letters, name, glue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Lexicon;

    /// Every word start by definition, one byte at a time.
    fn naive(bytes: &[u8], from: usize) -> Vec<usize> {
        (from..bytes.len())
            .filter(|&i| bytes[i].is_ascii_alphabetic() && (i == 0 || !is_name_byte(bytes[i - 1])))
            .collect()
    }

    /// A small deterministic generator (xorshift), biased towards the
    /// bytes that matter: letters, word punctuation, digits, spaces.
    fn random_text(seed: u64, len: usize) -> Vec<u8> {
        let mut s = seed | 1;
        let alphabet = b"aZ09'-_ .,\n@`{[/:\x80\xc3\xff\x00";
        (0..len)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                if s.is_multiple_of(3) {
                    (s >> 8) as u8
                } else {
                    alphabet[(s >> 8) as usize % alphabet.len()]
                }
            })
            .collect()
    }

    #[test]
    fn classify_agrees_with_the_scalar_reference() {
        let all: Vec<u8> = (0..=255).collect();
        let mut blocks: Vec<[u8; 64]> = all
            .chunks_exact(64)
            .map(|c| c.try_into().expect("64 bytes"))
            .collect();
        for seed in 0..200 {
            let text = random_text(seed, 64);
            blocks.push(text.as_slice().try_into().expect("64 bytes"));
        }
        for block in &blocks {
            assert_eq!(classify(block), classify_scalar(block), "{block:?}");
        }
    }

    #[test]
    fn word_starts_are_those_of_the_definition() {
        let fixed = b"Hi, I'm Priya_x2 Sharma-Rao. e-mail \xc3\xa9a x2b 9am 'quoted' end".to_vec();
        let mut texts = vec![fixed, Vec::new(), b"a".to_vec()];
        for seed in 0..100 {
            texts.push(random_text(seed, (seed as usize * 7) % 300));
        }
        for text in &texts {
            for from in 0..=text.len().min(70) {
                let mut starts = WordStarts::new(text, from);
                let mut got = Vec::new();
                let mut at = from;
                while let Some(s) = starts.next_from(at) {
                    got.push(s);
                    at = s + 1;
                }
                assert_eq!(got, naive(text, from), "from {from} in {text:?}");
            }
        }
    }

    /// Texts of words (some long, capitalized, joined by `'` or `-`, or
    /// with digits glued on) and separators, so that words cross block
    /// boundaries at every offset.
    fn word_text(seed: u64, len: usize) -> Vec<u8> {
        let words: &[&[u8]] = &[
            b"a",
            b"is",
            b"the",
            b"Priya",
            b"sharma",
            b"will",
            b"seven77",
            b"eightabc",
            b"fifteenletterss",
            b"it's",
            b"e-mail",
            b"Mary-Jane",
            b"x2b",
            b"_under",
            b"ABCDEFG",
            b"day",
            b"page",
            b"r",
            b"\xc3\xa9t\xc3\xa9",
        ];
        let seps: &[&[u8]] = &[b" ", b", ", b".\n", b" - ", b"'", b"-", b"", b"  ", b":"];
        let mut s = seed | 1;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 8) as usize
        };
        let mut text = Vec::new();
        while text.len() < len {
            text.extend_from_slice(words[next() % words.len()]);
            text.extend_from_slice(seps[next() % seps.len()]);
        }
        text.truncate(len);
        text
    }

    /// `next_unless` skips only words of at most seven letters, not
    /// followed by `'` or `-`, that `skip` accepts (told their key and
    /// whether they are capitalized), and returns every other word start;
    /// and a `reject` test that implies `skip` (asked first, in
    /// `drop_rejected`) changes no answer, whether it rejects every word
    /// `skip` skips, some, or none.
    #[test]
    fn next_unless_skips_only_short_words_it_is_told_to() {
        let keys = |words: &[&[u8]]| -> Vec<u128> {
            words
                .iter()
                .map(|w| Lexicon::key(w).expect("short"))
                .collect()
        };
        let lower_keys = keys(&[b"is", b"the", b"sharma", b"will", b"a", b"day"]);
        // `Priya` and `ABCDEFG` are skipped, `Mary` and `sharma` are not.
        let upper_keys = keys(&[b"priya", b"abcdefg", b"sharma"]);
        let skip = |_: usize, _: usize, key: u128, capitalized: bool| {
            if capitalized {
                upper_keys.contains(&key)
            } else {
                lower_keys.contains(&key)
            }
        };
        let some_keys = keys(&[b"the", b"a", b"sharma"]);
        let rejected = std::cell::Cell::new(0usize);
        let count = |yes: bool| {
            rejected.set(rejected.get() + usize::from(yes));
            yes
        };
        let never = |_: u128| false;
        let some = |key: u128| count(some_keys.contains(&key));
        let all_skipped = |key: u128| count(lower_keys.contains(&key));
        let skippable = |text: &[u8], s: usize| {
            let end = s + text[s..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            end - s <= 7
                && !matches!(text.get(end), Some(b'\'' | b'-'))
                && skip(
                    s,
                    end,
                    Lexicon::key(&text[s..end]).expect("short"),
                    text[s].is_ascii_uppercase(),
                )
        };
        let mut texts = vec![b"the will is a day".to_vec(), Vec::new()];
        for seed in 0..300 {
            texts.push(word_text(seed, (seed as usize * 13) % 400));
        }
        let (mut skipped, mut skipped_upper) = (0, 0);
        for text in &texts {
            for from in 0..=text.len().min(70) {
                let all = naive(text, from);
                let walk = |reject: &dyn Fn(u128) -> bool| {
                    let mut starts = WordStarts::new(text, from);
                    let mut at = from;
                    let mut got = Vec::new();
                    while let Some(found) = starts.next_unless(at, reject, skip) {
                        got.push(found);
                        at = found.0 + 1;
                    }
                    got
                };
                let found = walk(&never);
                assert_eq!(walk(&some), found, "{text:?}");
                assert_eq!(walk(&all_skipped), found, "{text:?}");
                for &(s, short) in &found {
                    if let Some((end, key)) = short {
                        assert_eq!(Some(key), Lexicon::key(&text[s..end]));
                        assert!(!skippable(text, s));
                        assert!(text[s..end].iter().all(u8::is_ascii_alphabetic));
                        assert!(!matches!(text.get(end), Some(b'\'' | b'-')));
                    }
                }
                let got: Vec<usize> = found.iter().map(|f| f.0).collect();
                for s in &all {
                    if !got.contains(s) {
                        assert!(skippable(text, *s), "{s} skipped in {text:?}");
                        skipped += 1;
                        skipped_upper += usize::from(text[*s].is_ascii_uppercase());
                    }
                }
                assert!(got.iter().all(|s| all.contains(s)), "{got:?} in {text:?}");
            }
        }
        assert!(
            skipped > 1000 && skipped_upper > 100 && rejected.get() > 1000,
            "{skipped} {skipped_upper} {}",
            rejected.get()
        );
        // Plain running text: all but the long word is skipped.
        let text = b"the will is a day Priya will is a day eightabc the will is a day";
        let mut starts = WordStarts::new(text, 0);
        assert_eq!(starts.next_unless(0, never, skip), Some((38, None)));
    }

    #[test]
    fn jumps_ahead_skip_the_starts_in_between() {
        let text = "word ".repeat(100);
        let mut starts = WordStarts::new(text.as_bytes(), 0);
        assert_eq!(starts.next_from(0), Some(0));
        assert_eq!(starts.next_from(3), Some(5));
        assert_eq!(starts.next_from(201), Some(205));
        assert_eq!(starts.next_from(206), Some(210));
        assert_eq!(starts.next_from(496), None);
    }
}
