//! A member's work and problems as the portfolio holds them: files named
//! from the portfolio's folder, ids namespaced by the member's name, and
//! the member's plain references to its own work namespaced alike.

use super::Member;
use crate::config::PORTFOLIO_NAMESPACE;
use crate::diagnostic::{Diagnostic, Related};
use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use crate::load::{Document, Loaded};
use crate::source::SourceFile;
use crate::types::Visibility;
use rayon::prelude::*;
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

/// The portfolio's own roadmap with every member's work in it, moved
/// there.
pub fn join(own: Loaded, members: Vec<(&Member, Loaded)>) -> Loaded {
    let mut joined = crate::load::empty(&own.root, own.config);
    joined.goals = own.goals;
    joined.initiatives = own.initiatives;
    joined.broken_goal_ids = own.broken_goal_ids;
    joined.broken_initiative_ids = own.broken_initiative_ids;
    for (member, loaded) in members {
        // Each document is renamed in parallel, as nothing else of the
        // build can go on meanwhile.
        let goals = loaded.goals.into_par_iter();
        joined
            .goals
            .par_extend(goals.map(|goal| Arc::new(goal_of(member, goal))));
        let initiatives = loaded.initiatives.into_par_iter();
        joined
            .initiatives
            .par_extend(initiatives.map(|initiative| Arc::new(initiative_of(member, initiative))));
        let namespaced = |id: &String| format!("{}/{id}", member.name);
        joined
            .broken_goal_ids
            .extend(loaded.broken_goal_ids.iter().map(namespaced));
        joined
            .broken_initiative_ids
            .extend(loaded.broken_initiative_ids.iter().map(namespaced));
    }
    joined
}

fn goal_of(member: &Member, goal: Arc<Document<GoalFrontMatter>>) -> Document<GoalFrontMatter> {
    let goal = Arc::unwrap_or_clone(goal);
    let id = namespaced(member, goal.id());
    let name = file_name(member, &goal.file.name);
    goal.in_portfolio(name, |front| {
        front.id = id;
        if member.internal {
            front.visibility = Some(Visibility::Internal);
        }
    })
}

fn initiative_of(
    member: &Member,
    initiative: Arc<Document<InitiativeFrontMatter>>,
) -> Document<InitiativeFrontMatter> {
    let initiative = Arc::unwrap_or_clone(initiative);
    let id = namespaced(member, initiative.id());
    // The team folder is read from the name, which now starts elsewhere.
    let team = initiative.team().map(|team| team.into_owned());
    let name = file_name(member, &initiative.file.name);
    initiative.in_portfolio(name, |front| {
        front.id = id;
        front.team = team;
        for goal in &mut front.goals {
            *goal = reference(member, goal);
        }
        for prerequisite in &mut front.depends_on {
            *prerequisite = reference(member, prerequisite);
        }
        if member.internal {
            front.visibility = Some(Visibility::Internal);
        }
    })
}

/// `id` of `member`, namespaced; `None` for an id that cannot be (the
/// member's own check reported it).
fn namespaced<T: FromStr>(member: &Member, id: &str) -> Option<T> {
    format!("{}/{id}", member.name).parse().ok()
}

/// A reference as the portfolio reads it.
fn reference<T: FromStr + std::fmt::Display + Clone>(member: &Member, written: &T) -> T {
    reference_id(&member.name, &written.to_string())
        .parse()
        .unwrap_or_else(|_| written.clone())
}

/// An id that `member` writes in a reference, as the portfolio reads it:
/// a plain id names the member's own work, `portfolio/` the portfolio's,
/// any other namespace a member's.
pub fn reference_id(member: &str, written: &str) -> String {
    match written.split_once('/') {
        Some((PORTFOLIO_NAMESPACE, id)) => id.to_owned(),
        Some(_) => written.to_owned(),
        None => format!("{member}/{written}"),
    }
}

/// The name of a member's file from the portfolio's folder.
fn file_name(member: &Member, name: &str) -> String {
    match name {
        "" => member.folder.clone(),
        _ => format!("{}/{name}", member.folder),
    }
}

/// A member's diagnostics, their files named from the portfolio's folder.
pub fn diagnostics(member: &Member, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut renamed: HashMap<String, Arc<SourceFile>> = HashMap::new();
    let mut rename = |file: &Arc<SourceFile>| {
        Arc::clone(
            renamed
                .entry(file.name.clone())
                .or_insert_with(|| file.renamed(file_name(member, &file.name))),
        )
    };
    diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            diagnostic.file = rename(&diagnostic.file);
            let related = diagnostic.related.iter().map(|place| Related {
                file: rename(&place.file),
                span: place.span,
                message: place.message.clone(),
            });
            diagnostic.related = related.collect();
            diagnostic
        })
        .collect()
}
