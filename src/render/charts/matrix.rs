//! The cost-versus-impact matrix: five by five cells, the four quadrants
//! named, a labelled point for each initiative scored on both.

use super::initiative_href;
use super::legend::{draw_legend, legend, KeyEntry, Legend, Sample};
use super::shapes::{
    truncate, Anchor, Circle, Frame, Group, Layout, Line, Point, Rect, Role, Text, BASELINE,
    PADDING,
};
use super::svg::{draw_empty, Svg};
use crate::diagnostic::plural;
use crate::model::Initiative;
use crate::types::{Kind, Status};
use std::cmp::Ordering::{Greater, Less};
use std::collections::BTreeSet;

const AXIS_WIDTH: f64 = 64.0;
/// Fits a point and a label of `LABEL_CHARS`.
const CELL_WIDTH: f64 = 232.0;
const MIN_CELL_HEIGHT: f64 = 96.0;
/// Room in each cell above its points for the quadrant labels of the top row.
const CELL_TOP: f64 = 26.0;
/// Room in each cell below its points for the quadrant labels of the bottom row.
const CELL_BOTTOM: f64 = 22.0;
const POINT_STEP: f64 = 18.0;
const BOTTOM: f64 = 48.0;
const LABEL_CHARS: usize = 28;

#[derive(Debug)]
pub(crate) struct MatrixLayout<'a> {
    pub(crate) frame: Frame,
    pub(crate) quadrants: Vec<Quadrant>,
    pub(crate) grid: Grid,
    /// The scores along each axis, 1 to 5: cost below, then impact beside.
    pub(crate) scores: Vec<Text<'static>>,
    pub(crate) cost_title: Text<'static>,
    pub(crate) impact_title: Text<'static>,
    pub(crate) points: Vec<MatrixPoint<'a>>,
    pub(crate) legend: Legend,
}

/// A corner of two by two cells, shaded and named.
#[derive(Debug)]
pub(crate) struct Quadrant {
    pub(crate) area: Rect,
    pub(crate) label: Text<'static>,
}

/// The edges of the cells: `xs` from cost 1's left to cost 5's right,
/// `ys` from impact 5's top to impact 1's bottom.
#[derive(Debug)]
pub(crate) struct Grid {
    pub(crate) xs: [f64; 6],
    pub(crate) ys: [f64; 6],
}

/// An initiative's point and label, linked to its page.
#[derive(Debug)]
pub(crate) struct MatrixPoint<'a> {
    pub(crate) group: Group,
    pub(crate) dot: Circle,
    pub(crate) label: Text<'a>,
}

/// Cost-versus-impact matrix: a cell for each cost (1–5, across) and impact
/// (1–5, up), a labelled point for each initiative that has both, linked to
/// its page under `root`, and the four quadrants named. Points sharing a
/// cell are listed one under another, so none hides another.
pub(crate) fn matrix(initiatives: &[&Initiative], root: &str) -> String {
    match layout(initiatives, root) {
        Layout::Empty(empty) => draw_empty(&empty),
        Layout::Chart(chart) => draw(&chart),
    }
}

