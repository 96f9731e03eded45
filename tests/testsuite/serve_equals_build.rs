//! `serve` and `build` are one pipeline: after any sequence of edits,
//! additions, deletions, moves and breakages, every page `serve` answers
//! with is the page a fresh `waymark build` of the same files writes, byte
//! for byte, apart from the live-reload script and the overlay it injects.

use crate::common::server::Server;
use crate::common::{self, fixture, site, Roadmap, DEADLINE};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

const STEPS: usize = 60;

/// A small deterministic generator: the sequence is the same on every run,
/// so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The files of a built site, by path.
type Site = BTreeMap<String, Vec<u8>>;

/// `waymark build` of the roadmap as it is now: the site, or `None` when
/// the roadmap has errors.
fn fresh_build(roadmap: &Path) -> Option<Site> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = common::build(roadmap, &out, &["--base-url", "/", "--quiet"]);
    if !output.status.success() {
        assert_eq!(output.status.code(), Some(1), "build failed oddly");
        return None;
    }
    let files = site::files(&out).into_iter();
    Some(files.filter(|(name, _)| !name.starts_with('.')).collect())
}

/// Why a served file is not the built one, if it is not: serve may only
/// add the reload script, and the overlay when `broken`, before `</body>`.
fn difference(path: &str, built: &[u8], served: &[u8], broken: bool) -> Option<String> {
    if !path.ends_with(".html") {
        return (built != served).then(|| format!("{path} differs"));
    }
    let at = built
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(built.len());
    let (before, after) = built.split_at(at);
    let wrapped =
        served.len() >= built.len() && served.starts_with(before) && served.ends_with(after);
    if !wrapped {
        return Some(format!("{path} differs beyond what serve injects"));
    }
    let injected = String::from_utf8_lossy(&served[at..served.len() - after.len()]);
    if !injected.contains("EventSource") {
        return Some(format!("{path} has no reload script"));
    }
    if injected.contains("waymark-overlay") != broken {
        return Some(format!("{path}: overlay shown {}", !broken));
    }
    None
}

/// The first way serve differs from `expected`, or `None` when every
/// page matches and every page of `gone` is missing.
fn mismatch(
    serve: &Server,
    expected: &Site,
    gone: &BTreeSet<String>,
    broken: bool,
) -> Option<String> {
    for (path, built) in expected {
        let (status, served) = serve.get_bytes(&format!("/{path}"));
        let status_ok = status == 200 || (path == "404.html" && status == 404);
        if !status_ok {
            return Some(format!("{path} answered {status}"));
        }
        if let Some(why) = difference(path, built, &served, broken) {
            return Some(why);
        }
    }
    gone.iter()
        .find(|path| serve.get_bytes(&format!("/{path}")).0 != 404)
        .map(|path| format!("{path} is still served"))
}

/// The edits a writer makes, on a copy of the site fixture.
struct Writer<'r> {
    roadmap: &'r Roadmap,
    random: Random,
    /// Initiatives this test added, by path below the roadmap folder.
    added: Vec<String>,
    next: usize,
    /// A file broken on purpose, and its good text.
    broken: Option<(String, String)>,
}

const TEAMS: [&str; 4] = ["data", "platform", "web", "growth"];
const FIXTURE_INITIATIVES: [&str; 4] = [
    "content/initiatives/data/database.md",
    "content/initiatives/platform/cloud.md",
    "content/initiatives/web/ci-speedup.md",
    "content/initiatives/web/frontend.md",
];

