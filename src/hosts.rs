//! Internal hosts, as `[audience] internal_hosts` names them: whether a
//! URL leads to one, and text with every mention of one taken out, so that
//! a public build names none.

use std::borrow::Cow;

/// What a text says where it named an internal host or linked to one.
pub const REMOVED: &str = "(internal link)";

/// One entry of `internal_hosts`, in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPattern {
    /// `jira.acme.internal`: that host only.
    Exact(String),
    /// `*.acme.internal`: `acme.internal` and every host under it.
    Under(String),
}

impl HostPattern {
    /// `None` unless `text` is a host name, optionally after `*.`.
    pub fn parse(text: &str) -> Option<HostPattern> {
        let text = text.trim().to_ascii_lowercase();
        let (under, host) = match text.strip_prefix("*.") {
            Some(host) => (true, host.to_owned()),
            None => (false, text),
        };
        let label_ok = |label: &str| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if !host.split('.').all(label_ok) {
            return None;
        }
        Some(if under {
            HostPattern::Under(host)
        } else {
            HostPattern::Exact(host)
        })
    }

    fn matches(&self, host: &str) -> bool {
        match self {
            HostPattern::Exact(exact) => host == exact,
            HostPattern::Under(domain) => {
                host == domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|sub| sub.ends_with('.'))
            }
        }
    }
}

/// The internal hosts of a roadmap.
#[derive(Debug, Clone, Default)]
pub struct InternalHosts(Vec<HostPattern>);

impl InternalHosts {
    /// Entries that are no host name are left out: configuration checks
    /// refuse them before a build starts.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> InternalHosts {
        InternalHosts(
            patterns
                .into_iter()
                .filter_map(HostPattern::parse)
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `host` (any case, with or without a trailing dot) is internal.
    pub fn is_internal(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.0.iter().any(|pattern| pattern.matches(&host))
    }

    /// Whether `url` leads to an internal host: absolute URLs and
    /// scheme-relative ones (`//host/path`); relative links stay on the site.
    pub fn is_internal_url(&self, url: &str) -> bool {
        let rest = match url.split_once("//") {
            Some((scheme, rest))
                if scheme.is_empty()
                    || scheme.strip_suffix(':').is_some_and(|s| {
                        s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    }) =>
            {
                rest
            }
            _ => return false,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_and_port = authority.rsplit('@').next().unwrap_or("");
        let host = host_and_port.split(':').next().unwrap_or("");
        self.is_internal(host)
    }

    /// `text` with every URL of an internal host, and every bare mention
    /// of one, replaced by [`REMOVED`].
    pub fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.is_empty() {
            return Cow::Borrowed(text);
        }
        let mentions = self.mentions(text);
        if mentions.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end) in mentions {
            out.push_str(&text[at..start]);
            out.push_str(REMOVED);
            at = end;
        }
        out.push_str(&text[at..]);
        Cow::Owned(out)
    }

    /// Byte ranges of `text` that name an internal host: the host, with
    /// the scheme, user and path of a URL around it. In order, apart.
    fn mentions(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let host_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if !host_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && host_byte(bytes[at]) {
                at += 1;
            }
            let word = text[start..at].trim_matches(['.', '-']);
            if word.contains('.') && self.is_internal(word) {
                let range = (url_start(text, start), url_end(text, at));
                match found.last_mut() {
                    Some(last) if range.0 <= last.1 => last.1 = last.1.max(range.1),
                    _ => found.push(range),
                }
            }
        }
        found
    }
}

/// Where a URL whose host starts at `host` starts: before its scheme and
/// user, when it has them.
fn url_start(text: &str, host: usize) -> usize {
    let before = &text[..host];
    let token = before
        .rfind(|c: char| c.is_whitespace() || "<>()[]\"'`".contains(c))
        .map_or(0, |at| {
            at + before[at..].chars().next().map_or(1, char::len_utf8)
        });
    let candidate = &before[token..];
    if candidate.contains("//") || candidate.ends_with('@') {
        token
    } else {
        host
    }
}

/// Where a URL whose host ends at `host_end` ends: after its port, path,
/// query and fragment, short of closing punctuation.
fn url_end(text: &str, host_end: usize) -> usize {
    let rest = &text[host_end..];
    if !rest.starts_with([':', '/', '?', '#']) {
        return host_end;
    }
    let length = rest
        .find(|c: char| c.is_whitespace() || "<>()[]\"'`".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..length].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    host_end + url.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> InternalHosts {
        InternalHosts::new(["*.acme.internal", "intranet"])
    }

    #[test]
    fn patterns_name_a_host_or_a_domain_and_all_below() {
        let hosts = hosts();
        for internal in [
            "jira.acme.internal",
            "ACME.internal",
            "a.b.acme.internal.",
            "intranet",
        ] {
            assert!(hosts.is_internal(internal), "{internal}");
        }
        for public in [
            "acme.internal.example",
            "notacme.internal",
            "intranet.example",
            "",
        ] {
            assert!(!hosts.is_internal(public), "{public}");
        }
        assert_eq!(HostPattern::parse("https://x"), None);
        assert_eq!(HostPattern::parse("a..b"), None);
        assert_eq!(HostPattern::parse("*"), None);
    }

    #[test]
    fn urls_lead_to_their_host() {
        let hosts = hosts();
        for internal in [
            "https://jira.acme.internal/browse/X-1",
            "http://user:pw@wiki.acme.internal:8080/",
            "//wiki.acme.internal/x",
            "HTTPS://Wiki.Acme.Internal",
        ] {
            assert!(hosts.is_internal_url(internal), "{internal}");
        }
        for other in [
            "https://example.com/jira.acme.internal",
            "jira.acme.internal/x",
            "#top",
            "../x",
        ] {
            assert!(!hosts.is_internal_url(other), "{other}");
        }
    }

    #[test]
    fn text_loses_every_url_and_mention_of_an_internal_host() {
        let hosts = hosts();
        assert_eq!(
            hosts.scrub("See https://jira.acme.internal/browse/X-1, or (wiki.acme.internal)."),
            "See (internal link), or ((internal link))."
        );
        assert_eq!(
            hosts.scrub("mail ops@acme.internal or ssh://me@db.acme.internal:22/x now"),
            "mail (internal link) or (internal link) now"
        );
        assert_eq!(
            hosts.scrub("public https://example.com/x"),
            "public https://example.com/x"
        );
        assert_eq!(
            hosts.scrub("Ünïcode wiki.acme.internal ü"),
            "Ünïcode (internal link) ü"
        );
    }
}
