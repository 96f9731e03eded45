//! A corpus of broken and hostile sources, each with its expected outcome:
//! a clear diagnostic naming the file, or a clean run. None may panic or
//! hang: every run has a deadline.

use crate::common::{self, Roadmap};

const FILE: &str = "content/initiatives/x.md";

/// What a case must produce.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// An error with this code at this file; the run fails.
    Error(&'static str, &'static str),
    /// A warning with this code at this file; the run passes.
    Warning(&'static str, &'static str),
    /// No diagnostic at all.
    Clean,
}

fn initiative(front: &str) -> String {
    format!("---\ntitle: X\nstatus: planned\ngoals: [speed]\nreviewed: \"2026-11-01\"\n{front}---\nBody.\n")
}

fn run(name: &str, setup: impl FnOnce(&Roadmap), expect: Expect) {
    let roadmap = Roadmap::valid();
    setup(&roadmap);
    // Fails the test on a hang (past the deadline) or a crash (no report).
    let checked = roadmap.check();
    let (status, diagnostics) = (checked.status, &checked.diagnostics);
    let has = |severity: &str, code: &str, file: &str| {
        diagnostics
            .iter()
            .any(|d| d.severity == severity && d.code == code && d.file == file && d.line >= 1)
    };
    match expect {
        Expect::Error(code, file) => {
            assert!(
                has("error", code, file),
                "{name}: expected error {code} at {file}, got {diagnostics:#?}"
            );
            assert_eq!(status, Some(1), "{name}");
        }
        Expect::Warning(code, file) => {
            assert!(
                has("warning", code, file),
                "{name}: expected warning {code} at {file}, got {diagnostics:#?}"
            );
            assert_eq!(status, Some(0), "{name}");
        }
        Expect::Clean => {
            assert!(
                diagnostics.is_empty(),
                "{name}: expected no diagnostic, got {diagnostics:#?}"
            );
            assert_eq!(status, Some(0), "{name}");
        }
    }
}

fn write(text: String) -> impl FnOnce(&Roadmap) {
    move |roadmap| {
        roadmap.write(FILE, &text);
    }
}

fn alias_bomb() -> String {
    let mut yaml = String::from("lol0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        yaml.push_str(&format!("lol{level}: &a{level} [{refs}]\n"));
    }
    initiative(&yaml)
}

#[test]
fn yaml_attacks_are_refused_quickly() {
    use Expect::*;
    run(
        "alias bomb",
        write(alias_bomb()),
        Error("yaml-syntax", FILE),
    );
    run(
        "deep flow nesting",
        write(initiative(&format!("notes: {}\n", "[".repeat(100_000)))),
        Error("yaml-syntax", FILE),
    );
    run(
        "deep block nesting",
        write(initiative(&format!("notes: {}x\n", "- ".repeat(20_000)))),
        Error("yaml-syntax", FILE),
    );
    run(
        "nested mappings",
        write(initiative(&format!(
            "notes: {}1{}\n",
            "{a: ".repeat(5_000),
            "}".repeat(5_000)
        ))),
        Error("yaml-syntax", FILE),
    );
    run(
        "duplicate keys",
        write(initiative("title: Again\n")),
        Error("yaml-syntax", FILE),
    );
    run(
        "tabs",
        write(initiative("effort:\t\n\t- 1\n")),
        Error("yaml-syntax", FILE),
    );
    run(
        "NUL in front matter",
        write(initiative("owner: a\0b\n")),
        Error("yaml-syntax", FILE),
    );
    run(
        "front matter is a list",
        write("---\n- a\n- b\n---\n".into()),
        Error("yaml-syntax", FILE),
    );
    run(
        "front matter is a scalar",
        write("---\njust text\n---\n".into()),
        Error("yaml-syntax", FILE),
    );
    run(
        "unclosed quote",
        write(initiative("owner: \"open\n")),
        Error("yaml-syntax", FILE),
    );
}

