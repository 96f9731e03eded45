//! `waymark import`: tracker exports (tests/fixtures/import/) imported into
//! a copy of the example roadmap, committed to git so that `git diff`
//! shows exactly what changed.

use crate::common::{fixture, git, output_within, Roadmap, DEADLINE};
use git2::Repository;
use std::process::{Command, Output};

const MIGRATION: &str = "content/initiatives/data/database-migration.md";
const FRONTEND: &str = "content/initiatives/web/frontend-performance.md";
const CI: &str = "content/initiatives/devex/ci-pipeline-speedup.md";

/// The example roadmap of the repository, committed.
fn example() -> (Roadmap, Repository) {
    let roadmap = Roadmap::example();
    let repo = Repository::init(roadmap.path()).unwrap();
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-20"), "Example");
    (roadmap, repo)
}

fn export(name: &str) -> String {
    fixture("import").join(name).to_str().unwrap().to_owned()
}

/// `waymark import FORMAT FILE DIR EXTRA…`.
fn import(roadmap: &Roadmap, format: &str, file: &str, extra: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command
        .args(["import", format, file])
        .arg(roadmap.path())
        .args(extra)
        .env("NO_COLOR", "1");
    output_within(&mut command, DEADLINE)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The changed lines of every file against the last commit, as `-old` and
/// `+new`, with the files added.
fn changed_lines(repo: &Repository) -> (Vec<String>, Vec<String>) {
    let head = repo.head().unwrap().peel_to_tree().unwrap();
    let mut options = git2::DiffOptions::new();
    options.include_untracked(true).context_lines(0);
    let diff = repo
        .diff_tree_to_workdir(Some(&head), Some(&mut options))
        .unwrap();
    let added = diff
        .deltas()
        .filter(|delta| delta.status() == git2::Delta::Untracked)
        .map(|delta| {
            delta
                .new_file()
                .path()
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut lines = Vec::new();
    diff.print(git2::DiffFormat::Patch, |delta, _, line| {
        if delta.status() != git2::Delta::Untracked && matches!(line.origin(), '+' | '-') {
            lines.push(format!(
                "{}{}",
                line.origin(),
                text(line.content()).trim_end()
            ));
        }
        true
    })
    .unwrap();
    (lines, added)
}

fn assert_imported(output: &Output) {
    assert!(
        output.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

fn assert_check_clean(roadmap: &Roadmap) {
    let checked = roadmap.check();
    assert_eq!(checked.errors, 0, "{:?}", checked.diagnostics);
    assert_eq!(checked.status, Some(0));
}

/// Imports `file` and asserts that only the owned keys changed as told,
/// that a second import changes nothing and that `check` stays clean.
fn import_changes_only_owned_keys(format: &str, file: &str, extra: &[&str], expected: &[&str]) {
    let (roadmap, repo) = example();
    let output = import(&roadmap, format, &export(file), extra);
    assert_imported(&output);
    let (lines, added) = changed_lines(&repo);
    assert_eq!(lines, expected, "{}", text(&output.stdout));
    assert!(added.is_empty(), "{added:?}");
    let owned = ["status:", "progress:", "start:", "end:", "tracked:"];
    for line in &lines {
        assert!(owned.iter().any(|key| line[1..].starts_with(key)), "{line}");
    }
    assert_check_clean(&roadmap);
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-29"), "Import");
    let again = import(&roadmap, format, &export(file), extra);
    assert_imported(&again);
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
    assert!(text(&again.stdout).contains("no goal or initiative changed"));
    let said = text(&again.stderr);
    assert!(
        said.contains("already agrees with the export, nothing written"),
        "{said}"
    );
}

#[test]
fn a_jira_export_sets_progress_and_status_of_the_epic_and_its_children() {
    // The epic and four children, named by `Parent` as an id or a key, or
    // by `Epic Link`; estimates 8 (done), 5, 3, and none for the epic
    // and a done bug, which weigh the average: half done.
    import_changes_only_owned_keys(
        "jira-csv",
        "jira.csv",
        &[],
        &[
            "-status: planned",
            "+status: in-progress",
            "-progress: 0",
            "+progress: 50",
            "+tracked: {source: jira, items: 5, exported: \"2026-11-28\"}",
        ],
    );
}

#[test]
fn a_github_issue_list_marks_a_milestone_blocked_when_an_issue_is() {
    import_changes_only_owned_keys(
        "github-json",
        "github-issues.json",
        &[],
        &[
            "-status: planned",
            "+status: blocked",
            "-progress: 0",
            "+progress: 25",
            "+tracked: {source: github, items: 4, exported: \"2026-11-27\"}",
        ],
    );
}

#[test]
fn a_github_project_weighs_items_by_their_estimate_field() {
    import_changes_only_owned_keys(
        "github-json",
        "github-project.json",
        // The CLI's project items carry no time of change, so the day is named.
        &["--exported", "2026-11-28"],
        &[
            "-status: planned",
            "+status: in-progress",
            "-progress: 0",
            "+progress: 50",
            "+tracked: {source: github, items: 3, exported: \"2026-11-28\"}",
        ],
    );
}

#[test]
fn a_linear_issue_export_leaves_canceled_issues_out() {
    import_changes_only_owned_keys(
        "linear-csv",
        "linear-issues.csv",
        &[],
        &[
            "-progress: 80",
            "+progress: 30",
            "+tracked: {source: linear, items: 3, exported: \"2026-11-26\"}",
        ],
    );
}

#[test]
fn a_linear_project_export_takes_the_projects_own_progress() {
    import_changes_only_owned_keys(
        "linear-csv",
        "linear-projects.csv",
        &[],
        &[
            "-progress: 80",
            "+progress: 45",
            "+tracked: {source: linear, items: 1, exported: \"2026-11-26\"}",
        ],
    );
}

#[test]
fn the_initiative_page_and_roadmap_json_say_where_progress_came_from() {
    let (roadmap, _repo) = example();
    assert_imported(&import(&roadmap, "jira-csv", &export("jira.csv"), &[]));
    let (_guard, site) = crate::common::build_ok(roadmap.path(), &[]);
    let page =
        std::fs::read_to_string(site.join("initiatives/database-migration/index.html")).unwrap();
    assert!(
        page.contains("Progress from 5 Jira issues, exported 2026-11-28"),
        "{page}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("roadmap.json")).unwrap()).unwrap();
    let initiative = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "database-migration")
        .unwrap();
    assert_eq!(
        initiative["tracked"],
        serde_json::json!({"source": "jira", "items": 5, "exported": "2026-11-28"})
    );
}

#[test]
fn a_dry_run_tells_the_changes_in_the_words_of_diff_and_writes_nothing() {
    let (roadmap, repo) = example();
    let output = import(&roadmap, "jira-csv", &export("jira.csv"), &["--dry-run"]);
    assert_imported(&output);
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("Roadmap changes from the work tree to "),
        "{stdout}"
    );
    assert!(
        stdout.contains("Initiative “Event streaming and analytical store for real-time queries” (database-migration)\n  - Status planned → in-progress\n  - Progress 0% → 50%\n"),
        "{stdout}"
    );
    assert!(stdout.contains("\n1 initiative changed\n"), "{stdout}");
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
}

#[test]
fn tracker_dates_let_the_trackers_quarters_replace_the_schedule() {
    let (roadmap, repo) = example();
    roadmap.edit(MIGRATION, "tracker:\n", "tracker_dates: true\ntracker:\n");
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-20"), "Allow");
    assert_imported(&import(&roadmap, "jira-csv", &export("jira.csv"), &[]));
    let (lines, _) = changed_lines(&repo);
    // Work started in November 2026; the epic is due in September 2027.
    assert!(
        lines.contains(&"+start: \"2026-Q4\"".to_owned()),
        "{lines:?}"
    );
    assert!(lines.contains(&"+end: \"2027-Q3\"".to_owned()), "{lines:?}");
    assert_check_clean(&roadmap);
}

#[test]
fn create_adds_untracked_epics_for_triage() {
    let (roadmap, repo) = example();
    let output = import(&roadmap, "jira-csv", &export("jira.csv"), &["--create"]);
    assert_imported(&output);
    let (_, added) = changed_lines(&repo);
    assert_eq!(
        added,
        ["content/initiatives/reporting-api-for-merchandising.md"]
    );
    let created = roadmap.read(&added[0]);
    assert!(created.contains("goals: []\n"), "{created}");
    assert!(created.contains("status: blocked\n"), "{created}");
    assert!(
        created.contains("tracker:\n  jira: \"DATA-200\"\n"),
        "{created}"
    );
    let checked = roadmap.check();
    assert_eq!(checked.errors, 0, "{:?}", checked.diagnostics);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == "no-goal" && d.file == added[0]),
        "{:?}",
        checked.diagnostics
    );
    // The created file tracks its epic: importing again changes nothing.
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-29"), "Import");
    assert_imported(&import(
        &roadmap,
        "jira-csv",
        &export("jira.csv"),
        &["--create"],
    ));
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
}

/// Imports `export_text` as `format`, expecting a diagnostic with all of
/// `expected`, and that no file changed; returns what it printed.
fn refused(format: &str, export_text: &[u8], expected: &[&str]) -> String {
    let (roadmap, repo) = example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.txt");
    std::fs::write(&file, export_text).unwrap();
    let output = import(&roadmap, format, file.to_str().unwrap(), &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for part in expected {
        assert!(stderr.contains(part), "`{part}` not in:\n{stderr}");
    }
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
    stderr
}

#[test]
fn bad_exports_are_refused_naming_file_row_and_column() {
    let jira = std::fs::read_to_string(fixture("import/jira.csv")).unwrap();
    let bad_date = jira.replacen("28/Nov/26 10:05 AM", "28.11.2026 10:05", 1);
    refused(
        "jira-csv",
        bad_date.as_bytes(),
        &[
            "cannot read the date `28.11.2026 10:05`",
            "row 3, column `Updated`",
            "export.txt:5:",
        ],
    );
    let mut unclosed = jira.clone();
    unclosed.push_str("\"Broken,DATA-300,10300,Story\r\n");
    refused(
        "jira-csv",
        unclosed.as_bytes(),
        &[
            "row 10 has 1 field where the header has 28",
            "export.txt:12:",
        ],
    );
    refused(
        "jira-csv",
        b"# Notes\n\nNot an export at all.\n",
        &[
            "no column `Issue key`",
            "is this a Jira CSV export?",
            "export.txt:1:",
        ],
    );
    let binary = refused(
        "jira-csv",
        &[
            0x89, b'P', b'N', b'G', 0, 0x1b, b'[', b'2', b'J', 0xff, b'\n',
        ],
        &["export.txt:1:", "the header is not UTF-8 text"],
    );
    // A file that is no text is quoted without the bytes that would move
    // the terminal's cursor or clear its screen.
    let control = binary.chars().find(|c| c.is_control() && *c != '\n');
    assert_eq!(control, None, "{binary:?}");
    refused(
        "github-json",
        b"[{\"number\": 1, \"title\": \"x\"}]",
        &["item 1 of the export has no `state`", "export.txt:1:"],
    );
    refused(
        "github-json",
        b"{\"items\": [}\n",
        &["the file is not JSON", "export.txt:1:"],
    );
    refused(
        "github-json",
        b"# Issues\n",
        &["the file is not JSON", "export.txt:1:1"],
    );
    refused(
        "linear-csv",
        b"Key,Summary\nENG-1,x\n",
        &[
            "no column `Title` or `Name`",
            "is this a Linear CSV export",
            "export.txt:1:1",
        ],
    );
}

#[test]
fn columns_no_tracker_writes_are_a_warning_that_names_them() {
    let (roadmap, _repo) = example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("linear.csv");
    let linear = std::fs::read_to_string(fixture("import/linear-issues.csv")).unwrap();
    std::fs::write(&file, linear.replacen("SLA Status", "Mood", 1)).unwrap();
    let output = import(&roadmap, "linear-csv", file.to_str().unwrap(), &[]);
    assert_imported(&output);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("not read: `Mood`"), "{stderr}");
    assert!(stderr.contains("linear.csv:1:"), "{stderr}");
}

#[test]
fn a_key_tracked_by_two_initiatives_is_an_error_and_nothing_is_written() {
    let (roadmap, repo) = example();
    roadmap.edit(
        FRONTEND,
        "github: \"milestone:Frontend performance\"",
        "jira: DATA-102",
    );
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-20"), "Twice");
    let output = import(&roadmap, "jira-csv", &export("jira.csv"), &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`DATA-102` is tracked by two initiatives"),
        "{stderr}"
    );
    assert!(stderr.contains("frontend-performance.md:"), "{stderr}");
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
}

#[test]
fn a_tracker_key_the_export_lacks_is_a_warning_and_leaves_the_file() {
    let (roadmap, repo) = example();
    roadmap.edit(
        CI,
        "linear: \"project:CI pipeline speedup\"",
        "linear: \"project:Nothing\"",
    );
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-20"), "Rename");
    let output = import(&roadmap, "linear-csv", &export("linear-issues.csv"), &[]);
    assert_imported(&output);
    assert!(text(&output.stderr)
        .contains("no work item in the Linear export matches `project:Nothing`"));
    assert_eq!(changed_lines(&repo), (vec![], vec![]));
}

#[test]
fn an_export_of_100000_rows_is_read_as_a_stream() {
    let (roadmap, repo) = example();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut csv = String::from("Issue key,Issue id,Issue Type,Status,Parent,Updated\n");
    csv.push_str("DATA-102,1,Epic,In Progress,,27/Nov/26 4:40 PM\n");
    for i in 0..100_000 {
        let status = if i % 4 == 0 { "Done" } else { "To Do" };
        csv.push_str(&format!(
            "DATA-{},{},Story,{status},1,20/Nov/26 9:00 AM\n",
            1000 + i,
            10 + i
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let output = import(&roadmap, "jira-csv", file.to_str().unwrap(), &[]);
    assert_imported(&output);
    let (lines, _) = changed_lines(&repo);
    assert!(lines.contains(&"+progress: 25".to_owned()), "{lines:?}");
    assert!(
        lines.contains(
            &"+tracked: {source: jira, items: 100001, exported: \"2026-11-27\"}".to_owned()
        ),
        "{lines:?}"
    );
}

#[test]
fn a_roadmap_that_tracks_nothing_is_told_how_to_opt_in() {
    let (roadmap, repo) = example();
    roadmap.edit(MIGRATION, "tracker:\n  jira: DATA-102\n", "");
    git::commit_all(&repo, &git::signature_on("Writer", "2026-11-20"), "Untrack");
    let output = import(&roadmap, "jira-csv", &export("jira.csv"), &[]);
    assert_imported(&output);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no initiative names Jira work items"),
        "{stderr}"
    );
    assert!(stderr.contains("tracker:"), "{stderr}");
}
