//! `waymark serve`: builds the site into memory, serves it on loopback,
//! watches the roadmap, and on every change rebuilds what the change
//! touches and tells open pages to reload. A change that breaks the roadmap
//! keeps the last good site and shows the problems on every page.

mod http;
mod touched;
mod watch;
mod workspace;

pub use http::{answer, Answer, RawRequest};
pub use workspace::{Changes, Rebuilt, Renderer, Workspace};

use crate::config::FILE_NAME as CONFIG_FILE;
use crate::diagnostic::Report;
use crate::load::LoadError;
use crate::message::{Help, Note};
use crate::types::Day;
use notify_debouncer_full::notify;
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, RecommendedCache};
use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use watch::{
    member_changes, paths_of, replaced_dirs, rewatch, watch_new_members, watched, Watching,
};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub today: Option<Day>,
    pub base_url: Option<String>,
}

/// The site as it is served: the last good build, and the problems of the
/// current one while it is broken.
#[derive(Default)]
pub struct Served {
    pub files: HashMap<String, Vec<u8>>,
    pub overlay: Option<String>,
    /// Renders the summary views missing from `files`.
    pub renderer: Option<Arc<Renderer>>,
    /// The views among `files`: a change drops them without looking at
    /// every file.
    views: Vec<String>,
}

impl Served {
    /// The site of `files`, under `overlay` when there is one.
    pub fn of(files: HashMap<String, Vec<u8>>, overlay: Option<String>) -> Served {
        let views = files.keys().filter(|path| crate::render::is_view(path));
        Served {
            views: views.cloned().collect(),
            files,
            overlay,
            renderer: None,
        }
    }

    /// Keeps a view rendered on request, until the next change.
    pub(crate) fn keep_view(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(path.to_owned(), bytes);
        self.views.push(path.to_owned());
    }

