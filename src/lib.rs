//! waymark: a static site generator for technology roadmaps.
//!
//! Data flows one way: [`config`] and [`load`] read the roadmap folder,
//! [`validate`] reports problems as [`diagnostic`]s, and [`model`] resolves
//! a valid roadmap into the immutable structure that rendering reads.

/// Writes a message line to standard error. With standard error gone
/// there is nowhere left to tell, so a failed write is dropped, not a panic.
macro_rules! say {
    ($($message:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($message)*);
    }};
}

pub mod build;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod frontmatter;
pub(crate) mod graph;
pub mod history;
pub mod load;
pub mod markdown;
pub mod message;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod serve;
pub mod source;
#[cfg(test)]
mod testing;
pub mod types;
pub mod url;
pub mod validate;

use diagnostic::Report;
use load::{LoadError, Loaded};
use std::path::Path;
use types::Day;

/// Loads and validates the roadmap in `root`: every problem of every file,
/// sorted by file and position.
pub fn check(root: &Path, today: Day) -> Result<(Loaded, Report), LoadError> {
    let (loaded, mut report) = load::load(root)?;
    report.extend(validate::validate(&loaded, today));
    report.sort();
    Ok((loaded, report))
}
