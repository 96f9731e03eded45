//! The changelog derived from git history, and `waymark diff`, against
//! temporary repositories whose commits have known authors and dates.

use crate::common::server::Server;
use crate::common::{build, build_command, git, output_within, site, waymark, DEADLINE};
use git2::Repository;
use std::path::Path;
use std::process::Command;
use waymark::{read_history, HistorySettings, Level};

/// A roadmap in a fresh git repository, committed step by step.
struct History {
    dir: tempfile::TempDir,
    repo: Repository,
}

const GOAL: &str = "---\ntitle: Speed\ntarget: \"2026-Q3\"\n---\n";

fn initiative(status: &str, end: &str, extra: &str) -> String {
    format!(
        "---\ntitle: Alpha\nstatus: {status}\ngoals: [speed]\nstart: \"2026-Q1\"\nend: \"{end}\"\n{extra}---\nBody\n"
    )
}

const BETA: &str = "---\ntitle: Beta\nstatus: planned\ngoals: [speed]\n---\n";

impl History {
    fn new() -> History {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        History { dir, repo }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) -> &History {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    fn remove(&self, path: &str) -> &History {
        std::fs::remove_file(self.root().join(path)).unwrap();
        self
    }

    /// Commits everything in the work tree as `author` on `day` at noon UTC.
    fn commit(&self, author: &str, day: &str, message: &str) -> &History {
        git::commit_all(&self.repo, &git::signature_on(author, day), message);
        self
    }

    /// The roadmap's story: created, started, rescheduled (explained by hand
    /// the same day), moved between team folders, broken and fixed, deleted.
    fn story() -> History {
        let history = History::new();
        history
            .write("content/goals/speed.md", GOAL)
            .write(
                "content/initiatives/web/alpha.md",
                &initiative("planned", "2026-Q2", ""),
            )
            .write("content/initiatives/web/beta.md", BETA)
            .commit("Alice", "2026-01-10", "Import the roadmap");
        history
            .write(
                "content/initiatives/web/alpha.md",
                &initiative("in-progress", "2026-Q2", "progress: 20\n"),
            )
            .commit(
                "Bob",
                "2026-02-01",
                "Start work on Alpha\n\nThe team is staffed now.",
            );
        let explained = "progress: 20\nchangelog:\n  - date: \"2026-03-01\"\n    change: Alpha slips to 2026-Q3\n    why: The vendor API arrived late\n";
        history
            .write(
                "content/initiatives/web/alpha.md",
                &initiative("in-progress", "2026-Q3", explained),
            )
            .commit("Carol", "2026-03-01", "Reschedule Alpha");
        std::fs::create_dir_all(history.root().join("content/initiatives/platform")).unwrap();
        std::fs::rename(
            history.root().join("content/initiatives/web/alpha.md"),
            history.root().join("content/initiatives/platform/alpha.md"),
        )
        .unwrap();
        history.commit("Dan", "2026-03-15", "Move Alpha to the platform team");
        history
            .write(
                "content/initiatives/web/beta.md",
                "---\ntitle: Beta\nstatus: [broken\n---\n",
            )
            .commit("Eve", "2026-04-01", "Half-finished edit of Beta");
        history
            .write(
                "content/initiatives/web/beta.md",
                &BETA.replace("planned", "at-risk"),
            )
            .commit("Eve", "2026-04-02", "Fix Beta");
        history
            .write(
                "content/goals/speed.md",
                &GOAL.replace("2026-Q3", "2026-Q4"),
            )
            .commit("Frank", "2026-04-20", "Speed goal moves a quarter");
        history.remove("content/initiatives/web/beta.md").commit(
            "Grace",
            "2026-05-01",
            "Drop Beta entirely",
        );
        history
    }
}

fn settings() -> HistorySettings {
    HistorySettings::default()
}

/// (date, id, change, why, author) of every derived change, newest first.
fn derived(root: &Path) -> Vec<(String, String, String, String, String)> {
    read_history(root, &settings())
        .changes
        .into_iter()
        .map(|c| (c.date.to_string(), c.text(), c.key.id, c.why, c.author))
        .map(|(date, text, id, why, author)| (date, id, text, why, author))
        .collect()
}

fn row(
    date: &str,
    id: &str,
    text: &str,
    why: &str,
    author: &str,
) -> (String, String, String, String, String) {
    (
        date.into(),
        id.into(),
        text.into(),
        why.into(),
        author.into(),
    )
}

#[test]
fn each_commit_becomes_dated_signed_and_explained_changes() {
    let story = History::story();
    let changes = derived(story.root());
    assert_eq!(
        changes,
        [
            row(
                "2026-05-01",
                "beta",
                "Removed from the roadmap",
                "Drop Beta entirely",
                "Grace"
            ),
            row(
                "2026-04-20",
                "speed",
                "Target moved a quarter later: 2026-Q3 → 2026-Q4",
                "Speed goal moves a quarter",
                "Frank"
            ),
            // Eve's broken edit and its fix are skipped: the broken version
            // cannot be compared with either side.
            // Alpha names no team: its folder is its team.
            row(
                "2026-03-15",
                "alpha",
                "Team web → platform",
                "Move Alpha to the platform team",
                "Dan"
            ),
            row(
                "2026-03-01",
                "alpha",
                "End moved a quarter later: 2026-Q2 → 2026-Q3",
                "Reschedule Alpha",
                "Carol"
            ),
            // One commit's changes to one item: one entry.
            row(
                "2026-02-01",
                "alpha",
                "Status planned → in-progress; progress unreported → 20%",
                "Start work on Alpha",
                "Bob"
            ),
            // Within a commit: goals, then initiatives, each by id.
            row(
                "2026-01-10",
                "speed",
                "Added to the roadmap",
                "Import the roadmap",
                "Alice"
            ),
            row(
                "2026-01-10",
                "alpha",
                "Added to the roadmap",
                "Import the roadmap",
                "Alice"
            ),
            row(
                "2026-01-10",
                "beta",
                "Added to the roadmap",
                "Import the roadmap",
                "Alice"
            ),
        ]
    );
}

#[test]
fn a_version_that_does_not_parse_is_skipped_with_a_note() {
    let story = History::story();
    let read = read_history(story.root(), &settings());
    assert!(
        read.notes
            .iter()
            .any(|n| n.text.contains("content/initiatives/web/beta.md")
                && n.text.contains("did not parse")),
        "{:?}",
        read.notes
    );
    // And the build goes on, saying so.
    let (_, output) = built(&story);
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("note: skipped content/initiatives/web/beta.md"));
}