    /// Puts a build's `files` in service, without the `removed` ones and
    /// without the views of earlier builds: `files` holds every view when
    /// `with_views`, and otherwise they are rendered when next asked for.
    fn replace_files(
        &mut self,
        files: HashMap<String, Vec<u8>>,
        removed: Vec<String>,
        with_views: bool,
    ) {
        for path in removed.iter().chain(&self.views) {
            self.files.remove(path);
        }
        self.views.clear();
        if with_views {
            let views = files.keys().filter(|path| crate::render::is_view(path));
            self.views.extend(views.cloned());
        }
        self.files.extend(files);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Load(LoadError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot watch the roadmap folder for changes: {0}")]
    Watch(String),
    #[error(transparent)]
    Io(std::io::Error),
}

impl Help for ServeError {
    fn help(&self) -> Option<&'static str> {
        match self {
            ServeError::Load(error) => error.help(),
            ServeError::Bind(..) => Some("choose another port with --port, or stop what uses it"),
            ServeError::Watch(_) | ServeError::Io(_) => None,
        }
    }
}

/// Debouncing groups an editor's burst of events for one save.
const DEBOUNCE: Duration = Duration::from_millis(25);

pub fn serve(mut options: ServeOptions) -> Result<(), ServeError> {
    // Watchers report absolute paths; compare them with an absolute root.
    options.root = options
        .root
        .canonicalize()
        .map_err(|error| ServeError::Load(LoadError::Unreadable(options.root.clone(), error)))?;
    let today = options.today.unwrap_or_else(Day::today);
    let mut workspace = Workspace::open(&options.root, today, options.base_url.clone())
        .map_err(ServeError::Load)?;
    let base_path: Arc<str> = base_path(workspace.base_url()).into();
    let served = Arc::new(RwLock::new(Served::default()));
    let (reloads, _) = broadcast::channel(16);
    let started = Instant::now();
    let first = workspace.build_all();
    crate::message::print_notes(&workspace.history_notes);
    crate::message::print_notes(&workspace.audience_notes());
    let applied = apply(&served, first);
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    applied.draw_warnings();
    say!("built {} in {elapsed:.0} ms", applied.outcome);

    let (events, changes) = mpsc::channel();
    let mut watcher = new_debouncer_opt(
        DEBOUNCE,
        None,
        move |result: DebounceEventResult| {
            let _ = events.send(result);
        },
        RecommendedCache::new(),
        // A link below content/ is not read, so what it leads to is not watched.
        notify::Config::default().with_follow_symlinks(false),
    )
    .map_err(|error| ServeError::Watch(error.to_string()))?;
    let members = workspace.member_folders();
    for (path, mode) in members
        .iter()
        .chain([&options.root])
        .flat_map(|root| watched(root))
    {
        watcher
            .watch(&path, mode)
            .map_err(|error| ServeError::Watch(format!("{}: {error}", path.display())))?;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|error| ServeError::Bind(address, error))?;
    let local = listener.local_addr().map_err(ServeError::Io)?;
    if let Some(warning) = exposure_warning(local.ip()) {
        say!("{warning}");
    }
    let url = format!("http://{local}{base_path}");
    // Serving goes on when nobody reads this any more.
    let _ = writeln!(
        std::io::stdout(),
        "serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if options.open {
        open_browser(&url);
    }

    let root = options.root.clone();
    let rebuild_served = Arc::clone(&served);
    let rebuild_reloads = reloads.clone();
    std::thread::spawn(move || {
        rebuild_loop(
            &root,
            &mut workspace,
            Watching {
                watcher: &mut watcher,
                members,
            },
            &changes,
            &rebuild_served,
            &rebuild_reloads,
        );
    });

    let app = http::App {
        served,
        reloads,
        base_path,
    };
    runtime
        .block_on(async move { axum::serve(listener, http::router(app)).await })
        .map_err(ServeError::Io)
}

fn rebuild_loop(
    root: &Path,
    workspace: &mut Workspace,
    mut watching: Watching<'_>,
    events: &mpsc::Receiver<DebounceEventResult>,
    served: &RwLock<Served>,
    reloads: &broadcast::Sender<u64>,
) {
    let mut version = 0u64;
    while let Ok(first) = events.recv() {
        let seen = Instant::now();
        let mut paths = paths_of(first);
        // Take whatever else arrived meanwhile into the same rebuild.
        while let Ok(more) = events.try_recv() {
            paths.extend(paths_of(more));
        }
        // Before the rebuild reads them: a change made meanwhile is then
        // either read by this rebuild or seen by the new watch.
        let roots = std::iter::once(root).chain(watching.members.iter().map(PathBuf::as_path));
        let replaced: Vec<PathBuf> = roots.flat_map(|root| replaced_dirs(root, &paths)).collect();
        for dir in replaced {
            rewatch(watching.watcher, &dir);
        }
        let mut changes = classify(root, &paths);
        (changes.members, changes.member_config) = member_changes(&watching.members, &paths);
        if changes.is_empty() {
            continue;
        }
        let rebuilt = workspace.rebuild(&changes);
        if changes.config {
            watch_new_members(
                watching.watcher,
                workspace.member_folders(),
                &mut watching.members,
            );
        }
        let applied = apply(served, rebuilt);
        version += 1;
        let _ = reloads.send(version);
        // From the change being seen to the reload being sent.
        let elapsed = seen.elapsed().as_secs_f64() * 1000.0;
        applied.draw_warnings();
        say!(
            "{} changed: {}, reload sent in {elapsed:.1} ms",
            describe(root, &changes),
            applied.outcome
        );
    }
}

/// Sorts changed paths into what they touch, ignoring what `load` never
/// reads: hidden and editors' scratch files, and anything else in the folder.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Changes {
    use crate::load::{kind_of, FileKind};
    let mut changes = Changes::default();
    for path in paths {
        let kind = path.strip_prefix(root).ok().and_then(kind_of);
        match kind {
            Some(FileKind::Config) => changes.config = true,
            Some(FileKind::Template) => changes.templates = true,
            Some(FileKind::Static) => changes.statics = true,
            // A file, or a folder moved or removed as a whole.
            Some(FileKind::Goal | FileKind::Initiative | FileKind::OtherContent)
                if !changes.content.contains(path) =>
            {
                changes.content.push(path.clone());
            }
            _ => {}
        }
    }
    changes
}

fn describe(root: &Path, changes: &Changes) -> String {
    let mut parts: Vec<String> = changes
        .content
        .iter()
        .take(3)
        .map(|path| crate::source::display_name(root, path))
        .collect();
    if changes.content.len() > 3 {
        parts.push(format!("{} more", changes.content.len() - 3));
    }
    for (flag, name) in [
        (changes.config, CONFIG_FILE),
        (changes.templates, "templates/"),
        (changes.statics, "static/"),
        (changes.members, "a member roadmap"),
    ] {
        if flag {
            parts.push(name.to_owned());
        }
    }
    parts.join(", ")
}

/// What putting a rebuild into service did, in words, and the new
/// warnings of a good build, to be drawn once the reload is sent: drawing
/// hundreds takes longer than the rebuild.
struct Applied {
    outcome: String,
    warnings: Option<Report>,
}

impl Applied {
    fn draw_warnings(&self) {
        if let Some(warnings) = self.warnings.as_ref().filter(|w| !w.diagnostics.is_empty()) {
            let _ = write!(std::io::stderr(), "{}", warnings.draw(false));
        }
    }
}

