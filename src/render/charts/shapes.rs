//! What a chart's layout is made of: plain shapes with coordinates and
//! classes, and the text that labels them. A layout holds no SVG, so tests
//! can check its geometry, and `svg` draws it.

use std::borrow::Cow;

/// Labels are fitted by counting characters rather than measuring text: an
/// estimate of the advance of one 12px sans-serif character (the size
/// `charts.css` sets), generous enough for wide fonts such as DejaVu Sans.
pub(crate) const CHAR_WIDTH: f64 = 7.0;
/// From the middle of a line of 12px text to its baseline.
pub(crate) const BASELINE: f64 = 4.0;
pub(crate) const PADDING: f64 = 16.0;
/// How far 12px text reaches above its baseline, and below it.
pub(crate) const ASCENT: f64 = 10.0;
pub(crate) const DESCENT: f64 = 3.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

impl Point {
    pub(crate) fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

/// How a chart presents itself to assistive technology.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Role {
    /// A chart without links is one image, named by its title and
    /// described by its description.
    Image,
    /// A chart whose marks are links keeps the implicit role of an SVG
    /// document (graphics-document). The children of an image are
    /// presentational, so inside one the links would take the focus yet be
    /// hidden from screen readers (axe: nested-interactive).
    Document,
}

/// The chart as a whole: its size, and what it is called and says in words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// Names the chart's class and the ids of its title and description.
    pub(crate) kind: &'static str,
    pub(crate) role: Role,
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) title: &'static str,
    pub(crate) desc: String,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rect {
    pub(crate) class: Option<&'static str>,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// The radius of rounded corners.
    pub(crate) corner: Option<f64>,
}

impl Rect {
    pub(crate) fn new(
        class: Option<&'static str>,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
    ) -> Rect {
        Rect {
            class,
            x,
            y,
            width,
            height,
            corner: None,
        }
    }

    pub(crate) fn rounded(self, corner: f64) -> Rect {
        Rect {
            corner: Some(corner),
            ..self
        }
    }

    pub(crate) fn right(&self) -> f64 {
        self.x + self.width
    }

    pub(crate) fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// The middle of the left edge.
    pub(crate) fn left_middle(&self) -> Point {
        Point::new(self.x, self.y + self.height / 2.0)
    }

    /// The middle of the right edge.
    pub(crate) fn right_middle(&self) -> Point {
        Point::new(self.right(), self.y + self.height / 2.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) class: Option<&'static str>,
    pub(crate) from: Point,
    pub(crate) to: Point,
}

impl Line {
    pub(crate) fn new(class: Option<&'static str>, from: Point, to: Point) -> Line {
        Line { class, from, to }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Circle {
    pub(crate) centre: Point,
    pub(crate) radius: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// A line of text; `at` is the start of its baseline, or its middle or end
/// as `anchor` says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text<'a> {
    pub(crate) class: Option<&'static str>,
    pub(crate) at: Point,
    /// `None` leaves the anchor to the default, the start.
    pub(crate) anchor: Option<Anchor>,
    /// Degrees clockwise about `at`.
    pub(crate) rotation: Option<f64>,
    pub(crate) content: Cow<'a, str>,
    /// Further text in a class of its own, `dx` after the content.
    pub(crate) tail: Option<Tail>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tail {
    pub(crate) class: &'static str,
    pub(crate) dx: f64,
    pub(crate) content: String,
}

impl<'a> Text<'a> {
    pub(crate) fn new(
        class: Option<&'static str>,
        at: Point,
        content: impl Into<Cow<'a, str>>,
    ) -> Text<'a> {
        Text {
            class,
            at,
            anchor: None,
            rotation: None,
            content: content.into(),
            tail: None,
        }
    }

    pub(crate) fn anchored(self, anchor: Anchor) -> Text<'a> {
        Text {
            anchor: Some(anchor),
            ..self
        }
    }

    /// The box the text takes, estimated as [`chars_fitting`] does, from
    /// its ascent to its descent; rotation is not taken into account.
    pub(crate) fn bounds(&self) -> Rect {
        let tail = self.tail.as_ref().map_or(0.0, |tail| {
            tail.dx + tail.content.chars().count() as f64 * CHAR_WIDTH
        });
        let width = self.content.chars().count() as f64 * CHAR_WIDTH + tail;
        let left = match self.anchor {
            None | Some(Anchor::Start) => self.at.x,
            Some(Anchor::Middle) => self.at.x - width / 2.0,
            Some(Anchor::End) => self.at.x - width,
        };
        Rect::new(None, left, self.at.y - ASCENT, width, ASCENT + DESCENT)
    }

    pub(crate) fn rotated(self, degrees: f64) -> Text<'a> {
        Text {
            rotation: Some(degrees),
            ..self
        }
    }
}

/// A connector with an arrowhead at its end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arrow {
    pub(crate) class: &'static str,
    /// The id of the arrowhead's marker.
    pub(crate) marker: &'static str,
    pub(crate) route: Route,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Route {
    /// Straight from point to point, each step horizontal or vertical.
    Orthogonal(Vec<Point>),
    /// A curve leaving `from` and entering `to` horizontally, its control
    /// points `bend` to the right of `from` and to the left of `to`.
    Curve { from: Point, to: Point, bend: f64 },
}

/// Shapes that make one thing the reader can point at: its tooltip, and a
/// link to its page when `href` is set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub(crate) class: String,
    pub(crate) href: Option<String>,
    pub(crate) tooltip: String,
}

