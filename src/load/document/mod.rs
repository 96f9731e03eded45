//! One Markdown file with YAML front matter, parsed into typed front matter
//! and a body split at `<!-- more -->`, with every problem of the file
//! reported at the exact key or value it concerns.

mod strict;
mod yaml;

use super::files::stem_range;
use super::spans::{Segment, SpanIndex, YamlPath};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::frontmatter::Identified;
use crate::source::SourceFile;
use crate::types::{DATE_EXPECTED, ID_EXPECTED, QUARTER_EXPECTED};
use serde::de::DeserializeOwned;
use serde_json::Value as Json;
use serde_yaml::Value as Yaml;
use std::sync::{Arc, OnceLock};

/// Separates an initiative's executive summary from its technical details.
pub const MORE_MARKER: &str = "<!-- more -->";
const DELIMITER: &str = "---";

/// A parsed file: typed front matter, body, and where things stand.
#[derive(Debug, Clone)]
pub struct Document<T> {
    pub file: Arc<SourceFile>,
    pub front: T,
    /// Markdown before `<!-- more -->`, or the whole body without one.
    /// Shared, not copied, with the model: `serve` builds one from the same
    /// documents after every change.
    pub summary_markdown: Arc<str>,
    /// Markdown after `<!-- more -->`; empty without one.
    pub details_markdown: Arc<str>,
    /// Keys that were written but could not be used (a bad value, or a
    /// misspelt name close to them): not to be reported as missing too.
    rejected: Vec<YamlPath>,
    /// Byte range of the YAML text within the file.
    yaml: std::ops::Range<usize>,
    /// Where the default id is in the file's name: validation asks often.
    stem: std::ops::Range<usize>,
    spans: OnceLock<SpanIndex>,
    first_paragraph: OnceLock<String>,
}

impl<T> Document<T> {
    /// Positions are only needed for diagnostics, so they are indexed on
    /// first use rather than for every file of a large roadmap.
    fn spans(&self) -> &SpanIndex {
        self.spans.get_or_init(|| {
            SpanIndex::build(
                &self.file,
                self.yaml.start,
                &self.file.text[self.yaml.clone()],
            )
        })
    }

    /// The plain text of the summary's first paragraph, worked out once per
    /// document, since `serve` keeps documents that did not change.
    pub fn first_paragraph(&self) -> &str {
        self.first_paragraph
            .get_or_init(|| crate::markdown::first_paragraph_text(&self.summary_markdown))
    }

    /// The span of the value at `path`, or of the nearest enclosing value,
    /// or of the opening `---` when the key is absent.
    pub fn value_span(&self, path: &YamlPath) -> Span {
        self.spans().value(path).unwrap_or_else(opening_span)
    }

    /// The span of the key at `path`, or the opening `---` when absent.
    pub fn key_span(&self, path: &YamlPath) -> Span {
        self.spans().key(path).unwrap_or_else(opening_span)
    }

    /// Whether `key` was written but rejected with a diagnostic already.
    pub fn was_rejected(&self, key: &str) -> bool {
        self.rejected.contains(&YamlPath::key(key))
    }

    pub fn diagnostic(&self, code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, &self.file, span, message)
    }

    /// The file name without its extension: the default id.
    pub fn stem(&self) -> &str {
        &self.file.name[self.stem.clone()]
    }
}

impl<T> Document<T> {
    /// This document as a portfolio holds it: named `name`, from the
    /// portfolio's folder, its front matter namespaced by `namespace`.
    pub fn in_portfolio(mut self, name: String, namespace: impl FnOnce(&mut T)) -> Document<T> {
        self.stem = stem_range(&name);
        // The same text, so the same positions, if already found.
        self.file = self.file.renamed(name);
        namespace(&mut self.front);
        self
    }
}

impl<T: Identified> Document<T> {
    /// The `id` key, or the file name.
    pub fn id(&self) -> &str {
        self.front.declared_id().unwrap_or_else(|| self.stem())
    }
}

impl Document<crate::frontmatter::InitiativeFrontMatter> {
    /// The `team` key, or the team folder the file is in.
    pub fn team(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.front.team {
            Some(team) => Some(team.as_str().into()),
            None => super::folder_team(std::path::Path::new(&self.file.name)).map(Into::into),
        }
    }
}

fn opening_span() -> Span {
    Span::new(0, DELIMITER.len())
}

