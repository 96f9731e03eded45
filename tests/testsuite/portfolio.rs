//! A portfolio: one roadmap whose `[portfolio] members` are roadmaps of
//! their own, published as one site with ids namespaced by member.

use crate::common::git::{commit_all, signature_on};
use crate::common::server::Server;
use crate::common::{build, build_ok, check};
use std::path::{Path, PathBuf};

/// A folder holding a portfolio and its three members: `data` beside it in
/// its own git repository, `web` inside it as a vendored checkout, and
/// `ops` beside it.
struct Portfolio {
    dir: tempfile::TempDir,
}

const MEMBERS: &str = "[portfolio]\nmembers = { data = \"../data-roadmap\", web = \"vendor/web-roadmap\", ops = \"../ops-roadmap\" }\n";

impl Portfolio {
    fn new() -> Portfolio {
        let portfolio = Portfolio {
            dir: tempfile::tempdir().unwrap(),
        };
        portfolio.write(
            "portfolio/roadmap.toml",
            &format!("title = \"Acme portfolio\"\n\n{MEMBERS}"),
        );
        portfolio.write(
            "portfolio/content/goals/grow-revenue.md",
            "---\ntitle: Grow revenue\n---\n",
        );
        portfolio.write("data-roadmap/roadmap.toml", "title = \"Data\"\n");
        portfolio.write(
            "data-roadmap/content/goals/trusted-data.md",
            "---\ntitle: Trusted data\n---\n",
        );
        portfolio.initiative(
            "data-roadmap",
            "database-migration",
            "goals: [trusted-data]\nstart: \"2026-Q4\"\nend: \"2027-Q1\"",
        );
        portfolio.write(
            "portfolio/vendor/web-roadmap/roadmap.toml",
            "title = \"Web\"\n",
        );
        portfolio.write(
            "portfolio/vendor/web-roadmap/content/goals/fast-pages.md",
            "---\ntitle: Fast pages\n---\n",
        );
        portfolio.initiative(
            "portfolio/vendor/web-roadmap",
            "analytics",
            "goals: [fast-pages, portfolio/grow-revenue]\ndepends_on: [data/database-migration]\nquarter: \"2027-Q2\"",
        );
        portfolio.write("ops-roadmap/roadmap.toml", "title = \"Ops\"\n");
        portfolio.write(
            "ops-roadmap/content/goals/uptime.md",
            "---\ntitle: Uptime\n---\n",
        );
        portfolio.initiative(
            "ops-roadmap",
            "monitoring",
            "goals: [uptime, data/trusted-data]\ndepends_on: [web/analytics]\nquarter: \"2027-Q3\"",
        );
        portfolio
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn root(&self) -> PathBuf {
        self.path("portfolio")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(relative)).unwrap();
        assert!(text.contains(from), "`{from}` is not in {relative}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// An initiative `id` of the roadmap in `roadmap`, with `keys` added.
    fn initiative(&self, roadmap: &str, id: &str, keys: &str) {
        self.write(
            &format!("{roadmap}/content/initiatives/{id}.md"),
            &format!("---\ntitle: Work on {id}\nstatus: planned\n{keys}\n---\nWhy {id} matters.\n"),
        );
    }

    fn config(&self, members: &str) {
        self.write(
            "portfolio/roadmap.toml",
            &format!("title = \"Acme portfolio\"\n\n[portfolio]\nmembers = {{ {members} }}\n"),
        );
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_portfolio_publishes_its_members_as_one_site_with_namespaced_ids() {
    let portfolio = Portfolio::new();
    let checked = check(&portfolio.root());
    assert_eq!(
        (checked.errors, checked.warnings),
        (0, 0),
        "{:#?}",
        checked.diagnostics
    );
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("roadmap.json"))).unwrap();
    let text = json.to_string();
    for id in ["data/database-migration", "web/analytics", "ops/monitoring"] {
        assert!(
            text.contains(&format!("\"{id}\"")),
            "{id} not in roadmap.json"
        );
        assert!(
            out.join(format!("initiatives/{id}/index.html")).is_file(),
            "{id} has no page"
        );
    }
    for goal in [
        "grow-revenue",
        "data/trusted-data",
        "web/fast-pages",
        "ops/uptime",
    ] {
        assert!(
            text.contains(&format!("\"{goal}\"")),
            "{goal} not in roadmap.json"
        );
        assert!(
            out.join(format!("goals/{goal}/index.html")).is_file(),
            "{goal} has no page"
        );
    }
    let search = read(&out.join("search/items.js"));
    for id in ["data/database-migration", "web/analytics", "ops/monitoring"] {
        assert!(search.contains(id), "{id} not in the one search index");
    }
    let csv = read(&out.join("roadmap.csv"));
    assert!(csv.contains("web/analytics"), "{csv}");
    assert!(csv.contains("data/database-migration"), "{csv}");
    // The portfolio goal is served by a member's initiative, and the
    // dependency across members links the two pages.
    let goal = read(&out.join("goals/grow-revenue/index.html"));
    assert!(goal.contains("Work on analytics"), "{goal}");
    let analytics = read(&out.join("initiatives/web/analytics/index.html"));
    assert!(
        analytics.contains("initiatives/data/database-migration/"),
        "{analytics}"
    );
    assert!(
        crate::common::site::broken_links(&out).is_empty(),
        "{:?}",
        crate::common::site::broken_links(&out)
    );
}

#[test]
fn a_member_checked_alone_warns_of_other_members_work() {
    let portfolio = Portfolio::new();
    let alone = check(&portfolio.path("portfolio/vendor/web-roadmap"));
    assert_eq!(alone.errors, 0, "{:#?}", alone.diagnostics);
    assert_eq!(alone.status, Some(0));
    assert_eq!(
        alone.codes(),
        ["external-dependency", "external-dependency"]
    );
    alone.diagnostics[0]
        .at("content/initiatives/analytics.md", 4, 21)
        .says("portfolio/grow-revenue");
    alone.diagnostics[1]
        .at("content/initiatives/analytics.md", 5, 14)
        .says("data/database-migration");
    let (_guard, out) = build_ok(&portfolio.path("ops-roadmap"), &[]);
    assert!(out.join("initiatives/monitoring/index.html").is_file());
}

#[test]
fn an_unknown_namespaced_id_is_an_error_with_the_closest_id_of_any_member() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "portfolio/vendor/web-roadmap/content/initiatives/analytics.md",
        "data/database-migration",
        "data/databse-migration",
    );
    let checked = check(&portfolio.root());
    assert_eq!(checked.status, Some(1));
    checked
        .find("unknown-dependency")
        .at("vendor/web-roadmap/content/initiatives/analytics.md", 5, 14)
        .says("data/databse-migration")
        .helps("did you mean `data/database-migration`?");
}

