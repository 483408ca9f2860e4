//! Properties of the JSON rewriter a proxy relies on, checked on generated
//! documents (compact, pretty, and with gratuitous escapes such as `\u0041`
//! and `\/`) and on malformed variants of them:
//! - a visitor that rewrites nothing gives the input back byte for byte;
//! - rewriting gives the document serde_json reads, with exactly the
//!   string values the visitor chose changed;
//! - the output does not depend on how the input is cut;
//! - the paths reported are the values' real paths;
//! - input is accepted exactly when serde_json accepts it.

use std::convert::Infallible;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use veil::json::{JsonError, JsonRewriter, Limits, Path, PathSegment, RewriteError, StringVisitor};

// === Visitors ===

/// Rewrites nothing.
struct Verbatim;

impl StringVisitor for Verbatim {
    type Error = Infallible;
    fn begin(&mut self, _: &Path<'_>) -> bool {
        false
    }
    fn chunk(&mut self, _: &str, _: &mut String) -> Result<(), Infallible> {
        unreachable!("chunk without begin")
    }
    fn end(&mut self, _: &mut String) -> Result<(), Infallible> {
        unreachable!("end without begin")
    }
}

/// Which strings [`Upper`] rewrites.
#[derive(Clone, Copy, Debug)]
enum Select {
    All,
    /// Strings at an even depth: a mix of rewritten and copied values in
    /// one document.
    EvenDepth,
}

impl Select {
    fn picks(self, depth: usize) -> bool {
        match self {
            Select::All => true,
            Select::EvenDepth => depth.is_multiple_of(2),
        }
    }
}

/// Upper-cases the chosen strings (or copies them decoded, `upper` off),
/// holding back the last character of each piece until the next one to
/// act like a streaming visitor that needs right context; records paths.
struct Upper {
    select: Select,
    upper: bool,
    held: String,
    paths: Vec<Vec<Seg>>,
}

impl Upper {
    fn new(select: Select, upper: bool) -> Self {
        Upper {
            select,
            upper,
            held: String::new(),
            paths: Vec::new(),
        }
    }

    fn write(&self, text: &str, out: &mut String) {
        if self.upper {
            out.push_str(&text.to_uppercase());
        } else {
            out.push_str(text);
        }
    }
}

impl StringVisitor for Upper {
    type Error = Infallible;
    fn begin(&mut self, path: &Path<'_>) -> bool {
        self.paths.push(path.segments().map(Seg::from).collect());
        assert!(self.held.is_empty());
        self.select.picks(path.len())
    }
    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Infallible> {
        assert!(!decoded.is_empty());
        let mut text = std::mem::take(&mut self.held);
        text.push_str(decoded);
        let last = text.char_indices().last().map_or(0, |(i, _)| i);
        self.write(&text[..last], out);
        self.held = text[last..].to_owned();
        Ok(())
    }
    fn end(&mut self, out: &mut String) -> Result<(), Infallible> {
        let held = std::mem::take(&mut self.held);
        self.write(&held, out);
        Ok(())
    }
}

/// An owned path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

impl From<PathSegment<'_>> for Seg {
    fn from(segment: PathSegment<'_>) -> Seg {
        match segment {
            PathSegment::Key(key) => Seg::Key(key.to_owned()),
            PathSegment::Index(index) => Seg::Index(index),
        }
    }
}

// === Helpers ===

fn json_err(e: RewriteError<Infallible>) -> JsonError {
    match e {
        RewriteError::Json(e) => e,
    }
}

/// Rewrites `input` cut at `cuts` (sorted, within the input).
fn run<V: StringVisitor<Error = Infallible>>(
    input: &[u8],
    cuts: &[usize],
    visitor: &mut V,
) -> Result<Vec<u8>, JsonError> {
    let mut rewriter = JsonRewriter::new(Limits::default());
    let mut out = Vec::new();
    let mut from = 0;
    for &to in cuts.iter().chain([&input.len()]) {
        rewriter
            .push(&input[from..to], &mut out, visitor)
            .map_err(json_err)?;
        from = to;
    }
    rewriter.finish()?;
    Ok(out)
}

