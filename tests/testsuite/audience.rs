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

/// The example roadmap of the repository, committed by a named author in
/// two steps, the second changing a public initiative's effort and owner,
/// so that history has something to tell about engineering detail.
const AUTHOR: &str = "Quentin Authorsby";

fn example_in_git() -> Roadmap {
    let roadmap = Roadmap::example();
    let repo = Repository::init(roadmap.path()).unwrap();
    let author = Signature::now(AUTHOR, "quentin.authorsby@example.com").unwrap();
    git::commit_all(&repo, &author, "Add the roadmap");
    let cloud = "content/initiatives/platform/cloud-migration.md";
    let text = roadmap.read(cloud);
    let effort = text.lines().find(|l| l.starts_with("effort:")).unwrap();
    let owner = text.lines().find(|l| l.starts_with("owner:")).unwrap();
    roadmap.write(
        cloud,
        &text
            .replace(effort, "effort: 77")
            .replace(owner, "owner: \"Zed Newowner\""),
    );
    git::commit_all(&repo, &author, "Re-estimate the cloud migration");
    roadmap
}

/// Text that only the engineering detail of an item holds: its longest
/// run of letters, digits and spaces, when that is long enough to be
/// found nowhere else by chance.
fn distinctive(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == ' '))
        .map(str::trim)
        .max_by_key(|run| run.len())
        .filter(|run| run.len() >= 24)
        .map(str::to_owned)
}

/// What a public build of the example must not hold, from the internal
/// build's roadmap.json: internal items' titles and pages, the engineering
/// detail of public ones (technical bodies, risks, owners, links), the
/// internal hosts, and the author of every commit.
fn internal_markers(internal: &Value) -> Vec<String> {
    let mut markers: Vec<String> =
        vec!["acme.internal".into(), AUTHOR.into(), "Zed Newowner".into()];
    for (kind, items) in [
        ("goals", &internal["goals"]),
        ("initiatives", &internal["initiatives"]),
    ] {
        for item in items.as_array().unwrap() {
            let id = item["id"].as_str().unwrap();
            if item["visibility"] == "internal" {
                markers.push(item["title"].as_str().unwrap().to_owned());
                markers.push(format!("{kind}/{id}/"));
                continue;
            }
            if let Some(owner) = item["owner"].as_str() {
                markers.push(owner.to_owned());
            }
            for risk in item["risks"].as_array().into_iter().flatten() {
                markers.extend(
                    ["risk", "mitigation"]
                        .iter()
                        .filter_map(|k| distinctive(risk[k].as_str()?)),
                );
            }
            for link in item["links"].as_array().into_iter().flatten() {
                markers.push(link["url"].as_str().unwrap().to_owned());
            }
            // Unless the summary, which the public reads, says it too.
            let summary =
                format!("{} {}", item["summary"], item["summary_markdown"]).to_lowercase();
            let details = item["details_markdown"].as_str().unwrap_or("");
            markers.extend(
                details
                    .lines()
                    .filter_map(distinctive)
                    .filter(|line| !summary.contains(&line.to_lowercase())),
            );
        }
    }
    markers
}

