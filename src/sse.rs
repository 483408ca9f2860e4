//! Incremental server-sent events (SSE) framing: parse events out of bytes
//! cut anywhere, and write them back.
//!
//! Follows the WHATWG event-stream grammar: lines end in `\n`, `\r\n` or a
//! lone `\r` (and a `\r\n` may be cut between the two bytes); a blank line
//! ends an event; a line starting with `:` is a comment; `name: value`
//! strips one space after the colon; a line without a colon is a field
//! with an empty value; several `data:` lines make one payload joined with
//! `\n`; a byte-order mark at the very start is ignored.
//!
//! # Untrusted input
//! The stream comes from an upstream. One event (all its lines, including
//! the one still arriving) may hold at most the configured number of
//! bytes; a longer one is [`SseError::EventTooLong`] rather than a buffer
//! that grows with the input. Lines must be UTF-8. Errors carry no content.

/// One line of an event, in arrival order.
#[derive(Clone, PartialEq, Eq)]
pub enum Line {
    /// `: text` — a comment (keep-alive pings use these).
    Comment(String),
    /// `name: value`.
    Field {
        /// The field name (`event`, `data`, `id`, `retry`, or anything).
        name: String,
        /// The value, one leading space removed.
        value: String,
    },
}

/// One event: its lines as they came, before the blank line.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The lines, comments included.
    pub lines: Vec<Line>,
}

// === impl Event ===

impl Event {
    /// The `event:` field (the last one wins), if any.
    pub fn event_type(&self) -> Option<&str> {
        self.fields("event").last()
    }

    /// True if the event has at least one `data:` line.
    pub fn has_data(&self) -> bool {
        self.fields("data").next().is_some()
    }

    /// The `data:` lines joined with `\n`.
    pub fn data(&self) -> String {
        let mut data = String::new();
        for (i, line) in self.fields("data").enumerate() {
            if i > 0 {
                data.push('\n');
            }
            data.push_str(line);
        }
        data
    }

    fn fields<'a>(&'a self, want: &'a str) -> impl DoubleEndedIterator<Item = &'a str> + 'a {
        self.lines.iter().filter_map(move |line| match line {
            Line::Field { name, value } if name == want => Some(value.as_str()),
            _ => None,
        })
    }

    /// Writes the event with its `data:` lines replaced by `data` (split at
    /// `\n` into one line each, at the place of the first `data:` line);
    /// other lines are kept in order. Ends with the blank line when
    /// `terminated`.
    pub fn write_with_data(&self, data: &str, terminated: bool, out: &mut Vec<u8>) {
        let mut data_written = false;
        for line in &self.lines {
            match line {
                Line::Comment(text) => {
                    out.push(b':');
                    out.extend_from_slice(text.as_bytes());
                    out.push(b'\n');
                }
                Line::Field { name, .. } if name == "data" => {
                    if !data_written {
                        write_data(data, out);
                        data_written = true;
                    }
                }
                Line::Field { name, value } => write_field(name, value, out),
            }
        }
        if terminated {
            out.push(b'\n');
        }
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Payloads are response text; only the shape is printable.
        f.debug_struct("Event")
            .field("lines", &self.lines.len())
            .finish()
    }
}

impl std::fmt::Debug for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Line::Comment(_) => f.write_str("Comment(..)"),
            Line::Field { name, .. } => write!(f, "Field({name}: ..)"),
        }
    }
}

/// Writes `name: value\n`.
pub fn write_field(name: &str, value: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.push(b'\n');
}

/// Writes `data` as `data:` lines, one per `\n`-separated line.
pub fn write_data(data: &str, out: &mut Vec<u8>) {
    for line in data.split('\n') {
        write_field("data", line, out);
    }
}

/// Why an event stream could not be parsed. Carries no content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SseError {
    /// One event held more bytes than allowed.
    #[error("SSE event longer than {0} bytes")]
    EventTooLong(usize),
    /// A line is not UTF-8.
    #[error("SSE line is not UTF-8")]
    InvalidUtf8,
}

impl SseError {
    /// A payload-free kind for metrics (`veil_errors_total{kind}`).
    pub fn kind(&self) -> &'static str {
        match self {
            SseError::EventTooLong(_) => "sse_event_too_long",
            SseError::InvalidUtf8 => "sse_utf8",
        }
    }
}

/// Incremental event-stream parser. See the module docs.
#[derive(Debug)]
pub struct SseParser {
    max_event_len: usize,
    /// The line still arriving.
    line: Vec<u8>,
    /// The event being built and the bytes it holds.
    event: Event,
    event_len: usize,
    /// The last byte was `\r`: a `\n` right after it is part of that line end.
    after_cr: bool,
    /// Nothing has arrived yet (a BOM may follow).
    at_start: bool,
}

// === impl SseParser ===

impl SseParser {
    /// A parser refusing events longer than `max_event_len` bytes.
    pub fn new(max_event_len: usize) -> SseParser {
        SseParser {
            max_event_len,
            line: Vec::new(),
            event: Event::default(),
            event_len: 0,
            after_cr: false,
            at_start: true,
        }
    }

