//! The validated roadmap, resolved and immutable: ids indexed, links kept
//! both ways (prerequisites and dependents, goals and the initiatives that
//! serve them), horizons and staleness decided. Rendering only reads it.

mod changes;
mod health;
mod public;

pub(crate) use health::capacity_facts_naming;
pub use health::{progress_of, OverCapacity, RiskOrigin, ScheduleConflict, Trouble, Unestimated};
pub use public::warnings as public_warnings;

use crate::config::Config;
use crate::frontmatter::{ChangelogEntry, GoalMetric, Link, Metric, Risk};
use crate::history::{History, Slips, Subject};
use crate::load::{Document, Loaded};
use crate::schedule::{derive_horizon, effort_by_quarter, Schedule};
use crate::types::{
    Audience, Day, GoalId, Horizon, InitiativeId, Kind, Quarter, Status, Visibility,
};
use foldhash::HashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

mod links;
mod reuse;

use crate::frontmatter::InitiativeFrontMatter;
use reuse::Sourced;
pub use reuse::{Items, Resolved};

#[derive(Debug, Serialize)]
pub struct Roadmap {
    #[serde(skip)]
    pub config: Config,
    pub today: Day,
    pub goals: Items<Goal>,
    pub initiatives: Items<Initiative>,
    /// Every change, hand-written and derived from git, newest first.
    pub changes: Items<Change>,
    /// Quarters from today's on planned over capacity, for the
    /// organisation and per team. Effort is engineering detail: not exported.
    #[serde(skip)]
    pub over_capacity: Vec<OverCapacity>,
    /// Scheduled open work without an effort estimate, by run of quarters.
    #[serde(skip)]
    pub unestimated: Vec<Unestimated>,
    /// The short hash of the commit the roadmap was built from, when it
    /// is in git.
    #[serde(skip)]
    pub revision: Option<String>,
    /// A portfolio's members, as their own roadmaps describe them.
    #[serde(skip)]
    pub members: Vec<crate::portfolio::MemberRoadmap>,
    #[serde(skip)]
    goal_index: Arc<HashMap<GoalId, usize>>,
    #[serde(skip)]
    initiative_index: Arc<HashMap<InitiativeId, usize>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub id: GoalId,
    pub title: String,
    pub owner: Option<String>,
    pub target: Option<Quarter>,
    pub metrics: Vec<GoalMetric>,
    pub visibility: Visibility,
    /// Why the goal matters, in Markdown.
    #[serde(serialize_with = "as_str")]
    pub body_markdown: Arc<str>,
    /// The initiatives that serve this goal, in roadmap order.
    pub initiatives: Vec<InitiativeId>,
    /// Percent done: its initiatives' progress weighted by effort.
    pub progress: u8,
    /// Some open work serving it is at risk, or ends after `target`.
    pub at_risk: bool,
    /// That work, as far as this build's audience may see it.
    pub at_risk_because: Vec<InitiativeId>,
    /// The file it came from, relative to the roadmap folder.
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub id: InitiativeId,
    pub title: String,
    pub kind: Kind,
    pub category: Option<String>,
    pub goals: Vec<GoalId>,
    pub depends_on: Vec<InitiativeId>,
    /// Prerequisites this build's audience may not see: counted, not named.
    pub hidden_prerequisites: usize,
    /// Initiatives that list this one in their `depends_on`.
    pub dependents: Vec<InitiativeId>,
    pub status: Status,
    pub horizon: Horizon,
    pub schedule: Option<Schedule>,
    /// Open work whose end quarter has passed.
    pub overdue: bool,
    /// How many quarters ago it was to end, when overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_by: Option<u32>,
    /// At risk for any reason: its status, being overdue, or its
    /// prerequisites.
    pub at_risk: bool,
    /// The prerequisites that bring risk to it, as far as this build's
    /// audience may see them; empty when none.
    pub at_risk_because: Vec<InitiativeId>,
    /// Where the risk it inherits starts, and the way it travels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_origin: Option<RiskOrigin>,
    /// Prerequisites scheduled to end or start after it does.
    pub schedule_conflicts: Vec<ScheduleConflict>,
    pub effort: Option<f64>,
    pub cost: Option<u8>,
    pub impact: Option<u8>,
    pub owner: Option<String>,
    pub team: Option<String>,
    /// The one-line business justification.
    pub summary: String,
    /// The executive summary: the body before `<!-- more -->`.
    #[serde(serialize_with = "as_str")]
    pub summary_markdown: Arc<str>,
    /// The technical details: the body after `<!-- more -->`.
    #[serde(serialize_with = "as_str")]
    pub details_markdown: Arc<str>,
    pub progress: Option<u8>,
    pub risks: Vec<Risk>,
    pub metrics: Vec<Metric>,
    pub links: Vec<Link>,
    pub reviewed: Option<Day>,
    /// Not reviewed within `stale_after_days`.
    pub needs_review: bool,
    pub visibility: Visibility,
    pub changelog: Vec<ChangelogEntry>,
    pub source: String,
    /// The end quarter it was first given, in the git history this
    /// audience may know, or in the file when there is none.
    pub first_planned_end: Option<Quarter>,
    /// How many times its end moved later.
    pub slips: u32,
    /// By how many quarters its end moved later, in all.
    pub slipped_quarters: u32,
    /// Where `waymark import` took progress and status from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracked: Option<crate::frontmatter::Tracked>,
}

