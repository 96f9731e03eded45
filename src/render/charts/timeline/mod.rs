//! The quarter timeline: one bar per scheduled initiative, in lanes by
//! team, with arrows from prerequisites to dependents and a marker for today.

use super::initiative_href;
use super::legend::{draw_legend, legend, status_keys, KeyEntry, Legend, Sample};
use super::shapes::{
    chars_fitting, truncate, Anchor, Arrow, Frame, Group, Layout, Line, Point, Rect, Role, Tail,
    Text, BASELINE, PADDING,
};
use super::svg::{draw_empty, Svg};
use crate::diagnostic::plural;
use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::{Day, InitiativeId, Quarter, Status};
use foldhash::HashSet;
use std::collections::BTreeSet;
use window::Window;

mod bar;
mod draw;
mod route;
mod script;
mod window;

use bar::bars;
pub(crate) use draw::draw;

/// The width of the column that frames charts on the theme's pages: the
/// timeline spreads its quarters over all of it.
const CHART_WIDTH: f64 = 1100.0;
const LABEL_WIDTH: f64 = 180.0;
/// Left of the bars and right of the lane names: a channel for arrows
/// that no bar or label ever blocks.
const GUTTER_X: f64 = LABEL_WIDTH - 5.0;
const HEADER: f64 = 40.0;
const ROW_HEIGHT: f64 = 28.0;
const BAR_HEIGHT: f64 = 20.0;
/// Keeps the bars of consecutive quarters apart, leaving a channel for
/// arrows at each quarter boundary.
const BAR_GAP: f64 = 3.0;
const NOTE_HEIGHT: f64 = 18.0;
const CHANNELS_PER_QUARTER: usize = 4;
/// How many rows apart the lane names kept in view are repeated.
const LANE_NAME_EVERY: usize = 12;
const NO_TEAM: &str = "No team";
/// How far an arrow runs out of a bar end before turning, and into a bar
/// start after its last turn: the length of the arrowhead.
const ARROW_STUB: f64 = 8.0;

#[derive(Debug)]
pub(crate) struct TimelineLayout<'a> {
    pub(crate) frame: Frame,
    pub(crate) window: Window,
    pub(crate) lanes: Vec<Lane<'a>>,
    pub(crate) columns: Vec<QuarterColumn>,
    pub(crate) today: TodayMarker,
    pub(crate) arrows: Vec<Arrow>,
    pub(crate) bars: Vec<Bar<'a>>,
    /// What lies outside the window, in words, under the rows.
    pub(crate) notes: Vec<Text<'static>>,
    pub(crate) legend: Legend,
    /// The quarters a window chosen in the page's address may show, and
    /// what the page's script needs to lay out such a window, as JSON
    /// safe inside a `<script>` element.
    pub(crate) extent: Schedule,
    pub(crate) script_data: String,
}

/// A team's band across the chart, behind its bars.
#[derive(Debug)]
pub(crate) struct Lane<'a> {
    pub(crate) band: Rect,
    pub(crate) label: Text<'a>,
}

#[derive(Debug)]
pub(crate) struct QuarterColumn {
    /// From the top of the header's grid lines to the bottom of the rows.
    pub(crate) area: Rect,
    pub(crate) label: Text<'static>,
}

/// Today's line, or when today lies outside the window, a line at the
/// window's edge that says where today is.
#[derive(Debug)]
pub(crate) struct TodayMarker {
    pub(crate) group: Group,
    pub(crate) line: Line,
    pub(crate) label: Text<'static>,
}

/// One initiative's bar, linked to its page.
#[derive(Debug)]
pub(crate) struct Bar<'a> {
    pub(crate) initiative: &'a Initiative,
    pub(crate) group: Group,
    pub(crate) rect: Rect,
    pub(crate) label: Text<'a>,
}

/// Where rows begin and where arrows may run down between them.
pub(crate) struct Grid {
    top: f64,
    /// The gutter first, then the others from left to right.
    channels: Vec<f64>,
}

/// Where the window's quarters lie across the chart.
#[derive(Debug, Clone, Copy)]
struct Columns {
    window: Schedule,
    quarter_width: f64,
}

impl Columns {
    fn new(window: Schedule) -> Columns {
        let room = CHART_WIDTH - LABEL_WIDTH - PADDING;
        Columns {
            window,
            quarter_width: room / window.quarter_count() as f64,
        }
    }

    fn x(&self, quarter: Quarter) -> f64 {
        LABEL_WIDTH + self.quarter_width * f64::from(quarter.quarters_since(self.window.start))
    }

    fn right(&self) -> f64 {
        self.x(self.window.end) + self.quarter_width
    }
}

/// Where arrows may run down across rows: first the gutter, which is
/// always clear, then each quarter boundary, where bars leave a gap, and
/// the points that divide each quarter in four, which the bars and labels
/// of the rows between may leave clear.
fn channels(columns: Columns) -> Vec<f64> {
    let steps = columns.window.quarter_count() * CHANNELS_PER_QUARTER;
    let step = columns.quarter_width / CHANNELS_PER_QUARTER as f64;
    std::iter::once(GUTTER_X)
        .chain((0..=steps).map(|n| LABEL_WIDTH + step * n as f64))
        .collect()
}

