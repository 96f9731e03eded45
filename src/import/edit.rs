//! Changing top-level keys of a front matter in place: each value is
//! replaced where it stands in the text, and a missing key is added at
//! the end of the front matter, so that the body, comments, key order,
//! quoting and line ends of everything else stay byte for byte.

use crate::load::spans::{SpanIndex, YamlPath};
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// A top-level key's new value, as YAML text on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub key: &'static str,
    pub value: String,
}

/// Why a file could not be edited.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unedited(&'static str);

/// `raw` with `edits` made. A scalar keeps its quotes: a value written
/// `"2027-Q1"` stays double-quoted.
pub fn apply(raw: &str, edits: &[Edit]) -> Result<String, Unedited> {
    let file = SourceFile::new(String::new(), raw);
    let text = &file.text;
    let yaml = crate::load::front_matter_range(&file).ok_or(Unedited("it has no front matter"))?;
    let raw_of = raw_offsets(raw);
    if raw_of.len() != text.len() + 1 {
        return Err(Unedited("its line ends cannot be told apart"));
    }
    let spans = SpanIndex::build(&file, yaml.start, &text[yaml.clone()]);
    let line_end = if raw.contains("\r\n") { "\r\n" } else { "\n" };
    let mut replacements = Vec::new();
    let mut added: BTreeMap<usize, String> = BTreeMap::new();
    for edit in edits {
        let path = YamlPath::key(edit.key);
        if let Some(range) = existing_value(text, &spans, &path) {
            let new = if text[..range.start].ends_with(':') {
                format!(" {}", edit.value)
            } else {
                in_style_of(&text[range.clone()], &edit.value)
            };
            replacements.push((range, new));
            continue;
        }
        // Beside the key it belongs with, or else at the end.
        let at = neighbours(edit.key)
            .iter()
            .find_map(|key| existing_value(text, &spans, &YamlPath::key(key)))
            .map_or(yaml.end, |range| line_after(text, range.end));
        let line = added.entry(at).or_default();
        if at == yaml.end && at > yaml.start && !text[..at].ends_with('\n') && line.is_empty() {
            line.push_str(line_end);
        }
        line.push_str(&format!("{}: {}{line_end}", edit.key, edit.value));
    }
    replacements.extend(added.into_iter().map(|(at, text)| (at..at, text)));
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = raw.to_owned();
    for (range, new) in replacements {
        // Just after the last byte replaced, so that a `\r` dropped from
        // the normalised text before the next line end stays.
        let end = match range.end.checked_sub(1) {
            Some(last) if range.end > range.start => raw_of[last] + 1,
            _ => raw_of[range.start],
        };
        out.replace_range(raw_of[range.start]..end, &new);
    }
    Ok(out)
}

/// The range of the value of `path` in the text, when it is written.
fn existing_value(
    text: &str,
    spans: &SpanIndex,
    path: &YamlPath,
) -> Option<std::ops::Range<usize>> {
    let key = spans.key(path)?;
    let value = spans.value(path)?;
    Some(value_range(text, key.offset + key.len, value.offset))
}

/// The keys after which a missing key goes, nearest first.
fn neighbours(key: &str) -> &'static [&'static str] {
    match key {
        "tracked" => &["tracker", "tracker_dates", "progress", "status"],
        "progress" => &["status"],
        "start" => &["status"],
        "end" => &["start", "status"],
        _ => &[],
    }
}

/// The start of the line after the one `at` is on.
fn line_after(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |end| at + end + 1)
}

/// The text of a value that starts at `start`, after its key ends at
/// `key_end`: a scalar to the end of its line (less any comment), a flow
/// collection to its closing bracket, or a block collection from the key's
/// colon to its last indented line.
fn value_range(text: &str, key_end: usize, start: usize) -> std::ops::Range<usize> {
    let on_key_line = !text[key_end..start].contains('\n');
    if !on_key_line {
        let colon = key_end + text[key_end..].find(':').map_or(0, |at| at + 1);
        return colon..block_end(text, start);
    }
    if text[start..].starts_with(['{', '[']) {
        return start..flow_end(text, start);
    }
    let line = &text[start..text[start..].find('\n').map_or(text.len(), |at| start + at)];
    let scalar = if line.starts_with(['"', '\'']) {
        closing_quote(line).map_or(line.len(), |at| at + 1)
    } else {
        line.find(" #").unwrap_or(line.len())
    };
    start..start + line[..scalar].trim_end().len()
}

