//! The quarter timeline: one bar per scheduled initiative, in lanes by
//! team, with arrows from prerequisites to dependents and a marker for today.

use super::shapes::{
    chars_fitting, truncate, Anchor, Arrow, Frame, Group, Layout, Line, Point, Rect, Role, Route,
    Tail, Text, BASELINE, PADDING,
};
use super::svg::{draw_empty, Svg};
use super::{initiative_href, schedule_words};
use crate::diagnostic::plural;
use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::{Day, InitiativeId, Quarter};
use std::collections::{HashMap, HashSet};

const LABEL_WIDTH: f64 = 180.0;
const QUARTER_WIDTH: f64 = 120.0;
const HEADER: f64 = 40.0;
const ROW_HEIGHT: f64 = 28.0;
const BAR_HEIGHT: f64 = 20.0;
/// Keeps the bars of consecutive quarters apart.
const BAR_GAP: f64 = 2.0;
const NO_TEAM: &str = "No team";
/// How far an arrow runs out of a bar end before turning, and into a bar
/// start after its last turn: the length of the arrowhead.
const ARROW_STUB: f64 = 8.0;
const ARROWHEAD: (&str, &str) = ("timeline-arrow", "arrowhead");
const CRITICAL_ARROWHEAD: (&str, &str) = ("timeline-arrow-critical", "arrowhead critical");
const CONFLICT_ARROWHEAD: (&str, &str) = ("timeline-arrow-conflict", "arrowhead conflict");

#[derive(Debug)]
pub(crate) struct TimelineLayout<'a> {
    pub(crate) frame: Frame,
    pub(crate) lanes: Vec<Lane<'a>>,
    pub(crate) columns: Vec<QuarterColumn>,
    pub(crate) today: Option<TodayMarker>,
    pub(crate) arrows: Vec<Arrow>,
    pub(crate) bars: Vec<Bar<'a>>,
}

/// A team's band across the chart, behind its bars.
#[derive(Debug)]
pub(crate) struct Lane<'a> {
    pub(crate) band: Rect,
    pub(crate) label: Text<'a>,
}

#[derive(Debug)]
pub(crate) struct QuarterColumn {
    pub(crate) quarter: Quarter,
    /// From the top of the header's grid lines to the bottom of the rows.
    pub(crate) area: Rect,
    pub(crate) label: Text<'static>,
}

#[derive(Debug)]
pub(crate) struct TodayMarker {
    pub(crate) group: Group,
    pub(crate) line: Line,
    pub(crate) label: Text<'static>,
}

/// One initiative's bar, linked to its page.
#[derive(Debug)]
pub(crate) struct Bar<'a> {
    pub(crate) id: &'a InitiativeId,
    pub(crate) group: Group,
    pub(crate) rect: Rect,
    pub(crate) label: Text<'a>,
}

/// Quarter timeline: one bar per scheduled initiative from its start to its
/// end quarter, in lanes by team ("No team" last), arrows from each
/// prerequisite's bar end to its dependent's bar start, a marker for today,
/// and the bars and arrows of `critical` highlighted. Each bar links to the
/// initiative's page under `root`. Unscheduled initiatives are listed in the
/// description, not drawn.
pub(crate) fn timeline(
    roadmap: &Roadmap,
    initiatives: &[&Initiative],
    critical: &[InitiativeId],
    root: &str,
) -> String {
    match layout(roadmap, initiatives, critical, root) {
        Layout::Empty(empty) => draw_empty(&empty),
        Layout::Chart(chart) => draw(&chart),
    }
}

