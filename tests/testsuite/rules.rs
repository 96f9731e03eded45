//! One test per validation rule: each breaks one thing in the valid fixture
//! and asserts the code and the exact file, line and column reported.

use crate::common::Roadmap;

const CLOUD: &str = "content/initiatives/platform/cloud.md";
const DATABASE: &str = "content/initiatives/platform/database.md";
const FRONTEND: &str = "content/initiatives/web/frontend.md";

#[test]
fn the_valid_fixture_has_no_problem() {
    let checked = Roadmap::valid().check();
    assert_eq!(checked.diagnostics.len(), 0, "{:#?}", checked.diagnostics);
    assert_eq!(checked.status, Some(0));
}

// ---- errors of a single file ----

#[test]
fn a_file_without_front_matter() {
    let roadmap = Roadmap::valid();
    roadmap.write("content/initiatives/notes.md", "Just some notes.\n");
    roadmap
        .check()
        .only("front-matter-missing")
        .at("content/initiatives/notes.md", 1, 1)
        .helps("begin the file with a line `---`");
}

#[test]
fn front_matter_that_is_never_closed() {
    let roadmap = Roadmap::valid();
    roadmap.write(
        "content/initiatives/open.md",
        "---\ntitle: Open\nstatus: planned\n\nBody text.\n",
    );
    roadmap
        .check()
        .only("front-matter-unterminated")
        .at("content/initiatives/open.md", 1, 1);
}

#[test]
fn a_yaml_syntax_error() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "goals: [scale]", "goals: [scale");
    // The unclosed list is pointed at in its own line, not where libyaml
    // notices it, where the next key starts.
    roadmap
        .check()
        .only("yaml-syntax")
        .at(CLOUD, 5, 13)
        .says("did not find expected ',' or ']'");
}

#[test]
fn tabs_in_indentation_say_how_to_fix_them() {
    let roadmap = Roadmap::valid();
    roadmap.edit(DATABASE, "  - scale", "\t- scale");
    roadmap
        .check()
        .only("yaml-syntax")
        .at(DATABASE, 6, 1)
        .helps("spaces");
}

#[test]
fn a_key_written_twice_points_at_the_second() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "effort: 10\n", "effort: 10\ntitle: Again\n");
    roadmap
        .check()
        .only("yaml-syntax")
        .at(CLOUD, 9, 1)
        .says("`title` is written twice");
}

#[test]
fn an_unknown_key_suggests_the_known_one() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "category: infrastructure",
        "categroy: infrastructure",
    );
    roadmap
        .check()
        .only("unknown-key")
        .at(CLOUD, 4, 1)
        .helps("did you mean `category`?");
}

#[test]
fn an_unknown_key_inside_a_list_entry() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "effort: 10\n",
        "effort: 10\nrisks:\n  - risk: Downtime\n    mitigaton: Blue-green switch\n",
    );
    roadmap
        .check()
        .only("unknown-key")
        .at(CLOUD, 11, 5)
        .helps("did you mean `mitigation`?");
}

#[test]
fn a_value_of_the_wrong_type() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "effort: 10", "effort: [10]");
    let checked = roadmap.check();
    checked
        .find("wrong-type")
        .at(CLOUD, 8, 9)
        .says("expected a number");
    // Without its effort, the work is named in each quarter it runs.
    assert_eq!(checked.codes(), ["wrong-type", "missing-effort"]);
    checked
        .find("missing-effort")
        .says("1 item in 2026-Q4 – 2027-Q1 has no effort estimate");
}

#[test]
fn a_status_outside_its_set() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "status: in-progress", "status: in-progres");
    // The rejected status is not reported as missing on top.
    roadmap
        .check()
        .only("invalid-value")
        .at(CLOUD, 3, 9)
        .helps("did you mean `in-progress`?");
}

#[test]
fn a_score_outside_its_range() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "effort: 10\n", "effort: 10\ncost: 9\n");
    roadmap
        .check()
        .only("invalid-value")
        .at(CLOUD, 9, 7)
        .says("from 1 to 5, found 9");
}

