//! Hostile content: script payloads in every field a writer controls must
//! come out as inert text, links may use safe schemes only, raw HTML is
//! sanitised unless the roadmap opts out, and CSV cells cannot become
//! spreadsheet formulas. And the output folder's rules: builds into one
//! output take turns, the site never lands in a folder waymark reads, and
//! a write that fails says why.

use crate::common::{
    self, build, build_command, build_ok, output_within, site, wait_within, Roadmap, DEADLINE,
};
use std::process::{Command, Stdio};

const PAYLOADS: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'onmouseover='alert(3)",
    "</title><svg onload=alert(4)>",
    "=HYPERLINK(\"http://evil.example\")",
];

/// Every payload, joined: one string that tries everything at once.
fn hostile() -> String {
    PAYLOADS.join(" ")
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn hostile_roadmap() -> Roadmap {
    let roadmap = Roadmap::empty();
    let h = yaml_string(&hostile());
    roadmap.write(
        "roadmap.toml",
        &format!(
            "title = {h}\ndescription = {h}\nvision = {h}\nbase_url = \"https://x.example/\"\n"
        ),
    );
    roadmap.write(
        "content/goals/g.md",
        &format!(
            "---\ntitle: {h}\nowner: {h}\nmetrics:\n  - name: {h}\n    baseline: {h}\n    target: {h}\n---\n{}\n",
            hostile()
        ),
    );
    let body = "Summary <script>alert(5)</script> <a href=\"javascript:alert(6)\">x</a>\n\n<!-- more -->\n\n\
                <iframe src=\"https://evil.example\"></iframe><img src=\"data:image/svg+xml,<svg onload=alert(7)>\">\
                <div style=\"position:fixed;inset:0\">cover</div><form action=\"https://evil.example\"><input name=p></form>\n";
    let initiative = |extra: &str| {
        format!(
            "---\ntitle: {h}\nstatus: in-progress\nkind: product\ncategory: {h}\nowner: {h}\nteam: {h}\nsummary: {h}\n\
             goals: [g]\nstart: \"2026-Q4\"\nend: \"2027-Q1\"\neffort: 3\ncost: 2\nimpact: 4\n{extra}\
             risks:\n  - risk: {h}\n    mitigation: {h}\nmetrics:\n  - name: {h}\n    target: {h}\n\
             links:\n  - title: {h}\n    url: \"https://x.example/?q=<script>alert(8)</script>\"\n\
             changelog:\n  - date: \"2026-11-01\"\n    change: {h}\n    why: {h}\n---\n{body}",
            h = h
        )
    };
    roadmap.write("content/initiatives/a.md", &initiative(""));
    roadmap.write("content/initiatives/b.md", &initiative("depends_on: [a]\n"));
    roadmap
}

/// Every element tag of an HTML or XML text: escaped text has no raw `<`,
/// so what this finds is markup the page really has.
fn tags(text: &str) -> Vec<&str> {
    text.match_indices('<')
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            rest.starts_with(|c: char| c.is_ascii_alphabetic())
                .then(|| &rest[..rest.find('>').unwrap_or(rest.len())])
        })
        .collect()
}

/// A tag's attributes as (name, value) pairs. Values are quoted, and
/// escaped text holds no raw quote, so a value ends at its closing quote.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return found;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
            let (text, remainder) = match quote {
                Some(q) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                }
                None => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
            };
            value = text.to_ascii_lowercase();
            rest = remainder;
        }
        found.push((name, value));
    }
}

/// What in a tag could run or reach out: a handler, a script URL, a frame.
fn dangers(tag: &str) -> Vec<String> {
    let name = tag
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut found = Vec::new();
    if ["iframe", "object", "embed", "frame", "base"].contains(&name.as_str()) {
        found.push(format!("<{name}>"));
    }
    let attributes = attributes(tag);
    // The theme's own filter form submits nowhere; one that posts is foreign.
    if name == "form" && attributes.iter().any(|(a, _)| a == "action") {
        found.push("<form action>".to_owned());
    }
    for (attribute, value) in attributes {
        if attribute.starts_with("on") || attribute == "style" || attribute == "formaction" {
            found.push(format!("attribute {attribute}"));
        }
        let is_url =
            ["href", "src", "action", "xlink:href", "data", "srcset"].contains(&attribute.as_str());
        let value: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        if is_url
            && ["javascript:", "data:", "vbscript:"]
                .iter()
                .any(|s| value.starts_with(s))
        {
            found.push(format!("{attribute}={value}"));
        }
    }
    found
}

