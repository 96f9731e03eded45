//! What the engineering view shows beside its charts: the initiative
//! table and its filters, the matrix and risk register in words, and the
//! load per quarter.

use super::*;
use foldhash::HashMap;

#[derive(Serialize)]
pub struct Row<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub goals: Vec<GoalRef<'a>>,
    pub category: &'a str,
    pub kind: crate::types::Kind,
    pub status: Status,
    pub status_label: &'static str,
    pub schedule: String,
    pub depends_on: &'a [InitiativeId],
    pub effort: String,
    pub owner: &'a str,
    pub team: &'a str,
    pub summary: &'a str,
    pub needs_review: bool,
    pub flags: Flags,
}

pub fn rows<'a>(roadmap: &'a Roadmap, initiatives: &[&'a Initiative]) -> Vec<Row<'a>> {
    initiatives
        .iter()
        .map(|i| Row {
            id: &i.id,
            title: &i.title,
            goals: goal_refs(roadmap, &i.goals),
            category: i.category.as_deref().unwrap_or(""),
            kind: i.kind,
            status: i.status,
            status_label: i.status.label(),
            schedule: schedule_text(i),
            depends_on: &i.depends_on,
            effort: i.effort.map(number).unwrap_or_default(),
            owner: i.owner.as_deref().unwrap_or(""),
            team: i.team.as_deref().unwrap_or(""),
            summary: &i.summary,
            needs_review: i.needs_review,
            flags: Flags::of(i),
        })
        .collect()
}

#[derive(Serialize)]
pub struct Filter {
    pub name: &'static str,
    pub label: &'static str,
    pub options: Vec<FilterOption>,
}

#[derive(Serialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
}

/// The engineering table's filters, offering only values that occur.
pub fn filters(roadmap: &Roadmap, initiatives: &[&Initiative]) -> Vec<Filter> {
    let distinct = |values: Vec<String>| -> Vec<FilterOption> {
        values
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|value| FilterOption {
                label: value.clone(),
                value,
            })
            .collect()
    };
    let statuses = [
        Status::Proposed,
        Status::Planned,
        Status::InProgress,
        Status::AtRisk,
        Status::Blocked,
        Status::Done,
        Status::Dropped,
    ]
    .into_iter()
    .filter(|s| initiatives.iter().any(|i| i.status == *s))
    .map(|s| FilterOption {
        value: s.as_str().to_owned(),
        label: s.label().to_owned(),
    })
    .collect();
    vec![
        Filter {
            name: "status",
            label: "Status",
            options: statuses,
        },
        Filter {
            name: "category",
            label: "Category",
            options: distinct(
                initiatives
                    .iter()
                    .filter_map(|i| i.category.clone())
                    .collect(),
            ),
        },
        Filter {
            name: "member",
            label: "Member",
            options: distinct(
                initiatives
                    .iter()
                    .filter_map(|i| Some(i.id.as_str().split_once('/')?.0.to_owned()))
                    .collect(),
            ),
        },
        Filter {
            name: "team",
            label: "Team",
            options: distinct(initiatives.iter().filter_map(|i| i.team.clone()).collect()),
        },
        Filter {
            name: "kind",
            label: "Kind",
            options: distinct(initiatives.iter().map(|i| serde_name(i.kind)).collect()),
        },
        Filter {
            name: "horizon",
            label: "Horizon",
            options: Horizon::ALL
                .into_iter()
                .filter(|h| initiatives.iter().any(|i| i.horizon == *h))
                .map(|h| FilterOption {
                    value: serde_name(h),
                    label: format!("{h:?}"),
                })
                .collect(),
        },
        Filter {
            name: "health",
            label: "Health",
            options: [
                ("overdue", "Overdue"),
                ("at-risk", "At risk"),
                ("slipped", "Slipped"),
            ]
            .into_iter()
            .filter(|(value, _)| initiatives.iter().any(|i| health_of(i).contains(value)))
            .map(|(value, label)| FilterOption {
                value: value.to_owned(),
                label: label.to_owned(),
            })
            .collect(),
        },
        Filter {
            name: "goal",
            label: "Goal",
            options: initiatives
                .iter()
                .flat_map(|i| i.goals.iter())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter_map(|id| roadmap.goal(id))
                .map(|g| FilterOption {
                    value: g.id.to_string(),
                    label: g.title.clone(),
                })
                .collect(),
        },
    ]
}

