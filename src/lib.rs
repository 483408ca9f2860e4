//! veil: a streaming PII-redaction reverse proxy for LLM APIs.
//!
//! This crate holds the redaction engine and the `veil` command line. The
//! engine is pure and synchronous (no async runtime, no network, no clock) so
//! the CLI, benchmarks, fuzzers and the proxy all share one implementation.

pub mod check;
pub mod cli;
pub mod entity;
pub mod json;
pub mod policy;
pub mod redact;
pub mod rules;
pub mod sensitive;
pub mod token;
pub mod validate;
