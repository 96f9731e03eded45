//! What changed and why, from git: each commit's changes to goal and
//! initiative front matter become changelog entries dated with the commit,
//! signed by its author, and explained by its subject. `waymark diff`
//! compares the roadmap at two revisions the same way.
//!
//! The public is told only what public versions of items show: an item
//! made public is added to the roadmap then, and a commit that touched
//! internal work gives the public no reason, since its message may speak
//! of that work.
//!
//! Items are followed by kind and id, not by path, so moving a file between
//! team folders changes nothing but the team of a file that names none.
//! Old versions that do not parse are skipped with a note: yesterday's
//! mistakes never break today's build.

mod bounded;
mod compare;
pub mod diff;
mod members;
mod slips;
mod snapshot;

pub use compare::FieldChange;
pub use members::Renaming;
pub use slips::{PlannedEnds, Slips};
pub use snapshot::{Key, Subject};

use crate::config::HistorySettings;
use crate::load::CONTENT_DIR;
use crate::message::Note;
use crate::types::{Audience, Day};
use bounded::Bounded;
use git2::{DiffOptions, ErrorCode, Oid, Repository, Sort};
use slips::EndRecorder;
use snapshot::Snapshot;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

/// What one commit did to one item, as one entry of its parts.
#[derive(Debug, Clone)]
pub struct DerivedChange {
    pub date: Day,
    pub key: Key,
    /// The item's title as of the change.
    pub title: String,
    /// Each key that changed, with its values before and after: ids, for
    /// goal and prerequisite changes.
    pub parts: Vec<FieldChange>,
    /// Who may read this account of the change.
    pub readers: Readers,
    /// The commit message's subject.
    pub why: String,
    /// Whether the commit touched a version of a goal or initiative that
    /// was not public, or could not be read: then its message may speak of
    /// internal work.
    pub touched_internal: bool,
    pub author: String,
    /// The commit's full hash.
    pub commit: String,
}

/// Who may read an account of a change. The public's account treats the
/// internal versions of an item as absent, so that an item made public is
/// added to the roadmap then, and nothing of its internal past is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// Every version concerned was public (or absent): one account for all.
    Everyone,
    Internal,
    Public,
}

impl DerivedChange {
    /// The change in words, all its parts in one sentence.
    pub fn text(&self) -> String {
        compare::sentence(&self.parts)
    }

    /// The parts in one sentence, leaving out those `keep` refuses;
    /// `None` when none is left.
    pub fn text_of(&self, keep: impl Fn(&FieldChange) -> bool) -> Option<String> {
        let text = compare::sentence(self.parts.iter().filter(|part| keep(part)));
        (!text.is_empty()).then_some(text)
    }

    /// Whether `audience` reads this account of the change.
    pub fn is_read_by(&self, audience: Audience) -> bool {
        match self.readers {
            Readers::Everyone => true,
            Readers::Internal => audience == Audience::Internal,
            Readers::Public => audience == Audience::Public,
        }
    }

    /// The reason `audience` is given: the public is never shown the
    /// message of a commit that touched internal work.
    pub fn why_for(&self, audience: Audience) -> &str {
        if audience == Audience::Public && self.touched_internal {
            ""
        } else {
            &self.why
        }
    }
}

/// The derived changes, newest commit first, each initiative's planned
/// ends, and notes on what was skipped.
#[derive(Debug, Default)]
pub struct History {
    pub changes: Vec<DerivedChange>,
    pub ends: PlannedEnds,
    pub notes: Vec<Note>,
    /// The short hash of the commit checked out, so that a printout can
    /// say which version of the roadmap it shows.
    pub revision: Option<String>,
}

impl History {
    /// No history, and why.
    fn warning(text: String) -> History {
        History {
            notes: vec![Note::warning(text)],
            ..History::default()
        }
    }
}

/// The repository holding a roadmap, and where its `content/` is in it.
struct RoadmapRepository {
    repo: Repository,
    /// `content/` relative to the work tree, `/`-separated, with a trailing `/`.
    content_prefix: String,
}

impl RoadmapRepository {
    /// `Ok(None)` when the roadmap is not inside a git work tree; `Err`
    /// when it is in one that cannot be opened.
    fn discover(root: &Path) -> Result<Option<RoadmapRepository>, git2::Error> {
        let repo = match Repository::discover(root) {
            Ok(repo) => repo,
            Err(error) if error.code() == ErrorCode::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_owned());
        let root = canonical(root);
        let relative = root
            .strip_prefix(canonical(workdir))
            .unwrap_or(Path::new(""));
        let mut prefix: String = relative
            .join(CONTENT_DIR)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        prefix.push('/');
        Ok(Some(RoadmapRepository {
            repo,
            content_prefix: prefix,
        }))
    }

