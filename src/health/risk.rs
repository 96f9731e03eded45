//! Risk that travels along dependencies, and the goals it reaches.

use super::{is_open, GoalHealth, Initiative, ItemHealth};
use crate::frontmatter::GoalFrontMatter;
use crate::graph::DependencyGraph;
use crate::load::Document;
use crate::types::{Quarter, Status};
use foldhash::HashMap;
use std::sync::Arc;

/// Why a prerequisite puts the work that waits for it at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    Blocked,
    AtRisk,
    /// Quarters past its end.
    Overdue(u32),
    /// Scheduled to end in `end`, after the dependent at `dependent` ends.
    EndsAfter {
        end: Quarter,
        dependent: usize,
    },
}

/// Risk that reaches an item from its prerequisites, directly or not.
#[derive(Debug, Clone, PartialEq)]
pub struct InheritedRisk {
    /// The prerequisites that bring the risk, in `depends_on` order.
    pub because: Vec<usize>,
    /// Following the first of them back to where the risk starts: the
    /// prerequisites in between, nearest first, at most [`SHOWN_STEPS`].
    pub through: Vec<usize>,
    /// Steps in between left out of `through` for length.
    pub more_steps: usize,
    /// Where the risk starts, and why.
    pub origin: usize,
    pub trouble: Trouble,
}

/// The most steps of a chain that are named; a chain of thousands is
/// summarised as a count.
pub const SHOWN_STEPS: usize = 4;

/// The trouble an item is in on its own: by status, or by being late.
fn own_trouble(document: &Initiative, item: &ItemHealth) -> Option<Trouble> {
    match document.front.status {
        Some(Status::Blocked) => Some(Trouble::Blocked),
        _ if item.overdue_by.is_some() => item.overdue_by.map(Trouble::Overdue),
        Some(Status::AtRisk) => Some(Trouble::AtRisk),
        _ => None,
    }
}

/// Whether open work is at risk: by its own status or lateness, or by
/// what it inherits.
pub fn is_at_risk(document: &Initiative, item: &ItemHealth) -> bool {
    is_open(document.front.status)
        && (own_trouble(document, item).is_some() || item.inherited.is_some())
}

/// Works out each open item's inherited risk, prerequisites before their
/// dependents, so that each item looks only at its direct prerequisites:
/// linear in the size of the graph. Work on a dependency cycle, and what
/// waits for it, is in no such order and inherits nothing.
pub fn spread(documents: &[Arc<Initiative>], ids: &HashMap<&str, usize>, items: &mut [ItemHealth]) {
    let mut graph = DependencyGraph::new(documents.iter().map(|d| d.id()));
    for (dependent, document) in documents.iter().enumerate() {
        for prerequisite in prerequisites(document, ids) {
            if prerequisite != dependent {
                graph.add_dependency(dependent, prerequisite);
            }
        }
    }
    for node in graph.topological_order() {
        let inherited = inherited_risk(node, documents, ids, items);
        items[node].inherited = inherited;
    }
}

fn prerequisites<'a>(
    document: &'a Initiative,
    ids: &'a HashMap<&str, usize>,
) -> impl Iterator<Item = usize> + 'a {
    document
        .front
        .depends_on
        .iter()
        .filter_map(|id| ids.get(id.as_str()).copied())
}

fn inherited_risk(
    node: usize,
    documents: &[Arc<Initiative>],
    ids: &HashMap<&str, usize>,
    items: &[ItemHealth],
) -> Option<InheritedRisk> {
    let document = &documents[node];
    if !is_open(document.front.status) {
        return None;
    }
    let mine = super::schedule_of(&document.front);
    let mut because: Vec<usize> = Vec::new();
    let mut first: Option<InheritedRisk> = None;
    for prerequisite in prerequisites(document, ids) {
        let theirs = &documents[prerequisite];
        if prerequisite == node || !is_open(theirs.front.status) || because.contains(&prerequisite)
        {
            continue;
        }
        let ends_after = match (super::schedule_of(&theirs.front), mine) {
            (Some(theirs), Some(mine)) if theirs.end > mine.end => Some(Trouble::EndsAfter {
                end: theirs.end,
                dependent: node,
            }),
            _ => None,
        };
        let trouble = own_trouble(theirs, &items[prerequisite]).or(ends_after);
        let upstream = &items[prerequisite].inherited;
        if trouble.is_none() && upstream.is_none() {
            continue;
        }
        because.push(prerequisite);
        if first.is_none() {
            first = trouble
                .map(|trouble| started_at(prerequisite, trouble))
                .or_else(|| upstream.as_ref().map(|u| passed_on(prerequisite, u)));
        }
    }
    let mut risk = first?;
    risk.because = because;
    Some(risk)
}

fn started_at(origin: usize, trouble: Trouble) -> InheritedRisk {
    InheritedRisk {
        because: Vec::new(),
        through: Vec::new(),
        more_steps: 0,
        origin,
        trouble,
    }
}

/// The risk of `prerequisite` as it reaches the next item: one step longer.
fn passed_on(prerequisite: usize, upstream: &InheritedRisk) -> InheritedRisk {
    let mut through = Vec::with_capacity(SHOWN_STEPS);
    through.push(prerequisite);
    let room = SHOWN_STEPS - 1;
    through.extend(upstream.through.iter().take(room));
    let dropped = upstream.through.len().saturating_sub(room);
    InheritedRisk {
        because: Vec::new(),
        through,
        more_steps: upstream.more_steps + dropped,
        origin: upstream.origin,
        trouble: upstream.trouble,
    }
}

/// Which of the open work serving a goal is at risk, and which ends after
/// the goal's target quarter.
pub fn of_goal(
    goal: &Document<GoalFrontMatter>,
    serving: &[usize],
    documents: &[Arc<Initiative>],
    items: &[ItemHealth],
) -> GoalHealth {
    let mut health = GoalHealth::default();
    for &index in serving {
        let front = &documents[index].front;
        if !is_open(front.status) {
            continue;
        }
        if is_at_risk(&documents[index], &items[index]) {
            health.work_at_risk.push(index);
        }
        let ends = super::schedule_of(front).map(|s| s.end);
        if let (Some(end), Some(target)) = (ends, goal.front.target) {
            if end > target {
                health.work_after_target.push(index);
            }
        }
    }
    health
}