#[test]
fn broken_files_are_named() {
    use Expect::*;
    run(
        "empty file",
        write(String::new()),
        Error("front-matter-missing", FILE),
    );
    run(
        "only a body",
        write("# Notes\n\nNo front matter.\n".into()),
        Error("front-matter-missing", FILE),
    );
    run(
        "unterminated front matter",
        write("---\ntitle: X\nstatus: planned\n".into()),
        Error("front-matter-unterminated", FILE),
    );
    run(
        "non-UTF-8 bytes",
        |r: &Roadmap| {
            r.write_bytes(FILE, b"---\ntitle: \xff\xfe\n---\n");
        },
        Error("unreadable-file", FILE),
    );
    run(
        "50 MB file",
        |r: &Roadmap| {
            r.write(
                FILE,
                &format!("---\ntitle: X\n---\n{}", "x".repeat(50 * 1024 * 1024)),
            );
        },
        Error("unreadable-file", FILE),
    );
    run(
        "non-string keys",
        write(initiative("1: one\n[a]: b\n")),
        Error("unknown-key", FILE),
    );
    // YAML allows simple keys of at most 1,024 characters.
    run(
        "a 10 KB key",
        write(initiative(&format!("{}: x\n", "k".repeat(10_000)))),
        Error("yaml-syntax", FILE),
    );
}

#[test]
fn malformed_values_are_named() {
    use Expect::*;
    run(
        "numeric id",
        write(initiative("id: 123\n")),
        Error("wrong-type", FILE),
    );
    run(
        "boolean id",
        write(initiative("id: true\n")),
        Error("wrong-type", FILE),
    );
    run(
        "id with a slash",
        write(initiative("id: team/x\n")),
        Error("invalid-value", FILE),
    );
    run(
        "id with ..",
        write(initiative("id: \"..\"\n")),
        Error("invalid-value", FILE),
    );
    run(
        "upper-case id",
        write(initiative("id: Cloud\n")),
        Error("invalid-value", FILE),
    );
    run(
        "NaN effort",
        write(initiative("effort: .nan\n")),
        Error("invalid-value", FILE),
    );
    run(
        "infinite effort",
        write(initiative("effort: .inf\n")),
        Error("invalid-value", FILE),
    );
    run(
        "huge progress",
        write(initiative("progress: 1e30\n")),
        Error("wrong-type", FILE),
    );
    run(
        "negative score",
        write(initiative("cost: -2\n")),
        Error("invalid-value", FILE),
    );
    run(
        "title is a list",
        write("---\ntitle: [a, b]\nstatus: planned\ngoals: [speed]\n---\n".into()),
        Error("wrong-type", FILE),
    );
    run(
        "goals is text",
        write("---\ntitle: X\nstatus: planned\ngoals: speed\n---\n".into()),
        Error("wrong-type", FILE),
    );
    // A tag on a text value is ignored: the value is read as text.
    run(
        "a YAML tag",
        write(initiative("owner: !secret value\n")),
        Clean,
    );
    run(
        "quarter 0",
        write(initiative("quarter: \"2027-Q0\"\n")),
        Error("malformed-quarter", FILE),
    );
    run(
        "February 30th",
        write(initiative("reviewed2: x\n").replace(
            "reviewed: \"2026-11-01\"\nreviewed2: x",
            "reviewed: \"2026-02-30\"",
        )),
        Error("malformed-date", FILE),
    );
}

