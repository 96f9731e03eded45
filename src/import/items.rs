//! What every export comes down to: work items with a state, an estimate
//! and dates, and the tallies of those that make up each initiative, from
//! which import derives `progress`, `status`, `start` and `end`.
//!
//! Exports are read a row at a time and only tallies are kept, so that an
//! export of any size takes memory in proportion to its epics, milestones
//! and projects rather than to its rows.

use crate::types::{Quarter, Status};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

/// Where a work item stands, as its tracker says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    NotStarted,
    Started,
    Blocked,
    Done,
}

/// One row of an export, as far as import needs it.
#[derive(Debug, Clone, Default)]
pub struct WorkItem {
    /// How a `tracker:` value names this very item: `DATA-102`, `#12`, `ENG-42`.
    pub key: String,
    /// The tracker's internal id, which some exports' `Parent` holds.
    pub id: Option<String>,
    pub title: String,
    /// Keys or ids of the items it belongs to (its epic or parent).
    pub parents: Vec<String>,
    /// Named groups it is in: `milestone:…`, `label:…`, `project:…`.
    pub groups: Vec<String>,
    /// An epic, milestone or project that `--create` may add to the roadmap.
    pub is_epic: bool,
    pub state: Option<State>,
    pub estimate: Option<f64>,
    /// The share done, from 0 to 1, for items that report their own
    /// progress (Linear's projects); otherwise 1 when done, 0 when not.
    pub progress: Option<f64>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The latest change the row records.
    pub updated: Option<Date>,
}

/// Many work items summed up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub items: u32,
    done: u32,
    started: u32,
    blocked: u32,
    estimated: u32,
    estimate_sum: f64,
    done_estimate_sum: f64,
    /// The done shares of the items without an estimate, summed.
    done_unestimated: f64,
    start: Option<Date>,
    end: Option<Date>,
}

impl Tally {
    pub fn add(&mut self, item: &WorkItem) {
        let state = item.state.unwrap_or(State::NotStarted);
        self.items += 1;
        let done = state == State::Done;
        self.done += u32::from(done);
        self.started += u32::from(state != State::NotStarted);
        self.blocked += u32::from(state == State::Blocked);
        let share = item
            .progress
            .filter(|p| p.is_finite())
            .map_or(if done { 1.0 } else { 0.0 }, |p| p.clamp(0.0, 1.0));
        match item.estimate.filter(|e| e.is_finite() && *e >= 0.0) {
            Some(estimate) => {
                self.estimated += 1;
                self.estimate_sum += estimate;
                self.done_estimate_sum += estimate * share;
            }
            None => self.done_unestimated += share,
        }
        self.start = earliest(self.start, item.start);
        self.end = latest(self.end, item.end);
    }

    pub fn merge(&mut self, other: &Tally) {
        self.items += other.items;
        self.done += other.done;
        self.started += other.started;
        self.blocked += other.blocked;
        self.estimated += other.estimated;
        self.estimate_sum += other.estimate_sum;
        self.done_estimate_sum += other.done_estimate_sum;
        self.done_unestimated += other.done_unestimated;
        self.start = earliest(self.start, other.start);
        self.end = latest(self.end, other.end);
    }

    /// The share done in percent, each item weighted by its estimate; an
    /// item without one weighs as much as the estimated items do on
    /// average, or 1 when none has an estimate.
    pub fn progress(&self) -> u8 {
        if self.items == 0 {
            return 0;
        }
        let average = if self.estimated > 0 && self.estimate_sum > 0.0 {
            self.estimate_sum / f64::from(self.estimated)
        } else {
            1.0
        };
        let unestimated = f64::from(self.items - self.estimated);
        let total = self.estimate_sum + unestimated * average;
        let done = self.done_estimate_sum + self.done_unestimated * average;
        if total <= 0.0 {
            return if self.done == self.items { 100 } else { 0 };
        }
        let percent = (done / total * 100.0).round().clamp(0.0, 100.0) as u8;
        // Rounding never calls unfinished work done.
        if percent == 100 && self.done < self.items {
            99
        } else {
            percent
        }
    }

    /// The status the items call for, or `None` when none has started.
    pub fn status(&self) -> Option<Status> {
        if self.items > 0 && self.done == self.items {
            Some(Status::Done)
        } else if self.blocked > 0 {
            Some(Status::Blocked)
        } else if self.started > 0 {
            Some(Status::InProgress)
        } else {
            None
        }
    }

    pub fn start(&self) -> Option<Quarter> {
        self.start.map(Quarter::containing)
    }

    pub fn end(&self) -> Option<Quarter> {
        self.end.map(Quarter::containing)
    }
}

/// The status to write, given the one written now: the writer's own
/// judgement that work is at risk, and work dropped for good, stay.
pub fn next_status(now: Option<Status>, derived: Option<Status>) -> Option<Status> {
    match (now, derived) {
        (Some(Status::Dropped), _) => now,
        (Some(Status::AtRisk), Some(Status::InProgress)) => now,
        (_, Some(derived)) => Some(derived),
        (_, None) => now,
    }
}

/// Groups that stand for a body of work, as an epic does.
fn is_epic_like(group: &str) -> bool {
    group.starts_with("milestone:") || group.starts_with("project:")
}

