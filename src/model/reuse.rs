//! What one build of the model hands on to the next, so that `serve`
//! resolves only the documents that changed: the goals and initiatives
//! resolved from each document and the changelog entries written in each
//! file, shared between the models that show them rather than copied; and
//! while every item keeps its position and id, their order, index and links.
//!
//! An item is reused only for the very document it was resolved from (the
//! same `Arc`, kept alive here, so that its address cannot be taken by
//! another), and only on the same day. What an item shows of the others is
//! worked out again on every build (links.rs), and an item whose links
//! differ is copied before it changes: the model it came from stays as it
//! was.

use super::links::{Earlier as EarlierLinks, Linked};
use super::public::ProfileKey;
use super::{Change, Goal, Initiative};
use crate::frontmatter::{GoalFrontMatter, Identified, InitiativeFrontMatter};
use crate::health::Health;
use crate::history::Subject;
use crate::load::{Document, Loaded};
use crate::types::{Day, GoalId, InitiativeId};
use foldhash::{HashMap, HashSet};
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// A list of items that several models may share.
#[derive(Debug)]
pub struct Items<T>(Vec<Arc<T>>);

/// The items of an [`Items`], in order.
pub type Iter<'a, T> = std::iter::Map<std::slice::Iter<'a, Arc<T>>, fn(&Arc<T>) -> &T>;

impl<T> Items<T> {
    pub(super) fn new(items: Vec<Arc<T>>) -> Items<T> {
        Items(items)
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.0.iter().map(Arc::as_ref)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the item at `at` is the very one `other` has there, shared
    /// between two models and so alike in every fact.
    pub fn shares(&self, other: &Items<T>, at: usize) -> bool {
        matches!((self.0.get(at), other.0.get(at)), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
    }
}

impl<T> std::ops::Index<usize> for Items<T> {
    type Output = T;

    fn index(&self, index: usize) -> &T {
        &self.0[index]
    }
}

impl<'a, T> IntoIterator for &'a Items<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for Items<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The documents a build was made from, and what it resolved from them.
/// Empty for a one-off build, which then resolves every document.
#[derive(Default)]
pub struct Resolved {
    /// The day it was made on, and the audience profile it was made for:
    /// both change what an item shows.
    made: Option<(Day, ProfileKey)>,
    pub(super) goals: Cache<GoalFrontMatter, Goal>,
    pub(super) initiatives: Cache<InitiativeFrontMatter, Initiative>,
    pub(super) goal_order: Option<Order<GoalId>>,
    pub(super) initiative_order: Option<Order<InitiativeId>>,
    pub(super) linked: Option<Linked>,
    /// The changelog entries written in each initiative's file, in the
    /// order of the initiatives' ids.
    pub(super) written: Cache<InitiativeFrontMatter, Vec<Arc<Change>>>,
    /// The judgement of health its items show.
    health: Option<Arc<Health>>,
}

/// What a build resolved from each of its documents, in their order. The
/// documents are kept, so that their addresses stay their own.
pub(super) struct Cache<D, T> {
    entries: Vec<Entry<D, T>>,
}

/// A document, and what was resolved from it, if anything.
type Entry<D, T> = (Arc<Document<D>>, Option<Arc<T>>);

impl<D, T> Default for Cache<D, T> {
    fn default() -> Self {
        Cache {
            entries: Vec::new(),
        }
    }
}

fn address<D>(document: &Arc<Document<D>>) -> usize {
    Arc::as_ptr(document) as usize
}

/// An item and the document it was resolved from.
pub(super) type Sourced<'a, D, T> = (Arc<T>, &'a Arc<Document<D>>);

impl<D: Sync + Send, T: Sync + Send> Cache<D, T> {
    /// The item of each source's document, if it has one: the one resolved
    /// from the very same document by the build this cache is of, or else
    /// resolved now. Those resolved now are resolved in parallel, as a
    /// first build resolves every document.
    pub(super) fn resolve<'s, 'd, S: Sync>(
        &self,
        sources: &'s [S],
        document_of: impl Fn(&'s S) -> &'d Arc<Document<D>> + Sync,
        reuse: bool,
        resolve: impl Fn(&'s S) -> Option<T> + Sync,
    ) -> Resolution<'d, D, T> {
        let documents: Vec<&'d Arc<Document<D>>> = sources.iter().map(&document_of).collect();
        let earlier = Earlier::of(&self.entries, documents.len());
        let mut found: Vec<Option<Option<Arc<T>>>> = documents
            .iter()
            .enumerate()
            .map(|(at, document)| earlier.find(at, document).filter(|_| reuse).cloned())
            .collect();
        let earlier: Vec<bool> = found.iter().map(Option::is_some).collect();
        let missing: Vec<usize> = (0..found.len()).filter(|&at| !earlier[at]).collect();
        let fresh: Vec<Option<Arc<T>>> = missing
            .par_iter()
            .map(|&at| resolve(&sources[at]).map(Arc::new))
            .collect();
        for (at, item) in missing.into_iter().zip(fresh) {
            found[at] = Some(item);
        }
        Resolution {
            documents,
            items: found.into_iter().map(Option::flatten).collect(),
            earlier,
        }
    }

    /// Notes in `out` the ids of the documents that are only in this cache
    /// or only in `now`: at least those, and with as many documents as
    /// before, those of every position whose document differs.
    fn differences(
        &self,
        subject: Subject,
        now: &[Arc<Document<D>>],
        out: &mut Vec<(Subject, String)>,
    ) where
        D: Identified,
    {
        let id = |document: &Document<D>| (subject, document.id().to_owned());
        if self.entries.len() == now.len() {
            for ((earlier, _), document) in self.entries.iter().zip(now) {
                if !Arc::ptr_eq(earlier, document) {
                    out.extend([id(earlier), id(document)]);
                }
            }
            return;
        }
        let before: HashSet<usize> = self.entries.iter().map(|(d, _)| address(d)).collect();
        let after: HashSet<usize> = now.iter().map(address).collect();
        let added = now.iter().filter(|d| !before.contains(&address(d)));
        let gone = self.entries.iter().map(|(d, _)| d);
        let gone = gone.filter(|d| !after.contains(&address(d)));
        out.extend(added.chain(gone).map(|document| id(document)));
    }
}

/// Finds what a cache holds for a document: at the document's position,
/// where most documents are as before, or else by its address.
struct Earlier<'c, D, T> {
    entries: &'c [Entry<D, T>],
    /// As many documents as before: one that is not where it was is new,
    /// or moved with others and resolved anew.
    aligned: bool,
    by_address: std::sync::OnceLock<HashMap<usize, usize>>,
}

impl<'c, D, T> Earlier<'c, D, T> {
    fn of(entries: &'c [Entry<D, T>], count: usize) -> Self {
        Earlier {
            entries,
            aligned: entries.len() == count,
            by_address: std::sync::OnceLock::new(),
        }
    }

