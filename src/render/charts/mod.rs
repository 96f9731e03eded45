//! Inline SVG charts: the quarter timeline, capacity per quarter, the
//! cost-versus-impact matrix and an initiative's neighbourhood in the
//! dependency graph. Each chart is laid out first, as plain [`shapes`] that
//! tests can measure, then drawn by [`svg`].

mod capacity;
mod shapes;
mod svg;
mod timeline;

pub(crate) use capacity::capacity;
pub(crate) use timeline::timeline;

use super::escape::escape;
use crate::diagnostic::plural;
use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::{InitiativeId, Kind};
use shapes::{chars_fitting, truncate, BASELINE, PADDING};
use std::cmp::Ordering::{Greater, Less};
use std::fmt::{self, Write};
use svg::Num;

/// How far a curved arrow leaves its start and enters its end horizontally.
const ARROW_BEND: f64 = 20.0;

/// The page of the initiative `id`, from a page whose way to the site's
/// root is `root`.
fn initiative_href(root: &str, id: &InitiativeId) -> String {
    format!("{root}initiatives/{id}/index.html")
}

fn schedule_words(schedule: Option<Schedule>) -> String {
    match schedule {
        None => "unscheduled".to_owned(),
        Some(s) if s.start == s.end => s.start.to_string(),
        Some(s) => format!("{} to {}", s.start, s.end),
    }
}

fn write_link_open(out: &mut String, class: &str, root: &str, id: &InitiativeId) -> fmt::Result {
    write!(
        out,
        "<a class=\"{class}\" href=\"{}\">",
        escape(&initiative_href(root, id)),
    )
}

const MATRIX_AXIS_WIDTH: f64 = 64.0;
/// Fits a point and a label of `MATRIX_LABEL_CHARS`.
const MATRIX_CELL_WIDTH: f64 = 232.0;
const MATRIX_MIN_CELL_HEIGHT: f64 = 96.0;
/// Room in each cell above its points for the quadrant labels of the top row.
const MATRIX_CELL_TOP: f64 = 26.0;
/// Room in each cell below its points for the quadrant labels of the bottom row.
const MATRIX_CELL_BOTTOM: f64 = 22.0;
const MATRIX_POINT_STEP: f64 = 18.0;
const MATRIX_BOTTOM: f64 = 48.0;
const MATRIX_LABEL_CHARS: usize = 28;

const NODE_WIDTH: f64 = 200.0;
const NODE_HEIGHT: f64 = 44.0;
const NODE_GAP: f64 = 12.0;
const NODE_COLUMN_GAP: f64 = 72.0;
const NEIGHBOURHOOD_HEADER: f64 = 28.0;