    /// A repository path as a path below `content/`.
    fn content_path<'p>(&self, repository_path: &'p str) -> Option<&'p str> {
        repository_path.strip_prefix(&self.content_prefix)
    }
}

/// Reads the roadmap's history, within `settings`. Outside a repository,
/// or when disabled, there is none; past `max_seconds`, there is none
/// either, with a warning.
pub fn read(root: &Path, settings: &HistorySettings) -> History {
    if !settings.enabled {
        return History::default();
    }
    let limit = Duration::from_secs(settings.max_seconds);
    let folder = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    if bounded::still_reading(&folder) {
        return History::warning(format!(
            "an earlier reading of the git history has not finished, so the changelog \
             leaves out what git says; {}",
            bounded::ADVICE
        ));
    }
    let (root, settings) = (root.to_owned(), settings.clone());
    match bounded::run_within(limit, move || read_now(&root, &settings)) {
        Bounded::Done(history) => history,
        Bounded::Overran(reader) => {
            bounded::leave_reading(folder, reader);
            History::warning(format!(
                "{}, so the changelog leaves out what git says; {}",
                bounded::overran("reading the git history", limit),
                bounded::ADVICE
            ))
        }
        Bounded::Failed(why) => History::warning(format!(
            "reading the git history failed ({why}), so the changelog leaves out what \
             git says"
        )),
    }
}

/// Reads the history, however long that takes.
fn read_now(root: &Path, settings: &HistorySettings) -> History {
    let mut history = History::default();
    let repository = match RoadmapRepository::discover(root) {
        Ok(Some(repository)) => repository,
        Ok(None) => return history,
        Err(error) => {
            return History::warning(format!(
                "the git repository could not be opened ({}), so the changelog \
                 leaves out what git says",
                error.message()
            ))
        }
    };
    if let Err(error) = walk(&repository, settings, &mut history) {
        history.notes.push(Note::warning(format!(
            "the git history could not be read completely ({}), so the changelog \
             may miss changes; run `git fsck` to find what is damaged",
            error.message()
        )));
    }
    history
}

/// The abbreviation of `commit`'s hash that git itself would print.
fn short_hash(commit: &git2::Commit) -> Option<String> {
    let id = commit.as_object().short_id().ok()?;
    id.as_str().ok().map(str::to_owned)
}

fn walk(
    repository: &RoadmapRepository,
    settings: &HistorySettings,
    history: &mut History,
) -> Result<(), git2::Error> {
    let repo = &repository.repo;
    let head = match repo.head() {
        Ok(head) => head.peel_to_commit().map_err(|error| match head.target() {
            Some(id) => git2::Error::from_str(&format!("HEAD is commit {id}, which is missing")),
            None => error,
        })?,
        Err(error) if error.code() == ErrorCode::UnbornBranch => return Ok(()), // no commits yet
        Err(error) => return Err(error),
    };
    history.revision = short_hash(&head);
    let boundary = shallow_boundary(repo);
    if repo.is_shallow() {
        history.notes.push(Note::warning(
            "this is a shallow clone, so the changelog shows only the history it has; \
             fetch the full history (git fetch --unshallow) for the rest",
        ));
    }
    let mut walker = repo.revwalk()?;
    walker.push(head.id())?;
    // Newest first, and every commit before its parents even when they
    // share a time, as a rebase leaves them: slips are counted in order.
    walker.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    let mut reader = BlobReader::new(repository);
    let mut ends = EndRecorder::default();
    for (count, oid) in walker.enumerate() {
        if count == settings.max_commits {
            history.notes.push(Note::plain(format!(
                "the changelog reads the newest {} commits only ([history] max_commits)",
                settings.max_commits
            )));
            break;
        }
        let commit = repo.find_commit(oid?)?;
        // A merge's changes are those of the commits it brings in; what a
        // shallow clone's oldest commits changed is unknown.
        if commit.parent_count() > 1 || boundary.contains(&commit.id()) {
            continue;
        }
        let date = commit_day(commit.time());
        if settings.since.is_some_and(|since| date < since) {
            continue;
        }
        let changed = changed_items(repository, &commit, &mut reader)?;
        let facts = CommitFacts {
            date,
            why: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned(),
            author: String::from_utf8_lossy(commit.author().name_bytes()).into_owned(),
            hash: commit.id().to_string(),
            touched_internal: changed
                .values()
                .any(|(old, new)| old.is_internal() || new.is_internal()),
        };
        for (key, (old, new)) in &changed {
            history.changes.extend(accounts(key, old, new, &facts));
            ends.record(key, old, new);
        }
    }
    history.ends = ends.finish();
    history.notes.append(&mut reader.notes);
    Ok(())
}

