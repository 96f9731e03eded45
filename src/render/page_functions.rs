//! The functions through which templates ask the page map where a page is,
//! so that no template spells a page's path. Each gives the path from the
//! site's root, like every path in a page's context, and a link puts it
//! after the linking page's `root`:
//! `<a href="{{ root }}{{ initiative_path(id=item.id) }}">`.

use super::pages::{MemberView, Page, NAMED};
use std::collections::HashMap;
use tera::{Error, Tera, Value};

type Args = HashMap<String, Value>;

/// Makes the page map's functions available to every template.
pub fn register(tera: &mut Tera) {
    tera.register_function("page_path", page_path);
    tera.register_function("initiative_path", |args: &Args| {
        let id = text(args, "initiative_path", "id", &["id"])?;
        Ok(path_of(Page::Initiative(id)))
    });
    tera.register_function("goal_path", |args: &Args| {
        let id = text(args, "goal_path", "id", &["id"])?;
        Ok(path_of(Page::Goal(id)))
    });
    tera.register_function("member_path", |args: &Args| {
        let name = text(args, "member_path", "name", &["name"])?;
        Ok(path_of(Page::Member {
            name,
            view: MemberView::Overview,
        }))
    });
    tera.register_function("changelog_path", |args: &Args| {
        let page = page_number(args, "changelog_path", &["page"])?;
        Ok(path_of(Page::Changelog { page }))
    });
    tera.register_function("team_path", |args: &Args| {
        const KEYS: &[&str] = &["slug", "page"];
        let slug = text(args, "team_path", "slug", KEYS)?;
        let page = page_number(args, "team_path", KEYS)?;
        Ok(path_of(Page::Team { slug, page }))
    });
}

/// `page_path(name="executive")`: a page of which the site has one.
fn page_path(args: &Args) -> tera::Result<Value> {
    let name = text(args, "page_path", "name", &["name"])?;
    match NAMED.iter().find(|(known, _)| *known == name) {
        Some((_, page)) => Ok(path_of(*page)),
        None => {
            let names: Vec<&str> = NAMED.iter().map(|(known, _)| *known).collect();
            Err(Error::msg(format!(
                "`page_path` knows no page named `{name}`; the names are: {}",
                names.join(", ")
            )))
        }
    }
}

fn path_of(page: Page) -> Value {
    Value::String(page.path())
}

/// The text argument `key` of `function`, after checking that every
/// argument given is one of `known`.
fn text<'v>(args: &'v Args, function: &str, key: &str, known: &[&str]) -> tera::Result<&'v str> {
    only(args, function, known)?;
    match args.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text),
        Some(other) => Err(Error::msg(format!(
            "`{function}` needs `{key}` as text that is not empty, but was given `{other}`"
        ))),
        None => Err(Error::msg(format!(
            "`{function}` needs `{key}`, such as `{function}({key}=item.{key})`"
        ))),
    }
}

/// The page number argument `page` of `function`: 1 when absent, as pages
/// count from 1.
fn page_number(args: &Args, function: &str, known: &[&str]) -> tera::Result<usize> {
    only(args, function, known)?;
    let Some(value) = args.get("page") else {
        return Ok(1);
    };
    value
        .as_u64()
        .and_then(|number| usize::try_from(number).ok())
        .filter(|&number| number >= 1)
        .ok_or_else(|| {
            Error::msg(format!(
                "`{function}` needs `page` as a whole number from 1, but was given `{value}`"
            ))
        })
}

/// Refuses arguments `function` does not take, such as a misspelt name,
/// which would otherwise be ignored.
fn only(args: &Args, function: &str, known: &[&str]) -> tera::Result<()> {
    match args.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(Error::msg(format!(
            "`{function}` takes no argument `{key}`; it takes: {}",
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `template` rendered with the functions and `item.id` = `cloud`.
    fn render(template: &str) -> Result<String, String> {
        let mut tera = Tera::default();
        register(&mut tera);
        let mut context = tera::Context::new();
        context.insert("item", &serde_json::json!({ "id": "cloud", "page": 3 }));
        tera.render_str(template, &context)
            .map_err(|error| super::super::theme::Chain(&error).to_string())
    }

    #[test]
    fn each_function_answers_with_the_page_map() {
        let cases = [
            ("{{ page_path(name='executive') }}", Page::Executive),
            (
                "{{ page_path(name='changelog') }}",
                Page::Changelog { page: 1 },
            ),
            ("{{ page_path(name='stylesheet') }}", Page::Stylesheet),
            (
                "{{ initiative_path(id=item.id) }}",
                Page::Initiative("cloud"),
            ),
            ("{{ goal_path(id='speed') }}", Page::Goal("speed")),
            (
                "{{ changelog_path(page=item.page - 1) }}",
                Page::Changelog { page: 2 },
            ),
            ("{{ changelog_path() }}", Page::Changelog { page: 1 }),
            (
                "{{ team_path(slug='web') }}",
                Page::Team {
                    slug: "web",
                    page: 1,
                },
            ),
            (
                "{{ team_path(slug='web', page=item.page) }}",
                Page::Team {
                    slug: "web",
                    page: 3,
                },
            ),
        ];
        for (template, page) in cases {
            assert_eq!(render(template), Ok(page.path()), "{template}");
        }
        for (name, page) in NAMED {
            let template = format!("{{{{ page_path(name='{name}') }}}}");
            assert_eq!(render(&template), Ok(page.path()));
        }
    }

    #[test]
    fn wrong_arguments_are_explained() {
        for (template, explanation) in [
            (
                "{{ page_path(name='home') }}",
                "no page named `home`; the names are: index,",
            ),
            (
                "{{ initiative_path() }}",
                "needs `id`, such as `initiative_path(id=item.id)`",
            ),
            (
                "{{ goal_path(id=3) }}",
                "needs `id` as text that is not empty, but was given `3`",
            ),
            (
                "{{ goal_path(id='') }}",
                "needs `id` as text that is not empty",
            ),
            (
                "{{ initiative_path(ID='a') }}",
                "takes no argument `ID`; it takes: id",
            ),
            (
                "{{ changelog_path(page=0) }}",
                "needs `page` as a whole number from 1",
            ),
            (
                "{{ team_path(slug='a', page='2') }}",
                "needs `page` as a whole number",
            ),
        ] {
            let error = render(template).unwrap_err();
            assert!(error.contains(explanation), "{template}: {error}");
        }
    }
}
