//! `waymark import FORMAT FILE`: keeps each initiative's `status`,
//! `progress`, `tracked` and (where allowed) `start` and `end` in step with
//! the work items its `tracker:` map names in a tracker's export. Nothing
//! else of a file changes, nothing is written unless the whole import is
//! valid, and a second import of the same export changes nothing.

mod create;
mod edit;
mod github;
mod items;
mod jira;
mod linear;
mod problem;
mod table;
mod write;

use crate::diagnostic::{Code, Diagnostic, Report};
use crate::frontmatter::{InitiativeFrontMatter, Tracked, TrackerSource};
use crate::history::diff::{preview, RoadmapDiff};
use crate::load::{Document, LoadError, YamlPath};
use crate::message::{Help, Note};
use crate::source::FsError;
use crate::types::{Day, Quarter};
use edit::Edit;
use items::{Collected, Tally};
use problem::Problem;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The kinds of export that import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Jira's issue search export as CSV, with all fields
    JiraCsv,
    /// The JSON of `gh issue list --json …` or `gh project item-list --format json`
    GithubJson,
    /// Linear's CSV export of issues or of projects
    LinearCsv,
}

impl ExportFormat {
    fn source(self) -> TrackerSource {
        match self {
            ExportFormat::JiraCsv => TrackerSource::Jira,
            ExportFormat::GithubJson => TrackerSource::Github,
            ExportFormat::LinearCsv => TrackerSource::Linear,
        }
    }
}

pub struct ImportOptions<'a> {
    pub format: ExportFormat,
    pub export: &'a Path,
    pub root: &'a Path,
    pub dry_run: bool,
    /// Add an initiative for each epic, milestone or project that no
    /// initiative tracks.
    pub create: bool,
    /// The export's day; by default the latest change it records, or the
    /// day the file was written.
    pub exported: Option<Day>,
    pub today: Day,
}

/// What an import changed, or would change with `--dry-run`.
pub struct Imported {
    /// Warnings about the export and the trackers it did not match.
    pub report: Report,
    pub diff: RoadmapDiff,
    /// The files that change or are added, relative to the roadmap.
    pub changed: Vec<String>,
    /// The files written; none on a dry run.
    pub written: Vec<PathBuf>,
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the roadmap has errors, so nothing was imported")]
    Roadmap(Report),
    #[error("the export cannot be imported, so nothing was written")]
    Export(Report),
    #[error("cannot change `{0}`: {1}")]
    Unedited(String, edit::Unedited),
    #[error(transparent)]
    Write(#[from] FsError),
}

impl Help for ImportError {
    fn help(&self) -> Option<&'static str> {
        match self {
            ImportError::Roadmap(_) => {
                Some("fix the errors that `waymark check` reports, then import again")
            }
            ImportError::Export(_) => Some("fix the export or export it again, then import again"),
            ImportError::Unedited(..) => Some("write its front matter as `---`, keys, `---`"),
            ImportError::Load(error) => error.help(),
            ImportError::Write(_) => None,
        }
    }
}

/// An initiative that names work items of the export's tracker.
struct Target {
    document: Arc<Document<InitiativeFrontMatter>>,
    selector: String,
}

/// A file's text before and after the import.
struct Change {
    path: PathBuf,
    name: String,
    before: Option<String>,
    after: String,
}

