//! The streaming detokenizer must give the same bytes however its input is
//! cut, never hold back a full token's worth of bytes, and never panic.
//!
//! Input layout: byte 0 picks the escape mode and a chunk size, bytes 1-2
//! pick a split point, the rest is the stream (any bytes, not only UTF-8).

#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use veil::entity::EntityType;
use veil::redact::detokenize::{Detokenizer, Escape, TokenLookup, detokenize};
use veil::token::{MAX_TOKEN_LEN, Token};

/// A scope with short, long, non-ASCII and JSON-hostile originals.
fn scope() -> &'static HashMap<Token, String> {
    static SCOPE: OnceLock<HashMap<Token, String>> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let mut map = HashMap::new();
        for (i, ty) in EntityType::ALL.into_iter().enumerate() {
            for n in 1..=3 {
                let original = match (i + n as usize) % 3 {
                    0 => format!("{ty}-{n}"),
                    1 => format!("प्रिया \"{n}\"\n₹\\ {{{{{ty}:{n}}}}}"),
                    _ => String::new(),
                };
                map.insert(Token { ty, n }, original);
            }
        }
        map
    })
}

/// Feeds `chunks` in order and returns the whole output.
fn run<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
    escape: Escape,
    lookup: &impl TokenLookup,
) -> Vec<u8> {
    let mut d = Detokenizer::new(escape);
    let mut out = Vec::new();
    for chunk in chunks {
        d.push(chunk, lookup, &mut out);
        assert!(d.held_len() < MAX_TOKEN_LEN);
    }
    d.finish(lookup, &mut out);
    out
}

fuzz_target!(|data: &[u8]| {
    let [mode, hi, lo, stream @ ..] = data else {
        return;
    };
    let escape = if mode & 1 == 0 {
        Escape::None
    } else {
        Escape::JsonString
    };
    let chunk_len = usize::from(mode >> 1) % 17 + 1;
    let at = usize::from(u16::from_be_bytes([*hi, *lo])) % (stream.len() + 1);
    let lookup = scope();

    let whole = run([stream], escape, lookup);
    let (a, b) = stream.split_at(at);
    assert_eq!(run([a, b], escape, lookup), whole, "split at {at}");
    assert_eq!(
        run(stream.chunks(chunk_len), escape, lookup),
        whole,
        "chunks of {chunk_len}"
    );
    if let (Escape::None, Ok(text)) = (escape, std::str::from_utf8(stream)) {
        assert_eq!(whole, detokenize(text, lookup).as_bytes());
    }
});
