//! Dependency arrows that keep to the gaps: out of the prerequisite's end
//! into the gap beside its row, along that gap to a channel (the gutter
//! left of the bars, a quarter boundary, or a point within a quarter) that
//! no bar or label blocks over the rows it passes, along the gap beside the dependent's row, and
//! into the dependent's start. Gaps between rows hold no bar and no label,
//! so an arrow crosses one only where it chose a channel, and channels are
//! chosen clear. Several arrows into one bar end at different heights.

use super::{Bar, Grid, ARROW_STUB, BAR_HEIGHT, ROW_HEIGHT};
use crate::model::Initiative;
use crate::render::charts::shapes::{Arrow, Point, Route};
use crate::types::InitiativeId;
use foldhash::{HashMap, HashSet};

/// Room kept between a channel and the bar or label beside it.
const CLEARANCE: f64 = 2.0;
/// The most room between the ends of arrows into one bar.
const HEAD_SPACING: f64 = 5.0;

const ARROWHEAD: (&str, &str) = ("timeline-arrow", "arrowhead");
pub(super) const CRITICAL_ARROWHEAD: (&str, &str) =
    ("timeline-arrow-critical", "arrowhead critical");
const CONFLICT_ARROWHEAD: (&str, &str) = ("timeline-arrow-conflict", "arrowhead conflict");
/// The arrowheads, each `(id, class)`.
pub(super) const ARROWHEADS: [(&str, &str); 3] =
    [ARROWHEAD, CRITICAL_ARROWHEAD, CONFLICT_ARROWHEAD];

/// A dependency between two drawn bars, by their rows.
pub(super) struct Link {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) class: &'static str,
    pub(super) marker: &'static str,
}

/// Arrows between drawn bars only; a link on the critical chain is a pair
/// of consecutive chain members, not any two members.
pub(super) fn dependency_arrows(
    bars: &[Bar],
    grid: &Grid,
    critical: &[InitiativeId],
) -> Vec<Arrow> {
    let rows: Vec<&Initiative> = bars.iter().map(|bar| bar.initiative).collect();
    let links = links(&rows, critical);
    let channels = Channels::new(bars, grid);
    let ends = arrow_ends(bars, &links);
    links
        .iter()
        .zip(ends)
        .map(|(link, end)| Arrow {
            class: link.class,
            marker: link.marker,
            route: Route::Orthogonal(route(
                &bars[link.from],
                &bars[link.to],
                end,
                grid,
                &channels,
            )),
        })
        .collect()
}

pub(super) fn links(rows: &[&Initiative], critical: &[InitiativeId]) -> Vec<Link> {
    let row_of: HashMap<&InitiativeId, usize> = rows
        .iter()
        .enumerate()
        .map(|(row, initiative)| (&initiative.id, row))
        .collect();
    let critical_links: HashSet<(&InitiativeId, &InitiativeId)> = critical
        .windows(2)
        .map(|pair| (&pair[0], &pair[1]))
        .collect();
    let mut links = Vec::new();
    for (to, initiative) in rows.iter().enumerate() {
        for prerequisite in &initiative.depends_on {
            let Some(&from) = row_of.get(prerequisite) else {
                continue;
            };
            let conflicts = initiative
                .schedule_conflicts
                .iter()
                .any(|c| &c.prerequisite == prerequisite);
            let critical = critical_links.contains(&(prerequisite, &initiative.id));
            let (class, (marker, _)) = match (conflicts, critical) {
                (true, true) => ("arrow critical conflict", CONFLICT_ARROWHEAD),
                (true, false) => ("arrow conflict", CONFLICT_ARROWHEAD),
                (false, true) => ("arrow critical", CRITICAL_ARROWHEAD),
                (false, false) => ("arrow", ARROWHEAD),
            };
            links.push(Link {
                from,
                to,
                class,
                marker,
            });
        }
    }
    links
}

