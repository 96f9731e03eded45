//! Inline SVG charts: the quarter timeline, capacity per quarter, the
//! cost-versus-impact matrix and an initiative's neighbourhood in the
//! dependency graph. Each chart is laid out first, as plain [`shapes`] that
//! tests can measure, then drawn by [`svg`].

mod capacity;
mod matrix;
mod shapes;
mod svg;
mod timeline;

pub(crate) use capacity::capacity;
pub(crate) use matrix::matrix;
pub(crate) use timeline::timeline;

use super::escape::escape;
use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::InitiativeId;
use shapes::{chars_fitting, truncate, BASELINE, PADDING};
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

const NODE_WIDTH: f64 = 200.0;
const NODE_HEIGHT: f64 = 44.0;
const NODE_GAP: f64 = 12.0;
const NODE_COLUMN_GAP: f64 = 72.0;
const NEIGHBOURHOOD_HEADER: f64 = 28.0;

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
