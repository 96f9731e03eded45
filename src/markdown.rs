//! Markdown: bodies to HTML with heading anchors, and plain-text summaries.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashSet, VecDeque};
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
        .add_tag_attributes("div", ["id", "tabindex", "role", "aria-label"])
        .add_allowed_classes("a", ["anchor"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition", "table-scroll"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // A checkbox is all a task list needs; no other input survives.
            ("input", "type") if value != "checkbox" => None,
            // A public build wrote this where a URL of an internal host
            // was: as an address it would lead to a page that is not there.
            (_, "href" | "src") if value.contains(crate::hosts::REMOVED) => None,
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
    let mut events = Headings {
        events: Parser::new_ext(markdown, options()).map(defuse_link),
        demote,
        used: HashSet::new(),
        held: VecDeque::new(),
        has_raw_html: false,
    };
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, &mut events);
    // Without raw HTML, the renderer's own output is safe: it escapes all
    // text, and link schemes are defused above. Sanitising is costly, so
    // only bodies with raw HTML go through it.
    match raw_html {
        RawHtml::Sanitised if events.has_raw_html => SANITISER.clean(&html_out).to_string(),
        _ => html_out,
    }
}

/// Passes events through, holding back only a heading's until its end, to
/// give it an id from its text, a self-link and its demoted level. A table
/// goes inside a region that scrolls: on a phone a wide table would
/// otherwise widen the page, and a region that scrolls must be reachable
/// by keyboard.
struct Headings<'a, I: Iterator<Item = Event<'a>>> {
    events: I,
    demote: u8,
    used: HashSet<String>,
    /// The events of the last heading, ready to go out.
    held: VecDeque<Event<'a>>,
    has_raw_html: bool,
}

const TABLE_REGION: &str =
    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">";

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Headings<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.held.pop_front() {
            return Some(event);
        }
        let event = self.events.next()?;
        self.has_raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.hold_heading(level, id);
                self.held.pop_front()
            }
            Event::Start(Tag::Table(alignments)) => {
                self.held.push_back(Event::Start(Tag::Table(alignments)));
                Some(Event::InlineHtml(CowStr::Borrowed(TABLE_REGION)))
            }
            Event::End(TagEnd::Table) => {
                self.held
                    .push_back(Event::InlineHtml(CowStr::Borrowed("</div>\n")));
                Some(Event::End(TagEnd::Table))
            }
            other => Some(other),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Headings<'a, I> {
    fn hold_heading(&mut self, level: HeadingLevel, id: Option<CowStr<'a>>) {
        let mut inner = Vec::new();
        for event in self.events.by_ref() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            self.has_raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
            inner.push(event);
        }
        let id = id.unwrap_or_else(|| CowStr::from(unique_id(&plain_text(&inner), &mut self.used)));
        let level = demoted(level, self.demote);
        let anchor = format!(
            " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
        );
        // Written classes and attributes are dropped, as the sanitiser
        // would: a class could borrow the theme's styles.
        self.held.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        self.held.extend(inner);
        self.held.push_back(Event::InlineHtml(CowStr::from(anchor)));
        self.held.push_back(Event::End(TagEnd::Heading(level)));
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
    let mut base = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !base.is_empty() {
            base.push('-');
        }
        gap = false;
        base.push(c.to_ascii_lowercase());
    }
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

/// `markdown` with every link and image whose destination `leaves`
/// refuses replaced by its text, and the reference definitions of such
/// destinations removed, so that no trace of the destination stays.
pub fn without_links(markdown: &str, leaves: impl Fn(&str) -> bool) -> String {
    let mut text = markdown.to_owned();
    // A link may hold an image that leads elsewhere too: each pass takes
    // out the outermost ones, so a few passes reach the innermost.
    for _ in 0..4 {
        let edits = link_edits(&text, &leaves);
        if edits.is_empty() {
            break;
        }
        for (range, replacement) in edits.into_iter().rev() {
            text.replace_range(range, &replacement);
        }
    }
    text
}

/// The source ranges of the links, images and reference definitions that
/// lead where `leaves` says, each with what replaces it; in order, apart.
fn link_edits(
    markdown: &str,
    leaves: &impl Fn(&str) -> bool,
) -> Vec<(std::ops::Range<usize>, String)> {
    let parser = Parser::new_ext(markdown, options());
    let mut edits: Vec<(std::ops::Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .filter(|(_, definition)| leaves(&definition.dest))
        .map(|(_, definition)| (definition.span.clone(), String::new()))
        .collect();
    let mut events = parser.into_offset_iter();
    while let Some((event, range)) = events.next() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if !leaves(dest) {
            continue;
        }
        let mut inner: Option<std::ops::Range<usize>> = None;
        let mut depth = 1;
        for (event, at) in events.by_ref() {
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            inner = Some(match inner {
                Some(so_far) => so_far.start.min(at.start)..so_far.end.max(at.end),
                None => at,
            });
        }
        let text = inner.map_or("", |inner| &markdown[inner]).to_owned();
        edits.push((range, text));
    }
    edits.sort_by_key(|(range, _)| range.start);
    // Nested edits wait for the next pass.
    let mut apart: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for edit in edits {
        if apart.last().is_none_or(|last| last.0.end <= edit.0.start) {
            apart.push(edit);
        }
    }
    apart
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
    fn links_that_lead_away_become_their_text() {
        let inside = |url: &str| url.contains("inside");
        let markdown = "See [the plan](https://inside/plan \"T\"), \
            ![chart](https://inside/c.png), [ref][1], [ok](https://ok.example/).\n\n\
            [1]: https://inside/ref\n";
        let kept = without_links(markdown, inside);
        assert!(!kept.contains("inside/"), "{kept}");
        assert!(kept.contains("See the plan, chart, ref, [ok]"), "{kept}");
        assert!(kept.contains("[ok](https://ok.example/)"), "{kept}");
        assert_eq!(without_links("no links", inside), "no links");
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
    fn an_anchor_joins_the_words_of_its_heading_with_single_dashes() {
        let mut used = HashSet::new();
        for (heading, id) in [
            ("  Phase 2 -- Rollout (EU)! ", "phase-2-rollout-eu"),
            ("Übergang zu Café", "Übergang-zu-café"),
            ("?!", "section"),
            ("", "section-1"),
        ] {
            assert_eq!(unique_id(heading, &mut used), id, "{heading:?}");
        }
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

    #[test]
    fn a_table_scrolls_inside_a_region_a_keyboard_can_reach() {
        let table = "| component | today | target |\n|---|---|---|\n| gateway | 84 ms | 70 ms |";
        let region = "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>";
        for raw_html in [RawHtml::Sanitised, RawHtml::Trusted] {
            let html = to_html(table, 0, raw_html);
            assert!(html.contains(region), "{html}");
            assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");
            // Raw HTML elsewhere sends the body through the sanitiser,
            // which must keep the region's attributes.
            let html = to_html(&format!("<kbd>Ctrl</kbd>\n\n{table}"), 0, raw_html);
            assert!(html.contains(region), "{html}");
        }
    }
}
