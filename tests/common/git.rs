//! Committing a test roadmap's work tree with git2.
#![allow(dead_code)] // each test crate uses a different part of this module

use git2::{Repository, Signature};

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