pub fn import(options: &ImportOptions) -> Result<Imported, ImportError> {
    let (loaded, loaded_report) = crate::load::load(options.root)?;
    if loaded_report.has_errors() {
        return Err(ImportError::Roadmap(loaded_report));
    }
    let source = options.format.source();
    let targets = targets(&loaded.initiatives, source)?;
    let wanted = targets.iter().map(|t| t.selector.clone()).collect();
    let mut report = Report::default();
    let collected = read_export(options, wanted, &mut report)?;
    let exported = options
        .exported
        .or_else(|| collected.latest_change.map(Day))
        .or_else(|| modified_day(options.export))
        .unwrap_or(options.today);
    let mut changes = Vec::new();
    for target in &targets {
        let Some(tally) = collected.tally(&target.selector) else {
            report.push(unmatched(target, source));
            continue;
        };
        let tracked = Tracked {
            source,
            items: tally.items,
            exported,
        };
        let edits = edits(&target.document.front, &tally, &tracked);
        if let Some(change) = edited(options.root, &target.document, &edits)? {
            changes.push(change);
        }
    }
    if options.create {
        let tracked_selectors: HashSet<&str> =
            targets.iter().map(|t| t.selector.as_str()).collect();
        let ids = loaded
            .initiatives
            .iter()
            .map(|d| d.id().to_owned())
            .collect();
        changes.extend(create::new_files(
            options.root,
            &collected,
            &tracked_selectors,
            ids,
            source,
            exported,
        ));
    }
    write::check_results(&changes)?;
    let mut diff = preview(
        "the work tree",
        &options.export.display().to_string(),
        changes.iter().map(|c| {
            let relative = c.name.strip_prefix("content/").unwrap_or(&c.name);
            (relative, c.before.as_deref(), c.after.as_str())
        }),
    );
    if targets.is_empty() {
        diff.notes.push(untracked(source));
    }
    let written = if options.dry_run {
        Vec::new()
    } else {
        write::write_all(&changes)?
    };
    report.sort();
    Ok(Imported {
        report,
        diff,
        changed: changes.into_iter().map(|c| c.name).collect(),
        written,
        rows: collected.rows,
    })
}

/// The day the file was last written, for exports that record no time of
/// change (`gh project item-list`): the same for every import of the file.
fn modified_day(path: &Path) -> Option<Day> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let timestamp = jiff::Timestamp::try_from(modified).ok()?;
    Some(Day(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date()))
}

/// The initiatives that name work items of `source`, each selector named
/// by one initiative only.
fn targets(
    initiatives: &[Arc<Document<InitiativeFrontMatter>>],
    source: TrackerSource,
) -> Result<Vec<Target>, ImportError> {
    let mut targets: Vec<Target> = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut report = Report::default();
    for document in initiatives {
        let Some(selector) = document.front.tracker.as_ref().and_then(|t| source.of(t)) else {
            continue;
        };
        let selector = selector.trim().to_owned();
        if let Some(&index) = first.get(&selector) {
            let earlier = &targets[index].document;
            let path = tracker_path(source);
            report.push(
                document
                    .diagnostic(
                        Code::TrackerAmbiguous,
                        document.value_span(&path),
                        format!("`{selector}` is tracked by two initiatives, {} and {}", earlier.id(), document.id()),
                    )
                    .related(&earlier.file, earlier.value_span(&path), "tracked here first")
                    .help("an export's work items make up one initiative: name them in one `tracker:` map, or split the work in the tracker"),
            );
            continue;
        }
        first.insert(selector.clone(), targets.len());
        targets.push(Target {
            document: Arc::clone(document),
            selector,
        });
    }
    if report.has_errors() {
        report.sort();
        return Err(ImportError::Roadmap(report));
    }
    Ok(targets)
}

fn tracker_path(source: TrackerSource) -> YamlPath {
    YamlPath::key("tracker").child(source.as_str())
}

/// Told when no initiative opts in to the export's tracker.
fn untracked(source: TrackerSource) -> Note {
    Note::warning(format!(
        "no initiative names {} work items in a `tracker:` map, so the export changes none",
        source.name()
    ))
    .help(
        "give each initiative that the export's work makes up a `tracker:` map, such as \
         `tracker: {jira: DATA-102}`, `{github: \"milestone:NAME\"}` or `{linear: \"project:NAME\"}`",
    )
}

fn unmatched(target: &Target, source: TrackerSource) -> Diagnostic {
    let document = &target.document;
    document
        .diagnostic(
            Code::TrackerUnmatched,
            document.value_span(&tracker_path(source)),
            format!(
                "no work item in the {} export matches `{}`, so {} is left as it is",
                source.name(),
                target.selector,
                document.id()
            ),
        )
        .help(match source {
            TrackerSource::Jira => "name an issue key of the export, such as DATA-102, and export the epic with its child issues",
            TrackerSource::Github => "name `milestone:NAME`, `label:NAME` or `#NUMBER` as the export writes them",
            TrackerSource::Linear => "name `project:NAME` or an issue key such as ENG-42 as the export writes them",
        })
}