#[test]
fn a_wrong_value_deep_in_a_list_points_at_that_value() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "effort: 10\n",
        "effort: 10\nrisks:\n  - risk: Downtime\n    mitigation: Switch back\n    likelihood: hgih\n",
    );
    roadmap
        .check()
        .only("invalid-value")
        .at(CLOUD, 12, 17)
        .says("risks[0].likelihood")
        .helps("did you mean `high`?");
}

#[test]
fn a_malformed_quarter() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "end: \"2027-Q1\"", "end: \"2027-Q5\"");
    roadmap
        .check()
        .only("malformed-quarter")
        .at(CLOUD, 7, 6)
        .says("2027-Q5");
}

#[test]
fn a_malformed_date() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "reviewed: \"2026-11-01\"",
        "reviewed: \"2026-13-01\"",
    );
    roadmap.check().only("malformed-date").at(CLOUD, 9, 11);
}

#[test]
fn an_end_before_the_start() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "end: \"2027-Q1\"", "end: \"2026-Q3\"");
    roadmap
        .check()
        .only("end-before-start")
        .at(CLOUD, 7, 6)
        .says("ends in 2026-Q3, before it starts in 2026-Q4");
}

#[test]
fn quarter_together_with_start() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        DATABASE,
        "quarter: \"2027-Q2\"",
        "quarter: \"2027-Q2\"\nstart: \"2027-Q2\"",
    );
    roadmap.check().only("conflicting-keys").at(DATABASE, 10, 1);
}

#[test]
fn a_missing_title() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "title: Cloud migration\n", "");
    roadmap.check().only("missing-title").at(CLOUD, 1, 1);
}

#[test]
fn a_missing_status() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "status: in-progress\n", "");
    roadmap.check().only("missing-status").at(CLOUD, 1, 1);
}

#[test]
fn a_file_that_is_not_utf8() {
    let roadmap = Roadmap::valid();
    roadmap.write_bytes(
        "content/initiatives/latin1.md",
        b"---\ntitle: Caf\xe9\nstatus: planned\n---\n",
    );
    roadmap
        .check()
        .only("unreadable-file")
        .at("content/initiatives/latin1.md", 2, 11)
        .helps("UTF-8");
}

#[test]
fn a_bom_and_crlf_line_ends_are_read_as_usual() {
    let roadmap = Roadmap::valid();
    let text = roadmap.read(CLOUD).replace('\n', "\r\n");
    let with_bom = format!("\u{feff}{}", text.replace("category:", "categroy:"));
    roadmap.write(CLOUD, &with_bom);
    roadmap.check().only("unknown-key").at(CLOUD, 4, 1);
}

// ---- errors between files ----

#[test]
fn an_id_used_twice_names_both_files() {
    let roadmap = Roadmap::valid();
    roadmap.write(
        "content/initiatives/web/cloud.md",
        "---\ntitle: Another cloud\nstatus: planned\ngoals: [scale]\nreviewed: \"2026-11-01\"\n---\n",
    );
    roadmap
        .check()
        .only("duplicate-id")
        .at("content/initiatives/web/cloud.md", 1, 1)
        .says(CLOUD)
        .says("content/initiatives/web/cloud.md");
}

#[test]
fn a_declared_id_used_twice_points_at_the_id() {
    let roadmap = Roadmap::valid();
    roadmap.write(
        "content/initiatives/web/move.md",
        "---\nid: cloud\ntitle: Another cloud\nstatus: planned\ngoals: [scale]\nreviewed: \"2026-11-01\"\n---\n",
    );
    roadmap
        .check()
        .only("duplicate-id")
        .at("content/initiatives/web/move.md", 2, 5);
}

#[test]
fn a_file_name_that_cannot_be_an_id() {
    let roadmap = Roadmap::valid();
    roadmap.write("content/goals/Big Goal.md", "---\ntitle: Big\n---\n");
    roadmap
        .check()
        .only("invalid-value")
        .at("content/goals/Big Goal.md", 1, 1)
        .helps("rename the file");
}

