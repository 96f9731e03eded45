//! Audience builds: a public build holds no trace of internal goals and
//! initiatives, in any file, including what git history says of them.

use crate::common::{build, build_ok, git, site, Roadmap};
use git2::{Repository, Signature};
use serde_json::Value;

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

/// Strings found only in internal versions of items and in the messages of
/// commits that touched internal items: a public build holds none of them.
const PAST_MARKERS: [&str; 10] = [
    "qxsubj-one",
    "qxsubj-two",
    "qxsubj-three",
    "qxsubj-four",
    "qxsubj-six",
    "Qxrocket codename",
    "Qxreach codename",
    "qxhidden-id",
    "Qxhidden title",
    "Qxbeacon old",
];

fn item(title: &str, visibility: &str, front: &str) -> String {
    format!("---\ntitle: {title}\nvisibility: {visibility}\n{front}---\nBody.\n")
}

/// Work that is public from its first commit, an initiative and a goal
/// renamed when they were made public, an id once used by an internal item
/// that was deleted and later by a public one, and a commit that touched an
/// internal and a public item, each commit on its own day.
fn roadmap_with_an_internal_past() -> Roadmap {
    let roadmap = Roadmap::empty();
    let repo = Repository::init(roadmap.path()).unwrap();
    let commit = |day: &str, message: &str| {
        git::commit_all(&repo, &git::signature_on("Writer", day), message);
    };
    let open_work = |status: &str| {
        item(
            "Open work",
            "public",
            &format!("status: {status}\ngoals: [speed]\n"),
        )
    };
    let rocket = |title: &str, visibility: &str, status: &str| {
        item(
            title,
            visibility,
            &format!("status: {status}\ngoals: [speed]\n"),
        )
    };
    let hidden = |status: &str| {
        item(
            "Qxhidden title",
            "internal",
            &format!("id: qxhidden-id\nstatus: {status}\n"),
        )
    };
    roadmap
        .write("roadmap.toml", "title = \"Acme\"\n")
        .write("content/goals/speed.md", &item("Speed", "public", ""))
        .write("content/initiatives/open-work.md", &open_work("planned"));
    commit("2026-01-05", "Add the open work");
    roadmap
        .write(
            "content/goals/reach.md",
            &item("Qxreach codename", "internal", ""),
        )
        .write(
            "content/initiatives/rocket.md",
            &rocket("Qxrocket codename", "internal", "proposed"),
        )
        .write("content/initiatives/secret/hidden.md", &hidden("planned"))
        .write(
            "content/initiatives/beacon.md",
            &item("Qxbeacon old", "internal", "status: planned\n"),
        );
    commit("2026-02-01", "qxsubj-one: plan Qxrocket codename");
    roadmap.write(
        "content/initiatives/rocket.md",
        &rocket("Qxrocket codename", "internal", "planned"),
    );
    commit("2026-03-01", "qxsubj-two");
    roadmap
        .write("content/goals/reach.md", &item("Reach", "public", ""))
        .write(
            "content/initiatives/rocket.md",
            &rocket("Rocket launch", "public", "planned"),
        );
    commit(
        "2026-04-01",
        "qxsubj-three: publish Qxrocket codename as Rocket launch",
    );
    roadmap.remove("content/initiatives/beacon.md");
    commit("2026-05-01", "qxsubj-four: drop Qxbeacon old");
    roadmap.write(
        "content/initiatives/beacon.md",
        &item("Beacon", "public", "status: planned\ngoals: [speed]\n"),
    );
    commit("2026-06-01", "Add the public beacon");
    roadmap
        .write(
            "content/initiatives/rocket.md",
            &rocket("Rocket launch", "public", "in-progress"),
        )
        .write("content/initiatives/secret/hidden.md", &hidden("at-risk"));
    commit(
        "2026-07-01",
        "qxsubj-six: Rocket launch waits on qxhidden-id",
    );
    roadmap.write(
        "content/initiatives/open-work.md",
        &open_work("in-progress"),
    );
    commit("2026-08-01", "Open work starts");
    roadmap
}

