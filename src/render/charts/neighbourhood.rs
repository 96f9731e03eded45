//! An initiative's neighbourhood in the dependency graph: what it depends
//! on, what depends on it.

use super::legend::{draw_legend, legend, status_keys, KeyEntry, Legend, Sample};
use super::shapes::{
    chars_fitting, truncate, Anchor, Arrow, Frame, Group, Point, Rect, Role, Route, Text, BASELINE,
    PADDING,
};
use super::svg::Svg;
use super::{initiative_href, schedule_words};
use crate::model::{Initiative, Roadmap};
use crate::types::{InitiativeId, Status};

const NODE_WIDTH: f64 = 200.0;
const NODE_HEIGHT: f64 = 44.0;
const NODE_GAP: f64 = 12.0;
const COLUMN_GAP: f64 = 72.0;
const HEADER: f64 = 28.0;
/// How far an arrow leaves its start and enters its end horizontally.
const ARROW_BEND: f64 = 20.0;
const ARROWHEAD: (&str, &str) = ("neighbourhood-arrow", "arrowhead");

#[derive(Debug)]
pub(crate) struct NeighbourhoodLayout<'a> {
    pub(crate) frame: Frame,
    pub(crate) headings: Vec<Text<'static>>,
    pub(crate) arrows: Vec<Arrow>,
    pub(crate) prerequisites: NodeColumn<'a>,
    pub(crate) dependents: NodeColumn<'a>,
    /// The page's own initiative, in the middle.
    pub(crate) current: Node<'a>,
    pub(crate) legend: Legend,
}

/// The prerequisites or the dependents, or "none" in their place.
#[derive(Debug)]
pub(crate) struct NodeColumn<'a> {
    pub(crate) none: Option<Text<'static>>,
    pub(crate) nodes: Vec<Node<'a>>,
}

/// An initiative's box: its title and, on a second line, its status and
/// schedule.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub(crate) status: Status,
    pub(crate) group: Group,
    pub(crate) rect: Rect,
    pub(crate) title: Text<'a>,
    pub(crate) meta: Text<'static>,
}

/// The initiative's neighbourhood in the dependency graph: its
/// prerequisites on the left, the initiative in the middle, its dependents
/// on the right, arrows between. The other nodes link to their pages under
/// `root`.
pub(crate) fn neighbourhood(roadmap: &Roadmap, initiative: &Initiative, root: &str) -> String {
    draw(&layout(roadmap, initiative, root))
}

pub(crate) fn layout<'a>(
    roadmap: &'a Roadmap,
    initiative: &'a Initiative,
    root: &str,
) -> NeighbourhoodLayout<'a> {
    let lookup = |ids: &[InitiativeId]| -> Vec<&'a Initiative> {
        ids.iter().filter_map(|id| roadmap.initiative(id)).collect()
    };
    let prerequisites = lookup(&initiative.depends_on);
    let dependents = lookup(&initiative.dependents);
    let columns = Columns {
        rows: prerequisites.len().max(dependents.len()).max(1),
    };
    let desc = describe(initiative, &prerequisites, &dependents);
    let current = node(initiative, columns.place(1, 1, 0), None);
    let prerequisites = node_column(&columns, 0, &prerequisites, root);
    let dependents = node_column(&columns, 2, &dependents, root);
    let curve = |from: Point, to: Point| Arrow {
        class: "arrow",
        marker: ARROWHEAD.0,
        route: Route::Curve {
            from,
            to,
            bend: ARROW_BEND,
        },
    };
    let arrows: Vec<Arrow> = (prerequisites.nodes.iter())
        .map(|node| curve(node.rect.right_middle(), current.rect.left_middle()))
        .chain(
            (dependents.nodes.iter())
                .map(|node| curve(current.rect.right_middle(), node.rect.left_middle())),
        )
        .collect();
    let headings = ["Depends on", "Initiative", "Needed by"]
        .into_iter()
        .enumerate()
        .map(|(column, heading)| {
            let at = Point::new(Columns::centre(column), HEADER - 10.0);
            Text::new(Some("axis"), at, heading).anchored(Anchor::Middle)
        })
        .collect();
    let width = PADDING * 2.0 + NODE_WIDTH * 3.0 + COLUMN_GAP * 2.0;
    let shown = (prerequisites.nodes.iter())
        .chain(&dependents.nodes)
        .chain([&current]);
    let mut keys = status_keys("key-node", shown.map(|node| node.status));
    if !arrows.is_empty() {
        let sample = Sample::Line {
            class: "arrow",
            marker: Some(ARROWHEAD.0),
        };
        keys.push(KeyEntry::new(
            "key-arrow",
            sample,
            "prerequisite → dependent",
        ));
    }
    let legend = legend(keys, HEADER + columns.height() + PADDING, width);
    NeighbourhoodLayout {
        frame: Frame {
            kind: "neighbourhood",
            role: Role::Document,
            width,
            height: legend.bottom + PADDING / 2.0,
            title: "Dependencies",
            desc,
        },
        headings,
        arrows,
        prerequisites,
        dependents,
        current,
        legend,
    }
}

