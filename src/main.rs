//! The `veil` binary: parses arguments and maps failures to exit codes.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the request path allocates a few hundred small blocks per
/// request across worker threads; glibc's arenas spent ~9% of veil's
/// instructions on them (callgrind, proxy load benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = veil::cli::Cli::parse();
    match veil::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("veil: {:#}", failure.error);
            ExitCode::from(failure.code)
        }
    }
}
