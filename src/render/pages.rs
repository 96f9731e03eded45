//! The page map: every page and file of the site, where it is written, and
//! how other pages reach it. Rendering, serve, the charts and the feed ask
//! it; no other code spells a page's path.

use crate::history::Subject;
use std::sync::LazyLock;

/// One page or file of the site. Ids and team slugs are borrowed from the
/// model, or from the path being looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page<'a> {
    Index,
    Executive,
    /// The engineering view, or its overview of teams when it is split.
    Engineering,
    /// Page `page` (from 1) of a team's engineering view.
    Team {
        slug: &'a str,
        page: usize,
    },
    /// Part `part` (from 1) of the engineering table's data, a script
    /// that the overview of a view split by team loads.
    TableData {
        part: usize,
    },
    /// Page `page` (from 1) of the changelog.
    Changelog {
        page: usize,
    },
    Initiative(&'a str),
    Goal(&'a str),
    /// A view of a portfolio's member's section, by the member's name.
    Member {
        name: &'a str,
        view: MemberView,
    },
    Feed,
    Json,
    Csv,
    GoalsCsv,
    NotFound,
    Stylesheet,
    FilterScript,
    /// The search box's script, and the two it loads: the goals and
    /// initiatives, and the index of their words.
    SearchScript,
    SearchItems,
    SearchWords,
}

/// The views of a portfolio's member, as its own site would have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberView {
    /// Its front page: its vision and goals.
    Overview,
    Executive,
    /// Its engineering view, on one page: every initiative of a small
    /// member, and the first of a large one's with the rest in its table's
    /// script, as the portfolio's own engineering view has them.
    Engineering,
    /// Page `page` (from 1) of its changelog.
    Changelog {
        page: usize,
    },
}

impl MemberView {
    /// Its views, each at its first page.
    pub const ALL: [MemberView; 4] = [
        MemberView::Overview,
        MemberView::Executive,
        MemberView::Engineering,
        MemberView::Changelog { page: 1 },
    ];

    /// The view of which this is a page, at its first page.
    pub fn first_page(self) -> MemberView {
        self.at_page(1)
    }

    /// Page `page` of this view; the view itself when it has one page.
    pub fn at_page(self, page: usize) -> MemberView {
        match self {
            MemberView::Changelog { .. } => MemberView::Changelog { page },
            view => view,
        }
    }

    /// Which page of the view it is, from 1.
    pub fn page(self) -> usize {
        match self {
            MemberView::Changelog { page } => page,
            _ => 1,
        }
    }

    /// Its folder inside the member's; `None` for the member's own.
    fn folder(self) -> Option<&'static str> {
        match self {
            MemberView::Overview => None,
            MemberView::Executive => Some("executive"),
            MemberView::Engineering => Some("engineering"),
            MemberView::Changelog { .. } => Some("changelog"),
        }
    }

    /// The view in `folder` of a member's, and below it `rest`, such as
    /// `page/2` of the changelog.
    fn in_folder(folder: &str, rest: Option<&str>) -> Option<MemberView> {
        let view = MemberView::ALL
            .into_iter()
            .find(|view| view.folder() == Some(folder))?;
        match rest {
            None => Some(view),
            Some(rest) => {
                let page = rest.strip_prefix("page/")?.parse().ok()?;
                let paged = view.at_page(page);
                (page > 1 && paged.page() == page).then_some(paged)
            }
        }
    }
}

/// The pages and files that summarise the whole roadmap and exist on every
/// site, so that any change may change them. The largest, the exports,
/// come first, so that they start early.
pub const VIEWS: [Page<'static>; 11] = [
    Page::Json,
    Page::Csv,
    Page::GoalsCsv,
    Page::SearchWords,
    Page::SearchItems,
    Page::Feed,
    Page::Index,
    Page::Executive,
    Page::Engineering,
    Page::Changelog { page: 1 },
    Page::NotFound,
];

/// The file that a folder's address serves. Every HTML page but the 404
/// page is the one file of its own folder, so that its address is the
/// folder's and links can still name the file when read from disk.
pub const FOLDER_PAGE: &str = "index.html";

/// The file served at the address of `folder`, from the site's root; the
/// empty folder is the root itself.
pub fn folder_page(folder: &str) -> String {
    if folder.is_empty() {
        FOLDER_PAGE.to_owned()
    } else {
        format!("{folder}/{FOLDER_PAGE}")
    }
}

