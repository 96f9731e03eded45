//! `roadmap.toml`: the roadmap's title, where it is published, and the
//! planning rules that validation enforces. Every key is optional.

use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::schedule::CHART_QUARTERS;
use crate::source::{self, SourceFile};
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

mod sections;

pub use sections::*;

pub const FILE_NAME: &str = "roadmap.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_title")]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// An absolute URL or a path such as `/roadmap/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub vision: String,
    pub capacity: Option<Capacity>,
    pub review: Option<Review>,
    pub categories: Option<Categories>,
    #[serde(default)]
    pub history: HistorySettings,
    #[serde(default)]
    pub markdown: MarkdownSettings,
    #[serde(default)]
    pub build: BuildSettings,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub feed: FeedSettings,
    #[serde(default)]
    pub audience: AudienceSettings,
    #[serde(default)]
    pub timeline: TimelineSettings,
    /// `[portfolio]`: the member roadmaps this one publishes with its own.
    pub portfolio: Option<PortfolioSettings>,
    /// The parsed file, so that warnings about its settings can point at
    /// them; absent when the roadmap has no `roadmap.toml`.
    #[serde(skip)]
    pub source: Option<Arc<SourceFile>>,
}

fn default_title() -> String {
    "Technology roadmap".to_owned()
}

fn default_base_url() -> String {
    "/".to_owned()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: default_title(),
            description: String::new(),
            base_url: default_base_url(),
            vision: String::new(),
            capacity: None,
            review: None,
            categories: None,
            history: HistorySettings::default(),
            markdown: MarkdownSettings::default(),
            build: BuildSettings::default(),
            limits: Limits::default(),
            feed: FeedSettings::default(),
            audience: AudienceSettings::default(),
            timeline: TimelineSettings::default(),
            portfolio: None,
            source: None,
        }
    }
}

impl Config {
    /// Whether this build publishes the engineering view and the
    /// engineering detail of items: always inside, in public only when the
    /// profile says so.
    pub fn publishes_engineering(&self) -> bool {
        self.build.audience == crate::types::Audience::Internal || self.audience.public.engineering
    }

    pub fn stale_after_days(&self) -> u32 {
        self.review
            .as_ref()
            .map_or(DEFAULT_STALE_AFTER_DAYS, |r| r.stale_after_days)
    }

    /// Reads `roadmap.toml` from the roadmap folder; defaults when absent.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(FILE_NAME);
        if !path.exists() {
            return Ok(Config::default());
        }
        Config::parse(read_source(root, &path, &Limits::default())?)
    }

    /// Reads the text of `roadmap.toml`.
    pub fn parse(file: Arc<SourceFile>) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(&file.text).map_err(|error| {
            let span = error
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.len()));
            let message = error.message().to_owned();
            let help = unknown_key_help(&message).or_else(|| duplicate_key_help(&message));
            let diagnostic = Diagnostic::new(Code::Config, &file, span, message);
            match help {
                Some(help) => diagnostic.help(help),
                None => diagnostic,
            }
        })?;
        config.check_values(&file)?;
        config.source = Some(file);
        Ok(config)
    }

    fn check_values(&self, file: &Arc<SourceFile>) -> Result<(), Diagnostic> {
        if let Err(problem) = check_base_url(&self.base_url) {
            let at = file.text.find("base_url").unwrap_or(0);
            return Err(Diagnostic::new(
                Code::Config,
                file,
                Span::new(at, "base_url".len()),
                format!("base_url `{}` {problem}", self.base_url.escape_debug()),
            )
            .help(BASE_URL_HELP));
        }
        if self.feed.entries.get_ref().0 < 1 {
            return Err(spanned_error(
                file,
                &self.feed.entries,
                "entries must be a positive whole number of feed entries",
            )
            .help("write how many of the newest changes the feed holds, such as `entries = 100`"));
        }
        if let Some(host) = self
            .audience
            .internal_hosts
            .iter()
            .find(|host| crate::hosts::HostPattern::parse(host.get_ref()).is_none())
        {
            return Err(spanned_error(
                file,
                host,
                &format!("`{}` is not a host name", host.get_ref().escape_debug()),
            )
            .help("write a host such as \"jira.acme.internal\", or \"*.acme.internal\" for it and every host under it, without a scheme, port or path"));
        }
        self.check_timeline(file)?;
        if let Some(portfolio) = &self.portfolio {
            check_portfolio(portfolio, file)?;
        }
        if let Some(capacity) = &self.capacity {
            let per_quarter = &capacity.per_quarter;
            if !is_positive(per_quarter) {
                return Err(spanned_error(
                    file,
                    per_quarter,
                    "per_quarter must be a positive number of person-weeks",
                ));
            }
            if let Some((team, _)) = capacity.teams.iter().find(|(_, c)| !is_positive(c)) {
                return Err(spanned_error(
                    file,
                    &capacity.teams[team],
                    &format!(
                        "the capacity of team `{team}` must be a positive number of person-weeks"
                    ),
                ));
            }
            let buffer = &capacity.buffer;
            if !(0.0..1.0).contains(buffer.get_ref()) {
                return Err(spanned_error(
                    file,
                    buffer,
                    "buffer must be a share from 0 up to (not including) 1, such as 0.25",
                ));
            }
        }
        Ok(())
    }

    /// A window of at least one quarter, and narrow enough to draw.
    fn check_timeline(&self, file: &Arc<SourceFile>) -> Result<(), Diagnostic> {
        let (Some(from), Some(to)) = (&self.timeline.from, &self.timeline.to) else {
            return Ok(());
        };
        let quarters = to.get_ref().quarters_since(*from.get_ref()) + 1;
        if quarters < 1 {
            return Err(spanned_error(file, to, "the timeline's `to` comes before its `from`")
                .help("write a `to` quarter at or after `from`, such as `from = \"2026-Q1\"` and `to = \"2027-Q4\"`"));
        }
        if quarters as usize > CHART_QUARTERS {
            return Err(spanned_error(
                file,
                to,
                &format!("the timeline spans {quarters} quarters, more than the {CHART_QUARTERS} a chart can draw"),
            )
            .help(format!("bring `from` and `to` within {CHART_QUARTERS} quarters of each other")));
        }
        Ok(())
    }
}

