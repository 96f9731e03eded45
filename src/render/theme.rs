//! The default theme, embedded in the binary so that `waymark build` needs
//! nothing on disk; a roadmap's `templates/NAME.html` overrides the theme's
//! template of the same name.

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::message::Help;
use crate::source::{self, FsError, SourceFile};
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
        "member.html",
        include_str!("../../themes/default/templates/member.html"),
    ),
    (
        "member_nav.html",
        include_str!("../../themes/default/templates/member_nav.html"),
    ),
    (
        "change.html",
        include_str!("../../themes/default/templates/change.html"),
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
pub const SEARCH_SCRIPT: &str = include_str!("../../themes/default/search.js");

pub const OVERRIDES_DIR: &str = "templates";

pub struct Theme {
    pub tera: Tera,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(transparent)]
    Io(FsError),
    #[error("{}", Chain(.0))]
    Template(tera::Error),
    /// A literal `range` too large to build: the build would not finish.
    #[error(
        "the template `{template}` loops over `{arguments})`, more than {MAX_RANGE} times: \
         the build would not finish"
    )]
    LoopTooLong { template: String, arguments: String },
    /// A macro that can call itself: one that never stops would overflow
    /// the stack.
    #[error(
        "the macro `{name}` in the template `{template}` can call itself: waymark does not render \
         recursive macros, as one that never stops would crash the build"
    )]
    RecursiveMacro { name: String, template: String },
}

impl Help for ThemeError {
    fn help(&self) -> Option<&'static str> {
        match self {
            ThemeError::LoopTooLong { .. } => Some("loop over the roadmap's data instead"),
            ThemeError::RecursiveMacro { .. } => Some("loop over the data with `for` instead"),
            ThemeError::Io(_) | ThemeError::Template(_) => None,
        }
    }
}

/// An error with its causes, each on a line of its own: Tera puts the
/// useful part (which template, which line) in the causes.
pub struct Chain<'a>(pub &'a dyn std::error::Error);

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(inner) = cause {
            write!(f, "\n  caused by: {inner}")?;
            cause = inner.source();
        }
        Ok(())
    }
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
        for (name, text) in &sources {
            check_termination(name, text)?;
        }
        check_macro_recursion(&sources)?;
        let mut tera = Tera::default();
        // Unlike Tera's default, leaves `/` alone so relative links stay legible.
        tera.set_escape_fn(super::escape::escape_string);
        super::page_functions::register(&mut tera);
        tera.add_raw_templates(sources)
            .map_err(ThemeError::Template)?;
        Ok(Theme { tera })
    }
}

/// The largest literal `range` a template may loop over: Tera builds the
/// whole range in memory before the loop starts.
const MAX_RANGE: u64 = 1_000_000;

/// Refuses a `range(end=N)` too large to finish.
fn check_termination(name: &str, text: &str) -> Result<(), ThemeError> {
    for (at, _) in text.match_indices("range(") {
        let arguments = &text[at..text[at..].find(')').map_or(text.len(), |end| at + end)];
        for number in arguments
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
        {
            if number.parse::<u64>().map_or(true, |n| n > MAX_RANGE) {
                return Err(ThemeError::LoopTooLong {
                    template: name.to_owned(),
                    arguments: arguments.to_owned(),
                });
            }
        }
    }
    Ok(())
}