fn earliest(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => a.or(b),
    }
}

fn latest(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        _ => a.or(b),
    }
}

/// An epic, milestone or project seen in the export.
#[derive(Debug, Clone)]
pub struct Epic {
    pub selector: String,
    pub title: String,
}

/// Everything kept from an export read row by row: tallies by the keys and
/// groups that `tracker:` values may name, and by the parent of each child.
#[derive(Debug, Default)]
pub struct Collected {
    /// The item keys that `tracker:` values name: only their rows are
    /// tallied on their own, besides epics.
    wanted: HashSet<String>,
    own: HashMap<String, Tally>,
    children: HashMap<String, Tally>,
    /// Key by id, for the items whose children may name them by id.
    keys_by_id: HashMap<String, String>,
    pub epics: Vec<Epic>,
    pub rows: usize,
    pub latest_change: Option<Date>,
}

impl Collected {
    pub fn new(wanted: HashSet<String>) -> Collected {
        Collected {
            wanted,
            ..Collected::default()
        }
    }

    pub fn add(&mut self, item: WorkItem) {
        self.rows += 1;
        self.latest_change = latest(self.latest_change, item.updated);
        for group in &item.groups {
            if !self.own.contains_key(group) && is_epic_like(group) {
                let title = group
                    .split_once(':')
                    .map_or(group.as_str(), |(_, name)| name);
                self.epics.push(Epic {
                    selector: group.clone(),
                    title: title.to_owned(),
                });
            }
            self.own.entry(group.clone()).or_default().add(&item);
        }
        for parent in &item.parents {
            self.children.entry(parent.clone()).or_default().add(&item);
        }
        if !item.is_epic && !self.wanted.contains(&item.key) {
            return;
        }
        if let Some(id) = &item.id {
            self.keys_by_id.insert(id.clone(), item.key.clone());
        }
        if item.is_epic {
            self.epics.push(Epic {
                selector: item.key.clone(),
                title: item.title.clone(),
            });
        }
        self.own.entry(item.key.clone()).or_default().add(&item);
    }

    /// The tally of what `selector` names: a group's items, or an item
    /// with its children, however they name it. `None` when nothing matches.
    pub fn tally(&self, selector: &str) -> Option<Tally> {
        let mut tally = self.own.get(selector).cloned().unwrap_or_default();
        if let Some(children) = self.children.get(selector) {
            tally.merge(children);
        }
        let ids = self
            .keys_by_id
            .iter()
            .filter(|(_, key)| key.as_str() == selector)
            .map(|(id, _)| id);
        for id in ids {
            if let Some(children) = self.children.get(id) {
                tally.merge(children);
            }
        }
        (tally.items > 0).then_some(tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: State, estimate: Option<f64>) -> WorkItem {
        WorkItem {
            key: "A-1".into(),
            state: Some(state),
            estimate,
            ..WorkItem::default()
        }
    }

    #[test]
    fn progress_is_weighted_by_estimates_where_there_are_some() {
        let mut tally = Tally::default();
        tally.add(&item(State::Done, Some(8.0)));
        tally.add(&item(State::Started, Some(2.0)));
        assert_eq!(tally.progress(), 80);
        // Without an estimate an item weighs the average, 5.
        tally.add(&item(State::Done, None));
        assert_eq!(tally.progress(), 87);
        let mut plain = Tally::default();
        plain.add(&item(State::Done, None));
        plain.add(&item(State::NotStarted, None));
        plain.add(&item(State::NotStarted, None));
        assert_eq!(plain.progress(), 33);
    }

    #[test]
    fn status_is_done_blocked_or_in_progress_as_the_items_are() {
        let status = |states: &[State]| {
            let mut tally = Tally::default();
            for state in states {
                tally.add(&item(*state, None));
            }
            tally.status()
        };
        assert_eq!(status(&[State::Done, State::Done]), Some(Status::Done));
        assert_eq!(
            status(&[State::Done, State::Blocked]),
            Some(Status::Blocked)
        );
        assert_eq!(
            status(&[State::NotStarted, State::Started]),
            Some(Status::InProgress)
        );
        assert_eq!(status(&[State::NotStarted]), None);
        assert_eq!(
            next_status(Some(Status::AtRisk), Some(Status::InProgress)),
            Some(Status::AtRisk)
        );
        assert_eq!(
            next_status(Some(Status::Dropped), Some(Status::Done)),
            Some(Status::Dropped)
        );
    }

    #[test]
    fn children_count_under_their_parent_named_by_key_or_by_id() {
        let mut collected = Collected::new(HashSet::new());
        collected.add(WorkItem {
            key: "C-2".into(),
            parents: vec!["100".into()],
            state: Some(State::Done),
            ..WorkItem::default()
        });
        collected.add(WorkItem {
            key: "C-3".into(),
            parents: vec!["E-1".into()],
            ..WorkItem::default()
        });
        collected.add(WorkItem {
            key: "E-1".into(),
            id: Some("100".into()),
            is_epic: true,
            ..WorkItem::default()
        });
        let tally = collected.tally("E-1").unwrap();
        assert_eq!(tally.items, 3);
        assert!(collected.tally("E-9").is_none());
    }
}
