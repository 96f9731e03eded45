//! Snapshots of every chart, and what all charts must do.

use super::*;
use crate::graph::critical_chain;
use crate::model::Roadmap;
use crate::render::escape::escape;
use crate::testing::{all, edited_fixture, fixture, id};

fn fixture_timeline(roadmap: &Roadmap) -> String {
    timeline(roadmap, &all(roadmap), &critical_chain(roadmap), "../")
}

/// The fixture with cost and impact: two initiatives share a cell.
pub(super) fn scored_fixture() -> Roadmap {
    edited_fixture(&[
        (
            "platform/cloud.md",
            "effort: 10\n",
            "effort: 10\ncost: 4\nimpact: 5\n",
        ),
        (
            "platform/database.md",
            "effort: 6\n",
            "effort: 6\ncost: 2\nimpact: 4\n",
        ),
        (
            "web/frontend.md",
            "effort: 4\n",
            "effort: 4\ncost: 2\nimpact: 4\n",
        ),
    ])
}

#[test]
fn timeline_snapshot() {
    insta::assert_snapshot!(fixture_timeline(&fixture()));
}

#[test]
fn capacity_snapshot() {
    insta::assert_snapshot!(capacity(&capacity::Demand::of(&fixture())));
}

#[test]
fn matrix_snapshot() {
    let roadmap = scored_fixture();
    insta::assert_snapshot!(matrix(&all(&roadmap), "../"));
}

#[test]
fn neighbourhood_snapshot() {
    let roadmap = fixture();
    let database = roadmap.initiative(&id("database")).unwrap();
    insta::assert_snapshot!(neighbourhood(&roadmap, database, "../../"));
}

#[test]
fn text_is_escaped_everywhere() {
    let roadmap = edited_fixture(&[
        (
            "platform/database.md",
            "title: Database optimisation",
            "title: 'Tune <script>&\"'' DB'\ncost: 1\nimpact: 1",
        ),
        (
            "web/frontend.md",
            "kind: product\n",
            "kind: product\nteam: 'R&D <ops>'\n",
        ),
    ]);
    let database = roadmap.initiative(&id("database")).unwrap();
    let cloud = roadmap.initiative(&id("cloud")).unwrap();
    let escaped = "Tune &lt;script&gt;&amp;&quot;&apos; DB";
    for svg in [
        fixture_timeline(&roadmap),
        matrix(&all(&roadmap), "../"),
        neighbourhood(&roadmap, database, "../"),
        neighbourhood(&roadmap, cloud, "../"),
    ] {
        assert!(svg.contains(escaped), "{svg}");
        // The timeline's own data for the page's script is the only one.
        let data = "<script type=\"application/json\" class=\"timeline-data\">";
        assert_eq!(
            svg.matches("<script").count(),
            svg.matches(data).count(),
            "{svg}"
        );
        // Outside that data, which no text can end early, no text is markup.
        let markup = match svg.split_once(data) {
            Some((before, rest)) => before.to_owned() + rest.split_once("</script>").unwrap().1,
            None => svg.clone(),
        };
        assert!(
            !markup.contains("R&D") && !markup.contains("<script>&"),
            "{svg}"
        );
    }
    let timeline = fixture_timeline(&roadmap);
    assert!(timeline.contains("R&amp;D &lt;ops&gt;"));
    assert!(timeline.contains("\"R&D \\u003cops>\""), "{timeline}");
    assert_eq!(escape("a\u{1}b\tc").to_string(), "ab\tc");
}

#[test]
fn charts_are_deterministic_and_empty_roadmaps_still_describe_themselves() {
    let roadmap = fixture();
    assert_eq!(fixture_timeline(&roadmap), fixture_timeline(&fixture()));
    let empty = timeline(&roadmap, &[], &[], "/");
    assert!(empty.contains("<desc id=\"timeline-desc\">"));
    assert!(matrix(&[], "/").contains("No initiative has both cost and impact"));
}

/// The words of a legend's keys, each checked to lie inside `frame`.
fn legend_words(legend: &legend::Legend, frame: &shapes::Frame) -> Vec<String> {
    legend
        .keys
        .iter()
        .map(|key| {
            let bounds = key.label.bounds();
            assert!(frame.area().encloses(&bounds), "{key:?} leaves {frame:?}");
            key.label.content.to_string()
        })
        .collect()
}

#[test]
fn every_chart_has_a_legend_of_the_marks_it_draws() {
    let roadmap = scored_fixture();
    let matrix = matrix::layout(&all(&roadmap), "../").chart();
    assert_eq!(
        legend_words(&matrix.legend, &matrix.frame),
        ["product work", "technology work"]
    );
    let capacity = capacity::layout(&capacity::Demand::of(&roadmap)).chart();
    assert_eq!(
        legend_words(&capacity.legend, &capacity.frame),
        [
            "planned effort",
            "capacity",
            "may be planned (capacity less the buffer)"
        ]
    );
    let database = roadmap.initiative(&id("database")).unwrap();
    let neighbourhood = neighbourhood::layout(&roadmap, database, "../");
    assert_eq!(
        legend_words(&neighbourhood.legend, &neighbourhood.frame),
        ["planned", "in progress", "prerequisite → dependent"]
    );
}
