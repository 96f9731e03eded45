//! The timeline's layout, checked by its geometry.

use super::*;
use crate::graph::critical_chain;
use crate::render::charts::shapes::Route;
use crate::render::charts::shapes::CHAR_WIDTH;
use crate::render::pages::Page;
use crate::testing::{all, edited_fixture, example, fixture, generated, moved_fixture};

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
        assert_eq!(linked_id(bar), bar.initiative.id.as_str());
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
        .all(|arrow| arrow.marker == route::CRITICAL_ARROWHEAD.0));
}

#[test]
fn todays_marker_lies_within_its_quarter_column() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let today = &timeline.today;
    assert_eq!(today.group.class, "today");
    let column = &timeline.columns[0];
    assert_eq!(column.label.content, "2026-Q4");
    // 2026-11-21 is day 51 of the 92 of 2026-Q4.
    let x = column.area.x + column.area.width * 51.0 / 92.0;
    assert_eq!(today.line.from.x, x);
    assert_eq!(today.line.to.x, x);
    assert!(column.area.contains(today.line.to));
    assert_eq!(today.label.at.x, x);
}

#[test]
fn today_before_the_window_is_marked_at_its_start_in_words() {
    let later = edited_fixture(&[
        (
            "platform/cloud.md",
            "start: \"2026-Q4\"",
            "start: \"2029-Q2\"",
        ),
        ("platform/cloud.md", "end: \"2027-Q1\"", "end: \"2029-Q2\""),
        (
            "platform/database.md",
            "quarter: \"2027-Q2\"",
            "quarter: \"2029-Q3\"",
        ),
        (
            "web/frontend.md",
            "start: \"2027-Q2\"\nend: \"2027-Q3\"",
            "start: \"2029-Q4\"\nend: \"2029-Q4\"",
        ),
    ]);
    let timeline = fixture_layout(&later);
    assert_eq!(timeline.columns[0].label.content, "2029-Q2");
    let today = &timeline.today;
    assert_eq!(today.label.content, "today: 2026-11-21, before this window");
    assert_eq!(today.line.from.x, timeline.columns[0].area.x);
}

