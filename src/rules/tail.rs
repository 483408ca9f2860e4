//! A captured value that is the tail of its match, found without the
//! capture engine.
//!
//! Rules like `order_id.after_cue` match a cue and then the value
//! (`order #(?P<value>OD123)`): the value ends where the match ends, and
//! only its start is unknown. The capture engine (a backtracker over the
//! rule's whole pattern) costs a few thousand instructions per match; a
//! DFA of the part before the value, run over the first bytes of the
//! match until it dies, usually pins the start down for a few hundred.
//!
//! The pattern is `P (?P<value> V) L` with `L` look-around only. Let `BV`
//! be the bytes `V` can hold and `F` those it can start with. Whatever
//! split the capture engine picks, the value starts at a `k` where `P`
//! matches from the match's start up to `k` (its look-arounds satisfied
//! by the bytes around), the byte at `k` is in `F`, and every byte from
//! `k` on is in `BV`. When only one `k` in the match is such, it is the
//! start; when several are, the capture engine decides between them by
//! priority (see [`TailCapture::value_start`]). The byte sets are
//! over-approximated, which can only add candidates, never drop the one.

use std::ops::Range;

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::nfa::thompson;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};
use regex_syntax::hir::{Hir, HirKind};

use super::digits::{ByteSet, all_bytes, first_bytes};

/// How to find the start of a rule's captured value in its match, when
/// the value is the match's tail (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct TailCapture {
    /// Anchored DFA of the pattern before the value, reporting every
    /// match, not only the preferred one.
    prefix: dense::DFA<Vec<u32>>,
    /// Every byte the value can hold (`BV`).
    value: ByteSet,
    /// Every byte the value can start with (`F`).
    first: ByteSet,
}

impl TailCapture {
    /// The start of the value in the match `full` of `bytes`: the one
    /// place where the prefix can end and a value start. `None` when
    /// there are several: the capture engine must choose.
    pub(crate) fn value_start(&self, bytes: &[u8], full: &Range<usize>) -> Option<usize> {
        // The value is all `BV` bytes: it starts after the match's last
        // other byte.
        let from = bytes[full.clone()]
            .iter()
            .rposition(|&b| !self.value.contains(b))
            .map_or(full.start, |i| full.start + i + 1);
        let dfa = &self.prefix;
        let config = start::Config::new()
            .anchored(Anchored::Yes)
            .look_behind(full.start.checked_sub(1).map(|i| bytes[i]));
        let mut sid = dfa.start_state(&config).ok()?;
        let mut found = None;
        for k in full.clone() {
            let b = bytes[k];
            sid = dfa.next_state(sid, b);
            if !dfa.is_special_state(sid) {
                continue;
            }
            if dfa.is_dead_state(sid) {
                break;
            }
            if dfa.is_quit_state(sid) {
                return None;
            }
            // Matches show one byte late: the prefix matched up to `k`,
            // and `b` is the byte after it.
            if k >= from && self.first.contains(b) && dfa.is_match_state(sid) {
                if found.is_some() {
                    return None;
                }
                found = Some(k);
            }
        }
        found
    }
}

/// The [`TailCapture`] of `hir` for its capture group `name`, if the value
/// is the tail of every match (the group is the pattern's last item but
/// look-arounds) and cannot be empty; `None` when the capture engine must
/// always find the value.
pub(crate) fn tail_capture(hir: &Hir, name: &str) -> Option<TailCapture> {
    let HirKind::Concat(subs) = hir.kind() else {
        return None;
    };
    let last = subs
        .iter()
        .rposition(|h| !matches!(h.kind(), HirKind::Look(_)))?;
    let HirKind::Capture(cap) = subs[last].kind() else {
        return None;
    };
    if cap.name.as_deref() != Some(name) || cap.sub.properties().minimum_len().unwrap_or(0) == 0 {
        return None;
    }
    let prefix = Hir::concat(subs[..last].to_vec());
    let nfa = thompson::Compiler::new()
        .configure(thompson::Config::new().nfa_size_limit(Some(8 << 20)))
        .build_from_hir(&prefix)
        .ok()?;
    let prefix = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(8 << 20)),
        )
        .build_from_nfa(&nfa)
        .ok()?;
    Some(TailCapture {
        prefix,
        value: all_bytes(&cap.sub),
        first: first_bytes(&cap.sub),
    })
}

#[cfg(test)]
mod tests {
    use regex_automata::meta::Regex;
    use regex_automata::util::syntax;

    use super::*;

    fn config() -> syntax::Config {
        syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .ignore_whitespace(true)
    }

    fn tail_of(pattern: &str) -> Option<TailCapture> {
        tail_capture(
            &syntax::parse_with(pattern, &config()).expect("parses"),
            "v",
        )
    }

    /// The value the capture engine finds in each match of `pattern` in
    /// `text`, and the one [`TailCapture`] finds.
    fn both_ways(pattern: &str, tail: &TailCapture, text: &str) -> Vec<(usize, usize)> {
        let re = Regex::builder()
            .syntax(config())
            .build(pattern)
            .expect("builds");
        let mut caps = re.create_captures();
        let mut starts = Vec::new();
        for m in re.find_iter(text) {
            re.captures(
                regex_automata::Input::new(text)
                    .range(m.range())
                    .anchored(Anchored::Yes),
                &mut caps,
            );
            let want = caps.get_group_by_name("v").expect("participates").range();
            assert_eq!(want.end, m.end(), "{pattern}: {text:?}");
            if let Some(got) = tail.value_start(text.as_bytes(), &m.range()) {
                assert_eq!(got, want.start, "{pattern}: {text:?}");
            }
            starts.push((m.start(), want.start));
        }
        starts
    }

