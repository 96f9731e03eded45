//! Drawing layouts as SVG. Every chart is an accessible image (a title and
//! a description stating its facts in words) and carries no colours:
//! classes name what each shape is, and `themes/default/charts.css` colours
//! them for light and dark mode. Output is byte-for-byte deterministic so
//! that sites diff cleanly.

use super::shapes::{
    Anchor, Arrow, Circle, Empty, Frame, Group, Line, Point, Rect, Role, Route, Text,
};
use crate::render::escape::push_escaped;
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
        let kind = frame.kind;
        svg.push_all(&["<svg xmlns=\"http://www.w3.org/2000/svg\"", role]);
        svg.push_all(&[" aria-labelledby=\"", kind, "-title ", kind, "-desc\""]);
        svg.push(" viewBox=\"0 0 ");
        svg.num(frame.width);
        svg.push(" ");
        svg.num(frame.height);
        svg.push("\"");
        svg.attr_num("width", frame.width);
        svg.attr_num("height", frame.height);
        svg.push_all(&[
            " class=\"chart chart-",
            kind,
            "\">\n<title id=\"",
            kind,
            "-title\">",
        ]);
        svg.escaped(frame.title);
        svg.push_all(&["</title>\n<desc id=\"", kind, "-desc\">"]);
        svg.escaped(&frame.desc);
        svg.push("</desc>\n");
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
        self.attr_num("x", rect.x);
        self.attr_num("y", rect.y);
        self.attr_num("width", rect.width);
        self.attr_num("height", rect.height);
        if let Some(corner) = rect.corner {
            self.attr_num("rx", corner);
        }
        self.end_element("/>");
    }

    pub(crate) fn line(&mut self, line: &Line) {
        self.out.push_str("<line");
        self.class(line.class);
        self.attr_num("x1", line.from.x);
        self.attr_num("y1", line.from.y);
        self.attr_num("x2", line.to.x);
        self.attr_num("y2", line.to.y);
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
        self.push_all(&["<g class=\"", class, "\""]);
        for (name, value) in data {
            self.attr_num(name, *value);
        }
        self.out.push_str(">\n");
    }

    pub(crate) fn close_plain_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    pub(crate) fn circle(&mut self, circle: &Circle) {
        self.push("<circle");
        self.attr_num("cx", circle.centre.x);
        self.attr_num("cy", circle.centre.y);
        self.attr_num("r", circle.radius);
        self.end_element("/>");
    }

    pub(crate) fn text(&mut self, text: &Text) {
        self.out.push_str("<text");
        self.class(text.class);
        self.attr_num("x", text.at.x);
        self.attr_num("y", text.at.y);
        if let Some(anchor) = text.anchor {
            let anchor = match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            self.push_all(&[" text-anchor=\"", anchor, "\""]);
        }
        if let Some(degrees) = text.rotation {
            self.push(" transform=\"rotate(");
            self.num(degrees);
            self.push(" ");
            self.num(text.at.x);
            self.push(" ");
            self.num(text.at.y);
            self.push(")\"");
        }
        self.push(">");
        self.escaped(&text.content);
        if let Some(tail) = &text.tail {
            self.push_all(&["<tspan class=\"", tail.class, "\""]);
            self.attr_num("dx", tail.dx);
            self.push(">");
            self.escaped(&tail.content);
            self.push("</tspan>");
        }
        self.end_element("</text>");
    }

    pub(crate) fn arrow(&mut self, arrow: &Arrow) {
        self.push_all(&["<path class=\"", arrow.class, "\" fill=\"none\""]);
        self.push_all(&[" marker-end=\"url(#", arrow.marker, ")\" d=\""]);
        match arrow.route {
            Route::Orthogonal(ref points) => self.orthogonal(points),
            Route::Curve { from, to, bend } => {
                self.point("M", from);
                self.point(" C", Point::new(from.x + bend, from.y));
                self.point(" ", Point::new(to.x - bend, to.y));
                self.point(" ", to);
            }
        }
        self.end_element("\"/>");
    }

    /// Path data for a route of horizontal and vertical steps.
    fn orthogonal(&mut self, points: &[Point]) {
        let Some((first, rest)) = points.split_first() else {
            return;
        };
        self.point("M", *first);
        let mut at = *first;
        for &point in rest {
            if point.y == at.y {
                self.push(" H");
                self.num(point.x);
            } else if point.x == at.x {
                self.push(" V");
                self.num(point.y);
            } else {
                self.point(" L", point);
            }
            at = point;
        }
    }

    /// Starts a group: a link when it has an `href`. The elements that
    /// follow belong to it until [`close_group`](Self::close_group).
    pub(crate) fn open_group(&mut self, group: &Group) {
        match &group.href {
            Some(href) => {
                self.push_all(&["<a class=\"", &group.class, "\" href=\""]);
                self.escaped(href);
                self.push("\">");
            }
            None => self.push_all(&["<g class=\"", &group.class, "\">"]),
        }
        self.push("<title>");
        self.escaped(&group.tooltip);
        self.push("</title>");
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
            self.push_all(&[" class=\"", class, "\""]);
        }
    }

    fn end_element(&mut self, end: &str) {
        self.out.push_str(end);
        if !self.in_group {
            self.out.push('\n');
        }
    }

    // Elements are written piece by piece rather than through the
    // formatter, which costs several times more for each small piece:
    // charts have tens of thousands of them.
    fn push(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn push_all(&mut self, texts: &[&str]) {
        for text in texts {
            self.out.push_str(text);
        }
    }

    fn escaped(&mut self, text: &str) {
        push_escaped(&mut self.out, text);
    }

    fn num(&mut self, value: f64) {
        Num(value).write(&mut self.out);
    }

    /// ` name="value"`.
    fn attr_num(&mut self, name: &str, value: f64) {
        self.push_all(&[" ", name, "=\""]);
        self.num(value);
        self.push("\"");
    }

    /// `prefix` and the point as `x,y`.
    fn point(&mut self, prefix: &str, point: Point) {
        self.push(prefix);
        self.num(point.x);
        self.push(",");
        self.num(point.y);
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

impl Num {
    fn write(&self, out: &mut String) {
        // Integers, written by itoa, are far cheaper than floats through
        // the formatter, which matters for charts with tens of thousands
        // of coordinates.
        let tenths = (self.0 * 10.0).round() as i64;
        let (whole, tenth) = (tenths / 10, (tenths % 10).unsigned_abs());
        if whole == 0 && tenths < 0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(whole));
        if tenth != 0 {
            out.push_str(
                [".0", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"][tenth as usize],
            );
        }
    }
}

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = String::with_capacity(12);
        self.write(&mut written);
        f.write_str(&written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::shapes::{Circle, Line, Rect};

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

    /// Every kind of element, as the formatter wrote them before they were
    /// written piece by piece: the same bytes, attribute by attribute.
    #[test]
    fn every_element_is_written_exactly() {
        let frame = Frame {
            kind: "sample",
            role: Role::Image,
            width: 320.5,
            height: 90.0,
            title: "Sample & co",
            desc: "A \"quoted\" <desc>".to_owned(),
        };
        let mut svg = Svg::open(&frame);
        svg.arrowheads(&[("sample-arrow", "arrowhead")]);
        let corner = Rect {
            class: Some("bar"),
            x: 1.0,
            y: 2.25,
            width: 30.0,
            height: 4.0,
            corner: Some(3.0),
        };
        svg.rect(&corner);
        svg.line(&Line::new(
            None,
            Point::new(0.0, -0.5),
            Point::new(10.0, 5.0),
        ));
        svg.circle(&Circle {
            centre: Point::new(5.0, 6.0),
            radius: 2.5,
        });
        let mut text = Text::new(Some("label"), Point::new(7.0, 8.0), "Tom's <b>")
            .anchored(Anchor::End)
            .rotated(-45.0);
        text.tail = Some(super::super::shapes::Tail {
            class: "more",
            dx: 4.0,
            content: "a & b".to_owned(),
        });
        svg.text(&text);
        svg.arrow(&Arrow {
            class: "arrow",
            marker: "sample-arrow",
            route: Route::Orthogonal(vec![
                Point::new(0.0, 0.0),
                Point::new(5.0, 0.0),
                Point::new(5.0, 9.0),
                Point::new(8.0, 12.0),
            ]),
        });
        svg.arrow(&Arrow {
            class: "arrow",
            marker: "sample-arrow",
            route: Route::Curve {
                from: Point::new(1.0, 2.0),
                to: Point::new(30.0, 40.0),
                bend: 5.0,
            },
        });
        let group = Group {
            class: "node".to_owned(),
            href: Some("a?b=1&c=2".to_owned()),
            tooltip: "Why <not>".to_owned(),
        };
        svg.open_group(&group);
        svg.rect(&Rect {
            corner: None,
            ..corner
        });
        svg.close_group(&group);
        svg.open_plain_group_with("legend", &[("data-top", 12.0), ("data-height", 20.5)]);
        svg.close_plain_group();
        assert_eq!(
            svg.finish(),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" \
             aria-labelledby=\"sample-title sample-desc\" viewBox=\"0 0 320.5 90\" \
             width=\"320.5\" height=\"90\" class=\"chart chart-sample\">\n\
             <title id=\"sample-title\">Sample &amp; co</title>\n\
             <desc id=\"sample-desc\">A &quot;quoted&quot; &lt;desc&gt;</desc>\n\
             <defs>\n<marker id=\"sample-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" \
             markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path class=\"arrowhead\" d=\"M0,0 L8,4 L0,8 z\"/></marker>\n</defs>\n\
             <rect class=\"bar\" x=\"1\" y=\"2.3\" width=\"30\" height=\"4\" rx=\"3\"/>\n\
             <line x1=\"0\" y1=\"-0.5\" x2=\"10\" y2=\"5\"/>\n\
             <circle cx=\"5\" cy=\"6\" r=\"2.5\"/>\n\
             <text class=\"label\" x=\"7\" y=\"8\" text-anchor=\"end\" \
             transform=\"rotate(-45 7 8)\">Tom&apos;s &lt;b&gt;\
             <tspan class=\"more\" dx=\"4\">a &amp; b</tspan></text>\n\
             <path class=\"arrow\" fill=\"none\" marker-end=\"url(#sample-arrow)\" \
             d=\"M0,0 H5 V9 L8,12\"/>\n\
             <path class=\"arrow\" fill=\"none\" marker-end=\"url(#sample-arrow)\" \
             d=\"M1,2 C6,2 25,40 30,40\"/>\n\
             <a class=\"node\" href=\"a?b=1&amp;c=2\"><title>Why &lt;not&gt;</title>\
             <rect class=\"bar\" x=\"1\" y=\"2.3\" width=\"30\" height=\"4\"/></a>\n\
             <g class=\"legend\" data-top=\"12\" data-height=\"20.5\">\n</g>\n</svg>\n"
        );
    }
}
