//! Properties of the engine a user relies on:
//! - redact → detokenize gives the input back (whenever no value is spelled
//!   two ways in one scope: spellings of one value share a token and come
//!   back as the first spelling, which a unit test pins down);
//! - streaming redaction gives exactly the one-shot output for any chunking;
//! - the stream holds a bounded amount of text;
//! - a `Scratch` that served other texts gives what a fresh one gives.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use veil::policy::{Action, Policy};
use veil::redact::{
    Detokenizer, Escape, Plan, RedactError, Redactor, Scope, StreamRedactor, detokenize,
};
use veil::rules::RuleSet;

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        Redactor::new(
            Arc::new(RuleSet::embedded().expect("rules")),
            Policy::default(),
        )
    })
}

/// The default policy, but IP addresses block the request.
fn blocking_redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        let mut policy = Policy::default();
        policy.set(veil::entity::EntityType::Ip, Action::Block);
        Redactor::new(Arc::new(RuleSet::embedded().expect("rules")), policy)
    })
}

/// Realistic PII values plus token-shaped text and near-misses.
const PIECES: &[&str] = &[
    "Priya Sharma",
    "+91 98765 43210",
    "call me on 98450 12345",
    "ravi.kumar@gmail.com",
    "ravi@okaxis",
    "ABCPK1234F",
    "HDFC0001234",
    "4111 1111 1111 1111",
    "2345 6789 0124",
    "536-22-1234",
    "₹1,25,000",
    "Rs. 499",
    "order #OD432198765432",
    "a/c no 50100234567890",
    "203.0.113.45",
    "2001:db8::1",
    "Flat 302, Sai Residency,\n14th Cross, Indiranagar,\nBengaluru, Karnataka 560038",
    "{{phone:1}}",
    "{{ Name:2 }}",
    "{{email:99}}",
    "{{phone:",
    "}}",
    "{{",
    "Mr. Sharma",
    "Thanks,\nWill",
    "मेरा नंबर",
    "₹",
    " ",
    "\n",
    ", ",
    "the",
    "and",
    "12",
    "May",
    "OTP 482913",
    // Context after the value (bank account), lower-case one-line address,
    // middle initial, full US state name.
    "2170832096902934",
    "at SBI, IFSC SBIN0040026",
    "खाता 33827268655",
    "SSN on the application: 688704818",
    "flat 1402 orchid petals cross cut road peelamedu coimbatore 641004",
    "Dylan B. Kelly",
    "4628 Spring Blvd, Portland, Oregon 97205",
];

fn text_strategy(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max_pieces).prop_map(|v| v.join(" "))
}

fn one_shot(text: &str) -> (String, Scope) {
    let r = redactor();
    let mut scope = Scope::new();
    let out = r
        .redact(&mut r.scratch(), text, &mut scope)
        .expect("default policy never blocks");
    (out, scope)
}

