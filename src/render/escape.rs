//! Escaping text for HTML and XML, shared by the templates, the charts
//! and the feed: one place decides what is safe.

use std::fmt::{self, Display};

/// `text` escaped for XML text and attribute values.
pub fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

pub struct Escaped<'a>(&'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut written = 0;
        for (at, c) in text.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                // Control characters other than whitespace are not allowed
                // in XML at all, not even as references: they are dropped.
                '\t' | '\n' | '\r' => continue,
                c if c.is_control() => "",
                _ => continue,
            };
            f.write_str(&text[written..at])?;
            f.write_str(replacement)?;
            written = at + c.len_utf8();
        }
        f.write_str(&text[written..])
    }
}

/// Tera's escape function: the same escaping as a `String`. Most values
/// need none, and are copied as they are.
pub fn escape_string(text: &str) -> String {
    let needs_escaping = text.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
            || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7f
    });
    if needs_escaping {
        escape(text).to_string()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        let text = escape("<a href=\"x\">Tom & Jerry's</a>\u{1}\n/").to_string();
        assert_eq!(
            text,
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;\n/"
        );
    }
}
