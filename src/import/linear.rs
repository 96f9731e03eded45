//! Linear's CSV exports: of issues (`ID`, `Title`, `Status`, `Estimate`,
//! `Project`, `Parent issue`, and the days each was `Started`,
//! `Completed` or `Canceled`), or of projects (`Name`, `Status`,
//! `Progress`, `Start Date`, `Target Date`). An issue belongs to the
//! group `project:NAME` of its project; a project is that group itself.

use super::items::{State, WorkItem};
use super::problem::Problem;
use super::table::{Row, Table};

const ISSUES: &str = "a Linear CSV export of issues or projects";

const KNOWN: &[&str] = &[
    "ID",
    "Team",
    "Title",
    "Description",
    "Status",
    "Estimate",
    "Priority",
    "Project ID",
    "Project",
    "Creator",
    "Assignee",
    "Labels",
    "Cycle Number",
    "Cycle Name",
    "Cycle Start",
    "Cycle End",
    "Created",
    "Updated",
    "Started",
    "Triaged",
    "Completed",
    "Canceled",
    "Archived",
    "Due Date",
    "Parent issue",
    "Initiatives",
    "Project Milestone ID",
    "Project Milestone",
    "SLA Status",
    "Name",
    "Summary",
    "Health",
    "Lead",
    "Members",
    "Teams",
    "Start Date",
    "Target Date",
    "Progress",
    "Milestones",
    "Roadmaps",
    "URL",
];

/// Reads either export, handing each issue or project to `each`.
pub fn read(table: &mut Table, each: &mut dyn FnMut(WorkItem)) -> Result<Vec<Problem>, Problem> {
    let is_known = |name: &str| KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name));
    let warnings = super::unused_columns(&table.names, is_known, ISSUES)
        .into_iter()
        .collect();
    if table.column("Title").is_some() {
        let columns = IssueColumns::of(table)?;
        while let Some(row) = table.next_row()? {
            if let Some(item) = issue(&row, &columns)? {
                each(item);
            }
        }
    } else {
        let columns = ProjectColumns::of(table)?;
        while let Some(row) = table.next_row()? {
            if let Some(item) = project(&row, &columns)? {
                each(item);
            }
        }
    }
    Ok(warnings)
}

struct IssueColumns {
    id: usize,
    title: Option<usize>,
    status: usize,
    estimate: Option<usize>,
    project: Option<usize>,
    parent: Option<usize>,
    started: Option<usize>,
    completed: Option<usize>,
    canceled: Option<usize>,
    due: Option<usize>,
    updated: Option<usize>,
}

impl IssueColumns {
    fn of(table: &Table) -> Result<IssueColumns, Problem> {
        Ok(IssueColumns {
            id: table.require(&["ID"], ISSUES)?,
            status: table.require(&["Status"], ISSUES)?,
            title: table.column("Title"),
            estimate: table.column("Estimate"),
            project: table.column("Project"),
            parent: table.column("Parent issue"),
            started: table.column("Started"),
            completed: table.column("Completed"),
            canceled: table.column("Canceled"),
            due: table.column("Due Date"),
            updated: table.column("Updated").or(table.column("Created")),
        })
    }
}

/// An issue; `None` for one canceled or a duplicate, which is no work to count.
fn issue(row: &Row, columns: &IssueColumns) -> Result<Option<WorkItem>, Problem> {
    let status = row
        .get(Some(columns.status))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let dropped = ["canceled", "cancelled", "duplicate"].contains(&status.as_str());
    if dropped || row.get(columns.canceled).is_some() {
        return Ok(None);
    }
    let key = required(row, columns.id, "ID")?;
    let completed = row.date(columns.completed)?;
    let started = row.date(columns.started)?;
    let state = if completed.is_some() || ["done", "completed"].contains(&status.as_str()) {
        State::Done
    } else if status.contains("block") {
        State::Blocked
    } else if started.is_some()
        || !["backlog", "todo", "to do", "triage", ""].contains(&status.as_str())
    {
        State::Started
    } else {
        State::NotStarted
    };
    Ok(Some(WorkItem {
        key: key.to_owned(),
        id: None,
        title: row.get(columns.title).unwrap_or(key).to_owned(),
        parents: row
            .get(columns.parent)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        groups: row
            .get(columns.project)
            .map(|p| format!("project:{p}"))
            .into_iter()
            .collect(),
        is_epic: false,
        state: Some(state),
        estimate: row.number(columns.estimate)?,
        progress: None,
        start: started,
        end: completed.or(row.date(columns.due)?),
        updated: row.date(columns.updated)?,
    }))
}