pub(crate) fn layout<'a>(initiatives: &[&'a Initiative], root: &str) -> Layout<MatrixLayout<'a>> {
    let mut grouped: Vec<Vec<&Initiative>> = vec![Vec::new(); 25];
    for &initiative in initiatives {
        if let Some((cost, impact)) = cost_and_impact(initiative) {
            grouped[cell_index(cost, impact)].push(initiative);
        }
    }
    // Finished work last in its cell, so that hiding it leaves no gaps.
    for cell in &mut grouped {
        cell.sort_by(|a, b| (is_closed(a), &a.id).cmp(&(is_closed(b), &b.id)));
    }
    let desc = describe(initiatives.len(), &grouped);
    let fullest = grouped.iter().map(Vec::len).max().unwrap_or(0);
    if fullest == 0 {
        return Layout::empty(
            "matrix",
            "Cost and impact",
            desc,
            "No initiative has both cost and impact",
        );
    }
    let cells = Cells {
        height: (CELL_TOP + POINT_STEP * fullest as f64 + CELL_BOTTOM).max(MIN_CELL_HEIGHT),
    };
    let mut points = Vec::new();
    for cost in 1..=5u8 {
        for impact in 1..=5u8 {
            let x = cells.x(f64::from(cost - 1));
            let y = cells.y(f64::from(5 - impact)) + CELL_TOP;
            for (n, initiative) in grouped[cell_index(cost, impact)].iter().enumerate() {
                let row = Point::new(x, y + POINT_STEP * (n as f64 + 0.5));
                points.push(point(initiative, row, (cost, impact), root));
            }
        }
    }
    let edges = |at: &dyn Fn(f64) -> f64| [0.0, 1.0, 2.0, 3.0, 4.0, 5.0].map(at);
    let width = cells.x(5.0) + PADDING;
    let kinds: BTreeSet<&str> = grouped.iter().flatten().map(|i| kind_name(i)).collect();
    let keys = kinds
        .into_iter()
        .map(|kind| {
            KeyEntry::new(
                format!("point kind-{kind}"),
                Sample::Dot,
                format!("{kind} work"),
            )
        })
        .collect();
    let legend = legend(keys, cells.y(5.0) + BOTTOM, width);
    Layout::Chart(MatrixLayout {
        frame: Frame {
            kind: "matrix",
            role: Role::Document,
            width,
            height: legend.bottom + PADDING / 2.0,
            title: "Cost and impact",
            desc,
        },
        quadrants: quadrants(&cells),
        grid: Grid {
            xs: edges(&|n| cells.x(n)),
            ys: edges(&|n| cells.y(n)),
        },
        scores: scores(&cells),
        cost_title: Text::new(
            Some("axis axis-title"),
            Point::new(cells.x(2.5), cells.y(5.0) + 40.0),
            "Cost →",
        )
        .anchored(Anchor::Middle),
        impact_title: Text::new(
            Some("axis axis-title"),
            Point::new(20.0, cells.y(2.5)),
            "Impact →",
        )
        .anchored(Anchor::Middle)
        .rotated(-90.0),
        points,
        legend,
    })
}

pub(crate) fn draw(layout: &MatrixLayout) -> String {
    let mut svg = Svg::open(&layout.frame);
    for quadrant in &layout.quadrants {
        svg.rect(&quadrant.area);
        svg.text(&quadrant.label);
    }
    let Grid { xs, ys } = &layout.grid;
    let (left, right, top, bottom) = (xs[0], xs[5], ys[0], ys[5]);
    for (&x, &y) in xs.iter().zip(ys) {
        let grid = |from, to| Line::new(Some("grid"), from, to);
        svg.line(&grid(Point::new(x, top), Point::new(x, bottom)));
        svg.line(&grid(Point::new(left, y), Point::new(right, y)));
    }
    for score in &layout.scores {
        svg.text(score);
    }
    svg.text(&layout.cost_title);
    svg.text(&layout.impact_title);
    for point in &layout.points {
        svg.open_group(&point.group);
        svg.circle(&point.dot);
        svg.text(&point.label);
        svg.close_group(&point.group);
    }
    draw_legend(&mut svg, &layout.legend);
    svg.finish()
}

/// The five by five cells of the matrix, all of one height: cost across,
/// impact up.
struct Cells {
    height: f64,
}

impl Cells {
    /// The x of a position counted in cells from the left edge.
    fn x(&self, cells: f64) -> f64 {
        AXIS_WIDTH + CELL_WIDTH * cells
    }

    /// The y of a position counted in cells from the top edge.
    fn y(&self, cells: f64) -> f64 {
        PADDING + self.height * cells
    }
}

/// Done or dropped: drawn, but hidden until the reader asks for it.
fn is_closed(initiative: &Initiative) -> bool {
    matches!(initiative.status, Status::Done | Status::Dropped)
}

fn kind_name(initiative: &Initiative) -> &'static str {
    match initiative.kind {
        Kind::Technology => "technology",
        Kind::Product => "product",
    }
}

