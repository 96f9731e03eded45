//! Source files as diagnostics see them, and filesystem calls whose errors
//! always name the path they were about.

use std::borrow::Cow;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One text file of the roadmap, normalised (no BOM, LF line ends), with its
/// path relative to the roadmap folder for messages.
#[derive(Debug)]
pub struct SourceFile {
    /// Relative to the roadmap folder, with `/` separators.
    pub name: String,
    /// Shared by the copies a portfolio makes under its members' names.
    pub text: Arc<String>,
    /// Only diagnostics need lines, so they are indexed on first use rather
    /// than for every file of a large roadmap.
    lines: OnceLock<Lines>,
}

#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// Whether each line is ASCII, where a column is a byte count: counting
    /// characters on a long line for every diagnostic would be quadratic.
    ascii: Vec<bool>,
}

impl Lines {
    fn of(text: &str) -> Lines {
        Lines {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            ascii: text.split('\n').map(str::is_ascii).collect(),
        }
    }
}

impl SourceFile {
    pub fn new(name: String, raw: &str) -> Arc<SourceFile> {
        SourceFile::from_string(name, normalise(raw).into_owned())
    }

    /// As `new`, keeping the text's allocation when it needs no normalising.
    pub fn from_string(name: String, raw: String) -> Arc<SourceFile> {
        let text = match normalise(&raw) {
            Cow::Borrowed(_) => raw,
            Cow::Owned(text) => text,
        };
        Arc::new(SourceFile {
            name,
            text: Arc::new(text),
            lines: OnceLock::new(),
        })
    }

    /// The same text under another name, as a portfolio names a member's
    /// files from its own folder: normalised already, so only copied.
    pub fn renamed(&self, name: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name,
            text: Arc::clone(&self.text),
            lines: OnceLock::new(),
        })
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::of(&self.text))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let lines = self.lines();
        let line = lines.starts.partition_point(|&start| start <= offset) - 1;
        let before = &self.text[lines.starts[line]..offset];
        let column = if lines.ascii[line] {
            before.len()
        } else {
            before.chars().count()
        };
        (line + 1, column + 1)
    }

    /// The byte offset of a 1-based line and a 0-based column in characters,
    /// clamped to the file.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let index = line.saturating_sub(1);
        let lines = self.lines();
        let Some(&start) = lines.starts.get(index) else {
            return self.text.len();
        };
        let end = lines
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line_text = &self.text[start..end];
        let within: usize = if lines.ascii[index] {
            column.min(line_text.len())
        } else {
            line_text.chars().take(column).map(char::len_utf8).sum()
        };
        start + within
    }

    /// The text from `offset` to the end of its line.
    pub fn rest_of_line(&self, offset: usize) -> &str {
        let offset = self.floor_char_boundary(offset.min(self.text.len()));
        let starts = &self.lines().starts;
        let line = starts.partition_point(|&start| start <= offset);
        let end = starts.get(line).map_or(self.text.len(), |next| next - 1);
        &self.text[offset..end.max(offset)]
    }

    /// The byte offset where a 1-based line starts, clamped to the file.
    pub fn line_start(&self, line: usize) -> usize {
        self.offset_of(line, 0)
    }

    /// `span` moved onto character boundaries within the file, covering at
    /// least one character where there is one: spans measured from decoded
    /// YAML values can end inside a multi-byte character of the source.
    pub fn clamp(&self, span: crate::diagnostic::Span) -> crate::diagnostic::Span {
        let start = self.floor_char_boundary(span.offset.min(self.text.len()));
        let mut end =
            self.floor_char_boundary(span.offset.saturating_add(span.len).min(self.text.len()));
        if end <= start && span.len > 0 {
            end = self.text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
        }
        crate::diagnostic::Span::new(start, end - start)
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Drops a UTF-8 byte order mark and the carriage returns before line
/// feeds, so that front matter is found and positions are counted the same
/// on every platform. Every `\r` before a `\n` goes: one replacement pass
/// would turn `\r\r\n` into another `\r\n`.
fn normalise(raw: &str) -> Cow<'_, str> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !text.contains("\r\n") {
        return if text.len() == raw.len() {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(text.to_owned())
        };
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' {
            while out.ends_with('\r') {
                out.pop();
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// The path of `path` relative to `root`, with `/` separators, for messages.
pub fn display_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// An I/O failure together with the path it concerned.
#[derive(Debug, thiserror::Error)]
#[error("could not {action} `{}`: {source}", .path.display())]
pub struct FsError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

pub fn fs_error<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        path: path.to_owned(),
        action,
        source,
    }
}

