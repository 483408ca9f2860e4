//! Redaction of arbitrary text, with the embedded rules and the default
//! policy, must never panic, must be undone exactly by `detokenize`, and
//! must give the same bytes streamed in two chunks as in one shot.
//!
//! Input layout: byte 0 picks the split point (scaled to the text length,
//! then moved back to a char boundary), byte 1 picks the stream's batch size
//! (so small inputs also exercise the incremental path), the rest is the
//! text, decoded lossily (invalid UTF-8 becomes U+FFFD).
//!
//! The round trip is only asserted when no value is spelled two ways in the
//! text (`+91 98765 43210` and `09876543210`): such spellings share a token
//! and, by design, both come back as the first one.

#![no_main]

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use veil::entity::EntityType;
use veil::policy::Policy;
use veil::redact::{Plan, Redactor, Scope, Scratch, StreamRedactor, detokenize};
use veil::rules::RuleSet;

/// Batch sizes for the stream: one byte (rescan on every push), small,
/// medium, and the default.
const BATCHES: [usize; 4] = [1, 16, 256, 4096];

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        Redactor::new(
            Arc::new(RuleSet::embedded().expect("embedded rules load")),
            Policy::default(),
        )
    })
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(redactor().scratch());
}

fn has_respelled_value(r: &Redactor, scratch: &mut Scratch, text: &str) -> bool {
    let entities = r.scan(scratch, text);
    let plan = Plan::new(text, &entities, r.policy()).expect("the default policy never blocks");
    let mut spellings: HashMap<(EntityType, String), &str> = HashMap::new();
    plan.values().iter().any(|v| {
        let seen = spellings.entry((v.ty, v.key())).or_insert(v.original);
        *seen != v.original
    })
}

fuzz_target!(|data: &[u8]| {
    let [split, batch, bytes @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let text: &str = &text;
    let mut at = text.len() * usize::from(*split) / 255;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let batch = BATCHES[usize::from(*batch) % BATCHES.len()];
    let r = redactor();

    SCRATCH.with_borrow_mut(|scratch| {
        let mut scope = Scope::new();
        let whole = r
            .redact(scratch, text, &mut scope)
            .expect("the default policy never blocks");

        if !has_respelled_value(r, scratch, text) {
            assert_eq!(detokenize(&whole, &scope), text, "round trip");
        }

        let mut scope = Scope::new();
        let mut stream = StreamRedactor::with_batch(batch);
        let mut out = String::new();
        for chunk in [&text[..at], &text[at..]] {
            stream
                .push(r, scratch, &mut scope, chunk, &mut out)
                .expect("no block");
        }
        stream
            .finish(r, scratch, &mut scope, &mut out)
            .expect("no block");
        assert_eq!(out, whole, "split at {at}, batch {batch}");
    });
});
