//! The functions through which templates ask the page map where a page is,
//! so that no template spells a page's path. Each gives the path from the
//! site's root, like every path in a page's context, and a link puts it
//! after the linking page's `root`:
//! `<a href="{{ root }}{{ initiative_path(id=item.id) }}">`.

use super::pages::{MemberView, Page, NAMED};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};

type Answer = Result<String, Error>;

/// Makes the page map's functions available to every template, and the
/// paths of the pages of which a site has one as `paths`, so that
/// `paths.stylesheet` is `page_path(name='stylesheet')`: every page's
/// header and footer link to a dozen of them, and a call costs far more.
pub fn register(env: &mut Environment<'_>) {
    let paths: Vec<(&str, String)> = NAMED
        .iter()
        .map(|(name, page)| (*name, page.path()))
        .collect();
    env.add_global("paths", Value::from_iter(paths));
    env.add_function("page_path", page_path);
    // The theme links every row of its tables this way, so the id may also
    // be given by position, which spares MiniJinja a map of keyword
    // arguments at each call: `initiative_path(item.id)`.
    env.add_function(
        "initiative_path",
        |id: Option<Value>, args: Kwargs| -> Answer {
            with_id(id, &args, "initiative_path", |id| {
                Page::Initiative(id).path()
            })
        },
    );
    env.add_function("goal_path", |id: Option<Value>, args: Kwargs| -> Answer {
        with_id(id, &args, "goal_path", |id| Page::Goal(id).path())
    });
    env.add_function("member_path", |args: Kwargs| -> Answer {
        let name = text(&args, "member_path", "name", &["name"])?;
        Ok(Page::Member {
            name: &name,
            view: MemberView::Overview,
        }
        .path())
    });
    env.add_function("changelog_path", |args: Kwargs| -> Answer {
        let page = page_number(&args, "changelog_path", &["page"])?;
        Ok(Page::Changelog { page }.path())
    });
    env.add_function("team_path", |args: Kwargs| -> Answer {
        const KEYS: &[&str] = &["slug", "page"];
        let slug = text(&args, "team_path", "slug", KEYS)?;
        let page = page_number(&args, "team_path", KEYS)?;
        Ok(Page::Team { slug: &slug, page }.path())
    });
}

/// `page_path(name="executive")`: a page of which the site has one.
fn page_path(args: Kwargs) -> Answer {
    let name = text(&args, "page_path", "name", &["name"])?;
    match NAMED.iter().find(|(known, _)| *known == name) {
        Some((_, page)) => Ok(page.path()),
        None => {
            let names: Vec<&str> = NAMED.iter().map(|(known, _)| *known).collect();
            Err(wrong(format!(
                "`page_path` knows no page named `{name}`; the names are: {}",
                names.join(", ")
            )))
        }
    }
}

/// `path` of the `id` given to `function`, by position or as `id=…`.
fn with_id(
    positional: Option<Value>,
    args: &Kwargs,
    function: &str,
    path: impl FnOnce(&str) -> String,
) -> Answer {
    let Some(value) = positional else {
        return Ok(path(&text(args, function, "id", &["id"])?));
    };
    if let Some(key) = args.args().next() {
        return Err(wrong(format!(
            "`{function}` takes its id once, first or as `id=…`, and no `{key}` beside it"
        )));
    }
    match value.as_str() {
        Some(id) if !id.is_empty() => Ok(path(id)),
        _ => Err(wrong(format!(
            "`{function}` needs `id` as text that is not empty, but was given `{value}`"
        ))),
    }
}

fn wrong(explanation: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, explanation)
}

/// The text argument `key` of `function`, after checking that every
/// argument given is one of `known`.
fn text(args: &Kwargs, function: &str, key: &str, known: &[&str]) -> Answer {
    only(args, function, known)?;
    match args.peek::<Option<Value>>(key)? {
        Some(value) => match value.as_str() {
            Some(text) if !text.is_empty() => Ok(text.to_owned()),
            _ => Err(wrong(format!(
                "`{function}` needs `{key}` as text that is not empty, but was given `{value}`"
            ))),
        },
        None => Err(wrong(format!(
            "`{function}` needs `{key}`, such as `{function}({key}=item.{key})`"
        ))),
    }
}

/// The page number argument `page` of `function`: 1 when absent, as pages
/// count from 1.
fn page_number(args: &Kwargs, function: &str, known: &[&str]) -> Result<usize, Error> {
    only(args, function, known)?;
    let Some(value) = args.peek::<Option<Value>>("page")? else {
        return Ok(1);
    };
    value
        .as_usize()
        .filter(|&number| number >= 1 && value.is_integer())
        .ok_or_else(|| {
            wrong(format!(
                "`{function}` needs `page` as a whole number from 1, but was given `{value}`"
            ))
        })
}

/// Refuses arguments `function` does not take, such as a misspelt name,
/// which would otherwise be ignored. The arguments are then read with
/// `peek`, which, unlike `get`, records nothing for MiniJinja's own check
/// of unused arguments: this one has made it.
fn only(args: &Kwargs, function: &str, known: &[&str]) -> Result<(), Error> {
    match args.args().find(|key| !known.contains(key)) {
        Some(key) => Err(wrong(format!(
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
        let mut env = Environment::new();
        register(&mut env);
        let item = serde_json::json!({ "id": "cloud", "page": 3 });
        env.render_str(template, minijinja::context! { item })
            .map_err(|error| error.to_string())
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
            ("{{ initiative_path(item.id) }}", Page::Initiative("cloud")),
            ("{{ goal_path('speed') }}", Page::Goal("speed")),
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
            let template = format!("{{{{ paths.{name} }}}}");
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
                "{{ goal_path(3) }}",
                "needs `id` as text that is not empty, but was given `3`",
            ),
            (
                "{{ initiative_path('a', id='b') }}",
                "takes its id once, first or as `id=…`, and no `id` beside it",
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