/// Quarter timeline: one bar per scheduled initiative in the window from
/// its start to its end quarter, in lanes by team ("No team" last), arrows
/// from each prerequisite's bar end to its dependent's bar start, a marker
/// for today, the bars and arrows of `critical` highlighted, and a legend.
/// Each bar links to the initiative's page under `root`. Work outside the
/// window is counted in words under the rows, and unscheduled initiatives
/// are listed in the description. The chart sits in a box that scrolls
/// with the quarters and lane names kept in view.
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

/// The quarters the timeline of `initiatives` shows by default, or `None`
/// when none is scheduled.
pub(crate) fn default_window(roadmap: &Roadmap, initiatives: &[&Initiative]) -> Option<Schedule> {
    let plan = quarter_span(&scheduled(initiatives))?;
    Some(window::window(plan, roadmap.today.quarter(), &roadmap.config.timeline).quarters)
}

pub(crate) fn layout<'a>(
    roadmap: &Roadmap,
    initiatives: &[&'a Initiative],
    critical: &[InitiativeId],
    root: &str,
) -> Layout<TimelineLayout<'a>> {
    let scheduled = scheduled(initiatives);
    let Some(plan) = quarter_span(&scheduled) else {
        let desc = describe(roadmap, initiatives, &scheduled, &[], critical);
        return Layout::empty("timeline", "Timeline", desc, "No scheduled initiatives");
    };
    let window = window::window(plan, roadmap.today.quarter(), &roadmap.config.timeline);
    let span = window.quarters;
    let notes = outside_notes(&window, &scheduled);
    let desc = describe(roadmap, initiatives, &scheduled, &notes, critical);
    let extent = extent(plan, span, roadmap.today.quarter());
    let script_data = script::window_data(&scheduled, extent, span, roadmap.today, critical, root);
    let shown: Vec<Scheduled> = scheduled
        .into_iter()
        .filter(|item| item.schedule.overlaps(span))
        .collect();
    let columns = Columns::new(span);
    let rows_bottom = HEADER + ROW_HEIGHT * shown.len() as f64;
    let quarter_columns = quarter_columns(columns, rows_bottom);
    let bars = bars(&shown, columns, critical, root);
    let grid = Grid {
        top: HEADER,
        channels: channels(columns),
    };
    let arrows = route::dependency_arrows(&bars, &grid, critical);
    let notes = note_lines(notes, rows_bottom + 8.0);
    let notes_bottom = rows_bottom + 8.0 + NOTE_HEIGHT * notes.len() as f64;
    let today = today_marker(roadmap.today, columns, rows_bottom);
    let legend = legend(
        keys(&bars, &arrows, &today),
        notes_bottom + 8.0,
        CHART_WIDTH,
    );
    Layout::Chart(TimelineLayout {
        frame: Frame {
            kind: "timeline",
            role: Role::Document,
            width: CHART_WIDTH,
            height: legend.bottom + PADDING / 2.0,
            title: "Timeline",
            desc,
        },
        window,
        lanes: lanes(&shown, CHART_WIDTH),
        today,
        arrows,
        columns: quarter_columns,
        bars,
        notes,
        legend,
        extent,
        script_data,
    })
}

/// What lies outside `window` of the scheduled initiatives, in sentences.
fn outside_notes(window: &Window, scheduled: &[Scheduled]) -> Vec<String> {
    let span = window.quarters;
    let before: Vec<Status> = scheduled
        .iter()
        .filter(|item| item.schedule.end < span.start)
        .map(|item| item.initiative.status)
        .collect();
    let after = scheduled
        .iter()
        .filter(|item| item.schedule.start > span.end)
        .count();
    window.notes(&before, after)
}

