//! A page's context as layers of names: the site's, then the page's own.

use minijinja::value::{Enumerator, Object, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Maps read as one, a later layer's names hiding an earlier's. It does
/// what MiniJinja's `merge_maps` does, but looks a name up by its text:
/// `merge_maps` makes a value of each name it is asked for and looks that
/// up in each map, and a page asks for names tens of thousands of times
/// (bench/README.md).
#[derive(Debug)]
struct Layered(Box<[Value]>);

impl Object for Layered {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.iter().rev().find_map(|layer| {
            layer
                .get_attr(key)
                .ok()
                .filter(|value| !value.is_undefined())
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let names: BTreeSet<Value> = self
            .0
            .iter()
            .filter_map(|layer| layer.try_iter().ok())
            .flatten()
            .collect();
        Enumerator::Values(names.into_iter().collect())
    }
}

/// The `layers` as one map, the last one's names first.
pub(super) fn layered<const N: usize>(layers: [Value; N]) -> Value {
    Value::from_object(Layered(Box::new(layers)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::{context, Environment};

    fn render(template: &str, context: Value) -> String {
        Environment::new()
            .render_str(template, context)
            .expect("renders")
    }

    #[test]
    fn a_later_layer_hides_an_earlier_one() {
        let context = layered([
            context! { title => "site", root => "../" },
            context! { title => "page" },
        ]);
        assert_eq!(render("{{ title }} {{ root }}", context), "page ../");
    }

    #[test]
    fn an_absent_name_is_undefined_in_every_layer() {
        let context = layered([context! { a => 1 }, context! { b => 2 }]);
        assert_eq!(
            render("{{ c is defined }} {{ a }}{{ b }}", context),
            "False 12"
        );
    }

    #[test]
    fn its_names_are_those_of_every_layer_once() {
        let context = layered([context! { a => 1, b => 2 }, context! { b => 3, c => 4 }]);
        let names: Vec<String> = context
            .try_iter()
            .expect("iterable")
            .map(|name| name.to_string())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
    }
}
