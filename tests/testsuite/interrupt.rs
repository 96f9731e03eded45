//! A build killed at any moment leaves either the previous site or the new
//! one, whole: never a mix, never none.

use crate::common::{build, build_command, site, Roadmap};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// Enough initiatives that a build takes a while to kill.
const INITIATIVES: usize = 600;

fn roadmap(title: &str) -> Roadmap {
    let roadmap = Roadmap::generated(INITIATIVES, 7, 200);
    roadmap.write("roadmap.toml", &format!("title = \"{title}\"\n"));
    roadmap
}

/// The site title every page of the output names, asserting they agree
/// and that the site is complete.
fn whole_site_title(out: &Path) -> String {
    let files = site::files(out);
    let pages = files
        .keys()
        .filter(|name| name.starts_with("initiatives/"))
        .count();
    assert_eq!(pages, INITIATIVES, "an incomplete site");
    let titles: std::collections::BTreeSet<String> = files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(_, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            let start = html
                .find("class=\"site-title\"")
                .expect("every page names the site");
            html[start..]
                .split('>')
                .nth(2)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(titles.len(), 1, "pages of two builds mixed: {titles:?}");
    titles.into_iter().next().unwrap()
}

#[test]
fn a_killed_build_leaves_one_whole_site() {
    let roadmap = roadmap("First");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(roadmap.path(), &out, &["--quiet"]).status.success());
    assert_eq!(whole_site_title(&out), "First");
    roadmap.write("roadmap.toml", "title = \"Second\"\n");
    let mut seen = std::collections::BTreeSet::new();
    for delay in [0, 5, 15, 30, 60, 100, 150, 250, 400, 700] {
        let mut child = build_command(roadmap.path(), &out, &["--quiet"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let title = whole_site_title(&out);
        assert!(title == "First" || title == "Second", "{title}");
        seen.insert(title);
        if seen.contains("Second") {
            // Back to the old site, to interrupt the next swap too.
            roadmap.write("roadmap.toml", "title = \"First\"\n");
            seen.clear();
        } else {
            roadmap.write("roadmap.toml", "title = \"Second\"\n");
        }
    }
    // A finished build clears what the killed ones left beside the output.
    assert!(build(roadmap.path(), &out, &["--quiet"]).status.success());
    assert_eq!(site::beside(&out), Vec::<String>::new());
}
