//! A portfolio: a roadmap whose `roadmap.toml` lists member roadmaps, each
//! a complete roadmap folder that still checks and builds on its own. The
//! portfolio checks each alone, then joins their work into one roadmap, each
//! member's ids namespaced by its name (`data/migration`), and judges what
//! spans roadmaps there: references, cycles, schedules and health. The rest
//! of the pipeline sees one roadmap.

mod members;
mod namespace;

pub use members::Member;

use crate::config::{Capacity, Config};
use crate::diagnostic::{Code, Diagnostic, Report};
use crate::history::{History, Renaming};
use crate::load::{LoadError, Loaded};
use crate::model::{capacity_facts_naming, OverCapacity, Unestimated};
use crate::types::{Day, Quarter};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A member as its own roadmap describes itself, for its section of the
/// portfolio's site, which looks like the site it would build alone.
#[derive(Debug, Clone)]
pub struct MemberRoadmap {
    /// The name that namespaces its ids.
    pub name: String,
    pub title: String,
    pub vision: String,
    /// Its own capacity, to which its own check held it.
    pub capacity: Option<Capacity>,
    /// The quarters its own check found its work over that capacity.
    pub over_capacity: Vec<Quarter>,
    /// The quarters its own check found one of its teams over the team's
    /// capacity, with the work that fills them (namespaced ids).
    pub teams_over: Vec<OverCapacity>,
    /// Its open work without an effort estimate, by runs of quarters.
    pub unestimated: Vec<Unestimated>,
}

impl MemberRoadmap {
    fn of(member: &Member, loaded: &Loaded, today: Day) -> MemberRoadmap {
        let health = loaded.health(today);
        let whole = health.overloads.iter().filter(|over| over.team.is_none());
        let documents = &loaded.initiatives;
        let (over, unestimated) = capacity_facts_naming(&health, |index| {
            let id = format!("{}/{}", member.name, documents[index].id());
            id.parse().ok()
        });
        MemberRoadmap {
            name: member.name.clone(),
            title: loaded.config.title.clone(),
            vision: loaded.config.vision.clone(),
            capacity: loaded.config.capacity.clone(),
            over_capacity: whole.map(|over| over.quarter).collect(),
            teams_over: over.into_iter().filter(|o| o.team.is_some()).collect(),
            unestimated,
        }
    }
}

/// The history of the roadmap in `root`; a portfolio's merges every
/// member's, each read from the member's own repository by its own
/// `[history]` settings.
pub fn history(root: &Path, config: &Config) -> History {
    let mut history = crate::history::read(root, &config.history);
    // A portfolio without usable members has its problems reported.
    let members = members::find(root, config).unwrap_or_default();
    let read: Vec<History> = members.par_iter().map(member_history).collect();
    for member in read {
        history.merge(member);
    }
    history
}

/// The folders of the members of the portfolio in `root`, resolved, to
/// watch; none when it is no portfolio, or its members are not usable.
pub fn member_folders(root: &Path, config: &Config) -> Vec<PathBuf> {
    let members = members::find(root, config).unwrap_or_default();
    let resolved = |member: Member| member.root.canonicalize().unwrap_or(member.root);
    members.into_iter().map(resolved).collect()
}

fn member_history(member: &Member) -> History {
    let settings = Config::load(&member.root)
        .map(|config| config.history)
        .unwrap_or_default();
    let name = member.name.as_str();
    crate::history::read(&member.root, &settings).renamed(&Renaming {
        member: name,
        item: &|id| format!("{name}/{id}"),
        reference: &|written| namespace::reference_id(name, written),
    })
}

/// The portfolio `own` (its own folder, checked alone in `report`) joined
/// with every member, each checked alone too: every problem of every
/// roadmap, named from the portfolio's folder, and those that span them.
pub fn check(own: Loaded, report: Report, today: Day) -> (Loaded, Report) {
    let mut report = Report {
        diagnostics: without_external(report.diagnostics),
    };
    let members = match members::find(&own.root, &own.config) {
        Ok(members) => members,
        Err(problems) => {
            report.extend(problems);
            return (own, report);
        }
    };
    let checked: Vec<(Loaded, Report)> = members
        .par_iter()
        .map(|member| check_member(member, today))
        .collect();
    let mut alone = Vec::with_capacity(members.len());
    for (member, (loaded, member_report)) in members.iter().zip(checked) {
        let diagnostics = without_external(member_report.diagnostics);
        report.extend(namespace::diagnostics(member, diagnostics));
        alone.push((member, loaded));
    }
    let roadmaps = alone
        .iter()
        .map(|(member, loaded)| MemberRoadmap::of(member, loaded, today))
        .collect();
    let mut joined = namespace::join(own, alone);
    joined.members = roadmaps;
    let reported: HashSet<(String, usize, Code)> = report.diagnostics.iter().map(place).collect();
    report.extend(
        crate::validate::validate(&joined, today)
            .into_iter()
            .filter(|diagnostic| SPANNING.contains(&diagnostic.code))
            .filter(|diagnostic| !reported.contains(&place(diagnostic))),
    );
    (joined, report)
}

/// The rules that judge the work of several roadmaps together; the rest
/// each roadmap's own check judged, by its own settings.
const SPANNING: [Code; 9] = [
    Code::UnknownGoal,
    Code::UnknownDependency,
    Code::DependencyCycle,
    Code::DoneBeforePrerequisite,
    Code::DependsOnDropped,
    Code::ScheduleConflict,
    Code::GoalAtRisk,
    Code::OverCapacity,
    Code::UnservedGoal,
];

fn place(diagnostic: &Diagnostic) -> (String, usize, Code) {
    (
        diagnostic.file.name.clone(),
        diagnostic.span.offset,
        diagnostic.code,
    )
}

/// What a roadmap checked alone cannot judge, since it turns on other
/// members' work: references to it, and goals that it serves. The
/// portfolio judges them with every member there.
fn without_external(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|diagnostic| {
            !matches!(
                diagnostic.code,
                Code::ExternalDependency | Code::UnservedGoal
            )
        })
        .collect()
}

/// One member, checked alone as `waymark check` would check it.
fn check_member(member: &Member, today: Day) -> (Loaded, Report) {
    let references = crate::load::OtherMembers::LeftToPortfolio;
    crate::check_alone(&member.root, today, references).unwrap_or_else(|error| {
        let loaded = crate::load::empty(&member.root, Default::default());
        let report = Report {
            diagnostics: vec![unloadable(member, &error)],
        };
        (loaded, report)
    })
}

fn unloadable(member: &Member, error: &LoadError) -> Diagnostic {
    // Named from the member's folder, as all its diagnostics are.
    let file = crate::source::SourceFile::new(String::new(), "");
    let diagnostic = Diagnostic::new(
        Code::UnreadableFile,
        &file,
        crate::diagnostic::Span::new(0, 0),
        format!("the member `{}` cannot be read: {error}", member.name),
    );
    match crate::message::Help::help(error) {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}
