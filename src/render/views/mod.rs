//! What each page shows, as small serialisable structs built from the
//! model. A page's template sees only its own struct: the executive page's
//! types have no field for risks, effort, dependencies or technical
//! details, so no template change can leak them there.

mod engineering;
mod health;
mod members;
mod teams;

pub use engineering::*;
pub use health::*;
pub use members::*;
pub use teams::*;

use super::pages::Page;
use crate::history::Subject;
use crate::model::{progress_of, Change, Goal, Initiative, Roadmap};
use crate::types::{GoalId, Horizon, InitiativeId, Level, Status};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub vision: &'a str,
    pub built_on: String,
    /// Whether the engineering view is published, so that no page links
    /// to it when it is not.
    pub engineering: bool,
    /// The commit the site was built from, for the printed stamp.
    pub revision: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(roadmap: &'a Roadmap) -> SiteView<'a> {
        SiteView {
            title: &roadmap.config.title,
            description: &roadmap.config.description,
            vision: &roadmap.config.vision,
            built_on: roadmap.today.to_string(),
            engineering: roadmap.config.publishes_engineering(),
            revision: roadmap.revision.as_deref(),
        }
    }
}

/// One changelog entry, with a link to its item while that is on the roadmap.
#[derive(Serialize, Clone)]
pub struct ChangeView<'a> {
    pub date: String,
    pub subject: Subject,
    pub id: &'a str,
    /// The item's page, from the site's root.
    pub path: Option<String>,
    pub title: &'a str,
    pub change: &'a str,
    pub why: &'a str,
    pub author: Option<&'a str>,
    pub commit: Option<&'a str>,
}

/// Every change of the roadmap, newest first.
pub fn all_changes(roadmap: &Roadmap) -> Vec<ChangeView<'_>> {
    roadmap.changes.iter().map(change_view).collect()
}

/// A change as pages show it.
pub fn change_view(change: &Change) -> ChangeView<'_> {
    ChangeView {
        date: change.date.to_string(),
        subject: change.subject,
        id: &change.id,
        path: change
            .current
            .then(|| Page::item(change.subject, &change.id).path()),
        title: &change.title,
        change: &change.change,
        why: &change.why,
        author: change.author.as_deref(),
        commit: change.commit.as_deref(),
    }
}

/// A number without a needless `.0`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').to_owned()
    }
}

pub fn schedule_text(initiative: &Initiative) -> String {
    match initiative.schedule {
        Some(s) if s.start == s.end => s.start.to_string(),
        Some(s) => format!("{} – {}", s.start, s.end),
        None => "unscheduled".to_owned(),
    }
}

#[derive(Serialize)]
pub struct GoalRef<'a> {
    pub id: &'a GoalId,
    pub title: &'a str,
}

pub fn goal_refs<'a>(roadmap: &'a Roadmap, ids: &'a [GoalId]) -> Vec<GoalRef<'a>> {
    ids.iter()
        .filter_map(|id| roadmap.goal(id))
        .map(|goal| GoalRef {
            id: &goal.id,
            title: &goal.title,
        })
        .collect()
}

#[derive(Serialize)]
pub struct InitiativeRef<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub flags: Flags,
}

impl<'a> InitiativeRef<'a> {
    pub fn of(i: &'a Initiative) -> InitiativeRef<'a> {
        InitiativeRef {
            id: &i.id,
            title: &i.title,
            status: i.status,
            status_label: i.status.label(),
            flags: Flags::of(i),
        }
    }
}

pub fn initiative_refs<'a>(
    roadmap: &'a Roadmap,
    ids: &'a [InitiativeId],
) -> Vec<InitiativeRef<'a>> {
    ids.iter()
        .filter_map(|id| roadmap.initiative(id))
        .map(InitiativeRef::of)
        .collect()
}

// ---- the start page ----

#[derive(Serialize)]
pub struct IndexGoal<'a> {
    pub id: &'a GoalId,
    pub title: &'a str,
    pub target: Option<String>,
    pub initiative_count: usize,
    pub progress: u8,
}

pub fn index_goals(roadmap: &Roadmap) -> Vec<IndexGoal<'_>> {
    roadmap
        .goals
        .iter()
        .map(|goal| IndexGoal {
            id: &goal.id,
            title: &goal.title,
            target: goal.target.map(|q| q.to_string()),
            initiative_count: goal.initiatives.len(),
            progress: goal.progress,
        })
        .collect()
}