#[test]
fn history_can_be_limited_or_turned_off() {
    let story = History::story();
    let recent = HistorySettings {
        since: Some("2026-03-01".parse().unwrap()),
        ..settings()
    };
    let read = read_history(story.root(), &recent);
    assert!(read
        .changes
        .iter()
        .all(|c| c.date.to_string().as_str() >= "2026-03-01"));
    assert_eq!(read.changes.len(), 4);
    let few = HistorySettings {
        max_commits: 2,
        ..settings()
    };
    let read = read_history(story.root(), &few);
    assert_eq!(read.changes.len(), 2);
    assert!(read.notes.iter().any(|n| n.text.contains("max_commits")));
    let off = HistorySettings {
        enabled: false,
        ..settings()
    };
    assert!(read_history(story.root(), &off).changes.is_empty());
}

#[test]
fn a_shallow_clone_gives_the_history_it_has_with_a_warning() {
    let story = History::story();
    let clone = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "2"])
        .arg(format!("file://{}", story.root().display()))
        .arg(clone.path())
        .status()
        .expect("git is installed");
    assert!(status.success());
    let read = read_history(clone.path(), &settings());
    assert!(
        read.notes
            .iter()
            .any(|n| n.level == Level::Warning && n.text.starts_with("this is a shallow clone")),
        "{:?}",
        read.notes
    );
    // The two commits it has: the goal moved, Beta removed.
    let texts: Vec<String> = read.changes.iter().map(|c| c.text()).collect();
    assert!(
        texts.contains(&"Removed from the roadmap".to_owned()),
        "{texts:?}"
    );
}

#[test]
fn outside_a_repository_there_is_no_history() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let read = read_history(dir.path(), &settings());
    assert!(read.changes.is_empty() && read.notes.is_empty());
}

#[test]
fn a_roadmap_in_a_subfolder_of_the_repository_reads_its_own_history() {
    let history = History::new();
    history
        .write("docs/roadmap/content/goals/speed.md", GOAL)
        .write("content/goals/elsewhere.md", GOAL)
        .commit("Alice", "2026-01-10", "Add both");
    let changes = derived(&history.root().join("docs/roadmap"));
    assert_eq!(
        changes,
        [row(
            "2026-01-10",
            "speed",
            "Added to the roadmap",
            "Add both",
            "Alice"
        )]
    );
}

