//! What an item's page looks up about the whole roadmap: the item's
//! changes, and the team page that lists an initiative. Worked out for
//! every item at once when first asked for, by a view or for many item
//! pages; each of the few item pages `serve` renders after an edit looks up
//! its own instead, in one pass over the roadmap, and finds the same.

use super::pages::Page;
use super::views::{self, ChangeView};
use super::{splits, Roadmap};
use crate::history::Subject;
use crate::model::Initiative;
use crate::types::InitiativeId;
use std::collections::HashMap;
use std::sync::OnceLock;

pub(super) struct Lookups<'a> {
    roadmap: &'a Roadmap,
    changes: OnceLock<(Vec<ChangeView<'a>>, ChangesByItem<'a>)>,
    /// The initiatives by team, when the engineering view is split by team,
    /// and where each is listed; empty otherwise.
    teams: OnceLock<(views::Teams<'a>, Listing<'a>)>,
}

/// The team page that lists each initiative, from the site's root.
type Listing<'a> = HashMap<&'a InitiativeId, String>;

impl<'a> Lookups<'a> {
    pub(super) fn new(roadmap: &'a Roadmap) -> Lookups<'a> {
        Lookups {
            roadmap,
            changes: OnceLock::new(),
            teams: OnceLock::new(),
        }
    }

    /// Every change, newest first.
    pub(super) fn changes(&self) -> &[ChangeView<'a>] {
        &self.indexed_changes().0
    }

    fn indexed_changes(&self) -> &(Vec<ChangeView<'a>>, ChangesByItem<'a>) {
        self.changes.get_or_init(|| indexed_changes(self.roadmap))
    }

    /// The initiatives by team, when the engineering view is split.
    pub(super) fn teams(&self) -> &views::Teams<'a> {
        &self.teams_and_listing().0
    }

    fn teams_and_listing(&self) -> &(views::Teams<'a>, Listing<'a>) {
        self.teams.get_or_init(|| teams_of(self.roadmap))
    }

    /// Works out, one after another, what every item's page looks up. Not
    /// on the thread pool: handing these to the pool costs each reload of
    /// `serve` more than it saves a build (bench/README.md).
    pub(super) fn index_all(&self) {
        self.indexed_changes();
        self.teams_and_listing();
    }

    /// The changes of one item, newest first.
    pub(super) fn changes_of(&self, subject: Subject, id: &str) -> Vec<ChangeView<'a>> {
        let Some((changes, by_item)) = self.changes.get() else {
            return views::changes_of(self.roadmap, subject, id);
        };
        let positions = by_item.get(&(subject, id)).map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&at| changes[at].clone()).collect()
    }

    /// The engineering page that lists `initiative`, from the site's root.
    pub(super) fn listed_at(&self, initiative: &Initiative) -> String {
        if !splits(self.roadmap) {
            return format!("{}#initiatives", Page::Engineering.path());
        }
        match self.teams.get() {
            Some((_, listing)) => listing[&initiative.id].clone(),
            None => views::team_page_of(self.roadmap, initiative),
        }
    }
}

/// Every change, newest first, and where each item's changes are in it.
pub(super) fn indexed_changes(roadmap: &Roadmap) -> (Vec<ChangeView<'_>>, ChangesByItem<'_>) {
    let changes = views::all_changes(roadmap);
    let by_item = index_changes(&changes);
    (changes, by_item)
}

/// The initiatives of each team, and the team page that lists each one,
/// when the engineering view is split by team; empty otherwise.
pub(super) fn teams_of(roadmap: &Roadmap) -> (views::Teams<'_>, Listing<'_>) {
    let teams = if splits(roadmap) {
        views::by_team(roadmap)
    } else {
        views::Teams::new()
    };
    let listed_at = team_listing(&teams);
    (teams, listed_at)
}

/// The team page that lists each initiative.
fn team_listing<'a>(teams: &views::Teams<'a>) -> Listing<'a> {
    let mut listed_at = HashMap::new();
    for (slug, (_, initiatives)) in teams {
        for (position, initiative) in initiatives.iter().enumerate() {
            let page = position / views::TEAM_PAGE_SIZE + 1;
            listed_at.insert(&initiative.id, Page::Team { slug, page }.path());
        }
    }
    listed_at
}

/// Positions in the list of changes of each item's entries.
pub(super) type ChangesByItem<'a> = HashMap<(Subject, &'a str), Vec<usize>>;

fn index_changes<'a>(changes: &[ChangeView<'a>]) -> ChangesByItem<'a> {
    let mut index: ChangesByItem<'a> = HashMap::new();
    for (position, change) in changes.iter().enumerate() {
        index
            .entry((change.subject, change.id))
            .or_default()
            .push(position);
    }
    index
}
