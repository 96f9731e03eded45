//! What can stop a page from rendering: a template's mistake, a template
//! that would never finish, or a page that cannot be written.

use crate::source::FsError;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("could not render `{page}`: {error:#}")]
    Template {
        page: String,
        error: minijinja::Error,
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
    pub(super) fn new(page: String, error: minijinja::Error) -> RenderError {
        if runaway_reason(&error).is_some() {
            RenderError::Runaway { page, error }
        } else {
            RenderError::Template { page, error }
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
