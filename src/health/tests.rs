use super::*;
use crate::config::Config;
use crate::diagnostic::Report;
use crate::frontmatter::GoalFrontMatter;
use crate::load::{assemble, parse_text, schema_of, ParsedFile};
use std::path::Path;
use std::sync::Arc;

const TODAY: &str = "2026-11-21";

fn file<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    name: &str,
    text: &str,
) -> ParsedFile<T> {
    ParsedFile {
        path: name.into(),
        parsed: parse_text::<T>(name, text, &schema_of::<T>()),
    }
}

/// An initiative `id` with front matter lines `extra`, serving goal `g`.
fn initiative(id: &str, extra: &str) -> (String, String) {
    (
        format!("content/initiatives/{id}.md"),
        format!("---\ntitle: {id}\ngoals: [g]\n{extra}\n---\nWhy.\n"),
    )
}

fn loaded_with(config: Config, goal: &str, initiatives: &[(String, String)]) -> Loaded {
    let goals = vec![file::<GoalFrontMatter>(
        "content/goals/g.md",
        &format!("---\ntitle: G\n{goal}\n---\n"),
    )];
    let initiatives = initiatives
        .iter()
        .map(|(name, text)| file::<InitiativeFrontMatter>(name, text))
        .collect::<Vec<_>>();
    let mut report = Report::default();
    let loaded = assemble(Path::new("."), config, &mut report, goals, initiatives);
    assert!(report.diagnostics.is_empty(), "{}", report.to_human(false));
    loaded
}

fn assess(initiatives: &[(String, String)]) -> (Loaded, Health) {
    assess_with_goal("", initiatives)
}

fn assess_with_goal(goal: &str, initiatives: &[(String, String)]) -> (Loaded, Health) {
    let loaded = loaded_with(Config::default(), goal, initiatives);
    let health = Health::assess(&loaded, TODAY.parse().unwrap());
    (loaded, health)
}

fn position(loaded: &Loaded, id: &str) -> usize {
    loaded
        .initiatives
        .iter()
        .position(|d| d.id() == id)
        .unwrap()
}

fn codes(loaded: &Loaded, health: &Health) -> Vec<&'static str> {
    health
        .warnings(loaded)
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

#[test]
fn work_is_overdue_from_the_quarter_after_its_end() {
    let (loaded, health) = assess(&[
        initiative(
            "current",
            "status: planned\nend: \"2026-Q4\"\nstart: \"2026-Q3\"",
        ),
        initiative("one-late", "status: in-progress\nquarter: \"2026-Q3\""),
        initiative("three-late", "status: proposed\nquarter: \"2026-Q1\""),
        initiative("finished", "status: done\nquarter: \"2025-Q1\""),
        initiative("abandoned", "status: dropped\nquarter: \"2025-Q1\""),
        initiative("unscheduled", "status: planned"),
    ]);
    let overdue = |id| health.items[position(&loaded, id)].overdue_by;
    assert_eq!(overdue("current"), None);
    assert_eq!(overdue("one-late"), Some(1));
    assert_eq!(overdue("three-late"), Some(3));
    assert_eq!(overdue("finished"), None);
    assert_eq!(overdue("abandoned"), None);
    assert_eq!(overdue("unscheduled"), None);
    let warnings = health.warnings(&loaded);
    let one_late = warnings
        .iter()
        .find(|d| d.file.name.ends_with("one-late.md"))
        .unwrap();
    assert_eq!(one_late.code.as_str(), "overdue");
    assert!(
        one_late
            .message
            .contains("1 quarter before today's quarter 2026-Q4"),
        "{}",
        one_late.message
    );
    assert_eq!(one_late.line_column(), (5, 10));
}

