//! A page's context: the names every page has, then the page's own, which
//! may come in layers.

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

/// What every page's context has, found by its name before the page's
/// own names, which never reuse these. A page asks for `root` and `site`
/// hundreds of times, and as often for names that neither has, as the
/// page map's functions and `paths`: a match answers at once, where the
/// page's own names, a serialised struct, are compared one by one.
#[derive(Debug)]
pub(super) struct PageContext {
    /// The site's title, description and build, the same on every page.
    pub site: Value,
    /// The relative path from the page to the site's root, such as `../`.
    pub root: Value,
    pub section: Value,
    pub page_title: Value,
    /// The page's own names.
    pub body: Value,
}

const PAGE_NAMES: [&str; 4] = ["site", "root", "section", "page_title"];

impl Object for PageContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "site" => Some(self.site.clone()),
            "root" => Some(self.root.clone()),
            "section" => Some(self.section.clone()),
            "page_title" => Some(self.page_title.clone()),
            _ => self
                .body
                .get_attr(key)
                .ok()
                .filter(|value| !value.is_undefined()),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let own = self.body.try_iter().into_iter().flatten();
        let names: BTreeSet<Value> = PAGE_NAMES.into_iter().map(Value::from).chain(own).collect();
        Enumerator::Values(names.into_iter().collect())
    }
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

    fn page(body: Value) -> Value {
        Value::from_object(PageContext {
            site: context! { title => "Roadmap" },
            root: Value::from("../../"),
            section: Value::from("goals"),
            page_title: Value::from("A goal"),
            body,
        })
    }

    #[test]
    fn a_page_has_the_names_of_every_page_and_its_own() {
        let context = page(layered([
            context! { member => "a" },
            context! { goal => "g" },
        ]));
        assert_eq!(
            render(
                "{{ site.title }} {{ root }} {{ section }} {{ page_title }} {{ member }} {{ goal }} {{ other is defined }}",
                context
            ),
            "Roadmap ../../ goals A goal a g False"
        );
    }

    #[test]
    fn a_page_lists_every_name_once() {
        let context = page(context! { goal => "g", root => "hidden" });
        let names: Vec<String> = context
            .try_iter()
            .expect("iterable")
            .map(|name| name.to_string())
            .collect();
        assert_eq!(names, ["goal", "page_title", "root", "section", "site"]);
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
