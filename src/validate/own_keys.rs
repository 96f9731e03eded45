//! Rules on one file's own keys: its links, its schedule keys, and
//! quarters too far from today to be meant.

use super::Initiative;
use crate::diagnostic::{plural, Code, Diagnostic};
use crate::load::{Document, YamlPath};
use crate::types::{Day, Quarter};

/// Only web, mail and relative links: a `javascript:` or `data:` URL
/// would run or show whatever its writer put in it.
pub(super) fn check_links(initiative: &Initiative, out: &mut Vec<Diagnostic>) {
    for (index, link) in initiative.front.links.iter().enumerate() {
        if let Some(scheme) = crate::url::unsafe_scheme(&link.url) {
            out.push(
                initiative
                    .diagnostic(
                        Code::UnsafeUrl,
                        initiative.value_span(&YamlPath::key("links").index(index).child("url")),
                        format!("links may not use `{scheme}:` URLs"),
                    )
                    .label("not an http, https, mailto or relative URL")
                    .help("link to a page with an http:// or https:// address, a mailto: address, or a path within the site"),
            );
        }
    }
}

pub(super) fn check_schedule_keys(initiative: &Initiative, out: &mut Vec<Diagnostic>) {
    let front = &initiative.front;
    if front.quarter.is_some() && (front.start.is_some() || front.end.is_some()) {
        out.push(
            initiative
                .diagnostic(Code::ConflictingKeys, initiative.key_span(&YamlPath::key("quarter")), "`quarter` is set together with `start` or `end`")
                .help("`quarter: X` is shorthand for `start: X` and `end: X`: keep either `quarter` or `start`/`end`"),
        );
    }
    if let (Some(start), Some(end)) = (front.start, front.end) {
        if end < start {
            out.push(
                initiative
                    .diagnostic(
                        Code::EndBeforeStart,
                        initiative.value_span(&YamlPath::key("end")),
                        format!("the initiative ends in {end}, before it starts in {start}"),
                    )
                    .label("end before start")
                    .help("set `end` to the start quarter or later"),
            );
        }
    }
}

/// How many years from today a quarter may lie before it is taken for a
/// typo such as `9999-Q4`: far more than any roadmap plans ahead, and more
/// than the decade of history a long-lived roadmap keeps.
const PLAUSIBLE_YEARS: i32 = 30;

pub(super) fn check_plausible_quarters<T>(
    document: &Document<T>,
    quarters: &[(&str, Option<Quarter>)],
    today: Day,
    out: &mut Vec<Diagnostic>,
) {
    let now = today.quarter();
    for &(key, quarter) in quarters {
        let Some(quarter) = quarter else { continue };
        let years = (quarter.ordinal() - now.ordinal()) / 4;
        if years.abs() <= PLAUSIBLE_YEARS {
            continue;
        }
        let direction = if years > 0 { "after" } else { "before" };
        out.push(
            document
                .diagnostic(
                    Code::InvalidValue,
                    document.value_span(&YamlPath::key(key)),
                    format!(
                        "`{key}` is {quarter}, {} {direction} today's quarter {now}: is it a typo?",
                        plural(years.unsigned_abs() as usize, "year")
                    ),
                )
                .label("implausible quarter")
                .help(format!(
                    "roadmaps plan within {PLAUSIBLE_YEARS} years of today: write the quarter meant, such as {}",
                    now.offset(4)
                )),
        );
    }
}
