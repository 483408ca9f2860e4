//! Throughput of `Redactor::redact`, the one-shot path the CLI uses, with the
//! embedded rule set and the default policy (tokenize everything).
//!
//! Six kinds of input, each answering one question:
//!
//! - `chat_english/{2KB,32KB}`: US and Indian support chat in English at a
//!   realistic PII density (one entity per 150-300 bytes: names, phones,
//!   e-mails, money, order ids, a postal address). The product promise is
//!   ≥ 300 MB/s per core here.
//! - `chat_mixed/{2KB,32KB}`: the same conversation in Hindi (Devanagari),
//!   Hinglish and English with ₹ amounts, UPI ids and Indian addresses, at
//!   the same density. Promise: within 2× of English.
//! - `adversarial/1MB`: text built to make every rule do work and then
//!   reject — digit groups with separators, `@` everywhere, capitalized
//!   words, currency symbols without amounts, `account`/`order` followed by
//!   digits, `{{` token fragments. Promise: ≤ 10 ms for 1 MB.
//! - `pathological/<shape>/{100KB,1MB}`: one degenerate shape at two sizes
//!   (a digit run, Capitalized Words, one line with no whitespace, `1 2 3 …`).
//!   Throughput is reported per byte, so the MB/s of the two sizes should be
//!   about equal; a drop at 1 MB means work grows faster than the input.
//! - `scratch_reuse/{chat_english,spaced_digits}_after_base64/*`: the same
//!   inputs as `chat_english/32KB` and `pathological/spaced_digits/100KB`,
//!   redacted with a `Scratch` that has just redacted two 100 KB base64-like
//!   lines. A worker keeps its `Scratch` for its whole life, so if hostile
//!   input leaves the regex caches in a bad state the requests after it pay;
//!   these should be close to their fresh-`Scratch` twins.
//! - `cold_cache/chat_english/{2KB,32KB}`: the chat texts with the CPU
//!   caches flushed (64 MiB written) before every redact, untimed: what a
//!   request costs when the proxy is idle between requests and other
//!   processes have used the caches. No target; the gap to `chat_english`
//!   is memory latency, counted by `COLD=1 scripts/profile-engine`.
//!
//! Every other scenario gets a fresh `Scratch` (reused across its own
//! iterations), so the numbers do not depend on which scenario ran before.
//! Under `cargo test` each scenario runs once, at small sizes, as a check.
//!
//! All text is built in `support/texts.rs`, deterministically (a fixed-seed LCG picks the
//! values), so runs are comparable across machines and commits. Before a
//! scenario is measured its output is checked: the chat texts must have the
//! density their name promises, and every text must come back unchanged
//! through `detokenize` (unless a value is spelled two ways, where tokens by
//! design restore the first spelling) — a fast but wrong redactor cannot
//! post a number.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use veil::entity::EntityType;
use veil::policy::Policy;
use veil::redact::{Plan, Redactor, Scope, Scratch, detokenize};
use veil::rules::RuleSet;

/// Bytes per entity a realistic chat has (the range the chat scenarios are
/// checked against).
const CHAT_DENSITY: std::ops::RangeInclusive<usize> = 150..=300;

#[path = "support/texts.rs"]
mod texts;

use texts::{
    CHAT_SEED, KB, MB, PATHOLOGICAL, adversarial, build, english_conversation, mixed_conversation,
    pathological,
};

// === checks ===

fn redactor() -> Redactor {
    Redactor::new(
        Arc::new(RuleSet::embedded().expect("embedded rules load")),
        Policy::default(),
    )
}

fn redact(r: &Redactor, scratch: &mut Scratch, text: &str) -> (String, Scope) {
    let mut scope = Scope::new();
    let out = r
        .redact(scratch, text, &mut scope)
        .expect("the default policy never blocks");
    (out, scope)
}

/// Whether some value appears in two spellings (then tokens, by design,
/// restore the first spelling and the round trip is not exact).
fn has_respelled_value(r: &Redactor, scratch: &mut Scratch, text: &str) -> bool {
    let entities = r.scan(scratch, text);
    let plan = Plan::new(text, &entities, r.policy()).expect("no block");
    let mut spellings: HashMap<(EntityType, String), &str> = HashMap::new();
    plan.values().iter().any(|v| {
        let seen = spellings.entry((v.ty, v.key())).or_insert(v.original);
        *seen != v.original
    })
}

