//! Rules that span keys, files and time: required keys, ids, goal links,
//! dependencies and their cycles, schedules, capacity and staleness.
//! Each problem points at the value that causes it.

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::frontmatter::{Identified, InitiativeFrontMatter};
use crate::graph::DependencyGraph;
use crate::load::{Document, Loaded, OtherMembers, YamlPath};
use crate::types::{check_reference, check_slug, Day, Status};
use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use std::sync::Arc;

type Initiative = Document<InitiativeFrontMatter>;

mod checked;
mod own_keys;

pub use checked::Checked;
use own_keys::{check_links, check_plausible_quarters, check_schedule_keys};

/// Every problem that cross-file rules find in `loaded`, judged on `today`.
pub fn validate(loaded: &Loaded, today: Day) -> Vec<Diagnostic> {
    validate_reusing(loaded, today, &Checked::default()).0
}

/// Validates as [`validate`] does, taking from what an `earlier`
/// validation of the same configuration found whatever still holds; returns
/// what this one found, for the next.
pub fn validate_reusing(
    loaded: &Loaded,
    today: Day,
    earlier: &Checked,
) -> (Vec<Diagnostic>, Checked) {
    // The health rules need no map of ids: they go beside the rest, so that
    // a thread free of other work takes them up.
    let ((mut out, mut checked), (health, warnings)) = rayon::join(
        || rules(loaded, today, earlier),
        || {
            let health = loaded.health(today);
            let warnings = earlier
                .health_warnings(&health, loaded)
                .unwrap_or_else(|| Arc::from(health.warnings(loaded)));
            (health, warnings)
        },
    );
    out.extend(warnings.iter().cloned());
    checked.keep_health_warnings(health, warnings);
    (out, checked)
}

/// Every rule but health's.
fn rules(loaded: &Loaded, today: Day, earlier: &Checked) -> (Vec<Diagnostic>, Checked) {
    let mut out = Vec::new();
    let namespaced = !loaded.members.is_empty();
    let (goal_ids, _) = unique_ids(&loaded.goals, "goal", namespaced, &mut out);
    let kept = earlier.kept(loaded, today);
    let ids = match &kept {
        Some(kept) => Arc::clone(&kept.ids),
        None => Arc::new(Ids::of(&loaded.initiatives, namespaced, &mut out)),
    };
    for goal in &loaded.goals {
        require_title(goal, "goal", &mut out);
        check_plausible_quarters(goal, &[("target", goal.front.target)], today, &mut out);
    }
    let context = Context {
        loaded,
        goal_ids: &goal_ids,
        initiative_ids: &ids.map,
        ambiguous: &ids.ambiguous,
        today,
    };
    // The initiatives' own checks beside the rules over all of them.
    let (found, graph) = rayon::join(
        || {
            let each = loaded.initiatives.par_iter().enumerate();
            each.map(|(at, initiative)| {
                if let Some(found) = kept.as_ref().and_then(|kept| kept.found(at)) {
                    return found;
                }
                let mut out = Vec::new();
                context.check_initiative(initiative, &mut out);
                Arc::from(out)
            })
            .collect::<Vec<Arc<[Diagnostic]>>>()
        },
        || {
            let mut out = Vec::new();
            let acyclic = if kept.as_ref().is_some_and(|kept| kept.still_acyclic()) {
                true
            } else {
                check_dependency_graph(&loaded.initiatives, &ids.map, &ids.ambiguous, &mut out)
            };
            let unserved = match kept.as_ref().and_then(|kept| kept.still_unserved()) {
                Some(unserved) => unserved,
                None => {
                    let mut unserved = Vec::new();
                    check_unserved_goals(loaded, &mut unserved);
                    Arc::from(unserved)
                }
            };
            (out, (acyclic, unserved))
        },
    );
    let (graph, (acyclic, unserved)) = graph;
    out.extend(found.iter().flat_map(|found| found.iter().cloned()));
    out.extend(graph);
    out.extend(unserved.iter().cloned());
    let checked = Checked::new(loaded, today, ids, found, (acyclic, unserved));
    (out, checked)
}

/// Where each initiative id is, and the ids that several files have.
struct Ids {
    map: HashMap<Box<str>, usize>,
    ambiguous: HashSet<Box<str>>,
    /// Whether some id was malformed or repeated: those diagnostics are
    /// not kept, so a map with them is made anew.
    problems: bool,
}

impl Ids {
    fn of(initiatives: &[Arc<Initiative>], namespaced: bool, out: &mut Vec<Diagnostic>) -> Ids {
        let before = out.len();
        let (map, ambiguous) = unique_ids(initiatives, "initiative", namespaced, out);
        Ids {
            map: map
                .into_iter()
                .map(|(id, at)| (Box::from(id), at))
                .collect(),
            ambiguous: ambiguous.into_iter().map(Box::from).collect(),
            problems: out.len() > before,
        }
    }
}

