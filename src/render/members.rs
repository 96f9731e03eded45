//! A portfolio's members' sections, each like the site the member would
//! build alone: its front page, its executive and engineering views and
//! its changelog, over its own goals and work only. The views are the
//! portfolio's own, given the member's part of the model.

use super::pages::{MemberView, Page};
use super::views::{self, ChangeView};
use super::{charts, RenderError, Site, CHANGES_PER_PAGE, LATEST_CHANGES};
use crate::model::Initiative;
use crate::portfolio::MemberRoadmap;
use minijinja::Value;
use serde::Serialize;

/// What each of a member's views shows above its own content: the
/// member, as its own roadmap names it, and the way to its other views.
#[derive(Serialize)]
struct MemberHeader<'a> {
    name: &'a str,
    title: &'a str,
    vision: &'a str,
    views: Vec<ViewLink>,
    /// Its changelog, from the site's root, for the link that the
    /// executive view makes to every change.
    changelog: String,
}

/// One entry of a member's navigation.
#[derive(Serialize)]
struct ViewLink {
    label: &'static str,
    /// From the site's root.
    path: String,
    current: bool,
}

impl<'a> Site<'a> {
    /// Every page of every view of every member this build publishes.
    pub(super) fn member_pages(&self) -> Vec<Page<'a>> {
        let mut pages = Vec::new();
        for name in views::members(self.roadmap) {
            for view in MemberView::ALL {
                let count = self.member_view_pages(name, view);
                let all = (1..=count).map(|page| member_page(name, view.at_page(page)));
                pages.extend(all.filter(|page| self.publishes(page)));
            }
        }
        pages
    }

    /// How many pages the member's `view` takes: its changelog as many as
    /// the portfolio's of as many changes, every other view one.
    fn member_view_pages(&self, name: &str, view: MemberView) -> usize {
        let count = match view {
            MemberView::Overview | MemberView::Executive | MemberView::Engineering => 1,
            MemberView::Changelog { .. } => {
                let changes = self.lookups.member_changes(name);
                changes.len().div_ceil(CHANGES_PER_PAGE)
            }
        };
        count.max(1)
    }

    /// Renders a member's view; `None` for no member this build publishes,
    /// or a page past the view's last.
    pub(super) fn member_view(
        &self,
        name: &str,
        view: MemberView,
    ) -> Option<Result<(), RenderError>> {
        let published = views::members(self.roadmap).contains(&name);
        if !published || view.page() == 0 || view.page() > self.member_view_pages(name, view) {
            return None;
        }
        let member = self.roadmap.members.iter().find(|m| m.name == name);
        let title = member.map_or(name, |m| m.title.as_str());
        let title = if title.is_empty() { name } else { title };
        let header = MemberHeader {
            name,
            title,
            vision: member.map_or("", |m| m.vision.as_str()),
            views: self.member_links(name, view),
            changelog: member_page(name, MemberView::Changelog { page: 1 }).path(),
        };
        let work = views::member_initiatives(self.roadmap, name);
        Some(match view {
            MemberView::Overview => self.member_overview(header, &work),
            MemberView::Executive => self.member_executive(header, &work),
            MemberView::Engineering => self.member_engineering(header, &work, member),
            MemberView::Changelog { page } => self.member_changelog(header, page),
        })
    }

    /// The member's navigation from its view `current`: the engineering
    /// view only where this build publishes it.
    fn member_links(&self, name: &str, current: MemberView) -> Vec<ViewLink> {
        let label = |view| match view {
            MemberView::Overview => "Overview",
            MemberView::Executive => "Executive",
            MemberView::Engineering => "Engineering",
            MemberView::Changelog { .. } => "Changes",
        };
        let published = MemberView::ALL
            .into_iter()
            .map(|view| (view, member_page(name, view)));
        published
            .filter(|(_, page)| self.publishes(page))
            .map(|(view, page)| ViewLink {
                label: label(view),
                path: page.path(),
                current: view == current.first_page(),
            })
            .collect()
    }

    fn render_member<T: Serialize>(
        &self,
        template: &str,
        header: MemberHeader,
        view: MemberView,
        page_title: &str,
        body: T,
    ) -> Result<(), RenderError> {
        let page = member_page(header.name, view);
        // The view's own names beside `member`.
        let member = minijinja::context! { member => header };
        let body = super::layered::layered([member, Value::from_serialize(&body)]);
        // No view of the portfolio's navigation is current: the member's is.
        self.render(template, &page, "members", page_title, body)
    }

    fn member_overview(
        &self,
        header: MemberHeader,
        work: &[&Initiative],
    ) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a> {
            goals: Vec<views::IndexGoal<'a>>,
            initiatives: Vec<views::WorkLine<'a>>,
        }
        let body = Body {
            goals: views::member_goals(self.roadmap, header.name),
            initiatives: work.iter().map(|i| views::work_line(i)).collect(),
        };
        let title = header.title.to_owned();
        self.render_member("member.html", header, MemberView::Overview, &title, body)
    }

    fn member_executive(
        &self,
        header: MemberHeader,
        work: &[&'a Initiative],
    ) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'b, 'a> {
            goals: Vec<views::ExecutiveGoal<'a>>,
            board: Vec<views::BoardColumn<'a>>,
            rest: Option<views::RestOfBoard>,
            done: Vec<views::Card<'a>>,
            more_done: usize,
            changes: Vec<&'b ChangeView<'a>>,
            on_time: Option<crate::model::OnTime>,
        }
        let name = header.name;
        // The rest of a column is in the member's table.
        let table = views::table_query(&member_page(name, MemberView::Engineering));
        let goals = views::member_goal_items(self.roadmap, name);
        let (done, more_done) = views::done_cards(self.roadmap, work);
        let mut changes = self.lookups.member_changes(name);
        changes.truncate(LATEST_CHANGES);
        let body = Body {
            goals: views::executive_goals_of(self.roadmap, &goals),
            board: views::board_of(self.roadmap, work, &table),
            rest: views::rest_of_board(self.roadmap, &table),
            done,
            more_done,
            changes,
            on_time: self.roadmap.finished_on_time_among(work),
        };
        let title = format!("{}: executive view", header.title);
        self.render_member(
            "executive.html",
            header,
            MemberView::Executive,
            &title,
            body,
        )
    }

    /// The member's engineering view: as the portfolio's own, that of a
    /// small member shows all of its work, and that of a large member its
    /// first initiatives and risks, the rest in its table's script. Its
    /// capacity is against the member's own.
    fn member_engineering(
        &self,
        header: MemberHeader,
        work: &[&'a Initiative],
        member: Option<&'a MemberRoadmap>,
    ) -> Result<(), RenderError> {
        let name = header.name;
        let this = member_page(name, MemberView::Engineering);
        let root = this.root();
        let mut body = if super::engineering::splits_at(work.len()) {
            self.overview_body(work, &root, Some(name))
        } else {
            // The critical chain runs across members: the portfolio's
            // engineering view shows it whole.
            self.engineering_body(work, &root, &[])
                .with_records(self, work, &root)
        };
        let demand = charts::Demand {
            effort: crate::schedule::effort_by_quarter(
                work.iter().map(|i| (i.status, i.schedule, i.effort)),
            ),
            capacity: member.and_then(|m| m.capacity.as_ref()),
            over: member.map(|m| m.over_capacity.clone()).unwrap_or_default(),
            today: self.roadmap.today.quarter(),
        };
        body.capacity_svg = charts::capacity(&demand);
        let (over, unestimated) = member.map_or((&[][..], &[][..]), |m| {
            (m.teams_over.as_slice(), m.unestimated.as_slice())
        });
        (body.capacity, body.capacity_rows) =
            views::capacity_with(self.roadmap, &demand, over, unestimated);
        // All of the work on the page is the member's.
        body.filters.retain(|filter| filter.name != "member");
        let title = body.paged(header.title, 1, 1, |_| this);
        self.render_member(
            "engineering.html",
            header,
            MemberView::Engineering,
            &title,
            body,
        )
    }

    /// Page `page` of the member's changelog.
    fn member_changelog(&self, header: MemberHeader, page: usize) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'b, 'a> {
            changes: Vec<&'b ChangeView<'a>>,
            page: usize,
            pages: usize,
            /// Its neighbouring pages, from the site's root.
            newer_path: Option<String>,
            older_path: Option<String>,
        }
        let changes = self.lookups.member_changes(header.name);
        let pages = changes.len().div_ceil(CHANGES_PER_PAGE).max(1);
        let path = |page| member_page(header.name, MemberView::Changelog { page }).path();
        let body = Body {
            changes: changes
                .into_iter()
                .skip((page - 1) * CHANGES_PER_PAGE)
                .take(CHANGES_PER_PAGE)
                .collect(),
            page,
            pages,
            newer_path: (page > 1).then(|| path(page - 1)),
            older_path: (page < pages).then(|| path(page + 1)),
        };
        let title = format!("{}: what changed and why", header.title);
        let view = MemberView::Changelog { page };
        self.render_member("changelog.html", header, view, &title, body)
    }
}

fn member_page(name: &str, view: MemberView) -> Page<'_> {
    Page::Member { name, view }
}