/// A chart with nothing to draw still describes itself, so that the page
/// reads the same with and without data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Empty {
    pub(crate) frame: Frame,
    pub(crate) message: Text<'static>,
}

impl Empty {
    pub(crate) fn new(
        kind: &'static str,
        title: &'static str,
        desc: String,
        message: &'static str,
    ) -> Empty {
        Empty {
            frame: Frame {
                kind,
                role: Role::Image,
                width: 320.0,
                height: 48.0,
                title,
                desc,
            },
            message: Text::new(Some("axis"), Point::new(PADDING, 24.0 + BASELINE), message),
        }
    }
}

/// A chart's layout, or what it shows when it has nothing to draw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Layout<T> {
    Empty(Box<Empty>),
    Chart(T),
}

impl<T> Layout<T> {
    pub(crate) fn empty(
        kind: &'static str,
        title: &'static str,
        desc: String,
        message: &'static str,
    ) -> Layout<T> {
        Layout::Empty(Box::new(Empty::new(kind, title, desc, message)))
    }
}

/// How many characters of 12px text fit in `width` pixels.
pub(crate) fn chars_fitting(width: f64) -> usize {
    (width / CHAR_WIDTH).max(0.0) as usize
}

/// `text` cut to at most `max_chars` characters, the cut marked with "…".
pub(crate) fn truncate(text: &str, max_chars: usize) -> Cow<'_, str> {
    if text.chars().nth(max_chars).is_none() {
        return Cow::Borrowed(text);
    }
    let kept = max_chars.saturating_sub(1);
    let cut = text
        .char_indices()
        .nth(kept)
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned([text[..cut].trim_end(), "…"].concat())
}

/// Measures that tests check layouts with.
#[cfg(test)]
mod measures {
    use super::*;

    impl Frame {
        pub(crate) fn area(&self) -> Rect {
            Rect::new(None, 0.0, 0.0, self.width, self.height)
        }
    }

    impl Rect {
        pub(crate) fn contains(&self, point: Point) -> bool {
            let x = (self.x..=self.right()).contains(&point.x);
            x && (self.y..=self.bottom()).contains(&point.y)
        }

        pub(crate) fn encloses(&self, other: &Rect) -> bool {
            self.contains(Point::new(other.x, other.y))
                && self.contains(Point::new(other.right(), other.bottom()))
        }
    }

    impl Route {
        pub(crate) fn start(&self) -> Point {
            match self {
                Route::Orthogonal(points) => points[0],
                Route::Curve { from, .. } => *from,
            }
        }

        pub(crate) fn end(&self) -> Point {
            match self {
                Route::Orthogonal(points) => points[points.len() - 1],
                Route::Curve { to, .. } => *to,
            }
        }
    }

    impl Rect {
        /// Whether the insides of the two overlap; touching edges do not.
        pub(crate) fn overlaps(&self, other: &Rect) -> bool {
            self.x < other.right()
                && other.x < self.right()
                && self.y < other.bottom()
                && other.y < self.bottom()
        }
    }

    impl<T> Layout<T> {
        pub(crate) fn chart(self) -> T {
            match self {
                Layout::Chart(chart) => chart,
                Layout::Empty(empty) => panic!("nothing to draw: {}", empty.frame.desc),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("short", 28), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ab cdef", 4), "ab…");
        assert_eq!(truncate("ééééé", 5), "ééééé");
    }
}
