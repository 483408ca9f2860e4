//! Address expansion: an Indian PIN or a US `ST 12345` anchor grows
//! backwards over the segments (split at commas and line breaks) that look
//! like parts of a postal address. An anchor with no address around it
//! (`OTP 560038`) is dropped.

use std::ops::Range;

use crate::rules::RuleSet;

/// Grows `anchor` backwards (never before `floor`). Returns the whole
/// address span, or `None` when the anchor is not part of an address.
pub fn expand(
    rules: &RuleSet,
    text: &str,
    anchor: Range<usize>,
    floor: usize,
) -> Option<Range<usize>> {
    let cfg = &rules.address;
    let g = &rules.gazetteers;
    let anchor_text = &text[anchor.clone()];
    let is_zip = anchor_text
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic);
    if is_zip && !g.us_state_codes.contains(&anchor_text[..2]) {
        return None;
    }

    let lo = floor.max(anchor.start.saturating_sub(cfg.max_back_bytes));
    let mut start = anchor.start;
    let mut lines = 1;
    let mut evidence = Evidence::default();
    // Walk segments right to left: [seg_start, seg_end) ends at a separator
    // (or at the anchor for the first one).
    let mut seg_end = anchor.start;
    let mut first = true;
    loop {
        let region = &text[lo..seg_end];
        let sep_at = region.rfind([',', '\n', ';']).map(|i| lo + i);
        let seg_start = sep_at.map_or(lo, |i| i + 1);
        let raw = &text[seg_start..seg_end];
        let seg = raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | ':'));
        if seg.is_empty() {
            // A PIN right after "Bengaluru -" or on its own: keep walking,
            // but a blank line ends the address.
            if !first && raw.contains('\n') {
                break;
            }
        } else {
            match classify(rules, seg) {
                Segment::Part(kind) => {
                    evidence.add(kind);
                    start = seg_start + raw.find(seg).unwrap_or(0);
                }
                Segment::Tail(offset) => {
                    // A label or prose ends here; the address starts inside.
                    let inner = seg_start + raw.find(seg).unwrap_or(0) + offset;
                    if let Some(kind) = classify_part(rules, &text[inner..seg_end]) {
                        evidence.add(kind);
                        start = inner;
                    }
                    break;
                }
                Segment::Stop => break,
            }
        }
        first = false;
        let Some(sep) = sep_at else { break };
        if text.as_bytes()[sep] == b'\n' {
            lines += 1;
            if lines > cfg.max_lines || text[lo..sep].ends_with('\n') {
                break;
            }
        }
        seg_end = sep;
    }
    let trimmed = text[start..anchor.start].trim_start();
    let start = anchor.start - trimmed.len();
    evidence.sufficient(is_zip).then_some(start..anchor.end)
}

/// What an accepted segment contributed.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Has a house/plot/street number or a unit word.
    Number,
    /// Has a street or locality word.
    Street,
    /// Is a city or state.
    Place,
    /// A short capitalized phrase (a locality or building name).
    Named,
}

#[derive(Debug, Default)]
struct Evidence {
    number: bool,
    street: bool,
    place: bool,
    parts: usize,
}

impl Evidence {
    fn add(&mut self, kind: Kind) {
        self.parts += 1;
        match kind {
            Kind::Number => self.number = true,
            Kind::Street => self.street = true,
            Kind::Place => self.place = true,
            Kind::Named => {}
        }
    }

    /// An address needs a street line (number or street word) and, with a
    /// PIN, a second part: `Pune 411001` alone is a city, not an address.
    fn sufficient(&self, is_zip: bool) -> bool {
        let street_line = self.number || self.street;
        if is_zip {
            street_line && self.parts >= 2
        } else {
            street_line && (self.place || self.parts >= 2)
        }
    }
}

enum Segment {
    /// The whole segment belongs to the address.
    Part(Kind),
    /// The segment starts with a label or prose; the address may begin at
    /// this byte offset inside it.
    Tail(usize),
    /// Not part of an address.
    Stop,
}

fn classify(rules: &RuleSet, seg: &str) -> Segment {
    match (label_or_prose_prefix(rules, seg), classify_part(rules, seg)) {
        (None, Some(kind)) => Segment::Part(kind),
        (Some(offset), _) if offset < seg.len() => Segment::Tail(offset),
        _ => Segment::Stop,
    }
}

/// Offset where the address part of a segment begins, if the segment starts
/// with something else: a label (`Ship to:`, `HQ:`), prose (`please deliver
/// at`), or a token that is no part of an address (`{{phone:1}}`). The
/// address part is what follows the last such word.
fn label_or_prose_prefix(rules: &RuleSet, seg: &str) -> Option<usize> {
    let mut cut = None;
    for (_, r) in rules.address.labels.find_all(seg) {
        cut = Some(cut.map_or(r.end, |c: usize| c.max(r.end)));
    }
    let mut offset = 0;
    for word in seg.split_inclusive(char::is_whitespace) {
        let end = offset + word.len();
        if !is_address_word(rules, word.trim()) {
            cut = Some(cut.map_or(end, |c: usize| c.max(end)));
        }
        offset = end;
    }
    cut
}

/// Whether a whitespace-separated word can be part of an address line:
/// numbers (`302`, `4-5-67`, `#12`, `14th`), capitalized words, and
/// lower-case unit or street words (`near`, `cross`, `road`).
fn is_address_word(rules: &RuleSet, word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| matches!(c, ',' | '.' | '(' | ')' | '-' | '–' | '/' | '#' | '"'));
    if word.ends_with(':') || word.contains("{{") || word.contains("}}") || word.contains('@') {
        return false;
    }
    if w.is_empty() {
        return true;
    }
    let first = w.chars().next().unwrap_or(' ');
    first.is_ascii_digit()
        || first.is_uppercase()
        || rules.address.unit_words.contains(w)
        || rules.gazetteers.street_words.contains(w)
}

fn classify_part(rules: &RuleSet, seg: &str) -> Option<Kind> {
    let g = &rules.gazetteers;
    let seg = seg.trim();
    if seg.is_empty() || seg.len() > 80 {
        return None;
    }
    let words: Vec<&str> = seg
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '/' | '(' | ')' | '-' | '#'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 8 {
        return None;
    }
    if g.is_place(seg) || g.indian_states.contains(seg) {
        return Some(Kind::Place);
    }
    let has_digit = seg.bytes().any(|b| b.is_ascii_digit());
    let unit = words.iter().any(|w| rules.address.unit_words.contains(w));
    let street = words.iter().any(|w| g.street_words.contains(w));
    if has_digit || unit {
        // "Flat 302", "14th Cross", "#12": a number line. Long digit runs
        // without street words are phone or account numbers, not addresses.
        let longest_digits = seg
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        if longest_digits > 6 && !street {
            return None;
        }
        return Some(if street { Kind::Street } else { Kind::Number });
    }
    if street {
        return Some(Kind::Street);
    }
    // A short capitalized phrase: a locality, building or city not in our
    // lists ("Indiranagar", "Sai Residency").
    let capitalized = words
        .iter()
        .all(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
    if capitalized && words.len() <= 4 {
        let place = words.iter().any(|w| g.is_place(w));
        return Some(if place { Kind::Place } else { Kind::Named });
    }
    None
}
