//! Capacity per quarter: planned person-weeks against the capacity and the
//! plannable amount.

use super::legend::{draw_legend, legend, KeyEntry, Legend, Sample};
use super::shapes::{
    Anchor, Frame, Group, Layout, Line, Point, Rect, Role, Text, ASCENT, BASELINE, DESCENT, PADDING,
};
use super::svg::{draw_empty, Num, Svg};
use crate::config::Capacity;
use crate::model::Roadmap;
use crate::schedule::Schedule;
use crate::types::Quarter;
use std::collections::BTreeMap;

const AXIS_WIDTH: f64 = 56.0;
const COLUMN_WIDTH: f64 = 72.0;
const BAR_WIDTH: f64 = 40.0;
/// Room above the plot for the figure and the "over" marker of the tallest column.
const TOP: f64 = 44.0;
const PLOT_HEIGHT: f64 = 200.0;
const BOTTOM: f64 = 32.0;
/// Room right of the plot for the labels of the capacity lines.
const RIGHT: f64 = 112.0;

#[derive(Debug)]
pub(crate) struct CapacityLayout {
    pub(crate) frame: Frame,
    /// The y of no effort and the height of one person-week, which the
    /// page's filter script draws the filtered work's part of each column by.
    pub(crate) zero: f64,
    pub(crate) per_week: f64,
    pub(crate) ticks: Vec<Tick>,
    /// Names the unit of the value axis.
    pub(crate) unit: Text<'static>,
    pub(crate) value_axis: Line,
    pub(crate) quarter_axis: Line,
    pub(crate) columns: Vec<Column>,
    pub(crate) limits: Option<LimitLines>,
    pub(crate) legend: Legend,
}

/// A round value on the value axis, with its grid line across the plot.
#[derive(Debug)]
pub(crate) struct Tick {
    pub(crate) grid: Line,
    pub(crate) label: Text<'static>,
}

/// One quarter: its planned effort as a bar standing on the quarter axis.
#[derive(Debug)]
pub(crate) struct Column {
    /// The quarter's ordinal, which the page's filter script reads to draw
    /// the filtered work's part of the column.
    pub(crate) ordinal: i32,
    pub(crate) group: Group,
    pub(crate) bar: Rect,
    pub(crate) value: Text<'static>,
    /// The "over" marker of a quarter over the plannable amount.
    pub(crate) over: Option<Text<'static>>,
    pub(crate) quarter: Text<'static>,
}

#[derive(Debug)]
pub(crate) struct LimitLines {
    pub(crate) capacity: Line,
    pub(crate) plannable: Line,
    pub(crate) capacity_label: Text<'static>,
    pub(crate) plannable_label: Text<'static>,
}

/// Capacity per quarter: a column of planned person-weeks for each quarter
/// from the first to the last with planned effort, a line for the capacity
/// and a dashed one for the plannable amount (capacity less the buffer).
/// Columns over the plannable amount are marked "over". Without a
/// `[capacity]` section, columns only.
pub(crate) fn capacity(demand: &Demand) -> String {
    match layout(demand) {
        Layout::Empty(empty) => draw_empty(&empty),
        Layout::Chart(chart) => draw(&chart),
    }
}

/// What the capacity chart draws: some work's planned effort against the
/// capacity it is held to, and the quarters that the health rules found
/// over it.
pub(crate) struct Demand<'a> {
    pub(crate) effort: BTreeMap<Quarter, f64>,
    pub(crate) capacity: Option<&'a Capacity>,
    pub(crate) over: Vec<Quarter>,
    pub(crate) today: Quarter,
}

impl Demand<'_> {
    /// The whole roadmap's demand on the organisation's capacity.
    pub(crate) fn of(roadmap: &Roadmap) -> Demand<'_> {
        let whole = roadmap.over_capacity.iter().filter(|o| o.team.is_none());
        Demand {
            effort: roadmap.effort_by_quarter(),
            capacity: roadmap.config.capacity.as_ref(),
            over: whole.map(|over| over.quarter).collect(),
            today: roadmap.today.quarter(),
        }
    }

    fn is_over(&self, quarter: Quarter) -> bool {
        self.over.contains(&quarter)
    }
}

