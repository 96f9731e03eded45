//! A large roadmap's views are split, so that no page grows past what a
//! browser opens quickly: the engineering view by team and page, the
//! changelog by page, the executive board to a readable length.

use crate::common::{build_ok, site, Roadmap};

/// The largest HTML page a build may write.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

fn large_roadmap() -> Roadmap {
    let roadmap = Roadmap::empty();
    roadmap.write("roadmap.toml", "title = \"Large\"\n");
    roadmap.write("content/goals/speed.md", "---\ntitle: Speed\n---\n");
    // 420 in one team (three pages), 30 in another: 450 in all, over the split.
    for i in 0..450 {
        let team = if i < 420 { "platform" } else { "web" };
        let depends = if i > 1 && i % 50 == 1 {
            format!("depends_on: [i{:03}]\n", i - 1)
        } else {
            String::new()
        };
        roadmap.write(
            &format!("content/initiatives/{team}/i{i:03}.md"),
            &format!(
                "---\ntitle: Initiative {i}\nstatus: planned\nteam: {team}\ngoals: [speed]\nquarter: \"2027-Q{}\"\n{depends}\
                 changelog:\n  - date: \"2026-10-01\"\n    change: Planned\n    why: Because\n  - date: \"2026-11-01\"\n    change: Sized\n    why: Estimate\n---\nBody.\n",
                1 + i % 4
            ),
        );
    }
    roadmap
}

#[test]
fn a_large_roadmap_is_split_into_readable_pages() {
    let roadmap = large_roadmap();
    let (_dir, out) = build_ok(roadmap.path(), &[]);
    let files = site::files(&out);

    let overview = String::from_utf8_lossy(&files["engineering/index.html"]).into_owned();
    assert!(overview.contains("href=\"../engineering/teams/platform/index.html\">platform</a>"));
    assert!(overview.contains("href=\"../engineering/teams/web/index.html\">web</a>"));
    // The overview lists the first initiatives itself, and loads every
    // one's data for its script to page through.
    assert!(overview.contains("id=\"initiative-table\""));
    assert!(overview.contains("The first 100 of 450 initiatives"));
    assert!(overview.contains("src=\"../engineering/data/1.js\""));
    assert!(files.contains_key("engineering/data/1.js"));

    let first =
        String::from_utf8_lossy(&files["engineering/teams/platform/index.html"]).into_owned();
    assert!(
        first.contains("Page 2") && files.contains_key("engineering/teams/platform/2/index.html")
    );
    assert!(!files.contains_key("engineering/teams/web/2/index.html"));
    // Every initiative is on exactly one team page.
    let rows: usize = files
        .iter()
        .filter(|(name, _)| name.starts_with("engineering/teams/"))
        .map(|(_, bytes)| {
            String::from_utf8_lossy(bytes)
                .matches("<tr data-status=")
                .count()
        })
        .sum();
    assert_eq!(rows, 450);

    // 900 changes: two changelog pages, linked both ways.
    let changelog = String::from_utf8_lossy(&files["changelog/index.html"]).into_owned();
    assert!(changelog.contains("Page 1 of 2") && changelog.contains("rel=\"next\""));
    assert!(files.contains_key("changelog/page/2/index.html"));

    let executive = String::from_utf8_lossy(&files["executive/index.html"]).into_owned();
    assert!(
        executive.contains("more</a> in the list of every initiative"),
        "the board is cut to length"
    );
    // The rest of a column is the overview's table filtered to it: its
    // horizon and open work only.
    let open_work = "&amp;status=proposed&amp;status=planned&amp;status=in-progress\
                     &amp;status=at-risk&amp;status=blocked#initiatives\">And ";
    let horizons = ["now", "next", "later"]
        .map(|horizon| format!("href=\"../engineering/index.html?horizon={horizon}{open_work}"));
    assert!(
        horizons
            .iter()
            .any(|link| executive.contains(link.as_str())),
        "the board's \"more\" links to the filtered list"
    );

    for (name, bytes) in &files {
        if name.ends_with(".html") {
            assert!(
                bytes.len() <= MAX_PAGE_BYTES,
                "{name} is {} bytes",
                bytes.len()
            );
        }
    }
    let broken = site::broken_links(&out);
    assert!(
        broken.is_empty(),
        "broken links:\n{}",
        broken[..broken.len().min(20)].join("\n")
    );
}

/// The `<script type="application/json" id="table-data">` of a page.
fn table_data(html: &str) -> serde_json::Value {
    let start = html
        .find("id=\"table-data\">")
        .map(|at| at + "id=\"table-data\">".len())
        .expect("the page has the table's data");
    let end = start + html[start..].find("</script>").expect("closed");
    serde_json::from_str(&html[start..end]).expect("JSON")
}

/// The ids of the records in a script of the table's data.
fn part_ids(script: &[u8]) -> Vec<String> {
    let script = String::from_utf8_lossy(script);
    let json = script
        .strip_prefix("(self.waymarkTable = self.waymarkTable || []).push(")
        .and_then(|rest| rest.strip_suffix(");\n"))
        .expect("a script of the table's data");
    let records: Vec<serde_json::Value> = serde_json::from_str(json).expect("JSON");
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_team_page_loads_its_own_records_which_the_overview_loads_with_the_others() {
    let roadmap = large_roadmap();
    let (_dir, out) = build_ok(roadmap.path(), &[]);
    let files = site::files(&out);
    let page = |name: &str| String::from_utf8_lossy(&files[name]).into_owned();
    let row_ids = |html: &str| -> Vec<String> {
        html.split("<tr data-status=")
            .skip(1)
            .map(|row| {
                let at = row.find("<code>").expect("the row's id") + "<code>".len();
                row[at..at + row[at..].find("</code>").unwrap()].to_owned()
            })
            .collect()
    };
    let mut listed = Vec::new();
    for (number, team_page) in [
        "engineering/teams/platform/index.html",
        "engineering/teams/platform/2/index.html",
        "engineering/teams/platform/3/index.html",
        "engineering/teams/web/index.html",
    ]
    .into_iter()
    .enumerate()
    {
        let html = page(team_page);
        // Its records are not written into the page, but into one script
        // of the table's data that the page loads: the same initiatives as
        // its rows, in the same order.
        assert_eq!(table_data(&html)["records"], serde_json::Value::Null);
        let part = format!("engineering/data/{}.js", number + 1);
        let loads = html.matches("engineering/data/").count();
        assert_eq!(loads, 1, "{team_page} loads one script of data");
        assert!(
            html.contains(&format!("/{part}\"></script>")),
            "{team_page}"
        );
        assert_eq!(part_ids(&files[part.as_str()]), row_ids(&html), "{part}");
        listed.extend(row_ids(&html));
    }
    assert!(!files.contains_key("engineering/data/5.js"));
    // The overview loads all four, and lists what they hold by id.
    let overview = page("engineering/index.html");
    for part in 1..=4 {
        assert!(overview.contains(&format!("src=\"../engineering/data/{part}.js\"")));
    }
    assert_eq!(table_data(&overview)["by_id"], true);
    listed.sort();
    let every: Vec<String> = (0..450).map(|i| format!("i{i:03}")).collect();
    assert_eq!(listed, every, "every initiative in one script, once");
}
