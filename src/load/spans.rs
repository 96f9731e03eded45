//! Where each key and value of a front matter stands in its file.
//!
//! serde gives typed values without positions; this index, built from the
//! YAML event stream, maps a path such as `depends_on[2]` back to the bytes
//! of the file, so that every diagnostic points at the offending value.
//!
//! Why two YAML parsers, yaml-rust2 here and yaml_serde (imported as
//! `serde_yaml`) for the values: neither can do the other's job well.
//! - yaml_serde has no positions to give: its libyaml event parser, whose
//!   events carry marks, is private; only its errors carry a `Location`;
//!   and serde's data model has no place for spans (there is no `Spanned`
//!   for YAML, as `serde_spanned` is for TOML).
//! - yaml-rust2 gives every event with its marker, but no serde. Typed
//!   front matter from its events would need a serde `Deserializer` of our
//!   own, redoing what yaml_serde does: scalars resolved to null, booleans
//!   and numbers, aliases, duplicate keys, and errors. Its errors are worded
//!   and placed differently from libyaml's (an unclosed `[scale` before the
//!   next key is "illegal placement of ':' indicator" to yaml-rust2 and
//!   "did not find expected ',' or ']'" to libyaml); writers see these
//!   messages, tests compare some of them, and `yaml_help` reads them.
//! - The second parser costs little: `Document` builds this index only for
//!   a file that has a problem to point at, so a valid file is parsed once.
//!   A text that libyaml reads and yaml-rust2 does not is indexed up to the
//!   problem, and its diagnostics fall back to the nearest indexed value
//!   or to the opening `---`.

use crate::diagnostic::Span;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::fmt;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One step into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A location inside a front matter, such as `risks[1].likelihood`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub Vec<Segment>);

impl YamlPath {
    pub fn key(key: &str) -> YamlPath {
        YamlPath(vec![Segment::Key(key.to_owned())])
    }

    pub fn index(mut self, index: usize) -> YamlPath {
        self.0.push(Segment::Index(index));
        self
    }

    pub fn child(mut self, key: &str) -> YamlPath {
        self.0.push(Segment::Key(key.to_owned()));
        self
    }

    /// The top-level key this path starts with.
    pub fn top_key(&self) -> Option<&str> {
        match self.0.first() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The positions of a front matter's keys and values, as file spans.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    values: HashMap<YamlPath, Span>,
    keys: HashMap<YamlPath, Span>,
    /// Keys written a second time within one mapping, in order.
    duplicates: Vec<(YamlPath, Span)>,
}

impl SpanIndex {
    /// Indexes the YAML text that starts at byte `start` of `file`. A text
    /// that does not parse is indexed one top-level key at a time, as the
    /// loader reads it then, each key up to its problem if it has one.
    pub fn build(file: &SourceFile, start: usize, yaml: &str) -> SpanIndex {
        let (index, complete) = SpanIndex::build_whole(file, start, yaml);
        if complete {
            return index;
        }
        let mut merged = SpanIndex::default();
        for block in top_level_blocks(yaml) {
            let (part, _) = SpanIndex::build_whole(file, start + block.start, &yaml[block]);
            merged.absorb(part);
        }
        merged
    }

    /// Indexes `yaml` as one text; also whether it parsed to its end.
    fn build_whole(file: &SourceFile, start: usize, yaml: &str) -> (SpanIndex, bool) {
        let mut builder = Builder {
            locator: Locator::new(file, start),
            index: SpanIndex::default(),
            frames: Vec::new(),
            path: YamlPath::default(),
        };
        let complete = Parser::new_from_str(yaml).load(&mut builder, false).is_ok();
        (builder.index, complete)
    }

    /// Adds the index of a later part of the same front matter.
    fn absorb(&mut self, later: SpanIndex) {
        for (path, span) in later.values {
            self.values.entry(path).or_insert(span);
        }
        for (path, span) in later.keys {
            match self.keys.entry(path) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    self.duplicates.push((first.key().clone(), span));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(span);
                }
            }
        }
        self.duplicates.extend(later.duplicates);
    }

    /// The span of the value at `path`, or of its nearest indexed ancestor
    /// below the top level: a missing top-level key has no span.
    pub fn value(&self, path: &YamlPath) -> Option<Span> {
        (1..=path.0.len())
            .rev()
            .find_map(|len| self.values.get(&YamlPath(path.0[..len].to_vec())))
            .copied()
    }

    /// The span of the key that ends `path`.
    pub fn key(&self, path: &YamlPath) -> Option<Span> {
        self.keys.get(path).copied()
    }

    /// The second writing of a key named `key`, if there is one.
    pub fn duplicate(&self, key: &str) -> Option<Span> {
        self.duplicates
            .iter()
            .find(|(path, _)| matches!(path.0.last(), Some(Segment::Key(k)) if k == key))
            .map(|(_, span)| *span)
    }
}

/// The byte ranges of front matter `yaml` that each hold one top-level
/// key: a key starts a line, without indentation, and the lines after it
/// up to the next such key (indented ones, list items, comments) belong
/// to it. Lines before the first key are a range of their own.
pub(crate) fn top_level_blocks(yaml: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !"#-]},".contains(c))
            && line.contains(':');
        if starts_key && at > 0 {
            starts.push(at);
        }
        at += line.len();
    }
    starts.push(yaml.len());
    starts.windows(2).map(|pair| pair[0]..pair[1]).collect()
}

