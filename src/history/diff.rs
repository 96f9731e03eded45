//! `waymark diff FROM [TO]`: the roadmap-level changes between two
//! revisions, so that reviewers read "End moved from 2027-Q3 to 2027-Q4"
//! rather than a YAML diff.

use super::bounded::{self, Bounded};
use super::compare::{compare, FieldChange};
use super::snapshot::{content_relative, Key, Snapshot, Subject};
use super::RoadmapRepository;
use crate::config::{Config, HistorySettings};
use crate::message::Help;
use crate::message::Note;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Serialize)]
pub struct RoadmapDiff {
    pub from: String,
    /// A revision, or `None` for the work tree.
    pub to: Option<String>,
    pub items: Vec<ItemDiff>,
    #[serde(skip)]
    pub notes: Vec<Note>,
}

#[derive(Debug, Serialize)]
pub struct ItemDiff {
    pub subject: Subject,
    pub id: String,
    pub title: String,
    pub changes: Vec<FieldChange>,
    /// How many quarters later the work ends at TO than at FROM; 0 when
    /// it ends no later, or either end is unknown.
    pub slipped_quarters: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error(
        "`{}` is not inside a git repository, so there are no revisions to compare",
        .0.display()
    )]
    NotARepository(std::path::PathBuf),
    #[error("cannot read the roadmap at revision `{0}`: {why}", why = .1.message())]
    Revision(String, git2::Error),
    #[error("{}", .0.message())]
    Git(git2::Error),
    /// Reading took longer than this.
    #[error("{}", bounded::overran("reading the revisions", *.0))]
    Overran(Duration),
    #[error("reading the revisions failed: {0}")]
    Failed(String),
}

impl Help for DiffError {
    fn help(&self) -> Option<&'static str> {
        match self {
            DiffError::Revision(..) => Some("name a commit, branch or tag, such as HEAD~3 or main"),
            DiffError::Overran(_) => Some(bounded::ADVICE),
            DiffError::NotARepository(_) | DiffError::Git(_) | DiffError::Failed(_) => None,
        }
    }
}

/// Compares the roadmap in `root` at `from` with `to`, or with the work
/// tree when `to` is `None`, within the history's time limit.
pub fn diff(root: &Path, from: &str, to: Option<&str>) -> Result<RoadmapDiff, DiffError> {
    // A roadmap.toml with mistakes of its own must not stop a review.
    let settings = Config::load(root).map_or_else(|_| HistorySettings::default(), |c| c.history);
    let limit = Duration::from_secs(settings.max_seconds);
    let (root, from, to) = (root.to_owned(), from.to_owned(), to.map(str::to_owned));
    match bounded::run_within(limit, move || diff_now(&root, &from, to.as_deref())) {
        Bounded::Done(outcome) => outcome,
        Bounded::Overran(_) => Err(DiffError::Overran(limit)),
        Bounded::Failed(why) => Err(DiffError::Failed(why)),
    }
}

fn diff_now(root: &Path, from: &str, to: Option<&str>) -> Result<RoadmapDiff, DiffError> {
    let repository = RoadmapRepository::discover(root)
        .map_err(DiffError::Git)?
        .ok_or_else(|| DiffError::NotARepository(root.to_owned()))?;
    let mut notes = Vec::new();
    let at = |revision: &str, notes: &mut Vec<Note>| {
        snapshots_at_revision(&repository, revision, notes)
            .map_err(|error| DiffError::Revision(revision.to_owned(), error))
    };
    let before = at(from, &mut notes)?;
    let after = match to {
        Some(revision) => at(revision, &mut notes)?,
        None => snapshots_on_disk(root, &mut notes),
    };
    Ok(RoadmapDiff {
        from: from.to_owned(),
        to: to.map(str::to_owned),
        items: items_between(&before, &after),
        notes,
    })
}

/// What would change if the files named (relative to `content/`) held
/// `after` instead of `before` (`None` for a file that does not exist
/// yet), told as `waymark diff` tells changes from `from` to `to`.
pub fn preview<'a>(
    from: &str,
    to: &str,
    files: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a str)>,
) -> RoadmapDiff {
    let (mut before, mut after) = (BTreeMap::new(), BTreeMap::new());
    let mut notes = Vec::new();
    for (relative, old, new) in files {
        for (text, side) in [(old, &mut before), (Some(new), &mut after)] {
            match text.map(|text| Snapshot::parse(relative, text)) {
                Some(Ok((key, snapshot))) => {
                    side.insert(key, snapshot);
                }
                Some(Err(reason)) => notes.push(Note::plain(format!(
                    "skipped {relative}, which did not parse: {reason}"
                ))),
                None => {}
            }
        }
    }
    RoadmapDiff {
        from: from.to_owned(),
        to: Some(to.to_owned()),
        items: items_between(&before, &after),
        notes,
    }
}

/// Each item that differs between two versions of the roadmap, with how.
fn items_between(
    before: &BTreeMap<Key, Snapshot>,
    after: &BTreeMap<Key, Snapshot>,
) -> Vec<ItemDiff> {
    all_keys(before, after)
        .into_iter()
        .filter_map(|key| {
            let (old, new) = (before.get(key), after.get(key));
            let changes = compare(key.subject, old, new);
            let title = new
                .or(old)
                .map_or(key.id.as_str(), |s| s.title_or(&key.id))
                .to_owned();
            (!changes.is_empty()).then(|| ItemDiff {
                subject: key.subject,
                id: key.id.clone(),
                title,
                changes,
                slipped_quarters: slipped_quarters(old, new),
            })
        })
        .collect()
}

