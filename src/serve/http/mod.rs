//! The preview server's HTTP side: GET and HEAD of the site in memory, a
//! live-reload event stream, and the error overlay on every page while the
//! roadmap is broken. Only the site in memory is ever served, so no request
//! path, however crafted, reaches a file of the machine; and only requests
//! addressed to this machine are answered (see `host`).

mod host;

use super::Served;
use crate::render::pages::{self, Page};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// A request as it arrives: the bytes of its method, its target (a path, or
/// a whole URL) and its `Host` header, if it has one.
pub struct RawRequest<'a> {
    pub method: &'a [u8],
    pub target: &'a [u8],
    pub host: Option<&'a [u8]>,
}

/// How serve answered a request.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Where a redirect leads.
    pub location: Option<String>,
    /// Whether it is the live-reload event stream, whose body never ends
    /// and is left empty here.
    pub event_stream: bool,
    pub body: Vec<u8>,
}

/// Answers `request` as `waymark serve` does, from `served` at
/// `base_path` (such as `/` or `/roadmap/`), without a network: for
/// fuzzing serve's request handling. `None` when the request is one that
/// the HTTP parser refuses before serve sees it.
pub fn answer(served: Served, base_path: &str, request: &RawRequest) -> Option<Answer> {
    use tower_service::Service;
    let mut builder = axum::http::Request::builder()
        .method(Method::from_bytes(request.method).ok()?)
        .uri(Uri::try_from(request.target).ok()?);
    if let Some(host) = request.host {
        builder = builder.header(header::HOST, header::HeaderValue::from_bytes(host).ok()?);
    }
    let request = builder.body(Body::empty()).ok()?;
    let app = App {
        served: Arc::new(RwLock::new(served)),
        reloads: broadcast::channel(1).0,
        base_path: base_path.into(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let mut router = router(app);
    runtime.block_on(async move {
        // A Router is always ready: no need to wait for it first.
        let response = router.call(request).await.ok()?;
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        let event_stream = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|kind| kind.as_bytes().starts_with(b"text/event-stream"));
        let status = response.status().as_u16();
        let body = if event_stream {
            Vec::new()
        } else {
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .ok()?
                .to_vec()
        };
        Some(Answer {
            status,
            location,
            event_stream,
            body,
        })
    })
}

/// The event stream's path within the site.
const EVENTS: &str = "__waymark/events";

#[derive(Clone)]
pub struct App {
    pub served: Arc<RwLock<Served>>,
    pub reloads: broadcast::Sender<u64>,
    /// The site's path on the server, such as `/` or `/roadmap/`.
    pub base_path: Arc<str>,
}

pub fn router(app: App) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<App>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if let Err(refusal) = host::addressed_here(&uri, &headers) {
        return refusal.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let raw = uri.path();
    if raw.len() + 1 == app.base_path.len() && app.base_path.starts_with(raw) {
        return redirect(&app.base_path);
    }
    let Some(path) = site_path(raw, &app.base_path) else {
        return not_found(&app).await;
    };
    if path == EVENTS {
        return events(&app).into_response();
    }
    if let Some(response) = view_on_request(&app, &path).await {
        return response;
    }
    if let Some(response) = from_memory(&app, &path) {
        return response;
    }
    not_found(&app).await
}

/// The response for a file of the site in memory, if there is one.
fn from_memory(app: &App, path: &str) -> Option<Response> {
    let served = app
        .served
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(bytes) = served.files.get(path) {
        return Some(file_response(
            path,
            bytes,
            served.overlay.as_deref(),
            &app.base_path,
        ));
    }
    // A folder asked for without its slash: relative links need the slash.
    if served.files.contains_key(&pages::folder_page(path)) {
        return Some(redirect(&folder_url(&app.base_path, path)));
    }
    match (&served.overlay, served.files.is_empty()) {
        (Some(overlay), true) => Some(broken_page(overlay, &app.base_path)),
        _ => None,
    }
}

/// Renders a summary view that the latest rebuild left to be rendered on
/// request, and keeps it until the next change. `None` when `path` is no
/// such view.
async fn view_on_request(app: &App, path: &str) -> Option<Response> {
    let renderer = {
        let served = app
            .served
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if served.files.contains_key(path) || !crate::render::is_view(path) {
            return None;
        }
        Arc::clone(served.renderer.as_ref()?)
    };
    let job = Arc::clone(&renderer);
    let wanted = path.to_owned();
    let rendered = tokio::task::spawn_blocking(move || job.view(&wanted))
        .await
        .ok()??;
    let bytes = match rendered {
        Ok(bytes) => bytes,
        Err(error) => {
            let overlay = super::overlay("a page could not be rendered", &error);
            return Some(broken_page(&overlay, &app.base_path));
        }
    };
    let mut served = app
        .served
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Keep it only if no newer build has come meanwhile.
    if served
        .renderer
        .as_ref()
        .is_some_and(|current| Arc::ptr_eq(current, &renderer))
    {
        served.keep_view(path, bytes.clone());
    }
    let status = if Page::at(path) == Some(Page::NotFound) {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    let mut response = file_response(path, &bytes, served.overlay.as_deref(), &app.base_path);
    *response.status_mut() = status;
    Some(response)
}

/// The path within the site that a request path names, or `None` when it
/// is outside the site or tries to leave it: `..`, `.`, encoded slashes or
/// backslashes, NUL, or bytes that are not UTF-8.
pub fn site_path(raw: &str, base_path: &str) -> Option<String> {
    let rest = raw.strip_prefix(base_path)?;
    let mut segments = Vec::new();
    for segment in rest.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8().ok()?;
        if decoded.is_empty() {
            continue;
        }
        let escapes = decoded == "." || decoded == ".." || decoded.contains(['/', '\\', '\0']);
        if escapes {
            return None;
        }
        segments.push(decoded.into_owned());
    }
    let path = segments.join("/");
    if path.is_empty() || rest.ends_with('/') {
        Some(pages::folder_page(&path))
    } else {
        Some(path)
    }
}

fn file_response(path: &str, bytes: &[u8], overlay: Option<&str>, base_path: &str) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        Body::from(inject(bytes, overlay, base_path))
    } else {
        Body::from(bytes.to_vec())
    };
    Response::builder()
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Adds the live-reload script, and the overlay while the roadmap is
/// broken, before `</body>`: only in serve mode, never in the built site.
fn inject(html: &[u8], overlay: Option<&str>, base_path: &str) -> Vec<u8> {
    let extra = format!("{}{}", overlay.unwrap_or(""), reload_script(base_path));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window == needle)
}