/// Turns the YAML parser's markers (relative to the front matter, columns
/// in characters) into byte offsets of the whole file.
struct Locator<'a> {
    file: &'a SourceFile,
    first_line: usize,
    first_column: usize,
}

impl<'a> Locator<'a> {
    fn new(file: &'a SourceFile, start: usize) -> Locator<'a> {
        let (first_line, column) = file.line_column(start);
        Locator {
            file,
            first_line,
            first_column: column - 1,
        }
    }

    fn offset(&self, mark: &Marker) -> usize {
        let column = if mark.line() == 1 {
            self.first_column + mark.col()
        } else {
            mark.col()
        };
        self.file
            .offset_of(self.first_line + mark.line() - 1, column)
    }
}

enum Frame {
    Mapping { expecting_key: bool },
    Sequence { next: usize },
}

struct Builder<'a> {
    locator: Locator<'a>,
    index: SpanIndex,
    frames: Vec<Frame>,
    path: YamlPath,
}

impl Builder<'_> {
    /// A scalar's length in the source: its text, plus quotes, within its line.
    fn scalar_length(&self, offset: usize, value: &str, style: TScalarStyle) -> usize {
        let rest = self.locator.file.rest_of_line(offset);
        let wanted = match style {
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => value.len() + 2,
            TScalarStyle::Plain => value.len(),
            TScalarStyle::Literal | TScalarStyle::Folded => 1,
        };
        wanted.min(rest.trim_end().len()).max(1)
    }

    /// Records a node (scalar or collection start) at its place in the tree.
    /// Returns false when the node is a mapping key rather than a value.
    fn place_node(&mut self, span: Span, key_text: Option<&str>) -> bool {
        match self.frames.last_mut() {
            Some(Frame::Mapping {
                expecting_key: expecting_key @ true,
            }) => {
                *expecting_key = false;
                let key = key_text.unwrap_or("?").to_owned();
                self.path.0.push(Segment::Key(key));
                if self.index.keys.contains_key(&self.path) {
                    self.index.duplicates.push((self.path.clone(), span));
                } else {
                    self.index.keys.insert(self.path.clone(), span);
                }
                false
            }
            Some(Frame::Sequence { next }) => {
                self.path.0.push(Segment::Index(*next));
                *next += 1;
                self.index.values.entry(self.path.clone()).or_insert(span);
                true
            }
            Some(Frame::Mapping { .. }) | None => {
                self.index.values.entry(self.path.clone()).or_insert(span);
                true
            }
        }
    }

    /// After a value ends, step back out of the key or index that led to it.
    fn finish_value(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { expecting_key }) => {
                *expecting_key = true;
                self.path.0.pop();
            }
            Some(Frame::Sequence { .. }) => {
                self.path.0.pop();
            }
            None => {}
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let offset = self.locator.offset(&mark);
        match event {
            Event::Scalar(value, style, _, _) => {
                let span = Span::new(offset, self.scalar_length(offset, &value, style));
                if self.place_node(span, Some(&value)) {
                    self.finish_value();
                }
            }
            Event::Alias(_) if self.place_node(Span::new(offset, 1), None) => self.finish_value(),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if !self.place_node(Span::new(offset, 1), None) {
                    // A collection used as a key: index it as a value of
                    // that key so that paths stay balanced.
                    self.index
                        .values
                        .insert(self.path.clone(), Span::new(offset, 1));
                }
                self.frames.push(match event {
                    Event::SequenceStart(..) => Frame::Sequence { next: 0 },
                    _ => Frame::Mapping {
                        expecting_key: true,
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.frames.pop();
                self.finish_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> (std::sync::Arc<SourceFile>, SpanIndex) {
        let file = SourceFile::new("a.md".into(), text);
        let start = file.text.find("title").unwrap();
        let end = file.text[start..].find("\n---").unwrap() + start;
        let spans = SpanIndex::build(&file, start, &file.text[start..end]);
        (file, spans)
    }

    fn text_at(file: &SourceFile, span: Span) -> &str {
        &file.text[span.offset..span.offset + span.len]
    }

    #[test]
    fn paths_map_to_the_values_in_the_file() {
        let (file, spans) = index(
            "---\ntitle: \"Cloud\"\ngoals: [a, bee]\nrisks:\n  - risk: r\n    likelihood: hgih\n---\nbody",
        );
        let at = |path: YamlPath| text_at(&file, spans.value(&path).unwrap()).to_owned();
        assert_eq!(at(YamlPath::key("title")), "\"Cloud\"");
        assert_eq!(at(YamlPath::key("goals").index(1)), "bee");
        assert_eq!(
            at(YamlPath::key("risks").index(0).child("likelihood")),
            "hgih"
        );
        let key = spans.key(&YamlPath::key("risks")).unwrap();
        assert_eq!(file.line_column(key.offset), (4, 1));
        // A path below a scalar falls back to that scalar.
        assert_eq!(at(YamlPath::key("title").index(3)), "\"Cloud\"");
    }

    #[test]
    fn a_second_writing_of_a_key_is_recorded() {
        let (file, spans) = index("---\ntitle: a\nstatus: done\ntitle: b\n---\n");
        let span = spans.duplicate("title").unwrap();
        assert_eq!(file.line_column(span.offset), (4, 1));
    }
}
