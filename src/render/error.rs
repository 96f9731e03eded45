//! What can stop a page from rendering: a template's mistake, a template
//! that would never finish, or a page that cannot be written.

use crate::source::FsError;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("could not render `{page}`: {what}{}", below(.place))]
    Template {
        page: String,
        what: String,
        place: Option<TemplatePlace>,
    },
    /// A template that runs away: a loop too long or a macro that calls
    /// itself without end, stopped by the engine's limits.
    #[error(
        "could not render `{page}`: the template {} would not finish: {}",
        runaway_template(.error),
        runaway_reason(.error).unwrap_or_default()
    )]
    Runaway {
        page: String,
        error: minijinja::Error,
    },
    #[error(transparent)]
    Io(#[from] FsError),
}

impl RenderError {
    /// `error` in rendering `page`, with the templates that the roadmap's
    /// `overrides` replace named by their paths.
    pub(super) fn new(page: String, error: minijinja::Error, overrides: &[String]) -> RenderError {
        if runaway_reason(&error).is_some() {
            RenderError::Runaway { page, error }
        } else {
            RenderError::Template {
                page,
                what: what_went_wrong(&error),
                place: TemplatePlace::of(&error, overrides),
            }
        }
    }
}

impl crate::message::Help for RenderError {
    fn help(&self) -> Option<&'static str> {
        match self {
            RenderError::Runaway { .. } => Some(
                "loop over the roadmap's data rather than over long ranges, and let no macro call itself",
            ),
            RenderError::Template { .. } | RenderError::Io(_) => None,
        }
    }
}

/// Why the engine stopped a template, if it ran too long or too deep,
/// perhaps in a template it includes or imports.
fn runaway_reason(error: &minijinja::Error) -> Option<&'static str> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        let engine = error.downcast_ref::<minijinja::Error>();
        let detail = engine.and_then(minijinja::Error::detail).unwrap_or("");
        if engine.is_some_and(|error| error.kind() == minijinja::ErrorKind::OutOfFuel) {
            return Some("it took more steps than any page needs");
        } else if detail.contains("recursion limit") {
            return Some("a macro, include or import calls itself too deeply");
        } else if detail.contains("range has too many elements") {
            return Some("it loops over a range of more than 100,000 numbers");
        }
        cause = error.source();
    }
    None
}

fn runaway_template(error: &minijinja::Error) -> String {
    error
        .name()
        .map_or_else(|| "of the page".to_owned(), |name| format!("`{name}`"))
}

/// Where in a template the engine stopped, as the writer finds it: an
/// override by its path in the roadmap, a template of the default theme
/// by its name; with the line, its column, and the failing expression
/// marked.
#[derive(Debug)]
pub struct TemplatePlace {
    file: String,
    line: usize,
    column: usize,
    text: String,
    width: usize,
}

impl TemplatePlace {
    /// The place of `error`, or of the error inside it that a template it
    /// includes, imports or extends raised; `overrides` names the
    /// templates the roadmap's own `templates/` folder gives.
    pub(super) fn of(error: &minijinja::Error, overrides: &[String]) -> Option<TemplatePlace> {
        let located = innermost(error)?;
        let name = located.name()?;
        let line = located.line()?;
        let source = located.template_source().unwrap_or("");
        let (column, text, width) = match located.range().filter(|r| r.end <= source.len()) {
            Some(range) if source.is_char_boundary(range.start) => {
                let start = source[..range.start].rfind('\n').map_or(0, |at| at + 1);
                let end = source[range.start..]
                    .find('\n')
                    .map_or(source.len(), |at| range.start + at);
                let marked = &source[range.start..range.end.min(end)];
                let column = source[start..range.start].chars().count() + 1;
                (column, &source[start..end], marked.chars().count())
            }
            _ => (1, source.lines().nth(line - 1).unwrap_or(""), 0),
        };
        let file = if overrides.iter().any(|o| o == name) {
            format!("{}/{name}", super::theme::OVERRIDES_DIR)
        } else {
            format!("{name} of the default theme")
        };
        Some(TemplatePlace {
            file,
            line,
            column,
            // The writer's own file, but never a terminal's control codes.
            text: text
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect(),
            width: width.max(1),
        })
    }
}

impl std::fmt::Display for TemplatePlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let gutter = self.line.to_string().len();
        let blank = " ".repeat(gutter);
        writeln!(f, "{blank}--> {}:{}:{}", self.file, self.line, self.column)?;
        writeln!(f, "{blank} |")?;
        writeln!(f, "{} | {}", self.line, self.text)?;
        write!(
            f,
            "{blank} | {}{}",
            " ".repeat(self.column - 1),
            "^".repeat(self.width)
        )
    }
}

/// The deepest engine error in `error`'s chain that knows its template
/// and line: an error in an included template is wrapped by its includer's.
fn innermost(error: &minijinja::Error) -> Option<&minijinja::Error> {
    let mut found = None;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if let Some(engine) = error.downcast_ref::<minijinja::Error>() {
            if engine.name().is_some() && engine.line().is_some() {
                found = Some(engine);
            }
        }
        cause = error.source();
    }
    found
}

/// `place` on lines of its own under the message, when known.
pub(super) fn below(place: &Option<TemplatePlace>) -> String {
    place
        .as_ref()
        .map_or_else(String::new, |place| format!("\n{place}"))
}

/// What the engine says went wrong, without its own place and dump of
/// values: `TemplatePlace` says where.
pub(super) fn what_went_wrong(error: &minijinja::Error) -> String {
    let located = innermost(error).unwrap_or(error);
    match located.detail() {
        Some(detail) => format!("{}: {detail}", located.kind()),
        None => located.kind().to_string(),
    }
}