impl Writer<'_> {
    /// Makes one change and says which.
    fn step(&mut self) -> String {
        if let Some((path, good)) = self.broken.take() {
            self.roadmap.write(&path, &good);
            return format!("fixed {path}");
        }
        match self.random.below(10) {
            0..=2 => self.add(),
            3 if !self.added.is_empty() => self.delete(),
            4 if !self.added.is_empty() => self.move_between_teams(),
            5 => self.break_a_file(),
            6 => self.retitle_goal(),
            7 if self.random.below(3) == 0 => self.retitle_roadmap(),
            _ => self.edit_initiative(),
        }
    }

    fn add(&mut self) -> String {
        self.next += 1;
        let n = self.next;
        let team = *self.random.pick(&TEAMS);
        let path = format!("content/initiatives/{team}/added-{n}.md");
        let goal = self.random.pick(&["speed", "scale"]);
        // After the database work, so that depending on it is in order;
        // depending on earlier added work makes chains along which risk
        // travels, and sometimes schedule conflicts.
        let quarter = self.random.pick(&["2027-Q3", "2027-Q4", "2028-Q1"]);
        let depends = match (self.random.below(3), self.added.last()) {
            (0, _) => "[]".to_owned(),
            (1, Some(earlier)) => format!("[{}]", id_of(earlier)),
            _ => "[database]".to_owned(),
        };
        let text = format!(
            "---\ntitle: Added work {n}\nstatus: planned\ngoals: [{goal}]\n\
             depends_on: {depends}\nquarter: \"{quarter}\"\neffort: {}\n---\n\
             Summary of added work {n}.\n",
            1 + self.random.below(5)
        );
        self.roadmap.write(&path, &text);
        self.added.push(path.clone());
        format!("added {path}")
    }

    /// Deletes added work that nothing depends on: deleting a prerequisite
    /// is an error that would stay for the rest of the run.
    fn delete(&mut self) -> String {
        let unneeded: Vec<usize> = (0..self.added.len())
            .filter(|&i| {
                let needed = format!("[{}]", id_of(&self.added[i]));
                self.added
                    .iter()
                    .all(|other| !self.roadmap.read(other).contains(&needed))
            })
            .collect();
        let Some(&index) = unneeded.get(self.random.below(unneeded.len().max(1))) else {
            return self.edit_initiative();
        };
        let path = self.added.swap_remove(index);
        self.roadmap.remove(&path);
        format!("deleted {path}")
    }

    fn move_between_teams(&mut self) -> String {
        let index = self.random.below(self.added.len());
        let from = self.added[index].clone();
        let name = from.rsplit('/').next().unwrap().to_owned();
        let team = *self.random.pick(&TEAMS);
        let to = format!("content/initiatives/{team}/{name}");
        if to == from {
            return self.edit_initiative();
        }
        let root = self.roadmap.path();
        std::fs::create_dir_all(root.join(&to).parent().unwrap()).unwrap();
        std::fs::rename(root.join(&from), root.join(&to)).unwrap();
        self.added[index] = to.clone();
        format!("moved {from} to {to}")
    }

    fn break_a_file(&mut self) -> String {
        let mut candidates: Vec<String> =
            FIXTURE_INITIATIVES.iter().map(|s| s.to_string()).collect();
        candidates.extend(self.added.iter().cloned());
        let path = self.random.pick(&candidates).clone();
        let good = self.roadmap.read(&path);
        self.roadmap
            .write(&path, "---\ntitle: [unclosed\n---\nBroken.\n");
        self.broken = Some((path.clone(), good));
        format!("broke {path}")
    }

    fn retitle_goal(&mut self) -> String {
        let path = format!("content/goals/{}.md", self.random.pick(&["speed", "scale"]));
        let text = self.roadmap.read(&path);
        let (first, rest) = text.split_once("title: ").unwrap();
        let (_, rest) = rest.split_once('\n').unwrap();
        self.next += 1;
        let title = format!("Goal retitled {}", self.next);
        self.roadmap
            .write(&path, &format!("{first}title: {title}\n{rest}"));
        format!("retitled {path}")
    }

    fn retitle_roadmap(&mut self) -> String {
        self.next += 1;
        let text = self.roadmap.read("roadmap.toml");
        let (_, rest) = text.split_once('\n').unwrap();
        let title = format!("title = \"Roadmap {}\"", self.next);
        self.roadmap
            .write("roadmap.toml", &format!("{title}\n{rest}"));
        "retitled the roadmap".to_owned()
    }

    fn edit_initiative(&mut self) -> String {
        let mut candidates: Vec<String> =
            FIXTURE_INITIATIVES.iter().map(|s| s.to_string()).collect();
        candidates.extend(self.added.iter().cloned());
        let path = self.random.pick(&candidates).clone();
        let text = self.roadmap.read(&path);
        self.next += 1;
        let edited = match self.random.below(3) {
            0 => replace_line(
                &text,
                "title: ",
                &format!("title: Edited title {}", self.next),
            ),
            1 => {
                let status = self
                    .random
                    .pick(&["planned", "in-progress", "at-risk", "blocked"]);
                replace_line(&text, "status: ", &format!("status: {status}"))
            }
            _ => {
                let progress = format!("progress: {}", self.random.below(100));
                if text.contains("\nprogress: ") {
                    replace_line(&text, "progress: ", &progress)
                } else {
                    text.replacen("---\n", &format!("---\n{progress}\n"), 1)
                }
            }
        };
        self.roadmap.write(&path, &edited);
        format!("edited {path}")
    }
}