#[test]
fn odd_files_and_names_are_handled() {
    use Expect::*;
    run("a BOM", write(format!("\u{feff}{}", initiative(""))), Clean);
    run(
        "CRLF line ends",
        write(initiative("").replace('\n', "\r\n")),
        Clean,
    );
    run(
        "front matter only",
        write(initiative("").replace("Body.\n", "")),
        Clean,
    );
    run(
        "a 1 MB line",
        write(initiative(&format!(
            "summary: \"{}\"\n",
            "w".repeat(1024 * 1024)
        ))),
        Clean,
    );
    run(
        "YAML anchors used sensibly",
        write(initiative("owner: &who Ada\nteam: *who\n")),
        Clean,
    );
    run(
        "deeply quoted Markdown",
        write(format!("{}{}\n", initiative(""), ">".repeat(10_000))),
        Clean,
    );
    run(
        "unclosed HTML in the body",
        write(format!(
            "{}{}\n",
            initiative(""),
            "<div><span>".repeat(5_000)
        )),
        Clean,
    );
    run(
        "a file name with spaces",
        |r: &Roadmap| {
            r.write("content/initiatives/my plan.md", &initiative(""));
        },
        Error("invalid-value", "content/initiatives/my plan.md"),
    );
    run(
        "a non-ASCII file name",
        |r: &Roadmap| {
            r.write("content/initiatives/café.md", &initiative(""));
        },
        Error("invalid-value", "content/initiatives/café.md"),
    );
    run(
        "a symlink loop",
        |r: &Roadmap| {
            std::os::unix::fs::symlink("..", r.path().join("content/initiatives/loop")).unwrap()
        },
        Warning("symlink-skipped", "content/initiatives/loop"),
    );
    run(
        "a symlink leaving the folder",
        |r: &Roadmap| {
            std::os::unix::fs::symlink(
                "/etc/passwd",
                r.path().join("content/initiatives/passwd.md"),
            )
            .unwrap()
        },
        Warning("symlink-skipped", "content/initiatives/passwd.md"),
    );
    run(
        "content/ a symbolic link to another folder",
        |r: &Roadmap| {
            let content = r.path().join("content");
            let elsewhere = r.path().join("moved");
            std::fs::rename(&content, &elsewhere).unwrap();
            std::os::unix::fs::symlink(&elsewhere, &content).unwrap()
        },
        Warning("symlink-skipped", "content"),
    );
    run(
        "roadmap.toml that is not TOML",
        |r: &Roadmap| {
            r.write("roadmap.toml", "title = [unclosed\n");
        },
        Error("config", "roadmap.toml"),
    );
    run(
        "roadmap.toml with a wrong type",
        |r: &Roadmap| {
            r.write("roadmap.toml", "title = 42\n");
        },
        Error("config", "roadmap.toml"),
    );
    run(
        "a negative file limit",
        |r: &Roadmap| {
            r.write("roadmap.toml", "[limits]\nmax_file_bytes = -1\n");
        },
        Error("config", "roadmap.toml"),
    );
}

#[test]
fn huge_graphs_finish() {
    use Expect::*;
    let ids: Vec<String> = (0..10_000).map(|i| format!("missing-{i}")).collect();
    run(
        "10,000 unknown prerequisites",
        write(initiative(&format!("depends_on: [{}]\n", ids.join(", ")))),
        Error("unknown-dependency", FILE),
    );
    run(
        "a cycle through 300 initiatives",
        |r: &Roadmap| {
            for i in 0..300 {
                let next = (i + 1) % 300;
                r.write(
                    &format!("content/initiatives/c/c{i:03}.md"),
                    &initiative(&format!("depends_on: [c{next:03}]\n")),
                );
            }
        },
        Error("dependency-cycle", "content/initiatives/c/c299.md"),
    );
}

#[test]
fn the_file_limit_is_configurable() {
    use Expect::*;
    let big = initiative(&format!("summary: \"{}\"\n", "w".repeat(20_000)));
    run(
        "over a lowered limit",
        |r: &Roadmap| {
            r.write(
                "roadmap.toml",
                &format!(
                    "{}\n[limits]\nmax_file_bytes = 10000\n",
                    r.read("roadmap.toml")
                ),
            );
            r.write(FILE, &big);
        },
        Error("unreadable-file", FILE),
    );
}

/// Runs `waymark build` with a template override under the deadline;
/// returns its exit code and what it said.
fn build_with_template(name: &str, template: &str) -> (Option<i32>, String) {
    let roadmap = Roadmap::valid();
    roadmap.write(&format!("templates/{name}"), template);
    let dir = tempfile::tempdir().unwrap();
    let output = common::build(roadmap.path(), &dir.path().join("public"), &[]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn templates_that_would_never_finish_are_refused() {
    let (status, said) = build_with_template(
        "404.html",
        "{% extends \"base.html\" %}{% block content %}\
         {% macro again(n) %}{{ again(n=n) }}{% endmacro %}{{ again(n=1) }}\
         {% endblock content %}",
    );
    assert_eq!(status, Some(1), "{said}");
    assert!(said.contains("calls itself too deeply"), "{said}");
    for (template, why) in [
        (
            "{% for i in range(end=4000000000) %}.{% endfor %}",
            "a range of more than 100,000",
        ),
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}.{% endfor %}{% endfor %}",
            "more steps than any page needs",
        ),
    ] {
        let (status, said) = build_with_template(
            "404.html",
            &format!("{{% extends \"base.html\" %}}{{% block content %}}{template}{{% endblock content %}}"),
        );
        assert_eq!(status, Some(1), "{said}");
        assert!(said.contains("would not finish"), "{said}");
        assert!(said.contains(why), "{said}");
        assert!(
            said.contains("help: loop over the roadmap's data"),
            "{said}"
        );
    }
}

