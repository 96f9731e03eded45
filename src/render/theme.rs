//! The default theme, embedded in the binary so that `waymark build` needs
//! nothing on disk; a roadmap's `templates/NAME.html` overrides the theme's
//! template of the same name.

use super::error::{what_went_wrong, TemplatePlace};
use super::escape::{escape, needs_escaping};
use crate::diagnostic::{did_you_mean, Code, Diagnostic, Span};
use crate::message::Help;
use crate::source::{self, FsError, SourceFile};
use minijinja::value::{ArgType, Kwargs, Rest, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior};
use std::borrow::Cow;
use std::path::Path;

/// Template names and their embedded sources.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "progress.html",
        include_str!("../../themes/default/templates/progress.html"),
    ),
    (
        "flags.html",
        include_str!("../../themes/default/templates/flags.html"),
    ),
    (
        "story.html",
        include_str!("../../themes/default/templates/story.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "executive.html",
        include_str!("../../themes/default/templates/executive.html"),
    ),
    (
        "engineering.html",
        include_str!("../../themes/default/templates/engineering.html"),
    ),
    (
        "initiative.html",
        include_str!("../../themes/default/templates/initiative.html"),
    ),
    (
        "goal.html",
        include_str!("../../themes/default/templates/goal.html"),
    ),
    (
        "member.html",
        include_str!("../../themes/default/templates/member.html"),
    ),
    (
        "member_nav.html",
        include_str!("../../themes/default/templates/member_nav.html"),
    ),
    (
        "change.html",
        include_str!("../../themes/default/templates/change.html"),
    ),
    (
        "changelog.html",
        include_str!("../../themes/default/templates/changelog.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "changelog.xml",
        include_str!("../../themes/default/templates/changelog.xml"),
    ),
];

/// The site's one stylesheet: the page styles, then the chart styles.
pub const STYLESHEET: &str = concat!(
    include_str!("../../themes/default/style.css"),
    "\n",
    include_str!("../../themes/default/charts.css"),
);

/// The engineering table's filter, the theme's only script.
pub const FILTER_SCRIPT: &str = include_str!("../../themes/default/filter.js");
pub const SEARCH_SCRIPT: &str = include_str!("../../themes/default/search.js");

pub const OVERRIDES_DIR: &str = "templates";

/// How many steps of the template engine one page may take: ten times what
/// the largest page of a 10,000-initiative roadmap needs (a table of 100,000
/// rows would fit), yet a template that would never finish stops within a
/// fifth of a second.
const FUEL_PER_PAGE: u64 = 10_000_000;

pub struct Theme {
    pub env: Environment<'static>,
    /// The names of the templates the roadmap's `templates/` replaces or adds.
    pub overrides: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(transparent)]
    Io(FsError),
    #[error("{what}{}", super::error::below(.place))]
    Template {
        what: String,
        place: Option<TemplatePlace>,
    },
}

impl Help for ThemeError {
    fn help(&self) -> Option<&'static str> {
        match self {
            ThemeError::Template { .. } => Some(
                "templates are Jinja2, as MiniJinja reads it: https://docs.rs/minijinja/latest/minijinja/syntax/",
            ),
            ThemeError::Io(_) => None,
        }
    }
}

impl Theme {
    /// The embedded theme with the roadmap's overrides applied.
    pub fn load(roadmap_root: &Path) -> Result<Theme, ThemeError> {
        // The embedded templates stay borrowed: MiniJinja finds a borrowed
        // template without a lock or an allocation, and pages look up their
        // includes a hundred thousand times (bench/README.md).
        let mut sources: Vec<(Cow<'static, str>, Cow<'static, str>)> = TEMPLATES
            .iter()
            .map(|&(name, text)| (Cow::Borrowed(name), Cow::Borrowed(text)))
            .collect();
        let overridden = overrides(&roadmap_root.join(OVERRIDES_DIR))?;
        let overrides: Vec<String> = overridden.iter().map(|(name, _)| name.clone()).collect();
        for (name, text) in overridden {
            match sources.iter_mut().find(|(existing, _)| *existing == name) {
                Some(slot) => slot.1 = Cow::Owned(text),
                None => sources.push((Cow::Owned(name), Cow::Owned(text))),
            }
        }
        let mut env = Environment::new();
        env.set_formatter(write_value);
        // Printing a value that is not there is a mistake worth naming;
        // testing for it with `if` is not.
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_keep_trailing_newline(true);
        env.set_fuel(Some(FUEL_PER_PAGE));
        env.set_debug(true);
        super::page_functions::register(&mut env);
        env.add_filter("pluralize", pluralize);
        env.add_function("range", range);
        env.add_filter("default", default);
        env.add_filter("safe", safe);
        for (name, text) in sources {
            match (name, text) {
                (Cow::Borrowed(name), Cow::Borrowed(text)) => env.add_template(name, text),
                (name, text) => env.add_template_owned(name, text),
            }
            .map_err(|error| ThemeError::Template {
                what: what_went_wrong(&error),
                place: TemplatePlace::of(&error, &overrides),
            })?;
        }
        Ok(Theme { env, overrides })
    }
}