/// The id of an initiative file: its name.
fn id_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

fn replace_line(text: &str, key: &str, line: &str) -> String {
    text.lines()
        .map(|l| if l.starts_with(key) { line } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn every_page_served_after_any_edits_is_the_page_a_build_writes() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let serve = Server::start(&roadmap);
    let mut writer = Writer {
        roadmap: &roadmap,
        random: Random(0x5eed_2026_1201),
        added: Vec::new(),
        next: 0,
        broken: None,
    };
    let mut good = fresh_build(roadmap.path()).expect("the fixture builds");
    let mut ever: BTreeSet<String> = good.keys().cloned().collect();
    let mut done = Vec::new();
    for _ in 0..STEPS {
        // Apart in time, as a writer's saves are: one step, one rebuild.
        std::thread::sleep(Duration::from_millis(60));
        done.push(writer.step());
        let built = fresh_build(roadmap.path());
        let broken = built.is_none();
        if let Some(site) = built {
            good = site;
        }
        ever.extend(good.keys().cloned());
        let gone: BTreeSet<String> = ever
            .iter()
            .filter(|path| !good.contains_key(*path))
            .cloned()
            .collect();
        let started = Instant::now();
        while let Some(why) = mismatch(&serve, &good, &gone, broken) {
            assert!(
                started.elapsed() < DEADLINE,
                "after {} steps serve differs from build: {why}\nsteps: {done:#?}",
                done.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Waits until every page served is the one a fresh build writes.
fn assert_served_as_built(serve: &Server, roadmap: &Roadmap, after: &str) {
    let built = fresh_build(roadmap.path()).expect("the roadmap builds");
    let started = Instant::now();
    while let Some(why) = mismatch(serve, &built, &BTreeSet::new(), false) {
        assert!(
            started.elapsed() < DEADLINE,
            "after {after}, serve differs from build: {why}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_made_while_the_roadmap_is_broken_show_once_it_is_fixed() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let serve = Server::start(&roadmap);
    let cloud = "content/initiatives/platform/cloud.md";
    let good = roadmap.read(cloud);
    roadmap.write(cloud, "---\ntitle: [unclosed\n---\nBroken.\n");
    serve.wait_for("/index.html", "the overlay", |b| {
        b.contains("waymark-overlay")
    });
    // Unrelated to the broken file: nothing of the fix shows it.
    roadmap.edit(
        "content/initiatives/web/ci-speedup.md",
        "title: CI speed-up",
        "title: Faster CI",
    );
    serve.wait_for_stderr("ci-speedup.md changed");
    roadmap.write(cloud, &good);
    serve.wait_for("/index.html", "the overlay to go", |b| {
        !b.contains("waymark-overlay")
    });
    assert_served_as_built(&serve, &roadmap, "a fix");
}

#[test]
fn an_edit_that_moves_others_between_team_pages_shows_on_their_pages() {
    // One team of more initiatives than a team page lists, all in one
    // quarter: listed by id, 400 to a page.
    let roadmap = Roadmap::generated(450, 1, 3);
    let serve = Server::start(&roadmap);
    let first = "content/initiatives/team0/i0000.md";
    roadmap.edit(first, "quarter: \"2027-Q1\"", "quarter: \"2027-Q2\"");
    // The first now comes last, and the 401st moves up to the first page.
    serve.wait_for("/initiatives/i0000/index.html", "the new quarter", |b| {
        b.contains("2027-Q2")
    });
    assert_served_as_built(&serve, &roadmap, "moving the first initiative last");
}

#[test]
fn an_initiative_that_splits_the_engineering_view_by_team_shows_on_every_page() {
    // One more than the engineering view lists before it splits by team.
    let roadmap = Roadmap::generated(300, 1, 3);
    let serve = Server::start(&roadmap);
    let added = roadmap.read("content/initiatives/team0/i0000.md");
    roadmap.write("content/initiatives/team0/i9999.md", &added);
    serve.wait_for("/initiatives/i9999/index.html", "the new page", |b| {
        b.contains("Initiative 0")
    });
    assert_served_as_built(&serve, &roadmap, "the 301st initiative");
}