pub(crate) fn layout(demand: &Demand) -> Layout<CapacityLayout> {
    let effort = &demand.effort;
    let limits = demand.capacity.map(|c| Limits {
        per_quarter: *c.per_quarter.get_ref(),
        plannable: c.plannable(),
        buffer: *c.buffer.get_ref(),
    });
    let (Some(&first), Some(&last)) = (effort.keys().next(), effort.keys().next_back()) else {
        return Layout::empty(
            "capacity",
            "Capacity",
            "No effort is planned in any quarter.".to_owned(),
            "No planned effort",
        );
    };
    // Quarters without planned work are shown as empty columns so that the
    // axis keeps time evenly.
    let shown = Schedule {
        start: first,
        end: last,
    }
    .chart_window(demand.today);
    let planned: Vec<(Quarter, f64)> = shown
        .quarters()
        .map(|q| (q, effort.get(&q).copied().unwrap_or(0.0)))
        .collect();
    let width = AXIS_WIDTH + COLUMN_WIDTH * planned.len() as f64 + RIGHT;
    let highest = planned
        .iter()
        .map(|&(_, e)| e)
        .chain(limits.map(|l| l.per_quarter))
        .fold(0.0, f64::max);
    let scale = ValueScale::up_to(highest);
    let right = width - RIGHT;
    let plannable = limits.map(|l| l.plannable);
    let limits_drawn = limits.map(|limits| limit_lines(&scale, limits, right));
    let lines: Vec<f64> = limits_drawn
        .iter()
        .flat_map(|l| [l.capacity.from.y, l.plannable.from.y])
        .collect();
    let columns: Vec<Column> = planned
        .iter()
        .enumerate()
        .map(|(n, &(quarter, effort))| {
            let centre = AXIS_WIDTH + COLUMN_WIDTH * (n as f64 + 0.5);
            column(&scale, centre, (quarter, effort), plannable, demand, &lines)
        })
        .collect();
    let (left, bottom) = (AXIS_WIDTH, scale.y(0.0));
    let legend = legend(
        keys(&columns, limits.is_some()),
        TOP + PLOT_HEIGHT + BOTTOM,
        width,
    );
    Layout::Chart(CapacityLayout {
        frame: Frame {
            kind: "capacity",
            role: Role::Image,
            width,
            height: legend.bottom + PADDING / 2.0,
            title: "Capacity",
            desc: describe(&planned, limits, demand),
        },
        zero: scale.y(0.0),
        per_week: PLOT_HEIGHT / scale.top,
        ticks: ticks(&scale, right),
        unit: Text::new(Some("axis"), Point::new(8.0, TOP - 28.0), "person-weeks"),
        value_axis: Line::new(
            Some("axis"),
            Point::new(left, TOP),
            Point::new(left, bottom),
        ),
        quarter_axis: Line::new(
            Some("axis"),
            Point::new(left, bottom),
            Point::new(right, bottom),
        ),
        columns,
        limits: limits_drawn,
        legend,
    })
}

/// Keys for the columns drawn, and the lines when `[capacity]` is set.
fn keys(columns: &[Column], limits: bool) -> Vec<KeyEntry> {
    let mut keys = vec![KeyEntry::new("column", Sample::Bar, "planned effort")];
    if columns.iter().any(|column| column.over.is_some()) {
        keys.push(KeyEntry::new(
            "column over",
            Sample::Bar,
            "over what may be planned",
        ));
    }
    if limits {
        let line = |class| Sample::Line {
            class,
            marker: None,
        };
        keys.push(KeyEntry::new("key-line", line("capacity-line"), "capacity"));
        keys.push(KeyEntry::new(
            "key-line",
            line("plannable-line"),
            "may be planned (capacity less the buffer)",
        ));
    }
    keys
}

