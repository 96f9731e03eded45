//! The model for other tools: `roadmap.json` with every resolved link, and
//! `roadmap.csv` and `goals.csv`, the one-row-per-item sheets some teams
//! live in.

use crate::frontmatter::GoalMetric;
use crate::model::{Goal, Initiative, Roadmap};
use crate::types::InitiativeId;
use serde::Serialize;
use std::io::Write as _;

#[derive(Serialize)]
struct Export<'a> {
    title: &'a str,
    description: &'a str,
    vision: &'a str,
    base_url: &'a str,
    critical_chain: &'a [InitiativeId],
    #[serde(flatten)]
    roadmap: &'a Roadmap,
}

/// Writes `roadmap.json`: compact, since it is for programs.
pub fn json(
    roadmap: &Roadmap,
    base_url: &str,
    critical_chain: &[InitiativeId],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let export = Export {
        title: &roadmap.config.title,
        description: &roadmap.config.description,
        vision: &roadmap.config.vision,
        base_url,
        critical_chain,
        roadmap,
    };
    // A buffer of a known type between: serde_json writes a few bytes at a
    // time, and through `dyn Write` each write would be a call of its own.
    let mut buffered = std::io::BufWriter::with_capacity(JSON_BUFFER, out);
    serde_json::to_writer(&mut buffered, &export)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Bytes of `roadmap.json` handed on at a time.
const JSON_BUFFER: usize = 64 * 1024;

pub const CSV_HEADER: [&str; 27] = [
    "id",
    "title",
    "justification",
    "team",
    "category",
    "kind",
    "status",
    "horizon",
    "start",
    "end",
    "effort",
    "progress",
    "cost",
    "impact",
    "owner",
    "goals",
    "depends_on",
    "reviewed",
    "needs_review",
    "overdue",
    "overdue_by",
    "at_risk",
    "at_risk_because",
    "schedule_conflicts",
    "first_planned_end",
    "slips",
    "slipped_quarters",
];

pub const GOALS_CSV_HEADER: [&str; 9] = [
    "id",
    "title",
    "target",
    "owner",
    "progress",
    "at_risk",
    "at_risk_because",
    "initiatives",
    "metrics",
];

/// Spreadsheets on Windows read a CSV file as UTF-8 only when it starts
/// with the byte order mark; without it, every non-ASCII letter is garbled.
const UTF8_BOM: &str = "\u{feff}";

/// How lists share a cell: `;` rather than a space or a comma, so that a
/// spreadsheet user can split them and a title with spaces stays whole.
const LIST_SEPARATOR: &str = "; ";

/// A cell that a spreadsheet would run as a formula gets a leading `'`,
/// which spreadsheets show as text. Spreadsheets skip leading NULs, other
/// controls and spaces before they look for a formula's `=`, so that text
/// does not hide one.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    let visible = text.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let starts_formula = |t: &str| t.starts_with(['=', '+', '-', '@']);
    if starts_formula(visible) || text.starts_with(['\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// As JSON writes a boolean, so that both exports read the same.
fn yes_no(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Items of a list in one cell, each defused.
fn list<T: AsRef<str>>(items: impl IntoIterator<Item = T>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .map(|item| cell(item.as_ref()).into_owned())
        .collect();
    items.join(LIST_SEPARATOR)
}

/// A value in the word JSON writes for it, such as `in-progress`.
fn word(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(word)) => word,
        _ => String::new(),
    }
}

/// The text of an optional value, empty when absent.
fn optional(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes a table of `header` and `rows` into `out`, after the byte order
/// mark, every cell already defused by the caller. Streamed, as the table
/// of 10,000 initiatives is megabytes.
fn table(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(UTF8_BOM.as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// `roadmap.csv`: one row per initiative, with every scalar a spreadsheet
/// user filters or sums by.
pub fn csv(roadmap: &Roadmap, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    table(
        &CSV_HEADER,
        roadmap.initiatives.iter().map(initiative_row),
        out,
    )
}

fn initiative_row(i: &Initiative) -> Vec<String> {
    let quarter = |pick: fn(crate::schedule::Schedule) -> crate::types::Quarter| {
        optional(i.schedule.map(pick))
    };
    let text = |value: Option<&String>| cell(value.map_or("", String::as_str)).into_owned();
    vec![
        i.id.to_string(),
        cell(&i.title).into_owned(),
        cell(&i.summary).into_owned(),
        text(i.team.as_ref()),
        text(i.category.as_ref()),
        word(i.kind),
        i.status.as_str().to_owned(),
        word(i.horizon),
        quarter(|s| s.start),
        quarter(|s| s.end),
        i.effort.map(super::views::number).unwrap_or_default(),
        optional(i.progress),
        optional(i.cost),
        optional(i.impact),
        text(i.owner.as_ref()),
        list(i.goals.iter().map(|g| g.as_str())),
        list(i.depends_on.iter().map(|d| d.as_str())),
        optional(i.reviewed),
        yes_no(i.needs_review).to_owned(),
        yes_no(i.overdue).to_owned(),
        optional(i.overdue_by),
        yes_no(i.at_risk).to_owned(),
        list(i.at_risk_because.iter().map(|d| d.as_str())),
        list(i.schedule_conflicts.iter().map(|c| c.prerequisite.as_str())),
        optional(i.first_planned_end),
        i.slips.to_string(),
        i.slipped_quarters.to_string(),
    ]
}

/// `goals.csv`: one row per goal, with its progress and health.
pub fn goals_csv(roadmap: &Roadmap, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    table(&GOALS_CSV_HEADER, roadmap.goals.iter().map(goal_row), out)
}

fn goal_row(goal: &Goal) -> Vec<String> {
    vec![
        goal.id.to_string(),
        cell(&goal.title).into_owned(),
        optional(goal.target),
        cell(goal.owner.as_deref().unwrap_or("")).into_owned(),
        goal.progress.to_string(),
        yes_no(goal.at_risk).to_owned(),
        list(goal.at_risk_because.iter().map(|d| d.as_str())),
        list(goal.initiatives.iter().map(|d| d.as_str())),
        list(goal.metrics.iter().map(metric_text)),
    ]
}

/// A goal's metric in words, such as `Uptime: 99.9% now, target 99.95%`.
fn metric_text(metric: &GoalMetric) -> String {
    match &metric.current {
        Some(current) => format!("{}: {current} now, target {}", metric.name, metric.target),
        None => format!("{}: target {}", metric.name, metric.target),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_that_could_run_as_formulas_are_text() {
        for formula in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\0=HYPERLINK(\"x\")",
            "\0\0+1",
            "  =1",
            "\u{a0}=1",
            "\u{1}@x",
        ] {
            assert!(cell(formula).starts_with('\''), "{formula:?}");
        }
        for text in ["Cloud = scale", "a-b", "", "\0plain"] {
            assert_eq!(cell(text), text, "{text:?}");
        }
    }
}
