//! The stages of a build on synthetic roadmaps of 1,000 and 10,000
//! initiatives (bench/generate.py): load, validate, model (anew, and again
//! as `serve` rebuilds it), render into memory, and the whole build with
//! writing. Validate and model each judge the roadmap's health here; a
//! build judges it once, for both.
//!
//!     cargo bench --bench stages

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use std::path::{Path, PathBuf};
use std::process::Command;
use waymark::{
    build, render, BuildOptions, Day, History, MemorySink, Resolved, Roadmap, Selection, Theme,
};

/// The binary's allocator, so that the stages are timed as they run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The generated roadmap of `n` initiatives, made once and kept in target/.
fn roadmap(n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("target/bench-roadmaps/{n}"));
    if !dir.join("roadmap.toml").exists() {
        let status = Command::new("python3")
            .arg(root.join("bench/generate.py"))
            .arg(n.to_string())
            .arg(&dir)
            .status()
            .expect("python3 runs bench/generate.py");
        assert!(status.success());
    }
    dir
}

fn stages(c: &mut Criterion) {
    let today: Day = "2026-11-21".parse().unwrap();
    for n in [1_000, 10_000] {
        let root = roadmap(n);
        let mut group = c.benchmark_group(format!("{n} initiatives"));
        group.sample_size(10);
        group.bench_function("load", |b| b.iter(|| waymark::load(&root).unwrap()));
        let (loaded, _) = waymark::load(&root).unwrap();
        // Each run on a copy, which judges the roadmap's health anew.
        group.bench_function("validate", |b| {
            b.iter_batched(
                || loaded.clone(),
                |loaded| waymark::validate(&loaded, today),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("model", |b| {
            b.iter_batched(
                || loaded.clone(),
                |loaded| Roadmap::build(loaded, today, &History::default()),
                BatchSize::LargeInput,
            )
        });
        // What `serve` redoes for every item after an edit: the model built
        // again from the same documents, reusing what the last build resolved.
        let (_, resolved) =
            Roadmap::build_reusing(&loaded, today, &History::default(), &Resolved::default());
        group.bench_function("model again, reusing the last build", |b| {
            b.iter_with_large_drop(|| {
                Roadmap::build_reusing(&loaded, today, &History::default(), &resolved)
            })
        });
        let model = Roadmap::build(loaded.clone(), today, &History::default());
        let theme = Theme::load(&root).unwrap();
        group.bench_function("render", |b| {
            b.iter(|| {
                render(
                    &model,
                    &theme,
                    "https://roadmap.example.internal/",
                    &MemorySink::default(),
                    &Selection::All,
                )
                .unwrap()
            })
        });
        let output = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: root.clone(),
            output: output.path().join("public"),
            base_url: None,
            audience: None,
            today,
            waiting: |_| {},
        };
        group.bench_function("build and write", |b| b.iter(|| build(&options).unwrap()));
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
