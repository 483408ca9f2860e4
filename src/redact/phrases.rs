//! A [`WordMatcher`] search over a text, run lazily: only the stretches the
//! name pass asks about are searched, yet the whole-word matches it reports
//! there are exactly those of one search over the whole text.
//!
//! Why it is exact: the search reports leftmost-longest raw matches and
//! resumes after each one, so a raw match that is later dropped (it starts
//! inside a word) still hides what overlaps it. Where the next search
//! starts therefore matters, but only within a run of bytes that phrases
//! can contain: no raw match spans a *cut* byte (one that no phrase holds),
//! so a search started right after a cut finds the same matches from there
//! on as a search started anywhere before it.

use std::ops::Range;

use crate::rules::{WordMatcher, whole_word};

/// A whole-word match: pattern index and byte range.
pub(super) type PhraseMatch = (usize, Range<usize>);

/// The incremental search; see the module docs.
pub(super) struct LazyPhrases<'a> {
    matcher: &'a WordMatcher,
    text: &'a str,
    /// Where the whole-text search starts (the start counts as a word
    /// boundary, as in [`WordMatcher::find_all`]).
    floor: usize,
    /// Where the next raw search starts: a point the whole-text search
    /// also resumes from.
    resume: usize,
    /// The next raw match, found while looking further than asked.
    pending: Option<PhraseMatch>,
    /// Whole-word matches found so far, in text order. Complete from the
    /// last skip on. Given back by [`LazyPhrases::into_found`], so that its
    /// capacity outlives the search.
    found: Vec<PhraseMatch>,
}

impl<'a> LazyPhrases<'a> {
    /// A search of `text[floor..]` that has not looked at anything yet,
    /// keeping its matches in `found` (emptied first).
    pub(super) fn new(
        matcher: &'a WordMatcher,
        text: &'a str,
        floor: usize,
        mut found: Vec<PhraseMatch>,
    ) -> LazyPhrases<'a> {
        found.clear();
        // A 2 KB chat has a few phrase matches: room for them without
        // a growth step (each copies what was found).
        found.reserve(16);
        LazyPhrases {
            matcher,
            text,
            floor,
            resume: floor,
            pending: None,
            found,
        }
    }

    /// Searches on, and returns the whole-word matches found so far, in
    /// text order. Among them is every match that starts before `until`
    /// and ends after the largest `from` of this and earlier calls: the
    /// search may skip ahead to the last cut at or before `from`, and a
    /// match ending after a cut starts after it.
    pub(super) fn search(&mut self, from: usize, until: usize) -> &[PhraseMatch] {
        self.skip_to(from);
        let bytes = self.text.as_bytes();
        loop {
            let m = match self.pending.take() {
                Some(m) => m,
                None => {
                    if self.resume >= until {
                        break;
                    }
                    // No byte that starts a phrase in [resume, until): no
                    // raw match starts there, as the search would find.
                    if !bytes[self.resume..until]
                        .iter()
                        .any(|&b| self.matcher.may_start(b))
                    {
                        self.resume = until;
                        break;
                    }
                    // A raw match that starts before `until` ends before
                    // `bound`, so bounding the search changes none of them.
                    let bound = (until + self.matcher.max_len()).min(bytes.len());
                    match self.matcher.raw_find(self.text, self.resume..bound) {
                        Some(m) if m.1.start < until => m,
                        // None starts in [resume, until): the whole-text
                        // search also resumes at or after `until`.
                        _ => {
                            self.resume = until;
                            break;
                        }
                    }
                }
            };
            if m.1.start >= until {
                self.pending = Some(m);
                break;
            }
            self.resume = m.1.end;
            if whole_word(bytes, self.floor, &m.1) {
                self.found.push(m);
            }
        }
        &self.found
    }

    /// The vector of matches, for the next search's [`LazyPhrases::new`].
    pub(super) fn into_found(self) -> Vec<PhraseMatch> {
        self.found
    }

    /// Moves the search forward to just after the last cut byte before
    /// `to`, if there is one past the current position.
    fn skip_to(&mut self, to: usize) {
        if to <= self.resume {
            return;
        }
        let bytes = self.text.as_bytes();
        let mut c = to;
        while c > self.resume && !self.matcher.is_cut(bytes[c - 1]) {
            c -= 1;
        }
        if c > self.resume {
            // The raw match found earlier cannot span the cut: it is either
            // wholly before it (skipped) or still the next one.
            if self.pending.as_ref().is_some_and(|p| p.1.start < c) {
                self.pending = None;
            }
            self.resume = c;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(words: &[&str]) -> WordMatcher {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        WordMatcher::new(&words).expect("builds")
    }

    /// Whatever stretches are asked about, and in whatever steps, the
    /// matches reported there are those of one search over the text.
    #[test]
    fn lazy_search_reports_what_one_full_search_finds() {
        let m = matcher(&["to", "talked to", "this is", "name:", "hi", "for"]);
        let text = "Hi, I stalked to Ravi. this is Anu; name: X, history for Bo. talked to Mo";
        let full: Vec<PhraseMatch> = m.find_all(text).collect();
        for step in 1..text.len() {
            let mut lazy = LazyPhrases::new(&m, text, 0, Vec::new());
            let mut at = 0;
            let mut seen = Vec::new();
            while at < text.len() {
                let until = (at + step).min(text.len());
                seen = lazy.search(at.saturating_sub(m.max_len()), until).to_vec();
                at = until;
            }
            assert_eq!(seen, full, "step {step}");
        }
        // Sparse questions: the search skips ahead between them.
        for gap in 1..20 {
            for width in 1..6 {
                let mut lazy = LazyPhrases::new(&m, text, 0, Vec::new());
                let mut a = 0;
                while a < text.len() {
                    let b = (a + width).min(text.len());
                    let in_window = |f: &&PhraseMatch| f.1.end > a && f.1.start < b;
                    let from = a.saturating_sub(m.max_len());
                    let got: Vec<_> = lazy
                        .search(from, b)
                        .iter()
                        .filter(in_window)
                        .cloned()
                        .collect();
                    let want: Vec<_> = full.iter().filter(in_window).cloned().collect();
                    assert_eq!(got, want, "gap {gap} width {width} at {a}");
                    a = b + gap;
                }
            }
        }
        // "to" inside "stalked to" is hidden by the dropped raw match
        // "talked to", in the lazy search as in the full one.
        assert!(
            !full
                .iter()
                .any(|f| &text[f.1.clone()] == "to" && f.1.start < 20)
        );
    }
}
