//! SSE responses: one event at a time, text deltas detokenized per stream
//! position (see [`super::response`] for the rules).

use std::collections::HashMap;

use serde::Deserialize;

use super::Provider;
use super::fields::{is_signed, response_escape};
use super::response::{MAX_POSITIONS, ResponseError, WholeStrings, push_utf8};
use crate::json::{self, JsonRewriter, Path, PathSegment, StringVisitor, write_escaped};
use crate::redact::{Detokenizer, Escape, TokenLookup};
use crate::sse::{self, Event, SseParser};

/// One text stream inside an SSE response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum PosKey {
    /// OpenAI chat `choices[i].delta.<field>` for a text field (`content`,
    /// `refusal`, and the `reasoning_content` / `reasoning` of compatible
    /// upstreams), by choice index.
    ChatText(u64, &'static str),
    /// OpenAI chat `choices[i].delta.tool_calls[j].function.arguments`.
    ChatTool(u64, u64),
    /// Legacy completions `choices[i].text`.
    CompletionText(u64),
    /// Responses API `<prefix>.delta`, by output index and content (or
    /// summary) index.
    Responses(String, u64, u64),
    /// Anthropic content block, by index.
    Block(u64),
}

impl PosKey {
    fn choice(&self) -> Option<u64> {
        match self {
            PosKey::ChatText(c, _) | PosKey::ChatTool(c, _) | PosKey::CompletionText(c) => Some(*c),
            _ => None,
        }
    }
}

/// Text fields of an OpenAI chat delta that stream as positions.
const CHAT_TEXT_FIELDS: &[&str] = &["content", "refusal", "reasoning_content", "reasoning"];

/// What the flush event of a position needs to look like the provider's.
#[derive(Debug, Clone, Default)]
struct Ident {
    id: Option<String>,
    object: Option<String>,
    created: Option<u64>,
    model: Option<String>,
    item_id: Option<String>,
    output_index: Option<u64>,
    content_index: Option<u64>,
    summary_index: Option<u64>,
    sequence_number: Option<u64>,
}

struct Position {
    det: Detokenizer,
    ident: Ident,
    /// Anthropic: the block streams `partial_json` rather than `text`.
    json: bool,
}

// === Probe: the few scalars that place an event's text ===

