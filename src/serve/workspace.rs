//! The roadmap as `serve` keeps it between rebuilds: every file parsed, the
//! theme, the history and the last good model. A change re-reads only what
//! changed and re-renders only the pages that show it.

use super::touched::{affected, removed_pages};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Report};
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use crate::history::History;
use crate::load::{self, LoadError, ParsedFile};
use crate::message::with_help;
use crate::model::{Resolved, Roadmap};
use crate::output::{copy_tree, MemorySink, Sink};
use crate::render::theme::Theme;
use crate::render::{self, Selection};
use crate::source::FsError;
use crate::types::Day;
use crate::validate::Checked;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a batch of file events touched.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub config: bool,
    pub templates: bool,
    pub statics: bool,
    /// Whether a file that a member of a portfolio reads changed.
    pub members: bool,
    /// Whether that file is a member's roadmap.toml.
    pub member_config: bool,
    /// Paths below `content/` that changed: files, or folders moved or
    /// removed as a whole.
    pub content: Vec<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config && !self.templates && !self.statics && !self.members && self.content.is_empty()
    }
}

/// The outcome of a rebuild.
pub enum Rebuilt {
    /// New and changed files of the site, and pages that no longer exist.
    Site {
        files: HashMap<String, Vec<u8>>,
        removed: Vec<String>,
        pages: usize,
        warnings: Warnings,
        /// Renders the summary views of this build when they are asked for.
        renderer: Arc<Renderer>,
        /// Whether `files` holds the views already.
        views_included: bool,
    },
    /// The roadmap or the theme is broken: the problems, drawn as text.
    Broken { summary: String, details: String },
}

/// The warnings of a good build: how many, and those the last good build
/// did not have, to be drawn for the terminal once the reload is sent.
pub struct Warnings {
    pub count: usize,
    pub new: Report,
}

impl Warnings {
    /// "3 warnings, 1 new"; empty without warnings.
    pub fn describe(&self) -> String {
        let new = match self.new.diagnostics.len() {
            _ if self.count == 0 => return String::new(),
            0 => "none new".to_owned(),
            n if n == self.count => return crate::diagnostic::plural(n, "warning"),
            n => format!("{n} new"),
        };
        format!(
            "{}, {new}",
            crate::diagnostic::plural(self.count, "warning")
        )
    }
}

/// What tells one warning from another, whatever else changed in its file.
type WarningKey = (String, usize, crate::diagnostic::Code, String);

fn key_of(warning: &Diagnostic) -> WarningKey {
    (
        warning.file.name.clone(),
        warning.span.offset,
        warning.code,
        warning.message.clone(),
    )
}

/// The model and theme of the latest good build, for rendering the
/// summary views on request: after a content change only the affected item
/// pages are rendered before the reload is sent.
pub struct Renderer {
    model: Arc<Roadmap>,
    theme: Arc<Theme>,
    base_url: String,
}

impl Renderer {
    /// Renders the view at `path`; `None` when it is not a view.
    pub fn view(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        let sink = MemorySink::default();
        let outcome = render::render_view(&self.model, &self.theme, &self.base_url, path, &sink)?;
        Some(match outcome {
            Ok(()) => sink
                .into_files()
                .remove(path)
                .ok_or_else(|| format!("{path} was not rendered")),
            Err(error) => Err(error.to_string()),
        })
    }
}

pub struct Workspace {
    root: PathBuf,
    today: Day,
    base_url: Option<String>,
    config: Config,
    config_report: Report,
    /// What the listing of `content/` left out (links, unreadable folders).
    skipped: Vec<Diagnostic>,
    theme: Result<Arc<Theme>, String>,
    /// Overrides in `templates/` that are never used, as `check` warns.
    unused_templates: Vec<Diagnostic>,
    goal_schema: serde_json::Value,
    initiative_schema: serde_json::Value,
    goals: BTreeMap<PathBuf, ParsedFile<GoalFrontMatter>>,
    initiatives: BTreeMap<PathBuf, ParsedFile<InitiativeFrontMatter>>,
    history: History,
    pub history_notes: Vec<crate::message::Note>,
    static_files: HashSet<String>,
    /// The latest good model, and what it was resolved from, for the next
    /// build to reuse.
    model: Option<Arc<Roadmap>>,
    resolved: Resolved,
    /// The documents of the latest build, good or broken, and what was
    /// judged of them.
    last_loaded: Option<load::Loaded>,
    /// What the latest validation found, for the next to take over.
    checked: Checked,
    /// The warnings of the latest good build, so that the next prints
    /// only those it does not share: a large roadmap may have hundreds.
    warned: HashSet<WarningKey>,
}

