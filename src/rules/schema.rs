//! The TOML shape of rule files (`rules/patterns/*.toml`, `rules/names.toml`).
//! Parsing is strict (`deny_unknown_fields`) so a typo is an error that names
//! the file, never a silently ignored setting.

use serde::Deserialize;

/// One pattern file: a list of `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// The rules, in any order (priority decides).
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// A detection rule as written in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique id, `<type>.<variant>`; named in every error about the rule.
    pub id: String,
    /// Entity type name (DESIGN §2).
    #[serde(rename = "type")]
    pub ty: String,
    /// Higher wins when candidates start at the same place.
    pub priority: i32,
    /// Verbose regex (whitespace and `#` comments ignored; `\ ` is a space).
    /// ASCII classes: `\d`, `\w`, `\s`, `\b` are ASCII-only so the DFA stays
    /// fast on non-ASCII text; literal `₹` works.
    pub pattern: String,
    /// Validators by name; all must accept the candidate.
    #[serde(default)]
    pub validators: Vec<String>,
    /// Named capture group that is the entity (the rest is context).
    #[serde(default)]
    pub capture: Option<String>,
    /// Words one of which must occur shortly before the candidate.
    #[serde(default)]
    pub context: Vec<String>,
    /// Words none of which may occur shortly before the candidate.
    #[serde(default)]
    pub anti_context: Vec<String>,
    /// How far before the candidate (in bytes) context words are looked for.
    #[serde(default = "default_window")]
    pub context_window: usize,
    /// Context words may also follow the candidate within the window
    /// (`Rent goes to 2170… at SBI, IFSC SBIN0…`). At most
    /// [`MAX_CONTEXT_AFTER`](crate::rules::MAX_CONTEXT_AFTER) bytes, because a
    /// stream must hold that much text back before it can decide.
    #[serde(default)]
    pub context_after: bool,
    /// Reject a digit candidate that continues as more digits after a single
    /// space or hyphen (the start of a longer number, not this entity).
    #[serde(default)]
    pub isolated: bool,
    /// Post-processing step: `address` grows a PIN/ZIP anchor backwards
    /// over the address lines before it.
    #[serde(default)]
    pub expand: Option<String>,
    /// A literal every match contains (`"@"` for e-mail). The rule is then
    /// searched by its own regex, only over text holding the literal; use it
    /// for patterns that open with a long repetition, which would otherwise
    /// blow up the shared DFA (see `SearchGroup`). A literal that some match
    /// lacks makes the rule miss that match: the examples catch it.
    #[serde(default)]
    pub required_literal: Option<String>,
    /// Texts in which this rule must find the part between `[[` and `]]`.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts in which no entity of this type may be found.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

fn default_window() -> usize {
    48
}

/// `rules/names.toml`: cues and settings of the name detector.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamesFile {
    /// Titles that mark the next words as a name (`Mr`, `Dr`, `Smt`).
    pub titles: Vec<String>,
    /// Phrases after which the next words are a name even in lower case.
    pub strong_cues: Vec<String>,
    /// Phrases after which a capitalized word is a name even when it is
    /// also a common word (`ask Grace`, `Dear Will`).
    pub weak_cues: Vec<String>,
    /// Sign-off words; a name on the same or the next line is accepted.
    pub sign_offs: Vec<String>,
    /// Capitalized words that are never part of a name (`Customer`, `Team`).
    pub stop_words: Vec<String>,
    /// Words that, right after a name-like phrase, make it an organisation
    /// or product (`Tata Motors`, `Kotak Mahindra Bank`, `Ola app`).
    pub org_words: Vec<String>,
    /// Phrases that contain name-like words but are never a person
    /// (festivals, landmarks, places named after people: `Raksha Bandhan`,
    /// `Taj Mahal`, `San Diego`). No name is found inside them.
    pub not_names: Vec<String>,
    /// Example texts with the expected names in `[[ ]]`.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts in which no name may be found.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

/// `rules/address.toml`: cues of the address expander.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressFile {
    /// Words that start an address line (`flat`, `house`, `plot`, `no.`).
    pub unit_words: Vec<String>,
    /// Label phrases that precede an address and are not part of it.
    pub labels: Vec<String>,
    /// Lower-case words of running prose (`the`, `is`, `to`): an address
    /// never contains them, so the address starts after the last one.
    pub prose_words: Vec<String>,
    /// Most bytes an address may extend back from its PIN/ZIP.
    pub max_back_bytes: usize,
    /// Most lines an address may span.
    pub max_lines: usize,
    /// Example texts with the expected address in `[[ ]]`.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts in which no address may be found.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}
