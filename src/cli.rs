//! The `veil` command line (DESIGN §8). `anyhow` lives here and in
//! `main.rs` only; library errors stay typed below this layer.
//!
//! Exit codes: 0 success, 1 `check` found failing examples, 2 bad
//! arguments (clap), 64 bad rules or policy, 65 bad input data (invalid
//! UTF-8, malformed JSONL lines), 74 I/O error.

use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use serde_json::{Map, Value as Json};

use crate::check::check_examples;
use crate::config::Config;
use crate::policy::Policy;
use crate::redact::{Redactor, Scope, StreamRedactor};
use crate::rules::RuleSet;

/// Exit status for an argument the program understood but cannot use.
pub const EXIT_CONFIG: u8 = 64;
/// Exit status for input data that is not what the command reads.
pub const EXIT_DATA: u8 = 65;
/// Exit status for a read or write failure.
pub const EXIT_IO: u8 = 74;

/// veil: keep personal data out of LLM providers.
#[derive(Debug, Parser)]
#[command(name = "veil", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Redact stdin to stdout, replacing PII with {{type:n}} tokens.
    Redact(RedactArgs),
    /// Report the entities found in text, with offsets in characters.
    Scan(ScanArgs),
    /// Compile the rules and run every example and counterexample in them;
    /// with --config, validate a `veil serve` config file too.
    Check(CheckArgs),
    /// Run the proxy (config: --config, else VEIL_CONFIG, else the embedded
    /// default; VEIL_* environment variables override it).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    rules: RulesArg,
    /// Validate this config file (with the VEIL_* overrides applied).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The TOML config file (see veil.example.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct RulesArg {
    /// Load rules from this directory instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct RedactArgs {
    #[command(flatten)]
    rules: RulesArg,
    /// Print one JSON object: the redacted text and the token map.
    #[arg(long)]
    json: bool,
    /// Per-type action, e.g. `--action phone=mask --action ip=allow`
    /// (tokenize, mask, drop, allow, block).
    #[arg(long = "action", value_name = "TYPE=ACTION")]
    actions: Vec<String>,
}

#[derive(Debug, Args)]
struct ScanArgs {
    #[command(flatten)]
    rules: RulesArg,
    /// Read JSON Lines: each line `{"text": …}` is printed back with an
    /// `"entities"` array added. A malformed line is reported on stderr with
    /// its line number and skipped; the exit status is then 65.
    #[arg(long)]
    jsonl: bool,
    /// With --jsonl, stop at the first malformed line.
    #[arg(long, requires = "jsonl")]
    fail_fast: bool,
}

/// A failure with the exit status it maps to.
#[derive(Debug)]
pub struct Failure {
    /// Process exit status.
    pub code: u8,
    /// What went wrong (never includes input text).
    pub error: anyhow::Error,
}

fn fail(code: u8, error: impl Into<anyhow::Error>) -> Failure {
    Failure {
        code,
        error: error.into(),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Redact(args) => redact(args),
        Command::Scan(args) => scan(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
    }
}

fn load_rules(arg: &RulesArg) -> Result<Arc<RuleSet>, Failure> {
    let rules = match &arg.rules {
        Some(dir) => RuleSet::from_dir(dir),
        None => RuleSet::embedded(),
    };
    rules.map(Arc::new).map_err(|e| fail(EXIT_CONFIG, e))
}

fn redact(args: RedactArgs) -> Result<(), Failure> {
    let rules = load_rules(&args.rules)?;
    let pairs: Vec<(&str, &str)> = args
        .actions
        .iter()
        .map(|a| a.split_once('=').ok_or(a.as_str()))
        .collect::<Result<_, _>>()
        .map_err(|a| {
            fail(
                EXIT_CONFIG,
                anyhow::anyhow!("--action {a:?}: expected TYPE=ACTION"),
            )
        })?;
    let policy = Policy::from_pairs(pairs).map_err(|e| fail(EXIT_CONFIG, e))?;
    let redactor = Redactor::new(rules, policy);
    let mut scratch = redactor.scratch();
    let mut scope = Scope::new();
    let mut stream = StreamRedactor::new();
    let mut decoder = Utf8Chunks::default();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    let mut collected = String::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut out = String::new();
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(EXIT_IO, e)),
        };
        let text = decoder.decode(&buf[..n]).map_err(|e| fail(EXIT_DATA, e))?;
        out.clear();
        stream
            .push(&redactor, &mut scratch, &mut scope, &text, &mut out)
            .map_err(|e| fail(EXIT_DATA, e))?;
        emit(&mut output, &mut collected, &out, args.json)?;
    }
    decoder.finish().map_err(|e| fail(EXIT_DATA, e))?;
    out.clear();
    stream
        .finish(&redactor, &mut scratch, &mut scope, &mut out)
        .map_err(|e| fail(EXIT_DATA, e))?;
    emit(&mut output, &mut collected, &out, args.json)?;
    if args.json {
        let tokens: Map<String, Json> = scope
            .entries()
            .into_iter()
            .map(|(t, original)| (t.to_string(), Json::String((*original.expose()).to_owned())))
            .collect();
        let doc = serde_json::json!({ "text": collected, "tokens": tokens });
        writeln!(output, "{doc}").map_err(|e| fail(EXIT_IO, e))?;
    }
    output.flush().map_err(|e| fail(EXIT_IO, e))
}