pub(crate) fn layout<'a>(
    roadmap: &Roadmap,
    initiatives: &[&'a Initiative],
    critical: &[InitiativeId],
    root: &str,
) -> Layout<TimelineLayout<'a>> {
    let scheduled = scheduled(initiatives);
    let Some(span) = quarter_span(&scheduled).map(|all| all.chart_window(roadmap.today.quarter()))
    else {
        let desc = describe(roadmap, initiatives, &scheduled, None, critical);
        return Layout::empty("timeline", "Timeline", desc, "No scheduled initiatives");
    };
    let desc = describe(roadmap, initiatives, &scheduled, Some(span), critical);
    let shown: Vec<Scheduled> = scheduled
        .into_iter()
        .filter(|item| item.schedule.overlaps(span))
        .collect();
    let width = LABEL_WIDTH + QUARTER_WIDTH * span.quarter_count() as f64 + PADDING;
    let height = HEADER + ROW_HEIGHT * shown.len() as f64 + PADDING;
    let columns = quarter_columns(span, height);
    let bars = bars(&shown, span, critical, root, width);
    Layout::Chart(TimelineLayout {
        frame: Frame {
            kind: "timeline",
            role: Role::Document,
            width,
            height,
            title: "Timeline",
            desc,
        },
        lanes: lanes(&shown, width),
        today: today_marker(roadmap.today, &columns),
        arrows: dependency_arrows(&shown, &bars, critical),
        columns,
        bars,
    })
}

pub(crate) fn draw(layout: &TimelineLayout) -> String {
    let mut svg = Svg::open(&layout.frame);
    svg.arrowheads(&[ARROWHEAD, CRITICAL_ARROWHEAD, CONFLICT_ARROWHEAD]);
    for lane in &layout.lanes {
        svg.rect(&lane.band);
        svg.text(&lane.label);
    }
    for column in &layout.columns {
        svg.line(&grid_line(column.area.x, &column.area));
        svg.text(&column.label);
    }
    if let Some(last) = layout.columns.last() {
        svg.line(&grid_line(last.area.right(), &last.area));
    }
    // Behind the arrows and bars, so that it never hides a label.
    if let Some(today) = &layout.today {
        svg.open_group(&today.group);
        svg.line(&today.line);
        svg.text(&today.label);
        svg.close_group(&today.group);
    }
    for arrow in &layout.arrows {
        svg.arrow(arrow);
    }
    for bar in &layout.bars {
        svg.open_group(&bar.group);
        svg.rect(&bar.rect);
        svg.text(&bar.label);
        svg.close_group(&bar.group);
    }
    svg.finish()
}

/// A vertical grid line at `x`, as tall as `column`.
fn grid_line(x: f64, column: &Rect) -> Line {
    Line::new(
        Some("grid"),
        Point::new(x, column.y),
        Point::new(x, column.bottom()),
    )
}

/// A scheduled initiative: a row of the chart.
struct Scheduled<'a> {
    initiative: &'a Initiative,
    schedule: Schedule,
}

impl<'a> Scheduled<'a> {
    fn team(&self) -> Option<&'a str> {
        self.initiative.team.as_deref()
    }
}

/// The scheduled initiatives in drawing order, one row each: by lane (teams
/// by name, then no team), then by schedule, then by id.
fn scheduled<'a>(initiatives: &[&'a Initiative]) -> Vec<Scheduled<'a>> {
    let mut rows: Vec<Scheduled<'a>> = initiatives
        .iter()
        .filter_map(|&initiative| {
            initiative.schedule.map(|schedule| Scheduled {
                initiative,
                schedule,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
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
    rows
}

/// The quarters from the earliest start to the latest end.
fn quarter_span(rows: &[Scheduled]) -> Option<Schedule> {
    let start = rows.iter().map(|row| row.schedule.start).min()?;
    let end = rows.iter().map(|row| row.schedule.end).max()?;
    Some(Schedule { start, end })
}

fn lanes_of<'r, 'a>(rows: &'r [Scheduled<'a>]) -> impl Iterator<Item = &'r [Scheduled<'a>]> {
    rows.chunk_by(|a, b| a.team() == b.team())
}

/// Describes every scheduled initiative, including those outside the
/// `shown` window, which it names.
fn describe(
    roadmap: &Roadmap,
    initiatives: &[&Initiative],
    rows: &[Scheduled],
    shown: Option<Schedule>,
    critical: &[InitiativeId],
) -> String {
    let mut desc = match quarter_span(rows) {
        None => "No initiative is scheduled.".to_owned(),
        Some(span) => {
            let lane_names: Vec<&str> = lanes_of(rows)
                .map(|lane| lane[0].team().unwrap_or(NO_TEAM))
                .collect();
            format!(
                "{} from {} to {}, in {}: {}.",
                plural(rows.len(), "initiative"),
                span.start,
                span.end,
                plural(lane_names.len(), "lane"),
                lane_names.join(", "),
            )
        }
    };
    if let Some(shown) = shown.filter(|&shown| Some(shown) != quarter_span(rows)) {
        desc.push_str(&format!(
            " The chart shows {} to {}.",
            shown.start, shown.end
        ));
        let outside: Vec<&str> = rows
            .iter()
            .filter(|row| !row.schedule.overlaps(shown))
            .map(|row| row.initiative.title.as_str())
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
    LABEL_WIDTH + QUARTER_WIDTH * f64::from(quarter.quarters_since(span.start))
}

fn lanes<'a>(rows: &[Scheduled<'a>], width: f64) -> Vec<Lane<'a>> {
    let mut top = HEADER;
    lanes_of(rows)
        .map(|lane| {
            let height = ROW_HEIGHT * lane.len() as f64;
            let name = lane[0].team().unwrap_or(NO_TEAM);
            let label_at = Point::new(8.0, top + ROW_HEIGHT / 2.0 + BASELINE);
            let fitting = chars_fitting(LABEL_WIDTH - PADDING);
            let lane = Lane {
                band: Rect::new(Some("lane"), 0.0, top, width, height),
                label: Text::new(Some("lane-label"), label_at, truncate(name, fitting)),
            };
            top += height;
            lane
        })
        .collect()
}