#[test]
fn implausible_quarters_and_overlong_ids_are_refused_by_check() {
    use Expect::*;
    run(
        "a far-future end",
        write(initiative("start: \"2027-Q1\"\nend: \"9999-Q4\"\n")),
        Error("invalid-value", FILE),
    );
    run(
        "a quarter of the distant past",
        write(initiative("quarter: \"1066-Q4\"\n")),
        Error("invalid-value", FILE),
    );
    run(
        "a goal's far-future target",
        |roadmap: &Roadmap| {
            roadmap.edit(
                "content/goals/speed.md",
                "target: \"2027-Q3\"",
                "target: \"3027-Q2\"",
            );
        },
        Error("invalid-value", "content/goals/speed.md"),
    );
    run(
        "a decade ahead and a decade back",
        write(
            initiative("start: \"2016-Q1\"\nend: \"2036-Q4\"\neffort: 84\n")
                .replace("goals: [speed]", "goals: [scale]"),
        ),
        Clean,
    );
    run(
        "an id too long for a folder name",
        write(initiative(&format!("id: {}\n", "a".repeat(300)))),
        Error("invalid-value", FILE),
    );
    let roadmap = Roadmap::valid();
    let long_name = format!("content/initiatives/{}.md", "b".repeat(200));
    roadmap.write(&long_name, &initiative(""));
    let checked = roadmap.check();
    assert_eq!(checked.status, Some(1));
    checked
        .only("invalid-value")
        .says("at most 100 characters")
        .helps("rename the file");
    assert_eq!(checked.only("invalid-value").file, long_name);
    run(
        "an id of the longest length",
        write(initiative(&format!("id: {}\n", "c".repeat(100)))),
        Clean,
    );
}

#[test]
fn a_rejected_id_or_quarter_would_have_failed_the_build() {
    // What check refuses must be what build could not write or draw.
    let roadmap = Roadmap::valid();
    roadmap.write(FILE, &initiative(&format!("id: {}\n", "a".repeat(300))));
    let dir = tempfile::tempdir().unwrap();
    let output = common::build(roadmap.path(), &dir.path().join("public"), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at most 100 characters"));
}

#[test]
fn xml_non_characters_and_hidden_formulas_are_neutralised() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        "content/initiatives/platform/cloud.md",
        "title: Cloud migration\n",
        "title: \"Cloud\\uFFFE migration\\uFFFF\"\nowner: \"\\0=HYPERLINK(\\\"x\\\")\"\n\
         changelog:\n  - date: \"2026-11-01\"\n    change: \"Scope\\uFFFF cut\"\n    why: Budget\n",
    );
    let (_guard, out) = common::build_ok(roadmap.path(), &[]);
    for page in [
        "changelog.xml",
        "changelog/index.html",
        "engineering/index.html",
    ] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            !text.contains(['\u{fffe}', '\u{ffff}']),
            "{page} holds an XML non-character"
        );
    }
    let xml = std::fs::read_to_string(out.join("changelog.xml")).unwrap();
    assert!(xml.contains("Cloud migration"), "{xml}");
    let csv_text = std::fs::read_to_string(out.join("roadmap.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "owner");
    let owner = reader
        .records()
        .map(Result::unwrap)
        .find(|row| row[0] == *"cloud")
        .map(|row| row[column.unwrap()].to_owned())
        .unwrap();
    assert!(owner.starts_with('\''), "{owner:?}");
}
