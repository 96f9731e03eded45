//! What a writer meets first: `init`, `new` with a team and titles in any
//! script, the team a folder gives, template overrides the theme does not
//! have, every problem of a file with a YAML error, the schema's help for
//! editors, and annotations for pull requests.

use crate::common::{build_ok, fixture, output_within, waymark, Roadmap, DEADLINE, TODAY};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    output_within(&mut command, DEADLINE)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn init_starts_a_roadmap_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("roadmap");
    let output = waymark(&["init"], &root);
    assert!(output.status.success(), "{}", stderr(&output));
    let config = std::fs::read_to_string(root.join("roadmap.toml")).unwrap();
    assert!(config.contains("# base_url ="), "{config}");
    let checked = waymark(&["check", "--format", "json", "--today", TODAY], &root);
    let json: Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(checked.status.code(), Some(0), "{json:#}");
    assert_eq!(
        (&json["errors"], &json["warnings"]),
        (&0.into(), &0.into()),
        "{json:#}"
    );
    build_ok(&root, &[]);
}

#[test]
fn init_never_overwrites_and_says_what_is_there() {
    let roadmap = Roadmap::valid();
    let before = roadmap.read("roadmap.toml");
    let output = waymark(&["init"], roadmap.path());
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("roadmap.toml") && text.contains("exists already"),
        "{text}"
    );
    assert!(text.contains("help:"), "{text}");
    assert_eq!(roadmap.read("roadmap.toml"), before);
    // A folder with content but no settings gets the settings only.
    roadmap.remove("roadmap.toml");
    let output = waymark(&["init"], roadmap.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(roadmap.read("roadmap.toml").contains("[capacity]"));
    let goals = std::fs::read_dir(roadmap.path().join("content/goals")).unwrap();
    assert_eq!(goals.count(), 2, "no starter goal beside the roadmap's own");
}

