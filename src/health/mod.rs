//! Roadmap health: what is late, which schedules clash, what is at risk
//! because of what, which goals are in danger and which quarters are over
//! capacity. It is judged once per loaded roadmap and day
//! ([`Loaded::health`]), over every document whatever the audience:
//! validation turns it into warnings, the model into facts on each item, so
//! that diagnostics, pages and exports all say the same.
//!
//! None of it refuses a build: a roadmap that tells the truth about a slip
//! must be publishable.

mod capacity;
mod risk;
#[cfg(test)]
mod tests;
mod warnings;

pub use capacity::{Overload, Unestimated};
pub use risk::{InheritedRisk, Trouble};

use crate::frontmatter::InitiativeFrontMatter;
use crate::load::{Document, Loaded};
use crate::schedule::Schedule;
use crate::types::{Day, Status};
use foldhash::HashMap;

/// The health of a loaded roadmap. Items are named by their position in
/// `Loaded::initiatives` and `Loaded::goals`.
#[derive(Debug, Clone)]
pub struct Health {
    pub today: Day,
    /// One per initiative document, in the same order.
    pub items: Vec<ItemHealth>,
    /// One per goal document, in the same order.
    pub goals: Vec<GoalHealth>,
    /// Quarters planned over capacity, organisation-wide and per team.
    pub overloads: Vec<Overload>,
    /// Quarters with scheduled open work that has no effort estimate.
    pub unestimated: Vec<Unestimated>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemHealth {
    /// Quarters past its end quarter, for open work that should be over.
    pub overdue_by: Option<u32>,
    /// Prerequisites whose schedules clash with this one's.
    pub clashes: Vec<Clash>,
    /// Risk that reaches it from its prerequisites.
    pub inherited: Option<InheritedRisk>,
}

/// A prerequisite scheduled to end, or to start, after its dependent does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clash {
    /// The position of the prerequisite in `depends_on`.
    pub entry: usize,
    pub prerequisite: usize,
    pub ends_later: bool,
    pub starts_later: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalHealth {
    /// Open work serving the goal that is at risk, for any reason.
    pub work_at_risk: Vec<usize>,
    /// Open work serving the goal that ends after its target quarter.
    pub work_after_target: Vec<usize>,
}

impl GoalHealth {
    pub fn at_risk(&self) -> bool {
        !self.work_at_risk.is_empty() || !self.work_after_target.is_empty()
    }
}

type Initiative = Document<InitiativeFrontMatter>;

/// Work that is neither done nor dropped: only it can be late or at risk.
pub(crate) fn is_open(status: Option<Status>) -> bool {
    !matches!(status, Some(Status::Done | Status::Dropped))
}

/// An item's schedule, unless it ends before it starts: that is an error
/// of its own, and no ground for judging anything else.
pub(crate) fn schedule_of(front: &InitiativeFrontMatter) -> Option<Schedule> {
    Schedule::of(front).filter(|s| s.start <= s.end)
}

/// Quarters that open work scheduled to end before `today`'s quarter is late.
pub fn overdue_by(status: Option<Status>, schedule: Option<Schedule>, today: Day) -> Option<u32> {
    let late = today.quarter().quarters_since(schedule?.end);
    (is_open(status) && late > 0).then_some(late as u32)
}

impl Health {
    pub fn assess(loaded: &Loaded, today: Day) -> Health {
        let documents = &loaded.initiatives;
        let ids = positions(documents.iter().map(|d| d.id()));
        let mut items: Vec<ItemHealth> = documents
            .iter()
            .map(|document| ItemHealth {
                overdue_by: overdue_by(document.front.status, schedule_of(&document.front), today),
                clashes: clashes(document, documents, &ids),
                inherited: None,
            })
            .collect();
        risk::spread(documents, &ids, &mut items);
        let serving = serving_each_goal(documents);
        let goals = loaded
            .goals
            .iter()
            .map(|goal| {
                let serving = serving.get(goal.id()).map_or(&[][..], Vec::as_slice);
                risk::of_goal(goal, serving, documents, &items)
            })
            .collect();
        let (overloads, unestimated) = capacity::assess(loaded, today);
        Health {
            today,
            items,
            goals,
            overloads,
            unestimated,
        }
    }

