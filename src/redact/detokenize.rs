//! Putting originals back: every token in a response that is known in the
//! scope is replaced by the value it stands for (DESIGN §2).
//!
//! What counts as a token is exactly what [`token::find_lenient`] finds —
//! left to right, non-overlapping, including the forms LLMs write
//! (`{{ Phone:1 }}`, `{{EMAIL : 2}}`). A token the scope does not know, and
//! anything that only looks like one, is copied through unchanged.
//!
//! [`detokenize`] does a whole text at once. [`Detokenizer`] does the same to
//! a stream that arrives in pieces (SSE deltas, body chunks), where a token
//! can be split across any number of them: the output is the same for every
//! way of cutting the input, down to one byte per chunk.
//!
//! # Bounded hold-back
//!
//! A streaming detokenizer must not sit on text: the client should see each
//! delta as soon as possible. [`Detokenizer::push`] writes out everything it
//! can and holds back only the suffix from the first position where
//! [`token::scan_prefix`] answers [`Scan::NeedMore`] — bytes that may still
//! turn out to be a token. That suffix is always shorter than
//! [`MAX_TOKEN_LEN`], so memory per stream is a small constant and the delay
//! of any byte is bounded by one token's length.
//!
//! # Untrusted input
//!
//! The input is whatever the upstream sends. The streaming side works on
//! bytes and never panics, whatever they are (invalid UTF-8 included).
//! Tokens are ASCII and a held suffix starts at a `{`, so a UTF-8 input stream
//! gives a UTF-8 output stream even when a chunk ends inside a multi-byte
//! character: such a byte is not held, just passed on, and the rest of the
//! character follows in the next output. Work is linear in the input: a
//! token parse reads at most [`MAX_TOKEN_LEN`] bytes and only starts at a
//! `{`, and a held byte is re-read once per `push` for fewer than
//! [`MAX_TOKEN_LEN`] pushes (each adds at least one byte, and a byte that far
//! behind the end is always decided). So no byte is looked at more than a
//! constant number of times — a few with large chunks, `O(MAX_TOKEN_LEN)` with
//! one-byte chunks — however the input is
//! built (`{{{{…`, `{{ phone:{{ phone:…`) or cut.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher;

use crate::token::{self, MAX_TOKEN_LEN, Scan, Token};

/// Where the originals of one scope (a request, or a conversation) come
/// from, as seen by the detokenizer.
///
/// The vault fetches a scope's map before the response starts; this trait
/// is the read-only view of that map, so the detokenizer needs no store and
/// no async.
pub trait TokenLookup {
    /// The original for `token` in this scope, or `None` if the scope has
    /// no such token (the token is then left in the text as it is).
    fn lookup(&self, token: Token) -> Option<&str>;
}

// === impl TokenLookup ===

impl<S: BuildHasher> TokenLookup for HashMap<Token, String, S> {
    fn lookup(&self, token: Token) -> Option<&str> {
        self.get(&token).map(String::as_str)
    }
}

/// How an original is written where its token was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Escape {
    /// Verbatim: the stream is plain text (message content, a decoded
    /// string value).
    #[default]
    None,
    /// As the content of a JSON string, without the surrounding quotes.
    ///
    /// For fragments that are themselves JSON text, such as tool-call
    /// `arguments` and Anthropic `partial_json`: the model wrote the token
    /// inside a string of that JSON, and an original with a quote, a
    /// backslash or a line break (a multi-line address) would otherwise
    /// break it. `"` and `\` are backslash-escaped, `\n` `\r` `\t` `\b` `\f`
    /// use their short forms and the other control characters `\u00XX`.
    JsonString,
}

