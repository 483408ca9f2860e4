//! The `veil` binary: parses arguments and maps failures to exit codes.

use std::process::ExitCode;

use clap::Parser;

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
