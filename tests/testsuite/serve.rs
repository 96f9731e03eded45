//! `waymark serve` as a writer uses it: pages change as files are saved, a
//! broken file shows an overlay over the last good site, fixing it removes
//! the overlay, and no request path escapes the site.

use crate::common::server::{Reply, Server};
use crate::common::{fixture, waymark, Roadmap, TODAY};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

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
    // The unclosed list is pointed at in its own line.
    assert!(
        broken.contains("content/initiatives/platform/database.md:10:17"),
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

/// What a refused request may show: nothing of the roadmap, its pages,
/// its overlay or its event stream.
fn assert_refused(reply: &Reply, what: &str) {
    assert!(
        matches!(reply.status, 400 | 403),
        "{what} answered {}:\n{}\n\n{}",
        reply.status,
        reply.head,
        reply.body
    );
    for content in [
        "<html",
        "Fixture roadmap",
        "waymark-overlay",
        "EventSource",
        "data:",
    ] {
        assert!(!reply.body.contains(content), "{what} showed {content}");
    }
    assert!(
        !reply.head.contains("text/event-stream"),
        "{what} opened the event stream"
    );
}

#[test]
fn only_requests_for_this_machine_are_answered() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    let port = server.port().to_owned();
    // Break the roadmap so that every page carries the overlay.
    roadmap.edit(DATABASE, "quarter: \"2027-Q2\"", "quarter: [2027-Q2");
    server.wait_for("/index.html", "the overlay", |b| {
        b.contains("waymark-overlay")
    });
    let request = |target: &str, host: &str| {
        format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
    };
    for path in ["/", "/roadmap.json", "/__waymark/events", "/nowhere"] {
        // A name that some web page rebound to 127.0.0.1.
        for host in [
            format!("evil.example:{port}"),
            "evil.example".to_owned(),
            format!("localhost.evil.example:{port}"),
            format!("127.0.0.1.nip.io:{port}"),
            format!("LOCALHOST.:{port}"),
            String::new(),
        ] {
            let reply = server.send(&request(path, &host));
            assert_refused(&reply, &format!("{path} for Host `{host}`"));
        }
        // The target names the host, whatever the Host header says.
        let absolute = format!("http://evil.example:{port}{path}");
        let reply = server.send(&request(&absolute, &format!("127.0.0.1:{port}")));
        assert_refused(&reply, &absolute);
        // No Host at all: no browser sends that, so nothing is lost.
        let reply = server.send(&format!("GET {path} HTTP/1.0\r\n\r\n"));
        assert_refused(&reply, &format!("{path} without Host"));
    }
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "localhost".to_owned(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        // An address, not a name: no other site can stand behind it.
        format!("10.1.2.3:{port}"),
    ] {
        let reply = server.send(&request("/index.html", &host));
        assert_eq!(reply.status, 200, "Host `{host}`");
        assert!(reply.body.contains("waymark-overlay"), "Host `{host}`");
    }
    let absolute = format!("http://localhost:{port}/index.html");
    let reply = server.send(&request(&absolute, &format!("localhost:{port}")));
    assert_eq!(reply.status, 200, "{absolute}");
}

/// A valid initiative whose title is `title`.
fn initiative(title: &str) -> String {
    format!("---\ntitle: {title}\nstatus: proposed\ngoals: [speed]\nreviewed: \"2026-11-01\"\n---\n{title} body.\n")
}