#[test]
fn a_cycle_across_members_names_its_whole_path() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "goals:",
        "depends_on: [ops/monitoring]\ngoals:",
    );
    let checked = check(&portfolio.root());
    assert_eq!(checked.status, Some(1));
    let cycle = checked.find("dependency-cycle");
    for id in ["data/database-migration", "web/analytics", "ops/monitoring"] {
        cycle.says(id);
    }
    assert!(
        cycle.file.starts_with("../") || cycle.file.starts_with("vendor/"),
        "{cycle:#?}"
    );
    // Alone, each member sees only its own part: no cycle there.
    let alone = check(&portfolio.path("data-roadmap"));
    assert_eq!(alone.codes(), ["external-dependency"]);
}

/// The data member in a git repository of its own, whose migration
/// slipped by two quarters in its second commit.
fn with_slipped_migration(portfolio: &Portfolio) {
    let repo = git2::Repository::init(portfolio.path("data-roadmap")).unwrap();
    commit_all(
        &repo,
        &signature_on("Dana", "2026-06-01"),
        "Plan the migration",
    );
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "end: \"2027-Q1\"",
        "end: \"2027-Q3\"",
    );
    commit_all(
        &repo,
        &signature_on("Dana", "2026-09-01"),
        "Vendor delay moves the migration",
    );
}

#[test]
fn a_slip_in_one_member_puts_another_members_work_at_risk() {
    let portfolio = Portfolio::new();
    with_slipped_migration(&portfolio);
    let checked = check(&portfolio.root());
    assert_eq!(checked.errors, 0, "{:#?}", checked.diagnostics);
    checked
        .find("schedule-conflict")
        .at("vendor/web-roadmap/content/initiatives/analytics.md", 5, 14)
        .says("data/database-migration");
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    // The executive view holds every member's goals and their work at risk.
    let executive = read(&out.join("executive/index.html"));
    for goal in ["Grow revenue", "Trusted data", "Fast pages", "Uptime"] {
        assert!(executive.contains(goal), "{goal} not on {executive}");
    }
    assert!(
        executive.contains("Waits for Work on database-migration"),
        "{executive}"
    );
    let analytics = read(&out.join("initiatives/web/analytics/index.html"));
    assert!(
        analytics.contains("at risk") || analytics.contains("At risk"),
        "{analytics}"
    );
}