pub(crate) fn draw(layout: &NeighbourhoodLayout) -> String {
    let mut svg = Svg::open(&layout.frame);
    svg.arrowheads(&[ARROWHEAD]);
    for heading in &layout.headings {
        svg.text(heading);
    }
    for arrow in &layout.arrows {
        svg.arrow(arrow);
    }
    for column in [&layout.prerequisites, &layout.dependents] {
        if let Some(none) = &column.none {
            svg.text(none);
        }
        for node in &column.nodes {
            draw_node(&mut svg, node);
        }
    }
    draw_node(&mut svg, &layout.current);
    draw_legend(&mut svg, &layout.legend);
    svg.finish()
}

fn draw_node(svg: &mut Svg, node: &Node) {
    svg.open_group(&node.group);
    svg.rect(&node.rect);
    svg.text(&node.title);
    svg.text(&node.meta);
    svg.close_group(&node.group);
}

/// Three columns of nodes (prerequisites, the initiative, dependents), each
/// centred vertically on the tallest, of `rows` nodes.
struct Columns {
    rows: usize,
}

impl Columns {
    fn stack_height(nodes: usize) -> f64 {
        (NODE_HEIGHT + NODE_GAP) * nodes as f64 - NODE_GAP
    }

    fn height(&self) -> f64 {
        Columns::stack_height(self.rows)
    }

    fn left(column: usize) -> f64 {
        PADDING + (NODE_WIDTH + COLUMN_GAP) * column as f64
    }

    fn centre(column: usize) -> f64 {
        Columns::left(column) + NODE_WIDTH / 2.0
    }

    /// The top left corner of the `n`th of `count` nodes in a column.
    fn place(&self, column: usize, count: usize, n: usize) -> Point {
        let first = HEADER + (self.height() - Columns::stack_height(count)) / 2.0;
        let top = first + (NODE_HEIGHT + NODE_GAP) * n as f64;
        Point::new(Columns::left(column), top)
    }
}

fn node_column<'a>(
    columns: &Columns,
    column: usize,
    initiatives: &[&'a Initiative],
    root: &str,
) -> NodeColumn<'a> {
    let none = initiatives.is_empty().then(|| {
        let middle = columns.place(column, 1, 0).y + NODE_HEIGHT / 2.0;
        let at = Point::new(Columns::centre(column), middle + BASELINE);
        Text::new(Some("axis"), at, "none").anchored(Anchor::Middle)
    });
    let count = initiatives.len();
    let nodes = (initiatives.iter().enumerate())
        .map(|(n, initiative)| node(initiative, columns.place(column, count, n), Some(root)))
        .collect();
    NodeColumn { none, nodes }
}

fn describe(
    initiative: &Initiative,
    prerequisites: &[&Initiative],
    dependents: &[&Initiative],
) -> String {
    let titles = |nodes: &[&Initiative]| {
        if nodes.is_empty() {
            return "no other initiative".to_owned();
        }
        let titles: Vec<&str> = nodes.iter().map(|i| i.title.as_str()).collect();
        titles.join(", ")
    };
    format!(
        "{} depends on {} and is needed by {}.",
        initiative.title,
        titles(prerequisites),
        titles(dependents),
    )
}

