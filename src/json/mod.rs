//! Incremental JSON rewriting: structure is copied byte-exact, string values
//! go through a [`StringVisitor`] (DESIGN §1).
//!
//! A request body goes through [`JsonRewriter`] once, in whatever chunks the
//! network delivers. Whitespace, punctuation, numbers, literals and keys are
//! copied to the output as they came. For each string *value* the visitor
//! is asked, with the value's [`Path`], whether to rewrite it:
//!
//! - no: the string is copied byte-exact, original escapes included. Some
//!   providers sign content (Anthropic `thinking` blocks), so an untouched
//!   string must not even be re-escaped.
//! - yes: its decoded text is handed to the visitor in pieces, and what the
//!   visitor writes back is JSON-escaped and put between the quotes. A
//!   streaming redactor or detokenizer plugs in here, so even a huge string
//!   is never held whole.
//!
//! The input may be cut at any byte: inside a string, an escape (`\u00e9`,
//! a surrogate pair), a multi-byte character, a number or a literal. The
//! output is the same for every way of cutting it.
//!
//! # Untrusted input
//!
//! Bodies come from apps and upstreams, so the rewriter validates all of
//! RFC 8259 as it goes (UTF-8 everywhere, escapes, surrogate pairs, control
//! characters, numbers, trailing data) and never panics. When `push` and
//! `finish` return `Ok`, the output is valid JSON; invalid input is an error,
//! never passed through. After an error the output written so far must be
//! discarded: it is a prefix of a document that will never be completed.
//!
//! Memory is bounded whatever the input: nesting is limited to
//! [`Limits::max_depth`], each key on the current path to
//! [`Limits::max_key_len`] bytes, a string that is not rewritten streams
//! through without being buffered, numbers and literals are checked by a
//! state machine that holds no bytes, and decoded text waiting for the
//! visitor is at most a few KiB. [`JsonRewriter::held_len`] reports it.
//!
//! Errors name a kind and a byte offset, never the input's content: it may
//! be personal data.

mod escape;
mod path;
mod rewriter;

pub use escape::write_escaped;
pub use path::{Path, PathPattern, PathSegment, PatternError, Segments};
pub use rewriter::{JsonRewriter, rewrite};

use std::fmt;

/// Bounds on what the rewriter holds for one document.
///
/// The defaults fit LLM API bodies with a wide margin: their nesting is
/// rarely deeper than ten levels (tool schemas included) and their keys are
/// short identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most arrays and objects open at once. Deeper input is
    /// [`JsonError::TooDeep`].
    pub max_depth: usize,
    /// Longest object key, in decoded bytes. Keys are kept for the path, so
    /// a longer one is [`JsonError::KeyTooLong`] rather than a buffer that
    /// grows with the input. The keys on the path together hold at most
    /// `max_depth * max_key_len` bytes.
    pub max_key_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_key_len: 1024,
        }
    }
}

/// Decides which string values are rewritten and rewrites them.
///
/// For each string value (never for a key), the rewriter calls
/// [`begin`](Self::begin). If it returns `true`, the decoded content follows
/// in zero or more [`chunk`](Self::chunk) calls and then one
/// [`end`](Self::end); all three may write replacement text to `out`, which
/// the rewriter escapes and writes between the string's quotes. If the input
/// turns out to be invalid part-way through a string, `end` is not called.
///
/// A visitor that fails (a policy blocks the request, say) returns its error
/// and the rewriter stops at once, so a request is never forwarded past a
/// failed redaction (DESIGN §1, fail closed).
pub trait StringVisitor {
    /// Why the visitor could not rewrite a string; use
    /// [`std::convert::Infallible`] if it cannot fail.
    type Error;

