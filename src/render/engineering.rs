//! The engineering view: one page while the roadmap is small, and above
//! that an overview of teams with a page of its own for each team, which a
//! large team spreads over several pages.

use super::escape::{script_json, write_script_json};
use super::pages::Page;
use super::views;
use super::{charts, RenderError, Site};
use crate::model::{Initiative, Roadmap};
use crate::types::InitiativeId;
use foldhash::HashSet;
use serde::Serialize;

/// Above this many initiatives the engineering view is split by team, so
/// that no page grows past what a browser opens quickly.
const SPLIT_ABOVE: usize = 300;

/// The initiatives, and the risks, that the overview of a split view lists
/// in its HTML, for readers without JavaScript: the script pages through
/// all of them.
const OVERVIEW_ROWS: usize = 100;

/// Initiatives in one script of the table's data of a view not split by
/// team, so that no file the board loads grows past what a browser reads
/// quickly. A split view has a script for each team page instead, which
/// that page loads alone and the overview with the others.
const TABLE_PART: usize = 1000;

/// The engineering view, whole or for one team, or its overview.
#[derive(Serialize, Default)]
pub(super) struct EngineeringBody<'a> {
    /// The team of a team page, or the member of a member's view.
    team: Option<String>,
    /// The overview of a split view links to these.
    teams: Vec<views::TeamLink>,
    /// The pages of a large team.
    team_pages: Vec<views::PageLink>,
    /// Charts are empty when absent, so that templates test them as text:
    /// `{% if timeline_svg %}` (`| length` would count every character).
    timeline_svg: String,
    critical: Vec<views::InitiativeRef<'a>>,
    pub(super) capacity_svg: String,
    pub(super) capacity: Option<views::CapacityView<'a>>,
    pub(super) capacity_rows: Vec<views::CapacityRow>,
    matrix_svg: String,
    matrix_rows: Vec<views::MatrixRow<'a>>,
    risks: Vec<views::RiskRow<'a>>,
    pub(super) filters: Vec<views::Filter>,
    rows: Vec<views::Row<'a>>,
    /// Every initiative's row, when the page lists more than its HTML holds.
    rows_total: usize,
    /// Every risk of live work, when the page lists more than its HTML holds.
    risks_total: usize,
    /// What the table's script reads: goal titles, page paths, and the
    /// records unless `table_parts` name the scripts that hold them.
    table_data: String,
    table_parts: Vec<String>,
    portfolio: Option<views::Portfolio>,
    /// Prerequisites on other teams' pages.
    elsewhere: Vec<views::InitiativeRef<'a>>,
    health: views::HealthLists<'a>,
}

impl<'a> Site<'a> {
    pub(super) fn engineering_page(&self) -> Result<(), RenderError> {
        let all: Vec<&Initiative> = self.roadmap.initiatives.iter().collect();
        let (capacity, capacity_rows) = views::capacity(self.roadmap);
        let root = Page::Engineering.root();
        let mut body = if self.split() {
            self.overview_body(&all, &root, None)
        } else {
            self.engineering_body(&all, &root, self.critical())
                .with_records(self, &all, &root)
        };
        body.portfolio = charts::default_window(self.roadmap, &all)
            .map(|window| views::portfolio(self.roadmap, window, self.split()));
        body.capacity_svg = charts::capacity(&charts::Demand::of(self.roadmap));
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
        let root = this.root();
        let mut body = self.engineering_body(chunk, &root, self.critical());
        // The page's records are in its own script of the table's data,
        // which the overview loads too, rather than written twice.
        let part = self.team_part(slug, page)?;
        body.table_data = self.table_data_json(None, &root, None, false);
        body.table_parts = vec![Page::TableData { part }.path()];
        let title = body.paged(name, page, pages, |page| Page::Team { slug, page });
        Some(self.render("engineering.html", &this, "engineering", &title, body))
    }