// ---- the executive page ----

#[derive(Serialize)]
pub struct ExecutiveGoal<'a> {
    pub id: &'a GoalId,
    pub title: &'a str,
    pub owner: Option<&'a str>,
    pub target: Option<String>,
    pub metrics: &'a [crate::frontmatter::GoalMetric],
    pub progress: u8,
    pub at_risk: bool,
    /// "On track" or "At risk".
    pub status: &'static str,
    /// Why, work by work, as far as this audience may see.
    pub risks: Vec<GoalRisk<'a>>,
    /// Its open work that matters most, at most `GOAL_ITEMS`, or one on a
    /// page of many goals.
    pub top_items: Vec<GoalItem<'a>>,
    /// Open work beyond `top_items`.
    pub more_items: usize,
}

/// A goal's open initiative on the executive page: how far it is and how
/// it is doing, in words.
#[derive(Serialize)]
pub struct GoalItem<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub progress: u8,
    pub health: String,
}

/// The most initiatives a goal card names.
pub const GOAL_ITEMS: usize = 3;

/// Beyond this many goals, a card names only its most troubled initiative,
/// so that the executive page of a large portfolio stays under 1 MB.
const MANY_GOALS: usize = 60;

/// How many initiatives each goal card names, among `goals` goals.
fn items_per_goal(goals: usize) -> usize {
    if goals > MANY_GOALS {
        1
    } else {
        GOAL_ITEMS
    }
}

/// An initiative as a business reader sees it: no technical details,
/// risks, effort or dependencies.
#[derive(Serialize)]
pub struct Card<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub summary: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub target: Option<String>,
    pub goals: Vec<GoalRef<'a>>,
    pub flags: Flags,
    /// Where the risk it inherits starts, in words.
    pub risk: Option<RiskStory<'a>>,
    pub progress: u8,
    /// "On track", or what is wrong: "Overdue by 1 quarter, blocked".
    pub health: String,
    pub troubled: bool,
}

#[derive(Serialize)]
pub struct BoardColumn<'a> {
    /// Cards left out so that a column fits a screen.
    pub more: usize,
    /// The engineering table's filters that list the whole column: its
    /// horizon and the statuses of open work, as a URL query.
    pub query: String,
    /// The engineering table filtered by `query`, from the site's root.
    pub more_path: String,
    pub horizon: Horizon,
    pub label: &'static str,
    pub cards: Vec<Card<'a>>,
}

pub fn executive_goals(roadmap: &Roadmap) -> Vec<ExecutiveGoal<'_>> {
    let goals: Vec<&Goal> = roadmap.goals.iter().collect();
    executive_goals_of(roadmap, &goals)
}