/// Streaming detokenizer for one response stream (one string value, one
/// tool-call's arguments, …).
///
/// Feed it with [`push`](Self::push) in arrival order and end with
/// [`finish`](Self::finish); the concatenated output equals
/// [`detokenize`] of the concatenated input (with the chosen [`Escape`]),
/// however the input was cut. See the module docs for the hold-back bound.
///
/// ```
/// use std::collections::HashMap;
/// use veil::entity::EntityType;
/// use veil::redact::detokenize::{Detokenizer, Escape};
/// use veil::token::Token;
///
/// let scope = HashMap::from([(Token { ty: EntityType::Phone, n: 1 }, "+91 98765 43210".to_owned())]);
/// let mut d = Detokenizer::new(Escape::None);
/// let mut out = Vec::new();
/// for delta in ["Call {{ Ph", "one:1 }} to", "day"] {
///     d.push(delta.as_bytes(), &scope, &mut out);
/// }
/// d.finish(&scope, &mut out);
/// assert_eq!(out, b"Call +91 98765 43210 today");
/// ```
pub struct Detokenizer {
    escape: Escape,
    /// Not yet written bytes from the first position that may still become a
    /// token. Between calls it is shorter than [`MAX_TOKEN_LEN`]; inside
    /// `push` it briefly grows by at most [`MAX_TOKEN_LEN`] more, so its
    /// capacity is reserved once in `new` and never grows.
    pending: Vec<u8>,
}

// === impl Detokenizer ===

impl Detokenizer {
    /// A detokenizer that writes originals as `escape` says.
    pub fn new(escape: Escape) -> Self {
        Detokenizer {
            escape,
            pending: Vec::with_capacity(2 * MAX_TOKEN_LEN),
        }
    }

    /// Consumes the next piece of the stream and appends to `out` every
    /// byte whose fate is now decided: text, and originals for the known
    /// tokens that ended in this piece. Bytes that may still be the start of
    /// a token are held until a later call (or [`finish`](Self::finish))
    /// decides them.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        lookup: &(impl TokenLookup + ?Sized),
        out: &mut Vec<u8>,
    ) {
        // Settle the held bytes first. Appending MAX_TOKEN_LEN bytes of the
        // new chunk is always enough to decide a parse starting at the first
        // held byte, so only that many are copied, never the whole chunk.
        while !self.pending.is_empty() && !chunk.is_empty() {
            let held = self.pending.len();
            let take = chunk.len().min(MAX_TOKEN_LEN);
            self.pending.extend_from_slice(&chunk[..take]);
            let done = scan(&self.pending, false, self.escape, lookup, out);
            if done >= held {
                // The held bytes are settled. What is left of `pending` is
                // also still in `chunk`, so carry on there without copying.
                self.pending.clear();
                chunk = &chunk[done - held..];
            } else {
                // Still undecided inside the held bytes, which can only
                // happen when the chunk was too short to settle them, so all
                // of it now sits in `pending` and the loop ends.
                self.pending.drain(..done);
                chunk = &chunk[take..];
            }
        }
        if self.pending.is_empty() {
            let done = scan(chunk, false, self.escape, lookup, out);
            self.pending.extend_from_slice(&chunk[done..]);
        }
        debug_assert!(self.pending.len() < MAX_TOKEN_LEN);
    }

    /// Ends the stream: held bytes are written out (they were never
    /// completed into a token, so they stay as they are) and the
    /// detokenizer is ready for a new stream.
    pub fn finish(&mut self, lookup: &(impl TokenLookup + ?Sized), out: &mut Vec<u8>) {
        // Scanning with `eof` rather than copying keeps this exactly the
        // one-shot rule: an unfinished token at the end is plain text.
        scan(&self.pending, true, self.escape, lookup, out);
        self.pending.clear();
    }

    /// How many bytes are held back right now: always less than
    /// [`MAX_TOKEN_LEN`] between calls.
    pub fn held_len(&self) -> usize {
        self.pending.len()
    }
}

impl fmt::Debug for Detokenizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The held bytes are response text; only their count is printable.
        f.debug_struct("Detokenizer")
            .field("escape", &self.escape)
            .field("held_len", &self.pending.len())
            .finish()
    }
}