#[test]
fn the_changelog_and_feed_merge_every_members_history_from_its_own_repository() {
    let portfolio = Portfolio::new();
    with_slipped_migration(&portfolio);
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "goals: [trusted-data]",
        "goals: [trusted-data, portfolio/grow-revenue]",
    );
    let data = git2::Repository::open(portfolio.path("data-roadmap")).unwrap();
    commit_all(&data, &signature_on("Dana", "2026-09-02"), "Serve revenue");
    // The portfolio's repository holds the web member, vendored inside it.
    let repo = git2::Repository::init(portfolio.root()).unwrap();
    commit_all(
        &repo,
        &signature_on("Wes", "2026-10-01"),
        "Vendor the web roadmap",
    );
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let changelog = read(&out.join("changelog/index.html"));
    let web = changelog
        .find("Vendor the web roadmap")
        .expect("the web member's commit");
    let slip = changelog
        .find("Vendor delay moves the migration")
        .expect("the data member's commit, from its own repository");
    assert!(web < slip, "newest first across repositories");
    assert!(
        changelog.contains("initiatives/data/database-migration/"),
        "{changelog}"
    );
    assert!(
        changelog.contains("initiatives/web/analytics/"),
        "{changelog}"
    );
    // A member's references read as the portfolio's ids.
    assert!(
        changelog.contains("Now serves goal `grow-revenue`"),
        "{changelog}"
    );
    let feed = read(&out.join("changelog.xml"));
    assert!(feed.contains("Vendor delay moves the migration"), "{feed}");
    let migration = read(&out.join("initiatives/data/database-migration/index.html"));
    assert!(migration.contains("Slipped"), "{migration}");
}

#[test]
fn a_member_with_errors_fails_the_portfolio_with_paths_from_the_portfolio() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "status: planned",
        "status: plannned",
    );
    let checked = check(&portfolio.root());
    assert_eq!(checked.status, Some(1));
    checked.find("invalid-value").at(
        "../data-roadmap/content/initiatives/database-migration.md",
        3,
        9,
    );
    let out = portfolio.path("public");
    let output = build(&portfolio.root(), &out, &[]);
    assert!(!output.status.success());
    assert!(
        !out.exists(),
        "a failed portfolio build wrote {}",
        out.display()
    );
}

#[test]
fn a_member_that_is_internal_as_a_whole_is_left_out_of_a_public_build() {
    let portfolio = Portfolio::new();
    for (goal, roadmap) in [
        ("grow-revenue", "portfolio"),
        ("fast-pages", "portfolio/vendor/web-roadmap"),
        ("trusted-data", "data-roadmap"),
    ] {
        portfolio.edit(
            &format!("{roadmap}/content/goals/{goal}.md"),
            "title:",
            "visibility: public\ntitle:",
        );
    }
    for (id, roadmap) in [
        ("analytics", "portfolio/vendor/web-roadmap"),
        ("database-migration", "data-roadmap"),
    ] {
        portfolio.edit(
            &format!("{roadmap}/content/initiatives/{id}.md"),
            "status:",
            "visibility: public\nstatus:",
        );
    }
    portfolio.edit(
        "portfolio/roadmap.toml",
        "ops = \"../ops-roadmap\" }",
        "ops = \"../ops-roadmap\" }\ninternal = [\"data\"]",
    );
    with_slipped_migration(&portfolio);
    let (_guard, out) = build_ok(&portfolio.root(), &["--audience", "public"]);
    assert!(out.join("initiatives/web/analytics/index.html").is_file());
    assert!(!out.join("initiatives/data/database-migration").exists());
    assert!(!out.join("goals/data/trusted-data").exists());
    assert!(!read(&out.join("roadmap.json")).contains("data/"));
    let changelog = read(&out.join("changelog/index.html"));
    assert!(!changelog.contains("migration"), "{changelog}");
}

#[test]
fn members_that_are_no_roadmap_are_config_errors_at_their_entry() {
    let portfolio = Portfolio::new();
    portfolio.config("data = \"../nowhere\"");
    check(&portfolio.root())
        .find("config")
        .at("roadmap.toml", 4, 20)
        .says("not a folder")
        .helps("relative to this roadmap.toml");
    std::fs::create_dir_all(portfolio.path("empty-folder")).unwrap();
    portfolio.config("data = \"../empty-folder\"");
    check(&portfolio.root())
        .find("config")
        .says("not a waymark roadmap")
        .helps("waymark init");
}

