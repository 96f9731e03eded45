//! Roadmap health as readers and tools meet it: the same facts in the
//! warnings, the pages, roadmap.json and roadmap.csv, and nothing internal
//! named in a public build.

use crate::common::{build_ok, Roadmap};
use serde_json::Value;
use std::fs;
use std::path::Path;

/// A blocked migration that the API waits for, and a dashboard that waits
/// for the API but starts before it; a legacy clean-up one quarter late;
/// a report that ends after its goal's target.
fn troubled_roadmap(visibility_of_migration: &str) -> Roadmap {
    let roadmap = Roadmap::empty();
    roadmap.write(
        "content/goals/insight.md",
        "---\ntitle: Real-time insight\ntarget: \"2027-Q2\"\nvisibility: public\n---\nWhy.\n",
    );
    let initiative = |title: &str, front: &str| {
        format!("---\ntitle: {title}\ngoals: [insight]\nvisibility: public\n{front}---\nBody.\n")
    };
    roadmap
        .write(
            "content/initiatives/migration.md",
            &initiative(
                "Database migration",
                "status: blocked\nquarter: \"2027-Q1\"\n",
            )
            .replace("visibility: public", visibility_of_migration),
        )
        .write(
            "content/initiatives/api.md",
            &initiative(
                "Event API",
                "status: planned\nquarter: \"2027-Q2\"\ndepends_on: [migration]\n",
            ),
        )
        .write(
            "content/initiatives/dashboard.md",
            &initiative(
                "Live dashboard",
                "status: planned\nstart: \"2027-Q1\"\nend: \"2027-Q2\"\ndepends_on: [api]\n",
            ),
        )
        .write(
            "content/initiatives/legacy.md",
            &initiative(
                "Legacy clean-up",
                "status: in-progress\nquarter: \"2026-Q3\"\n",
            ),
        )
        .write(
            "content/initiatives/reports.md",
            &initiative("Reports", "status: planned\nquarter: \"2027-Q3\"\n"),
        );
    roadmap
}

fn json(site: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(site.join("roadmap.json")).unwrap()).unwrap()
}

fn item<'a>(json: &'a Value, kind: &str, id: &str) -> &'a Value {
    json[kind]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {kind}"))
}

fn page(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap()
}

#[test]
fn health_is_a_warning_never_a_refusal() {
    let roadmap = troubled_roadmap("visibility: public");
    let checked = roadmap.check();
    assert_eq!(checked.status, Some(0), "{:#?}", checked.diagnostics);
    assert_eq!(
        checked.codes(),
        ["goal-at-risk", "schedule-conflict", "overdue"]
    );
    checked
        .find("overdue")
        .at("content/initiatives/legacy.md", 6, 10)
        .says("1 quarter before today's quarter 2026-Q4");
    checked
        .find("goal-at-risk")
        .says("`api` is at risk because `migration` is blocked");
}

