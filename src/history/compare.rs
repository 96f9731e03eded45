//! What changed between two versions of a goal or initiative, in words a
//! reader understands ("Moved a quarter later: 2027-Q2–Q3 → 2027-Q3–Q4")
//! rather than as a YAML diff. Each change is a part; a commit's parts for
//! one item are told as one sentence.

use super::snapshot::{MetricSnapshot, RiskSnapshot, Scalar, Snapshot, Subject};
use crate::types::Quarter;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The key concerned: `created`, `deleted`, `status`, `schedule`
    /// (start and end moved together), `start`, `end`, `effort`, `risks`, …
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The change in words.
    pub text: String,
}

impl FieldChange {
    fn new(
        field: &'static str,
        before: Option<&Scalar>,
        after: Option<&Scalar>,
        text: String,
    ) -> Self {
        FieldChange {
            field,
            before: before.map(|s| s.0.clone()),
            after: after.map(|s| s.0.clone()),
            text,
        }
    }
}

/// Parts told as one sentence: "Moved a quarter later: …; effort 8 → 10".
pub fn sentence<'a>(parts: impl IntoIterator<Item = &'a FieldChange>) -> String {
    let mut text = String::new();
    for part in parts {
        if text.is_empty() {
            text.push_str(&part.text);
        } else {
            text.push_str("; ");
            let mut chars = part.text.chars();
            text.extend(chars.next().map(|first| first.to_ascii_lowercase()));
            text.push_str(chars.as_str());
        }
    }
    text
}

/// Every reader-visible change from `before` to `after`; `None` on one
/// side means the item did not exist there.
pub fn compare(
    subject: Subject,
    before: Option<&Snapshot>,
    after: Option<&Snapshot>,
) -> Vec<FieldChange> {
    match (before, after) {
        (None, None) => Vec::new(),
        (None, Some(_)) => vec![FieldChange::new(
            "created",
            None,
            None,
            "Added to the roadmap".to_owned(),
        )],
        (Some(_), None) => vec![FieldChange::new(
            "deleted",
            None,
            None,
            "Removed from the roadmap".to_owned(),
        )],
        (Some(old), Some(new)) => {
            let mut changes = Vec::new();
            retitled(old, new, &mut changes);
            match subject {
                Subject::Initiative => initiative(old, new, &mut changes),
                Subject::Goal => {
                    quarter(
                        "target",
                        "Target",
                        old.target.as_ref(),
                        new.target.as_ref(),
                        &mut changes,
                    );
                    value("owner", "Owner", &old.owner, &new.owner, &mut changes);
                    metrics(&old.metrics, &new.metrics, &mut changes);
                }
            }
            changes
        }
    }
}

fn initiative(old: &Snapshot, new: &Snapshot, changes: &mut Vec<FieldChange>) {
    status(old, new, changes);
    schedule(old, new, changes);
    effort(old, new, changes);
    value("owner", "Owner", &old.owner, &new.owner, changes);
    value("team", "Team", &old.team, &new.team, changes);
    value("kind", "Kind", &old.kind(), &new.kind(), changes);
    value(
        "category",
        "Category",
        &old.category,
        &new.category,
        changes,
    );
    links("goals", "serves goal", &old.goals, &new.goals, changes);
    links(
        "depends_on",
        "depends on",
        &old.depends_on,
        &new.depends_on,
        changes,
    );
    progress(old, new, changes);
    risks(&old.risks, &new.risks, changes);
    metrics(&old.metrics, &new.metrics, changes);
}

fn retitled(old: &Snapshot, new: &Snapshot, out: &mut Vec<FieldChange>) {
    if let (Some(before), Some(after)) = (&old.title, &new.title) {
        if before != after {
            out.push(FieldChange::new(
                "title",
                Some(before),
                Some(after),
                format!("Retitled from “{before}”"),
            ));
        }
    }
}

fn status(old: &Snapshot, new: &Snapshot, out: &mut Vec<FieldChange>) {
    let (before, after) = (old.status.as_ref(), new.status.as_ref());
    if before == after {
        return;
    }
    let text = match (before, after) {
        (Some(b), Some(a)) if a.0 == "dropped" => format!("Dropped (was {b})"),
        (Some(b), Some(a)) => format!("Status {b} → {a}"),
        (None, Some(a)) => format!("Status set to {a}"),
        (Some(b), None) => format!("Status removed (was {b})"),
        (None, None) => return,
    };
    out.push(FieldChange::new("status", before, after, text));
}

/// A value that is a quarter, as one.
fn as_quarter(value: Option<&Scalar>) -> Option<Quarter> {
    value?.0.parse().ok()
}

