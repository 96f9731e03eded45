//! The health facts of the model: each item's share of what the health
//! rules found, naming only the work this build's audience sees.

use super::links::Linked;
use super::reuse::Sourced;
use super::{Goal, Initiative};
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use crate::health::{self, Health};
use crate::load::Loaded;
use crate::types::{Horizon, InitiativeId, Quarter, Status};
use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// Where inherited risk starts. When that lies in work this build's
/// audience may not see, it is only said that it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskOrigin {
    /// `None` when the origin, or the way to it, is hidden.
    pub id: Option<InitiativeId>,
    pub trouble: Trouble,
    /// The prerequisites in between, nearest first; some may be left out.
    pub through: Vec<InitiativeId>,
    /// Steps in between left out of `through` for length.
    pub more_steps: usize,
}

/// Why work puts what waits for it at risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Trouble {
    Blocked,
    AtRisk,
    Overdue {
        quarters: u32,
    },
    /// Scheduled to end after the work that waits for it.
    EndsAfter {
        end: Quarter,
        dependent: InitiativeId,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleConflict {
    pub prerequisite: InitiativeId,
    pub ends_later: bool,
    pub starts_later: bool,
}

/// Puts the health of each initiative's document on it, naming only the
/// work this build's audience sees. Every fact is set, whatever the item
/// held before: an item may come from an earlier build, and one that
/// another model shares is copied only when its facts differ. Items that
/// `judged_before` marks show this very judgement already and are passed.
pub(super) fn judge_initiatives(
    initiatives: &mut [Sourced<InitiativeFrontMatter, Initiative>],
    (documents_at, judged_before): (&[usize], Option<&[bool]>),
    health: &Health,
    loaded: &Loaded,
    visible: &HashMap<InitiativeId, usize>,
) {
    let documents = &loaded.initiatives;
    let id_of = |index: usize| -> Option<InitiativeId> {
        let id: InitiativeId = documents[index].id().parse().ok()?;
        visible.contains_key(&id).then_some(id)
    };
    let unjudged = initiatives
        .par_iter_mut()
        .zip(documents_at)
        .enumerate()
        .filter(|&(at, _)| !judged_before.is_some_and(|judged| judged[at]));
    unjudged.for_each(|(_, ((initiative, _), &index))| {
        let item = &health.items[index];
        let facts = InitiativeFacts {
            overdue_by: item.overdue_by,
            at_risk: health.is_at_risk(documents, index),
            schedule_conflicts: item
                .clashes
                .iter()
                .filter_map(|clash| {
                    Some(ScheduleConflict {
                        prerequisite: id_of(clash.prerequisite)?,
                        ends_later: clash.ends_later,
                        starts_later: clash.starts_later,
                    })
                })
                .collect(),
            at_risk_because: item.inherited.as_ref().map_or_else(Vec::new, |risk| {
                risk.because.iter().filter_map(|&p| id_of(p)).collect()
            }),
            risk_origin: item
                .inherited
                .as_ref()
                .map(|risk| risk_origin(risk, &id_of)),
        };
        if !facts.shown_by(initiative) {
            facts.give(Arc::make_mut(initiative));
        }
    });
}

/// What the health rules say of one initiative.
struct InitiativeFacts {
    overdue_by: Option<u32>,
    at_risk: bool,
    schedule_conflicts: Vec<ScheduleConflict>,
    at_risk_because: Vec<InitiativeId>,
    risk_origin: Option<RiskOrigin>,
}

impl InitiativeFacts {
    fn shown_by(&self, initiative: &Initiative) -> bool {
        initiative.overdue_by == self.overdue_by
            && initiative.overdue == self.overdue_by.is_some()
            && (self.overdue_by.is_none() || initiative.horizon == Horizon::Now)
            && initiative.at_risk == self.at_risk
            && initiative.schedule_conflicts == self.schedule_conflicts
            && initiative.at_risk_because == self.at_risk_because
            && initiative.risk_origin == self.risk_origin
    }

    fn give(self, initiative: &mut Initiative) {
        initiative.overdue_by = self.overdue_by;
        initiative.overdue = self.overdue_by.is_some();
        // Late work is now, whatever its schedule said; the horizon of
        // work that is not late is its schedule's, which the health rules
        // do not change.
        if initiative.overdue {
            initiative.horizon = Horizon::Now;
        }
        initiative.at_risk = self.at_risk;
        initiative.schedule_conflicts = self.schedule_conflicts;
        initiative.at_risk_because = self.at_risk_because;
        initiative.risk_origin = self.risk_origin;
    }
}

fn risk_origin(
    risk: &crate::health::InheritedRisk,
    id_of: &impl Fn(usize) -> Option<InitiativeId>,
) -> RiskOrigin {
    let trouble = |dependent: Option<InitiativeId>| -> Option<Trouble> {
        Some(match risk.trouble {
            health::Trouble::Blocked => Trouble::Blocked,
            health::Trouble::AtRisk => Trouble::AtRisk,
            health::Trouble::Overdue(quarters) => Trouble::Overdue { quarters },
            health::Trouble::EndsAfter { end, .. } => Trouble::EndsAfter {
                end,
                dependent: dependent?,
            },
        })
    };
    let dependent = match risk.trouble {
        health::Trouble::EndsAfter { dependent, .. } => id_of(dependent),
        _ => None,
    };
    let through: Option<Vec<InitiativeId>> = risk.through.iter().map(|&p| id_of(p)).collect();
    match (id_of(risk.origin), through, trouble(dependent)) {
        (Some(origin), Some(through), Some(trouble)) => RiskOrigin {
            id: Some(origin),
            trouble,
            through,
            more_steps: risk.more_steps,
        },
        // Hidden work is not named, nor is what is wrong with it.
        _ => RiskOrigin {
            id: None,
            trouble: Trouble::AtRisk,
            through: Vec::new(),
            more_steps: 0,
        },
    }
}

pub(super) fn judge_goals(
    goals: &mut [Sourced<GoalFrontMatter, Goal>],
    documents_at: &[usize],
    health: &Health,
    initiatives: (&[Sourced<InitiativeFrontMatter, Initiative>], &[usize]),
    linked: &Linked,
) {
    let (initiatives, initiative_documents_at) = initiatives;
    // Where each initiative document's item is, when this audience sees it.
    let mut shown_at = vec![None; health.items.len()];
    for (at, &index) in initiative_documents_at.iter().enumerate() {
        shown_at[index] = Some(at);
    }
    // Which goal last named each initiative: one list, not a set per goal.
    let mut named_by = vec![usize::MAX; initiatives.len()];
    let mut named = Vec::new();
    for (goal_at, ((goal, _), &index)) in goals.iter_mut().zip(documents_at).enumerate() {
        let judged = &health.goals[index];
        named.clear();
        for &index in judged.work_at_risk.iter().chain(&judged.work_after_target) {
            if let Some(at) = shown_at[index] {
                if std::mem::replace(&mut named_by[at], goal_at) != goal_at {
                    named.push(at);
                }
            }
        }
        let because = named.iter().map(|&at| &initiatives[at].0.id);
        // Compared before collected: most goals are judged as they were.
        let because_shown = goal.at_risk_because.iter().eq(because.clone());
        let at_risk = judged.at_risk();
        let progress = goal_progress(linked.served_by(goal_at), initiatives);
        if !because_shown || (goal.at_risk, goal.progress) != (at_risk, progress) {
            let because = because.cloned().collect();
            let goal = Arc::make_mut(goal);
            goal.at_risk = at_risk;
            goal.at_risk_because = because;
            goal.progress = progress;
        }
    }
}

/// Percent done of an initiative for roll-ups: done counts as complete.
pub fn progress_of(initiative: &Initiative) -> u8 {
    match initiative.status {
        Status::Done => 100,
        _ => initiative.progress.unwrap_or(0),
    }
}

/// A goal's progress: the progress of the initiatives at `serving`,
/// weighted by effort (one person-week where none is given), dropped work
/// left out.
fn goal_progress(
    serving: &[usize],
    initiatives: &[Sourced<InitiativeFrontMatter, Initiative>],
) -> u8 {
    let (weighted, weights) = serving
        .iter()
        .map(|&at| initiatives[at].0.as_ref())
        .filter(|i| i.status != Status::Dropped)
        .fold((0.0, 0.0), |(sum, total), initiative| {
            let weight = initiative.effort.filter(|e| *e > 0.0).unwrap_or(1.0);
            (
                sum + weight * f64::from(progress_of(initiative)),
                total + weight,
            )
        });
    if weights > 0.0 {
        (weighted / weights).round() as u8
    } else {
        0
    }
}

/// A quarter, from today's on, planned over what may be planned in it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverCapacity {
    pub quarter: Quarter,
    /// `None` for the organisation.
    pub team: Option<String>,
    pub planned: f64,
    pub plannable: f64,
    /// The work that fills it, largest share first, as far as this
    /// build's audience may see.
    pub initiatives: Vec<InitiativeId>,
}