/// Reads a whole file, which must be a regular file.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, FsError> {
    use std::io::Read;
    let mut file = open_regular(path).map_err(fs_error("read", path))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(fs_error("read", path))?;
    Ok(bytes)
}

/// Opens a file to read, refusing anything but a regular file: reading a
/// named pipe waits for a writer that may never come, and a device may
/// never end. The open itself does not wait either, so a file swapped for
/// a pipe after it was listed is refused too.
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let file = open_without_waiting(path)?;
    let file_type = file.metadata()?.file_type();
    if file_type.is_file() {
        Ok(file)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(describe(file_type)),
        ))
    }
}

/// Why `open_regular` refused a file: what it is instead.
#[derive(Debug, thiserror::Error)]
#[error("it is {0}, not a regular file")]
pub struct NotRegular(&'static str);

impl NotRegular {
    /// Whether `error` is this refusal.
    pub fn is(error: &io::Error) -> bool {
        error
            .get_ref()
            .is_some_and(|inner| inner.is::<NotRegular>())
    }
}

fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(rustix::fs::open(path, flags, Mode::empty())?.into())
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// A file read whole, or found larger than the limit.
pub enum Bounded {
    Read(Vec<u8>),
    /// Its size in bytes; for a file that grew while it was read, the bytes
    /// read by then (the limit and one more).
    TooLarge(u64),
}

/// Reads a regular file of at most `limit` bytes, with one open: a file
/// that grows while it is read is not read whole either.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Bounded, FsError> {
    use std::io::Read;
    let file = open_regular(path).map_err(fs_error("read", path))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Ok(Bounded::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(fs_error("read", path))?;
    let read = bytes.len() as u64;
    Ok(if read > limit {
        Bounded::TooLarge(read)
    } else {
        Bounded::Read(bytes)
    })
}

pub fn create_dir_all(path: &Path) -> Result<(), FsError> {
    std::fs::create_dir_all(path).map_err(fs_error("create the folder", path))
}

pub fn write(path: &Path, contents: &[u8]) -> Result<(), FsError> {
    std::fs::write(path, contents).map_err(fs_error("write", path))
}

/// Writes a new file, refusing to replace one that exists.
pub fn write_new(path: &Path, contents: &str) -> Result<(), FsError> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fs_error("create", path))?;
    file.write_all(contents.as_bytes())
        .map_err(fs_error("write", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A portfolio renames every member's file: the text, which may be
    /// most of a build's memory, is shared rather than copied.
    #[test]
    fn a_renamed_file_shares_its_text() {
        let file = SourceFile::new("a.md".into(), "text");
        let renamed = file.renamed("member/a.md".into());
        assert_eq!(renamed.name, "member/a.md");
        assert!(Arc::ptr_eq(&file.text, &renamed.text));
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let file = SourceFile::new("a.md".into(), "\u{feff}ab\r\ncé d\nlast");
        assert_eq!(file.text.as_str(), "ab\ncé d\nlast");
        assert_eq!(
            SourceFile::new("b.md".into(), "a\r\r\nb\rc").text.as_str(),
            "a\nb\rc"
        );
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        let d = file.text.find('d').unwrap();
        assert_eq!(file.line_column(d), (2, 4));
        assert_eq!(file.offset_of(2, 3), d);
        assert_eq!(file.line_start(3), file.text.find("last").unwrap());
        assert_eq!(file.offset_of(9, 0), file.text.len());
    }

    #[test]
    fn spans_are_kept_on_character_boundaries() {
        use crate::diagnostic::Span;
        let file = SourceFile::new("a.md".into(), "aé€z");
        assert_eq!(file.clamp(Span::new(1, 2)), Span::new(1, 2));
        assert_eq!(file.clamp(Span::new(1, 3)), Span::new(1, 2));
        assert_eq!(file.clamp(Span::new(2, 1)), Span::new(1, 2));
        assert_eq!(file.clamp(Span::new(4, 1)), Span::new(3, 3));
        assert_eq!(file.clamp(Span::new(50, 9)), Span::new(file.text.len(), 0));
    }
}
