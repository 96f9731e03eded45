//! Writing an import: every file checked first, then all written beside
//! themselves and moved into place, so that nothing is written unless the
//! whole import is valid and no file is left half written.

use super::{Change, ImportError};
use crate::diagnostic::Report;
use crate::frontmatter::InitiativeFrontMatter;
use std::path::{Path, PathBuf};

/// Every changed file must read as a valid initiative before any is written.
pub(super) fn check_results(changes: &[Change]) -> Result<(), ImportError> {
    let schema = crate::load::schema_of::<InitiativeFrontMatter>();
    let mut report = Report::default();
    for change in changes {
        let parsed =
            crate::load::parse_text::<InitiativeFrontMatter>(&change.name, &change.after, &schema);
        report.extend(parsed.diagnostics);
    }
    if report.has_errors() {
        return Err(ImportError::Roadmap(report));
    }
    Ok(())
}

/// Writes every file beside itself first, then moves each into place, so
/// that a failure leaves no file half written.
pub(super) fn write_all(changes: &[Change]) -> Result<Vec<PathBuf>, ImportError> {
    let mut staged = Vec::new();
    for change in changes {
        let folder = change.path.parent().unwrap_or(Path::new("."));
        let file_name = change
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        let temporary = folder.join(format!(".{file_name}.waymark-import"));
        let written = crate::source::create_dir_all(folder)
            .and_then(|()| crate::source::write(&temporary, change.after.as_bytes()));
        if let Err(error) = written {
            remove_all(&staged);
            return Err(error.into());
        }
        staged.push((temporary, change.path.clone()));
    }
    for (temporary, path) in &staged {
        std::fs::rename(temporary, path).map_err(crate::source::fs_error("replace", path))?;
    }
    Ok(staged.into_iter().map(|(_, path)| path).collect())
}

fn remove_all(staged: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in staged {
        let _ = std::fs::remove_file(temporary);
    }
}