/// Some of the roadmap's goals, as the executive page shows them.
pub fn executive_goals_of<'r>(roadmap: &'r Roadmap, goals: &[&'r Goal]) -> Vec<ExecutiveGoal<'r>> {
    let shown = items_per_goal(goals.len());
    goals
        .iter()
        .map(|&goal| {
            let mut open: Vec<&Initiative> = goal
                .initiatives
                .iter()
                .filter_map(|id| roadmap.initiative(id))
                .filter(|i| is_open(i))
                .collect();
            open.sort_by(|a, b| importance(a).cmp(&importance(b)));
            let more_items = open.len().saturating_sub(shown);
            ExecutiveGoal {
                id: &goal.id,
                title: &goal.title,
                owner: goal.owner.as_deref(),
                target: goal.target.map(|q| q.to_string()),
                metrics: &goal.metrics,
                progress: goal.progress,
                at_risk: goal.at_risk,
                status: if goal.at_risk { "At risk" } else { "On track" },
                risks: goal_risks(roadmap, goal),
                top_items: open
                    .into_iter()
                    .take(shown)
                    .map(|i| GoalItem {
                        id: &i.id,
                        title: &i.title,
                        progress: progress_of(i),
                        health: health_words(i),
                    })
                    .collect(),
                more_items,
            }
        })
        .collect()
}

/// Work neither done nor dropped.
fn is_open(initiative: &Initiative) -> bool {
    !matches!(initiative.status, Status::Done | Status::Dropped)
}

/// The order in which a reader with little time should see open work:
/// troubled work first, then by the quarter it is due to end, unscheduled
/// last; the id keeps the order stable.
fn importance(initiative: &Initiative) -> (bool, bool, Option<crate::types::Quarter>, &str) {
    let end = initiative.schedule.map(|s| s.end);
    (
        !initiative.at_risk,
        end.is_none(),
        end,
        initiative.id.as_str(),
    )
}

/// How an initiative is doing, in words: "On track", or each thing that
/// is wrong, worst first.
pub fn health_words(initiative: &Initiative) -> String {
    let mut wrong = Vec::new();
    if let Some(quarters) = initiative.overdue_by {
        wrong.push(format!(
            "overdue by {}",
            crate::diagnostic::plural(quarters as usize, "quarter")
        ));
    }
    match initiative.status {
        Status::Blocked => wrong.push("blocked".to_owned()),
        Status::AtRisk => wrong.push("at risk".to_owned()),
        _ if initiative.risk_origin.is_some() => {
            wrong.push("at risk from its prerequisites".to_owned())
        }
        _ if initiative.at_risk && wrong.is_empty() => wrong.push("at risk".to_owned()),
        _ => {}
    }
    let words = if wrong.is_empty() {
        "on track".to_owned()
    } else {
        wrong.join(", ")
    };
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn card<'a>(roadmap: &'a Roadmap, initiative: &'a Initiative) -> Card<'a> {
    Card {
        id: &initiative.id,
        title: &initiative.title,
        summary: &initiative.summary,
        status: initiative.status,
        status_label: initiative.status.label(),
        target: initiative.schedule.map(|s| s.end.to_string()),
        goals: goal_refs(roadmap, &initiative.goals),
        flags: Flags::of(initiative),
        risk: risk_story(roadmap, initiative, "this"),
        progress: progress_of(initiative),
        health: health_words(initiative),
        troubled: initiative.at_risk,
    }
}

/// The most cards a board column shows: about a screenful. The rest are
/// a link away.
pub const BOARD_CARDS: usize = 8;

/// Open work by horizon, each column in order of importance (troubled
/// work first, then by end quarter), at most `BOARD_CARDS` a column.
pub fn board(roadmap: &Roadmap) -> Vec<BoardColumn<'_>> {
    let all: Vec<&Initiative> = roadmap.initiatives.iter().collect();
    board_of(roadmap, &all, &table_query(&Page::Engineering, None))
}

/// The address of the table at `page` with the start of a query, to which
/// a filter is added, and `member`'s filter when given.
pub fn table_query(page: &Page, member: Option<&str>) -> String {
    match member {
        Some(member) => format!("{}?member={member}&", page.path()),
        None => format!("{}?", page.path()),
    }
}

/// The board of some initiatives, whose columns' cards left out are
/// listed in the table at `table` (see [`table_query`]).
pub fn board_of<'r>(
    roadmap: &'r Roadmap,
    initiatives: &[&'r Initiative],
    table: &str,
) -> Vec<BoardColumn<'r>> {
    Horizon::ALL
        .iter()
        .map(|&horizon| {
            let mut items: Vec<&Initiative> = initiatives
                .iter()
                .copied()
                .filter(|i| i.horizon == horizon && is_open(i))
                .collect();
            items.sort_by(|a, b| importance(a).cmp(&importance(b)));
            let more = items.len().saturating_sub(BOARD_CARDS);
            items.truncate(BOARD_CARDS);
            BoardColumn {
                more,
                query: column_query(horizon),
                more_path: format!("{table}{}#initiatives", column_query(horizon)),
                horizon,
                label: match horizon {
                    Horizon::Now => "Now",
                    Horizon::Next => "Next",
                    Horizon::Later => "Later",
                },
                cards: items.into_iter().map(|i| card(roadmap, i)).collect(),
            }
        })
        .collect()
}

/// The engineering table's filters for a board column: its horizon, and
/// every status but done and dropped, as the board shows open work only.
fn column_query(horizon: Horizon) -> String {
    let open = [
        Status::Proposed,
        Status::Planned,
        Status::InProgress,
        Status::AtRisk,
        Status::Blocked,
    ];
    let statuses = open.map(|status| format!("&status={}", status.as_str()));
    format!("horizon={}{}", serde_name(horizon), statuses.concat())
}