/// Checks a scenario before it is measured: the redaction round-trips, and
/// a chat text has the PII density of a chat. Returns the entity count.
fn check(r: &Redactor, scratch: &mut Scratch, name: &str, text: &str, chat: bool) -> usize {
    let entities = r.scan(scratch, text).len();
    let (out, scope) = redact(r, scratch, text);
    if !has_respelled_value(r, scratch, text) {
        assert_eq!(
            detokenize(&out, &scope),
            text,
            "{name}: detokenize(redact(x)) != x"
        );
    }
    if chat {
        let per = text.len() / entities.max(1);
        assert!(
            CHAT_DENSITY.contains(&per),
            "{name}: one entity per {per} bytes, outside {CHAT_DENSITY:?}"
        );
        assert_ne!(out, text, "{name}: nothing redacted");
    }
    entities
}

/// What a scenario is checked for before it is measured.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Realistic chat: PII density in [`CHAT_DENSITY`], round trip.
    Chat,
    /// Anything else: round trip only.
    Stress,
}

/// Measures one scenario with a Scratch of its own, reused across
/// iterations as a worker thread would reuse it, but never shared between
/// scenarios (see `scratch_reuse` for why that matters).
fn scenario(
    group: &mut BenchmarkGroup<'_, WallTime>,
    group_name: &str,
    r: &Redactor,
    id: &str,
    text: &str,
    kind: Kind,
) {
    let name = format!("{group_name}/{id}");
    let mut scratch = r.scratch();
    let mut checked = false;
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(id, |b| {
        // Checked here, not before, so a filtered-out scenario costs nothing.
        if !checked {
            let n = check(r, &mut scratch, &name, text, kind == Kind::Chat);
            eprintln!("{name}: {} bytes, {n} entities", text.len());
            checked = true;
        }
        b.iter(|| {
            let mut scope = Scope::new();
            r.redact(&mut scratch, black_box(text), &mut scope)
                .expect("no block")
        })
    });
}

/// True under `cargo bench`. Under `cargo test` (criterion's test mode, run
/// by scripts/test in a debug build) every scenario runs once, so the big
/// inputs are replaced by small ones: the checks still run, in seconds.
fn benching() -> bool {
    std::env::args().any(|a| a == "--bench")
}

// === benches ===

fn chat(c: &mut Criterion) {
    let r = redactor();
    let scenarios: [(&str, texts::Conversation); 2] = [
        ("chat_english", english_conversation),
        ("chat_mixed", mixed_conversation),
    ];
    for (group_name, conversation) in scenarios {
        let mut group = c.benchmark_group(group_name);
        for (size, len) in [("2KB", 2 * KB), ("32KB", 32 * KB)] {
            let text = build(len, CHAT_SEED, conversation);
            scenario(&mut group, group_name, &r, size, &text, Kind::Chat);
        }
        group.finish();
    }
}

fn stress(c: &mut Criterion) {
    let r = redactor();
    let (adversarial_len, adversarial_id) = if benching() {
        (MB, "1MB")
    } else {
        (64 * KB, "64KB")
    };
    let sizes: &[(&str, usize)] = if benching() {
        &[("100KB", 100 * KB), ("1MB", MB)]
    } else {
        &[("16KB", 16 * KB)]
    };

    let mut group = c.benchmark_group("adversarial");
    group.sample_size(20);
    let text = adversarial(adversarial_len);
    scenario(
        &mut group,
        "adversarial",
        &r,
        adversarial_id,
        &text,
        Kind::Stress,
    );
    group.finish();

    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for shape in PATHOLOGICAL {
        for &(size, len) in sizes {
            let text = pathological(shape, len);
            assert_eq!(text.len(), len, "{shape}/{size}");
            let id = format!("{shape}/{size}");
            scenario(&mut group, "pathological", &r, &id, &text, Kind::Stress);
        }
    }
    group.finish();
}