pub(crate) fn draw(layout: &CapacityLayout) -> String {
    let mut svg = Svg::open(&layout.frame);
    for tick in &layout.ticks {
        svg.line(&tick.grid);
        svg.text(&tick.label);
    }
    svg.text(&layout.unit);
    svg.line(&layout.value_axis);
    svg.line(&layout.quarter_axis);
    svg.open_plain_group_with(
        "plot",
        &[
            ("data-zero", layout.zero),
            ("data-per-week", layout.per_week),
        ],
    );
    for column in &layout.columns {
        svg.open_plain_group_with("quarter", &[("data-quarter", f64::from(column.ordinal))]);
        svg.open_group(&column.group);
        svg.rect(&column.bar);
        svg.text(&column.value);
        if let Some(over) = &column.over {
            svg.text(over);
        }
        svg.close_group(&column.group);
        svg.text(&column.quarter);
        svg.close_plain_group();
    }
    svg.close_plain_group();
    if let Some(limits) = &layout.limits {
        svg.line(&limits.capacity);
        svg.line(&limits.plannable);
        svg.text(&limits.capacity_label);
        svg.text(&limits.plannable_label);
    }
    draw_legend(&mut svg, &layout.legend);
    svg.finish()
}

/// The `[capacity]` settings, in person-weeks per quarter.
#[derive(Clone, Copy)]
struct Limits {
    per_quarter: f64,
    plannable: f64,
    /// The share kept free, from 0 to 1.
    buffer: f64,
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
        TOP + PLOT_HEIGHT * (1.0 - value / self.top)
    }

    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let count = (self.top / self.step).round() as usize;
        (0..=count).map(|n| self.step * n as f64)
    }
}

fn ticks(scale: &ValueScale, right: f64) -> Vec<Tick> {
    scale
        .ticks()
        .map(|tick| {
            let y = scale.y(tick);
            let label_at = Point::new(AXIS_WIDTH - 6.0, y + BASELINE);
            Tick {
                grid: Line::new(
                    Some("grid"),
                    Point::new(AXIS_WIDTH, y),
                    Point::new(right, y),
                ),
                label: Text::new(Some("axis"), label_at, Num(tick).to_string())
                    .anchored(Anchor::End),
            }
        })
        .collect()
}

fn column(
    scale: &ValueScale,
    centre: f64,
    (quarter, effort): (Quarter, f64),
    plannable: Option<f64>,
    demand: &Demand,
    lines: &[f64],
) -> Column {
    // The health rules judge capacity from today's quarter on.
    let judged = quarter >= demand.today;
    let over = demand.is_over(quarter);
    let (top, bottom) = (scale.y(effort), scale.y(0.0));
    let mut tooltip = format!("{quarter}: {effort:.1} person-weeks planned");
    match plannable {
        Some(plannable) if judged => {
            let relation = if over { "over" } else { "within" };
            tooltip.push_str(&format!(", {relation} the plannable {plannable:.1}"));
        }
        Some(_) => tooltip.push_str(", a past quarter"),
        None => {}
    }
    let centred = |y: f64, content: String| {
        Text::new(None, Point::new(centre, y), content).anchored(Anchor::Middle)
    };
    let value_at = clear_of(lines, top - 6.0);
    Column {
        ordinal: quarter.ordinal(),
        group: Group {
            class: if over { "column over" } else { "column" }.to_owned(),
            href: None,
            tooltip,
        },
        bar: Rect::new(None, centre - BAR_WIDTH / 2.0, top, BAR_WIDTH, bottom - top),
        value: Text {
            class: Some("value"),
            ..centred(value_at, format!("{effort:.1}"))
        },
        over: over.then(|| Text {
            class: Some("over-label"),
            ..centred(clear_of(lines, value_at - LABEL_STEP), "over".to_owned())
        }),
        quarter: Text {
            class: Some("axis"),
            ..centred(bottom + 20.0, quarter.to_string())
        },
    }
}

/// From one label's baseline to the next one's above it.
const LABEL_STEP: f64 = 16.0;
/// Space kept between a label and a line that would otherwise cross it.
const LINE_CLEARANCE: f64 = 3.0;

