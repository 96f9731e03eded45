//! Which file of a roadmap folder a path names, by its name alone: the one
//! place that decides it, for loading, for `serve`'s watching and for
//! reading old versions from git. Whether a file is regular and reached
//! without a link is for the reader to check on disk.

use super::{CONTENT_DIR, GOALS_DIR, INITIATIVES_DIR};
use crate::build::STATIC_DIR;
use crate::config::FILE_NAME as CONFIG_FILE;
use crate::render::theme::OVERRIDES_DIR;
use std::ffi::OsStr;
use std::path::{Component, Path};

/// What a path below the roadmap folder is to waymark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Goal,
    Initiative,
    /// Anything else under `content/`: a folder moved or removed as a
    /// whole, or a file that is no goal or initiative.
    OtherContent,
    Template,
    Static,
}

/// What `roadmap_relative` names; `None` for what waymark never reads:
/// hidden files and folders, editors' backup and swap files, and anything
/// outside `roadmap.toml`, `content/`, `templates/` and `static/`.
pub fn kind_of(roadmap_relative: &Path) -> Option<FileKind> {
    let mut names = Vec::new();
    for component in roadmap_relative.components() {
        let Component::Normal(name) = component else {
            return None;
        };
        if is_hidden(name) || is_scratch(name) {
            return None;
        }
        names.push(name);
    }
    let (&top, rest) = names.split_first()?;
    if top == CONFIG_FILE && rest.is_empty() {
        return Some(FileKind::Config);
    }
    if top == OVERRIDES_DIR {
        return Some(FileKind::Template);
    }
    if top == STATIC_DIR {
        return Some(FileKind::Static);
    }
    if top != CONTENT_DIR {
        return None;
    }
    let is_markdown = roadmap_relative.extension().is_some_and(|ext| ext == "md");
    Some(match rest {
        [folder, _, ..] if *folder == GOALS_DIR && is_markdown => FileKind::Goal,
        [folder, _, ..] if *folder == INITIATIVES_DIR && is_markdown => FileKind::Initiative,
        _ => FileKind::OtherContent,
    })
}

/// The team of an initiative file whose front matter names none: the
/// folder it is in directly under `content/initiatives/` (its first, when
/// folders nest). A file straight in `initiatives/` has none. The one rule
/// for the loaded roadmap and for old versions read from history.
pub fn folder_team(roadmap_relative: &Path) -> Option<String> {
    if kind_of(roadmap_relative)? != FileKind::Initiative {
        return None;
    }
    let mut names = roadmap_relative.components().skip(2);
    let folder = names.next()?;
    names.next()?;
    Some(folder.as_os_str().to_string_lossy().into_owned())
}

/// Hidden files and folders, and the backup and autosave files of editors:
/// never part of the roadmap.
pub fn is_hidden(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Editors' temporary files that are not hidden ones: vim's swap files and
/// its `4913` probe, and `.tmp` files.
fn is_scratch(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name == "4913"
        || [".swp", ".swx", ".swo", ".tmp"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The file name of `name` without its folders and `.md`: the default id.
pub fn file_stem(name: &str) -> &str {
    &name[stem_range(name)]
}

/// Where the file name without folders and `.md` is in `name`.
pub(super) fn stem_range(name: &str) -> std::ops::Range<usize> {
    let start = name.rfind('/').map_or(0, |slash| slash + 1);
    let end = match name[start..].strip_suffix(".md") {
        Some(stem) => start + stem.len(),
        None => name.len(),
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<FileKind> {
        kind_of(Path::new(path))
    }

    #[test]
    fn roadmap_files_are_markdown_in_their_folders_and_not_hidden() {
        assert_eq!(kind("content/goals/speed.md"), Some(FileKind::Goal));
        assert_eq!(kind("content/goals/sub/speed.md"), Some(FileKind::Goal));
        for name in [
            "content/initiatives/web/search.md",
            "content/initiatives/a.b.md",
        ] {
            assert_eq!(kind(name), Some(FileKind::Initiative), "{name}");
        }
        for name in [
            "content/speed.md",
            "content/goals",
            "content/goals/speed.txt",
            "content/notes/a.md",
            "content/goals.md",
        ] {
            assert_eq!(kind(name), Some(FileKind::OtherContent), "{name}");
        }
        for name in [
            "content/goals/.speed.md",
            "content/goals/#speed.md#",
            "content/initiatives/.trash/a.md",
            "content/initiatives/old~/a.md",
            "content/initiatives/a.md.swp",
            "content/initiatives/4913",
            ".git/index",
            "public/index.html",
            "../content/goals/a.md",
            "/content/goals/a.md",
        ] {
            assert_eq!(kind(name), None, "{name}");
        }
    }

    #[test]
    fn the_folder_under_initiatives_is_the_team() {
        let team = |path: &str| folder_team(Path::new(path));
        assert_eq!(
            team("content/initiatives/platform/a.md").as_deref(),
            Some("platform")
        );
        assert_eq!(
            team("content/initiatives/platform/db/a.md").as_deref(),
            Some("platform")
        );
        assert_eq!(team("content/initiatives/a.md"), None);
        assert_eq!(team("content/goals/platform/a.md"), None);
        assert_eq!(team("content/initiatives/platform/a.txt"), None);
    }

    #[test]
    fn settings_templates_and_static_files_are_known() {
        assert_eq!(kind("roadmap.toml"), Some(FileKind::Config));
        assert_eq!(kind("roadmap.toml/x"), None);
        assert_eq!(kind("templates/base.html"), Some(FileKind::Template));
        assert_eq!(kind("templates"), Some(FileKind::Template));
        assert_eq!(kind("static/logo.png"), Some(FileKind::Static));
        assert_eq!(kind("static/.logo.png.tmp"), None);
    }
}