#[test]
fn a_member_listed_twice_is_a_config_error() {
    let portfolio = Portfolio::new();
    portfolio.config("data = \"../data-roadmap\", analytics = \"../data-roadmap/\"");
    check(&portfolio.root())
        .find("config")
        .says("listed twice")
        .helps("once");
    portfolio.config("data = \"../data-roadmap\", data = \"../ops-roadmap\"");
    check(&portfolio.root())
        .find("config")
        .says("duplicate key")
        .helps("once");
}

#[test]
fn a_portfolio_that_lists_itself_or_a_cycle_of_portfolios_is_a_config_error() {
    let portfolio = Portfolio::new();
    portfolio.config("data = \"../data-roadmap\", me = \".\"");
    check(&portfolio.root())
        .find("config")
        .says("this portfolio itself");
    portfolio.config("data = \"../data-roadmap\"");
    portfolio.write(
        "data-roadmap/roadmap.toml",
        "[portfolio]\nmembers = { ops = \"../ops-roadmap\" }\n",
    );
    portfolio.write(
        "ops-roadmap/roadmap.toml",
        "[portfolio]\nmembers = { all = \"../portfolio\" }\n",
    );
    check(&portfolio.root())
        .find("config")
        .says("a cycle of portfolios: this portfolio → data → ops → all → this portfolio")
        .helps("cannot contain itself");
}

#[test]
fn members_whose_folders_overlap_are_a_config_error() {
    let portfolio = Portfolio::new();
    portfolio.write("data-roadmap/team/roadmap.toml", "");
    std::fs::create_dir_all(portfolio.path("data-roadmap/team/content")).unwrap();
    portfolio.config("data = \"../data-roadmap\", team = \"../data-roadmap/team\"");
    check(&portfolio.root())
        .find("config")
        .says("overlap")
        .helps("beside the others");
}

#[test]
fn a_member_name_must_be_able_to_namespace_ids() {
    let portfolio = Portfolio::new();
    portfolio.config("\"Data Team\" = \"../data-roadmap\"");
    check(&portfolio.root())
        .find("config")
        .says("cannot namespace ids")
        .helps("data/some-id");
}

#[test]
fn a_roadmap_may_not_declare_a_namespaced_id_of_its_own() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "ops-roadmap/content/initiatives/monitoring.md",
        "title:",
        "id: ops/monitoring\ntitle:",
    );
    check(&portfolio.path("ops-roadmap"))
        .find("invalid-value")
        .says("namespaced id")
        .helps("without `member/`");
}

#[test]
fn serve_on_a_portfolio_watches_every_member() {
    let portfolio = Portfolio::new();
    let server = Server::start(portfolio.root());
    let page = "/initiatives/data/database-migration/";
    server.wait_for(page, "the member's page", |body| {
        body.contains("Work on database-migration")
    });
    // A member beside the portfolio, outside its folder.
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "title: Work on database-migration",
        "title: Move the database",
    );
    server.wait_for(page, "the member's change", |body| {
        body.contains("Move the database")
    });
    // The member's own views show it too.
    for view in ["/members/data/executive/", "/members/data/engineering/"] {
        server.wait_for(view, "the member's view", |body| {
            body.contains("Move the database")
        });
    }
    // A member inside the portfolio's folder, outside its content/.
    portfolio.edit(
        "portfolio/vendor/web-roadmap/content/initiatives/analytics.md",
        "title: Work on analytics",
        "title: Analytics for everyone",
    );
    server.wait_for(
        "/initiatives/web/analytics/",
        "the vendored member's change",
        |body| body.contains("Analytics for everyone"),
    );
    // A member's initiative removed leaves the site with the rest.
    std::fs::remove_file(portfolio.path("ops-roadmap/content/initiatives/monitoring.md")).unwrap();
    let (status, _) = wait_for_status(&server, "/initiatives/ops/monitoring/", 404);
    assert_eq!(status, 404);
    portfolio.initiative(
        "ops-roadmap",
        "monitoring",
        "goals: [uptime, data/trusted-data]\ndepends_on: [web/analytics]\nquarter: \"2027-Q3\"",
    );
    server.wait_for(
        "/initiatives/ops/monitoring/",
        "the initiative back",
        |body| body.contains("Work on monitoring"),
    );
    // A member's new error is reported with its path from the portfolio.
    portfolio.edit(
        "ops-roadmap/content/initiatives/monitoring.md",
        "status: planned",
        "status: plannned",
    );
    server.wait_for_stderr("../ops-roadmap/content/initiatives/monitoring.md");
}