fn one_byte_cuts(input: &[u8]) -> Vec<usize> {
    (1..input.len()).collect()
}

fn cut_points(input: &[u8], picks: &[Index]) -> Vec<usize> {
    let mut cuts: Vec<usize> = picks.iter().map(|p| p.index(input.len() + 1)).collect();
    cuts.sort_unstable();
    cuts
}

/// `value` with the strings at depths `select` picks upper-cased.
fn upper_values(value: &Value, select: Select, depth: usize) -> Value {
    match value {
        Value::String(s) if select.picks(depth) => Value::String(s.to_uppercase()),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| upper_values(v, select, depth + 1))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), upper_values(v, select, depth + 1)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The paths of the string values in `value`, in document order.
fn string_paths(value: &Value, path: &mut Vec<Seg>, found: &mut Vec<Vec<Seg>>) {
    match value {
        Value::String(_) => found.push(path.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                string_paths(item, path, found);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(Seg::Key(key.clone()));
                string_paths(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Re-spells string contents (keys included) with escapes JSON allows but
/// serializers do not write: `\u0041`, `\u00E9`, surrogate pairs, `\/`,
/// `\u000a` for `\n`. `picks` decides, character by character.
fn escape_randomly(json: &str, picks: &[u8]) -> String {
    fn unicode(c: char, upper: bool, out: &mut String) {
        for unit in c.encode_utf16(&mut [0; 2]) {
            if upper {
                out.push_str(&format!("\\u{unit:04X}"));
            } else {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    let mut out = String::with_capacity(json.len() * 2);
    let mut in_string = false;
    let mut chars = json.chars();
    let mut k = 0;
    let mut pick = || {
        k += 1;
        picks.get(k % picks.len().max(1)).copied().unwrap_or(0)
    };
    while let Some(c) = chars.next() {
        if !in_string {
            in_string = c == '"';
            out.push(c);
            continue;
        }
        match c {
            '"' => {
                in_string = false;
                out.push(c);
            }
            '\\' => {
                let Some(e) = chars.next() else { break };
                let decoded = match e {
                    'n' => Some('\n'),
                    't' => Some('\t'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    _ => None,
                };
                match decoded {
                    Some(d) if pick() % 2 == 0 => unicode(d, false, &mut out),
                    _ => {
                        out.push('\\');
                        out.push(e);
                        if e == 'u' {
                            out.extend(chars.by_ref().take(4));
                        }
                    }
                }
            }
            _ => match pick() % 6 {
                0 => unicode(c, false, &mut out),
                1 => unicode(c, true, &mut out),
                2 if c == '/' => out.push_str("\\/"),
                _ => out.push(c),
            },
        }
    }
    out
}

/// The rewriter's verdict on `input` must be serde_json's, and whatever it
/// accepts it must copy exactly and rewrite faithfully, however cut.
fn agrees_with_serde(input: &[u8], cuts: &[usize]) {
    let copied = run(input, cuts, &mut Verbatim);
    assert_eq!(run(input, &[], &mut Verbatim), copied, "cutting changed it");
    let mut identity = Upper::new(Select::All, false);
    let rewritten = run(input, cuts, &mut identity);
    match (&copied, &rewritten) {
        (Ok(_), Ok(_)) => {}
        (Err(a), Err(b)) => assert_eq!(a, b, "the visitor changed the error"),
        _ => panic!("accepted with one visitor only: {copied:?} {rewritten:?}"),
    }
    let serde = serde_json::from_slice::<Value>(input);
    match (copied, rewritten, serde) {
        (Ok(copied), Ok(rewritten), Ok(value)) => {
            assert_eq!(copied, input);
            let parsed: Value = serde_json::from_slice(&rewritten).expect("output is JSON");
            assert_eq!(parsed, value);
        }
        (Err(_), _, Err(_)) => {}
        // serde_json reads numbers into f64 and refuses overflow, which
        // JSON itself allows.
        (Ok(out), _, Err(e)) if e.to_string().contains("number out of range") => {
            assert_eq!(out, input)
        }
        (ours, _, serde) => panic!(
            "disagree on {:?}: rewriter {ours:?}, serde_json {serde:?}",
            String::from_utf8_lossy(input)
        ),
    }
}

// === Strategies ===

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,10}",
        any::<String>(),
        "[\\x00-\\x1f\"\\\\/ aé₹😀\u{7f}\u{2028}]{0,24}",
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        arb_string().prop_map(Value::String),
        arb_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 80, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((arb_string(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A document in one of four spellings, with the value it denotes.
fn arb_doc() -> impl Strategy<Value = (Value, Vec<u8>)> {
    (
        arb_value(),
        0..4u8,
        prop::collection::vec(any::<u8>(), 1..64),
    )
        .prop_map(|(value, form, picks)| {
            let text = if form % 2 == 0 {
                serde_json::to_string(&value)
            } else {
                serde_json::to_string_pretty(&value)
            }
            .expect("serializes");
            let text = if form >= 2 {
                escape_randomly(&text, &picks)
            } else {
                text
            };
            (value, text.into_bytes())
        })
}

fn arb_cuts() -> impl Strategy<Value = Vec<Index>> {
    prop::collection::vec(any::<Index>(), 0..8)
}

/// Edits biased towards bytes that matter to JSON.
#[derive(Clone, Debug)]
enum Edit {
    Set(Index, u8),
    Insert(Index, u8),
    Remove(Index),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(
            b"{}[]:,\"\\/u0123456789abcdefABCDEF.eE+-tfn \n\x00\x1f\x7f\x80\xbf\xc3\xed\xf0\xff"
                .to_vec()
        ),
    ];
    prop_oneof![
        (any::<Index>(), byte.clone()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<Index>(), byte).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<Index>().prop_map(Edit::Remove),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        match *edit {
            Edit::Set(at, b) if !bytes.is_empty() => {
                let at = at.index(bytes.len());
                bytes[at] = b;
            }
            Edit::Insert(at, b) => bytes.insert(at.index(bytes.len() + 1), b),
            Edit::Remove(at) if !bytes.is_empty() => {
                bytes.remove(at.index(bytes.len()));
            }
            _ => {}
        }
    }
    bytes
}

// === Properties ===

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// (1) Nothing rewritten: the output is the input, for every cut.
    #[test]
    fn copying_is_byte_exact((_, doc) in arb_doc(), cuts in arb_cuts()) {
        prop_assert_eq!(run(&doc, &cut_points(&doc, &cuts), &mut Verbatim), Ok(doc.clone()));
        prop_assert_eq!(run(&doc, &one_byte_cuts(&doc), &mut Verbatim), Ok(doc.clone()));
    }

    /// (2) Rewriting with the identity gives back the same document.
    #[test]
    fn identity_rewrite_keeps_the_value((_, doc) in arb_doc(), cuts in arb_cuts()) {
        let want: Value = serde_json::from_slice(&doc).expect("valid");
        let mut identity = Upper::new(Select::All, false);
        let out = run(&doc, &cut_points(&doc, &cuts), &mut identity).expect("accepted");
        let got: Value = serde_json::from_slice(&out).expect("output is JSON");
        prop_assert_eq!(got, want);
    }

    /// (3) Upper-casing changes exactly the chosen string values, never keys;
    /// (4) however the input is cut.
    #[test]
    fn upper_casing_changes_only_chosen_values(
        (_, doc) in arb_doc(),
        cuts in arb_cuts(),
        even in any::<bool>(),
    ) {
        let select = if even { Select::EvenDepth } else { Select::All };
        let parsed: Value = serde_json::from_slice(&doc).expect("valid");
        let whole = run(&doc, &[], &mut Upper::new(select, true)).expect("accepted");
        let got: Value = serde_json::from_slice(&whole).expect("output is JSON");
        prop_assert_eq!(got, upper_values(&parsed, select, 0));
        let cut = run(&doc, &cut_points(&doc, &cuts), &mut Upper::new(select, true));
        prop_assert_eq!(cut.as_ref(), Ok(&whole));
        let bytes = run(&doc, &one_byte_cuts(&doc), &mut Upper::new(select, true));
        prop_assert_eq!(bytes.as_ref(), Ok(&whole));
    }

    /// (5) The paths reported are where the string values are.
    #[test]
    fn paths_are_the_real_paths((_, doc) in arb_doc(), cuts in arb_cuts()) {
        let parsed: Value = serde_json::from_slice(&doc).expect("valid");
        let mut want = Vec::new();
        string_paths(&parsed, &mut Vec::new(), &mut want);
        let mut visitor = Upper::new(Select::EvenDepth, false);
        run(&doc, &cut_points(&doc, &cuts), &mut visitor).expect("accepted");
        prop_assert_eq!(visitor.paths, want);
    }

    /// (6) Truncated documents: accepted only where serde_json accepts.
    #[test]
    fn truncations_are_refused((_, doc) in arb_doc(), at in any::<Index>(), cuts in arb_cuts()) {
        let prefix = &doc[..at.index(doc.len())];
        agrees_with_serde(prefix, &cut_points(prefix, &cuts));
    }

    /// (6) Mutated documents: same verdict as serde_json, no panic, and
    /// valid JSON out whenever accepted.
    #[test]
    fn mutations_agree_with_serde(
        (_, doc) in arb_doc(),
        edits in prop::collection::vec(arb_edit(), 1..4),
        cuts in arb_cuts(),
    ) {
        let input = apply(doc, &edits);
        agrees_with_serde(&input, &cut_points(&input, &cuts));
    }

    /// (6) Arbitrary bytes: no panic, and the same verdict as serde_json.
    #[test]
    fn arbitrary_bytes_agree_with_serde(
        input in prop::collection::vec(any::<u8>(), 0..64),
        cuts in arb_cuts(),
    ) {
        agrees_with_serde(&input, &cut_points(&input, &cuts));
    }
}

// === Examples ===

#[test]
fn serde_agrees_on_hand_picked_edge_cases() {
    for input in [
        &br#"{"a":"\ud83d\ude00","b":"\u00e9","c":"\/"}"#[..],
        br#""\ud83d""#,
        br#""\ude00""#,
        br#""\ud83d\u0041""#,
        b"\"\xed\xa0\x80\"",
        b"\"\xf4\x90\x80\x80\"",
        b"\"\xc3\"",
        b"[1e400]",
        b"-0.0e-0",
        b"[-]",
        b" \t\r\n[] \t\r\n",
        b"\x0b[]",
        b"[\"\x7f\"]",
        b"{\"a\":1,\"a\":2}",
    ] {
        for cut in 0..=input.len() {
            agrees_with_serde(input, &[cut]);
        }
    }
}

#[test]
fn anthropic_thinking_block_stays_byte_exact() {
    // A signed block: the visitor declines `thinking` and `signature`, so
    // their odd-but-valid escapes must survive while `text` is rewritten.
    let body = br#"{"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"caf\u00e9 \/ \u0041","signature":"EqQB\/x+=="},{"type":"text","text":"caf\u00e9"}]}]}"#;
    struct Text;
    impl StringVisitor for Text {
        type Error = Infallible;
        fn begin(&mut self, path: &Path<'_>) -> bool {
            path.matches("messages[*].content[*].text")
        }
        fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Infallible> {
            out.push_str(&decoded.to_uppercase());
            Ok(())
        }
        fn end(&mut self, _: &mut String) -> Result<(), Infallible> {
            Ok(())
        }
    }
    let want = r#"{"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"caf\u00e9 \/ \u0041","signature":"EqQB\/x+=="},{"type":"text","text":"CAFÉ"}]}]}"#.as_bytes();
    for cut in 0..=body.len() {
        assert_eq!(run(body, &[cut], &mut Text).as_deref(), Ok(want));
    }
}

#[test]
fn invalid_utf8_in_structure_and_strings() {
    for (input, want) in [
        (&b"[\xff]"[..], "json_syntax"),
        (b"{\"a\":1}\xff", "json_trailing_data"),
        (b"{\"a\xff\":1}", "json_utf8"),
        (b"[\"\xe2\x82\xac\xe2\x82\"]", "json_utf8"),
        (b"[\"\xf8\x88\x80\x80\x80\"]", "json_utf8"),
    ] {
        for cut in 0..=input.len() {
            let e = run(input, &[cut], &mut Verbatim).expect_err("refused");
            assert_eq!(e.kind(), want, "{e}");
        }
    }
}
