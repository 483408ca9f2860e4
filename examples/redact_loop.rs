//! Redacts one bench text in a loop, for instruction counts under
//! callgrind (`scripts/profile-engine` runs it once per text and divides).
//!
//! The text is redacted twice first on the same `Scratch` (the lazy DFA
//! caches are then warm, as a worker's are), then `iterations` times inside
//! [`measured`], the only function callgrind collects in
//! (`--toggle-collect=*measured*`). Prints the iteration count, which the
//! script divides the collected instructions by.
//!
//! Usage: cargo run --release --example redact_loop -- <bench text name>
//!        cargo run --release --example redact_loop -- --list

use std::hint::black_box;
use std::sync::Arc;

use veil::policy::Policy;
use veil::redact::{Redactor, Scope, Scratch};
use veil::rules::RuleSet;

#[path = "../benches/support/texts.rs"]
mod texts;

/// About this many bytes are redacted inside [`measured`] (at least one
/// iteration), so small texts are averaged over many calls.
const MEASURED_BYTES: usize = 512 * 1024;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let want = std::env::args()
        .nth(1)
        .ok_or("usage: redact_loop <bench text name> | --list")?;
    let all = texts::all(true);
    if want == "--list" {
        for (name, _) in &all {
            println!("{name}");
        }
        return Ok(());
    }
    let (_, text) = all
        .iter()
        .find(|(name, _)| *name == want)
        .ok_or_else(|| format!("no bench text {want:?}; try --list"))?;
    let r = Redactor::new(Arc::new(RuleSet::embedded()?), Policy::default());
    let mut scratch = r.scratch();
    for _ in 0..2 {
        r.redact(&mut scratch, text, &mut Scope::new())?;
    }
    let iterations = (MEASURED_BYTES / text.len()).max(1);
    let bytes = measured(&r, &mut scratch, text, iterations);
    println!("{iterations} iterations, {bytes} bytes out");
    Ok(())
}

/// The measured part: `iterations` redactions of `text`, each with a new
/// scope (as each request has). Returns the output bytes, so the work is
/// not optimized away.
#[inline(never)]
fn measured(r: &Redactor, scratch: &mut Scratch, text: &str, iterations: usize) -> usize {
    let mut total = 0;
    for _ in 0..iterations {
        let mut scope = Scope::new();
        let out = r
            .redact(scratch, black_box(text), &mut scope)
            .unwrap_or_default();
        total += black_box(out).len();
    }
    total
}
