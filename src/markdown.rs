//! Markdown handling shared by the stages.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The plain text of the first paragraph: the default one-line summary.
pub fn first_paragraph_text(markdown: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paragraph_becomes_plain_text() {
        let markdown = "# Heading\n\nMove the *checkout* to `k8s`\nthis year.\n\nSecond paragraph.";
        assert_eq!(
            first_paragraph_text(markdown),
            "Move the checkout to k8s this year."
        );
        assert_eq!(first_paragraph_text(""), "");
    }
}