impl Workspace {
    /// Reads everything once. Only a folder that is no roadmap is an error.
    pub fn open(root: &Path, today: Day, base_url: Option<String>) -> Result<Workspace, LoadError> {
        let (config, config_report) = load::load_config(root)?;
        let mut workspace = Workspace {
            root: root.to_owned(),
            today,
            base_url,
            config,
            config_report,
            skipped: Vec::new(),
            theme: Err(String::new()),
            unused_templates: Vec::new(),
            goal_schema: load::schema_of::<GoalFrontMatter>(),
            initiative_schema: load::schema_of::<InitiativeFrontMatter>(),
            goals: BTreeMap::new(),
            initiatives: BTreeMap::new(),
            history: History::default(),
            history_notes: Vec::new(),
            static_files: HashSet::new(),
            model: None,
            resolved: Resolved::default(),
            last_loaded: None,
            checked: Checked::default(),
            warned: HashSet::new(),
        };
        workspace.read_all()?;
        Ok(workspace)
    }

    /// Warnings about a public site of the latest good model that
    /// publishes nothing, as `build` gives them.
    pub fn audience_notes(&self) -> Vec<crate::message::Note> {
        match &self.model {
            Some(model) if model.config.build.audience == crate::types::Audience::Public => {
                crate::model::public_warnings(model)
            }
            _ => Vec::new(),
        }
    }

    /// The folders of a portfolio's members, which serve watches too.
    pub fn member_folders(&self) -> Vec<PathBuf> {
        crate::portfolio::member_folders(&self.root, &self.config)
    }

    pub fn base_url(&self) -> &str {
        self.base_url.as_deref().unwrap_or(&self.config.base_url)
    }

    /// Re-reads the config, every file, the theme and the history.
    fn read_all(&mut self) -> Result<(), LoadError> {
        let (config, config_report) = load::load_config(&self.root)?;
        self.config = config;
        self.config_report = config_report;
        // What validation found holds for the configuration it was found
        // with.
        self.checked = Checked::default();
        let files = load::list(&self.root);
        self.skipped = files.diagnostics;
        let limits = self.config.limits.clone();
        self.goals = files
            .goals
            .into_iter()
            .map(|path| {
                (
                    path.clone(),
                    load::parse_file(&self.root, &path, &self.goal_schema, &limits),
                )
            })
            .collect();
        self.initiatives = files
            .initiatives
            .into_iter()
            .map(|path| {
                (
                    path.clone(),
                    load::parse_file(&self.root, &path, &self.initiative_schema, &limits),
                )
            })
            .collect();
        self.reload_theme();
        let mut history = crate::portfolio::history(&self.root, &self.config);
        self.history_notes = std::mem::take(&mut history.notes);
        self.history = history;
        Ok(())
    }

    fn reload_theme(&mut self) {
        self.theme = Theme::load(&self.root)
            .map(Arc::new)
            .map_err(|error| with_help(&error));
        self.unused_templates = crate::render::theme::unused_overrides(&self.root);
    }

    /// The first build: everything.
    pub fn build_all(&mut self) -> Rebuilt {
        self.render(Pages::All, true)
    }

    /// Rebuilds after `changes`, re-reading and re-rendering only what they touch.
    pub fn rebuild(&mut self, changes: &Changes) -> Rebuilt {
        // A portfolio's members are read anew by every build (see
        // `render`), so a change in one needs nothing re-read here, but
        // its settings may change what a file reads as.
        if changes.config || changes.member_config {
            if let Err(error) = self.read_all() {
                return broken("the roadmap folder cannot be read", &with_help(&error));
            }
            return self.render(Pages::All, true);
        }
        if changes.templates {
            self.reload_theme();
        }
        self.reparse(&changes.content);
        let pages = if changes.templates {
            Pages::All
        } else {
            Pages::Changed
        };
        self.render(pages, changes.statics)
    }

    /// Lists the files again, as `build` would, and re-reads those that are
    /// new or at or below a changed path.
    fn reparse(&mut self, changed: &[PathBuf]) {
        if self.reread_known(changed) {
            return;
        }
        let files = load::list(&self.root);
        self.skipped = files.diagnostics;
        let changed: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
        let (goals, initiatives) = readings(
            &self.root,
            [&self.goal_schema, &self.initiative_schema],
            &self.config.limits,
        );
        goals.refresh(&mut self.goals, files.goals, &changed);
        initiatives.refresh(&mut self.initiatives, files.initiatives, &changed);
    }

