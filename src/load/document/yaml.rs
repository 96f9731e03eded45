//! A file's front matter read as YAML into one value, refusing nesting
//! too deep to read in good time, with each syntax error placed where it
//! is and said with what to do about it.

use super::strict::Strict;
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::load::spans::{top_level_blocks, SpanIndex};
use crate::source::SourceFile;
use serde::de::DeserializeOwned;
use serde_yaml::Value as Yaml;
use std::sync::Arc;

/// How deeply `[…]` and `{…}` may nest. serde_yaml refuses deeper values
/// anyway, but only after libyaml has read them, which takes quadratic time.
const MAX_FLOW_DEPTH: usize = 128;

/// Where flow collections nest deeper than `MAX_FLOW_DEPTH`, if they do:
/// a linear scan that skips quoted text and comments. Every byte it looks
/// for is ASCII, so it reads bytes; and it reads none when there are too
/// few brackets to nest that deep, as in nearly every file.
fn too_deep(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    memchr::memchr2_iter(b'[', b'{', bytes).nth(MAX_FLOW_DEPTH)?;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut previous = b'\n';
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match (quote, b) {
            _ if comment => comment = b != b'\n',
            (Some(b'"'), b'\\') => at += 1,
            (Some(b'\''), b'\'') if bytes.get(at + 1) == Some(&b'\'') => at += 1,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') if previous.is_ascii_whitespace() => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(at);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = b;
        at += 1;
    }
    None
}

/// The front matter `yaml` read straight into `T`, when it reads without
/// a problem: building a YAML value first is much of the time of reading a
/// file (bench/README.md), so that way is kept for files with problems, to
/// place each.
pub(super) fn read_typed<T: DeserializeOwned>(yaml: &str) -> Option<T> {
    if too_deep(yaml).is_some() {
        return None;
    }
    T::deserialize(Strict(serde_yaml::Deserializer::from_str(yaml))).ok()
}

/// Front matter read as far as YAML allows.
pub(super) struct Read {
    /// The keys that could be read, as a mapping; `None` when none could.
    pub value: Option<Yaml>,
    pub diagnostics: Vec<Diagnostic>,
    /// Top-level keys whose lines are not YAML: not to be reported as
    /// missing too.
    pub broken_keys: Vec<String>,
}

impl Read {
    fn failed(diagnostic: Diagnostic) -> Read {
        Read {
            value: None,
            diagnostics: vec![diagnostic],
            broken_keys: Vec::new(),
        }
    }
}

/// The front matter `yaml`, which starts at byte `start` of `file`, as a
/// mapping of keys; empty front matter is an empty mapping. After a syntax
/// error, each top-level key is read on its own, so that the keys after
/// the error are still read and checked.
pub(super) fn parse(file: &Arc<SourceFile>, start: usize, yaml: &str) -> Read {
    if let Some(at) = too_deep(yaml) {
        return Read::failed(
            Diagnostic::new(
                Code::YamlSyntax,
                file,
                Span::new(start + at, 1),
                format!("lists or mappings nest more than {MAX_FLOW_DEPTH} levels deep here"),
            )
            .label("too deep")
            .help("front matter needs a few levels at most: check for unclosed `[` or `{`"),
        );
    }
    match serde_yaml::from_str::<Yaml>(yaml) {
        Ok(Yaml::Mapping(mapping)) => Read {
            value: Some(Yaml::Mapping(mapping)),
            diagnostics: Vec::new(),
            broken_keys: Vec::new(),
        },
        Ok(Yaml::Null) => Read {
            value: Some(Yaml::Mapping(Default::default())),
            diagnostics: Vec::new(),
            broken_keys: Vec::new(),
        },
        Ok(_) => Read::failed(not_a_mapping(file, start)),
        Err(error) => read_key_by_key(file, start, yaml)
            .unwrap_or_else(|| Read::failed(syntax_error(file, start, yaml, &error))),
    }
}

fn not_a_mapping(file: &Arc<SourceFile>, start: usize) -> Diagnostic {
    Diagnostic::new(
        Code::YamlSyntax,
        file,
        Span::new(start, 1),
        "the front matter is not a list of `key: value` lines",
    )
    .help("write one `key: value` per line between the two `---` lines")
}

/// Reads each top-level key with the lines under it on its own, reporting
/// those that do not read and a key written twice; `None` when that finds
/// no problem, so the error lies in how the keys go together.
fn read_key_by_key(file: &Arc<SourceFile>, start: usize, yaml: &str) -> Option<Read> {
    let mut mapping = serde_yaml::Mapping::new();
    let mut read = Read {
        value: None,
        diagnostics: Vec::new(),
        broken_keys: Vec::new(),
    };
    for block in top_level_blocks(yaml) {
        let text = &yaml[block.clone()];
        let value = match serde_yaml::from_str::<Yaml>(text) {
            Ok(value) => value,
            Err(error) => {
                let within = text.trim_end().len().saturating_sub(1);
                let diagnostic = syntax_error(file, start + block.start, text, &error);
                let offset = diagnostic.span.offset.min(start + block.start + within);
                read.diagnostics.push(Diagnostic {
                    span: file.clamp(Span::new(offset, 1)),
                    ..diagnostic
                });
                read.broken_keys.extend(block_key(text));
                continue;
            }
        };
        let Yaml::Mapping(entries) = value else {
            if !value.is_null() {
                read.diagnostics
                    .push(not_a_mapping(file, start + block.start));
            }
            continue;
        };
        for (key, value) in entries {
            if mapping.contains_key(&key) {
                read.diagnostics
                    .push(written_twice(file, start + block.start, text, &key));
            } else {
                mapping.insert(key, value);
            }
        }
    }
    if read.diagnostics.is_empty() {
        return None;
    }
    read.value = Some(Yaml::Mapping(mapping));
    Some(read)
}

