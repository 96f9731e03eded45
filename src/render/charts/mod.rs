//! Inline SVG charts: the quarter timeline, capacity per quarter, the
//! cost-versus-impact matrix and an initiative's neighbourhood in the
//! dependency graph. Each chart is laid out first, as plain [`shapes`] that
//! tests can measure, then drawn by [`svg`].

mod capacity;
mod legend;
mod matrix;
mod neighbourhood;
mod shapes;
mod svg;
mod timeline;

pub(crate) use capacity::{capacity, Demand};
pub(crate) use matrix::matrix;
pub(crate) use neighbourhood::neighbourhood;
pub(crate) use timeline::{default_window, timeline};

use super::pages::Page;
use crate::schedule::Schedule;
use crate::types::InitiativeId;

/// The page of the initiative `id`, from a page whose way to the site's
/// root is `root`.
fn initiative_href(root: &str, id: &InitiativeId) -> String {
    // Room for `initiatives/`, the id and `/index.html`.
    let mut href = String::with_capacity(root.len() + id.as_str().len() + 24);
    href.push_str(root);
    Page::Initiative(id.as_str()).write_path(&mut href);
    href
}

fn schedule_words(schedule: Option<Schedule>) -> String {
    schedule.map_or_else(|| "unscheduled".to_owned(), |s| s.words(" to "))
}

#[cfg(test)]
mod tests;
