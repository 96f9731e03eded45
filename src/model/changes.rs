//! The changelog of a build: the entries written in initiatives' files
//! and those derived from git, merged newest first, each told to the
//! audience as much as it may read.

use super::{public, Change, Initiative, Items};
use crate::history::{DerivedChange, FieldChange, History, Key, Subject};
use crate::types::{Audience, Day};
use foldhash::HashSet;
use std::sync::Arc;

/// The changelog: `written` entries and `history`'s, as `audience` reads
/// them (with engineering detail when the build publishes it).
/// `is_current` says whether an item is on this build's roadmap.
pub(super) fn changelog(
    written: Vec<Arc<Change>>,
    history: &History,
    (audience, engineering, profile): (Audience, bool, &public::Profile),
    is_current: impl Fn(Subject, &str) -> bool,
) -> Items<Change> {
    let history: Vec<(&DerivedChange, String)> = history
        .changes
        .iter()
        .filter(|change| change.is_read_by(audience))
        .filter_map(|change| {
            let text = match audience {
                Audience::Internal => change.text(),
                Audience::Public => public_text(change, &is_current, engineering)?,
            };
            Some((change, text))
        })
        .collect();
    merge_changes(
        written,
        &history,
        audience,
        |key| is_current(key.subject, &key.id),
        profile,
    )
}

/// What the public is told of a derived change: nothing unless it
/// concerns an item on the public roadmap, and of its parts only those
/// that name no other item that is not, and tell engineering detail only
/// when the build publishes it; `None` when no part is left.
fn public_text(
    change: &DerivedChange,
    is_current: &impl Fn(Subject, &str) -> bool,
    engineering: bool,
) -> Option<String> {
    if !is_current(change.key.subject, &change.key.id) {
        return None;
    }
    change.text_of(|part| {
        names_only_public(part, is_current)
            && (engineering || !public::ENGINEERING_FIELDS.contains(&part.field))
    })
}

/// Whether every item a part names is on the public roadmap.
fn names_only_public(part: &FieldChange, is_current: &impl Fn(Subject, &str) -> bool) -> bool {
    let named = match part.field {
        "goals" => Some(Subject::Goal),
        "depends_on" => Some(Subject::Initiative),
        _ => None,
    };
    named.is_none_or(|subject| {
        [&part.before, &part.after]
            .into_iter()
            .flatten()
            .all(|id| is_current(subject, id))
    })
}

/// The changelog entries written in an initiative's file.
pub(super) fn written_changes(initiative: &Initiative) -> Vec<Arc<Change>> {
    let entries = initiative.changelog.iter().map(|entry| Change {
        date: entry.date,
        subject: Subject::Initiative,
        id: initiative.id.to_string(),
        title: initiative.title.clone(),
        change: entry.change.clone(),
        why: entry.why.clone(),
        author: None,
        commit: None,
        current: true,
    });
    entries.map(Arc::new).collect()
}

/// Hand-written entries first, then those derived from git, newest first.
/// A hand-written entry on the same initiative and day replaces the derived
/// ones: writers explain better than commit subjects.
fn merge_changes(
    written: Vec<Arc<Change>>,
    history: &[(&DerivedChange, String)],
    audience: Audience,
    is_current: impl Fn(&Key) -> bool,
    profile: &public::Profile,
) -> Items<Change> {
    let derived: HashSet<&str> = history
        .iter()
        .filter(|(derived, _)| derived.key.subject == Subject::Initiative)
        .map(|(derived, _)| derived.key.id.as_str())
        .collect();
    let replaced: HashSet<(&str, Day)> = written
        .iter()
        .filter(|change| derived.contains(change.id.as_str()))
        .map(|change| (change.id.as_str(), change.date))
        .collect();
    let kept = history.iter().filter(|(derived, _)| {
        let key = &derived.key;
        key.subject != Subject::Initiative || !replaced.contains(&(key.id.as_str(), derived.date))
    });
    let derived: Vec<Arc<Change>> = kept
        .map(|(derived, text)| {
            let key = &derived.key;
            let mut change = Change {
                date: derived.date,
                subject: key.subject,
                id: key.id.clone(),
                title: derived.title.clone(),
                change: text.clone(),
                why: derived.why_for(audience).to_owned(),
                author: Some(derived.author.clone()),
                commit: Some(derived.commit.clone()),
                current: is_current(key),
            };
            profile.change(&mut change);
            Arc::new(change)
        })
        .collect();
    let mut changes = written;
    changes.extend(derived);
    // Stable: ties keep hand-written first, then the newest commit first.
    changes.sort_by_key(|change| std::cmp::Reverse(change.date));
    Items::new(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::Readers;

    fn part(
        field: &'static str,
        before: Option<&str>,
        after: Option<&str>,
        text: &str,
    ) -> FieldChange {
        FieldChange {
            field,
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
            text: text.to_owned(),
        }
    }

    fn change(id: &str, parts: Vec<FieldChange>) -> DerivedChange {
        DerivedChange {
            date: "2026-01-01".parse().unwrap(),
            key: Key {
                subject: Subject::Initiative,
                id: id.to_owned(),
            },
            title: "Open".to_owned(),
            parts,
            readers: Readers::Everyone,
            why: String::new(),
            touched_internal: false,
            author: String::new(),
            commit: String::new(),
        }
    }

    #[test]
    fn the_public_is_told_only_the_parts_that_name_no_internal_item() {
        let public = |_: Subject, id: &str| !id.starts_with("secret");
        let effort = part("effort", Some("8"), Some("10"), "Effort 8 → 10");
        let needs = part(
            "depends_on",
            None,
            Some("secret-work"),
            "Now depends on `secret-work`",
        );
        let serves = part(
            "goals",
            Some("secret-goal"),
            None,
            "No longer serves goal `secret-goal`",
        );
        let both = change("open", vec![effort.clone(), needs.clone(), serves.clone()]);
        assert_eq!(
            both.text(),
            "Effort 8 → 10; now depends on `secret-work`; no longer serves goal `secret-goal`"
        );
        assert_eq!(
            public_text(&both, &public, true).as_deref(),
            Some("Effort 8 → 10")
        );
        assert_eq!(
            public_text(&change("open", vec![needs, serves]), &public, true),
            None
        );
        assert_eq!(
            public_text(&change("secret-item", vec![effort.clone()]), &public, true),
            None
        );
        // Without the engineering view, effort is not the public's business.
        assert_eq!(
            public_text(&change("open", vec![effort]), &public, false),
            None
        );
    }
}
