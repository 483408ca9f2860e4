//! Every word list the name detector consults, merged into one table:
//! word → the set of lists that hold it.
//!
//! The name pass asks up to a dozen questions about each capitalized word
//! (a first name? a surname? a place? a street word? a stop word?). With
//! one hash set per list that was a dozen hashes per word and most of the
//! redaction time; here it is one lookup whose answer is a bit set.

use rustc_hash::FxHashMap;

use super::gazetteer::Gazetteer;

/// A set of word lists, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lists(u16);

impl Lists {
    /// No list.
    pub const NONE: Lists = Lists(0);
    /// Given names.
    pub const FIRST_NAME: Lists = Lists(1 << 0);
    /// Family names.
    pub const SURNAME: Lists = Lists(1 << 1);
    /// Names that are also common words.
    pub const AMBIGUOUS: Lists = Lists(1 << 2);
    /// Cities and states, India and US.
    pub const PLACE: Lists = Lists(1 << 3);
    /// Street, locality and building words.
    pub const STREET: Lists = Lists(1 << 4);
    /// Capitalized words that are never part of a name.
    pub const STOP: Lists = Lists(1 << 5);
    /// Titles (`mr`, `dr`, `smt`).
    pub const TITLE: Lists = Lists(1 << 6);
    /// Words that make a preceding name-like phrase an organisation.
    pub const ORG: Lists = Lists(1 << 7);
    /// Sign-off words (`regards`, `thanks`).
    pub const SIGN_OFF: Lists = Lists(1 << 8);
    /// A given name or a family name.
    pub const NAME: Lists = Lists(Self::FIRST_NAME.0 | Self::SURNAME.0);

    /// True when the set shares a list with `other`.
    pub const fn any(self, other: Lists) -> bool {
        self.0 & other.0 != 0
    }

    /// The union of two sets.
    pub const fn or(self, other: Lists) -> Lists {
        Lists(self.0 | other.0)
    }
}

/// Word → lists. See the module docs.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: FxHashMap<Box<[u8]>, Lists>,
    longest: usize,
}

impl Lexicon {
    /// Adds every entry of `gazetteer` to `list`.
    pub fn add(&mut self, gazetteer: &Gazetteer, list: Lists) {
        for word in gazetteer.entries() {
            self.longest = self.longest.max(word.len());
            let lists = self.words.entry(word.into()).or_default();
            *lists = lists.or(list);
        }
    }

    /// The lists holding `word` (any ASCII case). Allocation-free.
    pub fn lookup(&self, word: &str) -> Lists {
        let bytes = word.as_bytes();
        if bytes.is_empty() || bytes.len() > self.longest {
            return Lists::NONE;
        }
        let mut buf = [0u8; 64];
        let found = match buf.get_mut(..bytes.len()) {
            Some(lower) => {
                lower.copy_from_slice(bytes);
                lower.make_ascii_lowercase();
                self.words.get(&*lower)
            }
            None => self.words.get(word.to_ascii_lowercase().as_bytes()),
        };
        found.copied().unwrap_or_default()
    }

    /// Whether `word`, or for `Mary-Jane` each hyphen-separated part, is in
    /// one of `lists`.
    pub fn listed(&self, word: &str, lists: Lists) -> bool {
        self.lookup(word).any(lists)
            || (word.contains('-')
                && word
                    .split('-')
                    .all(|p| !p.is_empty() && self.lookup(p).any(lists)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_answers_for_every_list_and_ignores_case() {
        let first = Gazetteer::parse("f.txt", "grace\npriya\n").unwrap();
        let common = Gazetteer::parse("a.txt", "grace\n").unwrap();
        let mut lex = Lexicon::default();
        lex.add(&first, Lists::FIRST_NAME);
        lex.add(&common, Lists::AMBIGUOUS);
        let grace = lex.lookup("GRACE");
        assert!(grace.any(Lists::FIRST_NAME) && grace.any(Lists::AMBIGUOUS));
        assert!(!lex.lookup("Priya").any(Lists::AMBIGUOUS));
        assert_eq!(lex.lookup("Pri"), Lists::NONE);
        assert!(lex.listed("Priya-Grace", Lists::FIRST_NAME));
        assert!(!lex.listed("Priya-", Lists::FIRST_NAME));
    }
}
