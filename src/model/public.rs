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
use std::sync::Arc;

/// Fields of derived changes that tell engineering detail.
pub(super) const ENGINEERING_FIELDS: [&str; 2] = ["effort", "owner"];

/// Applies the public profile of `config` to a public build's model.
pub(super) fn publish(
    config: &mut Config,
    goals: &mut [Goal],
    initiatives: &mut [Initiative],
    changes: &mut [Change],
) {
    let hosts = InternalHosts::new(
        config
            .audience
            .internal_hosts
            .iter()
            .map(|host| host.get_ref().as_str()),
    );
    let engineering = config.audience.public.engineering;
    for text in [
        &mut config.title,
        &mut config.description,
        &mut config.vision,
    ] {
        scrub(text, &hosts);
    }
    for goal in goals {
        if !engineering {
            goal.owner = None;
        }
        scrub_goal(goal, &hosts);
    }
    for initiative in initiatives {
        if !engineering {
            withhold_engineering_detail(initiative);
        }
        scrub_initiative(initiative, &hosts);
    }
    for change in changes {
        change.author = None;
        for text in [&mut change.title, &mut change.change, &mut change.why] {
            scrub(text, &hosts);
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