/// How many quarters later the work ends in `new` than in `old`.
fn slipped_quarters(old: Option<&Snapshot>, new: Option<&Snapshot>) -> u32 {
    match (
        old.and_then(Snapshot::planned_end),
        new.and_then(Snapshot::planned_end),
    ) {
        (Some(before), Some(after)) => u32::try_from(after.quarters_since(before)).unwrap_or(0),
        _ => 0,
    }
}

impl RoadmapDiff {
    fn to_name(&self) -> String {
        self.to
            .clone()
            .unwrap_or_else(|| "the work tree".to_owned())
    }

    fn count(&self, subject: Subject) -> usize {
        self.items.iter().filter(|i| i.subject == subject).count()
    }

    fn summary(&self) -> String {
        use crate::diagnostic::plural;
        let parts: Vec<String> = [(Subject::Initiative, "initiative"), (Subject::Goal, "goal")]
            .into_iter()
            .map(|(subject, word)| (self.count(subject), word))
            .filter(|(count, _)| *count > 0)
            .map(|(count, word)| plural(count, word))
            .collect();
        if parts.is_empty() {
            "no goal or initiative changed".to_owned()
        } else {
            format!("{} changed", parts.join(" and "))
        }
    }

    /// For the terminal.
    pub fn human(&self) -> String {
        let mut out = format!("Roadmap changes from {} to {}\n", self.from, self.to_name());
        for item in &self.items {
            let _ = write!(
                out,
                "\n{} “{}” ({}){}\n",
                capitalised(item.subject.as_str()),
                item.title,
                item.id,
                item.slipped()
            );
            for change in &item.changes {
                let _ = writeln!(out, "  - {}", change.text);
            }
        }
        let _ = write!(out, "\n{}\n", self.summary());
        out
    }

    /// Ready to paste into a pull request comment.
    pub fn markdown(&self) -> String {
        let to = match &self.to {
            Some(revision) => format!("`{revision}`"),
            None => "the work tree".to_owned(),
        };
        let mut out = format!("### Roadmap changes from `{}` to {to}\n", self.from);
        for item in &self.items {
            let _ = write!(
                out,
                "\n**{}** ({} `{}`){}\n\n",
                markdown_text(&item.title),
                item.subject,
                item.id,
                item.slipped()
            );
            for change in &item.changes {
                let _ = writeln!(out, "- {}", markdown_text(&change.text));
            }
        }
        let _ = write!(out, "\n_{}_\n", self.summary());
        out
    }

    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a diff serialises")
    }
}

impl ItemDiff {
    /// " slipped a quarter", when the work ends later than it did.
    fn slipped(&self) -> String {
        match self.slipped_quarters {
            0 => String::new(),
            1 => " slipped a quarter".to_owned(),
            n => format!(" slipped {n} quarters"),
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Text with Markdown's emphasis and link characters neutralised, so that
/// a title cannot reformat the comment it is pasted into.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Every goal and initiative of the roadmap at a revision.
fn snapshots_at_revision(
    repository: &RoadmapRepository,
    revision: &str,
    notes: &mut Vec<Note>,
) -> Result<BTreeMap<Key, Snapshot>, git2::Error> {
    let repo = &repository.repo;
    let tree = repo.revparse_single(revision)?.peel_to_tree()?;
    let mut snapshots = BTreeMap::new();
    let prefix = repository.content_prefix.trim_end_matches('/');
    let content = match tree.get_path(Path::new(prefix)) {
        Ok(entry) => entry.to_object(repo)?.peel_to_tree()?,
        Err(_) => return Ok(snapshots),
    };
    let mut blobs = Vec::new();
    content.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            blobs.push((
                format!("{dir}{}", entry.name().unwrap_or_default()),
                entry.id(),
            ));
        }
        git2::TreeWalkResult::Ok
    })?;
    for (relative, id) in blobs {
        if Subject::of_path(&relative).is_none() {
            continue;
        }
        let blob = repo.find_blob(id)?;
        match Snapshot::parse(&relative, &String::from_utf8_lossy(blob.content())) {
            Ok((key, snapshot)) => {
                snapshots.insert(key, snapshot);
            }
            Err(reason) => notes.push(Note::plain(format!(
                "skipped {prefix}/{relative} at {revision}, which did not parse: {reason}"
            ))),
        }
    }
    Ok(snapshots)
}

/// Every goal and initiative in the work tree, as the files are now.
fn snapshots_on_disk(root: &Path, notes: &mut Vec<Note>) -> BTreeMap<Key, Snapshot> {
    let mut snapshots = BTreeMap::new();
    // The files `check` and `build` read, and no others.
    let listing = crate::load::list(root);
    for path in listing.goals.into_iter().chain(listing.initiatives) {
        let name = crate::source::display_name(root, &path);
        let Some(relative) = content_relative(&name) else {
            continue;
        };
        if Subject::of_path(relative).is_none() {
            continue;
        }
        let text = crate::source::read_bytes(&path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        match text
            .map_err(|e| e.to_string())
            .and_then(|text| Snapshot::parse(relative, &text))
        {
            Ok((key, snapshot)) => {
                snapshots.insert(key, snapshot);
            }
            Err(reason) => notes.push(Note::plain(format!(
                "skipped {name}, which did not parse: {reason}"
            ))),
        }
    }
    snapshots
}

/// The union of the keys of two versions of the roadmap.
fn all_keys<'a>(
    a: &'a BTreeMap<Key, Snapshot>,
    b: &'a BTreeMap<Key, Snapshot>,
) -> BTreeSet<&'a Key> {
    a.keys().chain(b.keys()).collect()
}
