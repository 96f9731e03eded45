//! A portfolio's history: each member's, read from the member's own
//! repository, told with the ids the portfolio gives its work, and all of
//! them merged with the portfolio's own, newest first. What the public
//! reads of a member internal as a whole is settled by its items, which
//! the portfolio makes internal: the model tells nothing of hidden items.

use super::{History, PlannedEnds};

/// How a member's ids read in its portfolio.
pub struct Renaming<'a> {
    /// The member's name, for notes about its history.
    pub member: &'a str,
    /// The id of one of the member's own items.
    pub item: &'a dyn Fn(&str) -> String,
    /// An id as the member's references write it, such as a goal served.
    pub reference: &'a dyn Fn(&str) -> String,
}

impl History {
    /// This member's history as its portfolio tells it.
    pub fn renamed(mut self, renaming: &Renaming) -> History {
        for change in &mut self.changes {
            change.key.id = (renaming.item)(&change.key.id);
            for part in &mut change.parts {
                if matches!(part.field, "goals" | "depends_on") {
                    rename_link(part, renaming.reference);
                }
            }
        }
        self.ends = self.ends.renamed(renaming.item);
        for note in &mut self.notes {
            note.text = format!("the member `{}`: {}", renaming.member, note.text);
        }
        self
    }

    /// Takes in the history of a member, keeping the changes newest first.
    pub fn merge(&mut self, member: History) {
        self.changes.extend(member.changes);
        self.changes
            .sort_by_key(|change| std::cmp::Reverse(change.date));
        self.ends.merge(member.ends);
        self.notes.extend(member.notes);
    }
}

fn rename_link(part: &mut super::FieldChange, reference: &dyn Fn(&str) -> String) {
    for value in [&mut part.before, &mut part.after].into_iter().flatten() {
        let renamed = reference(value);
        part.text = part
            .text
            .replace(&format!("`{value}`"), &format!("`{renamed}`"));
        *value = renamed;
    }
}

impl PlannedEnds {
    /// These ends under the ids `item` gives.
    fn renamed(self, item: &dyn Fn(&str) -> String) -> PlannedEnds {
        let rename = |ends: std::collections::HashMap<String, super::Slips>| {
            ends.into_iter()
                .map(|(id, slips)| (item(&id), slips))
                .collect()
        };
        PlannedEnds {
            everything: rename(self.everything),
            public: rename(self.public),
        }
    }

    fn merge(&mut self, other: PlannedEnds) {
        self.everything.extend(other.everything);
        self.public.extend(other.public);
    }
}