/// The roadmap in `history` built into its `public/`, asserting success.
fn built(history: &History) -> (std::path::PathBuf, std::process::Output) {
    let out = history.root().join("public");
    let output = build(history.root(), &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (out, output)
}

/// The site of the story, built.
fn built_story() -> (History, std::path::PathBuf) {
    let story = History::story();
    let (out, _) = built(&story);
    (story, out)
}

#[test]
fn derived_and_hand_written_changes_share_the_changelog() {
    let (_story, out) = built_story();
    let page = std::fs::read_to_string(out.join("changelog/index.html")).unwrap();
    // The hand-written entry replaces the derived one of the same day.
    assert!(page.contains("Alpha slips to 2026-Q3"));
    assert!(page.contains("The vendor API arrived late"));
    assert!(!page.contains("End moved a quarter later: 2026-Q2 → 2026-Q3"));
    // Derived entries name their author and link their item while it exists.
    assert!(page.contains("Status planned → in-progress"));
    assert!(page.contains("<span class=\"author\">Bob</span>"));
    assert!(page.contains("<a href=\"../goals/speed/index.html\">Speed</a>"));
    // A deleted initiative is named but not linked.
    assert!(page.contains("Beta <span class=\"meta\">(no longer on the roadmap)</span>"));
    let alpha = std::fs::read_to_string(out.join("initiatives/alpha/index.html")).unwrap();
    assert!(
        alpha.contains("Status planned → in-progress") && alpha.contains("Alpha slips to 2026-Q3")
    );
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(
        executive.contains("Removed from the roadmap"),
        "the latest changes include derived ones"
    );
}

#[test]
fn derived_feed_entries_have_stable_unique_ids() {
    let (story, out) = built_story();
    let ids = |out: &Path| -> Vec<String> {
        let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
        let feed: atom_syndication::Feed = xml.parse().unwrap();
        feed.entries().iter().map(|e| e.id().to_owned()).collect()
    };
    let first = ids(&out);
    let unique: std::collections::HashSet<&String> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "{first:#?}");
    let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    let bob = feed
        .entries()
        .iter()
        .find(|e| e.title().contains("Status planned"))
        .unwrap();
    assert_eq!(bob.authors()[0].name(), "Bob");
    // A later commit adds entries but changes none of the existing ids.
    story
        .write(
            "content/goals/speed.md",
            &GOAL.replace("2026-Q3", "2027-Q1"),
        )
        .commit("Heidi", "2026-06-01", "Speed goal moves again");
    let again = story.root().join("again");
    assert!(build(story.root(), &again, &["--quiet"]).status.success());
    let second = ids(&again);
    assert_eq!(second.len(), first.len() + 1);
    assert!(first.iter().all(|id| second.contains(id)));
}

fn diff(story: &History, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command.args(&all).current_dir(story.root());
    let output = output_within(&mut command, DEADLINE);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn diff_reads_like_a_review_comment() {
    let story = History::story();
    // From Bob's commit to Frank's: Alpha rescheduled and moved to the
    // platform team's folder, Beta at risk, the goal's target moved.
    let text = diff(&story, &["HEAD~6", "HEAD~1"]);
    assert_eq!(
        text,
        "Roadmap changes from HEAD~6 to HEAD~1\n\
         \n\
         Goal “Speed” (speed)\n  - Target moved a quarter later: 2026-Q3 → 2026-Q4\n\
         \n\
         Initiative “Alpha” (alpha) slipped a quarter\n  - End moved a quarter later: 2026-Q2 → 2026-Q3\n  - Team web → platform\n\
         \n\
         Initiative “Beta” (beta)\n  - Status planned → at-risk\n\
         \n\
         2 initiatives and 1 goal changed\n"
    );
    let markdown = diff(&story, &["HEAD~6", "HEAD~1", "--format", "markdown"]);
    assert!(
        markdown.starts_with("### Roadmap changes from `HEAD~6` to `HEAD~1`\n"),
        "{markdown}"
    );
    assert!(
        markdown
            .contains("**Alpha** (initiative `alpha`) slipped a quarter\n\n- End moved a quarter later: 2026-Q2 → 2026-Q3\n"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff(&story, &["HEAD~6", "HEAD~1", "--format", "json"])).unwrap();
    assert_eq!(json["from"], "HEAD~6");
    let alpha = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "alpha")
        .unwrap();
    assert_eq!(alpha["subject"], "initiative");
    assert_eq!(
        alpha["changes"][0],
        serde_json::json!({"field": "end", "before": "2026-Q2", "after": "2026-Q3", "text": "End moved a quarter later: 2026-Q2 → 2026-Q3"})
    );
}

#[test]
fn diff_against_the_work_tree_sees_uncommitted_edits() {
    let story = History::story();
    story.write(
        "content/initiatives/platform/alpha.md",
        &initiative("done", "2026-Q3", "progress: 100\n"),
    );
    let text = diff(&story, &["HEAD"]);
    assert!(text.contains("Status in-progress → done"), "{text}");
    assert!(text.contains("Progress 20% → 100%"), "{text}");
    assert!(text.starts_with("Roadmap changes from HEAD to the work tree"));
}

#[test]
fn diff_explains_a_bad_revision_or_a_missing_repository() {
    let story = History::story();
    let output = waymark(&["diff", "no-such-revision"], story.root());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("cannot read the roadmap at revision `no-such-revision`"));
    let plain = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command.arg("diff").arg(plain.path()).arg("HEAD~1");
    let output = output_within(&mut command, DEADLINE);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not inside a git repository"));
}

/// The time bound of the tests of a damaged repository, in roadmap.toml.
const ONE_SECOND: &str = "[history]\nmax_seconds = 1\n";

/// The file of a loose object.
fn object_file(history: &History, id: git2::Oid) -> std::path::PathBuf {
    let hex = id.to_string();
    history
        .repo
        .path()
        .join("objects")
        .join(&hex[..2])
        .join(&hex[2..])
}

