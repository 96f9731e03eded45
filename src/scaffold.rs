//! `waymark new`: a new goal or initiative file with every key present and
//! explained, so that writers fill in a form rather than recall a format.

use crate::load::{CONTENT_DIR, GOALS_DIR, INITIATIVES_DIR};
use crate::message::Help;
use crate::source::{self, FsError};
use crate::types::Day;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Goal,
    Initiative,
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("cannot make a file name from the title `{0}`")]
    NoSlug(String),
    #[error("`{}` exists already, and waymark new never overwrites a file", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Io(FsError),
}

impl Help for NewError {
    fn help(&self) -> Option<&'static str> {
        match self {
            NewError::NoSlug(_) => Some("use a title with some letters or digits (a-z, 0-9)"),
            NewError::Exists(_) => Some("choose another title, or edit that file"),
            NewError::Io(_) => None,
        }
    }
}

/// A file name from a title: lowercase ASCII letters and digits, other
/// characters folded into single dashes.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Writes the new file under `root` and returns its path.
pub fn create(root: &Path, kind: NewKind, title: &str, today: Day) -> Result<PathBuf, NewError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(NewError::NoSlug(title.to_owned()));
    }
    let folder = root.join(CONTENT_DIR).join(match kind {
        NewKind::Goal => GOALS_DIR,
        NewKind::Initiative => INITIATIVES_DIR,
    });
    let path = folder.join(format!("{slug}.md"));
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    source::create_dir_all(&folder).map_err(NewError::Io)?;
    let quoted_title = serde_json::to_string(title).expect("a string serialises");
    let text = match kind {
        NewKind::Goal => goal_template(&quoted_title),
        NewKind::Initiative => initiative_template(&quoted_title, today),
    };
    source::write_new(&path, &text).map_err(|error| match error.source.kind() {
        std::io::ErrorKind::AlreadyExists => NewError::Exists(path.clone()),
        _ => NewError::Io(error),
    })?;
    Ok(path)
}

fn goal_template(title: &str) -> String {
    format!(
        r#"---
# The business goal, as leadership would say it. Required.
title: {title}
# The id used in initiatives' `goals` lists is this file's name; set one to override.
# id: a-different-id
# Who is accountable for the goal.
# owner: "Chief Technology Officer"
# The quarter by which it should be met, YYYY-Qn.
# target: "2027-Q3"
# How success is measured: baseline and current are optional.
metrics: []
#   - name: "Peak orders per minute"
#     baseline: "1,200"
#     target: "1,560"
#     current: "1,250"
# `internal` unless set to `public`: public builds show only public items.
# visibility: internal
---
Why this goal matters to the business, in a paragraph or two.
"#
    )
}

fn initiative_template(title: &str, today: Day) -> String {
    format!(
        r#"---
# What the work is. Required.
title: {title}
# proposed, planned, in-progress, at-risk, blocked, done or dropped. Required.
status: proposed
# The business goals it serves: ids of files in content/goals/. Work that
# serves no goal belongs in the backlog, not on the roadmap.
goals: []
# Initiatives that must be finished first: ids of files in content/initiatives/.
depends_on: []
# technology (the default) or product: customer-facing work that technology enables.
kind: technology
# One of [categories] allowed in roadmap.toml.
# category: infrastructure
# When it runs, as quarters YYYY-Qn; `quarter: "2027-Q1"` is shorthand for one quarter.
# start: "2027-Q1"
# end: "2027-Q2"
# now, next or later; derived from the status and schedule when absent.
# horizon: next
# Person-weeks, spread evenly over its quarters and counted against capacity.
# effort: 8
# Cost and impact from 1 to 5, for the cost-versus-impact matrix.
# cost: 3
# impact: 4
# owner: "Name of the accountable person"
# team: "platform"
# The one-line business justification; defaults to the first paragraph below.
# summary: "Cuts checkout latency so that peak sales do not time out"
# Percent done, 0 to 100.
# progress: 0
# risks:
#   - risk: "What could go wrong"
#     mitigation: "What we do about it"
#     likelihood: medium   # low, medium or high
#     impact: high         # low, medium or high
# metrics:
#   - name: "p95 page load"
#     target: "1.5 s"
#     current: "2.8 s"
# links:
#   - title: "Design document"
#     url: "https://wiki.example.internal/design"
# The day of the last review; reviews keep a roadmap from going stale.
reviewed: "{today}"
# `internal` unless set to `public`: public builds show only public items.
# visibility: internal
# What changed and why: readers trust a roadmap that explains its moves.
# changelog:
#   - date: "{today}"
#     change: "Added to the roadmap"
#     why: "The reason"
---
The executive summary: what this achieves for the business, in two or three
sentences. Executives read this part.

<!-- more -->

## Technical details

Engineers read this part: the approach, the technologies, the rollout plan.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_titles() {
        assert_eq!(
            slugify("Migrate to the Cloud (AWS)!"),
            "migrate-to-the-cloud-aws"
        );
        assert_eq!(slugify("  SOC 2 -- prep "), "soc-2-prep");
        assert_eq!(slugify("¿?"), "");
    }
}
