//! The command line as users and scripts meet it: both output formats,
//! exit codes, `new`, `schema`, and the example roadmap.

mod common;
use common::{fixture, waymark, Roadmap, TODAY};
use std::path::Path;

/// The problems of the four-problems fixture, one per file.
const FOUR_PROBLEMS: [(&str, &str, u64, u64); 4] = [
    (
        "dependency-cycle",
        "content/initiatives/data/warehouse.md",
        5,
        14,
    ),
    ("unknown-goal", "content/initiatives/web/dashboard.md", 5, 9),
    ("wrong-type", "content/initiatives/web/export.md", 5, 11),
    (
        "schedule-conflict",
        "content/initiatives/web/reports.md",
        6,
        14,
    ),
];

#[test]
fn problems_in_several_files_come_out_of_one_run_as_json() {
    let checked = Roadmap::copy_of(&fixture("four-problems")).check();
    assert_eq!(checked.status, Some(1));
    assert_eq!((checked.errors, checked.warnings), (4, 0));
    let found: Vec<(&str, &str, u64, u64)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line, d.column))
        .collect();
    assert_eq!(found, FOUR_PROBLEMS);
    checked
        .find("dependency-cycle")
        .says("streaming → warehouse → streaming");
}

#[test]
fn problems_in_several_files_come_out_of_one_run_for_people() {
    let output = waymark(&["check", "--today", TODAY], &fixture("four-problems"));
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stderr).unwrap();
    for (code, file, line, column) in FOUR_PROBLEMS {
        assert!(
            text.contains(&format!("error[{code}]")),
            "{code} missing:\n{text}"
        );
        assert!(
            text.contains(&format!("[{file}:{line}:{column}]")),
            "{file} missing:\n{text}"
        );
    }
    // The snippet quotes the offending line.
    assert!(text.contains("goals: [analytcs]"), "{text}");
    assert!(text.contains("help: did you mean `analytics`?"), "{text}");
    assert!(text.contains("4 errors, 0 warnings"), "{text}");
}

#[test]
fn warnings_pass_unless_denied() {
    let roadmap = Roadmap::valid();
    roadmap.write("content/goals/lonely.md", "---\ntitle: Lonely\n---\n");
    let allowed = waymark(&["check", "--today", TODAY], roadmap.path());
    assert_eq!(allowed.status.code(), Some(0));
    let denied = waymark(
        &["check", "--deny-warnings", "--today", TODAY],
        roadmap.path(),
    );
    assert_eq!(denied.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&denied.stderr).contains("warning[unserved-goal]"));
}

#[test]
fn a_folder_without_content_is_a_usage_problem() {
    let empty = tempfile::tempdir().unwrap();
    let output = waymark(&["check"], empty.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no `content/` folder"));
}

#[test]
fn a_malformed_today_is_a_usage_problem() {
    let output = waymark(&["check", "--today", "tomorrow"], &fixture("valid"));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected a date such as"));
}

#[test]
fn the_example_roadmap_checks_with_no_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = waymark(&["check", "--deny-warnings", "--today", TODAY], root);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn new_files_are_complete_forms_that_check() {
    let roadmap = Roadmap::empty();
    let run = |args: &[&str]| waymark(args, roadmap.path());
    assert!(run(&["new", "goal", "Faster checkout"]).status.success());
    assert!(run(&["new", "initiative", "Move payments to the cloud!"])
        .status
        .success());
    let initiative = roadmap.read("content/initiatives/move-payments-to-the-cloud.md");
    for key in [
        "title:",
        "status:",
        "goals:",
        "depends_on:",
        "kind:",
        "category:",
        "start:",
        "end:",
        "horizon:",
        "effort:",
        "cost:",
        "impact:",
        "owner:",
        "team:",
        "summary:",
        "progress:",
        "risks:",
        "metrics:",
        "links:",
        "reviewed:",
        "visibility:",
        "changelog:",
    ] {
        assert!(
            initiative.contains(key),
            "`{key}` missing from:\n{initiative}"
        );
    }
    assert!(initiative.contains("title: \"Move payments to the cloud!\""));
    // Linked to the new goal, the pair checks clean.
    roadmap.edit(
        "content/initiatives/move-payments-to-the-cloud.md",
        "goals: []",
        "goals: [faster-checkout]",
    );
    let checked = roadmap.check();
    assert_eq!(checked.diagnostics.len(), 0, "{:#?}", checked.diagnostics);
}

#[test]
fn new_never_overwrites() {
    let roadmap = Roadmap::valid();
    let before = roadmap.read("content/goals/speed.md");
    let output = waymark(&["new", "goal", "Speed"], roadmap.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists already"));
    assert_eq!(roadmap.read("content/goals/speed.md"), before);
}

#[test]
fn the_schema_describes_both_kinds_of_file() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_waymark"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let defs = &schema["$defs"];
    let initiative = &defs["InitiativeFrontMatter"];
    let required: Vec<&str> = initiative["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        required.contains(&"title") && required.contains(&"status"),
        "{required:?}"
    );
    assert_eq!(initiative["additionalProperties"], false);
    let status = &initiative["properties"]["status"];
    assert!(status.to_string().contains("in-progress"), "{status}");
    assert!(defs["GoalFrontMatter"]["properties"]["metrics"].is_object());
    assert_eq!(schema["anyOf"].as_array().unwrap().len(), 2);
}
