//! Which string values are what, by path: the one place that knows the
//! shape of each API's bodies (see the table in the module docs above).

use super::Api;
use crate::json::{Path, PathSegment};
use crate::redact::Escape;

/// Keys whose string values are structure wherever they appear (outside
/// user data such as `tool_use.input`).
const STRUCTURAL_KEYS: &[&str] = &[
    "model",
    "role",
    "type",
    "id",
    "object",
    "tool_call_id",
    "call_id",
    "tool_use_id",
    "item_id",
    "name",
    "status",
    "stream",
    "detail",
    "format",
    "media_type",
    "mime_type",
    "url",
    "file_id",
    "file_url",
    "file_data",
    "image_url",
    "audio_url",
    "voice",
    "version",
    "encrypted_content",
    "signature",
    "finish_reason",
    "stop_reason",
];

/// Top-level keys whose whole subtree is settings or schema.
const STRUCTURAL_TOP: &[&str] = &[
    "model",
    "stream",
    "previous_response_id",
    "conversation",
    "tool_choice",
    "response_format",
    "text",
    "reasoning",
    "reasoning_effort",
    "thinking",
    "encoding_format",
    "service_tier",
    "modalities",
    "include",
    "truncation",
    "prompt_cache_key",
    "safety_identifier",
    "audio",
    "mcp_servers",
    "container",
    "stream_options",
    "logit_bias",
];

/// Keys whose whole subtree is media or settings wherever they appear.
const STRUCTURAL_SUBTREES: &[&str] = &["image_url", "input_audio", "cache_control"];

fn key(seg: Option<PathSegment<'_>>) -> Option<&str> {
    match seg {
        Some(PathSegment::Key(k)) => Some(k),
        _ => None,
    }
}

/// True when segment `at` of `path` is a key of a content block:
/// `…content[i].<key>`.
///
/// Paths are read by index rather than collected: these checks run for
/// every string value of every request and response.
fn is_block_key(path: &Path<'_>, at: usize) -> bool {
    at >= 2
        && matches!(path.get(at - 1), Some(PathSegment::Index(_)))
        && matches!(path.get(at - 2), Some(PathSegment::Key("content")))
}

/// Anthropic signed thinking (`thinking`, `signature`, `data` of a content
/// block) and OpenAI `encrypted_content`: never touched, either direction.
pub(super) fn is_signed(path: &Path<'_>) -> bool {
    let Some(last) = path.len().checked_sub(1) else {
        return false;
    };
    match path.get(last) {
        Some(PathSegment::Key("encrypted_content" | "signature")) => true,
        Some(PathSegment::Key(k @ ("thinking" | "data"))) => {
            is_block_key(path, last)
                // SSE: `content_block.thinking` and `delta.thinking`.
                || (k == "thinking"
                    && last >= 1
                    && matches!(
                        path.get(last - 1),
                        Some(PathSegment::Key("content_block" | "delta"))
                    ))
        }
        _ => false,
    }
}

/// Whether a request string value at `path` is redacted.
pub(super) fn request_redacts(api: Api, path: &Path<'_>) -> bool {
    if matches!(api, Api::OtherOpenAi | Api::OtherAnthropic) {
        return !is_signed(path);
    }
    let Some(top) = key(path.get(0)) else {
        // A top-level string, or an array at the top: text.
        return true;
    };
    // User data: every string below is content, whatever its key.
    if top == "metadata" || (top == "prompt" && key(path.get(1)) == Some("variables")) {
        return true;
    }
    if let Some(i) = path.segments().position(|s| s == PathSegment::Key("input"))
        && i >= 1
        && is_block_key(path, i)
        && i + 1 < path.len()
    {
        // Anthropic `tool_use.input` / `server_tool_use.input`.
        return true;
    }
    if STRUCTURAL_TOP.contains(&top) {
        return false;
    }
    if top == "tools" || top == "functions" {
        // Definitions: only prose descriptions carry free text; names,
        // enums and patterns are contracts with the app's code.
        return key(path.last()) == Some("description");
    }
    if path
        .segments()
        .any(|s| matches!(s, PathSegment::Key(k) if STRUCTURAL_SUBTREES.contains(&k)))
    {
        return false;
    }
    if is_signed(path) {
        return false;
    }
    match key(path.last()) {
        Some(k) => !STRUCTURAL_KEYS.contains(&k),
        None => true,
    }
}

/// How a response string value at `path` is detokenized: `None` to leave
/// it byte-exact, else the escape for originals.
pub(super) fn response_escape(path: &Path<'_>) -> Option<Escape> {
    if is_signed(path) {
        return None;
    }
    match key(path.last()) {
        Some("arguments" | "partial_json") => Some(Escape::JsonString),
        _ => Some(Escape::None),
    }
}

/// A string that is media rather than text: a base64 data URL or one long
/// base64 run. Scanning it finds nothing and is the engine's slowest input.
pub(super) fn looks_like_media(s: &str) -> bool {
    const MIN_BASE64: usize = 256;
    if let Some(rest) = s.strip_prefix("data:") {
        return rest
            .split_once(',')
            .is_some_and(|(meta, _)| meta.ends_with(";base64"));
    }
    s.len() >= MIN_BASE64
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b'\n' | b'\r')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_detection_is_narrow() {
        assert!(looks_like_media("data:image/png;base64,iVBORw0KGgo="));
        assert!(looks_like_media(&"QUJD".repeat(100)));
        assert!(!looks_like_media("data: call Priya on 98765 43210"));
        assert!(!looks_like_media("Priya"));
        assert!(!looks_like_media(&"Priya Sharma ".repeat(40)));
    }
}
