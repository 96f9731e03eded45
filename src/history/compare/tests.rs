use super::*;

fn snapshot(yaml: &str) -> Snapshot {
    Snapshot::parse("initiatives/x.md", &format!("---\n{yaml}\n---\n"))
        .unwrap()
        .1
}

fn texts(before: &str, after: &str) -> Vec<String> {
    compare(
        Subject::Initiative,
        Some(&snapshot(before)),
        Some(&snapshot(after)),
    )
    .into_iter()
    .map(|c| c.text)
    .collect()
}

/// The one sentence a commit from `before` to `after` is told as.
fn told(before: &str, after: &str) -> String {
    let parts = compare(
        Subject::Initiative,
        Some(&snapshot(before)),
        Some(&snapshot(after)),
    );
    sentence(&parts)
}

#[test]
fn changes_read_as_sentences() {
    assert_eq!(
        texts(
            "title: A\nstatus: planned\nstart: 2027-Q1\nend: 2027-Q2\ngoals: [g]\nprogress: 10",
            "title: B\nstatus: in-progress\nstart: 2027-Q1\nend: 2027-Q3\ngoals: [h]\nprogress: 30"
        ),
        [
            "Retitled from “A”",
            "Status planned → in-progress",
            "End moved a quarter later: 2027-Q2 → 2027-Q3",
            "Now serves goal `h`",
            "No longer serves goal `g`",
            "Progress 10% → 30%",
        ]
    );
}

#[test]
fn one_commits_parts_are_one_sentence() {
    assert_eq!(
        told(
            "start: 2027-Q2\nend: 2027-Q3\neffort: 8",
            "start: 2027-Q3\nend: 2027-Q4\neffort: 10"
        ),
        "Moved a quarter later: 2027-Q2–Q3 → 2027-Q3–Q4; effort 8 → 10"
    );
    assert_eq!(
        told("title: A\nstatus: planned", "title: B\nstatus: dropped"),
        "Retitled from “A”; dropped (was planned)"
    );
    assert_eq!(told("effort: 8", "effort: 8.0"), "");
}

#[test]
fn a_schedule_moves_as_one_or_bound_by_bound() {
    assert_eq!(
        texts("quarter: 2027-Q1", "start: 2027-Q1\nend: 2027-Q1"),
        Vec::<String>::new()
    );
    assert_eq!(
        texts("quarter: 2027-Q1", "quarter: 2027-Q2"),
        ["Moved a quarter later: 2027-Q1 → 2027-Q2"]
    );
    assert_eq!(
        texts(
            "start: 2027-Q3\nend: 2027-Q4",
            "start: 2027-Q1\nend: 2027-Q2"
        ),
        ["Moved 2 quarters earlier: 2027-Q3–Q4 → 2027-Q1–Q2"]
    );
    assert_eq!(
        texts(
            "start: 2027-Q4\nend: 2028-Q1",
            "start: 2028-Q4\nend: 2029-Q1"
        ),
        ["Moved 4 quarters later: 2027-Q4–2028-Q1 → 2028-Q4–2029-Q1"]
    );
    assert_eq!(
        texts(
            "start: 2027-Q1\nend: 2027-Q2",
            "start: 2027-Q2\nend: 2027-Q4"
        ),
        [
            "Start moved a quarter later: 2027-Q1 → 2027-Q2",
            "End moved 2 quarters later: 2027-Q2 → 2027-Q4",
        ]
    );
    // A start alone is a one-quarter schedule, as the build reads it.
    assert_eq!(
        texts("start: 2027-Q1", "start: 2027-Q1\nend: 2027-Q2"),
        ["End moved a quarter later: 2027-Q1 → 2027-Q2"]
    );
    assert_eq!(
        texts("title: A", "start: 2027-Q1\nend: 2027-Q2"),
        ["Scheduled for 2027-Q1–Q2"]
    );
    assert_eq!(
        texts("quarter: 2027-Q1", "title: A"),
        ["Unscheduled (was 2027-Q1)"]
    );
    assert_eq!(
        texts("end: someday", "end: 2027-Q1"),
        [
            "Start moved from someday to 2027-Q1",
            "End moved from someday to 2027-Q1"
        ]
    );
}

#[test]
fn owner_team_kind_category_and_effort_changes_are_told() {
    assert_eq!(
        texts(
            "owner: Alice\nteam: web\neffort: 3",
            "owner: Bob\nkind: product\ncategory: security\neffort: 5.5"
        ),
        [
            "Effort 3 → 5.5",
            "Owner Alice → Bob",
            "Team removed (was web)",
            "Kind technology → product",
            "Category set to security",
        ]
    );
}

#[test]
fn risks_are_added_removed_and_changed() {
    let risk = |name: &str, likelihood: &str, mitigation: &str| {
        format!("  - risk: {name}\n    mitigation: {mitigation}\n    likelihood: {likelihood}\n")
    };
    assert_eq!(
        texts(
            &format!(
                "risks:\n{}{}",
                risk("Late vendor", "low", "Stub it"),
                risk("Outage", "low", "Failover")
            ),
            &format!(
                "risks:\n{}{}",
                risk("Late vendor", "high", "Build it"),
                risk("Churn", "medium", "Talk")
            )
        ),
        [
            "Risk “Late vendor”: likelihood low → high, new mitigation",
            "Risk added: “Churn”",
            "Risk removed: “Outage”",
        ]
    );
}

#[test]
fn metrics_are_added_removed_and_changed_current_included() {
    assert_eq!(
        texts(
            "metrics:\n  - name: Latency\n    target: 200 ms\n  - name: Errors\n    target: \"0\"",
            "metrics:\n  - name: Latency\n    target: 150 ms\n    current: 300 ms\n  - name: Uptime\n    target: 99.9%"
        ),
        [
            "Metric “Latency”: target 200 ms → 150 ms, current set to 300 ms",
            "Metric added: “Uptime” (target 99.9%)",
            "Metric removed: “Errors”",
        ]
    );
    let goal = |yaml: &str| {
        Snapshot::parse("goals/g.md", &format!("---\n{yaml}\n---\n"))
            .unwrap()
            .1
    };
    let changes = compare(
        Subject::Goal,
        Some(&goal("owner: Ann\nmetrics:\n  - name: NPS\n    baseline: \"20\"\n    target: \"40\"")),
        Some(&goal("owner: Ann\nmetrics:\n  - name: NPS\n    baseline: \"25\"\n    target: \"40\"\n    current: \"30\"")),
    );
    assert_eq!(
        sentence(&changes),
        "Metric “NPS”: baseline 20 → 25, current set to 30"
    );
}

#[test]
fn dropping_is_named_as_such() {
    assert_eq!(
        texts("status: planned", "status: dropped"),
        ["Dropped (was planned)"]
    );
}

#[test]
fn a_goal_target_move_is_a_change() {
    let changes = compare(
        Subject::Goal,
        Some(&snapshot("target: 2027-Q2")),
        Some(&snapshot("target: 2027-Q3")),
    );
    assert_eq!(
        changes[0].text,
        "Target moved a quarter later: 2027-Q2 → 2027-Q3"
    );
}