#[test]
fn links_made_while_serving_are_not_followed() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let outside = tempfile::tempdir().unwrap();
    let passwd = outside.path().join("passwd");
    std::fs::write(&passwd, "root:x:0:0:MARKER-PASSWD:/root:/bin/sh\n").unwrap();
    let folder = outside.path().join("other-roadmap");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("stolen.md"), initiative("MARKER-FOLDER")).unwrap();
    std::fs::write(outside.path().join("single.md"), initiative("MARKER-FILE")).unwrap();
    let server = Server::start(&roadmap);

    let initiatives = roadmap.path().join("content/initiatives");
    std::os::unix::fs::symlink(&passwd, initiatives.join("leak.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("single.md"),
        initiatives.join("single.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&folder, initiatives.join("linked")).unwrap();
    // A file of its own, written last: once it shows, the links were seen.
    roadmap.write(
        "content/initiatives/web/search.md",
        &initiative("Search revamp"),
    );
    server.wait_for("/engineering/index.html", "the new initiative", |b| {
        b.contains("Search revamp")
    });

    for path in [
        "/index.html",
        "/engineering/index.html",
        "/roadmap.json",
        "/roadmap.csv",
        "/initiatives/stolen/index.html",
        "/initiatives/single/index.html",
        "/initiatives/leak/index.html",
        "/nowhere",
    ] {
        let (_, body) = server.request("GET", path);
        for marker in ["MARKER-PASSWD", "MARKER-FOLDER", "MARKER-FILE"] {
            assert!(!body.contains(marker), "{path} shows {marker}:\n{body}");
        }
        assert!(
            !body.contains("waymark-overlay"),
            "{path} shows the overlay"
        );
    }
    // Said as `waymark build` says it.
    let stderr = server.wait_for_stderr("content/initiatives/linked");
    for link in [
        "content/initiatives/leak.md",
        "content/initiatives/single.md",
    ] {
        assert!(stderr.contains(link), "no warning about {link}:\n{stderr}");
    }
    assert!(stderr.contains("symbolic link"), "{stderr}");
    // The same files as `waymark check` skips.
    let checked = roadmap.check();
    let skipped: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "symlink-skipped")
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(
        skipped,
        [
            "content/initiatives/leak.md",
            "content/initiatives/linked",
            "content/initiatives/single.md"
        ]
    );
}

#[test]
fn a_linked_initiatives_folder_is_skipped_by_check_and_serve() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let initiatives = roadmap.path().join("content/initiatives");
    let outside = Roadmap::copy_of(&initiatives);
    outside.edit("platform/cloud.md", "title: ", "title: MARKER-CLOUD ");
    std::fs::remove_dir_all(&initiatives).unwrap();
    std::os::unix::fs::symlink(outside.path(), &initiatives).unwrap();
    let checked = roadmap.check();
    checked
        .find("symlink-skipped")
        .at("content/initiatives", 1, 1);
    // Without initiatives, no goal is served.
    assert!(
        checked.codes().contains(&"unserved-goal"),
        "{:?}",
        checked.codes()
    );
    let server = Server::start(&roadmap);
    for path in ["/roadmap.json", "/engineering/index.html"] {
        assert!(!server.get(path).contains("MARKER-CLOUD"), "{path}");
    }
    server.wait_for_stderr("content/initiatives");
}

#[test]
fn a_folder_replaced_by_a_link_is_not_read() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let outside = Roadmap::copy_of(&roadmap.path().join("content/initiatives/platform"));
    outside.edit("cloud.md", "title: ", "title: MARKER-CLOUD ");
    let server = Server::start(&roadmap);
    let platform = roadmap.path().join("content/initiatives/platform");
    std::fs::rename(&platform, roadmap.path().join("platform.old")).unwrap();
    std::os::unix::fs::symlink(outside.path(), &platform).unwrap();
    // Its initiatives are gone, and the one that depends on them is wrong.
    server.wait_for("/index.html", "the overlay", |b| {
        b.contains("waymark-overlay")
    });
    for path in [
        "/index.html",
        "/roadmap.json",
        "/initiatives/cloud/index.html",
    ] {
        let (_, body) = server.request("GET", path);
        assert!(
            !body.contains("MARKER-CLOUD"),
            "{path} shows the linked file"
        );
    }
    server.wait_for_stderr("content/initiatives/platform");
}

#[test]
fn a_file_replaced_by_a_link_is_not_read() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let outside = tempfile::tempdir().unwrap();
    let linked = outside.path().join("cloud.md");
    std::fs::write(&linked, initiative("MARKER-LINKED")).unwrap();
    let server = Server::start(&roadmap);
    // A file serve has read before: its next change is read without
    // listing the folder again, and must not be read through the link.
    let cloud = roadmap.path().join("content/initiatives/platform/cloud.md");
    std::fs::remove_file(&cloud).unwrap();
    std::os::unix::fs::symlink(&linked, &cloud).unwrap();
    let stderr = server.wait_for_stderr("symbolic link");
    assert!(
        stderr.contains("content/initiatives/platform/cloud.md"),
        "{stderr}"
    );
    for path in [
        "/index.html",
        "/roadmap.json",
        "/initiatives/cloud/index.html",
    ] {
        let (_, body) = server.request("GET", path);
        assert!(
            !body.contains("MARKER-LINKED"),
            "{path} shows the linked file"
        );
    }
}

/// The text of every `<script>` element of a page.
fn scripts(page: &str) -> Vec<&str> {
    page.split("<script")
        .skip(1)
        .map(|rest| rest.split("</script>").next().unwrap_or(rest))
        .collect()
}

