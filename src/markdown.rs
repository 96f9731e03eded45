//! Markdown: bodies to HTML with heading anchors, and plain-text summaries.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Whether raw HTML written in Markdown bodies is kept as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Scripts, event handlers, `javascript:` and `data:` URLs, frames,
    /// forms and styles are removed; ordinary HTML stays.
    Sanitised,
    /// Kept as written: only for roadmaps whose every writer is trusted.
    Trusted,
}

/// The sanitiser: ammonia's safe defaults, plus exactly the attributes that
/// Markdown rendering itself produces (heading ids and their anchors,
/// footnotes, task-list checkboxes).
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("a", ["aria-label"])
        .add_tag_attributes("div", ["id"])
        .add_allowed_classes("a", ["anchor"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // A checkbox is all a task list needs; no other input survives.
            ("input", "type") if value != "checkbox" => None,
            _ => Some(value.into()),
        });
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
});

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown to HTML. Every heading gets an id from its text (unique
/// within the document) and a self-link, so sections can be linked to.
/// Headings are shifted down by `demote` levels, so that a body's `#` sits
/// below the page's own title.
pub fn to_html(markdown: &str, demote: u8, raw_html: RawHtml) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, options())
        .map(defuse_link)
        .collect();
    let has_raw_html = events
        .iter()
        .any(|event| matches!(event, Event::Html(_) | Event::InlineHtml(_)));
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let end = heading_end(&events, index);
                let text = plain_text(&events[index + 1..end]);
                let id = id
                    .clone()
                    .unwrap_or_else(|| CowStr::from(unique_id(&text, &mut used)));
                let level = demoted(*level, demote);
                // Written classes and attributes are dropped, as the
                // sanitiser would: a class could borrow the theme's styles.
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.clone()),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                out.extend(events[index + 1..end].iter().cloned());
                out.push(Event::InlineHtml(CowStr::from(format!(
                    " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                ))));
                out.push(Event::End(TagEnd::Heading(level)));
                index = end + 1;
            }
            event => {
                out.push(event.clone());
                index += 1;
            }
        }
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    // Without raw HTML, the renderer's own output is safe: it escapes all
    // text, and link schemes are defused above. Sanitising is costly, so
    // only bodies with raw HTML go through it.
    match raw_html {
        RawHtml::Sanitised if has_raw_html => SANITISER.clean(&html_out).to_string(),
        _ => html_out,
    }
}

/// A link or image to a URL that could run script goes nowhere instead.
fn defuse_link(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if crate::url::unsafe_scheme(&dest_url).is_some() => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if crate::url::unsafe_scheme(&dest_url).is_some() => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        other => other,
    }
}

fn heading_end(events: &[Event], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |offset| start + offset)
}

fn demoted(level: HeadingLevel, by: u8) -> HeadingLevel {
    let number = (level as u8 + by).min(6);
    HeadingLevel::try_from(number as usize).unwrap_or(HeadingLevel::H6)
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect()
}

/// A slug of the heading text, numbered when the document has it already.
fn unique_id(text: &str, used: &mut HashSet<String>) -> String {
    let mut base: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = "section".to_owned();
    }
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

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

    #[test]
    fn raw_html_is_sanitised_unless_trusted() {
        let body = "<script>alert(1)</script><img src=x onerror=alert(2)>\
                    <a href=\"javascript:alert(3)\">x</a><iframe src=//evil></iframe>\
                    <form><input type=text></form><div style=\"position:fixed\">over</div>\
                    <details><summary>More</summary><kbd>Ctrl</kbd></details>";
        let clean = to_html(body, 0, RawHtml::Sanitised);
        for banned in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<form",
            "type=\"text\"",
            "style=",
        ] {
            assert!(!clean.contains(banned), "{banned} survived: {clean}");
        }
        for kept in [
            "<details>",
            "<summary>More</summary>",
            "<kbd>Ctrl</kbd>",
            "<img src=\"x\">",
        ] {
            assert!(clean.contains(kept), "{kept} was removed: {clean}");
        }
        assert!(to_html(body, 0, RawHtml::Trusted).contains("<script>alert(1)</script>"));
    }

    #[test]
    fn markdown_links_cannot_run_script_even_without_raw_html() {
        let html = to_html(
            "[a](javascript:alert(1)) ![b](data:image/svg+xml,x) [c](https://ok.example/)\n\n## Title {#filters .skip-link}",
            0,
            RawHtml::Sanitised,
        );
        assert!(
            !html.contains("javascript:") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains("href=\"https://ok.example/\""));
        assert!(!html.contains("skip-link"), "{html}");
    }

    #[test]
    fn headings_get_unique_anchors_and_are_demoted() {
        let html = to_html(
            "## Rollout plan\n\ntext\n\n## Rollout plan\n",
            1,
            RawHtml::Sanitised,
        );
        assert!(
            html.contains(
                "<h3 id=\"rollout-plan\">Rollout plan <a class=\"anchor\" href=\"#rollout-plan\""
            ),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"rollout-plan-1\">"), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html = to_html(
            "| a |\n|---|\n| b |\n\n~~old~~\n\n- [x] done[^1]\n\n[^1]: note",
            0,
            RawHtml::Sanitised,
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("class=\"footnote-definition\""), "{html}");
    }
}
