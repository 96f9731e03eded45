//! Drawing the timeline's layout: the chart, the copies of its edges that
//! stay in view, and the form that picks another window.

use super::*;

/// The chart in a box that scrolls both ways on long or narrow timelines,
/// under two copies of its edges that stay in view: the quarters along
/// the top and the lane names down the left. They repeat what the chart
/// says, so assistive technology skips them.
pub(crate) fn draw(layout: &TimelineLayout) -> String {
    let mut out = window_form(layout);
    out.push_str(
        "<div class=\"timeline-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Timeline, scrollable\">\n",
    );
    out.push_str(&draw_chart(layout));
    out.push_str(&draw_lane_names(layout));
    out.push_str(&draw_quarter_header(layout));
    out.push_str("</div>\n");
    out
}

/// The choice of window, shown by the page's script, carrying what the
/// script lays a chosen window out from, as JSON in a script element:
/// in an attribute, each of its quotes would take six bytes.
fn window_form(layout: &TimelineLayout) -> String {
    let select = |name: &str, label: &str, chosen: Quarter| {
        let options: String = layout
            .extent
            .quarters()
            .map(|quarter| {
                let selected = if quarter == chosen { " selected" } else { "" };
                format!("<option{selected}>{quarter}</option>")
            })
            .collect();
        format!("<label>{label} <select name=\"{name}\">{options}</select></label>")
    };
    let window = layout.window.quarters;
    format!(
        "<form class=\"filters timeline-window\" hidden><script type=\"application/json\" class=\"timeline-data\">{}</script>{}{}</form>\n",
        layout.script_data,
        select("from", "From", window.start),
        select("to", "To", window.end),
    )
}

fn draw_chart(layout: &TimelineLayout) -> String {
    let mut svg = Svg::open(&layout.frame);
    svg.arrowheads(&route::ARROWHEADS);
    for lane in &layout.lanes {
        svg.rect(&lane.band);
        svg.text(&lane.label);
    }
    draw_columns(&mut svg, &layout.columns);
    // Behind the arrows and bars, so that it never hides a label.
    draw_today(&mut svg, &layout.today);
    for arrow in &layout.arrows {
        svg.arrow(arrow);
    }
    for bar in &layout.bars {
        svg.open_group(&bar.group);
        svg.rect(&bar.rect);
        svg.text(&bar.label);
        svg.close_group(&bar.group);
    }
    for note in &layout.notes {
        svg.text(note);
    }
    draw_legend(&mut svg, &layout.legend);
    svg.finish()
}

fn draw_today(svg: &mut Svg, today: &TodayMarker) {
    svg.open_group(&today.group);
    svg.line(&today.line);
    svg.text(&today.label);
    svg.close_group(&today.group);
}

fn draw_columns(svg: &mut Svg, columns: &[QuarterColumn]) {
    for column in columns {
        svg.line(&grid_line(column.area.x, &column.area));
        svg.text(&column.label);
    }
    if let Some(last) = columns.last() {
        svg.line(&grid_line(last.area.right(), &last.area));
    }
}

/// The lane names, on a band as wide as their column that stays at the
/// left of the scrolling box.
fn draw_lane_names(layout: &TimelineLayout) -> String {
    // As tall as the rows, to leave the notes and legend below uncovered.
    let height = layout
        .lanes
        .last()
        .map_or(HEADER, |lane| lane.band.bottom());
    let mut svg = Svg::open_decoration("timeline-lanes", LABEL_WIDTH, height);
    svg.rect(&Rect::new(Some("backdrop"), 0.0, 0.0, LABEL_WIDTH, height));
    for lane in &layout.lanes {
        svg.rect(&Rect {
            width: LABEL_WIDTH,
            ..lane.band.clone()
        });
        // Repeated down a long lane, so that one is in view wherever the
        // reader has scrolled to.
        let rows = (lane.band.height / ROW_HEIGHT).round() as usize;
        for row in (0..rows).step_by(LANE_NAME_EVERY) {
            let mut label = lane.label.clone();
            label.at.y += ROW_HEIGHT * row as f64;
            svg.text(&label);
        }
    }
    svg.finish()
}

/// The quarter names, on a band as tall as the header that stays at the
/// top of the scrolling box.
fn draw_quarter_header(layout: &TimelineLayout) -> String {
    let mut svg = Svg::open_decoration("timeline-axis", layout.frame.width, HEADER);
    svg.rect(&Rect::new(
        Some("backdrop"),
        0.0,
        0.0,
        layout.frame.width,
        HEADER,
    ));
    for column in &layout.columns {
        svg.text(&column.label);
    }
    draw_today(&mut svg, &layout.today);
    svg.finish()
}