/// Member names that can namespace ids, and `internal` naming members.
fn check_portfolio(
    portfolio: &PortfolioSettings,
    file: &Arc<SourceFile>,
) -> Result<(), Diagnostic> {
    for (name, path) in &portfolio.members {
        let problem = if name == PORTFOLIO_NAMESPACE {
            Some(format!(
                "`{PORTFOLIO_NAMESPACE}` names the portfolio's own goals, not a member"
            ))
        } else {
            crate::types::check_slug(name).err().map(|problem| {
                format!(
                    "the member name `{}` cannot namespace ids: {problem}",
                    name.escape_debug()
                )
            })
        };
        if let Some(problem) = problem {
            return Err(spanned_error(file, path, &problem).help(
                "name each member with a slug such as `data = \"../data-roadmap\"`: its ids are then written `data/some-id`",
            ));
        }
    }
    if let Some(unknown) = portfolio
        .internal
        .iter()
        .find(|name| !portfolio.members.contains_key(name.get_ref()))
    {
        let known = portfolio.members.keys().map(String::as_str);
        let help = did_you_mean(unknown.get_ref(), known.clone()).unwrap_or_else(|| {
            format!(
                "name one of the members: {}",
                known.collect::<Vec<_>>().join(", ")
            )
        });
        return Err(spanned_error(
            file,
            unknown,
            &format!(
                "`internal` names `{}`, which is not a member",
                unknown.get_ref().escape_debug()
            ),
        )
        .help(help));
    }
    Ok(())
}

/// What to write instead of a base URL that `check_base_url` refuses.
pub const BASE_URL_HELP: &str =
    "write an absolute URL such as \"https://roadmap.example.internal/\" \
     or a path such as \"/roadmap/\", with any other character percent-encoded (%20 for a space)";

/// Checks a base URL, from roadmap.toml or from `--base-url`: an absolute
/// http or https URL, or a path from the server's root. It lands in links,
/// the feed and the preview server's script, so it may hold only the
/// characters of a URL that need no escaping anywhere: no quotes, spaces,
/// angle brackets, backslashes or controls, no query or fragment, and no
/// `//` that would name another host. `Err` says what is wrong, as the end
/// of a sentence that starts with the URL.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let path = match ["http://", "https://"]
        .iter()
        .find(|s| lower.starts_with(*s))
    {
        Some(scheme) => {
            let rest = &url[scheme.len()..];
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            check_host(host)?;
            path
        }
        None if url.starts_with("//") => {
            return Err("starts with `//`, which names another host".to_owned())
        }
        None if url.starts_with('/') => url,
        None => {
            return Err(
                "is neither an absolute http or https URL nor a path starting with `/`".to_owned(),
            )
        }
    };
    check_url_path(path)
}

/// A host name or address, with an optional port: no user name or
/// password, nothing a host cannot hold.
fn check_host(host: &str) -> Result<(), String> {
    if !host.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '[') {
        return Err("has no host name".to_owned());
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._:[]".contains(c);
    match host.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(format!("has {:?} in its host name", c)),
        None => Ok(()),
    }
}