/// Where the lines indented under a block collection that starts at
/// `start` end, before the line end of the last one.
fn block_end(text: &str, start: usize) -> usize {
    let mut end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    while end < text.len() {
        let next = &text[end + 1..];
        let line = &next[..next.find('\n').unwrap_or(next.len())];
        let continues = line.starts_with([' ', '\t', '-']) && !line.trim().is_empty();
        if !continues {
            break;
        }
        end = end + 1 + line.len();
    }
    end
}

/// Just after the bracket that closes the flow collection at `start`.
fn flow_end(text: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    for (at, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => {
                depth -= 1;
                if depth == 0 {
                    return start + at + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// The position of the quote that closes the quoted scalar `line` opens.
fn closing_quote(line: &str) -> Option<usize> {
    let quote = line.chars().next()?;
    let mut escaped = false;
    for (at, c) in line.char_indices().skip(1) {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return Some(at),
            _ => escaped = false,
        }
    }
    None
}

/// `new`, quoted as `old` was when both are plain words.
fn in_style_of(old: &str, new: &str) -> String {
    let plain = !new.starts_with(['"', '\'', '{', '[']);
    match old.chars().next() {
        Some(quote @ ('"' | '\'')) if plain => format!("{quote}{new}{quote}"),
        _ => new.to_owned(),
    }
}

/// For each byte of the normalised text (no BOM, `\r` before `\n`
/// dropped), its offset in `raw`; and one more for the end.
fn raw_offsets(raw: &str) -> Vec<usize> {
    let bytes = raw.as_bytes();
    let mut at = if raw.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offsets = Vec::with_capacity(raw.len() + 1);
    while at < bytes.len() {
        if bytes[at] == b'\r' {
            let run = bytes[at..].iter().take_while(|&&b| b == b'\r').count();
            if bytes.get(at + run) == Some(&b'\n') {
                at += run;
                continue;
            }
        }
        offsets.push(at);
        at += 1;
    }
    offsets.push(bytes.len());
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(key: &'static str, value: &str) -> Edit {
        Edit {
            key,
            value: value.to_owned(),
        }
    }

    #[test]
    fn only_the_values_edited_change() {
        let raw = "---\n# the work\ntitle: \"A\"  # kept\nstatus: planned # why\nstart: \"2027-Q1\"\nrisks:\n  - risk: r\n    mitigation: m\nprogress: 10\n---\nBody: status: planned\n";
        let out = apply(
            raw,
            &[
                edit("status", "in-progress"),
                edit("start", "2026-Q4"),
                edit("progress", "40"),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\n# the work\ntitle: \"A\"  # kept\nstatus: in-progress # why\nstart: \"2026-Q4\"\nrisks:\n  - risk: r\n    mitigation: m\nprogress: 40\n---\nBody: status: planned\n"
        );
    }

    #[test]
    fn missing_keys_are_added_at_the_end_keeping_crlf_and_bom() {
        let raw = "\u{feff}---\r\ntitle: A\r\nstatus: planned\r\n---\r\nBody\r\n";
        let out = apply(
            raw,
            &[
                edit("status", "done"),
                edit(
                    "tracked",
                    "{source: jira, items: 2, exported: \"2026-11-28\"}",
                ),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: A\r\nstatus: done\r\ntracked: {source: jira, items: 2, exported: \"2026-11-28\"}\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn missing_keys_go_beside_the_keys_they_belong_with() {
        let raw =
            "---\ntitle: A\nstatus: planned # agreed\ntracker:\n  jira: A-1\nrisks: []\n---\n";
        let out = apply(
            raw,
            &[
                edit("start", "\"2026-Q4\""),
                edit("end", "\"2027-Q1\""),
                edit("progress", "5"),
                edit(
                    "tracked",
                    "{source: jira, items: 1, exported: \"2026-11-28\"}",
                ),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: A\nstatus: planned # agreed\nstart: \"2026-Q4\"\nend: \"2027-Q1\"\nprogress: 5\ntracker:\n  jira: A-1\ntracked: {source: jira, items: 1, exported: \"2026-11-28\"}\nrisks: []\n---\n"
        );
    }

    #[test]
    fn a_collection_is_replaced_whole_in_flow_or_block_style() {
        let flow = "---\ntracked: {source: jira, items: 2}\nstatus: done\n---\n";
        let out = apply(flow, &[edit("tracked", "{source: jira, items: 3}")]).unwrap();
        assert_eq!(
            out,
            "---\ntracked: {source: jira, items: 3}\nstatus: done\n---\n"
        );
        let block = "---\ntracked:\n  source: jira\n  items: 2\n# next\nstatus: done\n---\n";
        let out = apply(block, &[edit("tracked", "{source: jira, items: 3}")]).unwrap();
        assert_eq!(
            out,
            "---\ntracked: {source: jira, items: 3}\n# next\nstatus: done\n---\n"
        );
    }
}
