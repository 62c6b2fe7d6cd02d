//! The `justera` command.

mod admin;
mod backup;
mod cli;
mod commands;
mod demo;
mod loaddata;
mod parse_errors;
mod render;
mod settings;
mod signing;
mod terms;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let parsed = cli::localized(cli::Cli::command())
        .try_get_matches()
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => match parse_errors::swedish(&e) {
            // Help and version: clap prints them (in Swedish) and exits.
            None => e.exit(),
            Some(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        },
    };
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fel: {e}");
            ExitCode::FAILURE
        }
    }
}