/// The key a block of lines starts with, as written before its `:`.
fn block_key(block: &str) -> Option<String> {
    let line = block
        .lines()
        .find(|line| !line.trim().is_empty() && !line.starts_with('#'))?;
    let (key, _) = line.split_once(':')?;
    Some(
        key.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_owned(),
    )
}

fn written_twice(file: &Arc<SourceFile>, start: usize, block: &str, key: &Yaml) -> Diagnostic {
    let name = key
        .as_str()
        .map_or_else(|| format!("{key:?}"), str::to_owned);
    let at = block.find(name.as_str()).unwrap_or(0);
    Diagnostic::new(
        Code::YamlSyntax,
        file,
        Span::new(start + at, name.len().max(1)),
        format!("the key `{name}` is written twice"),
    )
    .label("written again here")
    .help("keep one of the two; a key may appear once in the front matter")
}

/// A YAML syntax error in `yaml`, which starts at byte `start` of `file`,
/// placed where it is and said with what to do.
fn syntax_error(
    file: &Arc<SourceFile>,
    start: usize,
    yaml: &str,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let message = without_positions(&error.to_string());
    let offset = error.location().map_or(start, |l| start + l.index());
    let mut span = Span::new(offset, 1);
    if let Some(key) = duplicated_key(&message) {
        // serde_yaml points at the mapping; point at the second writing.
        let spans = SpanIndex::build(file, start, yaml);
        span = spans.duplicate(key).unwrap_or(span);
        return Diagnostic::new(
            Code::YamlSyntax,
            file,
            span,
            format!("the key `{key}` is written twice"),
        )
        .label("written again here")
        .help("keep one of the two; a key may appear once in the front matter");
    }
    let (line, _) = file.line_column(offset);
    let line_text = file.text[file.line_start(line)..]
        .split('\n')
        .next()
        .unwrap_or("");
    Diagnostic::new(
        Code::YamlSyntax,
        file,
        span,
        format!("YAML syntax error: {message}"),
    )
    .help(yaml_help(&message, line_text))
}

fn duplicated_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("duplicate entry with key \"")?;
    rest.split('"').next()
}

fn yaml_help(message: &str, line: &str) -> String {
    if message.contains("tab character") || line.trim_end().contains('\t') {
        "YAML indents with spaces only: replace the tabs with spaces".to_owned()
    } else if message.contains("mapping values are not allowed") {
        "a value that contains `: ` must be put in quotes".to_owned()
    } else {
        "check the indentation and quoting around the marked place".to_owned()
    }
}

/// serde_yaml appends "at line L column C"; diagnostics show positions their
/// own way, and those lines would be relative to the front matter.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let skip = tail
            .find(|c: char| {
                !(c.is_ascii_digit() || c == ' ' || c.is_ascii_alphabetic() && "column".contains(c))
            })
            .unwrap_or(tail.len());
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_dropped_from_yaml_messages() {
        assert_eq!(
            without_positions("did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1"),
            "did not find expected key, while parsing a block mapping"
        );
    }

    #[test]
    fn each_top_level_key_holds_the_lines_under_it() {
        let yaml =
            "# note\ntitle: A\ngoals:\n- a\n  # more\nsummary: \"x\n  y\"\nrisks:\n  - risk: r\n";
        let blocks: Vec<&str> = top_level_blocks(yaml)
            .into_iter()
            .map(|range| &yaml[range])
            .collect();
        assert_eq!(
            blocks,
            [
                "# note\n",
                "title: A\n",
                "goals:\n- a\n  # more\n",
                "summary: \"x\n  y\"\n",
                "risks:\n  - risk: r\n"
            ]
        );
        assert_eq!(block_key(blocks[1]).as_deref(), Some("title"));
        assert_eq!(block_key("'odd key': [1\n").as_deref(), Some("odd key"));
    }

    #[test]
    fn nesting_depth_is_counted_outside_quotes_and_comments() {
        let deep = format!("title: {}", "[".repeat(200));
        assert_eq!(too_deep(&deep), Some(7 + MAX_FLOW_DEPTH));
        let quoted = format!("title: \"{}\" # {}", "[".repeat(200), "{".repeat(200));
        assert_eq!(too_deep(&quoted), None);
        assert_eq!(too_deep(&format!("a: '{}'", "[".repeat(200))), None);
        assert_eq!(too_deep("goals: [a, [b, {c: d}]]"), None);
        let at_limit = format!("a: {}", "[".repeat(MAX_FLOW_DEPTH));
        assert_eq!(too_deep(&at_limit), None);
        let over = format!("a: {}", "{".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep(&over), Some(3 + MAX_FLOW_DEPTH));
    }
}
