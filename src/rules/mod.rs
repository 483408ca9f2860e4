//! Rules as data: TOML pattern files and word lists under `rules/`, compiled
//! once into an immutable [`RuleSet`].
//!
//! Only this module compiles patterns. All regex rules become ONE
//! multi-pattern `regex-automata` search (leftmost-first, pattern order =
//! priority); context words and name cues are `aho-corasick` automatons;
//! gazetteers are hashed word sets, looked up per word. A rule that names an
//! unknown type, validator, capture group or expander, a pattern that does not
//! compile, can match the empty string or has no length bound stops loading
//! with an error naming the file and the rule.

mod compile;
mod digits;
mod embedded;
mod gazetteer;
mod lexicon;
pub mod schema;
mod tail;

use std::path::{Path, PathBuf};

pub(crate) use compile::{
    AddressRules, DigitRuns, LazySearch, SearchGroup, ShortSearch, is_word_byte, whole_word,
};
pub use compile::{
    CompiledRule, Expand, MAX_CONTEXT_AFTER, MAX_PATTERN_MATCH_LEN, NameCues, RuleSet, WordMatcher,
};
pub(crate) use digits::Anchor;
pub use gazetteer::{Gazetteer, Gazetteers};
pub use lexicon::{Entry, Lexicon, Lists};

/// A rule file's name (relative to the rules directory) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the rules directory, e.g. `patterns/phone.toml`.
    pub name: String,
    /// The file's contents.
    pub text: String,
}

/// Why a rule set could not be loaded. Every variant names the file, and the
/// rule where there is one.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A required file is not in the rules directory.
    #[error("{file}: required rules file is missing")]
    MissingFile {
        /// The missing file.
        file: String,
    },
    /// A TOML file did not parse or has unknown keys.
    #[error("{file}: {message}")]
    Toml {
        /// The file.
        file: String,
        /// The parser's message (rule files hold no personal data).
        message: String,
    },
    /// A rule names an entity type that does not exist.
    #[error("{file}: rule `{rule}`: {source}")]
    UnknownType {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// The bad name.
        source: crate::entity::UnknownEntityType,
    },
    /// A rule names a validator that does not exist.
    #[error("{file}: rule `{rule}`: unknown validator `{name}`")]
    UnknownValidator {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// The bad name.
        name: String,
    },
    /// A rule names an expander that does not exist.
    #[error("{file}: rule `{rule}`: unknown expand step `{name}` (known: address)")]
    UnknownExpander {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// The bad name.
        name: String,
    },
    /// A rule's capture group is not in its pattern.
    #[error("{file}: rule `{rule}`: pattern has no capture group named `{group}`")]
    UnknownCapture {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// The missing group.
        group: String,
    },
    /// A pattern failed to compile or breaks a structural limit.
    #[error("{file}: rule `{rule}`: {message}")]
    BadPattern {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// What is wrong.
        message: String,
    },
    /// Two rules share an id.
    #[error("{file}: rule `{rule}`: duplicate rule id")]
    DuplicateId {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
    },
    /// A word list line breaks the format.
    #[error("{file}:{line}: {message}")]
    Gazetteer {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The combined automaton failed to build (size limits).
    #[error("compiling the combined rule set: {0}")]
    Build(String),
}

impl RuleSet {
    /// The rules compiled into the binary (`rules/` at build time).
    pub fn embedded() -> Result<RuleSet, RulesError> {
        RuleSet::compile(&embedded::files())
    }

    /// Loads every rules file from a directory laid out like `rules/`.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RulesError> {
        RuleSet::compile(&read_dir_files(dir)?)
    }
}

/// Reads `patterns/*.toml`, `names.toml`, `address.toml` and
/// `gazetteers/*.txt` below `dir`.
fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, RulesError> {
    let mut files = Vec::new();
    for (sub, ext) in [("patterns", "toml"), ("gazetteers", "txt")] {
        let sub_dir = dir.join(sub);
        let entries = std::fs::read_dir(&sub_dir).map_err(|source| RulesError::Io {
            path: sub_dir.clone(),
            source,
        })?;
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| RulesError::Io {
                path: sub_dir.clone(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(&format!(".{ext}")) {
                names.push(name);
            }
        }
        names.sort();
        for name in names {
            files.push(read_one(dir, &format!("{sub}/{name}"))?);
        }
    }
    for name in ["names.toml", "address.toml"] {
        files.push(read_one(dir, name)?);
    }
    Ok(files)
}

fn read_one(dir: &Path, name: &str) -> Result<SourceFile, RulesError> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|source| RulesError::Io { path, source })?;
    Ok(SourceFile {
        name: name.to_owned(),
        text,
    })
}
