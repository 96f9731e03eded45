//! Jira's issue search export as CSV, with all fields: one row per issue,
//! a column per field, repeated for each value of a multi-valued field
//! (`Labels`, `Sprint`, `Fix Version/s`, `Component/s`), custom fields
//! named `Custom field (Start date)`, and dates in the instance's format.
//! A child names its epic in `Parent` (by id or key, depending on the Jira
//! version) or in `Custom field (Epic Link)`.

use super::items::{State, WorkItem};
use super::problem::Problem;
use super::table::{Row, Table};

const EXPORT: &str = "a Jira CSV export";

/// The columns import reads, by position.
struct Columns {
    key: usize,
    id: Option<usize>,
    summary: Option<usize>,
    issue_type: Option<usize>,
    status: usize,
    category: Option<usize>,
    parents: Vec<usize>,
    labels: Vec<usize>,
    flagged: Option<usize>,
    estimate: Option<usize>,
    /// Estimates in seconds (`Original Estimate`) rather than points.
    estimate_in_seconds: bool,
    start: Option<usize>,
    due: Option<usize>,
    resolved: Option<usize>,
    updated: Option<usize>,
}

impl Columns {
    fn of(table: &Table) -> Result<Columns, Problem> {
        let first = |names: &[&str]| names.iter().find_map(|name| table.column(name));
        let points = first(&[
            "Custom field (Story Points)",
            "Custom field (Story point estimate)",
        ]);
        let parents = [
            "Parent",
            "Parent id",
            "Parent key",
            "Custom field (Epic Link)",
            "Custom field (Parent Link)",
        ]
        .iter()
        .flat_map(|name| table.columns(name))
        .collect();
        Ok(Columns {
            key: table.require(&["Issue key"], EXPORT)?,
            status: table.require(&["Status"], EXPORT)?,
            id: table.column("Issue id"),
            summary: table.column("Summary"),
            issue_type: table.column("Issue Type"),
            category: table.column("Status Category"),
            parents,
            labels: table.columns("Labels"),
            flagged: table.column("Custom field (Flagged)"),
            estimate_in_seconds: points.is_none(),
            estimate: points.or_else(|| table.column("Original Estimate")),
            start: first(&["Custom field (Start date)", "Custom field (Target start)"]),
            due: first(&["Due date", "Custom field (Target end)"]),
            resolved: table.column("Resolved"),
            updated: first(&["Updated", "Created"]),
        })
    }
}

/// Columns of Jira's own fields, besides `Custom field (…)` and issue links.
const KNOWN: &[&str] = &[
    "Summary",
    "Issue key",
    "Issue id",
    "Parent",
    "Parent id",
    "Parent key",
    "Parent summary",
    "Issue Type",
    "Status",
    "Status Category",
    "Status Category Changed",
    "Project key",
    "Project name",
    "Project type",
    "Project lead",
    "Project lead id",
    "Project description",
    "Project url",
    "Priority",
    "Resolution",
    "Assignee",
    "Assignee Id",
    "Reporter",
    "Reporter Id",
    "Creator",
    "Creator Id",
    "Created",
    "Updated",
    "Last Viewed",
    "Resolved",
    "Affects Version/s",
    "Fix Version/s",
    "Component/s",
    "Due date",
    "Votes",
    "Labels",
    "Description",
    "Environment",
    "Watchers",
    "Watchers Id",
    "Log Work",
    "Original Estimate",
    "Remaining Estimate",
    "Time Spent",
    "Work Ratio",
    "Σ Original Estimate",
    "Σ Remaining Estimate",
    "Σ Time Spent",
    "Security Level",
    "Attachment",
    "Comment",
    "Sprint",
    "Team",
    "Team Id",
    "Team Name",
];

fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|known| known.eq_ignore_ascii_case(name))
        || [
            "Custom field (",
            "Inward issue link (",
            "Outward issue link (",
            "Checklist",
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// Reads the export, handing each issue to `each`; returns warnings.
pub fn read(table: &mut Table, each: &mut dyn FnMut(WorkItem)) -> Result<Vec<Problem>, Problem> {
    let columns = Columns::of(table)?;
    let warnings = super::unused_columns(&table.names, is_known, EXPORT)
        .into_iter()
        .collect();
    while let Some(row) = table.next_row()? {
        each(item(&row, &columns)?);
    }
    Ok(warnings)
}

fn item(row: &Row, columns: &Columns) -> Result<WorkItem, Problem> {
    let key = row.get(Some(columns.key)).ok_or_else(|| {
        row.problem(
            columns.key,
            "the issue has no key".to_owned(),
            "every row of a Jira export has an `Issue key`; export the file again",
        )
    })?;
    let state = state(row, columns);
    let estimate = row.number(columns.estimate)?.map(|e| {
        if columns.estimate_in_seconds {
            e / 3600.0
        } else {
            e
        }
    });
    let resolved = row.date(columns.resolved)?;
    let due = row.date(columns.due)?;
    Ok(WorkItem {
        key: key.to_owned(),
        id: row.get(columns.id).map(str::to_owned),
        title: row.get(columns.summary).unwrap_or(key).to_owned(),
        parents: row.all(&columns.parents),
        groups: Vec::new(),
        is_epic: row
            .get(columns.issue_type)
            .is_some_and(|t| t.eq_ignore_ascii_case("Epic")),
        start: row.date(columns.start)?,
        end: if state == State::Done {
            resolved.or(due)
        } else {
            due
        },
        updated: row.date(columns.updated)?.or(resolved),
        state: Some(state),
        estimate,
        progress: None,
    })
}

/// Blocked when flagged, labelled or so called; otherwise as the status
/// category says, or the status name where the export has no category.
fn state(row: &Row, columns: &Columns) -> State {
    let status = row
        .get(Some(columns.status))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let blocked = status.contains("block")
        || row.get(columns.flagged).is_some()
        || row
            .all(&columns.labels)
            .iter()
            .any(|label| label.eq_ignore_ascii_case("blocked"));
    let category = row.get(columns.category).map(str::to_ascii_lowercase);
    let done = match category.as_deref() {
        Some(category) => category == "done" || category == "complete",
        None => [
            "done",
            "closed",
            "resolved",
            "complete",
            "completed",
            "released",
        ]
        .contains(&status.as_str()),
    };
    let not_started = match category.as_deref() {
        Some(category) => category == "to do" || category == "new",
        None => [
            "to do",
            "open",
            "backlog",
            "new",
            "selected for development",
        ]
        .contains(&status.as_str()),
    };
    if done {
        State::Done
    } else if blocked {
        State::Blocked
    } else if not_started {
        State::NotStarted
    } else {
        State::Started
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Vec<WorkItem>, Problem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jira.csv");
        std::fs::write(&path, text).unwrap();
        let mut table = Table::open(&path)?;
        let mut items = Vec::new();
        read(&mut table, &mut |item| items.push(item))?;
        Ok(items)
    }

    #[test]
    fn repeated_columns_parents_by_id_or_key_and_locale_dates_are_read() {
        let items = read_text(
            "\u{feff}Summary,Issue key,Issue id,Issue Type,Status,Labels,Labels,Parent,Custom field (Epic Link),Custom field (Story Points),Updated\r\n\
             Epic,A-1,100,Epic,In Progress,,,,,,05/Nov/25 3:15 PM\r\n\
             \"Child, one\",A-2,101,Story,Waiting,team,blocked,100,,3,06/Nov/25 9:00 AM\r\n\
             Child two,A-3,102,Story,Closed,,,,A-1,,07/Nov/25\r\n",
        )
        .unwrap();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_epic);
        assert_eq!(items[1].title, "Child, one");
        assert_eq!(items[1].parents, ["100"]);
        assert_eq!(items[1].state, Some(State::Blocked));
        assert_eq!(items[1].estimate, Some(3.0));
        assert_eq!(items[2].parents, ["A-1"]);
        assert_eq!(items[2].state, Some(State::Done));
        assert_eq!(items[2].updated.unwrap().to_string(), "2025-11-07");
    }

    #[test]
    fn an_unreadable_date_names_its_row_and_column() {
        let Err(problem) = read_text("Issue key,Status,Updated\nA-1,Done,yesterday\n") else {
            panic!("read");
        };
        let dir = tempfile::tempdir().unwrap();
        let shown = problem.diagnostic("jira.csv", &dir.path().join("gone.csv"));
        assert!(
            shown
                .message
                .contains("cannot read the date `yesterday` (row 1, column `Updated`)"),
            "{}",
            shown.message
        );
    }
}
