//! What an item's page looks up about the whole roadmap: the item's
//! changes, and the team page that lists an initiative. Worked out, before
//! the item pages are rendered, in one pass over the roadmap for the items
//! whose pages are: every item in a build, the few a change touched in
//! `serve`.

use super::engineering::splits;
use super::pages::Page;
use super::views::{self, ChangeView};
use super::Roadmap;
use crate::history::Subject;
use crate::model::{Goal, Initiative};
use crate::types::InitiativeId;
use foldhash::{HashMap, HashSet};
use std::sync::OnceLock;

pub(super) struct Lookups<'a> {
    roadmap: &'a Roadmap,
    /// Every change, as the views show them.
    changes: OnceLock<Vec<ChangeView<'a>>>,
    /// The initiatives by team, when the engineering view is split by team,
    /// and where each is listed; empty otherwise.
    teams: OnceLock<(views::Teams<'a>, Listing<'a>)>,
    /// What the item pages being rendered look up.
    items: OnceLock<ItemLookups<'a>>,
    /// Positions in the changes of each portfolio member's, newest first.
    members: OnceLock<HashMap<&'a str, Vec<usize>>>,
}

/// The team page that lists each initiative, from the site's root.
type Listing<'a> = HashMap<&'a InitiativeId, String>;

/// Positions in the roadmap's changes of each item's, newest first.
type ChangesByItem<'a> = HashMap<(Subject, &'a str), Vec<usize>>;

struct ItemLookups<'a> {
    changes: ChangesByItem<'a>,
    /// The team page of each initiative rendered, when not every one is.
    listing: Listing<'a>,
}

impl<'a> Lookups<'a> {
    pub(super) fn new(roadmap: &'a Roadmap) -> Lookups<'a> {
        Lookups {
            roadmap,
            changes: OnceLock::new(),
            teams: OnceLock::new(),
            items: OnceLock::new(),
            members: OnceLock::new(),
        }
    }

    /// Every change, newest first.
    pub(super) fn changes(&self) -> &[ChangeView<'a>] {
        self.changes
            .get_or_init(|| views::all_changes(self.roadmap))
    }

    /// The changes to a portfolio member's goals and work, newest first.
    pub(super) fn member_changes(&self, name: &str) -> Vec<&ChangeView<'a>> {
        let changes = self.changes();
        let members = self.members.get_or_init(|| {
            let mut members: HashMap<&str, Vec<usize>> = HashMap::default();
            for (position, change) in changes.iter().enumerate() {
                if let Some((member, _)) = change.id.split_once('/') {
                    members.entry(member).or_default().push(position);
                }
            }
            members
        });
        let positions = members.get(name).map_or(&[][..], Vec::as_slice);
        positions
            .iter()
            .map(|&position| &changes[position])
            .collect()
    }

    /// The initiatives by team, when the engineering view is split.
    pub(super) fn teams(&self) -> &views::Teams<'a> {
        &self.teams_and_listing().0
    }

    fn teams_and_listing(&self) -> &(views::Teams<'a>, Listing<'a>) {
        self.teams.get_or_init(|| teams_of(self.roadmap))
    }

    /// Works out what the pages of `initiatives` and `goals` look up, or
    /// with `every`, what the page of any item does. One after another, not
    /// on the thread pool: handing these to the pool costs each reload of
    /// `serve` more than it saves a build (bench/README.md).
    pub(super) fn prepare(&self, initiatives: &[&'a Initiative], goals: &[&'a Goal], every: bool) {
        self.items.get_or_init(|| {
            if every {
                self.teams_and_listing();
                return self.for_every_item();
            }
            let keys: HashSet<(Subject, &str)> = initiatives
                .iter()
                .map(|i| (Subject::Initiative, i.id.as_str()))
                .chain(goals.iter().map(|g| (Subject::Goal, g.id.as_str())))
                .collect();
            let listing = if splits(self.roadmap) {
                let pages = views::team_pages_of(self.roadmap, initiatives);
                initiatives.iter().map(|i| &i.id).zip(pages).collect()
            } else {
                Listing::default()
            };
            ItemLookups {
                changes: index_changes(self.roadmap, |key| keys.contains(key)),
                listing,
            }
        });
    }

    fn for_every_item(&self) -> ItemLookups<'a> {
        ItemLookups {
            changes: index_changes(self.roadmap, |_| true),
            listing: Listing::default(),
        }
    }

    fn items(&self) -> &ItemLookups<'a> {
        self.items.get_or_init(|| self.for_every_item())
    }

    /// The changes of one item, newest first.
    pub(super) fn changes_of(&self, subject: Subject, id: &str) -> Vec<ChangeView<'a>> {
        let positions = self.items().changes.get(&(subject, id));
        let changes = positions.into_iter().flatten();
        changes
            .map(|&at| views::change_view(&self.roadmap.changes[at]))
            .collect()
    }

    /// Where `initiative` is listed, from the site's root: its team's
    /// engineering page, the engineering view, or the executive board when
    /// the engineering view is not published.
    pub(super) fn listed_at(&self, initiative: &Initiative) -> String {
        if !self.roadmap.config.publishes_engineering() {
            return format!("{}#board", Page::Executive.path());
        }
        if !splits(self.roadmap) {
            return format!("{}#initiatives", Page::Engineering.path());
        }
        match self.items().listing.get(&initiative.id) {
            Some(page) => page.clone(),
            None => self.teams_and_listing().1[&initiative.id].clone(),
        }
    }
}

/// The initiatives whose pages name another engineering page in `model`
/// than in `previous`, where only the `touched` ones changed; `None` when
/// every one does, as when only one of the two is split by team.
pub fn relisted(
    previous: &Roadmap,
    model: &Roadmap,
    touched: &[&InitiativeId],
) -> Option<Vec<InitiativeId>> {
    match (splits(previous), splits(model)) {
        (false, false) => Some(Vec::new()),
        (true, true) => Some(views::relisted(previous, model, touched)),
        _ => None,
    }
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
    let mut listed_at = Listing::default();
    for (slug, (_, initiatives)) in teams {
        for (position, initiative) in initiatives.iter().enumerate() {
            let page = position / views::TEAM_PAGE_SIZE + 1;
            listed_at.insert(&initiative.id, Page::Team { slug, page }.path());
        }
    }
    listed_at
}

/// Where the changes of the items that `keep` names are in the roadmap's.
fn index_changes<'a>(
    roadmap: &'a Roadmap,
    keep: impl Fn(&(Subject, &str)) -> bool,
) -> ChangesByItem<'a> {
    let mut index = ChangesByItem::default();
    for (position, change) in roadmap.changes.iter().enumerate() {
        let key = (change.subject, change.id.as_str());
        if keep(&key) {
            index.entry(key).or_default().push(position);
        }
    }
    index
}
