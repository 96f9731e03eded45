//! Health as warnings for writers: each at the value to change, naming the
//! other files that take part.

use super::{Clash, Health, Initiative, Overload, Trouble, Unestimated};
use crate::config::Capacity;
use crate::diagnostic::{plural, Code, Diagnostic, Span};
use crate::load::{Loaded, YamlPath};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::sync::Arc;

/// The most items a warning names, and points at, one by one.
const NAMED: usize = 5;

impl Health {
    pub fn warnings(&self, loaded: &Loaded) -> Vec<Diagnostic> {
        let documents = &loaded.initiatives;
        // Placing a warning parses its file a second time, for positions:
        // on a large roadmap with hundreds of late items, enough work to
        // share out.
        let mut out: Vec<Diagnostic> = documents
            .par_iter()
            .zip(&self.items)
            .with_max_len(crate::PARALLEL_BATCH)
            .flat_map_iter(|(document, item)| {
                let late = item
                    .overdue_by
                    .map(|late| overdue(document, late, self.today.quarter()));
                let clashes = item.clashes.iter().flat_map(|clash| {
                    clash_warnings(document, &documents[clash.prerequisite], clash)
                });
                late.into_iter().chain(clashes)
            })
            .collect();
        out.par_extend(
            loaded
                .goals
                .par_iter()
                .zip(&self.goals)
                .with_max_len(crate::PARALLEL_BATCH)
                .filter(|(_, health)| health.at_risk())
                .map(|(goal, health)| self.goal_at_risk(goal, health, documents)),
        );
        if let (Some(config), Some(capacity)) = (&loaded.config.source, &loaded.config.capacity) {
            for overload in &self.overloads {
                out.push(over_capacity(overload, capacity, documents, config));
            }
            for unestimated in &self.unestimated {
                out.push(missing_effort(unestimated, capacity, documents, config));
            }
        }
        out
    }

    fn goal_at_risk(
        &self,
        goal: &crate::load::Document<crate::frontmatter::GoalFrontMatter>,
        health: &super::GoalHealth,
        documents: &[Arc<Initiative>],
    ) -> Diagnostic {
        let target = goal.front.target;
        let at = if target.is_some() { "target" } else { "title" };
        let late = health.work_after_target.iter().filter_map(|&index| {
            let end = super::schedule_of(&documents[index].front)?.end;
            let id = documents[index].id();
            Some(format!(
                "`{id}` ends in {end}, after the target {}",
                target?
            ))
        });
        let reasons = health
            .work_at_risk
            .iter()
            .map(|&index| self.why_at_risk(index, documents))
            .chain(late);
        let count = health.work_at_risk.len() + health.work_after_target.len();
        // The message names the work: pointing into each file too would
        // cost a second parse of hundreds of files on a large roadmap.
        goal.diagnostic(
            Code::GoalAtRisk,
            goal.value_span(&YamlPath::key(at)),
            format!("the goal `{}` is at risk: {}", goal.id(), listed(reasons, count)),
        )
        .label("goal at risk")
        .help("replan the work that serves it, or move the goal's `target`; readers see the goal at risk until then")
    }

    /// Why the open item at `index` is at risk, in a few words.
    pub fn why_at_risk(&self, index: usize, documents: &[Arc<Initiative>]) -> String {
        let document = &documents[index];
        let id = document.id();
        let item = &self.items[index];
        match (document.front.status, item.overdue_by, &item.inherited) {
            (Some(crate::types::Status::Blocked), _, _) => format!("`{id}` is blocked"),
            (_, Some(late), _) => {
                format!("`{id}` is overdue by {}", plural(late as usize, "quarter"))
            }
            (Some(crate::types::Status::AtRisk), _, _) => format!("`{id}` is at risk"),
            (_, _, Some(risk)) => {
                let origin = documents[risk.origin].id();
                let trouble = trouble_text(risk.trouble, documents);
                format!("`{id}` is at risk because `{origin}` {trouble}")
            }
            _ => format!("`{id}` is at risk"),
        }
    }
}

/// What is wrong with the origin of a risk, after its id.
pub fn trouble_text(trouble: Trouble, documents: &[Arc<Initiative>]) -> String {
    match trouble {
        Trouble::Blocked => "is blocked".to_owned(),
        Trouble::AtRisk => "is at risk".to_owned(),
        Trouble::Overdue(late) => format!("is overdue by {}", plural(late as usize, "quarter")),
        Trouble::EndsAfter { end, dependent } => {
            let waiting = &documents[dependent];
            let due = super::schedule_of(&waiting.front)
                .map(|s| format!(" ({})", s.end))
                .unwrap_or_default();
            format!("ends in {end}, after `{}` is due to end{due}", waiting.id())
        }
    }
}

/// "a, b and 3 more": the first few of `count` items.
fn listed(items: impl Iterator<Item = String>, count: usize) -> String {
    let named: Vec<String> = items.take(NAMED).collect();
    match count.saturating_sub(named.len()) {
        0 => named.join("; "),
        more => format!("{}; and {more} more", named.join("; ")),
    }
}

/// The span of the quarter an item ends in, whichever key says it.
fn end_span(document: &Initiative) -> Span {
    let front = &document.front;
    let key = if front.end.is_some() {
        "end"
    } else if front.quarter.is_some() {
        "quarter"
    } else {
        "start"
    };
    document.value_span(&YamlPath::key(key))
}

fn start_span(document: &Initiative) -> Span {
    let key = if document.front.start.is_some() {
        "start"
    } else if document.front.quarter.is_some() {
        "quarter"
    } else {
        "end"
    };
    document.value_span(&YamlPath::key(key))
}