/// The baseline nearest to `wanted`, at or above it, at which a label's
/// box crosses none of the horizontal `lines` (their ys): the limit lines
/// are drawn over the columns, so a label they crossed would sit under a
/// line. Moving up only keeps the label above its own bar.
fn clear_of(lines: &[f64], wanted: f64) -> f64 {
    let mut baseline = wanted;
    while let Some(&line) = lines.iter().find(|&&line| {
        baseline - ASCENT - LINE_CLEARANCE < line && line < baseline + DESCENT + LINE_CLEARANCE
    }) {
        baseline = line - DESCENT - LINE_CLEARANCE;
    }
    baseline
}

fn limit_lines(scale: &ValueScale, limits: Limits, right: f64) -> LimitLines {
    let across = |class, y| Line::new(Some(class), Point::new(AXIS_WIDTH, y), Point::new(right, y));
    let (capacity_y, plannable_y) = (scale.y(limits.per_quarter), scale.y(limits.plannable));
    let label =
        |y, content: String| Text::new(Some("line-label"), Point::new(right + 6.0, y), content);
    LimitLines {
        capacity: across("capacity-line", capacity_y),
        plannable: across("plannable-line", plannable_y),
        capacity_label: label(
            capacity_y - 2.0,
            format!("capacity {:.1}", limits.per_quarter),
        ),
        // Below its line, so that the two labels stay apart even when the
        // buffer is 0 and the lines coincide.
        plannable_label: label(
            plannable_y + 12.0,
            format!("plannable {:.1}", limits.plannable),
        ),
    }
}

