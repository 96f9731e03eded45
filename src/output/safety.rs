//! Which folders a build may replace: only its own, and never one that it
//! reads, however the path is spelled.

use super::{OutputError, MARKER};
use crate::source::{self, FsError};
use std::path::{Component, Path, PathBuf};

/// `path` made absolute, with the links and `..` of the part that exists
/// resolved as the system would, and the rest normalised as written: the
/// safety checks then compare where paths lead, however they are spelled.
pub(super) fn resolve(path: &Path) -> Result<PathBuf, FsError> {
    let absolute = std::path::absolute(path).map_err(source::fs_error("resolve", path))?;
    let components: Vec<Component> = absolute.components().collect();
    // The longest leading part that exists; the filesystem's root does.
    let mut existing = components.len();
    let mut resolved = loop {
        let head: PathBuf = components[..existing].iter().collect();
        match head.canonicalize() {
            Ok(real) => break real,
            Err(_) if existing > 1 => existing -= 1,
            Err(error) => return Err(source::fs_error("resolve", path)(error)),
        }
    };
    for component in &components[existing..] {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    Ok(resolved)
}

/// What waymark reads in a roadmap folder, with how messages name it.
const INPUTS: [(&str, &str); 4] = [
    (crate::load::CONTENT_DIR, "`content/` folder"),
    (crate::render::theme::OVERRIDES_DIR, "`templates/` folder"),
    (crate::build::STATIC_DIR, "`static/` folder"),
    (crate::config::FILE_NAME, "`roadmap.toml`"),
];

/// Refuses an output that would hold, replace or be read as the roadmap's
/// own files: the site must never become the next build's input.
pub(super) fn check_safe(output: &Path, roadmap_root: &Path) -> Result<(), OutputError> {
    let refuse = |reason: String| {
        Err(OutputError::Unsafe {
            output: output.to_owned(),
            reason,
        })
    };
    if output.parent().is_none() {
        return refuse("it is the root of the filesystem".to_owned());
    }
    let root = resolve(roadmap_root)?;
    if root.starts_with(output) {
        return refuse("it holds the roadmap's own sources".to_owned());
    }
    for (input, what) in INPUTS {
        // Where the input is, and where it leads if it is a link.
        for read in [root.join(input), resolve(&root.join(input))?] {
            if output.starts_with(&read) {
                return refuse(format!(
                    "it is the roadmap's {what} or inside it, which waymark reads, so the next build would read the site back"
                ));
            }
            if read.starts_with(output) {
                return refuse(format!("it holds the roadmap's {what}"));
            }
        }
    }
    if output.components().any(|part| part.as_os_str() == ".git") {
        return refuse(
            "it is inside a `.git` folder, which holds the roadmap's history".to_owned(),
        );
    }
    let home = std::env::var_os("HOME").and_then(|home| resolve(Path::new(&home)).ok());
    if home.is_some_and(|home| home == output) {
        return refuse("it is the home folder".to_owned());
    }
    Ok(())
}

pub(super) fn check_ours(output: &Path) -> Result<(), OutputError> {
    if !output.exists() || output.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = std::fs::read_dir(output)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        Ok(())
    } else {
        Err(OutputError::NotOurs(output.to_owned()))
    }
}
