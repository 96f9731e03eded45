//! waymark: a static site generator for technology roadmaps.
//!
//! Data flows one way: `config` and `load` read the roadmap folder,
//! `validate` reports problems as diagnostics, `model` resolves a valid
//! roadmap into the immutable structure that `render` writes through
//! `output`; `serve` and `history` wrap that pipeline. `health` judges the
//! loaded roadmap once, for validation's warnings and the model's facts.

/// Writes a message line to standard error. With standard error gone
/// there is nowhere left to tell, so a failed write is dropped, not a panic.
macro_rules! say {
    ($($message:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($message)*);
    }};
}

mod build;
mod cli;
mod config;
mod diagnostic;
mod frontmatter;
mod graph;
mod health;
mod history;
mod hosts;
mod import;
mod load;
mod markdown;
mod message;
mod model;
mod output;
mod portfolio;
mod render;
mod scaffold;
mod schedule;
mod schema;
mod serve;
mod source;
#[cfg(test)]
mod testing;
mod types;
mod url;
mod validate;

// The library's surface: what the binary, the benchmarks, the fuzz targets
// and the integration tests use. Everything else is the crate's own.
pub use build::{build, BuildError, BuildOptions, Built};
pub use cli::main as run;
pub use config::{Config, HistorySettings};
pub use diagnostic::Report;
pub use frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
pub use history::{read as read_history, History};
pub use load::{assemble, load, parse_text, schema_of, LoadError, Loaded, ParsedFile};
pub use message::{Level, Note};
pub use model::{Resolved, Roadmap};
pub use output::MemorySink;
pub use render::theme::Theme;
pub use render::{render, RenderError, Selection};
pub use serve::{answer, Answer, RawRequest, Served};
pub use types::Day;
pub use validate::validate;

use std::path::Path;

/// The most files or pages one thread of the pool takes in one go. Left to
/// itself, rayon hands each thread a quarter or more of a large roadmap's
/// files at once, which it then reads one after another: near the end,
/// the other thread finds nothing left to take and waits (bench/README.md).
const PARALLEL_BATCH: usize = 16;

/// Drops `value` on a thread of the pool, while the caller goes on: freeing
/// a large roadmap's documents or model takes as long as a small part of a
/// build, and nothing waits on it.
fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// Loads and validates the roadmap in `root`, and looks over its template
/// overrides: every problem of every file, sorted by file and position.
/// A portfolio comes with the work of all its members.
pub fn check(root: &Path, today: Day) -> Result<(Loaded, Report), LoadError> {
    let (loaded, report) = check_alone(root, today, load::OtherMembers::Warned)?;
    if loaded.config.portfolio.is_none() {
        return Ok((loaded, report));
    }
    let (loaded, mut report) = portfolio::check(loaded, report, today);
    report.sort();
    Ok((loaded, report))
}

/// Checks the roadmap in `root` as [`check`] does, without the members of
/// a portfolio.
fn check_alone(
    root: &Path,
    today: Day,
    other_members: load::OtherMembers,
) -> Result<(Loaded, Report), LoadError> {
    let (mut loaded, mut report) = load::load(root)?;
    loaded.other_members = other_members;
    report.extend(validate::validate(&loaded, today));
    report.extend(render::theme::unused_overrides(root));
    report.sort();
    Ok((loaded, report))
}
