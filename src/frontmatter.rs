//! The front matter of goal and initiative files, exactly as writers type it.
//! These types are the content format: deserialisation checks types, sets
//! and ranges, and `waymark schema` derives the editors' JSON Schema from
//! them. Rules that span several keys or files live in `validate`.

use crate::types::{
    Day, Effort, GoalId, Horizon, InitiativeId, Kind, Level, Percent, Quarter, Score, Status,
    Visibility,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A business goal that initiatives serve.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "waymark goal")]
pub struct GoalFrontMatter {
    /// Stable identifier used in links; defaults to the file name.
    pub id: Option<GoalId>,
    /// The business goal, as leadership would say it.
    #[schemars(required)]
    pub title: Option<String>,
    /// Who is accountable for the goal.
    pub owner: Option<String>,
    /// When the goal should be met.
    pub target: Option<Quarter>,
    /// How success is measured.
    #[serde(default)]
    pub metrics: Vec<GoalMetric>,
    /// Who may see this goal; `internal` unless set.
    pub visibility: Option<Visibility>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalMetric {
    /// What is measured, such as "Peak orders per minute".
    pub name: String,
    /// Where the measure stood when the goal was set.
    pub baseline: Option<String>,
    /// The value that meets the goal.
    pub target: String,
    /// Where the measure stands now.
    pub current: Option<String>,
}

/// A piece of technology or product work on the roadmap.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "waymark initiative")]
pub struct InitiativeFrontMatter {
    /// Stable identifier used in links; defaults to the file name.
    pub id: Option<InitiativeId>,
    /// What the work is.
    #[schemars(required)]
    pub title: Option<String>,
    /// `technology` unless set; `product` is customer-facing work.
    pub kind: Option<Kind>,
    /// One of `[categories] allowed` in roadmap.toml, when that is set.
    pub category: Option<String>,
    /// The business goals this initiative serves.
    #[serde(default)]
    pub goals: Vec<GoalId>,
    /// Initiatives that must be finished first.
    #[serde(default)]
    pub depends_on: Vec<InitiativeId>,
    /// Where the work stands.
    #[schemars(required)]
    pub status: Option<Status>,
    /// Derived from the schedule and status when absent.
    pub horizon: Option<Horizon>,
    /// The first quarter the work is scheduled in.
    pub start: Option<Quarter>,
    /// The last quarter the work is scheduled in.
    pub end: Option<Quarter>,
    /// Shorthand for `start` and `end` in the same quarter.
    pub quarter: Option<Quarter>,
    /// Person-weeks, spread evenly over the scheduled quarters.
    pub effort: Option<Effort>,
    /// Cost from 1 (lowest) to 5 (highest), for the cost-versus-impact matrix.
    pub cost: Option<Score>,
    /// Business impact from 1 (lowest) to 5 (highest), for the cost-versus-impact matrix.
    pub impact: Option<Score>,
    /// The person accountable for the work.
    pub owner: Option<String>,
    /// The team doing the work; the folder under `content/initiatives/` that
    /// the file is in unless set.
    ///
    /// As written: `Document::team` gives the team folder's name when unset.
    pub team: Option<String>,
    /// One-line business justification; defaults to the body's summary.
    pub summary: Option<String>,
    /// Percent done, from 0 to 100.
    pub progress: Option<Percent>,
    /// What could go wrong, and what is done about it.
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// How success is measured.
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// Documents, tickets and designs about the work.
    #[serde(default)]
    pub links: Vec<Link>,
    /// The day of the last review.
    pub reviewed: Option<Day>,
    /// Who may see this initiative; `internal` unless set.
    pub visibility: Option<Visibility>,
    /// What changed and why.
    #[serde(default)]
    pub changelog: Vec<ChangelogEntry>,
    /// The tracker's work items that make up this initiative, one key per
    /// tracker: `waymark import` keeps `status`, `progress`, `tracked` and
    /// (where unset, or with `tracker_dates: true`) `start` and `end` in
    /// step with them.
    pub tracker: Option<Tracker>,
    /// Whether `waymark import` may replace `start` and `end` that are set
    /// with the quarters of the tracker's dates; `false` unless set.
    pub tracker_dates: Option<bool>,
    /// Written by `waymark import`: where `progress` and `status` came from.
    pub tracked: Option<Tracked>,
}

/// The work items of each tracker that make up an initiative.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tracker {
    /// A Jira issue key such as `DATA-102`; for an epic, the epic and its
    /// child issues.
    pub jira: Option<String>,
    /// `milestone:NAME`, `label:NAME` or `#NUMBER` of a GitHub issue.
    pub github: Option<String>,
    /// `project:NAME`, or a Linear issue key such as `ENG-42`.
    pub linear: Option<String>,
}

/// What the last `waymark import` read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tracked {
    /// The tracker the export came from.
    pub source: TrackerSource,
    /// How many work items make up the initiative.
    pub items: u32,
    /// The day of the export: the latest change it records, unless
    /// `--exported` named another.
    pub exported: Day,
}

/// A tracker whose exports `waymark import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TrackerSource {
    /// Jira's issue search export as CSV.
    Jira,
    /// The JSON of the GitHub CLI's `gh issue list` or `gh project item-list`.
    Github,
    /// Linear's CSV export of issues or projects.
    Linear,
}

impl TrackerSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TrackerSource::Jira => "jira",
            TrackerSource::Github => "github",
            TrackerSource::Linear => "linear",
        }
    }

    /// The tracker's name for people: "Jira", "GitHub", "Linear".
    pub fn name(self) -> &'static str {
        match self {
            TrackerSource::Jira => "Jira",
            TrackerSource::Github => "GitHub",
            TrackerSource::Linear => "Linear",
        }
    }

    /// The tracker's key within a `tracker:` map.
    pub fn of(self, tracker: &Tracker) -> Option<&str> {
        match self {
            TrackerSource::Jira => tracker.jira.as_deref(),
            TrackerSource::Github => tracker.github.as_deref(),
            TrackerSource::Linear => tracker.linear.as_deref(),
        }
    }
}

impl Tracked {
    /// "Progress from 14 Jira issues, exported 2026-11-28".
    pub fn words(&self) -> String {
        format!(
            "Progress from {} {} issue{}, exported {}",
            self.items,
            self.source.name(),
            if self.items == 1 { "" } else { "s" },
            self.exported
        )
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// What could go wrong.
    pub risk: String,
    /// What is done about it.
    pub mitigation: String,
    /// How likely it is to happen.
    pub likelihood: Option<Level>,
    /// How much it would hurt if it happened.
    pub impact: Option<Level>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is measured, such as "p95 page load".
    pub name: String,
    /// The value the work aims for.
    pub target: String,
    /// Where the measure stands now.
    pub current: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The link's text.
    pub title: String,
    /// An http, https or mailto address, or a path within the site.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    /// The day of the change, YYYY-MM-DD.
    pub date: Day,
    /// What changed.
    pub change: String,
    /// Why it changed: readers trust a roadmap that explains its moves.
    pub why: String,
}

/// What goals and initiatives share: an id (declared or from the file
/// name) and a title.
pub trait Identified {
    fn declared_id(&self) -> Option<&str>;
    fn title(&self) -> Option<&str>;
}

impl Identified for GoalFrontMatter {
    fn declared_id(&self) -> Option<&str> {
        self.id.as_ref().map(GoalId::as_str)
    }

    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
}

impl Identified for InitiativeFrontMatter {
    fn declared_id(&self) -> Option<&str> {
        self.id.as_ref().map(InitiativeId::as_str)
    }

    fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }
}