/// The quarters of `plan` a chart may draw, and those of `window`.
fn extent(plan: Schedule, window: Schedule, today: Quarter) -> Schedule {
    let drawable = plan.chart_window(today);
    let both = Schedule {
        start: drawable.start.min(window.start),
        end: drawable.end.max(window.end),
    };
    if both.quarter_count() <= crate::schedule::CHART_QUARTERS {
        both
    } else {
        window
    }
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

/// Describes every scheduled initiative, with `notes` on what lies
/// outside the window.
fn describe(
    roadmap: &Roadmap,
    initiatives: &[&Initiative],
    rows: &[Scheduled],
    notes: &[String],
    critical: &[InitiativeId],
) -> String {
    let mut desc = match quarter_span(rows) {
        None => "No initiative is scheduled.".to_owned(),
        Some(span) => {
            let lane_names: BTreeSet<(bool, &str)> = rows
                .iter()
                .map(|row| (row.team().is_none(), row.team().unwrap_or(NO_TEAM)))
                .collect();
            let lane_names: Vec<&str> = lane_names.into_iter().map(|(_, name)| name).collect();
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
    for note in notes {
        desc.push(' ');
        desc.push_str(note);
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

fn lanes<'a>(rows: &[Scheduled<'a>], width: f64) -> Vec<Lane<'a>> {
    let mut top = HEADER;
    lanes_of(rows)
        .map(|lane| {
            let height = ROW_HEIGHT * lane.len() as f64;
            let name = lane[0].team().unwrap_or(NO_TEAM);
            let label_at = Point::new(8.0, top + ROW_HEIGHT / 2.0 + BASELINE);
            // Clear of the gutter that arrows run down.
            let fitting = chars_fitting(GUTTER_X - 4.0 - label_at.x);
            let lane = Lane {
                band: Rect::new(Some("lane"), 0.0, top, width, height),
                label: Text::new(Some("lane-label"), label_at, truncate(name, fitting)),
            };
            top += height;
            lane
        })
        .collect()
}

fn quarter_columns(columns: Columns, rows_bottom: f64) -> Vec<QuarterColumn> {
    let top = HEADER - 20.0;
    columns
        .window
        .quarters()
        .map(|quarter| {
            let x = columns.x(quarter);
            let label_at = Point::new(x + columns.quarter_width / 2.0, HEADER - 8.0);
            QuarterColumn {
                area: Rect::new(None, x, top, columns.quarter_width, rows_bottom - top),
                label: Text::new(Some("axis"), label_at, quarter.to_string())
                    .anchored(Anchor::Middle),
            }
        })
        .collect()
}

/// The line for today, proportional to the day within its quarter; when
/// today lies outside the window, a line at the window's edge nearer to
/// it that says so, so that the reader still knows where today is.
fn today_marker(today: Day, columns: Columns, rows_bottom: f64) -> TodayMarker {
    let quarter = today.quarter();
    let window = columns.window;
    let share = today.share_of_quarter().unwrap_or(0.0);
    let (class, x, anchor, words) = if quarter < window.start {
        let words = format!("today: {today}, before this window");
        ("today outside", LABEL_WIDTH, Anchor::Start, words)
    } else if quarter > window.end {
        let words = format!("today: {today}, after this window");
        ("today outside", columns.right(), Anchor::End, words)
    } else {
        let x = columns.x(quarter) + columns.quarter_width * share;
        // Kept within the frame when today is near either end.
        let anchor = if x - LABEL_WIDTH < 24.0 {
            Anchor::Start
        } else if columns.right() - x < 24.0 {
            Anchor::End
        } else {
            Anchor::Middle
        };
        ("today", x, anchor, "today".to_owned())
    };
    TodayMarker {
        group: Group {
            class: class.to_owned(),
            href: None,
            tooltip: format!("Today, {today}"),
        },
        line: Line::new(
            None,
            Point::new(x, HEADER - 4.0),
            Point::new(x, rows_bottom),
        ),
        label: Text::new(None, Point::new(x, HEADER - 26.0), words).anchored(anchor),
    }
}

/// The notes on what lies outside the window, a line each from `top`.
fn note_lines(notes: Vec<String>, top: f64) -> Vec<Text<'static>> {
    notes
        .into_iter()
        .enumerate()
        .map(|(line, note)| {
            let at = Point::new(8.0, top + NOTE_HEIGHT * (line as f64 + 0.5) + BASELINE);
            let fitting = chars_fitting(CHART_WIDTH - PADDING - at.x);
            Text::new(
                Some("window-note"),
                at,
                truncate(&note, fitting).into_owned(),
            )
        })
        .collect()
}

/// A key for each kind of mark the chart draws: the statuses of its bars
/// in the order of their progress, then the marks of health and of the
/// critical chain, the arrows and today.
fn keys(bars: &[Bar], arrows: &[Arrow], today: &TodayMarker) -> Vec<KeyEntry> {
    let mut keys = status_keys("key-bar", bars.iter().map(|bar| bar.initiative.status));
    let has_class = |class: &str| {
        bars.iter()
            .any(|bar| bar.group.class.split(' ').any(|c| c == class))
    };
    let marks = [
        ("critical", "critical chain"),
        ("overdue", "overdue"),
        ("inherited-risk", "at risk from prerequisites"),
    ];
    for (class, words) in marks {
        if has_class(class) {
            keys.push(KeyEntry::new(
                format!("key-bar {class}"),
                Sample::Bar,
                words,
            ));
        }
    }
    let arrow_kinds = [
        ("arrow", "timeline-arrow", "prerequisite → dependent"),
        (
            "arrow conflict",
            "timeline-arrow-conflict",
            "schedule conflict",
        ),
    ];
    for (class, marker, words) in arrow_kinds {
        let base = |arrow: &&Arrow| arrow.class.replace(" critical", "") == class;
        if arrows.iter().any(|arrow| base(&arrow)) {
            let sample = Sample::Line {
                class,
                marker: Some(marker),
            };
            keys.push(KeyEntry::new("key-arrow", sample, words));
        }
    }
    let today_sample = Sample::Line {
        class: "today-line",
        marker: None,
    };
    keys.push(KeyEntry::new(
        today.group.class.clone(),
        today_sample,
        "today",
    ));
    keys
}

#[cfg(test)]
mod tests;
