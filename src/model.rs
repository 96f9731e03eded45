//! The validated roadmap, resolved and immutable: ids indexed, links kept
//! both ways (prerequisites and dependents, goals and the initiatives that
//! serve them), horizons and staleness decided. Rendering only reads it.

use crate::config::Config;
use crate::frontmatter::{ChangelogEntry, GoalMetric, Link, Metric, Risk};
use crate::history::{DerivedChange, Key, Subject};
use crate::load::{Document, Loaded};
use crate::schedule::{derive_horizon, effort_by_quarter, Schedule};
use crate::types::{
    Audience, Day, GoalId, Horizon, InitiativeId, Kind, Quarter, Status, Visibility,
};
use foldhash::{HashMap, HashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

mod links;
mod reuse;

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
    pub fn build(loaded: Loaded, today: Day, history: &[DerivedChange]) -> Roadmap {
        Roadmap::build_reusing(&loaded, today, history, &Resolved::default()).0
    }

    /// Builds as [`build`](Self::build) does, taking what an `earlier`
    /// build resolved from the very documents of `loaded` from it; returns
    /// what this build resolved, for the next.
    pub fn build_reusing(
        loaded: &Loaded,
        today: Day,
        history: &[DerivedChange],
        earlier: &Resolved,
    ) -> (Roadmap, Resolved) {
        let stale_after_days = i64::from(loaded.config.stale_after_days());
        let review_required = loaded.config.review.is_some();
        let audience = loaded.config.build.audience;
        let reuse = earlier.holds_on(today);
        let mut goal_items =
            earlier
                .goals
                .resolve(&loaded.goals, |d| d, reuse, |d| resolve_goal(d));
        let mut initiative_items = earlier.initiatives.resolve(
            &loaded.initiatives,
            |d| d,
            reuse,
            |d| resolve_initiative(d, today),
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
        goal_items.put_back(&goals, &goal_order.at);
        initiative_items.put_back(&initiatives, &initiative_order.at);
        let written = earlier.written.resolve(
            &initiatives,
            |(_, document)| *document,
            reuse,
            |(initiative, _)| Some(written_changes(initiative)),
        );
        let changes: Vec<Arc<Change>> = written.items().flat_map(|c| c.iter().cloned()).collect();
        let resolved = Resolved::new(
            today,
            (goal_items, goal_order),
            (initiative_items, initiative_order),
            written,
            linked,
        );
        let goals = Items::new(goals.into_iter().map(|(g, _)| g).collect());
        let initiatives = Items::new(initiatives.into_iter().map(|(i, _)| i).collect());
        let is_current = |subject: Subject, id: &str| match subject {
            Subject::Goal => id.parse().is_ok_and(|id| goal_index.contains_key(&id)),
            Subject::Initiative => id
                .parse()
                .is_ok_and(|id| initiative_index.contains_key(&id)),
        };
        let history: Vec<&DerivedChange> = history
            .iter()
            .filter(|change| {
                change.is_read_by(audience)
                    && (audience == Audience::Internal || is_public_change(change, &is_current))
            })
            .collect();
        let changes = merge_changes(changes, &history, audience, |key| {
            is_current(key.subject, &key.id)
        });
        let roadmap = Roadmap {
            config: loaded.config.clone(),
            today,
            goals,
            initiatives,
            changes,
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

    /// Planned person-weeks per quarter, for the capacity chart.
    pub fn effort_by_quarter(&self) -> BTreeMap<Quarter, f64> {
        effort_by_quarter(
            self.initiatives
                .iter()
                .map(|i| (i.status, i.schedule, i.effort)),
        )
    }
}

/// Whether a derived change may be shown to the public: it concerns an
/// item on the public roadmap, and names no other item that is not.
fn is_public_change(change: &DerivedChange, is_current: &impl Fn(Subject, &str) -> bool) -> bool {
    let named = match change.field {
        "goals" => Some(Subject::Goal),
        "depends_on" => Some(Subject::Initiative),
        _ => None,
    };
    let names_only_public = named.is_none_or(|subject| {
        [&change.before, &change.after]
            .into_iter()
            .flatten()
            .all(|id| is_current(subject, id))
    });
    is_current(change.key.subject, &change.key.id) && names_only_public
}

/// The changelog entries written in an initiative's file.
fn written_changes(initiative: &Initiative) -> Vec<Arc<Change>> {
    let entries = initiative.changelog.iter().map(|entry| Change {
        date: entry.date,
        subject: Subject::Initiative,
        id: initiative.id.to_string(),
        title: initiative.title.clone(),
        change: entry.change.clone(),
        why: entry.why.clone(),
        author: None,
        commit: None,
        current: true,
    });
    entries.map(Arc::new).collect()
}

/// Hand-written entries first, then those derived from git, newest first.
/// A hand-written entry on the same initiative and day replaces the derived
/// ones: writers explain better than commit subjects.
fn merge_changes(
    written: Vec<Arc<Change>>,
    history: &[&DerivedChange],
    audience: Audience,
    is_current: impl Fn(&Key) -> bool,
) -> Items<Change> {
    let derived: HashSet<&str> = history
        .iter()
        .filter(|derived| derived.key.subject == Subject::Initiative)
        .map(|derived| derived.key.id.as_str())
        .collect();
    let replaced: HashSet<(&str, Day)> = written
        .iter()
        .filter(|change| derived.contains(change.id.as_str()))
        .map(|change| (change.id.as_str(), change.date))
        .collect();
    let kept = history.iter().filter(|derived| {
        let key = &derived.key;
        key.subject != Subject::Initiative || !replaced.contains(&(key.id.as_str(), derived.date))
    });
    let derived: Vec<Arc<Change>> = kept
        .map(|derived| {
            let key = &derived.key;
            Arc::new(Change {
                date: derived.date,
                subject: key.subject,
                id: key.id.clone(),
                title: derived.title.clone(),
                change: derived.text.clone(),
                why: derived.why_for(audience).to_owned(),
                author: Some(derived.author.clone()),
                commit: Some(derived.commit.clone()),
                current: is_current(key),
            })
        })
        .collect();
    let mut changes = written;
    changes.extend(derived);
    // Stable: ties keep hand-written first, then the newest commit first.
    changes.sort_by_key(|change| std::cmp::Reverse(change.date));
    Items::new(changes)
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

fn resolve_goal(document: &Document<crate::frontmatter::GoalFrontMatter>) -> Option<Goal> {
    let id: GoalId = document.id().parse().ok()?;
    let front = &document.front;
    Some(Goal {
        id,
        title: front.title.clone().unwrap_or_default(),
        owner: front.owner.clone(),
        target: front.target,
        metrics: front.metrics.clone(),
        visibility: front.visibility.unwrap_or_default(),
        body_markdown: Arc::clone(&document.summary_markdown),
        initiatives: Vec::new(),
        source: document.file.name.clone(),
    })
}

fn resolve_initiative(
    document: &Document<crate::frontmatter::InitiativeFrontMatter>,
    today: Day,
) -> Option<Initiative> {
    let id: InitiativeId = document.id().parse().ok()?;
    let front = &document.front;
    let status = front.status.unwrap_or(Status::Proposed);
    let schedule = Schedule::of(front);
    let summary = match &front.summary {
        Some(summary) => summary.clone(),
        None => document.first_paragraph().to_owned(),
    };
    Some(Initiative {
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
        effort: front.effort.map(|e| e.person_weeks()),
        cost: front.cost.map(|s| s.get()),
        impact: front.impact.map(|s| s.get()),
        owner: front.owner.clone(),
        team: front.team.clone(),
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
    })
}

/// Writes shared text as the plain string it is.
fn as_str<S: serde::Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}
