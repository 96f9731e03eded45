//! Drawing layouts as SVG. Every chart is an accessible image (a title and
//! a description stating its facts in words) and carries no colours:
//! classes name what each shape is, and `themes/default/charts.css` colours
//! them for light and dark mode. Output is byte-for-byte deterministic so
//! that sites diff cleanly.

use super::shapes::{
    Anchor, Arrow, Circle, Empty, Frame, Group, Line, Point, Rect, Role, Route, Text,
};
use crate::render::escape::escape;
use std::fmt::{self, Display, Write};

/// An SVG document being written. Each element outside a group goes on a
/// line of its own; a group and its elements share one.
pub(crate) struct Svg {
    out: String,
    in_group: bool,
}

impl Svg {
    pub(crate) fn open(frame: &Frame) -> Svg {
        let mut svg = Svg {
            // Room for the smallest charts, one on every initiative's page,
            // without growing as they are written.
            out: String::with_capacity(4096),
            in_group: false,
        };
        let role = match frame.role {
            Role::Image => " role=\"img\"",
            Role::Document => "",
        };
        svg.put(format_args!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"{role} \
             aria-labelledby=\"{kind}-title {kind}-desc\" viewBox=\"0 0 {w} {h}\" \
             width=\"{w}\" height=\"{h}\" class=\"chart chart-{kind}\">\n\
             <title id=\"{kind}-title\">{}</title>\n<desc id=\"{kind}-desc\">{}</desc>\n",
            escape(frame.title),
            escape(&frame.desc),
            kind = frame.kind,
            w = Num(frame.width),
            h = Num(frame.height),
        ));
        svg
    }

    /// A picture that repeats part of a chart for the eye alone, such as
    /// its edges kept in view while the chart scrolls; `class` names it.
    pub(crate) fn open_decoration(class: &str, width: f64, height: f64) -> Svg {
        let mut svg = Svg {
            out: String::new(),
            in_group: false,
        };
        svg.put(format_args!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\" \
             viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" class=\"chart {class}\">\n",
            w = Num(width),
            h = Num(height),
        ));
        svg
    }

    /// Arrowheads, each `(id, class)`. In user space, so that a thicker
    /// arrow keeps the same head.
    pub(crate) fn arrowheads(&mut self, heads: &[(&str, &str)]) {
        self.out.push_str("<defs>\n");
        for (id, class) in heads {
            self.put(format_args!(
                "<marker id=\"{id}\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"8\" \
                 markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
                 <path class=\"{class}\" d=\"M0,0 L8,4 L0,8 z\"/></marker>\n"
            ));
        }
        self.out.push_str("</defs>\n");
    }

    pub(crate) fn rect(&mut self, rect: &Rect) {
        self.out.push_str("<rect");
        self.class(rect.class);
        self.put(format_args!(
            " x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            Num(rect.x),
            Num(rect.y),
            Num(rect.width),
            Num(rect.height),
        ));
        if let Some(corner) = rect.corner {
            self.put(format_args!(" rx=\"{}\"", Num(corner)));
        }
        self.end_element("/>");
    }

    pub(crate) fn line(&mut self, line: &Line) {
        self.out.push_str("<line");
        self.class(line.class);
        self.put(format_args!(
            " x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
            Num(line.from.x),
            Num(line.from.y),
            Num(line.to.x),
            Num(line.to.y),
        ));
        self.end_element("/>");
    }

    /// A line with an arrowhead at its end when `marker` names one.
    pub(crate) fn marked_line(&mut self, line: &Line, marker: Option<&'static str>) {
        match marker {
            None => self.line(line),
            Some(marker) => self.arrow(&Arrow {
                class: line.class.unwrap_or("arrow"),
                marker,
                route: Route::Orthogonal(vec![line.from, line.to]),
            }),
        }
    }

    /// A group that only names what it holds, on lines of their own.
    pub(crate) fn open_plain_group(&mut self, class: &str) {
        self.open_plain_group_with(class, &[]);
    }

    /// A plain group with `data-` attributes, each `(name, value)`.
    pub(crate) fn open_plain_group_with(&mut self, class: &str, data: &[(&str, f64)]) {
        self.put(format_args!("<g class=\"{class}\""));
        for (name, value) in data {
            self.put(format_args!(" {name}=\"{}\"", Num(*value)));
        }
        self.out.push_str(">\n");
    }

    pub(crate) fn close_plain_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    pub(crate) fn circle(&mut self, circle: &Circle) {
        self.put(format_args!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
            Num(circle.centre.x),
            Num(circle.centre.y),
            Num(circle.radius),
        ));
        self.end_element("/>");
    }

    pub(crate) fn text(&mut self, text: &Text) {
        self.out.push_str("<text");
        self.class(text.class);
        let (x, y) = (Num(text.at.x), Num(text.at.y));
        self.put(format_args!(" x=\"{x}\" y=\"{y}\""));
        if let Some(anchor) = text.anchor {
            let anchor = match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            self.put(format_args!(" text-anchor=\"{anchor}\""));
        }
        if let Some(degrees) = text.rotation {
            self.put(format_args!(
                " transform=\"rotate({} {x} {y})\"",
                Num(degrees)
            ));
        }
        self.put(format_args!(">{}", escape(&text.content)));
        if let Some(tail) = &text.tail {
            self.put(format_args!(
                "<tspan class=\"{}\" dx=\"{}\">{}</tspan>",
                tail.class,
                Num(tail.dx),
                escape(&tail.content),
            ));
        }
        self.end_element("</text>");
    }

    pub(crate) fn arrow(&mut self, arrow: &Arrow) {
        self.put(format_args!(
            "<path class=\"{}\" fill=\"none\" marker-end=\"url(#{})\" d=\"",
            arrow.class, arrow.marker,
        ));
        match arrow.route {
            Route::Orthogonal(ref points) => self.orthogonal(points),
            Route::Curve { from, to, bend } => self.put(format_args!(
                "M{},{} C{},{} {},{} {},{}",
                Num(from.x),
                Num(from.y),
                Num(from.x + bend),
                Num(from.y),
                Num(to.x - bend),
                Num(to.y),
                Num(to.x),
                Num(to.y),
            )),
        }
        self.end_element("\"/>");
    }

    /// Path data for a route of horizontal and vertical steps.
    fn orthogonal(&mut self, points: &[Point]) {
        let Some((first, rest)) = points.split_first() else {
            return;
        };
        self.put(format_args!("M{},{}", Num(first.x), Num(first.y)));
        let mut at = *first;
        for &point in rest {
            if point.y == at.y {
                self.put(format_args!(" H{}", Num(point.x)));
            } else if point.x == at.x {
                self.put(format_args!(" V{}", Num(point.y)));
            } else {
                self.put(format_args!(" L{},{}", Num(point.x), Num(point.y)));
            }
            at = point;
        }
    }

    /// Starts a group: a link when it has an `href`. The elements that
    /// follow belong to it until [`close_group`](Self::close_group).
    pub(crate) fn open_group(&mut self, group: &Group) {
        match &group.href {
            Some(href) => self.put(format_args!(
                "<a class=\"{}\" href=\"{}\">",
                group.class,
                escape(href)
            )),
            None => self.put(format_args!("<g class=\"{}\">", group.class)),
        }
        self.put(format_args!("<title>{}</title>", escape(&group.tooltip)));
        self.in_group = true;
    }

    pub(crate) fn close_group(&mut self, group: &Group) {
        self.in_group = false;
        self.end_element(if group.href.is_some() { "</a>" } else { "</g>" });
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    fn class(&mut self, class: Option<&str>) {
        if let Some(class) = class {
            self.put(format_args!(" class=\"{class}\""));
        }
    }

    fn end_element(&mut self, end: &str) {
        self.out.push_str(end);
        if !self.in_group {
            self.out.push('\n');
        }
    }

    fn put(&mut self, text: fmt::Arguments) {
        self.out
            .write_fmt(text)
            .expect("writing to a String cannot fail");
    }
}

