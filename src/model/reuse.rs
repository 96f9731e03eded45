//! What one build of the model can hand on to the next, so that `serve`
//! resolves only the documents that changed: the resolved initiatives,
//! shared between the models that show them rather than copied.
//!
//! An initiative is reused only for the very document it was resolved from
//! (the same `Arc`, kept alive here, so that its address cannot be taken by
//! another), and only on the same day. What it shows of other items is
//! worked out again on every build, and an initiative whose links differ
//! is copied before it changes: the model it came from stays as it was.

use super::Initiative;
use crate::frontmatter::{GoalFrontMatter, Identified, InitiativeFrontMatter};
use crate::history::Subject;
use crate::load::{Document, Loaded};
use crate::types::Day;
use serde::{Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A list of items that several models may share.
#[derive(Debug)]
pub struct Items<T>(Vec<Arc<T>>);

impl<T> Items<T> {
    pub(super) fn new(items: Vec<Arc<T>>) -> Items<T> {
        Items(items)
    }

    pub fn iter(&self) -> std::iter::Map<std::slice::Iter<'_, Arc<T>>, fn(&Arc<T>) -> &T> {
        self.0.iter().map(Arc::as_ref)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> std::ops::Index<usize> for Items<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.0[index]
    }
}

impl<'a, T> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Arc<T>>, fn(&Arc<T>) -> &T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for Items<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

type InitiativeDocument = Document<InitiativeFrontMatter>;

/// The documents the latest build was made from, and the initiatives it
/// resolved from them. Empty for a one-off build, which then resolves
/// every document.
#[derive(Default)]
pub struct Resolved {
    today: Option<Day>,
    /// Keyed by the document's address; the document is kept so that the
    /// address stays its own.
    initiatives: HashMap<usize, (Arc<InitiativeDocument>, Arc<Initiative>)>,
    goals: HashMap<usize, Arc<Document<GoalFrontMatter>>>,
}

fn address<T>(document: &Arc<Document<T>>) -> usize {
    Arc::as_ptr(document) as usize
}

impl Resolved {
    /// The initiative resolved from `document` on `today` by an earlier
    /// build, if there was one.
    pub(super) fn get(
        &self,
        document: &Arc<InitiativeDocument>,
        today: Day,
    ) -> Option<Arc<Initiative>> {
        if self.today != Some(today) {
            return None;
        }
        let (_, initiative) = self.initiatives.get(&address(document))?;
        Some(Arc::clone(initiative))
    }

    /// Forgets everything, so that the build in progress owns its
    /// initiatives and can change those only it holds without a copy.
    pub(super) fn clear(&mut self) {
        self.initiatives.clear();
    }

    /// Keeps the documents and initiatives of the build just made, for the
    /// next.
    pub(super) fn keep<'a>(
        &mut self,
        today: Day,
        goals: &[Arc<Document<GoalFrontMatter>>],
        initiatives: impl IntoIterator<Item = (&'a Arc<InitiativeDocument>, Arc<Initiative>)>,
    ) {
        self.today = Some(today);
        self.goals = goals
            .iter()
            .map(|document| (address(document), Arc::clone(document)))
            .collect();
        self.initiatives = initiatives
            .into_iter()
            .map(|(document, initiative)| (address(document), (Arc::clone(document), initiative)))
            .collect();
    }

    /// The items whose documents differ between the latest build and
    /// `loaded`, by the ids they had and have: new, changed and removed
    /// files, however many changes came between the two.
    pub fn changed(&self, loaded: &Loaded) -> Vec<(Subject, String)> {
        let mut changed = Vec::new();
        let goals = (Subject::Goal, &self.goals);
        differences(goals, |document| document, &loaded.goals, &mut changed);
        let initiatives = (Subject::Initiative, &self.initiatives);
        differences(
            initiatives,
            |(document, _)| document,
            &loaded.initiatives,
            &mut changed,
        );
        changed
    }
}

