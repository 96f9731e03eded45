//! The site-wide search index: every goal and initiative this build shows,
//! found by the words of its title, id, summary and owner. It is written as
//! two scripts that the search box loads when first used, rather than data
//! it fetches, so that search works offline and from disk, where browsers
//! refuse to fetch: the items, and the index of their words.
//!
//! Each word lists the items that have it: as gaps between item numbers
//! for a rare word, or as a bitmap when that is shorter, as for a word most
//! items share. That keeps the index of a large roadmap small.

use super::pages::Page;
use crate::model::Roadmap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What the items script hands the search box.
#[derive(Serialize)]
struct Items<'a> {
    /// The path of an item's page, from the site's root, with `{id}` for
    /// its id, by kind: `g` for goals and `i` for initiatives.
    paths: BTreeMap<&'static str, String>,
    /// Each item's kind, id and title, goals first, in the order the words
    /// number them.
    items: Vec<(&'static str, &'a str, &'a str)>,
}

/// The two scripts: the items, and the index of their words.
pub(super) fn scripts(roadmap: &Roadmap) -> (String, String) {
    let goals = roadmap.goals.iter().map(|goal| {
        let text = [
            goal.id.as_str(),
            &goal.title,
            goal.owner.as_deref().unwrap_or(""),
            &crate::markdown::first_paragraph_text(&goal.body_markdown),
        ]
        .join(" ");
        (("g", goal.id.as_str(), goal.title.as_str()), text)
    });
    let initiatives = roadmap.initiatives.iter().map(|initiative| {
        let text = [
            initiative.id.as_str(),
            &initiative.title,
            initiative.owner.as_deref().unwrap_or(""),
            &initiative.summary,
        ]
        .join(" ");
        (
            ("i", initiative.id.as_str(), initiative.title.as_str()),
            text,
        )
    });
    let (items, texts): (Vec<_>, Vec<_>) = goals.chain(initiatives).unzip();
    let paths = BTreeMap::from([
        ("g", Page::Goal("{id}").path()),
        ("i", Page::Initiative("{id}").path()),
    ]);
    let items = Items { paths, items };
    let index = index_words(&texts);
    let words = encode(&index, texts.len());
    (receive("items", &items), receive("words", &words))
}

/// A script that hands `data` to the search box.
fn receive(kind: &str, data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).expect("the search index serialises to JSON");
    format!("waymarkSearch.receive(\"{kind}\",{json});\n")
}

/// The words of a text as the search box splits a query: runs of letters
/// and digits, in lower case. Most words are already lower case, and are
/// then borrowed rather than copied.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            if word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                Cow::Borrowed(word)
            } else {
                Cow::Owned(word.to_lowercase())
            }
        })
}

/// Each word, and the numbers of the texts that have it, in order.
fn index_words(texts: &[String]) -> BTreeMap<String, Vec<u32>> {
    // Hashed while counting, sorted once at the end: a roadmap of 10,000
    // items has hundreds of thousands of words but few distinct ones.
    let mut index: foldhash::HashMap<String, Vec<u32>> = Default::default();
    for (number, text) in (0u32..).zip(texts) {
        for word in words(text) {
            let having = match index.get_mut(word.as_ref()) {
                Some(having) => having,
                None => index.entry(word.into_owned()).or_default(),
            };
            if having.last() != Some(&number) {
                having.push(number);
            }
        }
    }
    index.into_iter().collect()
}

/// Each word's list of items, as `d` and the gaps between the numbers in
/// base 36 (the first from -1, each less one), or as `b` and a bitmap of
/// every item, in base64, whichever is shorter.
fn encode(index: &BTreeMap<String, Vec<u32>>, count: usize) -> BTreeMap<&str, String> {
    index
        .iter()
        .map(|(word, having)| {
            let gaps = gaps(having);
            let bitmap_len = count.div_ceil(8).div_ceil(3) * 4;
            let encoded = if gaps.len() > bitmap_len {
                format!("b{}", base64(&bitmap(having, count)))
            } else {
                format!("d{gaps}")
            };
            (word.as_str(), encoded)
        })
        .collect()
}

fn gaps(having: &[u32]) -> String {
    let mut out = String::new();
    let mut previous: i64 = -1;
    for &number in having {
        if !out.is_empty() {
            out.push(',');
        }
        push_base36(&mut out, (i64::from(number) - previous - 1) as u64);
        previous = i64::from(number);
    }
    out
}

fn push_base36(out: &mut String, mut value: u64) {
    // A u64 has at most 13 digits in base 36; written from the last.
    let mut digits = [0u8; 13];
    let mut first = digits.len();
    loop {
        first -= 1;
        digits[first] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(value % 36) as usize];
        value /= 36;
        if value == 0 {
            break;
        }
    }
    out.extend(digits[first..].iter().map(|&digit| char::from(digit)));
}

/// Bit `n % 8` of byte `n / 8` is set for each item `n`.
fn bitmap(having: &[u32], count: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; count.div_ceil(8)];
    for &number in having {
        bytes[number as usize / 8] |= 1 << (number % 8);
    }
    bytes
}

/// Standard base64 with padding, as the browser's `atob` reads it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &byte)| n | u32::from(byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_in_lower_case() {
        let found: Vec<Cow<str>> = words("Déploiement Zürich: p95-latency (v2)").collect();
        assert_eq!(found, ["déploiement", "zürich", "p95", "latency", "v2"]);
    }

    #[test]
    fn gaps_are_written_in_base_36_as_the_search_box_reads_them() {
        let written = |value: u64| {
            let mut out = String::from(",");
            push_base36(&mut out, value);
            out
        };
        assert_eq!(written(0), ",0");
        assert_eq!(written(35), ",z");
        assert_eq!(written(36), ",10");
        assert_eq!(written(u64::MAX), ",3w5e11264sgsf");
    }

    #[test]
    fn a_word_lists_its_items_as_gaps_or_as_a_bitmap_whichever_is_shorter() {
        let texts: Vec<String> = (0..40)
            .map(|n| {
                let rare = if n == 37 { " rare" } else { "" };
                format!("common{rare}")
            })
            .collect();
        let index = index_words(&texts);
        let encoded = encode(&index, texts.len());
        // 37 is item 37 after a gap of 37 from -1: "11" in base 36.
        assert_eq!(encoded["rare"], "d11");
        // Forty items in five bytes of ones.
        assert_eq!(encoded["common"], format!("b{}", base64(&[255; 5])));
        assert_eq!(base64(&[255; 5]), "//////8=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }

    #[test]
    fn an_item_is_listed_once_under_a_word_it_repeats() {
        let index = index_words(&["cache cache".into(), "Cache".into()]);
        assert_eq!(index["cache"], [0, 1]);
        assert_eq!(gaps(&index["cache"]), "0,0");
    }
}
