//! Person names: gazetteers + capitalization + cues.
//!
//! A capitalized word from the first-name list starts a name unless it is
//! also a common word or a place (those need a cue). Cues are titles
//! (`Mr.`, `Smt`), phrases (`my name is`, `spoke to`) and sign-offs
//! (`Thanks,\nWill`). A name extends over following capitalized surnames or
//! first names and back over initials (`R. K. Sharma`).

use std::ops::Range;

use crate::entity::{Entity, EntityType};
use crate::rules::{Lexicon, Lists, RuleSet};

/// Longest name in words; also bounds how far a name looks ahead.
const MAX_NAME_WORDS: usize = 4;

/// How strongly the text before a word says "a name follows".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    None,
    /// `ask`, `dear`, `from`: a capitalized gazetteer word is a name even if
    /// it is also a common word.
    Weak,
    /// `my name is`, `this is`, titles, sign-offs: lower-case gazetteer
    /// words count too, and a capitalized unknown word after a title.
    Strong,
    /// A title (`Mr.`): any capitalized word that is not a stop word.
    Title,
}

/// Finds names starting at or after `from` that do not overlap `taken`
/// (sorted, from the pattern pass). Appends to `out` in order.
pub fn find(rules: &RuleSet, text: &str, from: usize, taken: &[Entity], out: &mut Vec<Entity>) {
    let lookbehind_start = floor_char(text, from.saturating_sub(rules.max_lookbehind()));
    let mut cue_ends: Vec<(usize, Cue)> = rules
        .names
        .cues
        .find_all(&text[lookbehind_start..])
        .map(|(pid, r)| {
            let cue = if pid < rules.names.strong_count {
                Cue::Strong
            } else {
                Cue::Weak
            };
            (lookbehind_start + r.end, cue)
        })
        .collect();
    cue_ends.sort_unstable();
    // Festivals, landmarks, teams: phrases no name is found inside.
    let blocked: Vec<Range<usize>> = rules
        .names
        .not_names
        .find_all(&text[lookbehind_start..])
        .map(|(_, r)| lookbehind_start + r.start..lookbehind_start + r.end)
        .collect();
    let mut blocked_idx = 0;

    let lex = &rules.names.lexicon;
    let bytes = text.as_bytes();
    let mut i = from;
    let mut taken_idx = 0;
    while i < bytes.len() {
        // Next word start: an ASCII letter not preceded by a word byte.
        if !bytes[i].is_ascii_alphabetic() || (i > 0 && is_name_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let word = word_at(text, i);
        // An initial ("R." in "R. K. Sharma") is taken in from the word
        // after it, never a name by itself.
        if word.len() == 1 && bytes.get(word.end) == Some(&b'.') {
            i = word.end;
            continue;
        }
        while taken_idx < taken.len() && taken[taken_idx].end <= i {
            taken_idx += 1;
        }
        if taken.get(taken_idx).is_some_and(|t| t.start < word.end) {
            i = word.end.max(i + 1);
            continue;
        }
        while blocked_idx < blocked.len() && blocked[blocked_idx].end <= i {
            blocked_idx += 1;
        }
        if let Some(b) = blocked.get(blocked_idx)
            && b.start < word.end
        {
            i = b.end.max(word.end);
            continue;
        }
        let next_blocked = blocked.get(blocked_idx).map_or(text.len(), |b| b.start);
        let capitalized = bytes[i].is_ascii_uppercase();
        let lists = lex.lookup(&text[word.clone()]);
        // A lower-case word starts a name only after a strong cue and only
        // if it is a listed name; most words of running text stop here,
        // before the cue look-back.
        if !capitalized && !listed_as(lex, &text[word.clone()], lists, Lists::NAME) {
            i = word.end;
            continue;
        }
        let cue = cue_before(rules, text, i, &cue_ends);
        if !capitalized && cue < Cue::Strong {
            i = word.end;
            continue;
        }
        let limit = taken
            .get(taken_idx)
            .map_or(text.len(), |t| t.start)
            .min(next_blocked);
        match name_at(rules, text, word.clone(), lists, cue, limit) {
            Some(span) => {
                out.push(Entity {
                    ty: EntityType::Name,
                    start: span.start,
                    end: span.end,
                });
                i = span.end;
            }
            None => i = word.end,
        }
    }
}

/// Decides whether the word at `first` starts a name, and how far it goes.
fn name_at(
    rules: &RuleSet,
    text: &str,
    first: Range<usize>,
    lists: Lists,
    cue: Cue,
    limit: usize,
) -> Option<Range<usize>> {
    let lex = &rules.names.lexicon;
    let w = &text[first.clone()];
    let capitalized = w.as_bytes()[0].is_ascii_uppercase();
    if lists.any(Lists::STOP.or(Lists::TITLE)) {
        return None;
    }
    let first_name = listed_as(lex, w, lists, Lists::FIRST_NAME);
    let surname = listed_as(lex, w, lists, Lists::SURNAME);
    let ambiguous = lists.any(Lists::AMBIGUOUS);
    let place = lists.any(Lists::PLACE);

    // The words that follow and could continue the name.
    let rest = continuation(rules, text, first.end, limit, capitalized);
    let next = rest
        .first()
        .map(|r| &text[word_at(text, last_word_start(text, r))]);
    let next_lists = next.map_or(Lists::NONE, |n| lex.lookup(n));
    let next_listed = |which: Lists| next.is_some_and(|n| listed_as(lex, n, next_lists, which));
    let followed_by_surname = next_listed(Lists::SURNAME);
    let followed_by_name = next_listed(Lists::NAME);
    let all_caps = w.bytes().all(|b| !b.is_ascii_lowercase()) && w.len() > 1;

    // "Mohan Road", "Gandhi Nagar": a street, not a person.
    let word_after = next_word(text, first.end);
    if cue != Cue::Title && word_after.is_some_and(|n| lex.lookup(n).any(Lists::STREET)) {
        return None;
    }
    let initials = initials_before(text, first.start);
    let starts = match cue {
        Cue::Title => capitalized || first_name || surname,
        Cue::Strong => first_name || surname || (capitalized && !place && !rest.is_empty()),
        // "officer: Manpreet Chaudhary": after a cue, an unlisted first
        // name is accepted when a listed surname follows.
        Cue::Weak => {
            capitalized
                && (first_name || surname || followed_by_name)
                && (!place || followed_by_surname)
        }
        // Without a cue an all-caps word alone is an acronym (`LAN`, `ATM`).
        Cue::None => {
            capitalized
                && !(all_caps && rest.is_empty())
                && ((first_name && (followed_by_surname || (!ambiguous && !place)))
                    || (surname && initials.is_some()))
        }
    };
    if !starts {
        return None;
    }
    let end = rest.last().map_or(first.end, |r| r.end);
    // "Tata Motors", "Kotak Mahindra Bank", "Ola app": an organisation.
    if cue != Cue::Title && next_word(text, end).is_some_and(|n| lex.lookup(n).any(Lists::ORG)) {
        return None;
    }
    let start = initials.unwrap_or(first.start);
    Some(start..end)
}

/// Words after a name's first word that continue it: capitalized (or, after
/// a lower-case start, listed) names separated by one space.
fn continuation(
    rules: &RuleSet,
    text: &str,
    mut at: usize,
    limit: usize,
    capitalized: bool,
) -> Vec<Range<usize>> {
    let lex = &rules.names.lexicon;
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    while words.len() + 1 < MAX_NAME_WORDS {
        // Exactly one space (or a space after an initial's dot) between parts.
        if bytes.get(at) != Some(&b' ') {
            break;
        }
        let start = at + 1;
        if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
        // A middle initial ("Dylan B. Kelly") joins the word after it.
        let initial = capitalized
            && bytes[start].is_ascii_uppercase()
            && bytes.get(start + 1) == Some(&b'.')
            && bytes.get(start + 2) == Some(&b' ')
            && bytes.get(start + 3).is_some_and(u8::is_ascii_uppercase);
        let word_start = if initial { start + 3 } else { start };
        let word = word_at(text, word_start);
        if word.end > limit {
            break;
        }
        let w = &text[word.clone()];
        let lists = lex.lookup(w);
        let listed = listed_as(lex, w, lists, Lists::NAME);
        let cap = bytes[start].is_ascii_uppercase();
        let stop = lists.any(Lists::STOP.or(Lists::TITLE).or(Lists::ORG));
        let single_initial = w.len() == 1;
        // After a middle initial the word is a surname even when it is
        // also a common word ("Sofia S. Park").
        let surname_after_initial = initial && cap && lists.any(Lists::SURNAME);
        let ok = surname_after_initial
            || (!stop
                && !single_initial
                && if capitalized {
                    cap && (listed || !lists.any(Lists::PLACE)) && !lists.any(Lists::STREET)
                } else {
                    listed
                });
        if !ok {
            break;
        }
        words.push(start..word.end);
        at = word.end;
    }
    words
}

/// Start of the last word of a continuation part (`B. Kelly` → `Kelly`).
fn last_word_start(text: &str, part: &Range<usize>) -> usize {
    text[part.clone()]
        .rfind(' ')
        .map_or(part.start, |i| part.start + i + 1)
}

/// The word after one space at `at`, if any.
fn next_word(text: &str, at: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b' ') || !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    Some(&text[word_at(text, at + 1)])
}

