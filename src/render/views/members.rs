//! A portfolio's members: the sections of the site that show each one's
//! own goals and work.

use super::{health_words, index_goals, Flags, IndexGoal, InitiativeRef};
use crate::model::{Goal, Initiative, Roadmap};
use crate::types::{Audience, InitiativeId, Status};
use serde::Serialize;

/// The members this build publishes a section of: all of them inside, in
/// public those not internal as a whole.
pub fn members(roadmap: &Roadmap) -> Vec<&str> {
    let Some(portfolio) = &roadmap.config.portfolio else {
        return Vec::new();
    };
    let public = roadmap.config.build.audience == Audience::Public;
    let internal = |name: &str| portfolio.internal.iter().any(|n| n.get_ref() == name);
    portfolio
        .members
        .keys()
        .map(String::as_str)
        .filter(|name| !(public && internal(name)))
        .collect()
}

/// Whether `id` is of the member `name`'s work.
pub fn of_member(id: &str, name: &str) -> bool {
    id.split_once('/').is_some_and(|(member, _)| member == name)
}

/// The member's own goals, as its index lists them.
pub fn member_goals<'r>(roadmap: &'r Roadmap, name: &str) -> Vec<IndexGoal<'r>> {
    let mut goals = index_goals(roadmap);
    goals.retain(|goal| of_member(goal.id.as_str(), name));
    goals
}

/// The member's initiatives, in the roadmap's order.
pub fn member_initiatives<'r>(roadmap: &'r Roadmap, name: &str) -> Vec<&'r Initiative> {
    let initiatives = roadmap.initiatives.iter();
    initiatives
        .filter(|initiative| of_member(initiative.id.as_str(), name))
        .collect()
}

/// The member's own goals, in the roadmap's order.
pub fn member_goal_items<'r>(roadmap: &'r Roadmap, name: &str) -> Vec<&'r Goal> {
    let goals = roadmap.goals.iter();
    goals
        .filter(|goal| of_member(goal.id.as_str(), name))
        .collect()
}

/// One of a member's initiatives on its front page, which lists them all:
/// what it is, where it stands and how it is doing, in words. It has the
/// names of an `InitiativeRef`, spelt out rather than flattened in: the
/// template engine makes a flattened struct a map, slower to read.
#[derive(Serialize)]
pub struct WorkLine<'a> {
    pub id: &'a InitiativeId,
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub flags: Flags,
    pub target: Option<String>,
    pub health: String,
}

pub fn work_line(initiative: &Initiative) -> WorkLine<'_> {
    let InitiativeRef {
        id,
        title,
        status,
        status_label,
        flags,
    } = InitiativeRef::of(initiative);
    WorkLine {
        id,
        title,
        status,
        status_label,
        flags,
        target: initiative.schedule.map(|s| s.end.to_string()),
        health: health_words(initiative),
    }
}
