//! How each initiative's planned end moved over its history: the end it
//! was first given, and how often and how far it moved later. Moves
//! earlier are no slips, and take none back: a plan that slipped twice
//! and was then pulled in still slipped twice.
//!
//! Items are followed by id, like every derived change: a file moved or
//! renamed keeps its item, and an item deleted and added again keeps its
//! first planned end. Versions that could not be read, or that name no
//! end, say nothing of the end and are passed over.

use super::snapshot::{Key, Subject};
use super::Version;
use crate::types::{Audience, Quarter};
use std::collections::HashMap;

/// The planned ends of one initiative, as far as they are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slips {
    pub first_planned_end: Quarter,
    /// The end it was given last.
    pub latest_end: Quarter,
    /// How many times the end moved later.
    pub slips: u32,
    /// By how many quarters the end moved later, in all.
    pub slipped_quarters: u32,
}

impl Slips {
    /// Planned to end in `end`, so far.
    pub fn first(end: Quarter) -> Slips {
        Slips {
            first_planned_end: end,
            latest_end: end,
            slips: 0,
            slipped_quarters: 0,
        }
    }

    /// After the end was set to `end`.
    #[must_use]
    pub fn then(self, end: Quarter) -> Slips {
        let later = end.quarters_since(self.latest_end);
        let (slips, slipped_quarters) = match u32::try_from(later) {
            Ok(later) if later > 0 => (
                self.slips.saturating_add(1),
                self.slipped_quarters.saturating_add(later),
            ),
            _ => (self.slips, self.slipped_quarters),
        };
        Slips {
            latest_end: end,
            slips,
            slipped_quarters,
            ..self
        }
    }

    /// The record of `ends`, oldest first; `None` when there are none.
    pub fn of(ends: impl IntoIterator<Item = Quarter>) -> Option<Slips> {
        let mut ends = ends.into_iter();
        let first = Slips::first(ends.next()?);
        Some(ends.fold(first, Slips::then))
    }
}

/// Each initiative's record, as each audience may know it: the public
/// knows only the versions that were public, so that nothing of an item's
/// internal past is told.
#[derive(Debug, Default)]
pub struct PlannedEnds {
    pub(super) everything: HashMap<String, Slips>,
    pub(super) public: HashMap<String, Slips>,
}

impl PlannedEnds {
    /// What `audience` may know of the planned ends of initiative `id`.
    pub fn of(&self, id: &str, audience: Audience) -> Option<Slips> {
        match audience {
            Audience::Internal => self.everything.get(id),
            Audience::Public => self.public.get(id),
        }
        .copied()
    }
}

/// One version's planned end, and whether the public saw that version.
#[derive(Debug, Clone, Copy)]
struct End {
    quarter: Quarter,
    public: bool,
}

impl End {
    fn of(version: &Version) -> Option<End> {
        let snapshot = version.present()?;
        Some(End {
            quarter: snapshot.planned_end()?,
            public: snapshot.is_public(),
        })
    }
}

/// Collects planned ends while the history is walked, newest commit first.
#[derive(Debug, Default)]
pub struct EndRecorder {
    by_id: HashMap<String, Recorded>,
}

#[derive(Debug, Default)]
struct Recorded {
    /// The end each commit left, newest first.
    newest_first: Vec<End>,
    /// The end before the oldest commit read: where a history cut short
    /// (`since`, `max_commits`, a shallow clone) starts.
    before_oldest: Option<End>,
}

impl EndRecorder {
    /// Notes what one commit did to an item, going back in time.
    pub fn record(&mut self, key: &Key, old: &Version, new: &Version) {
        if key.subject != Subject::Initiative {
            return;
        }
        let recorded = self.by_id.entry(key.id.clone()).or_default();
        recorded.newest_first.extend(End::of(new));
        recorded.before_oldest = End::of(old);
    }