#[test]
fn serve_renders_again_only_what_an_edit_in_a_member_touches() {
    let portfolio = Portfolio::new();
    let server = Server::start(portfolio.root());
    let stderr = server.wait_for_stderr("built rendered ");
    let site = pages_rendered(&stderr, "built rendered ");
    portfolio.edit(
        "ops-roadmap/content/initiatives/monitoring.md",
        "title: Work on monitoring",
        "title: Watch everything",
    );
    let stderr = server.wait_for_stderr("a member roadmap changed: rendered ");
    let again = pages_rendered(&stderr, "a member roadmap changed: rendered ");
    // The initiative and the pages that name it: `web/analytics`, whose
    // work it needs, and the goals it serves, `uptime` and
    // `data/trusted-data`. Not the other items, nor the views, which are
    // rendered when asked for.
    assert_eq!(again, 4, "of {site} pages:\n{stderr}");
    server.wait_for("/initiatives/ops/monitoring/", "the edit", |body| {
        body.contains("Watch everything")
    });
    server.wait_for("/initiatives/web/analytics/", "its dependent", |body| {
        body.contains("Watch everything")
    });
}

/// The number of pages in the first line of `stderr` that starts with
/// `before` and goes on with that number.
fn pages_rendered(stderr: &str, before: &str) -> usize {
    let at = stderr.find(before).unwrap() + before.len();
    let digits: String = stderr[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

#[test]
fn serve_watches_a_member_added_while_it_runs() {
    let portfolio = Portfolio::new();
    let server = Server::start(portfolio.root());
    server.wait_for(
        "/initiatives/data/database-migration/",
        "the site",
        |body| body.contains("Work on database-migration"),
    );
    portfolio.write("billing-roadmap/roadmap.toml", "title = \"Billing\"\n");
    portfolio.initiative("billing-roadmap", "invoices", "quarter: \"2027-Q1\"");
    portfolio.edit(
        "portfolio/roadmap.toml",
        "ops = \"../ops-roadmap\" }",
        "ops = \"../ops-roadmap\", billing = \"../billing-roadmap\" }",
    );
    let page = "/initiatives/billing/invoices/";
    server.wait_for(page, "the new member's page", |body| {
        body.contains("Work on invoices")
    });
    portfolio.edit(
        "billing-roadmap/content/initiatives/invoices.md",
        "title: Work on invoices",
        "title: Invoices by email",
    );
    server.wait_for(page, "the new member's change", |body| {
        body.contains("Invoices by email")
    });
}

#[test]
fn serve_still_watches_a_member_whose_content_folder_was_replaced() {
    let portfolio = Portfolio::new();
    let server = Server::start(portfolio.root());
    let page = "/initiatives/data/database-migration/";
    server.wait_for(page, "the member's page", |body| {
        body.contains("Work on database-migration")
    });
    // A branch switch in the member's own repository: a fresh copy takes
    // the place of its content folder.
    let content = portfolio.path("data-roadmap/content");
    let copy = crate::common::Roadmap::copy_of(&content);
    copy.edit(
        "initiatives/database-migration.md",
        "title: Work on database-migration",
        "title: Move the database",
    );
    std::fs::rename(&content, portfolio.path("data-roadmap/content.old")).unwrap();
    std::fs::rename(copy.path(), &content).unwrap();
    server.wait_for(page, "the new folder", |body| {
        body.contains("Move the database")
    });
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "title: Move the database",
        "title: Move the database to the cloud",
    );
    server.wait_for(page, "the change in the new folder", |body| {
        body.contains("Move the database to the cloud")
    });
}

#[test]
fn each_member_has_a_section_of_its_own_linked_from_the_index() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "portfolio/roadmap.toml",
        "ops = \"../ops-roadmap\" }",
        "ops = \"../ops-roadmap\" }\ninternal = [\"ops\"]",
    );
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let index = read(&out.join("index.html"));
    for member in ["data", "web", "ops"] {
        assert!(
            index.contains(&format!("members/{member}/")),
            "{member} not on {index}"
        );
    }
    let data = read(&out.join("members/data/index.html"));
    assert!(data.contains("Trusted data"), "{data}");
    assert!(data.contains("Work on database-migration"), "{data}");
    assert!(!data.contains("Work on analytics"), "{data}");
    assert!(!data.contains("Fast pages"), "{data}");
    // Its own timeline, of its own work only, on its engineering view.
    let engineering = read(&out.join("members/data/engineering/index.html"));
    let timeline = engineering
        .split("chart-timeline\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no timeline on {engineering}"));
    let timeline = &timeline[..timeline.find("</svg>").unwrap()];
    assert!(
        timeline.contains("initiatives/data/database-migration/"),
        "{timeline}"
    );
    assert!(!timeline.contains("initiatives/web/"), "{timeline}");
    assert!(crate::common::site::broken_links(&out).is_empty());
    // A member internal as a whole has no section in a public build.
    let (_guard, public) = build_ok(&portfolio.root(), &["--audience", "public"]);
    assert!(!public.join("members/ops").exists());
    assert!(!read(&public.join("index.html")).contains("members/ops/"));
}

