//! Provider adapters: which strings of an OpenAI or Anthropic request are
//! redacted, and how tokens in the reply are put back (DESIGN §1, §2).
//!
//! Pure and synchronous; the proxy calls, per request:
//!
//! ```text
//! body ─▶ redact_request ─▶ RedactedRequest ─▶ vault.assign(new_values) ─▶ finalize(finals) ─▶ upstream
//! reply chunks ─▶ ResponseDetokenizer::push … finish (JSON body, SSE stream, or other) ─▶ client
//! errors ─▶ error_body / sse_error_event (the provider's own error shapes)
//! ```
//!
//! # What gets redacted where (requests)
//!
//! Every string *value* is redacted except the structural ones listed
//! below, so a field a provider adds tomorrow is redacted by default.
//! Object keys are never redacted: they are schema, not user text (the
//! keys inside Anthropic `tool_use.input` or `metadata` included).
//!
//! - Redacted: `system` (string and blocks), `messages[*].content` (string
//!   and content parts), assistant history, `tool_calls[*].function.arguments`
//!   (a JSON document inside a string: each of its string values is decoded
//!   and redacted on its own, so an address with line breaks is seen as one;
//!   if it does not parse, it is redacted as plain text — tokens need no
//!   escaping either way), `role: tool` results, Anthropic `tool_use.input` (every
//!   string at any depth) and `tool_result.content`, Responses `input`
//!   (string and items, `function_call.arguments`, `function_call_output`)
//!   and `instructions`, embeddings `input`, completions `prompt` and
//!   `suffix`, `stop` sequences, `user`, `metadata` values, `description`s
//!   in tool definitions, `prompt.variables`.
//! - Left alone (structural): `model`, `role`, `type`, `id`, `tool_call_id`,
//!   `call_id`, `tool_use_id`, `name` (tool, function and participant
//!   names: OpenAI restricts them to `[A-Za-z0-9_-]`, so a token would be
//!   refused), `status`, `stream`, `previous_response_id`, `tool_choice`,
//!   `response_format` / `text.format` (schemas), tool definitions other
//!   than descriptions, `reasoning` and `thinking` settings,
//!   `encoding_format`, `service_tier`, `cache_control`, `include`,
//!   `modalities`, `audio` settings, `mcp_servers`.
//! - Left alone (media): `image_url` (URL or data URL), `input_audio`,
//!   `file.file_data`, `file_id`, `file_url`, `source.url` and the media type.
//!   A redacted string that is a `data:…;base64,` URL or one long base64 run
//!   (an Anthropic `source.data` image or PDF) is also left as it is: it is
//!   not text a detector can read, and scanning megabytes of base64 is the
//!   engine's slowest case. A plain-text document `source.data` is redacted.
//! - Left byte-exact (signed): Anthropic `thinking` and `redacted_thinking`
//!   blocks (`thinking`, `signature`, `data`) and OpenAI Responses
//!   `encrypted_content`. The provider verifies the signature on the next
//!   turn, so one changed byte is a 400. The model only ever saw tokens, so
//!   the thinking text it wrote holds tokens, and the response side leaves
//!   it untouched too: the client stores and echoes back exactly the signed
//!   text. The cost: PII the model repeats *inside its thinking* reaches the
//!   client as tokens.
//!
//! Unknown routes under a provider prefix ([`Api::OtherOpenAi`],
//! [`Api::OtherAnthropic`]) redact every string value (media excepted).
//!
//! # Responses
//!
//! JSON bodies: every string value is detokenized except the signed
//! thinking fields; `arguments` (OpenAI tool calls, a JSON document inside a
//! string) get originals JSON-escaped. SSE streams: see [`response`]; the
//! event parser is [`crate::sse`]. Output events keep the provider's framing
//! (`event:`, `id:`, comments, `data:` lines in order), normalized to `\n`
//! line ends and `name: value` spacing.

pub mod error_body;
mod fields;
pub mod request;
pub mod response;
mod stream;
mod top;

pub use error_body::{error_body, sse_error_event};
pub use request::{RedactedRequest, RequestError, redact_request};
pub use response::{BodyKind, ResponseDetokenizer, ResponseError};

/// An upstream provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// OpenAI (and OpenAI-compatible upstreams).
    OpenAi,
    /// Anthropic.
    Anthropic,
}

impl Provider {
    /// The provider's name for metrics and logs.
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
        }
    }
}

/// The API a request is for, which decides the redacted positions and the
/// stream events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Api {
    /// OpenAI `POST /v1/chat/completions`.
    ChatCompletions,
    /// OpenAI `POST /v1/responses`.
    Responses,
    /// OpenAI legacy `POST /v1/completions`.
    Completions,
    /// OpenAI `POST /v1/embeddings`.
    Embeddings,
    /// Anthropic `POST /v1/messages`.
    Messages,
    /// Any other JSON route of OpenAI: every string is redacted.
    OtherOpenAi,
    /// Any other JSON route of Anthropic: every string is redacted.
    OtherAnthropic,
}

impl Api {
    /// The provider serving this API.
    pub const fn provider(self) -> Provider {
        match self {
            Api::Messages | Api::OtherAnthropic => Provider::Anthropic,
            _ => Provider::OpenAi,
        }
    }

    /// A short name for metric labels (`route`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Api::ChatCompletions => "chat_completions",
            Api::Responses => "responses",
            Api::Completions => "completions",
            Api::Embeddings => "embeddings",
            Api::Messages => "messages",
            Api::OtherOpenAi => "openai_other",
            Api::OtherAnthropic => "anthropic_other",
        }
    }
}
