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
        (self.end.quarters_since(self.start) + 1).max(1) as usize
    }

    pub fn contains(self, quarter: Quarter) -> bool {
        self.start <= quarter && quarter <= self.end
    }

    /// The schedule in words: its one quarter, or its first and last with
    /// `between` them, as in "2027-Q1 to 2027-Q3".
    pub fn words(self, between: &str) -> String {
        let mut words = String::with_capacity(14 + between.len());
        self.start.push_to(&mut words);
        if self.end != self.start {
            words.push_str(between);
            self.end.push_to(&mut words);
        }
        words
    }

    /// The quarters of `self` that lie in `window`, if any.
    pub fn clipped_to(self, window: Schedule) -> Option<Schedule> {
        let start = self.start.max(window.start);
        let end = self.end.min(window.end);
        (start <= end).then_some(Schedule { start, end })
    }

    pub fn overlaps(self, other: Schedule) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The quarters of `self` that a chart draws: all of them when there
    /// are at most [`CHART_QUARTERS`], otherwise that many, starting a year
    /// before `today` where `self` allows. One far-off date, a typo such as
    /// `9999-Q4`, must not make a chart of thousands of columns.
    pub fn chart_window(self, today: Quarter) -> Schedule {
        let most = CHART_QUARTERS as i32;
        if self.quarter_count() <= CHART_QUARTERS {
            return self;
        }
        let latest_start = self.end.ordinal() - (most - 1);
        let start = (today.ordinal() - 4).clamp(self.start.ordinal(), latest_start);
        Schedule {
            start: Quarter::from_ordinal(start),
            end: Quarter::from_ordinal(start + most - 1),
        }
    }
}

/// The most quarters a chart spans: ten years.
pub const CHART_QUARTERS: usize = 40;

/// Now, next or later, as the roadmap guidance defines it: now when in
/// progress, scheduled over the current quarter, or late (open work whose
/// end has passed); next when starting within the two quarters after;
/// later otherwise. Being at risk or blocked says how work goes, not when:
/// it moves unscheduled work into now, never scheduled future work.
pub fn derive_horizon(status: Status, schedule: Option<Schedule>, today: Day) -> Horizon {
    let current = today.quarter();
    let open = !matches!(status, Status::Done | Status::Dropped);
    match schedule {
        _ if status == Status::InProgress => Horizon::Now,
        None if status.is_active() => Horizon::Now,
        Some(s) if s.contains(current) || (open && s.end < current) => Horizon::Now,
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
    fn late_work_is_now_and_risk_does_not_bring_the_future_forward() {
        let today: Day = "2026-11-21".parse().unwrap();
        let over = |a, b| {
            Some(Schedule {
                start: q(a),
                end: q(b),
            })
        };
        let past = over("2026-Q2", "2026-Q3");
        assert_eq!(derive_horizon(Status::Planned, past, today), Horizon::Now);
        assert_eq!(derive_horizon(Status::Proposed, past, today), Horizon::Now);
        assert_eq!(derive_horizon(Status::Done, past, today), Horizon::Later);
        let future = over("2027-Q4", "2027-Q4");
        assert_eq!(
            derive_horizon(Status::AtRisk, future, today),
            Horizon::Later
        );
        assert_eq!(
            derive_horizon(Status::Blocked, future, today),
            Horizon::Later
        );
        let soon = over("2027-Q1", "2027-Q1");
        assert_eq!(derive_horizon(Status::AtRisk, soon, today), Horizon::Next);
        assert_eq!(derive_horizon(Status::Blocked, None, today), Horizon::Now);
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

    #[test]
    fn charts_draw_at_most_ten_years_around_today() {
        let span = |a, b| Schedule {
            start: q(a),
            end: q(b),
        };
        let today = q("2026-Q4");
        let short = span("2020-Q1", "2029-Q4");
        assert_eq!(short.chart_window(today), short);
        let typo = span("2026-Q1", "9999-Q4");
        assert_eq!(typo.chart_window(today), span("2026-Q1", "2035-Q4"));
        let around = span("2010-Q1", "9999-Q4");
        assert_eq!(around.chart_window(today), span("2025-Q4", "2035-Q3"));
        let ancient = span("1900-Q1", "2026-Q4");
        assert_eq!(ancient.chart_window(today), span("2017-Q1", "2026-Q4"));
        let future = span("2040-Q1", "2060-Q4");
        assert_eq!(future.chart_window(today), span("2040-Q1", "2049-Q4"));
        assert!(span("2027-Q1", "2027-Q2").overlaps(span("2027-Q2", "2028-Q1")));
        assert!(!span("2027-Q1", "2027-Q2").overlaps(span("2027-Q3", "2028-Q1")));
    }
}