#[test]
fn no_payload_becomes_markup_anywhere_in_the_site() {
    let roadmap = hostile_roadmap();
    let (_dir, out) = build_ok(roadmap.path(), &[]);
    let files = site::files(&out);
    let mut found = Vec::new();
    for (name, bytes) in &files {
        if !(name.ends_with(".html") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for tag in tags(&text) {
            for danger in dangers(tag) {
                found.push(format!("{name}: {danger} in <{tag}>"));
            }
        }
        // The only scripts are the theme's own filter and search and the
        // engineering table's data, loaded from the site, and data the
        // browser does not run.
        for tag in tags(&text).into_iter().filter(|t| t.starts_with("script")) {
            let theirs = ["filter.js\"", "search.js\""];
            let data = tag.starts_with("script type=\"application/json\"")
                || (tag.contains("src=\"") && tag.contains("engineering/data/"));
            assert!(
                data || theirs.iter().any(|script| tag.ends_with(script)),
                "{name}: unexpected <{tag}>"
            );
        }
    }
    // The search index holds the payloads as data: each script is one call
    // with one JSON value, which nothing in a title can end early.
    for script in ["search/items.js", "search/words.js"] {
        let text = String::from_utf8_lossy(&files[script]).into_owned();
        let json = text
            .trim_end()
            .strip_suffix(");")
            .and_then(|call| call.split_once(',').map(|(_, json)| json))
            .unwrap_or_else(|| panic!("{script} is one call: {text}"));
        let value: serde_json::Value = serde_json::from_str(json).expect("one JSON value");
        if script.ends_with("items.js") {
            assert!(value.to_string().contains("<script>alert(1)</script>"));
        }
    }
    assert!(found.is_empty(), "dangerous markup:\n{}", found.join("\n"));
    // The payloads are still there, as text a reader can see.
    let initiative = String::from_utf8_lossy(&files["initiatives/a/index.html"]).into_owned();
    assert!(initiative.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        initiative.contains("cover"),
        "the text of removed markup stays"
    );
}

#[test]
fn spreadsheet_formulas_are_neutralised_in_the_csv() {
    let roadmap = hostile_roadmap();
    roadmap.edit(
        "content/initiatives/a.md",
        &format!("title: {}", yaml_string(&hostile())),
        "title: \"=1+2\"",
    );
    roadmap.edit(
        "content/initiatives/b.md",
        &format!("owner: {}", yaml_string(&hostile())),
        "owner: \"@SUM(A1)\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert!(build(roadmap.path(), &out, &[]).status.success());
    let csv_text = std::fs::read_to_string(out.join("roadmap.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let owner = reader.headers().unwrap().iter().position(|h| h == "owner");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][1], "'=1+2");
    assert_eq!(&rows[1][owner.unwrap()], "'@SUM(A1)");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?}"
            );
        }
    }
}

#[test]
fn a_link_with_an_unsafe_scheme_is_a_validation_error() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        "content/initiatives/platform/cloud.md",
        "effort: 10\n",
        "effort: 10\nlinks:\n  - title: Docs\n    url: \"java\\tscript:alert(1)\"\n  - title: Fine\n    url: ../goals/speed/\n",
    );
    roadmap
        .check()
        .only("unsafe-url")
        .at("content/initiatives/platform/cloud.md", 11, 10)
        .says("`javascript:`");
}