/// The name a value has in the site's data and URLs, such as `in-progress`.
pub(super) fn serde_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

#[derive(Serialize)]
pub struct MatrixRow<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub cost: u8,
    pub impact: u8,
}

pub fn matrix_rows<'a>(initiatives: &[&'a Initiative]) -> Vec<MatrixRow<'a>> {
    initiatives
        .iter()
        .filter_map(|i| {
            Some(MatrixRow {
                id: &i.id,
                title: &i.title,
                cost: i.cost?,
                impact: i.impact?,
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct RiskRow<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub risk: &'a str,
    pub mitigation: &'a str,
    pub likelihood: Option<Level>,
    pub impact: Option<Level>,
    /// Likelihood times impact, each from 1 (low) to 3 (high); 0 when
    /// either is unknown.
    pub score: u8,
}

/// Whether work can still be at risk: not done and not dropped.
pub fn is_live(initiative: &Initiative) -> bool {
    !matches!(initiative.status, Status::Done | Status::Dropped)
}

/// The risks of live work, the most severe first: by likelihood times
/// impact, then by impact.
pub fn risks<'a>(initiatives: &[&'a Initiative]) -> Vec<RiskRow<'a>> {
    let mut rows: Vec<RiskRow> = initiatives
        .iter()
        .filter(|i| is_live(i))
        .flat_map(|i| {
            i.risks.iter().map(move |r| RiskRow {
                id: &i.id,
                title: &i.title,
                risk: &r.risk,
                mitigation: &r.mitigation,
                likelihood: r.likelihood,
                impact: r.impact,
                score: severity(r.likelihood, r.impact),
            })
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse((row.score, row.impact, row.likelihood)));
    rows
}

/// Likelihood times impact, as the risk register ranks risks.
fn severity(likelihood: Option<Level>, impact: Option<Level>) -> u8 {
    let weight = |level: Level| match level {
        Level::Low => 1,
        Level::Medium => 2,
        Level::High => 3,
    };
    likelihood
        .zip(impact)
        .map_or(0, |(l, i)| weight(l) * weight(i))
}

/// One initiative as the engineering table's script filters, sorts and
/// shows it. Short keys, because a large roadmap has many.
#[derive(Serialize)]
pub struct Record<'a> {
    pub id: &'a InitiativeId,
    #[serde(rename = "t")]
    pub title: &'a str,
    #[serde(rename = "s")]
    pub summary: &'a str,
    #[serde(rename = "o")]
    pub owner: &'a str,
    #[serde(rename = "tm")]
    pub team: &'a str,
    #[serde(rename = "st")]
    pub status: Status,
    #[serde(rename = "sl")]
    pub status_label: &'static str,
    #[serde(rename = "c")]
    pub category: &'a str,
    #[serde(rename = "k")]
    pub kind: crate::types::Kind,
    #[serde(rename = "g")]
    pub goals: &'a [GoalId],
    #[serde(rename = "h")]
    pub horizon: Horizon,
    /// Of `overdue`, `at-risk` and `slipped`, those it is.
    #[serde(rename = "hl")]
    pub health: Vec<&'static str>,
    /// Start and end as quarter ordinals, for sorting by schedule.
    #[serde(rename = "q")]
    pub quarters: Option<(i32, i32)>,
    #[serde(rename = "sc")]
    pub schedule: String,
    #[serde(rename = "e")]
    pub effort: Option<f64>,
    #[serde(rename = "d")]
    pub depends_on: &'a [InitiativeId],
    #[serde(rename = "r")]
    pub risks: Vec<RecordRisk<'a>>,
    #[serde(rename = "nr")]
    pub needs_review: bool,
    #[serde(rename = "f")]
    pub flags: Flags,
    /// How it is doing in words and its progress, as the executive board's
    /// cards say them.
    #[serde(rename = "hw")]
    pub health_words: String,
    #[serde(rename = "p")]
    pub progress: u8,
}