#[test]
fn a_public_build_of_the_example_publishes_outcomes_and_nothing_internal() {
    let roadmap = example_in_git();
    let (_internal_dir, internal) = build_ok(roadmap.path(), &[]);
    let json: Value =
        serde_json::from_slice(&std::fs::read(internal.join("roadmap.json")).unwrap()).unwrap();
    let markers = internal_markers(&json);
    let everything = site::files(&internal);
    let shown = |marker: &str| {
        let marker = marker.to_lowercase();
        everything.values().any(|bytes| {
            String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains(&marker)
        })
    };
    let unseen: Vec<&String> = markers.iter().filter(|m| !shown(m)).collect();
    assert!(
        unseen.is_empty(),
        "the internal build lacks {unseen:?}: the test would prove nothing"
    );
    assert!(markers.len() > 40, "{markers:?}");

    let (_public_dir, public) = build_ok(roadmap.path(), &["--audience", "public"]);
    let files = site::files(&public);
    let leaks: Vec<String> = markers
        .iter()
        .flat_map(|marker| {
            let lower = marker.to_lowercase();
            files
                .iter()
                .filter(move |(_, bytes)| {
                    String::from_utf8_lossy(bytes)
                        .to_lowercase()
                        .contains(&lower)
                })
                .map(move |(name, _)| format!("{marker:?} in {name}"))
        })
        .collect();
    assert!(leaks.is_empty(), "published:\n{}", leaks.join("\n"));

    // A portal of outcomes: goals and public initiatives, no engineering view.
    for page in [
        "index.html",
        "executive/index.html",
        "goals/faster-page-loads/index.html",
        "initiatives/cloud-migration/index.html",
        "changelog/index.html",
        "changelog.xml",
        "roadmap.json",
        "roadmap.csv",
        "goals.csv",
    ] {
        assert!(files.contains_key(page), "{page} is missing");
    }
    assert!(
        !files.keys().any(|f| f.starts_with("engineering/")),
        "{:?}",
        files.keys()
    );
    // Nor does the executive board filter by the engineering view's data.
    let executive = String::from_utf8_lossy(&files["executive/index.html"]);
    assert!(!executive.contains("board-data") && !executive.contains("filter.js"));
    let public_json: Value = serde_json::from_slice(&files["roadmap.json"]).unwrap();
    for initiative in public_json["initiatives"].as_array().unwrap() {
        for field in ["effort", "cost", "owner"] {
            assert!(
                initiative[field].is_null(),
                "{field} of {}",
                initiative["id"]
            );
        }
        assert_eq!(initiative["details_markdown"], "");
        assert_eq!(initiative["risks"], serde_json::json!([]));
    }
    for change in public_json["changes"].as_array().unwrap() {
        assert!(change.get("author").is_none(), "{change}");
    }
    let broken = site::broken_links(&public);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_public_profile_may_publish_the_engineering_view_but_never_internal_hosts() {
    let roadmap = example_in_git();
    let config = roadmap.read("roadmap.toml");
    roadmap.write(
        "roadmap.toml",
        &format!("{config}\n[audience.public]\nengineering = true\n"),
    );
    let (_dir, public) = build_ok(roadmap.path(), &["--audience", "public"]);
    let files = site::files(&public);
    let cloud =
        String::from_utf8_lossy(&files["initiatives/cloud-migration/index.html"]).into_owned();
    assert!(cloud.contains("Risks and mitigations"), "{cloud}");
    assert!(files.contains_key("engineering/index.html"));
    let hosts: Vec<&String> = files
        .iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("acme.internal"))
        .map(|(name, _)| name)
        .collect();
    assert!(hosts.is_empty(), "internal hosts in {hosts:?}");
    let broken = site::broken_links(&public);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Every way a body, a field or a commit can name an internal host.
const HOSTILE_BODY: &str = "Plan in [the wiki](https://wiki.corp.example/plan) and \
    <https://jira.corp.example/browse/X-1>, see ![chart](http://img.corp.example/c.png) \
    or [ref][1] or the bare https://corp.example:8443/a?b#c or just wiki.corp.example.\n\n\
    [1]: https://wiki.corp.example/ref \"Title\"\n\n```\ncurl https://api.corp.example/v1\n```\n\n\
    Public [docs](https://docs.example.com/) stay.\n";

#[test]
fn links_to_internal_hosts_appear_nowhere_in_a_public_build() {
    let roadmap = Roadmap::empty();
    roadmap
        .write(
            "roadmap.toml",
            "title = \"Acme\"\n[audience]\ninternal_hosts = [\"*.corp.example\", \"corp.example\"]\n",
        )
        .write("content/goals/speed.md", &format!("---\ntitle: Speed\nvisibility: public\n---\n{HOSTILE_BODY}"))
        .write(
            "content/initiatives/work.md",
            &format!(
                "---\ntitle: Work\nvisibility: public\nstatus: planned\ngoals: [speed]\n\
                 summary: See https://wiki.corp.example/summary for more\n\
                 links:\n  - title: Ticket\n    url: https://jira.corp.example/X-2\n  - title: Docs\n    url: https://docs.example.com/work\n\
                 changelog:\n  - date: \"2026-10-01\"\n    change: Moved, see https://jira.corp.example/X-3\n    why: Asked in wiki.corp.example\n\
                 ---\n{HOSTILE_BODY}"
            ),
        );
    let repo = Repository::init(roadmap.path()).unwrap();
    commit(&repo, "Add the work, as https://jira.corp.example/X-4 asks");
    let (_internal_dir, internal) = build_ok(roadmap.path(), &[]);
    let in_internal = site::files(&internal)
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("corp.example"));
    assert!(in_internal, "the test would prove nothing");
    let (_dir, public) = build_ok(roadmap.path(), &["--audience", "public"]);
    let files = site::files(&public);
    let leaks: Vec<&String> = files
        .iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .to_lowercase()
                .contains("corp.example")
        })
        .map(|(name, _)| name)
        .collect();
    assert!(leaks.is_empty(), "internal hosts in {leaks:?}");
    let goal = String::from_utf8_lossy(&files["goals/speed/index.html"]).into_owned();
    assert!(goal.contains("Plan in the wiki and"), "{goal}");
    assert!(
        goal.contains("<a href=\"https://docs.example.com/\">docs</a>"),
        "{goal}"
    );
    let json = String::from_utf8_lossy(&files["roadmap.json"]).into_owned();
    assert!(json.contains("https://docs.example.com/work"), "{json}");
}

