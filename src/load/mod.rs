//! Reads a roadmap folder: `roadmap.toml`, then every goal and initiative
//! file under `content/`, each parsed into typed front matter and body.

mod document;
mod files;
pub mod spans;

pub use document::{front_matter_range, front_matter_yaml, Document, Parsed};
pub use files::{file_stem, folder_team, is_hidden, kind_of, FileKind};
pub use spans::YamlPath;

use crate::config::{self, Config};
use crate::diagnostic::{Code, Report};
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use crate::health::Health;
use crate::message::Help;
use crate::types::Day;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::borrow::Borrow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub const CONTENT_DIR: &str = "content";
pub const GOALS_DIR: &str = "goals";
pub const INITIATIVES_DIR: &str = "initiatives";

/// Everything read from a roadmap folder, before cross-file validation.
/// The documents are shared, so that `serve` can keep those that did not
/// change from one rebuild to the next.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    pub goals: Vec<Arc<Document<GoalFrontMatter>>>,
    pub initiatives: Vec<Arc<Document<InitiativeFrontMatter>>>,
    /// Default ids of files whose front matter could not be read at all:
    /// references to them are not reported as unknown on top of that.
    pub broken_goal_ids: HashSet<String>,
    pub broken_initiative_ids: HashSet<String>,
    /// The members when this is a portfolio with its members' work in it,
    /// namespaced by their names; empty for a roadmap on its own, whose
    /// namespaced references name work outside it.
    pub members: Vec<crate::portfolio::MemberRoadmap>,
    pub other_members: OtherMembers,
    health: HealthMemo,
}

/// What becomes of a roadmap's references to the work of other members of
/// a portfolio (`member/id`): checked on its own, it warns of each; checked
/// as a member for its portfolio, it leaves them to the portfolio, which
/// judges them with every member there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OtherMembers {
    #[default]
    Warned,
    LeftToPortfolio,
}

/// Health worked out on first use, for validation and the model alike. A
/// copy works it out anew, since a copy may be changed.
#[derive(Debug, Default)]
struct HealthMemo(OnceLock<Arc<Health>>);

impl Clone for HealthMemo {
    fn clone(&self) -> HealthMemo {
        HealthMemo::default()
    }
}

impl Loaded {
    /// The roadmap's health on `today`, judged once for these documents.
    pub fn health(&self, today: Day) -> Arc<Health> {
        let judged = self
            .health
            .0
            .get_or_init(|| Arc::new(Health::assess(self, today)));
        if judged.today == today {
            Arc::clone(judged)
        } else {
            Arc::new(Health::assess(self, today))
        }
    }
}

impl Loaded {
    /// Takes the judgement of `before`, made on `today`, when it holds for
    /// these documents (see [`crate::health::holds_for`]).
    pub fn take_health_of(&self, before: &Loaded, today: Day) {
        let Some(judged) = before.health.0.get().filter(|judged| judged.today == today) else {
            return;
        };
        if crate::health::holds_for(before, self) {
            let _ = self.health.0.set(Arc::clone(judged));
        }
    }
}

/// A roadmap folder that cannot be read as one: not a content problem.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("`{}` has no `content/` folder: is it a waymark roadmap?", .0.display())]
    NoContent(PathBuf),
    #[error("could not read `{path}`: {1}", path = .0.display())]
    Unreadable(PathBuf, std::io::Error),
}

impl Help for LoadError {
    fn help(&self) -> Option<&'static str> {
        match self {
            LoadError::NoContent(_) => Some(
                "run waymark inside the roadmap folder or name it (`waymark check path/to/roadmap`), \
                 or start one with `waymark init`",
            ),
            LoadError::Unreadable(..) => None,
        }
    }
}

/// Loads the roadmap in `root`. Content problems go into the report; only
/// a folder that cannot be walked at all is an error.
pub fn load(root: &Path) -> Result<(Loaded, Report), LoadError> {
    let (config, mut report) = load_config(root)?;
    if let Some(link) = content_link(root) {
        report.push(link);
        return Ok((empty(root, config), report));
    }
    // The goals are read while the initiatives are listed, which is one
    // thread's work: 10,000 files take that thread a few hundredths of a
    // second.
    let ((goal_files, goals), initiative_files) = rayon::join(
        || {
            let files = markdown_files(root, GOALS_DIR);
            let goals = parse_files::<GoalFrontMatter>(root, &files.paths, &config.limits);
            (files, goals)
        },
        || markdown_files(root, INITIATIVES_DIR),
    );
    report.extend(goal_files.left_out);
    report.extend(initiative_files.left_out);
    let initiatives =
        parse_files::<InitiativeFrontMatter>(root, &initiative_files.paths, &config.limits);
    let loaded = assemble(root, config, &mut report, goals, initiatives);
    Ok((loaded, report))
}

