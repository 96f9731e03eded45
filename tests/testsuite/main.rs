//! waymark's integration tests, in one binary: a module per area, and the
//! helpers they share in `common`. One area runs alone with, for example,
//! `cargo test --test testsuite serve::`.

mod common;

mod audience;
mod build;
mod cli;
mod health;
mod history;
mod hostile;
mod import;
mod interrupt;
mod large;
mod portfolio;
mod robustness;
mod rules;
mod safety;
mod serve;
mod serve_equals_build;
mod writers;