/// Replaces every known token in `text` by its original (one-shot,
/// [`Escape::None`]); unknown tokens and non-tokens are left as they are.
///
/// Built directly on [`token::find_lenient`], the same search the redactor
/// uses, and kept independent of [`Detokenizer`] so each checks the other
/// in tests.
pub fn detokenize(text: &str, lookup: &(impl TokenLookup + ?Sized)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (range, token) in token::find_lenient(text) {
        if let Some(original) = lookup.lookup(token) {
            // Tokens are ASCII, so both ends are char boundaries.
            out.push_str(&text[copied..range.start]);
            out.push_str(original);
            copied = range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Detokenizes `buf` into `out` and returns how far it got: `buf.len()`,
/// or the offset of the first position that may still become a token
/// (never when `eof`, where such a tail is plain text). Bytes from that
/// offset on are not written.
///
/// The search order is [`token::find_lenient`]'s: candidates only start at
/// `{`, and after a token the search resumes behind it.
fn scan(
    buf: &[u8],
    eof: bool,
    escape: Escape,
    lookup: &(impl TokenLookup + ?Sized),
    out: &mut Vec<u8>,
) -> usize {
    let mut copied = 0;
    let mut at = 0;
    while let Some(off) = memchr::memchr(b'{', &buf[at..]) {
        let start = at + off;
        match token::scan_prefix(&buf[start..]) {
            Scan::Token(token, len) => {
                if let Some(original) = lookup.lookup(token) {
                    out.extend_from_slice(&buf[copied..start]);
                    write_original(original, escape, out);
                    copied = start + len;
                }
                at = start + len;
            }
            Scan::NeedMore if !eof => {
                out.extend_from_slice(&buf[copied..start]);
                return start;
            }
            Scan::NeedMore | Scan::No => at = start + 1,
        }
    }
    out.extend_from_slice(&buf[copied..]);
    buf.len()
}

fn write_original(original: &str, escape: Escape, out: &mut Vec<u8>) {
    match escape {
        Escape::None => out.extend_from_slice(original.as_bytes()),
        Escape::JsonString => crate::json::write_escaped(original, out),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::entity::EntityType;

    const ADDRESS: &str =
        "Flat 4B, \"Lake View\"\n12 MG Road\\Back Lane\r\n\tBengaluru 560001\u{1}";

    fn tok(ty: EntityType, n: u32) -> Token {
        Token { ty, n }
    }

    fn scope() -> HashMap<Token, String> {
        HashMap::from([
            (tok(EntityType::Phone, 1), "+91 98765 43210".to_owned()),
            (tok(EntityType::Email, 2), "priya@example.com".to_owned()),
            (tok(EntityType::Name, 1), "प्रिया शर्मा".to_owned()),
            (tok(EntityType::Money, 1), "₹5,000".to_owned()),
            (tok(EntityType::Address, 1), ADDRESS.to_owned()),
            (
                tok(EntityType::BankAccount, 123456789),
                "00112233".to_owned(),
            ),
        ])
    }

    /// Feeds `chunks` in order, checking the hold-back invariant after every
    /// push: fewer than MAX_TOKEN_LEN bytes held, and what is held is a
    /// possible token start (nothing decidable is held back).
    fn stream<'a>(
        chunks: impl IntoIterator<Item = &'a [u8]>,
        escape: Escape,
        lookup: &impl TokenLookup,
    ) -> Vec<u8> {
        let mut d = Detokenizer::new(escape);
        let mut out = Vec::new();
        for chunk in chunks {
            d.push(chunk, lookup, &mut out);
            assert!(d.held_len() < MAX_TOKEN_LEN, "held {}", d.held_len());
            if !d.pending.is_empty() {
                assert_eq!(token::scan_prefix(&d.pending), Scan::NeedMore);
            }
        }
        d.finish(lookup, &mut out);
        assert_eq!(d.held_len(), 0);
        out
    }

    /// Cuts `bytes` at the given offsets (any order, repeats give empty
    /// chunks).
    fn cut(bytes: &[u8], mut at: Vec<usize>) -> Vec<&[u8]> {
        at.iter_mut().for_each(|i| *i = (*i).min(bytes.len()));
        at.sort_unstable();
        let mut chunks = Vec::new();
        let mut from = 0;
        for i in at {
            chunks.push(&bytes[from..i]);
            from = i;
        }
        chunks.push(&bytes[from..]);
        chunks
    }

    const SEVERAL: &str = "नमस्ते {{name:1}}! Call {{ Phone:1 }} or {{EMAIL : 2}}, pay {{money:1}}\
        {{phone:1}}{{{phone:1}}} {{phone:7}} {{  bank_account  :  123456789  }} {{phone:1}";

    #[test]
    fn one_shot_replaces_known_tokens_in_every_lenient_form() {
        let s = scope();
        assert_eq!(
            detokenize("Call {{ Phone:1 }} or {{EMAIL : 2}}.", &s),
            "Call +91 98765 43210 or priya@example.com."
        );
        assert_eq!(
            detokenize("{{phone:1}}{{phone:1}}", &s),
            "+91 98765 43210+91 98765 43210"
        );
        assert_eq!(detokenize("{{{phone:1}}}", &s), "{+91 98765 43210}");
        assert_eq!(detokenize("{{  name:1  }} ji", &s), "प्रिया शर्मा ji");
    }

    #[test]
    fn unknown_tokens_and_near_misses_stay() {
        let s = scope();
        for text in [
            "{{phone:2}}",
            "{{passport:1}}",
            "{phone:1}",
            "{{phone 1}}",
            "{{   phone:1}}",
            "{{phone:1}",
            "{{phone:0001234567890}}",
            "{{ phone:1 ",
            "{{",
            "{",
            "",
        ] {
            assert_eq!(detokenize(text, &s), text);
            assert_eq!(stream([text.as_bytes()], Escape::None, &s), text.as_bytes());
        }
    }

    #[test]
    fn every_two_way_split_equals_one_shot() {
        let s = scope();
        let whole = detokenize(SEVERAL, &s);
        assert!(whole.contains("+91 98765 43210") && whole.contains("{{phone:7}}"));
        let bytes = SEVERAL.as_bytes();
        for i in 0..=bytes.len() {
            let out = stream([&bytes[..i], &bytes[i..]], Escape::None, &s);
            assert_eq!(out, whole.as_bytes(), "split at {i}");
        }
    }

    #[test]
    fn one_byte_chunks_and_empty_chunks_equal_one_shot() {
        let s = scope();
        let whole = detokenize(SEVERAL, &s);
        let bytes = SEVERAL.as_bytes();
        assert_eq!(stream(bytes.chunks(1), Escape::None, &s), whole.as_bytes());
        let with_empties = bytes.chunks(1).flat_map(|c| [c, &[][..]]);
        assert_eq!(stream(with_empties, Escape::None, &s), whole.as_bytes());
    }

    #[test]
    fn holds_back_only_a_possible_token() {
        let s = scope();
        let mut d = Detokenizer::new(Escape::None);
        let mut out = Vec::new();
        d.push(b"Hi {{ pho", &s, &mut out);
        assert_eq!((out.as_slice(), d.held_len()), (&b"Hi "[..], 6));
        d.push(b"ne:1 }} and {x} and {", &s, &mut out);
        assert_eq!(out, b"Hi +91 98765 43210 and {x} and ");
        assert_eq!(d.held_len(), 1);
        d.push(b"{phonex", &s, &mut out);
        assert_eq!(d.held_len(), 0);
        // A chunk ending inside a multi-byte character is passed on.
        let rupee = "₹".as_bytes();
        d.push(&rupee[..1], &s, &mut out);
        assert_eq!(d.held_len(), 0);
        d.push(&rupee[1..], &s, &mut out);
        d.finish(&s, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Hi +91 98765 43210 and {x} and {{phonex₹"
        );
    }

    #[test]
    fn finish_flushes_an_unfinished_token_and_resets() {
        let s = scope();
        let mut d = Detokenizer::new(Escape::None);
        let mut out = Vec::new();
        d.push(b"see {{ phone:1", &s, &mut out);
        d.finish(&s, &mut out);
        assert_eq!(out, b"see {{ phone:1");
        out.clear();
        d.push(b"}} {{phone:1}}", &s, &mut out);
        d.finish(&s, &mut out);
        assert_eq!(out, b"}} +91 98765 43210");
    }

    #[test]
    fn json_string_mode_keeps_the_json_valid() {
        let s = scope();
        // A tool call's `arguments` as the model streams it.
        let args = r#"{"to": "{{ address:1 }}", "phone": "{{phone:1}}", "note": "{{phone:9}}"}"#;
        for size in [1, 3, 16, args.len()] {
            let out = stream(args.as_bytes().chunks(size), Escape::JsonString, &s);
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["to"], ADDRESS, "chunks of {size}");
            assert_eq!(v["phone"], "+91 98765 43210");
            assert_eq!(v["note"], "{{phone:9}}");
        }
        let out = stream([&b"{{address:1}}"[..]], Escape::JsonString, &s);
        assert_eq!(
            String::from_utf8(out.clone()).unwrap(),
            r#"Flat 4B, \"Lake View\"\n12 MG Road\\Back Lane\r\n\tBengaluru 560001\u0001"#
        );
        let quoted = [&b"\""[..], &out, b"\""].concat();
        assert_eq!(serde_json::from_slice::<String>(&quoted).unwrap(), ADDRESS);
    }

    #[test]
    fn invalid_utf8_passes_through() {
        let s = scope();
        let input = b"\xff{{\xfe{{phone:1}}\x80{{ phone:\xc3";
        let expected = b"\xff{{\xfe+91 98765 43210\x80{{ phone:\xc3";
        assert_eq!(stream([&input[..]], Escape::None, &s), expected);
        assert_eq!(stream(input.chunks(1), Escape::JsonString, &s), expected);
    }

    /// Inputs that make a naive detokenizer rescan: with quadratic work
    /// these would take minutes, not milliseconds.
    #[test]
    fn adversarial_inputs_stay_linear() {
        let s = scope();
        for unit in [
            "{",
            "{{ phone:",
            "{{  bank_account  :  12345678",
            "{{phone:1}",
        ] {
            let text = unit.repeat((256 << 10) / unit.len());
            assert_eq!(detokenize(&text, &s), text);
            assert_eq!(stream([text.as_bytes()], Escape::None, &s), text.as_bytes());
            assert_eq!(
                stream(text.as_bytes().chunks(1), Escape::None, &s),
                text.as_bytes()
            );
        }
    }

    /// Text built from pieces that exercise the grammar: tokens (known,
    /// unknown, lenient, near misses), braces, digits, type names in any
    /// case, and multi-byte characters.
    fn texty() -> impl Strategy<Value = String> {
        let ty = prop::sample::select(EntityType::ALL.to_vec());
        let name = (ty.clone(), any::<u16>()).prop_map(|(t, mask)| {
            t.as_str()
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if mask >> (i % 16) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect::<String>()
        });
        let gap = prop::sample::select(vec!["", " ", "  ", "   "]);
        let token = (
            name.clone(),
            gap.clone(),
            gap.clone(),
            0u32..4,
            gap.clone(),
            gap,
        )
            .prop_map(|(n, a, b, k, c, d)| format!("{{{{{a}{n}{b}:{c}{k}{d}}}}}"));
        let piece = prop_oneof![
            3 => token,
            2 => name,
            2 => "[a-zA-Z0-9 .,]{1,6}",
            2 => prop::sample::select(vec!["{", "}", "{{", "}}", ":", " ", "\n"]).prop_map(String::from),
            1 => "[0-9]{1,10}",
            1 => prop::sample::select(vec!["₹", "नमस्ते", "क्ष", "é"]).prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// Bytes rich in grammar characters, but any byte can appear.
    fn bytey() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            4 => prop::sample::select(b"{{{}: 0123456789phone_PHONE".to_vec()),
            1 => any::<u8>(),
        ];
        prop::collection::vec(byte, 0..300)
    }

    fn cuts() -> impl Strategy<Value = Vec<usize>> {
        prop::collection::vec(0usize..400, 0..20)
    }

    proptest! {
        #[test]
        fn any_split_equals_one_shot(text in texty(), at in cuts()) {
            let s = scope();
            let bytes = text.as_bytes();
            let whole = detokenize(&text, &s);
            prop_assert_eq!(stream(cut(bytes, at.clone()), Escape::None, &s), whole.as_bytes());
            let json_whole = stream([bytes], Escape::JsonString, &s);
            prop_assert_eq!(stream(cut(bytes, at), Escape::JsonString, &s), json_whole);
        }

        #[test]
        fn held_bytes_stay_below_the_token_bound(bytes in bytey(), at in cuts()) {
            // `stream` asserts the bound and minimality after every push.
            stream(cut(&bytes, at), Escape::None, &scope());
        }

        #[test]
        fn empty_scope_is_the_identity(bytes in bytey(), at in cuts()) {
            let empty = HashMap::new();
            prop_assert_eq!(stream(cut(&bytes, at.clone()), Escape::None, &empty), bytes.clone());
            prop_assert_eq!(stream(cut(&bytes, at), Escape::JsonString, &empty), bytes);
        }

        #[test]
        fn json_string_mode_round_trips_any_original(original in any::<String>()) {
            let s = HashMap::from([(tok(EntityType::Address, 1), original.clone())]);
            let out = stream([&b"\"{{address:1}}\""[..]], Escape::JsonString, &s);
            prop_assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), original);
        }
    }
}
