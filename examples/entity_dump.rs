//! Prints every entity the engine finds, and the redacted text, for every
//! text the repository holds: the labeled corpora (`tests/corpus`,
//! `tests/corpus_holdout`), the rules' examples and counterexamples, and
//! the bench texts (`benches/support/texts.rs`, at the sizes `cargo bench`
//! measures).
//!
//! Its use: a change meant to make the engine faster must not change what
//! it detects. Dump at the base commit and at the change, and diff
//! (`scripts/entity-dump` does both). The output holds the raw test texts,
//! which are synthetic; it is written to a file, not committed.
//!
//! Per text: a `== source` header, one `type start end` line per entity
//! (byte offsets), the redacted text, and an FNV-1a hash of the output of
//! the streaming redactor fed the text in 97-byte chunks (it calls the
//! scan with a start offset and an address floor, paths the one-shot call
//! does not take).
//!
//! Usage: cargo run --release --example entity_dump > dump.txt

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use veil::policy::Policy;
use veil::redact::{Redactor, Scope, StreamRedactor};
use veil::rules::RuleSet;

#[path = "../benches/support/texts.rs"]
mod texts;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = Arc::new(RuleSet::embedded()?);
    let r = Redactor::new(rules.clone(), Policy::default());
    let mut sources: Vec<(String, String)> = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["tests/corpus", "tests/corpus_holdout"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        for file in files {
            let name = file.strip_prefix(root)?.display().to_string();
            for (n, line) in std::fs::read_to_string(&file)?.lines().enumerate() {
                let v: serde_json::Value = serde_json::from_str(line)?;
                let text = v["text"].as_str().ok_or("a corpus line without text")?;
                sources.push((format!("{name}:{}", n + 1), text.to_owned()));
            }
        }
    }
    for (n, ex) in rules.examples.iter().enumerate() {
        sources.push((
            format!("rules {} {} #{n}", ex.file, ex.rule),
            ex.text.clone(),
        ));
    }
    for (name, text) in texts::all(true) {
        sources.push((format!("bench {name}"), text));
    }

    let mut scratch = r.scratch();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (name, text) in &sources {
        let mut block = format!("== {name}\n");
        for e in r.scan(&mut scratch, text) {
            writeln!(block, "{} {} {}", e.ty.as_str(), e.start, e.end)?;
        }
        let mut scope = Scope::new();
        match r.redact(&mut scratch, text, &mut scope) {
            Ok(redacted) => writeln!(block, "-> {redacted}")?,
            Err(e) => writeln!(block, "-> error: {e}")?,
        }
        writeln!(block, "stream {:016x}", fnv(&streamed(&r, text)))?;
        out.write_all(block.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// `text` redacted by a [`StreamRedactor`] in 97-byte chunks (cut at char
/// boundaries), with a small batch so it scans many times.
fn streamed(r: &Redactor, text: &str) -> String {
    let mut scratch = r.scratch();
    let mut scope = Scope::new();
    let mut stream = StreamRedactor::with_batch(512);
    let mut out = String::new();
    let mut at = 0;
    while at < text.len() {
        let mut end = (at + 97).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if let Err(e) = stream.push(r, &mut scratch, &mut scope, &text[at..end], &mut out) {
            return format!("error: {e}");
        }
        at = end;
    }
    if let Err(e) = stream.finish(r, &mut scratch, &mut scope, &mut out) {
        return format!("error: {e}");
    }
    out
}

/// FNV-1a, 64 bits: a stable fingerprint of a long output.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
