//! Which pages a change touches, from the models before and after it:
//! the item pages that show anything of the touched items, and the pages
//! of items that are gone.

use crate::history::Subject;
use crate::model::{Initiative, Roadmap};
use crate::render::pages::Page;
use crate::render::{self, Selection};
use crate::types::{GoalId, InitiativeId};
use std::collections::HashSet;

/// The item pages that show anything of the touched items: their own, and
/// those of their goals, prerequisites and dependents, before and after the
/// change (a goal shows its initiatives, and they show it); and those of the
/// initiatives they moved to another team page, which each page names.
pub(super) fn affected(
    touched: &[(Subject, String)],
    previous: &Roadmap,
    model: &Roadmap,
) -> Selection {
    let mut initiatives: HashSet<InitiativeId> = HashSet::new();
    let mut goals: HashSet<GoalId> = HashSet::new();
    for (subject, id) in touched {
        match subject {
            Subject::Initiative => {
                let Ok(id) = id.parse::<InitiativeId>() else {
                    continue;
                };
                for initiative in [previous.initiative(&id), model.initiative(&id)]
                    .into_iter()
                    .flatten()
                {
                    goals.extend(initiative.goals.iter().cloned());
                    initiatives.extend(initiative.depends_on.iter().cloned());
                    initiatives.extend(initiative.dependents.iter().cloned());
                }
                initiatives.insert(id);
            }
            Subject::Goal => {
                let Ok(id) = id.parse::<GoalId>() else {
                    continue;
                };
                for goal in [previous.goal(&id), model.goal(&id)].into_iter().flatten() {
                    initiatives.extend(goal.initiatives.iter().cloned());
                }
                goals.insert(id);
            }
        }
    }
    let named: HashSet<&str> = touched.iter().map(|(_, id)| id.as_str()).collect();
    add_health_changes(&named, previous, model, &mut initiatives, &mut goals);
    let changed: Vec<InitiativeId> = touched
        .iter()
        .filter(|(subject, _)| *subject == Subject::Initiative)
        .filter_map(|(_, id)| id.parse().ok())
        .collect();
    let changed: Vec<&InitiativeId> = changed.iter().collect();
    let Some(relisted) = render::relisted(previous, model, &changed) else {
        return Selection::All;
    };
    initiatives.extend(relisted);
    Selection::Items { initiatives, goals }
}

/// Health travels along dependencies, so an edit can change what pages far
/// from the edited item say: items whose health facts changed, or whose
/// risk is told through an edited item, are shown anew with everything that
/// shows them (their neighbours' lists and their goals).
fn add_health_changes(
    named: &HashSet<&str>,
    previous: &Roadmap,
    model: &Roadmap,
    initiatives: &mut HashSet<InitiativeId>,
    goals: &mut HashSet<GoalId>,
) {
    for (at, initiative) in model.initiatives.iter().enumerate() {
        let changed = !model.initiatives.shares(&previous.initiatives, at)
            && previous
                .initiative(&initiative.id)
                .is_none_or(|before| !same_health(before, initiative));
        if changed || tells_of(initiative, named) {
            initiatives.insert(initiative.id.clone());
            initiatives.extend(initiative.depends_on.iter().cloned());
            initiatives.extend(initiative.dependents.iter().cloned());
            goals.extend(initiative.goals.iter().cloned());
        }
    }
    for (at, goal) in model.goals.iter().enumerate() {
        let shared = model.goals.shares(&previous.goals, at);
        let changed = !shared
            && previous.goal(&goal.id).is_none_or(|before| {
                (before.at_risk, &before.at_risk_because, before.progress)
                    != (goal.at_risk, &goal.at_risk_because, goal.progress)
            });
        if changed {
            goals.insert(goal.id.clone());
        }
    }
}

fn same_health(a: &Initiative, b: &Initiative) -> bool {
    (
        a.overdue_by,
        a.at_risk,
        &a.at_risk_because,
        &a.risk_origin,
        &a.schedule_conflicts,
    ) == (
        b.overdue_by,
        b.at_risk,
        &b.at_risk_because,
        &b.risk_origin,
        &b.schedule_conflicts,
    )
}

/// Whether the words of an item's inherited risk name one of `named`.
fn tells_of(initiative: &Initiative, named: &HashSet<&str>) -> bool {
    let Some(origin) = &initiative.risk_origin else {
        return false;
    };
    let dependent = match &origin.trouble {
        crate::model::Trouble::EndsAfter { dependent, .. } => Some(dependent),
        _ => None,
    };
    origin
        .id
        .iter()
        .chain(&origin.through)
        .chain(dependent)
        .any(|id| named.contains(id.as_str()))
}

/// Item pages of the previous model that the new one no longer has. Only
/// the touched items can be among them: an item is in a model or not by
/// its own file alone.
pub(super) fn removed_pages(
    touched: &[(Subject, String)],
    previous: Option<&Roadmap>,
    model: &Roadmap,
) -> Vec<String> {
    let Some(previous) = previous else {
        return Vec::new();
    };
    let mut removed: Vec<String> = touched
        .iter()
        .filter_map(|(subject, id)| match subject {
            Subject::Initiative => {
                let id = id.parse().ok()?;
                let gone = previous.initiative(&id).is_some() && model.initiative(&id).is_none();
                gone.then(|| Page::Initiative(id.as_str()).path())
            }
            Subject::Goal => {
                let id = id.parse().ok()?;
                let gone = previous.goal(&id).is_some() && model.goal(&id).is_none();
                gone.then(|| Page::Goal(id.as_str()).path())
            }
        })
        .collect();
    removed.sort();
    removed.dedup();
    removed
}
