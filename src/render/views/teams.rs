//! The split of a large roadmap's engineering view into team pages: the
//! teams, their pages, and which page lists each initiative.

use super::*;

/// A page of a view split into pages.
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    /// From the site's root.
    pub path: String,
    pub current: bool,
}

/// The team pages of a large roadmap's engineering view.
#[derive(Serialize)]
pub struct TeamLink {
    pub name: String,
    pub slug: String,
    pub initiatives: usize,
    pub at_risk: usize,
}

/// A team's name in pages, and in its page's path.
pub fn team_name(initiative: &Initiative) -> &str {
    initiative.team.as_deref().unwrap_or(NO_TEAM)
}

pub const NO_TEAM: &str = "No team";

pub fn team_slug(name: &str) -> String {
    let slug = crate::scaffold::slugify(name);
    if slug.is_empty() {
        "team".to_owned()
    } else {
        slug
    }
}

/// Initiatives by team slug, each with the team's name.
pub type Teams<'a> = std::collections::BTreeMap<String, (String, Vec<&'a Initiative>)>;

/// Initiatives by team, in order of the teams' slugs, each team's in
/// order of their start.
pub fn by_team(roadmap: &Roadmap) -> Teams<'_> {
    let mut teams = Teams::new();
    for initiative in &roadmap.initiatives {
        let name = team_name(initiative);
        teams
            .entry(team_slug(name))
            .or_insert_with(|| (name.to_owned(), Vec::new()))
            .1
            .push(initiative);
    }
    for (_, initiatives) in teams.values_mut() {
        initiatives.sort_by(|a, b| listing_order(a).cmp(&listing_order(b)));
    }
    teams
}

/// Where an initiative comes on its team's pages: by start, unscheduled
/// last, then by id.
fn listing_order(initiative: &Initiative) -> (bool, Option<crate::types::Quarter>, &InitiativeId) {
    let start = initiative.schedule.map(|s| s.start);
    (start.is_none(), start, &initiative.id)
}

/// The team page that lists each of `initiatives` when the engineering
/// view is split by team, from the site's root: where [`by_team`] puts it,
/// worked out in one pass over the roadmap without grouping every
/// initiative.
pub fn team_pages_of(roadmap: &Roadmap, initiatives: &[&Initiative]) -> Vec<String> {
    // Names that make the same slug are one team; there are few names, so
    // each is slugged once, and teams are told apart by number.
    let mut slugs: Vec<String> = Vec::new();
    let mut team_of_name: foldhash::HashMap<&str, usize> = Default::default();
    let mut team_of = |name| {
        *team_of_name.entry(name).or_insert_with(|| {
            let slug = team_slug(name);
            slugs
                .iter()
                .position(|known| *known == slug)
                .unwrap_or_else(|| {
                    slugs.push(slug);
                    slugs.len() - 1
                })
        })
    };
    let teams: Vec<usize> = initiatives.iter().map(|i| team_of(team_name(i))).collect();
    let orders: Vec<_> = initiatives.iter().map(|i| listing_order(i)).collect();
    let mut before = vec![0; initiatives.len()];
    for other in &roadmap.initiatives {
        let team = team_of(team_name(other));
        let order = listing_order(other);
        for (at, count) in before.iter_mut().enumerate() {
            if teams[at] == team && order < orders[at] {
                *count += 1;
            }
        }
    }
    let pages = before.into_iter().map(|count| count / TEAM_PAGE_SIZE + 1);
    teams
        .iter()
        .zip(pages)
        .map(|(&team, page)| {
            Page::Team {
                slug: &slugs[team],
                page,
            }
            .path()
        })
        .collect()
}

/// The page of each initiative of `team` (a slug) in a view split by team.
fn team_listing_of<'a>(
    roadmap: &'a Roadmap,
    team: &str,
) -> foldhash::HashMap<&'a InitiativeId, usize> {
    // Names that make the same slug are one team; there are few names.
    let mut in_team: foldhash::HashMap<&str, bool> = Default::default();
    let mut members: Vec<&Initiative> = roadmap
        .initiatives
        .iter()
        .filter(|initiative| {
            let name = team_name(initiative);
            *in_team
                .entry(name)
                .or_insert_with(|| team_slug(name) == team)
        })
        .collect();
    members.sort_by(|a, b| listing_order(a).cmp(&listing_order(b)));
    let pages = members.into_iter().enumerate();
    pages
        .map(|(at, initiative)| (&initiative.id, at / TEAM_PAGE_SIZE + 1))
        .collect()
}

/// The initiatives of `model` on another team page than in `previous`, in
/// a view split by team in both. Only the teams of the `touched`
/// initiatives that came, went or took another place in a team's listing
/// are looked at, before and after: no others moved.
pub fn relisted(
    previous: &Roadmap,
    model: &Roadmap,
    touched: &[&InitiativeId],
) -> Vec<InitiativeId> {
    let place = |initiative: &Initiative| {
        let (unscheduled, start, _) = listing_order(initiative);
        (team_slug(team_name(initiative)), unscheduled, start)
    };
    let placed_anew = touched.iter().filter(|id| {
        let before = previous.initiative(id).map(place);
        before.is_none() || before != model.initiative(id).map(place)
    });
    let teams: BTreeSet<String> = placed_anew
        .flat_map(|id| [previous.initiative(id), model.initiative(id)])
        .flatten()
        .map(|initiative| team_slug(team_name(initiative)))
        .collect();
    let mut moved = Vec::new();
    for team in &teams {
        let before = team_listing_of(previous, team);
        let after = team_listing_of(model, team);
        let changed = after
            .into_iter()
            .filter(|(id, page)| before.get(id) != Some(page));
        moved.extend(changed.map(|(id, _)| id.clone()));
    }
    moved
}

/// Initiatives on one page of a team: the rest go to further pages.
pub const TEAM_PAGE_SIZE: usize = 200;

pub fn team_links(teams: &Teams) -> Vec<TeamLink> {
    teams
        .iter()
        .map(|(slug, (name, initiatives))| TeamLink {
            at_risk: initiatives.iter().filter(|i| i.at_risk).count(),
            initiatives: initiatives.len(),
            name: name.clone(),
            slug: slug.clone(),
        })
        .collect()
}
