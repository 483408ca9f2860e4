//! Request side: redact a whole body into a per-request scope, then
//! renumber its provisional tokens to the vault's final ones.
//!
//! `finalize` must renumber only what the redactor emitted: strings left
//! byte-exact (signed thinking, structural fields) may hold token-shaped
//! text — a thinking block from an earlier turn holds *final* tokens — and
//! must not change. So redaction records where each emitted token is (the
//! string's ordinal among all string values, and the byte offset in its
//! decoded content) and `finalize` rewrites exactly those spots.

use std::collections::HashMap;

use super::Api;
use super::fields::{looks_like_media, request_redacts};
use super::top;
use crate::entity::EntityType;
use crate::json::{self, JsonError, JsonRewriter, Path, PathSegment, RewriteError, StringVisitor};
use crate::policy::Action;
use crate::redact::{Plan, RedactError, Redactor, Scope, Scratch, mask};
use crate::token::Token;
use crate::vault::NewValue;

/// Why a request body cannot be redacted. Messages carry no body content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The body is empty or not a JSON object or array.
    #[error("request body is not a JSON object")]
    NotJson,
    /// A string in the body is not UTF-8.
    #[error("request body is not valid UTF-8")]
    InvalidUtf8,
    /// The body is not acceptable JSON (or exceeds the nesting/key limits).
    #[error(transparent)]
    Json(JsonError),
    /// The tenant's policy blocks requests holding this entity type.
    #[error("request blocked by policy: it contains a {0} entity")]
    Blocked(EntityType),
}

impl RequestError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            RequestError::NotJson => "request_not_json",
            RequestError::InvalidUtf8 => "request_utf8",
            RequestError::Json(e) => e.kind(),
            RequestError::Blocked(_) => "policy_block",
        }
    }
}

impl From<RewriteError<RedactError>> for RequestError {
    fn from(e: RewriteError<RedactError>) -> Self {
        match e {
            RewriteError::Json(JsonError::InvalidUtf8 { .. }) => RequestError::InvalidUtf8,
            RewriteError::Json(e) => RequestError::Json(e),
            RewriteError::Visitor(RedactError::Blocked(ty)) => RequestError::Blocked(ty),
        }
    }
}

/// Where the redactor put one token: in the `string`-th string value of the
/// body (counting every string value, rewritten or not), at byte `at` of
/// its decoded content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    string: usize,
    at: usize,
    token: Token,
}

/// A redacted request body with provisional tokens, and what the proxy
/// needs around it. See [`redact_request`].
pub struct RedactedRequest {
    body: Vec<u8>,
    scope: Scope,
    marks: Vec<Mark>,
    counts: Vec<(EntityType, Action, u32)>,
    top: top::TopLevel,
    limits: json::Limits,
}

impl std::fmt::Debug for RedactedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body holds the app's text around the tokens: sizes only.
        f.debug_struct("RedactedRequest")
            .field("body_len", &self.body.len())
            .field("tokens", &self.marks.len())
            .field("stream", &self.top.stream)
            .finish_non_exhaustive()
    }
}

/// Redacts the string values of a whole request body (already size-limited
/// by the server) that `api` says carry text, into a fresh per-request
/// scope with provisional tokens `{{type:n}}`.
///
/// Each string is buffered whole and redacted at once (the body's size
/// bound is also the string's), so detection sees the same text it would in
/// `veil redact`.
pub fn redact_request(
    api: Api,
    body: &[u8],
    redactor: &Redactor,
    scratch: &mut Scratch,
    limits: json::Limits,
) -> Result<RedactedRequest, RequestError> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => {}
        _ => return Err(RequestError::NotJson),
    }
    let mut visitor = RedactVisitor {
        api,
        engine: Engine {
            redactor,
            scratch,
            scope: Scope::new(),
            counts: Vec::new(),
            limits,
        },
        strings: 0,
        current: None,
        text: String::new(),
        marks: Vec::new(),
    };
    let mut rewriter = JsonRewriter::new(limits);
    let mut out = Vec::with_capacity(body.len() + body.len() / 8);
    rewriter.push(body, &mut out, &mut visitor)?;
    rewriter.finish().map_err(RewriteError::Json)?;
    let mut counts = visitor.engine.counts;
    counts.sort_by_key(|(ty, action, _)| (*ty, action.as_str()));
    Ok(RedactedRequest {
        body: out,
        scope: visitor.engine.scope,
        marks: visitor.marks,
        counts,
        top: top::scan(body),
        limits,
    })
}