#[test]
fn a_prerequisite_that_ends_or_starts_later_clashes_but_an_equal_one_does_not() {
    let (loaded, health) = assess(&[
        initiative(
            "base",
            "status: planned\nstart: \"2027-Q2\"\nend: \"2027-Q3\"",
        ),
        initiative(
            "equal",
            "status: planned\nstart: \"2027-Q2\"\nend: \"2027-Q3\"\ndepends_on: [base]",
        ),
        initiative(
            "ends-first",
            "status: planned\nstart: \"2027-Q2\"\nend: \"2027-Q2\"\ndepends_on: [base]",
        ),
        initiative(
            "starts-first",
            "status: planned\nstart: \"2027-Q1\"\nend: \"2027-Q4\"\ndepends_on: [base]",
        ),
        initiative(
            "finished",
            "status: done\nquarter: \"2027-Q1\"\ndepends_on: [base]",
        ),
    ]);
    let clashes = |id| health.items[position(&loaded, id)].clashes.clone();
    assert!(clashes("equal").is_empty());
    assert!(clashes("finished").is_empty());
    let ends = clashes("ends-first");
    assert_eq!(
        (ends.len(), ends[0].ends_later, ends[0].starts_later),
        (1, true, false)
    );
    let starts = clashes("starts-first");
    assert_eq!(
        (starts.len(), starts[0].ends_later, starts[0].starts_later),
        (1, false, true)
    );
    assert_eq!(
        codes(&loaded, &health),
        ["schedule-conflict", "schedule-conflict", "goal-at-risk"]
    );
}

#[test]
fn risk_travels_down_a_chain_of_five_and_names_where_it_starts() {
    let (loaded, health) = assess(&[
        initiative("a", "status: blocked\nquarter: \"2027-Q1\""),
        initiative(
            "b",
            "status: planned\nquarter: \"2027-Q2\"\ndepends_on: [a]",
        ),
        initiative(
            "c",
            "status: planned\nquarter: \"2027-Q3\"\ndepends_on: [b]",
        ),
        initiative(
            "d",
            "status: planned\nquarter: \"2027-Q4\"\ndepends_on: [c]",
        ),
        initiative(
            "e",
            "status: planned\nquarter: \"2028-Q1\"\ndepends_on: [d]",
        ),
        initiative(
            "f",
            "status: planned\nquarter: \"2028-Q2\"\ndepends_on: [e]",
        ),
        initiative("safe", "status: planned\nquarter: \"2028-Q2\""),
    ]);
    let at = |id| position(&loaded, id);
    let risk = |id| health.items[at(id)].inherited.clone();
    assert_eq!(risk("a"), None, "its own status is not inherited");
    assert_eq!(risk("safe"), None);
    let b = risk("b").unwrap();
    assert_eq!(
        (b.because, b.origin, b.trouble),
        (vec![at("a")], at("a"), Trouble::Blocked)
    );
    assert!(b.through.is_empty());
    let f = risk("f").unwrap();
    assert_eq!(f.because, [at("e")]);
    assert_eq!(f.origin, at("a"));
    assert_eq!(f.through, [at("e"), at("d"), at("c"), at("b")]);
    assert_eq!(f.more_steps, 0);
    assert_eq!(
        health.why_at_risk(at("f"), &loaded.initiatives),
        "`f` is at risk because `a` is blocked"
    );
}

#[test]
fn long_chains_name_a_few_steps_and_count_the_rest() {
    let mut items = vec![initiative("n00", "status: at-risk")];
    for k in 1..=8 {
        items.push(initiative(
            &format!("n{k:02}"),
            &format!("status: planned\ndepends_on: [n{:02}]", k - 1),
        ));
    }
    let (loaded, health) = assess(&items);
    let last = health.items[position(&loaded, "n08")]
        .inherited
        .clone()
        .unwrap();
    assert_eq!(last.through.len(), risk::SHOWN_STEPS);
    assert_eq!(last.more_steps, 7 - risk::SHOWN_STEPS);
    assert_eq!(last.trouble, Trouble::AtRisk);
}