/// Whether two values name the same quarter, however written.
fn same_quarter(a: Option<&Scalar>, b: Option<&Scalar>) -> bool {
    match (as_quarter(a), as_quarter(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// A schedule in few characters: `2027-Q2`, `2027-Q2–Q3`, `2027-Q4–2028-Q1`.
fn span_text(start: Quarter, end: Quarter) -> String {
    if start == end {
        start.to_string()
    } else if start.year() == end.year() {
        format!("{start}–Q{}", end.number())
    } else {
        format!("{start}–{end}")
    }
}

/// "a quarter later", "2 quarters earlier".
fn distance(quarters: i32) -> String {
    let way = if quarters > 0 { "later" } else { "earlier" };
    match quarters.unsigned_abs() {
        1 => format!("a quarter {way}"),
        n => format!("{n} quarters {way}"),
    }
}

/// Start and end moved by the same distance are one move; a schedule set
/// or removed is one change; otherwise each bound is told on its own.
fn schedule(old: &Snapshot, new: &Snapshot, out: &mut Vec<FieldChange>) {
    let (starts, ends) = ((old.start(), new.start()), (old.end(), new.end()));
    if same_quarter(starts.0, starts.1) && same_quarter(ends.0, ends.1) {
        return;
    }
    let span = |start, end| Some((as_quarter(start)?, as_quarter(end)?));
    let part = |before: Option<String>, after: Option<String>, text| FieldChange {
        field: "schedule",
        before,
        after,
        text,
    };
    match (span(starts.0, ends.0), span(starts.1, ends.1)) {
        (Some(b), Some(a)) if a.0.quarters_since(b.0) == a.1.quarters_since(b.1) => {
            let moved = distance(a.0.quarters_since(b.0));
            let (b, a) = (span_text(b.0, b.1), span_text(a.0, a.1));
            let text = format!("Moved {moved}: {b} → {a}");
            out.push(part(Some(b), Some(a), text));
        }
        (None, Some(a)) if starts.0.is_none() => {
            let a = span_text(a.0, a.1);
            out.push(part(None, Some(a.clone()), format!("Scheduled for {a}")));
        }
        (Some(b), None) if starts.1.is_none() => {
            let b = span_text(b.0, b.1);
            out.push(part(
                Some(b.clone()),
                None,
                format!("Unscheduled (was {b})"),
            ));
        }
        _ => {
            quarter("start", "Start", starts.0, starts.1, out);
            quarter("end", "End", ends.0, ends.1, out);
        }
    }
}

/// A move of one quarter, such as a goal's target or an end.
fn quarter(
    field: &'static str,
    name: &str,
    before: Option<&Scalar>,
    after: Option<&Scalar>,
    out: &mut Vec<FieldChange>,
) {
    if same_quarter(before, after) {
        return;
    }
    let text = match (before, after) {
        (Some(b), Some(a)) => match (as_quarter(Some(b)), as_quarter(Some(a))) {
            (Some(bq), Some(aq)) => format!(
                "{name} moved {}: {bq} → {aq}",
                distance(aq.quarters_since(bq))
            ),
            _ => format!("{name} moved from {b} to {a}"),
        },
        (None, Some(a)) => format!("{name} set to {a}"),
        (Some(b), None) => format!("{name} removed (was {b})"),
        (None, None) => return,
    };
    out.push(FieldChange::new(field, before, after, text));
}

/// "owner Alice → Bob", "owner set to Bob", "owner removed (was Alice)";
/// `None` when the value is the same.
fn phrase(name: &str, before: Option<&Scalar>, after: Option<&Scalar>) -> Option<String> {
    match (before, after) {
        (Some(b), Some(a)) if b != a => Some(format!("{name} {b} → {a}")),
        (None, Some(a)) => Some(format!("{name} set to {a}")),
        (Some(b), None) => Some(format!("{name} removed (was {b})")),
        _ => None,
    }
}

/// A change to a value told as it is, such as the owner.
fn value(
    field: &'static str,
    name: &str,
    before: &Option<Scalar>,
    after: &Option<Scalar>,
    out: &mut Vec<FieldChange>,
) {
    let (before, after) = (before.as_ref(), after.as_ref());
    if let Some(text) = phrase(name, before, after) {
        out.push(FieldChange::new(field, before, after, text));
    }
}

/// Effort is a number: `8` and `8.0` are the same.
fn effort(old: &Snapshot, new: &Snapshot, out: &mut Vec<FieldChange>) {
    let number = |value: &Option<Scalar>| value.as_ref()?.0.parse::<f64>().ok();
    if number(&old.effort).is_some() && number(&old.effort) == number(&new.effort) {
        return;
    }
    value("effort", "Effort", &old.effort, &new.effort, out);
}

fn links(
    field: &'static str,
    verb: &str,
    before: &BTreeSet<Scalar>,
    after: &BTreeSet<Scalar>,
    out: &mut Vec<FieldChange>,
) {
    for added in after.difference(before) {
        out.push(FieldChange::new(
            field,
            None,
            Some(added),
            format!("Now {verb} `{added}`"),
        ));
    }
    for removed in before.difference(after) {
        out.push(FieldChange::new(
            field,
            Some(removed),
            None,
            format!("No longer {verb} `{removed}`"),
        ));
    }
}

fn progress(old: &Snapshot, new: &Snapshot, out: &mut Vec<FieldChange>) {
    let (before, after) = (old.progress.as_ref(), new.progress.as_ref());
    if before == after {
        return;
    }
    let percent =
        |value: Option<&Scalar>| value.map_or("unreported".to_owned(), |v| format!("{v}%"));
    let text = format!("Progress {} → {}", percent(before), percent(after));
    out.push(FieldChange::new("progress", before, after, text));
}

/// Entries of a list known by a name (risks by their text, metrics by
/// their name): those added or changed, in their new order, then those
/// removed. Of two entries with one name, the first counts.
fn named_entries<'a, T>(
    before: &'a [T],
    after: &'a [T],
    name: impl Fn(&T) -> &Scalar,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let find = |list: &'a [T], wanted: &Scalar| list.iter().find(|entry| name(entry) == wanted);
    let mut seen = BTreeSet::new();
    let mut pairs: Vec<(Option<&T>, Option<&T>)> = after
        .iter()
        .filter(|entry| seen.insert(name(entry)))
        .map(|entry| (find(before, name(entry)), Some(entry)))
        .collect();
    let mut gone = BTreeSet::new();
    pairs.extend(
        before
            .iter()
            .filter(|entry| !seen.contains(name(entry)) && gone.insert(name(entry)))
            .map(|entry| (Some(entry), None)),
    );
    pairs
}

fn risks(before: &[RiskSnapshot], after: &[RiskSnapshot], out: &mut Vec<FieldChange>) {
    for pair in named_entries(before, after, |risk| &risk.risk) {
        let (text, name) = match pair {
            (None, Some(added)) => (format!("Risk added: “{}”", added.risk), &added.risk),
            (Some(removed), None) => (format!("Risk removed: “{}”", removed.risk), &removed.risk),
            (Some(old), Some(new)) => {
                let mut details: Vec<String> = [
                    phrase(
                        "likelihood",
                        old.likelihood.as_ref(),
                        new.likelihood.as_ref(),
                    ),
                    phrase("impact", old.impact.as_ref(), new.impact.as_ref()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if old.mitigation != new.mitigation {
                    details.push("new mitigation".to_owned());
                }
                if details.is_empty() {
                    continue;
                }
                (
                    format!("Risk “{}”: {}", new.risk, details.join(", ")),
                    &new.risk,
                )
            }
            (None, None) => continue,
        };
        let (old, new) = (pair.0.map(|_| name), pair.1.map(|_| name));
        out.push(FieldChange::new("risks", old, new, text));
    }
}

fn metrics(before: &[MetricSnapshot], after: &[MetricSnapshot], out: &mut Vec<FieldChange>) {
    for pair in named_entries(before, after, |metric| &metric.name) {
        let (text, name) = match pair {
            (None, Some(added)) => {
                let target = added
                    .target
                    .as_ref()
                    .map(|t| format!(" (target {t})"))
                    .unwrap_or_default();
                (
                    format!("Metric added: “{}”{target}", added.name),
                    &added.name,
                )
            }
            (Some(removed), None) => (format!("Metric removed: “{}”", removed.name), &removed.name),
            (Some(old), Some(new)) => {
                let details: Vec<String> = [
                    phrase("baseline", old.baseline.as_ref(), new.baseline.as_ref()),
                    phrase("target", old.target.as_ref(), new.target.as_ref()),
                    phrase("current", old.current.as_ref(), new.current.as_ref()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if details.is_empty() {
                    continue;
                }
                (
                    format!("Metric “{}”: {}", new.name, details.join(", ")),
                    &new.name,
                )
            }
            (None, None) => continue,
        };
        let (old, new) = (pair.0.map(|_| name), pair.1.map(|_| name));
        out.push(FieldChange::new("metrics", old, new, text));
    }
}

#[cfg(test)]
mod tests;
