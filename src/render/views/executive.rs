//! The executive page: goals first, each with its status and its most
//! important work, then a board that ranks each horizon's open work, and
//! what was done.

use super::*;

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
    board_of(roadmap, &all, &table_query(&Page::Engineering))
}

/// The address of the table at `page` with the start of a query, to which
/// a filter is added.
pub fn table_query(page: &Page) -> String {
    format!("{}?", page.path())
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