/// The outcome of parsing one file: the document when its front matter
/// could be read at all (perhaps with some keys dropped), and every problem.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub document: Option<Arc<Document<T>>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a file's front matter as `T`, whose JSON Schema names the keys
/// that may appear.
pub fn parse<T: DeserializeOwned>(file: Arc<SourceFile>, schema: &Json) -> Parsed<T> {
    let failed = |diagnostic| Parsed {
        document: None,
        diagnostics: vec![diagnostic],
    };
    let split = match split(&file) {
        Ok(split) => split,
        Err(diagnostic) => return failed(diagnostic),
    };
    let yaml_text = &file.text[split.yaml.clone()];
    // Most files have no problem: they are read straight into their type,
    // which refuses unknown keys too. Only a file that fails takes the
    // slower way that reads a YAML value first, to find every problem and
    // where each one is.
    if let Some(front) = yaml::read_typed::<T>(yaml_text) {
        return Parsed {
            document: Some(Arc::new(
                Document::unread(&file, split, &[]).with_front(front),
            )),
            diagnostics: Vec::new(),
        };
    }
    let read = yaml::parse(&file, split.yaml.start, yaml_text);
    let Some(mut value) = read.value else {
        return Parsed {
            document: None,
            diagnostics: read.diagnostics,
        };
    };
    let mut document = Document::unread(&file, split, &read.broken_keys);
    if let Ok(front) = T::deserialize(&value) {
        return Parsed {
            document: Some(Arc::new(document.with_front(front))),
            diagnostics: read.diagnostics,
        };
    }
    let mut diagnostics = read.diagnostics;
    let mut unknown = Vec::new();
    remove_unknown_keys(
        &mut value,
        schema,
        schema,
        YamlPath::default(),
        &mut unknown,
    );
    for (path, key, known) in unknown {
        let diagnostic = document
            .diagnostic(
                Code::UnknownKey,
                document.key_span(&path),
                format!("unknown key `{key}`"),
            )
            .label("not a key of this format");
        diagnostics.push(match closest(&key, &known) {
            Some(meant) => {
                let mut meant_path = path.clone();
                meant_path.0.pop();
                document.rejected.push(meant_path.child(meant));
                diagnostic.help(format!("did you mean `{meant}`?"))
            }
            None => diagnostic.help(format!("the keys here are: {}", known.join(", "))),
        });
    }
    let front = deserialize_reporting_each_key::<T>(&mut value, &mut document, &mut diagnostics);
    Parsed {
        document: front.map(|front| Arc::new(document.with_front(front))),
        diagnostics,
    }
}

impl Document<()> {
    /// The document of `file` before its front matter is typed; `broken`
    /// names the keys whose lines are not YAML.
    fn unread(file: &Arc<SourceFile>, split: Split, broken: &[String]) -> Document<()> {
        Document {
            file: Arc::clone(file),
            front: (),
            summary_markdown: split.summary,
            details_markdown: split.details,
            rejected: broken.iter().map(|key| YamlPath::key(key)).collect(),
            yaml: split.yaml,
            stem: stem_range(&file.name),
            spans: OnceLock::new(),
            first_paragraph: OnceLock::new(),
        }
    }

    fn with_front<T>(self, front: T) -> Document<T> {
        Document {
            file: self.file,
            front,
            summary_markdown: self.summary_markdown,
            details_markdown: self.details_markdown,
            rejected: self.rejected,
            yaml: self.yaml,
            stem: self.stem,
            spans: self.spans,
            first_paragraph: self.first_paragraph,
        }
    }
}

/// The YAML text of a file's front matter, found as `parse` finds it, or
/// `None` when the file has none: for reading old versions from history.
pub fn front_matter_yaml(raw: &str) -> Option<String> {
    let file = SourceFile::new(String::new(), raw);
    let split = split(&file).ok()?;
    Some(file.text[split.yaml].to_owned())
}

/// The byte range of the front matter's YAML within `file`'s text.
pub fn front_matter_range(file: &Arc<SourceFile>) -> Option<std::ops::Range<usize>> {
    split(file).ok().map(|split| split.yaml)
}

struct Split {
    yaml: std::ops::Range<usize>,
    summary: Arc<str>,
    details: Arc<str>,
}

