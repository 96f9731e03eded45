//! `waymark init` and `waymark new`: a roadmap's settings, and goal and
//! initiative files, with every key present and explained, so that writers
//! fill in a form rather than recall a format. Nothing is ever overwritten.

use crate::config::FILE_NAME as CONFIG_FILE;
use crate::load::{folder_team, CONTENT_DIR, GOALS_DIR, INITIATIVES_DIR};
use crate::message::Help;
use crate::source::{self, FsError};
use crate::types::{check_slug, Day, MAX_ID_LEN};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Goal,
    Initiative,
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("cannot make a readable file name from the title `{0}`")]
    NoSlug(String),
    #[error("`{0}` cannot be the id: {1}")]
    BadId(String, String),
    #[error("`{0}` cannot be a team: a team is the name of one folder under content/initiatives/")]
    BadTeam(String),
    #[error("goals have no team; `--team` places initiatives only")]
    TeamOfGoal,
    #[error("`{}` exists already, and waymark never overwrites a file", .0.display())]
    Exists(PathBuf),
    #[error(
        "`{}` exists already: this folder holds a roadmap, and waymark init never overwrites one",
        .0.display()
    )]
    RoadmapExists(PathBuf),
    #[error(transparent)]
    Io(FsError),
}

impl Help for NewError {
    fn help(&self) -> Option<&'static str> {
        match self {
            NewError::NoSlug(_) => Some(
                "name the file yourself with `--id`, such as `--id data-migration` \
                 (lowercase letters a-z, digits and dashes)",
            ),
            NewError::BadId(..) => Some("ids are slugs such as `data-migration`"),
            NewError::BadTeam(_) => Some(
                "give one folder name without `/`, such as `--team platform`; \
                 it may not start with `.` or `#`",
            ),
            NewError::TeamOfGoal => Some("leave out `--team` for a goal"),
            NewError::Exists(_) => Some("choose another title or `--id`, or edit that file"),
            NewError::RoadmapExists(_) => Some(
                "edit that roadmap.toml (`waymark new` adds goals and initiatives), \
                 or run `waymark init` in a new folder",
            ),
            NewError::Io(_) => None,
        }
    }
}

/// Where `waymark new` puts a file: the title, and optionally its id and,
/// for an initiative, its team's folder.
pub struct NewFile<'a> {
    pub kind: NewKind,
    pub title: &'a str,
    /// The file name without `.md`; made from the title when `None`.
    pub id: Option<&'a str>,
    pub team: Option<&'a str>,
}

/// A file name from a title: its letters transliterated to ASCII (so that
/// "Déploiement Zürich" reads `deploiement-zurich` and "数据迁移"
/// `shu-ju-qian-yi`), lowercase letters and digits kept, anything else
/// folded into single dashes, cut at a dash to fit an id's length.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_ID_LEN {
        let cut = slug[..=MAX_ID_LEN].rfind('-').unwrap_or(MAX_ID_LEN);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_owned()
}

/// Writes the new file under `root` and returns its path.
pub fn create(root: &Path, new: &NewFile, today: Day) -> Result<PathBuf, NewError> {
    let id = match new.id {
        Some(id) => {
            check_slug(id).map_err(|problem| NewError::BadId(id.to_owned(), problem))?;
            id.to_owned()
        }
        None => Some(slugify(new.title))
            .filter(|slug| !slug.is_empty())
            .ok_or_else(|| NewError::NoSlug(new.title.to_owned()))?,
    };
    let folder = folder_of(root, new)?;
    let path = folder.join(format!("{id}.md"));
    let quoted_title = serde_json::to_string(new.title).expect("a string serialises");
    let text = match new.kind {
        NewKind::Goal => goal_template(&quoted_title),
        NewKind::Initiative => initiative_template(&quoted_title, "[]", today),
    };
    write_new(&folder, &path, &text)?;
    Ok(path)
}

/// The folder a new file goes into: `content/goals/`, or
/// `content/initiatives/` or its team's folder there.
fn folder_of(root: &Path, new: &NewFile) -> Result<PathBuf, NewError> {
    let initiatives = Path::new(CONTENT_DIR).join(INITIATIVES_DIR);
    let relative = match (new.kind, new.team) {
        (NewKind::Goal, None) => Path::new(CONTENT_DIR).join(GOALS_DIR),
        (NewKind::Goal, Some(_)) => return Err(NewError::TeamOfGoal),
        (NewKind::Initiative, None) => initiatives,
        (NewKind::Initiative, Some(team)) => {
            // The folder must be the team that loading reads from it.
            let folder = initiatives.join(team);
            if folder_team(&folder.join("x.md")).as_deref() != Some(team) {
                return Err(NewError::BadTeam(team.to_owned()));
            }
            folder
        }
    };
    Ok(root.join(relative))
}