/// Cost and impact, held within 1–5: the model's fields are plain numbers.
fn cost_and_impact(initiative: &Initiative) -> Option<(u8, u8)> {
    Some((initiative.cost?.clamp(1, 5), initiative.impact?.clamp(1, 5)))
}

fn cell_index(cost: u8, impact: u8) -> usize {
    usize::from(impact - 1) * 5 + usize::from(cost - 1)
}

/// The quadrant of a score pair; none on the middle row or column.
fn quadrant(cost: u8, impact: u8) -> Option<usize> {
    match (cost.cmp(&3), impact.cmp(&3)) {
        (Less, Greater) => Some(0),
        (Greater, Greater) => Some(1),
        (Less, Less) => Some(2),
        (Greater, Less) => Some(3),
        _ => None,
    }
}

/// Name and class of each quadrant, in the order `quadrant` numbers them.
const QUADRANTS: [(&str, &str); 4] = [
    ("Quick wins", "quadrant quick-wins"),
    ("Big bets", "quadrant big-bets"),
    ("Fill-ins", "quadrant fill-ins"),
    ("Money pits", "quadrant money-pits"),
];

fn describe(considered: usize, cells: &[Vec<&Initiative>]) -> String {
    let mut by_quadrant: [Vec<&str>; 4] = Default::default();
    let mut between = 0;
    let mut shown = 0;
    let mut closed = 0;
    for cost in 1..=5u8 {
        for impact in 1..=5u8 {
            let all = &cells[cell_index(cost, impact)];
            let cell: Vec<&Initiative> = all.iter().copied().filter(|i| !is_closed(i)).collect();
            closed += all.len() - cell.len();
            shown += cell.len();
            match quadrant(cost, impact) {
                Some(q) => by_quadrant[q].extend(cell.iter().map(|i| i.title.as_str())),
                None => between += cell.len(),
            }
        }
    }
    let mut desc = format!(
        "{} by cost (1 to 5, across) and impact (1 to 5, up).",
        plural(shown, "initiative")
    );
    for ((name, _), titles) in QUADRANTS.iter().zip(&by_quadrant) {
        let listed = if titles.is_empty() {
            "none".to_owned()
        } else {
            titles.join(", ")
        };
        desc.push_str(&format!(" {name}: {listed}."));
    }
    if between > 0 {
        desc.push_str(&format!(
            " {} with a middle cost or impact.",
            plural(between, "other")
        ));
    }
    if closed > 0 {
        desc.push_str(&format!(
            " {} done or dropped, shown only on request.",
            plural(closed, "initiative")
        ));
    }
    if considered > shown + closed {
        desc.push_str(&format!(
            " {} without both cost and impact not shown.",
            plural(considered - shown - closed, "initiative")
        ));
    }
    desc
}

/// Each quadrant covers the two by two cells of its corner: the middle
/// column and row belong to none, as the description says.
fn quadrants(cells: &Cells) -> Vec<Quadrant> {
    QUADRANTS
        .iter()
        .enumerate()
        .map(|(n, &(name, class))| {
            let right = n % 2 == 1;
            let bottom = n >= 2;
            let x = cells.x(if right { 3.0 } else { 0.0 });
            let y = cells.y(if bottom { 3.0 } else { 0.0 });
            let (label_x, anchor) = if right {
                (cells.x(5.0) - 8.0, Anchor::End)
            } else {
                (cells.x(0.0) + 8.0, Anchor::Start)
            };
            let label_y = if bottom {
                cells.y(5.0) - 8.0
            } else {
                cells.y(0.0) + 18.0
            };
            let (width, height) = (cells.x(2.0) - cells.x(0.0), cells.y(2.0) - cells.y(0.0));
            let label_at = Point::new(label_x, label_y);
            Quadrant {
                area: Rect::new(Some(class), x, y, width, height),
                label: Text::new(Some("quadrant-label"), label_at, name).anchored(anchor),
            }
        })
        .collect()
}

