//! Quarters planned over capacity, for the organisation and for each team
//! that `[capacity.teams]` names, and scheduled work nobody has estimated.

use super::{is_open, Initiative};
use crate::config::Capacity;
use crate::load::Loaded;
use crate::schedule::Schedule;
use crate::types::{Day, Quarter, Status};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One quarter planned over what may be planned in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Overload {
    pub quarter: Quarter,
    /// The team whose capacity is exceeded; `None` for the organisation.
    pub team: Option<String>,
    pub planned: f64,
    /// The capacity less the buffer.
    pub plannable: f64,
    /// The capacity before the buffer.
    pub capacity: f64,
    /// The work that fills the quarter, largest share first.
    pub loads: Vec<Load>,
}

/// The share of an initiative's effort that falls in one quarter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    pub initiative: usize,
    pub person_weeks: f64,
}

/// Open work scheduled in a run of quarters, from today's on, without an
/// effort estimate: capacity cannot count it. Consecutive quarters with the
/// same such work are one run, so that a long item is named once.
#[derive(Debug, Clone, PartialEq)]
pub struct Unestimated {
    pub quarters: Schedule,
    pub initiatives: Vec<usize>,
}

/// Quarters this many years ahead are too far to judge capacity in:
/// plausibility is validation's business, and a typo such as `9999-Q4`
/// must not make thousands of quarters to add up.
const YEARS_JUDGED: i32 = 30;

pub fn assess(loaded: &Loaded, today: Day) -> (Vec<Overload>, Vec<Unestimated>) {
    let Some(capacity) = &loaded.config.capacity else {
        return (Vec::new(), Vec::new());
    };
    let documents = &loaded.initiatives;
    let now = today.quarter();
    // Past quarters are history: nothing can be moved out of them.
    let judged = Schedule {
        start: now,
        end: now.offset(4 * YEARS_JUDGED),
    };
    let loads = loads_by_quarter(documents, judged);
    let mut overloads = Vec::new();
    for (&quarter, loads) in &loads {
        overloads.extend(overload(
            quarter,
            None,
            *capacity.per_quarter.get_ref(),
            capacity,
            loads,
        ));
        for (team, team_capacity) in &capacity.teams {
            let theirs: Vec<Load> = loads
                .iter()
                .filter(|load| documents[load.initiative].team().as_deref() == Some(team))
                .copied()
                .collect();
            overloads.extend(overload(
                quarter,
                Some(team),
                *team_capacity.get_ref(),
                capacity,
                &theirs,
            ));
        }
    }
    let unestimated = unestimated(
        documents,
        Schedule {
            start: now,
            ..judged
        },
    );
    (overloads, unestimated)
}

/// Each quarter's loads, largest first; dropped work takes no capacity.
fn loads_by_quarter(
    documents: &[Arc<Initiative>],
    judged: Schedule,
) -> BTreeMap<Quarter, Vec<Load>> {
    let mut by_quarter: BTreeMap<Quarter, Vec<Load>> = BTreeMap::new();
    for (initiative, document) in documents.iter().enumerate() {
        let front = &document.front;
        let (Some(schedule), Some(effort)) = (super::schedule_of(front), front.effort) else {
            continue;
        };
        if front.status == Some(Status::Dropped) {
            continue;
        }
        let person_weeks = effort.person_weeks() / schedule.quarter_count() as f64;
        for quarter in schedule
            .clipped_to(judged)
            .into_iter()
            .flat_map(Schedule::quarters)
        {
            by_quarter.entry(quarter).or_default().push(Load {
                initiative,
                person_weeks,
            });
        }
    }
    for loads in by_quarter.values_mut() {
        loads.sort_by(|a, b| {
            b.person_weeks
                .total_cmp(&a.person_weeks)
                .then(a.initiative.cmp(&b.initiative))
        });
    }
    by_quarter
}

fn overload(
    quarter: Quarter,
    team: Option<&String>,
    per_quarter: f64,
    capacity: &Capacity,
    loads: &[Load],
) -> Option<Overload> {
    let planned: f64 = loads.iter().map(|load| load.person_weeks).sum();
    let plannable = capacity.less_buffer(per_quarter);
    (planned > plannable + 1e-9).then(|| Overload {
        quarter,
        team: team.cloned(),
        planned,
        plannable,
        capacity: per_quarter,
        loads: loads.to_vec(),
    })
}

fn unestimated(documents: &[Arc<Initiative>], judged: Schedule) -> Vec<Unestimated> {
    let mut by_quarter: BTreeMap<Quarter, Vec<usize>> = BTreeMap::new();
    for (initiative, document) in documents.iter().enumerate() {
        let front = &document.front;
        let Some(schedule) = super::schedule_of(front) else {
            continue;
        };
        if front.effort.is_some() || !is_open(front.status) {
            continue;
        }
        for quarter in schedule
            .clipped_to(judged)
            .into_iter()
            .flat_map(Schedule::quarters)
        {
            by_quarter.entry(quarter).or_default().push(initiative);
        }
    }
    let mut runs: Vec<Unestimated> = Vec::new();
    for (quarter, initiatives) in by_quarter {
        match runs.last_mut() {
            Some(run)
                if run.quarters.end.offset(1) == quarter && run.initiatives == initiatives =>
            {
                run.quarters.end = quarter;
            }
            _ => runs.push(Unestimated {
                quarters: Schedule {
                    start: quarter,
                    end: quarter,
                },
                initiatives,
            }),
        }
    }
    runs
}
