//! The timeline's bars, each linked to its initiative's page, and where
//! each bar's label goes.

use super::*;

/// Where a bar is drawn: its left and right edges and the middle of its row.
struct Place {
    left: f64,
    right: f64,
    middle: f64,
}

pub(super) fn bars<'a>(
    rows: &[Scheduled<'a>],
    columns: Columns,
    critical: &[InitiativeId],
    root: &str,
) -> Vec<Bar<'a>> {
    let critical: HashSet<&InitiativeId> = critical.iter().collect();
    let window = columns.window;
    rows.iter()
        .enumerate()
        .map(|(row, item)| {
            let last = item.schedule.end.min(window.end);
            let place = Place {
                left: columns.x(item.schedule.start.max(window.start)) + BAR_GAP,
                right: columns.x(last) + columns.quarter_width - BAR_GAP,
                middle: HEADER + ROW_HEIGHT * (row as f64 + 0.5),
            };
            let is_critical = critical.contains(&item.initiative.id);
            bar(item, &place, is_critical, root, CHART_WIDTH)
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
    let status_words = status_words(initiative);
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
    if fit.anchor != Anchor::Start {
        label = label.anchored(fit.anchor);
    }
    if fit.with_status {
        label.tail = Some(Tail {
            class: "bar-status",
            dx: 5.0,
            content: status_words,
        });
    }
    Bar {
        initiative,
        group: bar_group(item, critical, root),
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

/// What a bar is, wherever it is drawn: its classes, its link to the
/// initiative's page and its tooltip.
pub(super) fn bar_group(item: &Scheduled, critical: bool, root: &str) -> Group {
    let initiative = item.initiative;
    // Put together by hand rather than with `format!`: a large roadmap has
    // tens of thousands of bars, and the formatter costs several times as
    // many instructions.
    let mut class = ["bar status-", initiative.status.as_str()].concat();
    let on_chain = if critical {
        class.push_str(" critical");
        ", on the critical chain"
    } else {
        ""
    };
    let mut tooltip = [&initiative.title, " — ", initiative.status.label()].concat();
    if let Some(late) = initiative.overdue_by {
        class.push_str(" overdue");
        tooltip.push_str(", overdue by ");
        tooltip.push_str(&plural(late as usize, "quarter"));
    }
    if initiative.risk_origin.is_some() {
        class.push_str(" inherited-risk");
        tooltip.push_str(", at risk from prerequisites");
    }
    tooltip.push_str(", ");
    tooltip.push_str(&item.schedule.words(" to "));
    tooltip.push_str(on_chain);
    Group {
        class,
        href: Some(initiative_href(root, &initiative.id)),
        tooltip,
    }
}

/// The status in words, shown after the title when there is room, so that
/// status never rests on colour alone (the tooltip always has it).
pub(super) fn status_words(initiative: &Initiative) -> String {
    let words = initiative.status.label();
    match initiative.overdue_by {
        Some(_) => format!("· {words}, overdue"),
        None => format!("· {words}"),
    }
}

/// Where a bar's label goes and how many characters it may have.
#[derive(Clone, Copy)]
struct BarLabel {
    x: f64,
    anchor: Anchor,
    max_chars: usize,
    with_status: bool,
}

/// Inside the bar when the label fits, else right of the bar, else left of
/// it (each bar has its row to itself), else cut to fit the roomiest of
/// the three; with the status word when that fits too. Outside, the label
/// keeps clear of the arrows turning beside the bar's ends.
fn bar_label(title_chars: usize, status_chars: usize, place: &Place, limit: f64) -> BarLabel {
    let room = |x: f64, anchor: Anchor, width: f64| BarLabel {
        x,
        anchor,
        max_chars: chars_fitting(width),
        with_status: false,
    };
    let clear = ARROW_STUB + 6.0;
    let inside = room(
        place.left + 6.0,
        Anchor::Start,
        place.right - place.left - 12.0,
    );
    let right = room(
        place.right + clear,
        Anchor::Start,
        limit - place.right - clear,
    );
    let left_edge = LABEL_WIDTH + BAR_GAP;
    let left = room(
        place.left - clear,
        Anchor::End,
        place.left - clear - left_edge,
    );
    let places = [inside, right, left];
    let fitting = |chars: usize| places.into_iter().find(|place| chars <= place.max_chars);
    if let Some(place) = fitting(title_chars + status_chars) {
        return BarLabel {
            with_status: true,
            ..place
        };
    }
    fitting(title_chars).unwrap_or_else(|| {
        // The first of the roomiest, so that a tie keeps the label inside.
        places
            .into_iter()
            .rev()
            .max_by_key(|place| place.max_chars)
            .expect("three places")
    })
}
