//! Any bytes as one initiative of a small valid roadmap, through load,
//! validate, model and render (into memory): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;
use waymark::{
    assemble, parse_text, render, schema_of, Config, GoalFrontMatter, InitiativeFrontMatter,
    History, MemorySink, ParsedFile, Report, Roadmap, Selection, Theme,
};

const GOAL: &str = "---\ntitle: Speed\n---\nWhy.\n";
const OTHER: &str =
    "---\ntitle: Base\nstatus: planned\ngoals: [speed]\nquarter: \"2027-Q1\"\n---\nBody.\n";

static THEME: LazyLock<Theme> =
    LazyLock::new(|| Theme::load(Path::new("/nonexistent")).expect("the default theme loads"));

fn file<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    name: &str,
    text: &str,
) -> ParsedFile<T> {
    ParsedFile {
        path: name.into(),
        parsed: parse_text::<T>(name, text, &schema_of::<T>()),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let goals = vec![file::<GoalFrontMatter>("content/goals/speed.md", GOAL)];
    let initiatives = vec![
        file::<InitiativeFrontMatter>("content/initiatives/base.md", OTHER),
        file::<InitiativeFrontMatter>("content/initiatives/fuzzed.md", &text),
    ];
    let mut report = Report::default();
    let loaded = assemble(
        Path::new("."),
        Config::default(),
        &mut report,
        goals,
        initiatives,
    );
    let today = "2026-11-21".parse().unwrap();
    report.extend(waymark::validate(&loaded, today));
    let _ = report.to_human(false);
    let _ = report.to_json();
    if report.has_errors() {
        return;
    }
    let roadmap = Roadmap::build(loaded, today, &History::default());
    let _ = render(
        &roadmap,
        &THEME,
        "https://fuzz.example/",
        &MemorySink::default(),
        &Selection::All,
    );
});
