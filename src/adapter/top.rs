//! Small scans over JSON the rewriter has already accepted: the top-level
//! fields the proxy needs from a request (`stream` and `store`, literals
//! the string visitor never sees, and `previous_response_id`), and where each
//! string value sits. They only track depth and skip strings; no tree is
//! built.

use std::ops::Range;

/// Top-level facts of a request body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TopLevel {
    pub stream: bool,
    /// The Responses API `store` flag, when the body sets it (`null` reads
    /// as unset: the API's default applies).
    pub store: Option<bool>,
    pub previous_response_id: Option<String>,
}

/// Reads `stream` and `previous_response_id` of a top-level object (the
/// last occurrence wins, as in most JSON parsers). `body` must be valid
/// JSON; anything else gives defaults.
pub(super) fn scan(body: &[u8]) -> TopLevel {
    let mut top = TopLevel::default();
    let mut depth = 0usize;
    let mut i = 0;
    // Inside the top-level object, the last key read at depth 1 and whether
    // the next value belongs to it.
    let mut pending_key: Option<(usize, usize)> = None;
    let mut expect_key = false;
    while i < body.len() {
        match body[i] {
            b'"' => {
                let start = i;
                let end = string_end(body, i + 1);
                if depth == 1 {
                    if expect_key {
                        pending_key = Some((start, end));
                        expect_key = false;
                    } else if let Some(k) = pending_key.take()
                        && key_is(body, k, "previous_response_id")
                    {
                        top.previous_response_id =
                            serde_json::from_slice::<String>(&body[start..end]).ok();
                    }
                }
                i = end;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 1 {
                    if body[i] != b'{' {
                        // Not an object: no top-level fields.
                        return top;
                    }
                    expect_key = true;
                }
                if depth == 2 {
                    pending_key = None;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => {
                expect_key = true;
                pending_key = None;
            }
            b't' | b'f' | b'n' if depth == 1 => {
                if let Some(k) = pending_key.take() {
                    let value = match body[i] {
                        b't' => Some(true),
                        b'f' => Some(false),
                        _ => None,
                    };
                    if key_is(body, k, "stream") {
                        top.stream = value == Some(true);
                    } else if key_is(body, k, "store") {
                        top.store = value;
                    }
                }
            }
            b'-' | b'0'..=b'9' if depth == 1 => {
                pending_key = None;
            }
            _ => {}
        }
        i += 1;
    }
    top
}

/// The content (between the quotes) of every string *value* of `json`, in
/// document order; keys are skipped. `json` must be valid JSON.
pub(super) fn string_value_spans(json: &[u8]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // For each open container: is it an object, and is a key expected next.
    let mut stack: Vec<(bool, bool)> = Vec::new();
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                let end = string_end(json, i + 1);
                match stack.last_mut() {
                    Some((true, expect_key @ true)) => *expect_key = false,
                    _ => spans.push(i + 1..end.saturating_sub(1).max(i + 1)),
                }
                i = end;
                continue;
            }
            b'{' => stack.push((true, true)),
            b'[' => stack.push((false, false)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some((true, expect_key)) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    spans
}

/// Offset just past the closing quote of the string whose content starts
/// at `from`.
fn string_end(body: &[u8], mut from: usize) -> usize {
    while let Some(off) = memchr::memchr2(b'"', b'\\', &body[from.min(body.len())..]) {
        let at = from + off;
        if body[at] == b'\\' {
            from = at + 2;
        } else {
            return at + 1;
        }
    }
    body.len()
}

fn key_is(body: &[u8], (start, end): (usize, usize), want: &str) -> bool {
    let raw = &body[start..end];
    if raw.len() == want.len() + 2 && &raw[1..raw.len() - 1] == want.as_bytes() {
        return true;
    }
    // An escaped spelling (`"str\u0065am"`) names the same key.
    raw.contains(&b'\\') && serde_json::from_slice::<String>(raw).is_ok_and(|k| k == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_value_spans_skip_keys() {
        let doc = br#"{"a":"x","b":["y",{"c":"z\"q"}],"d":1,"e":""}"#;
        let spans: Vec<&[u8]> = string_value_spans(doc)
            .into_iter()
            .map(|r| &doc[r])
            .collect();
        assert_eq!(spans, [&b"x"[..], b"y", br#"z\"q"#, b""]);
        assert_eq!(string_value_spans(br#""top""#), vec![1..4]);
    }

    #[test]
    fn finds_top_level_fields_only() {
        let t = scan(br#"{"messages":[{"stream":false,"content":"x"}],"stream" : true}"#);
        assert!(t.stream);
        let t = scan(br#"{"a":{"stream":true},"stream":false,"previous_response_id":"resp_\"1"}"#);
        assert_eq!(
            t,
            TopLevel {
                stream: false,
                store: None,
                previous_response_id: Some("resp_\"1".into())
            }
        );
        assert_eq!(scan(br#"{"store":false,"stream":true}"#).store, Some(false));
        assert_eq!(scan(br#"{"store":true}"#).store, Some(true));
        assert_eq!(scan(br#"{"store":null}"#).store, None);
        assert_eq!(scan(br#"{"x":{"store":false}}"#).store, None);
        assert!(scan(br#"{"str\u0065am":true}"#).stream);
        assert!(!scan(br#"{"x":"stream","y":true}"#).stream);
        assert!(!scan(br#"["stream",true]"#).stream);
        assert!(!scan(br#"["a","stream",true]"#).stream);
        assert!(!scan(br#"{"stream":null}"#).stream);
    }
}
