//! The key under a chart: a sample of each kind of mark the chart draws,
//! in the classes of the marks themselves so that it looks the same, and
//! what the mark means in words.

use super::shapes::{
    chars_fitting, truncate, Circle, Line, Point, Rect, Text, BASELINE, CHAR_WIDTH, PADDING,
};
use super::svg::Svg;
use crate::types::Status;
use std::collections::BTreeSet;

const ROW_HEIGHT: f64 = 20.0;
const SWATCH_WIDTH: f64 = 24.0;
/// Between a swatch and its words, and after the words.
const SWATCH_GAP: f64 = 6.0;
const KEY_GAP: f64 = 18.0;

/// What a key's sample looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Sample {
    /// A small bar or box, as the chart draws its items.
    Bar,
    /// A stretch of line in a class of its own (the key's class goes on
    /// the group, where a line's stroke would colour the words too); with
    /// an arrowhead, the id of its marker.
    Line {
        class: &'static str,
        marker: Option<&'static str>,
    },
    /// A dot, as the matrix draws its points.
    Dot,
}

/// One kind of mark: the classes of the group holding its sample, and its
/// meaning.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct KeyEntry {
    pub(crate) class: String,
    pub(crate) sample: Sample,
    pub(crate) words: String,
}

impl KeyEntry {
    pub(crate) fn new(class: impl Into<String>, sample: Sample, words: impl Into<String>) -> Self {
        KeyEntry {
            class: class.into(),
            sample,
            words: words.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Swatch {
    Rect(Rect),
    Line(Line, Option<&'static str>),
    Circle(Circle),
}

/// A key placed on the chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) class: String,
    pub(crate) swatch: Swatch,
    pub(crate) label: Text<'static>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Legend {
    pub(crate) keys: Vec<Key>,
    pub(crate) top: f64,
    /// Where the legend ends, so that the chart can end below it.
    pub(crate) bottom: f64,
}

/// A key for each of `statuses`, in the order of progress, its sample in
/// the class `sample_class` as well as the status's.
pub(crate) fn status_keys(
    sample_class: &str,
    statuses: impl IntoIterator<Item = Status>,
) -> Vec<KeyEntry> {
    let statuses: BTreeSet<Status> = statuses.into_iter().collect();
    statuses
        .into_iter()
        .map(|status| {
            KeyEntry::new(
                [sample_class, " status-", status.as_str()].concat(),
                Sample::Bar,
                status.label(),
            )
        })
        .collect()
}

/// The keys in rows from `top`, as many to a row as fit in `width`.
pub(crate) fn legend(entries: Vec<KeyEntry>, top: f64, width: f64) -> Legend {
    let mut keys = Vec::with_capacity(entries.len());
    let (mut x, mut y) = (PADDING, top);
    // A key wider than a whole row has its words cut to fit.
    let most_chars = chars_fitting(width - 2.0 * PADDING - SWATCH_WIDTH - SWATCH_GAP);
    for entry in entries {
        let words = truncate(&entry.words, most_chars).into_owned();
        let words_width = words.chars().count() as f64 * CHAR_WIDTH;
        let key_width = SWATCH_WIDTH + SWATCH_GAP + words_width;
        if x > PADDING && x + key_width > width - PADDING {
            x = PADDING;
            y += ROW_HEIGHT;
        }
        let middle = y + ROW_HEIGHT / 2.0;
        let label_at = Point::new(x + SWATCH_WIDTH + SWATCH_GAP, middle + BASELINE);
        keys.push(Key {
            swatch: swatch(entry.sample, x, middle),
            label: Text::new(Some("key-label"), label_at, words),
            class: entry.class,
        });
        x += key_width + KEY_GAP;
    }
    let bottom = if keys.is_empty() { top } else { y + ROW_HEIGHT };
    Legend { keys, top, bottom }
}

fn swatch(sample: Sample, x: f64, middle: f64) -> Swatch {
    match sample {
        Sample::Bar => Swatch::Rect(
            Rect::new(None, x + 1.0, middle - 6.0, SWATCH_WIDTH - 2.0, 12.0).rounded(3.0),
        ),
        Sample::Line { class, marker } => Swatch::Line(
            Line::new(
                Some(class),
                Point::new(x, middle),
                Point::new(x + SWATCH_WIDTH, middle),
            ),
            marker,
        ),
        Sample::Dot => Swatch::Circle(Circle {
            centre: Point::new(x + SWATCH_WIDTH / 2.0, middle),
            radius: 5.0,
        }),
    }
}

pub(crate) fn draw_legend(svg: &mut Svg, legend: &Legend) {
    if legend.keys.is_empty() {
        return;
    }
    // Where it lies, so that a script that lays the chart out again can
    // move it below the new rows.
    svg.open_plain_group_with(
        "legend",
        &[
            ("data-top", legend.top),
            ("data-height", legend.bottom - legend.top),
        ],
    );
    for key in &legend.keys {
        svg.open_plain_group(&["key ", &key.class].concat());
        match &key.swatch {
            Swatch::Rect(rect) => svg.rect(rect),
            Swatch::Line(line, marker) => svg.marked_line(line, *marker),
            Swatch::Circle(circle) => svg.circle(circle),
        }
        svg.text(&key.label);
        svg.close_plain_group();
    }
    svg.close_plain_group();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_wrap_into_rows_and_stay_within_the_width() {
        let entries = vec![
            KeyEntry::new("a", Sample::Bar, "planned"),
            KeyEntry::new("b", Sample::Dot, "in progress"),
            KeyEntry::new(
                "c",
                Sample::Bar,
                "words far too long for a legend this narrow",
            ),
        ];
        let width = 200.0;
        let legend = legend(entries, 100.0, width);
        let tops: Vec<f64> = legend.keys.iter().map(|key| key.label.at.y).collect();
        assert!(tops[0] < tops[1] && tops[1] < tops[2], "{tops:?}");
        for key in &legend.keys {
            let bounds = key.label.bounds();
            assert!(bounds.x >= 0.0 && bounds.right() <= width, "{key:?}");
        }
        assert!(legend.keys[2].label.content.ends_with('…'));
        assert_eq!(legend.top, 100.0);
        assert_eq!(legend.bottom, 100.0 + 3.0 * ROW_HEIGHT);
    }
}