/// Open work scheduled from today's quarter on without an effort estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Unestimated {
    pub start: Quarter,
    pub end: Quarter,
    pub initiatives: Vec<InitiativeId>,
}

/// The capacity judgements, naming only visible work.
pub(super) fn capacity_facts(
    health: &Health,
    loaded: &Loaded,
    visible: &HashMap<InitiativeId, usize>,
) -> (Vec<OverCapacity>, Vec<Unestimated>) {
    let documents = &loaded.initiatives;
    capacity_facts_naming(health, |index| {
        let id: InitiativeId = documents[index].id().parse().ok()?;
        visible.contains_key(&id).then_some(id)
    })
}

/// The capacity judgements of `health`, naming the work of each of its
/// initiatives (by index) `id_of` names: a portfolio's member names its
/// own work with the member's namespace.
pub(crate) fn capacity_facts_naming(
    health: &Health,
    id_of: impl Fn(usize) -> Option<InitiativeId>,
) -> (Vec<OverCapacity>, Vec<Unestimated>) {
    let over = health
        .overloads
        .iter()
        .map(|overload| OverCapacity {
            quarter: overload.quarter,
            team: overload.team.clone(),
            planned: overload.planned,
            plannable: overload.plannable,
            initiatives: overload
                .loads
                .iter()
                .filter_map(|l| id_of(l.initiative))
                .collect(),
        })
        .collect();
    let unestimated = health
        .unestimated
        .iter()
        .map(|run| Unestimated {
            start: run.quarters.start,
            end: run.quarters.end,
            initiatives: run.initiatives.iter().filter_map(|&i| id_of(i)).collect(),
        })
        .filter(|run| !run.initiatives.is_empty())
        .collect();
    (over, unestimated)
}