    /// A string value starts at `path`: `true` to rewrite it, `false` to
    /// copy it through byte-exact.
    fn begin(&mut self, path: &Path<'_>) -> bool;

    /// The next piece of the string's decoded content, never empty and
    /// always whole characters. Pieces are cut wherever the input was
    /// cut, so the visitor must not assume anything about their size.
    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Self::Error>;

    /// The string ended; write out whatever was held back.
    fn end(&mut self, out: &mut String) -> Result<(), Self::Error>;
}

/// What the rewriter was looking for when the input went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A value: object, array, string, number, `true`, `false` or `null`.
    Value,
    /// A value or `]`, just after `[`.
    ValueOrEndArray,
    /// A key or `}`, just after `{`.
    KeyOrEndObject,
    /// A key, after `,` in an object.
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or `]` after a value in an array.
    CommaOrEndArray,
    /// `,` or `}` after a value in an object.
    CommaOrEndObject,
    /// A digit inside a number.
    Digit,
    /// The rest of `true`, `false` or `null`.
    Literal,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Value => "a value",
            Expected::ValueOrEndArray => "a value or `]`",
            Expected::KeyOrEndObject => "a string key or `}`",
            Expected::Key => "a string key",
            Expected::Colon => "`:`",
            Expected::CommaOrEndArray => "`,` or `]`",
            Expected::CommaOrEndObject => "`,` or `}`",
            Expected::Digit => "a digit",
            Expected::Literal => "`true`, `false` or `null`",
        })
    }
}

/// Why a body is not acceptable JSON. Offsets count bytes from the start of
/// the whole input (across chunks); messages never quote the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// A byte that cannot appear here.
    #[error("invalid JSON at byte {offset}: expected {expected}")]
    Syntax {
        /// Where the unexpected byte is.
        offset: usize,
        /// What would have been valid.
        expected: Expected,
    },
    /// A string holds bytes that are not UTF-8.
    #[error("invalid UTF-8 in a string at byte {offset}")]
    InvalidUtf8 {
        /// Where the bad sequence starts.
        offset: usize,
    },
    /// A string holds a raw control character (below U+0020).
    #[error("unescaped control character in a string at byte {offset}")]
    ControlCharacter {
        /// Where the character is.
        offset: usize,
    },
    /// A backslash not followed by one of `"\/bfnrt` or `u` and four hex
    /// digits.
    #[error("invalid escape sequence at byte {offset}")]
    InvalidEscape {
        /// Where the escape's backslash is.
        offset: usize,
    },
    /// A `\uD800`-`\uDFFF` escape that is not half of a surrogate pair: it
    /// names no character, so the string could not be decoded.
    #[error("unpaired surrogate escape at byte {offset}")]
    LoneSurrogate {
        /// Where the (first) escape's backslash is.
        offset: usize,
    },
    /// Arrays and objects nested deeper than [`Limits::max_depth`].
    #[error("JSON nested deeper than {max_depth} levels at byte {offset}")]
    TooDeep {
        /// Where the container that is one too many opens.
        offset: usize,
        /// The limit.
        max_depth: usize,
    },
    /// An object key longer than [`Limits::max_key_len`].
    #[error("object key longer than {max_key_len} bytes at byte {offset}")]
    KeyTooLong {
        /// Where the key's opening quote is.
        offset: usize,
        /// The limit.
        max_key_len: usize,
    },
    /// The input ended inside the value (or held no value at all).
    #[error("JSON ends early at byte {offset}")]
    Truncated {
        /// The input's length.
        offset: usize,
    },
    /// Something other than whitespace after the top-level value.
    #[error("data after the JSON value at byte {offset}")]
    TrailingData {
        /// Where it starts.
        offset: usize,
    },
    /// `push` or `finish` after an error or after `finish`.
    #[error("the JSON rewriter already failed or finished; reset it first")]
    Unusable,
}

impl JsonError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            JsonError::Syntax { .. } => "json_syntax",
            JsonError::InvalidUtf8 { .. } => "json_utf8",
            JsonError::ControlCharacter { .. } => "json_control_char",
            JsonError::InvalidEscape { .. } => "json_escape",
            JsonError::LoneSurrogate { .. } => "json_surrogate",
            JsonError::TooDeep { .. } => "json_too_deep",
            JsonError::KeyTooLong { .. } => "json_key_too_long",
            JsonError::Truncated { .. } => "json_truncated",
            JsonError::TrailingData { .. } => "json_trailing_data",
            JsonError::Unusable => "json_unusable",
        }
    }
}

/// Why a rewrite stopped: the input, or the visitor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewriteError<E> {
    /// The input is not acceptable JSON.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The visitor failed on a string.
    #[error(transparent)]
    Visitor(E),
}
