//! `waymark schema`: JSON Schemas of the front matter, derived from the
//! Rust types, for editors that validate YAML while writers type.

use crate::frontmatter::{GoalFrontMatter, InitiativeFrontMatter};
use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    Goal,
    Initiative,
}

/// One schema, or with `None` a schema that accepts either kind of file.
pub fn schema(which: Option<Which>) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    match which {
        Some(Which::Goal) => generator
            .into_root_schema_for::<GoalFrontMatter>()
            .to_value(),
        Some(Which::Initiative) => generator
            .into_root_schema_for::<InitiativeFrontMatter>()
            .to_value(),
        None => both(generator),
    }
}

fn both(mut generator: schemars::SchemaGenerator) -> Value {
    let goal = generator.subschema_for::<GoalFrontMatter>().to_value();
    let initiative = generator
        .subschema_for::<InitiativeFrontMatter>()
        .to_value();
    let definitions: serde_json::Map<String, Value> = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "waymark front matter",
        "description": "The YAML front matter of a waymark goal (content/goals/) or initiative (content/initiatives/)",
        "anyOf": [goal, initiative],
        "$defs": definitions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_import_reads_and_writes_are_described() {
        let schema = schema(Some(Which::Initiative));
        let text = schema.to_string();
        for key in ["tracker", "tracker_dates", "tracked"] {
            let description = &schema["properties"][key]["description"];
            assert!(description.is_string(), "{key} has no description: {text}");
        }
        for part in ["milestone:NAME", "project:NAME", "Jira issue key"] {
            assert!(text.contains(part), "`{part}` not described");
        }
    }
}