#[derive(Deserialize, Default)]
#[serde(default)]
struct Probe {
    #[serde(rename = "type")]
    ty: Option<String>,
    object: Option<String>,
    id: Option<String>,
    created: Option<u64>,
    model: Option<String>,
    index: Option<u64>,
    output_index: Option<u64>,
    content_index: Option<u64>,
    summary_index: Option<u64>,
    item_id: Option<String>,
    sequence_number: Option<u64>,
    choices: Option<Vec<ChoiceProbe>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChoiceProbe {
    index: Option<u64>,
    finish_reason: Option<String>,
    delta: Option<DeltaProbe>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeltaProbe {
    tool_calls: Option<Vec<ToolProbe>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ToolProbe {
    index: Option<u64>,
}

impl Probe {
    fn ident(&self) -> Ident {
        Ident {
            id: self.id.clone(),
            object: self.object.clone(),
            created: self.created,
            model: self.model.clone(),
            item_id: self.item_id.clone(),
            output_index: self.output_index,
            content_index: self.content_index,
            summary_index: self.summary_index,
            sequence_number: self.sequence_number,
        }
    }

    fn ty(&self) -> &str {
        self.ty.as_deref().unwrap_or("")
    }

    fn choice_index(&self, k: usize) -> u64 {
        self.choices
            .as_ref()
            .and_then(|c| c.get(k))
            .and_then(|c| c.index)
            .unwrap_or(k as u64)
    }

    fn tool_index(&self, k: usize, m: usize) -> u64 {
        self.choices
            .as_ref()
            .and_then(|c| c.get(k))
            .and_then(|c| c.delta.as_ref())
            .and_then(|d| d.tool_calls.as_ref())
            .and_then(|t| t.get(m))
            .and_then(|t| t.index)
            .unwrap_or(m as u64)
    }

    fn responses_key(&self, prefix: &str) -> PosKey {
        PosKey::Responses(
            prefix.to_owned(),
            self.output_index.unwrap_or(0),
            self.content_index.or(self.summary_index).unwrap_or(0),
        )
    }
}

/// Which positions an event ends.
enum Ends {
    None,
    All,
    Keys(Vec<PosKey>),
    Choices(Vec<u64>),
    Output(u64),
}

impl Ends {
    fn contains(&self, key: &PosKey) -> bool {
        match self {
            Ends::None => false,
            Ends::All => true,
            Ends::Keys(keys) => keys.contains(key),
            Ends::Choices(c) => key.choice().is_some_and(|k| c.contains(&k)),
            Ends::Output(o) => matches!(key, PosKey::Responses(_, oi, _) if oi == o),
        }
    }
}

fn ends_of(probe: &Probe) -> Ends {
    if let Some(choices) = &probe.choices {
        let finishing: Vec<u64> = choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.finish_reason.is_some())
            .map(|(k, c)| c.index.unwrap_or(k as u64))
            .collect();
        return if finishing.is_empty() {
            Ends::None
        } else {
            Ends::Choices(finishing)
        };
    }
    let ty = probe.ty();
    match ty {
        "content_block_stop" => Ends::Keys(vec![PosKey::Block(probe.index.unwrap_or(0))]),
        "message_stop" | "response.completed" | "response.incomplete" | "response.failed" => {
            Ends::All
        }
        "response.output_item.done" => Ends::Output(probe.output_index.unwrap_or(0)),
        _ => match ty.strip_suffix(".done") {
            Some(prefix) if ty.starts_with("response.") => {
                Ends::Keys(vec![probe.responses_key(prefix)])
            }
            _ => Ends::None,
        },
    }
}

/// The stream position a string value of this event feeds, if any, and
/// how originals are written into it.
fn position_of(probe: &Probe, path: &Path<'_>) -> Option<(PosKey, Escape)> {
    let key = position_key(probe, path)?;
    let escape = match (&key, path.last()) {
        (PosKey::ChatTool(..), _) | (_, Some(PathSegment::Key("partial_json"))) => {
            Escape::JsonString
        }
        (PosKey::Responses(prefix, ..), _) if prefix.ends_with("_arguments") => Escape::JsonString,
        _ => Escape::None,
    };
    Some((key, escape))
}

fn position_key(probe: &Probe, path: &Path<'_>) -> Option<PosKey> {
    // Runs for every string of every event: the path goes into a stack
    // array, not a Vec. No pattern below is longer than MAX_DEPTH.
    const MAX_DEPTH: usize = 7;
    if path.len() > MAX_DEPTH {
        return None;
    }
    let mut buf = [PathSegment::Index(0); MAX_DEPTH];
    for (slot, seg) in buf.iter_mut().zip(path.segments()) {
        *slot = seg;
    }
    let segs = &buf[..path.len()];
    if probe.choices.is_some() {
        return match segs {
            [
                PathSegment::Key("choices"),
                PathSegment::Index(k),
                PathSegment::Key("delta"),
                PathSegment::Key(field),
            ] => CHAT_TEXT_FIELDS
                .iter()
                .find(|f| *f == field)
                .map(|f| PosKey::ChatText(probe.choice_index(*k), f)),
            [
                PathSegment::Key("choices"),
                PathSegment::Index(k),
                PathSegment::Key("delta"),
                PathSegment::Key("tool_calls"),
                PathSegment::Index(m),
                PathSegment::Key("function"),
                PathSegment::Key("arguments"),
            ] => Some(PosKey::ChatTool(
                probe.choice_index(*k),
                probe.tool_index(*k, *m),
            )),
            [
                PathSegment::Key("choices"),
                PathSegment::Index(k),
                PathSegment::Key("text"),
            ] => Some(PosKey::CompletionText(probe.choice_index(*k))),
            _ => None,
        };
    }
    let ty = probe.ty();
    if ty == "content_block_delta" {
        return match segs {
            [
                PathSegment::Key("delta"),
                PathSegment::Key("text" | "partial_json"),
            ] => Some(PosKey::Block(probe.index.unwrap_or(0))),
            _ => None,
        };
    }
    if let Some(prefix) = ty.strip_suffix(".delta")
        && ty.starts_with("response.")
        && matches!(segs, [PathSegment::Key("delta")])
    {
        return Some(probe.responses_key(prefix));
    }
    None
}

/// An SSE response being detokenized.
pub(super) struct SseStream {
    provider: Provider,
    /// Responses API: remember `response.id`.
    capture_id: bool,
    parser: SseParser,
    events: Vec<Event>,
    rewriter: JsonRewriter,
    strings: WholeStrings,
    positions: HashMap<PosKey, Position>,
}

impl std::fmt::Debug for SseStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SseStream")
            .field("provider", &self.provider)
            .field("positions", &self.positions.len())
            .finish_non_exhaustive()
    }
}