/// The pages that are one of a kind, by the names templates ask for them
/// with (`page_path(name="executive")`).
pub const NAMED: [(&str, Page<'static>); 14] = [
    ("index", Page::Index),
    ("executive", Page::Executive),
    ("engineering", Page::Engineering),
    ("changelog", Page::Changelog { page: 1 }),
    ("feed", Page::Feed),
    ("json", Page::Json),
    ("csv", Page::Csv),
    ("goals_csv", Page::GoalsCsv),
    ("not_found", Page::NotFound),
    ("stylesheet", Page::Stylesheet),
    ("filter_script", Page::FilterScript),
    ("search_script", Page::SearchScript),
    ("search_items", Page::SearchItems),
    ("search_words", Page::SearchWords),
];

impl<'a> Page<'a> {
    /// The page of a goal or an initiative.
    pub fn item(subject: Subject, id: &'a str) -> Page<'a> {
        match subject {
            Subject::Goal => Page::Goal(id),
            Subject::Initiative => Page::Initiative(id),
        }
    }

    /// Where the page is written, from the site's root, with `/`
    /// separators. Links use it too, after the linking page's `root`:
    /// naming `index.html` keeps them working from disk.
    pub fn path(&self) -> String {
        let mut path = String::with_capacity(48);
        self.write_path(&mut path);
        path
    }

    /// Appends the page's path to `out`.
    pub fn write_path(&self, out: &mut String) {
        // Put together without the formatting machinery: paths are written
        // for every page and every link to one.
        let mut digits = itoa::Buffer::new();
        match *self {
            Page::Index => out.push_str("index.html"),
            Page::Executive => out.push_str("executive/index.html"),
            Page::Engineering => out.push_str("engineering/index.html"),
            Page::Team { slug, page: 1 } => out.extend(["engineering/teams/", slug, "/index.html"]),
            Page::Team { slug, page } => out.extend([
                "engineering/teams/",
                slug,
                "/",
                digits.format(page),
                "/index.html",
            ]),
            Page::TableData { part } => {
                out.extend(["engineering/data/", digits.format(part), ".js"])
            }
            Page::Changelog { page: 1 } => out.push_str("changelog/index.html"),
            Page::Changelog { page } => {
                out.extend(["changelog/page/", digits.format(page), "/index.html"])
            }
            Page::Initiative(id) => out.extend(["initiatives/", id, "/index.html"]),
            Page::Goal(id) => out.extend(["goals/", id, "/index.html"]),
            Page::Member { name, view } => {
                out.extend(["members/", name, "/"]);
                match (view.folder(), view.page()) {
                    (None, _) => {}
                    (Some(folder), 1) => out.extend([folder, "/"]),
                    (Some(folder), page) => {
                        out.extend([folder, "/page/", digits.format(page), "/"])
                    }
                }
                out.push_str("index.html");
            }
            Page::Feed => out.push_str("changelog.xml"),
            Page::Json => out.push_str("roadmap.json"),
            Page::Csv => out.push_str("roadmap.csv"),
            Page::GoalsCsv => out.push_str("goals.csv"),
            Page::NotFound => out.push_str("404.html"),
            Page::Stylesheet => out.push_str("style.css"),
            Page::FilterScript => out.push_str("filter.js"),
            Page::SearchScript => out.push_str("search.js"),
            Page::SearchItems => out.push_str("search/items.js"),
            Page::SearchWords => out.push_str("search/words.js"),
        }
    }

    /// The relative path from the page to the site's root, such as `../../`.
    /// The 404 page is served at any address, so it links from the site's
    /// base path instead (see `render`).
    pub fn root(&self) -> String {
        "../".repeat(self.path().matches('/').count())
    }

    /// Whether it is an HTML page, rather than a feed, export or asset.
    pub fn is_html(&self) -> bool {
        !matches!(
            self,
            Page::Feed
                | Page::Json
                | Page::Csv
                | Page::GoalsCsv
                | Page::Stylesheet
                | Page::FilterScript
                | Page::SearchScript
                | Page::SearchItems
                | Page::SearchWords
                | Page::TableData { .. }
        )
    }

    /// Whether it summarises the whole roadmap, so that any change to any
    /// item may change it: every page but the item pages and the assets.
    pub fn is_view(&self) -> bool {
        !matches!(
            self,
            Page::Initiative(_)
                | Page::Goal(_)
                | Page::Stylesheet
                | Page::FilterScript
                | Page::SearchScript
        )
    }

    /// The page written at `path`, if the map has one there: the inverse
    /// of [`Page::path`]. Whether the roadmap has that item, team or page
    /// number is for the caller to say.
    pub fn at(path: &'a str) -> Option<Page<'a>> {
        // Spelt once: `serve` asks of every page it holds after each change.
        static PATHS: LazyLock<Vec<(String, Page<'static>)>> =
            LazyLock::new(|| NAMED.map(|(_, page)| (page.path(), page)).to_vec());
        if let Some((_, page)) = PATHS.iter().find(|(named, _)| named == path) {
            return Some(*page);
        }
        if let Some(part) = path
            .strip_prefix("engineering/data/")
            .and_then(|rest| rest.strip_suffix(".js"))
        {
            let part = part.parse().ok().filter(|&n: &usize| n > 0)?;
            return Some(Page::TableData { part });
        }
        let folder = path.strip_suffix(FOLDER_PAGE)?.strip_suffix('/')?;
        let (kind, rest) = folder.split_once('/')?;
        let one = |name: &'a str| (!name.is_empty() && !name.contains('/')).then_some(name);
        // A portfolio's members' ids are namespaced: `data/migration`.
        let id = |id: &'a str| match id.split_once('/') {
            Some((member, _)) => one(member)
                .and(id.get(member.len() + 1..).and_then(one))
                .map(|_| id),
            None => one(id),
        };
        match kind {
            "initiatives" => id(rest).map(Page::Initiative),
            "goals" => id(rest).map(Page::Goal),
            "members" => {
                let (name, view) = match rest.split_once('/') {
                    None => (rest, MemberView::Overview),
                    Some((name, below)) => {
                        let (folder, rest) = match below.split_once('/') {
                            Some((folder, rest)) => (folder, Some(rest)),
                            None => (below, None),
                        };
                        (name, MemberView::in_folder(folder, rest)?)
                    }
                };
                one(name).map(|name| Page::Member { name, view })
            }
            "changelog" => {
                let page = rest.strip_prefix("page/")?.parse().ok()?;
                (page > 1).then_some(Page::Changelog { page })
            }
            "engineering" => {
                let team = rest.strip_prefix("teams/")?;
                match team.split_once('/') {
                    None => one(team).map(|slug| Page::Team { slug, page: 1 }),
                    Some((slug, page)) => {
                        let page = page.parse().ok().filter(|&n: &usize| n > 1)?;
                        one(slug).map(|slug| Page::Team { slug, page })
                    }
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<Page<'static>> {
        let mut pages = VIEWS.to_vec();
        pages.extend([
            Page::Team {
                slug: "platform",
                page: 1,
            },
            Page::Team {
                slug: "platform",
                page: 3,
            },
            Page::Changelog { page: 2 },
            Page::TableData { part: 2 },
            Page::Initiative("cloud"),
            Page::Goal("speed"),
            Page::Initiative("data/cloud"),
            Page::Goal("web/speed"),
            Page::Member {
                name: "data",
                view: MemberView::Overview,
            },
            Page::Member {
                name: "data",
                view: MemberView::Engineering,
            },
            Page::Member {
                name: "executive",
                view: MemberView::Changelog { page: 1 },
            },
            Page::Member {
                name: "data",
                view: MemberView::Changelog { page: 3 },
            },
            Page::Stylesheet,
            Page::FilterScript,
            Page::SearchScript,
        ]);
        pages
    }

    #[test]
    fn every_page_is_found_again_at_its_path() {
        for page in every_kind() {
            assert_eq!(Page::at(&page.path()), Some(page), "{page:?}");
        }
    }

    #[test]
    fn paths_that_name_no_page_are_none() {
        for path in [
            "",
            "index.htm",
            "initiatives/index.html",
            "initiatives//index.html",
            "initiatives/a/b/c/index.html",
            "initiatives/a//index.html",
            "goals//a/index.html",
            "changelog/page/1/index.html",
            "changelog/page/x/index.html",
            "engineering/teams/a/1/index.html",
            "engineering/teams/a/b/c/index.html",
            "goals/a",
            "other/a/index.html",
            "members//index.html",
            "members/data/other/index.html",
            "members/data/executive/x/index.html",
            "members/data/changelog/page/1/index.html",
            "members/data/changelog/page/x/index.html",
            "members/data/changelog/2/index.html",
            "members/data/executive/page/2/index.html",
        ] {
            assert_eq!(Page::at(path), None, "{path}");
        }
    }

    #[test]
    fn named_pages_and_folders_are_found_at_their_paths() {
        for (name, page) in NAMED {
            assert_eq!(Page::at(&page.path()), Some(page), "{name}");
        }
        assert_eq!(Page::at(&folder_page("")), Some(Page::Index));
        assert_eq!(
            Page::at(&folder_page("goals/speed")),
            Some(Page::Goal("speed"))
        );
    }

    #[test]
    fn each_page_climbs_to_the_root_by_its_depth() {
        let cloud = Page::Initiative("cloud");
        assert_eq!(cloud.root(), "../../");
        assert_eq!(Page::Index.root(), "");
        let team = Page::Team {
            slug: "web",
            page: 2,
        };
        assert_eq!(team.root(), "../../../../");
    }

    #[test]
    fn views_are_the_pages_any_change_may_change() {
        assert!(Page::Changelog { page: 4 }.is_view());
        assert!(Page::Team { slug: "a", page: 1 }.is_view());
        assert!(!Page::Initiative("a").is_view());
        let member = |view| Page::Member { name: "data", view };
        assert!(MemberView::ALL
            .into_iter()
            .all(|view| member(view).is_view()));
        assert!(!Page::Stylesheet.is_view());
        assert_eq!(VIEWS.iter().filter(|page| page.is_html()).count(), 5);
    }
}
