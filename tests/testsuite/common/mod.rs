//! Fixture roadmaps in temporary folders, and `waymark` run against them.

pub mod git;
pub mod server;
pub mod site;

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The date every test judges horizons and staleness by.
pub const TODAY: &str = "2026-11-21";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A roadmap folder that the test may change; removed when dropped.
pub struct Roadmap {
    dir: tempfile::TempDir,
}

impl Roadmap {
    /// A copy of the small valid fixture, which checks with no problem.
    pub fn valid() -> Roadmap {
        Roadmap::copy_of(&fixture("valid"))
    }

    /// A copy of the repository's example roadmap: roadmap.toml and
    /// content/, without what a build or a test run left beside them.
    pub fn example() -> Roadmap {
        let example = Path::new(env!("CARGO_MANIFEST_DIR"));
        let roadmap = Roadmap::empty();
        let settings = std::fs::read(example.join("roadmap.toml")).unwrap();
        roadmap.write_bytes("roadmap.toml", &settings);
        for entry in walkdir::WalkDir::new(example.join("content")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let relative = entry.path().strip_prefix(example).unwrap();
                let bytes = std::fs::read(entry.path()).unwrap();
                roadmap.write_bytes(relative.to_str().unwrap(), &bytes);
            }
        }
        roadmap
    }

    pub fn copy_of(source: &Path) -> Roadmap {
        let roadmap = Roadmap::empty();
        for entry in walkdir::WalkDir::new(source) {
            let entry = entry.unwrap();
            let target = roadmap
                .path()
                .join(entry.path().strip_prefix(source).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        roadmap
    }

    /// A folder with an empty `content/`.
    pub fn empty() -> Roadmap {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        Roadmap { dir }
    }

    /// A roadmap of `count` planned initiatives serving one goal, spread
    /// over `teams` team folders, each body `words` words long.
    pub fn generated(count: usize, teams: usize, words: usize) -> Roadmap {
        let roadmap = Roadmap::empty();
        roadmap.write("content/goals/speed.md", "---\ntitle: Speed\n---\n");
        for i in 0..count {
            roadmap.write(
                &format!("content/initiatives/team{}/i{i:04}.md", i % teams),
                &format!(
                    "---\ntitle: Initiative {i}\nstatus: planned\ngoals: [speed]\nquarter: \"2027-Q1\"\n---\n{}\n",
                    "Text. ".repeat(words)
                ),
            );
        }
        roadmap
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) -> &Roadmap {
        self.write_bytes(relative, text.as_bytes())
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Roadmap {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    pub fn remove(&self, relative: &str) -> &Roadmap {
        std::fs::remove_file(self.path().join(relative)).unwrap();
        self
    }

    /// Replaces the first `from` in a file with `to`, asserting it was there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Roadmap {
        let text = self.read(relative);
        assert!(text.contains(from), "`{from}` is not in {relative}");
        self.write(relative, &text.replacen(from, to, 1))
    }

    /// `waymark check --format json`, parsed.
    pub fn check(&self) -> Checked {
        check(self.path())
    }
}

impl AsRef<Path> for Roadmap {
    fn as_ref(&self) -> &Path {
        self.path()
    }
}

/// `waymark check --format json` of the roadmap in `dir`, parsed.
pub fn check(dir: &Path) -> Checked {
    Checked::parse(waymark(
        &["check", "--format", "json", "--today", TODAY],
        dir,
    ))
}

/// Every wait for a waymark run, or for what it serves, ends by this
/// deadline: a hang must fail the test, not stall the suite.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Runs the waymark binary with `args` and the roadmap folder last.
pub fn waymark(args: &[&str], dir: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command.args(args).arg(dir).env("NO_COLOR", "1");
    output_within(&mut command, DEADLINE)
}

/// `waymark build` of `roadmap` into `output`, with `extra` arguments.
pub fn build(roadmap: &Path, output: &Path, extra: &[&str]) -> Output {
    output_within(&mut build_command(roadmap, output, extra), DEADLINE)
}

/// The command line of `build`, to run as the test needs.
pub fn build_command(roadmap: &Path, output: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_waymark"));
    command
        .args(["build", "--today", TODAY, "--output"])
        .arg(output)
        .args(extra)
        .arg(roadmap)
        .env("NO_COLOR", "1");
    command
}

/// Runs `command` to its end and collects what it printed, failing the test
/// (after killing it) if that takes longer than `deadline`.
pub fn output_within(command: &mut Command, deadline: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    wait_within(child, deadline, &format!("{command:?}"))
}

/// Waits for `child` to end and collects what it printed on the pipes it
/// has, failing the test (after killing it) if that takes longer than
/// `deadline`; `what` names it in that failure.
pub fn wait_within(mut child: Child, deadline: Duration, what: &str) -> Output {
    // Drained meanwhile: a full pipe would stall the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|pipe| Box::new(pipe) as _));
    let stderr = drain(child.stderr.take().map(|pipe| Box::new(pipe) as _));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {deadline:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Builds `roadmap` into a fresh folder, asserting success; returns the
/// folder's guard (keep it alive) and the site's path.
pub fn build_ok(roadmap: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = build(roadmap, &out, extra);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: String,
    pub code: String,
    pub message: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub help: Option<String>,
}

impl Diagnostic {
    /// Asserts where the diagnostic points.
    pub fn at(&self, file: &str, line: u64, column: u64) -> &Diagnostic {
        assert_eq!(
            (self.file.as_str(), self.line, self.column),
            (file, line, column),
            "{self:#?}"
        );
        self
    }

    pub fn says(&self, text: &str) -> &Diagnostic {
        assert!(
            self.message.contains(text),
            "message lacks `{text}`: {self:#?}"
        );
        self
    }

    pub fn helps(&self, text: &str) -> &Diagnostic {
        let help = self.help.as_deref().unwrap_or("");
        assert!(help.contains(text), "help lacks `{text}`: {self:#?}");
        self
    }
}

pub struct Checked {
    pub status: Option<i32>,
    pub errors: u64,
    pub warnings: u64,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    fn parse(output: Output) -> Checked {
        let stdout = String::from_utf8(output.stdout).unwrap();
        let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {stdout}\nstderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        let text = |d: &Value, key: &str| d[key].as_str().unwrap_or_default().to_owned();
        let diagnostics = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| Diagnostic {
                severity: text(d, "severity"),
                code: text(d, "code"),
                message: text(d, "message"),
                file: text(d, "file"),
                line: d["line"].as_u64().unwrap(),
                column: d["column"].as_u64().unwrap(),
                help: d["help"].as_str().map(str::to_owned),
            })
            .collect();
        Checked {
            status: output.status.code(),
            errors: json["errors"].as_u64().unwrap(),
            warnings: json["warnings"].as_u64().unwrap(),
            diagnostics,
        }
    }

    /// The one diagnostic of the run, asserting it has `code`.
    pub fn only(&self, code: &str) -> &Diagnostic {
        assert_eq!(
            self.diagnostics.len(),
            1,
            "expected only `{code}`: {:#?}",
            self.diagnostics
        );
        let diagnostic = &self.diagnostics[0];
        assert_eq!(diagnostic.code, code, "{diagnostic:#?}");
        let expected_status = if diagnostic.severity == "error" { 1 } else { 0 };
        assert_eq!(self.status, Some(expected_status));
        diagnostic
    }

    pub fn codes(&self) -> Vec<&str> {
        self.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    pub fn find(&self, code: &str) -> &Diagnostic {
        self.diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no `{code}` in {:#?}", self.diagnostics))
    }
}