impl SseStream {
    pub(super) fn new(
        provider: Provider,
        capture_id: bool,
        limits: json::Limits,
        max_event_len: usize,
    ) -> Self {
        SseStream {
            provider,
            capture_id,
            parser: SseParser::new(max_event_len),
            events: Vec::new(),
            rewriter: JsonRewriter::new(limits),
            strings: WholeStrings::default(),
            positions: HashMap::new(),
        }
    }

    pub(super) fn response_id(&self) -> Option<&str> {
        self.strings.response_id()
    }

    pub(super) fn set_max_event_len(&mut self, max: usize) {
        self.parser = SseParser::new(max);
    }

    pub(super) fn push(
        &mut self,
        chunk: &[u8],
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        self.parser.push(chunk, &mut self.events)?;
        let events = std::mem::take(&mut self.events);
        for event in &events {
            self.event(event, lookup, out)?;
        }
        self.events = events;
        self.events.clear();
        Ok(())
    }

    pub(super) fn finish(
        &mut self,
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        // An event the stream ended inside (no blank line after it) is never
        // dispatched by a conforming client, nor by the OpenAI and Anthropic
        // SDKs; it is dropped rather than written, so that the flush events
        // below cannot be read as more lines of it.
        let _unterminated = self.parser.finish()?;
        self.flush(&Ends::All, lookup, out);
        Ok(())
    }

    fn event(
        &mut self,
        event: &Event,
        lookup: &dyn TokenLookup,
        out: &mut Vec<u8>,
    ) -> Result<(), ResponseError> {
        if !event.has_data() {
            event.write_with_data("", true, out);
            return Ok(());
        }
        let data = event.data();
        if data.trim() == "[DONE]" {
            self.flush(&Ends::All, lookup, out);
            event.write_with_data(&data, true, out);
            return Ok(());
        }
        // An event whose scalars do not have the expected types is treated
        // as unknown: all its strings detokenized whole. Data that is not
        // JSON at all is detokenized as text, before any position sees it.
        let probe = match serde_json::from_str::<Probe>(&data) {
            Ok(probe) => probe,
            Err(_) if serde_json::from_str::<serde::de::IgnoredAny>(&data).is_ok() => {
                Probe::default()
            }
            Err(_) => {
                let mut text = String::new();
                self.strings.begin(Some(Escape::None));
                self.strings.chunk(&data, lookup, &mut text);
                self.strings.end(lookup, &mut text);
                event.write_with_data(&text, true, out);
                return Ok(());
            }
        };
        let ends = ends_of(&probe);
        let mut rewritten = Vec::with_capacity(data.len());
        self.rewriter.reset();
        let mut visitor = EventVisitor {
            capture_id: self.capture_id,
            probe: &probe,
            ends: &ends,
            positions: &mut self.positions,
            strings: &mut self.strings,
            lookup,
            current: None,
            buf: Vec::new(),
        };
        // Valid JSON can still exceed the nesting or key limits: an error.
        self.rewriter
            .push(data.as_bytes(), &mut rewritten, &mut visitor)?;
        self.rewriter.finish()?;
        let mut new_data = String::new();
        push_utf8(&rewritten, &mut new_data);
        // Held text of positions this event ends goes out before it.
        self.flush(&ends, lookup, out);
        event.write_with_data(&new_data, true, out);
        Ok(())
    }