fn overdue(document: &Initiative, late: u32, now: crate::types::Quarter) -> Diagnostic {
    let id = document.id();
    let end = now.offset(-(late as i32));
    let status = document
        .front
        .status
        .map_or("without a status", |s| s.label());
    document
        .diagnostic(
            Code::Overdue,
            end_span(document),
            format!(
                "`{id}` was to end in {end}, {} before today's quarter {now}, and is still {status}",
                plural(late as usize, "quarter")
            ),
        )
        .label(format!("overdue by {}", plural(late as usize, "quarter")))
        .help(format!(
            "if it is finished, set `status: done`; if not, move its end to {now} or later: the history keeps the slip"
        ))
}

fn clash_warnings(
    document: &Initiative,
    prerequisite: &Initiative,
    clash: &Clash,
) -> Vec<Diagnostic> {
    let (Some(mine), Some(theirs)) = (
        super::schedule_of(&document.front),
        super::schedule_of(&prerequisite.front),
    ) else {
        return Vec::new();
    };
    let (id, other) = (document.id(), prerequisite.id());
    let span = document.value_span(&YamlPath::key("depends_on").index(clash.entry));
    let mut out = Vec::new();
    if clash.ends_later {
        out.push(
            document
                .diagnostic(
                    Code::ScheduleConflict,
                    span,
                    format!("`{id}` ends in {}, but its prerequisite `{other}` only ends in {}", mine.end, theirs.end),
                )
                .label("prerequisite ends later")
                .help(format!("move `{id}` to end in {} or later, or bring `{other}` forward; until then `{id}` is shown at risk", theirs.end))
                .related(&prerequisite.file, end_span(prerequisite), format!("`{other}` ends in {}", theirs.end)),
        );
    }
    if clash.starts_later {
        out.push(
            document
                .diagnostic(
                    Code::ScheduleConflict,
                    span,
                    format!(
                        "`{id}` starts in {}, but its prerequisite `{other}` only starts in {}",
                        mine.start, theirs.start
                    ),
                )
                .label("prerequisite starts later")
                .help(format!(
                    "start `{id}` in {} or later, or start `{other}` earlier",
                    theirs.start
                ))
                .related(
                    &prerequisite.file,
                    start_span(prerequisite),
                    format!("`{other}` starts in {}", theirs.start),
                ),
        );
    }
    out
}

fn over_capacity(
    overload: &Overload,
    capacity: &Capacity,
    documents: &[Arc<Initiative>],
    config: &Arc<SourceFile>,
) -> Diagnostic {
    let (who, range) = match &overload.team {
        Some(team) => (
            format!("team `{team}`"),
            capacity.teams.get(team).map(|c| c.span()),
        ),
        None => (
            "the organisation".to_owned(),
            Some(capacity.per_quarter.span()),
        ),
    };
    let range = range.unwrap_or(0..0);
    let loads = overload.loads.iter().map(|load| {
        format!(
            "`{}` {:.1}",
            documents[load.initiative].id(),
            load.person_weeks
        )
    });
    let quarter = overload.quarter;
    let mut diagnostic = Diagnostic::new(
        Code::OverCapacity,
        config,
        Span::new(range.start, range.len()),
        format!(
            "{quarter} plans {:.1} person-weeks{}, over the {:.1} that may be planned ({} per quarter less a {:.0}% buffer): {}",
            overload.planned,
            overload.team.as_ref().map(|team| format!(" for team `{team}`")).unwrap_or_default(),
            overload.plannable,
            overload.capacity,
            capacity.buffer.get_ref() * 100.0,
            listed(loads, overload.loads.len()),
        ),
    )
    .label(format!("capacity of {who} exceeded in {quarter}"))
    .help("move or shrink work in that quarter; the buffer is kept for bugs, incidents and unplanned work");
    for load in overload.loads.iter().take(NAMED) {
        let document = &documents[load.initiative];
        diagnostic = diagnostic.related(
            &document.file,
            document.value_span(&YamlPath::key("effort")),
            format!(
                "`{}` plans {:.1} person-weeks in {quarter}",
                document.id(),
                load.person_weeks
            ),
        );
    }
    diagnostic
}

fn missing_effort(
    unestimated: &Unestimated,
    capacity: &Capacity,
    documents: &[Arc<Initiative>],
    config: &Arc<SourceFile>,
) -> Diagnostic {
    let range = capacity.per_quarter.span();
    let count = unestimated.initiatives.len();
    let quarters = unestimated.quarters;
    let when = if quarters.start == quarters.end {
        quarters.start.to_string()
    } else {
        format!("{} – {}", quarters.start, quarters.end)
    };
    let ids = unestimated
        .initiatives
        .iter()
        .map(|&index| format!("`{}`", documents[index].id()));
    let mut diagnostic = Diagnostic::new(
        Code::MissingEffort,
        config,
        Span::new(range.start, range.len()),
        format!(
            "{} in {} {} no effort estimate, so capacity counts {} as nothing: {}",
            plural(count, "item"),
            when,
            if count == 1 { "has" } else { "have" },
            if count == 1 { "it" } else { "them" },
            listed(ids, count).replace("; ", ", "),
        ),
    )
    .label(format!("work without effort in {when}"))
    .help("add `effort:` in person-weeks to each, so that capacity warnings can be trusted");
    for &index in unestimated.initiatives.iter().take(NAMED) {
        let document = &documents[index];
        diagnostic = diagnostic.related(
            &document.file,
            document.value_span(&YamlPath::key("title")),
            format!("`{}` has no `effort`", document.id()),
        );
    }
    diagnostic
}
