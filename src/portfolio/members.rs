//! The members that `[portfolio] members` lists, found on disk: each a
//! roadmap folder of its own, none listed twice, none inside another, and
//! no member leading back to the portfolio through members of its own.

use crate::config::{Config, PortfolioSettings};
use crate::diagnostic::{Code, Diagnostic, Span};
use crate::load::CONTENT_DIR;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// One member roadmap of a portfolio.
#[derive(Debug, Clone)]
pub struct Member {
    /// The name that namespaces its ids.
    pub name: String,
    /// Its folder, reached from the portfolio's.
    pub root: PathBuf,
    /// Its folder as `roadmap.toml` writes it, with `/` separators and no
    /// trailing one: the start of its files' names in diagnostics.
    pub folder: String,
    /// Published to the internal audience only, as a whole.
    pub internal: bool,
}

/// The members of the portfolio in `root`, or a diagnostic at each entry of
/// `roadmap.toml` that names no usable member.
pub fn find(root: &Path, config: &Config) -> Result<Vec<Member>, Vec<Diagnostic>> {
    let Some(settings) = &config.portfolio else {
        return Ok(Vec::new());
    };
    let file = config
        .source
        .clone()
        .unwrap_or_else(|| SourceFile::new(crate::config::FILE_NAME.to_owned(), ""));
    let portfolio = canonical(root);
    let mut found: Vec<(Member, PathBuf)> = Vec::new();
    let mut problems = Vec::new();
    for (name, written) in &settings.members {
        let at = |message: String, help: &str| at_entry(&file, written, message).help(help);
        match locate(root, name, written.get_ref()) {
            Err((message, help)) => problems.push(at(message, help)),
            Ok(member) => {
                let place = canonical(&member.root);
                match clash(&portfolio, &place, name, &found) {
                    Some((message, help)) => problems.push(at(message, help)),
                    None => match cycle_back(&portfolio, &place, name) {
                        Some(message) => problems.push(at(message, CYCLE_HELP)),
                        None => found.push((with_audience(member, settings), place)),
                    },
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(found.into_iter().map(|(member, _)| member).collect())
    } else {
        Err(problems)
    }
}

const CYCLE_HELP: &str = "a portfolio cannot contain itself: remove this member, or the member \
     that lists this portfolio from the other's `[portfolio] members`";

type Problem = (String, &'static str);

fn with_audience(mut member: Member, settings: &PortfolioSettings) -> Member {
    member.internal = settings
        .internal
        .iter()
        .any(|name| name.get_ref() == &member.name);
    member
}

/// The member folder `written`, if it is a roadmap at all.
fn locate(root: &Path, name: &str, written: &str) -> Result<Member, Problem> {
    let folder = written.replace('\\', "/").trim_end_matches('/').to_owned();
    let path = root.join(&folder);
    if folder.is_empty() || !path.is_dir() {
        return Err((
            format!("the member `{name}` is at `{written}`, which is not a folder"),
            "write the path of the member's roadmap folder relative to this roadmap.toml, \
             such as \"../data-roadmap\" (a checkout beside it) or \"vendor/web-roadmap\" (a git submodule); \
             a submodule must be checked out first (`git submodule update --init`)",
        ));
    }
    if !path.join(CONTENT_DIR).is_dir() {
        return Err((
            format!("the member `{name}` at `{written}` is not a waymark roadmap: it has no `content/` folder"),
            "name the folder that holds the member's roadmap.toml and content/, or start one there with `waymark init`",
        ));
    }
    Ok(Member {
        name: name.to_owned(),
        root: path,
        folder,
        internal: false,
    })
}

/// Why the member at `place` cannot join the members `found` so far.
fn clash(
    portfolio: &Path,
    place: &Path,
    name: &str,
    found: &[(Member, PathBuf)],
) -> Option<Problem> {
    const OVERLAP: &str = "each member is a roadmap folder of its own, beside the others: \
         name folders that do not contain one another";
    if place == portfolio {
        return Some((
            format!("the member `{name}` is this portfolio itself"),
            "a portfolio's own goals and initiatives are in its own content/: list only other roadmaps as members",
        ));
    }
    if portfolio.starts_with(place) {
        return Some((
            format!("the member `{name}` contains this portfolio's folder"),
            OVERLAP,
        ));
    }
    for (other, other_place) in found {
        let other = &other.name;
        if place == other_place {
            return Some((
                format!("the member `{name}` is the same folder as the member `{other}`: it is listed twice"),
                "list each member roadmap once: remove one of the two entries",
            ));
        }
        if place.starts_with(other_place) || other_place.starts_with(place) {
            return Some((
                format!("the folders of the members `{other}` and `{name}` overlap: one is inside the other"),
                OVERLAP,
            ));
        }
    }
    None
}

/// The chain of portfolios by which the member at `place` comes back to
/// a portfolio it went through, said as a sentence; `None` when it never
/// does.
fn cycle_back(portfolio: &Path, place: &Path, name: &str) -> Option<String> {
    let mut chain = vec![name.to_owned()];
    let mut seen = vec![portfolio.to_owned()];
    let back = follow(place, &mut chain, &mut seen)?;
    let closing = match back {
        0 => "this portfolio",
        at => &chain[at - 1],
    };
    Some(format!(
        "a cycle of portfolios: this portfolio → {} → {closing}",
        chain.join(" → ")
    ))
}

/// Where among `seen` the portfolio at `place` comes back to through its
/// members, with the names of those it went through in `chain`; `seen[0]`
/// is the portfolio checked, `seen[n]` the member `chain[n - 1]`.
fn follow(place: &Path, chain: &mut Vec<String>, seen: &mut Vec<PathBuf>) -> Option<usize> {
    if let Some(at) = seen.iter().position(|earlier| earlier == place) {
        return Some(at);
    }
    // A member's own broken roadmap.toml is reported with its other problems.
    let settings = Config::load(place).ok()?.portfolio?;
    seen.push(place.to_owned());
    for (name, written) in &settings.members {
        let next = canonical(&place.join(written.get_ref()));
        chain.push(name.clone());
        if next.is_dir() {
            if let Some(at) = follow(&next, chain, seen) {
                return Some(at);
            }
        }
        chain.pop();
    }
    seen.pop();
    None
}

/// The folder with links and `..` resolved, so that two ways of writing
/// one folder compare equal; as written when it cannot be resolved.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_owned())
}

fn at_entry(file: &Arc<SourceFile>, written: &Spanned<String>, message: String) -> Diagnostic {
    let range = written.span();
    Diagnostic::new(
        Code::Config,
        file,
        Span::new(range.start, range.len()),
        message,
    )
}
