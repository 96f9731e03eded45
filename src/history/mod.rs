//! What changed and why, from git: each commit's changes to goal and
//! initiative front matter become changelog entries dated with the commit,
//! signed by its author, and explained by its subject. `waymark diff`
//! compares the roadmap at two revisions the same way.
//!
//! Items are followed by kind and id, not by path, so moving a file between
//! team folders is no change. Old versions that do not parse are skipped
//! with a note: yesterday's mistakes never break today's build.

mod compare;
pub mod diff;
mod snapshot;

pub use compare::FieldChange;
pub use snapshot::{Key, Subject};

use crate::config::HistorySettings;
use crate::load::CONTENT_DIR;
use crate::types::Day;
use git2::{DiffOptions, Oid, Repository, Sort};
use snapshot::{content_relative, Snapshot};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

/// A change derived from one commit.
#[derive(Debug, Clone)]
pub struct DerivedChange {
    pub date: Day,
    pub key: Key,
    /// The item's title as of the change.
    pub title: String,
    pub text: String,
    /// The key that changed, and its values before and after: ids, for
    /// goal and prerequisite changes.
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The commit message's subject.
    pub why: String,
    pub author: String,
    /// The commit's full hash.
    pub commit: String,
}

/// The derived changes, newest commit first, and notes on what was skipped.
#[derive(Debug, Default)]
pub struct History {
    pub changes: Vec<DerivedChange>,
    pub notes: Vec<String>,
}

/// The repository holding a roadmap, and where its `content/` is in it.
struct RoadmapRepository {
    repo: Repository,
    /// `content/` relative to the work tree, `/`-separated, with a trailing `/`.
    content_prefix: String,
}

impl RoadmapRepository {
    /// `Ok(None)` when the roadmap is not inside a git work tree.
    fn discover(root: &Path) -> Result<Option<RoadmapRepository>, git2::Error> {
        let Ok(repo) = Repository::discover(root) else {
            return Ok(None);
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
/// or when disabled, there is none.
pub fn read(root: &Path, settings: &HistorySettings) -> History {
    if !settings.enabled {
        return History::default();
    }
    let mut history = History::default();
    let outcome = RoadmapRepository::discover(root)
        .and_then(|found| found.map_or(Ok(()), |repo| walk(&repo, settings, &mut history)));
    if let Err(error) = outcome {
        history.notes.push(format!(
            "the git history could not be read completely: {}",
            error.message()
        ));
    }
    history
}

fn walk(
    repository: &RoadmapRepository,
    settings: &HistorySettings,
    history: &mut History,
) -> Result<(), git2::Error> {
    let repo = &repository.repo;
    let Ok(head) = repo.head().and_then(|head| head.peel_to_commit()) else {
        return Ok(()); // no commits yet
    };
    let boundary = shallow_boundary(repo);
    if repo.is_shallow() {
        history.notes.push(
            "warning: this is a shallow clone, so the changelog shows only the history it has; \
             fetch the full history (git fetch --unshallow) for the rest"
                .to_owned(),
        );
    }
    let mut walker = repo.revwalk()?;
    walker.push(head.id())?;
    walker.set_sorting(Sort::TIME)?;
    let mut reader = BlobReader::new(repository);
    for (count, oid) in walker.enumerate() {
        if count == settings.max_commits {
            history.notes.push(format!(
                "the changelog reads the newest {} commits only ([history] max_commits)",
                settings.max_commits
            ));
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
        let author = String::from_utf8_lossy(commit.author().name_bytes()).into_owned();
        let why = String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned();
        let hash = commit.id().to_string();
        for (key, (old, new)) in changed {
            if matches!(old, Version::Unreadable) || matches!(new, Version::Unreadable) {
                continue;
            }
            let (before, after) = (old.present(), new.present());
            let title = after
                .or(before)
                .map_or(key.id.clone(), |s| s.title_or(&key.id).to_owned());
            for change in compare::compare(key.subject, before, after) {
                history.changes.push(DerivedChange {
                    date,
                    key: key.clone(),
                    title: title.clone(),
                    text: change.text,
                    field: change.field,
                    before: change.before,
                    after: change.after,
                    why: why.clone(),
                    author: author.clone(),
                    commit: hash.clone(),
                });
            }
        }
    }
    history.notes.append(&mut reader.notes);
    Ok(())
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
}

/// Reads blobs as snapshots, each blob once: the version a commit adds is
/// the version the next commit changes.
struct BlobReader<'r> {
    repository: &'r RoadmapRepository,
    parsed: HashMap<Oid, (Key, Version)>,
    notes: Vec<String>,
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
        if let Some(known) = self.parsed.get(&id) {
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
                self.notes.push(format!(
                    "skipped {path} as of {commit}, which did not parse: {reason}"
                ));
                let key = Key {
                    subject,
                    id: crate::load::file_stem(relative).to_owned(),
                };
                (key, Version::Unreadable)
            }
        };
        self.parsed.insert(id, read.clone());
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

/// Every goal and initiative of the roadmap at a revision.
fn snapshots_at_revision(
    repository: &RoadmapRepository,
    revision: &str,
    notes: &mut Vec<String>,
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
            Err(reason) => notes.push(format!(
                "skipped {prefix}/{relative} at {revision}, which did not parse: {reason}"
            )),
        }
    }
    Ok(snapshots)
}

/// Every goal and initiative in the work tree, as the files are now.
fn snapshots_on_disk(root: &Path, notes: &mut Vec<String>) -> BTreeMap<Key, Snapshot> {
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
        let text = std::fs::read(&path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        match text
            .map_err(|e| e.to_string())
            .and_then(|text| Snapshot::parse(relative, &text))
        {
            Ok((key, snapshot)) => {
                snapshots.insert(key, snapshot);
            }
            Err(reason) => notes.push(format!("skipped {name}, which did not parse: {reason}")),
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