#[test]
fn an_unknown_goal_suggests_the_closest() {
    let roadmap = Roadmap::valid();
    roadmap.edit(FRONTEND, "goals: [speed]", "goals: [sped]");
    roadmap
        .check()
        .only("unknown-goal")
        .at(FRONTEND, 6, 9)
        .helps("did you mean `speed`?");
}

#[test]
fn an_unknown_prerequisite_suggests_the_closest() {
    let roadmap = Roadmap::valid();
    roadmap.edit(FRONTEND, "depends_on: [database]", "depends_on: [databse]");
    roadmap
        .check()
        .only("unknown-dependency")
        .at(FRONTEND, 7, 14)
        .helps("did you mean `database`?");
}

#[test]
fn a_category_that_is_not_allowed() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "category: infrastructure", "category: infrastucture");
    roadmap
        .check()
        .only("unknown-category")
        .at(CLOUD, 4, 11)
        .helps("did you mean `infrastructure`?");
}

#[test]
fn an_initiative_that_depends_on_itself() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "goals: [scale]\n",
        "goals: [scale]\ndepends_on: [cloud]\n",
    );
    roadmap.check().only("self-dependency").at(CLOUD, 6, 14);
}

#[test]
fn a_dependency_cycle_is_printed_as_its_full_path() {
    let roadmap = Roadmap::empty();
    roadmap.write("content/goals/g.md", "---\ntitle: G\n---\n");
    let initiative = |depends_on: &str| {
        format!("---\ntitle: T\nstatus: planned\ngoals: [g]\ndepends_on: [{depends_on}]\n---\n")
    };
    roadmap
        .write("content/initiatives/alpha.md", &initiative("beta"))
        .write("content/initiatives/beta.md", &initiative("gamma"))
        .write("content/initiatives/gamma.md", &initiative("alpha"));
    roadmap
        .check()
        .only("dependency-cycle")
        .at("content/initiatives/gamma.md", 5, 14)
        .says("alpha → beta → gamma → alpha");
}

#[test]
fn a_prerequisite_that_ends_later_than_its_dependent() {
    let roadmap = Roadmap::valid();
    roadmap.edit(DATABASE, "quarter: \"2027-Q2\"", "quarter: \"2027-Q4\"");
    let checked = roadmap.check();
    // A warning: the honest slip of a prerequisite can be published.
    assert_eq!(checked.status, Some(0));
    checked
        .find("schedule-conflict")
        .at(FRONTEND, 7, 14)
        .says("`frontend` ends in 2027-Q3, but its prerequisite `database` only ends in 2027-Q4");
    checked
        .find("goal-at-risk")
        .at("content/goals/speed.md", 4, 9)
        .says("`frontend` is at risk because `database` ends in 2027-Q4, after `frontend` is due to end (2027-Q3)");
    checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("starts in"))
        .expect("the later start is a conflict too")
        .says(
            "`frontend` starts in 2027-Q2, but its prerequisite `database` only starts in 2027-Q4",
        );
    assert_eq!(
        checked.codes(),
        ["goal-at-risk", "schedule-conflict", "schedule-conflict"]
    );
}

#[test]
fn a_schedule_conflict_is_reported_beside_an_unknown_reference() {
    let roadmap = Roadmap::valid();
    roadmap
        .edit(DATABASE, "quarter: \"2027-Q2\"", "quarter: \"2027-Q4\"")
        .edit(
            FRONTEND,
            "depends_on: [database]",
            "depends_on: [databse, database]",
        );
    let checked = roadmap.check();
    checked
        .find("unknown-dependency")
        .at(FRONTEND, 7, 14)
        .helps("did you mean `database`?");
    checked
        .find("schedule-conflict")
        .at(FRONTEND, 7, 23)
        .says("its prerequisite `database` only ends in 2027-Q4");
}

#[test]
fn a_config_key_that_does_not_exist() {
    let roadmap = Roadmap::valid();
    roadmap.edit("roadmap.toml", "per_quarter", "per_quater");
    roadmap
        .check()
        .only("config")
        .at("roadmap.toml", 5, 1)
        .helps("did you mean `per_quarter`?");
}

