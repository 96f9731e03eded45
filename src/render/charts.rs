//! Inline SVG charts, rendered as strings: the quarter timeline, capacity per
//! quarter, the cost-versus-impact matrix and an initiative's neighbourhood
//! in the dependency graph.
//!
//! Every chart is an accessible image (a title and a description stating its
//! facts in words) and carries no colours: classes name what each shape is,
//! and `themes/default/charts.css` colours them for light and dark mode.
//! Output is byte-for-byte deterministic so that sites diff cleanly.

use super::escape::escape;
use crate::diagnostic::plural;
use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::{Day, InitiativeId, Kind, Quarter};
use std::borrow::Cow;
use std::cmp::Ordering::{Greater, Less};
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Display, Write};

/// Labels are fitted by counting characters rather than measuring text: an
/// estimate of the advance of one 12px sans-serif character (the size
/// `charts.css` sets), generous enough for wide fonts such as DejaVu Sans.
const CHAR_WIDTH: f64 = 7.0;
/// From the middle of a line of 12px text to its baseline.
const BASELINE: f64 = 4.0;
const PADDING: f64 = 16.0;
/// How far a curved arrow leaves its start and enters its end horizontally.
const ARROW_BEND: f64 = 20.0;
/// How far a timeline arrow runs out of a bar end before turning, and into
/// a bar start after its last turn: the length of the arrowhead.
const ARROW_STUB: f64 = 8.0;

const TIMELINE_LABEL_WIDTH: f64 = 180.0;
const QUARTER_WIDTH: f64 = 120.0;
const TIMELINE_HEADER: f64 = 40.0;
const ROW_HEIGHT: f64 = 28.0;
const BAR_HEIGHT: f64 = 20.0;
/// Keeps the bars of consecutive quarters apart.
const BAR_GAP: f64 = 2.0;
const NO_TEAM: &str = "No team";

const CAPACITY_AXIS_WIDTH: f64 = 56.0;
const CAPACITY_COLUMN_WIDTH: f64 = 72.0;
const CAPACITY_BAR_WIDTH: f64 = 40.0;
/// Room above the plot for the figure and the "over" marker of the tallest column.
const CAPACITY_TOP: f64 = 44.0;
const CAPACITY_PLOT_HEIGHT: f64 = 200.0;
const CAPACITY_BOTTOM: f64 = 32.0;
/// Room right of the plot for the labels of the capacity lines.
const CAPACITY_RIGHT: f64 = 112.0;

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

/// Quarter timeline: one bar per scheduled initiative from its start to its
/// end quarter, in lanes by team ("No team" last), arrows from each
/// prerequisite's bar end to its dependent's bar start, a marker for today,
/// and the bars and arrows of `critical` highlighted. Each bar links to the
/// initiative's page under `root`. Unscheduled initiatives are listed in the
/// description, not drawn.
pub fn timeline(
    roadmap: &Roadmap,
    initiatives: &[&Initiative],
    critical: &[InitiativeId],
    root: &str,
) -> String {
    let bars = timeline_bars(initiatives);
    let Some(span) = quarter_span(&bars).map(|all| all.chart_window(roadmap.today.quarter()))
    else {
        let desc = timeline_desc(roadmap, initiatives, &bars, None, critical);
        return empty_chart("timeline", "Timeline", &desc, "No scheduled initiatives");
    };
    let desc = timeline_desc(roadmap, initiatives, &bars, Some(span), critical);
    let bars: Vec<Bar> = bars
        .into_iter()
        .filter(|bar| bar.schedule.overlaps(span))
        .collect();
    render(|out| {
        let width = TIMELINE_LABEL_WIDTH + QUARTER_WIDTH * span.quarter_count() as f64 + PADDING;
        let height = TIMELINE_HEADER + ROW_HEIGHT * bars.len() as f64 + PADDING;
        open_svg(out, "timeline", LINKED, width, height, "Timeline", &desc)?;
        out.push_str("<defs>\n");
        arrow_marker(out, "timeline-arrow", "arrowhead")?;
        arrow_marker(out, "timeline-arrow-critical", "arrowhead critical")?;
        out.push_str("</defs>\n");
        draw_lanes(out, &bars, width)?;
        draw_quarter_columns(out, span, height)?;
        // Behind the arrows and bars, so that it never hides a label.
        draw_today(out, roadmap.today, span, height)?;
        let places = bar_places(&bars, span);
        draw_dependency_arrows(out, &bars, &places, critical)?;
        let critical: HashSet<&InitiativeId> = critical.iter().collect();
        for (bar, place) in bars.iter().zip(&places) {
            let is_critical = critical.contains(&bar.initiative.id);
            draw_bar(out, bar, place, is_critical, root, width)?;
        }
        out.push_str("</svg>\n");
        Ok(())
    })
}

