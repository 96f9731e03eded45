//! What changed between two versions of a goal or initiative, in words a
//! reader understands ("End moved from 2027-Q2 to 2027-Q3") rather than as
//! a YAML diff.

use super::snapshot::{Scalar, Snapshot, Subject};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The key concerned: `created`, `deleted`, `status`, `start`, `end`, …
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
                Subject::Initiative => {
                    status(old, new, &mut changes);
                    quarter("start", "Start", old.start(), new.start(), &mut changes);
                    quarter("end", "End", old.end(), new.end(), &mut changes);
                    links("goals", "serves goal", &old.goals, &new.goals, &mut changes);
                    links(
                        "depends_on",
                        "depends on",
                        &old.depends_on,
                        &new.depends_on,
                        &mut changes,
                    );
                    progress(old, new, &mut changes);
                }
                Subject::Goal => {
                    quarter(
                        "target",
                        "Target",
                        old.target.as_ref(),
                        new.target.as_ref(),
                        &mut changes,
                    );
                }
            }
            changes
        }
    }
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

fn quarter(
    field: &'static str,
    name: &str,
    before: Option<&Scalar>,
    after: Option<&Scalar>,
    out: &mut Vec<FieldChange>,
) {
    if before == after {
        return;
    }
    let text = match (before, after) {
        (Some(b), Some(a)) => format!("{name} moved from {b} to {a}"),
        (None, Some(a)) => format!("{name} set to {a}"),
        (Some(b), None) => format!("{name} removed (was {b})"),
        (None, None) => return,
    };
    out.push(FieldChange::new(field, before, after, text));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(yaml: &str) -> Snapshot {
        Snapshot::parse("initiatives/x.md", &format!("---\n{yaml}\n---\n"))
            .unwrap()
            .1
    }

    fn texts(before: &str, after: &str) -> Vec<String> {
        compare(
            Subject::Initiative,
            Some(&snapshot(before)),
            Some(&snapshot(after)),
        )
        .into_iter()
        .map(|c| c.text)
        .collect()
    }

    #[test]
    fn changes_read_as_sentences() {
        assert_eq!(
            texts(
                "title: A\nstatus: planned\nstart: 2027-Q1\nend: 2027-Q2\ngoals: [g]\nprogress: 10",
                "title: B\nstatus: in-progress\nstart: 2027-Q1\nend: 2027-Q3\ngoals: [h]\nprogress: 30"
            ),
            [
                "Retitled from “A”",
                "Status planned → in-progress",
                "End moved from 2027-Q2 to 2027-Q3",
                "Now serves goal `h`",
                "No longer serves goal `g`",
                "Progress 10% → 30%",
            ]
        );
    }

    #[test]
    fn the_quarter_shorthand_counts_as_start_and_end() {
        assert_eq!(
            texts("quarter: 2027-Q1", "start: 2027-Q1\nend: 2027-Q1"),
            Vec::<String>::new()
        );
        assert_eq!(
            texts("quarter: 2027-Q1", "quarter: 2027-Q2"),
            [
                "Start moved from 2027-Q1 to 2027-Q2",
                "End moved from 2027-Q1 to 2027-Q2",
            ]
        );
    }

    #[test]
    fn dropping_is_named_as_such() {
        assert_eq!(
            texts("status: planned", "status: dropped"),
            ["Dropped (was planned)"]
        );
    }

    #[test]
    fn a_goal_target_move_is_a_change() {
        let changes = compare(
            Subject::Goal,
            Some(&snapshot("target: 2027-Q2")),
            Some(&snapshot("target: 2027-Q3")),
        );
        assert_eq!(changes[0].text, "Target moved from 2027-Q2 to 2027-Q3");
    }
}