    /// Ends the positions `ends` names: each one still holding bytes gets a
    /// delta event carrying them.
    fn flush(&mut self, ends: &Ends, lookup: &dyn TokenLookup, out: &mut Vec<u8>) {
        let mut keys: Vec<PosKey> = self
            .positions
            .keys()
            .filter(|k| ends.contains(k))
            .cloned()
            .collect();
        keys.sort();
        for key in keys {
            let Some(mut pos) = self.positions.remove(&key) else {
                continue;
            };
            let mut held = Vec::new();
            pos.det.finish(lookup, &mut held);
            if held.is_empty() {
                continue;
            }
            let mut text = String::new();
            push_utf8(&held, &mut text);
            self.synth(&key, &pos, &text, out);
        }
    }

    /// Writes one delta event of the provider's shape carrying `text`.
    fn synth(&self, key: &PosKey, pos: &Position, text: &str, out: &mut Vec<u8>) {
        let id = &pos.ident;
        let mut data = Vec::new();
        let mut event_type = None;
        match key {
            PosKey::ChatText(c, _) | PosKey::ChatTool(c, _) | PosKey::CompletionText(c) => {
                data.push(b'{');
                if let Some(v) = &id.id {
                    data.extend_from_slice(b"\"id\":");
                    string(v, &mut data);
                    data.push(b',');
                }
                if let Some(v) = &id.object {
                    data.extend_from_slice(b"\"object\":");
                    string(v, &mut data);
                    data.push(b',');
                }
                if let Some(v) = id.created {
                    data.extend_from_slice(format!("\"created\":{v},").as_bytes());
                }
                if let Some(v) = &id.model {
                    data.extend_from_slice(b"\"model\":");
                    string(v, &mut data);
                    data.push(b',');
                }
                data.extend_from_slice(format!("\"choices\":[{{\"index\":{c},").as_bytes());
                match key {
                    PosKey::ChatText(_, field) => {
                        data.extend_from_slice(b"\"delta\":{");
                        string(field, &mut data);
                        data.push(b':');
                        string(text, &mut data);
                        data.push(b'}');
                    }
                    PosKey::ChatTool(_, j) => {
                        data.extend_from_slice(
                            format!("\"delta\":{{\"tool_calls\":[{{\"index\":{j},\"function\":{{\"arguments\":").as_bytes(),
                        );
                        string(text, &mut data);
                        data.extend_from_slice(b"}}]}");
                    }
                    _ => {
                        data.extend_from_slice(b"\"text\":");
                        string(text, &mut data);
                        data.extend_from_slice(b",\"logprobs\":null");
                    }
                }
                data.extend_from_slice(b",\"finish_reason\":null}]}");
            }
            PosKey::Responses(prefix, ..) => {
                let ty = format!("{prefix}.delta");
                data.extend_from_slice(b"{\"type\":");
                string(&ty, &mut data);
                if let Some(v) = id.sequence_number {
                    data.extend_from_slice(format!(",\"sequence_number\":{v}").as_bytes());
                }
                if let Some(v) = &id.item_id {
                    data.extend_from_slice(b",\"item_id\":");
                    string(v, &mut data);
                }
                for (name, v) in [
                    ("output_index", id.output_index),
                    ("content_index", id.content_index),
                    ("summary_index", id.summary_index),
                ] {
                    if let Some(v) = v {
                        data.extend_from_slice(format!(",\"{name}\":{v}").as_bytes());
                    }
                }
                data.extend_from_slice(b",\"delta\":");
                string(text, &mut data);
                if prefix == "response.output_text" {
                    data.extend_from_slice(b",\"logprobs\":[]");
                }
                data.push(b'}');
                event_type = Some(ty);
            }
            PosKey::Block(index) => {
                let (ty, field) = if pos.json {
                    ("input_json_delta", "partial_json")
                } else {
                    ("text_delta", "text")
                };
                data.extend_from_slice(
                    format!("{{\"type\":\"content_block_delta\",\"index\":{index},\"delta\":{{\"type\":\"{ty}\",\"{field}\":").as_bytes(),
                );
                string(text, &mut data);
                data.extend_from_slice(b"}}");
                event_type = Some("content_block_delta".to_owned());
            }
        }
        if let Some(ty) = event_type
            && (self.provider == Provider::Anthropic || matches!(key, PosKey::Responses(..)))
        {
            sse::write_field("event", &ty, out);
        }
        out.extend_from_slice(b"data: ");
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\n\n");
    }
}