/// Capacity per quarter: a column of planned person-weeks for each quarter
/// from the first to the last with planned effort, a line for the capacity
/// and a dashed one for the plannable amount (capacity less the buffer).
/// Columns over the plannable amount are marked "over". Without a
/// `[capacity]` section, columns only.
pub fn capacity(roadmap: &Roadmap) -> String {
    let effort = roadmap.effort_by_quarter();
    let limits = roadmap.config.capacity.as_ref().map(|c| Limits {
        per_quarter: *c.per_quarter.get_ref(),
        plannable: c.plannable(),
        buffer: *c.buffer.get_ref(),
    });
    let (Some(&first), Some(&last)) = (effort.keys().next(), effort.keys().next_back()) else {
        return empty_chart(
            "capacity",
            "Capacity",
            "No effort is planned in any quarter.",
            "No planned effort",
        );
    };
    // Quarters without planned work are shown as empty columns so that the
    // axis keeps time evenly.
    let shown = Schedule {
        start: first,
        end: last,
    }
    .chart_window(roadmap.today.quarter());
    let columns: Vec<(Quarter, f64)> = shown
        .quarters()
        .map(|q| (q, effort.get(&q).copied().unwrap_or(0.0)))
        .collect();
    let desc = capacity_desc(&columns, limits);
    render(|out| {
        let width =
            CAPACITY_AXIS_WIDTH + CAPACITY_COLUMN_WIDTH * columns.len() as f64 + CAPACITY_RIGHT;
        let height = CAPACITY_TOP + CAPACITY_PLOT_HEIGHT + CAPACITY_BOTTOM;
        open_svg(out, "capacity", IMAGE, width, height, "Capacity", &desc)?;
        let highest = columns
            .iter()
            .map(|&(_, e)| e)
            .chain(limits.map(|l| l.per_quarter))
            .fold(0.0, f64::max);
        let scale = ValueScale::up_to(highest);
        let right = width - CAPACITY_RIGHT;
        draw_value_axis(out, &scale, right)?;
        let plannable = limits.map(|l| l.plannable);
        for (n, &(quarter, effort)) in columns.iter().enumerate() {
            let x = CAPACITY_AXIS_WIDTH + CAPACITY_COLUMN_WIDTH * (n as f64 + 0.5);
            draw_capacity_column(out, &scale, x, quarter, effort, plannable)?;
        }
        if let Some(limits) = limits {
            let capacity_y = scale.y(limits.per_quarter);
            let plannable_y = scale.y(limits.plannable);
            draw_limit_line(out, "capacity-line", capacity_y, right)?;
            draw_limit_line(out, "plannable-line", plannable_y, right)?;
            // The plannable label goes below its line, so that the two stay
            // apart even when the buffer is 0 and the lines coincide.
            writeln!(
                out,
                "<text class=\"line-label\" x=\"{x}\" y=\"{}\">capacity {:.1}</text>\n\
                 <text class=\"line-label\" x=\"{x}\" y=\"{}\">plannable {:.1}</text>",
                Num(capacity_y - 2.0),
                limits.per_quarter,
                Num(plannable_y + 12.0),
                limits.plannable,
                x = Num(right + 6.0),
            )?;
        }
        out.push_str("</svg>\n");
        Ok(())
    })
}

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

fn write_link_open(out: &mut String, class: &str, root: &str, id: &InitiativeId) -> fmt::Result {
    write!(
        out,
        "<a class=\"{class}\" href=\"{}initiatives/{}/index.html\">",
        escape(root),
        escape(id.as_str()),
    )
}