/// A risk of live work: the risk, its likelihood and impact, the
/// mitigation, and likelihood times impact; an array, to keep it short.
pub type RecordRisk<'a> = (&'a str, Option<Level>, Option<Level>, &'a str, u8);

pub fn records<'a>(initiatives: &[&'a Initiative]) -> Vec<Record<'a>> {
    initiatives.iter().map(|i| record(i)).collect()
}

/// Of the health filter's values, those that `initiative` has.
fn health_of(initiative: &Initiative) -> Vec<&'static str> {
    [
        (initiative.overdue, "overdue"),
        (initiative.at_risk, "at-risk"),
        (initiative.slips > 0, "slipped"),
    ]
    .into_iter()
    .filter_map(|(is, name)| is.then_some(name))
    .collect()
}

fn record(i: &Initiative) -> Record<'_> {
    let live = is_live(i);
    Record {
        id: &i.id,
        title: &i.title,
        summary: &i.summary,
        owner: i.owner.as_deref().unwrap_or(""),
        team: i.team.as_deref().unwrap_or(""),
        status: i.status,
        status_label: i.status.label(),
        category: i.category.as_deref().unwrap_or(""),
        kind: i.kind,
        goals: &i.goals,
        horizon: i.horizon,
        health: health_of(i),
        quarters: i.schedule.map(|s| (s.start.ordinal(), s.end.ordinal())),
        schedule: schedule_text(i),
        effort: i.effort,
        depends_on: &i.depends_on,
        risks: i
            .risks
            .iter()
            .filter(|_| live)
            .map(|r| {
                let score = severity(r.likelihood, r.impact);
                (
                    r.risk.as_str(),
                    r.likelihood,
                    r.impact,
                    r.mitigation.as_str(),
                    score,
                )
            })
            .collect(),
        needs_review: i.needs_review,
        flags: Flags::of(i),
        health_words: health_words(i),
        progress: progress_of(i),
    }
}

/// The live work of a quarter, for one team or goal.
#[derive(Serialize, Default, Clone)]
pub struct Load {
    pub initiatives: usize,
    pub at_risk: usize,
    pub effort: String,
}

#[derive(Serialize)]
pub struct LoadRow {
    pub name: String,
    /// The team's or goal's page, from the site's root.
    pub path: Option<String>,
    pub quarters: Vec<Load>,
}

/// The organisation's live work per quarter, by team and by goal.
#[derive(Serialize)]
pub struct Portfolio {
    pub quarters: Vec<String>,
    pub teams: Vec<LoadRow>,
    pub goals: Vec<LoadRow>,
}

/// The load of each team and goal in `window`'s quarters, counting work
/// that is neither done nor dropped.
pub fn portfolio(roadmap: &Roadmap, window: crate::schedule::Schedule, split: bool) -> Portfolio {
    let quarters: Vec<crate::types::Quarter> = window.quarters().collect();
    let live: Vec<&Initiative> = roadmap.initiatives.iter().filter(|i| is_live(i)).collect();
    let teams = by_team(roadmap).into_iter().map(|(slug, (name, members))| {
        let path = split.then(|| {
            Page::Team {
                slug: &slug,
                page: 1,
            }
            .path()
        });
        let members: Vec<&Initiative> = members.into_iter().filter(|i| is_live(i)).collect();
        load_row(name, path, &members, &quarters)
    });
    // The live work serving each goal, in the roadmap's order, found in
    // one pass: asking each goal of all the work took a quadratic time.
    let mut serving: HashMap<&GoalId, Vec<&Initiative>> = HashMap::default();
    for &initiative in &live {
        for goal in &initiative.goals {
            let work = serving.entry(goal).or_default();
            if !work
                .last()
                .is_some_and(|last| std::ptr::eq(*last, initiative))
            {
                work.push(initiative);
            }
        }
    }
    let goals = roadmap.goals.iter().map(|goal| {
        let members = serving.get(&goal.id).map_or(&[][..], Vec::as_slice);
        let path = Some(Page::Goal(goal.id.as_str()).path());
        load_row(goal.title.clone(), path, members, &quarters)
    });
    Portfolio {
        quarters: quarters.iter().map(|q| q.to_string()).collect(),
        teams: teams.collect(),
        goals: goals.collect(),
    }
}

