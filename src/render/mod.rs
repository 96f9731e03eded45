//! Rendering: the validated model into pages, charts, a feed and exports,
//! written into the output stage. Pages render in parallel; each gets a
//! small context of its own rather than the whole roadmap.

mod charts;
mod engineering;
mod error;
pub mod escape;
mod export;
mod feed;
mod layered;
mod lookups;
mod members;
mod page_functions;
pub mod pages;
mod search;
pub mod theme;
mod views;

use crate::history::Subject;
use crate::markdown;
use crate::model::{Goal, Initiative, Roadmap};
use crate::output::Sink;
use crate::types::{GoalId, InitiativeId};
pub use error::RenderError;
pub use lookups::relisted;
use lookups::Lookups;
use minijinja::Value;
use pages::{Page, VIEWS};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::OnceLock;
use theme::Theme;
use views::{ChangeView, SiteView};

/// What to render: the whole site, or only the item pages a change
/// affected (`serve` then renders the summary views when they are asked for).
pub enum Selection {
    All,
    Items {
        initiatives: HashSet<InitiativeId>,
        goals: HashSet<GoalId>,
    },
}

impl Selection {
    /// The selected initiatives that `roadmap` has.
    fn initiatives<'r>(&self, roadmap: &'r Roadmap) -> Vec<&'r Initiative> {
        match self {
            Selection::All => roadmap.initiatives.iter().collect(),
            Selection::Items { initiatives, .. } => initiatives
                .iter()
                .filter_map(|id| roadmap.initiative(id))
                .collect(),
        }
    }

    /// The selected goals that `roadmap` has.
    fn goals<'r>(&self, roadmap: &'r Roadmap) -> Vec<&'r Goal> {
        match self {
            Selection::All => roadmap.goals.iter().collect(),
            Selection::Items { goals, .. } => {
                goals.iter().filter_map(|id| roadmap.goal(id)).collect()
            }
        }
    }
}

/// Renders the selected pages into `out`; returns the number of HTML pages.
pub fn render(
    roadmap: &Roadmap,
    theme: &Theme,
    base_url: &str,
    out: &dyn Sink,
    selection: &Selection,
) -> Result<usize, RenderError> {
    let site = Site::new(roadmap, theme, base_url, out);
    if let Selection::Items { .. } = selection {
        return site.item_pages(selection);
    }
    // Both at once, the views first among their jobs: the large exports
    // then start early, and no core idles at the end.
    let (views, items) = rayon::join(|| site.views(), || site.item_pages(selection));
    Ok(views? + items?)
}

impl Site<'_> {
    /// The initiative and goal pages of the selection; returns their number.
    fn item_pages(&self, selection: &Selection) -> Result<usize, RenderError> {
        let (initiatives, goals) = (
            selection.initiatives(self.roadmap),
            selection.goals(self.roadmap),
        );
        let every = initiatives.len() + goals.len() > FEW_PAGES;
        self.lookups.prepare(&initiatives, &goals, every);
        let initiatives = render_each(&initiatives, |initiative| self.initiative_page(initiative))?;
        let goals = render_each(&goals, |goal| self.goal_page(goal))?;
        Ok(initiatives + goals)
    }

    /// Every view and the assets; returns the number of HTML pages.
    fn views(&self) -> Result<usize, RenderError> {
        let views: Vec<Page> = VIEWS
            .into_iter()
            .chain(self.paged_views())
            .filter(|page| self.publishes(page))
            .collect();
        views
            .par_iter()
            .try_for_each(|page| self.view(page).unwrap_or(Ok(())))?;
        self.assets()?;
        Ok(views.iter().filter(|page| page.is_html()).count())
    }
}

/// Renders the page of each item, in parallel; returns how many there were.
fn render_each<T: Sync>(
    items: &[&T],
    page: impl Fn(&T) -> Result<(), RenderError> + Sync,
) -> Result<usize, RenderError> {
    items
        .par_iter()
        .with_max_len(crate::PARALLEL_BATCH)
        .map(|item| page(item).map(|()| 1))
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// Whether `path` is a view: a page or file that summarises the whole
/// roadmap, including team pages and later changelog pages.
pub fn is_view(path: &str) -> bool {
    Page::at(path).is_some_and(|page| page.is_view())
}

/// Changelog entries a page.
const CHANGES_PER_PAGE: usize = 500;

/// Up to this many item pages, what they look up is worked out for them
/// alone rather than for every item.
const FEW_PAGES: usize = 32;

/// Renders one of the views into `out`; `None` when `path` is not a view.
pub fn render_view(
    roadmap: &Roadmap,
    theme: &Theme,
    base_url: &str,
    path: &str,
    out: &dyn Sink,
) -> Option<Result<(), RenderError>> {
    Site::new(roadmap, theme, base_url, out).view(&Page::at(path)?)
}

/// What every page shares.
struct Site<'a> {
    roadmap: &'a Roadmap,
    theme: &'a Theme,
    out: &'a dyn Sink,
    view: SiteView<'a>,
    /// `view` for the templates, made once for every page.
    site: Value,
    base_url: String,
    lookups: Lookups<'a>,
    /// Worked out when a view first asks: item pages do not show it.
    critical: OnceLock<Vec<crate::types::InitiativeId>>,
    /// The search index's items and words, for the two scripts.
    search: OnceLock<(String, String)>,
}