/// Writes `text` to `path` in `folder`, refusing to replace a file.
fn write_new(folder: &Path, path: &Path, text: &str) -> Result<(), NewError> {
    if path.symlink_metadata().is_ok() {
        return Err(NewError::Exists(path.to_owned()));
    }
    source::create_dir_all(folder).map_err(NewError::Io)?;
    source::write_new(path, text).map_err(|error| match error.source.kind() {
        std::io::ErrorKind::AlreadyExists => NewError::Exists(path.to_owned()),
        _ => NewError::Io(error),
    })
}

/// What `waymark init` wrote.
pub struct Started {
    pub written: Vec<PathBuf>,
    /// `content/` had goals or initiatives already, so no starters were added.
    pub had_content: bool,
}

/// Starts a roadmap in `root`: `roadmap.toml` with every setting explained,
/// and, unless `content/` has goals or initiatives already, a goal and an
/// initiative serving it that check without a problem.
pub fn init(root: &Path, today: Day) -> Result<Started, NewError> {
    let config = root.join(CONFIG_FILE);
    if config.symlink_metadata().is_ok() {
        return Err(NewError::RoadmapExists(config));
    }
    let listing = crate::load::list(root);
    let had_content = !(listing.goals.is_empty() && listing.initiatives.is_empty());
    write_new(root, &config, CONFIG_TEMPLATE)?;
    let mut written = vec![config];
    if !had_content {
        let goals = root.join(CONTENT_DIR).join(GOALS_DIR);
        let goal = goals.join(format!("{STARTER_GOAL}.md"));
        write_new(&goals, &goal, &goal_template("\"Faster checkout\""))?;
        written.push(goal);
        let team = root
            .join(CONTENT_DIR)
            .join(INITIATIVES_DIR)
            .join("platform");
        let initiative = team.join("checkout-caching.md");
        let goals_line = format!("[{STARTER_GOAL}]");
        let text = initiative_template("\"Cache the checkout pages\"", &goals_line, today);
        write_new(&team, &initiative, &text)?;
        written.push(initiative);
    }
    Ok(Started {
        written,
        had_content,
    })
}

/// The id of the goal that `init` starts a roadmap with.
const STARTER_GOAL: &str = "faster-checkout";

/// Every setting of roadmap.toml, explained; those with a default are
/// commented out at it.
const CONFIG_TEMPLATE: &str = r#"# The settings of a waymark roadmap. Every key is optional: a commented-out
# line shows the default. Goals go in content/goals/, initiatives in
# content/initiatives/ (a folder per team, such as content/initiatives/platform/).

# The site's title and its one-line description.
title = "Technology roadmap"
# description = ""
# Where the site is published: an absolute URL, or a path from the server's root.
# base_url = "/"
# The direction every goal and initiative serves, shown atop the executive view.
# vision = ""

# What can be planned in a quarter, in person-weeks; without it, capacity is not checked.
# [capacity]
# per_quarter = 40
# The share kept free for bugs, incidents and unplanned work: from 0 up to 1.
# buffer = 0.25
# Each team's own capacity, by the team its initiatives name or their folder gives.
# [capacity.teams]
# platform = 24

# Reviews keep a roadmap from going stale: initiatives not reviewed within
# this many days are warned about.
# [review]
# stale_after_days = 90

# The only categories initiatives may use; any category is allowed without it.
# [categories]
# allowed = ["infrastructure", "architecture", "security", "product"]

# The changelog derived from git history.
# [history]
# enabled = true
# Commits before this day are left out.
# since = "2026-01-01"
# At most this many commits are read ...
# max_commits = 2000
# ... for at most this many seconds, after which the build goes on without the rest.
# max_seconds = 10

# Raw HTML in Markdown bodies is kept as written, scripts included, only when
# this is true: turn it on for trusted writers only.
# [markdown]
# unsafe_html = false

# Who a build is for: internal (everything) or public (public goals and
# initiatives only); `waymark build --audience` overrides it.
# [build]
# audience = "internal"

# What a public build publishes. Hosts only people inside can reach, such as
# "jira.acme.internal", or "*.acme.internal" for it and every host under it:
# a public build names none of them, in links or in any text.
# [audience]
# internal_hosts = []
# The engineering view, team pages and engineering detail of items
# (technical bodies, risks, effort, cost, owners) in a public build too.
# [audience.public]
# engineering = false