    fn find(&self, at: usize, document: &Arc<Document<D>>) -> Option<&'c Option<Arc<T>>> {
        if let Some((earlier, item)) = self.entries.get(at) {
            if Arc::ptr_eq(earlier, document) {
                return Some(item);
            }
        }
        if self.aligned {
            return None;
        }
        let by_address = self.by_address.get_or_init(|| {
            let addresses = self.entries.iter().map(|(d, _)| address(d));
            addresses
                .enumerate()
                .map(|(at, address)| (address, at))
                .collect()
        });
        let &at = by_address.get(&address(document))?;
        Some(&self.entries[at].1)
    }
}

/// The items resolved from a build's documents, in their order, while the
/// build links those its audience sees.
pub(super) struct Resolution<'d, D, T> {
    documents: Vec<&'d Arc<Document<D>>>,
    items: Vec<Option<Arc<T>>>,
    /// Whether each item is the one the cache held for its document.
    earlier: Vec<bool>,
}

impl<'d, D, T> Resolution<'d, D, T> {
    /// Takes out the items that `seen` accepts, each with its document and
    /// position, so that no cache holds them while they are linked.
    pub(super) fn take_seen(
        &mut self,
        seen: impl Fn(&T) -> bool,
    ) -> Vec<Option<(Sourced<'d, D, T>, usize)>> {
        let items = self.items.iter_mut().zip(&self.documents).enumerate();
        items
            .map(|(at, (item, document))| {
                if !item.as_deref().is_some_and(&seen) {
                    return None;
                }
                Some(((item.take()?, *document), at))
            })
            .collect()
    }