fn reload_script(base_path: &str) -> String {
    let events = script_string(&format!("{base_path}{EVENTS}"));
    format!(
        "<script>(function(){{var s=new EventSource({events});\
         s.onmessage=function(){{window.location.reload();}};}})();</script>"
    )
}

/// `value` as a JavaScript string literal that is safe inside a `<script>`
/// element: JSON, with the characters that could end the element, start
/// an HTML comment or end a line in older engines written as escapes.
fn script_string(value: &str) -> String {
    let json = serde_json::Value::from(value).to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// While nothing has ever built, every page is the overlay.
fn broken_page(overlay: &str, base_path: &str) -> Response {
    const EMPTY_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>The roadmap does not build</title></head><body></body></html>";
    let body = inject(EMPTY_PAGE.as_bytes(), Some(overlay), base_path);
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn not_found(app: &App) -> Response {
    if let Some(mut response) = view_on_request(app, &Page::NotFound.path()).await {
        *response.status_mut() = StatusCode::NOT_FOUND;
        return response;
    }
    let served = app
        .served
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let body = match served.files.get(&Page::NotFound.path()) {
        Some(page) => inject(page, served.overlay.as_deref(), &app.base_path),
        None => b"Not found".to_vec(),
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The characters written as escapes in a path segment of a `Location`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The address of the folder at `path` within the site, made from the
/// site's own path and the checked segments, never from the request as
/// sent: a request for `//host` must not send the browser to `host`.
fn folder_url(base_path: &str, path: &str) -> String {
    let mut url = base_path.to_owned();
    for segment in path.split('/') {
        url.extend(utf8_percent_encode(segment, SEGMENT));
        url.push('/');
    }
    url
}

fn redirect(to: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, to.to_owned())],
    )
        .into_response()
}

fn events(app: &App) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(app.reloads.subscribe()).filter_map(|version| {
        version
            .ok()
            .map(|v| Ok(Event::default().data(v.to_string())))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_into_the_site_or_nowhere() {
        assert_eq!(site_path("/", "/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/executive/", "/").as_deref(),
            Some("executive/index.html")
        );
        assert_eq!(site_path("/style.css", "/").as_deref(), Some("style.css"));
        assert_eq!(
            site_path("/roadmap/goals/a/", "/roadmap/").as_deref(),
            Some("goals/a/index.html")
        );
        assert_eq!(
            site_path("//etc/passwd", "/").as_deref(),
            Some("etc/passwd")
        );
        for escaping in [
            "/../roadmap.toml",
            "/%2e%2e/roadmap.toml",
            "/goals/%2E%2E/%2e%2e/x",
            "/initiatives%2f..%2f..%2froadmap.toml",
            "/..%5c..%5croadmap.toml",
            "/./index.html",
            "/a%00b",
            "/%ff",
        ] {
            assert_eq!(site_path(escaping, "/"), None, "{escaping}");
        }
        assert_eq!(site_path("/other/x", "/roadmap/"), None);
    }

    #[test]
    fn values_in_scripts_stay_strings() {
        for value in [
            "/x\");alert(document.domain);(\"/",
            "/</script><script>alert(1)</script>/",
            "/<!--/",
            "/\u{2028}\u{2029}/",
            "/\\\"/",
        ] {
            let literal = script_string(value);
            assert!(
                !literal.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
                "{literal}"
            );
            let back: String = serde_json::from_str(&literal).unwrap();
            assert_eq!(back, value);
            let script = reload_script(value);
            assert_eq!(script.matches("</script>").count(), 1, "{script}");
            let events = script_string(&format!("{value}{EVENTS}"));
            assert!(script.contains(&format!("new EventSource({events})")));
        }
    }

    #[test]
    fn redirects_are_made_from_the_site_path() {
        assert_eq!(folder_url("/", "executive"), "/executive/");
        assert_eq!(
            folder_url("/roadmap/", "goals/speed"),
            "/roadmap/goals/speed/"
        );
        assert_eq!(folder_url("/", "a b/c?d"), "/a%20b/c%3Fd/");
        assert_eq!(folder_url("/", "x\\y"), "/x%5Cy/");
    }

    #[test]
    fn requests_are_answered_without_a_network() {
        let ask = |target: &str, host: Option<&str>| {
            let served = Served {
                files: [
                    ("index.html".to_owned(), b"<body>HOME</body>".to_vec()),
                    ("goals/a/index.html".to_owned(), b"GOAL".to_vec()),
                ]
                .into(),
                ..Served::default()
            };
            let request = RawRequest {
                method: b"GET",
                target: target.as_bytes(),
                host: host.map(str::as_bytes),
            };
            answer(served, "/site/", &request).unwrap()
        };
        let home = ask("/site/", Some("localhost:1111"));
        assert_eq!(home.status, 200);
        assert!(String::from_utf8_lossy(&home.body).contains("HOME"));
        let refused = ask("/site/", Some("evil.example"));
        assert_eq!(refused.status, 403);
        assert!(!String::from_utf8_lossy(&refused.body).contains("HOME"));
        let moved = ask("/site//goals/a", Some("127.0.0.1"));
        assert_eq!(moved.location.as_deref(), Some("/site/goals/a/"));
        assert!(ask("/site/__waymark/events", Some("[::1]")).event_stream);
    }
}