/// How a template prints a value: text escaped by the one escaping of
/// `escape` (which, unlike MiniJinja's, leaves `/` alone so that relative
/// links stay legible), and nothing for a value that is absent.
fn write_value(out: &mut Output, state: &State, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    // A whole number of person-weeks reads "30", not "30.0".
    if value.is_number() && !value.is_integer() {
        if let Ok(number) = f64::try_from(value.clone()) {
            return write!(out, "{number}").map_err(unwritable);
        }
    }
    let escaped = state.auto_escape() != AutoEscape::None && !value.is_safe();
    match value.as_str() {
        Some(text) if escaped && needs_escaping(text) => write!(out, "{}", escape(text)),
        Some(text) => out.write_str(text),
        None if escaped && !value.is_number() => write!(out, "{}", escape(&value.to_string())),
        None => write!(out, "{value}"),
    }
    .map_err(unwritable)
}

fn unwritable(_: std::fmt::Error) -> minijinja::Error {
    minijinja::Error::new(ErrorKind::WriteFailure, "could not write the page")
}

/// `range(4)`, `range(1, 5)` and `range(0, 10, 2)` as in Jinja, and with
/// the names of Tera, in which waymark's theme was first written:
/// `range(end=4)`, `range(start=1, end=5, step_by=2)`. MiniJinja's own
/// range does the counting, and refuses ranges too long to finish.
fn range(positional: Rest<isize>, named: Kwargs) -> Result<Value, minijinja::Error> {
    let (start, end, step) = match (positional.as_slice(), named.has("end")) {
        ([], true) => (
            named.get::<Option<isize>>("start")?.unwrap_or(0),
            named.get::<isize>("end")?,
            named.get::<Option<isize>>("step_by")?,
        ),
        ([end], false) => (0, *end, None),
        ([start, end], false) => (*start, *end, None),
        ([start, end, step], false) => (*start, *end, Some(*step)),
        _ => {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "`range` takes an end, such as `range(4)`, or a start, an end and a step, \
                 such as `range(0, 10, 2)`",
            ))
        }
    };
    named.assert_all_used()?;
    minijinja::functions::range(start, Some(end), step)
}

/// `{{ value | default("—") }}`: `value`, or the default when it is absent
/// or none, as the theme's contexts give an absent value; `default(x,
/// true)` also replaces any value that is false or empty, as in Jinja, and
/// Tera's `default(value=x)` reads the same as `default(x)`.
fn default(
    value: &Value,
    other: Option<Value>,
    lax: Option<bool>,
    named: Kwargs,
) -> Result<Value, minijinja::Error> {
    let other = match other {
        Some(other) => other,
        None => named
            .get::<Option<Value>>("value")?
            .unwrap_or_else(|| Value::from("")),
    };
    named.assert_all_used()?;
    let missing = value.is_undefined() || value.is_none();
    Ok(if missing || (lax == Some(true) && !value.is_true()) {
        other
    } else {
        value.clone()
    })
}

/// `safe` as MiniJinja's, except that text already safe passes as it is:
/// MiniJinja's copies it twice, and a page's rendered Markdown and charts,
/// marked safe when made, are most of its bytes.
fn safe(state: &State, value: Value) -> Result<Value, minijinja::Error> {
    if value.is_safe() {
        return Ok(value);
    }
    let (text, _) = <String as ArgType>::from_state_and_value(Some(state), Some(&value))?;
    Ok(minijinja::filters::safe(text))
}

/// `{{ count | pluralize }}`: "s" unless `count` is one.
fn pluralize(count: &Value) -> &'static str {
    if count.as_i64() == Some(1) {
        ""
    } else {
        "s"
    }
}