    /// Re-reads the changed files without listing `content/` again, when
    /// that listing could not differ from the last one: every changed path
    /// is a goal or initiative file read before, and is still a regular
    /// file reached through folders, not links. `false` when the folder has
    /// to be listed, as after anything was added, removed, moved or linked.
    fn reread_known(&mut self, changed: &[PathBuf]) -> bool {
        let known = |path: &PathBuf| {
            (self.goals.contains_key(path) || self.initiatives.contains_key(path))
                && is_reached_without_links(&self.root, path)
        };
        if changed.is_empty() || !changed.iter().all(known) {
            return false;
        }
        let (goals, initiatives) = readings(
            &self.root,
            [&self.goal_schema, &self.initiative_schema],
            &self.config.limits,
        );
        for path in changed {
            if self.goals.contains_key(path) {
                goals.read(&mut self.goals, path.clone());
            } else {
                initiatives.read(&mut self.initiatives, path.clone());
            }
        }
        true
    }

    /// Validates and renders the `pages`.
    fn render(&mut self, pages: Pages, with_statics: bool) -> Rebuilt {
        let mut report = Report::default();
        report.extend(self.config_report.diagnostics.iter().cloned());
        report.extend(self.skipped.iter().cloned());
        let loaded = load::assemble(
            &self.root,
            self.config.clone(),
            &mut report,
            self.goals.values(),
            self.initiatives.values(),
        );
        // A portfolio is checked as `check` checks it: each member alone,
        // then what spans them; not reusing, since members are read anew.
        let portfolio = self.config.portfolio.is_some();
        let loaded = if portfolio {
            report.extend(crate::validate::validate(&loaded, self.today));
            let (mut joined, checked) = crate::portfolio::check(loaded, report, self.today);
            report = checked;
            if let (Pages::Changed, Some(before)) = (&pages, &self.last_loaded) {
                keep_unchanged(&mut joined, before);
            }
            joined
        } else {
            loaded
        };
        if let Some(before) = &self.last_loaded {
            loaded.take_health_of(before, self.today);
        }
        // Since the latest good build, however many broken ones came between.
        let touched = self.resolved.changed(&loaded);
        // Both at once: the model is dropped if validation finds errors.
        let ((problems, checked), (model, resolved)) = rayon::join(
            || {
                if portfolio {
                    Default::default()
                } else {
                    crate::validate::validate_reusing(&loaded, self.today, &self.checked)
                }
            },
            || {
                let (history, earlier) = (&self.history, &self.resolved);
                Roadmap::build_reusing(&loaded, self.today, history, earlier)
            },
        );
        // Kept for the next build, which may take what these found.
        let before = self.last_loaded.replace(loaded);
        let checked_before = std::mem::replace(&mut self.checked, checked);
        super::free_elsewhere((before, checked_before));
        report.extend(problems);
        report.extend(self.unused_templates.iter().cloned());
        report.sort();
        if report.has_errors() {
            return broken(&report.summary(), &report.to_human(false));
        }
        let theme = match &self.theme {
            Ok(theme) => Arc::clone(theme),
            Err(error) => return broken("the theme's templates do not load", error),
        };
        let selection = match (pages, &self.model) {
            (Pages::Changed, Some(previous)) => affected(&touched, previous, &model),
            _ => Selection::All,
        };
        let sink = MemorySink::default();
        let base_url = self.base_url().to_owned();
        let pages = match render::render(&model, &theme, &base_url, &sink, &selection) {
            Ok(pages) => pages,
            Err(error) => return broken("a page could not be rendered", &error.to_string()),
        };
        let mut removed = removed_pages(&touched, self.model.as_deref(), &model);
        if with_statics {
            match self.copy_statics(&sink) {
                Ok(mut gone) => removed.append(&mut gone),
                Err(error) => {
                    return broken("the static files could not be read", &error.to_string())
                }
            }
        }
        let views_included = matches!(selection, Selection::All);
        let model = Arc::new(model);
        self.model = Some(Arc::clone(&model));
        let earlier = std::mem::replace(&mut self.resolved, resolved);
        super::free_elsewhere(earlier);
        let renderer = Arc::new(Renderer {
            model,
            theme,
            base_url,
        });
        let warnings = self.new_warnings(report);
        Rebuilt::Site {
            files: sink.into_files(),
            removed,
            pages,
            warnings,
            renderer,
            views_included,
        }
    }

    /// Counts the warnings of a good build and keeps those the last did
    /// not have.
    fn new_warnings(&mut self, report: Report) -> Warnings {
        let count = report.diagnostics.len();
        let keys: HashSet<WarningKey> = report.diagnostics.iter().map(key_of).collect();
        let new = report
            .diagnostics
            .into_iter()
            .filter(|warning| !self.warned.contains(&key_of(warning)))
            .collect();
        self.warned = keys;
        Warnings {
            count,
            new: Report { diagnostics: new },
        }
    }