/// A node linked to the initiative's page under `root`, or not linked for
/// the page's own initiative.
fn node<'a>(initiative: &'a Initiative, at: Point, root: Option<&str>) -> Node<'a> {
    let status = initiative.status.as_str();
    // Lateness is said in words, as everywhere the item appears.
    let label = initiative.status.label();
    let overdue = if initiative.overdue_by.is_some() {
        ", overdue"
    } else {
        ""
    };
    let schedule = schedule_words(initiative.schedule);
    // Put together by hand rather than with `format!`: a roadmap of 10,000
    // draws about 50,000 nodes, and the formatter costs several times as
    // many instructions.
    let (class, href) = match root {
        Some(root) => (
            ["node status-", status].concat(),
            Some(initiative_href(root, &initiative.id)),
        ),
        None => (["node current status-", status].concat(), None),
    };
    let title_at = Point::new(at.x + 8.0, at.y + 18.0);
    let meta_at = Point::new(at.x + 8.0, at.y + 34.0);
    Node {
        status: initiative.status,
        group: Group {
            class,
            href,
            tooltip: [&initiative.title, " — ", label, overdue, ", ", &schedule].concat(),
        },
        rect: Rect::new(None, at.x, at.y, NODE_WIDTH, NODE_HEIGHT).rounded(4.0),
        title: Text::new(
            None,
            title_at,
            truncate(&initiative.title, chars_fitting(NODE_WIDTH - 16.0)),
        ),
        meta: Text::new(
            Some("node-meta"),
            meta_at,
            [label, overdue, " · ", &schedule].concat(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{edited_fixture, fixture, id};

    #[test]
    fn arrows_run_from_each_prerequisite_to_the_initiative_and_on_to_each_dependent() {
        let roadmap = fixture();
        let database = roadmap.initiative(&id("database")).unwrap();
        let neighbourhood = layout(&roadmap, database, "../../");
        let current = &neighbourhood.current.rect;
        let ends: Vec<(Point, Point)> = neighbourhood
            .arrows
            .iter()
            .map(|arrow| (arrow.route.start(), arrow.route.end()))
            .collect();
        let cloud = &neighbourhood.prerequisites.nodes[0].rect;
        let frontend = &neighbourhood.dependents.nodes[0].rect;
        assert_eq!(
            ends,
            [
                (cloud.right_middle(), current.left_middle()),
                (current.right_middle(), frontend.left_middle()),
            ]
        );
    }

    #[test]
    fn nodes_lie_inside_the_frame_without_overlapping() {
        // Cloud then has two dependents and no prerequisite.
        let roadmap = edited_fixture(&[(
            "web/frontend.md",
            "depends_on: [database]",
            "depends_on: [database, cloud]",
        )]);
        let cloud = roadmap.initiative(&id("cloud")).unwrap();
        let neighbourhood = layout(&roadmap, cloud, "../");
        let frame = neighbourhood.frame.area();
        let mut nodes: Vec<&Rect> = (neighbourhood.dependents.nodes.iter())
            .map(|node| &node.rect)
            .collect();
        assert_eq!(nodes.len(), 2);
        nodes.push(&neighbourhood.current.rect);
        for (n, a) in nodes.iter().enumerate() {
            assert!(frame.encloses(a), "{a:?}");
            for b in &nodes[n + 1..] {
                let side_by_side = a.right() <= b.x || b.right() <= a.x;
                let stacked = a.bottom() <= b.y || b.bottom() <= a.y;
                assert!(side_by_side || stacked, "{a:?} overlaps {b:?}");
            }
        }
        let none = (neighbourhood.prerequisites.none.as_ref()).expect("cloud depends on nothing");
        let middle = neighbourhood.current.rect.left_middle().y;
        assert_eq!(none.at.y, middle + BASELINE);
        assert!(neighbourhood.current.group.href.is_none());
    }
}
