//! `waymark serve` as a writer uses it: pages change as files are saved, a
//! broken file shows an overlay over the last good site, fixing it removes
//! the overlay, and no request path escapes the site.

mod common;

use common::{fixture, Roadmap, TODAY};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Every wait in these tests ends by itself.
const PATIENCE: Duration = Duration::from_secs(15);

/// A running `waymark serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// Serves the roadmap at the server's root.
    fn start(roadmap: &Roadmap) -> Server {
        Server::start_with(roadmap, &["--base-url", "/"])
    }

    fn start_with(roadmap: &Roadmap, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["serve", "--port", "0", "--today", TODAY])
            .args(extra)
            .arg(roadmap.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("waymark starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver
            .recv_timeout(PATIENCE)
            .expect("serve prints its address");
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server { child, address }
    }

    /// Sends `method path` exactly as written; returns status and body.
    fn request(&self, method: &str, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or(String::new(), |(_, body)| body.to_owned());
        (status, body)
    }

    fn get(&self, path: &str) -> String {
        let (status, body) = self.request("GET", path);
        assert_eq!(status, 200, "GET {path}");
        body
    }

    /// Fetches `path` until `test` holds, or fails after PATIENCE.
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.request("GET", path);
            if test(&body) {
                return body;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "waited in vain for {what} at {path}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const DATABASE: &str = "content/initiatives/platform/database.md";

#[test]
fn edits_show_up_broken_files_overlay_and_fixes_clear() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    let page = server.get("/initiatives/database/index.html");
    assert!(page.contains("<h1>Database optimisation</h1>"));
    assert!(
        page.contains("new EventSource(\"/__waymark/events\")"),
        "the reload script is injected"
    );

    roadmap.edit(
        DATABASE,
        "title: Database optimisation",
        "title: Faster database",
    );
    server.wait_for("/initiatives/database/index.html", "the new title", |b| {
        b.contains("<h1>Faster database</h1>")
    });
    // The pages that show it change too: its dependent's, its goals'.
    server.wait_for("/initiatives/frontend/index.html", "the dependent", |b| {
        b.contains("Faster database")
    });
    server.wait_for("/goals/speed/index.html", "the goal", |b| {
        b.contains("Faster database")
    });

    roadmap.edit(DATABASE, "quarter: \"2027-Q2\"", "quarter: [2027-Q2");
    let broken = server.wait_for("/index.html", "the overlay", |b| {
        b.contains("waymark-overlay")
    });
    // libyaml notices the unclosed list where the next key starts.
    assert!(
        broken.contains("content/initiatives/platform/database.md:11:7"),
        "{broken}"
    );
    assert!(broken.contains("quarter: [2027-Q2"), "the snippet is shown");
    // The last good site is still served underneath, on every page.
    let page = server.get("/initiatives/database/index.html");
    assert!(page.contains("<h1>Faster database</h1>") && page.contains("waymark-overlay"));

    roadmap.edit(DATABASE, "quarter: [2027-Q2", "quarter: \"2027-Q3\"");
    let fixed = server.wait_for(
        "/initiatives/database/index.html",
        "the overlay to go",
        |b| !b.contains("waymark-overlay"),
    );
    assert!(fixed.contains("2027-Q3"));
}

#[test]
fn a_new_initiative_appears_and_a_deleted_one_goes() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    roadmap.write(
        "content/initiatives/web/search.md",
        "---\ntitle: Search revamp\nstatus: proposed\ngoals: [speed]\nreviewed: \"2026-11-01\"\n---\nBetter search.\n",
    );
    server.wait_for("/initiatives/search/index.html", "the new page", |b| {
        b.contains("<h1>Search revamp</h1>")
    });
    server.wait_for("/engineering/index.html", "the table row", |b| {
        b.contains("Search revamp")
    });
    roadmap.remove("content/initiatives/web/search.md");
    server.wait_for("/engineering/index.html", "the row to go", |b| {
        !b.contains("Search revamp")
    });
    let (status, _) = server.request("GET", "/initiatives/search/index.html");
    assert_eq!(status, 404);
}

#[test]
fn template_changes_rerender_without_content_changes() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    roadmap.write("templates/.keep", "");
    let server = Server::start(&roadmap);
    roadmap.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>CUSTOM-MISSING</h1>{% endblock content %}",
    );
    server.wait_for("/nowhere", "the new 404 page", |b| {
        b.contains("CUSTOM-MISSING")
    });
}

#[test]
fn no_request_leaves_the_site() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    // Something worth stealing, right beside the site's sources.
    roadmap.write("secret.txt", "TOP-SECRET");
    roadmap.write("static/logo.txt", "LOGO");
    std::os::unix::fs::symlink(
        roadmap.path().join("secret.txt"),
        roadmap.path().join("static/leak.txt"),
    )
    .unwrap();
    let server = Server::start(&roadmap);
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/initiatives%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/./index.html",
        "//etc/passwd",
        "/secret.txt",
        "/roadmap.toml",
        "/content/goals/speed.md",
        "/leak.txt",
        "/%00",
    ] {
        let (status, body) = server.request("GET", path);
        assert_eq!(status, 404, "{path} answered {status}");
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{path} leaked"
        );
    }
    assert_eq!(server.get("/logo.txt"), "LOGO");
    let (status, _) = server.request("POST", "/index.html");
    assert_eq!(status, 405);
    let (status, body) = server.request("HEAD", "/index.html");
    assert_eq!((status, body.as_str()), (200, ""));
}

#[test]
fn the_site_is_served_under_its_base_path() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    // The fixture's base_url is "/roadmap/".
    let server = Server::start_with(&roadmap, &[]);
    assert!(server.get("/roadmap/").contains("Fixture roadmap"));
    assert!(server.get("/roadmap/executive/").contains("Executive view"));
    let (status, _) = server.request("GET", "/roadmap");
    assert_eq!(status, 301);
    let (status, _) = server.request("GET", "/index.html");
    assert_eq!(status, 404);
}