pub(crate) fn draw_empty(empty: &Empty) -> String {
    let mut svg = Svg::open(&empty.frame);
    svg.text(&empty.message);
    svg.finish()
}

/// A coordinate or measure with at most one decimal, and none when whole,
/// so that output is compact and the same on every platform.
pub(crate) struct Num(pub(crate) f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Integers, written by itoa, are far cheaper than floats through
        // the formatter, which matters for charts with tens of thousands
        // of coordinates.
        let tenths = (self.0 * 10.0).round() as i64;
        let (whole, tenth) = (tenths / 10, (tenths % 10).unsigned_abs());
        if whole == 0 && tenths < 0 {
            f.write_str("-")?;
        }
        f.write_str(itoa::Buffer::new().format(whole))?;
        match tenth {
            0 => Ok(()),
            _ => f.write_str(
                [".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"][tenth as usize],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_at_most_one_decimal() {
        let shown: Vec<String> = [
            246.55, 180.0, -0.5, -1.25, -0.04, 0.96, 1e6, -10.5, -0.05, 99.95, -12.0,
        ]
        .into_iter()
        .map(|n| Num(n).to_string())
        .collect();
        assert_eq!(
            shown,
            ["246.6", "180", "-0.5", "-1.3", "0", "1", "1000000", "-10.5", "-0.1", "100", "-12"]
        );
    }
}
