//! What the theme's script needs to lay the timeline out again for a
//! window named in the page's address (`?from=2026-Q1&to=2027-Q4`): every
//! scheduled initiative within the quarters a chart may span, with the
//! classes, link and words of its bar, and the arrows between them. Pages
//! are static, so the other windows are laid out in the browser, by the
//! same rules as [`super::layout`].

use super::bar::{bar_group, status_words};
use super::route::links;
use super::{Scheduled, NO_TEAM};
use crate::model::Initiative;
use crate::schedule::Schedule;
use crate::types::{Day, InitiativeId};
use foldhash::{HashMap, HashSet};
use serde::Serialize;

#[derive(Serialize)]
struct WindowData<'a> {
    /// The quarters a window may show, first and last.
    extent: [String; 2],
    /// The window the page shows without a window in its address.
    window: [String; 2],
    today: String,
    today_share: f64,
    lanes: Vec<&'a str>,
    rows: Vec<Row<'a>>,
    /// `[prerequisite's row, dependent's row, class, marker]`.
    links: Vec<(usize, usize, &'static str, &'static str)>,
}

#[derive(Serialize)]
struct Row<'a> {
    lane: usize,
    start: String,
    end: String,
    href: String,
    title: &'a str,
    class: String,
    tooltip: String,
    words: String,
    /// Whether the work is done, dropped or neither, for the words on
    /// work that ended before the window.
    status: &'static str,
}

/// The data as JSON for a script element of the page, written so that no
/// title can end that element.
pub(super) fn window_data(
    scheduled: &[Scheduled],
    extent: Schedule,
    window: Schedule,
    today: Day,
    critical: &[InitiativeId],
    root: &str,
) -> String {
    let critical_ids: HashSet<&InitiativeId> = critical.iter().collect();
    let shown: Vec<&Scheduled> = scheduled
        .iter()
        .filter(|item| item.schedule.overlaps(extent))
        .collect();
    let mut lane_index: HashMap<&str, usize> = HashMap::default();
    let mut lanes = Vec::new();
    let rows = shown
        .iter()
        .map(|item| {
            let name = item.team().unwrap_or(NO_TEAM);
            let lane = *lane_index.entry(name).or_insert_with(|| {
                lanes.push(name);
                lanes.len() - 1
            });
            let group = bar_group(item, critical_ids.contains(&item.initiative.id), root);
            Row {
                lane,
                start: item.schedule.start.to_string(),
                end: item.schedule.end.to_string(),
                href: group.href.unwrap_or_default(),
                title: &item.initiative.title,
                class: group.class,
                tooltip: group.tooltip,
                words: status_words(item.initiative),
                status: match item.initiative.status.as_str() {
                    status @ ("done" | "dropped") => status,
                    _ => "open",
                },
            }
        })
        .collect();
    let initiatives: Vec<&Initiative> = shown.iter().map(|item| item.initiative).collect();
    let data = WindowData {
        extent: [extent.start.to_string(), extent.end.to_string()],
        window: [window.start.to_string(), window.end.to_string()],
        today: today.to_string(),
        today_share: today.share_of_quarter().unwrap_or(0.0),
        lanes,
        rows,
        links: links(&initiatives, critical)
            .into_iter()
            .map(|link| (link.from, link.to, link.class, link.marker))
            .collect(),
    };
    crate::render::escape::script_json(&data)
}