/// Room for a page, made before it renders, so that it is seldom moved
/// while it grows: an item's page fits in the first, while a view of a
/// large roadmap (a team's table, the executive board) runs to hundreds of
/// kilobytes, which doubling from the first would copy over and over.
const ITEM_PAGE_CAPACITY: usize = 32 * 1024;
const VIEW_CAPACITY: usize = 1024 * 1024;

fn page_capacity(page: &Page) -> usize {
    match page {
        Page::Initiative(_) | Page::Goal(_) => ITEM_PAGE_CAPACITY,
        _ => VIEW_CAPACITY,
    }
}

/// The executive page shows this many of the latest changes.
const LATEST_CHANGES: usize = 5;

impl<'a> Site<'a> {
    fn new(roadmap: &'a Roadmap, theme: &'a Theme, base_url: &str, out: &'a dyn Sink) -> Site<'a> {
        let base_url = if base_url.ends_with('/') {
            base_url.to_owned()
        } else {
            format!("{base_url}/")
        };
        let view = SiteView::new(roadmap);
        Site {
            roadmap,
            theme,
            out,
            site: Value::from_serialize(&view),
            view,
            base_url,
            lookups: Lookups::new(roadmap),
            critical: OnceLock::new(),
            search: OnceLock::new(),
        }
    }

    fn changes(&self) -> &[ChangeView<'a>] {
        self.lookups.changes()
    }

    fn teams(&self) -> &views::Teams<'a> {
        self.lookups.teams()
    }

    /// The critical chain of the roadmap.
    fn critical(&self) -> &[crate::types::InitiativeId] {
        self.critical
            .get_or_init(|| crate::graph::critical_chain(self.roadmap))
    }

    fn render<T: Serialize>(
        &self,
        template: &str,
        page: &Page,
        section: &str,
        page_title: &str,
        body: T,
    ) -> Result<(), RenderError> {
        self.render_at_root(template, page, &page.root(), section, page_title, body)
    }

    fn render_at_root<T: Serialize>(
        &self,
        template: &str,
        page: &Page,
        root: &str,
        section: &str,
        page_title: &str,
        body: T,
    ) -> Result<(), RenderError> {
        let context = Value::from_object(layered::PageContext {
            site: self.site.clone(),
            root: Value::from(root),
            section: Value::from(section),
            page_title: Value::from(page_title),
            body: Value::from_serialize(&body),
        });
        let path = page.path();
        let failed = |error| RenderError::new(path.clone(), error, &self.theme.overrides);
        let room = page_capacity(page);
        let mut html = Vec::with_capacity(room);
        self.theme
            .env
            .get_template(template)
            .and_then(|template| template.render_captured_to(&context, &mut html).map(drop))
            .map_err(failed)?;
        if room == VIEW_CAPACITY {
            // A small view would hold its megabyte while it waits for the
            // writer. A large one stays where it is: the allocator moves
            // nothing to shrink a buffer by less than half.
            html.shrink_to_fit();
        }
        self.out.write(&path, html)?;
        Ok(())
    }