/// Refuses macros that can call themselves. Tera has no depth limit, so a
/// recursion that does not stop overflows the stack and kills the build.
/// Namespaces are ignored, so this errs on the side of refusing.
fn check_macro_recursion(sources: &[(String, String)]) -> Result<(), ThemeError> {
    let mut calls: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut defined_in: std::collections::BTreeMap<String, String> = Default::default();
    for (name, text) in sources {
        for (r#macro, body) in macro_bodies(text) {
            let called = body
                .match_indices("::")
                .filter_map(|(at, _)| {
                    let rest = &body[at + 2..];
                    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
                    rest[end..]
                        .trim_start()
                        .starts_with('(')
                        .then(|| rest[..end].to_owned())
                })
                .collect();
            calls.insert(r#macro.clone(), called);
            defined_in.insert(r#macro, name.clone());
        }
    }
    for start in calls.keys() {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![start.as_str()];
        while let Some(current) = stack.pop() {
            for callee in calls.get(current).into_iter().flatten() {
                if callee == start {
                    return Err(ThemeError::RecursiveMacro {
                        name: start.clone(),
                        template: defined_in[start].clone(),
                    });
                }
                if seen.insert(callee.as_str()) {
                    stack.push(callee);
                }
            }
        }
    }
    Ok(())
}

/// Each `{% macro NAME(...) %}` of a template with the text up to its
/// `{% endmacro %}`.
fn macro_bodies(text: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{%") {
        let tag_end = rest[open..]
            .find("%}")
            .map_or(rest.len(), |end| open + end + 2);
        let tag = rest[open + 2..tag_end.saturating_sub(2).max(open + 2)]
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &rest[tag_end..];
        let Some(signature) = tag.strip_prefix("macro ") else {
            continue;
        };
        let name = signature.split('(').next().unwrap_or("").trim().to_owned();
        let body_end = rest.find("endmacro").unwrap_or(rest.len());
        found.push((name, &rest[..body_end]));
    }
    found
}

/// Warnings about overrides that are never used: a template in the
/// roadmap's `templates/` folder whose name the theme does not have, and
/// that no template includes, imports or extends, is most likely misnamed.
/// A folder that cannot be read is for `Theme::load` to report.
pub fn unused_overrides(roadmap_root: &Path) -> Vec<Diagnostic> {
    let Ok(overrides) = overrides(&roadmap_root.join(OVERRIDES_DIR)) else {
        return Vec::new();
    };
    let theme_names = || TEMPLATES.iter().map(|(name, _)| *name);
    let texts: Vec<&str> = TEMPLATES
        .iter()
        .map(|(_, text)| *text)
        .chain(overrides.iter().map(|(_, text)| text.as_str()))
        .collect();
    let named = |name: &str| {
        let (double, single) = (format!("\"{name}\""), format!("'{name}'"));
        texts
            .iter()
            .any(|text| text.contains(&double) || text.contains(&single))
    };
    overrides
        .iter()
        .filter(|(name, _)| !theme_names().any(|known| known == name) && !named(name))
        .map(|(name, text)| {
            let file = SourceFile::new(format!("{OVERRIDES_DIR}/{name}"), text);
            let list = theme_names().collect::<Vec<_>>().join(", ");
            let help = match did_you_mean(name, theme_names()) {
                Some(suggestion) => format!("{suggestion} The theme's templates are: {list}"),
                None => format!(
                    "name it after one of the theme's templates to replace that one ({list}), \
                     or include it from one"
                ),
            };
            Diagnostic::new(
                Code::UnknownTemplate,
                &file,
                Span::new(0, 0),
                format!("the theme has no template `{name}`, so this override is never used"),
            )
            .help(help)
        })
        .collect()
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
        // Links are not followed; anything else that is not a folder is
        // read, so that reading refuses a pipe or a socket by name.
        let kind = entry.file_type();
        if !(kind.is_dir() || kind.is_symlink()) && is_template {
            let bytes = source::read_bytes(path).map_err(ThemeError::Io)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            found.push((source::display_name(dir, path), text));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn recursive_macros_are_refused() {
        let direct = sources(&[(
            "a.html",
            "{% macro again(n) %}{{ self::again(n=n) }}{% endmacro again %}",
        )]);
        assert!(check_macro_recursion(&direct)
            .unwrap_err()
            .to_string()
            .contains("`again`"));
        let mutual = sources(&[
            ("a.html", "{% macro ping() %}{{ b::pong() }}{% endmacro %}"),
            (
                "b.html",
                "{%- macro pong() -%}{{ a::ping() }}{%- endmacro -%}",
            ),
        ]);
        assert!(check_macro_recursion(&mutual).is_err());
        let theme: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        assert!(
            check_macro_recursion(&theme).is_ok(),
            "the default theme is fine"
        );
    }

    /// The value of every `href="…"` and `src="…"` attribute of `text`.
    fn link_values(text: &str) -> Vec<&str> {
        ["href=\"", "src=\""]
            .iter()
            .flat_map(|attribute| text.match_indices(attribute))
            .filter_map(|(at, attribute)| {
                let value = &text[at + attribute.len()..];
                value.find('"').map(|end| &value[..end])
            })
            .collect()
    }

    #[test]
    fn the_default_theme_asks_the_page_map_for_every_page() {
        for (name, text) in TEMPLATES {
            for value in link_values(text) {
                // One expression from the page's root, perhaps with a
                // fragment: an anchor, a page's path, or an outside URL.
                let expression = value.strip_prefix("{{ root }}").unwrap_or(value);
                let whole = expression.starts_with("{{")
                    && expression.find("}}").is_some_and(|end| {
                        let rest = &expression[end + 2..];
                        !expression[..end].contains("{{ root }}")
                            && (rest.is_empty() || rest.starts_with('#'))
                    });
                assert!(
                    value.starts_with('#') || whole,
                    "{name} spells a page path: {value}"
                );
            }
        }
    }

    #[test]
    fn huge_literal_ranges_are_refused() {
        assert!(
            check_termination("a.html", "{% for i in range(end=2000000000) %}{% endfor %}")
                .is_err()
        );
        assert!(check_termination("a.html", "{% for i in range(end=3) %}{% endfor %}").is_ok());
        assert!(check_termination("a.html", "{% for i in range(end=n) %}{% endfor %}").is_ok());
    }
}
