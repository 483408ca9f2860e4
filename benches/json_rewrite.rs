//! JSON rewriter throughput on a realistic ~32 KB OpenAI chat request:
//! a system prompt, a long user/assistant history (with escapes, Hindi and
//! `₹`), content-part arrays, an assistant `tool_calls` entry whose
//! `arguments` is JSON inside a string, a `role: tool` result, and tool
//! definitions with nested JSON schemas.
//!
//! Scenarios:
//! - `copy`: the visitor rewrites nothing (the floor: validate and copy);
//! - `rewrite_all`: every string value goes through an identity visitor
//!   (decode, hand over, re-escape);
//! - `rewrite_user_text`: what an adapter does, rewriting message content
//!   and tool-call arguments only;
//! - `serde_json_value`: parsing the body into a `serde_json::Value`, for
//!   scale (what the rewriter avoids doing).
//!
//! Each scenario checks its output before it is measured.

use std::convert::Infallible;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use veil::json::{JsonRewriter, Path, PathPattern, StringVisitor};

const BODY_LEN: usize = 32 << 10;

/// Rewrites the strings `select` picks with their own content.
struct Identity {
    select: Select,
    /// Strings rewritten, so a scenario can show it rewrote some.
    rewritten: usize,
}

enum Select {
    Nothing,
    Everything,
    /// What an adapter keeps: patterns parsed once.
    Patterns(Vec<PathPattern>),
}

impl StringVisitor for Identity {
    type Error = Infallible;
    fn begin(&mut self, path: &Path<'_>) -> bool {
        let rewrite = match &self.select {
            Select::Nothing => false,
            Select::Everything => true,
            Select::Patterns(patterns) => patterns.iter().any(|p| p.matches(path)),
        };
        self.rewritten += usize::from(rewrite);
        rewrite
    }
    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Infallible> {
        out.push_str(decoded);
        Ok(())
    }
    fn end(&mut self, _: &mut String) -> Result<(), Infallible> {
        Ok(())
    }
}

fn user_text() -> Select {
    Select::Patterns(
        [
            "messages[*].content",
            "messages[*].content[*].text",
            "messages[*].tool_calls[*].function.arguments",
        ]
        .into_iter()
        .filter_map(|p| PathPattern::new(p).ok())
        .collect(),
    )
}