/// Reads `roadmap.toml`, after checking that `root` is a roadmap at all.
/// A broken config is reported, and defaults are used meanwhile.
pub fn load_config(root: &Path) -> Result<(Config, Report), LoadError> {
    if !root.join(CONTENT_DIR).is_dir() {
        return Err(LoadError::NoContent(root.to_owned()));
    }
    let mut report = Report::default();
    let config = config::Config::load(root).unwrap_or_else(|diagnostic| {
        report.push(diagnostic);
        Config::default()
    });
    Ok((config, report))
}

/// The goal and initiative files of a roadmap, and what is left out
/// (links, unreadable folders), said as diagnostics.
#[derive(Debug, Default)]
pub struct Listing {
    pub goals: Vec<PathBuf>,
    pub initiatives: Vec<PathBuf>,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// Lists the files to read, for every rebuild of `serve`, `init` and
/// `diff`: the same files that `load` reads for `check` and `build`, since
/// both ask `content_link` and `markdown_files`, the one place that
/// decides which files of the folder are goals and initiatives. Only
/// regular files are read, never a symbolic link to a file or folder, so
/// that nothing outside the roadmap folder is.
pub fn list(root: &Path) -> Listing {
    if let Some(link) = content_link(root) {
        return Listing {
            diagnostics: vec![link],
            ..Listing::default()
        };
    }
    let goals = markdown_files(root, GOALS_DIR);
    let initiatives = markdown_files(root, INITIATIVES_DIR);
    Listing {
        goals: goals.paths,
        initiatives: initiatives.paths,
        diagnostics: [goals.left_out, initiatives.left_out].concat(),
    }
}

/// Said when `content/` is a symbolic link, which is not followed.
fn content_link(root: &Path) -> Option<crate::diagnostic::Diagnostic> {
    let content = root.join(CONTENT_DIR);
    content.is_symlink().then(|| skipped_link(root, &content))
}

/// One file, read and parsed: kept by `serve` between rebuilds.
#[derive(Debug, Clone)]
pub struct ParsedFile<T> {
    pub path: PathBuf,
    pub parsed: Parsed<T>,
}

/// The JSON Schema that names the keys a kind of file may have.
pub fn schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
    schemars::schema_for!(T).to_value()
}

/// Parses one file's text, as if read from `name` (relative to the roadmap).
pub fn parse_text<T: DeserializeOwned>(
    name: &str,
    raw: &str,
    schema: &serde_json::Value,
) -> Parsed<T> {
    document::parse::<T>(crate::source::SourceFile::new(name.to_owned(), raw), schema)
}

/// Reads and parses one file.
pub fn parse_file<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    schema: &serde_json::Value,
    limits: &config::Limits,
) -> ParsedFile<T> {
    let parsed = match config::read_source(root, path, limits) {
        Ok(file) => document::parse::<T>(file, schema),
        Err(diagnostic) => Parsed {
            document: None,
            diagnostics: vec![diagnostic],
        },
    };
    ParsedFile {
        path: path.to_owned(),
        parsed,
    }
}

fn parse_files<T>(root: &Path, paths: &[PathBuf], limits: &config::Limits) -> Vec<ParsedFile<T>>
where
    T: DeserializeOwned + schemars::JsonSchema + Send + Sync,
{
    let schema = schema_of::<T>();
    paths
        .par_iter()
        .with_max_len(crate::PARALLEL_BATCH)
        .map(|path| parse_file::<T>(root, path, &schema, limits))
        .collect()
}

/// Puts parsed files together into a roadmap, their problems into `report`.
/// The files may be lent: `serve` keeps its own.
pub fn assemble(
    root: &Path,
    config: Config,
    report: &mut Report,
    goals: impl IntoIterator<Item = impl Borrow<ParsedFile<GoalFrontMatter>>>,
    initiatives: impl IntoIterator<Item = impl Borrow<ParsedFile<InitiativeFrontMatter>>>,
) -> Loaded {
    let (goals, broken_goal_ids) = documents(goals, report);
    let (initiatives, broken_initiative_ids) = documents(initiatives, report);
    Loaded {
        root: root.to_owned(),
        config,
        goals,
        initiatives,
        broken_goal_ids,
        broken_initiative_ids,
        members: Vec::new(),
        other_members: OtherMembers::default(),
        health: HealthMemo::default(),
    }
}