/// Where each link's arrowhead touches its dependent's start: spread over
/// the bar's edge, those from higher rows higher, so that several heads
/// arriving at one bar stay apart and their lines do not cross there.
fn arrow_ends(bars: &[Bar], links: &[Link]) -> Vec<f64> {
    let mut arriving: HashMap<usize, Vec<usize>> = HashMap::default();
    for (index, link) in links.iter().enumerate() {
        arriving.entry(link.to).or_default().push(index);
    }
    let mut ends = vec![0.0; links.len()];
    for (to, mut indices) in arriving {
        indices.sort_by_key(|&index| links[index].from);
        let middle = bars[to].rect.left_middle().y;
        let count = indices.len() as f64;
        let spacing = HEAD_SPACING.min((BAR_HEIGHT - 6.0) / (count - 1.0).max(1.0));
        for (position, index) in indices.into_iter().enumerate() {
            ends[index] = middle + (position as f64 - (count - 1.0) / 2.0) * spacing;
        }
    }
    ends
}

/// The vertical channels, and for each the rows that block it counted
/// from the top, so that whether one is clear between any two rows is one
/// subtraction.
struct Channels {
    xs: Vec<f64>,
    blocked_before: Vec<Vec<u32>>,
}

impl Channels {
    fn new(bars: &[Bar], grid: &Grid) -> Channels {
        let occupied: Vec<(f64, f64)> = bars.iter().map(occupied).collect();
        let blocked_before = grid
            .channels
            .iter()
            .map(|&x| {
                let mut counts = Vec::with_capacity(occupied.len() + 1);
                let mut count = 0;
                counts.push(0);
                for &(left, right) in &occupied {
                    count += u32::from(left - CLEARANCE < x && x < right + CLEARANCE);
                    counts.push(count);
                }
                counts
            })
            .collect();
        Channels {
            xs: grid.channels.clone(),
            blocked_before,
        }
    }

    /// The clear channel nearest to both `a` and `b` over rows `rows`;
    /// the gutter, the first channel, is always clear.
    fn nearest_clear(&self, rows: std::ops::Range<usize>, a: f64, b: f64) -> f64 {
        let clear = |channel: usize| {
            let counts = &self.blocked_before[channel];
            counts[rows.end] == counts[rows.start]
        };
        (0..self.xs.len())
            .filter(|&channel| channel == 0 || clear(channel))
            .map(|channel| self.xs[channel])
            .min_by(|x, y| {
                let cost = |c: f64| (a - c).abs() + (c - b).abs();
                cost(*x).total_cmp(&cost(*y))
            })
            .expect("the gutter is a channel")
    }
}

/// The stretch of its row that a bar and its label take.
fn occupied(bar: &Bar) -> (f64, f64) {
    let label = bar.label.bounds();
    (bar.rect.x.min(label.x), bar.rect.right().max(label.right()))
}

/// The corners of the route from `from`'s end to `to`'s start at `end_y`.
fn route(from: &Bar, to: &Bar, end_y: f64, grid: &Grid, channels: &Channels) -> Vec<Point> {
    let start = from.rect.right_middle();
    let (from_row, to_row) = (grid.row_of(start.y), grid.row_of(end_y));
    let out_x = start.x + ARROW_STUB;
    let in_x = to.rect.x - ARROW_STUB;
    let downwards = to_row > from_row;
    // The gaps beside each row, on the side facing the other.
    let (out_gap, in_gap) = if downwards {
        (grid.row_top(from_row + 1), grid.row_top(to_row))
    } else {
        (grid.row_top(from_row), grid.row_top(to_row + 1))
    };
    let mut points = vec![
        start,
        Point::new(out_x, start.y),
        Point::new(out_x, out_gap),
    ];
    let between = from_row.min(to_row) + 1..from_row.max(to_row);
    if !between.is_empty() {
        let channel = channels.nearest_clear(between, out_x, in_x);
        points.push(Point::new(channel, out_gap));
        points.push(Point::new(channel, in_gap));
    }
    points.push(Point::new(in_x, in_gap));
    points.push(Point::new(in_x, end_y));
    points.push(Point::new(to.rect.x, end_y));
    points.dedup();
    points
}

impl Grid {
    fn row_of(&self, y: f64) -> usize {
        ((y - self.top) / ROW_HEIGHT).floor() as usize
    }

    fn row_top(&self, row: usize) -> f64 {
        self.top + ROW_HEIGHT * row as f64
    }
}