    pub fn finish(self) -> PlannedEnds {
        let mut ends = PlannedEnds::default();
        for (id, recorded) in self.by_id {
            let oldest_first: Vec<End> = recorded
                .before_oldest
                .into_iter()
                .chain(recorded.newest_first.into_iter().rev())
                .collect();
            let all = Slips::of(oldest_first.iter().map(|end| end.quarter));
            let public = Slips::of(
                oldest_first
                    .iter()
                    .filter(|end| end.public)
                    .map(|end| end.quarter),
            );
            if let Some(all) = all {
                ends.everything.insert(id.clone(), all);
            }
            if let Some(public) = public {
                ends.public.insert(id, public);
            }
        }
        ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::snapshot::Snapshot;
    use std::rc::Rc;

    fn q(text: &str) -> Quarter {
        text.parse().unwrap()
    }

    fn slips(ends: &[&str]) -> Option<(String, u32, u32)> {
        Slips::of(ends.iter().map(|e| q(e)))
            .map(|s| (s.first_planned_end.to_string(), s.slips, s.slipped_quarters))
    }

    fn record(first: &str, slips: u32, quarters: u32) -> Option<(String, u32, u32)> {
        Some((first.to_owned(), slips, quarters))
    }

    #[test]
    fn a_move_later_is_a_slip_by_as_many_quarters() {
        assert_eq!(slips(&["2027-Q1"]), record("2027-Q1", 0, 0));
        assert_eq!(slips(&["2027-Q1", "2027-Q2"]), record("2027-Q1", 1, 1));
        assert_eq!(
            slips(&["2027-Q1", "2027-Q2", "2028-Q1"]),
            record("2027-Q1", 2, 4)
        );
        assert_eq!(slips(&["2027-Q1", "2027-Q1"]), record("2027-Q1", 0, 0));
        assert_eq!(slips(&[]), None);
    }

    #[test]
    fn a_move_earlier_is_no_slip_and_takes_nothing_back() {
        assert_eq!(slips(&["2027-Q3", "2027-Q2"]), record("2027-Q3", 0, 0));
        assert_eq!(
            slips(&["2027-Q2", "2027-Q4", "2027-Q3", "2027-Q4"]),
            record("2027-Q2", 2, 3)
        );
    }

    fn version(front: &str) -> Version {
        let (_, snapshot) =
            Snapshot::parse("initiatives/x.md", &format!("---\n{front}\n---\n")).unwrap();
        Version::Present(Rc::new(snapshot))
    }

    #[test]
    fn the_public_knows_only_public_versions() {
        let key = Key {
            subject: Subject::Initiative,
            id: "x".to_owned(),
        };
        let internal = version("end: 2027-Q1");
        let internal_later = version("end: 2027-Q2");
        let public = version("end: 2027-Q2\nvisibility: public");
        let public_later = version("end: 2027-Q4\nvisibility: public");
        let mut recorder = EndRecorder::default();
        // Newest commit first, as the history is walked.
        recorder.record(&key, &public, &public_later);
        recorder.record(&key, &internal_later, &public);
        recorder.record(&key, &Version::Unreadable, &internal_later);
        recorder.record(&key, &internal, &Version::Unreadable);
        recorder.record(&key, &Version::Absent, &internal);
        let ends = recorder.finish();
        let told = |audience| {
            ends.of("x", audience)
                .map(|s| (s.first_planned_end.to_string(), s.slips, s.slipped_quarters))
        };
        assert_eq!(told(Audience::Internal), record("2027-Q1", 2, 3));
        assert_eq!(told(Audience::Public), record("2027-Q2", 1, 2));
        assert_eq!(ends.of("y", Audience::Internal), None);
    }

    #[test]
    fn a_history_cut_short_starts_from_the_version_before_it() {
        let key = Key {
            subject: Subject::Initiative,
            id: "x".to_owned(),
        };
        let mut recorder = EndRecorder::default();
        recorder.record(&key, &version("end: 2027-Q1"), &version("end: 2027-Q2"));
        let ends = recorder.finish().of("x", Audience::Internal).unwrap();
        assert_eq!((ends.first_planned_end, ends.slips), (q("2027-Q1"), 1));
    }
}