/// Where the work the board leaves out is listed: the engineering view's
/// table, which each column's `more_path` filters to the column.
#[derive(Serialize)]
pub struct RestOfBoard {
    /// Where the link leads, after "And 12 more".
    pub words: &'static str,
    /// The table filtered to done work, from the site's root.
    pub done_path: String,
}

/// The engineering view's table of every initiative, which the overview
/// of a view split by team holds too; `None` when the engineering view is
/// not published.
pub fn rest_of_board(roadmap: &Roadmap, table: &str) -> Option<RestOfBoard> {
    if !roadmap.config.publishes_engineering() {
        return None;
    }
    Some(RestOfBoard {
        words: "in the list of every initiative",
        done_path: format!("{table}status=done#initiatives"),
    })
}

/// The most done initiatives the executive page names.
pub const DONE_SHOWN: usize = 12;

/// Done work, the latest to end first, at most `DONE_SHOWN` of it; and how
/// much more there is.
pub fn done_cards<'r>(
    roadmap: &'r Roadmap,
    initiatives: &[&'r Initiative],
) -> (Vec<Card<'r>>, usize) {
    let mut done: Vec<&Initiative> = initiatives
        .iter()
        .copied()
        .filter(|i| i.status == Status::Done)
        .collect();
    // Stable: of equal ends, roadmap order.
    done.sort_by_key(|i| std::cmp::Reverse(i.schedule.map(|s| s.end)));
    let more = done.len().saturating_sub(DONE_SHOWN);
    let shown = done.into_iter().take(DONE_SHOWN);
    (shown.map(|i| card(roadmap, i)).collect(), more)
}

// ---- the engineering page ----

#[derive(Serialize)]
pub struct GoalInitiative<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub schedule: String,
    pub progress: u8,
    pub flags: Flags,
}

pub fn goal_initiatives<'a>(roadmap: &'a Roadmap, goal: &'a Goal) -> Vec<GoalInitiative<'a>> {
    goal.initiatives
        .iter()
        .filter_map(|id| roadmap.initiative(id))
        .map(|i| GoalInitiative {
            id: &i.id,
            title: &i.title,
            status: i.status,
            status_label: i.status.label(),
            schedule: schedule_text(i),
            progress: progress_of(i),
            flags: Flags::of(i),
        })
        .collect()
}

/// An initiative as its own page shows it: the model's facts, without the
/// Markdown sources that the page shows rendered.
#[derive(Serialize)]
pub struct InitiativeFacts<'a> {
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub kind: crate::types::Kind,
    pub category: Option<&'a str>,
    pub horizon: Horizon,
    pub needs_review: bool,
    pub summary: &'a str,
    pub schedule: Option<crate::schedule::Schedule>,
    /// The schedule in words: "2027-Q1 – 2027-Q2", or "unscheduled".
    pub schedule_text: String,
    pub progress: Option<u8>,
    pub effort: Option<f64>,
    pub owner: Option<&'a str>,
    pub team: Option<&'a str>,
    pub cost: Option<u8>,
    pub impact: Option<u8>,
    pub reviewed: Option<crate::types::Day>,
    pub risks: &'a [crate::frontmatter::Risk],
    pub metrics: &'a [crate::frontmatter::Metric],
    pub links: &'a [crate::frontmatter::Link],
    pub hidden_prerequisites: usize,
    pub flags: Flags,
    /// The quarter it was to end in, when overdue.
    pub overdue_since: Option<String>,
    pub first_planned_end: Option<crate::types::Quarter>,
    pub slips: u32,
    pub slipped_quarters: u32,
    /// "Slipped twice, 3 quarters in all since first planned for
    /// 2026-Q4"; `None` when it never slipped.
    pub slipped: Option<String>,
    /// "Progress from 14 Jira issues, exported 2026-11-28"; `None` when
    /// progress is not imported.
    pub tracked: Option<String>,
}

