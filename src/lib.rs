//! veil: a streaming PII-redaction reverse proxy for LLM APIs.
//!
//! This crate holds the redaction engine, the proxy around it and the `veil`
//! command line. The engine modules ([`rules`], [`redact`], [`validate`],
//! [`token`]) are pure and synchronous (no async runtime, no network, no
//! clock) so the CLI, benchmarks, fuzzers and the proxy all share one
//! implementation; only [`vault`], [`proxy`] and [`app`] do I/O.
//!
//! ```text
//! text ─▶ redact::Redactor::scan ──▶ Plan (policy: tokenize/mask/drop/allow/block)
//!          │ one regex-automata pass          │ values to assign, one batch
//!          │ + validators, context words      ▼
//!          │ + names, address expansion    Scope::assign_batch ─▶ Plan::render ─▶ text with {{type:n}}
//!
//! reply ─▶ redact::Detokenizer (streaming; JSON-string mode) ─▶ originals restored
//! ```
//!
//! Modules: [`rules`] loads and compiles rule files; [`redact`] is the
//! engine (scan, plan, scope, streaming redactor, detokenizer); [`validate`]
//! holds checksum and format validators; [`token`] the token grammar;
//! [`entity`] the entity types; [`policy`] per-type actions; [`check`] runs
//! the rules' examples; [`cli`] is the command line. [`json`] is the
//! incremental JSON rewriter the proxy runs request and response bodies
//! through: structure copied byte-exact, string values handed to a visitor.
//! [`sse`] parses and writes server-sent events incrementally. [`adapter`]
//! knows each provider API: which request strings are redacted, how stream
//! events map to text positions, and the providers' error shapes.
//! [`vault`] stores token maps per tenant and scope (memory, Redis).
//! [`config`] is `veil serve`'s strict TOML and `VEIL_*` overrides;
//! [`proxy`] the data plane (listeners, routes, API-key and JWT auth,
//! limits, upstream TLS, streaming, metrics); [`app`] wires config, vault
//! and server together.
//!
//! # Untrusted input
//! Every entry point takes arbitrary text (any UTF-8, any length) and must
//! not panic: validators are linted against indexing, patterns have a length
//! bound checked at load time, and a streaming redactor or detokenizer holds
//! a bounded amount of text whatever the input (tests/redact_props.rs).
//! Errors and `Debug` output never contain input text; values found are
//! wrapped in [`sensitive::Sensitive`], whose `Debug` is redacted. The
//! proxy bounds request heads, bodies (8 MiB default, enforced while
//! reading), JSON nesting, idle clients and whole requests (see [`proxy`]).
//!
//! # Cancel safety
//! The engine is not async. A [`redact::StreamRedactor`] or
//! [`redact::Detokenizer`] dropped mid-stream releases nothing further; text
//! it already returned is final, and what it held back is simply dropped.
//! In the proxy, a client that disconnects drops its request and response
//! body, which drops the upstream request; a conversation's token map
//! already assigned stays in the vault (it was persisted before
//! forwarding), and a single request's map is dropped with it.

pub mod adapter;
pub mod app;
mod b64;
pub mod check;
pub mod cli;
pub mod config;
pub mod entity;
pub mod json;
pub mod policy;
pub mod proxy;
pub mod redact;
pub mod rules;
pub mod sensitive;
pub mod sse;
pub mod token;
pub mod validate;
pub mod vault;