/// Maps each id to the index of the first document that has it, reporting
/// ids that are malformed (from a file name) or used twice; returns the
/// ids used twice too. Which file a reference to one of those means is
/// unknown, so nothing is judged by it: `duplicate-id` says what to do, and
/// a second error such as `self-dependency` would mislead. Only a
/// portfolio's ids are `namespaced`: it names its members' work so.
fn unique_ids<'a, T: Identified>(
    documents: &'a [Arc<Document<T>>],
    what: &str,
    namespaced: bool,
    out: &mut Vec<Diagnostic>,
) -> (HashMap<&'a str, usize>, HashSet<&'a str>) {
    let mut ids: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(documents.len(), Default::default());
    let mut repeated = HashSet::default();
    for (index, document) in documents.iter().enumerate() {
        let id = document.id();
        // Spans cost a second YAML parse: work them out only for a diagnostic.
        let id_span = || document.value_span(&YamlPath::key("id"));
        let declared = document.front.declared_id();
        if let Some(written) = declared.filter(|id| !namespaced && id.contains('/')) {
            out.push(
                document
                    .diagnostic(Code::InvalidValue, id_span(), format!("the {what} declares the namespaced id `{written}`"))
                    .label("an id names no member")
                    .help("write the id without `member/`: a portfolio namespaces each member's ids by the member's name"),
            );
            continue;
        }
        if declared.is_none() {
            if let Err(problem) = check_slug(id) {
                out.push(
                    document
                        .diagnostic(Code::InvalidValue, id_span(), format!("the file name cannot be the {what}'s id: {problem}"))
                        .help("rename the file to a slug such as `cloud-migration.md`, or set `id:` in the front matter"),
                );
                continue;
            }
        }
        match ids.get(id) {
            Some(&first) => {
                repeated.insert(id);
                out.push(
                    document
                        .diagnostic(
                            Code::DuplicateId,
                            id_span(),
                            format!(
                                "the {what} id `{id}` is used by both `{}` and `{}`",
                                documents[first].file.name, document.file.name
                            ),
                        )
                        .label("second use of this id")
                        .help("ids must be unique: rename one file or set a different `id:`"),
                )
            }
            None => {
                ids.insert(id, index);
            }
        }
    }
    (ids, repeated)
}

fn require_title<T: Identified>(document: &Document<T>, what: &str, out: &mut Vec<Diagnostic>) {
    let missing = document
        .front
        .title()
        .is_none_or(|title| title.trim().is_empty());
    if missing && !document.was_rejected("title") {
        out.push(
            document
                .diagnostic(
                    Code::MissingTitle,
                    document.value_span(&YamlPath::key("title")),
                    format!("the {what} has no title"),
                )
                .help("add a line such as `title: \"Migrate to the cloud\"` to the front matter"),
        );
    }
}

struct Context<'a> {
    loaded: &'a Loaded,
    goal_ids: &'a HashMap<&'a str, usize>,
    initiative_ids: &'a HashMap<Box<str>, usize>,
    /// Initiative ids that several files have.
    ambiguous: &'a HashSet<Box<str>>,
    today: Day,
}