/// What a commit says of every change it made.
struct CommitFacts {
    date: Day,
    why: String,
    author: String,
    hash: String,
    touched_internal: bool,
}

/// What a commit did to an item, as told to each audience; nothing when a
/// version could not be read.
fn accounts(key: &Key, old: &Version, new: &Version, facts: &CommitFacts) -> Vec<DerivedChange> {
    if matches!(old, Version::Unreadable) || matches!(new, Version::Unreadable) {
        return Vec::new();
    }
    if !old.is_internal() && !new.is_internal() {
        return account(key, old.present(), new.present(), Readers::Everyone, facts)
            .into_iter()
            .collect();
    }
    let internal = account(key, old.present(), new.present(), Readers::Internal, facts);
    let public = account(key, old.public(), new.public(), Readers::Public, facts);
    internal.into_iter().chain(public).collect()
}

/// The change from `before` to `after`, for `readers`; `None` when
/// nothing they can see changed.
fn account(
    key: &Key,
    before: Option<&Snapshot>,
    after: Option<&Snapshot>,
    readers: Readers,
    facts: &CommitFacts,
) -> Option<DerivedChange> {
    let parts = compare::compare(key.subject, before, after);
    if parts.is_empty() {
        return None;
    }
    let title = after
        .or(before)
        .map_or(key.id.as_str(), |s| s.title_or(&key.id));
    Some(DerivedChange {
        date: facts.date,
        key: key.clone(),
        title: title.to_owned(),
        parts,
        readers,
        why: facts.why.clone(),
        touched_internal: facts.touched_internal,
        author: facts.author.clone(),
        commit: facts.hash.clone(),
    })
}

/// One side of a change to an item: absent, or a version that could not be
/// read (so nothing can be said), or a readable version.
#[derive(Debug, Clone, Default)]
enum Version {
    #[default]
    Absent,
    Unreadable,
    /// Shared: the cache hands the same version to consecutive commits.
    Present(Rc<Snapshot>),
}

/// The commits at which a shallow clone's history is cut off: they look
/// like first commits, but their parents are only missing.
fn shallow_boundary(repo: &Repository) -> HashSet<Oid> {
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

type BeforeAfter = (Version, Version);

/// The items a commit touched, with their versions before and after it.
fn changed_items(
    repository: &RoadmapRepository,
    commit: &git2::Commit,
    reader: &mut BlobReader,
) -> Result<BTreeMap<Key, BeforeAfter>, git2::Error> {
    let repo = &repository.repo;
    let tree = commit.tree()?;
    let parent_tree = match commit.parent(0) {
        Ok(parent) => Some(parent.tree()?),
        Err(_) => None,
    };
    let mut options = DiffOptions::new();
    options.pathspec(&repository.content_prefix);
    let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options))?;
    let short = &commit.id().to_string()[..7];
    let mut items: BTreeMap<Key, BeforeAfter> = BTreeMap::new();
    for delta in diff.deltas() {
        if let Some((key, version)) = reader.read(&delta.old_file(), short) {
            items.entry(key).or_default().0 = version;
        }
        if let Some((key, version)) = reader.read(&delta.new_file(), short) {
            items.entry(key).or_default().1 = version;
        }
    }
    Ok(items)
}

impl Version {
    fn present(&self) -> Option<&Snapshot> {
        match self {
            Version::Present(snapshot) => Some(snapshot),
            _ => None,
        }
    }

    /// The version as the public saw it: an internal one was not there.
    fn public(&self) -> Option<&Snapshot> {
        self.present().filter(|snapshot| snapshot.is_public())
    }

    /// Whether this version may hold internal work: it is not public, or it
    /// could not be read, so nobody knows.
    fn is_internal(&self) -> bool {
        match self {
            Version::Absent => false,
            Version::Unreadable => true,
            Version::Present(snapshot) => !snapshot.is_public(),
        }
    }
}

/// Reads blobs as snapshots, each blob at each path once: the version a
/// commit adds is the version the next commit changes. The path counts,
/// since a file's folder may give it its team.
struct BlobReader<'r> {
    repository: &'r RoadmapRepository,
    parsed: HashMap<(Oid, String), (Key, Version)>,
    notes: Vec<Note>,
}

impl<'r> BlobReader<'r> {
    fn new(repository: &'r RoadmapRepository) -> Self {
        BlobReader {
            repository,
            parsed: HashMap::new(),
            notes: Vec::new(),
        }
    }

