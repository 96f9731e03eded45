//! `--create`: a new initiative for each epic, milestone or project of the
//! export that no initiative tracks, with `goals: []` so that `check`
//! flags it for triage.

use super::items::{next_status, Collected, Tally};
use super::{tracked_yaml, Change};
use crate::frontmatter::{Tracked, TrackerSource};
use crate::load::{CONTENT_DIR, INITIATIVES_DIR};
use crate::scaffold::slugify;
use crate::types::{Day, Status};
use std::collections::HashSet;
use std::path::Path;

pub(super) fn new_files(
    root: &Path,
    collected: &Collected,
    tracked: &HashSet<&str>,
    mut ids: HashSet<String>,
    source: TrackerSource,
    exported: Day,
) -> Vec<Change> {
    let mut created = Vec::new();
    for epic in &collected.epics {
        if tracked.contains(epic.selector.as_str()) {
            continue;
        }
        let Some(tally) = collected.tally(&epic.selector) else {
            continue;
        };
        let Some(id) = free_id(&epic.title, &epic.selector, &ids, root) else {
            continue;
        };
        ids.insert(id.clone());
        let name = format!("{CONTENT_DIR}/{INITIATIVES_DIR}/{id}.md");
        let tracked = Tracked {
            source,
            items: tally.items,
            exported,
        };
        created.push(Change {
            path: root.join(&name),
            name,
            before: None,
            after: text(&epic.title, &epic.selector, &tally, &tracked),
        });
    }
    created
}

/// An id made from the title (or, when that is taken, the title and the
/// tracker's key) that no initiative and no file has.
fn free_id(title: &str, selector: &str, ids: &HashSet<String>, root: &Path) -> Option<String> {
    let folder = root.join(CONTENT_DIR).join(INITIATIVES_DIR);
    [slugify(title), slugify(&format!("{selector} {title}"))]
        .into_iter()
        .find(|id| {
            !id.is_empty()
                && !ids.contains(id)
                && folder.join(format!("{id}.md")).symlink_metadata().is_err()
        })
}

fn text(title: &str, selector: &str, tally: &Tally, tracked: &Tracked) -> String {
    let quoted = |text: &str| serde_json::to_string(text).expect("a string serialises");
    let status = next_status(None, tally.status()).unwrap_or(Status::Proposed);
    let mut text = format!(
        "---\ntitle: {}\nstatus: {}\ngoals: []\nprogress: {}\n",
        quoted(title),
        status.as_str(),
        tally.progress()
    );
    if let (Some(start), Some(end)) = (tally.start(), tally.end()) {
        if start <= end {
            text.push_str(&format!("start: \"{start}\"\nend: \"{end}\"\n"));
        }
    }
    text.push_str(&format!(
        "tracker:\n  {}: {}\ntracked: {}\n---\n",
        tracked.source.as_str(),
        quoted(selector),
        tracked_yaml(tracked)
    ));
    text.push_str(&format!(
        "Added by `waymark import` from the {} export ({selector}): say which goals it serves, \
         why it matters, and when it is scheduled.\n",
        tracked.source.name()
    ));
    text
}
