//! Conformance suite every provider adapter passes (DESIGN §1, §2).
//!
//! Requests: for every position that carries user text (system string and
//! blocks, history, content parts, tool-call arguments, tool results,
//! Anthropic tool_use/tool_result, Responses input/instructions, embeddings
//! input, completions prompt), with and without `stream`, no PII survives,
//! structural and signed fields stay byte-identical, and `finalize` puts
//! the vault's tokens exactly where the redactor put provisional ones.
//!
//! Responses: realistic JSON bodies and SSE streams of each API, fed whole,
//! cut at every byte and in 1–3 byte chunks, give the same bytes, and the
//! client sees the originals (JSON-escaped inside tool arguments) while
//! thinking blocks stay byte-exact.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use veil::adapter::{
    Api, BodyKind, RedactedRequest, RequestError, ResponseDetokenizer, ResponseError,
    redact_request,
};
use veil::entity::EntityType;
use veil::json::Limits;
use veil::policy::{Action, Policy};
use veil::redact::{Redactor, TokenLookup, detokenize};
use veil::rules::RuleSet;
use veil::sse::SseParser;
use veil::token::{self, Token};

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        Redactor::new(
            Arc::new(RuleSet::embedded().expect("rules")),
            Policy::default(),
        )
    })
}

const NAME: &str = "Priya Sharma";
const PHONE_IN: &str = "+91 98765 43210";
const PHONE_US: &str = "(415) 555-0132";
const EMAIL: &str = "ravi.kumar@gmail.com";
const AADHAAR: &str = "2345 6789 0124";
const SSN: &str = "536-22-1234";
const ADDRESS: &str = "Flat 4B, \"Sea View\" Apartments,\nBandra West, Mumbai 400050";

/// Every PII value a request fixture holds, raw and as it appears
/// JSON-escaped (once inside a string, twice inside `arguments`).
fn pii() -> Vec<String> {
    let mut v = Vec::new();
    for p in [NAME, PHONE_IN, PHONE_US, EMAIL, AADHAAR, SSN, ADDRESS] {
        let once = serde_json::to_string(p).unwrap();
        let once = once[1..once.len() - 1].to_owned();
        let twice = serde_json::to_string(&once).unwrap();
        let twice = twice[1..twice.len() - 1].to_owned();
        v.extend([p.to_owned(), once, twice]);
    }
    v.sort();
    v.dedup();
    v
}

// === Request fixtures ===

/// `STREAM` is replaced by `true` or `false`.
struct RequestFixture {
    name: &'static str,
    api: Api,
    body: &'static str,
    /// Substrings that must survive byte-identical.
    keep: &'static [&'static str],
}

const BASE64_IMAGE: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg";

