//! The command line: parses arguments, runs a command, and turns its
//! outcome into output and an exit code (0 fine, 1 roadmap problems,
//! 2 usage or I/O problems).

use crate::diagnostic::{plural, Severity};
use crate::scaffold::{self, NewKind};
use crate::schema::{self, Which};
use crate::types::Day;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "waymark",
    version,
    about = "Publish technology roadmaps as static sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate the roadmap and report every problem at once
    Check {
        /// The roadmap folder (with roadmap.toml and content/)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Fail on warnings too
        #[arg(long)]
        deny_warnings: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The date to judge horizons and staleness by (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<Day>,
    },
    /// Create a goal or initiative file with every key explained
    New {
        kind: NewKind,
        /// The title; the file name is made from it
        title: String,
        /// The roadmap folder
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of goal and initiative front matter
    Schema {
        /// Only the schema of one kind of file
        which: Option<Which>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Exit codes: the contract with scripts and CI.
const EXIT_PROBLEMS: u8 = 1;
const EXIT_USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            dir,
            deny_warnings,
            format,
            today,
        } => check(
            &dir,
            deny_warnings,
            format,
            today.unwrap_or_else(Day::today),
        ),
        Command::New { kind, title, dir } => {
            match scaffold::create(&dir, kind, &title, Day::today()) {
                Ok(path) => {
                    eprintln!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => usage_error(&error),
            }
        }
        Command::Schema { which } => {
            let text =
                serde_json::to_string_pretty(&schema::schema(which)).expect("a schema serialises");
            println!("{text}");
            ExitCode::SUCCESS
        }
    }
}

fn check(dir: &std::path::Path, deny_warnings: bool, format: Format, today: Day) -> ExitCode {
    let (loaded, report) = match crate::check(dir, today) {
        Ok(outcome) => outcome,
        Err(error) => return usage_error(&error),
    };
    match format {
        Format::Json => println!("{}", report.to_json()),
        Format::Human => {
            let stderr = std::io::stderr();
            let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut out = stderr.lock();
            let _ = write!(out, "{}", report.to_human(color));
            let _ = writeln!(
                out,
                "checked {} and {}",
                plural(loaded.goals.len(), "goal"),
                plural(loaded.initiatives.len(), "initiative")
            );
        }
    }
    let failed = report.has_errors() || (deny_warnings && report.count(Severity::Warning) > 0);
    if failed {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage_error(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_USAGE)
}
