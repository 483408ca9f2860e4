//! Properties of the provider adapters a user relies on:
//! - a streamed reply, however the model's text is cut into deltas and
//!   however the bytes are cut into chunks, reaches the client as the
//!   detokenized text (JSON-escaped originals inside tool arguments);
//! - redact → finalize → detokenize with the vault's tokens gives every
//!   request string back;
//! - no input makes the response side panic.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use veil::adapter::{Api, BodyKind, ResponseDetokenizer, redact_request};
use veil::entity::EntityType;
use veil::json::Limits;
use veil::policy::Policy;
use veil::redact::{Redactor, TokenLookup, detokenize};
use veil::rules::RuleSet;
use veil::sse::SseParser;
use veil::token::Token;

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        Redactor::new(
            Arc::new(RuleSet::embedded().expect("rules")),
            Policy::default(),
        )
    })
}

fn scope() -> HashMap<Token, String> {
    HashMap::from([
        (
            Token {
                ty: EntityType::Name,
                n: 1,
            },
            "Priya Sharma".to_owned(),
        ),
        (
            Token {
                ty: EntityType::Phone,
                n: 1,
            },
            "+91 98765 43210".to_owned(),
        ),
        (
            Token {
                ty: EntityType::Address,
                n: 1,
            },
            "12 \"Lake View\",\nMG Road, Bengaluru 560001".to_owned(),
        ),
    ])
}

/// Model output pieces: known and unknown tokens in LLM spellings, braces,
/// quotes, backslashes, non-ASCII.
const REPLY_PIECES: &[&str] = &[
    "{{name:1}}",
    "{{ Phone:1 }}",
    "{{address:1}}",
    "{{email:9}}",
    "{{",
    "}}",
    "{",
    " ",
    "नमस्ते ",
    "₹500",
    "\"q\"",
    "\\",
    "\n",
    "ok",
];

fn reply() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(REPLY_PIECES), 0..12).prop_map(|v| v.concat())
}

/// Cuts `s` at the given char positions.
fn cut(s: &str, at: &[Index]) -> Vec<String> {
    let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let mut cuts: Vec<usize> = at.iter().map(|i| bounds[i.index(bounds.len())]).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut from = 0;
    for c in cuts.into_iter().chain([s.len()]) {
        pieces.push(s[from..c].to_owned());
        from = c;
    }
    pieces
}