#[test]
fn a_plan_wholly_in_the_past_is_shown_with_today_after_it() {
    let past = edited_fixture(&[
        (
            "platform/cloud.md",
            "start: \"2026-Q4\"",
            "start: \"2025-Q1\"",
        ),
        ("platform/cloud.md", "end: \"2027-Q1\"", "end: \"2025-Q2\""),
        (
            "platform/database.md",
            "quarter: \"2027-Q2\"",
            "quarter: \"2025-Q3\"",
        ),
        (
            "web/frontend.md",
            "start: \"2027-Q2\"\nend: \"2027-Q3\"",
            "start: \"2025-Q4\"\nend: \"2025-Q4\"",
        ),
    ]);
    let timeline = fixture_layout(&past);
    let quarters: Vec<String> = timeline
        .columns
        .iter()
        .map(|c| c.label.content.to_string())
        .collect();
    assert_eq!(quarters, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    let today = &timeline.today;
    assert_eq!(today.label.content, "today: 2026-11-21, after this window");
    assert_eq!(today.line.from.x, timeline.columns[3].area.right());
    let notes: Vec<&str> = timeline.notes.iter().map(|n| n.content.as_ref()).collect();
    assert!(
        notes[0].starts_with("All scheduled work ends before today's quarter"),
        "{notes:?}"
    );
    assert!(timeline.frame.desc.contains(notes[0]));
}

#[test]
fn work_before_the_window_is_counted_not_drawn() {
    let roadmap = edited_fixture(&[(
        "platform/cloud.md",
        "start: \"2026-Q4\"\nend: \"2027-Q1\"",
        "start: \"2020-Q1\"\nend: \"2020-Q2\"",
    )]);
    let timeline = fixture_layout(&roadmap);
    assert_eq!(timeline.columns[0].label.content, "2026-Q3");
    assert!(timeline
        .bars
        .iter()
        .all(|bar| bar.initiative.id.as_str() != "cloud"));
    let notes: Vec<&str> = timeline.notes.iter().map(|n| n.content.as_ref()).collect();
    assert_eq!(notes, ["1 initiative ended before 2026-Q3: 1 not done."]);
}

#[test]
fn the_window_comes_from_roadmap_toml() {
    let mut roadmap = fixture();
    roadmap.config.timeline = crate::config::TimelineSettings {
        from: Some(toml::Spanned::new(0..0, "2027-Q1".parse().unwrap())),
        to: Some(toml::Spanned::new(0..0, "2027-Q2".parse().unwrap())),
    };
    let timeline = fixture_layout(&roadmap);
    let quarters: Vec<String> = timeline
        .columns
        .iter()
        .map(|c| c.label.content.to_string())
        .collect();
    assert_eq!(quarters, ["2027-Q1", "2027-Q2"]);
    assert_eq!(
        timeline.bars.len(),
        3,
        "cloud ends in 2027-Q1, in the window"
    );
    assert_eq!(
        timeline.today.label.content,
        "today: 2026-11-21, before this window"
    );
}

#[test]
fn the_legend_names_the_marks_drawn() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    let words: Vec<&str> = timeline
        .legend
        .keys
        .iter()
        .map(|key| key.label.content.as_ref())
        .collect();
    assert_eq!(
        words,
        [
            "planned",
            "in progress",
            "critical chain",
            "prerequisite → dependent",
            "today"
        ]
    );
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
        let initiative = roadmap.initiative(&bar.initiative.id).unwrap();
        let schedule = initiative.schedule.unwrap();
        let lane = timeline
            .lanes
            .iter()
            .find(|lane| lane.label.content == initiative.team.as_deref().unwrap_or(NO_TEAM))
            .unwrap();
        assert!(lane.band.encloses(&bar.rect), "{bar:?} outside {lane:?}");
        let column = |quarter: Quarter| {
            let found = timeline
                .columns
                .iter()
                .find(|c| c.label.content == quarter.to_string());
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
    let bar = |id: &InitiativeId| {
        timeline
            .bars
            .iter()
            .find(|bar| &bar.initiative.id == id)
            .unwrap()
    };
    let mut expected = Vec::new();
    for dependent in &timeline.bars {
        for prerequisite in &roadmap
            .initiative(&dependent.initiative.id)
            .unwrap()
            .depends_on
        {
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
    assert_eq!(timeline.columns.len(), 8);
    let desc = &timeline.frame.desc;
    assert!(desc.contains("from 2026-Q4 to 9999-Q4"), "{desc}");
    let frame = timeline.frame.area();
    assert!(timeline.bars.iter().all(|bar| frame.encloses(&bar.rect)));
}

#[test]
fn the_quarters_fill_the_frames_width() {
    let roadmap = fixture();
    let timeline = fixture_layout(&roadmap);
    assert_eq!(timeline.frame.width, CHART_WIDTH);
    let last = timeline.columns.last().unwrap();
    assert_eq!(last.area.right(), CHART_WIDTH - PADDING);
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
    let frontend = timeline
        .bars
        .iter()
        .find(|b| b.initiative.id.as_str() == "frontend");
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

/// The straight pieces of an arrow's route.
fn segments(arrow: &Arrow) -> Vec<(Point, Point)> {
    let Route::Orthogonal(points) = &arrow.route else {
        panic!("timeline arrows are orthogonal: {arrow:?}");
    };
    points.windows(2).map(|pair| (pair[0], pair[1])).collect()
}

/// A segment as a box as thin as a line, so that crossing is overlapping.
fn segment_box((from, to): (Point, Point)) -> Rect {
    assert!(
        from.x == to.x || from.y == to.y,
        "{from:?} to {to:?} is not orthogonal"
    );
    let (x, y) = (from.x.min(to.x), from.y.min(to.y));
    let thin = 0.01;
    Rect::new(
        None,
        x - thin,
        y - thin,
        (from.x - to.x).abs() + 2.0 * thin,
        (from.y - to.y).abs() + 2.0 * thin,
    )
}

/// Checks what makes a timeline readable by construction: no arrow runs
/// through a bar other than its own two ends, nor through any label; no
/// two labels overlap; every label and bar lies inside the frame.
fn assert_readable(timeline: &TimelineLayout) {
    let frame = timeline.frame.area();
    let row_of = |y: f64| ((y - HEADER) / ROW_HEIGHT).floor();
    let bar_label_boxes: Vec<Rect> = timeline.bars.iter().map(|b| b.label.bounds()).collect();
    for (row, bar) in timeline.bars.iter().enumerate() {
        assert!(frame.encloses(&bar.rect), "{bar:?} leaves the frame");
        assert_eq!(row_of(bar.rect.y) as usize, row);
    }
    for arrow in &timeline.arrows {
        let ends = (
            row_of(arrow.route.start().y) as usize,
            row_of(arrow.route.end().y) as usize,
        );
        for segment in segments(arrow) {
            let line = segment_box(segment);
            assert!(frame.encloses(&line), "{arrow:?} leaves the frame");
            // Only the rows the segment spans can hold what it crosses.
            let first = row_of(line.y).max(0.0) as usize;
            let last = (row_of(line.bottom()) as usize).min(timeline.bars.len().saturating_sub(1));
            for (row, bar) in timeline.bars.iter().enumerate().take(last + 1).skip(first) {
                if row != ends.0 && row != ends.1 {
                    assert!(!line.overlaps(&bar.rect), "{arrow:?} crosses {bar:?}");
                }
                let label = &bar_label_boxes[row];
                assert!(
                    !line.overlaps(label),
                    "{arrow:?} crosses the label of {bar:?}"
                );
            }
            for lane in &timeline.lanes {
                assert!(
                    !line.overlaps(&lane.label.bounds()),
                    "{arrow:?} crosses {lane:?}"
                );
            }
        }
    }
    let mut labels: Vec<(Rect, &str)> = timeline
        .lanes
        .iter()
        .map(|lane| &lane.label)
        .chain(timeline.columns.iter().map(|c| &c.label))
        .chain([&timeline.today.label])
        .chain(timeline.bars.iter().map(|b| &b.label))
        .chain(timeline.notes.iter())
        .chain(timeline.legend.keys.iter().map(|k| &k.label))
        .map(|text| (text.bounds(), text.content.as_ref()))
        .collect();
    for (bounds, content) in &labels {
        assert!(
            frame.encloses(bounds),
            "{content:?} at {bounds:?} leaves the frame"
        );
    }
    // By top, so that each label is compared with those near it only.
    labels.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
    for (index, (bounds, content)) in labels.iter().enumerate() {
        for (other, other_content) in labels[index + 1..]
            .iter()
            .take_while(|(other, _)| other.y < bounds.bottom())
        {
            assert!(
                !bounds.overlaps(other),
                "{content:?} at {bounds:?} overlaps {other_content:?} at {other:?}"
            );
        }
    }
}

#[test]
fn the_fixture_is_readable() {
    let roadmap = fixture();
    assert_readable(&fixture_layout(&roadmap));
}

#[test]
fn the_example_roadmap_is_readable() {
    let roadmap = example();
    let timeline = fixture_layout(&roadmap);
    assert!(timeline.bars.len() >= 10 && timeline.arrows.len() >= 5);
    assert_readable(&timeline);
}

#[test]
fn a_hundred_initiatives_are_readable() {
    let roadmap = generated(100);
    let timeline = fixture_layout(&roadmap);
    assert!(timeline.arrows.len() > 30, "{}", timeline.arrows.len());
    assert_readable(&timeline);
}

#[test]
fn two_thousand_initiatives_are_readable() {
    let roadmap = generated(2000);
    let timeline = fixture_layout(&roadmap);
    assert!(timeline.bars.len() > 1000 && timeline.arrows.len() > 1000);
    assert_readable(&timeline);
}

#[test]
fn arrowheads_into_one_bar_are_spread() {
    let roadmap = generated(100);
    let timeline = fixture_layout(&roadmap);
    let mut ends: Vec<(u64, u64)> = timeline
        .arrows
        .iter()
        .map(|arrow| {
            let end = arrow.route.end();
            (end.x.to_bits(), end.y.to_bits())
        })
        .collect();
    let count = ends.len();
    ends.sort();
    ends.dedup();
    assert_eq!(ends.len(), count, "two arrowheads share a point");
}