/// Puts a rebuild into service.
fn apply(served: &RwLock<Served>, rebuilt: Rebuilt) -> Applied {
    let mut served = served
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match rebuilt {
        Rebuilt::Site {
            files,
            removed,
            pages,
            warnings,
            renderer,
            views_included,
        } => {
            served.replace_files(files, removed, views_included);
            served.overlay = None;
            let previous = served.renderer.replace(renderer);
            drop(served);
            free_elsewhere(previous);
            let rendered = format!("rendered {}", crate::diagnostic::plural(pages, "page"));
            let outcome = match warnings.describe() {
                counted if counted.is_empty() => rendered,
                counted => format!("{rendered}, {counted}"),
            };
            Applied {
                outcome,
                warnings: Some(warnings.new),
            }
        }
        Rebuilt::Broken { summary, details } => {
            served.overlay = Some(overlay(&summary, &details));
            drop(served);
            let _ = write!(std::io::stderr(), "{details}");
            Applied {
                outcome: format!("{summary}, still serving the last good site"),
                warnings: None,
            }
        }
    }
}

/// Frees `value` on a thread of its own: the previous model holds every
/// item of the roadmap, and freeing them one by one need not hold up the
/// reload.
pub(super) fn free_elsewhere<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// The problems, drawn over the page. Styled inline, every element with
/// its own colours and background: the site's stylesheet knows nothing of
/// the overlay, and a theme's light `pre` background under the overlay's
/// light text would hide the diagnostics.
pub(crate) fn overlay(summary: &str, details: &str) -> String {
    use crate::render::escape::escape;
    const TEXT: &str = "color:#f3f4f6;background:#14171c";
    format!(
        "<div id=\"waymark-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         color-scheme:dark;{TEXT};font:15px/1.5 system-ui,sans-serif;padding:2rem;text-align:left\">\
         <h2 style=\"margin:0 0 .5rem;color:#ff8a80;background:#14171c;font-size:1.3rem\">The roadmap does not build: {}</h2>\
         <p style=\"margin:0 0 1rem;{TEXT}\">This page shows the last good build. Fix the problems below and it reloads by itself.</p>\
         <pre style=\"white-space:pre-wrap;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;margin:0;padding:0;border:0;{TEXT}\">{}</pre></div>",
        escape(summary),
        escape(details)
    )
}

/// The path part of a base URL: `/roadmap/` of `https://host/roadmap/`.
fn base_path(base_url: &str) -> String {
    crate::render::base_path(base_url)
}

/// What to say when other machines can reach the server: it serves the
/// whole roadmap, internal items too, to anyone who connects. `None` on
/// loopback, where only this machine can.
fn exposure_warning(ip: IpAddr) -> Option<Note> {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_canonical(),
        v4 => v4,
    };
    if ip.is_loopback() {
        return None;
    }
    let reach = if ip.is_unspecified() {
        "every network address of this machine".to_owned()
    } else {
        format!("{ip}, which other machines can reach")
    };
    let warning = Note::warning(format!(
        "listening on {reach}: anyone who can connect can read the whole roadmap, \
         internal items included, with no password"
    ));
    Some(
        warning
            .help("to preview on this machine only, leave out --bind (the default is 127.0.0.1)"),
    )
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command)
        .arg(url)
        .spawn()
        .is_err()
    {
        say!(
            "{}",
            Note::plain(format!("could not open a browser; open {url} yourself"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Level;

    #[test]
    fn changes_are_sorted_and_scratch_files_ignored() {
        let root = Path::new("/r");
        let paths: Vec<PathBuf> = [
            "/r/content/initiatives/a.md",
            "/r/content/initiatives/.a.md.swp",
            "/r/content/initiatives/a.md~",
            "/r/content/initiatives/4913",
            "/r/templates/base.html",
            "/r/public/index.html",
            "/r/.git/index",
            "/elsewhere/x.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let changes = classify(root, &paths);
        assert_eq!(
            changes.content,
            [PathBuf::from("/r/content/initiatives/a.md")]
        );
        assert!(changes.templates && !changes.config && !changes.statics);
        assert!(classify(root, &[PathBuf::from("/r/roadmap.toml")]).config);
    }

    #[test]
    fn listening_beyond_loopback_is_warned_about() {
        for quiet in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"] {
            let ip: IpAddr = quiet.parse().unwrap();
            assert_eq!(exposure_warning(ip), None, "{quiet}");
        }
        for exposed in [
            "0.0.0.0",
            "::",
            "192.168.1.20",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            let ip: IpAddr = exposed.parse().unwrap();
            let warning = exposure_warning(ip).unwrap_or_else(|| panic!("{exposed}"));
            assert_eq!(warning.level, Level::Warning);
            assert!(warning.help.is_some_and(|help| help.contains("--bind")));
        }
    }
}