/// A Scratch is meant to live as long as its thread. These measure a
/// request served by a Scratch that has served the same kind of request
/// before (as a worker's has) and then redacted two requests of one 100 KB
/// base64-like line each (a pasted image or key): each iteration gets a
/// fresh Scratch, primed outside the timed part. If hostile input leaves
/// the regex caches in a bad state, the requests after it pay, and these
/// numbers fall below `chat_english/32KB` and
/// `pathological/spaced_digits/100KB`.
///
/// `chat_english_first_request` is the first request a new Scratch serves:
/// its lazy DFA caches are empty and get built while it searches. That is
/// the cost of a cold Scratch, paid once per worker, not damage from
/// hostile input; it is reported so the two are not confused (an earlier
/// version of this bench primed a fresh Scratch with base64 only, and so
/// compared a cold Scratch with a warm one).
fn scratch_reuse(c: &mut Criterion) {
    let r = redactor();
    let mut group = c.benchmark_group("scratch_reuse");
    group.sample_size(10);
    let (len, size) = if benching() {
        (100 * KB, "100KB")
    } else {
        (16 * KB, "16KB")
    };
    let prime = pathological("no_whitespace_line", len);
    let chat = build(32 * KB, CHAT_SEED, english_conversation);
    let digits = pathological("spaced_digits", len);
    let cases = [
        (
            "chat_english_after_base64/32KB".to_owned(),
            &chat,
            Kind::Chat,
        ),
        (
            format!("spaced_digits_after_base64/{size}"),
            &digits,
            Kind::Stress,
        ),
    ];
    // A Scratch that has served `text` (warm, as a worker's), then base64.
    let primed = |text: &str| {
        let mut scratch = r.scratch();
        redact(&r, &mut scratch, text);
        for _ in 0..2 {
            redact(&r, &mut scratch, &prime);
        }
        scratch
    };
    let mut measure = |id: &str, text: &str, kind: Kind, fresh: &dyn Fn() -> Scratch| {
        let name = format!("scratch_reuse/{id}");
        let n = check(&r, &mut fresh(), &name, text, kind == Kind::Chat);
        eprintln!("{name}: {} bytes, {n} entities", text.len());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(id, |b| {
            b.iter_batched(
                fresh,
                |mut scratch| {
                    let mut scope = Scope::new();
                    let out = r
                        .redact(&mut scratch, black_box(text), &mut scope)
                        .expect("no block");
                    (out, scratch)
                },
                BatchSize::PerIteration,
            )
        });
    };
    for (id, text, kind) in cases {
        measure(&id, text, kind, &|| primed(text));
    }
    // The control for the rows above: served the input once, no base64.
    // Each iteration gets a Scratch of its own (not warm in the CPU's
    // caches as the one `chat_english/32KB` reuses), so this, not that,
    // is what the base64 rows are to be compared with.
    measure("chat_english_warm/32KB", &chat, Kind::Chat, &|| {
        let mut scratch = r.scratch();
        redact(&r, &mut scratch, &chat);
        scratch
    });
    measure(
        "chat_english_first_request/32KB",
        &chat,
        Kind::Chat,
        &|| r.scratch(),
    );
    group.finish();
}

/// English chat on a warm `Scratch` but with cold CPU caches: before each
/// redact a 64 MiB buffer is written through (outside the timed part), so
/// the engine's code, tables and DFA states come from memory again. A proxy
/// serving a request every millisecond or so, between other processes,
/// sees something between this and `chat_english`; the gap is cache misses,
/// which `COLD=1 scripts/profile-engine` counts.
fn cold_cache(c: &mut Criterion) {
    let r = redactor();
    let mut group = c.benchmark_group("cold_cache");
    group.sample_size(20);
    let evict_len = if benching() { 64 * MB } else { MB };
    let mut evict = vec![1u8; evict_len];
    let mut scratch = r.scratch();
    for (size, len) in [("2KB", 2 * KB), ("32KB", 32 * KB)] {
        let text = build(len, CHAT_SEED, english_conversation);
        redact(&r, &mut scratch, &text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("chat_english/{size}"), |b| {
            b.iter_batched(
                || {
                    // One write per cache line, so dirty lines are evicted
                    // as another process's would be.
                    for line in evict.chunks_mut(64) {
                        line[0] = line[0].wrapping_add(1);
                    }
                    black_box(&evict);
                },
                |()| {
                    let mut scope = Scope::new();
                    r.redact(&mut scratch, black_box(&text), &mut scope)
                        .expect("no block")
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, chat, stress, scratch_reuse, cold_cache);
criterion_main!(benches);
