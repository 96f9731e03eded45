//! `waymark build` end to end: the pages, what each audience sees, links,
//! feed, exports, determinism and what happens when a build fails.

use crate::common::{build, build_ok, fixture, site, Roadmap};
use std::path::Path;

/// The site fixture built into a temporary folder.
struct Built {
    _roadmap: Roadmap,
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
}

impl Built {
    fn new() -> Built {
        let roadmap = Roadmap::copy_of(&fixture("site"));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let output = build(roadmap.path(), &out, &[]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Built {
            _roadmap: roadmap,
            _dir: dir,
            out,
        }
    }

    fn read(&self, page: &str) -> String {
        std::fs::read_to_string(self.out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
    }
}

#[test]
fn every_page_is_written() {
    let built = Built::new();
    for page in [
        "index.html",
        "executive/index.html",
        "engineering/index.html",
        "initiatives/cloud/index.html",
        "initiatives/database/index.html",
        "initiatives/frontend/index.html",
        "initiatives/ci-speedup/index.html",
        "goals/speed/index.html",
        "goals/scale/index.html",
        "changelog/index.html",
        "changelog.xml",
        "roadmap.json",
        "roadmap.csv",
        "404.html",
        "style.css",
        "filter.js",
    ] {
        assert!(built.out.join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn the_build_ends_with_one_line_of_pages_and_time() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let dir = tempfile::tempdir().unwrap();
    let output = build(roadmap.path(), &dir.path().join("public"), &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    let last = stderr.lines().last().unwrap();
    assert!(last.starts_with("built 11 pages into "), "{stderr}");
    assert!(last.ends_with(" s"), "{stderr}");
    let quiet = build(roadmap.path(), &dir.path().join("public"), &["--quiet"]);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8(quiet.stderr).unwrap(), "");
}

#[test]
fn the_executive_page_shows_outcomes_but_no_engineering_detail() {
    let built = Built::new();
    let page = built.read("executive/index.html");
    assert!(
        !page.contains("SECRET-"),
        "technical details, risks or mitigations leaked"
    );
    for engineering_only in [
        "person-weeks",
        "Depends on",
        "Needs first",
        "Mitigation",
        "Risk",
    ] {
        assert!(
            !page.contains(engineering_only),
            "`{engineering_only}` on the executive page"
        );
    }
    // What executives do see: goals with metrics, the board, latest changes.
    assert!(page.contains("Faster pages"));
    assert!(page.contains("3 s → <strong>1.5 s</strong>"));
    assert!(page.contains("Move the shop to the cloud so that peak sales do not take it down."));
    for column in ["Now", "Next", "Later"] {
        assert!(
            page.contains(&format!(">{column} <span class=\"count\">")),
            "{column} column"
        );
    }
    assert!(page.contains("Moved the end from 2026-Q4 to 2027-Q1"));
}

#[test]
fn the_executive_board_can_be_filtered_from_the_engineering_tables_data() {
    let built = Built::new();
    let page = built.read("executive/index.html");
    let data = page
        .split("<script type=\"application/json\" id=\"board-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the board's data");
    let data: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(
        data["parts"],
        serde_json::json!(["../engineering/data/1.js"])
    );
    assert_eq!(data["engineering"], "../engineering/index.html");
    // The data a small roadmap's engineering page carries inline is
    // written as a script too, for the board to load.
    let table = built.read("engineering/data/1.js");
    assert!(table.starts_with("(self.waymarkTable = self.waymarkTable || []).push(["));
    for id in ["cloud", "database", "frontend"] {
        assert!(table.contains(&format!("\"id\":\"{id}\"")), "{id}");
    }
    assert!(page.contains("<script src=\"../filter.js\"></script>"));
    assert!(
        page.contains("data-id=\"cloud\""),
        "cards name their initiative"
    );
    assert!(
        page.contains("data-horizon=\"now\""),
        "columns name their horizon"
    );
}

#[test]
fn the_engineering_page_has_the_full_picture() {
    let built = Built::new();
    let page = built.read("engineering/index.html");
    assert!(page.contains("class=\"chart chart-timeline\""));
    assert!(page.contains("class=\"chart chart-capacity\""));
    assert!(page.contains("class=\"chart chart-matrix\""));
    assert!(page.contains("SECRET-RISK-cloud outage during cut-over"));
    assert!(page.contains("SECRET-MITIGATION-blue-green switch"));
    assert!(page.contains(
        "data-status=\"in-progress\" data-category=\"infrastructure\" data-team=\"platform\""
    ));
    // The critical chain is named in words too.
    assert!(page.contains("Cloud migration</a> → <a href=\"../initiatives/database/index.html\">Database optimisation"));
}

#[test]
fn an_initiative_page_has_everything_about_it() {
    let built = Built::new();
    let page = built.read("initiatives/database/index.html");
    assert!(page.contains("SECRET-DETAILS-database"));
    assert!(
        page.contains("href=\"../../initiatives/cloud/index.html\""),
        "prerequisite link"
    );
    assert!(
        page.contains("href=\"../../initiatives/frontend/index.html\""),
        "dependent link"
    );
    assert!(page.contains("class=\"chart chart-neighbourhood\""));
    assert!(page.contains("Added to the roadmap"));
    let frontend = built.read("initiatives/frontend/index.html");
    assert!(frontend.contains("<table>"), "Markdown tables render");
    assert!(
        frontend.contains("<h3 id=\"budget\">Budget"),
        "headings get anchors"
    );
    assert!(frontend.contains("footnote"), "footnotes render");
}

#[test]
fn changelog_text_is_escaped() {
    let built = Built::new();
    let page = built.read("changelog/index.html");
    assert!(
        page.contains("Vendor &lt;delays&gt; &amp; &quot;surprises&quot;"),
        "{page}"
    );
    assert!(!page.contains("<delays>"));
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let built = Built::new();
    let broken = site::broken_links(&built.out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_example_roadmap_builds_with_no_broken_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let broken = site::broken_links(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_feed_is_atom_with_one_entry_per_change() {
    let built = Built::new();
    let xml = built.read("changelog.xml");
    let feed: atom_syndication::Feed = xml.parse().expect("valid Atom");
    assert_eq!(feed.entries().len(), 4);
    assert_eq!(feed.updated().to_rfc3339(), "2026-11-12T00:00:00+00:00");
    let newest = &feed.entries()[0];
    assert_eq!(
        newest.title().as_str(),
        "Database optimisation: Added to the roadmap"
    );
    assert_eq!(
        newest.links()[0].href(),
        "https://roadmap.example.internal/plans/initiatives/database/index.html"
    );
    let escaped = feed
        .entries()
        .iter()
        .find(|e| e.title().contains("Moved the end"))
        .unwrap();
    let content = escaped.content().unwrap().value().unwrap();
    assert!(
        content.contains("Why: Vendor &lt;delays&gt; &amp;"),
        "{content}"
    );
    assert!(feed.entries().iter().all(|e| e.id().starts_with("tag:")));
}

#[test]
fn feed_ids_do_not_change_when_the_site_moves() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let dir = tempfile::tempdir().unwrap();
    let ids = |base: &str, name: &str| -> Vec<String> {
        let out = dir.path().join(name);
        assert!(build(roadmap.path(), &out, &["--base-url", base])
            .status
            .success());
        let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
        let feed: atom_syndication::Feed = xml.parse().unwrap();
        assert!(feed.entries()[0].links()[0].href().starts_with(base));
        feed.entries().iter().map(|e| e.id().to_owned()).collect()
    };
    assert_eq!(
        ids("https://old.example.internal/", "old"),
        ids("https://new.example.internal/roadmap/", "new")
    );
}

#[test]
fn the_json_export_round_trips_the_model() {
    let built = Built::new();
    let json: serde_json::Value = serde_json::from_str(&built.read("roadmap.json")).unwrap();
    assert_eq!(json["title"], "Site fixture roadmap");
    let initiatives = json["initiatives"].as_array().unwrap();
    let ids: Vec<&str> = initiatives
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ci-speedup", "cloud", "database", "frontend"]);
    let database = &initiatives[2];
    assert_eq!(database["status"], "planned");
    assert_eq!(database["depends_on"], serde_json::json!(["cloud"]));
    assert_eq!(database["dependents"], serde_json::json!(["frontend"]));
    assert_eq!(
        database["schedule"],
        serde_json::json!({"start": "2027-Q2", "end": "2027-Q2"})
    );
    assert_eq!(database["goals"], serde_json::json!(["scale", "speed"]));
    let speed = json["goals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "speed")
        .unwrap();
    assert_eq!(
        speed["initiatives"],
        serde_json::json!(["ci-speedup", "database", "frontend"])
    );
    assert_eq!(
        json["critical_chain"],
        serde_json::json!(["cloud", "database", "frontend"])
    );
}

/// The header and the rows of a CSV hand-out, which must start with a
/// UTF-8 byte order mark so that spreadsheets read it as UTF-8.
fn csv_table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(text.starts_with('\u{feff}'), "no byte order mark");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|row| row.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn the_csv_export_has_one_row_per_initiative() {
    let built = Built::new();
    let (header, rows) = csv_table(&built.read("roadmap.csv"));
    assert_eq!(
        header,
        [
            "id",
            "title",
            "justification",
            "team",
            "category",
            "kind",
            "status",
            "horizon",
            "start",
            "end",
            "effort",
            "progress",
            "cost",
            "impact",
            "owner",
            "goals",
            "depends_on",
            "reviewed",
            "needs_review",
            "overdue",
            "overdue_by",
            "at_risk",
            "at_risk_because",
            "schedule_conflicts",
            "first_planned_end",
            "slips",
            "slipped_quarters"
        ]
    );
    assert_eq!(rows.len(), 4);
    let cloud = rows.iter().find(|r| r[0] == "cloud").unwrap();
    assert_eq!(
        cloud,
        &[
            "cloud",
            "Cloud migration",
            "Move the shop to the cloud so that peak sales do not take it down.",
            "platform",
            "infrastructure",
            "technology",
            "in-progress",
            "now",
            "2026-Q4",
            "2027-Q1",
            "10",
            "40",
            "4",
            "5",
            "Ada",
            "scale",
            "",
            "",
            "false",
            "false",
            "",
            "false",
            "",
            "",
            // No git history: the file is the first plan.
            "2027-Q1",
            "0",
            "0"
        ]
    );
    let database = rows.iter().find(|r| r[0] == "database").unwrap();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(
        (
            &*database[column("goals")],
            &*database[column("depends_on")]
        ),
        ("scale; speed", "cloud")
    );
}

#[test]
fn the_goals_csv_has_one_row_per_goal() {
    let built = Built::new();
    let (header, rows) = csv_table(&built.read("goals.csv"));
    assert_eq!(
        header,
        [
            "id",
            "title",
            "target",
            "owner",
            "progress",
            "at_risk",
            "at_risk_because",
            "initiatives",
            "metrics"
        ]
    );
    assert_eq!(rows.len(), 2);
    let scale = rows.iter().find(|r| r[0] == "scale").unwrap();
    assert_eq!(scale[1..3], ["Scale up 30%", "2027-Q2"]);
    assert_eq!(scale[7], "cloud; database");
    let footer = built.read("index.html");
    assert!(footer.contains("href=\"goals.csv\""), "{footer}");
}

#[test]
fn two_builds_are_byte_identical() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    assert!(build(roadmap.path(), &first, &[]).status.success());
    assert!(build(roadmap.path(), &second, &[]).status.success());
    let (a, b) = (site::files(&first), site::files(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between builds");
    }
}

/// A site built from `roadmap` into a temporary folder, with its files as
/// they were, to compare with after a build that fails.
struct Previous {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
    files: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Previous {
    fn built(roadmap: &Roadmap) -> Previous {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(build(roadmap.path(), &out, &[]).status.success());
        let files = site::files(&out);
        Previous {
            _dir: dir,
            out,
            files,
        }
    }

    /// The site is as it was, and no staging folder is left beside it.
    fn assert_untouched(&self) {
        assert_eq!(site::files(&self.out), self.files);
        assert_eq!(site::beside(&self.out), Vec::<String>::new());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let previous = Previous::built(&roadmap);
    roadmap.edit(
        "content/initiatives/data/database.md",
        "depends_on: [cloud]",
        "depends_on: [clod]",
    );
    let failed = build(roadmap.path(), &previous.out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8(failed.stderr).unwrap();
    assert!(stderr.contains("error[unknown-dependency]"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    previous.assert_untouched();
}

#[test]
fn a_template_error_leaves_the_previous_site_untouched() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let previous = Previous::built(&roadmap);
    roadmap.write("templates/goal.html", "{% extends \"base.html\" %}{% block content %}{{ goal.nope.deeper }}{% endblock content %}");
    let failed = build(roadmap.path(), &previous.out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("goals/"),
        "names the page"
    );
    previous.assert_untouched();
}

#[test]
fn a_template_error_names_the_overrides_path_line_and_column() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    roadmap.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  <h1>{{ goal.titel }}</h1>\n{% endblock content %}\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let failed = build(roadmap.path(), &dir.path().join("public"), &[]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("undefined value"), "{stderr}");
    assert!(stderr.contains("--> templates/goal.html:3:10"), "{stderr}");
    assert!(
        stderr.contains("3 |   <h1>{{ goal.titel }}</h1>"),
        "{stderr}"
    );
    assert!(stderr.contains("  |          ^^^^^^^^^^\n"), "{stderr}");
    // The values the page had are not dumped on the terminal.
    assert!(!stderr.contains("body_markdown"), "{stderr}");
}

#[test]
fn a_write_that_fails_names_its_path_and_leaves_the_previous_site() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let previous = Previous::built(&roadmap);
    // A static file where the site has the folder of initiative pages.
    roadmap.write("static/initiatives", "not a folder");
    let failed = build(roadmap.path(), &previous.out, &[]);
    assert_eq!(failed.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("could not write"), "{stderr}");
    assert!(stderr.contains("initiatives`"), "names the path: {stderr}");
    previous.assert_untouched();
}

#[cfg(unix)]
#[test]
fn a_rebuild_carries_unchanged_files_over_and_writes_the_rest() {
    use std::os::unix::fs::MetadataExt;
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let previous = Previous::built(&roadmap);
    let identity = |page: &str| {
        let found = std::fs::metadata(previous.out.join(page)).unwrap();
        (found.ino(), found.modified().unwrap())
    };
    let unchanged = identity("initiatives/cloud/index.html");
    // A page edited by hand in the output is not what the build makes.
    std::fs::write(
        previous.out.join("initiatives/frontend/index.html"),
        "edited by hand",
    )
    .unwrap();
    roadmap.edit(
        "content/initiatives/web/ci-speedup.md",
        "Faster builds.",
        "Builds in four minutes.",
    );
    assert!(build(roadmap.path(), &previous.out, &[]).status.success());

    assert_eq!(identity("initiatives/cloud/index.html"), unchanged);
    let fresh = tempfile::tempdir().unwrap();
    assert!(build(roadmap.path(), fresh.path(), &[]).status.success());
    let rebuilt = site::files(&previous.out);
    assert_eq!(rebuilt, site::files(fresh.path()));
    let changed = String::from_utf8_lossy(&rebuilt["initiatives/ci-speedup/index.html"]);
    assert!(changed.contains("Builds in four minutes."), "{changed}");
}

#[test]
fn a_folder_waymark_did_not_create_is_never_replaced() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("precious.txt"), "keep me").unwrap();
    let output = build(roadmap.path(), &out, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("waymark did not create it"));
    assert_eq!(
        std::fs::read_to_string(out.join("precious.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn the_output_may_not_be_the_roadmap_itself() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    for target in [
        roadmap.path().to_owned(),
        roadmap.path().join("content/out"),
    ] {
        let output = build(roadmap.path(), &target, &[]);
        assert_eq!(output.status.code(), Some(2), "{}", target.display());
        assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to write the site"));
    }
}

#[test]
fn templates_override_the_theme_and_static_files_are_copied() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    roadmap.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost? CUSTOM-404</h1>{% endblock content %}",
    );
    roadmap.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(roadmap.path(), &out, &[]).status.success());
    assert!(std::fs::read_to_string(out.join("404.html"))
        .unwrap()
        .contains("CUSTOM-404"));
    assert!(out.join("logo.svg").is_file());
}

#[test]
fn overrides_link_pages_through_the_page_map_or_by_the_paths_they_always_had() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    roadmap.write(
        "templates/goal.html",
        "{% extends \"base.html\" %}{% block content %}{% for item in initiatives %}\
         <a class=\"asked\" href=\"{{ root }}{{ initiative_path(id=item.id) }}\">a</a>\
         <a class=\"spelt\" href=\"{{ root }}initiatives/{{ item.id }}/index.html\">b</a>\
         {% endfor %}<a href=\"{{ root }}{{ page_path(name='executive') }}\">c</a>\
         {% endblock content %}",
    );
    let (_dir, out) = build_ok(roadmap.path(), &[]);
    let goal = std::fs::read_to_string(out.join("goals/speed/index.html")).unwrap();
    let links = |class: &str| -> Vec<&str> {
        goal.split(&format!("class=\"{class}\" href=\""))
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect()
    };
    assert!(!links("asked").is_empty(), "{goal}");
    assert_eq!(links("asked"), links("spelt"));
    assert!(
        goal.contains("href=\"../../executive/index.html\""),
        "{goal}"
    );
    assert_eq!(site::broken_links(&out), Vec::<String>::new());
}

#[test]
fn no_page_requests_anything_outside_the_site() {
    let built = Built::new();
    for (name, bytes) in site::files(&built.out) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for src in site::attribute_values(&html, "src") {
            assert!(!src.contains("://"), "{name} loads {src}");
        }
        for tag in html.split("<link ").skip(1) {
            let href = site::attribute_values(&format!(" {tag}"), "href")[0].to_owned();
            assert!(!href.contains("://"), "{name} links a resource from {href}");
        }
    }
}