/// Of the work done in the last four quarters, how much finished in the
/// quarter first planned for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OnTime {
    pub on_time: usize,
    pub done: usize,
}

/// One entry of the roadmap's changelog.
#[derive(Debug, Serialize)]
pub struct Change {
    pub date: Day,
    pub subject: Subject,
    pub id: String,
    /// The item's title, as of the change.
    pub title: String,
    pub change: String,
    pub why: String,
    /// The commit's author, for changes derived from git.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The commit's hash, for changes derived from git.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Whether the item is still on the roadmap, so that it can be linked.
    pub current: bool,
}

impl Roadmap {
    /// Resolves a loaded roadmap that passed validation. Should a problem
    /// slip through, it degrades (a dangling link is dropped) rather than
    /// panicking.
    pub fn build(loaded: Loaded, today: Day, history: &History) -> Roadmap {
        let built = Roadmap::build_reusing(&loaded, today, history, &Resolved::default());
        let (roadmap, resolved) = built;
        crate::drop_aside((loaded, resolved));
        roadmap
    }

    /// Builds as [`build`](Self::build) does, taking what an `earlier`
    /// build resolved from the very documents of `loaded` from it; returns
    /// what this build resolved, for the next.
    pub fn build_reusing(
        loaded: &Loaded,
        today: Day,
        history: &History,
        earlier: &Resolved,
    ) -> (Roadmap, Resolved) {
        let stale_after_days = i64::from(loaded.config.stale_after_days());
        let review_required = loaded.config.review.is_some();
        let audience = loaded.config.build.audience;
        let engineering = loaded.config.publishes_engineering();
        let profile = public::Profile::of(&loaded.config);
        let reuse = earlier.holds_on(today, profile.key());
        let mut goal_items =
            earlier
                .goals
                .resolve(&loaded.goals, |d| d, reuse, |d| resolve_goal(d, &profile));
        let mut initiative_items = earlier.initiatives.resolve(
            &loaded.initiatives,
            |d| d,
            reuse,
            |d| resolve_initiative(d, today, &profile),
        );
        let (mut goals, goal_order) = goal_items.sort_seen(
            earlier.goals(),
            |goal| audience.sees(goal.visibility),
            |goal| &goal.id,
        );
        let (mut initiatives, initiative_order) = initiative_items.sort_seen(
            earlier.initiatives(),
            |initiative| audience.sees(initiative.visibility),
            |initiative| &initiative.id,
        );
        let goal_index = Arc::clone(&goal_order.index);
        let initiative_index = Arc::clone(&initiative_order.index);
        let index = links::Index {
            goals: &goal_index,
            initiatives: &initiative_index,
        };
        let linked = links::link(
            &mut goals,
            &mut initiatives,
            index,
            earlier.links(&goal_order, &initiative_order),
            |initiative| match initiative.reviewed {
                _ if matches!(initiative.status, Status::Done | Status::Dropped) => false,
                Some(day) => day.days_until(today) > stale_after_days,
                None => review_required,
            },
        );
        give_slips(&mut initiatives, history, audience);
        let judged = loaded.health(today);
        // Items the last build judged by this very judgement, at the same
        // positions among the same visible items, show it already.
        let judged_before = initiative_order
            .kept
            .as_deref()
            .filter(|_| earlier.judged_by(&judged));
        health::judge_initiatives(
            &mut initiatives,
            (&initiative_order.at, judged_before),
            &judged,
            loaded,
            &initiative_index,
        );
        health::judge_goals(
            &mut goals,
            &goal_order.at,
            &judged,
            (&initiatives, &initiative_order.at),
            &linked,
        );
        let (over_capacity, unestimated) =
            health::capacity_facts(&judged, loaded, &initiative_index);
        goal_items.put_back(&goals, &goal_order.at);
        initiative_items.put_back(&initiatives, &initiative_order.at);
        let written = earlier.written.resolve(
            &initiatives,
            |(_, document)| *document,
            reuse,
            |(initiative, _)| Some(changes::written_changes(initiative)),
        );
        let changes: Vec<Arc<Change>> = written.items().flat_map(|c| c.iter().cloned()).collect();
        let resolved = Resolved::new(
            (today, profile.key().clone()),
            (goal_items, goal_order),
            (initiative_items, initiative_order),
            written,
            linked,
            Arc::clone(&judged),
        );
        let goals = Items::new(goals.into_iter().map(|(g, _)| g).collect());
        let initiatives = Items::new(initiatives.into_iter().map(|(i, _)| i).collect());
        let is_current = |subject: Subject, id: &str| match subject {
            Subject::Goal => id.parse().is_ok_and(|id| goal_index.contains_key(&id)),
            Subject::Initiative => id
                .parse()
                .is_ok_and(|id| initiative_index.contains_key(&id)),
        };
        let revision = history.revision.clone();
        let changes = changes::changelog(
            changes,
            history,
            (audience, engineering, &profile),
            is_current,
        );
        let mut config = loaded.config.clone();
        profile.config(&mut config);
        let roadmap = Roadmap {
            config,
            today,
            goals,
            initiatives,
            changes,
            over_capacity,
            unestimated,
            revision,
            members: loaded.members.clone(),
            goal_index,
            initiative_index,
        };
        (roadmap, resolved)
    }

