//! The engineering view: one page while the roadmap is small, and above
//! that an overview of teams with a page of its own for each team, which a
//! large team spreads over several pages.

use super::pages::Page;
use super::views;
use super::{charts, RenderError, Site};
use crate::model::{Initiative, Roadmap};
use crate::types::InitiativeId;
use serde::Serialize;
use std::collections::HashSet;

/// Above this many initiatives the engineering view is split by team, so
/// that no page grows past what a browser opens quickly.
const SPLIT_ABOVE: usize = 300;

/// The engineering view, whole or for one team, or its overview.
#[derive(Serialize, Default)]
struct EngineeringBody<'a> {
    /// The team of a team page.
    team: Option<String>,
    /// The overview of a split view links to these.
    teams: Vec<views::TeamLink>,
    /// The pages of a large team.
    team_pages: Vec<views::PageLink>,
    /// Charts are empty when absent, so that templates test them with
    /// `| length > 0`: testing a string as such makes Tera escape all of it.
    timeline_svg: String,
    critical: Vec<views::InitiativeRef<'a>>,
    capacity_svg: String,
    capacity: Option<views::CapacityView<'a>>,
    capacity_rows: Vec<views::CapacityRow>,
    matrix_svg: String,
    matrix_rows: Vec<views::MatrixRow<'a>>,
    risks: Vec<views::RiskRow<'a>>,
    filters: Vec<views::Filter>,
    rows: Vec<views::Row<'a>>,
    /// Prerequisites on other teams' pages.
    elsewhere: Vec<views::InitiativeRef<'a>>,
    health: views::HealthLists<'a>,
}

impl<'a> Site<'a> {
    pub(super) fn engineering_page(&self) -> Result<(), RenderError> {
        let all: Vec<&Initiative> = self.roadmap.initiatives.iter().collect();
        let (capacity, capacity_rows) = views::capacity(self.roadmap);
        let mut body = if self.split() {
            EngineeringBody {
                teams: views::team_links(self.teams()),
                health: views::health_lists(self.roadmap, &all),
                ..EngineeringBody::default()
            }
        } else {
            self.engineering_body(&all, &Page::Engineering.root())
        };
        body.capacity_svg = charts::capacity(self.roadmap);
        body.capacity = capacity;
        body.capacity_rows = capacity_rows;
        body.critical = views::initiative_refs(self.roadmap, self.critical());
        self.render(
            "engineering.html",
            &Page::Engineering,
            "engineering",
            "Engineering view",
            body,
        )
    }

    /// A large roadmap's engineering view is split into a page per team.
    pub(super) fn split(&self) -> bool {
        splits(self.roadmap)
    }

    pub(super) fn team_page(&self, slug: &str, page: usize) -> Option<Result<(), RenderError>> {
        let (name, initiatives) = self.teams().get(slug)?;
        let pages = initiatives.len().div_ceil(views::TEAM_PAGE_SIZE);
        let chunk = initiatives
            .chunks(views::TEAM_PAGE_SIZE)
            .nth(page.checked_sub(1)?)?;
        let this = Page::Team { slug, page };
        let mut body = self.engineering_body(chunk, &this.root());
        body.team = Some(name.clone());
        body.team_pages = (1..=pages)
            .map(|n| views::PageLink {
                number: n,
                path: Page::Team { slug, page: n }.path(),
                current: n == page,
            })
            .collect();
        let title = if pages > 1 {
            format!("{name}: engineering view, page {page} of {pages}")
        } else {
            format!("{name}: engineering view")
        };
        Some(self.render("engineering.html", &this, "engineering", &title, body))
    }

    /// The timeline, matrix, risks and table of some initiatives, with
    /// their prerequisites that are elsewhere listed as links.
    fn engineering_body<'s>(
        &'s self,
        initiatives: &[&'s Initiative],
        root: &str,
    ) -> EngineeringBody<'s> {
        let here: HashSet<&InitiativeId> = initiatives.iter().map(|i| &i.id).collect();
        // In id order, as the roadmap lists its initiatives.
        let elsewhere: std::collections::BTreeSet<&InitiativeId> = initiatives
            .iter()
            .flat_map(|i| i.depends_on.iter())
            .filter(|id| !here.contains(id))
            .collect();
        EngineeringBody {
            timeline_svg: charts::timeline(self.roadmap, initiatives, self.critical(), root),
            matrix_svg: charts::matrix(initiatives, root),
            matrix_rows: views::matrix_rows(initiatives),
            risks: views::risks(initiatives),
            filters: views::filters(self.roadmap, initiatives),
            rows: views::rows(self.roadmap, initiatives),
            elsewhere: elsewhere
                .into_iter()
                .filter_map(|id| self.roadmap.initiative(id))
                .map(views::InitiativeRef::of)
                .collect(),
            health: views::health_lists(self.roadmap, initiatives),
            ..EngineeringBody::default()
        }
    }
}

/// Whether the engineering view of `roadmap` is split by team.
pub(super) fn splits(roadmap: &Roadmap) -> bool {
    roadmap.initiatives.len() > SPLIT_ABOVE
}
