//! A running `waymark serve`, and requests sent to it as raw bytes, so
//! that the tests can send what no client library would.

use super::{DEADLINE, TODAY};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an event stream may pause before it counts as finished: it
/// never ends by itself.
const SILENCE: Duration = Duration::from_secs(2);

/// A running `waymark serve`, stopped when dropped.
pub struct Server {
    child: Child,
    address: String,
    /// Everything it has printed on stderr so far.
    stderr: Arc<Mutex<String>>,
}

/// A response as it came over the wire.
pub struct Reply {
    pub status: u16,
    /// The status line and headers.
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

impl Server {
    /// Serves the roadmap in `folder` at the server's root.
    pub fn start(folder: impl AsRef<Path>) -> Server {
        Server::start_with(folder, &["--base-url", "/"])
    }

    /// Serves the roadmap in `folder` with `extra` arguments, once it has
    /// printed the address it serves at.
    pub fn start_with(folder: impl AsRef<Path>, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["serve", "--port", "0", "--today", TODAY])
            .args(extra)
            .arg(folder.as_ref())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("waymark starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let collected = Arc::clone(&stderr);
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = collected.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        // Stopped, whatever happens next.
        let mut server = Server {
            child,
            address: String::new(),
            stderr,
        };
        let line = receiver
            .recv_timeout(DEADLINE)
            .expect("serve prints its address");
        server.address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        server
    }

    pub fn port(&self) -> &str {
        self.address.rsplit(':').next().unwrap()
    }

    /// Sends `raw` as it is and reads the response until the server closes
    /// the connection, or until an event stream pauses for SILENCE.
    pub fn send(&self, raw: &str) -> Reply {
        let (status, head, body) = self.exchange(raw);
        Reply {
            status,
            head,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// The status and the body, byte for byte, of `GET path`.
    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let (status, _, body) = self.exchange(&self.raw_request("GET", path));
        (status, body)
    }

    /// Sends `raw`; returns the response's status, head and body.
    fn exchange(&self, raw: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        // A response ends when the server closes the connection, however
        // busy the machine; an event stream, when it pauses.
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut response = Vec::new();
        let mut buffer = [0; 8192];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => response.extend_from_slice(&buffer[..n]),
            }
            if is_event_stream(&response) {
                stream.set_read_timeout(Some(SILENCE)).unwrap();
            }
        }
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head = String::from_utf8_lossy(&response[..end]).into_owned();
        let body = response.get(end + 4..).unwrap_or_default().to_vec();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    /// A request for `method path` that asks for this server by the
    /// address it printed.
    fn raw_request(&self, method: &str, path: &str) -> String {
        format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
    }

    /// `method path`, asking for this server by the address it printed.
    pub fn ask(&self, method: &str, path: &str) -> Reply {
        self.send(&self.raw_request(method, path))
    }

    /// Sends `method path` exactly as written; returns status and body.
    pub fn request(&self, method: &str, path: &str) -> (u16, String) {
        let reply = self.ask(method, path);
        (reply.status, reply.body)
    }

    pub fn get(&self, path: &str) -> String {
        let (status, body) = self.request("GET", path);
        assert_eq!(status, 200, "GET {path}");
        body
    }

    /// Fetches `path` until `test` holds, or fails after the deadline.
    pub fn wait_for(&self, path: &str, what: &str, test: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.request("GET", path);
            if test(&body) {
                return body;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "waited in vain for {what} at {path}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until stderr holds `text`, or fails after the deadline.
    pub fn wait_for_stderr(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let stderr = self.stderr.lock().unwrap().clone();
            if stderr.contains(text) {
                return stderr;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "waited in vain for `{text}` on stderr:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether the head of `response`, once it has come, announces an event
/// stream.
fn is_event_stream(response: &[u8]) -> bool {
    let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    String::from_utf8_lossy(&response[..end])
        .to_ascii_lowercase()
        .contains("content-type: text/event-stream")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