    #[test]
    fn a_value_after_a_cue_is_found_from_the_bytes() {
        let id = r"(?i: order | orders | ref ) \b (?: \s{1,2} (?i: no\.? | id ) \b )?
                   \s{0,2} [:\#\-.]? \s{0,2} \#? \s{0,1}
                   (?P<v> [A-Za-z0-9] [A-Za-z0-9\-/]{3,30} [A-Za-z0-9] ) \b";
        let tail = tail_of(id).expect("the value is the tail");
        let texts = [
            "order #OD12345 and ref: AB-12/34 then orders -X9-9-9Z, ref no. 12345",
            "order-12345 ref  no  -  #A1234 order --12345 order no.ABCDE ref id:a-b-c",
            "ORDER ID #9/9/9/9 ref: -1-2-3-4-",
        ];
        let found: usize = texts.iter().map(|t| both_ways(id, &tail, t).len()).sum();
        assert!(found >= 8, "{found}");
        assert_eq!(tail.value_start(b"ref-AB12", &(0..8)), Some(4));
        assert_eq!(tail.value_start(b"ref -AB12", &(0..9)), Some(5));
        // `no-AB12` is a value too: which one is a matter of priority.
        assert_eq!(tail.value_start(b"ref no-AB12", &(0..11)), None);
        let digits = r"(?i: account | a/c ) \b \s{0,2} [:\-\#]? \s{0,2}
                       (?P<v> [0-9]{2,18} (?: [\ \-] [0-9]{2,8} ){0,4} ) \b";
        let tail = tail_of(digits).expect("the value is the tail");
        assert_eq!(
            both_ways(digits, &tail, "a/c - 12 345-678 and account: 99"),
            [(0, 6), (21, 30)]
        );
    }

    /// Every match of `rule`'s own pattern in `text`: the value the
    /// capture engine finds, and the one its [`TailCapture`] finds.
    fn embedded_both_ways(rule: &crate::rules::CompiledRule, text: &str) -> usize {
        let (re, group) = (
            rule.capture_regex.as_ref().expect("a capture"),
            rule.capture,
        );
        let tail = rule.capture_tail.as_ref().expect("the value is the tail");
        let mut caps = re.create_captures();
        let mut n = 0;
        for m in re.find_iter(text) {
            let input = regex_automata::Input::new(text)
                .range(m.range())
                .anchored(Anchored::Yes);
            re.search_captures(&input, &mut caps);
            let want = caps.get_group(group.expect("a group")).map(|s| s.range());
            if let Some(k) = tail.value_start(text.as_bytes(), &m.range()) {
                assert_eq!(Some(k..m.end()), want, "{}: {text:?}", rule.id);
                n += 1;
            }
        }
        n
    }

    /// Texts where cue words, separators and value bytes run into each
    /// other.
    const TRICKY: [&str; 4] = [
        "order -AB-12 order no. #A1/2/3 ref: -1-2-3-4- orders-12345 ticket  is  #  X1234",
        "account no 12 345-678, a/c. - 1234-5678 acct 99 99 99 khata संख्या 123456789",
        "खाता संख्या 12 34 56 78 beneficiary account number is 1234 5678 9012 bank account to -5 5",
        "order order 12345 ref ref no no 1234 reference-reference 9999 policy #-#-12ab",
    ];

    #[test]
    fn embedded_capture_values_match_the_capture_engine() {
        let rules = crate::rules::RuleSet::embedded().expect("rules");
        let captured: Vec<_> = rules
            .rules()
            .iter()
            .filter(|r| r.capture.is_some())
            .collect();
        assert!(captured.len() >= 2);
        let mut n = 0;
        for rule in &captured {
            for text in rules.examples.iter().map(|e| e.text.as_str()).chain(TRICKY) {
                n += embedded_both_ways(rule, text);
            }
        }
        assert!(n > 30, "only {n} matches");
    }

    proptest::proptest! {
        #[test]
        fn embedded_capture_values_match_on_cue_soup(
            parts in proptest::collection::vec(
                proptest::string::string_regex(
                    "[0-9A-Za-z]{1,8}|[ \\-./:#]{1,2}|order|ref|no\\.|id|is|account|a/c|acct|\\n|खाता"
                ).expect("regex"),
                0..30,
            )
        ) {
            static RULES: std::sync::LazyLock<crate::rules::RuleSet> =
                std::sync::LazyLock::new(|| crate::rules::RuleSet::embedded().expect("rules"));
            let text: String = parts.concat();
            for rule in RULES.rules().iter().filter(|r| r.capture.is_some()) {
                embedded_both_ways(rule, &text);
            }
        }
    }

    #[test]
    fn an_ambiguous_split_is_left_to_the_capture_engine() {
        // `ab1` then `23`, or `ab` then `123`: the prefix can end in digits.
        let pattern = r"ab [0-9]? (?P<v> [0-9]{2,3} )";
        let tail = tail_of(pattern).expect("the value is the tail");
        assert_eq!(tail.value_start(b"ab123", &(0..5)), None);
        assert_eq!(tail.value_start(b"ab12", &(0..4)), None);
        assert_eq!(tail.value_start(b"abx", &(0..3)), None);
        // The value is not the tail, or can be empty.
        assert!(tail_of(r"x (?P<v> [0-9]{2} ) y").is_none());
        assert!(tail_of(r"x (?P<v> [0-9]{0,2} )").is_none());
        assert!(tail_of(r"x (?P<v> [0-9]{2} ) \b").is_some());
    }
}