#[test]
fn a_base_url_cannot_inject_script() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let toml = roadmap.read("roadmap.toml");
    let hostile = "base_url = \"/x\\\");alert(document.domain);(\\\"/\"";
    let toml = toml
        .lines()
        .map(|line| {
            if line.starts_with("base_url") {
                hostile
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    roadmap.write("roadmap.toml", &toml);
    let server = Server::start_with(&roadmap, &[]);
    for path in ["/", "/x\");alert(document.domain);(\"/", "/index.html"] {
        let (_, body) = server.request("GET", path);
        for script in scripts(&body) {
            assert!(!script.contains("alert"), "{path} runs {script}");
        }
    }
    let page = server.wait_for("/", "the overlay", |b| b.contains("waymark-overlay"));
    assert!(
        page.contains("base_url"),
        "the overlay names base_url:\n{page}"
    );
}

#[test]
fn the_base_url_flag_is_checked_as_roadmap_toml_is() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let output = output.to_str().unwrap();
    for bad in [
        "javascript:alert(1)",
        "/x\");alert(document.domain);(\"/",
        "//evil.example/",
        "/a b/",
        "/</script>/",
    ] {
        let build = ["build", "--today", TODAY, "--base-url", bad, "-o", output];
        let serve = ["serve", "--port", "0", "--today", TODAY, "--base-url", bad];
        for args in [&build[..], &serve[..]] {
            let output = waymark(args, roadmap.path());
            let (code, stderr) = (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr),
            );
            assert_eq!(code, Some(2), "{args:?}:\n{stderr}");
            assert!(stderr.contains("--base-url"), "{stderr}");
            assert!(stderr.contains("\"/roadmap/\""), "no example: {stderr}");
        }
    }
    assert!(!out.path().join("public").exists());
}

#[test]
fn redirects_stay_on_the_site() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    for (path, to) in [
        ("//executive", "/executive/"),
        ("/executive", "/executive/"),
        ("///goals//speed?x=//evil.example", "/goals/speed/"),
        ("/%65xecutive", "/executive/"),
    ] {
        let reply = server.ask("GET", path);
        assert_eq!(reply.status, 301, "{path}");
        assert_eq!(reply.header("location"), Some(to), "{path}");
    }
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start_with(&roadmap, &["--base-url", "/roadmap/"]);
    for (path, to) in [
        ("/roadmap", "/roadmap/"),
        ("/roadmap//executive", "/roadmap/executive/"),
    ] {
        let reply = server.ask("GET", path);
        assert_eq!(reply.status, 301, "{path}");
        assert_eq!(reply.header("location"), Some(to), "{path}");
    }
}

#[test]
fn a_replaced_content_folder_is_still_watched() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    // A branch switch or a sync tool: a fresh copy takes the folder's place.
    let content = roadmap.path().join("content");
    let fresh = roadmap.path().join("content.new");
    let copy = Roadmap::copy_of(&content);
    std::fs::rename(copy.path(), &fresh).unwrap();
    std::fs::rename(&content, roadmap.path().join("content.old")).unwrap();
    std::fs::rename(&fresh, &content).unwrap();
    roadmap.edit(
        DATABASE,
        "title: Database optimisation",
        "title: Faster database",
    );
    server.wait_for("/initiatives/database/index.html", "the new title", |b| {
        b.contains("<h1>Faster database</h1>")
    });
    // The old folder is no longer the roadmap's.
    let old = "content.old/initiatives/platform/database.md";
    roadmap.edit(old, "title: Database optimisation", "title: Stale copy");
    roadmap.edit(
        DATABASE,
        "title: Faster database",
        "title: Fastest database",
    );
    let page = server.wait_for("/initiatives/database/index.html", "the newer title", |b| {
        b.contains("<h1>Fastest database</h1>")
    });
    assert!(!page.contains("Stale copy"));
    // Removed and made again, as some tools do.
    std::fs::remove_dir_all(&content).unwrap();
    let copy = Roadmap::copy_of(&roadmap.path().join("content.old"));
    std::fs::rename(copy.path(), &content).unwrap();
    server.wait_for("/initiatives/database/index.html", "the copy", |b| {
        b.contains("<h1>Stale copy</h1>")
    });
    roadmap.edit(DATABASE, "title: Stale copy", "title: Fresh again");
    server.wait_for("/initiatives/database/index.html", "the edit", |b| {
        b.contains("<h1>Fresh again</h1>")
    });
}

