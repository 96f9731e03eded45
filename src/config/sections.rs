//! The tables of `roadmap.toml` below the top level, each with its
//! defaults: capacity, review, categories, limits, the feed, the timeline,
//! the portfolio, build, audience, Markdown and history settings.

use crate::types::{Day, Quarter};
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Person-weeks the organisation can plan in one quarter.
    pub per_quarter: Spanned<f64>,
    /// Share kept free for bugs, incidents and unplanned work.
    #[serde(default = "default_buffer")]
    pub buffer: Spanned<f64>,
    /// Person-weeks each team can plan in one quarter, by the `team` its
    /// initiatives name; the buffer applies to each.
    #[serde(default)]
    pub teams: std::collections::BTreeMap<String, Spanned<f64>>,
}

impl Capacity {
    /// Person-weeks that may be planned in one quarter.
    pub fn plannable(&self) -> f64 {
        self.less_buffer(*self.per_quarter.get_ref())
    }

    /// Person-weeks that may be planned out of `capacity`.
    pub fn less_buffer(&self, capacity: f64) -> f64 {
        capacity * (1.0 - self.buffer.get_ref())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Categories {
    pub allowed: Vec<String>,
}

/// `[limits]`: the most waymark reads, so that a stray file cannot exhaust
/// memory or time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest file read, in bytes: 10 MiB unless set.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: default_max_file_bytes(),
        }
    }
}

fn default_max_file_bytes() -> u64 {
    10 * 1024 * 1024
}

/// `[feed]`: the Atom feed of the changelog.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    /// How many of the newest changelog entries the feed holds.
    #[serde(default = "default_feed_entries")]
    pub entries: Spanned<WholeNumber>,
}

impl FeedSettings {
    /// How many entries the feed holds.
    pub fn entries(&self) -> usize {
        usize::try_from(self.entries.get_ref().0).unwrap_or(0)
    }
}

/// `[timeline]`: the quarters the timeline shows instead of its default
/// window, from the quarter before today's to the last planned one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineSettings {
    pub from: Option<Spanned<Quarter>>,
    pub to: Option<Spanned<Quarter>>,
}

impl TimelineSettings {
    pub fn from(&self) -> Option<Quarter> {
        self.from.as_ref().map(|from| *from.get_ref())
    }

    pub fn to(&self) -> Option<Quarter> {
        self.to.as_ref().map(|to| *to.get_ref())
    }
}

/// `[portfolio]`: a portfolio publishes its member roadmaps, each a
/// complete roadmap folder, as one site with its own goals and initiatives.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioSettings {
    /// Each member's name, which namespaces its ids (`data/migration`), and
    /// its folder, relative to this roadmap.
    #[serde(default)]
    pub members: std::collections::BTreeMap<String, Spanned<String>>,
    /// Members published to the internal audience only, as a whole.
    #[serde(default)]
    pub internal: Vec<Spanned<String>>,
}

/// The namespace by which a member names the portfolio's own goals
/// (`portfolio/grow-revenue`); no member may take it.
pub const PORTFOLIO_NAMESPACE: &str = "portfolio";

/// Any whole number, negative ones too, so that checking the value can
/// say what it should be; anything else is refused in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeNumber(pub i64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = WholeNumber;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number, such as 100")
            }

            fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(value))
            }

            fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(i64::try_from(value).unwrap_or(i64::MAX)))
            }
        }
        deserializer.deserialize_i64(Visitor)
    }
}

impl Default for FeedSettings {
    fn default() -> FeedSettings {
        FeedSettings {
            entries: default_feed_entries(),
        }
    }
}

fn default_feed_entries() -> Spanned<WholeNumber> {
    Spanned::new(0..0, WholeNumber(100))
}

/// `[build]`: what a build publishes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildSettings {
    /// `public` publishes only public goals and initiatives.
    #[serde(default)]
    pub audience: crate::types::Audience,
}

/// `[audience]`: what a build for each audience publishes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceSettings {
    /// Hosts only people inside can reach, such as `jira.acme.internal`,
    /// or `*.acme.internal` for `acme.internal` and every host under it:
    /// a public build names none of them, in links or in any text.
    #[serde(default)]
    pub internal_hosts: Vec<Spanned<String>>,
    /// `[audience.public]`: the public build's profile.
    #[serde(default)]
    pub public: PublicProfile,
}

/// What a public build publishes beyond the portal of outcomes (index,
/// executive view, goals, public initiatives, changelog and exports).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicProfile {
    /// The engineering view, team pages and the engineering detail of
    /// items: technical bodies, risks, effort, cost and owners.
    #[serde(default)]
    pub engineering: bool,
}

/// `[markdown]`: how bodies are rendered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownSettings {
    /// Keep raw HTML in bodies as written, scripts included. Off by default.
    #[serde(default)]
    pub unsafe_html: bool,
}

impl MarkdownSettings {
    pub fn raw_html(&self) -> crate::markdown::RawHtml {
        if self.unsafe_html {
            crate::markdown::RawHtml::Trusted
        } else {
            crate::markdown::RawHtml::Sanitised
        }
    }
}

/// `[history]`: how much of the git history the changelog derives from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistorySettings {
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Commits before this day are left out.
    pub since: Option<Day>,
    #[serde(default = "default_max_commits")]
    pub max_commits: usize,
    /// How long reading the history may take before the build goes on
    /// without it: a damaged repository can make reading never end.
    #[serde(default = "default_max_seconds")]
    pub max_seconds: u64,
}

impl Default for HistorySettings {
    fn default() -> HistorySettings {
        HistorySettings {
            enabled: true,
            since: None,
            max_commits: default_max_commits(),
            max_seconds: default_max_seconds(),
        }
    }
}

fn enabled() -> bool {
    true
}

fn default_max_commits() -> usize {
    2000
}

fn default_max_seconds() -> u64 {
    10
}

fn default_buffer() -> Spanned<f64> {
    Spanned::new(0..0, 0.25)
}

fn default_stale_after_days() -> u32 {
    90
}

/// Days after which an unreviewed initiative is stale when `[review]` is not set.
pub const DEFAULT_STALE_AFTER_DAYS: u32 = 90;