/// The object of the file at `path` in HEAD.
fn blob_at_head(history: &History, path: &str) -> git2::Oid {
    let tree = history.repo.head().unwrap().peel_to_tree().unwrap();
    tree.get_path(Path::new(path)).unwrap().id()
}

/// The commit `revision` names.
fn commit_id(history: &History, revision: &str) -> git2::Oid {
    history.repo.revparse_single(revision).unwrap().id()
}

/// Cuts a loose object to half its length, as a crash or a full disk
/// during a commit leaves it.
fn truncate_object(history: &History, id: git2::Oid) {
    use std::os::unix::fs::PermissionsExt;
    let file = object_file(history, id);
    // git writes objects read-only.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
}

fn remove_object(history: &History, id: git2::Oid) {
    std::fs::remove_file(object_file(history, id)).unwrap();
}

/// Overwrites a file of the repository's own folder.
fn overwrite(history: &History, relative: &str, text: &str) {
    std::fs::write(history.repo.path().join(relative), text).unwrap();
}

/// The story, with the object of Alpha's latest version truncated.
fn story_with_a_truncated_object() -> History {
    let story = History::story();
    truncate_object(&story, blob_at_head(&story, ALPHA));
    story
}

/// Where Alpha is at the end of the story.
const ALPHA: &str = "content/initiatives/platform/alpha.md";

#[test]
fn a_truncated_object_cannot_stop_a_build() {
    let story = story_with_a_truncated_object();
    story.write("roadmap.toml", ONE_SECOND);
    let out = story.root().join("public");
    let output = output_within(&mut build_command(story.root(), &out, &[]), DEADLINE);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "warning: reading the git history took longer than 1 second ([history] max_seconds)"
        ) && stderr.contains("git fsck"),
        "{stderr}"
    );
    // The whole site, without what git says.
    for page in [
        "index.html",
        "executive/index.html",
        "engineering/index.html",
        "initiatives/alpha/index.html",
        "goals/speed/index.html",
        "changelog/index.html",
        "changelog.xml",
        "roadmap.json",
        "roadmap.csv",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    assert_eq!(site::broken_links(&out), Vec::<String>::new());
    let changelog = std::fs::read_to_string(out.join("changelog/index.html")).unwrap();
    assert!(changelog.contains("Alpha slips to 2026-Q3"));
}

#[test]
fn a_truncated_object_cannot_stop_diff() {
    let story = story_with_a_truncated_object();
    story.write("roadmap.toml", ONE_SECOND);
    let mut diff = Command::new(env!("CARGO_BIN_EXE_waymark"));
    diff.args(["diff", "HEAD~1"]).current_dir(story.root());
    let output = output_within(&mut diff, DEADLINE);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("took longer than 1 second ([history] max_seconds)")
            && stderr.contains("git fsck"),
        "{stderr}"
    );
}

#[test]
fn a_truncated_object_cannot_stall_serve() {
    let story = story_with_a_truncated_object();
    story.write("roadmap.toml", &format!("title = \"Before\"\n{ONE_SECOND}"));
    let server = Server::start(story.root());
    assert!(server.get("/").contains("Before"));
    // A changed roadmap.toml reads the history again.
    story.write("roadmap.toml", &format!("title = \"After\"\n{ONE_SECOND}"));
    server.wait_for("/", "the rebuild", |page| page.contains("After"));
}

/// A way to damage a repository, as crashes, full disks and bad copies do.
type Damage = fn(&History);

#[test]
fn damaged_repositories_never_stop_a_build_and_always_warn() {
    let cases: [(&str, Damage, &str); 7] = [
        (
            "a truncated loose object",
            |h| truncate_object(h, blob_at_head(h, ALPHA)),
            "took longer than 1 second",
        ),
        (
            "a missing HEAD commit",
            |h| remove_object(h, commit_id(h, "HEAD")),
            "could not be read completely",
        ),
        (
            "a missing parent commit",
            |h| remove_object(h, commit_id(h, "HEAD~1")),
            "could not be read completely",
        ),
        (
            "a missing tree",
            |h| remove_object(h, h.repo.head().unwrap().peel_to_tree().unwrap().id()),
            "could not be read completely",
        ),
        (
            "an empty branch reference",
            |h| overwrite(h, h.repo.head().unwrap().name().unwrap(), ""),
            "could not be read completely",
        ),
        (
            "a HEAD that is not a reference",
            |h| overwrite(h, "HEAD", "garbage\n"),
            "could not be read completely",
        ),
        (
            "a repository configuration that does not parse",
            |h| overwrite(h, "config", "[core\n"),
            "could not be opened",
        ),
    ];
    for (name, damage, says) in cases {
        let story = History::story();
        story.write("roadmap.toml", ONE_SECOND);
        damage(&story);
        let out = story.root().join("public");
        let output = output_within(&mut build_command(story.root(), &out, &[]), DEADLINE);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{name}: {stderr}");
        assert!(
            stderr
                .lines()
                .any(|line| line.starts_with("warning:") && line.contains(says)),
            "{name}: no warning that says `{says}`: {stderr}"
        );
        for page in ["index.html", "initiatives/alpha/index.html", "roadmap.json"] {
            assert!(out.join(page).is_file(), "{name}: {page} is missing");
        }
    }
}

