//! The JSON rewriter must never panic, must give the same output (or the
//! same error) however its input is cut, must copy byte-exact what it does
//! not rewrite, must accept exactly what serde_json accepts, and must
//! rewrite exactly the string values its visitor picks.
//!
//! Input layout: byte 0 picks the visitor's selection (bit 0) and a chunk
//! size (the rest), bytes 1-2 pick a split point, the rest is the document
//! (any bytes).

#![no_main]

use std::convert::Infallible;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use veil::json::{JsonError, JsonRewriter, Limits, Path, RewriteError, StringVisitor};

/// Bytes of decoded text the rewriter may gather for the visitor.
const GATHER_BOUND: usize = 4 << 10;

/// Upper-cases the string values it picks (all, or those at an even
/// depth), holding back each piece's last character like a streaming
/// visitor that needs right context; `None` picks nothing.
struct Upper {
    even_only: Option<bool>,
    held: String,
}

impl Upper {
    fn new(even_only: Option<bool>) -> Self {
        Upper {
            even_only,
            held: String::new(),
        }
    }

    fn picks(even_only: Option<bool>, depth: usize) -> bool {
        match even_only {
            None => false,
            Some(false) => true,
            Some(true) => depth.is_multiple_of(2),
        }
    }
}

impl StringVisitor for Upper {
    type Error = Infallible;
    fn begin(&mut self, path: &Path<'_>) -> bool {
        assert!(self.held.is_empty(), "end not called");
        Upper::picks(self.even_only, path.len())
    }
    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Infallible> {
        assert!(!decoded.is_empty(), "empty piece");
        self.held.push_str(decoded);
        let last = self.held.char_indices().last().map_or(0, |(i, _)| i);
        out.push_str(&self.held[..last].to_uppercase());
        self.held.drain(..last);
        Ok(())
    }
    fn end(&mut self, out: &mut String) -> Result<(), Infallible> {
        out.push_str(&self.held.to_uppercase());
        self.held.clear();
        Ok(())
    }
}

/// Rewrites `chunks` in order, checking the memory bound after each push.
fn run<'a>(
    chunks: impl IntoIterator<Item = &'a [u8]>,
    even_only: Option<bool>,
) -> Result<Vec<u8>, JsonError> {
    let limits = Limits::default();
    let bound = limits.max_depth * limits.max_key_len + GATHER_BOUND + 4;
    let mut rewriter = JsonRewriter::new(limits);
    let mut visitor = Upper::new(even_only);
    let mut out = Vec::new();
    for chunk in chunks {
        rewriter
            .push(chunk, &mut out, &mut visitor)
            .map_err(|e| match e {
                RewriteError::Json(e) => e,
            })?;
        assert!(rewriter.held_len() <= bound);
    }
    rewriter.finish()?;
    Ok(out)
}

fn upper_values(value: &Value, even_only: Option<bool>, depth: usize) -> Value {
    match value {
        Value::String(s) if Upper::picks(even_only, depth) => Value::String(s.to_uppercase()),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| upper_values(v, even_only, depth + 1))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), upper_values(v, even_only, depth + 1)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fuzz_target!(|data: &[u8]| {
    let [mode, hi, lo, doc @ ..] = data else {
        return;
    };
    let even_only = mode & 1 == 1;
    let chunk_len = usize::from(mode >> 1) % 17 + 1;
    let at = usize::from(u16::from_be_bytes([*hi, *lo])) % (doc.len() + 1);
    let (a, b) = doc.split_at(at);

    // Copying: byte-exact, and the same verdict for every cut.
    let copied = run([doc], None);
    if let Ok(out) = &copied {
        assert_eq!(out, doc, "copy changed the document");
    }
    assert_eq!(run([a, b], None), copied, "split at {at}");
    assert_eq!(
        run(doc.chunks(chunk_len), None),
        copied,
        "chunks of {chunk_len}"
    );

    // Rewriting: the same verdict as copying, and cut-independent.
    let select = Some(even_only);
    let rewritten = run([doc], select);
    assert_eq!(
        rewritten.as_ref().err(),
        copied.as_ref().err(),
        "visitor changed the verdict"
    );
    assert_eq!(run([a, b], select), rewritten, "rewrite split at {at}");
    assert_eq!(
        run(doc.chunks(chunk_len), select),
        rewritten,
        "rewrite chunks of {chunk_len}"
    );

    // serde_json agrees, except that it refuses numbers beyond f64 and
    // nesting of 128 levels (its limit is one lower).
    match (rewritten, serde_json::from_slice::<Value>(doc)) {
        (Ok(out), Ok(value)) => {
            let got: Value = serde_json::from_slice(&out).expect("output is JSON");
            assert_eq!(got, upper_values(&value, select, 0));
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) if e.is_syntax() && e.to_string().contains("number out of range") => {}
        (Ok(_), Err(e)) if e.to_string().contains("recursion limit") => {}
        (Err(JsonError::TooDeep { .. } | JsonError::KeyTooLong { .. }), Ok(_)) => {}
        (ours, theirs) => panic!("disagree: rewriter {ours:?}, serde_json {theirs:?}"),
    }
});
