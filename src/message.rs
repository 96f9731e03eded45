//! What waymark tells the writer besides the roadmap's diagnostics: errors
//! that stop a command, and warnings and notes about what a command left
//! out. Each stays data, what happened and apart from it what to do, until
//! it is printed, so that every command prints them alike: `error: …`,
//! `warning: …` or `note: …`, then `help: …` on a line of its own.

use std::fmt;

/// An error that can say what to do about it.
pub trait Help: std::error::Error {
    /// What to do, printed on a `help:` line after the message.
    fn help(&self) -> Option<&'static str>;
}

/// An error as printed: `error: …`, then `help: …` when it says what to do.
pub fn error_text(error: &dyn Help) -> String {
    format!("error: {}", with_help(error))
}

/// An error's message, then `help: …` on a line of its own when it has help.
pub fn with_help(error: &dyn Help) -> String {
    match error.help() {
        Some(help) => format!("{error}\nhelp: {help}"),
        None => error.to_string(),
    }
}

/// How much a note matters to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something was left out that the writer may want to know of.
    Note,
    /// The output misses something it would otherwise show.
    Warning,
}

/// A note or warning, such as what reading the git history skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub level: Level,
    pub text: String,
    /// What to do about it.
    pub help: Option<&'static str>,
}

impl Note {
    /// A note that is not a warning.
    pub fn plain(text: impl Into<String>) -> Note {
        Note {
            level: Level::Note,
            text: text.into(),
            help: None,
        }
    }

    pub fn warning(text: impl Into<String>) -> Note {
        Note {
            level: Level::Warning,
            text: text.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: &'static str) -> Note {
        self.help = Some(help);
        self
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Note => "note",
            Level::Warning => "warning",
        };
        write!(f, "{level}: {}", self.text)?;
        if let Some(help) = self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// How many notes are printed in full; the rest are only counted, as they
/// tend to be many of one kind (every version of a file that did not parse).
const NOTES_SHOWN: usize = 3;

/// Notes as printed: a few in full, then how many more.
pub fn note_lines(notes: &[Note]) -> Vec<String> {
    let mut lines: Vec<String> = notes
        .iter()
        .take(NOTES_SHOWN)
        .map(Note::to_string)
        .collect();
    if notes.len() > NOTES_SHOWN {
        let more = Note::plain(format!("and {} more like these", notes.len() - NOTES_SHOWN));
        lines.push(more.to_string());
    }
    lines
}

/// Prints notes on standard error, as `build`, `diff` and `serve` all do.
pub fn print_notes(notes: &[Note]) {
    for line in note_lines(notes) {
        say!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::BuildError;
    use crate::history::diff::DiffError;
    use crate::load::LoadError;
    use crate::output::OutputError;
    use crate::render::RenderError;
    use crate::scaffold::NewError;
    use crate::serve::ServeError;
    use std::path::PathBuf;

    #[test]
    fn each_note_is_printed_with_its_own_level_once() {
        let notes = [
            Note::warning("this is a shallow clone"),
            Note::plain("skipped a.md"),
        ];
        assert_eq!(
            note_lines(&notes),
            ["warning: this is a shallow clone", "note: skipped a.md"]
        );
    }

    #[test]
    fn beyond_a_few_notes_only_their_number_is_printed() {
        let notes: Vec<Note> = (1..=5)
            .map(|n| Note::plain(format!("skipped {n}.md")))
            .collect();
        assert_eq!(
            note_lines(&notes),
            [
                "note: skipped 1.md",
                "note: skipped 2.md",
                "note: skipped 3.md",
                "note: and 2 more like these"
            ]
        );
    }

    #[test]
    fn help_goes_on_a_line_of_its_own() {
        let warning = Note::warning("listening on every address").help("leave out --bind");
        assert_eq!(
            warning.to_string(),
            "warning: listening on every address\nhelp: leave out --bind"
        );
    }

    /// One error of each kind that says what to do.
    fn helpful() -> Vec<Box<dyn Help>> {
        let path = PathBuf::from("public");
        let refused = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        vec![
            Box::new(OutputError::NotOurs(path.clone())),
            Box::new(BuildError::Output(OutputError::Busy {
                output: path.clone(),
                waited: std::time::Duration::from_secs(60),
            })),
            Box::new(NewError::NoSlug("!!!".to_owned())),
            Box::new(DiffError::Revision(
                "v9".to_owned(),
                git2::Error::from_str("not found"),
            )),
            Box::new(LoadError::NoContent(path)),
            Box::new(ServeError::Bind(([127, 0, 0, 1], 1111).into(), refused)),
            Box::new(RenderError::Runaway {
                page: "index.html".to_owned(),
                error: minijinja::Error::from(minijinja::ErrorKind::OutOfFuel),
            }),
        ]
    }

    #[test]
    fn the_help_is_apart_from_the_message() {
        for error in helpful() {
            let message = error.to_string();
            assert!(!message.contains("help:"), "{message}");
            assert!(error.help().is_some(), "no help for {message}");
        }
    }

    #[test]
    fn an_error_is_printed_with_its_help_on_a_line_of_its_own() {
        let error = NewError::NoSlug("!!!".to_owned());
        assert_eq!(
            error_text(&error),
            "error: cannot make a readable file name from the title `!!!`\n\
             help: name the file yourself with `--id`, such as `--id data-migration` \
             (lowercase letters a-z, digits and dashes)"
        );
    }
}