/// Cost-versus-impact matrix: a cell for each cost (1–5, across) and impact
/// (1–5, up), a labelled point for each initiative that has both, linked to
/// its page under `root`, and the four quadrants named. Points sharing a
/// cell are listed one under another, so none hides another.
pub fn matrix(initiatives: &[&Initiative], root: &str) -> String {
    let mut grouped: Vec<Vec<&Initiative>> = vec![Vec::new(); 25];
    for &initiative in initiatives {
        if let Some((cost, impact)) = cost_and_impact(initiative) {
            grouped[cell_index(cost, impact)].push(initiative);
        }
    }
    for cell in &mut grouped {
        cell.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let desc = matrix_desc(initiatives.len(), &grouped);
    let fullest = grouped.iter().map(Vec::len).max().unwrap_or(0);
    if fullest == 0 {
        return empty_chart(
            "matrix",
            "Cost and impact",
            &desc,
            "No initiative has both cost and impact",
        );
    }
    render(|out| {
        let cells = MatrixCells {
            height: (MATRIX_CELL_TOP + MATRIX_POINT_STEP * fullest as f64 + MATRIX_CELL_BOTTOM)
                .max(MATRIX_MIN_CELL_HEIGHT),
        };
        let width = cells.x(5.0) + PADDING;
        let height = cells.y(5.0) + MATRIX_BOTTOM;
        open_svg(
            out,
            "matrix",
            LINKED,
            width,
            height,
            "Cost and impact",
            &desc,
        )?;
        draw_quadrants(out, &cells)?;
        draw_matrix_grid(out, &cells)?;
        for cost in 1..=5u8 {
            for impact in 1..=5u8 {
                let x = cells.x(f64::from(cost - 1));
                let y = cells.y(f64::from(5 - impact)) + MATRIX_CELL_TOP;
                for (n, initiative) in grouped[cell_index(cost, impact)].iter().enumerate() {
                    let y = y + MATRIX_POINT_STEP * (n as f64 + 0.5);
                    draw_point(out, initiative, (x, y), (cost, impact), root)?;
                }
            }
        }
        out.push_str("</svg>\n");
        Ok(())
    })
}

/// The initiative's neighbourhood in the dependency graph: its
/// prerequisites on the left, the initiative in the middle, its dependents
/// on the right, arrows between. The other nodes link to their pages under
/// `root`.
pub fn neighbourhood(roadmap: &Roadmap, initiative: &Initiative, root: &str) -> String {
    let lookup = |ids: &[InitiativeId]| -> Vec<&Initiative> {
        ids.iter().filter_map(|id| roadmap.initiative(id)).collect()
    };
    let prerequisites = lookup(&initiative.depends_on);
    let dependents = lookup(&initiative.dependents);
    let desc = neighbourhood_desc(initiative, &prerequisites, &dependents);
    render(|out| {
        let columns = NodeColumns {
            rows: prerequisites.len().max(dependents.len()).max(1),
        };
        let width = PADDING * 2.0 + NODE_WIDTH * 3.0 + NODE_COLUMN_GAP * 2.0;
        let height = NEIGHBOURHOOD_HEADER + columns.height() + PADDING;
        open_svg(
            out,
            "neighbourhood",
            LINKED,
            width,
            height,
            "Dependencies",
            &desc,
        )?;
        out.push_str("<defs>\n");
        arrow_marker(out, "neighbourhood-arrow", "arrowhead")?;
        out.push_str("</defs>\n");
        for (column, heading) in ["Depends on", "Initiative", "Needed by"]
            .into_iter()
            .enumerate()
        {
            writeln!(
                out,
                "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{heading}</text>",
                Num(NodeColumns::left(column) + NODE_WIDTH / 2.0),
                Num(NEIGHBOURHOOD_HEADER - 10.0),
            )?;
        }
        let centre = columns.middle(1, 0);
        for n in 0..prerequisites.len() {
            let from = (
                NodeColumns::left(0) + NODE_WIDTH,
                columns.middle(prerequisites.len(), n),
            );
            let to = (NodeColumns::left(1), centre);
            curved_arrow(out, "arrow", "neighbourhood-arrow", from, to)?;
        }
        for n in 0..dependents.len() {
            let from = (NodeColumns::left(1) + NODE_WIDTH, centre);
            let to = (NodeColumns::left(2), columns.middle(dependents.len(), n));
            curved_arrow(out, "arrow", "neighbourhood-arrow", from, to)?;
        }
        draw_node_column(out, &columns, 0, &prerequisites, root)?;
        draw_node_column(out, &columns, 2, &dependents, root)?;
        draw_node(
            out,
            initiative,
            (NodeColumns::left(1), columns.top(1, 0)),
            None,
        )?;
        out.push_str("</svg>\n");
        Ok(())
    })
}

// ---------------------------------------------------------------------------
// Shared drawing helpers
// ---------------------------------------------------------------------------

/// Runs a drawing into a new string. Writing to a `String` cannot fail, so
/// the drawing functions return `fmt::Result` only to use `?` with `write!`.
fn render(draw: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::new();
    draw(&mut out).expect("writing to a String cannot fail");
    out
}

/// A chart with no links is one image, named by its title and described by
/// its description.
const IMAGE: &str = " role=\"img\"";
/// A chart whose marks are links keeps the implicit role of an SVG document
/// (graphics-document). The children of an image are presentational, so inside
/// one the links would take the focus yet be hidden from screen readers
/// (axe: nested-interactive).
const LINKED: &str = "";

fn open_svg(
    out: &mut String,
    kind: &str,
    role: &str,
    width: f64,
    height: f64,
    title: &str,
    desc: &str,
) -> fmt::Result {
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{role} \
         aria-labelledby=\"{kind}-title {kind}-desc\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" class=\"chart chart-{kind}\">\n\
         <title id=\"{kind}-title\">{}</title>\n<desc id=\"{kind}-desc\">{}</desc>",
        escape(title),
        escape(desc),
        w = Num(width),
        h = Num(height),
    )
}

/// A chart with nothing to draw still describes itself, so that the page
/// reads the same with and without data.
fn empty_chart(kind: &str, title: &str, desc: &str, message: &str) -> String {
    render(|out| {
        open_svg(out, kind, IMAGE, 320.0, 48.0, title, desc)?;
        writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\">{}</text>\n</svg>",
            Num(PADDING),
            Num(24.0 + BASELINE),
            escape(message),
        )
    })
}