fn request_fixtures() -> Vec<RequestFixture> {
    vec![
        RequestFixture {
            name: "chat: system string, parts, tool calls, tool results",
            api: Api::ChatCompletions,
            body: r#"{"model":"gpt-4o","stream":STREAM,"messages":[
  {"role":"system","content":"You are a support agent for Priya Sharma's account."},
  {"role":"developer","content":[{"type":"text","text":"Escalations go to (415) 555-0132"}]},
  {"role":"user","name":"priya_s","content":[
    {"type":"text","text":"My email is ravi.kumar@gmail.com"},
    {"type":"image_url","image_url":{"url":"https://cdn.example.com/u/42.png","detail":"high"}},
    {"type":"input_audio","input_audio":{"data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA","format":"wav"}}]},
  {"role":"assistant","content":null,"tool_calls":[{"id":"call_Ab12","type":"function",
    "function":{"name":"lookup_customer","arguments":"{\"phone\":\"+91 98765 43210\",\"ship_to\":\"Flat 4B, \\\"Sea View\\\" Apartments,\\nBandra West, Mumbai 400050\"}"}}]},
  {"role":"tool","tool_call_id":"call_Ab12","content":"Customer Priya Sharma, Aadhaar 2345 6789 0124"},
  {"role":"assistant","content":"I found the account for ravi.kumar@gmail.com."},
  {"role":"user","content":"SSN 536-22-1234, call +91 98765 43210"}],
 "tools":[{"type":"function","function":{"name":"lookup_customer","description":"Look up a customer by phone, e.g. +91 98765 43210","parameters":{"type":"object","properties":{"phone":{"type":"string","enum":["mobile","landline"]}}}}}],
 "tool_choice":"auto","response_format":{"type":"json_object"},"user":"ravi.kumar@gmail.com"}"#,
            keep: &[
                r#""model":"gpt-4o""#,
                r#""role":"developer""#,
                r#""name":"priya_s""#,
                r#""url":"https://cdn.example.com/u/42.png""#,
                r#""data":"UklGRiQAAABXQVZFZm10IBAAAAABAAEA""#,
                r#""id":"call_Ab12""#,
                r#""tool_call_id":"call_Ab12""#,
                r#""name":"lookup_customer""#,
                r#""enum":["mobile","landline"]"#,
                r#""tool_choice":"auto""#,
            ],
        },
        RequestFixture {
            name: "chat: system as content parts",
            api: Api::ChatCompletions,
            body: r#"{"messages":[{"role":"system","content":[{"type":"text","text":"Account holder: Priya Sharma"}]},{"role":"user","content":"hi"}],"model":"gpt-4o-mini","stream":STREAM}"#,
            keep: &[r#""model":"gpt-4o-mini""#, r#""content":"hi""#],
        },
        RequestFixture {
            name: "anthropic: system blocks, thinking, tool_use, tool_result, image",
            api: Api::Messages,
            body: r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":STREAM,
 "system":[{"type":"text","text":"Customer: Priya Sharma","cache_control":{"type":"ephemeral"}}],
 "thinking":{"type":"enabled","budget_tokens":2048},
 "messages":[
  {"role":"user","content":"My phone is +91 98765 43210"},
  {"role":"assistant","content":[
    {"type":"thinking","thinking":"The user {{phone:1}} wants {{name:1}}'s order.\nCheck \"open\" orders.","signature":"EqQBCkYIBxgCKkBsigXyZ+/=="},
    {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a{{email:1}}"},
    {"type":"text","text":"Let me check ravi.kumar@gmail.com"},
    {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_customer",
     "input":{"email":"ravi.kumar@gmail.com","name":"Priya Sharma","address":{"lines":["Flat 4B, \"Sea View\" Apartments,\nBandra West, Mumbai 400050"]}}}]},
  {"role":"user","content":[
    {"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":"Aadhaar 2345 6789 0124 on file"},
    {"type":"tool_result","tool_use_id":"toolu_02","content":[{"type":"text","text":"SSN 536-22-1234"}],"is_error":false},
    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"BASE64"}},
    {"type":"document","source":{"type":"text","media_type":"text/plain","data":"Call (415) 555-0132 after 5pm"}},
    {"type":"text","text":"thanks"}]}],
 "metadata":{"user_id":"ravi.kumar@gmail.com"}}"#,
            keep: &[
                r#""thinking":"The user {{phone:1}} wants {{name:1}}'s order.\nCheck \"open\" orders.""#,
                r#""signature":"EqQBCkYIBxgCKkBsigXyZ+/==""#,
                r#""data":"EmwKAhgBEgy3va3pzix/LafPsn4a{{email:1}}""#,
                r#""cache_control":{"type":"ephemeral"}"#,
                r#""name":"get_customer""#,
                r#""tool_use_id":"toolu_01A09q90qw90lq917835lq9""#,
                r#""media_type":"image/png""#,
                r#""data":"BASE64""#,
                r#""thinking":{"type":"enabled","budget_tokens":2048}"#,
            ],
        },
        RequestFixture {
            name: "responses: instructions, input items, function calls",
            api: Api::Responses,
            body: r#"{"model":"gpt-4.1","stream":STREAM,"instructions":"Help Priya Sharma with her order","previous_response_id":"resp_68af0c1d","input":[
  {"role":"user","content":[{"type":"input_text","text":"my email is ravi.kumar@gmail.com"},{"type":"input_image","image_url":"data:image/png;base64,BASE64","detail":"auto"}]},
  {"type":"function_call","id":"fc_1","call_id":"call_9","name":"lookup","arguments":"{\"phone\":\"+91 98765 43210\"}","status":"completed"},
  {"type":"function_call_output","call_id":"call_9","output":"Aadhaar 2345 6789 0124, SSN 536-22-1234"},
  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Looked up (415) 555-0132"}],"encrypted_content":"gAAAAABo{{phone:3}}"},
  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Shipping to Flat 4B, \"Sea View\" Apartments,\nBandra West, Mumbai 400050","annotations":[]}]}],
 "text":{"format":{"type":"json_schema","name":"reply","schema":{"type":"object"}}},"reasoning":{"effort":"low"}}"#,
            keep: &[
                r#""previous_response_id":"resp_68af0c1d""#,
                r#""call_id":"call_9""#,
                r#""encrypted_content":"gAAAAABo{{phone:3}}""#,
                r#""image_url":"data:image/png;base64,BASE64""#,
                r#""name":"reply""#,
            ],
        },
        RequestFixture {
            name: "responses: input as a string",
            api: Api::Responses,
            body: r#"{"model":"gpt-4.1","input":"Email ravi.kumar@gmail.com about Priya Sharma","stream":STREAM}"#,
            keep: &[r#""model":"gpt-4.1""#],
        },
        RequestFixture {
            name: "embeddings: string input",
            api: Api::Embeddings,
            body: r#"{"model":"text-embedding-3-small","input":"Priya Sharma, +91 98765 43210","encoding_format":"float","stream":STREAM}"#,
            keep: &[r#""encoding_format":"float""#],
        },
        RequestFixture {
            name: "embeddings: array input",
            api: Api::Embeddings,
            body: r#"{"model":"text-embedding-3-small","input":["SSN 536-22-1234","ravi.kumar@gmail.com",[1,2,3]],"stream":STREAM}"#,
            keep: &[r#"[1,2,3]"#],
        },
        RequestFixture {
            name: "completions: prompt string and suffix",
            api: Api::Completions,
            body: r#"{"model":"gpt-3.5-turbo-instruct","prompt":"Dear Priya Sharma, your Aadhaar 2345 6789 0124","suffix":"Call +91 98765 43210","stop":["\n\n"],"stream":STREAM}"#,
            keep: &[r#""stop":["\n\n"]"#],
        },
        RequestFixture {
            name: "completions: prompt array",
            api: Api::Completions,
            body: r#"{"model":"gpt-3.5-turbo-instruct","prompt":["Write to ravi.kumar@gmail.com","SSN 536-22-1234"],"stream":STREAM}"#,
            keep: &[],
        },
        RequestFixture {
            name: "unknown openai route: every string",
            api: Api::OtherOpenAi,
            body: r#"{"model":"gpt-4o","custom":{"deep":["Priya Sharma at ravi.kumar@gmail.com"]},"stream":STREAM}"#,
            keep: &[r#""model":"gpt-4o""#],
        },
    ]
}

fn body_of(f: &RequestFixture, stream: bool) -> String {
    let image = BASE64_IMAGE.repeat(4);
    f.body
        .replace("STREAM", if stream { "true" } else { "false" })
        .replace("BASE64", &image)
}

fn redact(api: Api, body: &str) -> Result<RedactedRequest, RequestError> {
    let mut scratch = redactor().scratch();
    redact_request(
        api,
        body.as_bytes(),
        redactor(),
        &mut scratch,
        Limits::default(),
    )
}

/// Final tokens far from the provisional ones, so a missed renumbering or
/// a renumbered literal shows.
fn finals_for(req: &RedactedRequest) -> (Vec<Token>, HashMap<Token, String>) {
    let values = req.new_values();
    let finals: Vec<Token> = values
        .iter()
        .map(|v| Token {
            ty: v.provisional.ty,
            n: v.provisional.n + 100,
        })
        .collect();
    let originals = values
        .iter()
        .zip(&finals)
        .map(|(v, f)| (*f, v.original.expose().clone()))
        .collect();
    (finals, originals)
}

/// Walks two JSON values of the same shape: every string of `sent`,
/// detokenized with the final map, must equal the original's.
fn assert_round_trip(original: &Value, sent: &Value, map: &HashMap<Token, String>, at: &str) {
    match (original, sent) {
        (Value::String(o), Value::String(s)) if at.ends_with(".arguments") => {
            // A JSON document inside a string: compared as JSON.
            let o: Value = serde_json::from_str(o).unwrap();
            let s: Value = serde_json::from_str(s).expect("arguments stay JSON");
            assert_round_trip(&o, &s, map, &format!("{at}/"));
        }
        (Value::String(o), Value::String(s)) => {
            assert_eq!(&detokenize(s, map), o, "string at {at}");
        }
        (Value::Array(o), Value::Array(s)) => {
            assert_eq!(o.len(), s.len(), "array at {at}");
            for (i, (o, s)) in o.iter().zip(s).enumerate() {
                assert_round_trip(o, s, map, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(o), Value::Object(s)) => {
            assert_eq!(
                o.keys().collect::<Vec<_>>(),
                s.keys().collect::<Vec<_>>(),
                "keys at {at}"
            );
            for (k, o) in o {
                assert_round_trip(o, &s[k], map, &format!("{at}.{k}"));
            }
        }
        (o, s) => assert_eq!(o, s, "value at {at}"),
    }
}

#[test]
fn every_text_position_is_redacted_and_structure_kept() {
    for f in request_fixtures() {
        for stream in [false, true] {
            let body = body_of(&f, stream);
            let original: Value = serde_json::from_str(&body).expect(f.name);
            let req = redact(f.api, &body).unwrap_or_else(|e| panic!("{}: {e}", f.name));
            assert_eq!(req.stream(), stream, "{}", f.name);
            let provisional = String::from_utf8(req.provisional_body().to_vec()).unwrap();
            for p in pii() {
                assert!(
                    !provisional.contains(&p),
                    "{} (stream {stream}): {p:?} survived",
                    f.name
                );
            }
            for k in f.keep {
                let k = k.replace("BASE64", &BASE64_IMAGE.repeat(4));
                assert!(
                    provisional.contains(&k),
                    "{}: {k} not byte-identical",
                    f.name
                );
            }
            assert!(!req.new_values().is_empty(), "{}", f.name);

            let (finals, map) = finals_for(&req);
            let sent = req.finalize(&finals);
            let sent_text = String::from_utf8(sent.clone()).unwrap();
            for p in pii() {
                assert!(!sent_text.contains(&p), "{}: {p:?} in final body", f.name);
            }
            for k in f.keep {
                let k = k.replace("BASE64", &BASE64_IMAGE.repeat(4));
                assert!(
                    sent_text.contains(&k),
                    "{}: {k} changed by finalize",
                    f.name
                );
            }
            let sent: Value = serde_json::from_slice(&sent).expect("final body is JSON");
            assert_round_trip(&original, &sent, &map, "");
            // No provisional numbering is left outside the untouched strings.
            for (_, t) in token::find_lenient(&sent_text) {
                assert!(
                    t.n > 100 || f.keep.iter().any(|k| k.contains(&t.to_string())),
                    "{}: provisional {t} left",
                    f.name
                );
            }
        }
    }
}

#[test]
fn the_previous_response_id_is_reported() {
    let f = &request_fixtures()[3];
    let req = redact(f.api, &body_of(f, true)).unwrap();
    assert_eq!(req.previous_response_id(), Some("resp_68af0c1d"));
    let req = redact(Api::ChatCompletions, r#"{"messages":[]}"#).unwrap();
    assert_eq!(req.previous_response_id(), None);
    assert!(!req.stream());
}

#[test]
fn entity_counts_have_types_and_actions_only() {
    let req = redact(
        Api::ChatCompletions,
        r#"{"messages":[{"role":"user","content":"Priya Sharma: +91 98765 43210 and 98765 43210, ravi.kumar@gmail.com"}]}"#,
    )
    .unwrap();
    assert_eq!(
        req.entity_counts(),
        vec![
            (EntityType::Name, Action::Tokenize, 1),
            (EntityType::Phone, Action::Tokenize, 2),
            (EntityType::Email, Action::Tokenize, 1),
        ]
    );
    // Two spellings of one phone share a token: one value to assign.
    assert_eq!(req.new_values().len(), 3);
}

#[test]
fn token_shaped_input_is_tokenized_and_only_emitted_tokens_are_renumbered() {
    // The user pastes text that looks like a token; the assistant's signed
    // thinking holds final tokens from an earlier turn.
    let body = r#"{"model":"claude-opus-4-1","messages":[
      {"role":"assistant","content":[{"type":"thinking","thinking":"{{phone:1}} and {{phone:2}}","signature":"sig"}]},
      {"role":"user","content":"I typed {{phone:1}} literally; my number is 98765 43210"}]}"#;
    let req = redact(Api::Messages, body).unwrap();
    let values = req.new_values();
    assert_eq!(values.len(), 2);
    // The vault maps them to 7 and 8 in this conversation.
    let finals: Vec<Token> = values
        .iter()
        .enumerate()
        .map(|(i, v)| Token {
            ty: v.provisional.ty,
            n: 7 + i as u32,
        })
        .collect();
    let sent = String::from_utf8(req.finalize(&finals)).unwrap();
    assert!(
        sent.contains(r#""thinking":"{{phone:1}} and {{phone:2}}""#),
        "{sent}"
    );
    assert!(
        sent.contains(r#""content":"I typed {{phone:7}} literally; my number is {{phone:8}}""#),
        "{sent}"
    );
}

#[test]
fn blocked_types_and_bad_bodies_are_refused_without_content() {
    let mut policy = Policy::default();
    policy.set(EntityType::Aadhaar, Action::Block);
    let strict = Redactor::new(Arc::new(RuleSet::embedded().unwrap()), policy);
    let mut scratch = strict.scratch();
    let body = br#"{"messages":[{"role":"user","content":"Aadhaar 2345 6789 0124"}]}"#;
    let err = redact_request(
        Api::ChatCompletions,
        body,
        &strict,
        &mut scratch,
        Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err, RequestError::Blocked(EntityType::Aadhaar));
    assert_eq!(err.kind(), "policy_block");
    assert!(!err.to_string().contains("2345"));

    for (body, kind) in [
        (&b""[..], "request_not_json"),
        (b"hello", "request_not_json"),
        (b"{\"a\":\"\xff\"}", "request_utf8"),
        (b"{\"a\":", "json_truncated"),
        (b"{\"a\":1}}", "json_trailing_data"),
    ] {
        let mut scratch = redactor().scratch();
        let err = redact_request(
            Api::ChatCompletions,
            body,
            redactor(),
            &mut scratch,
            Limits::default(),
        )
        .err();
        assert_eq!(err.map(|e| e.kind()), Some(kind));
    }
    let deep = format!("{}{}", "[".repeat(5), "]".repeat(5));
    let mut scratch = redactor().scratch();
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    let err = redact_request(
        Api::OtherOpenAi,
        deep.as_bytes(),
        redactor(),
        &mut scratch,
        limits,
    )
    .unwrap_err();
    assert_eq!(err.kind(), "json_too_deep");
}

// === Responses ===

fn lookup() -> HashMap<Token, String> {
    HashMap::from([
        (
            Token {
                ty: EntityType::Name,
                n: 1,
            },
            NAME.to_owned(),
        ),
        (
            Token {
                ty: EntityType::Phone,
                n: 1,
            },
            PHONE_IN.to_owned(),
        ),
        (
            Token {
                ty: EntityType::Email,
                n: 1,
            },
            EMAIL.to_owned(),
        ),
        (
            Token {
                ty: EntityType::Address,
                n: 1,
            },
            ADDRESS.to_owned(),
        ),
    ])
}

/// Runs `input` through a detokenizer in the given pieces.
fn run(api: Api, kind: BodyKind, pieces: &[&[u8]]) -> Result<Vec<u8>, ResponseError> {
    let map = lookup();
    let lookup: &dyn TokenLookup = &map;
    let mut d = ResponseDetokenizer::new(api, kind, Limits::default());
    let mut out = Vec::new();
    for p in pieces {
        d.push(p, lookup, &mut out)?;
    }
    d.finish(lookup, &mut out)?;
    Ok(out)
}

/// The output for `input` fed whole; asserts every 2-way cut and 1–3 byte
/// chunking gives the same bytes.
fn run_every_way(api: Api, kind: BodyKind, input: &str) -> Vec<u8> {
    let input = input.as_bytes();
    let whole = run(api, kind, &[input]).expect("whole");
    for i in 0..=input.len() {
        let cut = run(api, kind, &[&input[..i], &input[i..]]).expect("cut");
        assert_eq!(
            String::from_utf8_lossy(&cut),
            String::from_utf8_lossy(&whole),
            "cut at {i}"
        );
    }
    for seed in 0..3u64 {
        let mut pieces = Vec::new();
        let mut at = 0;
        let mut x = seed * 7 + 1;
        while at < input.len() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (1 + (x >> 33) % 3) as usize;
            let end = (at + n).min(input.len());
            pieces.push(&input[at..end]);
            at = end;
        }
        assert_eq!(
            run(api, kind, &pieces).expect("small chunks"),
            whole,
            "seed {seed}"
        );
    }
    whole
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn chat_completion_json_body() {
    let body = r#"{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06",
"choices":[{"index":0,"message":{"role":"assistant","content":"Hi {{name:1}}, I will call {{ Phone:1 }} and leave {{phone:9}} alone.","refusal":null,
"tool_calls":[{"id":"call_w2PJ","type":"function","function":{"name":"ship","arguments":"{\"to\":\"{{address:1}}\",\"email\":\"{{email:1}}\"}"}}]},
"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29}}"#;
    let out = json(&run_every_way(Api::ChatCompletions, BodyKind::Json, body));
    let msg = &out["choices"][0]["message"];
    assert_eq!(
        msg["content"],
        "Hi Priya Sharma, I will call +91 98765 43210 and leave {{phone:9}} alone."
    );
    let args: Value = serde_json::from_str(
        msg["tool_calls"][0]["function"]["arguments"]
            .as_str()
            .unwrap(),
    )
    .expect("arguments stay JSON");
    assert_eq!(args["to"], ADDRESS);
    assert_eq!(args["email"], EMAIL);
}

#[test]
fn anthropic_message_json_body_keeps_thinking_byte_exact() {
    let thinking = r#"{"type":"thinking","thinking":"{{name:1}} asked about \"{{phone:1}}\".","signature":"EqQBCkYIBxgCKkB{{name:1}}=="}"#;
    let body = format!(
        r#"{{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{thinking},{{"type":"redacted_thinking","data":"EmwKAhgB{{{{email:1}}}}"}},{{"type":"text","text":"Hello {{{{name:1}}}}, your number {{{{phone:1}}}} is saved."}},{{"type":"tool_use","id":"toolu_01","name":"ship","input":{{"address":"{{{{address:1}}}}","tags":["{{{{email:1}}}}"]}}}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{{"input_tokens":10,"output_tokens":20}}}}"#
    );
    let raw = run_every_way(Api::Messages, BodyKind::Json, &body);
    let text = String::from_utf8(raw.clone()).unwrap();
    assert!(text.contains(thinking), "{text}");
    assert!(text.contains(r#""data":"EmwKAhgB{{email:1}}""#));
    let out = json(&raw);
    assert_eq!(
        out["content"][2]["text"],
        "Hello Priya Sharma, your number +91 98765 43210 is saved."
    );
    assert_eq!(out["content"][3]["input"]["address"], ADDRESS);
    assert_eq!(out["content"][3]["input"]["tags"][0], EMAIL);
}

#[test]
fn responses_json_body() {
    let body = r#"{"id":"resp_67ccd2bed1ec8190","object":"response","created_at":1741476542,"status":"completed","model":"gpt-4.1-2025-04-14",
"output":[{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Find {{name:1}}"}],"encrypted_content":"gAAAA{{name:1}}"},
{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Sent to {{email:1}}.","annotations":[]}]},
{"type":"function_call","id":"fc_1","call_id":"call_1","name":"ship","arguments":"{\"to\":\"{{address:1}}\"}","status":"completed"}],
"usage":{"input_tokens":36,"output_tokens":87,"total_tokens":123}}"#;
    let raw = run_every_way(Api::Responses, BodyKind::Json, body);
    let map = lookup();
    let mut d = ResponseDetokenizer::new(Api::Responses, BodyKind::Json, Limits::default());
    let mut sink = Vec::new();
    for piece in body.as_bytes().chunks(7) {
        d.push(piece, &map, &mut sink).unwrap();
    }
    assert_eq!(d.response_id(), Some("resp_67ccd2bed1ec8190"));
    assert!(String::from_utf8_lossy(&raw).contains(r#""encrypted_content":"gAAAA{{name:1}}""#));
    let out = json(&raw);
    assert_eq!(out["output"][0]["summary"][0]["text"], "Find Priya Sharma");
    assert_eq!(
        out["output"][1]["content"][0]["text"],
        "Sent to ravi.kumar@gmail.com."
    );
    let args: Value =
        serde_json::from_str(out["output"][2]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(args["to"], ADDRESS);
}

#[test]
fn json_errors_and_empty_bodies() {
    assert_eq!(
        run(Api::Messages, BodyKind::Json, &[b"  "]),
        Ok(b"  ".to_vec())
    );
    let err = run(Api::Messages, BodyKind::Json, &[b"{\"a\":"]).unwrap_err();
    assert_eq!(err.kind(), "json_truncated");
    let text = run(
        Api::OtherOpenAi,
        BodyKind::Other,
        &[b"plain {{na", b"me:1}} text"],
    )
    .unwrap();
    assert_eq!(text, b"plain Priya Sharma text");
}

// === SSE ===

/// Client side of a stream: parsed events (type, data).
fn client_events(bytes: &[u8]) -> Vec<(Option<String>, String)> {
    let mut p = SseParser::new(1 << 20);
    let mut events = Vec::new();
    p.push(bytes, &mut events).unwrap();
    assert!(p.finish().unwrap().is_none(), "every event terminated");
    events
        .iter()
        .filter(|e| e.has_data())
        .map(|e| (e.event_type().map(str::to_owned), e.data()))
        .collect()
}

fn sse(events: &[(&str, String)]) -> String {
    let mut s = String::new();
    for (ty, data) in events {
        if !ty.is_empty() {
            s.push_str(&format!("event: {ty}\n"));
        }
        s.push_str(&format!("data: {data}\n\n"));
    }
    s
}

fn chat_chunk(choice: &str) -> String {
    format!(
        r#"{{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{choice}]}}"#
    )
}

#[test]
fn openai_chat_stream_restores_split_tokens_and_flushes_held_text() {
    let content = |s: &str| {
        chat_chunk(&format!(
            r#"{{"index":0,"delta":{{"content":{}}},"logprobs":null,"finish_reason":null}}"#,
            serde_json::to_string(s).unwrap()
        ))
    };
    let args = |s: &str, first: bool| {
        let head = if first {
            r#""id":"call_abc","type":"function","function":{"name":"ship","#
        } else {
            r#""function":{"#
        };
        chat_chunk(&format!(
            r#"{{"index":1,"delta":{{"tool_calls":[{{"index":0,{head}"arguments":{}}}}}]}},"finish_reason":null}}"#,
            serde_json::to_string(s).unwrap()
        ))
    };
    let mut input = sse(&[
        ("", chat_chunk(r#"{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}"#)),
        ("", content("Hello {{na")),
        ("", content("me:1}}, I'll call {")),
        ("", args(r#"{"to":"{{addr"#, true)),
        ("", content("{ phone:1 }} now. See {{")),
        ("", args(r#"ess:1}}","cc":"{{email:1}}"}"#, false)),
        ("", chat_chunk(r#"{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}"#)),
        ("", chat_chunk(r#"{"index":1,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}"#)),
        ("", r#"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}"#.to_owned()),
        ("", "[DONE]".to_owned()),
    ]);
    input.insert_str(0, ": keep-alive\n\n");
    let out = run_every_way(Api::ChatCompletions, BodyKind::Sse, &input);
    let events = client_events(&out);
    let mut text = String::new();
    let mut arguments = String::new();
    let mut finish_seen_before_all_text = false;
    for (_, data) in &events {
        if data == "[DONE]" {
            continue;
        }
        let v = json(data.as_bytes());
        for c in v["choices"].as_array().unwrap() {
            if let Some(s) = c["delta"]["content"].as_str() {
                assert!(!finish_seen_before_all_text, "text after finish_reason");
                text.push_str(s);
            }
            if let Some(s) = c["delta"]["tool_calls"][0]["function"]["arguments"].as_str() {
                arguments.push_str(s);
            }
            if c["index"] == 0 && c["finish_reason"] == "stop" {
                finish_seen_before_all_text = true;
            }
        }
    }
    assert_eq!(
        text,
        "Hello Priya Sharma, I'll call +91 98765 43210 now. See {{"
    );
    let args: Value = serde_json::from_str(&arguments).expect("arguments are JSON");
    assert_eq!(args["to"], ADDRESS);
    assert_eq!(args["cc"], EMAIL);
    assert_eq!(events.last().unwrap().1, "[DONE]");
    assert!(String::from_utf8_lossy(&out).starts_with(": keep-alive\n\n"));
}

#[test]
fn legacy_completions_stream() {
    let chunk = |text: &str, finish: &str| {
        format!(
            r#"{{"id":"cmpl-7","object":"text_completion","created":1,"model":"gpt-3.5-turbo-instruct","choices":[{{"text":{},"index":0,"logprobs":null,"finish_reason":{finish}}}]}}"#,
            serde_json::to_string(text).unwrap()
        )
    };
    let input = sse(&[
        ("", chunk("Dear {{ema", "null")),
        ("", chunk("il:1}}, about {{na", "null")),
        ("", chunk("me:1", "\"length\"")),
        ("", "[DONE]".to_owned()),
    ]);
    let out = run_every_way(Api::Completions, BodyKind::Sse, &input);
    let text: String = client_events(&out)
        .iter()
        .filter(|(_, d)| d != "[DONE]")
        .map(|(_, d)| {
            json(d.as_bytes())["choices"][0]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(text, "Dear ravi.kumar@gmail.com, about {{name:1");
}

#[test]
fn responses_stream() {
    let ev = |ty: &str, rest: &str| (ty.to_owned(), format!(r#"{{"type":"{ty}",{rest}}}"#));
    let s = |x: &str| serde_json::to_string(x).unwrap();
    let events = vec![
        ev(
            "response.created",
            r#""sequence_number":0,"response":{"id":"resp_1","object":"response","status":"in_progress","output":[]}"#,
        ),
        ev(
            "response.output_item.added",
            r#""sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}"#,
        ),
        ev(
            "response.content_part.added",
            r#""sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}"#,
        ),
        ev(
            "response.output_text.delta",
            &format!(
                r#""sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":{},"logprobs":[]"#,
                s("Hi {{name")
            ),
        ),
        ev(
            "response.output_text.delta",
            &format!(
                r#""sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":{},"logprobs":[]"#,
                s(":1}}! Mail {{email:1}} or {{ph")
            ),
        ),
        ev(
            "response.output_text.done",
            &format!(
                r#""sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"text":{},"logprobs":[]"#,
                s("Hi {{name:1}}! Mail {{email:1}} or {{ph")
            ),
        ),
        ev(
            "response.content_part.done",
            &format!(
                r#""sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"part":{{"type":"output_text","text":{},"annotations":[]}}"#,
                s("Hi {{name:1}}! Mail {{email:1}} or {{ph")
            ),
        ),
        ev(
            "response.output_item.added",
            r#""sequence_number":7,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_1","name":"ship"}"#,
        ),
        ev(
            "response.function_call_arguments.delta",
            &format!(
                r#""sequence_number":8,"item_id":"fc_1","output_index":1,"delta":{}"#,
                s(r#"{"to":"{{add"#)
            ),
        ),
        ev(
            "response.function_call_arguments.delta",
            &format!(
                r#""sequence_number":9,"item_id":"fc_1","output_index":1,"delta":{}"#,
                s(r#"ress:1}}"}"#)
            ),
        ),
        ev(
            "response.function_call_arguments.done",
            &format!(
                r#""sequence_number":10,"item_id":"fc_1","output_index":1,"arguments":{}"#,
                s(r#"{"to":"{{address:1}}"}"#)
            ),
        ),
        ev(
            "response.completed",
            &format!(
                r#""sequence_number":11,"response":{{"id":"resp_1","status":"completed","output":[{{"type":"function_call","arguments":{}}}]}}"#,
                s(r#"{"to":"{{address:1}}"}"#)
            ),
        ),
    ];
    let events: Vec<(&str, String)> = events
        .iter()
        .map(|(t, d)| (t.as_str(), d.clone()))
        .collect();
    let input = sse(&events);
    let out = run_every_way(Api::Responses, BodyKind::Sse, &input);
    let map = lookup();
    let mut d = ResponseDetokenizer::new(Api::Responses, BodyKind::Sse, Limits::default());
    let mut sink = Vec::new();
    let first_event = input.find("\n\n").unwrap() + 2;
    d.push(&input.as_bytes()[..first_event], &map, &mut sink)
        .unwrap();
    assert_eq!(
        d.response_id(),
        Some("resp_1"),
        "known after response.created"
    );
    let mut deltas = String::new();
    let mut arg_deltas = String::new();
    let mut done_text = None;
    let mut done_args = None;
    let mut completed_args = None;
    for (ty, data) in client_events(&out) {
        let v = json(data.as_bytes());
        assert_eq!(ty.as_deref(), v["type"].as_str(), "event line matches type");
        match v["type"].as_str().unwrap() {
            "response.output_text.delta" => {
                assert!(done_text.is_none(), "delta after done");
                deltas.push_str(v["delta"].as_str().unwrap());
            }
            "response.output_text.done" => done_text = Some(v["text"].as_str().unwrap().to_owned()),
            "response.function_call_arguments.delta" => {
                arg_deltas.push_str(v["delta"].as_str().unwrap())
            }
            "response.function_call_arguments.done" => {
                done_args = Some(v["arguments"].as_str().unwrap().to_owned())
            }
            "response.completed" => {
                completed_args = Some(
                    v["response"]["output"][0]["arguments"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
            }
            _ => {}
        }
    }
    let expected = "Hi Priya Sharma! Mail ravi.kumar@gmail.com or {{ph";
    assert_eq!(deltas, expected);
    assert_eq!(done_text.as_deref(), Some(expected));
    for args in [arg_deltas, done_args.unwrap(), completed_args.unwrap()] {
        let v: Value = serde_json::from_str(&args).expect("arguments are JSON");
        assert_eq!(v["to"], ADDRESS);
    }
}

#[test]
fn anthropic_stream_keeps_thinking_and_restores_text_and_tool_input() {
    let s = |x: &str| serde_json::to_string(x).unwrap();
    let delta = |i: u32, d: String| {
        (
            "content_block_delta",
            format!(r#"{{"type":"content_block_delta","index":{i},"delta":{d}}}"#),
        )
    };
    let thinking_delta = format!(
        r#"{{"type":"thinking_delta","thinking":{}}}"#,
        s("User {{name:1}} wants \"{{phone:1}}\"")
    );
    let signature_delta =
        r#"{"type":"signature_delta","signature":"EqQBCkYIBxgCKkB{{phone:1}}=="}"#.to_owned();
    let events = vec![
        ("message_start", r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#.to_owned()),
        ("content_block_start", r#"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#.to_owned()),
        delta(0, thinking_delta.clone()),
        delta(0, signature_delta.clone()),
        ("content_block_stop", r#"{"type":"content_block_stop","index":0}"#.to_owned()),
        ("content_block_start", r#"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#.to_owned()),
        ("ping", r#"{"type": "ping"}"#.to_owned()),
        delta(1, format!(r#"{{"type":"text_delta","text":{}}}"#, s("Hello {"))),
        delta(1, format!(r#"{{"type":"text_delta","text":{}}}"#, s("{name:1}}, I'll ship to {{add"))),
        delta(1, format!(r#"{{"type":"text_delta","text":{}}}"#, s("ress:1}}. {{"))),
        ("content_block_stop", r#"{"type":"content_block_stop","index":1}"#.to_owned()),
        ("content_block_start", r#"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01","name":"ship","input":{}}}"#.to_owned()),
        delta(2, format!(r#"{{"type":"input_json_delta","partial_json":{}}}"#, s(r#"{"to": "{{address"#))),
        delta(2, format!(r#"{{"type":"input_json_delta","partial_json":{}}}"#, s(r#":1}}", "email": "{{email:1}}"}"#))),
        ("content_block_stop", r#"{"type":"content_block_stop","index":2}"#.to_owned()),
        ("message_delta", r#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"#.to_owned()),
        ("message_stop", r#"{"type":"message_stop"}"#.to_owned()),
    ];
    let out = run_every_way(Api::Messages, BodyKind::Sse, &sse(&events));
    let raw = String::from_utf8(out.clone()).unwrap();
    assert!(raw.contains(&thinking_delta), "thinking byte-exact");
    assert!(raw.contains(&signature_delta), "signature byte-exact");
    let mut text = String::new();
    let mut partial = String::new();
    let mut open = [false; 3];
    for (ty, data) in client_events(&out) {
        let v = json(data.as_bytes());
        assert_eq!(ty.as_deref(), v["type"].as_str());
        let i = v["index"].as_u64().unwrap_or(0) as usize;
        match v["type"].as_str().unwrap() {
            "content_block_start" => open[i] = true,
            "content_block_stop" => open[i] = false,
            "content_block_delta" => {
                assert!(open[i], "delta inside its block");
                match v["delta"]["type"].as_str().unwrap() {
                    "text_delta" => text.push_str(v["delta"]["text"].as_str().unwrap()),
                    "input_json_delta" => {
                        partial.push_str(v["delta"]["partial_json"].as_str().unwrap())
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert_eq!(
        text,
        format!("Hello Priya Sharma, I'll ship to {ADDRESS}. {{{{")
    );
    let input: Value = serde_json::from_str(&partial).expect("partial_json adds up to JSON");
    assert_eq!(input["to"], ADDRESS);
    assert_eq!(input["email"], EMAIL);
}

#[test]
fn unknown_events_are_detokenized_whole_and_framing_kept() {
    let input = "event: custom\nid: 42\ndata: {\"note\":\"for {{name:1}}\",\ndata: \"n\":1}\nretry: 100\n\ndata: not json {{email:1}}\n\n";
    let out = run_every_way(Api::OtherOpenAi, BodyKind::Sse, input);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "event: custom\nid: 42\ndata: {\"note\":\"for Priya Sharma\",\ndata: \"n\":1}\nretry: 100\n\ndata: not json ravi.kumar@gmail.com\n\n"
    );
}

#[test]
fn a_stream_cut_mid_event_flushes_held_text_and_drops_the_cut_event() {
    let input = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi {{na\"}}\n\nevent: content_block_delta\ndata: {\"type\":\"content_bl";
    let out = run_every_way(Api::Messages, BodyKind::Sse, input);
    let events = client_events(&out);
    let text: String = events
        .iter()
        .map(|(_, d)| {
            json(d.as_bytes())["delta"]["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(text, "Hi {{na");
    assert_eq!(events.len(), 2, "the cut event is not passed on");
}

#[test]
fn oversized_events_are_an_error() {
    let map = lookup();
    let mut d = ResponseDetokenizer::new(Api::Messages, BodyKind::Sse, Limits::default())
        .with_max_event_len(64);
    let mut out = Vec::new();
    let err = d
        .push(
            format!("data: {}\n\n", "x".repeat(100)).as_bytes(),
            &map,
            &mut out,
        )
        .unwrap_err();
    assert_eq!(err.kind(), "sse_event_too_long");
    assert_eq!(
        d.push(b"data: x\n\n", &map, &mut out).unwrap_err().kind(),
        "response_unusable"
    );
}

#[test]
fn chat_stream_refusal_and_reasoning_fields_are_positions_too() {
    let delta = |field: &str, s: &str| {
        chat_chunk(&format!(
            r#"{{"index":0,"delta":{{"{field}":{}}},"finish_reason":null}}"#,
            serde_json::to_string(s).unwrap()
        ))
    };
    let input = sse(&[
        ("", delta("reasoning_content", "Thinking about {{na")),
        ("", delta("refusal", "I can't share {{ema")),
        ("", delta("reasoning_content", "me:1}} {")),
        ("", delta("refusal", "il:1}}.")),
        (
            "",
            chat_chunk(r#"{"index":0,"delta":{},"finish_reason":"stop"}"#),
        ),
    ]);
    let out = run_every_way(Api::ChatCompletions, BodyKind::Sse, &input);
    let mut reasoning = String::new();
    let mut refusal = String::new();
    for (_, data) in client_events(&out) {
        let v = json(data.as_bytes());
        let d = &v["choices"][0]["delta"];
        reasoning.push_str(d["reasoning_content"].as_str().unwrap_or(""));
        refusal.push_str(d["refusal"].as_str().unwrap_or(""));
    }
    assert_eq!(reasoning, "Thinking about Priya Sharma {");
    assert_eq!(refusal, "I can't share ravi.kumar@gmail.com.");
}

#[test]
fn adapter_state_can_cross_await_points() {
    // The proxy holds these across awaits on a multi-threaded runtime.
    fn send<T: Send + 'static>() {}
    send::<RedactedRequest>();
    send::<ResponseDetokenizer>();
    send::<RequestError>();
    send::<ResponseError>();
}