fn quarter_columns(span: Schedule, height: f64) -> Vec<QuarterColumn> {
    let top = HEADER - 20.0;
    span.quarters()
        .map(|quarter| {
            let x = quarter_x(span, quarter);
            let label_at = Point::new(x + QUARTER_WIDTH / 2.0, HEADER - 8.0);
            QuarterColumn {
                quarter,
                area: Rect::new(None, x, top, QUARTER_WIDTH, height - PADDING - top),
                label: Text::new(Some("axis"), label_at, quarter.to_string())
                    .anchored(Anchor::Middle),
            }
        })
        .collect()
}

/// The vertical marker for today, proportional to the day within its
/// quarter; none when today's quarter is not drawn.
fn today_marker(today: Day, columns: &[QuarterColumn]) -> Option<TodayMarker> {
    let column = columns.iter().find(|c| c.quarter == today.quarter())?;
    let x = column.area.x + column.area.width * today.share_of_quarter()?;
    Some(TodayMarker {
        group: Group {
            class: "today".to_owned(),
            href: None,
            tooltip: format!("Today, {today}"),
        },
        line: Line::new(
            None,
            Point::new(x, HEADER - 4.0),
            Point::new(x, column.area.bottom()),
        ),
        label: Text::new(None, Point::new(x, HEADER - 26.0), "today").anchored(Anchor::Middle),
    })
}

/// Where a bar is drawn: its left and right edges and the middle of its row.
struct Place {
    left: f64,
    right: f64,
    middle: f64,
}

fn bars<'a>(
    rows: &[Scheduled<'a>],
    span: Schedule,
    critical: &[InitiativeId],
    root: &str,
    chart_width: f64,
) -> Vec<Bar<'a>> {
    let critical: HashSet<&InitiativeId> = critical.iter().collect();
    rows.iter()
        .enumerate()
        .map(|(row, item)| {
            let place = Place {
                left: quarter_x(span, item.schedule.start.max(span.start)) + BAR_GAP,
                right: quarter_x(span, item.schedule.end.min(span.end)) + QUARTER_WIDTH - BAR_GAP,
                middle: HEADER + ROW_HEIGHT * (row as f64 + 0.5),
            };
            let is_critical = critical.contains(&item.initiative.id);
            bar(item, &place, is_critical, root, chart_width)
        })
        .collect()
}

