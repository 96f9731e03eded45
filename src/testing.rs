//! Roadmaps for unit tests: the valid fixture, as it is or edited.

use crate::model::{Initiative, Roadmap};
use crate::types::InitiativeId;
use std::fs;
use std::path::{Path, PathBuf};

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid")
}

fn build(root: &Path) -> Roadmap {
    let (loaded, report) = crate::load::load(root).unwrap();
    assert!(!report.has_errors(), "{}", report.to_human(false));
    Roadmap::build(
        loaded,
        "2026-11-21".parse().unwrap(),
        &crate::history::History::default(),
    )
}

/// The fixture of three initiatives in two teams' folders, on 2026-11-21.
pub(crate) fn fixture() -> Roadmap {
    build(&fixture_root())
}

/// The fixture with each `(file, from, to)` replacement applied once;
/// files are named relative to `content/initiatives`.
pub(crate) fn edited_fixture(edits: &[(&str, &str, &str)]) -> Roadmap {
    moved_fixture(edits, &[])
}

/// The fixture edited as `edited_fixture` does, then with each `(from,
/// to)` file moved, both named relative to `content/initiatives`.
pub(crate) fn moved_fixture(edits: &[(&str, &str, &str)], moves: &[(&str, &str)]) -> Roadmap {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_root();
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    for (file, from, to) in edits {
        let path = dir.path().join("content/initiatives").join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let initiatives = dir.path().join("content/initiatives");
    for (from, to) in moves {
        fs::rename(initiatives.join(from), initiatives.join(to)).unwrap();
    }
    build(dir.path())
}

pub(crate) fn all(roadmap: &Roadmap) -> Vec<&Initiative> {
    roadmap.initiatives.iter().collect()
}

pub(crate) fn id(text: &str) -> InitiativeId {
    text.parse().unwrap()
}

/// A roadmap of goals and initiatives given as `(file name, text)`, below
/// `content/goals` and `content/initiatives`, on 2026-11-21.
pub(crate) fn roadmap_of(goals: &[(String, String)], initiatives: &[(String, String)]) -> Roadmap {
    use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
    use crate::load::{parse_text, schema_of, ParsedFile};
    fn parsed<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
        folder: &str,
        (name, text): &(String, String),
    ) -> ParsedFile<T> {
        let name = format!("content/{folder}/{name}");
        let parsed = parse_text(&name, text, &schema_of::<T>());
        ParsedFile {
            path: name.into(),
            parsed,
        }
    }
    let mut report = crate::diagnostic::Report::default();
    let loaded = crate::load::assemble(
        Path::new("."),
        crate::config::Config::default(),
        &mut report,
        goals
            .iter()
            .map(|file| parsed::<GoalFrontMatter>("goals", file)),
        initiatives
            .iter()
            .map(|file| parsed::<InitiativeFrontMatter>("initiatives", file)),
    );
    let today = "2026-11-21".parse().unwrap();
    report.extend(crate::validate::validate(&loaded, today));
    assert!(!report.has_errors(), "{}", report.to_human(false));
    Roadmap::build(loaded, today, &crate::history::History::default())
}

/// The example roadmap this repository ships (`roadmap.toml` and
/// `content/`), on 2026-11-21.
pub(crate) fn example() -> Roadmap {
    build(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// A deterministic roadmap of `count` initiatives in ten teams, scheduled
/// over four years around 2026-11-21, with titles of two to twelve words
/// and up to three prerequisites among the sixty before each, whatever
/// their schedules: the worst case for a chart's geometry. Each has an
/// effort, a cost and an impact, for the capacity chart and the matrix.
pub(crate) fn generated(count: usize) -> Roadmap {
    const WORDS: [&str; 12] = [
        "migrate",
        "service",
        "latency",
        "cache",
        "queue",
        "schema",
        "replica",
        "gateway",
        "pipeline",
        "observability",
        "encryption",
        "analytical",
    ];
    const STATUSES: [&str; 7] = [
        "proposed",
        "planned",
        "in-progress",
        "at-risk",
        "blocked",
        "done",
        "dropped",
    ];
    let dir = tempfile::tempdir().unwrap();
    let goals = dir.path().join("content/goals");
    fs::create_dir_all(&goals).unwrap();
    fs::write(goals.join("speed.md"), "---\ntitle: Speed\n---\n").unwrap();
    // A fixed linear congruential sequence: the same roadmap on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % below
    };
    for i in 0..count {
        let title: Vec<&str> = (0..2 + next(11))
            .map(|_| WORDS[next(WORDS.len())])
            .collect();
        let start = next(16);
        let (start_year, start_q) = (2025 + start / 4, start % 4 + 1);
        let end = (start + next(4)).min(15);
        let (end_year, end_q) = (2025 + end / 4, end % 4 + 1);
        let prerequisites: Vec<String> = (0..next(4))
            .filter(|_| i > 0)
            .map(|_| format!("i{:05}", i - 1 - next(i.min(60))))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let team = i % 10;
        let folder = dir.path().join(format!("content/initiatives/team{team}"));
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(format!("i{i:05}.md")),
            format!(
                "---\ntitle: {}\nstatus: {}\ngoals: [speed]\nteam: Team {team}\n\
                 depends_on: [{}]\nstart: \"{start_year}-Q{start_q}\"\n\
                 end: \"{end_year}-Q{end_q}\"\n\
                 effort: {}\ncost: {}\nimpact: {}\n---\nWork {i}.\n",
                title.join(" "),
                STATUSES[next(STATUSES.len())],
                prerequisites.join(", "),
                // From the number alone, so that the sequence above, and
                // with it every schedule, stays as it was.
                1 + i * 7 % 13,
                1 + i % 5,
                1 + i * 3 % 5,
            ),
        )
        .unwrap();
    }
    build(dir.path())
}

/// xorshift64*: the same sequence of random edits on every run, so that a
/// failure can be replayed.
pub(crate) struct Random(pub(crate) u64);

impl Random {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