    fn initiative_page(&self, initiative: &Initiative) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a> {
            initiative: views::InitiativeFacts<'a>,
            goals: Vec<views::GoalRef<'a>>,
            prerequisites: Vec<views::InitiativeRef<'a>>,
            dependents: Vec<views::InitiativeRef<'a>>,
            summary_html: Value,
            details_html: Value,
            neighbourhood_svg: Value,
            /// Where the risk it inherits starts.
            risk: Option<views::RiskStory<'a>>,
            /// The prerequisites that bring that risk.
            at_risk_because: Vec<views::InitiativeRef<'a>>,
            conflicts: Vec<views::ConflictView<'a>>,
            /// The engineering page that lists it, from the site's root.
            listed_at: String,
            changes: Vec<ChangeView<'a>>,
        }
        let page = Page::Initiative(initiative.id.as_str());
        let root = page.root();
        let body = Body {
            initiative: initiative.into(),
            goals: views::goal_refs(self.roadmap, &initiative.goals),
            prerequisites: views::initiative_refs(self.roadmap, &initiative.depends_on),
            dependents: views::initiative_refs(self.roadmap, &initiative.dependents),
            summary_html: self.markdown_html(&initiative.summary_markdown),
            details_html: self.markdown_html(&initiative.details_markdown),
            neighbourhood_svg: Value::from_safe_string(charts::neighbourhood(
                self.roadmap,
                initiative,
                &root,
            )),
            risk: views::risk_story_beyond_conflicts(self.roadmap, initiative, "this"),
            at_risk_because: views::initiative_refs(self.roadmap, &initiative.at_risk_because),
            conflicts: views::conflicts(self.roadmap, initiative, "this"),
            listed_at: self.lookups.listed_at(initiative),
            changes: self
                .lookups
                .changes_of(Subject::Initiative, initiative.id.as_str()),
        };
        self.render(
            "initiative.html",
            &page,
            "engineering",
            &initiative.title,
            body,
        )
    }

    fn goal_page(&self, goal: &Goal) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a> {
            goal: &'a Goal,
            progress: u8,
            body_html: Value,
            initiatives: Vec<views::GoalInitiative<'a>>,
            risks: Vec<views::GoalRisk<'a>>,
            changes: Vec<ChangeView<'a>>,
        }
        let body = Body {
            goal,
            risks: views::goal_risks(self.roadmap, goal),
            progress: goal.progress,
            body_html: self.markdown_html(&goal.body_markdown),
            initiatives: views::goal_initiatives(self.roadmap, goal),
            changes: self.lookups.changes_of(Subject::Goal, goal.id.as_str()),
        };
        let page = Page::Goal(goal.id.as_str());
        self.render("goal.html", &page, "goals", &goal.title, body)
    }

    /// A body's Markdown as HTML, marked safe once here rather than
    /// copied by the template's `safe` filter.
    fn markdown_html(&self, markdown: &str) -> Value {
        Value::from_safe_string(markdown::to_html(markdown, 1, self.raw_html()))
    }

    fn raw_html(&self) -> markdown::RawHtml {
        self.roadmap.config.markdown.raw_html()
    }

    /// Renders a view; `None` when `page` is no view this site has.
    fn view(&self, page: &Page) -> Option<Result<(), RenderError>> {
        if !self.publishes(page) {
            return None;
        }
        Some(match *page {
            Page::Index => self.index_page(),
            Page::Executive => self.executive_page(),
            Page::Engineering => self.engineering_page(),
            Page::Changelog { page } => return self.changelog_page(page),
            Page::Team { slug, page } if self.split() => return self.team_page(slug, page),
            Page::TableData { part } => return self.table_data(part),
            Page::NotFound => self.not_found_page(),
            Page::Feed => self.feed(),
            Page::Json => self.json_export(),
            Page::Csv => self.csv_export(),
            Page::SearchItems => self.search_script(page, |(items, _)| items),
            Page::SearchWords => self.search_script(page, |(_, words)| words),
            Page::GoalsCsv => self.goals_csv_export(),
            Page::Member { name, view } => return self.member_view(name, view),
            _ => return None,
        })
    }

    /// Whether this build's audience profile publishes `page`: the
    /// engineering views and their team pages only where it says so.
    fn publishes(&self, page: &Page) -> bool {
        !matches!(
            page,
            Page::Engineering
                | Page::Team { .. }
                | Page::TableData { .. }
                | Page::Member {
                    view: pages::MemberView::Engineering,
                    ..
                }
        ) || self.roadmap.config.publishes_engineering()
    }

    fn index_page(&self) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a> {
            goals: Vec<views::IndexGoal<'a>>,
            members: Vec<&'a str>,
        }
        let body = Body {
            goals: views::index_goals(self.roadmap),
            members: views::members(self.roadmap),
        };
        self.render("index.html", &Page::Index, "index", self.view.title, body)
    }

    fn executive_page(&self) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a> {
            goals: Vec<views::ExecutiveGoal<'a>>,
            board: Vec<views::BoardColumn<'a>>,
            /// Where a reader finds the cards a board column leaves out.
            rest: Option<views::RestOfBoard>,
            /// What the board's filter script reads; empty when the
            /// engineering view, whose data it is, is not published.
            board_data: String,
            done: Vec<views::Card<'a>>,
            /// Done work beyond `done`.
            more_done: usize,
            changes: &'a [ChangeView<'a>],
            on_time: Option<crate::model::OnTime>,
        }
        let latest = self.changes().len().min(LATEST_CHANGES);
        let all: Vec<&Initiative> = self.roadmap.initiatives.iter().collect();
        let (done, more_done) = views::done_cards(self.roadmap, &all);
        let body = Body {
            goals: views::executive_goals(self.roadmap),
            board: views::board(self.roadmap),
            rest: views::rest_of_board(self.roadmap, &views::table_query(&Page::Engineering)),
            board_data: self.board_data_json(&Page::Executive.root()),
            done,
            more_done,
            changes: &self.changes()[..latest],
            on_time: self.roadmap.finished_on_time(),
        };
        self.render(
            "executive.html",
            &Page::Executive,
            "executive",
            "Executive view",
            body,
        )
    }

    fn changelog_page(&self, page: usize) -> Option<Result<(), RenderError>> {
        #[derive(Serialize)]
        struct Body<'a> {
            changes: &'a [ChangeView<'a>],
            page: usize,
            pages: usize,
        }
        let pages = self.changes().len().div_ceil(CHANGES_PER_PAGE).max(1);
        if page == 0 || page > pages {
            return None;
        }
        let start = (page - 1) * CHANGES_PER_PAGE;
        let end = (start + CHANGES_PER_PAGE).min(self.changes().len());
        let body = Body {
            changes: &self.changes()[start..end],
            page,
            pages,
        };
        Some(self.render(
            "changelog.html",
            &Page::Changelog { page },
            "changelog",
            "What changed and why",
            body,
        ))
    }

    /// Every page of the changelog after the first, and every team page.
    fn paged_views(&self) -> Vec<Page<'_>> {
        let pages = self.changes().len().div_ceil(CHANGES_PER_PAGE);
        let mut paged: Vec<Page> = (2..=pages).map(|page| Page::Changelog { page }).collect();
        paged.extend(self.member_pages());
        if self.split() {
            for (slug, (_, initiatives)) in self.teams() {
                let pages = initiatives.len().div_ceil(views::TEAM_PAGE_SIZE);
                paged.extend((1..=pages).map(|page| Page::Team { slug, page }));
            }
        }
        // The executive board reads them too, at any size.
        paged.extend((1..=self.table_parts()).map(|part| Page::TableData { part }));
        paged
    }

    /// Served for any missing address, so its links start from the site's
    /// base path rather than from where the page happens to be.
    fn not_found_page(&self) -> Result<(), RenderError> {
        let root = base_path(&self.base_url);
        self.render_at_root("404.html", &Page::NotFound, &root, "", "Page not found", ())
    }

    fn feed(&self) -> Result<(), RenderError> {
        let feed = feed::feed(self.roadmap, self.changes(), &self.base_url);
        self.render_at_root("changelog.xml", &Page::Feed, "", "", "", feed)
    }

    fn json_export(&self) -> Result<(), RenderError> {
        let mut produce = |out: &mut dyn std::io::Write| {
            export::json(self.roadmap, &self.base_url, self.critical(), out)
        };
        Ok(self.out.write_streamed(&Page::Json.path(), &mut produce)?)
    }

    fn csv_export(&self) -> Result<(), RenderError> {
        let mut produce = |out: &mut dyn std::io::Write| export::csv(self.roadmap, out);
        Ok(self.out.write_streamed(&Page::Csv.path(), &mut produce)?)
    }

    fn goals_csv_export(&self) -> Result<(), RenderError> {
        let mut produce = |out: &mut dyn std::io::Write| export::goals_csv(self.roadmap, out);
        Ok(self
            .out
            .write_streamed(&Page::GoalsCsv.path(), &mut produce)?)
    }

    /// The theme's stylesheet and script.
    fn assets(&self) -> Result<(), RenderError> {
        self.out.write(
            &Page::Stylesheet.path(),
            theme::STYLESHEET.as_bytes().to_vec(),
        )?;
        self.out.write(
            &Page::FilterScript.path(),
            theme::FILTER_SCRIPT.as_bytes().to_vec(),
        )?;
        Ok(self.out.write(
            &Page::SearchScript.path(),
            theme::SEARCH_SCRIPT.as_bytes().to_vec(),
        )?)
    }

    /// Writes one of the search index's two scripts, worked out once for
    /// both.
    fn search_script(
        &self,
        page: &Page,
        which: impl Fn(&(String, String)) -> &String,
    ) -> Result<(), RenderError> {
        let scripts = self.search.get_or_init(|| search::scripts(self.roadmap));
        Ok(self
            .out
            .write(&page.path(), which(scripts).as_bytes().to_vec())?)
    }
}

/// The path part of a base URL: `/roadmap/` of `https://host/roadmap/`.
pub fn base_path(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => base_url,
    };
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_paths_come_from_urls_and_paths() {
        assert_eq!(
            super::base_path("https://host.internal/roadmap/"),
            "/roadmap/"
        );
        assert_eq!(super::base_path("https://host.internal"), "/");
        assert_eq!(super::base_path("/docs"), "/docs/");
    }
}
