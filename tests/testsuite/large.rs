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
    // 420 in one team (two pages), 30 in another: 450 in all, over the split.
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
