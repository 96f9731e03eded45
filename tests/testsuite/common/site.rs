//! Reading a built site: its files, and a checker for its internal links.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Every file of a site, by `/`-separated relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap();
            let name = relative.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// What is in the folder of the site `out` besides the site itself: what
/// a build left behind, such as a staging folder.
pub fn beside(out: &Path) -> Vec<String> {
    let name = out.file_name().unwrap();
    std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|entry| entry != name)
        .map(|entry| entry.to_string_lossy().into_owned())
        .collect()
}

/// The values of every `name="..."` attribute in an HTML text.
pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every internal link, asset reference and `#anchor` of every HTML page
/// that does not resolve, as "page: reference" lines.
pub fn broken_links(dir: &Path) -> Vec<String> {
    let site = files(dir);
    let ids: BTreeMap<&String, HashSet<&str>> = site
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| {
            let html = std::str::from_utf8(bytes).unwrap();
            (name, attribute_values(html, "id").into_iter().collect())
        })
        .collect();
    let mut broken = Vec::new();
    for (page, bytes) in site.iter().filter(|(name, _)| name.ends_with(".html")) {
        // The 404 page is served at any address: its links start from the base path.
        if page == "404.html" {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        let references = attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"));
        for reference in references {
            if is_external(reference) {
                continue;
            }
            let reference = reference.replace("&amp;", "&");
            let (path, anchor) = match reference.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (reference.as_str(), None),
            };
            // A static host serves the same file whatever the query asks.
            let path = path.split_once('?').map_or(path, |(file, _)| file);
            let target = if path.is_empty() {
                page.clone()
            } else {
                resolve(page, path)
            };
            let exists = site.contains_key(&target);
            let anchor_ok = match (anchor, ids.get(&target)) {
                (None, _) => true,
                (Some(anchor), Some(ids)) => ids.contains(anchor),
                (Some(_), None) => false,
            };
            if !exists || !anchor_ok {
                broken.push(format!("{page}: {reference}"));
            }
        }
    }
    broken
}

fn is_external(reference: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| reference.starts_with(scheme))
}

/// A relative reference from `page`, as a path from the site's root.
fn resolve(page: &str, reference: &str) -> String {
    let reference = reference.split('?').next().unwrap();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in reference.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    let path: PathBuf = parts.iter().collect();
    path.to_string_lossy().replace('\\', "/")
}