fn schedule_words(schedule: Option<Schedule>) -> String {
    match schedule {
        None => "unscheduled".to_owned(),
        Some(s) if s.start == s.end => s.start.to_string(),
        Some(s) => format!("{} to {}", s.start, s.end),
    }
}

/// How many characters of 12px text fit in `width` pixels.
fn chars_fitting(width: f64) -> usize {
    (width / CHAR_WIDTH).max(0.0) as usize
}

/// `text` cut to at most `max_chars` characters, the cut marked with "…".
fn truncate(text: &str, max_chars: usize) -> Cow<'_, str> {
    if text.chars().nth(max_chars).is_none() {
        return Cow::Borrowed(text);
    }
    let kept = max_chars.saturating_sub(1);
    let cut = text
        .char_indices()
        .nth(kept)
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned(format!("{}…", text[..cut].trim_end()))
}

/// A coordinate or measure with at most one decimal, and none when whole,
/// so that output is compact and the same on every platform.
struct Num(f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Integer formatting: several times faster than float formatting,
        // which matters for charts with tens of thousands of coordinates.
        let tenths = (self.0 * 10.0).round() as i64;
        let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
        match (whole, tenth) {
            (_, 0) => write!(f, "{whole}"),
            (0, _) if tenths < 0 => write!(f, "-0.{tenth}"),
            _ => write!(f, "{whole}.{tenth}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------

struct Bar<'a> {
    initiative: &'a Initiative,
    schedule: Schedule,
}

impl<'a> Bar<'a> {
    fn team(&self) -> Option<&'a str> {
        self.initiative.team.as_deref()
    }
}

/// Where a bar is drawn: its left and right edges and the middle of its row.
struct Place {
    left: f64,
    right: f64,
    middle: f64,
}

/// The scheduled initiatives in drawing order, one row each: by lane (teams
/// by name, then no team), then by schedule, then by id.
fn timeline_bars<'a>(initiatives: &[&'a Initiative]) -> Vec<Bar<'a>> {
    let mut bars: Vec<Bar<'a>> = initiatives
        .iter()
        .filter_map(|&initiative| {
            initiative.schedule.map(|schedule| Bar {
                initiative,
                schedule,
            })
        })
        .collect();
    bars.sort_by(|a, b| {
        (
            a.team().is_none(),
            a.team(),
            a.schedule.start,
            a.schedule.end,
            &a.initiative.id,
        )
            .cmp(&(
                b.team().is_none(),
                b.team(),
                b.schedule.start,
                b.schedule.end,
                &b.initiative.id,
            ))
    });
    bars
}

/// The quarters from the earliest start to the latest end.
fn quarter_span(bars: &[Bar]) -> Option<Schedule> {
    let start = bars.iter().map(|b| b.schedule.start).min()?;
    let end = bars.iter().map(|b| b.schedule.end).max()?;
    Some(Schedule { start, end })
}

fn lanes<'b, 'a>(bars: &'b [Bar<'a>]) -> impl Iterator<Item = &'b [Bar<'a>]> {
    bars.chunk_by(|a, b| a.team() == b.team())
}

/// Describes every scheduled bar, including those outside the `shown`
/// window, which it names.
fn timeline_desc(
    roadmap: &Roadmap,
    initiatives: &[&Initiative],
    bars: &[Bar],
    shown: Option<Schedule>,
    critical: &[InitiativeId],
) -> String {
    let mut desc = match quarter_span(bars) {
        None => "No initiative is scheduled.".to_owned(),
        Some(span) => {
            let lane_names: Vec<&str> = lanes(bars)
                .map(|lane| lane[0].team().unwrap_or(NO_TEAM))
                .collect();
            format!(
                "{} from {} to {}, in {}: {}.",
                plural(bars.len(), "initiative"),
                span.start,
                span.end,
                plural(lane_names.len(), "lane"),
                lane_names.join(", "),
            )
        }
    };
    if let Some(shown) = shown.filter(|&shown| Some(shown) != quarter_span(bars)) {
        desc.push_str(&format!(
            " The chart shows {} to {}.",
            shown.start, shown.end
        ));
        let outside: Vec<&str> = bars
            .iter()
            .filter(|bar| !bar.schedule.overlaps(shown))
            .map(|bar| bar.initiative.title.as_str())
            .collect();
        if !outside.is_empty() {
            desc.push_str(&format!(" Outside it: {}.", outside.join(", ")));
        }
    }
    if !critical.is_empty() {
        let titles: Vec<&str> = critical
            .iter()
            .map(|id| {
                roadmap
                    .initiative(id)
                    .map_or(id.as_str(), |i| i.title.as_str())
            })
            .collect();
        desc.push_str(&format!(" Critical chain: {}.", titles.join(" → ")));
    }
    let unscheduled: Vec<&str> = initiatives
        .iter()
        .filter(|i| i.schedule.is_none())
        .map(|i| i.title.as_str())
        .collect();
    if !unscheduled.is_empty() {
        desc.push_str(&format!(" Not scheduled: {}.", unscheduled.join(", ")));
    }
    desc
}

