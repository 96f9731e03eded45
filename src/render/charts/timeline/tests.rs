//! The timeline's layout, checked by its geometry.

use super::*;
use crate::graph::critical_chain;
use crate::render::charts::shapes::CHAR_WIDTH;
use crate::render::pages::Page;
use crate::testing::{all, edited_fixture, fixture, moved_fixture};

fn fixture_layout(roadmap: &Roadmap) -> TimelineLayout<'_> {
    let critical = critical_chain(roadmap);
    layout(roadmap, &all(roadmap), &critical, "../").chart()
}

/// The initiative a bar links to.
fn linked_id<'l>(bar: &'l Bar) -> &'l str {
    let href = bar.group.href.as_deref().unwrap();
    match href.strip_prefix("../").and_then(Page::at) {
        Some(Page::Initiative(id)) => id,
        _ => panic!("unexpected link {href}"),
    }
}

#[test]
fn bars_link_to_their_initiatives_pages() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let linked: Vec<&str> = timeline.bars.iter().map(linked_id).collect();
    assert_eq!(linked, ["cloud", "database", "frontend"]);
    for bar in &timeline.bars {
        assert_eq!(linked_id(bar), bar.id.as_str());
    }
}

#[test]
fn lanes_are_ordered_by_team_with_no_team_last() {
    // The cloud migration, out of its team's folder, has no team.
    let roadmap = moved_fixture(
        &[
            (
                "web/frontend.md",
                "kind: product\n",
                "kind: product\nteam: Web\n",
            ),
            ("platform/database.md", "quarter:", "team: Data\nquarter:"),
        ],
        &[("platform/cloud.md", "cloud.md")],
    );
    let timeline = fixture_layout(&roadmap);
    let lanes: Vec<&str> = timeline
        .lanes
        .iter()
        .map(|lane| lane.label.content.as_ref())
        .collect();
    assert_eq!(lanes, ["Data", "Web", NO_TEAM]);
}

#[test]
fn the_critical_chain_is_marked() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let critical_bars = timeline
        .bars
        .iter()
        .filter(|bar| bar.group.class.ends_with(" critical"))
        .count();
    assert_eq!(critical_bars, 3);
    let critical_arrows: Vec<&Arrow> = timeline
        .arrows
        .iter()
        .filter(|arrow| arrow.class == "arrow critical")
        .collect();
    assert_eq!(critical_arrows.len(), 2);
    assert!(critical_arrows
        .iter()
        .all(|arrow| arrow.marker == CRITICAL_ARROWHEAD.0));
}

#[test]
fn todays_marker_lies_within_its_quarter_column() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let today = timeline.today.as_ref().expect("today is drawn");
    let column = &timeline.columns[0];
    assert_eq!(column.quarter.to_string(), "2026-Q4");
    // 2026-11-21 is day 51 of the 92 of 2026-Q4.
    let x = column.area.x + column.area.width * 51.0 / 92.0;
    assert_eq!(today.line.from.x, x);
    assert_eq!(today.line.to.x, x);
    assert!(column.area.contains(today.line.to));
    assert_eq!(today.label.at.x, x);
}

#[test]
fn today_outside_the_drawn_quarters_has_no_marker() {
    let later = edited_fixture(&[
        (
            "platform/cloud.md",
            "start: \"2026-Q4\"",
            "start: \"2027-Q2\"",
        ),
        ("platform/cloud.md", "end: \"2027-Q1\"", "end: \"2027-Q2\""),
    ]);
    let timeline = fixture_layout(&later);
    assert_eq!(timeline.columns[0].quarter.to_string(), "2027-Q2");
    assert!(timeline.today.is_none());
}

#[test]
fn bars_lie_inside_the_frame_their_lane_and_their_quarters() {
    let roadmap = edited_fixture(&[(
        "web/frontend.md",
        "kind: product\n",
        "kind: product\nteam: Web\n",
    )]);
    let timeline = fixture_layout(&roadmap);
    let frame = timeline.frame.area();
    for bar in &timeline.bars {
        assert!(frame.encloses(&bar.rect), "{bar:?}");
        let initiative = roadmap.initiative(bar.id).unwrap();
        let schedule = initiative.schedule.unwrap();
        let lane = timeline
            .lanes
            .iter()
            .find(|lane| lane.label.content == initiative.team.as_deref().unwrap_or(NO_TEAM))
            .unwrap();
        assert!(lane.band.encloses(&bar.rect), "{bar:?} outside {lane:?}");
        let column = |quarter| {
            let found = timeline.columns.iter().find(|c| c.quarter == quarter);
            &found.unwrap().area
        };
        assert!(bar.rect.x > column(schedule.start).x);
        assert!(bar.rect.right() < column(schedule.end).right());
    }
}

#[test]
fn every_arrow_runs_from_a_prerequisites_end_to_its_dependents_start() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let bar = |id: &InitiativeId| timeline.bars.iter().find(|bar| bar.id == id).unwrap();
    let mut expected = Vec::new();
    for dependent in &timeline.bars {
        for prerequisite in &roadmap.initiative(dependent.id).unwrap().depends_on {
            let from = bar(prerequisite).rect.right_middle();
            expected.push((from, dependent.rect.left_middle()));
        }
    }
    let drawn: Vec<(Point, Point)> = timeline
        .arrows
        .iter()
        .map(|arrow| (arrow.route.start(), arrow.route.end()))
        .collect();
    assert_eq!(drawn, expected);
    assert_eq!(drawn.len(), 2);
}

#[test]
fn one_far_off_date_does_not_widen_the_timeline() {
    let far = edited_fixture(&[("platform/cloud.md", "end: \"2027-Q1\"", "end: \"9999-Q4\"")]);
    let timeline = fixture_layout(&far);
    assert_eq!(timeline.columns.len(), crate::schedule::CHART_QUARTERS);
    let desc = &timeline.frame.desc;
    assert!(
        desc.contains("from 2026-Q4 to 9999-Q4")
            && desc.contains("The chart shows 2026-Q4 to 2036-Q3."),
        "{desc}"
    );
    let frame = timeline.frame.area();
    assert!(timeline.bars.iter().all(|bar| frame.encloses(&bar.rect)));
}

#[test]
fn long_titles_are_cut_to_the_room_they_have() {
    let long = "A title far too long to fit inside a bar of one quarter, or beside it";
    let roadmap = edited_fixture(&[(
        "web/frontend.md",
        "title: Frontend performance",
        &format!("title: {long}"),
    )]);
    let timeline = fixture_layout(&roadmap);
    let frontend = timeline.bars.iter().find(|b| b.id.as_str() == "frontend");
    let label = &frontend.unwrap().label;
    assert!(label.content.ends_with('…'), "{label:?}");
    assert!(label.tail.is_none());
    let bar = &frontend.unwrap().rect;
    assert!(bar.x < label.at.x);
    let width = label.content.chars().count() as f64 * CHAR_WIDTH;
    assert!(
        label.at.x + width <= bar.right(),
        "{label:?} overflows {bar:?}"
    );
}