#[test]
fn overdue_and_later_ending_prerequisites_pass_risk_on_and_settled_ones_do_not() {
    let (loaded, health) = assess(&[
        initiative("late", "status: in-progress\nquarter: \"2026-Q2\""),
        initiative("long", "status: planned\nquarter: \"2027-Q4\""),
        initiative("finished", "status: done\nquarter: \"2027-Q4\""),
        initiative(
            "user",
            "status: planned\nquarter: \"2027-Q2\"\ndepends_on: [finished, late, long]",
        ),
    ]);
    let at = |id| position(&loaded, id);
    let user = health.items[at("user")].inherited.clone().unwrap();
    assert_eq!(user.because, [at("late"), at("long")]);
    assert_eq!(user.trouble, Trouble::Overdue(2));
    assert!(health.is_at_risk(&loaded.initiatives, at("user")));
    assert!(!health.is_at_risk(&loaded.initiatives, at("finished")));
}

#[test]
fn a_cycle_does_not_loop_and_inherits_nothing() {
    let (loaded, health) = assess(&[
        initiative("x", "status: blocked\ndepends_on: [y]"),
        initiative("y", "status: planned\ndepends_on: [x]"),
        initiative("z", "status: planned\ndepends_on: [y]"),
    ]);
    assert!(health.items.iter().all(|item| item.inherited.is_none()));
    assert_eq!(loaded.initiatives.len(), 3);
}

#[test]
fn a_goal_is_at_risk_when_work_ends_after_its_target_not_when_it_ends_on_it() {
    let on_time = [initiative("w", "status: planned\nquarter: \"2027-Q3\"")];
    let (_, health) = assess_with_goal("target: \"2027-Q3\"", &on_time);
    assert!(!health.goals[0].at_risk());
    let late = [initiative("w", "status: planned\nquarter: \"2027-Q4\"")];
    let (loaded, health) = assess_with_goal("target: \"2027-Q3\"", &late);
    assert_eq!(health.goals[0].work_after_target, [0]);
    let warning = health.warnings(&loaded).pop().unwrap();
    assert_eq!(warning.code.as_str(), "goal-at-risk");
    assert!(warning
        .message
        .contains("`w` ends in 2027-Q4, after the target 2027-Q3"));
    assert_eq!(warning.line_column(), (3, 9));
}

#[test]
fn a_goal_is_at_risk_through_the_risk_its_work_inherits() {
    let (loaded, health) = assess(&[
        initiative("base", "status: blocked"),
        initiative("w", "status: planned\ndepends_on: [base]"),
    ]);
    let at = |id| position(&loaded, id);
    assert_eq!(health.goals[0].work_at_risk, [at("base"), at("w")]);
    let warning = health
        .warnings(&loaded)
        .into_iter()
        .find(|d| d.code.as_str() == "goal-at-risk")
        .unwrap();
    assert!(
        warning
            .message
            .contains("`w` is at risk because `base` is blocked"),
        "{}",
        warning.message
    );
}

fn with_capacity(toml: &str) -> Config {
    let file = crate::source::SourceFile::new("roadmap.toml".to_owned(), toml);
    Config::parse(file).expect("the configuration is valid")
}