fn string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    write_escaped(s, out);
    out.push(b'"');
}

/// What the current string value of an event is.
enum Current {
    Whole,
    Position {
        key: PosKey,
        escape: Escape,
        ending: bool,
    },
}

struct EventVisitor<'a> {
    capture_id: bool,
    probe: &'a Probe,
    ends: &'a Ends,
    positions: &'a mut HashMap<PosKey, Position>,
    strings: &'a mut WholeStrings,
    lookup: &'a dyn TokenLookup,
    current: Option<Current>,
    buf: Vec<u8>,
}

impl StringVisitor for EventVisitor<'_> {
    type Error = ResponseError;

    fn begin(&mut self, path: &Path<'_>) -> bool {
        if is_signed(path) {
            self.current = None;
            return false;
        }
        match position_of(self.probe, path) {
            Some((key, escape)) => {
                let ending = self.ends.contains(&key);
                self.current = Some(Current::Position {
                    key,
                    escape,
                    ending,
                });
            }
            None => {
                self.current = Some(Current::Whole);
                self.strings.begin(response_escape(path));
                if self.capture_id
                    && path.len() == 2
                    && path.get(0) == Some(PathSegment::Key("response"))
                    && path.get(1) == Some(PathSegment::Key("id"))
                {
                    self.strings.capture_response_id();
                }
            }
        }
        true
    }

    fn chunk(&mut self, decoded: &str, out: &mut String) -> Result<(), ResponseError> {
        match &self.current {
            Some(Current::Whole) => self.strings.chunk(decoded, self.lookup, out),
            Some(Current::Position { key, escape, .. }) => {
                let (key, escape) = (key.clone(), *escape);
                let pos = position(self.positions, &key, escape)?;
                pos.det.push(decoded.as_bytes(), self.lookup, &mut self.buf);
                push_utf8(&self.buf, out);
                self.buf.clear();
            }
            None => {}
        }
        Ok(())
    }

    fn end(&mut self, out: &mut String) -> Result<(), ResponseError> {
        match self.current.take() {
            Some(Current::Whole) => self.strings.end(self.lookup, out),
            Some(Current::Position {
                key,
                escape,
                ending,
            }) => {
                // Created even for an empty string, so its ident is known.
                let ident = self.probe.ident();
                let pos = position(self.positions, &key, escape)?;
                pos.ident = ident;
                if ending {
                    pos.det.finish(self.lookup, &mut self.buf);
                    push_utf8(&self.buf, out);
                    self.buf.clear();
                    self.positions.remove(&key);
                }
            }
            None => {}
        }
        Ok(())
    }
}

/// The position for `key`, created on first use.
fn position<'p>(
    positions: &'p mut HashMap<PosKey, Position>,
    key: &PosKey,
    escape: Escape,
) -> Result<&'p mut Position, ResponseError> {
    if !positions.contains_key(key) && positions.len() >= MAX_POSITIONS {
        return Err(ResponseError::TooManyPositions(MAX_POSITIONS));
    }
    Ok(positions.entry(key.clone()).or_insert_with(|| Position {
        det: Detokenizer::new(escape),
        ident: Ident::default(),
        json: escape == Escape::JsonString,
    }))
}
