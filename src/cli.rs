//! The command line: parses arguments, runs a command, and turns its
//! outcome into output and an exit code (0 fine, 1 roadmap problems,
//! 2 usage or I/O problems). Output that cannot be written is never a
//! panic: a command whose standard output is closed early (`| head`) ends
//! with 2, as its output is incomplete, and messages that standard error
//! cannot take are dropped.

use crate::build::{BuildError, BuildOptions};
use crate::diagnostic::{plural, Severity};
use crate::import::{ExportFormat, ImportError, ImportOptions};
use crate::message::{error_text, print_notes, Help};
use crate::render::RenderError;
use crate::scaffold::{self, NewFile, NewKind};
use crate::schema::{self, Which};
use crate::serve::ServeOptions;
use crate::types::{Audience, Day};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
    /// Validate, then build the static site
    Build {
        /// The roadmap folder (with roadmap.toml and content/)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site [default: public inside the roadmap folder]
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The address the site is published at, overriding roadmap.toml
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// The date to judge horizons and staleness by (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<Day>,
        /// Who the site is for: `public` publishes only public goals and
        /// initiatives [default: [build] audience in roadmap.toml, or internal]
        #[arg(long, value_enum)]
        audience: Option<Audience>,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
    },
    /// Preview the site, rebuilding and reloading pages as files change
    Serve {
        /// The roadmap folder (with roadmap.toml and content/)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on; 0 picks a free one
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only this machine can connect by default
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
        /// The address the site is published at, overriding roadmap.toml
        #[arg(long, value_name = "URL", value_parser = base_url)]
        base_url: Option<String>,
        /// The date to judge horizons and staleness by (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<Day>,
    },
    /// Show how the roadmap changed between two git revisions
    #[command(override_usage = "waymark diff [DIR] FROM [TO] [--format human|json|markdown]")]
    Diff {
        /// [DIR] FROM [TO]: the roadmap folder (default: the current one),
        /// the earlier revision (such as HEAD~3, a tag or a commit), and the
        /// later one (default: the work tree)
        #[arg(num_args = 1..=3, required = true, value_name = "ARGS")]
        args: Vec<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Bring initiatives' status, progress and dates in step with a tracker's
    /// export, for the initiatives whose `tracker:` names its work items
    Import {
        format: ExportFormat,
        /// The export file the tracker wrote
        file: PathBuf,
        /// The roadmap folder (with roadmap.toml and content/)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Print what would change, in the words of `waymark diff`, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Add an initiative for each epic, milestone or project that none tracks
        #[arg(long)]
        create: bool,
        /// The day of the export [default: the latest change it records, or
        /// the day the file was written]
        #[arg(long, value_name = "YYYY-MM-DD")]
        exported: Option<Day>,
    },
    /// Start a roadmap: roadmap.toml with every setting explained, and a
    /// goal and an initiative to start from
    Init {
        /// The folder to start the roadmap in; created when missing
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Create a goal or initiative file with every key explained
    New {
        kind: NewKind,
        /// The title; the file name is made from it
        title: String,
        /// The roadmap folder
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The initiative's team: the file goes into
        /// content/initiatives/TEAM/, which makes TEAM its team
        #[arg(long)]
        team: Option<String>,
        /// The file name without `.md`, which is the id, instead of one
        /// made from the title
        #[arg(long)]
        id: Option<String>,
    },
    /// Print the JSON Schema of goal and initiative front matter
    Schema {
        /// Only the schema of one kind of file
        which: Option<Which>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    /// GitHub Actions workflow commands, which annotate pull requests
    Github,
}

/// `--base-url`, checked as `base_url` in roadmap.toml is.
fn base_url(value: &str) -> Result<String, String> {
    crate::config::check_base_url(value)
        .map(|()| value.to_owned())
        .map_err(|problem| format!("it {problem}\nhelp: {}", crate::config::BASE_URL_HELP))
}

/// Exit codes: the contract with scripts and CI.
const EXIT_PROBLEMS: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// Writes what a command produces to standard output. Output that cannot
/// be written leaves the command's job undone: an I/O problem. A reader
/// that stopped early closed the pipe on purpose, so that needs no message.
fn print_output(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            Err(ExitCode::from(EXIT_USAGE))
        }
        Err(error) => Err(usage_error(&Unwritten(error))),
    }
}

