//! What one validation hands on to the next, so that `serve` checks again
//! only what an edit can have changed: the map of initiative ids, each
//! initiative's own findings, whether the dependencies had no cycle, and
//! the goals no initiative served.
//!
//! They are taken over only on the same day, with the same ids at the same
//! positions, and where the documents they were found in are the very same
//! (`Arc`s kept here, so that their addresses stay their own). The
//! configuration is the caller's to keep: `serve` starts from nothing when
//! roadmap.toml changes.

use super::{Ids, Initiative};
use crate::diagnostic::Diagnostic;
use crate::frontmatter::{GoalFrontMatter, Identified};
use crate::health::Health;
use crate::load::{Document, Loaded};
use crate::types::Day;
use std::collections::HashSet as StdHashSet;
use std::sync::Arc;

#[derive(Default)]
pub struct Checked {
    today: Option<Day>,
    goals: Vec<Arc<Document<GoalFrontMatter>>>,
    initiatives: Vec<Arc<Initiative>>,
    broken: (StdHashSet<String>, StdHashSet<String>),
    ids: Option<Arc<Ids>>,
    /// What each initiative's own checks found, by position.
    found: Vec<Arc<[Diagnostic]>>,
    acyclic: bool,
    /// The goals no initiative serves.
    unserved: Arc<[Diagnostic]>,
    /// The judgement of health, and its warnings.
    health: Option<(Arc<Health>, Arc<[Diagnostic]>)>,
}

/// What a validation may take over from the last.
pub(super) struct Kept<'c> {
    pub ids: Arc<Ids>,
    earlier: &'c Checked,
    /// Whether each initiative is the very document it was.
    same: Vec<bool>,
    /// The ids of those that are not: ids are unique and where they were.
    changed_ids: foldhash::HashSet<&'c str>,
    /// Whether every initiative that changed names the same prerequisites.
    same_dependencies: bool,
    /// Whether every goal is the very document it was, and every
    /// initiative that changed names the same goals, as readably.
    same_goals_served: bool,
    now: &'c [Arc<Initiative>],
}

impl Checked {
    pub(super) fn new(
        loaded: &Loaded,
        today: Day,
        ids: Arc<Ids>,
        found: Vec<Arc<[Diagnostic]>>,
        (acyclic, unserved): (bool, Arc<[Diagnostic]>),
    ) -> Checked {
        Checked {
            today: Some(today),
            goals: loaded.goals.clone(),
            initiatives: loaded.initiatives.clone(),
            broken: (
                loaded.broken_goal_ids.clone(),
                loaded.broken_initiative_ids.clone(),
            ),
            ids: Some(ids),
            found,
            acyclic,
            unserved,
            health: None,
        }
    }

    pub(super) fn keep_health_warnings(
        &mut self,
        health: Arc<Health>,
        warnings: Arc<[Diagnostic]>,
    ) {
        self.health = Some((health, warnings));
    }

    /// The warnings of the very judgement `health`, when none of them
    /// points into a file that changed: their places would have moved.
    pub(super) fn health_warnings(
        &self,
        health: &Arc<Health>,
        loaded: &Loaded,
    ) -> Option<Arc<[Diagnostic]>> {
        let (judged, warnings) = self.health.as_ref()?;
        let same_lengths = self.goals.len() == loaded.goals.len()
            && self.initiatives.len() == loaded.initiatives.len();
        if !Arc::ptr_eq(judged, health) || !same_lengths {
            return None;
        }
        let changed: StdHashSet<&str> = changed_files(&self.goals, &loaded.goals)
            .chain(changed_files(&self.initiatives, &loaded.initiatives))
            .collect();
        let untouched = warnings.iter().all(|warning| {
            let files =
                std::iter::once(&warning.file).chain(warning.related.iter().map(|r| &r.file));
            files
                .into_iter()
                .all(|file| !changed.contains(file.name.as_str()))
        });
        untouched.then(|| Arc::clone(warnings))
    }