#[test]
fn a_repository_without_commits_has_no_history_and_says_nothing() {
    let history = History::new();
    history.write("content/goals/speed.md", GOAL);
    let read = read_history(history.root(), &settings());
    assert!(read.changes.is_empty() && read.notes.is_empty(), "{read:?}");
}

// ---- slips: how often an initiative's end moved later ----

/// A version of the initiative `work`, with `schedule` lines such as
/// `end: "2027-Q1"\n`.
fn work(schedule: &str) -> String {
    format!("---\ntitle: Work\nstatus: planned\ngoals: [speed]\n{schedule}---\nBody.\n")
}

fn ending(quarter: &str) -> String {
    work(&format!("start: \"2027-Q1\"\nend: \"{quarter}\"\n"))
}

/// A roadmap whose initiative `work` is committed in each version of
/// `versions` in turn, one a day; `None` deletes it.
fn planned(versions: &[Option<String>]) -> History {
    let history = History::new();
    history.write("content/goals/speed.md", GOAL);
    let path = "content/initiatives/work.md";
    for (day, version) in versions.iter().enumerate() {
        match version {
            Some(text) => history.write(path, text),
            None => history.remove(path),
        };
        history.commit("Alice", &format!("2026-01-{:02}", day + 1), "Replan");
    }
    history
}

/// The built roadmap.json of a roadmap.
fn exported(root: &Path, extra: &[&str]) -> serde_json::Value {
    let (_dir, out) = crate::common::build_ok(root, extra);
    serde_json::from_slice(&std::fs::read(out.join("roadmap.json")).unwrap()).unwrap()
}

/// (first_planned_end, slips, slipped_quarters) of an initiative in a
/// roadmap.json.
fn slips_in(json: &serde_json::Value, id: &str) -> (serde_json::Value, u64, u64) {
    let item = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {json}"));
    (
        item["first_planned_end"].clone(),
        item["slips"].as_u64().unwrap_or_else(|| panic!("{item}")),
        item["slipped_quarters"].as_u64().unwrap(),
    )
}

fn slips_of(history: &History) -> (serde_json::Value, u64, u64) {
    slips_in(&exported(history.root(), &[]), "work")
}

fn quarter(text: &str) -> serde_json::Value {
    serde_json::Value::from(text)
}

#[test]
fn a_slip_of_exactly_one_quarter_is_one_slip_everywhere() {
    let history = planned(&[Some(ending("2027-Q1")), Some(ending("2027-Q2"))]);
    let (_dir, out) = crate::common::build_ok(history.root(), &[]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("roadmap.json")).unwrap()).unwrap();
    assert_eq!(slips_in(&json, "work"), (quarter("2027-Q1"), 1, 1));
    let csv_text = std::fs::read_to_string(out.join("roadmap.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| {
        let at = header.iter().position(|h| h == name);
        at.map(|at| row[at].to_owned())
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    assert_eq!(
        [
            cell("first_planned_end"),
            cell("slips"),
            cell("slipped_quarters")
        ],
        ["2027-Q1", "1", "1"]
    );
    let page = std::fs::read_to_string(out.join("initiatives/work/index.html")).unwrap();
    assert!(
        page.contains("Slipped once, by a quarter, since first planned for 2027-Q1"),
        "{page}"
    );
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(executive.contains("Slipped once"), "{executive}");
}

#[test]
fn slips_add_up_and_show_on_the_page_and_the_card() {
    let history = planned(&[
        Some(ending("2027-Q1")),
        Some(ending("2027-Q2")),
        Some(ending("2027-Q4")),
    ]);
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 2, 3));
    let (_dir, out) = crate::common::build_ok(history.root(), &[]);
    let page = std::fs::read_to_string(out.join("initiatives/work/index.html")).unwrap();
    assert!(
        page.contains("Slipped twice, 3 quarters in all since first planned for 2027-Q1"),
        "{page}"
    );
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(executive.contains("Slipped twice"), "{executive}");
}

#[test]
fn commits_made_in_the_same_second_are_read_parents_first() {
    // As a rebase leaves them: one committer time for every commit.
    let history = History::new();
    history.write("content/goals/speed.md", GOAL);
    for end in ["2027-Q1", "2027-Q2", "2027-Q4", "2027-Q3", "2028-Q1"] {
        history
            .write("content/initiatives/work.md", &ending(end))
            .commit("Alice", "2026-01-01", end);
    }
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 3, 5));
    let changes: Vec<String> = told(history.root(), &[])
        .into_iter()
        .filter(|(id, _)| id == "work")
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        changes,
        [
            "End moved 2 quarters later: 2027-Q3 → 2028-Q1",
            "End moved a quarter earlier: 2027-Q4 → 2027-Q3",
            "End moved 2 quarters later: 2027-Q2 → 2027-Q4",
            "End moved a quarter later: 2027-Q1 → 2027-Q2",
            "Added to the roadmap",
        ]
    );
}