fn quarter_x(span: Schedule, quarter: Quarter) -> f64 {
    TIMELINE_LABEL_WIDTH + QUARTER_WIDTH * f64::from(quarter.ordinal() - span.start.ordinal())
}

fn bar_places(bars: &[Bar], span: Schedule) -> Vec<Place> {
    bars.iter()
        .enumerate()
        .map(|(row, bar)| Place {
            left: quarter_x(span, bar.schedule.start.max(span.start)) + BAR_GAP,
            right: quarter_x(span, bar.schedule.end.min(span.end)) + QUARTER_WIDTH - BAR_GAP,
            middle: TIMELINE_HEADER + ROW_HEIGHT * (row as f64 + 0.5),
        })
        .collect()
}

fn draw_lanes(out: &mut String, bars: &[Bar], width: f64) -> fmt::Result {
    let mut top = TIMELINE_HEADER;
    for lane in lanes(bars) {
        let height = ROW_HEIGHT * lane.len() as f64;
        let name = lane[0].team().unwrap_or(NO_TEAM);
        writeln!(
            out,
            "<rect class=\"lane\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n\
             <text class=\"lane-label\" x=\"8\" y=\"{}\">{}</text>",
            Num(top),
            Num(width),
            Num(height),
            Num(top + ROW_HEIGHT / 2.0 + BASELINE),
            escape(&truncate(
                name,
                chars_fitting(TIMELINE_LABEL_WIDTH - PADDING)
            )),
        )?;
        top += height;
    }
    Ok(())
}

fn draw_quarter_columns(out: &mut String, span: Schedule, height: f64) -> fmt::Result {
    for quarter in span.quarters() {
        let x = quarter_x(span, quarter);
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{bottom}\"/>\n\
             <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{quarter}</text>",
            Num(x + QUARTER_WIDTH / 2.0),
            Num(TIMELINE_HEADER - 8.0),
            x = Num(x),
            top = Num(TIMELINE_HEADER - 20.0),
            bottom = Num(height - PADDING),
        )?;
    }
    let x = Num(quarter_x(span, span.end) + QUARTER_WIDTH);
    writeln!(
        out,
        "<line class=\"grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
        Num(TIMELINE_HEADER - 20.0),
        Num(height - PADDING),
    )
}

/// Arrows between drawn bars only; a link on the critical chain is a pair
/// of consecutive chain members, not any two members.
fn draw_dependency_arrows(
    out: &mut String,
    bars: &[Bar],
    places: &[Place],
    critical: &[InitiativeId],
) -> fmt::Result {
    let drawn: HashMap<&InitiativeId, &Place> = bars
        .iter()
        .zip(places)
        .map(|(bar, place)| (&bar.initiative.id, place))
        .collect();
    let critical_links: HashSet<(&InitiativeId, &InitiativeId)> = critical
        .windows(2)
        .map(|pair| (&pair[0], &pair[1]))
        .collect();
    for (bar, place) in bars.iter().zip(places) {
        for prerequisite in &bar.initiative.depends_on {
            let Some(from) = drawn.get(prerequisite) else {
                continue;
            };
            let (class, marker) = if critical_links.contains(&(prerequisite, &bar.initiative.id)) {
                ("arrow critical", "timeline-arrow-critical")
            } else {
                ("arrow", "timeline-arrow")
            };
            elbow_arrow(out, class, marker, from, place)?;
        }
    }
    Ok(())
}