/// Whether some value appears in two spellings (then tokens, by design,
/// restore the first spelling).
fn has_respelled_value(text: &str) -> bool {
    let r = redactor();
    let entities = r.scan(&mut r.scratch(), text);
    let plan = Plan::new(text, &entities, r.policy()).expect("no block");
    let mut spellings: HashMap<(veil::entity::EntityType, String), &str> = HashMap::new();
    plan.values().iter().any(|v| {
        let seen = spellings.entry((v.ty, v.key())).or_insert(v.original);
        *seen != v.original
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn detokenize_inverts_redact(text in text_strategy(24)) {
        prop_assume!(!has_respelled_value(&text));
        let (redacted, scope) = one_shot(&text);
        prop_assert_eq!(detokenize(&redacted, &scope), text);
    }

    #[test]
    fn streaming_redaction_equals_one_shot(
        text in text_strategy(160),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..24),
        batch in prop::sample::select(&[1usize, 7, 64, 4096][..]),
    ) {
        let (expected, _) = one_shot(&text);
        let r = redactor();
        let mut scratch = r.scratch();
        let mut scope = Scope::new();
        let mut stream = StreamRedactor::with_batch(batch);
        let mut out = String::new();
        let mut points: Vec<usize> = cuts.iter().map(|i| i.index(text.len() + 1)).filter(|&p| text.is_char_boundary(p)).collect();
        points.sort_unstable();
        let mut at = 0;
        for p in points.into_iter().chain([text.len()]) {
            stream.push(r, &mut scratch, &mut scope, &text[at..p], &mut out).expect("no block");
            at = p;
        }
        stream.finish(r, &mut scratch, &mut scope, &mut out).expect("no block");
        prop_assert_eq!(out, expected);
    }

    /// A `Scratch` keeps vectors from call to call: nothing of one text
    /// (entities, names, literals, a blocked plan, a stream's scan between
    /// its pushes) may show in the next.
    #[test]
    fn a_reused_scratch_gives_what_a_fresh_one_gives(
        texts in prop::collection::vec(text_strategy(48), 1..6),
    ) {
        let (r, blocking) = (redactor(), blocking_redactor());
        let mut reused = r.scratch();
        let mut stream = StreamRedactor::with_batch(64);
        let (mut streamed, mut stream_scope) = (String::new(), Scope::new());
        for text in &texts {
            prop_assert_eq!(r.scan(&mut reused, text), r.scan(&mut r.scratch(), text));
            let fresh = blocking.redact(&mut r.scratch(), text, &mut Scope::new());
            prop_assert_eq!(blocking.redact(&mut reused, text, &mut Scope::new()), fresh);
            let (fresh, _) = one_shot(text);
            prop_assert_eq!(r.redact(&mut reused, text, &mut Scope::new()), Ok(fresh));
            stream.push(r, &mut reused, &mut stream_scope, text, &mut streamed).expect("no block");
        }
        stream.finish(r, &mut reused, &mut stream_scope, &mut streamed).expect("no block");
        prop_assert_eq!(streamed, one_shot(&texts.concat()).0);
    }

    #[test]
    fn streamed_tokens_restore_through_the_streaming_detokenizer(
        text in text_strategy(48),
        chunk in 1usize..40,
    ) {
        prop_assume!(!has_respelled_value(&text));
        let (redacted, scope) = one_shot(&text);
        let mut d = Detokenizer::new(Escape::None);
        let mut out = Vec::new();
        for piece in redacted.as_bytes().chunks(chunk) {
            d.push(piece, &scope, &mut out);
        }
        d.finish(&scope, &mut out);
        prop_assert_eq!(String::from_utf8(out).expect("utf8"), text);
    }
}

#[test]
fn respelled_values_share_one_token_and_restore_the_first_spelling() {
    let text = "call +91 98765 43210 or 09876543210";
    let (redacted, scope) = one_shot(text);
    assert_eq!(redacted, "call {{phone:1}} or {{phone:1}}");
    assert_eq!(
        detokenize(&redacted, &scope),
        "call +91 98765 43210 or +91 98765 43210"
    );
}

#[test]
fn token_shaped_input_is_tokenized_so_it_survives_the_round_trip() {
    let text = "the template says {{phone:1}} but my number is 98765 43210";
    let (redacted, scope) = one_shot(text);
    assert!(!redacted.contains("98765"));
    assert_eq!(redacted.matches("{{phone:").count(), 2);
    assert_eq!(detokenize(&redacted, &scope), text);
}

#[test]
fn policy_actions_mask_drop_allow_and_block() {
    let rules = Arc::new(RuleSet::embedded().expect("rules"));
    let text = "card 4111 1111 1111 1111, ip 203.0.113.45, mail a.b@gmail.com";
    let mut policy = Policy::default();
    policy.set(veil::entity::EntityType::Card, Action::Mask);
    policy.set(veil::entity::EntityType::Ip, Action::Allow);
    policy.set(veil::entity::EntityType::Email, Action::Drop);
    let r = Redactor::new(rules.clone(), policy.clone());
    let out = r
        .redact(&mut r.scratch(), text, &mut Scope::new())
        .expect("no block");
    assert_eq!(out, "card **** **** **** 1111, ip 203.0.113.45, mail ");

    policy.set(veil::entity::EntityType::Ip, Action::Block);
    let r = Redactor::new(rules, policy);
    let err = r
        .redact(&mut r.scratch(), text, &mut Scope::new())
        .unwrap_err();
    assert_eq!(err, RedactError::Blocked(veil::entity::EntityType::Ip));
    assert!(
        !err.to_string().contains("203.0"),
        "errors never carry the value"
    );
}

#[test]
fn stream_memory_stays_bounded_on_a_long_input() {
    let r = redactor();
    let mut scratch = r.scratch();
    let mut scope = Scope::new();
    let mut stream = StreamRedactor::new();
    let mut out = String::new();
    let line = "Hi Priya Sharma, call +91 98765 43210 about order #OD432198765432. ";
    let (mut total_in, mut total_out) = (0, 0);
    for _ in 0..5_000 {
        stream
            .push(r, &mut scratch, &mut scope, line, &mut out)
            .expect("no block");
        total_in += line.len();
        total_out += out.len();
        out.clear();
        // Output is shorter than input (tokens replace values), so released
        // input is at least what was written; the rest is held.
        let released_at_least = total_out.min(total_in);
        assert!(
            total_in - released_at_least < 64 * 1024,
            "more than 64 KiB held back"
        );
    }
    stream
        .finish(r, &mut scratch, &mut scope, &mut out)
        .expect("no block");
    assert_eq!(
        scope.len(),
        3,
        "one token per distinct value across the stream"
    );
}