fn emit(
    output: &mut impl Write,
    collected: &mut String,
    text: &str,
    json: bool,
) -> Result<(), Failure> {
    if json {
        collected.push_str(text);
        Ok(())
    } else {
        output
            .write_all(text.as_bytes())
            .map_err(|e| fail(EXIT_IO, e))
    }
}

fn scan(args: ScanArgs) -> Result<(), Failure> {
    let rules = load_rules(&args.rules)?;
    let redactor = Redactor::new(rules, Policy::default());
    let mut scratch = redactor.scratch();
    let stdout = io::stdout();
    let mut output = stdout.lock();
    if !args.jsonl {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| fail(EXIT_IO, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            fail(
                EXIT_DATA,
                anyhow::anyhow!(
                    "stdin is not valid UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        let entities = entities_json(&redactor, &mut scratch, &text);
        writeln!(output, "{}", Json::Array(entities)).map_err(|e| fail(EXIT_IO, e))?;
        return Ok(());
    }
    let mut bad_lines = 0usize;
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|e| fail(EXIT_IO, e))?;
        if n == 0 {
            break;
        }
        number += 1;
        let body = trim_newline(&line);
        if body.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_jsonl_line(body) {
            Ok(mut object) => {
                let text = match object.get("text") {
                    Some(Json::String(s)) => s.clone(),
                    _ => unreachable_text(),
                };
                let entities = entities_json(&redactor, &mut scratch, &text);
                object.insert("entities".to_owned(), Json::Array(entities));
                writeln!(output, "{}", Json::Object(object)).map_err(|e| fail(EXIT_IO, e))?;
            }
            Err(why) => {
                bad_lines += 1;
                eprintln!("veil scan: line {number}: {why}; skipped");
                if args.fail_fast {
                    return Err(fail(EXIT_DATA, anyhow::anyhow!("stopped at line {number}")));
                }
            }
        }
    }
    output.flush().map_err(|e| fail(EXIT_IO, e))?;
    if bad_lines > 0 {
        return Err(fail(
            EXIT_DATA,
            anyhow::anyhow!("{bad_lines} malformed line(s) skipped"),
        ));
    }
    Ok(())
}

/// `parse_jsonl_line` only returns objects whose `text` is a string.
fn unreachable_text() -> String {
    String::new()
}

/// Parses one JSONL line. The error says what is wrong without quoting the
/// line (it may hold personal data), which is why serde's message, which
/// can quote input, is not passed on.
fn parse_jsonl_line(body: &[u8]) -> Result<Map<String, Json>, String> {
    let text = std::str::from_utf8(body)
        .map_err(|e| format!("not valid UTF-8 (at byte {})", e.valid_up_to()))?;
    match serde_json::from_str::<Json>(text) {
        Ok(Json::Object(object)) => match object.get("text") {
            Some(Json::String(_)) => Ok(object),
            Some(_) => Err("\"text\" is not a string".to_owned()),
            None => Err("no \"text\" field".to_owned()),
        },
        Ok(_) => Err("not a JSON object".to_owned()),
        Err(e) => Err(format!("invalid JSON (column {})", e.column())),
    }
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Entities as `{"type","start","end"}` with offsets in Unicode characters.
fn entities_json(
    redactor: &Redactor,
    scratch: &mut crate::redact::Scratch,
    text: &str,
) -> Vec<Json> {
    let entities = redactor.scan(scratch, text);
    let mut chars = CharOffsets::new(text);
    entities
        .iter()
        .map(|e| {
            serde_json::json!({
                "type": e.ty.as_str(),
                "start": chars.at(e.start),
                "end": chars.at(e.end),
            })
        })
        .collect()
}

/// Byte → char offset conversion for increasing byte offsets, in one pass.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

fn serve(args: ServeArgs) -> Result<(), Failure> {
    crate::app::init_logging();
    let config = Config::load(args.config.as_deref()).map_err(|e| fail(EXIT_CONFIG, e))?;
    // This thread's runtime is the first serving thread; the server starts
    // the others (`server.threads`), each on a runtime of its own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(EXIT_IO, e))?;
    runtime
        .block_on(crate::app::serve(config))
        .map_err(|e| fail(EXIT_CONFIG, e))
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let mut rules_arg = args.rules;
    if let Some(path) = &args.config {
        let config = Config::load(Some(path)).map_err(|e| fail(EXIT_CONFIG, e))?;
        writeln!(
            io::stdout(),
            "config: {} listener(s), {} tenant(s), {:?} auth, {} vault",
            config.listen.len(),
            config.tenants.len(),
            config.auth,
            match config.vault {
                crate::config::VaultConfig::Memory { .. } => "memory",
                crate::config::VaultConfig::Redis { .. } => "redis",
            }
        )
        .map_err(|e| fail(EXIT_IO, e))?;
        if rules_arg.rules.is_none() {
            rules_arg.rules = config.rules_dir.clone();
        }
    }
    let rules = load_rules(&rules_arg)?;
    let redactor = Redactor::new(rules.clone(), Policy::default());
    let failures = check_examples(&rules, &redactor);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for f in &failures {
        writeln!(out, "FAIL {f}").map_err(|e| fail(EXIT_IO, e))?;
    }
    writeln!(
        out,
        "rules: {} patterns, {} examples, {} failing",
        rules.rules().len(),
        rules.examples.len(),
        failures.len()
    )
    .map_err(|e| fail(EXIT_IO, e))?;
    if failures.is_empty() {
        Ok(())
    } else {
        Err(fail(
            1,
            anyhow::anyhow!("{} example(s) failed", failures.len()),
        ))
    }
}

/// Decodes a byte stream as UTF-8 chunk by chunk, carrying an incomplete
/// trailing sequence into the next chunk.
#[derive(Debug, Default)]
struct Utf8Chunks {
    carry: Vec<u8>,
    offset: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("input is not valid UTF-8 (at byte {0})")]
struct InvalidUtf8(usize);

impl Utf8Chunks {
    fn decode(&mut self, bytes: &[u8]) -> Result<String, InvalidUtf8> {
        self.carry.extend_from_slice(bytes);
        let valid = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(InvalidUtf8(self.offset + e.valid_up_to())),
        };
        let rest = self.carry.split_off(valid);
        let text = String::from_utf8(std::mem::replace(&mut self.carry, rest))
            .map_err(|e| InvalidUtf8(self.offset + e.utf8_error().valid_up_to()))?;
        self.offset += valid;
        Ok(text)
    }

    fn finish(&self) -> Result<(), InvalidUtf8> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(InvalidUtf8(self.offset))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_across_chunks_is_carried() {
        let mut d = Utf8Chunks::default();
        let rupee = "₹".as_bytes();
        assert_eq!(d.decode(&rupee[..1]).unwrap(), "");
        assert_eq!(d.decode(&rupee[1..]).unwrap(), "₹");
        assert!(d.finish().is_ok());
        let err = d.decode(b"ok\xff").unwrap_err();
        assert_eq!(err.to_string(), "input is not valid UTF-8 (at byte 5)");
    }

    #[test]
    fn char_offsets_count_characters_not_bytes() {
        let mut c = CharOffsets::new("₹5 x");
        assert_eq!(c.at(3), 1);
        assert_eq!(c.at(4), 2);
        assert_eq!(c.at(6), 4);
    }

    #[test]
    fn jsonl_errors_do_not_quote_the_line() {
        let err = parse_jsonl_line(b"{\"text\": \"9876543210\"").unwrap_err();
        assert!(!err.contains("9876"), "{err}");
        assert_eq!(parse_jsonl_line(b"[1]").unwrap_err(), "not a JSON object");
        assert_eq!(
            parse_jsonl_line(b"{\"text\": 5}").unwrap_err(),
            "\"text\" is not a string"
        );
    }
}