    /// The overview of a view split by team: links to the teams, and the
    /// first of every live risk and initiative, whose data the table's
    /// script loads in parts; of a portfolio's `member`, the member's only.
    pub(super) fn overview_body<'s>(
        &'s self,
        all: &[&'s Initiative],
        root: &str,
        member: Option<&str>,
    ) -> EngineeringBody<'s> {
        let mut risks = views::risks(all);
        let risks_total = risks.len();
        risks.truncate(OVERVIEW_ROWS);
        let first = &all[..all.len().min(OVERVIEW_ROWS)];
        EngineeringBody {
            // A member's work is on the teams' pages among the others'.
            teams: match member {
                None => views::team_links(self.teams()),
                Some(_) => Vec::new(),
            },
            health: views::health_lists(self.roadmap, all),
            risks,
            risks_total,
            filters: views::filters(self.roadmap, all),
            rows: views::rows(self.roadmap, first),
            rows_total: all.len(),
            table_data: self.table_data_json(None, root, member, true),
            table_parts: (1..=self.table_parts())
                .map(|part| Page::TableData { part }.path())
                .collect(),
            ..EngineeringBody::default()
        }
    }

    /// How many scripts hold the table's data, which a split view's
    /// overview loads, and the executive board when its address filters:
    /// one for each team page of a split view.
    pub(super) fn table_parts(&self) -> usize {
        if self.split() {
            self.team_chunks().count()
        } else {
            self.roadmap.initiatives.len().div_ceil(TABLE_PART)
        }
    }

    /// The initiatives of each team page, in the order of the table's
    /// scripts: by team, then by page.
    fn team_chunks(&self) -> impl Iterator<Item = (&str, usize, &[&'a Initiative])> {
        self.teams().iter().flat_map(|(slug, (_, initiatives))| {
            (1..)
                .zip(initiatives.chunks(views::TEAM_PAGE_SIZE))
                .map(move |(page, chunk)| (slug.as_str(), page, chunk))
        })
    }

    /// The number of the table's script that holds a team page's records.
    fn team_part(&self, slug: &str, page: usize) -> Option<usize> {
        (1..)
            .zip(self.team_chunks())
            .find(|(_, (team, number, _))| *team == slug && *number == page)
            .map(|(part, _)| part)
    }

    /// Writes one script of the table's data.
    pub(super) fn table_data(&self, part: usize) -> Option<Result<(), RenderError>> {
        let index = part.checked_sub(1)?;
        let chunk: Vec<&Initiative> = if self.split() {
            let (_, _, chunk) = self.team_chunks().nth(index)?;
            chunk.to_vec()
        } else {
            let initiatives = self.roadmap.initiatives.iter();
            initiatives
                .skip(index * TABLE_PART)
                .take(TABLE_PART)
                .collect()
        };
        if chunk.is_empty() {
            return None;
        }
        let mut script = b"(self.waymarkTable = self.waymarkTable || []).push(".to_vec();
        write_script_json(&mut script, &views::records(&chunk));
        script.extend_from_slice(b");\n");
        let page = Page::TableData { part };
        Some(self.out.write(&page.path(), script).map_err(Into::into))
    }

    /// The table's data for the page's script, as JSON safe inside a
    /// `<script>` element: goal titles, page paths from `root`, the
    /// `initiatives`' records when the page carries them itself, the
    /// portfolio's `member` whose work alone the page lists, and whether
    /// the records its scripts hold are to be listed `by_id`, as the
    /// roadmap lists them, rather than in the order they come.
    fn table_data_json(
        &self,
        initiatives: Option<&[&Initiative]>,
        root: &str,
        member: Option<&str>,
        by_id: bool,
    ) -> String {
        #[derive(Serialize)]
        struct TableData<'a> {
            goals: std::collections::BTreeMap<&'a str, &'a str>,
            initiative_path: String,
            goal_path: String,
            records: Option<Vec<views::Record<'a>>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            member: Option<&'a str>,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            by_id: bool,
        }
        let data = TableData {
            goals: self.goal_titles(),
            initiative_path: format!("{root}{}", Page::Initiative("{id}").path()),
            goal_path: format!("{root}{}", Page::Goal("{id}").path()),
            records: initiatives.map(views::records),
            member,
            by_id,
        };
        script_json(&data)
    }

    /// Each goal's title by its id, for the filter scripts' goal names.
    fn goal_titles(&self) -> std::collections::BTreeMap<&'a str, &'a str> {
        let goals = self.roadmap.goals.iter();
        goals.map(|g| (g.id.as_str(), g.title.as_str())).collect()
    }

    /// What the executive board's filter script reads, as JSON safe
    /// inside a `<script>` element: the table's data scripts, which it
    /// loads only when the address filters, and the pages it links to from
    /// `root`. Empty when the engineering view is not published, as the
    /// data is that view's.
    pub(super) fn board_data_json(&self, root: &str) -> String {
        #[derive(Serialize)]
        struct BoardData<'a> {
            goals: std::collections::BTreeMap<&'a str, &'a str>,
            /// The most cards a column shows.
            cards: usize,
            parts: Vec<String>,
            engineering: String,
            initiative_path: String,
            goal_path: String,
        }
        if !self.roadmap.config.publishes_engineering() {
            return String::new();
        }
        let data = BoardData {
            goals: self.goal_titles(),
            cards: views::BOARD_CARDS,
            parts: (1..=self.table_parts())
                .map(|part| format!("{root}{}", Page::TableData { part }.path()))
                .collect(),
            engineering: format!("{root}{}", Page::Engineering.path()),
            initiative_path: format!("{root}{}", Page::Initiative("{id}").path()),
            goal_path: format!("{root}{}", Page::Goal("{id}").path()),
        };
        script_json(&data)
    }

    /// The timeline, matrix, risks and table of some initiatives, the
    /// timeline highlighting the `critical` chain, with their
    /// prerequisites that are elsewhere listed as links.
    pub(super) fn engineering_body<'s>(
        &'s self,
        initiatives: &[&'s Initiative],
        root: &str,
        critical: &[InitiativeId],
    ) -> EngineeringBody<'s> {
        let here: HashSet<&InitiativeId> = initiatives.iter().map(|i| &i.id).collect();
        // In id order, as the roadmap lists its initiatives.
        let elsewhere: std::collections::BTreeSet<&InitiativeId> = initiatives
            .iter()
            .flat_map(|i| i.depends_on.iter())
            .filter(|id| !here.contains(id))
            .collect();
        EngineeringBody {
            timeline_svg: charts::timeline(self.roadmap, initiatives, critical, root),
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

impl EngineeringBody<'_> {
    /// The body with the records of its `initiatives` in its own script,
    /// for a view not split by team, with links from `root`.
    pub(super) fn with_records(
        mut self,
        site: &Site<'_>,
        initiatives: &[&Initiative],
        root: &str,
    ) -> Self {
        self.table_data = site.table_data_json(Some(initiatives), root, None, false);
        self
    }

    /// Makes this page `page` of `pages` of the engineering view of
    /// `owner`, a team or a member, whose pages are `page_of` each number;
    /// returns the page's title.
    pub(super) fn paged<'p>(
        &mut self,
        owner: &str,
        page: usize,
        pages: usize,
        page_of: impl Fn(usize) -> Page<'p>,
    ) -> String {
        self.team = Some(owner.to_owned());
        self.team_pages = (1..=pages)
            .map(|number| views::PageLink {
                number,
                path: page_of(number).path(),
                current: number == page,
            })
            .collect();
        if pages > 1 {
            format!("{owner}: engineering view, page {page} of {pages}")
        } else {
            format!("{owner}: engineering view")
        }
    }
}

/// Whether the engineering view of `roadmap` is split by team.
pub(super) fn splits(roadmap: &Roadmap) -> bool {
    splits_at(roadmap.initiatives.len())
}

/// Whether an engineering view of `count` initiatives shows only the first
/// of them, too many for one page's timeline and table.
pub(super) fn splits_at(count: usize) -> bool {
    count > SPLIT_ABOVE
}
