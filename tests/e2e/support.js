// Shared helpers for the end-to-end tests: build the example roadmap, serve
// it over loopback, and start Chromium. Kept out of the *.test.js files so
// that each test file reads as a list of checks.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const fsp = require("node:fs/promises");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
// Fixed so that every run builds the same site (horizons, staleness badges).
const TODAY = "2026-11-21";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// One page of each type the theme renders. The 404 page is reached the way
// a reader reaches it: through an address that does not exist.
const PAGE_TYPES = [
  { name: "index", path: "/index.html" },
  { name: "executive", path: "/executive/index.html" },
  { name: "engineering", path: "/engineering/index.html" },
  { name: "initiative", path: "/initiatives/database-migration/index.html" },
  { name: "goal", path: "/goals/realtime-merchandising/index.html" },
  { name: "changelog", path: "/changelog/index.html" },
  { name: "404", path: "/no-such-page/index.html", status: 404 },
];

/** Runs a command to completion, failing if it exits non-zero or outlives `timeoutMs`. */
function run(command, args, { cwd = PROJECT_ROOT, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let output = "";
    child.stdout.on("data", (chunk) => { output += chunk; });
    child.stderr.on("data", (chunk) => { output += chunk; });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal || "exit " + code}):\n${output}`));
    });
  });
}

/**
 * Builds the example roadmap into a fresh temporary folder and returns the
 * site's path. `cargo run` rather than a prebuilt binary because the theme
 * is compiled into the binary: a stale binary would test a stale theme.
 * The generous timeout covers a first compile on a fresh machine.
 * With `extraConfig`, a copy of the example with those lines added to its
 * roadmap.toml is built instead.
 */
async function buildSite({ extraConfig = "" } = {}) {
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), "waymark-e2e-"));
  const out = path.join(scratch, "public");
  let roadmap = PROJECT_ROOT;
  if (extraConfig) {
    // A copy of the example whose roadmap.toml ends with `extraConfig`.
    roadmap = path.join(scratch, "roadmap");
    await fsp.cp(path.join(PROJECT_ROOT, "content"), path.join(roadmap, "content"), { recursive: true });
    const config = await fsp.readFile(path.join(PROJECT_ROOT, "roadmap.toml"), "utf8");
    await fsp.writeFile(path.join(roadmap, "roadmap.toml"), `${config}\n${extraConfig}\n`);
  }
  await run("cargo", ["run", "--quiet", "--", "build", roadmap, "--output", out, "--today", TODAY, "--quiet"]);
  return { out, cleanup: () => fsp.rm(scratch, { recursive: true, force: true }) };
}

/**
 * Builds a roadmap of `count` initiatives written by bench/generate.py (ten
 * teams, risks on every item, a quarter of it done) into a fresh temporary
 * folder on the same day as the example, as `buildSite` builds the example:
 * for the checks that only a portfolio of realistic size can fail. With
 * `members`, the same initiatives split over that many member roadmaps of
 * a portfolio (`m00`, `m01`, …), and the portfolio built.
 */
async function buildGenerated(count, { members = 0 } = {}) {
  const scratch = await fsp.mkdtemp(path.join(os.tmpdir(), "waymark-e2e-"));
  const generated = path.join(scratch, "roadmap");
  const out = path.join(scratch, "public");
  const split = members ? ["--members", String(members)] : [];
  await run("python3", [path.join(PROJECT_ROOT, "bench", "generate.py"), String(count), generated, ...split], { timeoutMs: 60_000 });
  const roadmap = members ? path.join(generated, "portfolio") : generated;
  await run("cargo", ["run", "--quiet", "--", "build", roadmap, "--output", out, "--today", TODAY, "--quiet"]);
  return { out, cleanup: () => fsp.rm(scratch, { recursive: true, force: true }) };
}

/** Every .html file under `dir`, as paths relative to it with forward slashes. */
function htmlFiles(dir, prefix = "") {
  const found = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...htmlFiles(dir, rel));
    else if (entry.name.endsWith(".html")) found.push(rel);
  }
  return found.sort();
}

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/atom+xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Maps a request path to a file inside `root`, or null. Decoding first and
 * then checking the resolved path keeps `..` and encoded slashes inside the
 * site folder.
 */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  let file = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Serves `root` on 127.0.0.1 at an ephemeral port, as a plain static host
 * would: a folder means its index.html, and a missing file gets 404.html
 * with status 404. Resolves to { origin, close }.
 */
function serveSite(root) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const { pathname } = new URL(req.url, "http://127.0.0.1");
    const file = resolveInside(root, pathname);
    const served = file || resolveInside(root, "/404.html");
    // A build without 404.html must fail the tests, not crash the server.
    const body = served ? fs.readFileSync(served) : Buffer.from("Not found\n");
    const type = served ? CONTENT_TYPES[path.extname(served)] || "application/octet-stream" : "text/plain; charset=utf-8";
    res.writeHead(file ? 200 : 404, { "Content-Type": type, "Content-Length": body.length, "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
      });
    });
  });
}

/** Starts the system Chromium through playwright-core; it never downloads a browser. */
async function launchBrowser() {
  // Required lazily so that the HTML validity test runs without node_modules.
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}

/**
 * Counts the pages of a PDF: the page objects (`/Type /Page`, not the
 * `/Type /Pages` tree nodes). Chromium writes page dictionaries uncompressed,
 * so a textual scan suffices; the page tree's /Count is checked against it so
 * that a change in how Chromium writes PDFs fails loudly rather than silently.
 */
function countPdfPages(bytes) {
  const text = Buffer.from(bytes).toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)]
    .map((m) => Number(m[1] || m[2]));
  const total = counts.length ? Math.max(...counts) : null;
  if (total !== null && total !== pages) {
    throw new Error(`PDF page count disagrees: ${pages} page objects, page tree /Count ${total}`);
  }
  return pages;
}

/** Where screenshots go: $E2E_SCREENSHOTS, or tests/e2e/screenshots/. */
/** Runs axe-core on the open page and returns its serious and critical violations, readably. */
async function seriousViolations(page) {
  await page.addScriptTag({ path: require.resolve("axe-core") });
  const results = await page.evaluate(() => window.axe.run());
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.slice(0, 5).map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n"));
}

function screenshotDir() {
  const dir = process.env.E2E_SCREENSHOTS
    ? path.resolve(process.env.E2E_SCREENSHOTS)
    : path.join(__dirname, "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

module.exports = {
  PROJECT_ROOT,
  PAGE_TYPES,
  TODAY,
  buildGenerated,
  buildSite,
  countPdfPages,
  htmlFiles,
  launchBrowser,
  run,
  screenshotDir,
  seriousViolations,
  serveSite,
};
