//! What each page shows, as small serialisable structs built from the
//! model. A page's template sees only its own struct: the executive page's
//! types have no field for risks, effort, dependencies or technical
//! details, so no template change can leak them there.

mod capacity;
mod engineering;
mod executive;
mod health;
mod members;
mod teams;

pub use capacity::*;
pub use engineering::*;
pub use executive::*;
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

/// A number to at most two decimals, without needless zeros or point.
pub fn number(value: f64) -> String {
    hundredths(value).map_or_else(
        || {
            let text = format!("{value:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        },
        |hundredths| {
            // Written by itoa rather than the float formatter, which costs
            // twenty times as many instructions; capacity charts print
            // tens of thousands of figures.
            let mut text = itoa::Buffer::new().format(hundredths / 100).to_owned();
            let (tenths, cents) = ((hundredths / 10) % 10, hundredths % 10);
            let digit = |n: u64| char::from(b'0' + n as u8);
            if tenths != 0 || cents != 0 {
                text.push('.');
                text.push(digit(tenths));
            }
            if cents != 0 {
                text.push(digit(cents));
            }
            text
        },
    )
}

/// `value` in hundredths, rounded as the formatter rounds, when that is
/// sure: not negative, not huge, and not within a hair of half a
/// hundredth, where the formatter's exact decimal rounding might differ.
fn hundredths(value: f64) -> Option<u64> {
    let scaled = value * 100.0;
    let clear_of_a_tie = (scaled.fract() - 0.5).abs() > 1e-6;
    (value.is_sign_positive() && scaled < 1e15 && clear_of_a_tie).then(|| scaled.round() as u64)
}

pub fn schedule_text(initiative: &Initiative) -> String {
    initiative
        .schedule
        .map_or_else(|| "unscheduled".to_owned(), |s| s.words(" – "))
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
    use super::number;

    #[test]
    fn a_number_is_written_with_at_most_two_decimals_and_no_needless_zeros() {
        assert_eq!(number(30.0), "30");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(10.0 / 3.0), "3.33");
        assert_eq!(number(0.06), "0.06");
        assert_eq!(number(1234567.891), "1234567.89");
    }

    #[test]
    fn a_number_that_rounds_to_a_whole_one_has_no_point() {
        assert_eq!(number(2.999), "3");
        assert_eq!(number(0.001), "0");
    }

    #[test]
    fn a_number_is_rounded_as_the_formatter_rounds() {
        let mut value = 0.0;
        while value < 60.0 {
            let text = format!("{value:.2}");
            let expected = text.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(number(value), expected, "for {value:?}");
            value += 0.0025;
        }
        for value in [0.125, 0.375, 2.675, 1.005, -1.5, -0.0, 1e20] {
            let text = format!("{value:.2}");
            let expected = text.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(number(value), expected, "for {value:?}");
        }
    }
}
