//! Reads a roadmap folder: `roadmap.toml`, then every goal and initiative
//! file under `content/`, each parsed into typed front matter and body.

mod document;
pub mod spans;

pub use document::{file_stem, front_matter_yaml, Document, MORE_MARKER};
pub use spans::YamlPath;

use crate::config::{self, Config};
use crate::diagnostic::Report;
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
pub const GOALS_DIR: &str = "goals";
pub const INITIATIVES_DIR: &str = "initiatives";

/// Everything read from a roadmap folder, before cross-file validation.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    pub goals: Vec<Document<GoalFrontMatter>>,
    pub initiatives: Vec<Document<InitiativeFrontMatter>>,
    /// Default ids of files whose front matter could not be read at all:
    /// references to them are not reported as unknown on top of that.
    pub broken_goal_ids: HashSet<String>,
    pub broken_initiative_ids: HashSet<String>,
}

/// A roadmap folder that cannot be read as one: not a content problem.
#[derive(Debug)]
pub enum LoadError {
    NoContent(PathBuf),
    Walk(walkdir::Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoContent(root) => write!(
                f,
                "`{}` has no `content/` folder: is it a waymark roadmap?\n\
                 help: run waymark inside the roadmap folder or name it (`waymark check path/to/roadmap`), \
                 or start one with `waymark new goal \"Your first goal\"`",
                root.display()
            ),
            LoadError::Walk(error) => {
                let path = error.path().map(|p| p.display().to_string()).unwrap_or_default();
                write!(f, "could not read `{path}`: {error}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads the roadmap in `root`. Content problems go into the report; only
/// a folder that cannot be walked at all is an error.
pub fn load(root: &Path) -> Result<(Loaded, Report), LoadError> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(LoadError::NoContent(root.to_owned()));
    }
    let mut report = Report::default();
    let config = config::Config::load(root).unwrap_or_else(|diagnostic| {
        report.push(diagnostic);
        Config::default()
    });
    let (goals, broken_goal_ids) =
        load_kind::<GoalFrontMatter>(root, &content.join(GOALS_DIR), &mut report)?;
    let (initiatives, broken_initiative_ids) =
        load_kind::<InitiativeFrontMatter>(root, &content.join(INITIATIVES_DIR), &mut report)?;
    let loaded = Loaded {
        root: root.to_owned(),
        config,
        goals,
        initiatives,
        broken_goal_ids,
        broken_initiative_ids,
    };
    Ok((loaded, report))
}

type Documents<T> = (Vec<Document<T>>, HashSet<String>);

fn load_kind<T>(root: &Path, dir: &Path, report: &mut Report) -> Result<Documents<T>, LoadError>
where
    T: DeserializeOwned + schemars::JsonSchema + Send,
{
    let schema = schemars::schema_for!(T).to_value();
    let paths = markdown_files(dir)?;
    let outcomes: Vec<_> = paths
        .par_iter()
        .map(|path| match config::read_source(root, path) {
            Ok(file) => document::parse::<T>(file, &schema),
            Err(diagnostic) => document::Parsed {
                document: None,
                diagnostics: vec![diagnostic],
            },
        })
        .collect();
    let mut documents = Vec::with_capacity(outcomes.len());
    let mut broken = HashSet::new();
    for (path, outcome) in paths.iter().zip(outcomes) {
        report.extend(outcome.diagnostics);
        match outcome.document {
            Some(document) => documents.push(document),
            None => {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                broken.insert(file_stem(&name).to_owned());
            }
        }
    }
    Ok((documents, broken))
}

/// The Markdown files below `dir`, sorted, skipping hidden files and the
/// backup files editors leave behind. A missing folder has none.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(LoadError::Walk)?;
        let is_markdown = entry.path().extension().is_some_and(|ext| ext == "md");
        if entry.file_type().is_file() && is_markdown {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}