#[test]
fn capacity_is_judged_per_team_and_names_the_work_largest_first() {
    let config = with_capacity(
        "[capacity]\nper_quarter = 100\nbuffer = 0.2\n[capacity.teams]\nplatform = 10\n",
    );
    let loaded = loaded_with(
        config,
        "",
        &[
            initiative(
                "small",
                "status: planned\nteam: platform\nquarter: \"2027-Q1\"\neffort: 3",
            ),
            initiative(
                "big",
                "status: planned\nteam: platform\nquarter: \"2027-Q1\"\neffort: 6",
            ),
            initiative(
                "other",
                "status: planned\nteam: web\nquarter: \"2027-Q1\"\neffort: 50",
            ),
            initiative(
                "exact",
                "status: planned\nteam: platform\nquarter: \"2027-Q2\"\neffort: 8",
            ),
        ],
    );
    let health = Health::assess(&loaded, TODAY.parse().unwrap());
    assert_eq!(health.overloads.len(), 1, "{:?}", health.overloads);
    let overload = &health.overloads[0];
    assert_eq!(overload.team.as_deref(), Some("platform"));
    assert_eq!(overload.quarter.to_string(), "2027-Q1");
    assert_eq!((overload.planned, overload.plannable), (9.0, 8.0));
    let named: Vec<&str> = overload
        .loads
        .iter()
        .map(|load| loaded.initiatives[load.initiative].id())
        .collect();
    assert_eq!(named, ["big", "small"]);
    let warning = &health.warnings(&loaded)[0];
    assert!(
        warning.message.contains("for team `platform`"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.ends_with("`big` 6.0; `small` 3.0"),
        "{}",
        warning.message
    );
    assert_eq!(warning.line_column(), (5, 12));
    assert_eq!(warning.related.len(), 2);
}

#[test]
fn scheduled_work_without_effort_is_named_per_quarter() {
    let config = with_capacity("[capacity]\nper_quarter = 100\n");
    let loaded = loaded_with(
        config,
        "",
        &[
            initiative(
                "guess",
                "status: planned\nstart: \"2026-Q4\"\nend: \"2027-Q2\"",
            ),
            initiative("past", "status: done\nquarter: \"2026-Q4\""),
            initiative("known", "status: planned\nquarter: \"2027-Q1\"\neffort: 2"),
            initiative("history", "status: planned\nquarter: \"2026-Q1\""),
            initiative("also", "status: proposed\nquarter: \"2027-Q1\""),
        ],
    );
    let health = Health::assess(&loaded, TODAY.parse().unwrap());
    let quarters: Vec<String> = health
        .unestimated
        .iter()
        .map(|u| {
            format!(
                "{}–{} {:?}",
                u.quarters.start, u.quarters.end, u.initiatives
            )
        })
        .collect();
    assert_eq!(
        quarters,
        [
            "2026-Q4–2026-Q4 [0]",
            "2027-Q1–2027-Q1 [0, 4]",
            "2027-Q2–2027-Q2 [0]"
        ]
    );
    let warning = health
        .warnings(&loaded)
        .into_iter()
        .find(|d| d.code.as_str() == "missing-effort")
        .unwrap();
    assert!(
        warning
            .message
            .starts_with("1 item in 2026-Q4 has no effort estimate"),
        "{}",
        warning.message
    );
}

#[test]
fn a_judgement_is_taken_over_only_when_nothing_health_reads_changed() {
    let today: Day = TODAY.parse().unwrap();
    let roadmap = |a: &str, b: &str| {
        loaded_with(
            Config::default(),
            "target: \"2027-Q2\"",
            &[
                initiative("a", a),
                initiative("b", &format!("depends_on: [a]\n{b}")),
            ],
        )
    };
    let before = roadmap("quarter: \"2027-Q1\"\nprogress: 10", "quarter: \"2027-Q2\"");
    let judged = before.health(today);
    // Progress is not read by health: the judgement holds.
    let now = roadmap("quarter: \"2027-Q1\"\nprogress: 60", "quarter: \"2027-Q2\"");
    now.take_health_of(&before, today);
    assert!(Arc::ptr_eq(&now.health(today), &judged));
    // Each of these changes what health reads, and with it what it says.
    for (a, b) in [
        ("quarter: \"2027-Q3\"", "quarter: \"2027-Q2\""),
        (
            "quarter: \"2027-Q1\"\nstatus: blocked",
            "quarter: \"2027-Q2\"",
        ),
        ("quarter: \"2027-Q1\"", "quarter: \"2026-Q2\""),
        ("quarter: \"2027-Q1\"", "quarter: \"2027-Q3\""),
    ] {
        let now = roadmap(a, b);
        now.take_health_of(&before, today);
        let taken = now.health(today);
        assert!(!Arc::ptr_eq(&taken, &judged), "{a} / {b}");
        assert_eq!(taken.items, Health::assess(&now, today).items, "{a} / {b}");
    }
    // Nor on another day.
    let now = roadmap("quarter: \"2027-Q1\"\nprogress: 10", "quarter: \"2027-Q2\"");
    let tomorrow: Day = "2026-11-22".parse().unwrap();
    now.take_health_of(&before, tomorrow);
    assert!(!Arc::ptr_eq(&now.health(tomorrow), &judged));
}