/// A roadmap with no goals or initiatives yet, to fill in.
pub fn empty(root: &Path, config: Config) -> Loaded {
    let none_read = Vec::<ParsedFile<GoalFrontMatter>>::new();
    assemble(
        root,
        config,
        &mut Report::default(),
        none_read,
        Vec::<ParsedFile<InitiativeFrontMatter>>::new(),
    )
}

type Documents<T> = (Vec<Arc<Document<T>>>, HashSet<String>);

fn documents<T>(
    files: impl IntoIterator<Item = impl Borrow<ParsedFile<T>>>,
    report: &mut Report,
) -> Documents<T> {
    let files = files.into_iter();
    let mut documents = Vec::with_capacity(files.size_hint().0);
    let mut broken = HashSet::new();
    for file in files {
        let file = file.borrow();
        report.extend(file.parsed.diagnostics.iter().cloned());
        match &file.parsed.document {
            Some(document) => documents.push(Arc::clone(document)),
            None => {
                let name = file.path.file_name().unwrap_or_default().to_string_lossy();
                broken.insert(file_stem(&name).to_owned());
            }
        }
    }
    (documents, broken)
}

/// The goal or initiative files in `folder` of `content/`, sorted,
/// skipping hidden files, the backup files editors leave behind, and links.
/// A missing folder has none.
fn markdown_files(root: &Path, folder: &str) -> Files {
    let content = root.join(CONTENT_DIR);
    let dir = content.join(folder);
    let mut paths = Vec::new();
    let mut diagnostics = Vec::new();
    if dir.symlink_metadata().is_err() {
        return Files::default();
    }
    let walker = walkdir::WalkDir::new(&dir)
        .follow_root_links(false)
        .sort_by(|a, b| name_of(a).cmp(name_of(b)))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(name_of(entry)));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(&dir).to_owned();
                diagnostics.push(
                    at_file(
                        root,
                        &path,
                        Code::UnreadableFile,
                        format!("could not read this folder: {error}"),
                    )
                    .help("check its permissions"),
                );
                continue;
            }
        };
        if entry.path_is_symlink() {
            diagnostics.push(skipped_link(root, entry.path()));
            continue;
        }
        let named = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(kind_of)
            .is_some_and(|kind| matches!(kind, FileKind::Goal | FileKind::Initiative));
        // Not only regular files: reading refuses a pipe or a socket named
        // like a page by name, where skipping it would lose it silently.
        if !entry.file_type().is_dir() && named {
            paths.push(entry.into_path());
        }
    }
    Files {
        paths,
        left_out: diagnostics,
    }
}

/// The files of one folder, and what was left out of it, said.
#[derive(Default)]
struct Files {
    paths: Vec<PathBuf>,
    left_out: Vec<crate::diagnostic::Diagnostic>,
}

/// An entry's name: the end of its path, which walkdir makes by joining
/// the name to its folder's. `DirEntry::file_name` takes the path apart
/// from the end at every call, and sorting 10,000 entries by it made up
/// half the time of listing them.
fn name_of(entry: &walkdir::DirEntry) -> &std::ffi::OsStr {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = entry.path().as_os_str().as_bytes();
        let start = memchr::memrchr(b'/', path).map_or(0, |slash| slash + 1);
        std::ffi::OsStr::from_bytes(&path[start..])
    }
    #[cfg(not(unix))]
    entry.file_name()
}

fn skipped_link(root: &Path, path: &Path) -> crate::diagnostic::Diagnostic {
    at_file(
        root,
        path,
        Code::SymlinkSkipped,
        "this is a symbolic link, which waymark does not follow".to_owned(),
    )
    .help("links are not followed, so that nothing outside the roadmap folder is read: move the file or folder itself here")
}

/// A diagnostic about a whole file or folder, at its first line.
fn at_file(root: &Path, path: &Path, code: Code, message: String) -> crate::diagnostic::Diagnostic {
    let file = crate::source::SourceFile::new(crate::source::display_name(root, path), "");
    crate::diagnostic::Diagnostic::new(code, &file, crate::diagnostic::Span::new(0, 0), message)
}
