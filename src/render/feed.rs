//! The changelog as an Atom 1.0 feed (RFC 4287): its newest entries, as
//! many as `[feed] entries` says, so that readers fetch a feed of bounded
//! size however long the changelog grows. Links are absolute, from
//! `base_url`; entry ids are `tag:` URIs built from the roadmap's title, the
//! initiative and the change itself, so they survive a move of the site.

use super::escape::escape;
use super::pages::Page;
use super::views::ChangeView;
use crate::history::Subject;
use crate::model::Roadmap;
use crate::scaffold::slugify;
use serde::Serialize;

/// Owner part of every tag URI (RFC 4151): waymark mints these ids.
const TAG_AUTHORITY: &str = "waymark.roadmap";

#[derive(Serialize)]
pub struct Feed {
    feed: FeedHead,
}

#[derive(Serialize)]
struct FeedHead {
    id: String,
    updated: String,
    self_url: String,
    html_url: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    title: String,
    id: String,
    updated: String,
    author: String,
    url: String,
    /// HTML that the template escapes once more, as `type="html"` wants.
    content_html: String,
}

/// The feed of `changes`, newest first.
pub fn feed(roadmap: &Roadmap, changes: &[ChangeView], base_url: &str) -> Feed {
    let changes = &changes[..changes.len().min(roadmap.config.feed.entries())];
    let roadmap_slug = slugify(&roadmap.config.title);
    let roadmap_slug = if roadmap_slug.is_empty() {
        "roadmap".to_owned()
    } else {
        roadmap_slug
    };
    let updated = changes
        .first()
        .map_or_else(|| roadmap.today.to_string(), |c| c.date.clone());
    let changelog = Page::Changelog { page: 1 }.path();
    let entries = changes
        .iter()
        .map(|change| Entry {
            title: format!("{}: {}", change.title, change.change),
            id: entry_id(&roadmap_slug, change),
            updated: timestamp(&change.date),
            author: change
                .author
                .map_or_else(|| roadmap.config.title.clone(), str::to_owned),
            url: match &change.path {
                Some(path) => format!("{base_url}{path}"),
                None => format!("{base_url}{changelog}"),
            },
            content_html: content_html(change),
        })
        .collect();
    Feed {
        feed: FeedHead {
            id: format!("tag:{TAG_AUTHORITY},2026:{roadmap_slug}/changelog"),
            updated: timestamp(&updated),
            self_url: format!("{base_url}{}", Page::Feed.path()),
            html_url: format!("{base_url}{changelog}"),
            entries,
        },
    }
}

/// Hand-written entries are known by day, initiative and text; derived
/// ones also by their commit, as one day may change a value back and forth.
fn entry_id(roadmap_slug: &str, change: &ChangeView) -> String {
    let text = fnv1a(change.change.as_bytes());
    match (change.subject, change.commit) {
        (Subject::Initiative, None) => format!(
            "tag:{TAG_AUTHORITY},{}:{roadmap_slug}/{}/{text:016x}",
            change.date, change.id
        ),
        (subject, commit) => format!(
            "tag:{TAG_AUTHORITY},{}:{roadmap_slug}/{subject}/{}/{}-{text:016x}",
            change.date,
            change.id,
            commit.map_or("", |c| &c[..c.len().min(12)])
        ),
    }
}

fn timestamp(day: &str) -> String {
    format!("{day}T00:00:00Z")
}

fn content_html(change: &ChangeView) -> String {
    let mut html = format!("<p>{}</p>", escape(change.change));
    if !change.why.is_empty() {
        html.push_str(&format!("<p>Why: {}</p>", escape(change.why)));
    }
    html
}

/// FNV-1a: a stable, dependency-free fingerprint of an entry's text.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