    /// Consumes `chunk`, appending every event it completes to `events`.
    pub fn push(&mut self, mut chunk: &[u8], events: &mut Vec<Event>) -> Result<(), SseError> {
        if self.at_start && !chunk.is_empty() {
            // The BOM may itself be cut; hold bytes until it is decided.
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            let have = self.line.len();
            let take = chunk.len().min(BOM.len() - have);
            if BOM[have..have + take] == chunk[..take] {
                self.line.extend_from_slice(&chunk[..take]);
                chunk = &chunk[take..];
                if self.line.len() < BOM.len() {
                    return Ok(());
                }
                self.line.clear();
                self.at_start = false;
            } else {
                self.at_start = false;
            }
        }
        while !chunk.is_empty() {
            if self.after_cr {
                self.after_cr = false;
                if chunk[0] == b'\n' {
                    chunk = &chunk[1..];
                    continue;
                }
            }
            match memchr::memchr2(b'\n', b'\r', chunk) {
                Some(i) => {
                    self.extend_line(&chunk[..i])?;
                    self.after_cr = chunk[i] == b'\r';
                    chunk = &chunk[i + 1..];
                    self.end_line(events)?;
                }
                None => {
                    self.extend_line(chunk)?;
                    chunk = &[];
                }
            }
        }
        Ok(())
    }

    /// Ends the stream. An event without its closing blank line is returned
    /// (`Some`) rather than dropped, so the caller can decide what to do
    /// with it; a consumer following the spec would not dispatch it.
    pub fn finish(&mut self) -> Result<Option<Event>, SseError> {
        if !self.line.is_empty() && !self.at_start {
            // A last line without its line end still belongs to the event.
            let mut none = Vec::new();
            self.end_line(&mut none)?;
        }
        self.line.clear();
        self.event_len = 0;
        let event = std::mem::take(&mut self.event);
        Ok((!event.lines.is_empty()).then_some(event))
    }

    fn extend_line(&mut self, bytes: &[u8]) -> Result<(), SseError> {
        if self.event_len + self.line.len() + bytes.len() > self.max_event_len {
            return Err(SseError::EventTooLong(self.max_event_len));
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn end_line(&mut self, events: &mut Vec<Event>) -> Result<(), SseError> {
        if self.line.is_empty() {
            if !self.event.lines.is_empty() {
                events.push(std::mem::take(&mut self.event));
            }
            self.event_len = 0;
            return Ok(());
        }
        self.event_len += self.line.len() + 1;
        let line = std::mem::take(&mut self.line);
        let text = String::from_utf8(line).map_err(|_| SseError::InvalidUtf8)?;
        let parsed = match text.strip_prefix(':') {
            Some(comment) => Line::Comment(comment.to_owned()),
            None => match text.split_once(':') {
                Some((name, value)) => Line::Field {
                    name: name.to_owned(),
                    value: value.strip_prefix(' ').unwrap_or(value).to_owned(),
                },
                None => Line::Field {
                    name: text,
                    value: String::new(),
                },
            },
        };
        self.event.lines.push(parsed);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(input: &[u8], cuts: &[usize]) -> (Vec<Event>, Option<Event>) {
        let mut p = SseParser::new(1 << 20);
        let mut events = Vec::new();
        let mut at = 0;
        for &c in cuts {
            p.push(&input[at..c], &mut events).unwrap();
            at = c;
        }
        p.push(&input[at..], &mut events).unwrap();
        let tail = p.finish().unwrap();
        (events, tail)
    }

    #[test]
    fn every_line_ending_and_every_cut_give_the_same_events() {
        let input = b"\xEF\xBB\xBF: ping\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\ndata: x\rdata:y\r\rid: 7\ndata\n\n";
        let (whole, tail) = parse_all(input, &[]);
        assert!(tail.is_none());
        assert_eq!(whole.len(), 3);
        assert_eq!(whole[0].event_type(), Some("message_start"));
        assert_eq!(whole[0].data(), "{\"a\":1}");
        assert_eq!(whole[1].data(), "x\ny");
        assert_eq!(whole[2].data(), "");
        assert!(whole[2].has_data());
        for i in 0..=input.len() {
            for j in i..=input.len() {
                assert_eq!(parse_all(input, &[i, j]).0, whole, "cuts {i} {j}");
            }
        }
    }

    #[test]
    fn writing_keeps_other_lines_and_splits_data() {
        let (events, _) = parse_all(b": hi\nevent: e\ndata: a\ndata: b\nid: 1\n\n", &[]);
        let mut out = Vec::new();
        events[0].write_with_data("x\ny", true, &mut out);
        assert_eq!(out, b": hi\nevent: e\ndata: x\ndata: y\nid: 1\n\n");
    }

    #[test]
    fn oversized_events_and_bad_utf8_are_errors() {
        let mut p = SseParser::new(16);
        let mut events = Vec::new();
        assert_eq!(
            p.push(b"data: 0123456789abcdef", &mut events),
            Err(SseError::EventTooLong(16))
        );
        let mut p = SseParser::new(16);
        p.push(b"data: 0123\n", &mut events).unwrap();
        assert!(p.push(b"data: 0123456789\n", &mut events).is_err());
        let mut p = SseParser::new(64);
        assert_eq!(
            p.push(b"data: \xff\n\n", &mut events),
            Err(SseError::InvalidUtf8)
        );
    }

    #[test]
    fn an_unterminated_event_is_handed_back_at_the_end() {
        let (events, tail) = parse_all(b"data: a\n\ndata: b", &[]);
        assert_eq!(events.len(), 1);
        assert_eq!(tail.map(|e| e.data()), Some("b".to_owned()));
    }
}