/// Standard output refused what a command wrote.
#[derive(Debug, thiserror::Error)]
#[error("could not write the output: {0}")]
struct Unwritten(std::io::Error);

impl Help for Unwritten {
    fn help(&self) -> Option<&'static str> {
        None
    }
}

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
        Command::Build {
            dir,
            output,
            base_url,
            today,
            audience,
            quiet,
        } => {
            let waiting: fn(&std::path::Path) = if quiet {
                |_| {}
            } else {
                |output| {
                    say!(
                        "waiting for another build into {} to finish",
                        output.display()
                    )
                }
            };
            let options = BuildOptions {
                output: output.unwrap_or_else(|| dir.join("public")),
                root: dir,
                base_url,
                audience,
                today: today.unwrap_or_else(Day::today),
                waiting,
            };
            build(&options, quiet)
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
            base_url,
            today,
        } => {
            let options = ServeOptions {
                root: dir,
                bind,
                port,
                open,
                today,
                base_url,
            };
            match crate::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => usage_error(&error),
            }
        }
        Command::Diff { args, format } => {
            let (dir, from, to) = diff_arguments(&args);
            diff(&dir, from, to, format)
        }
        Command::Import {
            format,
            file,
            dir,
            dry_run,
            create,
            exported,
        } => import(&ImportOptions {
            format,
            export: &file,
            root: &dir,
            dry_run,
            create,
            exported,
            today: Day::today(),
        }),
        Command::Init { dir } => init(&dir),
        Command::New {
            kind,
            title,
            dir,
            team,
            id,
        } => {
            let new = NewFile {
                kind,
                title: &title,
                id: id.as_deref(),
                team: team.as_deref(),
            };
            match scaffold::create(&dir, &new, Day::today()) {
                Ok(path) => {
                    say!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => usage_error(&error),
            }
        }
        Command::Schema { which } => {
            let text =
                serde_json::to_string_pretty(&schema::schema(which)).expect("a schema serialises");
            match print_output(&(text + "\n")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
    }
}

fn import(options: &ImportOptions) -> ExitCode {
    match crate::import::import(options) {
        Ok(imported) => {
            if !imported.report.diagnostics.is_empty() {
                let _ = write!(
                    std::io::stderr(),
                    "{}",
                    imported.report.draw(color_on_stderr())
                );
            }
            print_notes(&imported.diff.notes);
            if let Err(code) = print_output(&imported.diff.human()) {
                return code;
            }
            if options.dry_run {
                say!(
                    "read {}; {} would change, but a dry run writes nothing",
                    plural(imported.rows, "row"),
                    plural(imported.changed.len(), "file")
                );
            } else if imported.written.is_empty() {
                say!(
                    "read {}; the roadmap already agrees with the export, nothing written",
                    plural(imported.rows, "row")
                );
            } else {
                say!(
                    "read {}, wrote {}; review with `git diff`, then commit",
                    plural(imported.rows, "row"),
                    plural(imported.written.len(), "file")
                );
            }
            ExitCode::SUCCESS
        }
        Err(ImportError::Roadmap(report) | ImportError::Export(report)) => {
            let _ = write!(std::io::stderr(), "{}", report.to_human(color_on_stderr()));
            say!("nothing was written: fix the errors above and import again");
            ExitCode::from(EXIT_PROBLEMS)
        }
        Err(error) => usage_error(&error),
    }
}

fn init(dir: &std::path::Path) -> ExitCode {
    match scaffold::init(dir, Day::today()) {
        Ok(started) => {
            for path in &started.written {
                say!("created {}", path.display());
            }
            if started.had_content {
                say!("content/ has goals or initiatives already, so none were added");
            }
            say!(
                "next: `waymark check {0}`, then `waymark serve {0}` to preview the site",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => usage_error(&error),
    }
}

fn check(dir: &std::path::Path, deny_warnings: bool, format: Format, today: Day) -> ExitCode {
    let (loaded, report) = match crate::check(dir, today) {
        Ok(outcome) => outcome,
        Err(error) => return usage_error(&error),
    };
    match format {
        Format::Json => {
            if let Err(code) = print_output(&(report.to_json() + "\n")) {
                return code;
            }
        }
        Format::Github => {
            if let Err(code) = print_output(&report.to_github(&folder_as_named(dir))) {
                return code;
            }
        }
        Format::Human => {
            let mut out = std::io::stderr().lock();
            let _ = write!(out, "{}", report.to_human(color_on_stderr()));
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

fn build(options: &BuildOptions, quiet: bool) -> ExitCode {
    let started = Instant::now();
    match crate::build::build(options) {
        Ok(built) => {
            if !quiet {
                if built.report.count(Severity::Warning) > 0 {
                    let human = built.report.to_human(color_on_stderr());
                    let _ = write!(std::io::stderr(), "{human}");
                }
                print_notes(&built.notes);
                say!(
                    "built {} into {} in {:.2} s",
                    plural(built.pages, "page"),
                    built.output.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(report)) => {
            let _ = write!(std::io::stderr(), "{}", report.to_human(color_on_stderr()));
            say!("nothing was written: fix the errors above and build again");
            ExitCode::from(EXIT_PROBLEMS)
        }
        // A page that cannot be written is an I/O problem, handled below.
        Err(
            error @ BuildError::Render(RenderError::Template { .. } | RenderError::Runaway { .. })
            | error @ BuildError::Theme(_),
        ) => {
            say!("{}", error_text(&error));
            ExitCode::from(EXIT_PROBLEMS)
        }
        Err(error) => usage_error(&error),
    }
}

fn diff(dir: &std::path::Path, from: &str, to: Option<&str>, format: DiffFormat) -> ExitCode {
    match crate::history::diff::diff(dir, from, to) {
        Ok(diff) => {
            print_notes(&diff.notes);
            let text = match format {
                DiffFormat::Human => diff.human(),
                DiffFormat::Json => diff.json() + "\n",
                DiffFormat::Markdown => diff.markdown(),
            };
            match print_output(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Err(error) => usage_error(&error),
    }
}

/// The roadmap folder as the command line named it, relative to the
/// current folder where it can be, with `/` between names: `""` for the
/// current folder itself. File names prefixed with it are relative to
/// where the command runs, as CI annotations need.
fn folder_as_named(dir: &std::path::Path) -> String {
    let current = std::env::current_dir().ok();
    let relative = current
        .as_deref()
        .and_then(|current| dir.strip_prefix(current).ok())
        .unwrap_or(dir);
    let cleaned: PathBuf = relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    cleaned
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}

/// Splits `[DIR] FROM [TO]`: of two arguments, the first is the folder
/// when it is one, and otherwise they are the two revisions.
fn diff_arguments(args: &[String]) -> (PathBuf, &str, Option<&str>) {
    match args {
        [dir, from, to] => (PathBuf::from(dir), from, Some(to)),
        [first, second] if std::path::Path::new(first).is_dir() => {
            (PathBuf::from(first), second, None)
        }
        [from, to] => (PathBuf::from("."), from, Some(to)),
        [from] => (PathBuf::from("."), from, None),
        _ => unreachable!("clap takes one to three arguments"),
    }
}

fn color_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn usage_error(error: &dyn Help) -> ExitCode {
    say!("{}", error_text(error));
    ExitCode::from(EXIT_USAGE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn diff_takes_an_optional_folder_before_the_revisions() {
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let one = args(&["HEAD~3"]);
        assert_eq!(diff_arguments(&one), (PathBuf::from("."), "HEAD~3", None));
        let two = args(&["HEAD~3", "HEAD"]);
        assert_eq!(
            diff_arguments(&two),
            (PathBuf::from("."), "HEAD~3", Some("HEAD"))
        );
        let folder = args(&["src", "HEAD~3"]);
        assert_eq!(
            diff_arguments(&folder),
            (PathBuf::from("src"), "HEAD~3", None)
        );
        let three = args(&["roadmap", "v1", "v2"]);
        assert_eq!(
            diff_arguments(&three),
            (PathBuf::from("roadmap"), "v1", Some("v2"))
        );
    }
}
