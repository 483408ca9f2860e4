//! Word lists (`rules/gazetteers/*.txt`): one lower-case entry per line,
//! `#` comments. Looked up per word with a hash set: a gazetteer only ever
//! matches whole words, so hashing the word under the cursor is both exact
//! and cheaper than running an automaton of ~30k names over every byte.
//!
//! The set hashes with FxHash, not SipHash: lookups are the name detector's
//! inner loop (several per word of input) and SipHash was a third of the
//! redaction time. Flooding is not a concern here because the sets are
//! built once from the rule files and never grow with input; a lookup costs
//! at most the longest probe sequence of a fixed table.

use rustc_hash::FxHashSet;

use super::{RulesError, SourceFile};

/// One word list.
#[derive(Debug, Default)]
pub struct Gazetteer {
    words: FxHashSet<Box<[u8]>>,
    longest: usize,
}

impl Gazetteer {
    /// Parses a word list; `file` is used in errors.
    pub fn parse(file: &str, text: &str) -> Result<Gazetteer, RulesError> {
        let mut g = Gazetteer::default();
        for (i, line) in text.lines().enumerate() {
            let entry = line.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let bad = entry
                .chars()
                .find(|c| !(c.is_ascii_lowercase() || matches!(c, ' ' | '-' | '\'' | '.')));
            if let Some(c) = bad {
                return Err(RulesError::Gazetteer {
                    file: file.to_owned(),
                    line: i + 1,
                    message: format!("entries are lower-case ASCII words; found {c:?}"),
                });
            }
            g.longest = g.longest.max(entry.len());
            g.words.insert(entry.as_bytes().into());
        }
        Ok(g)
    }

    /// Whether `word` (any ASCII case) is in the list. Allocation-free.
    pub fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        if bytes.len() > self.longest || bytes.is_empty() {
            return false;
        }
        let mut buf = [0u8; 64];
        match buf.get_mut(..bytes.len()) {
            Some(lower) => {
                lower.copy_from_slice(bytes);
                lower.make_ascii_lowercase();
                self.words.contains(&*lower)
            }
            None => self.words.contains(word.to_ascii_lowercase().as_bytes()),
        }
    }

    /// Every entry, lower-case.
    pub fn entries(&self) -> impl Iterator<Item = &[u8]> {
        self.words.iter().map(|w| &**w)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Every word list the detectors use.
#[derive(Debug)]
pub struct Gazetteers {
    /// Given names, Indian and Western.
    pub first_names: Gazetteer,
    /// Family names, Indian and Western.
    pub surnames: Gazetteer,
    /// Names that are also common words; they need a cue.
    pub ambiguous_names: Gazetteer,
    /// Indian cities and towns.
    pub indian_cities: Gazetteer,
    /// Indian states and union territories.
    pub indian_states: Gazetteer,
    /// US state names.
    pub us_states: Gazetteer,
    /// USPS two-letter state codes.
    pub us_state_codes: Gazetteer,
    /// Largest US cities.
    pub us_cities: Gazetteer,
    /// Street, locality and building words.
    pub street_words: Gazetteer,
}

impl Gazetteers {
    /// Builds all lists from `gazetteers/<name>.txt` files in `files`.
    pub fn from_files(files: &[SourceFile]) -> Result<Gazetteers, RulesError> {
        let load = |name: &str| {
            let path = format!("gazetteers/{name}.txt");
            let file = files
                .iter()
                .find(|f| f.name == path)
                .ok_or_else(|| RulesError::MissingFile { file: path.clone() })?;
            Gazetteer::parse(&file.name, &file.text)
        };
        Ok(Gazetteers {
            first_names: load("first_names")?,
            surnames: load("surnames")?,
            ambiguous_names: load("ambiguous_names")?,
            indian_cities: load("indian_cities")?,
            indian_states: load("indian_states")?,
            us_states: load("us_states")?,
            us_state_codes: load("us_state_codes")?,
            us_cities: load("us_cities")?,
            street_words: load("street_words")?,
        })
    }

    /// Whether `phrase` names a place (city or state, India or US).
    pub fn is_place(&self, phrase: &str) -> bool {
        self.indian_cities.contains(phrase)
            || self.indian_states.contains(phrase)
            || self.us_states.contains(phrase)
            || self.us_cities.contains(phrase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_skip_comments() {
        let g = Gazetteer::parse("t.txt", "# source: test\npriya\nmary-jane\no'connor\n").unwrap();
        assert_eq!(g.len(), 3);
        assert!(g.contains("Priya") && g.contains("PRIYA") && g.contains("O'Connor"));
        assert!(!g.contains("Pri") && !g.contains(""));
    }

    #[test]
    fn malformed_entry_names_file_and_line() {
        let err = Gazetteer::parse("gazetteers/x.txt", "ok\nBad\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "gazetteers/x.txt:2: entries are lower-case ASCII words; found 'B'"
        );
    }
}
