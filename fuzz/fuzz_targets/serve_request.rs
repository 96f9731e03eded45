//! Any request (method, target, `Host`) to `waymark serve`, answered from
//! a small site in memory: never a panic, nothing for a host other than
//! this machine, and no redirect off the site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use waymark::{answer, RawRequest, Served};

/// In every file of the site, so that an answer shows whether it has any.
const CONTENT: &str = "SITE-CONTENT";
const OVERLAY: &str = "OVERLAY-CONTENT";

fn site() -> HashMap<String, Vec<u8>> {
    [
        "index.html",
        "executive/index.html",
        "goals/speed/index.html",
        "initiatives/database/index.html",
        "404.html",
        "roadmap.json",
        "style.css",
    ]
    .into_iter()
    .map(|path| {
        let text = format!("<html><body>{CONTENT} {path}</body></html>");
        (path.to_owned(), text.into_bytes())
    })
    .collect()
}

/// A host that names something other than this machine for certain: a
/// name with letters that is not `localhost`. IPv6 addresses, in
/// brackets, have letters too, and are left out.
fn is_foreign(authority: &[u8]) -> bool {
    let text = String::from_utf8_lossy(authority).to_ascii_lowercase();
    if text.starts_with('[') {
        return false;
    }
    let host = text
        .rsplit_once(':')
        .map_or(text.as_str(), |(host, _)| host);
    host != "localhost" && host.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The authority of a target that is a whole URL (`scheme://host/path`).
fn target_authority(target: &[u8]) -> Option<&[u8]> {
    let at = target.windows(3).position(|w| w == b"://")?;
    let scheme = &target[..at];
    let is_scheme = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !is_scheme {
        return None;
    }
    let rest = &target[at + 3..];
    let end = rest
        .iter()
        .position(|&b| b == b'/' || b == b'?')
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fuzz_target!(|data: &[u8]| {
    // One byte of settings, then method, target and Host, a line each.
    let Some((&settings, rest)) = data.split_first() else {
        return;
    };
    let mut lines = rest.splitn(3, |&b| b == b'\n');
    let method = lines.next().unwrap_or(b"GET");
    let target = lines.next().unwrap_or(b"/");
    let host = lines.next();
    let base_path = if settings & 1 == 0 { "/" } else { "/roadmap/" };
    let overlay = (settings & 2 != 0).then(|| format!("<div>{OVERLAY}</div>"));
    let served = Served::of(site(), overlay);
    let request = RawRequest {
        method,
        target,
        host,
    };
    let Some(answer) = answer(served, base_path, &request) else {
        return;
    };
    let body = String::from_utf8_lossy(&answer.body);
    let shows_content = answer.event_stream
        || body.contains(CONTENT)
        || body.contains(OVERLAY)
        || body.contains("EventSource");

    // A target that is no path may name the host itself (`host:port`).
    let named_here = host.is_some_and(|h| !h.is_empty()) || !target.starts_with(b"/");
    let foreign = host.is_some_and(is_foreign) || target_authority(target).is_some_and(is_foreign);
    if foreign || !named_here {
        assert!(
            matches!(answer.status, 400 | 403) && !shows_content,
            "{:?} for host {:?} answered {}: {body}",
            String::from_utf8_lossy(target),
            host.map(String::from_utf8_lossy),
            answer.status
        );
    }
    if answer.status == 200 {
        assert!(shows_content, "200 without any of the site: {body}");
    }
    if (300..400).contains(&answer.status) {
        let location = answer.location.as_deref().expect("a redirect says where");
        let within = location
            .strip_prefix(base_path)
            .expect("redirects stay on the site");
        assert!(
            !within.starts_with('/')
                && !location.contains(['\\', '?', '#'])
                && !within.split('/').any(|s| s == "." || s == ".."),
            "{location}"
        );
    }
});