# The quarters the timeline shows. By default it runs from the quarter before
# today's to the last planned one, at most eight quarters; readers may pick
# another window on the page. Either or both, at most 40 quarters apart.
# [timeline]
# from = "2026-Q1"
# to = "2027-Q4"

# A portfolio publishes other roadmap folders, its members, with its own work
# as one site. Each member keeps building on its own; here its ids are
# namespaced by its name (`data/migration`), and members may depend on each
# other's work that way. A member names this portfolio's goals `portfolio/<id>`.
# Paths are relative to this file: a checkout beside it, or a git submodule.
# [portfolio]
# members = { data = "../data-roadmap", web = "vendor/web-roadmap" }
# Members published to the internal audience only, as a whole.
# internal = ["data"]

# The largest file waymark reads, in bytes.
# [limits]
# max_file_bytes = 10485760

# How many of the newest changes the Atom feed holds.
# [feed]
# entries = 100
"#;

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

fn initiative_template(title: &str, goals: &str, today: Day) -> String {
    format!(
        r#"---
# What the work is. Required.
title: {title}
# proposed, planned, in-progress, at-risk, blocked, done or dropped. Required.
status: proposed
# The business goals it serves: ids of files in content/goals/. Work that
# serves no goal belongs in the backlog, not on the roadmap.
goals: {goals}
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
# The team doing the work; the folder under content/initiatives/ unless set.
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
    use crate::config::Config;

    #[test]
    fn slugs_are_readable_ascii_made_from_titles() {
        assert_eq!(
            slugify("Migrate to the Cloud (AWS)!"),
            "migrate-to-the-cloud-aws"
        );
        assert_eq!(slugify("  SOC 2 -- prep "), "soc-2-prep");
        assert_eq!(slugify("Déploiement Zürich"), "deploiement-zurich");
        assert_eq!(slugify("数据迁移"), "shu-ju-qian-yi");
        assert_eq!(slugify("Миграция базы"), "migratsiia-bazy");
        assert_eq!(slugify("¿?"), "");
        assert_eq!(slugify("\u{e000}"), "");
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= MAX_ID_LEN && long.ends_with("word"), "{long}");
        assert!(check_slug(&long).is_ok());
    }

    /// The settings file with every commented-out setting turned on.
    fn every_setting_on() -> String {
        let is_setting = |line: &str| {
            line.starts_with('[')
                || line
                    .split_once(" = ")
                    .is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        };
        CONFIG_TEMPLATE
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(setting) if is_setting(setting) => setting,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The keys that the table `section` of roadmap.toml takes (the top
    /// level for ""), as the settings' own type names them when refusing
    /// an unknown one.
    fn keys_of(section: &str) -> Vec<String> {
        let header = if section.is_empty() {
            String::new()
        } else {
            format!("[{section}]\n")
        };
        let error = toml::from_str::<Config>(&format!("{header}not_a_key = 1\n")).unwrap_err();
        let message = error.message().to_owned();
        let (_, expected) = message.split_once("expected").expect(&message);
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_settings_template_explains_every_setting_and_all_of_them_are_valid() {
        let on = every_setting_on();
        let file = crate::source::SourceFile::new("roadmap.toml".into(), &on);
        let config = Config::parse(file).unwrap_or_else(|d| panic!("{}: {on}", d.message));
        assert!(config.capacity.is_some() && config.history.since.is_some());
        let mut missing = Vec::new();
        for key in keys_of("") {
            // A table's keys are named by its refusal of an unknown one; a
            // value's refusal names none.
            let inner_keys = keys_of(&key);
            if !inner_keys.is_empty() {
                if !on.contains(&format!("\n[{key}]\n")) {
                    missing.push(format!("[{key}]"));
                }
                for inner in inner_keys {
                    let written = on.contains(&format!("\n{inner} = "))
                        || on.contains(&format!("\n[{key}.{inner}]\n"));
                    if !written {
                        missing.push(format!("{key}.{inner}"));
                    }
                }
            } else if !on.contains(&format!("\n{key} = ")) {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "not in the template: {missing:?}");
        // As written, only the title is set.
        let file = crate::source::SourceFile::new("roadmap.toml".into(), CONFIG_TEMPLATE);
        let config = Config::parse(file).unwrap();
        assert_eq!(config.title, "Technology roadmap");
        assert!(config.capacity.is_none());
    }
}