// === impl RedactedRequest ===

impl RedactedRequest {
    /// The values to give tokens, for the one `Vault::assign` call; the
    /// vault's answer goes to [`finalize`](Self::finalize) in this order.
    pub fn new_values(&self) -> Vec<NewValue> {
        self.scope.new_values()
    }

    /// True when the body says `"stream": true` at the top level.
    pub fn stream(&self) -> bool {
        self.top.stream
    }

    /// False when the body says `"store": false`: the provider keeps no
    /// copy of the response, so no later request can continue it with
    /// `previous_response_id`.
    pub fn response_is_stored(&self) -> bool {
        self.top.store != Some(false)
    }

    /// The Responses API `previous_response_id`, if the body names one.
    pub fn previous_response_id(&self) -> Option<&str> {
        self.top.previous_response_id.as_deref()
    }

    /// How many entities of each type got each action (no values), sorted.
    pub fn entity_counts(&self) -> Vec<(EntityType, Action, u32)> {
        self.counts.clone()
    }

    /// The body with provisional tokens, before [`finalize`](Self::finalize).
    pub fn provisional_body(&self) -> &[u8] {
        &self.body
    }

    /// The per-request scope (provisional token → original).
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The body to send upstream: each token the redactor emitted becomes
    /// `finals[i]`, where `i` is its value's position in
    /// [`new_values`](Self::new_values). Nothing else in the body changes.
    ///
    /// A value without a final token (a `finals` shorter than
    /// `new_values()`, a caller bug) keeps its provisional token: never the
    /// original.
    pub fn finalize(self, finals: &[Token]) -> Vec<u8> {
        if self.marks.is_empty() {
            return self.body;
        }
        // The provisional tokens in `new_values` order, without cloning
        // the originals and keys that `new_values` carries.
        let provisional: Vec<Token> = self.scope.entries().into_iter().map(|(t, _)| t).collect();
        let unchanged = provisional.len() == finals.len()
            && provisional.iter().zip(finals).all(|(p, f)| p == f);
        if unchanged {
            // A fresh scope numbers exactly as the engine did: nothing to
            // rewrite, so skip the second pass over the body.
            return self.body;
        }
        let map: HashMap<Token, Token> = provisional
            .into_iter()
            .zip(finals.iter().copied())
            .collect();
        let mut visitor = Renumber {
            marks: &self.marks,
            next: 0,
            strings: 0,
            map: &map,
            active: None,
            pos: 0,
        };
        let mut rewriter = JsonRewriter::new(self.limits);
        let mut out = Vec::with_capacity(self.body.len());
        let ok =
            rewriter.push(&self.body, &mut out, &mut visitor).is_ok() && rewriter.finish().is_ok();
        if ok {
            out
        } else {
            // Unreachable: the body is the rewriter's own output under the
            // same limits. Provisional tokens are still tokens, never PII.
            self.body
        }
    }
}

// === Redaction visitor ===

/// What redacting one text needs, shared by the body's visitor and the
/// one for JSON documents inside `arguments` strings.
struct Engine<'a> {
    redactor: &'a Redactor,
    scratch: &'a mut Scratch,
    scope: Scope,
    counts: Vec<(EntityType, Action, u32)>,
    limits: json::Limits,
}