fn load_row(
    name: String,
    path: Option<String>,
    members: &[&Initiative],
    quarters: &[crate::types::Quarter],
) -> LoadRow {
    let load = |quarter: crate::types::Quarter| {
        let active = members
            .iter()
            .filter(|i| i.schedule.is_some_and(|s| s.contains(quarter)));
        let (mut initiatives, mut at_risk, mut effort) = (0, 0, 0.0);
        for initiative in active {
            initiatives += 1;
            at_risk += usize::from(initiative.at_risk);
            effort += effort_in(initiative);
        }
        Load {
            initiatives,
            at_risk,
            effort: number(effort),
        }
    };
    LoadRow {
        name,
        path,
        quarters: quarters.iter().map(|&q| load(q)).collect(),
    }
}

/// An initiative's effort spread evenly over its quarters.
fn effort_in(initiative: &Initiative) -> f64 {
    match (initiative.effort, initiative.schedule) {
        (Some(effort), Some(s)) => effort / s.quarter_count() as f64,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_risk_register_lists_the_risks_of_live_work_only() {
        let roadmap = crate::testing::example();
        let initiatives = crate::testing::all(&roadmap);
        let listed: BTreeSet<&str> = risks(&initiatives).iter().map(|r| r.id.as_str()).collect();
        assert!(listed.contains("api-gateway"), "{listed:?}");
        for closed in ["service-mesh", "observability"] {
            assert!(!listed.contains(closed), "{closed} is done or dropped");
        }
    }

    use super::*;
    use crate::render::lookups::{teams_of, Lookups};
    use crate::testing::roadmap_of;

    /// More initiatives than one engineering page shows, in teams whose
    /// names differ only in case, some unscheduled, some with changes.
    fn split_roadmap() -> Roadmap {
        let goals = [("speed.md".to_owned(), "---\ntitle: Speed\n---\n".to_owned())];
        let initiatives: Vec<(String, String)> = (0..900)
            .map(|n| {
                let team = ["Web", "web", "Data", "Platform"][n % 4];
                let quarter = match n % 5 {
                    0 => String::new(),
                    q => format!("quarter: \"2027-Q{q}\"\n"),
                };
                let changelog = if n % 3 == 0 {
                    "changelog:\n  - date: \"2026-10-01\"\n    change: Moved\n    why: Why\n"
                } else {
                    ""
                };
                let text = format!(
                    "---\ntitle: Work {n}\nstatus: planned\ngoals: [speed]\nteam: {team}\n\
                     reviewed: \"2026-11-01\"\n{quarter}{changelog}---\nWhy.\n"
                );
                (format!("work-{n}.md"), text)
            })
            .collect();
        roadmap_of(&goals, &initiatives)
    }

    #[test]
    fn an_item_page_finds_its_own_team_page_and_changes_as_the_indexes_do() {
        let roadmap = split_roadmap();
        let (_, listed_at) = teams_of(&roadmap);
        let pages: std::collections::BTreeSet<&String> = listed_at.values().collect();
        assert!(pages.len() > 3, "several team pages: {pages:?}");
        let every = Lookups::new(&roadmap);
        let json = |changes: Vec<ChangeView>| serde_json::to_string(&changes).unwrap();
        for few in crate::testing::all(&roadmap).chunks(7) {
            let lookups = Lookups::new(&roadmap);
            lookups.prepare(few, &[], false);
            for initiative in few {
                assert_eq!(lookups.listed_at(initiative), listed_at[&initiative.id]);
                assert_eq!(every.listed_at(initiative), listed_at[&initiative.id]);
                let id = initiative.id.as_str();
                let own = lookups.changes_of(Subject::Initiative, id);
                let indexed = every.changes_of(Subject::Initiative, id);
                assert_eq!(json(own), json(indexed), "{id}");
            }
        }
        let with_changes = roadmap
            .initiatives
            .iter()
            .filter(|i| !i.changelog.is_empty());
        assert!(with_changes.count() > 100);
    }
}