struct ProjectColumns {
    name: usize,
    status: usize,
    progress: Option<usize>,
    start: Option<usize>,
    target: Option<usize>,
    completed: Option<usize>,
    canceled: Option<usize>,
    updated: Option<usize>,
}

impl ProjectColumns {
    fn of(table: &Table) -> Result<ProjectColumns, Problem> {
        Ok(ProjectColumns {
            name: table.require(&["Title", "Name"], ISSUES)?,
            status: table.require(&["Status"], ISSUES)?,
            progress: table.column("Progress"),
            start: table.column("Start Date"),
            target: table.column("Target Date"),
            completed: table.column("Completed"),
            canceled: table.column("Canceled"),
            updated: table.column("Updated").or(table.column("Created")),
        })
    }
}

/// A project, which reports its own progress; `None` for one canceled.
fn project(row: &Row, columns: &ProjectColumns) -> Result<Option<WorkItem>, Problem> {
    let status = row
        .get(Some(columns.status))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if row.get(columns.canceled).is_some() || status == "canceled" {
        return Ok(None);
    }
    let name = required(row, columns.name, "Name")?;
    let completed = row.date(columns.completed)?;
    let state = match status.as_str() {
        _ if completed.is_some() => State::Done,
        "completed" | "done" => State::Done,
        "paused" | "blocked" => State::Blocked,
        "backlog" | "planned" | "" => State::NotStarted,
        _ => State::Started,
    };
    Ok(Some(WorkItem {
        key: name.to_owned(),
        id: None,
        title: name.to_owned(),
        parents: Vec::new(),
        groups: vec![format!("project:{name}")],
        is_epic: false,
        state: Some(state),
        estimate: None,
        progress: share(row, columns.progress)?,
        start: row.date(columns.start)?,
        end: completed.or(row.date(columns.target)?),
        updated: row.date(columns.updated)?,
    }))
}

/// `45%`, `45` or `0.45`, as a share from 0 to 1.
fn share(row: &Row, index: Option<usize>) -> Result<Option<f64>, Problem> {
    let Some(text) = row.get(index) else {
        return Ok(None);
    };
    let number = text.trim_end_matches('%').trim().parse::<f64>().ok();
    match number {
        Some(n) if text.ends_with('%') || n > 1.0 => Ok(Some(n / 100.0)),
        Some(n) if n >= 0.0 => Ok(Some(n)),
        _ => Err(row.problem(
            index.unwrap_or_default(),
            format!("`{text}` is not a progress"),
            "progress is a percentage such as 45% or a share such as 0.45",
        )),
    }
}

fn required<'a>(row: &'a Row, index: usize, name: &str) -> Result<&'a str, Problem> {
    row.get(Some(index)).ok_or_else(|| {
        row.problem(
            index,
            format!("the row has no {name}"),
            "every row of a Linear export has one; export the file again",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Vec<WorkItem> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("linear.csv");
        std::fs::write(&path, text).unwrap();
        let mut table = Table::open(&path).unwrap();
        let mut items = Vec::new();
        read(&mut table, &mut |item| items.push(item)).unwrap();
        items
    }

    #[test]
    fn issues_belong_to_their_project_and_canceled_ones_are_left_out() {
        let items = read_text(
            "ID,Title,Status,Estimate,Project,Parent issue,Started,Completed,Canceled\n\
             ENG-1,A,Done,3,Speed,,2026-10-01T00:00:00.000Z,2026-10-09T00:00:00.000Z,\n\
             ENG-2,B,In Progress,,Speed,ENG-1,2026-10-02T00:00:00.000Z,,\n\
             ENG-3,C,Canceled,,Speed,,,,2026-10-03T00:00:00.000Z\n",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].groups, ["project:Speed"]);
        assert_eq!(items[0].state, Some(State::Done));
        assert_eq!(items[1].parents, ["ENG-1"]);
        assert_eq!(items[1].state, Some(State::Started));
    }

    #[test]
    fn a_project_reports_its_own_progress() {
        let items =
            read_text("Name,Status,Progress,Target Date\nSpeed,In Progress,45%,2027-03-31\n");
        assert_eq!(items[0].progress, Some(0.45));
        assert_eq!(items[0].groups, ["project:Speed"]);
        assert_eq!(items[0].end.unwrap().to_string(), "2027-03-31");
    }
}