/// One bar, linked to the initiative's page; its label may run right of it
/// up to the chart's right edge, `chart_width`.
fn bar<'a>(
    item: &Scheduled<'a>,
    place: &Place,
    critical: bool,
    root: &str,
    chart_width: f64,
) -> Bar<'a> {
    let initiative = item.initiative;
    let status = initiative.status.as_str();
    let words = initiative.status.label();
    let (mut class, on_chain) = if critical {
        (
            format!("bar status-{status} critical"),
            ", on the critical chain",
        )
    } else {
        (format!("bar status-{status}"), "")
    };
    let mut health = String::new();
    if let Some(late) = initiative.overdue_by {
        class.push_str(" overdue");
        health.push_str(&format!(
            ", overdue by {}",
            plural(late as usize, "quarter")
        ));
    }
    if initiative.risk_origin.is_some() {
        class.push_str(" inherited-risk");
        health.push_str(", at risk from prerequisites");
    }
    // The status word when there is room, so that status never rests on
    // colour alone (the tooltip always has it).
    let status_words = match initiative.overdue_by {
        Some(_) => format!("· {words}, overdue"),
        None => format!("· {words}"),
    };
    // The tail's offset stands for the space before it, which renderers
    // may drop at the start of an element.
    let fit = bar_label(
        initiative.title.chars().count(),
        status_words.chars().count() + 1,
        place,
        chart_width - BAR_GAP,
    );
    let mut label = Text::new(
        None,
        Point::new(fit.x, place.middle + BASELINE),
        truncate(&initiative.title, fit.max_chars),
    );
    if fit.with_status {
        label.tail = Some(Tail {
            class: "bar-status",
            dx: 5.0,
            content: status_words,
        });
    }
    Bar {
        id: &initiative.id,
        group: Group {
            class,
            href: Some(initiative_href(root, &initiative.id)),
            tooltip: format!(
                "{} — {words}{health}, {}{on_chain}",
                initiative.title,
                schedule_words(Some(item.schedule)),
            ),
        },
        rect: Rect::new(
            None,
            place.left,
            place.middle - BAR_HEIGHT / 2.0,
            place.right - place.left,
            BAR_HEIGHT,
        )
        .rounded(3.0),
        label,
    }
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

/// Arrows between drawn bars only; a link on the critical chain is a pair
/// of consecutive chain members, not any two members.
fn dependency_arrows(rows: &[Scheduled], bars: &[Bar], critical: &[InitiativeId]) -> Vec<Arrow> {
    let drawn: HashMap<&InitiativeId, &Rect> = bars.iter().map(|bar| (bar.id, &bar.rect)).collect();
    let critical_links: HashSet<(&InitiativeId, &InitiativeId)> = critical
        .windows(2)
        .map(|pair| (&pair[0], &pair[1]))
        .collect();
    let mut arrows = Vec::new();
    for (row, bar) in rows.iter().zip(bars) {
        for prerequisite in &row.initiative.depends_on {
            let Some(from) = drawn.get(prerequisite) else {
                continue;
            };
            let conflicts = row
                .initiative
                .schedule_conflicts
                .iter()
                .any(|c| &c.prerequisite == prerequisite);
            let critical = critical_links.contains(&(prerequisite, bar.id));
            let (class, (marker, _)) = match (conflicts, critical) {
                (true, true) => ("arrow critical conflict", CONFLICT_ARROWHEAD),
                (true, false) => ("arrow conflict", CONFLICT_ARROWHEAD),
                (false, true) => ("arrow critical", CRITICAL_ARROWHEAD),
                (false, false) => ("arrow", ARROWHEAD),
            };
            arrows.push(Arrow {
                class,
                marker,
                route: elbow(from, &bar.rect),
            });
        }
    }
    arrows
}

/// A finish-to-start connector: out of the prerequisite's end, along the
/// gap between rows next to the dependent, and into the dependent's start.
/// Unlike a curve, it stays readable when the dependent starts right after,
/// or even before, the prerequisite ends.
fn elbow(from: &Rect, to: &Rect) -> Route {
    let (from, to) = (from.right_middle(), to.left_middle());
    let turn_y = if to.y >= from.y {
        to.y - ROW_HEIGHT / 2.0
    } else {
        to.y + ROW_HEIGHT / 2.0
    };
    Route::Elbow {
        from,
        out_x: from.x + ARROW_STUB,
        turn_y,
        in_x: to.x - ARROW_STUB,
        to,
    }
}

#[cfg(test)]
mod tests;