fn split(file: &Arc<SourceFile>) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let first_line = text.split('\n').next().unwrap_or("");
    if first_line.trim_end() != DELIMITER {
        return Err(Diagnostic::new(
            Code::FrontMatterMissing,
            file,
            Span::new(0, first_line.len().clamp(1, 40)),
            "the file does not start with front matter",
        )
        .label("expected a line `---` here")
        .help("begin the file with a line `---`, then keys such as `title: ...`, then another line `---`, then the Markdown body"));
    }
    // The YAML runs from after the opening line to the closing one: found
    // from the file's own lines, so that positions are exact.
    let after_opening = (first_line.len() + 1).min(text.len());
    let mut line_start = after_opening;
    let mut closing = None;
    for line in text[after_opening..].split('\n') {
        if line.trim_end() == DELIMITER {
            closing = Some(line_start);
            break;
        }
        line_start += line.len() + 1;
    }
    let Some(closing) = closing else {
        return Err(Diagnostic::new(
            Code::FrontMatterUnterminated,
            file,
            opening_span(),
            "the front matter opened here is never closed",
        )
        .label("front matter starts here")
        .help("add a line `---` after the last key of the front matter"));
    };
    let body_start = text[closing..]
        .find('\n')
        .map_or(text.len(), |at| closing + at + 1);
    let (summary, details) = split_body(&text[body_start..]);
    Ok(Split {
        yaml: after_opening..closing,
        summary,
        details,
    })
}

/// The body before the line that ends with `<!-- more -->` (with what
/// that line holds before the marker), and the body after it; without
/// the marker, the whole body and nothing. Slices of the file's text,
/// copied once rather than line by line: copying bodies was a large part
/// of loading a large roadmap (bench/README.md).
fn split_body(body: &str) -> (Arc<str>, Arc<str>) {
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(before_marker) = trimmed.strip_suffix(MORE_MARKER) {
            let summary = [&body[..line_start], before_marker].concat();
            let details = body[line_start + line.len()..].trim();
            return (
                summary.trim_start_matches('\n').trim_end().into(),
                details.into(),
            );
        }
        line_start += line.len();
    }
    let whole = body.trim_start_matches('\n');
    (whole.strip_suffix('\n').unwrap_or(whole).into(), "".into())
}

/// Removes keys the schema does not know, recording each with the keys it
/// could have meant, so that typed deserialisation can go on.
fn remove_unknown_keys(
    value: &mut Yaml,
    schema: &Json,
    root: &Json,
    path: YamlPath,
    unknown: &mut Vec<(YamlPath, String, Vec<String>)>,
) {
    let schema = resolve(schema, root);
    match value {
        Yaml::Mapping(mapping) => {
            let Some(properties) = schema.get("properties").and_then(Json::as_object) else {
                return;
            };
            let known: Vec<String> = properties.keys().cloned().collect();
            mapping.retain(|key, _| {
                let name = key_text(key);
                let keep = properties.contains_key(&name);
                if !keep {
                    unknown.push((path.clone().child(&name), name, known.clone()));
                }
                keep
            });
            for (key, child) in mapping.iter_mut() {
                let name = key_text(key);
                remove_unknown_keys(
                    child,
                    &properties[&name],
                    root,
                    path.clone().child(&name),
                    unknown,
                );
            }
        }
        Yaml::Sequence(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter_mut().enumerate() {
                    remove_unknown_keys(item, item_schema, root, path.clone().index(i), unknown);
                }
            }
        }
        _ => {}
    }
}

/// Follows `$ref` and picks the object or array branch of an `anyOf`.
fn resolve<'a>(schema: &'a Json, root: &'a Json) -> &'a Json {
    if let Some(reference) = schema.get("$ref").and_then(Json::as_str) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        if let Some(target) = root.get("$defs").and_then(|defs| defs.get(name)) {
            return resolve(target, root);
        }
    }
    for combinator in ["anyOf", "oneOf"] {
        if let Some(branches) = schema.get(combinator).and_then(Json::as_array) {
            if let Some(branch) = branches
                .iter()
                .map(|b| resolve(b, root))
                .find(|b| b.get("properties").is_some() || b.get("items").is_some())
            {
                return branch;
            }
        }
    }
    schema
}