    /// Puts the `linked` items back at their `positions`.
    pub(super) fn put_back(&mut self, linked: &[Sourced<'d, D, T>], positions: &[usize]) {
        for ((item, _), &at) in linked.iter().zip(positions) {
            self.items[at] = Some(Arc::clone(item));
        }
    }

    /// The items that `seen` accepts, taken out as [`take_seen`] does, in
    /// order of their ids; and where each came from, and where each is by
    /// its id. That order is the earlier build's when its documents had the
    /// same ids at the same positions, and the same positions are seen.
    ///
    /// [`take_seen`]: Self::take_seen
    pub(super) fn sort_seen<K: std::hash::Hash + Ord + Clone>(
        &mut self,
        (cache, order): (&Cache<D, T>, Option<&Order<K>>),
        seen: impl Fn(&T) -> bool,
        id: impl Fn(&T) -> &K,
    ) -> (Vec<Sourced<'d, D, T>>, Order<K>) {
        let order = order.filter(|_| self.same_ids(cache, &id));
        let mut taken = self.take_seen(&seen);
        let count = taken.iter().flatten().count();
        let same_seen = |order: &&Order<K>| {
            order.at.len() == count && order.at.iter().all(|&at| taken[at].is_some())
        };
        if let Some(order) = order.filter(same_seen) {
            let items = order.at.iter().filter_map(|&at| taken[at].take());
            let items = items.map(|(item, _)| item).collect();
            let kept = order.at.iter().map(|&at| self.earlier[at]).collect();
            let order = Order {
                kept: Some(kept),
                ..order.clone()
            };
            return (items, order);
        }
        let (items, at): (Vec<_>, Vec<_>) = super::by_id(taken, |((item, _), _)| id(item))
            .into_iter()
            .unzip();
        let index = super::index_by(&items, |(item, _)| id(item).clone());
        let index = Arc::new(index);
        let kept = None;
        (items, Order { at, index, kept })
    }

    /// Whether each position holds an item of the same id, or none, as in
    /// `cache`.
    fn same_ids<K: PartialEq>(&self, cache: &Cache<D, T>, id: impl Fn(&T) -> &K) -> bool {
        let alike = |now: &Option<Arc<T>>, before: &Option<Arc<T>>| match (now, before) {
            (None, None) => true,
            (Some(now), Some(before)) => Arc::ptr_eq(now, before) || id(now) == id(before),
            _ => false,
        };
        cache.entries.len() == self.items.len()
            && self
                .items
                .iter()
                .zip(&cache.entries)
                .all(|(now, (_, before))| alike(now, before))
    }

    /// The items, in the order of their documents.
    pub(super) fn items(&self) -> impl Iterator<Item = &Arc<T>> {
        self.items.iter().flatten()
    }

    fn into_cache(self) -> Cache<D, T> {
        let documents = self.documents.into_iter().cloned();
        Cache {
            entries: documents.zip(self.items).collect(),
        }
    }
}

/// Where the items a build's audience sees came from, in order of their
/// ids, and where each is by its id.
pub(super) struct Order<K> {
    pub(super) at: Vec<usize>,
    pub(super) index: Arc<HashMap<K, usize>>,
    /// When the order is the earlier build's: whether each item is the one
    /// that build had there.
    pub(super) kept: Option<Vec<bool>>,
}

impl<K> Clone for Order<K> {
    fn clone(&self) -> Self {
        Order {
            at: self.at.clone(),
            index: Arc::clone(&self.index),
            kept: self.kept.clone(),
        }
    }
}

impl Resolved {
    /// What the latest build resolved from goal documents, and their order.
    pub(super) fn goals(&self) -> (&Cache<GoalFrontMatter, Goal>, Option<&Order<GoalId>>) {
        (&self.goals, self.goal_order.as_ref())
    }

    /// What the latest build resolved from initiative documents, and their
    /// order.
    pub(super) fn initiatives(
        &self,
    ) -> (
        &Cache<InitiativeFrontMatter, Initiative>,
        Option<&Order<InitiativeId>>,
    ) {
        (&self.initiatives, self.initiative_order.as_ref())
    }

    /// The links of the latest build, when the items of this one are where
    /// they were, by the orders this build found.
    pub(super) fn links<'e, G, I>(
        &'e self,
        goals: &'e Order<G>,
        initiatives: &'e Order<I>,
    ) -> Option<EarlierLinks<'e>> {
        Some(EarlierLinks {
            linked: self.linked.as_ref()?,
            goals_kept: goals.kept.as_deref()?,
            initiatives_kept: initiatives.kept.as_deref()?,
        })
    }

    /// Whether items resolved by the latest build hold for `today` and
    /// the audience `profile`.
    pub(super) fn holds_on(&self, today: Day, profile: &ProfileKey) -> bool {
        self.made
            .as_ref()
            .is_some_and(|(day, made_for)| *day == today && made_for == profile)
    }

    /// Whether the items it kept show the very judgement `health`.
    pub(super) fn judged_by(&self, health: &Arc<Health>) -> bool {
        self.health.as_ref().is_some_and(|h| Arc::ptr_eq(h, health))
    }

    /// What a build made on `today` for the audience `profile`, for the
    /// next.
    pub(super) fn new(
        (today, profile): (Day, ProfileKey),
        (goals, goal_order): (Resolution<GoalFrontMatter, Goal>, Order<GoalId>),
        (initiatives, initiative_order): (
            Resolution<InitiativeFrontMatter, Initiative>,
            Order<InitiativeId>,
        ),
        written: Resolution<InitiativeFrontMatter, Vec<Arc<Change>>>,
        linked: Linked,
        health: Arc<Health>,
    ) -> Resolved {
        Resolved {
            health: Some(health),
            made: Some((today, profile)),
            linked: Some(linked),
            goals: goals.into_cache(),
            initiatives: initiatives.into_cache(),
            goal_order: Some(goal_order),
            initiative_order: Some(initiative_order),
            written: written.into_cache(),
        }
    }

    /// The items whose documents differ between the latest build and
    /// `loaded`, by the ids they had and have: new, changed and removed
    /// files, however many changes came between the two, and perhaps more.
    pub fn changed(&self, loaded: &Loaded) -> Vec<(Subject, String)> {
        let mut changed = Vec::new();
        self.goals
            .differences(Subject::Goal, &loaded.goals, &mut changed);
        self.initiatives
            .differences(Subject::Initiative, &loaded.initiatives, &mut changed);
        changed
    }
}

#[cfg(test)]
mod tests;