/// A finish-to-start connector: out of the prerequisite's end, along the
/// gap between rows next to the dependent, and into the dependent's start.
/// Unlike a curve, it stays readable when the dependent starts right after,
/// or even before, the prerequisite ends.
fn elbow_arrow(
    out: &mut String,
    class: &str,
    marker: &str,
    from: &Place,
    to: &Place,
) -> fmt::Result {
    let turn_y = if to.middle >= from.middle {
        to.middle - ROW_HEIGHT / 2.0
    } else {
        to.middle + ROW_HEIGHT / 2.0
    };
    writeln!(
        out,
        "<path class=\"{class}\" fill=\"none\" marker-end=\"url(#{marker})\" \
         d=\"M{},{} H{} V{} H{} V{} H{}\"/>",
        Num(from.right),
        Num(from.middle),
        Num(from.right + ARROW_STUB),
        Num(turn_y),
        Num(to.left - ARROW_STUB),
        Num(to.middle),
        Num(to.left),
    )
}

/// Where a bar's label goes and how many characters it may have.
struct BarLabel {
    x: f64,
    max_chars: usize,
    with_status: bool,
}

/// Inside the bar when the label fits, else right of the bar (each bar has
/// its row to itself), else cut to fit the roomier of the two; with the
/// status word when that fits too.
fn bar_label(title_chars: usize, status_chars: usize, place: &Place, limit: f64) -> BarLabel {
    let inside = (
        place.left + 6.0,
        chars_fitting(place.right - place.left - 12.0),
    );
    // Past the turn of any arrow leaving the bar's end.
    let outside_x = place.right + ARROW_STUB + 6.0;
    let outside = (outside_x, chars_fitting(limit - outside_x));
    let fitting = |chars: usize| {
        [inside, outside]
            .into_iter()
            .find(|&(_, room)| chars <= room)
    };
    if let Some((x, max_chars)) = fitting(title_chars + status_chars) {
        return BarLabel {
            x,
            max_chars,
            with_status: true,
        };
    }
    let roomier = if inside.1 >= outside.1 {
        inside
    } else {
        outside
    };
    let (x, max_chars) = fitting(title_chars).unwrap_or(roomier);
    BarLabel {
        x,
        max_chars,
        with_status: false,
    }
}

/// One bar, linked to the initiative's page; its label may run right of it
/// up to the chart's right edge, `chart_width`.
fn draw_bar(
    out: &mut String,
    bar: &Bar,
    place: &Place,
    critical: bool,
    root: &str,
    chart_width: f64,
) -> fmt::Result {
    let initiative = bar.initiative;
    let status = initiative.status.as_str();
    let class = if critical {
        format!("bar status-{status} critical")
    } else {
        format!("bar status-{status}")
    };
    write_link_open(out, &class, root, &initiative.id)?;
    write!(
        out,
        "<title>{} — {status}, {}{}</title>",
        escape(&initiative.title),
        schedule_words(Some(bar.schedule)),
        if critical {
            ", on the critical chain"
        } else {
            ""
        },
    )?;
    write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
        Num(place.left),
        Num(place.middle - BAR_HEIGHT / 2.0),
        Num(place.right - place.left),
        Num(BAR_HEIGHT),
    )?;
    // The status word when there is room, so that status never rests on
    // colour alone (the tooltip always has it).
    let status_words = format!("· {status}");
    // The tspan's offset stands for the space before it, which renderers
    // may drop at the start of an element.
    let label = bar_label(
        initiative.title.chars().count(),
        status_words.chars().count() + 1,
        place,
        chart_width - BAR_GAP,
    );
    write!(
        out,
        "<text x=\"{}\" y=\"{}\">{}",
        Num(label.x),
        Num(place.middle + BASELINE),
        escape(&truncate(&initiative.title, label.max_chars)),
    )?;
    if label.with_status {
        write!(
            out,
            "<tspan class=\"bar-status\" dx=\"5\">{status_words}</tspan>"
        )?;
    }
    out.push_str("</text></a>\n");
    Ok(())
}

