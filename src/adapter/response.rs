//! Response side: put originals back into what the provider answers, as it
//! streams, whatever the chunking.
//!
//! - [`BodyKind::Json`]: the body goes through the JSON rewriter; every
//!   string value is detokenized on its own (a token cannot span two
//!   strings), except the signed thinking fields, which stay byte-exact.
//!   `arguments` and `partial_json` hold JSON text, so originals are
//!   inserted JSON-escaped there ([`Escape::JsonString`]).
//! - [`BodyKind::Sse`]: events are parsed incrementally and each event's
//!   JSON is rewritten. Text deltas are detokenized by one streaming
//!   detokenizer per *stream position*, so a token split across events is
//!   restored: OpenAI chat `choices[i].delta.content` / `refusal` /
//!   `reasoning_content` / `tool_calls[j].function.arguments`, legacy
//!   `choices[i].text`,
//!   Responses `*.delta` events per output and content (or summary) index,
//!   Anthropic `content_block_delta` `text` / `partial_json` per block
//!   `index`. Bytes that may still be the start of a token are held back
//!   (at most one token's length) and sent with the next delta of the same
//!   position. When a position ends (OpenAI `finish_reason`, `[DONE]`;
//!   Responses `*.done`, `response.output_item.done`, `response.completed`;
//!   Anthropic `content_block_stop`, `message_stop`; end of stream) and it
//!   still holds bytes, veil emits them in one extra delta event of the
//!   provider's own shape just *before* the ending event — appending them
//!   to the last delta instead would mean delaying every delta by one
//!   event. (A synthesized Responses delta repeats the `sequence_number` of
//!   the position's last delta.) Every other string (ids, `.done` events
//!   carrying full text, unknown event types) is detokenized whole. Each
//!   output event keeps the provider's framing and is written as soon as it
//!   is complete, so the caller can flush per event.
//! - [`BodyKind::Other`]: the bytes are detokenized as plain text.
//!
//! Memory per response is bounded: the JSON rewriter's limits, one SSE
//! event ([`ResponseDetokenizer::with_max_event_len`]), and a held-back
//! token per open stream position (at most [`MAX_POSITIONS`]).

use super::Api;
use super::fields::response_escape;
use super::stream::SseStream;
use crate::json::{self, JsonError, JsonRewriter, Path, PathSegment, RewriteError, StringVisitor};
use crate::redact::{Detokenizer, Escape, TokenLookup};
use crate::sse::SseError;

/// Most stream positions (choices × tool calls, content blocks) open at
/// once in one SSE response.
pub const MAX_POSITIONS: usize = 1024;

/// Default bound on one SSE event, in bytes. A Responses API
/// `response.completed` event carries the whole output, so this matches
/// the default body limit rather than a typical delta.
pub const DEFAULT_MAX_EVENT_LEN: usize = 8 << 20;

/// What a response body is, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json` (or any `+json`).
    Json,
    /// `text/event-stream`.
    Sse,
    /// Anything else: detokenized as plain text.
    Other,
}

impl BodyKind {
    /// The kind for a `Content-Type` header value (parameters ignored).
    pub fn from_content_type(content_type: Option<&str>) -> BodyKind {
        let Some(ct) = content_type else {
            return BodyKind::Other;
        };
        // Compared in place (no lowercased copy): this runs per response.
        let essence = ct.split(';').next().unwrap_or("").trim().as_bytes();
        let json_suffix = essence
            .len()
            .checked_sub(5)
            .is_some_and(|at| essence[at..].eq_ignore_ascii_case(b"+json"));
        if essence.eq_ignore_ascii_case(b"text/event-stream") {
            BodyKind::Sse
        } else if essence.eq_ignore_ascii_case(b"application/json") || json_suffix {
            BodyKind::Json
        } else {
            BodyKind::Other
        }
    }
}

/// Why a response could not be detokenized. Carries no content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// A JSON body is not acceptable JSON.
    #[error(transparent)]
    Json(#[from] JsonError),
    /// The event stream is malformed or an event is too long.
    #[error(transparent)]
    Sse(#[from] SseError),
    /// More stream positions open at once than [`MAX_POSITIONS`].
    #[error("more than {0} concurrent stream positions")]
    TooManyPositions(usize),
    /// `push` after `finish` or after an error.
    #[error("response detokenizer already finished or failed")]
    Unusable,
}

impl ResponseError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            ResponseError::Json(e) => e.kind(),
            ResponseError::Sse(e) => e.kind(),
            ResponseError::TooManyPositions(_) => "sse_too_many_positions",
            ResponseError::Unusable => "response_unusable",
        }
    }
}

