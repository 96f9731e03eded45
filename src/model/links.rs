//! What each item shows of the others: an initiative's goals, prerequisites
//! and dependents, a goal's initiatives. Worked out anew on every build,
//! over all items; an item that another model shares is copied only when
//! its links differ. While every item keeps its position from an earlier
//! build, the links of an item whose document did not change are taken from
//! that build rather than looked up again by id.

use super::reuse::Sourced;
use super::{Goal, Initiative};
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use crate::types::{GoalId, InitiativeId};
use foldhash::HashMap;
use rayon::iter::Either;
use rayon::prelude::*;
use std::sync::Arc;

type Goals<'a> = [Sourced<'a, GoalFrontMatter, Goal>];
type Initiatives<'a> = [Sourced<'a, InitiativeFrontMatter, Initiative>];

/// Where each item of the build is, by its id.
pub(super) struct Index<'a> {
    pub goals: &'a HashMap<GoalId, usize>,
    pub initiatives: &'a HashMap<InitiativeId, usize>,
}

/// The links of one build, between the positions of its items.
#[derive(Default)]
pub(super) struct Linked {
    goals_of: Adjacency,
    prerequisites_of: Adjacency,
    dependents_of: Adjacency,
    served_by: Adjacency,
}

impl Linked {
    /// The positions of the initiatives serving the goal at `goal`, in the
    /// order of the goal's list of them.
    pub(super) fn served_by(&self, goal: usize) -> &[usize] {
        self.served_by.of(goal)
    }
}

/// An earlier build whose items were at the same positions, and whether
/// each item is the one it had there, from the same document.
pub(super) struct Earlier<'e> {
    pub linked: &'e Linked,
    pub goals_kept: &'e [bool],
    pub initiatives_kept: &'e [bool],
}

/// Links the items of one build: an initiative's goals and prerequisites
/// in the order its document lists them, a goal's initiatives and an
/// initiative's dependents in the order of their ids. Links to items this
/// audience does not see go; prerequisites are counted, so that readers
/// know something comes first. `needs_review` says whether an initiative
/// is due a review.
pub(super) fn link(
    goals: &mut Goals,
    initiatives: &mut Initiatives,
    index: Index,
    earlier: Option<Earlier>,
    needs_review: impl Fn(&Initiative) -> bool + Sync,
) -> Linked {
    let (serving, waiting) = edges(initiatives, &index, earlier.as_ref());
    let count = initiatives.len();
    let linked = Linked {
        goals_of: Adjacency::new(count, serving.iter().copied()),
        prerequisites_of: Adjacency::new(count, waiting.iter().copied()),
        dependents_of: Adjacency::new(count, waiting.iter().map(|&(d, p)| (p, d))),
        served_by: Adjacency::new(goals.len(), serving.iter().map(|&(i, g)| (g, i))),
    };
    let Linked {
        goals_of,
        prerequisites_of,
        dependents_of,
        served_by,
    } = &linked;
    // A kept item has the links the earlier build gave it, to items at the
    // same positions: it differs only where its positions differ.
    let kept_initiative = |at: usize| {
        let earlier = earlier.as_ref().filter(|e| e.initiatives_kept[at])?;
        Some(earlier.linked.dependents_of.of(at) == dependents_of.of(at))
    };
    let kept_goal = |at: usize| {
        let earlier = earlier.as_ref().filter(|e| e.goals_kept[at])?;
        Some(earlier.linked.served_by.of(at) == served_by.of(at))
    };

    let shared: &Initiatives = initiatives;
    let relinked: Vec<(usize, Owned)> = (0..count)
        .into_par_iter()
        .filter_map(|at| {
            let (initiative, document) = &shared[at];
            let review = needs_review(initiative);
            if kept_initiative(at) == Some(true) && initiative.needs_review == review {
                return None;
            }
            let links = InitiativeLinks {
                goals: goal_ids(goals, goals_of.of(at)),
                depends_on: initiative_ids(shared, prerequisites_of.of(at)),
                hidden_prerequisites: document.front.depends_on.len()
                    - prerequisites_of.of(at).len(),
                dependents: initiative_ids(shared, dependents_of.of(at)),
                needs_review: review,
            };
            (!links.shown_by(initiative)).then_some((at, links))
        })
        .map(|(at, links)| (at, links.owned()))
        .collect();
    let regrouped: Vec<(usize, Vec<InitiativeId>)> = (0..goals.len())
        .filter(|&at| kept_goal(at) != Some(true))
        .filter(|&at| {
            let now = initiative_ids(initiatives, served_by.of(at));
            !goals[at].0.initiatives.iter().eq(now)
        })
        .map(|at| {
            (
                at,
                initiative_ids(initiatives, served_by.of(at))
                    .cloned()
                    .collect(),
            )
        })
        .collect();
    for (at, links) in relinked {
        links.give(Arc::make_mut(&mut initiatives[at].0));
    }
    for (at, initiatives) in regrouped {
        Arc::make_mut(&mut goals[at].0).initiatives = initiatives;
    }
    linked
}