/// The vertical marker for today, proportional to the day within its
/// quarter; left out when today is outside the drawn quarters.
fn draw_today(out: &mut String, today: Day, span: Schedule, height: f64) -> fmt::Result {
    let quarter = today.quarter();
    let Some(share) = share_of_quarter(today).filter(|_| span.contains(quarter)) else {
        return Ok(());
    };
    let x = quarter_x(span, quarter) + QUARTER_WIDTH * share;
    writeln!(
        out,
        "<g class=\"today\"><title>Today, {today}</title>\
         <line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
         <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">today</text></g>",
        Num(TIMELINE_HEADER - 4.0),
        Num(height - PADDING),
        Num(TIMELINE_HEADER - 26.0),
        x = Num(x),
    )
}

/// How far into its quarter `day` is, from 0 (first day) to under 1.
fn share_of_quarter(day: Day) -> Option<f64> {
    let quarter = day.quarter();
    let start = first_day(quarter)?;
    let length = start.days_until(first_day(quarter.offset(1))?);
    Some(start.days_until(day) as f64 / length as f64)
}

fn first_day(quarter: Quarter) -> Option<Day> {
    let month = (quarter.number() as i8 - 1) * 3 + 1;
    jiff::civil::Date::new(quarter.year(), month, 1)
        .ok()
        .map(Day)
}

// ---------------------------------------------------------------------------
// Capacity
// ---------------------------------------------------------------------------

/// The `[capacity]` settings, in person-weeks per quarter.
#[derive(Clone, Copy)]
struct Limits {
    per_quarter: f64,
    plannable: f64,
    /// The share kept free, from 0 to 1.
    buffer: f64,
}

fn draw_limit_line(out: &mut String, class: &str, y: f64, right: f64) -> fmt::Result {
    writeln!(
        out,
        "<line class=\"{class}\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
        Num(CAPACITY_AXIS_WIDTH),
        Num(right),
        y = Num(y),
    )
}

/// A vertical scale from 0 to a round maximum, with round ticks.
struct ValueScale {
    top: f64,
    step: f64,
}

impl ValueScale {
    fn up_to(highest: f64) -> ValueScale {
        // Aim for about four ticks at 1, 2 or 5 times a power of ten.
        let rough = (highest / 4.0).max(f64::MIN_POSITIVE);
        let magnitude = 10f64.powi(rough.log10().floor() as i32);
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|&s| s >= rough)
            .unwrap_or(10.0 * magnitude);
        let top = (highest / step).ceil().max(1.0) * step;
        ValueScale { top, step }
    }

    fn y(&self, value: f64) -> f64 {
        CAPACITY_TOP + CAPACITY_PLOT_HEIGHT * (1.0 - value / self.top)
    }

    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let count = (self.top / self.step).round() as usize;
        (0..=count).map(|n| self.step * n as f64)
    }
}

fn draw_value_axis(out: &mut String, scale: &ValueScale, right: f64) -> fmt::Result {
    for tick in scale.ticks() {
        let y = Num(scale.y(tick));
        writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\n\
             <text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            Num(CAPACITY_AXIS_WIDTH),
            Num(right),
            Num(CAPACITY_AXIS_WIDTH - 6.0),
            Num(scale.y(tick) + BASELINE),
            Num(tick),
        )?;
    }
    writeln!(
        out,
        "<text class=\"axis\" x=\"8\" y=\"{}\">person-weeks</text>\n\
         <line class=\"axis\" x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\"/>\n\
         <line class=\"axis\" x1=\"{left}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        Num(CAPACITY_TOP - 28.0),
        Num(right),
        left = Num(CAPACITY_AXIS_WIDTH),
        top = Num(CAPACITY_TOP),
        bottom = Num(scale.y(0.0)),
    )
}

/// Whether a quarter's effort exceeds what may be planned. Effort is a sum
/// of fractions, so a hair's breadth over is rounding, not overplanning.
fn is_over(effort: f64, plannable: Option<f64>) -> bool {
    plannable.is_some_and(|p| effort > p + 1e-9)
}