    /// What holds for `loaded` on `today`: nothing unless every goal and
    /// initiative id is where it was, and no id had a problem.
    pub(super) fn kept<'c>(&'c self, loaded: &'c Loaded, today: Day) -> Option<Kept<'c>> {
        let ids = self.ids.as_ref().filter(|ids| !ids.problems)?;
        let same_ids = self.today == Some(today)
            && self.broken.0 == loaded.broken_goal_ids
            && self.broken.1 == loaded.broken_initiative_ids
            && same_ids(&self.goals, &loaded.goals)
            && same_ids(&self.initiatives, &loaded.initiatives);
        if !same_ids {
            return None;
        }
        let same: Vec<bool> = self
            .initiatives
            .iter()
            .zip(&loaded.initiatives)
            .map(|(before, now)| Arc::ptr_eq(before, now))
            .collect();
        let same_dependencies = same
            .iter()
            .zip(self.initiatives.iter().zip(&loaded.initiatives))
            .all(|(&same, (before, now))| same || before.front.depends_on == now.front.depends_on);
        let same_goals_served = self
            .goals
            .iter()
            .zip(&loaded.goals)
            .all(|(before, now)| Arc::ptr_eq(before, now))
            && same
                .iter()
                .zip(self.initiatives.iter().zip(&loaded.initiatives))
                .all(|(&same, (before, now))| {
                    same || (before.front.goals == now.front.goals
                        && before.was_rejected("goals") == now.was_rejected("goals"))
                });
        let changed_ids = same
            .iter()
            .zip(&loaded.initiatives)
            .filter(|(same, _)| !**same)
            .map(|(_, now)| now.id())
            .collect();
        Some(Kept {
            ids: Arc::clone(ids),
            earlier: self,
            same,
            changed_ids,
            same_dependencies,
            same_goals_served,
            now: &loaded.initiatives,
        })
    }
}

impl Kept<'_> {
    /// What the initiative at `at` was found to have, when it and every
    /// prerequisite it names are the very documents they were: its checks
    /// read those and the ids alone.
    pub(super) fn found(&self, at: usize) -> Option<Arc<[Diagnostic]>> {
        if !self.same[at] {
            return None;
        }
        let mut prerequisites = self.now[at].front.depends_on.iter();
        let unchanged = prerequisites.all(|id| !self.changed_ids.contains(id.as_str()));
        unchanged.then(|| Arc::clone(&self.earlier.found[at]))
    }

    /// The goals that no initiative served, when they are still the same
    /// goals and no initiative that changed serves others.
    pub(super) fn still_unserved(&self) -> Option<Arc<[Diagnostic]>> {
        self.same_goals_served
            .then(|| Arc::clone(&self.earlier.unserved))
    }

    /// Whether the dependencies, which had no cycle, still have none: no
    /// initiative that changed names other prerequisites.
    pub(super) fn still_acyclic(&self) -> bool {
        self.earlier.acyclic && self.same_dependencies
    }
}

/// The names of the files whose documents differ between `before` and
/// `now`, position by position.
fn changed_files<'a, T>(
    before: &'a [Arc<Document<T>>],
    now: &'a [Arc<Document<T>>],
) -> impl Iterator<Item = &'a str> {
    before
        .iter()
        .zip(now)
        .filter(|(before, now)| !Arc::ptr_eq(before, now))
        .flat_map(|(before, now)| [before.file.name.as_str(), now.file.name.as_str()])
}

/// Whether `now` has the documents of `before`, or ones of the same ids,
/// at the same positions.
fn same_ids<T: Identified>(before: &[Arc<Document<T>>], now: &[Arc<Document<T>>]) -> bool {
    before.len() == now.len()
        && before
            .iter()
            .zip(now)
            .all(|(before, now)| Arc::ptr_eq(before, now) || before.id() == now.id())
}