#[test]
fn a_move_earlier_is_no_slip_and_takes_nothing_back() {
    let earlier = planned(&[Some(ending("2027-Q3")), Some(ending("2027-Q2"))]);
    assert_eq!(slips_of(&earlier), (quarter("2027-Q3"), 0, 0));
    let (_dir, out) = crate::common::build_ok(earlier.root(), &[]);
    let page = std::fs::read_to_string(out.join("initiatives/work/index.html")).unwrap();
    assert!(!page.contains("Slipped"), "{page}");
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(!executive.contains("slipped"), "{executive}");
    // Two quarters later, one back, one later again: three quarters in all.
    let back_and_forth = planned(&[
        Some(ending("2027-Q2")),
        Some(ending("2027-Q4")),
        Some(ending("2027-Q3")),
        Some(ending("2027-Q4")),
    ]);
    assert_eq!(slips_of(&back_and_forth), (quarter("2027-Q2"), 2, 3));
}

#[test]
fn an_item_deleted_and_re_added_keeps_its_first_planned_end() {
    let history = planned(&[Some(ending("2027-Q1")), None, Some(ending("2027-Q3"))]);
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 1, 2));
}

#[test]
fn a_renamed_file_with_the_same_id_is_the_same_item() {
    let history = planned(&[Some(ending("2027-Q1"))]);
    std::fs::create_dir_all(history.root().join("content/initiatives/platform")).unwrap();
    std::fs::rename(
        history.root().join("content/initiatives/work.md"),
        history.root().join("content/initiatives/platform/work.md"),
    )
    .unwrap();
    history.commit("Bob", "2026-02-01", "Move to platform");
    history
        .write("content/initiatives/platform/work.md", &ending("2027-Q2"))
        .commit("Bob", "2026-02-02", "Slip");
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 1, 1));
}

#[test]
fn an_unparseable_version_in_between_is_skipped() {
    let history = planned(&[
        Some(ending("2027-Q1")),
        Some("---\ntitle: Work\nend: [broken\n---\n".to_owned()),
        Some(ending("2027-Q3")),
    ]);
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 1, 2));
}

#[test]
fn work_with_no_schedule_has_no_first_planned_end_until_it_gets_one() {
    let unscheduled = planned(&[Some(work("")), Some(work("effort: 3\n"))]);
    assert_eq!(slips_of(&unscheduled), (serde_json::Value::Null, 0, 0));
    // A start alone is a one-quarter schedule, and the shorthand an end.
    let scheduled = planned(&[
        Some(work("")),
        Some(work("start: \"2027-Q2\"\n")),
        Some(work("quarter: \"2027-Q3\"\n")),
    ]);
    assert_eq!(slips_of(&scheduled), (quarter("2027-Q2"), 1, 1));
}

#[test]
fn the_files_as_they_are_are_the_latest_version() {
    // No repository: the file is the first plan.
    let plain = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(plain.path().join("content/initiatives")).unwrap();
    std::fs::create_dir_all(plain.path().join("content/goals")).unwrap();
    std::fs::write(plain.path().join("content/goals/speed.md"), GOAL).unwrap();
    std::fs::write(
        plain.path().join("content/initiatives/work.md"),
        ending("2027-Q2"),
    )
    .unwrap();
    assert_eq!(
        slips_in(&exported(plain.path(), &[]), "work"),
        (quarter("2027-Q2"), 0, 0)
    );
    // An edit not yet committed counts.
    let history = planned(&[Some(ending("2027-Q1"))]);
    history.write("content/initiatives/work.md", &ending("2027-Q2"));
    assert_eq!(slips_of(&history), (quarter("2027-Q1"), 1, 1));
}

#[test]
fn the_executive_page_tells_the_share_of_recent_work_finished_on_time() {
    // Today is 2026-11-21, in 2026-Q4: the last four quarters are
    // 2026-Q1 to 2026-Q4.
    let done = |id: &str, end: &str| {
        (
            format!("content/initiatives/{id}.md"),
            format!("---\ntitle: {id}\nstatus: done\ngoals: [speed]\nstart: \"2025-Q1\"\nend: \"{end}\"\n---\nBody.\n"),
        )
    };
    let history = History::new();
    history.write("content/goals/speed.md", GOAL);
    for (path, text) in [
        done("this-quarter", "2026-Q4"),
        done("four-quarters-back", "2026-Q1"),
        done("five-quarters-back", "2025-Q4"),
        done("late", "2026-Q2"),
    ] {
        history.write(&path, &text);
    }
    history.write(
        "content/initiatives/open.md",
        &work("start: \"2026-Q1\"\nend: \"2026-Q3\"\n"),
    );
    history.commit("Alice", "2025-01-10", "Plan");
    let (path, text) = done("late", "2026-Q3");
    history
        .write(&path, &text)
        .commit("Alice", "2026-07-01", "Late");
    let (_dir, out) = crate::common::build_ok(history.root(), &[]);
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(
        executive.contains(
            "On time: 2 of 3 initiatives done in the last four quarters finished in the quarter first planned"
        ),
        "{executive}"
    );
    // No recent work done: no figure.
    let none = planned(&[Some(ending("2027-Q1"))]);
    let (_dir, out) = crate::common::build_ok(none.root(), &[]);
    let executive = std::fs::read_to_string(out.join("executive/index.html")).unwrap();
    assert!(!executive.contains("On time"), "{executive}");
}