impl From<RewriteError<ResponseError>> for ResponseError {
    fn from(e: RewriteError<ResponseError>) -> Self {
        match e {
            RewriteError::Json(e) => ResponseError::Json(e),
            RewriteError::Visitor(e) => e,
        }
    }
}

/// Detokenizes one response body, chunk by chunk. See the module docs.
#[derive(Debug)]
pub struct ResponseDetokenizer {
    api: Api,
    inner: Inner,
    done: bool,
}

#[derive(Debug)]
enum Inner {
    Json(Box<JsonBody>),
    Sse(Box<SseStream>),
    Other(Detokenizer),
}

#[derive(Debug)]
struct JsonBody {
    rewriter: JsonRewriter,
    strings: WholeStrings,
    /// A non-whitespace byte has arrived.
    started: bool,
}

// === impl ResponseDetokenizer ===

impl ResponseDetokenizer {
    /// A detokenizer for a response of `api` whose body is `kind`.
    pub fn new(api: Api, kind: BodyKind, limits: json::Limits) -> Self {
        let inner = match kind {
            BodyKind::Json => Inner::Json(Box::new(JsonBody {
                rewriter: JsonRewriter::new(limits),
                strings: WholeStrings::default(),
                started: false,
            })),
            BodyKind::Sse => Inner::Sse(Box::new(SseStream::new(
                api.provider(),
                api == Api::Responses,
                limits,
                DEFAULT_MAX_EVENT_LEN,
            ))),
            BodyKind::Other => Inner::Other(Detokenizer::new(Escape::None)),
        };
        ResponseDetokenizer {
            api,
            inner,
            done: false,
        }
    }

    /// Sets the longest SSE event accepted, in bytes (default
    /// [`DEFAULT_MAX_EVENT_LEN`]). Call it before the first `push`.
    pub fn with_max_event_len(mut self, max: usize) -> Self {
        if let Inner::Sse(s) = &mut self.inner {
            s.set_max_event_len(max);
        }
        self
    }

    /// The Responses API response id (`id` of a JSON body, `response.id`
    /// of a stream's events), once it has passed: the proxy maps it to the
    /// token scope so a later `previous_response_id` continues that scope.
    /// `None` for other APIs and before the id arrives.
    pub fn response_id(&self) -> Option<&str> {
        match &self.inner {
            Inner::Json(body) => body.strings.response_id(),
            Inner::Sse(s) => s.response_id(),
            Inner::Other(_) => None,
        }
    }

    /// The API this response belongs to.
    pub fn api(&self) -> Api {
        self.api
    }

    /// Consumes the next chunk of the body and appends to `out` everything
    /// that is ready (for SSE: whole events only). After an error the
    /// output must not be continued: the caller ends the stream, for SSE
    /// with an [`sse_error_event`](super::sse_error_event).
    pub fn push(
        &mut self,
        chunk: &[u8],
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        if self.done {
            return Err(ResponseError::Unusable);
        }
        let r = self.push_inner(chunk, lookup, out);
        if r.is_err() {
            self.done = true;
        }
        r
    }

    fn push_inner(
        &mut self,
        chunk: &[u8],
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        match &mut self.inner {
            Inner::Json(body) => {
                let JsonBody {
                    rewriter,
                    strings,
                    started,
                } = &mut **body;
                *started |= chunk.iter().any(|b| !b.is_ascii_whitespace());
                let mut visitor = BodyVisitor {
                    capture_id: self.api == Api::Responses,
                    strings,
                    lookup,
                };
                rewriter.push(chunk, out, &mut visitor)?;
                Ok(())
            }
            Inner::Sse(s) => s.push(chunk, lookup, out),
            Inner::Other(d) => {
                d.push(chunk, lookup, out);
                Ok(())
            }
        }
    }

    /// Ends the body: writes what is still held (SSE: flush events for
    /// positions that never ended; an event cut off by the end of the
    /// stream, without its blank line, is dropped, as clients drop it).
    pub fn finish(
        &mut self,
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        if self.done {
            return Err(ResponseError::Unusable);
        }
        self.done = true;
        match &mut self.inner {
            Inner::Json(body) => {
                // An empty body (a 204, a HEAD answer) is not an error.
                if body.started {
                    body.rewriter.finish()?;
                }
                Ok(())
            }
            Inner::Sse(s) => s.finish(lookup, out),
            Inner::Other(d) => {
                d.finish(lookup, out);
                Ok(())
            }
        }
    }
}

// === Whole-string detokenizing ===