#[test]
fn a_static_folder_made_while_serving_is_watched() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    roadmap.write("static/note.txt", "FIRST");
    server.wait_for("/note.txt", "the new file", |b| b == "FIRST");
    roadmap.write("static/note.txt", "SECOND");
    server.wait_for("/note.txt", "the edited file", |b| b == "SECOND");
}

#[test]
fn a_templates_folder_made_while_serving_is_watched() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    let page = |text: &str| {
        format!("{{% extends \"base.html\" %}}{{% block content %}}<h1>{text}</h1>{{% endblock content %}}")
    };
    roadmap.write("templates/404.html", &page("FIRST-MISSING"));
    server.wait_for("/nowhere", "the new 404 page", |b| {
        b.contains("FIRST-MISSING")
    });
    roadmap.write("templates/404.html", &page("SECOND-MISSING"));
    server.wait_for("/nowhere", "the edited 404 page", |b| {
        b.contains("SECOND-MISSING")
    });
}

#[test]
fn serve_keeps_serving_when_its_output_is_closed() {
    let roadmap = Roadmap::copy_of(&fixture("site"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["serve", "--port", "0", "--today", TODAY])
        .arg(roadmap.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("waymark starts");
    // A terminal closed, or `waymark serve | head -0`: nobody reads.
    drop(child.stdout.take());
    drop(child.stderr.take());
    std::thread::sleep(Duration::from_secs(3));
    let exited = child.try_wait().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(exited, None, "serve stopped when its output closed");
}

/// Runs `git args…` in `dir`, as someone with a name.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Writer",
            "-c",
            "user.email=writer@example.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("git is installed");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn history_warnings_are_printed_as_warnings_once_prefixed() {
    let origin = Roadmap::copy_of(&fixture("valid"));
    git(origin.path(), &["init", "--quiet"]);
    git(origin.path(), &["add", "--all"]);
    git(origin.path(), &["commit", "--quiet", "--message", "First"]);
    origin.edit(DATABASE, "title: ", "title: Renamed ");
    git(
        origin.path(),
        &["commit", "--quiet", "--all", "--message", "Second"],
    );
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clone.path(),
        &["clone", "--quiet", "--depth", "1", &url, "roadmap"],
    );
    let server = Server::start_with(clone.path().join("roadmap"), &["--base-url", "/"]);
    let stderr = server.wait_for_stderr("shallow clone");
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("warning: this is a shallow clone")),
        "{stderr}"
    );
    assert!(!stderr.contains("note: warning:"), "{stderr}");
}

#[test]
fn risk_shows_up_wherever_it_travels() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    const CLOUD: &str = "content/initiatives/platform/cloud.md";
    roadmap.edit(CLOUD, "status: in-progress", "status: blocked");
    // Two steps down the chain, and a goal that the blocked work does not
    // serve, still hear of it.
    server.wait_for(
        "/initiatives/frontend/index.html",
        "the inherited risk",
        |b| b.contains("Cloud migration</a> is blocked, through"),
    );
    server.wait_for("/goals/speed/index.html", "the goal at risk", |b| {
        b.contains("Why this goal is at risk")
    });
    roadmap.edit(CLOUD, "title: Cloud migration", "title: Move to the cloud");
    server.wait_for(
        "/initiatives/frontend/index.html",
        "the origin's new title",
        |b| b.contains("Move to the cloud</a> is blocked"),
    );
    server.wait_for("/goals/speed/index.html", "the goal's words", |b| {
        b.contains("waits for Move to the cloud, which is blocked")
    });
}

#[test]
fn a_warning_is_printed_when_it_appears_and_not_again_on_every_rebuild() {
    let roadmap = Roadmap::copy_of(&fixture("valid"));
    let server = Server::start(&roadmap);
    const FRONTEND: &str = "content/initiatives/web/frontend.md";
    roadmap.edit(DATABASE, "quarter: \"2027-Q2\"", "quarter: \"2026-Q1\"");
    server.wait_for_stderr("warning[overdue]");
    server.wait_for_stderr("database.md changed");
    roadmap.edit(FRONTEND, "title: ", "title: Renamed ");
    let stderr = server.wait_for_stderr("frontend.md changed");
    assert_eq!(stderr.matches("warning[overdue]").count(), 1, "{stderr}");
    let rebuilt = stderr.lines().last().unwrap();
    assert!(rebuilt.contains(" warnings, none new"), "{rebuilt}");
}