    /// Whether the initiative at `index` is at risk, by its own status or
    /// for any reason health finds.
    pub fn is_at_risk(&self, documents: &[std::sync::Arc<Initiative>], index: usize) -> bool {
        risk::is_at_risk(&documents[index], &self.items[index])
    }
}

/// Whether a judgement of `before` holds for `now`, so that `serve` need
/// not judge a large roadmap again after an edit that changes nothing
/// health reads: the same capacity, and the same documents at the same
/// positions, each one the very same or read alike.
pub fn holds_for(before: &Loaded, now: &Loaded) -> bool {
    fn alike<T>(
        before: &[std::sync::Arc<T>],
        now: &[std::sync::Arc<T>],
        same: impl Fn(&T, &T) -> bool,
    ) -> bool {
        before.len() == now.len()
            && before
                .iter()
                .zip(now)
                .all(|(b, n)| std::sync::Arc::ptr_eq(b, n) || same(b, n))
    }
    let same_capacity = match (&before.config.capacity, &now.config.capacity) {
        (None, None) => true,
        (Some(b), Some(n)) => {
            (b.per_quarter.get_ref(), b.buffer.get_ref())
                == (n.per_quarter.get_ref(), n.buffer.get_ref())
                && b.teams.len() == n.teams.len()
                && b.teams
                    .iter()
                    .zip(&n.teams)
                    .all(|((bt, bc), (nt, nc))| bt == nt && bc.get_ref() == nc.get_ref())
        }
        _ => false,
    };
    same_capacity
        && alike(&before.goals, &now.goals, |b, n| {
            (b.id(), b.front.target) == (n.id(), n.front.target)
        })
        && alike(&before.initiatives, &now.initiatives, |b, n| {
            reading(b) == reading(n)
        })
}

/// What health reads of an initiative.
#[derive(PartialEq)]
struct Reading<'a> {
    id: &'a str,
    status: Option<Status>,
    schedule: Option<Schedule>,
    depends_on: &'a [crate::types::InitiativeId],
    goals: &'a [crate::types::GoalId],
    effort: Option<crate::types::Effort>,
    team: Option<std::borrow::Cow<'a, str>>,
}

fn reading(document: &Initiative) -> Reading<'_> {
    let front = &document.front;
    Reading {
        id: document.id(),
        status: front.status,
        schedule: Schedule::of(front),
        depends_on: &front.depends_on,
        goals: &front.goals,
        effort: front.effort,
        team: document.team(),
    }
}

/// The initiatives that name each goal, in document order.
fn serving_each_goal(documents: &[std::sync::Arc<Initiative>]) -> HashMap<&str, Vec<usize>> {
    let mut serving: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, document) in documents.iter().enumerate() {
        for goal in &document.front.goals {
            let list = serving.entry(goal.as_str()).or_default();
            // A goal named twice by one initiative is served once.
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    serving
}

/// Each id's position among documents: the first of equal ids, which
/// validation reports.
pub(crate) fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut positions = HashMap::default();
    for (index, id) in ids.enumerate() {
        positions.entry(id).or_insert(index);
    }
    positions
}

/// The prerequisites of open work that are scheduled to end or start after
/// it. Settled work, done or dropped, on either side is history.
fn clashes(
    document: &Initiative,
    documents: &[std::sync::Arc<Initiative>],
    ids: &HashMap<&str, usize>,
) -> Vec<Clash> {
    let front = &document.front;
    let Some(mine) = schedule_of(front).filter(|_| is_open(front.status)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (entry, prerequisite) in front.depends_on.iter().enumerate() {
        let Some(&index) = ids.get(prerequisite.as_str()) else {
            continue;
        };
        let theirs = &documents[index].front;
        let Some(theirs_schedule) = schedule_of(theirs).filter(|_| is_open(theirs.status)) else {
            continue;
        };
        let clash = Clash {
            entry,
            prerequisite: index,
            ends_later: theirs_schedule.end > mine.end,
            starts_later: theirs_schedule.start > mine.start,
        };
        if (clash.ends_later || clash.starts_later) && document.id() != prerequisite.as_str() {
            found.push(clash);
        }
    }
    found
}