#[test]
fn the_timeline_draws_arrows_between_members_work() {
    let portfolio = Portfolio::new();
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let engineering = read(&out.join("engineering/index.html"));
    // data → web → ops: two dependencies, each across members, besides
    // the legend's sample arrow.
    let arrows = engineering
        .matches("marker-end=\"url(#timeline-arrow")
        .count();
    assert_eq!(arrows, 3, "{engineering}");
}

#[test]
fn each_member_is_held_to_its_own_capacity() {
    let portfolio = Portfolio::new();
    portfolio.write(
        "data-roadmap/roadmap.toml",
        "title = \"Data\"\n\n[capacity]\nper_quarter = 10\n",
    );
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "status: planned",
        "status: planned\neffort: 40",
    );
    let checked = check(&portfolio.root());
    // Its two quarters, by its own roadmap.toml; the other members set no
    // capacity, and neither does the portfolio.
    assert_eq!(checked.codes(), ["over-capacity", "over-capacity"]);
    for over in &checked.diagnostics {
        over.at("../data-roadmap/roadmap.toml", 4, 15)
            .says("10 per quarter");
    }
}

#[test]
fn a_members_views_judge_its_capacity_and_timeliness_by_its_own_roadmap() {
    let portfolio = Portfolio::new();
    with_member_work(&portfolio);
    portfolio.write(
        "data-roadmap/roadmap.toml",
        "title = \"Data\"\n\n[capacity]\nper_quarter = 100\n\n[capacity.teams]\ncore = 2\n",
    );
    portfolio.initiative(
        "data-roadmap",
        "busy",
        "quarter: \"2027-Q1\"\neffort: 10\nteam: core",
    );
    portfolio.initiative("data-roadmap", "guess", "quarter: \"2027-Q2\"");
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let engineering = page_of(&out, "data", "engineering/");
    let section = |heading: &str| {
        let at = engineering
            .find(heading)
            .unwrap_or_else(|| panic!("no {heading} on {engineering}"));
        engineering[at..].split("</ul>").next().unwrap().to_owned()
    };
    let over = section("<h3>Teams over capacity</h3>");
    assert!(
        over.contains("2027-Q1: core plans 10 person-weeks"),
        "{over}"
    );
    assert!(over.contains("initiatives/data/busy/index.html"), "{over}");
    let unestimated = section("<h3>Work without an effort estimate</h3>");
    assert!(
        unestimated.contains("initiatives/data/guess/index.html"),
        "{unestimated}"
    );
    // Other members' work is not the member's to estimate.
    assert!(!unestimated.contains("initiatives/web/"), "{unestimated}");
    let executive = page_of(&out, "data", "executive/");
    assert!(
        executive.contains("<p class=\"on-time\">On time:"),
        "{executive}"
    );
    assert!(executive.contains("of 1 initiative done"), "{executive}");
}