/// Each initiative's links to the goals it serves and to the initiatives
/// it waits for, among the items of this build, as pairs of positions: in
/// the order of the initiatives, and of their documents' lists.
type Edges = (Vec<(usize, usize)>, Vec<(usize, usize)>);

fn edges(initiatives: &Initiatives, index: &Index, earlier: Option<&Earlier>) -> Edges {
    let serving = pairs(
        initiatives,
        earlier,
        |linked| &linked.goals_of,
        |front| &front.goals,
        index.goals,
    );
    let waiting = pairs(
        initiatives,
        earlier,
        |linked| &linked.prerequisites_of,
        |front| &front.depends_on,
        index.initiatives,
    );
    (serving, waiting)
}

/// Each initiative's position paired with the positions of the items its
/// document `names`, found by id in `index`; for an initiative kept from
/// the earlier build, with those of that build's `kept` links. In the
/// order of the initiatives, and of each one's list.
fn pairs<K: std::hash::Hash + Eq + Sync>(
    initiatives: &Initiatives,
    earlier: Option<&Earlier>,
    kept: impl Fn(&Linked) -> &Adjacency + Sync,
    names: impl Fn(&InitiativeFrontMatter) -> &[K] + Sync,
    index: &HashMap<K, usize>,
) -> Vec<(usize, usize)> {
    let targets = |at: usize, front| match earlier.filter(|e| e.initiatives_kept[at]) {
        Some(earlier) => Either::Left(kept(earlier.linked).of(at).iter().copied()),
        None => Either::Right(names(front).iter().filter_map(|id| index.get(id).copied())),
    };
    initiatives
        .par_iter()
        .enumerate()
        .flat_map_iter(|(at, (_, document))| targets(at, &document.front).map(move |to| (at, to)))
        .collect()
}

/// The ids of the goals at `positions`.
fn goal_ids<'a>(
    goals: &'a Goals,
    positions: &'a [usize],
) -> impl Iterator<Item = &'a GoalId> + Clone + 'a {
    positions.iter().map(|&at| &goals[at].0.id)
}

/// The ids of the initiatives at `positions`.
fn initiative_ids<'a>(
    initiatives: &'a Initiatives,
    positions: &'a [usize],
) -> impl Iterator<Item = &'a InitiativeId> + Clone + 'a {
    positions.iter().map(|&at| &initiatives[at].0.id)
}

/// What an initiative shows of other items and of the date.
struct InitiativeLinks<G, I> {
    goals: G,
    depends_on: I,
    hidden_prerequisites: usize,
    dependents: I,
    needs_review: bool,
}

impl<'a, G, I> InitiativeLinks<G, I>
where
    G: Iterator<Item = &'a GoalId> + Clone,
    I: Iterator<Item = &'a InitiativeId> + Clone,
{
    /// Whether `initiative` has these links already.
    fn shown_by(&self, initiative: &Initiative) -> bool {
        initiative.goals.iter().eq(self.goals.clone())
            && initiative.depends_on.iter().eq(self.depends_on.clone())
            && initiative.hidden_prerequisites == self.hidden_prerequisites
            && initiative.dependents.iter().eq(self.dependents.clone())
            && initiative.needs_review == self.needs_review
    }

    fn owned(self) -> Owned {
        InitiativeLinks {
            goals: self.goals.cloned().collect(),
            depends_on: self.depends_on.cloned().collect(),
            hidden_prerequisites: self.hidden_prerequisites,
            dependents: self.dependents.cloned().collect(),
            needs_review: self.needs_review,
        }
    }
}

type Owned = InitiativeLinks<Vec<GoalId>, Vec<InitiativeId>>;

impl Owned {
    fn give(self, initiative: &mut Initiative) {
        initiative.goals = self.goals;
        initiative.depends_on = self.depends_on;
        initiative.hidden_prerequisites = self.hidden_prerequisites;
        initiative.dependents = self.dependents;
        initiative.needs_review = self.needs_review;
    }
}

/// Edges from each of `count` nodes, in the order they were given, in two
/// flat lists rather than a list per node.
#[derive(Default)]
struct Adjacency {
    /// Where each node's edges start in `targets`, and where the last end.
    starts: Vec<usize>,
    targets: Vec<usize>,
}

impl Adjacency {
    fn new(count: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Adjacency {
        let mut starts = vec![0; count + 1];
        for (from, _) in edges.clone() {
            starts[from + 1] += 1;
        }
        for node in 0..count {
            starts[node + 1] += starts[node];
        }
        let mut next = starts.clone();
        let mut targets = vec![0; starts[count]];
        for (from, to) in edges {
            targets[next[from]] = to;
            next[from] += 1;
        }
        Adjacency { starts, targets }
    }

    /// The edges from `node`; none from a node the adjacency does not have.
    fn of(&self, node: usize) -> &[usize] {
        match (self.starts.get(node), self.starts.get(node + 1)) {
            (Some(&start), Some(&end)) => &self.targets[start..end],
            _ => &[],
        }
    }
}