fn arrow_marker(out: &mut String, id: &str, class: &str) -> fmt::Result {
    // In user space, so that a thicker critical arrow keeps the same head.
    writeln!(
        out,
        "<marker id=\"{id}\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"8\" \
         markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path class=\"{class}\" d=\"M0,0 L8,4 L0,8 z\"/></marker>"
    )
}

/// A curve leaving `from` rightwards and entering `to` rightwards.
fn curved_arrow(
    out: &mut String,
    class: &str,
    marker: &str,
    from: (f64, f64),
    to: (f64, f64),
) -> fmt::Result {
    writeln!(
        out,
        "<path class=\"{class}\" fill=\"none\" marker-end=\"url(#{marker})\" \
         d=\"M{},{} C{},{} {},{} {},{}\"/>",
        Num(from.0),
        Num(from.1),
        Num(from.0 + ARROW_BEND),
        Num(from.1),
        Num(to.0 - ARROW_BEND),
        Num(to.1),
        Num(to.0),
        Num(to.1),
    )
}

// ---------------------------------------------------------------------------
// Matrix
// ---------------------------------------------------------------------------

/// The five by five cells of the matrix, all of one height: cost across,
/// impact up.
struct MatrixCells {
    height: f64,
}

impl MatrixCells {
    /// The x of a position counted in cells from the left edge.
    fn x(&self, cells: f64) -> f64 {
        MATRIX_AXIS_WIDTH + MATRIX_CELL_WIDTH * cells
    }

    /// The y of a position counted in cells from the top edge.
    fn y(&self, cells: f64) -> f64 {
        PADDING + self.height * cells
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
    ("Quick wins", "quick-wins"),
    ("Big bets", "big-bets"),
    ("Fill-ins", "fill-ins"),
    ("Money pits", "money-pits"),
];

fn matrix_desc(considered: usize, cells: &[Vec<&Initiative>]) -> String {
    let mut by_quadrant: [Vec<&str>; 4] = Default::default();
    let mut between = 0;
    let mut shown = 0;
    for cost in 1..=5u8 {
        for impact in 1..=5u8 {
            let cell = &cells[cell_index(cost, impact)];
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
    if considered > shown {
        desc.push_str(&format!(
            " {} without both cost and impact not shown.",
            plural(considered - shown, "initiative")
        ));
    }
    desc
}

/// Each quadrant covers the two by two cells of its corner: the middle
/// column and row belong to none, as the description says.
fn draw_quadrants(out: &mut String, cells: &MatrixCells) -> fmt::Result {
    for (n, (name, class)) in QUADRANTS.iter().enumerate() {
        let right = n % 2 == 1;
        let bottom = n >= 2;
        let x = cells.x(if right { 3.0 } else { 0.0 });
        let y = cells.y(if bottom { 3.0 } else { 0.0 });
        let (label_x, anchor) = if right {
            (cells.x(5.0) - 8.0, "end")
        } else {
            (cells.x(0.0) + 8.0, "start")
        };
        let label_y = if bottom {
            cells.y(5.0) - 8.0
        } else {
            cells.y(0.0) + 18.0
        };
        writeln!(
            out,
            "<rect class=\"quadrant {class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n\
             <text class=\"quadrant-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{name}</text>",
            Num(x),
            Num(y),
            Num(cells.x(2.0) - cells.x(0.0)),
            Num(cells.y(2.0) - cells.y(0.0)),
            Num(label_x),
            Num(label_y),
        )?;
    }
    Ok(())
}

fn draw_matrix_grid(out: &mut String, cells: &MatrixCells) -> fmt::Result {
    for n in 0..=5u8 {
        let x = Num(cells.x(f64::from(n)));
        let y = Num(cells.y(f64::from(n)));
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\n\
             <line class=\"grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
            Num(cells.y(0.0)),
            Num(cells.y(5.0)),
            Num(cells.x(0.0)),
            Num(cells.x(5.0)),
        )?;
    }
    for score in 1..=5u8 {
        writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{score}</text>\n\
             <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{score}</text>",
            Num(cells.x(f64::from(score) - 0.5)),
            Num(cells.y(5.0) + 18.0),
            Num(cells.x(0.0) - 10.0),
            Num(cells.y(5.5 - f64::from(score)) + BASELINE),
        )?;
    }
    let middle_y = Num(cells.y(2.5));
    writeln!(
        out,
        "<text class=\"axis axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">Cost →</text>\n\
         <text class=\"axis axis-title\" x=\"20\" y=\"{middle_y}\" text-anchor=\"middle\" \
         transform=\"rotate(-90 20 {middle_y})\">Impact →</text>",
        Num(cells.x(2.5)),
        Num(cells.y(5.0) + 40.0),
    )
}

/// A point with its label, at the left of the row `(x, y)` in its cell.
fn draw_point(
    out: &mut String,
    initiative: &Initiative,
    (x, y): (f64, f64),
    (cost, impact): (u8, u8),
    root: &str,
) -> fmt::Result {
    let kind = match initiative.kind {
        Kind::Technology => "technology",
        Kind::Product => "product",
    };
    write_link_open(out, &format!("point kind-{kind}"), root, &initiative.id)?;
    writeln!(
        out,
        "<title>{} — {kind}, cost {cost}, impact {impact}, {}</title>\
         <circle cx=\"{}\" cy=\"{}\" r=\"5\"/>\
         <text x=\"{}\" y=\"{}\">{}</text></a>",
        escape(&initiative.title),
        initiative.status,
        Num(x + 14.0),
        Num(y),
        Num(x + 24.0),
        Num(y + BASELINE),
        escape(&truncate(&initiative.title, MATRIX_LABEL_CHARS)),
    )
}

// ---------------------------------------------------------------------------
// Neighbourhood
// ---------------------------------------------------------------------------

/// Three columns of nodes (prerequisites, the initiative, dependents), each
/// centred vertically on the tallest.
struct NodeColumns {
    rows: usize,
}

impl NodeColumns {
    fn stack_height(nodes: usize) -> f64 {
        (NODE_HEIGHT + NODE_GAP) * nodes as f64 - NODE_GAP
    }

