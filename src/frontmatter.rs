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
    pub name: String,
    pub baseline: Option<String>,
    pub target: String,
    pub current: Option<String>,
}

/// A piece of technology or product work on the roadmap.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "waymark initiative")]
pub struct InitiativeFrontMatter {
    /// Stable identifier used in links; defaults to the file name.
    pub id: Option<InitiativeId>,
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
    #[schemars(required)]
    pub status: Option<Status>,
    /// Derived from the schedule and status when absent.
    pub horizon: Option<Horizon>,
    pub start: Option<Quarter>,
    pub end: Option<Quarter>,
    /// Shorthand for `start` and `end` in the same quarter.
    pub quarter: Option<Quarter>,
    /// Person-weeks, spread evenly over the scheduled quarters.
    pub effort: Option<Effort>,
    pub cost: Option<Score>,
    pub impact: Option<Score>,
    pub owner: Option<String>,
    /// As written: `Document::team` gives the team folder's name when unset.
    pub team: Option<String>,
    /// One-line business justification; defaults to the body's summary.
    pub summary: Option<String>,
    pub progress: Option<Percent>,
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub links: Vec<Link>,
    /// The day of the last review.
    pub reviewed: Option<Day>,
    /// Who may see this initiative; `internal` unless set.
    pub visibility: Option<Visibility>,
    /// What changed and why.
    #[serde(default)]
    pub changelog: Vec<ChangelogEntry>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub risk: String,
    pub mitigation: String,
    pub likelihood: Option<Level>,
    pub impact: Option<Level>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    pub target: String,
    pub current: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangelogEntry {
    pub date: Day,
    pub change: String,
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