#[test]
fn raw_html_that_linked_to_an_internal_host_links_nowhere_in_a_public_build() {
    let roadmap = Roadmap::empty();
    roadmap
        .write(
            "roadmap.toml",
            "title = \"Acme\"\n[audience]\ninternal_hosts = [\"*.corp.example\"]\n",
        )
        .write(
            "content/goals/speed.md",
            "---\ntitle: Speed\nvisibility: public\n---\nRead <a href=\"https://wiki.corp.example/plan\">the plan</a> \
             and <a href=\"https://docs.example.com/\">the docs</a>.\n\n\
             <img src=\"https://img.corp.example/chart.png\" alt=\"The chart\">\n",
        )
        .write(
            "content/initiatives/work.md",
            "---\ntitle: Work\nvisibility: public\nstatus: planned\ngoals: [speed]\n---\nBody.\n",
        );
    let (_dir, public) = build_ok(roadmap.path(), &["--audience", "public"]);
    let files = site::files(&public);
    let goal = String::from_utf8_lossy(&files["goals/speed/index.html"]);
    assert!(
        !goal.contains("=\"(internal link)"),
        "a link or image to nowhere: {goal}"
    );
    assert!(
        goal.contains("the plan</a>") && goal.contains("The chart"),
        "{goal}"
    );
    assert!(
        goal.contains("<a href=\"https://docs.example.com/\""),
        "{goal}"
    );
}

#[test]
fn a_public_build_with_nothing_public_says_how_to_mark_it() {
    let roadmap = Roadmap::empty();
    roadmap
        .write("roadmap.toml", "title = \"Acme\"\n")
        .write("content/goals/speed.md", "---\ntitle: Speed\n---\nWhy.\n")
        .write(
            "content/initiatives/work.md",
            "---\ntitle: Work\nstatus: planned\ngoals: [speed]\n---\nBody.\n",
        );
    let dir = tempfile::tempdir().unwrap();
    let output = build(
        roadmap.path(),
        &dir.path().join("public"),
        &["--audience", "public"],
    );
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "the public build has no public goal",
        "the public build has no public initiative",
        "visibility: public",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
    }
    // An internal build has nothing to warn about.
    let output = build(roadmap.path(), &dir.path().join("internal"), &[]);
    assert!(!String::from_utf8_lossy(&output.stderr).contains("no public"));
}

#[test]
fn serve_of_a_public_roadmap_with_nothing_public_says_how_to_mark_it() {
    let roadmap = Roadmap::empty();
    roadmap
        .write(
            "roadmap.toml",
            "title = \"Acme\"\n\n[build]\naudience = \"public\"\n",
        )
        .write(
            "content/initiatives/work.md",
            "---\ntitle: Work\nstatus: planned\n---\nBody.\n",
        );
    let server = crate::common::server::Server::start(roadmap.path());
    server.wait_for_stderr("the public build has no public initiative");
    server.wait_for_stderr("visibility: public");
}

#[test]
fn an_internal_host_that_is_no_host_name_is_a_config_error() {
    let roadmap = Roadmap::empty();
    roadmap.write(
        "roadmap.toml",
        "[audience]\ninternal_hosts = [\"*.acme.internal\", \"https://jira.acme.internal/\"]\n",
    );
    roadmap
        .check()
        .only("config")
        .at("roadmap.toml", 2, 38)
        .says("`https://jira.acme.internal/` is not a host name")
        .helps("\"*.acme.internal\"");
}