fn draw_capacity_column(
    out: &mut String,
    scale: &ValueScale,
    centre: f64,
    quarter: Quarter,
    effort: f64,
    plannable: Option<f64>,
) -> fmt::Result {
    let over = is_over(effort, plannable);
    let top = scale.y(effort);
    write!(
        out,
        "<g class=\"column{}\"><title>{quarter}: {effort:.1} person-weeks planned",
        if over { " over" } else { "" },
    )?;
    if let Some(plannable) = plannable {
        let relation = if over { "over" } else { "within" };
        write!(out, ", {relation} the plannable {plannable:.1}")?;
    }
    write!(
        out,
        "</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\
         <text class=\"value\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{effort:.1}</text>",
        Num(centre - CAPACITY_BAR_WIDTH / 2.0),
        Num(top),
        Num(CAPACITY_BAR_WIDTH),
        Num(scale.y(0.0) - top),
        Num(top - 6.0),
        x = Num(centre),
    )?;
    if over {
        write!(
            out,
            "<text class=\"over-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">over</text>",
            Num(centre),
            Num(top - 22.0),
        )?;
    }
    writeln!(
        out,
        "</g>\n<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{quarter}</text>",
        Num(centre),
        Num(scale.y(0.0) + 20.0),
    )
}

fn capacity_desc(columns: &[(Quarter, f64)], limits: Option<Limits>) -> String {
    let mut desc = String::from("Planned person-weeks per quarter: ");
    for (n, (quarter, effort)) in columns.iter().enumerate() {
        let separator = if n == 0 { "" } else { ", " };
        desc.push_str(&format!("{separator}{quarter} {effort:.1}"));
    }
    desc.push('.');
    let Some(Limits {
        per_quarter,
        plannable,
        buffer,
    }) = limits
    else {
        desc.push_str(" No capacity is configured.");
        return desc;
    };
    desc.push_str(&format!(
        " Capacity {per_quarter:.1} per quarter, of which {plannable:.1} plannable after a {:.0}% buffer.",
        buffer * 100.0
    ));
    let over: Vec<String> = columns
        .iter()
        .filter(|&&(_, effort)| is_over(effort, Some(plannable)))
        .map(|(quarter, effort)| format!("{quarter} ({effort:.1})"))
        .collect();
    if over.is_empty() {
        desc.push_str(" No quarter is over the plannable amount.");
    } else {
        desc.push_str(&format!(" Over the plannable amount: {}.", over.join(", ")));
    }
    desc
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
mod tests {
    use super::*;
    use crate::graph::critical_chain;
    use crate::testing::{all, edited_fixture, fixture, id};

    fn fixture_timeline(roadmap: &Roadmap) -> String {
        timeline(roadmap, &all(roadmap), &critical_chain(roadmap), "../")
    }

    /// The fixture with cost and impact: two initiatives share a cell.
    fn scored_fixture() -> Roadmap {
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
        insta::assert_snapshot!(capacity(&fixture()));
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
    fn timeline_links_point_at_initiative_pages() {
        let roadmap = fixture();
        let svg = fixture_timeline(&roadmap);
        let links: Vec<&str> = svg
            .split("href=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(links.len(), 3);
        for link in links {
            let id = link
                .strip_prefix("../initiatives/")
                .and_then(|rest| rest.strip_suffix("/index.html"))
                .unwrap_or_else(|| panic!("unexpected link {link}"));
            assert!(roadmap.initiative(&id.parse().unwrap()).is_some(), "{link}");
        }
    }

    #[test]
    fn timeline_orders_lanes_by_team_with_no_team_last() {
        let roadmap = edited_fixture(&[
            (
                "web/frontend.md",
                "kind: product\n",
                "kind: product\nteam: Web\n",
            ),
            ("platform/database.md", "quarter:", "team: Data\nquarter:"),
        ]);
        let svg = fixture_timeline(&roadmap);
        let lanes: Vec<&str> = svg
            .split("<text class=\"lane-label\"")
            .skip(1)
            .map(|rest| &rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()])
            .collect();
        assert_eq!(lanes, ["Data", "Web", NO_TEAM]);
    }

    #[test]
    fn timeline_marks_the_critical_chain_and_today() {
        let svg = fixture_timeline(&fixture());
        assert_eq!(svg.matches("class=\"bar status-").count(), 3);
        assert_eq!(svg.matches(" critical\" href=").count(), 3);
        assert_eq!(svg.matches("class=\"arrow critical\"").count(), 2);
        // 2026-11-21 is day 51 of the 92 of 2026-Q4, the first column.
        let x = TIMELINE_LABEL_WIDTH + QUARTER_WIDTH * 51.0 / 92.0;
        assert!(svg.contains(&format!("<line x1=\"{}\"", Num(x))), "{svg}");
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
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("R&D"), "{svg}");
        }
        assert!(fixture_timeline(&roadmap).contains("R&amp;D &lt;ops&gt;"));
        assert_eq!(escape("a\u{1}b\tc").to_string(), "ab\tc");
    }

    #[test]
    fn capacity_marks_quarters_over_the_plannable_amount() {
        let roadmap = edited_fixture(&[("platform/database.md", "effort: 6", "effort: 100")]);
        let svg = capacity(&roadmap);
        assert_eq!(svg.matches("class=\"column over\"").count(), 1);
        assert!(
            svg.contains(
                "<title>2027-Q2: 102.0 person-weeks planned, over the plannable 15.0</title>"
            ),
            "{svg}"
        );
        assert!(svg.contains(">over</text>"));
        assert!(svg.contains("Over the plannable amount: 2027-Q2 (102.0)."));
        assert!(!capacity(&fixture()).contains("over\""));
    }

    #[test]
    fn one_far_off_date_does_not_widen_the_charts() {
        let far = edited_fixture(&[("platform/cloud.md", "end: \"2027-Q1\"", "end: \"9999-Q4\"")]);
        let timeline_svg = fixture_timeline(&far);
        assert_eq!(
            timeline_svg.matches("class=\"axis\"").count(),
            crate::schedule::CHART_QUARTERS
        );
        assert!(
            timeline_svg.contains("from 2026-Q4 to 9999-Q4")
                && timeline_svg.contains("The chart shows 2026-Q4 to 2036-Q3."),
            "{timeline_svg}"
        );
        assert!(timeline_svg.len() < 4 * fixture_timeline(&fixture()).len());
        let capacity_svg = capacity(&far);
        assert_eq!(
            capacity_svg.matches("<g class=\"column").count(),
            crate::schedule::CHART_QUARTERS
        );
    }

    #[test]
    fn capacity_without_configuration_draws_columns_only() {
        let mut roadmap = fixture();
        roadmap.config.capacity = None;
        let svg = capacity(&roadmap);
        assert_eq!(svg.matches("class=\"column\"").count(), 4);
        assert!(!svg.contains("capacity-line"));
        assert!(!svg.contains("plannable-line"));
    }

    #[test]
    fn matrix_offsets_points_that_share_a_cell() {
        let roadmap = scored_fixture();
        let svg = matrix(&all(&roadmap), "../");
        let circles: Vec<&str> = svg
            .split("<circle ")
            .skip(1)
            .map(|rest| &rest[..rest.find("/>").unwrap()])
            .collect();
        assert_eq!(circles.len(), 3);
        let distinct: HashSet<&&str> = circles.iter().collect();
        assert_eq!(distinct.len(), 3, "{circles:?}");
        assert!(svg.contains("Quick wins: Database optimisation, Frontend performance."));
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        let shown: Vec<String> = [246.55, 180.0, -0.5, -1.25, -0.04, 0.96, 1e6]
            .into_iter()
            .map(|n| Num(n).to_string())
            .collect();
        assert_eq!(shown, ["246.6", "180", "-0.5", "-1.3", "0", "1", "1000000"]);
    }

    #[test]
    fn labels_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("short", 28), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ab cdef", 4), "ab…");
        assert_eq!(truncate("ééééé", 5), "ééééé");
    }

    #[test]
    fn charts_are_deterministic_and_empty_roadmaps_still_describe_themselves() {
        let roadmap = fixture();
        assert_eq!(fixture_timeline(&roadmap), fixture_timeline(&fixture()));
        let empty = timeline(&roadmap, &[], &[], "/");
        assert!(empty.contains("<desc id=\"timeline-desc\">"));
        assert!(matrix(&[], "/").contains("No initiative has both cost and impact"));
    }
}