/// `R. K. ` right before `at`: returns where the initials start.
fn initials_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = at;
    // Each initial is "X." followed by optional space, read right to left.
    loop {
        let mut j = i;
        while j > 0 && bytes[j - 1] == b' ' {
            j -= 1;
        }
        if j >= 2
            && bytes[j - 1] == b'.'
            && bytes[j - 2].is_ascii_uppercase()
            && (j == 2 || !is_name_byte(bytes[j - 3]))
        {
            i = j - 2;
            start = Some(i);
        } else {
            break;
        }
    }
    start
}

/// The strongest cue that ends right before `at` (only spaces and `:,-`
/// between): a title word, a cue phrase, or a sign-off line.
fn cue_before(rules: &RuleSet, text: &str, at: usize, cue_ends: &[(usize, Cue)]) -> Cue {
    let bytes = text.as_bytes();
    let mut j = at;
    // Skip initials so "Mr. R. K. Sharma" sees the title.
    if let Some(s) = initials_before(text, at) {
        j = s;
    }
    let mut gap_has_newline = false;
    while j > 0
        && matches!(
            bytes[j - 1],
            b' ' | b'\t' | b':' | b',' | b'-' | b'\n' | b'\r'
        )
    {
        gap_has_newline |= bytes[j - 1] == b'\n';
        j -= 1;
    }
    // The word before, for titles and sign-offs.
    let mut k = j;
    if k > 0 && bytes[k - 1] == b'.' {
        k -= 1;
    }
    let mut w_start = k;
    while w_start > 0 && is_name_byte(bytes[w_start - 1]) {
        w_start -= 1;
    }
    let lex = &rules.names.lexicon;
    let prev_word = lex.lookup(&text[w_start..k]);
    // `Mr.` may be listed with its dot.
    let prev = if k < j {
        lex.lookup(&text[w_start..j])
    } else {
        prev_word
    };
    let mut cue = Cue::None;
    if !gap_has_newline && (prev.any(Lists::TITLE) || prev_word.any(Lists::TITLE)) {
        cue = Cue::Title;
    } else if prev_word.any(Lists::SIGN_OFF) && (gap_has_newline || text[j..at].contains(',')) {
        cue = Cue::Strong;
    }
    if cue == Cue::None && !gap_has_newline {
        // A cue phrase may end inside the gap (`name:` before `: X`).
        let idx = cue_ends.partition_point(|&(e, _)| e <= at);
        if let Some(&(e, c)) = idx.checked_sub(1).and_then(|i| cue_ends.get(i))
            && e >= j
        {
            cue = c;
        }
    }
    cue
}

/// Whether `w`, whose own lists are `lists`, or for `Mary-Jane` each hyphen
/// part, is in one of `which`.
fn listed_as(lex: &Lexicon, w: &str, lists: Lists, which: Lists) -> bool {
    lists.any(which) || (w.contains('-') && lex.listed(w, which))
}

/// The word starting at `i`: letters with inner `'` or `-`, without a
/// possessive `'s` (`Gurpreet's laptop` → `Gurpreet`).
fn word_at(text: &str, i: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() {
        let b = bytes[j];
        let possessive = b == b'\''
            && matches!(bytes.get(j + 1), Some(b's' | b'S'))
            && !bytes.get(j + 2).is_some_and(u8::is_ascii_alphabetic);
        let inner = matches!(b, b'\'' | b'-')
            && !possessive
            && bytes.get(j + 1).is_some_and(u8::is_ascii_alphabetic)
            && j > i;
        if b.is_ascii_alphabetic() || inner {
            j += 1;
        } else {
            break;
        }
    }
    i..j
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' || b == b'_'
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