#[test]
fn a_buffer_outside_its_range() {
    let roadmap = Roadmap::valid();
    roadmap.edit("roadmap.toml", "buffer = 0.25", "buffer = 1.5");
    roadmap.check().only("config").at("roadmap.toml", 6, 10);
}

#[test]
fn a_timeline_window_that_ends_before_it_starts() {
    let roadmap = Roadmap::valid();
    let toml = roadmap.read("roadmap.toml");
    roadmap.write(
        "roadmap.toml",
        &format!("{toml}\n[timeline]\nfrom = \"2027-Q1\"\nto = \"2026-Q4\"\n"),
    );
    let lines = toml.lines().count() as u64;
    roadmap
        .check()
        .only("config")
        .at("roadmap.toml", lines + 4, 6)
        .helps("at or after `from`");
}

#[test]
fn a_timeline_window_too_wide_to_draw() {
    let roadmap = Roadmap::valid();
    let toml = roadmap.read("roadmap.toml");
    roadmap.write(
        "roadmap.toml",
        &format!("{toml}\n[timeline]\nfrom = \"2020-Q1\"\nto = \"2035-Q4\"\n"),
    );
    roadmap
        .check()
        .only("config")
        .says("the timeline spans 64 quarters, more than the 40 a chart can draw");
}

// ---- warnings ----

#[test]
fn an_initiative_that_serves_no_goal() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "goals: [scale]", "goals: []");
    roadmap
        .check()
        .only("no-goal")
        .at(CLOUD, 2, 8)
        .helps("belongs in the backlog");
}

#[test]
fn a_goal_that_no_initiative_serves() {
    let roadmap = Roadmap::valid();
    roadmap.write("content/goals/lonely.md", "---\ntitle: Lonely goal\n---\n");
    roadmap
        .check()
        .only("unserved-goal")
        .at("content/goals/lonely.md", 2, 8);
}

#[test]
fn a_quarter_over_capacity_gives_the_figures() {
    let roadmap = Roadmap::valid();
    roadmap.edit(FRONTEND, "effort: 4", "effort: 30");
    roadmap
        .check()
        .only("over-capacity")
        .at("roadmap.toml", 5, 15)
        .says("2027-Q2 plans 21.0 person-weeks, over the 15.0 that may be planned (20 per quarter less a 25% buffer)");
}

#[test]
fn a_review_older_than_the_limit() {
    let roadmap = Roadmap::valid();
    roadmap.edit(
        CLOUD,
        "reviewed: \"2026-11-01\"",
        "reviewed: \"2026-06-01\"",
    );
    roadmap
        .check()
        .only("stale")
        .at(CLOUD, 9, 11)
        .says("173 days ago");
}

#[test]
fn a_missing_review_is_stale_when_reviews_are_required() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "reviewed: \"2026-11-01\"\n", "");
    roadmap.check().only("stale").at(CLOUD, 2, 8);
}

#[test]
fn a_missing_review_is_fine_when_reviews_are_not_required() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "reviewed: \"2026-11-01\"\n", "");
    roadmap.edit("roadmap.toml", "[review]\nstale_after_days = 90\n", "");
    assert_eq!(roadmap.check().diagnostics.len(), 0);
}

#[test]
fn done_work_whose_prerequisite_is_not_done() {
    let roadmap = Roadmap::valid();
    roadmap.edit(DATABASE, "status: planned", "status: done");
    roadmap
        .check()
        .only("done-before-prerequisite")
        .at(DATABASE, 9, 5)
        .says("`database` is done, but its prerequisite `cloud` is in-progress");
}

#[test]
fn a_dependency_on_dropped_work() {
    let roadmap = Roadmap::valid();
    roadmap.edit(CLOUD, "status: in-progress", "status: dropped");
    roadmap
        .check()
        .only("depends-on-dropped")
        .at(DATABASE, 9, 5);
}