#[test]
fn diff_says_when_work_slipped() {
    let history = planned(&[
        Some(ending("2027-Q1")),
        Some(ending("2027-Q3")),
        Some(ending("2027-Q2")),
    ]);
    let text = diff(&history, &["HEAD~2", "HEAD~1"]);
    assert!(
        text.contains("Initiative “Work” (work) slipped 2 quarters\n"),
        "{text}"
    );
    let text = diff(&history, &["HEAD~1", "HEAD"]);
    assert!(!text.contains("slipped"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&diff(&history, &["HEAD~2", "--format", "json"])).unwrap();
    assert_eq!(json["items"][0]["slipped_quarters"], 1, "{json}");
    let markdown = diff(&history, &["HEAD~2", "HEAD~1", "--format", "markdown"]);
    assert!(
        markdown.contains("**Work** (initiative `work`) slipped 2 quarters\n"),
        "{markdown}"
    );
}

// ---- changes, fully and once ----

/// The derived changes of the built roadmap.json, newest first: (id, change).
fn told(root: &Path, extra: &[&str]) -> Vec<(String, String)> {
    exported(root, extra)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["change"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn one_commits_changes_to_one_item_are_one_entry() {
    let history = planned(&[
        Some(work("start: \"2027-Q2\"\nend: \"2027-Q3\"\neffort: 8\n")),
        Some(work("start: \"2027-Q3\"\nend: \"2027-Q4\"\neffort: 10\n")),
        Some(work("start: \"2027-Q4\"\nend: \"2028-Q2\"\neffort: 10\n")),
    ]);
    let changes = told(history.root(), &[]);
    assert_eq!(
        &changes[..2],
        [
            (
                "work".to_owned(),
                "Start moved a quarter later: 2027-Q3 → 2027-Q4; end moved 2 quarters later: 2027-Q4 → 2028-Q2"
                    .to_owned()
            ),
            (
                "work".to_owned(),
                "Moved a quarter later: 2027-Q2–Q3 → 2027-Q3–Q4; effort 8 → 10".to_owned()
            ),
        ]
    );
    let (_dir, out) = crate::common::build_ok(history.root(), &[]);
    let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    assert_eq!(
        feed.entries()[1].title().as_str(),
        "Work: Moved a quarter later: 2027-Q2–Q3 → 2027-Q3–Q4; effort 8 → 10"
    );
}

#[test]
fn owner_team_category_kind_risks_and_metrics_changes_are_told() {
    let risk = |likelihood: &str| {
        format!("risks:\n  - risk: Vendor is late\n    mitigation: Stub it\n    likelihood: {likelihood}\n")
    };
    let metric =
        |current: &str| format!("metrics:\n  - name: Page weight\n    target: 500 KB\n{current}");
    let history = planned(&[
        Some(work("owner: Alice\nteam: web\ncategory: product\n")),
        Some(work(
            "owner: Bob\nteam: platform\ncategory: architecture\nkind: product\n",
        )),
        Some(work(&risk("low"))),
        Some(work(&format!("{}{}", risk("high"), metric("")))),
        Some(work(&metric("    current: 800 KB\n"))),
    ]);
    let changes: Vec<String> = told(history.root(), &[])
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        changes,
        [
            "Risk removed: “Vendor is late”; metric “Page weight”: current set to 800 KB",
            "Risk “Vendor is late”: likelihood low → high; metric added: “Page weight” (target 500 KB)",
            "Owner removed (was Bob); team removed (was platform); kind product → technology; category removed (was architecture); risk added: “Vendor is late”",
            "Owner Alice → Bob; team web → platform; kind technology → product; category product → architecture",
            "Added to the roadmap",
            "Added to the roadmap",
        ]
    );
}

/// A roadmap whose one initiative has `count` hand-written changelog
/// entries, a day apart, and `toml` as its roadmap.toml.
fn with_entries(count: usize, toml: &str) -> crate::common::Roadmap {
    let roadmap = crate::common::Roadmap::empty();
    let entries: String = (0..count)
        .map(|n| {
            let day = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(n as i64);
            format!("  - date: \"{day}\"\n    change: Change {n}\n    why: Because\n")
        })
        .collect();
    roadmap
        .write("roadmap.toml", toml)
        .write("content/goals/speed.md", GOAL)
        .write(
            "content/initiatives/work.md",
            &work(&format!("changelog:\n{entries}")),
        );
    roadmap
}

fn feed_titles(out: &Path) -> Vec<String> {
    let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    feed.entries()
        .iter()
        .map(|e| e.title().to_string())
        .collect()
}

#[test]
fn the_feed_holds_the_newest_hundred_entries_and_the_changelog_all() {
    let roadmap = with_entries(101, "");
    let (_dir, out) = crate::common::build_ok(roadmap.path(), &[]);
    let titles = feed_titles(&out);
    assert_eq!(titles.len(), 100);
    assert_eq!(titles[0], "Work: Change 100");
    assert_eq!(titles[99], "Work: Change 1");
    let changelog = std::fs::read_to_string(out.join("changelog/index.html")).unwrap();
    assert!(changelog.contains("Change 0<") && changelog.contains("Change 100<"));
    let exactly = with_entries(100, "");
    let (_dir, out) = crate::common::build_ok(exactly.path(), &[]);
    assert_eq!(feed_titles(&out).len(), 100);
}

#[test]
fn the_feed_holds_as_many_entries_as_configured() {
    let roadmap = with_entries(5, "[feed]\nentries = 2\n");
    let (_dir, out) = crate::common::build_ok(roadmap.path(), &[]);
    assert_eq!(feed_titles(&out), ["Work: Change 4", "Work: Change 3"]);
    let one = with_entries(5, "[feed]\nentries = 1\n");
    let (_dir, out) = crate::common::build_ok(one.path(), &[]);
    assert_eq!(feed_titles(&out), ["Work: Change 4"]);
}

#[test]
fn feed_entries_must_be_a_positive_whole_number() {
    for (value, says) in [
        ("0", "positive whole number"),
        ("-3", "positive whole number"),
        ("\"many\"", "expected a whole number, such as 100"),
        ("2.5", "expected a whole number, such as 100"),
    ] {
        let roadmap = with_entries(1, &format!("[feed]\nentries = {value}\n"));
        roadmap
            .check()
            .only("config")
            .at("roadmap.toml", 2, 11)
            .says(says);
    }
}

// ---- what a public build is told ----

#[test]
fn a_public_build_is_told_no_internal_part_of_an_entry_nor_an_internal_past() {
    let history = History::new();
    let public = |front: &str| {
        format!("---\ntitle: Open\nvisibility: public\nstatus: planned\ngoals: [speed]\n{front}---\nBody.\n")
    };
    let secret = "---\ntitle: Qxsecret\nstatus: planned\ngoals: [speed]\n---\nBody.\n";
    let open_goal = GOAL.replace("---\ntitle", "---\nvisibility: public\ntitle");
    // Effort is engineering detail: the public is told of it only where
    // the profile publishes the engineering view.
    history
        .write("roadmap.toml", "[audience.public]\nengineering = true\n")
        .write("content/goals/speed.md", &open_goal)
        .write("content/initiatives/qxsecret.md", secret)
        .write("content/initiatives/open.md", &public("effort: 8\n"))
        .write(
            "content/initiatives/later.md",
            &work("start: \"2027-Q1\"\nend: \"2027-Q1\"\n"),
        )
        .commit("Alice", "2026-01-01", "Plan");
    history
        .write(
            "content/initiatives/open.md",
            &public("effort: 10\ndepends_on: [qxsecret]\n"),
        )
        .write(
            "content/initiatives/later.md",
            &work("start: \"2027-Q1\"\nend: \"2027-Q2\"\n"),
        )
        .commit(
            "Alice",
            "2026-02-01",
            "More effort, and an internal prerequisite",
        );
    // Made public only after it slipped while internal.
    history
        .write(
            "content/initiatives/later.md",
            &work("visibility: public\nstart: \"2027-Q1\"\nend: \"2027-Q2\"\n"),
        )
        .commit("Alice", "2026-03-01", "Publish");
    let internal = told(history.root(), &[]);
    assert!(internal.contains(&(
        "open".to_owned(),
        "Effort 8 → 10; now depends on `qxsecret`".to_owned()
    )));
    let public_changes = told(history.root(), &["--audience", "public"]);
    assert!(
        public_changes.contains(&("open".to_owned(), "Effort 8 → 10".to_owned())),
        "{public_changes:?}"
    );
    assert!(
        !format!("{public_changes:?}")
            .to_lowercase()
            .contains("qxsecret"),
        "{public_changes:?}"
    );
    let json = exported(history.root(), &[]);
    assert_eq!(slips_in(&json, "later"), (quarter("2027-Q1"), 1, 1));
    let json = exported(history.root(), &["--audience", "public"]);
    assert_eq!(slips_in(&json, "later"), (quarter("2027-Q2"), 0, 0));
    let (_dir, out) = crate::common::build_ok(history.root(), &["--audience", "public"]);
    for (name, bytes) in site::files(&out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("qxsecret"), "{name} names the internal item");
    }
}