/// Warnings about overrides that are never used: a template in the
/// roadmap's `templates/` folder whose name the theme does not have, and
/// that no template includes, imports or extends, is most likely misnamed.
/// A folder that cannot be read is for `Theme::load` to report.
pub fn unused_overrides(roadmap_root: &Path) -> Vec<Diagnostic> {
    let Ok(overrides) = overrides(&roadmap_root.join(OVERRIDES_DIR)) else {
        return Vec::new();
    };
    let theme_names = || TEMPLATES.iter().map(|(name, _)| *name);
    let texts: Vec<&str> = TEMPLATES
        .iter()
        .map(|(_, text)| *text)
        .chain(overrides.iter().map(|(_, text)| text.as_str()))
        .collect();
    let named = |name: &str| {
        let (double, single) = (format!("\"{name}\""), format!("'{name}'"));
        texts
            .iter()
            .any(|text| text.contains(&double) || text.contains(&single))
    };
    overrides
        .iter()
        .filter(|(name, _)| !theme_names().any(|known| known == name) && !named(name))
        .map(|(name, text)| {
            let file = SourceFile::new(format!("{OVERRIDES_DIR}/{name}"), text);
            let list = theme_names().collect::<Vec<_>>().join(", ");
            let help = match did_you_mean(name, theme_names()) {
                Some(suggestion) => format!("{suggestion} The theme's templates are: {list}"),
                None => format!(
                    "name it after one of the theme's templates to replace that one ({list}), \
                     or include it from one"
                ),
            };
            Diagnostic::new(
                Code::UnknownTemplate,
                &file,
                Span::new(0, 0),
                format!("the theme has no template `{name}`, so this override is never used"),
            )
            .help(help)
        })
        .collect()
}

