//! The model's health facts in words for readers: what is late, what is at
//! risk because of what, and which schedules clash. Titles, not ids, name
//! the work; what this build's audience may not see is not named.

use super::InitiativeRef;
use crate::diagnostic::plural;
use crate::model::{Goal, Initiative, Roadmap, Trouble};
use serde::Serialize;

/// What a reader must see beside an item's status wherever it appears.
#[derive(Serialize)]
pub struct Flags {
    /// Quarters past its end, when overdue.
    pub overdue_by: Option<u32>,
    /// At risk because of its prerequisites.
    pub inherited_risk: bool,
    /// "Slipped twice", when its end moved later.
    pub slipped: Option<String>,
    /// The end quarter first planned, when it slipped.
    pub first_planned_end: Option<String>,
}

impl Flags {
    pub fn of(initiative: &Initiative) -> Flags {
        let slipped =
            (initiative.slips > 0).then(|| format!("Slipped {}", times(initiative.slips)));
        Flags {
            overdue_by: initiative.overdue_by,
            inherited_risk: initiative.risk_origin.is_some(),
            first_planned_end: slipped
                .as_ref()
                .and(initiative.first_planned_end)
                .map(|q| q.to_string()),
            slipped,
        }
    }
}

/// "once", "twice", "3 times".
pub fn times(count: u32) -> String {
    match count {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// Where an item's inherited risk starts, for a sentence such as "at risk
/// because Database migration is blocked, through API gateway".
#[derive(Serialize)]
pub struct RiskStory<'a> {
    /// `None` when the origin is work this audience does not see.
    pub origin: Option<InitiativeRef<'a>>,
    /// What is wrong with the origin: "is blocked".
    pub trouble: String,
    /// The work in between, nearest first.
    pub through: Vec<InitiativeRef<'a>>,
    pub more_steps: usize,
}

/// The story of `initiative`'s inherited risk, in which `itself` names it:
/// "this" on its own page and card, "it" where another subject leads.
pub fn risk_story<'a>(
    roadmap: &'a Roadmap,
    initiative: &'a Initiative,
    itself: &str,
) -> Option<RiskStory<'a>> {
    let origin = initiative.risk_origin.as_ref()?;
    let refer = |id| roadmap.initiative(id).map(InitiativeRef::of);
    Some(RiskStory {
        origin: origin.id.as_ref().and_then(refer),
        trouble: trouble_words(roadmap, &origin.trouble, (&initiative.id, itself)),
        through: origin.through.iter().filter_map(refer).collect(),
        more_steps: origin.more_steps,
    })
}

/// The risk story, unless it only repeats a schedule conflict of the item
/// itself, which its own line already tells.
pub fn risk_story_beyond_conflicts<'a>(
    roadmap: &'a Roadmap,
    initiative: &'a Initiative,
    itself: &str,
) -> Option<RiskStory<'a>> {
    let origin = initiative.risk_origin.as_ref()?;
    let repeats = matches!(&origin.trouble, Trouble::EndsAfter { dependent, .. } if *dependent == initiative.id)
        && initiative.at_risk_because.len() == 1;
    if repeats {
        return None;
    }
    risk_story(roadmap, initiative, itself)
}

/// What is wrong with where a risk starts; `this` is the item told about
/// and the word that names it.
fn trouble_words(
    roadmap: &Roadmap,
    trouble: &Trouble,
    this: (&crate::types::InitiativeId, &str),
) -> String {
    match trouble {
        Trouble::Blocked => "is blocked".to_owned(),
        Trouble::AtRisk => "is at risk".to_owned(),
        Trouble::Overdue { quarters } => {
            format!("is overdue by {}", plural(*quarters as usize, "quarter"))
        }
        Trouble::EndsAfter { end, dependent } => {
            let waiting = roadmap.initiative(dependent);
            let due = waiting
                .and_then(|i| i.schedule)
                .map(|s| format!(" ({})", s.end))
                .unwrap_or_default();
            let who = match waiting {
                _ if dependent == this.0 => this.1,
                Some(i) => i.title.as_str(),
                None => dependent.as_str(),
            };
            format!("ends in {end}, after {who} is due to end{due}")
        }
    }
}

/// A schedule conflict as one of its two items' pages tells it.
#[derive(Serialize)]
pub struct ConflictView<'a> {
    pub other: InitiativeRef<'a>,
    /// Says what the other item does: "ends in 2027-Q4, after this ends in 2027-Q3".
    pub words: String,
}

