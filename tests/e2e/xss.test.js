// Script payloads written into every field a roadmap's writer controls
// must never run in a reader's browser: every page of a hostile roadmap is
// loaded in Chromium, and any dialog a payload would open fails the test.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { htmlFiles, launchBrowser, serveSite } = require("./support");

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const PAYLOAD = `<script>alert(1)</script> "><img src=x onerror=alert(2)> '><svg onload=alert(3)> javascript:alert(4)`;
const yaml = (text) => JSON.stringify(text);

/** A roadmap with the payload in every field, including raw HTML bodies. */
function writeHostileRoadmap(root) {
  const files = {
    "roadmap.toml": `title = ${yaml(PAYLOAD)}\ndescription = ${yaml(PAYLOAD)}\nvision = ${yaml(PAYLOAD)}\n`,
    "content/goals/g.md": `---\ntitle: ${yaml(PAYLOAD)}\nowner: ${yaml(PAYLOAD)}\nmetrics:\n  - name: ${yaml(PAYLOAD)}\n    target: ${yaml(PAYLOAD)}\n---\n${PAYLOAD}\n`,
  };
  for (const id of ["a", "b"]) {
    files[`content/initiatives/${id}.md`] = [
      "---",
      `title: ${yaml(PAYLOAD)}`,
      "status: in-progress",
      `owner: ${yaml(PAYLOAD)}`,
      `team: ${yaml(PAYLOAD)}`,
      `category: ${yaml(PAYLOAD)}`,
      `summary: ${yaml(PAYLOAD)}`,
      "goals: [g]",
      id === "b" ? "depends_on: [a]" : "",
      'start: "2026-Q4"',
      'end: "2027-Q1"',
      "cost: 2",
      "impact: 4",
      `risks:\n  - risk: ${yaml(PAYLOAD)}\n    mitigation: ${yaml(PAYLOAD)}`,
      `links:\n  - title: ${yaml(PAYLOAD)}\n    url: "https://x.example/?q=<script>alert(5)</script>"`,
      `changelog:\n  - date: "2026-11-01"\n    change: ${yaml(PAYLOAD)}\n    why: ${yaml(PAYLOAD)}`,
      "---",
      `${PAYLOAD}\n\n[click](javascript:alert(6))\n\n<!-- more -->\n\n<iframe src="javascript:alert(7)"></iframe><a href="javascript:alert(8)">x</a>`,
      "",
    ].join("\n");
  }
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

let scratch;
let server;
let browser;
let pages;

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "waymark-xss-"));
  const roadmap = path.join(scratch, "roadmap");
  const out = path.join(scratch, "public");
  writeHostileRoadmap(roadmap);
  execFileSync("cargo", ["run", "--quiet", "--", "build", roadmap, "--output", out, "--today", "2026-11-21", "--quiet"], {
    cwd: PROJECT_ROOT,
    stdio: "inherit",
    timeout: 600_000,
  });
  pages = htmlFiles(out);
  server = await serveSite(out);
  browser = await launchBrowser();
}, { timeout: 660_000 });

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test("no payload runs on any page of a hostile roadmap", { timeout: 120_000 }, async () => {
  assert.ok(pages.length >= 8, `only ${pages.length} pages were built`);
  const context = await browser.newContext();
  const ran = [];
  try {
    for (const name of pages) {
      const page = await context.newPage();
      page.on("dialog", async (dialog) => {
        ran.push(`${name}: ${dialog.message()}`);
        await dialog.dismiss();
      });
      await page.goto(`${server.origin}/${name}`, { waitUntil: "load", timeout: 15_000 });
      // Hover and click what a reader would, so that handlers get their chance.
      for (const link of await page.locator("main a").all()) {
        await link.hover({ timeout: 2_000 }).catch(() => {});
      }
      await page.waitForTimeout(100);
      await page.close();
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(ran, [], `payloads ran:\n${ran.join("\n")}`);
});
