//! Streaming redaction: text arrives in chunks, output leaves in chunks,
//! and the result is byte-for-byte the one-shot result.
//!
//! Every detection is local: a pattern match is at most
//! `MAX_PATTERN_MATCH_LEN` bytes, an address grows back at most
//! `max_back_bytes`, context words are looked for a bounded distance before.
//! So text more than [`StreamRedactor::carry`] bytes before the end of what
//! has arrived can no longer change: it is scanned, rendered and released,
//! and only the carry (plus a little left context) is kept.

use super::plan::RedactError;
use super::scope::Scope;
use super::{PlanScratch, Redactor, Scratch, scan_from};
use crate::entity::Entity;

/// Bytes of right context a decision may look at past an entity's end
/// (boundary checks, isolation, name continuation).
const LOOKAHEAD: usize = 128;

// `context_after` rules look ahead too; the carry must cover them.
const _: () = assert!(crate::rules::MAX_CONTEXT_AFTER <= LOOKAHEAD);

/// Process once at least this many new bytes are past the carry, so small
/// chunks do not each trigger a rescan of the carry.
const MIN_BATCH: usize = 4096;

/// Incremental redactor over one text stream. Memory is bounded by
/// `carry + MIN_BATCH + chunk size`.
#[derive(Debug)]
pub struct StreamRedactor {
    buf: String,
    /// Start of the text not yet released, as an offset in `buf`.
    pending: usize,
    /// End of the last released pattern entity, as an offset in `buf` (0
    /// when none is left in `buf`): the one-shot scan's address floor.
    floor: usize,
    /// New bytes needed past the carry before a scan runs.
    batch: usize,
}

impl Default for StreamRedactor {
    fn default() -> Self {
        StreamRedactor::with_batch(MIN_BATCH)
    }
}

impl StreamRedactor {
    /// A new stream.
    pub fn new() -> StreamRedactor {
        StreamRedactor::default()
    }

    /// A new stream that scans once `batch` new bytes are past the carry.
    /// Smaller batches release output sooner and rescan the carry more often;
    /// the output is the same for every batch size.
    pub fn with_batch(batch: usize) -> StreamRedactor {
        StreamRedactor {
            buf: String::new(),
            pending: 0,
            floor: 0,
            batch,
        }
    }

    /// Bytes held back at the end of the input between pushes.
    pub fn carry(redactor: &Redactor) -> usize {
        redactor.rules().max_entity_len() + LOOKAHEAD
    }

    /// Adds a chunk; appends whatever output is final to `out`.
    pub fn push(
        &mut self,
        redactor: &Redactor,
        scratch: &mut Scratch,
        scope: &mut Scope,
        chunk: &str,
        out: &mut String,
    ) -> Result<(), RedactError> {
        self.buf.push_str(chunk);
        let carry = Self::carry(redactor);
        if self.buf.len() < self.pending + carry + self.batch {
            return Ok(());
        }
        let mut limit = self.buf.len() - carry;
        while !self.buf.is_char_boundary(limit) {
            limit -= 1;
        }
        scan_from(
            redactor.rules(),
            scratch,
            &self.buf,
            self.pending,
            self.floor,
        );
        let found = &scratch.found;
        // Release up to `limit`, or up to the start of the first match that
        // crosses it (context word included: `order #` + id).
        let cut = found
            .iter()
            .find(|f| f.entity.end > limit)
            .map_or(limit, |f| f.match_start.min(limit));
        let done = &found[..found.iter().take_while(|f| f.entity.end <= cut).count()];
        if let Some(last) = done.iter().rev().find(|f| f.is_pattern) {
            self.floor = last.entity.end;
        }
        let done = done.iter().map(|f| f.entity);
        self.release(redactor, &mut scratch.plan, scope, done, cut, out)?;
        self.trim(redactor);
        Ok(())
    }

    /// Ends the stream: everything still held is scanned and released.
    pub fn finish(
        &mut self,
        redactor: &Redactor,
        scratch: &mut Scratch,
        scope: &mut Scope,
        out: &mut String,
    ) -> Result<(), RedactError> {
        scan_from(
            redactor.rules(),
            scratch,
            &self.buf,
            self.pending,
            self.floor,
        );
        let entities = scratch.found.iter().map(|f| f.entity);
        let end = self.buf.len();
        let released = self.release(redactor, &mut scratch.plan, scope, entities, end, out);
        scratch.shrink_oversized();
        released?;
        self.buf.clear();
        self.pending = 0;
        self.floor = 0;
        Ok(())
    }

    /// Renders `buf[pending..cut]` with `entities` (all inside it).
    fn release(
        &mut self,
        redactor: &Redactor,
        plan: &mut PlanScratch,
        scope: &mut Scope,
        entities: impl Iterator<Item = Entity>,
        cut: usize,
        out: &mut String,
    ) -> Result<(), RedactError> {
        let base = self.pending;
        let text = &self.buf[base..cut];
        // An entity reaching back into released text would be a scanner bug;
        // redact what is left of it rather than let any of it through raw.
        let shifted = entities.filter(|e| e.end > base).map(|e| Entity {
            ty: e.ty,
            start: e.start.max(base) - base,
            end: e.end - base,
        });
        plan.redact(redactor.policy(), text, shifted, scope, out)?;
        self.pending = cut;
        Ok(())
    }

    /// Drops released text, keeping enough before `pending` for context
    /// words and for an address growing back from an anchor after `pending`.
    fn trim(&mut self, redactor: &Redactor) {
        let rules = redactor.rules();
        let keep = rules.max_lookbehind().max(rules.address.max_back_bytes) + LOOKAHEAD;
        let mut drop_to = self.pending.saturating_sub(keep);
        while !self.buf.is_char_boundary(drop_to) {
            drop_to -= 1;
        }
        if drop_to > 0 {
            self.buf.drain(..drop_to);
            self.pending -= drop_to;
            self.floor = self.floor.saturating_sub(drop_to);
        }
    }
}
