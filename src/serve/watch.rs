//! What serve watches: the roadmap's folder and its content, templates
//! and static folders, and those of each member of a portfolio; and which
//! of the watcher's events are changes.

use crate::build::STATIC_DIR;
use crate::load::{kind_of, FileKind, CONTENT_DIR};
use crate::message::Note;
use crate::render::theme::OVERRIDES_DIR;
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};

pub(super) type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// The folders below the roadmap folder that are watched with all they hold.
const WATCHED_DIRS: [&str; 3] = [CONTENT_DIR, OVERRIDES_DIR, STATIC_DIR];

/// What to watch: the folder itself (for roadmap.toml, and content/,
/// templates/ or static/ appearing or being replaced), and those three
/// folders with all they hold. Not the whole folder, which may hold a
/// build output or a target/ of thousands of folders.
pub(super) fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths = vec![(root.to_owned(), RecursiveMode::NonRecursive)];
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            paths.push((path, RecursiveMode::Recursive));
        }
    }
    paths
}

/// The watched folders among changed paths: made, removed, or replaced by
/// another folder of their name (a branch switch, `git stash`, a sync
/// tool), whose watch, if any, is on a folder that is no longer there.
pub(super) fn replaced_dirs(root: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.parent() == Some(root))
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| WATCHED_DIRS.iter().any(|dir| name == *dir))
        })
        .cloned()
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Watches `dir` anew, as it is now.
pub(super) fn rewatch(watcher: &mut Watcher, dir: &Path) {
    // Not watched (it did not exist) or already dropped with its folder:
    // either way there is nothing to stop.
    let _ = watcher.unwatch(dir);
    if dir.is_dir() {
        if let Err(error) = watcher.watch(dir, RecursiveMode::Recursive) {
            warn_unwatched(dir, &error);
        }
    }
}

fn warn_unwatched(dir: &Path, error: &notify::Error) {
    let warning = Note::warning(format!(
        "cannot watch {} for changes: {error}",
        dir.display()
    ));
    say!(
        "{}",
        warning.help("restart waymark serve to see its changes")
    );
}

/// Watches the folders of the members that `watching` does not hold yet:
/// those added to the portfolio's roadmap.toml while serve runs.
pub(super) fn watch_new_members(
    watcher: &mut Watcher,
    members: Vec<PathBuf>,
    watching: &mut Vec<PathBuf>,
) {
    for member in members {
        if watching.contains(&member) {
            continue;
        }
        for (path, mode) in watched(&member) {
            if let Err(error) = watcher.watch(&path, mode) {
                warn_unwatched(&path, &error);
            }
        }
        watching.push(member);
    }
}

/// The watcher, and the member folders it watches.
pub(super) struct Watching<'w> {
    pub watcher: &'w mut Watcher,
    pub members: Vec<PathBuf>,
}

/// The paths whose content changed. Reads are events too, and the rebuild
/// itself reads every file it re-parses: those must not start another.
pub(super) fn paths_of(result: DebounceEventResult) -> Vec<PathBuf> {
    use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
    match result {
        Ok(events) => events
            .into_iter()
            .filter(|e| {
                !matches!(
                    e.event.kind,
                    EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
                )
            })
            .flat_map(|event| event.event.paths)
            .collect(),
        Err(errors) => {
            for error in errors {
                say!(
                    "{}",
                    Note::warning(format!("watching for changes: {error}"))
                );
            }
            Vec::new()
        }
    }
}

/// Whether any of `paths` is a file that a member in `members` reads, and
/// whether one is a member's roadmap.toml.
pub(super) fn member_changes(members: &[PathBuf], paths: &[PathBuf]) -> (bool, bool) {
    let kinds: Vec<FileKind> = paths
        .iter()
        .filter_map(|path| {
            members
                .iter()
                .find_map(|member| path.strip_prefix(member).ok().and_then(kind_of))
        })
        .collect();
    let config = kinds.iter().any(|kind| matches!(kind, FileKind::Config));
    (!kinds.is_empty(), config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watched_folders_changed_as_a_whole_are_found() {
        let root = Path::new("/r");
        let paths: Vec<PathBuf> = [
            "/r/content",
            "/r/content/goals/a.md",
            "/r/static",
            "/r/content",
            "/r/content.old",
            "/r/public",
            "/r/templates/base.html",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            replaced_dirs(root, &paths),
            [PathBuf::from("/r/content"), PathBuf::from("/r/static")]
        );
    }
}