impl Engine<'_> {
    /// Appends `text` redacted to `out`, and the offset in `out` of every
    /// token written to `marks` (this is `Plan::render`, plus the offsets).
    fn render(
        &mut self,
        text: &str,
        out: &mut String,
        marks: &mut Vec<(usize, Token)>,
    ) -> Result<(), RedactError> {
        if looks_like_media(text) {
            out.push_str(text);
            return Ok(());
        }
        let entities = self.redactor.scan(self.scratch, text);
        let plan = Plan::new(text, &entities, self.redactor.policy())?;
        let tokens = self.scope.assign_batch(&plan.values());
        let mut at = 0;
        let mut next_token = tokens.iter();
        for (e, action) in plan.items() {
            match self
                .counts
                .iter_mut()
                .find(|(ty, a, _)| *ty == e.ty && a == action)
            {
                Some((_, _, n)) => *n += 1,
                None => self.counts.push((e.ty, *action, 1)),
            }
            out.push_str(&text[at..e.start]);
            let value = &text[e.start..e.end];
            match action {
                Action::Tokenize => match next_token.next() {
                    Some(t) => {
                        marks.push((out.len(), *t));
                        t.push_to(out);
                    }
                    None => out.push_str(&mask(e.ty, value)),
                },
                Action::Mask => out.push_str(&mask(e.ty, value)),
                Action::Drop => {}
                Action::Allow | Action::Block => out.push_str(value),
            }
            at = e.end;
        }
        out.push_str(&text[at..]);
        Ok(())
    }

    /// Redacts `text` as a JSON document (tool-call `arguments`): each of
    /// its string values is decoded and redacted on its own, so an address
    /// with line breaks is seen with real line breaks. Appends the new
    /// document to `out` with token offsets in `marks`; `None` (nothing
    /// written) when `text` is not JSON, and it is then redacted as text.
    fn render_document(
        &mut self,
        text: &str,
        out: &mut String,
        marks: &mut Vec<(usize, Token)>,
    ) -> Option<Result<(), RedactError>> {
        // Checked first so that a string that only starts like JSON (a
        // cut-off tool call) assigns nothing before falling back to text.
        if !matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
            || serde_json::from_str::<serde::de::IgnoredAny>(text).is_err()
        {
            return None;
        }
        let mut inner = InnerVisitor {
            engine: self,
            text: String::new(),
            strings: Vec::new(),
        };
        let mut rewriter = JsonRewriter::new(inner.engine.limits);
        let mut doc = Vec::with_capacity(text.len());
        match rewriter.push(text.as_bytes(), &mut doc, &mut inner) {
            Err(RewriteError::Visitor(e)) => return Some(Err(e)),
            Err(RewriteError::Json(_)) => return None,
            Ok(()) => {}
        }
        rewriter.finish().ok()?;
        let doc = String::from_utf8(doc).ok()?;
        let spans = top::string_value_spans(doc.as_bytes());
        let base = out.len();
        for (k, string_marks) in inner.strings.into_iter().enumerate() {
            let span = spans.get(k)?;
            marks.extend(
                string_marks
                    .into_iter()
                    .map(|(at, t)| (base + span.start + at, t)),
            );
        }
        out.push_str(&doc);
        Some(Ok(()))
    }
}

/// Redacts every string value of a document inside a string, recording for
/// each one its tokens' offsets in its *escaped* content.
struct InnerVisitor<'e, 'a> {
    engine: &'e mut Engine<'a>,
    text: String,
    strings: Vec<Vec<(usize, Token)>>,
}

impl StringVisitor for InnerVisitor<'_, '_> {
    type Error = RedactError;

    fn begin(&mut self, _path: &Path<'_>) -> bool {
        self.text.clear();
        true
    }

    fn chunk(&mut self, decoded: &str, _out: &mut String) -> Result<(), RedactError> {
        self.text.push_str(decoded);
        Ok(())
    }

    fn end(&mut self, out: &mut String) -> Result<(), RedactError> {
        let text = std::mem::take(&mut self.text);
        let base = out.len();
        let mut marks = Vec::new();
        self.engine.render(&text, out, &mut marks)?;
        let rendered = out.get(base..).unwrap_or("");
        self.strings.push(
            marks
                .into_iter()
                .map(|(at, t)| (escaped_len(rendered.get(..at - base).unwrap_or("")), t))
                .collect(),
        );
        self.text = text;
        Ok(())
    }
}

/// Length of `s` once JSON-escaped by [`json::write_escaped`].
fn escaped_len(s: &str) -> usize {
    s.bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum()
}

struct RedactVisitor<'a> {
    api: Api,
    engine: Engine<'a>,
    /// String values seen so far (rewritten or not).
    strings: usize,
    /// Ordinal of the string being redacted, and whether it holds a JSON
    /// document (`arguments`).
    current: Option<(usize, bool)>,
    text: String,
    marks: Vec<Mark>,
}

impl StringVisitor for RedactVisitor<'_> {
    type Error = RedactError;

    fn begin(&mut self, path: &Path<'_>) -> bool {
        let ordinal = self.strings;
        self.strings += 1;
        let redact = request_redacts(self.api, path);
        let document = matches!(path.last(), Some(PathSegment::Key("arguments")));
        self.current = redact.then_some((ordinal, document));
        self.text.clear();
        redact
    }

    fn chunk(&mut self, decoded: &str, _out: &mut String) -> Result<(), RedactError> {
        self.text.push_str(decoded);
        Ok(())
    }

    fn end(&mut self, out: &mut String) -> Result<(), RedactError> {
        let Some((string, document)) = self.current.take() else {
            return Ok(());
        };
        let text = std::mem::take(&mut self.text);
        let base = out.len();
        let mut marks = Vec::new();
        let done = if document {
            self.engine.render_document(&text, out, &mut marks)
        } else {
            None
        };
        match done {
            Some(r) => r?,
            None => self.engine.render(&text, out, &mut marks)?,
        }
        self.marks.extend(marks.into_iter().map(|(at, token)| Mark {
            string,
            at: at - base,
            token,
        }));
        self.text = text;
        Ok(())
    }
}

