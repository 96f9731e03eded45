//! Problems of an export file, drawn as the roadmap's own diagnostics are:
//! file, line and column, the line quoted, and what to do. Only the line
//! at fault is read back for that, so an export is never held whole.

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::source::SourceFile;
use std::io::BufRead;
use std::path::Path;

/// Something wrong with an export, and where.
#[derive(Debug, Clone)]
pub struct Problem {
    pub code: Code,
    /// 1-based; 0 when the file could not be read at all.
    line: u64,
    /// Where the row starts in the file, when known: CSV readers count
    /// records rather than the lines a quoted field may span.
    byte: Option<u64>,
    /// 1-based, in characters, when known; otherwise found from `needle`.
    column: Option<usize>,
    /// The text to point at within the line.
    needle: Option<String>,
    message: String,
    help: String,
}

impl Problem {
    pub fn new(code: Code, line: u64, message: String, help: impl Into<String>) -> Problem {
        Problem {
            code,
            line,
            byte: None,
            column: None,
            needle: None,
            message,
            help: help.into(),
        }
    }

    pub fn at_line(line: u64, message: String, help: impl Into<String>) -> Problem {
        Problem::new(Code::BadExport, line, message, help)
    }

    /// The value of one cell: row `row` (the header is row 0), which
    /// starts at byte `byte`, column `name`.
    pub fn at_cell(
        byte: u64,
        row: u64,
        name: String,
        value: String,
        message: String,
        help: &str,
    ) -> Problem {
        let mut problem =
            Problem::at_line(1, format!("{message} (row {row}, column `{name}`)"), help)
                .at_byte(byte);
        problem.needle = Some(value);
        problem
    }

    /// At a line and column that a JSON parser reported.
    pub fn at_position(line: u64, column: usize, message: String, help: &str) -> Problem {
        let mut problem = Problem::at_line(line, message, help);
        problem.column = Some(column);
        problem
    }

    pub fn unreadable(error: &std::io::Error) -> Problem {
        Problem::new(
            Code::UnreadableFile,
            0,
            format!("the export cannot be read: {error}"),
            "name the file the tracker wrote, such as `Jira.csv` or `issues.json`",
        )
    }

    /// None of `names` is a column of the header.
    pub fn missing_column(names: &[&str], export: &str, header: &[String]) -> Problem {
        let wanted = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let mut problem = Problem::at_line(
            1,
            format!("the header has no column {wanted}: is this {export}?"),
            format!(
                "export again with all fields; the header has {} column{}",
                header.len(),
                if header.len() == 1 { "" } else { "s" }
            ),
        );
        problem.column = Some(1);
        problem
    }

    /// At the row that starts at byte `byte` of the file.
    pub fn at_byte(mut self, byte: u64) -> Problem {
        self.byte = Some(byte);
        self
    }

    /// Points at `needle` within the line rather than at its start.
    pub fn pointing_at(mut self, needle: &str) -> Problem {
        self.needle = Some(needle.to_owned());
        self
    }

    pub fn warning(mut self, code: Code) -> Problem {
        self.code = code;
        self
    }

    /// The diagnostic, quoting line `line` of the export at `path`, which
    /// messages call `name`.
    pub fn diagnostic(&self, name: &str, path: &Path) -> Diagnostic {
        let (line, text) = match (self.byte, self.line) {
            (Some(byte), _) => line_at_byte(path, byte, self.needle.as_deref()).unwrap_or_default(),
            (None, 0) => (0, String::new()),
            (None, line) => (line, line_of(path, line).unwrap_or_default()),
        };
        let before = usize::try_from(line.saturating_sub(1)).unwrap_or(0);
        let column = self.column.map(|c| {
            text.char_indices()
                .nth(c.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i)
        });
        let found = self
            .needle
            .as_deref()
            .filter(|needle| !needle.is_empty())
            .and_then(|needle| text.find(needle).map(|at| (at, needle.len())));
        let (at, len) = match (found, column) {
            (Some(found), _) => found,
            (None, Some(at)) => (at, 1),
            (None, None) => (0, text.len().clamp(1, 40)),
        };
        // Blank lines before it keep the line number right, without the
        // rest of the file.
        let file = SourceFile::new(name.to_owned(), &format!("{}{text}", "\n".repeat(before)));
        Diagnostic::new(
            self.code,
            &file,
            Span::new(before + at, len),
            self.message.clone(),
        )
        .help(self.help.clone())
    }
}

/// The line number and text of the row that starts at `byte`: the line
/// of that row that holds `needle`, where one does (a quoted field may
/// span lines), else its first.
fn line_at_byte(path: &Path, byte: u64, needle: Option<&str>) -> Option<(u64, String)> {
    let file = crate::source::open_regular(path).ok()?;
    let mut reader = std::io::BufReader::new(file);
    // csv counts bytes after the byte order mark it skips.
    let byte = byte
        + if reader.fill_buf().ok()?.starts_with(BOM) {
            3
        } else {
            0
        };
    let (mut number, mut at) = (0u64, 0u64);
    let mut line = Vec::new();
    let mut first = None;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).ok()? as u64;
        if read == 0 {
            return first;
        }
        number += 1;
        let ends = at + read;
        at = ends;
        if ends <= byte {
            continue;
        }
        let text = clean(&line);
        if needle.is_none_or(|n| n.is_empty() || text.contains(n)) {
            return Some((number, text));
        }
        first.get_or_insert((number, text));
        // A row's fields rarely span more lines than this.
        if number > first.as_ref()?.0 + 50 {
            return first;
        }
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// A line of the export as a diagnostic may quote it: control characters,
/// which a file that is no text is full of and which could move the
/// terminal's cursor, become the replacement character.
fn clean(line: &[u8]) -> String {
    String::from_utf8_lossy(line)
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\n', '\r'])
        .chars()
        .map(|c| match c {
            '\t' => c,
            c if c.is_control() => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect()
}

/// Line `number` (1-based) of the file, without its line end.
fn line_of(path: &Path, number: u64) -> Option<String> {
    let file = crate::source::open_regular(path).ok()?;
    let mut reader = std::io::BufReader::new(file);
    let mut line = Vec::new();
    for _ in 0..number {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
    }
    Some(clean(&line))
}