/// (date, id, change, why) of every change in a site's roadmap.json.
fn published_changes(site: &std::path::Path) -> Vec<[String; 4]> {
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("roadmap.json")).unwrap()).unwrap();
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| ["date", "id", "change", "why"].map(|k| c[k].as_str().unwrap().to_owned()))
        .collect()
}

/// Each marker with the files of `site` that hold it, in any case.
fn markers_in(site: &std::path::Path) -> Vec<(&'static str, String)> {
    let files = site::files(site);
    PAST_MARKERS
        .iter()
        .flat_map(|marker| {
            let marker_lower = marker.to_ascii_lowercase();
            files
                .iter()
                .filter(move |(_, bytes)| {
                    String::from_utf8_lossy(bytes)
                        .to_ascii_lowercase()
                        .contains(&marker_lower)
                })
                .map(move |(name, _)| (*marker, name.clone()))
        })
        .collect()
}

#[test]
fn a_public_build_tells_only_the_public_past_of_items() {
    let roadmap = roadmap_with_an_internal_past();
    let (_public_dir, public) = build_ok(roadmap.path(), &["--audience", "public"]);
    let leaks = markers_in(&public);
    assert!(
        leaks.is_empty(),
        "the internal past is published: {leaks:#?}"
    );
    let row =
        |date: &str, id: &str, change: &str, why: &str| [date, id, change, why].map(str::to_owned);
    assert_eq!(
        published_changes(&public),
        [
            // Public work keeps its whole history, explained by commits
            // that touched only public items.
            row(
                "2026-08-01",
                "open-work",
                "Status planned → in-progress",
                "Open work starts"
            ),
            // A commit that also touched internal work: no reason.
            row("2026-07-01", "rocket", "Status planned → in-progress", ""),
            // A new item that reuses an internal item's id: only its own past.
            row(
                "2026-06-01",
                "beacon",
                "Added to the roadmap",
                "Add the public beacon"
            ),
            // Made public: added then, under its public title, nothing before.
            row("2026-04-01", "reach", "Added to the roadmap", ""),
            row("2026-04-01", "rocket", "Added to the roadmap", ""),
            row(
                "2026-01-05",
                "speed",
                "Added to the roadmap",
                "Add the open work"
            ),
            row(
                "2026-01-05",
                "open-work",
                "Added to the roadmap",
                "Add the open work"
            ),
        ]
    );
    let rocket = std::fs::read_to_string(public.join("initiatives/rocket/index.html")).unwrap();
    assert!(rocket.contains("Added to the roadmap"), "{rocket}");
}

#[test]
fn an_internal_build_still_tells_the_whole_past() {
    let roadmap = roadmap_with_an_internal_past();
    let (_internal_dir, internal) = build_ok(roadmap.path(), &[]);
    let found: std::collections::BTreeSet<&str> = markers_in(&internal)
        .into_iter()
        .map(|(marker, _)| marker)
        .collect();
    assert_eq!(
        found.len(),
        PAST_MARKERS.len(),
        "the public test would prove nothing: {found:?}"
    );
    let changes = published_changes(&internal);
    for expected in [
        [
            "2026-04-01",
            "rocket",
            "Retitled from “Qxrocket codename”",
            "qxsubj-three: publish Qxrocket codename as Rocket launch",
        ],
        [
            "2026-03-01",
            "rocket",
            "Status proposed → planned",
            "qxsubj-two",
        ],
        [
            "2026-02-01",
            "rocket",
            "Added to the roadmap",
            "qxsubj-one: plan Qxrocket codename",
        ],
        [
            "2026-07-01",
            "rocket",
            "Status planned → in-progress",
            "qxsubj-six: Rocket launch waits on qxhidden-id",
        ],
    ] {
        let expected = expected.map(str::to_owned);
        assert!(
            changes.contains(&expected),
            "{expected:?} is not in {changes:#?}"
        );
    }
}