/// Reads the export, streaming its rows into tallies.
fn read_export(
    options: &ImportOptions,
    wanted: HashSet<String>,
    report: &mut Report,
) -> Result<Collected, ImportError> {
    let mut collected = Collected::new(wanted);
    let mut each = |item| collected.add(item);
    let outcome = match options.format {
        ExportFormat::GithubJson => github::read(options.export, &mut each),
        ExportFormat::JiraCsv => table::Table::open(options.export)
            .and_then(|mut table| jira::read(&mut table, &mut each)),
        ExportFormat::LinearCsv => table::Table::open(options.export)
            .and_then(|mut table| linear::read(&mut table, &mut each)),
    };
    let name = options.export.display().to_string();
    match outcome {
        Ok(warnings) => {
            report.extend(warnings.iter().map(|w| w.diagnostic(&name, options.export)));
            Ok(collected)
        }
        Err(problem) => {
            let mut failed = Report::default();
            failed.push(problem.diagnostic(&name, options.export));
            Err(ImportError::Export(failed))
        }
    }
}

/// The columns of `names` that `is_known` does not know, as one warning.
fn unused_columns(
    names: &[String],
    is_known: impl Fn(&str) -> bool,
    export: &str,
) -> Option<Problem> {
    let unknown: Vec<&String> = names.iter().filter(|n| !is_known(n)).collect();
    let first = unknown.first()?;
    let list = unknown
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(
        Problem::at_line(
            1,
            format!(
                "the header has columns that {export} does not have, which are not read: {list}"
            ),
            "check that FORMAT names the tracker the file came from",
        )
        .pointing_at(first)
        .warning(Code::UnusedColumn),
    )
}

/// The edits that bring `front` in step with `tally`: only the keys whose
/// values change.
fn edits(front: &InitiativeFrontMatter, tally: &Tally, tracked: &Tracked) -> Vec<Edit> {
    let mut edits = Vec::new();
    let status = items::next_status(front.status, tally.status());
    if let Some(status) = status.filter(|s| Some(*s) != front.status) {
        edits.push(Edit {
            key: "status",
            value: status.as_str().to_owned(),
        });
    }
    edits.extend(date_edits(front, tally));
    let progress = tally.progress();
    if front.progress.map(|p| p.get()) != Some(progress) {
        edits.push(Edit {
            key: "progress",
            value: progress.to_string(),
        });
    }
    if front.tracked.as_ref() != Some(tracked) {
        edits.push(Edit {
            key: "tracked",
            value: tracked_yaml(tracked),
        });
    }
    edits
}

/// `start` and `end` from the items' dates, where the initiative has none
/// or allows it (`tracker_dates: true`), and only when they stay in order.
/// A `quarter:` is the writer's own and is never replaced.
fn date_edits(front: &InitiativeFrontMatter, tally: &Tally) -> Vec<Edit> {
    if front.quarter.is_some() {
        return Vec::new();
    }
    let allowed = front.tracker_dates == Some(true);
    let pick = |now: Option<Quarter>, derived: Option<Quarter>| match (now, derived) {
        (Some(now), _) if !allowed => Some(now),
        (now, derived) => derived.or(now),
    };
    let (start, end) = (
        pick(front.start, tally.start()),
        pick(front.end, tally.end()),
    );
    if matches!((start, end), (Some(s), Some(e)) if e < s) {
        return Vec::new();
    }
    [("start", front.start, start), ("end", front.end, end)]
        .into_iter()
        .filter(|(_, now, next)| next.is_some() && now != next)
        .filter_map(|(key, _, next)| {
            Some(Edit {
                key,
                value: format!("\"{}\"", next?),
            })
        })
        .collect()
}

pub(crate) fn tracked_yaml(tracked: &Tracked) -> String {
    format!(
        "{{source: {}, items: {}, exported: \"{}\"}}",
        tracked.source.as_str(),
        tracked.items,
        tracked.exported
    )
}

/// The file of `document` with `edits` made; `None` when there are none.
fn edited(
    root: &Path,
    document: &Document<InitiativeFrontMatter>,
    edits: &[Edit],
) -> Result<Option<Change>, ImportError> {
    if edits.is_empty() {
        return Ok(None);
    }
    let name = document.file.name.clone();
    let path = root.join(&name);
    let bytes = crate::source::read_bytes(&path)?;
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let after = edit::apply(&raw, edits).map_err(|e| ImportError::Unedited(name.clone(), e))?;
    Ok(Some(Change {
        path,
        name,
        before: Some(raw),
        after,
    }))
}