/// Notes in `out` the ids of the documents that are only `before`, by
/// address, or only `now`.
fn differences<T: Identified, V>(
    (subject, before): (Subject, &HashMap<usize, V>),
    document_of: impl Fn(&V) -> &Arc<Document<T>>,
    now: &[Arc<Document<T>>],
    out: &mut Vec<(Subject, String)>,
) {
    let mut kept = 0;
    for document in now {
        if before.contains_key(&address(document)) {
            kept += 1;
        } else {
            out.push((subject, document.id().to_owned()));
        }
    }
    if kept < before.len() {
        let now: HashSet<usize> = now.iter().map(address).collect();
        let gone = before.iter().filter(|(at, _)| !now.contains(at));
        out.extend(gone.map(|(_, value)| (subject, document_of(value).id().to_owned())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::diagnostic::Report;
    use crate::load::{assemble, parse_text, schema_of, ParsedFile};
    use crate::model::Roadmap;
    use crate::types::Audience;
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    /// xorshift64*: the same sequence of edits on every run.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// A roadmap's files as text, each parsed once and kept until it
    /// changes, as `serve` keeps them.
    #[derive(Default)]
    struct Files {
        goals: BTreeMap<PathBuf, ParsedFile<GoalFrontMatter>>,
        initiatives: BTreeMap<PathBuf, ParsedFile<InitiativeFrontMatter>>,
    }

    impl Files {
        fn write(&mut self, name: &str, text: &str) {
            let path = PathBuf::from(name);
            if name.contains("/goals/") {
                let parsed = parse_text(name, text, &schema_of::<GoalFrontMatter>());
                self.goals.insert(path.clone(), ParsedFile { path, parsed });
            } else {
                let parsed = parse_text(name, text, &schema_of::<InitiativeFrontMatter>());
                self.initiatives
                    .insert(path.clone(), ParsedFile { path, parsed });
            }
        }

        fn loaded(&self, audience: Audience) -> Loaded {
            let mut config = Config::default();
            config.build.audience = audience;
            assemble(
                Path::new("."),
                config,
                &mut Report::default(),
                self.goals.values().cloned(),
                self.initiatives.values().cloned(),
            )
        }
    }

    fn visibility(random: &mut Random) -> &'static str {
        random.pick(&["public", "internal"])
    }

    fn goal(random: &mut Random, n: usize) -> String {
        format!(
            "---\ntitle: Goal {n} {}\nvisibility: {}\n---\nWhy.\n",
            random.below(100),
            visibility(random)
        )
    }

    fn initiative(random: &mut Random, n: usize) -> String {
        let goals: Vec<String> = (0..random.below(3))
            .map(|_| format!("g{}", random.below(4)))
            .collect();
        let depends_on: Vec<String> = (0..random.below(3))
            .map(|_| format!("i{}", random.below(10)))
            .collect();
        format!(
            "---\ntitle: Work {n} {}\nstatus: {}\ngoals: [{}]\ndepends_on: [{}]\n\
             quarter: \"2027-Q{}\"\nreviewed: \"{}\"\nvisibility: {}\n\
             changelog:\n  - date: \"2026-0{}-01\"\n    change: Moved\n    why: Because {n}\n---\n\
             Summary of {n}.\n",
            random.below(100),
            random.pick(&["planned", "in-progress", "done", "dropped", "blocked"]),
            goals.join(", "),
            depends_on.join(", "),
            1 + random.below(4),
            random.pick(&["2026-11-01", "2025-01-01"]),
            visibility(random),
            1 + random.below(9),
        )
    }

    /// Adds, rewrites or removes one file.
    fn edit(files: &mut Files, random: &mut Random) {
        if random.below(4) == 0 {
            let n = random.below(4);
            files.write(&format!("content/goals/g{n}.md"), &goal(random, n));
            return;
        }
        let n = random.below(10);
        let name = format!("content/initiatives/i{n}.md");
        if random.below(5) == 0 {
            files.initiatives.remove(Path::new(&name));
        } else {
            files.write(&name, &initiative(random, n));
        }
    }

    /// Each item's id, and the address of the document it is read from.
    fn documents(loaded: &Loaded) -> HashSet<(Subject, String, usize)> {
        let goals = loaded
            .goals
            .iter()
            .map(|document| (Subject::Goal, document.id(), address(document)));
        let initiatives = loaded
            .initiatives
            .iter()
            .map(|document| (Subject::Initiative, document.id(), address(document)));
        goals
            .chain(initiatives)
            .map(|(subject, id, at)| (subject, id.to_owned(), at))
            .collect()
    }

    /// Everything a model says, in a form that compares.
    fn facts(model: &Roadmap) -> String {
        format!("{:?}", (&model.goals, &model.initiatives, &model.changes))
    }

    #[test]
    fn a_model_built_reusing_the_last_one_is_the_model_built_anew() {
        for audience in [Audience::Internal, Audience::Public] {
            let mut random = Random(0x5eed_2026_1202);
            let mut files = Files::default();
            for n in 0..4 {
                files.write(&format!("content/goals/g{n}.md"), &goal(&mut random, n));
            }
            for n in 0..10 {
                let text = initiative(&mut random, n);
                files.write(&format!("content/initiatives/i{n}.md"), &text);
            }
            let today: Day = "2026-11-21".parse().unwrap();
            let mut resolved = Resolved::default();
            let mut previous: Option<(Roadmap, String)> = None;
            let mut before = HashSet::new();
            for step in 0..300 {
                // Several at once, as while the roadmap is broken.
                for _ in 0..=random.below(3) {
                    edit(&mut files, &mut random);
                }
                let loaded = files.loaded(audience);
                let now = documents(&loaded);
                let changed: HashSet<(Subject, String)> =
                    resolved.changed(&loaded).into_iter().collect();
                let edited = before.symmetric_difference(&now);
                let expected: HashSet<(Subject, String)> = edited
                    .map(|(subject, id, _)| (*subject, id.clone()))
                    .collect();
                assert_eq!(changed, expected, "step {step}");
                before = now;
                let fresh = Roadmap::build(loaded.clone(), today, &[]);
                let reused = Roadmap::build_reusing(loaded, today, &[], &mut resolved);
                assert_eq!(facts(&reused), facts(&fresh), "step {step}, {audience:?}");
                for initiative in &fresh.initiatives {
                    assert!(reused.initiative(&initiative.id).is_some());
                }
                // What the last model shared with this one stayed as it was.
                if let Some((model, facts_then)) = previous {
                    assert_eq!(
                        facts(&model),
                        facts_then,
                        "step {step}: the last model changed"
                    );
                }
                let facts_now = facts(&reused);
                previous = Some((reused, facts_now));
            }
        }
    }
}