impl Context<'_> {
    fn check_initiative(&self, initiative: &Initiative, out: &mut Vec<Diagnostic>) {
        let front = &initiative.front;
        require_title(initiative, "initiative", out);
        if front.status.is_none() && !initiative.was_rejected("status") {
            out.push(
                initiative
                    .diagnostic(Code::MissingStatus, initiative.value_span(&YamlPath::key("status")), "the initiative has no status")
                    .help("add `status:` with one of proposed, planned, in-progress, at-risk, blocked, done, dropped"),
            );
        }
        check_schedule_keys(initiative, out);
        let quarters = [
            ("start", front.start),
            ("end", front.end),
            ("quarter", front.quarter),
        ];
        check_plausible_quarters(initiative, &quarters, self.today, out);
        self.check_category(initiative, out);
        self.check_goal_links(initiative, out);
        self.check_dependency_links(initiative, out);
        self.check_review(initiative, out);
        check_links(initiative, out);
    }

    fn check_category(&self, initiative: &Initiative, out: &mut Vec<Diagnostic>) {
        let (Some(category), Some(categories)) =
            (&initiative.front.category, &self.loaded.config.categories)
        else {
            return;
        };
        if categories.allowed.iter().any(|allowed| allowed == category) {
            return;
        }
        let diagnostic = initiative
            .diagnostic(
                Code::UnknownCategory,
                initiative.value_span(&YamlPath::key("category")),
                format!("`{category}` is not one of the categories allowed in roadmap.toml"),
            )
            .label("unknown category");
        let help = did_you_mean(category, categories.allowed.iter().map(String::as_str))
            .unwrap_or_else(|| format!("use one of: {}", categories.allowed.join(", ")));
        out.push(diagnostic.help(help));
    }

    fn check_goal_links(&self, initiative: &Initiative, out: &mut Vec<Diagnostic>) {
        let goals = &initiative.front.goals;
        if goals.is_empty() && !initiative.was_rejected("goals") {
            let at = if initiative.front.title.is_some() {
                "title"
            } else {
                "goals"
            };
            out.push(
                initiative
                    .diagnostic(Code::NoGoal, initiative.value_span(&YamlPath::key(at)), "the initiative serves no business goal")
                    .help("link it with `goals: [goal-id]`; work that traces to no business goal belongs in the backlog, not on the roadmap"),
            );
        }
        for (index, goal) in goals.iter().enumerate() {
            let known = self.goal_ids.contains_key(goal.as_str())
                || self.loaded.broken_goal_ids.contains(goal.as_str());
            if !known {
                let span = || initiative.value_span(&YamlPath::key("goals").index(index));
                if let Some(external) = self.external(initiative, span, "goal", goal.as_str()) {
                    out.extend(external);
                    continue;
                }
                out.push(unknown_reference(
                    initiative,
                    Code::UnknownGoal,
                    span(),
                    "goal",
                    goal.as_str(),
                    self.goal_ids.keys().copied(),
                ));
            }
        }
    }

    fn check_dependency_links(&self, initiative: &Initiative, out: &mut Vec<Diagnostic>) {
        let id = initiative.id();
        let status = initiative.front.status;
        for (index, prerequisite) in initiative.front.depends_on.iter().enumerate() {
            let span = || initiative.value_span(&YamlPath::key("depends_on").index(index));
            let name = prerequisite.as_str();
            if self.ambiguous.contains(name) {
                continue;
            }
            if name == id {
                out.push(
                    initiative
                        .diagnostic(
                            Code::SelfDependency,
                            span(),
                            format!("`{id}` depends on itself"),
                        )
                        .help("remove this entry: an initiative cannot be its own prerequisite"),
                );
                continue;
            }
            let Some(&other) = self.initiative_ids.get(name) else {
                if let Some(external) = self.external(initiative, span, "initiative", name) {
                    out.extend(external);
                } else if !self.loaded.broken_initiative_ids.contains(name) {
                    out.push(unknown_reference(
                        initiative,
                        Code::UnknownDependency,
                        span(),
                        "initiative",
                        name,
                        self.initiative_ids.keys().map(|id| &**id),
                    ));
                }
                continue;
            };
            let prerequisite = &self.loaded.initiatives[other];
            check_prerequisite_status(initiative, status, prerequisite, &span, out);
        }
    }

    /// A namespaced reference that a roadmap checked on its own cannot
    /// judge: the warning that says so. Within a portfolio, every member is
    /// there, so an unknown one is unknown.
    /// What a reference `name` to another member's work comes to: `None`
    /// when it is none; a warning when this roadmap is checked on its own;
    /// nothing to report when the portfolio checking it judges it.
    fn external(
        &self,
        initiative: &Initiative,
        span: impl FnOnce() -> Span,
        what: &str,
        name: &str,
    ) -> Option<Option<Diagnostic>> {
        let (member, _) = name.split_once('/')?;
        if !self.loaded.members.is_empty() {
            return None;
        }
        if self.loaded.other_members == OtherMembers::LeftToPortfolio {
            return Some(None);
        }
        let whose = match member {
            crate::config::PORTFOLIO_NAMESPACE => {
                "the portfolio this roadmap is a member of".to_owned()
            }
            member => format!("`{member}`, another member of a portfolio"),
        };
        Some(Some(
            initiative
                .diagnostic(
                    Code::ExternalDependency,
                    span(),
                    format!("the {what} `{name}` belongs to {whose}"),
                )
                .label("outside this roadmap")
                .help("it is checked when the portfolio that lists both roadmaps is built; a plain id (without `member/`) names this roadmap's own work"),
        ))
    }

    fn check_review(&self, initiative: &Initiative, out: &mut Vec<Diagnostic>) {
        let front = &initiative.front;
        if matches!(front.status, Some(Status::Done | Status::Dropped)) {
            return;
        }
        let limit = self.loaded.config.stale_after_days();
        match front.reviewed {
            Some(reviewed) => {
                let age = reviewed.days_until(self.today);
                if age > i64::from(limit) {
                    out.push(
                        initiative
                            .diagnostic(
                                Code::Stale,
                                initiative.value_span(&YamlPath::key("reviewed")),
                                format!("last reviewed {age} days ago, on {reviewed}; reviews are due every {limit} days"),
                            )
                            .label("stale review")
                            .help(format!("review the initiative, then set `reviewed: {}`", self.today)),
                    );
                }
            }
            None if self.loaded.config.review.is_some() && !initiative.was_rejected("reviewed") => out.push(
                initiative
                    .diagnostic(Code::Stale, initiative.value_span(&YamlPath::key("title")), "the initiative has never been reviewed")
                    .help(format!("roadmap.toml asks for reviews every {limit} days: review it, then add `reviewed: {}`", self.today)),
            ),
            None => {}
        }
    }
}

