//! The default theme, embedded in the binary so that `waymark build` needs
//! nothing on disk; a roadmap's `templates/NAME.html` overrides the theme's
//! template of the same name.

use crate::source::{self, FsError};
use std::fmt;
use std::path::Path;
use tera::Tera;

/// Template names and their embedded sources.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "executive.html",
        include_str!("../../themes/default/templates/executive.html"),
    ),
    (
        "engineering.html",
        include_str!("../../themes/default/templates/engineering.html"),
    ),
    (
        "initiative.html",
        include_str!("../../themes/default/templates/initiative.html"),
    ),
    (
        "goal.html",
        include_str!("../../themes/default/templates/goal.html"),
    ),
    (
        "changelog.html",
        include_str!("../../themes/default/templates/changelog.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "changelog.xml",
        include_str!("../../themes/default/templates/changelog.xml"),
    ),
];

/// The site's one stylesheet: the page styles, then the chart styles.
pub const STYLESHEET: &str = concat!(
    include_str!("../../themes/default/style.css"),
    "\n",
    include_str!("../../themes/default/charts.css"),
);

/// The engineering table's filter, the theme's only script.
pub const FILTER_SCRIPT: &str = include_str!("../../themes/default/filter.js");

pub const OVERRIDES_DIR: &str = "templates";

pub struct Theme {
    pub tera: Tera,
}

#[derive(Debug)]
pub enum ThemeError {
    Io(FsError),
    Template(tera::Error),
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeError::Io(error) => error.fmt(f),
            ThemeError::Template(error) => write_chain(f, error),
        }
    }
}

impl std::error::Error for ThemeError {}

/// Tera puts the useful part (which template, which line) in the causes.
pub fn write_chain(f: &mut fmt::Formatter<'_>, error: &dyn std::error::Error) -> fmt::Result {
    write!(f, "{error}")?;
    let mut cause = error.source();
    while let Some(inner) = cause {
        write!(f, "\n  caused by: {inner}")?;
        cause = inner.source();
    }
    Ok(())
}

impl Theme {
    /// The embedded theme with the roadmap's overrides applied.
    pub fn load(roadmap_root: &Path) -> Result<Theme, ThemeError> {
        let mut sources: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        for (name, text) in overrides(&roadmap_root.join(OVERRIDES_DIR))? {
            match sources.iter_mut().find(|(existing, _)| *existing == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
        let mut tera = Tera::default();
        // Unlike Tera's default, leaves `/` alone so relative links stay legible.
        tera.set_escape_fn(super::escape::escape_string);
        tera.add_raw_templates(sources)
            .map_err(ThemeError::Template)?;
        Ok(Theme { tera })
    }
}

/// The `.html` and `.xml` files of a roadmap's `templates/` folder.
fn overrides(dir: &Path) -> Result<Vec<(String, String)>, ThemeError> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|error| {
            ThemeError::Io(FsError {
                path: error.path().unwrap_or(dir).to_owned(),
                action: "read",
                source: error.into(),
            })
        })?;
        let path = entry.path();
        let is_template = path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "xml");
        if entry.file_type().is_file() && is_template {
            let bytes = source::read_bytes(path).map_err(ThemeError::Io)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            found.push((source::display_name(dir, path), text));
        }
    }
    Ok(found)
}
