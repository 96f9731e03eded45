//! When initiatives run and how much of each quarter they take: shared by
//! validation (capacity warnings) and the model (timeline, capacity chart).

use crate::frontmatter::InitiativeFrontMatter;
use crate::types::{Day, Horizon, Quarter, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// The quarters an initiative is scheduled over, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub start: Quarter,
    pub end: Quarter,
}

impl Schedule {
    /// From `start`, `end` and the `quarter` shorthand; one bound alone
    /// means a single quarter. `None` when unscheduled.
    pub fn of(front: &InitiativeFrontMatter) -> Option<Schedule> {
        let start = front.start.or(front.quarter).or(front.end)?;
        let end = front.end.or(front.quarter).unwrap_or(start);
        Some(Schedule { start, end })
    }

    pub fn quarters(self) -> impl Iterator<Item = Quarter> {
        self.start.through(self.end)
    }

    pub fn quarter_count(self) -> usize {
        (self.end.ordinal() - self.start.ordinal() + 1).max(1) as usize
    }

    pub fn contains(self, quarter: Quarter) -> bool {
        self.start <= quarter && quarter <= self.end
    }
}

/// Now, next or later, as the roadmap guidance defines it: now when under
/// way or scheduled over the current quarter; next when starting within the
/// two quarters after; later otherwise, and when unscheduled.
pub fn derive_horizon(status: Status, schedule: Option<Schedule>, today: Day) -> Horizon {
    let current = today.quarter();
    match schedule {
        _ if status.is_active() => Horizon::Now,
        Some(s) if s.contains(current) => Horizon::Now,
        Some(s) if s.start > current && s.start <= current.offset(2) => Horizon::Next,
        _ => Horizon::Later,
    }
}

/// Planned person-weeks per quarter, each initiative's effort spread evenly
/// over its quarters. Dropped work takes no capacity.
pub fn effort_by_quarter<'a>(
    items: impl IntoIterator<Item = (Status, Option<Schedule>, Option<f64>)> + 'a,
) -> BTreeMap<Quarter, f64> {
    let mut totals = BTreeMap::new();
    for (status, schedule, effort) in items {
        let (Some(schedule), Some(effort)) = (schedule, effort) else {
            continue;
        };
        if status == Status::Dropped {
            continue;
        }
        let share = effort / schedule.quarter_count() as f64;
        for quarter in schedule.quarters() {
            *totals.entry(quarter).or_insert(0.0) += share;
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quarter {
        text.parse().unwrap()
    }

    #[test]
    fn horizons_follow_status_and_schedule() {
        let today: Day = "2026-11-21".parse().unwrap();
        let over = |a, b| {
            Some(Schedule {
                start: q(a),
                end: q(b),
            })
        };
        assert_eq!(
            derive_horizon(Status::Planned, over("2026-Q3", "2027-Q1"), today),
            Horizon::Now
        );
        assert_eq!(
            derive_horizon(Status::InProgress, over("2027-Q4", "2027-Q4"), today),
            Horizon::Now
        );
        assert_eq!(
            derive_horizon(Status::Planned, over("2027-Q2", "2027-Q3"), today),
            Horizon::Next
        );
        assert_eq!(
            derive_horizon(Status::Planned, over("2027-Q3", "2027-Q3"), today),
            Horizon::Later
        );
        assert_eq!(
            derive_horizon(Status::Proposed, None, today),
            Horizon::Later
        );
    }

    #[test]
    fn effort_spreads_evenly_and_skips_dropped_work() {
        let over = |a, b| {
            Some(Schedule {
                start: q(a),
                end: q(b),
            })
        };
        let totals = effort_by_quarter([
            (Status::Planned, over("2027-Q1", "2027-Q2"), Some(10.0)),
            (Status::Planned, over("2027-Q2", "2027-Q2"), Some(3.0)),
            (Status::Dropped, over("2027-Q1", "2027-Q1"), Some(50.0)),
            (Status::Planned, None, Some(7.0)),
        ]);
        assert_eq!(totals.get(&q("2027-Q1")), Some(&5.0));
        assert_eq!(totals.get(&q("2027-Q2")), Some(&8.0));
        assert_eq!(totals.len(), 2);
    }
}