    /// The item a file version holds, or `None` for no version or a file
    /// that is not a goal or initiative. A version that does not parse is
    /// known by its file name, and noted.
    fn read(&mut self, file: &git2::DiffFile, commit: &str) -> Option<(Key, Version)> {
        let id = file.id();
        if id.is_zero() {
            return None;
        }
        let path = file.path()?.to_str()?;
        let relative = self.repository.content_path(path)?;
        let subject = Subject::of_path(relative)?;
        let place = (id, relative.to_owned());
        if let Some(known) = self.parsed.get(&place) {
            return Some(known.clone());
        }
        let text = self
            .repository
            .repo
            .find_blob(id)
            .map(|blob| String::from_utf8_lossy(blob.content()).into_owned())
            .map_err(|error| error.message().to_owned());
        let read = match text.and_then(|text| Snapshot::parse(relative, &text)) {
            Ok((key, snapshot)) => (key, Version::Present(Rc::new(snapshot))),
            Err(reason) => {
                self.notes.push(Note::plain(format!(
                    "skipped {path} as of {commit}, which did not parse: {reason}"
                )));
                let key = Key {
                    subject,
                    id: crate::load::file_stem(relative).to_owned(),
                };
                (key, Version::Unreadable)
            }
        };
        self.parsed.insert(place, read.clone());
        Some(read)
    }
}

/// The calendar day of a commit, in the committer's own time zone.
fn commit_day(time: git2::Time) -> Day {
    let offset =
        jiff::tz::Offset::from_seconds(time.offset_minutes() * 60).unwrap_or(jiff::tz::Offset::UTC);
    let timestamp =
        jiff::Timestamp::from_second(time.seconds()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    Day(timestamp.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(front: &str) -> Version {
        let (_, snapshot) =
            Snapshot::parse("initiatives/x.md", &format!("---\n{front}\n---\n")).unwrap();
        Version::Present(Rc::new(snapshot))
    }

    /// (readers, text) of what a commit from `old` to `new` tells.
    fn told(old: &Version, new: &Version) -> Vec<(Readers, String)> {
        let key = Key {
            subject: Subject::Initiative,
            id: "x".to_owned(),
        };
        let facts = CommitFacts {
            date: "2026-01-01".parse().unwrap(),
            why: String::new(),
            author: String::new(),
            hash: String::new(),
            touched_internal: false,
        };
        accounts(&key, old, new, &facts)
            .into_iter()
            .map(|change| (change.readers, change.text()))
            .collect()
    }

    fn said(pairs: &[(Readers, &str)]) -> Vec<(Readers, String)> {
        pairs.iter().map(|(r, t)| (*r, (*t).to_owned())).collect()
    }

    #[test]
    fn the_public_is_told_only_what_public_versions_show() {
        let secret = version("title: Secret\nstatus: planned");
        let open = version("title: Open\nstatus: planned\nvisibility: public");
        let started = version("title: Open\nstatus: in-progress\nvisibility: public");
        use Readers::*;
        assert_eq!(
            told(&Version::Absent, &open),
            said(&[(Everyone, "Added to the roadmap")])
        );
        assert_eq!(
            told(&open, &started),
            said(&[(Everyone, "Status planned → in-progress")])
        );
        assert_eq!(
            told(&secret, &open),
            said(&[
                (Internal, "Retitled from “Secret”"),
                (Public, "Added to the roadmap")
            ])
        );
        assert_eq!(
            told(&open, &secret),
            said(&[
                (Internal, "Retitled from “Open”"),
                (Public, "Removed from the roadmap")
            ])
        );
        assert_eq!(
            told(&secret, &Version::Absent),
            said(&[(Internal, "Removed from the roadmap")])
        );
        assert_eq!(told(&Version::Unreadable, &open), said(&[]));
    }

    #[test]
    fn a_commits_changes_to_an_item_are_one_entry_for_each_readership() {
        let before = version("title: Open\nstatus: planned\neffort: 8\nvisibility: public");
        let after = version("title: Open\nstatus: in-progress\neffort: 10\nvisibility: public");
        assert_eq!(
            told(&before, &after),
            said(&[(
                Readers::Everyone,
                "Status planned → in-progress; effort 8 → 10"
            )])
        );
        let hidden = version("title: Open\nstatus: planned\neffort: 10");
        assert_eq!(
            told(&before, &hidden),
            said(&[
                (Readers::Internal, "Effort 8 → 10"),
                (Readers::Public, "Removed from the roadmap")
            ])
        );
    }
}