/// The `.html` and `.xml` files of a roadmap's `templates/` folder.
fn overrides(dir: &Path) -> Result<Vec<(String, String)>, ThemeError> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|error| {
            ThemeError::Io(FsError {
                path: error.path().unwrap_or(dir).to_owned(),
                action: "read",
                source: error.into(),
            })
        })?;
        let path = entry.path();
        let is_template = path
            .extension()
            .is_some_and(|ext| ext == "html" || ext == "xml");
        // Links are not followed; anything else that is not a folder is
        // read, so that reading refuses a pipe or a socket by name.
        let kind = entry.file_type();
        if !(kind.is_dir() || kind.is_symlink()) && is_template {
            let bytes = source::read_bytes(path).map_err(ThemeError::Io)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            found.push((source::display_name(dir, path), text));
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `template` rendered by the theme's engine, as an HTML page is.
    fn render(template: &str, context: serde_json::Value) -> String {
        let mut theme = Theme::load(Path::new("/nonexistent")).unwrap();
        theme
            .env
            .add_template_owned("t.html", template.to_owned())
            .unwrap();
        theme
            .env
            .get_template("t.html")
            .unwrap()
            .render(context)
            .unwrap()
    }

    #[test]
    fn values_print_as_the_theme_expects() {
        let context = serde_json::json!({
            "path": "a/b.html", "markup": "<b>&</b>", "none": null, "weeks": 30.0, "half": 2.5,
        });
        assert_eq!(
            render("{{ path }} {{ markup }}", context.clone()),
            "a/b.html &lt;b&gt;&amp;&lt;/b&gt;"
        );
        assert_eq!(
            render("[{{ none }}]{{ weeks }} {{ half }}", context.clone()),
            "[]30 2.5"
        );
        assert_eq!(render("{{ markup | safe }}", context), "<b>&</b>");
    }

    #[test]
    fn the_macros_give_what_the_partials_give() {
        let context = serde_json::json!({
            "root": "../",
            "flags": {"overdue_by": 2, "inherited_risk": true, "slipped": "Slipped", "first_planned_end": "2026-Q1"},
            "story": {"origin": {"id": "a", "title": "A"}, "trouble": "is late", "through": [{"id": "b", "title": "B"}]},
        });
        let by_macros = render(
            "{% import \"macros.html\" as m %}{{ m.progress(value=40, label=\"Done\") }}|\
             {{ m.flags(flags=flags) }}|{{ m.story(story=story, root=root) }}",
            context.clone(),
        );
        let by_partials = render(
            "{% with value=40, label=\"Done\" %}{% include \"progress.html\" %}{% endwith %}|\
             {% include \"flags.html\" %}|{% include \"story.html\" %}",
            context,
        );
        assert_eq!(by_macros, by_partials);
        for part in [
            "<progress max=\"100\" value=\"40\" aria-label=\"Done\">40%</progress> <span class=\"progress-figure\">40%</span></span>|",
            "| <span class=\"badge badge-overdue\">Overdue by 2 quarters</span>",
            "first planned for 2026-Q1\">Slipped</span>|<a href=",
            "is late, through <a href=",
        ] {
            assert!(by_macros.contains(part), "{part} not in {by_macros}");
        }
    }

    #[test]
    fn range_takes_jinja_and_tera_arguments() {
        for (call, numbers) in [
            ("range(3)", "012"),
            ("range(end=3)", "012"),
            ("range(1, 4)", "123"),
            ("range(start=1, end=4)", "123"),
            ("range(0, 6, 2)", "024"),
            ("range(start=0, end=6, step_by=2)", "024"),
        ] {
            let template = format!("{{% for i in {call} %}}{{{{ i }}}}{{% endfor %}}");
            assert_eq!(render(&template, serde_json::json!({})), numbers, "{call}");
        }
    }

    #[test]
    fn default_replaces_what_is_absent_or_none_and_reads_teras_name() {
        let context = serde_json::json!({ "none": null, "empty": "", "here": "x" });
        for (template, expected) in [
            ("{{ missing | default('-') }}", "-"),
            ("{{ none | default('-') }}", "-"),
            ("{{ empty | default('-') }}", ""),
            ("{{ empty | default('-', true) }}", "-"),
            ("{{ here | default('-') }}", "x"),
            ("{{ none | default(value='-') }}", "-"),
        ] {
            assert_eq!(render(template, context.clone()), expected, "{template}");
        }
    }

    #[test]
    fn safe_passes_safe_text_on_as_it_is_and_marks_the_rest() {
        let theme = Theme::load(Path::new("/nonexistent")).unwrap();
        let html = Value::from_safe_string("<p>made safe</p>".to_owned());
        let text = Value::from("<b>&</b>");
        let env = &theme.env;
        let passed = env.render_str("{{ html | safe }}", minijinja::context! { html });
        assert_eq!(passed.unwrap(), "<p>made safe</p>");
        let marked = env.render_str(
            "{{ text | safe }}|{{ 3 | safe }}",
            minijinja::context! { text },
        );
        assert_eq!(marked.unwrap(), "<b>&</b>|3");
        // Printing an absent value is a mistake, through `safe` too.
        assert!(env.render_str("{{ absent | safe }}", ()).is_err());
        let made_safe = Value::from_safe_string("x".to_owned());
        assert!(gives_back_the_same_text(&theme, made_safe), "not a copy");
    }

    /// Whether `safe` gives back the very text of `value`, not a copy.
    fn gives_back_the_same_text(theme: &Theme, value: Value) -> bool {
        let template = theme.env.template_from_str("").unwrap();
        let captured = template.render_captured(()).unwrap();
        let given = safe(captured.state(), value.clone()).unwrap();
        std::ptr::eq(given.as_str().unwrap(), value.as_str().unwrap())
    }

    #[test]
    fn pluralize_adds_an_s_unless_one() {
        let template = "{{ 0 | pluralize }}{{ 1 | pluralize }}{{ 2 | pluralize }}";
        assert_eq!(render(template, serde_json::json!({})), "ss");
    }

    /// The value of every `href="…"` and `src="…"` attribute of `text`.
    fn link_values(text: &str) -> Vec<&str> {
        ["href=\"", "src=\""]
            .iter()
            .flat_map(|attribute| text.match_indices(attribute))
            .filter_map(|(at, attribute)| {
                let value = &text[at + attribute.len()..];
                value.find('"').map(|end| &value[..end])
            })
            .collect()
    }

    #[test]
    fn the_default_theme_asks_the_page_map_for_every_page() {
        for (name, text) in TEMPLATES {
            for value in link_values(text) {
                // One expression from the page's root, perhaps with a
                // fragment: an anchor, a page's path, or an outside URL.
                let expression = value.strip_prefix("{{ root }}").unwrap_or(value);
                let whole = expression.starts_with("{{")
                    && expression.find("}}").is_some_and(|end| {
                        let rest = &expression[end + 2..];
                        !expression[..end].contains("{{ root }}")
                            && (rest.is_empty() || rest.starts_with('#'))
                    });
                assert!(
                    value.starts_with('#') || whole,
                    "{name} spells a page path: {value}"
                );
            }
        }
    }
}
