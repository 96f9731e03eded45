//! Committing a test roadmap's work tree with git2.

use git2::{Repository, Signature, Time};

/// Commits every change of the work tree, additions and deletions, on HEAD.
pub fn commit_all(repo: &Repository, signature: &Signature, message: &str) {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let parent = repo.head().ok().map(|head| head.peel_to_commit().unwrap());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), signature, signature, message, &tree, &parents)
        .unwrap();
}

/// `author`, signing at noon UTC on `day` (`YYYY-MM-DD`), so that commit
/// dates, and the changelog's order, are known.
pub fn signature_on(author: &str, day: &str) -> Signature<'static> {
    let date: jiff::civil::Date = day.parse().unwrap();
    let seconds = date
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second();
    Signature::new(author, "someone@example.internal", &Time::new(seconds, 0)).unwrap()
}