    fn height(&self) -> f64 {
        NodeColumns::stack_height(self.rows)
    }

    fn left(column: usize) -> f64 {
        PADDING + (NODE_WIDTH + NODE_COLUMN_GAP) * column as f64
    }

    /// The top of the `n`th of `count` nodes in a column.
    fn top(&self, count: usize, n: usize) -> f64 {
        let first = NEIGHBOURHOOD_HEADER + (self.height() - NodeColumns::stack_height(count)) / 2.0;
        first + (NODE_HEIGHT + NODE_GAP) * n as f64
    }

    fn middle(&self, count: usize, n: usize) -> f64 {
        self.top(count, n) + NODE_HEIGHT / 2.0
    }
}

fn draw_node_column(
    out: &mut String,
    columns: &NodeColumns,
    column: usize,
    nodes: &[&Initiative],
    root: &str,
) -> fmt::Result {
    if nodes.is_empty() {
        writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">none</text>",
            Num(NodeColumns::left(column) + NODE_WIDTH / 2.0),
            Num(columns.middle(1, 0) + BASELINE),
        )?;
    }
    for (n, node) in nodes.iter().enumerate() {
        let place = (NodeColumns::left(column), columns.top(nodes.len(), n));
        draw_node(out, node, place, Some(root))?;
    }
    Ok(())
}

fn neighbourhood_desc(
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

/// A node with the initiative's title and, on a second line, its status and
/// schedule; linked under `root`, or not linked for the page's own initiative.
fn draw_node(
    out: &mut String,
    initiative: &Initiative,
    (x, y): (f64, f64),
    root: Option<&str>,
) -> fmt::Result {
    let status = initiative.status.as_str();
    let schedule = schedule_words(initiative.schedule);
    match root {
        Some(root) => write_link_open(out, &format!("node status-{status}"), root, &initiative.id)?,
        None => write!(out, "<g class=\"node current status-{status}\">")?,
    }
    write!(
        out,
        "<title>{} — {status}, {schedule}</title>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>\
         <text x=\"{}\" y=\"{}\">{}</text>\
         <text class=\"node-meta\" x=\"{}\" y=\"{}\">{status} · {schedule}</text>",
        escape(&initiative.title),
        Num(x),
        Num(y),
        Num(NODE_WIDTH),
        Num(NODE_HEIGHT),
        Num(x + 8.0),
        Num(y + 18.0),
        escape(&truncate(
            &initiative.title,
            chars_fitting(NODE_WIDTH - 16.0)
        )),
        Num(x + 8.0),
        Num(y + 34.0),
    )?;
    out.push_str(if root.is_some() { "</a>\n" } else { "</g>\n" });
    Ok(())
}

#[cfg(test)]
mod tests;