#[test]
fn raw_html_is_kept_only_when_the_roadmap_opts_in() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        "content/initiatives/platform/cloud.md",
        "Lift and shift.",
        "Lift and shift.\n\n<details><summary>Plan</summary><script>window.trusted = 1</script></details>",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = |name: &str| {
        let out = dir.path().join(name);
        assert!(build(roadmap.path(), &out, &[]).status.success());
        std::fs::read_to_string(out.join("initiatives/cloud/index.html")).unwrap()
    };
    let sanitised = page("sanitised");
    assert!(
        sanitised.contains("<details><summary>Plan</summary>")
            && !sanitised.contains("window.trusted")
    );
    roadmap.write(
        "roadmap.toml",
        &format!(
            "{}\n[markdown]\nunsafe_html = true\n",
            roadmap.read("roadmap.toml")
        ),
    );
    assert!(page("trusted").contains("<script>window.trusted = 1</script>"));
}

/// Enough initiatives that overlapping builds overlap for a while.
const MANY: usize = 200;

fn many_initiatives() -> Roadmap {
    Roadmap::generated(MANY, 5, 50)
}

#[test]
fn overlapping_builds_into_one_output_leave_one_whole_site() {
    const BUILDS: usize = 5;
    const ROUNDS: usize = 2;
    let roadmap = many_initiatives();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    for round in 0..ROUNDS {
        // Started a little apart, so that one's start falls in another's writing.
        let apart = std::time::Duration::from_millis(40 + 40 * round as u64);
        let builds: Vec<_> = (0..BUILDS)
            .map(|_| {
                std::thread::sleep(apart);
                build_command(roadmap.path(), &out, &[])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<_> = builds
            .into_iter()
            .map(|child| wait_within(child, DEADLINE, "an overlapping build"))
            .collect();
        for output in outputs {
            let stderr = String::from_utf8_lossy(&output.stderr);
            // Taking turns, every build succeeds; one that gives up says why.
            assert!(
                output.status.success()
                    || (output.status.code() == Some(2) && stderr.contains("another build")),
                "round {round}: {:?}: {stderr}",
                output.status
            );
        }
        let files = site::files(&out);
        let pages = files
            .keys()
            .filter(|name| name.starts_with("initiatives/") && name.ends_with("index.html"))
            .count();
        assert_eq!(pages, MANY, "round {round}: pages missing from the site");
        let json = files.get("roadmap.json").expect("roadmap.json is there");
        serde_json::from_slice::<serde_json::Value>(json).expect("roadmap.json parses");
        assert_eq!(site::beside(&out), Vec::<String>::new(), "round {round}");
    }
}

/// `waymark build` of `roadmap` into `output` through `sh`, which first
/// applies `limits` (shell `ulimit` options) to it.
#[cfg(unix)]
fn build_limited(
    roadmap: &std::path::Path,
    output: &std::path::Path,
    limits: &str,
) -> std::process::Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        // Ignored, the signal of an oversized write leaves the write to fail.
        .arg(format!("trap '' XFSZ; ulimit {limits}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_waymark"))
        .args(["build", "--today", common::TODAY, "--output"])
        .arg(output)
        .arg(roadmap)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "4");
    output_within(&mut command, DEADLINE)
}

/// A disk that fills up while pages are written, as a file size limit
/// stands in for it: larger pages fail, smaller files do not.
#[cfg(unix)]
#[test]
fn a_write_that_fails_says_why_every_time_and_is_an_io_problem() {
    let roadmap = Roadmap::empty();
    roadmap.write("content/goals/speed.md", "---\ntitle: Speed\n---\n");
    for i in 0..40 {
        roadmap.write(
            &format!("content/initiatives/i{i:02}.md"),
            &format!("---\ntitle: Initiative {i}\nstatus: planned\ngoals: [speed]\n---\n"),
        );
    }
    // Initiative pages of about 150 kB, over the limit of 50 kB.
    roadmap.write(
        "templates/initiative.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ initiative.title }}</h1>\
         {% for i in range(end=4000) %}<p>padding padding padding padding</p>{% endfor %}{% endblock content %}",
    );
    for attempt in 0..4 {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let failed = build_limited(roadmap.path(), &out, "-f 100");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert_eq!(failed.status.code(), Some(2), "attempt {attempt}: {stderr}");
        assert!(
            stderr.contains("could not write `") && stderr.contains("/index.html`"),
            "attempt {attempt}: names the file: {stderr}"
        );
        assert!(
            stderr.contains("File too large"),
            "attempt {attempt}: says why: {stderr}"
        );
        assert!(!out.exists(), "attempt {attempt}: nothing was published");
        assert_eq!(
            site::beside(&out),
            Vec::<String>::new(),
            "attempt {attempt}"
        );
    }
}

