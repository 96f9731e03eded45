//! Escaping text for HTML and XML, shared by the templates, the charts
//! and the feed: one place decides what is safe.

use std::fmt::{self, Display};

/// `text` escaped for XML text and attribute values.
pub fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

pub struct Escaped<'a>(&'a str);

/// Whether `escape` would change `text`. Templates print nearly every value
/// of every page, and most need no escaping: one table look-up a byte
/// finds out.
pub fn needs_escaping(text: &str) -> bool {
    let special = |b: &u8| SPECIAL[usize::from(*b)];
    let mut blocks = text.as_bytes().chunks_exact(16);
    let in_blocks = blocks.any(|block| {
        // Compared without branching, a block's bytes are tested at once.
        let candidates = block.iter().fold(false, |any, &b| any | may_be_special(b));
        candidates && block.iter().any(special)
    });
    in_blocks || blocks.remainder().iter().any(special)
}

/// Whether `b` is in `SPECIAL`, or is a tab or a line break.
fn may_be_special(b: u8) -> bool {
    (b < 0x20)
        | (b == 0x7f)
        | (b == 0xc2)
        | (b == 0xef)
        | (b == b'&')
        | (b == b'<')
        | (b == b'>')
        | (b == b'"')
        | (b == b'\'')
}

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0)
    }
}

/// Appends `text`, escaped, to `out`: what `escape` writes, without the
/// formatter between.
pub fn push_escaped(out: &mut String, text: &str) {
    write_escaped(out, text).expect("writing to a String cannot fail");
}

fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    if !needs_escaping(text) {
        return out.write_str(text);
    }
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
            // So are the non-characters U+FFFE and U+FFFF.
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => "",
            _ => continue,
        };
        out.write_str(&text[written..at])?;
        out.write_str(replacement)?;
        written = at + c.len_utf8();
    }
    out.write_str(&text[written..])
}

/// The bytes that may need escaping: markup characters, control characters
/// other than whitespace, 0xC2, which starts the C1 controls, and 0xEF,
/// which starts U+FFFE and U+FFFF (and many printable characters, which
/// `escape` then keeps).
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xef] = true;
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// `value` as JSON that no text can end a `<script>` element early in,
/// and that holds none of the characters XML forbids.
pub(crate) fn script_json(value: &impl serde::Serialize) -> String {
    let mut json = Vec::new();
    write_script_json(&mut json, value);
    String::from_utf8(json).expect("JSON is UTF-8")
}

/// Writes `value` as `script_json` does, at the end of `out`.
pub(crate) fn write_script_json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    let mut serializer = serde_json::Serializer::with_formatter(out, ScriptSafe);
    value
        .serialize(&mut serializer)
        .expect("a page's data serialises to JSON");
}

/// Writes `<`, U+FFFE and U+FFFF as escapes. They can only occur inside
/// JSON strings, where the escapes mean the same.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        while let Some(found) = memchr::memchr2(b'<', 0xEF, &bytes[start..]) {
            let at = start + found;
            let (length, escaped) = match &bytes[at..] {
                [b'<', ..] => (1, "\\u003c"),
                [0xEF, 0xBF, 0xBE, ..] => (3, "\\ufffe"),
                [0xEF, 0xBF, 0xBF, ..] => (3, "\\uffff"),
                _ => {
                    writer.write_all(&bytes[start..=at])?;
                    start = at + 1;
                    continue;
                }
            };
            writer.write_all(&bytes[start..at])?;
            writer.write_all(escaped.as_bytes())?;
            start = at + length;
        }
        writer.write_all(&bytes[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, needs_escaping, script_json};

    #[test]
    fn a_byte_to_escape_is_found_wherever_it_stands() {
        let plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        assert!(!needs_escaping(plain));
        let spaced = plain
            .replace('b', "\t")
            .replace('q', "\n")
            .replace('z', "\r");
        assert!(!needs_escaping(&spaced), "whitespace is kept as it is");
        for special in [
            "&", "<", ">", "\"", "'", "\u{1}", "\u{7f}", "\u{85}", "\u{fffe}",
        ] {
            for at in 0..=plain.len() {
                let text = format!("{}{special}{}", &plain[..at], &plain[at..]);
                assert!(needs_escaping(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn markup_characters_are_escaped_and_forbidden_controls_dropped() {
        let text = escape("<a href=\"x\">Tom & Jerry's</a>\u{1}\n/").to_string();
        assert_eq!(
            text,
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;\n/"
        );
    }

    #[test]
    fn values_are_copied_unless_they_need_escaping() {
        let escaped = |text| escape(text).to_string();
        assert_eq!(escaped("plain £10 café"), "plain £10 café");
        assert_eq!(escaped("a\u{85}b\u{1}c\td"), "abc\td");
        assert_eq!(escaped("x < y"), "x &lt; y");
        assert_eq!(escaped("a\u{fffe}b\u{ffff}c"), "abc");
        assert_eq!(escaped("ｆｕｌｌ\u{fffd}"), "ｆｕｌｌ\u{fffd}");
    }

    #[test]
    fn script_json_escapes_what_could_end_a_script_or_break_xml() {
        let text = "a</script><!-- \u{fffe}\u{ffff} é\u{fffd}\u{f8ff} \"q\"";
        let json = script_json(&[text]);
        // U+FFFD and U+F8FF share their first byte with U+FFFE and U+FFFF.
        let expected = r#"["a\u003c/script>\u003c!-- \ufffe\uffff é"#.to_owned()
            + "\u{fffd}\u{f8ff}"
            + r#" \"q\""]"#;
        assert_eq!(json, expected);
        let back: Vec<String> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, [text]);
    }
}
