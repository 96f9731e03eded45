//! Which quarters the timeline shows: by default from the quarter before
//! today's to the last planned one, at most two years, so that years of
//! finished work do not push what is current off the page; or the
//! quarters `[timeline]` in roadmap.toml names.

use crate::config::TimelineSettings;
use crate::diagnostic::plural;
use crate::schedule::{Schedule, CHART_QUARTERS};
use crate::types::{Quarter, Status};

/// The most quarters the default window spans.
pub(crate) const DEFAULT_QUARTERS: i32 = 8;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Window {
    pub(crate) quarters: Schedule,
    /// Every scheduled initiative ends before today's quarter, so the
    /// window shows the end of the plan rather than today.
    pub(crate) follows_past_plan: bool,
}

/// The window onto `plan`, the quarters of every scheduled initiative, in
/// `today`'s quarter, unless `settings` name one or both of its ends.
pub(crate) fn window(plan: Schedule, today: Quarter, settings: &TimelineSettings) -> Window {
    let default = default_window(plan, today);
    let last = |start: Quarter| plan.end.min(start.offset(DEFAULT_QUARTERS - 1)).max(start);
    let quarters = match (settings.from(), settings.to()) {
        (None, None) => return default,
        (Some(start), Some(end)) => Schedule { start, end },
        (Some(start), None) => Schedule {
            start,
            end: last(start),
        },
        (None, Some(end)) => {
            let start = default.quarters.start;
            let fits = start <= end && end.quarters_since(start) < CHART_QUARTERS as i32;
            Schedule {
                start: if fits {
                    start
                } else {
                    end.offset(1 - DEFAULT_QUARTERS)
                },
                end,
            }
        }
    };
    Window {
        quarters,
        follows_past_plan: false,
    }
}

fn default_window(plan: Schedule, today: Quarter) -> Window {
    if plan.end < today {
        return Window {
            quarters: Schedule {
                start: plan.start.max(plan.end.offset(1 - DEFAULT_QUARTERS)),
                end: plan.end,
            },
            follows_past_plan: true,
        };
    }
    // A plan that starts later than the window would reach begins there.
    let start = if plan.start > today.offset(DEFAULT_QUARTERS - 1) {
        plan.start
    } else {
        today.offset(-1).max(plan.start.min(today))
    };
    Window {
        quarters: Schedule {
            start,
            end: plan.end.min(start.offset(DEFAULT_QUARTERS - 1)),
        },
        follows_past_plan: false,
    }
}

impl Window {
    /// What lies outside the window, in sentences: why it is where it is
    /// when it follows a past plan, the work that ended before it and the
    /// work that starts after it. `statuses` are those of the initiatives
    /// before the window; `after` counts those after it.
    pub(crate) fn notes(&self, before: &[Status], after: usize) -> Vec<String> {
        let Schedule { start, end } = self.quarters;
        let mut notes = Vec::new();
        if self.follows_past_plan {
            notes.push(format!(
                "All scheduled work ends before today's quarter, so the chart shows the plan's last quarters, {start} to {end}."
            ));
        }
        if !before.is_empty() {
            notes.push(ended_before(before, start));
        }
        if after > 0 {
            notes.push(format!(
                "{} {} after {end}.",
                plural(after, "initiative"),
                if after == 1 { "starts" } else { "start" },
            ));
        }
        notes
    }
}

/// "41 initiatives finished before 2026-Q3.", or, when some of them were
/// dropped or are not done, how many of each.
fn ended_before(statuses: &[Status], start: Quarter) -> String {
    let count = |wanted: Status| statuses.iter().filter(|&&s| s == wanted).count();
    let (done, dropped) = (count(Status::Done), count(Status::Dropped));
    let open = statuses.len() - done - dropped;
    if done == statuses.len() {
        return format!("{} finished before {start}.", plural(done, "initiative"));
    }
    let parts: Vec<String> = [(done, "finished"), (dropped, "dropped"), (open, "not done")]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, words)| format!("{n} {words}"))
        .collect();
    format!(
        "{} ended before {start}: {}.",
        plural(statuses.len(), "initiative"),
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quarter {
        text.parse().unwrap()
    }

    fn span(start: &str, end: &str) -> Schedule {
        Schedule {
            start: q(start),
            end: q(end),
        }
    }

    fn settings(from: Option<&str>, to: Option<&str>) -> TimelineSettings {
        let quarter = |text: &str| toml::Spanned::new(0..0, q(text));
        TimelineSettings {
            from: from.map(quarter),
            to: to.map(quarter),
        }
    }

    #[test]
    fn the_default_window_runs_from_last_quarter_for_at_most_two_years() {
        let none = settings(None, None);
        let today = q("2026-Q4");
        let shown = |plan| window(plan, today, &none).quarters;
        assert_eq!(
            shown(span("2016-Q1", "2027-Q2")),
            span("2026-Q3", "2027-Q2")
        );
        assert_eq!(
            shown(span("2016-Q1", "2035-Q4")),
            span("2026-Q3", "2028-Q2")
        );
        assert_eq!(
            shown(span("2027-Q2", "2027-Q3")),
            span("2026-Q4", "2027-Q3")
        );
        assert_eq!(
            shown(span("2030-Q1", "2031-Q1")),
            span("2030-Q1", "2031-Q1")
        );
        assert!(!window(span("2016-Q1", "2027-Q2"), today, &none).follows_past_plan);
    }

    #[test]
    fn a_plan_wholly_in_the_past_is_shown_to_its_end() {
        let past = window(
            span("2016-Q1", "2025-Q2"),
            q("2028-Q2"),
            &settings(None, None),
        );
        assert_eq!(past.quarters, span("2023-Q3", "2025-Q2"));
        assert!(past.follows_past_plan);
        let notes = past.notes(&[], 0);
        assert!(notes[0].contains("2023-Q3 to 2025-Q2"), "{notes:?}");
    }

    #[test]
    fn settings_name_either_end_or_both() {
        let plan = span("2016-Q1", "2030-Q4");
        let today = q("2026-Q4");
        let shown = |from, to| window(plan, today, &settings(from, to)).quarters;
        let both = shown(Some("2020-Q1"), Some("2029-Q4"));
        assert_eq!(both, span("2020-Q1", "2029-Q4"));
        assert_eq!(shown(Some("2020-Q1"), None), span("2020-Q1", "2021-Q4"));
        assert_eq!(shown(None, Some("2027-Q4")), span("2026-Q3", "2027-Q4"));
        assert_eq!(shown(None, Some("2019-Q4")), span("2018-Q1", "2019-Q4"));
    }

    #[test]
    fn work_outside_the_window_is_counted_in_words() {
        let shown = window(
            span("2016-Q1", "2027-Q2"),
            q("2026-Q4"),
            &settings(None, None),
        );
        let done = [Status::Done; 41];
        assert_eq!(
            shown.notes(&done, 1),
            [
                "41 initiatives finished before 2026-Q3.",
                "1 initiative starts after 2027-Q2."
            ]
        );
        let mixed = [Status::Done, Status::Dropped, Status::Planned, Status::Done];
        assert_eq!(
            shown.notes(&mixed, 0),
            ["4 initiatives ended before 2026-Q3: 2 finished, 1 dropped, 1 not done."]
        );
    }
}
