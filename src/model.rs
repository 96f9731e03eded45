//! The validated roadmap, resolved and immutable: ids indexed, links kept
//! both ways (prerequisites and dependents, goals and the initiatives that
//! serve them), horizons and staleness decided. Rendering only reads it.

use crate::config::Config;
use crate::frontmatter::{ChangelogEntry, GoalMetric, InitiativeFrontMatter, Link, Metric, Risk};
use crate::history::{DerivedChange, Key, Subject};
use crate::load::{Document, Loaded};
use crate::schedule::{derive_horizon, effort_by_quarter, Schedule};
use crate::types::{
    Audience, Day, GoalId, Horizon, InitiativeId, Kind, Quarter, Status, Visibility,
};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

mod reuse;

pub use reuse::{Items, Resolved};

#[derive(Debug, Serialize)]
pub struct Roadmap {
    #[serde(skip)]
    pub config: Config,
    pub today: Day,
    pub goals: Vec<Goal>,
    pub initiatives: Items<Initiative>,
    /// Every change, hand-written and derived from git, newest first.
    pub changes: Vec<Change>,
    #[serde(skip)]
    goal_index: HashMap<GoalId, usize>,
    #[serde(skip)]
    initiative_index: HashMap<InitiativeId, usize>,
}

#[derive(Debug, Serialize)]
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
        Roadmap::build_reusing(loaded, today, history, &mut Resolved::default())
    }

    /// Builds as [`build`](Self::build) does, taking the initiatives of
    /// unchanged documents from `resolved`, and leaving this build's there.
    pub fn build_reusing(
        loaded: Loaded,
        today: Day,
        history: &[DerivedChange],
        resolved: &mut Resolved,
    ) -> Roadmap {
        let stale_after_days = i64::from(loaded.config.stale_after_days());
        let review_required = loaded.config.review.is_some();
        let audience = loaded.config.build.audience;
        let mut goals = by_id(
            loaded
                .goals
                .iter()
                .map(|document| {
                    resolve_goal(document).filter(|goal| audience.sees(goal.visibility))
                })
                .collect(),
            |goal| &goal.id,
        );
        // In parallel: each falls back on its body's first paragraph, a
        // Markdown parse, for a summary.
        let all: Vec<Option<Arc<Initiative>>> = loaded
            .initiatives
            .par_iter()
            .map(|document| {
                resolved
                    .get(document, today)
                    .or_else(|| resolve_initiative(document, today).map(Arc::new))
            })
            .collect();
        let mut visible = Vec::with_capacity(all.len());
        let mut hidden = Vec::new();
        for (item, document) in all.into_iter().zip(&loaded.initiatives) {
            match item {
                Some(item) if audience.sees(item.visibility) => {
                    visible.push(Some((item, document)))
                }
                Some(item) => hidden.push((document, item)),
                None => {}
            }
        }
        let mut initiatives = by_id(visible, |(initiative, _)| &initiative.id);
        let goal_index = index_by(&goals, |g| g.id.clone());
        let initiative_index = index_by(&initiatives, |(i, _)| i.id.clone());
        // Only this build holds what it resolved anew: those change in place.
        resolved.clear();
        for (initiative, document) in &mut initiatives {
            let needs_review = match initiative.reviewed {
                _ if matches!(initiative.status, Status::Done | Status::Dropped) => false,
                Some(day) => day.days_until(today) > stale_after_days,
                None => review_required,
            };
            let links = Links {
                goals: &document.front.goals,
                depends_on: &document.front.depends_on,
                needs_review,
            };
            links.apply(initiative, &goal_index, &initiative_index);
        }
        link_back(&mut goals, &mut initiatives, &goal_index, &initiative_index);
        resolved.keep(
            today,
            &loaded.goals,
            initiatives
                .iter()
                .map(|(initiative, document)| (*document, Arc::clone(initiative)))
                .chain(hidden),
        );
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
        let changes = merge_changes(&initiatives, &history, audience, |key| {
            is_current(key.subject, &key.id)
        });
        Roadmap {
            config: loaded.config,
            today,
            goals,
            initiatives,
            changes,
            goal_index,
            initiative_index,
        }
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

/// Hand-written entries first, then those derived from git, newest first.
/// A hand-written entry on the same initiative and day replaces the derived
/// ones: writers explain better than commit subjects.
fn merge_changes(
    initiatives: &Items<Initiative>,
    history: &[&DerivedChange],
    audience: Audience,
    is_current: impl Fn(&Key) -> bool,
) -> Vec<Change> {
    let mut written: HashSet<(&str, Day)> = HashSet::new();
    let mut changes = Vec::new();
    for initiative in initiatives {
        for entry in &initiative.changelog {
            written.insert((initiative.id.as_str(), entry.date));
            changes.push(Change {
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
        }
    }
    for derived in history {
        let key = &derived.key;
        if key.subject == Subject::Initiative && written.contains(&(key.id.as_str(), derived.date))
        {
            continue;
        }
        changes.push(Change {
            date: derived.date,
            subject: key.subject,
            id: key.id.clone(),
            title: derived.title.clone(),
            change: derived.text.clone(),
            why: derived.why_for(audience).to_owned(),
            author: Some(derived.author.clone()),
            commit: Some(derived.commit.clone()),
            current: is_current(key),
        });
    }
    // Stable: ties keep hand-written first, then the newest commit first.
    changes.sort_by_key(|change| std::cmp::Reverse(change.date));
    changes
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

/// What an initiative shows of other items and of the date, worked out on
/// every build from its document.
struct Links<'a> {
    goals: &'a [GoalId],
    depends_on: &'a [InitiativeId],
    needs_review: bool,
}

impl Links<'_> {
    /// Gives `initiative` these links, copying it first when another model
    /// shares it and they differ. Links to items this audience does not
    /// see go; prerequisites are counted, so that readers know something
    /// comes first.
    fn apply(
        &self,
        initiative: &mut Arc<Initiative>,
        goal_index: &HashMap<GoalId, usize>,
        initiative_index: &HashMap<InitiativeId, usize>,
    ) {
        let goals = self.goals.iter().filter(|g| goal_index.contains_key(*g));
        let depends_on = self
            .depends_on
            .iter()
            .filter(|d| initiative_index.contains_key(*d));
        let hidden_prerequisites = self.depends_on.len() - depends_on.clone().count();
        let same = initiative.goals.iter().eq(goals.clone())
            && initiative.depends_on.iter().eq(depends_on.clone())
            && initiative.hidden_prerequisites == hidden_prerequisites
            && initiative.needs_review == self.needs_review;
        if !same {
            let initiative = Arc::make_mut(initiative);
            initiative.goals = goals.cloned().collect();
            initiative.depends_on = depends_on.cloned().collect();
            initiative.hidden_prerequisites = hidden_prerequisites;
            initiative.needs_review = self.needs_review;
        }
    }
}

/// Fills each goal's initiatives and each initiative's dependents.
fn link_back(
    goals: &mut [Goal],
    initiatives: &mut [(Arc<Initiative>, &Arc<Document<InitiativeFrontMatter>>)],
    goal_index: &HashMap<GoalId, usize>,
    initiative_index: &HashMap<InitiativeId, usize>,
) {
    let mut dependents: Vec<Vec<InitiativeId>> = vec![Vec::new(); initiatives.len()];
    for (initiative, _) in initiatives.iter() {
        for goal in &initiative.goals {
            goals[goal_index[goal]]
                .initiatives
                .push(initiative.id.clone());
        }
        for prerequisite in &initiative.depends_on {
            dependents[initiative_index[prerequisite]].push(initiative.id.clone());
        }
    }
    for ((initiative, _), dependents) in initiatives.iter_mut().zip(dependents) {
        if initiative.dependents != dependents {
            Arc::make_mut(initiative).dependents = dependents;
        }
    }
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
