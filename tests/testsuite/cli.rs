//! The command line as users and scripts meet it: both output formats,
//! exit codes (also when a reader stops early), `new`, `schema`, and the
//! example roadmap.

use crate::common::{fixture, git, output_within, wait_within, waymark, Roadmap, DEADLINE, TODAY};
use std::path::Path;
use std::process::{Command, Stdio};

/// The problems of the four-problems fixture, one per file, and the goal
/// that the late prerequisite puts at risk: severity, code, file, line and
/// column, in the order reported.
const PROBLEMS: [(&str, &str, &str, u64, u64); 5] = [
    (
        "warning",
        "goal-at-risk",
        "content/goals/analytics.md",
        2,
        8,
    ),
    (
        "error",
        "dependency-cycle",
        "content/initiatives/data/warehouse.md",
        5,
        14,
    ),
    (
        "error",
        "unknown-goal",
        "content/initiatives/web/dashboard.md",
        5,
        9,
    ),
    (
        "error",
        "wrong-type",
        "content/initiatives/web/export.md",
        5,
        11,
    ),
    (
        "warning",
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
    assert_eq!((checked.errors, checked.warnings), (3, 2));
    let found: Vec<(&str, &str, &str, u64, u64)> = checked
        .diagnostics
        .iter()
        .map(|d| {
            let at = (d.file.as_str(), d.line, d.column);
            (d.severity.as_str(), d.code.as_str(), at.0, at.1, at.2)
        })
        .collect();
    assert_eq!(found, PROBLEMS);
    checked
        .find("dependency-cycle")
        .says("streaming → warehouse → streaming");
}

#[test]
fn problems_in_several_files_come_out_of_one_run_for_people() {
    let output = waymark(&["check", "--today", TODAY], &fixture("four-problems"));
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stderr).unwrap();
    for (severity, code, file, line, column) in PROBLEMS {
        assert!(
            text.contains(&format!("{severity}[{code}]")),
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
    assert!(text.contains("3 errors, 2 warnings"), "{text}");
    // The late prerequisite is pointed at where its end is written.
    assert!(text.contains("note: `migration` ends in 2027-Q4"), "{text}");
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
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() == 2
            && lines[0].starts_with("error: ")
            && lines[0].contains("has no `content/` folder")
            && lines[1].starts_with("help: run waymark inside the roadmap folder"),
        "{stderr}"
    );
}

#[test]
fn a_malformed_today_is_a_usage_problem() {
    let output = waymark(&["check", "--today", "tomorrow"], &fixture("valid"));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected a date such as"));
}

#[test]
fn the_example_roadmap_has_no_error_and_shows_each_health_warning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = waymark(&["check", "--format", "json", "--today", TODAY], root);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    // The example tells of a slip, work at risk, late work and a team
    // over capacity, as a real roadmap would.
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "goal-at-risk",
            "goal-at-risk",
            "goal-at-risk",
            "goal-at-risk",
            "schedule-conflict",
            "overdue",
            "over-capacity",
            "over-capacity"
        ]
    );
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
    let output = output_within(
        Command::new(env!("CARGO_BIN_EXE_waymark")).arg("schema"),
        DEADLINE,
    );
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

/// Runs waymark with `args` and the roadmap folder last, closing the
/// reading end of its output at once, as `| head` does when it has read
/// enough; `stderr` too if `close_stderr`. Returns the exit code and what
/// it said on the stream left open.
fn run_with_closed_output(
    args: &[&str],
    dir: Option<&Path>,
    close_stderr: bool,
) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command.args(args).args(dir).env("NO_COLOR", "1");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if close_stderr {
        drop(child.stderr.take());
    } else {
        drop(child.stdout.take());
    }
    let output = wait_within(child, DEADLINE, &format!("waymark {args:?}"));
    let said = if close_stderr {
        output.stdout
    } else {
        output.stderr
    };
    (
        output.status.code(),
        String::from_utf8_lossy(&said).into_owned(),
    )
}

/// A roadmap whose report is far larger than a pipe holds.
fn roadmap_with_a_long_report() -> Roadmap {
    let roadmap = Roadmap::valid();
    for i in 0..400 {
        roadmap.write(
            &format!("content/initiatives/broken-{i}.md"),
            "---\ntitle: Broken\nstatus: planned\ngoals: [no-such-goal]\n---\n",
        );
    }
    roadmap
}

#[test]
fn a_reader_that_stops_early_is_an_output_problem_not_a_crash() {
    let roadmap = roadmap_with_a_long_report();
    let check = ["check", "--format", "json", "--today", TODAY];
    let (code, stderr) = run_with_closed_output(&check, Some(roadmap.path()), false);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(2), "{stderr}");

    let (code, stderr) = run_with_closed_output(&["schema"], None, false);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(2), "{stderr}");

    let repository = git2::Repository::init(roadmap.path()).unwrap();
    let signature = git2::Signature::now("Writer", "writer@example.com").unwrap();
    git::commit_all(&repository, &signature, "The roadmap");
    roadmap.remove("content/initiatives/broken-0.md");
    let diff = ["diff", roadmap.path().to_str().unwrap(), "HEAD"];
    let (code, stderr) = run_with_closed_output(&diff, None, false);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn messages_to_a_closed_stderr_change_nothing() {
    let roadmap = roadmap_with_a_long_report();
    let check = ["check", "--today", TODAY];
    let (code, _) = run_with_closed_output(&check, Some(roadmap.path()), true);
    assert_eq!(code, Some(1), "the roadmap's errors decide");

    let roadmap = Roadmap::valid();
    roadmap.write("content/goals/lonely.md", "---\ntitle: Lonely\n---\n");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    let build = [
        "build",
        "--today",
        TODAY,
        "--output",
        site.to_str().unwrap(),
    ];
    let (code, _) = run_with_closed_output(&build, Some(roadmap.path()), true);
    assert_eq!(code, Some(0));
    assert!(site.join("index.html").is_file());
}

#[test]
fn json_diagnostics_name_the_places_that_take_part() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        "content/initiatives/web/frontend.md",
        "effort: 4",
        "effort: 30",
    );
    let output = waymark(
        &["check", "--format", "json", "--today", TODAY],
        roadmap.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let over = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "over-capacity")
        .expect("a quarter over capacity");
    let related = over["related"].as_array().unwrap();
    assert_eq!(related[0]["file"], "content/initiatives/web/frontend.md");
    assert_eq!(
        (related[0]["line"].as_u64(), related[0]["column"].as_u64()),
        (Some(10), Some(9))
    );
    assert!(related[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("`frontend` plans 15.0 person-weeks in 2027-Q2"));
}
