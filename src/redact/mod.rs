//! Redaction (layer 2): text going to the LLM has its personal data replaced
//! by `{{type:n}}` tokens, and text coming back has the tokens replaced by
//! the originals again.
//!
//! Everything here is pure and synchronous: the vault is reached through
//! small traits ([`detokenize::TokenLookup`]) so the engine can be unit
//! tested, benchmarked and fuzzed without a store or a runtime.

pub mod detokenize;
