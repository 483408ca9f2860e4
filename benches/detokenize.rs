//! Detokenizer throughput on the two shapes of response text that matter:
//! a token-dense stream arriving as small SSE deltas, and plain text with no
//! tokens (the common case, which should cost little more than a copy).
//!
//! Each scenario checks its output against the one-shot `detokenize` before
//! it is measured, so a fast but wrong detokenizer cannot post a number.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use veil::entity::EntityType;
use veil::redact::detokenize::{Detokenizer, Escape, detokenize};
use veil::token::Token;

const STREAM_LEN: usize = 64 << 10;
/// SSE text deltas are typically a few tokens of a model's output.
const DELTA_LEN: usize = 16;

/// A scope with a few of each type, as a long conversation would have.
fn scope() -> HashMap<Token, String> {
    let mut map = HashMap::new();
    for ty in EntityType::ALL {
        for n in 1..=4 {
            map.insert(Token { ty, n }, format!("{ty} number {n}, ₹ नमस्ते"));
        }
    }
    map
}

/// About one token every 40 bytes, in the lenient spellings models use,
/// with a sprinkling of unknown tokens and lone braces.
fn token_dense() -> String {
    let mut text = String::with_capacity(STREAM_LEN + 64);
    let mut i = 0usize;
    while text.len() < STREAM_LEN {
        let ty = EntityType::ALL[i % EntityType::ALL.len()];
        let n = i % 5 + 1; // n = 5 is unknown in the scope
        let token = match i % 3 {
            0 => format!("{{{{{ty}:{n}}}}}"),
            1 => format!("{{{{ {}:{n} }}}}", ty.as_str().to_uppercase()),
            _ => format!("{{{{{ty} : {n}}}}}"),
        };
        text.push_str(&token);
        // ASCII filler, so any cut of it is a char boundary.
        const FILLER: &str = " see {x}, and please reply by Monday, thanks!";
        text.push_str(&FILLER[..40usize.saturating_sub(token.len())]);
        i += 1;
    }
    text
}

/// Ordinary prose without a single brace.
fn token_free() -> String {
    let line = "The order shipped on Monday and should arrive within 3-5 days. धन्यवाद! ";
    line.repeat(STREAM_LEN / line.len() + 1)
}

fn run_stream(text: &[u8], scope: &HashMap<Token, String>, out: &mut Vec<u8>) {
    out.clear();
    let mut d = Detokenizer::new(Escape::None);
    for delta in text.chunks(DELTA_LEN) {
        d.push(delta, scope, out);
    }
    d.finish(scope, out);
}

fn bench(c: &mut Criterion) {
    let scope = scope();
    let mut group = c.benchmark_group("detokenize");
    for (name, text) in [("token_dense", token_dense()), ("token_free", token_free())] {
        let mut out = Vec::with_capacity(text.len() * 2);

        // The scenario must be what its name says, and correct.
        let expected = detokenize(&text, &scope);
        let replaced = text.matches("{{").count();
        if name == "token_dense" {
            assert!(
                text.len() / replaced <= 41,
                "{} bytes per token",
                text.len() / replaced
            );
            assert_ne!(expected, text);
        } else {
            assert_eq!(replaced, 0);
        }
        run_stream(text.as_bytes(), &scope, &mut out);
        assert_eq!(
            out,
            expected.as_bytes(),
            "{name}: streamed output differs from one-shot"
        );

        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/stream_{DELTA_LEN}B"), |b| {
            b.iter(|| run_stream(black_box(text.as_bytes()), &scope, &mut out))
        });
        group.bench_function(format!("{name}/one_shot"), |b| {
            b.iter(|| detokenize(black_box(&text), &scope))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