#[test]
fn every_output_tells_the_same_health() {
    let roadmap = troubled_roadmap("visibility: public");
    let (_guard, site) = build_ok(roadmap.path(), &[]);
    let json = json(&site);
    let legacy = item(&json, "initiatives", "legacy");
    assert_eq!(legacy["overdue"], true);
    assert_eq!(legacy["horizon"], "now");
    let dashboard = item(&json, "initiatives", "dashboard");
    assert_eq!(dashboard["overdue"], false);
    assert_eq!(dashboard["at_risk"], true);
    assert_eq!(dashboard["at_risk_because"], serde_json::json!(["api"]));
    assert_eq!(dashboard["risk_origin"]["id"], "migration");
    assert_eq!(dashboard["schedule_conflicts"][0]["prerequisite"], "api");
    assert_eq!(
        item(&json, "initiatives", "reports")["at_risk_because"],
        serde_json::json!([])
    );
    let goal = item(&json, "goals", "insight");
    assert_eq!(goal["at_risk"], true);
    assert!(goal["progress"].is_u64());

    let csv = page(&site, "roadmap.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains(",overdue,overdue_by,at_risk,at_risk_because,"),
        "{header}"
    );
    let row = csv.lines().find(|l| l.starts_with("dashboard,")).unwrap();
    assert!(row.contains(",false,,true,api,"), "{row}");

    let dashboard_page = page(&site, "initiatives/dashboard/index.html");
    assert!(dashboard_page.contains("At risk because</strong> <a href=\"../../initiatives/migration/index.html\">Database migration</a> is blocked, through <a href=\"../../initiatives/api/index.html\">Event API</a>"), "{dashboard_page}");
    assert!(dashboard_page.contains(
        "Event API</a> must come first, but starts in 2027-Q2, after this starts in 2027-Q1"
    ));
    let api_page = page(&site, "initiatives/api/index.html");
    assert!(api_page.contains(
        "Live dashboard</a> needs this first, but starts in 2027-Q1, before this starts in 2027-Q2"
    ));
    let legacy_page = page(&site, "initiatives/legacy/index.html");
    assert!(legacy_page.contains("Overdue by 1 quarter"));
    assert!(
        legacy_page.contains("it was to end in 2026-Q3, 1 quarter ago, and is still in progress")
    );

    let goal_page = page(&site, "goals/insight/index.html");
    assert!(goal_page.contains("Why this goal is at risk"));
    assert!(goal_page.contains("Reports</a> ends in 2027-Q3, after the target 2027-Q2"));

    let executive = page(&site, "executive/index.html");
    assert!(executive.contains("badge-goal-at-risk"));
    assert!(
        executive.contains("Waits for Database migration, which is blocked."),
        "the dashboard's card says why"
    );
    let engineering = page(&site, "engineering/index.html");
    assert!(engineering.contains("<h2 id=\"health\">Health</h2>"));
    assert!(engineering.contains("marker-end=\"url(#timeline-arrow-conflict)\""));
    assert!(engineering.contains("bar status-in-progress overdue"));
}

#[test]
fn a_public_build_says_internal_work_is_at_risk_without_naming_it() {
    let roadmap = troubled_roadmap("visibility: internal");
    let (_guard, site) = build_ok(roadmap.path(), &["--audience", "public"]);
    let json = json(&site);
    let api = item(&json, "initiatives", "api");
    assert_eq!(api["at_risk"], true);
    assert_eq!(api["at_risk_because"], serde_json::json!([]));
    assert_eq!(api["risk_origin"]["id"], Value::Null);
    let api_page = page(&site, "initiatives/api/index.html");
    assert!(api_page.contains("internal work it depends on is at risk"));
    for (file, bytes) in crate::common::site::files(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Database migration"),
            "{file} names internal work"
        );
        assert!(!text.contains("migration/"), "{file} links internal work");
    }
}

#[test]
fn the_engineering_view_names_teams_over_capacity_and_work_without_effort() {
    let roadmap = troubled_roadmap("visibility: public");
    roadmap.write(
        "roadmap.toml",
        "title = \"Capacity\"\n[capacity]\nper_quarter = 100\nbuffer = 0.5\n[capacity.teams]\ndata = 10\n",
    );
    let with_effort = |front: &str, effort: u32| {
        format!("---\ntitle: Ingest {effort}\ngoals: [insight]\nteam: data\n{front}effort: {effort}\n---\nBody.\n")
    };
    roadmap
        .write(
            "content/initiatives/ingest-a.md",
            &with_effort("status: planned\nquarter: \"2027-Q1\"\n", 4),
        )
        .write(
            "content/initiatives/ingest-b.md",
            &with_effort("status: planned\nquarter: \"2027-Q1\"\n", 3),
        );
    let checked = roadmap.check();
    checked
        .find("over-capacity")
        .at("roadmap.toml", 6, 8)
        .says("2027-Q1 plans 7.0 person-weeks for team `data`, over the 5.0 that may be planned (10 per quarter less a 50% buffer): `ingest-a` 4.0; `ingest-b` 3.0");
    checked
        .find("missing-effort")
        .says("items in 2027-Q1 have no effort estimate");
    let (_guard, site) = build_ok(roadmap.path(), &[]);
    let engineering = page(&site, "engineering/index.html");
    assert!(engineering.contains("2027-Q1: data plans 7 person-weeks, over the 5 it may plan, with <a href=\"../initiatives/ingest-a/index.html\">Ingest 4</a>, <a href=\"../initiatives/ingest-b/index.html\">Ingest 3</a>."), "{engineering}");
    assert!(engineering.contains("Work without an effort estimate"));
}