// === Renumbering visitor ===

/// Rewrites only the strings holding marks, replacing each marked token
/// and copying every other byte of their content.
struct Renumber<'a> {
    marks: &'a [Mark],
    /// First mark not yet written.
    next: usize,
    strings: usize,
    map: &'a HashMap<Token, Token>,
    /// Ordinal of the string being rewritten.
    active: Option<usize>,
    /// Decoded bytes of the active string consumed so far.
    pos: usize,
}

impl Renumber<'_> {
    /// The next string value starts: rewrite it only if it holds marks.
    fn begin_ordinal(&mut self) -> bool {
        let ordinal = self.strings;
        self.strings += 1;
        let hit = self
            .marks
            .get(self.next)
            .is_some_and(|m| m.string == ordinal);
        self.active = hit.then_some(ordinal);
        self.pos = 0;
        hit
    }
}

impl StringVisitor for Renumber<'_> {
    type Error = std::convert::Infallible;

    fn begin(&mut self, _path: &Path<'_>) -> bool {
        self.begin_ordinal()
    }

    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), Self::Error> {
        let Some(string) = self.active else {
            return Ok(());
        };
        let start = self.pos;
        let end = start + decoded.len();
        let mut copied = start;
        while let Some(mark) = self.marks.get(self.next).filter(|m| m.string == string) {
            let token_len = mark.token.text_len();
            let token_end = mark.at + token_len;
            if mark.at >= end {
                break;
            }
            // Text before the token, then the token itself once (when its
            // first byte arrives); the rest of its bytes are skipped.
            if mark.at > copied {
                out.push_str(slice(decoded, copied - start, mark.at - start));
                copied = mark.at;
            }
            if copied == mark.at {
                let fin = self.map.get(&mark.token).copied().unwrap_or(mark.token);
                fin.push_to(out);
            }
            if token_end > end {
                // The token continues in the next piece.
                copied = end;
                break;
            }
            copied = token_end;
            self.next += 1;
        }
        if copied < end {
            out.push_str(slice(decoded, copied - start, end - start));
        }
        self.pos = end;
        Ok(())
    }

    fn end(&mut self, _out: &mut String) -> Result<(), Self::Error> {
        self.active = None;
        Ok(())
    }
}

/// `s[from..to]`, or nothing if that is not on char boundaries (marks are
/// on ASCII token boundaries, so it always is).
fn slice(s: &str, from: usize, to: usize) -> &str {
    s.get(from..to).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(n: u32) -> Token {
        Token {
            ty: EntityType::Phone,
            n,
        }
    }

    #[test]
    fn renumbering_works_on_any_cut_of_a_string() {
        let text = "ab{{phone:1}}c{{phone:1}}{{phone:2}}";
        let marks = [
            Mark {
                string: 0,
                at: 2,
                token: phone(1),
            },
            // The second {{phone:1}} was not emitted by the redactor.
            Mark {
                string: 0,
                at: 25,
                token: phone(2),
            },
        ];
        let map = HashMap::from([(phone(1), phone(17)), (phone(2), phone(18))]);
        for piece_len in 1..=text.len() {
            let mut v = Renumber {
                marks: &marks,
                next: 0,
                strings: 0,
                map: &map,
                active: None,
                pos: 0,
            };
            assert!(v.begin_ordinal());
            let mut out = String::new();
            for piece in text.as_bytes().chunks(piece_len) {
                v.chunk(std::str::from_utf8(piece).unwrap(), &mut out)
                    .unwrap();
            }
            assert_eq!(
                out, "ab{{phone:17}}c{{phone:1}}{{phone:18}}",
                "pieces of {piece_len}"
            );
            assert_eq!(v.next, 2);
        }
    }

    #[test]
    fn escaped_len_matches_write_escaped() {
        for s in ["plain", "a\"b\\c\nd\te\u{1}f", "नमस्ते\u{7f}"] {
            let mut out = Vec::new();
            json::write_escaped(s, &mut out);
            assert_eq!(escaped_len(s), out.len(), "{s:?}");
        }
    }
}