/// Detokenizes string values one at a time (each string is its own
/// stream), leaving signed fields byte-exact.
#[derive(Debug)]
pub(super) struct WholeStrings {
    plain: Detokenizer,
    json: Detokenizer,
    current: Option<Escape>,
    buf: Vec<u8>,
    /// The Responses API response id, once seen (see
    /// [`ResponseDetokenizer::response_id`]).
    response_id: Option<String>,
    capturing: bool,
}

/// Longest response id kept; real ones are ~50 bytes.
const MAX_RESPONSE_ID: usize = 256;

impl Default for WholeStrings {
    fn default() -> Self {
        WholeStrings {
            plain: Detokenizer::new(Escape::None),
            json: Detokenizer::new(Escape::JsonString),
            current: None,
            buf: Vec::new(),
            response_id: None,
            capturing: false,
        }
    }
}

impl WholeStrings {
    /// Starts a string detokenized with `escape` (`None`: byte-exact).
    pub(super) fn begin(&mut self, escape: Option<Escape>) -> bool {
        self.current = escape;
        self.capturing = false;
        escape.is_some()
    }

    /// Also keep this string as the response id (the first one wins).
    pub(super) fn capture_response_id(&mut self) {
        if self.response_id.is_none() {
            self.capturing = true;
            self.response_id = Some(String::new());
        }
    }

    pub(super) fn response_id(&self) -> Option<&str> {
        self.response_id.as_deref().filter(|id| !id.is_empty())
    }

    fn det(&mut self) -> &mut Detokenizer {
        match self.current {
            Some(Escape::JsonString) => &mut self.json,
            _ => &mut self.plain,
        }
    }

    pub(super) fn chunk(&mut self, decoded: &str, lookup: &dyn TokenLookup, out: &mut String) {
        if self.capturing
            && let Some(id) = &mut self.response_id
        {
            if id.len() + decoded.len() <= MAX_RESPONSE_ID {
                id.push_str(decoded);
            } else {
                // Not an id we can key a scope on.
                id.clear();
                self.capturing = false;
            }
        }
        let mut buf = std::mem::take(&mut self.buf);
        self.det().push(decoded.as_bytes(), lookup, &mut buf);
        push_utf8(&buf, out);
        buf.clear();
        self.buf = buf;
    }

    pub(super) fn end(&mut self, lookup: &dyn TokenLookup, out: &mut String) {
        let mut buf = std::mem::take(&mut self.buf);
        self.det().finish(lookup, &mut buf);
        push_utf8(&buf, out);
        buf.clear();
        self.buf = buf;
        self.current = None;
        self.capturing = false;
    }
}

/// Appends detokenizer output, which is whole UTF-8 characters when its
/// input is (held bytes are ASCII token prefixes); lossy as a last resort
/// rather than a panic.
pub(super) fn push_utf8(bytes: &[u8], out: &mut String) {
    match std::str::from_utf8(bytes) {
        Ok(s) => out.push_str(s),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

struct BodyVisitor<'a> {
    capture_id: bool,
    strings: &'a mut WholeStrings,
    lookup: &'a dyn TokenLookup,
}

impl StringVisitor for BodyVisitor<'_> {
    type Error = ResponseError;

    fn begin(&mut self, path: &Path<'_>) -> bool {
        let rewrite = self.strings.begin(response_escape(path));
        if self.capture_id && path.len() == 1 && path.last() == Some(PathSegment::Key("id")) {
            self.strings.capture_response_id();
        }
        rewrite
    }

    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), ResponseError> {
        self.strings.chunk(decoded, self.lookup, out);
        Ok(())
    }

    fn end(&mut self, out: &mut String) -> Result<(), ResponseError> {
        self.strings.end(self.lookup, out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_kind_ignores_case_parameters_and_spaces() {
        let kind = |ct| BodyKind::from_content_type(Some(ct));
        assert_eq!(kind("text/event-stream"), BodyKind::Sse);
        assert_eq!(kind(" Text/Event-Stream; charset=utf-8"), BodyKind::Sse);
        assert_eq!(kind("application/json"), BodyKind::Json);
        assert_eq!(kind("APPLICATION/JSON;charset=UTF-8"), BodyKind::Json);
        assert_eq!(kind("application/problem+JSON"), BodyKind::Json);
        assert_eq!(kind("text/plain"), BodyKind::Other);
        assert_eq!(kind("json"), BodyKind::Other);
        assert_eq!(kind(""), BodyKind::Other);
        assert_eq!(BodyKind::from_content_type(None), BodyKind::Other);
    }
}
