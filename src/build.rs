//! `waymark build`: validate, resolve, render into a staging folder, copy
//! `static/`, then swap the new site in. With any error, nothing is written.

use crate::diagnostic::Report;
use crate::load::LoadError;
use crate::message::{Help, Note};
use crate::model::Roadmap;
use crate::output::{copy_tree, OutputError, Staging};
use crate::render::theme::{Theme, ThemeError};
use crate::render::{self, RenderError, Selection};
use crate::types::{Audience, Day};
use std::path::{Path, PathBuf};

pub const STATIC_DIR: &str = "static";

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` from roadmap.toml.
    pub base_url: Option<String>,
    /// Overrides `[build] audience` from roadmap.toml.
    pub audience: Option<Audience>,
    pub today: Day,
    /// Told when another build is writing into the output, before this
    /// build waits for it.
    pub waiting: fn(&Path),
}

/// A finished build: where it went, and the warnings it passed with.
pub struct Built {
    pub output: PathBuf,
    pub pages: usize,
    pub report: Report,
    /// What reading the git history skipped, and why.
    pub notes: Vec<Note>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(LoadError),
    /// The roadmap has errors; the report holds every diagnostic.
    #[error("the roadmap has {}; nothing was written", .0.summary())]
    Invalid(Report),
    #[error(transparent)]
    Theme(ThemeError),
    #[error(transparent)]
    Output(OutputError),
    #[error(transparent)]
    Render(RenderError),
}

impl Help for BuildError {
    fn help(&self) -> Option<&'static str> {
        match self {
            BuildError::Load(error) => error.help(),
            BuildError::Invalid(_) => None,
            BuildError::Theme(error) => error.help(),
            BuildError::Output(error) => error.help(),
            BuildError::Render(error) => error.help(),
        }
    }
}

pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    // The theme's templates compile while the files are read.
    let (checked, theme) = rayon::join(
        || crate::check(&options.root, options.today),
        || Theme::load(&options.root),
    );
    let (loaded, report) = checked.map_err(BuildError::Load)?;
    if report.has_errors() {
        return Err(BuildError::Invalid(report));
    }
    let theme = theme.map_err(BuildError::Theme)?;
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| loaded.config.base_url.clone());
    let mut loaded = loaded;
    if let Some(audience) = options.audience {
        loaded.config.build.audience = audience;
    }
    let history = crate::portfolio::history(&loaded.root, &loaded.config);
    let roadmap = Roadmap::build(loaded, options.today, &history);
    let mut notes = history.notes;
    if roadmap.config.build.audience == Audience::Public {
        notes.extend(crate::model::public_warnings(&roadmap));
    }
    let staging = Staging::begin(&options.output, &options.root, &options.waiting)
        .map_err(BuildError::Output)?;
    let pages = render::render(&roadmap, &theme, &base_url, &staging, &Selection::All)
        .map_err(BuildError::Render)?;
    crate::drop_aside(roadmap);
    copy_static(&options.root, &staging)?;
    let output = staging.commit().map_err(BuildError::Output)?;
    Ok(Built {
        output,
        pages,
        report,
        notes,
    })
}

/// A roadmap's `static/` files are copied as they are, after the
/// generated ones, so that they may replace the theme's stylesheet.
fn copy_static(root: &Path, staging: &Staging) -> Result<(), BuildError> {
    let dir = root.join(STATIC_DIR);
    if dir.is_dir() {
        copy_tree(&dir, staging).map_err(|error| BuildError::Output(OutputError::Io(error)))?;
    }
    Ok(())
}
