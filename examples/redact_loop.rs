//! Redacts one bench text in a loop, for instruction counts under
//! callgrind (`scripts/profile-engine` runs it once per text and divides).
//!
//! The text is redacted twice first on the same `Scratch` (the lazy DFA
//! caches are then warm, as a worker's are), then `iterations` times inside
//! [`measured`], the only function callgrind collects in
//! (`--toggle-collect=*measured*`). Prints the iteration count, which the
//! script divides the collected instructions by.
//!
//! With `--cold`, a 64 MiB buffer is read through before every redact
//! inside the loop, so each redact starts with caches holding none of the
//! engine's code or tables: what a proxy serving a request every few
//! milliseconds between other processes sees. Under callgrind's cache
//! simulation (`COLD=1 scripts/profile-engine`) the eviction's own misses
//! are counted apart (the `evict_caches` function) and subtracted.
//!
//! Usage: cargo run --release --example redact_loop -- [--cold] <bench text name>
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
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cold = args.first().is_some_and(|a| a == "--cold");
    if cold {
        args.remove(0);
    }
    let want = args
        .first()
        .cloned()
        .ok_or("usage: redact_loop [--cold] <bench text name> | --list")?;
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
    let (iterations, mut evict) = if cold {
        // Eviction dominates a cold run's time, so fewer iterations.
        let n = (MEASURED_BYTES / 16 / text.len()).clamp(1, 64);
        (n, Some(vec![1u8; EVICT_BYTES]))
    } else {
        ((MEASURED_BYTES / text.len()).max(1), None)
    };
    let bytes = measured(&r, &mut scratch, text, iterations, evict.as_deref_mut());
    println!("{iterations} iterations, {bytes} bytes out");
    Ok(())
}

/// Bytes read through before each cold redact: several times any
/// last-level cache this runs on (and callgrind's simulated one).
const EVICT_BYTES: usize = 64 * 1024 * 1024;

/// The measured part: `iterations` redactions of `text`, each with a new
/// scope (as each request has), each after [`evict_caches`] when `evict`
/// is given. Returns the output bytes, so the work is not optimized away.
#[inline(never)]
fn measured(
    r: &Redactor,
    scratch: &mut Scratch,
    text: &str,
    iterations: usize,
    mut evict: Option<&mut [u8]>,
) -> usize {
    let mut total = 0;
    for _ in 0..iterations {
        if let Some(buf) = evict.as_deref_mut() {
            evict_caches(buf);
        }
        let mut scope = Scope::new();
        let out = r
            .redact(scratch, black_box(text), &mut scope)
            .unwrap_or_default();
        total += black_box(out).len();
    }
    total
}

/// Writes one byte per cache line of `buf`, so every line of every cache
/// level now holds `buf` instead of what the redactor used. Writes, not
/// reads: dirty lines must be written back, as another process's would.
#[inline(never)]
fn evict_caches(buf: &mut [u8]) {
    for line in buf.chunks_mut(64) {
        line[0] = line[0].wrapping_add(1);
    }
    black_box(&buf[0]);
}