#[test]
fn new_with_a_team_writes_into_the_team_folder_with_a_readable_name() {
    let roadmap = Roadmap::valid();
    let new = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        waymark(&all, roadmap.path())
    };
    let output = new(&["initiative", "Déploiement Zürich", "--team", "platform"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = roadmap.read("content/initiatives/platform/deploiement-zurich.md");
    assert!(
        written.contains("title: \"Déploiement Zürich\""),
        "{written}"
    );
    let output = new(&["initiative", "数据迁移", "--team", "data"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(roadmap
        .path()
        .join("content/initiatives/data/shu-ju-qian-yi.md")
        .is_file());
    // Nothing readable: the writer is told to name the file.
    let output = new(&["initiative", "\u{e000}\u{e001}"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--id"), "{}", stderr(&output));
    let output = new(&["initiative", "\u{e000}\u{e001}", "--id", "private-use"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(roadmap
        .path()
        .join("content/initiatives/private-use.md")
        .is_file());
    // A team is one folder's name, and goals have none.
    let output = new(&["initiative", "Escape", "--team", "../outside"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("team"), "{}", stderr(&output));
    let output = new(&["goal", "Teamless", "--team", "platform"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!roadmap.path().join("content/goals/teamless.md").exists());
}

/// The fixture with `cloud.md` (in `platform/`) naming no team and
/// `frontend.md` (in `web/`) naming `ux`, and a capacity for `platform`
/// that `cloud.md`'s 10 person-weeks over two quarters exceed.
fn folder_teams() -> Roadmap {
    let roadmap = Roadmap::valid();
    roadmap
        .edit(
            "roadmap.toml",
            "buffer = 0.25\n",
            "buffer = 0.25\n[capacity.teams]\nplatform = 4\n",
        )
        .edit(
            "content/initiatives/platform/database.md",
            "effort: 6\n",
            "effort: 1\n",
        )
        .edit(
            "content/initiatives/web/frontend.md",
            "title:",
            "team: ux\ntitle:",
        );
    roadmap
}

#[test]
fn the_folder_under_initiatives_is_the_default_team_everywhere() {
    let roadmap = folder_teams();
    let checked = roadmap.check();
    checked.find("over-capacity").says("for team `platform`");
    let (_guard, site) = build_ok(roadmap.path(), &[]);
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("roadmap.json")).unwrap()).unwrap();
    let team_of = |id: &str| {
        json["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["team"].clone())
            .unwrap()
    };
    assert_eq!(team_of("cloud"), "platform");
    assert_eq!(team_of("frontend"), "ux");
    let engineering = std::fs::read_to_string(site.join("engineering/index.html")).unwrap();
    assert!(
        engineering.contains("data-team=\"platform\""),
        "{engineering}"
    );
    // A file straight in `initiatives/` has no team.
    roadmap.write(
        "content/initiatives/loose.md",
        "---\ntitle: Loose\nstatus: proposed\ngoals: [speed]\n---\n",
    );
    let (_guard, site) = build_ok(roadmap.path(), &[]);
    let json: Value =
        serde_json::from_slice(&std::fs::read(site.join("roadmap.json")).unwrap()).unwrap();
    let loose = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "loose")
        .unwrap()
        .clone();
    assert!(loose["team"].is_null(), "{loose}");
}

#[test]
fn moving_a_file_between_team_folders_changes_its_team_in_the_diff() {
    let roadmap = Roadmap::valid();
    let repo = git2::Repository::init(roadmap.path()).unwrap();
    let sign = crate::common::git::signature_on("Ada", "2026-11-01");
    crate::common::git::commit_all(&repo, &sign, "Start");
    std::fs::create_dir_all(roadmap.path().join("content/initiatives/data")).unwrap();
    std::fs::rename(
        roadmap
            .path()
            .join("content/initiatives/platform/database.md"),
        roadmap.path().join("content/initiatives/data/database.md"),
    )
    .unwrap();
    let output = run_in(roadmap.path(), &["diff", "HEAD", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let database = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "database")
        .unwrap_or_else(|| panic!("no change told: {json:#}"));
    assert_eq!(database["changes"][0]["field"], "team", "{database:#}");
    assert_eq!(database["changes"][0]["before"], "platform");
    assert_eq!(database["changes"][0]["after"], "data");
}

#[test]
fn a_template_override_the_theme_does_not_have_is_a_warning() {
    let roadmap = Roadmap::valid();
    roadmap.write("templates/exec.html", "{% extends \"base.html\" %}\n");
    // A template that an override includes is the writer's own part.
    roadmap.write(
        "templates/index.html",
        "{% include \"parts/banner.html\" %}\n",
    );
    roadmap.write("templates/parts/banner.html", "<p>Banner</p>\n");
    let checked = roadmap.check();
    checked
        .only("unknown-template")
        .at("templates/exec.html", 1, 1)
        .says("exec.html")
        .helps("did you mean `executive.html`?")
        .helps("engineering.html");
    let out = tempfile::tempdir().unwrap();
    let output = crate::common::build(roadmap.path(), &out.path().join("site"), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning[unknown-template]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_yaml_error_in_one_key_hides_none_of_the_later_ones() {
    let roadmap = Roadmap::valid();
    roadmap.write(
        "content/initiatives/web/frontend.md",
        "---\ntitle: Frontend\nsummary: \"unclosed\ngoals: [speed]\nstatus: finished\nstart: \"2027-Q5\"\nreviewed: \"2026-11-01\"\n---\nBody.\n",
    );
    let checked = roadmap.check();
    let found: Vec<(&str, u64)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("yaml-syntax", 3),
            ("invalid-value", 5),
            ("malformed-quarter", 6)
        ],
        "{:#?}",
        checked.diagnostics
    );
    // A broken title is not reported as missing too.
    roadmap.write(
        "content/initiatives/web/frontend.md",
        "---\ntitle: [Front, end\nstatus: planned\ngoals: [speed]\nreviewed: \"2026-11-01\"\n---\n",
    );
    let checked = roadmap.check();
    assert_eq!(
        checked.codes(),
        ["yaml-syntax"],
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn a_duplicate_id_in_two_team_folders_is_no_self_dependency() {
    let roadmap = Roadmap::valid();
    roadmap.write(
        "content/initiatives/web/cloud.md",
        "---\ntitle: Web cloud\nstatus: planned\ngoals: [speed]\ndepends_on: [cloud]\nreviewed: \"2026-11-01\"\n---\n",
    );
    let checked = roadmap.check();
    assert_eq!(
        checked.codes(),
        ["duplicate-id"],
        "{:#?}",
        checked.diagnostics
    );
}

/// Where in `schema` a property or an enum value has no description.
fn undescribed(schema: &Value, at: &str, missing: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (name, property) in properties {
                    if property.get("description").is_none() {
                        missing.push(format!("{at}/properties/{name}"));
                    }
                }
            }
            if map.contains_key("enum") {
                missing.push(format!(
                    "{at}: `enum` values cannot be described; use oneOf/const"
                ));
            }
            if map.contains_key("const") && !map.contains_key("description") {
                missing.push(format!("{at}: {}", map["const"]));
            }
            for (key, child) in map {
                undescribed(child, &format!("{at}/{key}"), missing);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undescribed(item, &format!("{at}/{i}"), missing);
            }
        }
        _ => {}
    }
}

#[test]
fn every_property_and_value_of_the_schema_is_described() {
    for which in [None, Some("goal"), Some("initiative")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
        command.arg("schema").args(which);
        let output = output_within(&mut command, DEADLINE);
        assert!(output.status.success());
        let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut missing = Vec::new();
        undescribed(&schema, "#", &mut missing);
        assert!(
            missing.is_empty(),
            "{which:?} lacks descriptions:\n{}",
            missing.join("\n")
        );
        let text = schema.to_string();
        assert!(text.contains("\"const\":\"public\""), "{text}");
    }
}

#[test]
fn check_speaks_github_workflow_commands() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("roadmap");
    let source = fixture("four-problems");
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = root.join(entry.path().strip_prefix(&source).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let args = ["check", "--format", "github", "--today", TODAY];
    // Named from the repository's root, as a workflow runs it.
    let mut with_dir = args.to_vec();
    with_dir.push("roadmap");
    let output = run_in(parent.path(), &with_dir);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert!(
        lines[3].starts_with(
            "::error file=roadmap/content/initiatives/web/export.md,line=5,col=11,title=wrong-type::"
        ),
        "{stdout}"
    );
    assert!(
        lines[0].starts_with(
            "::warning file=roadmap/content/goals/analytics.md,line=2,col=8,title=goal-at-risk::"
        ),
        "{stdout}"
    );
    // One line each: help follows the message after an escaped newline.
    assert!(
        lines[1].contains("%0Ahelp: a cycle can never start"),
        "{stdout}"
    );
    // Run inside the roadmap folder, the paths are the roadmap's own.
    let output = run_in(&root, &args);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("::error file=content/initiatives/web/export.md,line=5,col=11,"),
        "{stdout}"
    );
}