/// The conflicts of `initiative` with its prerequisites, then with the work
/// that waits for it; `this` names `initiative` in the words.
pub fn conflicts<'a>(
    roadmap: &'a Roadmap,
    initiative: &'a Initiative,
    this: &str,
) -> Vec<ConflictView<'a>> {
    let mut views = Vec::new();
    let Some(mine) = initiative.schedule else {
        return views;
    };
    for conflict in &initiative.schedule_conflicts {
        let Some(other) = roadmap.initiative(&conflict.prerequisite) else {
            continue;
        };
        let Some(theirs) = other.schedule else {
            continue;
        };
        let mut parts = Vec::new();
        if conflict.ends_later {
            parts.push(format!(
                "ends in {}, after {this} ends in {}",
                theirs.end, mine.end
            ));
        }
        if conflict.starts_later {
            parts.push(format!(
                "starts in {}, after {this} starts in {}",
                theirs.start, mine.start
            ));
        }
        views.push(ConflictView {
            other: InitiativeRef::of(other),
            words: format!("must come first, but {}", parts.join(", and ")),
        });
    }
    for dependent in initiative
        .dependents
        .iter()
        .filter_map(|id| roadmap.initiative(id))
    {
        let (Some(theirs), Some(conflict)) = (
            dependent.schedule,
            dependent
                .schedule_conflicts
                .iter()
                .find(|c| c.prerequisite == initiative.id),
        ) else {
            continue;
        };
        let mut parts = Vec::new();
        if conflict.ends_later {
            parts.push(format!(
                "ends in {}, before {this} ends in {}",
                theirs.end, mine.end
            ));
        }
        if conflict.starts_later {
            parts.push(format!(
                "starts in {}, before {this} starts in {}",
                theirs.start, mine.start
            ));
        }
        views.push(ConflictView {
            other: InitiativeRef::of(dependent),
            words: format!("needs {this} first, but {}", parts.join(", and ")),
        });
    }
    views
}

/// Why one piece of work puts a goal at risk, in words.
#[derive(Serialize)]
pub struct GoalRisk<'a> {
    pub work: InitiativeRef<'a>,
    pub words: String,
}

/// The reasons a goal is at risk, one per piece of work that puts it there.
pub fn goal_risks<'a>(roadmap: &'a Roadmap, goal: &'a Goal) -> Vec<GoalRisk<'a>> {
    goal.at_risk_because
        .iter()
        .filter_map(|id| roadmap.initiative(id))
        .map(|work| GoalRisk {
            work: InitiativeRef::of(work),
            words: why_work_is_at_risk(roadmap, work, goal),
        })
        .collect()
}

fn why_work_is_at_risk(roadmap: &Roadmap, work: &Initiative, goal: &Goal) -> String {
    let mut reasons = Vec::new();
    match work.status {
        crate::types::Status::Blocked => reasons.push("is blocked".to_owned()),
        crate::types::Status::AtRisk => reasons.push("is at risk".to_owned()),
        _ => {}
    }
    if let Some(late) = work.overdue_by {
        reasons.push(format!(
            "is overdue by {}",
            plural(late as usize, "quarter")
        ));
    }
    if let Some(story) = risk_story(roadmap, work, "it") {
        reasons.push(match story.origin {
            Some(origin) => format!("waits for {}, which {}", origin.title, story.trouble),
            None => "waits for internal work that is at risk".to_owned(),
        });
    }
    if let (Some(end), Some(target)) = (work.schedule.map(|s| s.end), goal.target) {
        if end > target {
            reasons.push(format!("ends in {end}, after the target {target}"));
        }
    }
    if reasons.is_empty() {
        reasons.push("is at risk".to_owned());
    }
    reasons.join(", and ")
}

/// The health of some initiatives as lists: what is late, what inherits
/// risk, and which schedules clash.
#[derive(Serialize, Default)]
pub struct HealthLists<'a> {
    pub overdue: Listed<OverdueItem<'a>>,
    pub inherited: Listed<InheritedItem<'a>>,
    pub conflicts: Listed<ConflictItem<'a>>,
}

/// At most [`LISTED`] entries, and how many more there are.
#[derive(Serialize)]
pub struct Listed<T> {
    pub entries: Vec<T>,
    pub more: usize,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            entries: Vec::new(),
            more: 0,
        }
    }
}

impl<T> Listed<T> {
    fn push(&mut self, entry: impl FnOnce() -> T) {
        if self.entries.len() < LISTED {
            self.entries.push(entry());
        } else {
            self.more += 1;
        }
    }
}

/// The most entries a health list shows on one page.
pub const LISTED: usize = 100;

#[derive(Serialize)]
pub struct OverdueItem<'a> {
    pub item: InitiativeRef<'a>,
    pub end: String,
    pub quarters: u32,
}

#[derive(Serialize)]
pub struct InheritedItem<'a> {
    pub item: InitiativeRef<'a>,
    pub story: RiskStory<'a>,
}

#[derive(Serialize)]
pub struct ConflictItem<'a> {
    pub item: InitiativeRef<'a>,
    pub conflict: ConflictView<'a>,
}

pub fn health_lists<'a>(roadmap: &'a Roadmap, initiatives: &[&'a Initiative]) -> HealthLists<'a> {
    let mut lists = HealthLists::default();
    for &initiative in initiatives {
        if let (Some(quarters), Some(schedule)) = (initiative.overdue_by, initiative.schedule) {
            lists.overdue.push(|| OverdueItem {
                item: InitiativeRef::of(initiative),
                end: schedule.end.to_string(),
                quarters,
            });
        }
        if let Some(story) = risk_story_beyond_conflicts(roadmap, initiative, "it") {
            lists.inherited.push(|| InheritedItem {
                item: InitiativeRef::of(initiative),
                story,
            });
        }
        // Each conflict once: on the side of the work that waits.
        let waiting = initiative.schedule_conflicts.len();
        let conflicts = conflicts(roadmap, initiative, &initiative.title);
        for conflict in conflicts.into_iter().take(waiting) {
            lists.conflicts.push(|| ConflictItem {
                item: InitiativeRef::of(initiative),
                conflict,
            });
        }
    }
    lists
}