    pub fn goal(&self, id: &GoalId) -> Option<&Goal> {
        self.goal_index.get(id).map(|&i| &self.goals[i])
    }

    pub fn initiative(&self, id: &InitiativeId) -> Option<&Initiative> {
        self.initiative_index.get(id).map(|&i| &self.initiatives[i])
    }

    /// Of the work done whose end is in the current quarter or the three
    /// before it, how much ended in the quarter first planned; `None` when
    /// there is no such work.
    pub fn finished_on_time(&self) -> Option<OnTime> {
        self.finished_on_time_among(&self.initiatives.iter().collect::<Vec<_>>())
    }

    /// `finished_on_time` of some of the roadmap's `initiatives`, such as
    /// a portfolio member's.
    pub fn finished_on_time_among(&self, initiatives: &[&Initiative]) -> Option<OnTime> {
        let current = self.today.quarter();
        let recent = |end: Quarter| current.offset(-3) <= end && end <= current;
        let (on_time, done) = initiatives
            .iter()
            .filter(|initiative| initiative.status == Status::Done)
            .filter_map(|initiative| Some((initiative.schedule?.end, initiative.first_planned_end)))
            .filter(|&(end, _)| recent(end))
            .fold((0, 0), |(on_time, done), (end, first)| {
                (on_time + usize::from(first == Some(end)), done + 1)
            });
        (done > 0).then_some(OnTime { on_time, done })
    }

    /// Planned person-weeks per quarter, for the capacity chart.
    pub fn effort_by_quarter(&self) -> BTreeMap<Quarter, f64> {
        effort_by_quarter(
            self.initiatives
                .iter()
                .map(|i| (i.status, i.schedule, i.effort)),
        )
    }
}

impl Initiative {
    /// What `history` knows of its planned ends, the file as it is now
    /// being the latest version: its first planned end, how often and by
    /// how many quarters it slipped.
    fn slips_in(&self, history: Option<Slips>) -> (Option<Quarter>, u32, u32) {
        let slips = match (history, self.schedule) {
            (Some(past), Some(now)) => Some(past.then(now.end)),
            (None, Some(now)) => Some(Slips::first(now.end)),
            (past, None) => past,
        };
        slips.map_or((None, 0, 0), |slips| {
            (
                Some(slips.first_planned_end),
                slips.slips,
                slips.slipped_quarters,
            )
        })
    }
}

