//! The model built reusing an earlier build is the model built anew.

use super::*;
use crate::config::Config;
use crate::diagnostic::Report;
use crate::history::History;
use crate::load::{assemble, parse_text, schema_of, ParsedFile};
use crate::model::Roadmap;
use crate::testing::Random;
use crate::types::Audience;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
         quarter: \"{}-Q{}\"\nowner: Owner {n}\neffort: {}\nreviewed: \"{}\"\nvisibility: {}\n\
         changelog:\n  - date: \"2026-0{}-01\"\n    change: Moved\n    why: Because {n}\n---\n\
         Summary of {n}.\n",
        random.below(100),
        random.pick(&["planned", "in-progress", "done", "dropped", "blocked"]),
        goals.join(", "),
        depends_on.join(", "),
        // Work before today's quarter, 2026-Q4, is overdue unless settled.
        random.pick(&["2026", "2027"]),
        1 + random.below(4),
        // Engineering detail, which a public build withholds.
        1 + random.below(20),
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
    format!(
        "{:?}",
        (
            &model.goals,
            &model.initiatives,
            &model.changes,
            &model.over_capacity,
            &model.unestimated
        )
    )
}

#[test]
fn a_model_built_reusing_the_last_one_is_the_model_built_anew() {
    // Mostly one audience, the other now and then, as after a change of
    // roadmap.toml.
    for (usual, other) in [
        (Audience::Internal, Audience::Public),
        (Audience::Public, Audience::Internal),
    ] {
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
        let mut loaded_before: Option<Loaded> = None;
        let mut before = HashSet::default();
        for step in 0..300 {
            // Several at once, as while the roadmap is broken.
            for _ in 0..=random.below(3) {
                edit(&mut files, &mut random);
            }
            let audience = if random.below(8) == 0 { other } else { usual };
            let loaded = files.loaded(audience);
            // As serve does: the judgement of health carries over when the
            // edits change nothing it reads.
            if let Some(before) = &loaded_before {
                loaded.take_health_of(before, today);
            }
            let now = documents(&loaded);
            let changed: HashSet<(Subject, String)> =
                resolved.changed(&loaded).into_iter().collect();
            let edited = before.symmetric_difference(&now);
            let expected: HashSet<(Subject, String)> = edited
                .map(|(subject, id, _)| (*subject, id.clone()))
                .collect();
            let missing: Vec<_> = expected.difference(&changed).collect();
            assert!(
                missing.is_empty(),
                "step {step}: {missing:?} changed unseen"
            );
            before = now;
            let fresh = Roadmap::build(loaded.clone(), today, &History::default());
            let (reused, next) =
                Roadmap::build_reusing(&loaded, today, &History::default(), &resolved);
            resolved = next;
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
            loaded_before = Some(loaded);
        }
    }
}
