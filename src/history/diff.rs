//! `waymark diff FROM [TO]`: the roadmap-level changes between two
//! revisions, so that reviewers read "End moved from 2027-Q3 to 2027-Q4"
//! rather than a YAML diff.

use super::bounded::{self, Bounded};
use super::compare::{compare, FieldChange};
use super::snapshot::Subject;
use super::{all_keys, snapshots_at_revision, snapshots_on_disk, RoadmapRepository};
use crate::config::{Config, HistorySettings};
use crate::message::Help;
use crate::message::Note;
use serde::Serialize;
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
    let items = all_keys(&before, &after)
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
            })
        })
        .collect();
    Ok(RoadmapDiff {
        from: from.to_owned(),
        to: to.map(str::to_owned),
        items,
        notes,
    })
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
                "\n{} “{}” ({})\n",
                capitalised(item.subject.as_str()),
                item.title,
                item.id
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
                "\n**{}** ({} `{}`)\n\n",
                markdown_text(&item.title),
                item.subject,
                item.id
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
