//! The public build's profile applied to the model: whatever the public
//! reads (pages, feed, exports) is rendered from what is left here, so
//! nothing withheld can reach any output. Links to internal hosts and
//! mentions of them go from every text; commit authors go from the
//! changelog; engineering detail goes unless `[audience.public]
//! engineering = true`.

use super::{Change, Goal, Initiative, Roadmap};
use crate::config::Config;
use crate::hosts::InternalHosts;
use crate::message::Note;
use crate::types::Audience;
use std::sync::Arc;

/// Fields of derived changes that tell engineering detail.
pub(super) const ENGINEERING_FIELDS: [&str; 2] = ["effort", "owner"];

/// What a build's audience profile takes out of each item as it is
/// resolved; nothing for an internal build.
pub(super) struct Profile {
    public: bool,
    engineering: bool,
    hosts: InternalHosts,
    /// What the profile was made from, so that an item resolved under
    /// another profile is not reused.
    key: ProfileKey,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ProfileKey {
    public: bool,
    engineering: bool,
    hosts: Vec<String>,
}

impl Profile {
    pub(super) fn of(config: &Config) -> Profile {
        let hosts: Vec<String> = config
            .audience
            .internal_hosts
            .iter()
            .map(|host| host.get_ref().clone())
            .collect();
        let public = config.build.audience == Audience::Public;
        let engineering = config.publishes_engineering();
        Profile {
            public,
            engineering,
            hosts: InternalHosts::new(hosts.iter().map(String::as_str)),
            key: ProfileKey {
                public,
                engineering,
                hosts,
            },
        }
    }

    pub(super) fn key(&self) -> &ProfileKey {
        &self.key
    }

    /// The roadmap's own words, as this build shows them.
    pub(super) fn config(&self, config: &mut Config) {
        if !self.public {
            return;
        }
        for text in [
            &mut config.title,
            &mut config.description,
            &mut config.vision,
        ] {
            scrub(text, &self.hosts);
        }
    }

    pub(super) fn goal(&self, goal: &mut Goal) {
        if !self.public {
            return;
        }
        if !self.engineering {
            goal.owner = None;
        }
        scrub_goal(goal, &self.hosts);
    }

    pub(super) fn initiative(&self, initiative: &mut Initiative) {
        if !self.public {
            return;
        }
        if !self.engineering {
            withhold_engineering_detail(initiative);
        }
        scrub_initiative(initiative, &self.hosts);
    }

    /// A change derived from git: the public never reads its author.
    pub(super) fn change(&self, change: &mut Change) {
        if !self.public {
            return;
        }
        change.author = None;
        for text in [&mut change.title, &mut change.change, &mut change.why] {
            scrub(text, &self.hosts);
        }
    }
}

/// The technical body, risks, effort, cost and owner: what engineers plan
/// by, not what the public is promised.
fn withhold_engineering_detail(initiative: &mut Initiative) {
    initiative.details_markdown = Arc::from("");
    initiative.risks.clear();
    initiative.effort = None;
    initiative.cost = None;
    initiative.owner = None;
}

fn scrub_goal(goal: &mut Goal, hosts: &InternalHosts) {
    scrub(&mut goal.title, hosts);
    scrub_option(&mut goal.owner, hosts);
    goal.body_markdown = scrub_markdown(&goal.body_markdown, hosts);
    for metric in &mut goal.metrics {
        scrub(&mut metric.name, hosts);
        scrub(&mut metric.target, hosts);
        scrub_option(&mut metric.baseline, hosts);
        scrub_option(&mut metric.current, hosts);
    }
}

fn scrub_initiative(initiative: &mut Initiative, hosts: &InternalHosts) {
    initiative
        .links
        .retain(|link| !hosts.is_internal_url(&link.url));
    for text in [&mut initiative.title, &mut initiative.summary] {
        scrub(text, hosts);
    }
    for text in [
        &mut initiative.owner,
        &mut initiative.team,
        &mut initiative.category,
    ] {
        scrub_option(text, hosts);
    }
    initiative.summary_markdown = scrub_markdown(&initiative.summary_markdown, hosts);
    initiative.details_markdown = scrub_markdown(&initiative.details_markdown, hosts);
    for risk in &mut initiative.risks {
        scrub(&mut risk.risk, hosts);
        scrub(&mut risk.mitigation, hosts);
    }
    for metric in &mut initiative.metrics {
        scrub(&mut metric.name, hosts);
        scrub(&mut metric.target, hosts);
        scrub_option(&mut metric.current, hosts);
    }
    for link in &mut initiative.links {
        scrub(&mut link.title, hosts);
        scrub(&mut link.url, hosts);
    }
    for entry in &mut initiative.changelog {
        scrub(&mut entry.change, hosts);
        scrub(&mut entry.why, hosts);
    }
}

fn scrub(text: &mut String, hosts: &InternalHosts) {
    if let std::borrow::Cow::Owned(scrubbed) = hosts.scrub(text) {
        *text = scrubbed;
    }
}

fn scrub_option(text: &mut Option<String>, hosts: &InternalHosts) {
    if let Some(text) = text {
        scrub(text, hosts);
    }
}

/// Links to internal hosts become their text; then any mention left, in
/// code or plain words, goes as in any other text.
fn scrub_markdown(markdown: &Arc<str>, hosts: &InternalHosts) -> Arc<str> {
    if hosts.is_empty() {
        return Arc::clone(markdown);
    }
    let unlinked = crate::markdown::without_links(markdown, |url| hosts.is_internal_url(url));
    Arc::from(hosts.scrub(&unlinked).as_ref())
}

/// Warnings about a public build that publishes no goal or no initiative,
/// which makes an empty portal: items are internal unless marked.
pub fn warnings(roadmap: &Roadmap) -> Vec<Note> {
    let mut notes = Vec::new();
    if roadmap.goals.is_empty() {
        notes.push(
            Note::warning("the public build has no public goal: its pages show no goals").help(
                "goals are internal unless marked: add `visibility: public` to the front matter \
                 of each goal the public may read",
            ),
        );
    }
    if roadmap.initiatives.is_empty() {
        notes.push(
            Note::warning("the public build has no public initiative: its pages show no work")
                .help(
                    "initiatives are internal unless marked: add `visibility: public` to the \
                     front matter of each initiative the public may read",
                ),
        );
    }
    notes
}