fn scores(cells: &Cells) -> Vec<Text<'static>> {
    let mut scores = Vec::new();
    for score in 1..=5u8 {
        let along_cost = Point::new(cells.x(f64::from(score) - 0.5), cells.y(5.0) + 18.0);
        let along_impact = Point::new(
            cells.x(0.0) - 10.0,
            cells.y(5.5 - f64::from(score)) + BASELINE,
        );
        scores
            .push(Text::new(Some("axis"), along_cost, score.to_string()).anchored(Anchor::Middle));
        scores.push(Text::new(Some("axis"), along_impact, score.to_string()).anchored(Anchor::End));
    }
    scores
}

/// A point with its label, at the left of the row `at` in its cell.
fn point<'a>(
    initiative: &'a Initiative,
    at: Point,
    (cost, impact): (u8, u8),
    root: &str,
) -> MatrixPoint<'a> {
    let kind = kind_name(initiative);
    let closed = if is_closed(initiative) { " closed" } else { "" };
    MatrixPoint {
        group: Group {
            // Put together by hand rather than with `format!`, which costs
            // several times as many instructions on charts of thousands.
            class: [
                "point kind-",
                kind,
                " status-",
                initiative.status.as_str(),
                closed,
            ]
            .concat(),
            href: Some(initiative_href(root, &initiative.id)),
            tooltip: [
                &initiative.title,
                " — ",
                kind,
                ", cost ",
                itoa::Buffer::new().format(cost),
                ", impact ",
                itoa::Buffer::new().format(impact),
                ", ",
                initiative.status.as_str(),
            ]
            .concat(),
        },
        dot: Circle {
            centre: Point::new(at.x + 14.0, at.y),
            radius: 5.0,
        },
        label: Text::new(
            None,
            Point::new(at.x + 24.0, at.y + BASELINE),
            truncate(&initiative.title, LABEL_CHARS),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::scored_fixture;
    use super::*;
    use crate::render::pages::Page;
    use crate::testing::all;

    #[test]
    fn points_that_share_a_cell_are_listed_one_under_another() {
        let roadmap = scored_fixture();
        let matrix = layout(&all(&roadmap), "../").chart();
        let centres: Vec<Point> = matrix.points.iter().map(|p| p.dot.centre).collect();
        assert_eq!(centres.len(), 3);
        // Database and Frontend both have cost 2 and impact 4.
        assert_eq!(centres[0].x, centres[1].x);
        assert_eq!(centres[1].y - centres[0].y, POINT_STEP);
        assert!(matrix
            .frame
            .desc
            .contains("Quick wins: Database optimisation, Frontend performance."));
    }

    #[test]
    fn every_point_lies_in_the_cell_of_its_cost_and_impact() {
        let roadmap = scored_fixture();
        let matrix = layout(&all(&roadmap), "../").chart();
        let Grid { xs, ys } = &matrix.grid;
        for point in &matrix.points {
            let href = point.group.href.as_deref().unwrap();
            let initiative = roadmap
                .initiatives
                .iter()
                .find(|i| {
                    href.strip_prefix("../").and_then(Page::at)
                        == Some(Page::Initiative(i.id.as_str()))
                })
                .unwrap();
            let (cost, impact) = cost_and_impact(initiative).unwrap();
            let (cost, impact) = (usize::from(cost), usize::from(impact));
            let cell = Rect::new(
                None,
                xs[cost - 1],
                ys[5 - impact],
                xs[cost] - xs[cost - 1],
                ys[6 - impact] - ys[5 - impact],
            );
            assert!(
                cell.contains(point.dot.centre),
                "{point:?} outside {cell:?}"
            );
            assert!(cell.contains(point.label.at), "{point:?} outside {cell:?}");
            let label_end = point.label.at.x + point.label.content.chars().count() as f64 * 7.0;
            assert!(label_end <= cell.right(), "{point:?} runs out of {cell:?}");
        }
    }

    #[test]
    fn quadrants_cover_the_corners_and_leave_the_middle_free() {
        let roadmap = scored_fixture();
        let matrix = layout(&all(&roadmap), "../").chart();
        let Grid { xs, ys } = &matrix.grid;
        let corners: Vec<(f64, f64, f64, f64)> = matrix
            .quadrants
            .iter()
            .map(|q| (q.area.x, q.area.y, q.area.right(), q.area.bottom()))
            .collect();
        assert_eq!(
            corners,
            [
                (xs[0], ys[0], xs[2], ys[2]),
                (xs[3], ys[0], xs[5], ys[2]),
                (xs[0], ys[3], xs[2], ys[5]),
                (xs[3], ys[3], xs[5], ys[5]),
            ]
        );
        let frame = matrix.frame.area();
        assert!(matrix.quadrants.iter().all(|q| frame.encloses(&q.area)));
    }

    #[test]
    fn done_and_dropped_work_is_marked_to_hide_and_listed_after_live_work() {
        let roadmap = crate::testing::example();
        let matrix = layout(&all(&roadmap), "../").chart();
        let closed = |p: &MatrixPoint| p.group.class.split(' ').any(|c| c == "closed");
        assert!(
            matrix.points.iter().any(closed),
            "the example has done work"
        );
        for point in matrix.points.iter().filter(|p| closed(p)) {
            assert!(
                point.group.class.contains("status-done")
                    || point.group.class.contains("status-dropped"),
                "{point:?}"
            );
            let x = point.dot.centre.x;
            let below = matrix
                .points
                .iter()
                .filter(|p| p.dot.centre.x == x && p.dot.centre.y > point.dot.centre.y);
            let cell_bottom = matrix.grid.ys.iter().find(|&&y| y > point.dot.centre.y);
            for after in below.filter(|p| Some(&p.dot.centre.y) < cell_bottom) {
                assert!(
                    closed(after),
                    "{after:?} is live but listed after {point:?}"
                );
            }
        }
        assert!(matrix.frame.desc.contains("done or dropped"));
        assert!(!matrix
            .legend
            .keys
            .iter()
            .any(|k| k.class.contains("closed")));
    }

    /// Every text of the matrix: quadrant names, scores, axis titles and
    /// point labels.
    fn texts<'l>(matrix: &'l MatrixLayout) -> Vec<&'l Text<'l>> {
        let quadrants = matrix.quadrants.iter().map(|q| &q.label);
        let points = matrix.points.iter().map(|p| &p.label);
        quadrants
            .chain(&matrix.scores)
            .chain([&matrix.cost_title])
            .chain(points)
            .collect()
    }

    /// No text is crossed by a grid line, which is drawn over the quadrant
    /// names, or overlaps another text; each stays in the frame.
    fn assert_no_label_under_a_line(matrix: &MatrixLayout) {
        let Grid { xs, ys } = &matrix.grid;
        let frame = matrix.frame.area();
        let texts = texts(matrix);
        for (n, text) in texts.iter().enumerate() {
            let b = text.bounds();
            assert!(frame.encloses(&b), "{text:?} leaves the frame");
            let (top, bottom) = (ys[0], ys[5]);
            for &x in xs {
                let crossed = b.x < x && x < b.right() && b.y < bottom && top < b.bottom();
                assert!(!crossed, "the line at x {x} crosses {text:?}");
            }
            for &y in ys {
                let crossed = b.y < y && y < b.bottom() && b.x < xs[5] && xs[0] < b.right();
                assert!(!crossed, "the line at y {y} crosses {text:?}");
            }
            for other in &texts[n + 1..] {
                assert!(!b.overlaps(&other.bounds()), "{text:?} overlaps {other:?}");
            }
        }
    }

    #[test]
    fn no_label_sits_under_a_line_in_the_example_or_at_100_and_2000() {
        for roadmap in [
            crate::testing::example(),
            crate::testing::generated(100),
            crate::testing::generated(2000),
        ] {
            let matrix = layout(&all(&roadmap), "../").chart();
            assert!(matrix.points.len() > 5);
            assert_no_label_under_a_line(&matrix);
        }
    }

    #[test]
    fn without_scores_there_is_nothing_to_draw() {
        let Layout::Empty(empty) = layout(&[], "/") else {
            panic!("an empty matrix has nothing to draw");
        };
        assert_eq!(
            empty.message.content,
            "No initiative has both cost and impact"
        );
    }
}
