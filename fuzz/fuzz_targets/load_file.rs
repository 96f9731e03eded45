//! Any bytes, parsed as a goal and as an initiative file: never a panic,
//! and every diagnostic inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use waymark::{parse_text, schema_of, GoalFrontMatter, InitiativeFrontMatter};

static SCHEMAS: LazyLock<(serde_json::Value, serde_json::Value)> = LazyLock::new(|| {
    (
        schema_of::<GoalFrontMatter>(),
        schema_of::<InitiativeFrontMatter>(),
    )
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let goal = parse_text::<GoalFrontMatter>("content/goals/g.md", &text, &SCHEMAS.0);
    let initiative =
        parse_text::<InitiativeFrontMatter>("content/initiatives/i.md", &text, &SCHEMAS.1);
    for diagnostic in goal.diagnostics.iter().chain(&initiative.diagnostics) {
        assert!(diagnostic.span.offset <= diagnostic.file.text.len());
        let _ = diagnostic.line_column();
    }
});