/// Gives each initiative what `history` knows of its planned ends; one
/// that another model shares is copied only when that differs.
fn give_slips(
    initiatives: &mut [Sourced<InitiativeFrontMatter, Initiative>],
    history: &History,
    audience: Audience,
) {
    for (initiative, _) in initiatives {
        let slips = initiative.slips_in(history.ends.of(initiative.id.as_str(), audience));
        let shown = (
            initiative.first_planned_end,
            initiative.slips,
            initiative.slipped_quarters,
        );
        if slips != shown {
            let initiative = Arc::make_mut(initiative);
            (
                initiative.first_planned_end,
                initiative.slips,
                initiative.slipped_quarters,
            ) = slips;
        }
    }
}

/// The items there are, in order of their ids, each moved only once: they
/// are large, and sorting them in place would move them many times. Of
/// equal ids (which validation reports), the first stays first.
fn by_id<T, K: Ord>(mut items: Vec<Option<T>>, id: impl Fn(&T) -> &K) -> Vec<T> {
    let mut order: Vec<(&K, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(position, item)| Some((id(item.as_ref()?), position)))
        .collect();
    order.sort();
    let order: Vec<usize> = order.into_iter().map(|(_, position)| position).collect();
    order
        .into_iter()
        .filter_map(|position| items[position].take())
        .collect()
}

fn index_by<T, K: std::hash::Hash + Eq>(items: &[T], key: impl Fn(&T) -> K) -> HashMap<K, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item), i))
        .collect()
}

fn resolve_goal(
    document: &Document<crate::frontmatter::GoalFrontMatter>,
    profile: &public::Profile,
) -> Option<Goal> {
    let id: GoalId = document.id().parse().ok()?;
    let front = &document.front;
    let mut goal = Goal {
        id,
        title: front.title.clone().unwrap_or_default(),
        owner: front.owner.clone(),
        target: front.target,
        metrics: front.metrics.clone(),
        visibility: front.visibility.unwrap_or_default(),
        body_markdown: Arc::clone(&document.summary_markdown),
        initiatives: Vec::new(),
        progress: 0,
        at_risk: false,
        at_risk_because: Vec::new(),
        source: document.file.name.clone(),
    };
    profile.goal(&mut goal);
    Some(goal)
}

fn resolve_initiative(
    document: &Document<crate::frontmatter::InitiativeFrontMatter>,
    today: Day,
    profile: &public::Profile,
) -> Option<Initiative> {
    let id: InitiativeId = document.id().parse().ok()?;
    let front = &document.front;
    let status = front.status.unwrap_or(Status::Proposed);
    let schedule = Schedule::of(front);
    let summary = match &front.summary {
        Some(summary) => summary.clone(),
        None => document.first_paragraph().to_owned(),
    };
    let mut initiative = Initiative {
        id,
        title: front.title.clone().unwrap_or_default(),
        kind: front.kind.unwrap_or_default(),
        category: front.category.clone(),
        goals: front.goals.clone(),
        depends_on: front.depends_on.clone(),
        hidden_prerequisites: 0,
        dependents: Vec::new(),
        status,
        horizon: front
            .horizon
            .unwrap_or_else(|| derive_horizon(status, schedule, today)),
        schedule,
        overdue: false,
        overdue_by: None,
        at_risk: false,
        at_risk_because: Vec::new(),
        risk_origin: None,
        schedule_conflicts: Vec::new(),
        effort: front.effort.map(|e| e.person_weeks()),
        cost: front.cost.map(|s| s.get()),
        impact: front.impact.map(|s| s.get()),
        owner: front.owner.clone(),
        team: document.team().map(Into::into),
        summary,
        summary_markdown: Arc::clone(&document.summary_markdown),
        details_markdown: Arc::clone(&document.details_markdown),
        progress: front.progress.map(|p| p.get()),
        risks: front.risks.clone(),
        metrics: front.metrics.clone(),
        links: front.links.clone(),
        reviewed: front.reviewed,
        needs_review: false,
        visibility: front.visibility.unwrap_or_default(),
        changelog: front.changelog.clone(),
        source: document.file.name.clone(),
        first_planned_end: None,
        slips: 0,
        slipped_quarters: 0,
        tracked: front.tracked.clone(),
    };
    profile.initiative(&mut initiative);
    Some(initiative)
}

/// Writes shared text as the plain string it is.
fn as_str<S: serde::Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}
