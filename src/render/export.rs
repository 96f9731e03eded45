//! The model for other tools: `roadmap.json` with every resolved link, and
//! `roadmap.csv`, the one-row-per-initiative sheet some teams live in.

use crate::model::Roadmap;
use crate::types::InitiativeId;
use serde::Serialize;

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
    serde_json::to_writer(&mut *out, &export)?;
    out.write_all(b"\n")
}

pub const CSV_HEADER: [&str; 16] = [
    "id",
    "title",
    "justification",
    "effort",
    "start",
    "end",
    "status",
    "goals",
    "depends_on",
    "owner",
    "overdue",
    "at_risk",
    "at_risk_because",
    "first_planned_end",
    "slips",
    "slipped_quarters",
];

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

pub fn csv(roadmap: &Roadmap) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(CSV_HEADER);
    for i in &roadmap.initiatives {
        let join = |ids: Vec<&str>| ids.join(" ");
        let quarter = |pick: fn(crate::schedule::Schedule) -> crate::types::Quarter| {
            i.schedule.map(|s| pick(s).to_string()).unwrap_or_default()
        };
        let _ = writer.write_record([
            i.id.as_str(),
            &cell(&i.title),
            &cell(&i.summary),
            &i.effort.map(super::views::number).unwrap_or_default(),
            &quarter(|s| s.start),
            &quarter(|s| s.end),
            i.status.as_str(),
            &join(i.goals.iter().map(|g| g.as_str()).collect()),
            &join(i.depends_on.iter().map(|d| d.as_str()).collect()),
            &cell(i.owner.as_deref().unwrap_or("")),
            yes_no(i.overdue),
            yes_no(i.at_risk),
            &join(i.at_risk_because.iter().map(|d| d.as_str()).collect()),
            &i.first_planned_end
                .map(|q| q.to_string())
                .unwrap_or_default(),
            &i.slips.to_string(),
            &i.slipped_quarters.to_string(),
        ]);
    }
    writer.into_inner().unwrap_or_default()
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
