//! No input makes waymark panic or hang: random bytes and random YAML in a
//! file are reported as diagnostics, every position lies inside its file,
//! and files that are not regular files are refused rather than read.

use crate::common::server::Server;
use crate::common::{self, waymark, Roadmap, TODAY};
use proptest::prelude::*;

const FILE: &str = "content/initiatives/team/random.md";

/// Checks the roadmap in-process and asserts the report is well formed.
fn check_is_well_formed(roadmap: &Roadmap) {
    let today = TODAY.parse().unwrap();
    let (_, report) = waymark::check(roadmap.path(), today).expect("the folder loads");
    for diagnostic in &report.diagnostics {
        assert!(diagnostic.span.offset + diagnostic.span.len <= diagnostic.file.text.len().max(1));
        let (line, column) = diagnostic.line_column();
        assert!(line >= 1 && column >= 1);
        assert!(!diagnostic.message.is_empty());
    }
    // Both renderings work on whatever was found.
    let _ = report.to_human(false);
    serde_json::from_str::<serde_json::Value>(&report.to_json()).unwrap();
}

/// YAML scalars of the kinds writers type, right and wrong.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("".to_owned()),
        Just("~".to_owned()),
        Just("true".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        (1990u16..2100, 0u8..7).prop_map(|(y, q)| format!("\"{y}-Q{q}\"")),
        (1990u16..2100, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("\"{y}-{m:02}-{d:02}\"")),
        "[a-z-]{0,12}",
        "\"[^\"\\\\]{0,20}\"",
        "[ -~]{0,16}",
        Just("*anchor".to_owned()),
        Just("&anchor x".to_owned()),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "title",
            "kind",
            "category",
            "goals",
            "depends_on",
            "status",
            "horizon",
            "start",
            "end",
            "quarter",
            "effort",
            "cost",
            "impact",
            "owner",
            "team",
            "summary",
            "progress",
            "risks",
            "metrics",
            "links",
            "reviewed",
            "visibility",
            "changelog",
            "risk",
            "mitigation",
            "likelihood",
            "name",
            "target",
            "date",
            "change",
            "why",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,10}",
    ]
}

/// A YAML value: scalars, flow and block lists, and nested mappings.
fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec((key(), inner.clone()), 0..4).prop_map(|pairs| {
                let body: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", body.join(", "))
            }),
            prop::collection::vec(inner, 1..3).prop_map(|items| {
                items
                    .iter()
                    .map(|i| format!("\n  - {i}"))
                    .collect::<String>()
            }),
        ]
    })
}

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), value()), 0..10).prop_map(|pairs| {
        let lines: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        format!(
            "---\n{}\n---\nBody\n<!-- more -->\nDetails\n",
            lines.join("\n")
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let roadmap = Roadmap::valid();
        roadmap.write_bytes(FILE, &bytes);
        check_is_well_formed(&roadmap);
    }

    #[test]
    fn random_text_after_a_front_matter_start_never_panics(text in "[ -~\n\t]{0,300}") {
        let roadmap = Roadmap::valid();
        roadmap.write(FILE, &format!("---\n{text}"));
        check_is_well_formed(&roadmap);
    }

    #[test]
    fn random_yaml_never_panics(text in front_matter()) {
        let roadmap = Roadmap::valid();
        roadmap.write(FILE, &text);
        check_is_well_formed(&roadmap);
    }

    #[test]
    fn random_config_never_panics(text in "[ -~\n]{0,200}") {
        let roadmap = Roadmap::valid();
        roadmap.write("roadmap.toml", &text);
        check_is_well_formed(&roadmap);
    }
}

/// Inputs the fuzzers found crashes with, kept so that they stay fixed.
/// The fuzz targets read bytes as text with replacement characters, so the
/// files are written that way.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = common::fixture("fuzz");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let roadmap = Roadmap::valid();
        roadmap.write(FILE, &String::from_utf8_lossy(&bytes));
        check_is_well_formed(&roadmap);
        found += 1;
    }
    assert!(found > 0, "the findings folder is empty");
}

/// Replaces a file of the roadmap with a named pipe that nobody writes to:
/// opening it to read would wait for a writer forever.
#[cfg(unix)]
fn make_fifo(roadmap: &Roadmap, relative: &str) {
    let path = roadmap.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Asserts that `check` and `build` finish, fail, and name `relative` as
/// not a regular file.
#[cfg(unix)]
fn assert_refused_as_not_regular(roadmap: &Roadmap, relative: &str, commands: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let site = site.to_str().unwrap();
    for command in commands {
        let args: &[&str] = match *command {
            "check" => &["check", "--today", TODAY],
            _ => &["build", "--today", TODAY, "--output", site],
        };
        let output = waymark(args, roadmap.path());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(1 | 2)),
            "{command}, {relative}: {:?}: {stderr}",
            output.status
        );
        assert!(
            stderr.contains(relative) && stderr.contains("not a regular file"),
            "{command} names {relative}: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn named_pipes_are_refused_wherever_waymark_reads() {
    let roadmap = Roadmap::valid();
    make_fifo(&roadmap, "roadmap.toml");
    assert_refused_as_not_regular(&roadmap, "roadmap.toml", &["check", "build"]);

    let roadmap = Roadmap::valid();
    make_fifo(&roadmap, "content/initiatives/pipe.md");
    assert_refused_as_not_regular(&roadmap, "content/initiatives/pipe.md", &["check", "build"]);

    let roadmap = Roadmap::valid();
    make_fifo(&roadmap, "templates/goal.html");
    assert_refused_as_not_regular(&roadmap, "templates/goal.html", &["build"]);

    let roadmap = Roadmap::valid();
    make_fifo(&roadmap, "static/logo.svg");
    assert_refused_as_not_regular(&roadmap, "static/logo.svg", &["build"]);
}

#[cfg(unix)]
#[test]
fn serve_starts_with_a_named_pipe_for_roadmap_toml() {
    let roadmap = Roadmap::valid();
    make_fifo(&roadmap, "roadmap.toml");
    // Starting, it prints the address it serves at within the deadline.
    Server::start_with(&roadmap, &[]);
}