impl<'a> From<&'a Initiative> for InitiativeFacts<'a> {
    fn from(i: &'a Initiative) -> Self {
        InitiativeFacts {
            title: &i.title,
            status: i.status,
            status_label: i.status.label(),
            kind: i.kind,
            category: i.category.as_deref(),
            horizon: i.horizon,
            needs_review: i.needs_review,
            summary: &i.summary,
            schedule: i.schedule,
            schedule_text: schedule_text(i),
            progress: i.progress,
            effort: i.effort,
            owner: i.owner.as_deref(),
            team: i.team.as_deref(),
            cost: i.cost,
            impact: i.impact,
            reviewed: i.reviewed,
            risks: &i.risks,
            metrics: &i.metrics,
            links: &i.links,
            hidden_prerequisites: i.hidden_prerequisites,
            flags: Flags::of(i),
            overdue_since: i.schedule.filter(|_| i.overdue).map(|s| s.end.to_string()),
            first_planned_end: i.first_planned_end,
            slips: i.slips,
            slipped_quarters: i.slipped_quarters,
            slipped: slipped_text(i),
            tracked: i.tracked.as_ref().map(crate::frontmatter::Tracked::words),
        }
    }
}

/// How an initiative's end slipped, in words; `None` when it never did.
pub fn slipped_text(initiative: &Initiative) -> Option<String> {
    let first = initiative.first_planned_end?;
    let quarters = match initiative.slipped_quarters {
        1 => "a quarter".to_owned(),
        n => format!("{n} quarters"),
    };
    match initiative.slips {
        0 => None,
        1 => Some(format!(
            "Slipped once, by {quarters}, since first planned for {first}"
        )),
        slips => Some(format!(
            "Slipped {}, {quarters} in all since first planned for {first}",
            times(slips)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::generated;

    #[test]
    fn board_columns_show_a_screenful_troubled_work_first_then_by_end() {
        let roadmap = generated(100);
        let columns = board(&roadmap);
        assert!(
            columns.iter().any(|c| c.more > 0),
            "100 items fit the board"
        );
        for column in &columns {
            assert!(column.cards.len() <= 8, "{} cards", column.cards.len());
            let open = roadmap
                .initiatives
                .iter()
                .filter(|i| i.horizon == column.horizon && is_open(i))
                .count();
            assert_eq!(column.cards.len() + column.more, open);
            let shown: Vec<&Initiative> = column
                .cards
                .iter()
                .map(|card| roadmap.initiative(card.id).unwrap())
                .collect();
            let order: Vec<_> = shown
                .iter()
                .map(|i| (!i.at_risk, i.schedule.map(|s| s.end)))
                .collect();
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(order, sorted, "column {:?}", column.horizon);
        }
        let troubled_left_out = columns.iter().any(|column| {
            let calm_shown = column.cards.iter().any(|c| !c.troubled);
            calm_shown
                && roadmap.initiatives.iter().any(|i| {
                    i.horizon == column.horizon
                        && is_open(i)
                        && i.at_risk
                        && !column.cards.iter().any(|c| c.id == &i.id)
                })
        });
        assert!(!troubled_left_out, "calm work shown before troubled work");
    }

    #[test]
    fn goals_say_whether_they_are_on_track_and_name_their_most_troubled_work() {
        let roadmap = generated(100);
        let goals = executive_goals(&roadmap);
        for (goal, model) in goals.iter().zip(roadmap.goals.iter()) {
            assert_eq!(
                goal.status,
                if model.at_risk { "At risk" } else { "On track" }
            );
            assert!(goal.top_items.len() <= GOAL_ITEMS);
            let troubled = model
                .initiatives
                .iter()
                .filter_map(|id| roadmap.initiative(id))
                .filter(|i| is_open(i) && i.at_risk)
                .count();
            let shown = goal
                .top_items
                .iter()
                .filter(|item| item.health != "On track");
            assert_eq!(shown.count(), troubled.min(GOAL_ITEMS));
        }
    }

    #[test]
    fn health_is_told_in_words() {
        let roadmap = generated(100);
        let words: BTreeSet<String> = roadmap
            .initiatives
            .iter()
            .filter(|i| is_open(i))
            .map(health_words)
            .collect();
        assert!(words.contains("On track"), "{words:?}");
        assert!(words.contains("Blocked"), "{words:?}");
        assert!(
            words.iter().any(|w| w.starts_with("Overdue by ")),
            "{words:?}"
        );
        for initiative in roadmap.initiatives.iter().filter(|i| is_open(i)) {
            assert_eq!(
                health_words(initiative) == "On track",
                !initiative.at_risk,
                "{}",
                initiative.id
            );
        }
    }
}
