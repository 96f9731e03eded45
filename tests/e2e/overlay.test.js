// The error overlay of `waymark serve`, tried in a real browser: once the
// example roadmap stops building, every text in the overlay must stay
// readable over the themed page, in light and in dark mode.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const fsp = require("node:fs/promises");
const os = require("node:os");
const path = require("node:path");
const { PROJECT_ROOT, launchBrowser, run } = require("./support");

const TODAY = "2026-11-21";
// WCAG 2 AA for body text.
const MIN_CONTRAST = 4.5;

let scratch;
let serve;
let browser;

/**
 * Starts `waymark serve` on a free loopback port and resolves to
 * { origin, stop } once it has printed its address. The binary is started
 * directly, not through `cargo run`, so that stopping it stops the server.
 */
async function startServe(roadmap) {
  await run("cargo", ["build", "--quiet"]);
  const target = process.env.CARGO_TARGET_DIR || path.join(PROJECT_ROOT, "target");
  const child = spawn(path.join(target, "debug", "waymark"),
    ["serve", roadmap, "--port", "0", "--today", TODAY, "--base-url", "/"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  child.stderr.resume();
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve printed no address within 60 s")), 60_000);
    let printed = "";
    child.stdout.on("data", (chunk) => {
      printed += chunk;
      const found = printed.match(/http:\/\/[^/\s]+/);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its address:\n${printed}`));
    });
  });
  const stop = () => new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill();
  });
  return { origin, stop };
}

before(async () => {
  scratch = await fsp.mkdtemp(path.join(os.tmpdir(), "waymark-overlay-"));
  const roadmap = path.join(scratch, "roadmap");
  await fsp.cp(path.join(PROJECT_ROOT, "content"), path.join(roadmap, "content"), { recursive: true });
  await fsp.copyFile(path.join(PROJECT_ROOT, "roadmap.toml"), path.join(roadmap, "roadmap.toml"));
  serve = await startServe(roadmap);
  browser = await launchBrowser();
  // Broken after the first build, so that the overlay lies over the themed
  // page of the last good build, as a writer sees it.
  fs.writeFileSync(path.join(roadmap, "content", "goals", "broken.md"),
    "---\ntitle: Broken\nstatus: [unclosed\n---\nBody.\n");
}, { timeout: 660_000 });

after(async () => {
  await browser?.close();
  await serve?.stop();
  if (scratch) await fsp.rm(scratch, { recursive: true, force: true });
}, { timeout: 60_000 });

/** Loads `url` until the overlay is on it, for at most `timeoutMs`. */
async function openWithOverlay(page, url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url, { waitUntil: "load" });
    if (await page.$("#waymark-overlay")) return;
    if (Date.now() > deadline) assert.fail(`no overlay on ${url} within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

/**
 * For every element of the overlay with text of its own: its colour against
 * the first opaque background behind it, as a WCAG contrast ratio.
 */
function overlayContrasts() {
  const channels = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const linear = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const backgroundOf = (element) => {
    for (let at = element; at; at = at.parentElement) {
      const colour = channels(getComputedStyle(at).backgroundColor);
      if (colour && colour.a === 1) return colour;
      if (colour && colour.a > 0) return null; // see-through: cannot be judged
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const overlay = document.getElementById("waymark-overlay");
  const found = [];
  for (const element of [overlay, ...overlay.querySelectorAll("*")]) {
    const ownText = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent.trim())
      .join("");
    if (!ownText) continue;
    const fg = channels(getComputedStyle(element).color);
    const bg = backgroundOf(element);
    const [light, dark] = [luminance(fg), bg ? luminance(bg) : NaN].sort((a, b) => b - a);
    found.push({
      element: element.tagName.toLowerCase(),
      text: ownText.slice(0, 60),
      colour: getComputedStyle(element).color,
      background: bg ? `rgb(${bg.r}, ${bg.g}, ${bg.b})` : "see-through",
      ratio: bg ? (light + 0.05) / (dark + 0.05) : 0,
    });
  }
  return found;
}

for (const colorScheme of ["light", "dark"]) {
  test(`every text of the serve overlay has contrast of at least ${MIN_CONTRAST}:1 in ${colorScheme} mode`, { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      // A page with every kind of element the theme styles, `pre` included.
      await openWithOverlay(page, serve.origin + "/initiatives/database-migration/");
      assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), colorScheme === "dark");
      const contrasts = await page.evaluate(overlayContrasts);
      const tags = new Set(contrasts.map((c) => c.element));
      for (const tag of ["h2", "p", "pre"]) assert.ok(tags.has(tag), `no text in the overlay's ${tag}: ${JSON.stringify(contrasts)}`);
      const poor = contrasts.filter((c) => !(c.ratio >= MIN_CONTRAST));
      assert.deepEqual(poor, [], `overlay text below ${MIN_CONTRAST}:1`);
    } finally {
      await context.close();
    }
  });
}