/// The path of a base URL: characters that need no escaping in HTML, XML
/// or a script string, escapes that are complete, and no empty, `.` or
/// `..` segment.
fn check_url_path(path: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$()*+,;=:@/%".contains(c);
    if let Some(c) = path.chars().find(|&c| !allowed(c)) {
        return Err(format!("has {c:?}, which it cannot hold unescaped"));
    }
    let bytes = path.as_bytes();
    let broken_escape = bytes.iter().enumerate().any(|(at, &b)| {
        b == b'%'
            && !bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if broken_escape {
        return Err("has a `%` that starts no escape such as %20".to_owned());
    }
    let inner = path.strip_prefix('/').unwrap_or(path);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let odd_segment = !inner.is_empty() && inner.split('/').any(|s| matches!(s, "" | "." | ".."));
    if odd_segment {
        return Err("has an empty, `.` or `..` segment in its path".to_owned());
    }
    Ok(())
}

fn is_positive(value: &Spanned<f64>) -> bool {
    value.get_ref().is_finite() && *value.get_ref() > 0.0
}

fn spanned_error<T>(file: &Arc<SourceFile>, value: &Spanned<T>, message: &str) -> Diagnostic {
    let range = value.span();
    Diagnostic::new(
        Code::Config,
        file,
        Span::new(range.start, range.len()),
        message,
    )
}

/// toml names the keys it expected; turn that into a suggestion.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (wrong, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(wrong, candidates)
}

/// A key written twice, such as a member listed twice under one name.
fn duplicate_key_help(message: &str) -> Option<String> {
    message
        .starts_with("duplicate key")
        .then(|| "each key may appear once: remove or rename the second one".to_owned())
}

/// Reads a text file of the roadmap, or says which file could not be read.
/// A file over the size limit is not read at all.
pub fn read_source(
    root: &Path,
    path: &Path,
    limits: &Limits,
) -> Result<Arc<SourceFile>, Diagnostic> {
    let name = source::display_name(root, path);
    let unreadable = |message: String| {
        let file = SourceFile::new(name.clone(), "");
        Diagnostic::new(Code::UnreadableFile, &file, Span::new(0, 0), message)
    };
    let bytes = match source::read_bounded(path, limits.max_file_bytes) {
        Ok(source::Bounded::Read(bytes)) => bytes,
        Ok(source::Bounded::TooLarge(size)) => {
            let megabytes = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
            return Err(unreadable(format!(
                "the file is {:.1} MiB, more than the {:.1} MiB that waymark reads",
                megabytes(size),
                megabytes(limits.max_file_bytes)
            ))
            .help("split it, or raise `max_file_bytes` under `[limits]` in roadmap.toml"));
        }
        Err(error) if source::NotRegular::is(&error.source) => {
            return Err(unreadable(error.to_string()).help(
                "waymark reads only regular files: put a regular file here, or move this one out of the roadmap folder",
            ))
        }
        Err(error) => return Err(unreadable(error.to_string())),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::from_string(name, text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = SourceFile::new(name, &lossy);
            let offset = lossy
                .char_indices()
                .map(|(i, _)| i)
                .nth(
                    String::from_utf8_lossy(&error.as_bytes()[..at])
                        .chars()
                        .count(),
                )
                .unwrap_or(0);
            Err(Diagnostic::new(
                Code::UnreadableFile,
                &file,
                Span::new(offset, 1),
                "the file is not valid UTF-8 text",
            )
            .label("this byte is not UTF-8")
            .help("save the file as UTF-8"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn base_urls_are_web_addresses_or_paths_that_need_no_escaping() {
        for good in [
            "/",
            "/roadmap/",
            "/docs",
            "/a-b_c.d~e/%C3%9F/",
            "https://roadmap.example.internal/",
            "HTTPS://Host.example:8443/roadmap/",
            "http://[::1]:8000/",
            "https://host.internal",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "roadmap/",
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,x",
            "//evil.example/",
            "https://",
            "https:///path/",
            "https://user:secret@host.example/",
            "https://host.example/a b/",
            "/x\");alert(document.domain);(\"/",
            "/x'/",
            "/</script>/",
            "/a>b/",
            "/a&b/",
            "/a\\b/",
            "/a\tb/",
            "/a\u{0}b/",
            "/a\u{2028}/",
            "/stra\u{df}e/",
            "/a?b=c",
            "/a#top",
            "/%zz/",
            "/%4/",
            "/a//b/",
            "/a/../b/",
            "/./",
            "https://host.example//evil.example/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?} passed");
        }
    }
}
