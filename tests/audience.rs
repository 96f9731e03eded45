//! Audience builds: a public build holds no trace of internal goals and
//! initiatives, in any file, including what git history says of them.

mod common;
#[path = "common/git.rs"]
mod git;
#[path = "common/site.rs"]
mod site;

use common::{build, Roadmap};
use git2::{Repository, Signature};

/// In every field of every internal item, and in nothing public.
const MARKER: &str = "zqmark";

fn internal_initiative() -> String {
    format!(
        "---\ntitle: {m} title\nvisibility: internal\nstatus: in-progress\ncategory: {m}-category\nteam: {m}-team\n\
         owner: {m} owner\nsummary: {m} summary\ngoals: [{m}-goal]\nstart: \"2026-Q4\"\nend: \"2026-Q4\"\neffort: 7\n\
         cost: 2\nimpact: 5\nprogress: 10\nrisks:\n  - risk: {m} risk\n    mitigation: {m} mitigation\n\
         metrics:\n  - name: {m} metric\n    target: {m} target\nlinks:\n  - title: {m} link\n    url: https://{m}.example/\n\
         changelog:\n  - date: \"2026-10-01\"\n    change: {m} change\n    why: {m} why\n---\n{m} executive summary\n\n<!-- more -->\n\n{m} details\n",
        m = MARKER
    )
}

fn internal_goal() -> String {
    format!(
        "---\ntitle: {m} goal title\nowner: {m} goal owner\ntarget: \"2027-Q1\"\nmetrics:\n  - name: {m} goal metric\n    target: \"1\"\n---\n{m} goal body\n",
        m = MARKER
    )
}

const PUBLIC_GOAL: &str = "---\ntitle: Faster pages\nvisibility: public\n---\nWhy.\n";

fn public_initiative(extra: &str) -> String {
    format!(
        "---\ntitle: Frontend speed\nvisibility: public\nstatus: planned\ngoals: [faster-pages]\nstart: \"2027-Q1\"\nend: \"2027-Q1\"\n{extra}---\nSmaller pages.\n"
    )
}

/// Serves only the internal goal: in public, it serves no goal at all.
const LONELY: &str = "---\ntitle: Lonely public work\nvisibility: public\nstatus: planned\ngoals: [zqmark-goal]\n---\nBody.\n";

/// A roadmap with internal and public items, committed in two steps so that
/// history derives entries about both.
fn roadmap() -> Roadmap {
    let roadmap = Roadmap::empty();
    roadmap
        .write("roadmap.toml", "title = \"Acme\"\nbase_url = \"https://roadmap.example/\"\n[capacity]\nper_quarter = 100\n")
        .write(&format!("content/goals/{MARKER}-goal.md"), &internal_goal())
        .write("content/goals/faster-pages.md", PUBLIC_GOAL)
        .write(&format!("content/initiatives/{MARKER}-team/{MARKER}-init.md"), &internal_initiative())
        .write("content/initiatives/web/frontend.md", &public_initiative(""))
        .write("content/initiatives/web/lonely.md", LONELY);
    let repo = Repository::init(roadmap.path()).unwrap();
    commit(&repo, "Add the roadmap");
    roadmap
        .write(
            "content/initiatives/web/frontend.md",
            &public_initiative(&format!("depends_on: [{MARKER}-init]\n")),
        )
        .write(
            &format!("content/initiatives/{MARKER}-team/{MARKER}-init.md"),
            &internal_initiative().replace("status: in-progress", "status: at-risk"),
        );
    commit(&repo, "Frontend waits for the internal work");
    roadmap
}

fn commit(repo: &Repository, message: &str) {
    let signature = Signature::now("Writer", "writer@example.internal").unwrap();
    git::commit_all(repo, &signature, message);
}

fn files_mentioning_the_marker(out: &std::path::Path) -> Vec<String> {
    site::files(out)
        .into_iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .to_ascii_lowercase()
                .contains(MARKER)
        })
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn a_public_build_holds_no_byte_of_any_internal_item() {
    let roadmap = roadmap();
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let output = build(roadmap.path(), &public, &["--audience", "public"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let leaks = files_mentioning_the_marker(&public);
    assert!(leaks.is_empty(), "internal text in: {leaks:?}");
    // The internal build, from the same source, has it all.
    let internal = dir.path().join("internal");
    assert!(build(roadmap.path(), &internal, &[]).status.success());
    let everywhere = files_mentioning_the_marker(&internal);
    for expected in [
        "engineering/index.html",
        "roadmap.json",
        "roadmap.csv",
        "changelog.xml",
        "changelog/index.html",
    ] {
        assert!(
            everywhere.iter().any(|f| f == expected),
            "{expected} lacks the internal item: the test would prove nothing"
        );
    }
}

#[test]
fn public_work_says_an_internal_prerequisite_comes_first_without_naming_it() {
    let roadmap = roadmap();
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    assert!(build(roadmap.path(), &public, &["--audience", "public"])
        .status
        .success());
    let frontend = std::fs::read_to_string(public.join("initiatives/frontend/index.html")).unwrap();
    assert!(
        frontend.contains("<li>An internal prerequisite</li>"),
        "{frontend}"
    );
    let lonely = std::fs::read_to_string(public.join("initiatives/lonely/index.html")).unwrap();
    assert!(lonely.contains("None: this initiative is not linked to a business goal."));
    assert!(!public
        .join(format!("initiatives/{MARKER}-init/index.html"))
        .exists());
}

#[test]
fn the_audience_can_be_set_in_roadmap_toml() {
    let roadmap = roadmap();
    roadmap.write(
        "roadmap.toml",
        &format!(
            "{}\n[build]\naudience = \"public\"\n",
            roadmap.read("roadmap.toml")
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(roadmap.path(), &out, &[]).status.success());
    assert!(files_mentioning_the_marker(&out).is_empty());
    // And the command line can still ask for the internal site.
    let internal = dir.path().join("internal");
    assert!(
        build(roadmap.path(), &internal, &["--audience", "internal"])
            .status
            .success()
    );
    assert!(!files_mentioning_the_marker(&internal).is_empty());
}