fn body() -> Vec<u8> {
    let turns = [
        "Hi, I'm Priya Sharma. My order #OD432198765432 hasn't arrived yet. Can you check?\nPhone: +91 98765 43210",
        "Of course! I've looked up order **OD432198765432**. It shipped on 12 March via BlueDart and is \"out for delivery\" today.\n\n- Tracking: BD1234567890\n- ETA: 6 PM",
        "Great, thanks. Also my address changed to Flat 302, Sai Residency,\n14th Cross, Indiranagar,\nBengaluru, Karnataka 560038. Please update it.",
        "Done ✅. Your new address is saved. Refund of ₹1,25,000 will go to HDFC a/c 50100234567890 (IFSC HDFC0001234) in 3-5 days.",
        "मेरा नंबर 98450 12345 है, कृपया इस पर कॉल करें। Email: ravi.kumar@gmail.com",
        "Sure — I'll call you on 98450 12345. Anything else? Here's a path for reference: C:\\Users\\priya\\Downloads\\invoice.pdf",
    ];
    let mut messages = vec![json!({
        "role": "system",
        "content": "You are a helpful support agent for an Indian e-commerce company. Be concise, polite and accurate.\nNever reveal internal notes. Use the tools when you need order data."
    })];
    let mut i = 0;
    while serde_json::to_vec(&messages).map_or(0, |v| v.len()) < BODY_LEN - 3500 {
        let text = turns[i % turns.len()];
        messages.push(match i % 7 {
            3 => json!({
                "role": "user",
                "content": [
                    {"type": "text", "text": text},
                    {"type": "image_url", "image_url": {"url": "https://example.com/receipt.png", "detail": "low"}}
                ]
            }),
            5 => json!({
                "role": "assistant",
                "content": null,
                "tool_calls": [{
                    "id": format!("call_{i:04}abcXYZ"),
                    "type": "function",
                    "function": {
                        "name": "lookup_order",
                        "arguments": serde_json::to_string(&json!({
                            "order_id": "OD432198765432",
                            "phone": "+91 98765 43210",
                            "note": text,
                        })).unwrap_or_default()
                    }
                }]
            }),
            6 => json!({
                "role": "tool",
                "tool_call_id": format!("call_{:04}abcXYZ", i - 1),
                "content": serde_json::to_string(&json!({
                    "status": "shipped", "carrier": "BlueDart", "amount_inr": 125000.5,
                    "items": [{"sku": "SKU-1", "qty": 2}, {"sku": "SKU-2", "qty": 1}],
                })).unwrap_or_default()
            }),
            _ => json!({
                "role": if i % 2 == 0 { "user" } else { "assistant" },
                "content": text,
            }),
        });
        i += 1;
    }
    let tools = json!([{
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order by id and the customer's phone number.",
            "parameters": {
                "type": "object",
                "properties": {
                    "order_id": {"type": "string", "description": "The order reference, e.g. OD123"},
                    "phone": {"type": "string", "pattern": "^\\+?[0-9 ]{10,15}$"},
                    "note": {"type": "string"},
                    "filters": {"type": "object", "properties": {
                        "since": {"type": "string", "format": "date"},
                        "limit": {"type": "integer", "minimum": 1, "maximum": 50}
                    }}
                },
                "required": ["order_id"],
                "additionalProperties": false
            },
            "strict": true
        }
    }]);
    let request = json!({
        "model": "gpt-4o-2024-08-06",
        "messages": messages,
        "tools": tools,
        "tool_choice": "auto",
        "temperature": 0.2,
        "top_p": 1,
        "max_tokens": 1024,
        "stream": true,
        "stream_options": {"include_usage": true},
        "user": "tenant-42/user-7",
    });
    serde_json::to_vec(&request).unwrap_or_default()
}

fn run(rewriter: &mut JsonRewriter, body: &[u8], visitor: &mut Identity, out: &mut Vec<u8>) {
    rewriter.reset();
    out.clear();
    let pushed = rewriter.push(body, out, visitor);
    assert!(pushed.is_ok() && rewriter.finish().is_ok());
}

fn bench(c: &mut Criterion) {
    let body = body();
    assert!(
        (BODY_LEN - 4096..BODY_LEN + 4096).contains(&body.len()),
        "body is {} bytes",
        body.len()
    );
    let value: Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut rewriter = JsonRewriter::default();
    let mut out = Vec::with_capacity(body.len() * 2);

    let mut group = c.benchmark_group("json_rewrite");
    group.throughput(Throughput::Bytes(body.len() as u64));
    for (name, select) in [
        ("copy", Select::Nothing),
        ("rewrite_all", Select::Everything),
        ("rewrite_user_text", user_text()),
    ] {
        let mut visitor = Identity {
            select,
            rewritten: 0,
        };
        run(&mut rewriter, &body, &mut visitor, &mut out);
        // stderr: test runners parse stdout of `--list` (nextest does).
        eprintln!(
            "{name}: {} bytes, {} strings rewritten",
            body.len(),
            visitor.rewritten
        );
        if name == "copy" {
            assert_eq!(out, body, "copy must be byte-exact");
        } else {
            assert!(visitor.rewritten > 50, "{name}: too few strings rewritten");
            // serde_json writes `\u001f`-style escapes as we do, but not
            // necessarily the same way for every character: compare values.
            let parsed: Value = serde_json::from_slice(&out).unwrap_or_default();
            assert_eq!(parsed, value, "{name}: rewritten body differs");
        }
        group.bench_function(name, |b| {
            b.iter(|| run(&mut rewriter, black_box(&body), &mut visitor, &mut out))
        });
    }
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).is_ok())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