fn unknown_reference<'k>(
    initiative: &Initiative,
    code: Code,
    span: Span,
    what: &str,
    name: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Diagnostic {
    let diagnostic = initiative
        .diagnostic(code, span, format!("no {what} has the id `{name}`"))
        .label(format!("unknown {what}"));
    match did_you_mean(name, known) {
        Some(help) => diagnostic.help(help),
        None => diagnostic.help(format!(
            "{what} ids are file names without `.md`, unless the file sets `id:`"
        )),
    }
}

fn check_prerequisite_status(
    initiative: &Initiative,
    status: Option<Status>,
    prerequisite: &Initiative,
    span: &dyn Fn() -> Span,
    out: &mut Vec<Diagnostic>,
) {
    let (id, other) = (initiative.id(), prerequisite.id());
    let theirs = prerequisite.front.status;
    if status == Some(Status::Done) && theirs.is_some_and(|s| s != Status::Done) {
        out.push(
            initiative
                .diagnostic(
                    Code::DoneBeforePrerequisite,
                    span(),
                    format!("`{id}` is done, but its prerequisite `{other}` is {}", theirs.map_or("", Status::as_str)),
                )
                .help(format!("update the status of `{other}`, or remove it from `depends_on` if it was not needed")),
        );
    }
    let settled = matches!(status, Some(Status::Done | Status::Dropped));
    if theirs == Some(Status::Dropped) && !settled {
        out.push(
            initiative
                .diagnostic(Code::DependsOnDropped, span(), format!("`{id}` depends on `{other}`, which was dropped"))
                .help(format!("remove `{other}` from `depends_on`, or plan how `{id}` will go ahead without it")),
        );
    }
}

/// Reports each dependency cycle once, at the `depends_on` entry that
/// closes it, with the whole path in the message.
/// Reports each cycle of dependencies; returns whether there was none.
fn check_dependency_graph(
    initiatives: &[Arc<Initiative>],
    ids: &HashMap<Box<str>, usize>,
    ambiguous: &HashSet<Box<str>>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let mut graph = DependencyGraph::new(initiatives.iter().map(|i| i.id()));
    for (dependent, initiative) in initiatives.iter().enumerate() {
        let clear = initiative
            .front
            .depends_on
            .iter()
            .filter(|prerequisite| !ambiguous.contains(prerequisite.as_str()));
        for prerequisite in clear {
            match ids.get(prerequisite.as_str()) {
                // Depending on itself has a diagnostic of its own.
                Some(&prerequisite) if prerequisite != dependent => {
                    graph.add_dependency(dependent, prerequisite);
                }
                _ => {}
            }
        }
    }
    let cycles = graph.cycles();
    let acyclic = cycles.is_empty();
    for cycle in cycles {
        let path: Vec<&str> = cycle.iter().map(|&node| graph.id(node)).collect();
        let closing = &initiatives[*cycle.last().expect("a cycle has nodes")];
        // Of repeated entries, the last closes the cycle.
        let entry = closing
            .front
            .depends_on
            .iter()
            .rposition(|prerequisite| prerequisite.as_str() == path[0])
            .expect("the cycle closes with a depends_on entry");
        let span = closing.value_span(&YamlPath::key("depends_on").index(entry));
        out.push(
            closing
                .diagnostic(
                    Code::DependencyCycle,
                    span,
                    format!("dependency cycle: {} → {}", path.join(" → "), path[0]),
                )
                .label("this dependency closes the cycle")
                .help("a cycle can never start: remove one of these dependencies"),
        );
    }
    acyclic
}

fn check_unserved_goals(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    // A `goals` list that could not be read may name any goal.
    if loaded.initiatives.iter().any(|i| i.was_rejected("goals")) {
        return;
    }
    let served: HashSet<&str> = loaded
        .initiatives
        .iter()
        .flat_map(|i| i.front.goals.iter().map(|g| g.as_str()))
        .collect();
    for goal in &loaded.goals {
        let id = goal.id();
        // A goal without a valid id has been reported already.
        if check_reference(id).is_ok() && !served.contains(id) {
            out.push(
                goal.diagnostic(Code::UnservedGoal, goal.value_span(&YamlPath::key("title")), format!("no initiative serves the goal `{id}`"))
                    .help(format!("add `{id}` to the `goals` of the initiatives that serve it, or remove the goal")),
            );
        }
    }
}