/// The status and body of `path` once it answers `status`, within the
/// server's patience.
fn wait_for_status(server: &Server, path: &str, status: u16) -> (u16, String) {
    let started = std::time::Instant::now();
    loop {
        let answer = server.request("GET", path);
        if answer.0 == status || started.elapsed() > std::time::Duration::from_secs(20) {
            return answer;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The data member with work of every kind its own views tell apart: calm
/// work due now, overdue work, done work with a risk, an open risk, and a
/// change of its own; and the web member with a change of its own.
fn with_member_work(portfolio: &Portfolio) {
    portfolio.write(
        "data-roadmap/roadmap.toml",
        "title = \"Data\"\nvision = \"Data everyone trusts\"\n\n[capacity]\nper_quarter = 10\n",
    );
    portfolio.initiative(
        "data-roadmap",
        "aaa-calm",
        "quarter: \"2026-Q4\"\neffort: 4",
    );
    portfolio.initiative(
        "data-roadmap",
        "zzz-overdue",
        "start: \"2026-Q1\"\nend: \"2026-Q2\"",
    );
    portfolio.initiative(
        "data-roadmap",
        "archived",
        "quarter: \"2026-Q3\"\nrisks:\n  - risk: Done risk text\n    mitigation: none",
    );
    portfolio.edit(
        "data-roadmap/content/initiatives/archived.md",
        "status: planned",
        "status: done",
    );
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "goals: [trusted-data]",
        "goals: [trusted-data]\nrisks:\n  - risk: Open risk text\n    mitigation: rehearse\nchangelog:\n  - date: \"2026-10-01\"\n    change: Data change text\n    why: data reasons",
    );
    portfolio.edit(
        "portfolio/vendor/web-roadmap/content/initiatives/analytics.md",
        "goals:",
        "changelog:\n  - date: \"2026-10-02\"\n    change: Web change text\n    why: web reasons\ngoals:",
    );
}

/// The links of the member navigation on `html`, and which one is current.
fn member_nav(html: &str) -> (Vec<String>, Option<String>) {
    let nav = html
        .split("class=\"member-nav\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no member navigation on {html}"));
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let mut links = Vec::new();
    let mut current = None;
    for anchor in nav.split("<a ").skip(1) {
        let href = anchor.split("href=\"").nth(1).unwrap();
        let href = href[..href.find('"').unwrap()].to_owned();
        if anchor[..anchor.find('>').unwrap()].contains("aria-current=\"page\"") {
            current = Some(href.clone());
        }
        links.push(href);
    }
    (links, current)
}

#[test]
fn each_member_has_views_of_its_own_work_like_its_own_site() {
    let portfolio = Portfolio::new();
    with_member_work(&portfolio);
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let page = |view: &str| page_of(&out, "data", view);
    let (overview, executive, engineering, changes) = (
        page(""),
        page("executive/"),
        page("engineering/"),
        page("changelog/"),
    );
    // Its own title and vision, from its own roadmap.toml.
    assert!(overview.contains("Data everyone trusts"), "{overview}");
    for html in [&overview, &executive, &engineering, &changes] {
        assert!(html.contains("Work on database-migration"), "{html}");
        assert!(!html.contains("Work on analytics"), "{html}");
        assert!(html.contains("type=\"search\""), "{html}");
        let (links, current) = member_nav(html);
        assert_eq!(links.len(), 4, "{links:?}");
        assert!(current.is_some(), "no current view in {links:?}");
        assert!(
            html.contains("class=\"member-back\""),
            "no way back to the portfolio on {html}"
        );
    }
    assert!(executive.contains("Trusted data"), "{executive}");
    assert!(!executive.contains("Fast pages"), "{executive}");
    // The board ranks overdue work before calm work due sooner by id.
    let board = &executive[executive.find("class=\"board\"").expect("a board")..];
    let overdue = board
        .find("Work on zzz-overdue")
        .expect("overdue work on the board");
    let calm = board
        .find("Work on aaa-calm")
        .expect("calm work on the board");
    assert!(overdue < calm, "{board}");
    // Another member's work shows only where it serves this member's goal.
    for html in [&overview, &engineering, &changes, &board.to_owned()] {
        assert!(!html.contains("Work on monitoring"), "{html}");
    }
    assert!(
        executive.contains("Work on archived"),
        "done work: {executive}"
    );
    // The engineering view: its timeline, its live risks, its capacity.
    assert!(engineering.contains(" chart-timeline\">"), "{engineering}");
    assert!(engineering.contains("Open risk text"), "{engineering}");
    assert!(!engineering.contains("Done risk text"), "{engineering}");
    assert!(engineering.contains("chart-capacity"), "{engineering}");
    assert!(
        engineering.contains("against 10 person-weeks"),
        "{engineering}"
    );
    assert!(
        engineering.contains("id=\"initiative-table\""),
        "{engineering}"
    );
    // Its board has no filter script, so its table offers no filtered board.
    assert!(!engineering.contains("id=\"board-link\""), "{engineering}");
    // Work it needs from another member is named as outside the page.
    let web = page_of(&out, "web", "engineering/");
    assert!(web.contains("Prerequisites not on this page: <a"), "{web}");
    // Its changes only.
    assert!(changes.contains("Data change text"), "{changes}");
    assert!(!changes.contains("Web change text"), "{changes}");
    let broken = crate::common::site::broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_members_engineering_view_is_published_as_the_portfolios_is() {
    let portfolio = Portfolio::new();
    let (_guard, public) = build_ok(&portfolio.root(), &["--audience", "public"]);
    assert!(!public.join("engineering").exists());
    assert!(!public.join("members/data/engineering").exists());
    let executive = read(&public.join("members/data/executive/index.html"));
    let (links, _) = member_nav(&executive);
    assert_eq!(links.len(), 3, "{links:?}");
}

#[test]
fn public_member_pages_show_no_internal_work_and_internal_members_none_at_all() {
    let portfolio = Portfolio::new();
    portfolio.edit(
        "portfolio/roadmap.toml",
        "ops = \"../ops-roadmap\" }",
        "ops = \"../ops-roadmap\" }\ninternal = [\"ops\"]\n\n[audience.public]\nengineering = true",
    );
    portfolio.edit(
        "portfolio/vendor/web-roadmap/content/goals/fast-pages.md",
        "title:",
        "visibility: public\ntitle:",
    );
    portfolio.initiative(
        "portfolio/vendor/web-roadmap",
        "shown",
        "visibility: public\ngoals: [fast-pages]\nquarter: \"2026-Q4\"",
    );
    let (_guard, public) = build_ok(&portfolio.root(), &["--audience", "public"]);
    assert!(!public.join("members/ops").exists());
    for view in ["", "executive/", "engineering/", "changelog/"] {
        let html = read(&public.join(format!("members/web/{view}index.html")));
        assert!(
            html.contains("Work on shown") || view == "changelog/",
            "{html}"
        );
        assert!(!html.contains("Work on analytics"), "{view}: {html}");
    }
}

#[test]
fn a_members_changelog_is_paged_as_the_portfolios_is() {
    let portfolio = Portfolio::new();
    let entries: String = (0..501)
        .map(|n| {
            let day = 1 + n % 28;
            format!(
                "\n  - date: \"2026-10-{day:02}\"\n    change: Data change {n}\n    why: reasons"
            )
        })
        .collect();
    portfolio.edit(
        "data-roadmap/content/initiatives/database-migration.md",
        "goals: [trusted-data]",
        &format!("goals: [trusted-data]\nchangelog:{entries}"),
    );
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let first = read(&out.join("members/data/changelog/index.html"));
    let second = read(&out.join("members/data/changelog/page/2/index.html"));
    assert!(first.contains("rel=\"next\""), "{first}");
    assert!(second.contains("rel=\"prev\""), "{second}");
    let (_, current) = member_nav(&second);
    assert_eq!(
        current.as_deref(),
        Some("../../../../../members/data/changelog/index.html")
    );
    assert_eq!(
        first.matches("Data change ").count() + second.matches("Data change ").count(),
        501
    );
    let broken = crate::common::site::broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_large_members_engineering_view_shows_its_first_work_as_the_portfolios_does() {
    let portfolio = Portfolio::new();
    for n in 0..300 {
        portfolio.initiative(
            "data-roadmap",
            &format!("work-{n:03}"),
            "quarter: \"2027-Q1\"",
        );
    }
    let (_guard, out) = build_ok(&portfolio.root(), &[]);
    let first = read(&out.join("members/data/engineering/index.html"));
    assert!(!out.join("members/data/engineering/page").exists());
    // Its first hundred initiatives in the HTML, and every one of its own
    // (and no other member's) in the table's script, from the shared data.
    let rows = |html: &str| html.matches("<tr data-status=").count();
    assert_eq!(rows(&first), 100);
    assert!(
        first.contains("The first 100 of 301 initiatives"),
        "{first}"
    );
    assert!(first.contains("\"member\":\"data\""), "{first}");
    assert!(
        first.contains("<script src=\"../../../engineering/data/1.js\">"),
        "{first}"
    );
    // Its front page lists every initiative of its own without a script.
    let front = read(&out.join("members/data/index.html"));
    assert_eq!(front.matches("Work on work-").count(), 300);
    let (_, current) = member_nav(&first);
    assert_eq!(
        current.as_deref(),
        Some("../../../members/data/engineering/index.html")
    );
    // Its board's columns are cut to length, and the rest of a column is
    // in the member's own table, filtered by its script.
    let executive = read(&out.join("members/data/executive/index.html"));
    assert!(
        executive.contains("members/data/engineering/index.html?horizon="),
        "{executive}"
    );
    let engineering = read(&out.join("engineering/index.html"));
    assert!(
        engineering.contains("name=\"member\" value=\"data\""),
        "no member filter on {engineering}"
    );
    assert!(!first.contains("name=\"member\""), "{first}");
    let broken = crate::common::site::broken_links(&out);
    assert!(broken.is_empty(), "{broken:#?}");
}

fn page_of(out: &Path, member: &str, view: &str) -> String {
    read(&out.join(format!("members/{member}/{view}index.html")))
}