    /// Copies `static/`; returns the static files that are gone since.
    fn copy_statics(&mut self, sink: &MemorySink) -> Result<Vec<String>, FsError> {
        let dir = self.root.join(crate::build::STATIC_DIR);
        let statics = MemorySink::default();
        if dir.is_dir() {
            copy_tree(&dir, &statics)?;
        }
        let statics = statics.into_files();
        let now: HashSet<String> = statics.keys().cloned().collect();
        let gone = self.static_files.difference(&now).cloned().collect();
        for (path, bytes) in statics {
            sink.write(&path, bytes)?;
        }
        self.static_files = now;
        Ok(gone)
    }
}

/// Gives each document of `now` that reads as its namesake in `before`
/// read the very document of `before`. A portfolio's members are read anew
/// by every build, and what the model reuses, and which pages are rendered
/// again, go by the documents' identity. Only for builds under the same
/// settings, of the portfolio and of its members: they decide what a file
/// reads as.
fn keep_unchanged(now: &mut load::Loaded, before: &load::Loaded) {
    same_as_before(&mut now.goals, &before.goals);
    same_as_before(&mut now.initiatives, &before.initiatives);
}

fn same_as_before<T>(now: &mut [Arc<load::Document<T>>], before: &[Arc<load::Document<T>>]) {
    let earlier: HashMap<&str, &Arc<load::Document<T>>> = before
        .iter()
        .map(|document| (document.file.name.as_str(), document))
        .collect();
    for document in now {
        match earlier.get(document.file.name.as_str()) {
            Some(earlier) if earlier.file.text == document.file.text => {
                *document = Arc::clone(earlier);
            }
            _ => {}
        }
    }
}

/// Which pages a rebuild renders.
#[derive(Clone, Copy)]
enum Pages {
    All,
    /// Those that show items whose files changed since the latest good
    /// build; the views are rendered when next asked for.
    Changed,
}

/// Where and how a kind of file is read.
struct Reading<'a> {
    root: &'a Path,
    schema: &'a serde_json::Value,
    limits: &'a crate::config::Limits,
}

/// How goal files and initiative files are read, from their schemas.
fn readings<'a>(
    root: &'a Path,
    [goal_schema, initiative_schema]: [&'a serde_json::Value; 2],
    limits: &'a crate::config::Limits,
) -> (Reading<'a>, Reading<'a>) {
    let reading = |schema| Reading {
        root,
        schema,
        limits,
    };
    (reading(goal_schema), reading(initiative_schema))
}

impl Reading<'_> {
    /// Brings `files` in line with the files `listed`: reads those that are
    /// new or at or below a `changed` path, and forgets those no longer
    /// listed.
    fn refresh<T: serde::de::DeserializeOwned>(
        &self,
        files: &mut BTreeMap<PathBuf, ParsedFile<T>>,
        listed: Vec<PathBuf>,
        changed: &HashSet<&Path>,
    ) {
        let kept: HashSet<&PathBuf> = listed.iter().collect();
        files.retain(|known, _| kept.contains(known));
        for path in listed {
            let stale =
                !files.contains_key(&path) || path.ancestors().any(|at| changed.contains(at));
            if stale {
                self.read(files, path);
            }
        }
    }

    /// Reads the file at `path` into `files`.
    fn read<T: serde::de::DeserializeOwned>(
        &self,
        files: &mut BTreeMap<PathBuf, ParsedFile<T>>,
        path: PathBuf,
    ) {
        let file = load::parse_file(self.root, &path, self.schema, self.limits);
        files.insert(path, file);
    }
}

/// Whether `path` is a regular file below `root`'s `content/` folder with
/// no symbolic link on the way: the only files the listing would give.
fn is_reached_without_links(root: &Path, path: &Path) -> bool {
    let content = root.join(load::CONTENT_DIR);
    if !path.starts_with(&content) {
        return false;
    }
    let is_file = path.symlink_metadata().is_ok_and(|meta| meta.is_file());
    is_file
        && path
            .ancestors()
            .skip(1)
            .take_while(|folder| folder.starts_with(&content))
            .all(|folder| folder.symlink_metadata().is_ok_and(|meta| meta.is_dir()))
}

fn broken(summary: &str, details: &str) -> Rebuilt {
    Rebuilt::Broken {
        summary: summary.to_owned(),
        details: details.to_owned(),
    }
}