fn key_text(key: &Yaml) -> String {
    match key {
        Yaml::String(text) => text.clone(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

/// Deserialises `T`, and on each failure reports it at the offending value,
/// drops the top-level key it was under, and tries again: a writer sees
/// every bad key of a file in one run, not one per run.
fn deserialize_reporting_each_key<T: DeserializeOwned>(
    value: &mut Yaml,
    document: &mut Document<()>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    loop {
        let error = match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(front) => return Some(front),
            Err(error) => error,
        };
        let path = yaml_path(error.path());
        let message = error.inner().to_string();
        let explained = missing_field(&message)
            .is_some_and(|field| document.rejected.contains(&path.clone().child(field)));
        if !explained {
            diagnostics.push(typed_error(document, &path, &message));
        }
        let removed = match (path.top_key(), value.as_mapping_mut()) {
            (Some(key), Some(mapping)) => {
                document.rejected.push(YamlPath::key(key));
                mapping.remove(key).is_some()
            }
            _ => false,
        };
        if !removed {
            return None;
        }
    }
}

fn yaml_path(path: &serde_path_to_error::Path) -> YamlPath {
    use serde_path_to_error::Segment as S;
    let mut segments = Vec::new();
    for segment in path.iter() {
        match segment {
            S::Seq { index } => segments.push(Segment::Index(*index)),
            S::Map { key } => segments.push(Segment::Key(key.clone())),
            S::Enum { variant } => segments.push(Segment::Key(variant.clone())),
            S::Unknown => break,
        }
    }
    YamlPath(segments)
}

fn typed_error(document: &Document<()>, path: &YamlPath, message: &str) -> Diagnostic {
    let span = document.value_span(path);
    let code = if message.contains(QUARTER_EXPECTED) {
        Code::MalformedQuarter
    } else if message.contains(DATE_EXPECTED) {
        Code::MalformedDate
    } else if message.starts_with("invalid type") {
        Code::WrongType
    } else {
        Code::InvalidValue
    };
    let readable = readable_serde_message(message);
    if let Some(field) = missing_field(message) {
        return document
            .diagnostic(code, span, format!("`{path}` is missing the key `{field}`"))
            .label(format!("add `{field}` here"));
    }
    let diagnostic = match unknown_variant(message) {
        Some((wrong, _)) => document.diagnostic(
            code,
            span,
            format!("`{path}`: `{wrong}` is not one of the allowed values"),
        ),
        None => document.diagnostic(code, span, format!("`{path}`: {readable}")),
    }
    .label("this value");
    let source =
        &document.file.text[diagnostic.span.offset..diagnostic.span.offset + diagnostic.span.len];
    match value_help(message, source) {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

/// The key named by serde's "missing field" message.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// serde speaks of Rust types; writers think in numbers and text.
fn readable_serde_message(message: &str) -> String {
    [
        ("expected i64", "expected a whole number"),
        ("expected u8", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected a list"),
        ("expected struct ", "expected a mapping of keys: "),
    ]
    .iter()
    .fold(message.to_owned(), |text, (from, to)| {
        text.replace(from, to)
    })
}

/// The wrong name and the allowed ones, from serde's "unknown variant" message.
fn unknown_variant(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let (wrong, expected) = rest.split_once('`')?;
    Some((wrong, expected.split('`').skip(1).step_by(2).collect()))
}

/// The known key closest to a misspelt one.
fn closest<'a>(wrong: &str, known: &'a [String]) -> Option<&'a str> {
    let help = did_you_mean(wrong, known.iter().map(String::as_str))?;
    known
        .iter()
        .map(String::as_str)
        .find(|k| help.contains(&format!("`{k}`")))
}

fn value_help(message: &str, source: &str) -> Option<String> {
    if let Some((wrong, allowed)) = unknown_variant(message) {
        let list = allowed.join(", ");
        return Some(match did_you_mean(wrong, allowed.iter().copied()) {
            Some(suggestion) => format!("{suggestion} The allowed values are: {list}"),
            None => format!("use one of: {list}"),
        });
    }
    if message.contains("expected a string") {
        return Some(format!(
            "put the value in quotes to make it text: \"{}\"",
            source.trim_matches('"')
        ));
    }
    if message.contains(ID_EXPECTED) {
        return Some("ids are slugs such as `cloud-migration`".to_owned());
    }
    if message.contains("expected a sequence") {
        return Some("write a list, such as `[a, b]` or one `- item` per line".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_splits_at_the_more_marker() {
        let split = |body| {
            let (summary, details) = split_body(body);
            (summary.to_string(), details.to_string())
        };
        assert_eq!(
            split("\nintro\n\n<!-- more -->\n\n## Details\ntext\n"),
            ("intro".to_owned(), "## Details\ntext".to_owned())
        );
        assert_eq!(
            split("A short one. <!-- more -->\nThe rest."),
            ("A short one.".to_owned(), "The rest.".to_owned())
        );
        assert_eq!(
            split("\n\nno marker\n\nat all\n"),
            ("no marker\n\nat all".to_owned(), String::new())
        );
    }
}