fn describe(columns: &[(Quarter, f64)], limits: Option<Limits>, demand: &Demand) -> String {
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
        .filter(|&&(quarter, _)| demand.is_over(quarter))
        .map(|(quarter, effort)| format!("{quarter} ({effort:.1})"))
        .collect();
    if over.is_empty() {
        desc.push_str(" No quarter from today's on is over what may be planned.");
    } else {
        desc.push_str(&format!(" Over the plannable amount: {}.", over.join(", ")));
    }
    desc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{edited_fixture, fixture};

    /// The chart of the whole roadmap's demand.
    fn layout_of(roadmap: &Roadmap) -> Layout<CapacityLayout> {
        layout(&Demand::of(roadmap))
    }

    fn over_columns(capacity: &CapacityLayout) -> Vec<&Column> {
        let over = capacity.columns.iter().filter(|c| c.over.is_some());
        over.collect()
    }

    #[test]
    fn quarters_over_the_plannable_amount_are_marked() {
        let roadmap = edited_fixture(&[("platform/database.md", "effort: 6", "effort: 100")]);
        let capacity = layout_of(&roadmap).chart();
        let over = over_columns(&capacity);
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].group.class, "column over");
        assert_eq!(
            over[0].group.tooltip,
            "2027-Q2: 102.0 person-weeks planned, over the plannable 15.0"
        );
        assert_eq!(over[0].over.as_ref().unwrap().content, "over");
        let desc = &capacity.frame.desc;
        assert!(desc.contains("Over the plannable amount: 2027-Q2 (102.0)."));
        assert!(over_columns(&layout_of(&fixture()).chart()).is_empty());
    }

    #[test]
    fn bars_stand_on_the_quarter_axis_and_rise_past_the_line_only_when_over() {
        let roadmap = edited_fixture(&[("platform/database.md", "effort: 6", "effort: 100")]);
        let capacity = layout_of(&roadmap).chart();
        let frame = capacity.frame.area();
        let axis = &capacity.quarter_axis;
        let plannable = capacity.limits.as_ref().unwrap().plannable.from.y;
        for column in &capacity.columns {
            assert!(frame.encloses(&column.bar), "{column:?}");
            assert_eq!(column.bar.bottom(), axis.from.y);
            assert!(axis.from.x < column.bar.x && column.bar.right() < axis.to.x);
            assert_eq!(
                column.over.is_some(),
                column.bar.y < plannable,
                "{column:?}"
            );
            assert!(column.value.at.y < column.bar.y);
        }
    }

    #[test]
    fn the_capacity_line_tops_the_scale_when_nothing_is_higher() {
        let capacity = layout_of(&fixture()).chart();
        let limits = capacity.limits.as_ref().unwrap();
        // 20 per quarter, of which 15 plannable: the scale runs 0 to 20.
        assert_eq!(limits.capacity.from.y, capacity.value_axis.from.y);
        let height = capacity.value_axis.to.y - capacity.value_axis.from.y;
        assert_eq!(limits.plannable.from.y, TOP + height / 4.0);
        let labels: Vec<&str> = capacity
            .ticks
            .iter()
            .map(|t| t.label.content.as_ref())
            .collect();
        assert_eq!(labels, ["0", "5", "10", "15", "20"]);
    }

    #[test]
    fn one_far_off_date_does_not_widen_the_chart() {
        let far = edited_fixture(&[("platform/cloud.md", "end: \"2027-Q1\"", "end: \"9999-Q4\"")]);
        let capacity = layout_of(&far).chart();
        assert_eq!(capacity.columns.len(), crate::schedule::CHART_QUARTERS);
    }

    /// `[capacity]` of `per_quarter` person-weeks, a quarter kept free.
    fn with_capacity(mut roadmap: Roadmap, per_quarter: f64) -> Roadmap {
        let toml = format!("per_quarter = {per_quarter}\nbuffer = 0.25\n");
        roadmap.config.capacity = Some(toml::from_str(&toml).unwrap());
        roadmap
    }

    /// No figure or "over" marker is crossed by the limit lines, which are
    /// drawn over the columns, and each stays in the frame above its bar.
    fn assert_no_label_under_a_line(capacity: &CapacityLayout) {
        let Some(limits) = &capacity.limits else {
            return;
        };
        let lines = [&limits.capacity, &limits.plannable];
        let frame = capacity.frame.area();
        for column in &capacity.columns {
            for label in std::iter::once(&column.value).chain(&column.over) {
                let bounds = label.bounds();
                for line in lines {
                    let across = bounds.x < line.to.x && line.from.x < bounds.right();
                    let y = line.from.y;
                    assert!(
                        !(across && bounds.y <= y && y <= bounds.bottom()),
                        "{:?} lies under the line at {y} in {column:?}",
                        label.content
                    );
                }
                assert!(frame.encloses(&bounds), "{label:?} leaves the frame");
                assert!(
                    bounds.bottom() <= column.bar.y,
                    "{label:?} is not above its bar"
                );
            }
        }
    }

    /// The roadmap with its capacity set so that the lines pass through
    /// every height its columns reach, in steps of a tenth of a person-week.
    fn assert_readable_at_any_capacity(roadmap: Roadmap) {
        let highest = roadmap
            .effort_by_quarter()
            .into_values()
            .fold(0.0, f64::max);
        assert!(highest > 0.0);
        let mut roadmap = roadmap;
        let steps = 200;
        for step in 1..=steps {
            let per_quarter =
                (highest * 1.5 * f64::from(step) / f64::from(steps) * 10.0).round() / 10.0;
            roadmap = with_capacity(roadmap, per_quarter.max(0.1));
            assert_no_label_under_a_line(&layout_of(&roadmap).chart());
        }
    }

    #[test]
    fn the_examples_figures_sit_clear_of_the_lines() {
        assert_no_label_under_a_line(&layout_of(&crate::testing::example()).chart());
        assert_readable_at_any_capacity(crate::testing::example());
    }

    #[test]
    fn a_hundred_initiatives_figures_sit_clear_of_the_lines() {
        assert_readable_at_any_capacity(crate::testing::generated(100));
    }

    #[test]
    fn two_thousand_initiatives_figures_sit_clear_of_the_lines() {
        assert_readable_at_any_capacity(crate::testing::generated(2000));
    }

    #[test]
    fn without_configuration_only_columns_are_drawn() {
        let mut roadmap = fixture();
        roadmap.config.capacity = None;
        let capacity = layout_of(&roadmap).chart();
        assert_eq!(capacity.columns.len(), 4);
        assert!(capacity.columns.iter().all(|c| c.group.class == "column"));
        assert!(capacity.limits.is_none());
    }
}