#[cfg(test)]
mod tests {
    use super::super::{validate, validate_reusing};
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::Report;
    use crate::frontmatter::InitiativeFrontMatter;
    use crate::load::{assemble, parse_text, schema_of, ParsedFile};
    use crate::testing::Random;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// An initiative file, sometimes with a problem only other files can
    /// tell: an unknown or cyclic prerequisite, one that is dropped, an
    /// unknown goal, an id another file has.
    fn initiative(random: &mut Random, n: usize) -> String {
        let depends_on: Vec<String> = (0..random.below(3))
            .map(|_| format!("i{}", random.below(12)))
            .collect();
        let status = ["planned", "in-progress", "dropped", "done"][random.below(4)];
        let id = if random.below(10) == 0 {
            format!("id: i{}\n", random.below(10))
        } else {
            String::new()
        };
        format!(
            "---\n{id}title: Work {n}\nstatus: {status}\ngoals: [g{}]\ndepends_on: [{}]\n\
             quarter: \"2027-Q{}\"\nreviewed: \"{}\"\n---\nWhy.\n",
            random.below(3),
            depends_on.join(", "),
            1 + random.below(4),
            ["2026-11-01", "2025-01-01"][random.below(2)],
        )
    }

    /// Each diagnostic as text, in order.
    fn said(diagnostics: &[Diagnostic]) -> Vec<String> {
        let mut report = Report {
            diagnostics: diagnostics.to_vec(),
        };
        report.sort();
        let each = report.diagnostics.iter();
        each.map(|d| {
            format!(
                "{} {} {:?} {} {:?}",
                d.file.name, d.span.offset, d.code, d.message, d.help
            )
        })
        .collect()
    }

    #[test]
    fn validation_taking_over_the_last_finds_what_validation_anew_finds() {
        let today: Day = "2026-11-21".parse().unwrap();
        let mut random = Random(0x0c4e_c4ed_2026_1201);
        let goal = |n: usize| {
            let name = format!("content/goals/g{n}.md");
            let text = format!("---\ntitle: Goal {n}\n---\n");
            let parsed = parse_text(&name, &text, &schema_of::<GoalFrontMatter>());
            ParsedFile {
                path: name.into(),
                parsed,
            }
        };
        // Two goals: references to g2 are unknown.
        let goals = [goal(0), goal(1)];
        let mut files: BTreeMap<PathBuf, ParsedFile<InitiativeFrontMatter>> = BTreeMap::new();
        let write = |files: &mut BTreeMap<_, _>, n: usize, text: &str| {
            let name = format!("content/initiatives/i{n}.md");
            let parsed = parse_text(&name, text, &schema_of::<InitiativeFrontMatter>());
            files.insert(
                PathBuf::from(&name),
                ParsedFile {
                    path: name.into(),
                    parsed,
                },
            );
        };
        for n in 0..12 {
            let text = initiative(&mut random, n);
            write(&mut files, n, &text);
        }
        let mut checked = Checked::default();
        let mut texts: BTreeMap<usize, String> = BTreeMap::new();
        let mut loaded_before: Option<Loaded> = None;
        for step in 0..300 {
            let n = random.below(12);
            match random.below(6) {
                0 => {
                    files.remove(Path::new(&format!("content/initiatives/i{n}.md")));
                    texts.remove(&n);
                }
                // A line more at the top of a file moves every place in it
                // and changes nothing the rules read.
                1 | 2 if texts.contains_key(&n) => {
                    let text = texts[&n].replacen("---\n", "---\n# moved\n", 1);
                    write(&mut files, n, &text);
                    texts.insert(n, text);
                }
                _ => {
                    let text = initiative(&mut random, n);
                    write(&mut files, n, &text);
                    texts.insert(n, text);
                }
            }
            let loaded = assemble(
                Path::new("."),
                Config::default(),
                &mut Report::default(),
                goals.iter().cloned(),
                files.values().cloned(),
            );
            // As serve does: the judgement of health carries over.
            if let Some(before) = &loaded_before {
                loaded.take_health_of(before, today);
            }
            let (found, next) = validate_reusing(&loaded, today, &checked);
            assert_eq!(
                said(&found),
                said(&validate(&loaded.clone(), today)),
                "step {step}"
            );
            checked = next;
            loaded_before = Some(loaded);
        }
    }
}