fn run(api: Api, kind: BodyKind, input: &[u8], chunks: &[Index]) -> Vec<u8> {
    let map = scope();
    let lookup: &dyn TokenLookup = &map;
    let mut d = ResponseDetokenizer::new(api, kind, Limits::default());
    let mut out = Vec::new();
    let mut cuts: Vec<usize> = chunks.iter().map(|i| i.index(input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut from = 0;
    for c in cuts.into_iter().chain([input.len()]) {
        d.push(&input[from..c], lookup, &mut out).expect("push");
        from = c;
    }
    d.finish(lookup, &mut out).expect("finish");
    out
}

/// The output, or the error kind, for `input` cut at `chunks`.
fn try_run(
    api: Api,
    kind: BodyKind,
    input: &[u8],
    chunks: &[Index],
) -> Result<Vec<u8>, &'static str> {
    let map = scope();
    let mut d = ResponseDetokenizer::new(api, kind, Limits::default()).with_max_event_len(400);
    let mut out = Vec::new();
    let mut cuts: Vec<usize> = chunks.iter().map(|i| i.index(input.len() + 1)).collect();
    cuts.sort_unstable();
    let mut from = 0;
    for c in cuts.into_iter().chain([input.len()]) {
        d.push(&input[from..c], &map, &mut out)
            .map_err(|e| e.kind())?;
        from = c;
    }
    d.finish(&map, &mut out).map_err(|e| e.kind())?;
    Ok(out)
}

/// Fragments of real event streams, to be glued in any order.
const STREAM_PIECES: &[&str] = &[
    "data: ",
    "event: content_block_delta\n",
    "\n",
    "\r\n",
    "\r",
    ": ping\n",
    "data: [DONE]\n\n",
    r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""#,
    r#"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""#,
    r#"{"type":"content_block_stop","index":0}"#,
    r#"{"type":"response.output_text.delta","output_index":0,"content_index":0,"delta":""#,
    r#"{"type":"response.output_text.done","output_index":0,"content_index":0,"text":""#,
    r#"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":""#,
    r#"{"choices":[{"index":0,"text":""#,
    r#""}}"#,
    r#""}]}"#,
    r#""},"finish_reason":"stop"}]}"#,
    "{{name:1}}",
    "{{ phone",
    ":1 }}",
    "{{",
    "\\\"",
    "नमस्ते",
    "x",
];

fn data_events(bytes: &[u8]) -> Vec<Value> {
    let mut p = SseParser::new(1 << 20);
    let mut events = Vec::new();
    p.push(bytes, &mut events).unwrap();
    assert!(p.finish().unwrap().is_none());
    events
        .iter()
        .filter(|e| e.has_data() && e.data() != "[DONE]")
        .map(|e| serde_json::from_str(&e.data()).expect("event data is JSON"))
        .collect()
}

fn s(x: &str) -> String {
    serde_json::to_string(x).unwrap()
}

/// Detokenizes `text` as the inside of a JSON string: `text` is the model's
/// JSON-escaped fragment, so decode, detokenize, compare decoded values.
fn args_doc(inner: &str) -> String {
    format!("{{\"v\":{}}}", s(inner))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn chat_stream_delivers_the_detokenized_text(
        text in reply(),
        arg in reply(),
        deltas in prop::collection::vec(any::<Index>(), 0..6),
        arg_deltas in prop::collection::vec(any::<Index>(), 0..6),
        chunks in prop::collection::vec(any::<Index>(), 0..8),
    ) {
        let head = r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":["#;
        let mut input = String::new();
        for d in cut(&text, &deltas) {
            input.push_str(&format!("data: {head}{{\"index\":0,\"delta\":{{\"content\":{}}},\"finish_reason\":null}}]}}\n\n", s(&d)));
        }
        let doc = args_doc(&arg);
        for d in cut(&doc, &arg_deltas) {
            input.push_str(&format!("data: {head}{{\"index\":0,\"delta\":{{\"tool_calls\":[{{\"index\":0,\"function\":{{\"arguments\":{}}}}}]}},\"finish_reason\":null}}]}}\n\n", s(&d)));
        }
        input.push_str(&format!("data: {head}{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"stop\"}}]}}\n\ndata: [DONE]\n\n"));
        let out = run(Api::ChatCompletions, BodyKind::Sse, input.as_bytes(), &chunks);
        let mut got = String::new();
        let mut got_args = String::new();
        let mut finished = false;
        for v in data_events(&out) {
            if let Some(t) = v["choices"][0]["delta"]["content"].as_str() {
                prop_assert!(!finished, "text after finish_reason");
                got.push_str(t);
            }
            finished |= v["choices"][0]["finish_reason"].is_string();
            if let Some(t) = v["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"].as_str() {
                got_args.push_str(t);
            }
        }
        prop_assert_eq!(got, detokenize(&text, &scope()));
        let args: Value = serde_json::from_str(&got_args).expect("arguments stay JSON");
        prop_assert_eq!(args["v"].as_str().unwrap(), detokenize(&arg, &scope()));
    }

    #[test]
    fn anthropic_stream_delivers_the_detokenized_text(
        text in reply(),
        arg in reply(),
        deltas in prop::collection::vec(any::<Index>(), 0..6),
        arg_deltas in prop::collection::vec(any::<Index>(), 0..6),
        chunks in prop::collection::vec(any::<Index>(), 0..8),
    ) {
        let mut input = String::from("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n");
        input.push_str("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for d in cut(&text, &deltas) {
            input.push_str(&format!("event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":{}}}}}\n\n", s(&d)));
        }
        input.push_str("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        let doc = args_doc(&arg);
        for d in cut(&doc, &arg_deltas) {
            input.push_str(&format!("event: content_block_delta\r\ndata: {{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{{\"type\":\"input_json_delta\",\"partial_json\":{}}}}}\r\n\r\n", s(&d)));
        }
        input.push_str("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        let out = run(Api::Messages, BodyKind::Sse, input.as_bytes(), &chunks);
        let mut got = String::new();
        let mut got_args = String::new();
        let mut stopped = false;
        for v in data_events(&out) {
            if let Some(t) = v["delta"]["text"].as_str() {
                prop_assert!(!stopped, "text after its block stopped");
                got.push_str(t);
            }
            stopped |= v["type"] == "content_block_stop";
            if let Some(t) = v["delta"]["partial_json"].as_str() {
                got_args.push_str(t);
            }
        }
        prop_assert_eq!(got, detokenize(&text, &scope()));
        let args: Value = serde_json::from_str(&got_args).expect("partial_json adds up to JSON");
        prop_assert_eq!(args["v"].as_str().unwrap(), detokenize(&arg, &scope()));
    }

    #[test]
    fn responses_stream_delivers_the_detokenized_text(
        text in reply(),
        deltas in prop::collection::vec(any::<Index>(), 0..6),
        chunks in prop::collection::vec(any::<Index>(), 0..8),
    ) {
        let mut input = String::new();
        for (i, d) in cut(&text, &deltas).iter().enumerate() {
            input.push_str(&format!("event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"sequence_number\":{i},\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":{}}}\n\n", s(d)));
        }
        input.push_str(&format!("event: response.output_text.done\ndata: {{\"type\":\"response.output_text.done\",\"sequence_number\":99,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":{}}}\n\n", s(&text)));
        let out = run(Api::Responses, BodyKind::Sse, input.as_bytes(), &chunks);
        let mut got = String::new();
        let mut done = None;
        for v in data_events(&out) {
            match v["type"].as_str() {
                Some("response.output_text.delta") => {
                    prop_assert!(done.is_none(), "delta after done");
                    got.push_str(v["delta"].as_str().unwrap());
                }
                Some("response.output_text.done") => done = v["text"].as_str().map(str::to_owned),
                _ => {}
            }
        }
        let want = detokenize(&text, &scope());
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(done.as_deref(), Some(want.as_str()));
    }

    #[test]
    fn any_stream_gives_the_same_result_however_it_is_cut(
        pieces in prop::collection::vec(prop::sample::select(STREAM_PIECES), 0..40),
        a in prop::collection::vec(any::<Index>(), 0..6),
        b in prop::collection::vec(any::<Index>(), 0..6),
    ) {
        let input = pieces.concat().into_bytes();
        for api in [Api::ChatCompletions, Api::Responses, Api::Messages, Api::Completions] {
            for kind in [BodyKind::Sse, BodyKind::Json] {
                let x = try_run(api, kind, &input, &a);
                let y = try_run(api, kind, &input, &b);
                prop_assert_eq!(x, y);
            }
        }
    }

    #[test]
    fn no_input_panics_the_response_side(
        bytes in prop::collection::vec(prop::sample::select(b"{}[]\":,\\ \n\rdata:event{{name:1}}x\xff".to_vec()), 0..200),
        chunks in prop::collection::vec(any::<Index>(), 0..6),
    ) {
        let map = scope();
        for api in [Api::ChatCompletions, Api::Responses, Api::Messages] {
            for kind in [BodyKind::Json, BodyKind::Sse, BodyKind::Other] {
                let mut d = ResponseDetokenizer::new(api, kind, Limits::default());
                let mut out = Vec::new();
                let mut cuts: Vec<usize> = chunks.iter().map(|i| i.index(bytes.len() + 1)).collect();
                cuts.sort_unstable();
                let mut from = 0;
                let mut ok = true;
                for c in cuts.into_iter().chain([bytes.len()]) {
                    ok &= d.push(&bytes[from..c], &map, &mut out).is_ok();
                    from = c;
                }
                if ok {
                    let _ = d.finish(&map, &mut out);
                }
            }
        }
    }
}

const REQUEST_PIECES: &[&str] = &[
    "Priya Sharma",
    "+91 98765 43210",
    "ravi.kumar@gmail.com",
    "2345 6789 0124",
    "{{phone:1}}",
    "{{ Name:2 }}",
    "\"",
    "\n",
    " and ",
    "₹1,25,000",
    "call me",
];

fn request_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(REQUEST_PIECES), 1..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn redact_finalize_detokenize_is_the_identity(
        user in request_text(),
        tool in request_text(),
        arg in request_text(),
        offset in 1u32..50,
    ) {
        let arguments = serde_json::to_string(&serde_json::json!({"q": arg, "n": 1})).unwrap();
        let body = serde_json::json!({
            "model": "gpt-4o",
            "messages": [
                {"role": "user", "content": user},
                {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                    "function": {"name": "f", "arguments": arguments}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": tool}]},
            ],
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let mut scratch = redactor().scratch();
        let req = redact_request(Api::ChatCompletions, &raw, redactor(), &mut scratch, Limits::default()).unwrap();
        let values = req.new_values();
        let finals: Vec<Token> = values.iter().map(|v| Token { ty: v.provisional.ty, n: v.provisional.n + offset }).collect();
        let map: HashMap<Token, String> = values.iter().zip(&finals).map(|(v, f)| (*f, v.original.expose().clone())).collect();
        let sent: Value = serde_json::from_slice(&req.finalize(&finals)).unwrap();
        let m = &sent["messages"];
        prop_assert_eq!(detokenize(m[0]["content"].as_str().unwrap(), &map), user);
        prop_assert_eq!(detokenize(m[2]["content"][0]["text"].as_str().unwrap(), &map), tool);
        let args: Value = serde_json::from_str(m[1]["tool_calls"][0]["function"]["arguments"].as_str().unwrap()).unwrap();
        prop_assert_eq!(detokenize(args["q"].as_str().unwrap(), &map), arg);
        prop_assert_eq!(&args["n"], &serde_json::json!(1));
    }
}