/// Builds into `target`, asserting that the build refuses and changes
/// nothing in the roadmap folder.
fn assert_refused(roadmap: &Roadmap, build_from: &std::path::Path, target: &std::path::Path) {
    let before = site::files(roadmap.path());
    let existed = target.exists();
    let output = build(build_from, target, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}: {stderr}",
        target.display()
    );
    assert!(
        stderr.contains("refusing to write the site"),
        "{}: {stderr}",
        target.display()
    );
    assert_eq!(target.exists(), existed, "{}", target.display());
    assert_eq!(site::files(roadmap.path()), before, "{}", target.display());
}

#[test]
fn the_output_may_not_be_any_folder_that_waymark_reads() {
    let roadmap = Roadmap::copy_of(&common::fixture("site"));
    roadmap.write("templates/404.html", "{% extends \"base.html\" %}");
    roadmap.write("static/logo.svg", "<svg/>");
    std::fs::create_dir_all(roadmap.path().join(".git")).unwrap();
    let root = roadmap.path();
    for target in [
        root.to_owned(),
        root.parent().unwrap().to_owned(),
        root.join("content"),
        root.join("content/goals"),
        root.join("templates"),
        root.join("templates/site"),
        root.join("static"),
        root.join("static/site"),
        root.join("roadmap.toml"),
        root.join(".git"),
        root.join(".git/site"),
        root.join("public/../templates"),
    ] {
        assert_refused(&roadmap, root, &target);
    }
    // Folders that do not exist yet would be read by the next build.
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    std::fs::remove_dir_all(root.join("static")).unwrap();
    for target in [root.join("templates"), root.join("static/css")] {
        assert_refused(&roadmap, root, &target);
    }
}

#[cfg(unix)]
#[test]
fn the_output_may_not_be_a_folder_that_waymark_reads_through_a_link() {
    use std::os::unix::fs::symlink;
    let roadmap = Roadmap::copy_of(&common::fixture("site"));
    let root = roadmap.path();
    let links = tempfile::tempdir().unwrap();
    // A link to the roadmap folder, built through and written through.
    let to_roadmap = links.path().join("roadmap");
    symlink(root, &to_roadmap).unwrap();
    // A link to the folder holding the roadmap.
    let to_parent = links.path().join("parent");
    symlink(root.parent().unwrap(), &to_parent).unwrap();
    let through_parent = to_parent.join(root.file_name().unwrap());
    // A link inside another folder, to content/.
    let to_content = links.path().join("content");
    symlink(root.join("content"), &to_content).unwrap();
    for (build_from, target) in [
        (to_roadmap.clone(), to_roadmap.join("content/out")),
        (to_roadmap.clone(), to_roadmap.join("templates")),
        (to_roadmap.clone(), root.join("static")),
        (root.to_owned(), to_roadmap.join("static")),
        (to_roadmap.clone(), to_roadmap.clone()),
        (root.to_owned(), through_parent.join("content/goals/out")),
        (through_parent.clone(), through_parent.join("templates")),
        (root.to_owned(), to_parent.clone()),
        (root.to_owned(), to_content.join("out")),
    ] {
        assert_refused(&roadmap, &build_from, &target);
    }
    // Building through the link into an ordinary folder works.
    let fine = build(&to_roadmap, &to_roadmap.join("public"), &[]);
    assert!(
        fine.status.success(),
        "{}",
        String::from_utf8_lossy(&fine.stderr)
    );
}
