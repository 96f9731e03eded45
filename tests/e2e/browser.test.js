// Real-browser tests of the site waymark builds from the example roadmap:
// pages load cleanly and stay on the site, the engineering filters and the
// timeline's window work and survive a reload, nothing scrolls sideways on a
// phone, axe finds no serious accessibility problem in light or dark mode,
// the executive page prints on one sheet, and every page type is
// photographed for a person to look at.
//
// One Chromium serves every test; each test gets its own browser context so
// that viewport, colour scheme and history never leak between them.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const {
  PAGE_TYPES,
  buildGenerated,
  buildSite,
  countPdfPages,
  htmlFiles,
  launchBrowser,
  screenshotDir,
  seriousViolations,
  serveSite,
} = require("./support");

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 800 };

let site;
let server;
let browser;

before(async () => {
  site = await buildSite();
  server = await serveSite(site.out);
  browser = await launchBrowser();
}, { timeout: 660_000 });

after(async () => {
  await browser?.close();
  await server?.close();
  await site?.cleanup();
}, { timeout: 60_000 });

/**
 * Opens a browser context whose every request to anywhere but the test
 * server is recorded and blocked: the site promises that no page requests
 * anything from outside, and a blocked request must not hang the test.
 */
async function openContext(viewport = DESKTOP, origin = server.origin) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const offsite = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    // The site read from disk, as the search test does, stays on the site too.
    if (new URL(url).origin === origin || url.startsWith("file://" + site.out)) return route.continue();
    offsite.push(url);
    return route.abort("blockedbyclient");
  });
  return { context, offsite };
}

/**
 * Runs `fn(page, offsite)` in a fresh context that is closed whatever
 * happens, counting requests to anywhere but `origin` as off the site.
 */
async function withPage(viewport, fn, origin = server.origin) {
  const { context, offsite } = await openContext(viewport, origin);
  try {
    return await fn(await context.newPage(), offsite);
  } finally {
    await context.close();
  }
}

/**
 * Collects what a reader would call a broken page: console errors, uncaught
 * exceptions, failed requests and error responses. `take()` returns what
 * was seen since the last call, so one page can visit many addresses.
 */
function watchProblems(page) {
  let problems = [];
  let expectedStatusUrl = null;
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // Chromium reports a document's own error status on the console; that is
    // the point of the 404 page, not a fault in it.
    if (expectedStatusUrl && msg.location().url === expectedStatusUrl && /status of 404/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() < 400) return;
    if (response.url() === expectedStatusUrl && response.request().isNavigationRequest()) return;
    problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    expectErrorStatusFor(url) { expectedStatusUrl = url; },
    take() { const seen = problems; problems = []; expectedStatusUrl = null; return seen; },
  };
}

/** Navigates to a site path, checks the status the page type should have, and returns the response. */
async function open(page, pagePath, expectedStatus = 200) {
  const response = await page.goto(server.origin + pagePath, { waitUntil: "load" });
  assert.ok(response, `no response for ${pagePath}`);
  assert.equal(response.status(), expectedStatus, `status of ${pagePath}`);
  return response;
}

/** Every page of the build, plus a missing address that must get the 404 page. */
function everyPage() {
  const built = htmlFiles(site.out)
    .filter((file) => file !== "404.html")
    .map((file) => ({ path: "/" + file, status: 200 }));
  return [...built, ...PAGE_TYPES.filter((p) => p.status === 404)];
}

test("every page type loads with no console error, failed request or request off the site", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    const seenTypes = new Set();
    for (const { path: pagePath, status = 200 } of everyPage()) {
      const url = server.origin + pagePath;
      if (status !== 200) watcher.expectErrorStatusFor(url);
      await open(page, pagePath, status);
      assert.deepEqual(offsite.splice(0), [], `requests from ${pagePath} that left 127.0.0.1`);
      assert.deepEqual(watcher.take(), [], `problems on ${pagePath}`);
      seenTypes.add(PAGE_TYPES.find((t) => t.path === pagePath)?.name);
    }
    for (const type of PAGE_TYPES) assert.ok(seenTypes.has(type.name), `page type ${type.name} was visited`);

    // "/" is the start page, as on any static host.
    await open(page, "/");
    assert.match(await page.title(), /roadmap/i);
    assert.deepEqual(offsite, []);
    assert.deepEqual(watcher.take(), []);
  });
});

/** The rows of the initiative table with their status and whether the reader sees them. */
function tableRows(page) {
  return page.$$eval("#initiative-table tbody tr", (rows) =>
    rows.map((row) => ({
      id: row.querySelector("code")?.textContent,
      status: row.dataset.status,
      visible: row.checkVisibility(),
    })));
}

/** A status that some rows have and some do not, so that filtering by it shows a real change. */
async function discriminatingStatus(page) {
  const rows = await tableRows(page);
  const options = await page.$$eval('#filters input[name="status"]', (boxes) => boxes.map((box) => box.value));
  const status = options.find((value) => {
    const matching = rows.filter((row) => row.status === value).length;
    return matching > 0 && matching < rows.length;
  });
  assert.ok(status, `no status option splits the ${rows.length} rows`);
  return status;
}

/** The site's roadmap.json. */
function exported(out = site.out) {
  return JSON.parse(fs.readFileSync(path.join(out, "roadmap.json"), "utf8"));
}

/** Asserts that the rows shown are exactly the initiatives with one of `statuses`, and the count line agrees. */
async function assertFilteredBy(page, ...statuses) {
  const { initiatives } = exported();
  const wanted = initiatives.filter((item) => statuses.includes(item.status)).map((item) => item.id).sort();
  const shown = (await tableRows(page)).filter((row) => row.visible);
  assert.deepEqual(shown.map((row) => row.id).sort(), wanted, `rows shown for status=${statuses}`);
  assert.equal(await page.locator("#filters .filter-count").textContent(), `${wanted.length} of ${initiatives.length} initiatives shown`);
}

test("engineering filters write the URL, survive a reload, and links lead to initiatives", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const allRows = await tableRows(page);
    assert.ok(allRows.length > 1 && allRows.every((row) => row.visible), "every row shows before filtering");

    const status = await discriminatingStatus(page);
    await page.locator(`#filters input[name="status"][value="${status}"]`).check();
    await page.waitForURL((url) => url.searchParams.get("status") === status);
    assert.equal(new URL(page.url()).search, `?status=${status}`);
    await assertFilteredBy(page, status);

    // The filtered address is what a reader shares: loading it again restores the view.
    const shared = page.url();
    await page.reload({ waitUntil: "load" });
    assert.equal(page.url(), shared);
    assert.ok(await page.locator(`#filters input[name="status"][value="${status}"]`).isChecked());
    await assertFilteredBy(page, status);

    // A deep link to an initiative opens that initiative's page.
    const roadmap = JSON.parse(fs.readFileSync(path.join(site.out, "roadmap.json"), "utf8"));
    const target = findInitiative(roadmap, "database-migration");
    await open(page, "/initiatives/database-migration/index.html");
    assert.equal((await page.locator("h1").first().textContent()).trim(), target.title);

    // A timeline bar is a link to its initiative.
    await open(page, "/engineering/index.html");
    const bar = page.locator("svg.chart-timeline a.bar").first();
    const href = await bar.getAttribute("href");
    const id = href.match(/initiatives\/([^/]+)\/index\.html$/)?.[1];
    assert.ok(id, `timeline bar link ${href} names an initiative`);
    await bar.locator("rect").click();
    await page.waitForURL(`${server.origin}/initiatives/${id}/index.html`);
    assert.equal((await page.locator("h1").first().textContent()).trim(), findInitiative(roadmap, id).title);

    assert.deepEqual(watcher.take(), []);
    assert.deepEqual(offsite, []);
  });
});

/** The statuses, in the order the filter offers them, that some initiatives have and some do not. */
async function twoStatuses(page) {
  const { initiatives } = exported();
  const offered = await page.$$eval('#filters input[name="status"]', (boxes) => boxes.map((box) => box.value));
  const splitting = offered.filter((s) => initiatives.some((i) => i.status === s));
  assert.ok(splitting.length >= 3, `three statuses occur: ${splitting}`);
  return splitting.slice(0, 2);
}

test("several values of one filter, repeated or comma-separated in the URL, restore the view and filter the timeline and risks", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const [a, b] = await twoStatuses(page);
    for (const query of [`?status=${a}&status=${b}`, `?status=${a},${b}`]) {
      await open(page, "/engineering/index.html" + query);
      await page.locator("#filters").waitFor({ state: "visible" });
      for (const s of [a, b]) assert.ok(await page.locator(`#filters input[name="status"][value="${s}"]`).isChecked(), `${s} checked by ${query}`);
      await assertFilteredBy(page, a, b);
      // The timeline's bars and the risk register follow the table.
      const shownIds = new Set(exported().initiatives.filter((i) => [a, b].includes(i.status)).map((i) => i.id));
      const bars = await page.$$eval("svg.chart-timeline a.bar", (links) =>
        links.map((link) => ({ id: link.getAttribute("href").match(/initiatives\/([^/]+)\//)[1], visible: link.checkVisibility() })));
      assert.ok(bars.length > 0);
      assert.deepEqual(bars.filter((bar) => bar.visible !== shownIds.has(bar.id)), [], "bars shown are the filtered initiatives'");
      const risks = await page.$$eval("#risk-table tbody tr", (rows) =>
        rows.filter((row) => row.checkVisibility()).map((row) => row.dataset.id));
      assert.deepEqual(risks.filter((id) => !shownIds.has(id)), [], "risks shown belong to filtered initiatives");
    }
    // The old single-value address still works.
    await open(page, `/engineering/index.html?status=${a}`);
    await assertFilteredBy(page, a);
    assert.deepEqual(watcher.take(), []);
    assert.deepEqual(offsite, []);
  });
});

test("text search narrows the table to initiatives with the words in id, title, summary or owner, and is kept in the URL", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page) => {
    const { initiatives } = exported();
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const haystack = (i) => [i.id, i.title, i.summary, i.owner || ""].join(" ").toLowerCase();
    // A word some summaries have and others do not.
    const word = initiatives.flatMap((i) => i.summary.toLowerCase().match(/\p{L}{6,}/gu) || [])
      .find((w) => { const n = initiatives.filter((i) => haystack(i).includes(w)).length; return n > 0 && n < initiatives.length; });
    assert.ok(word);
    const wanted = initiatives.filter((i) => haystack(i).includes(word)).map((i) => i.id).sort();
    await page.fill('#filters input[name="q"]', word.toUpperCase());
    await page.waitForURL((url) => url.searchParams.get("q") === word.toUpperCase());
    const shown = (await tableRows(page)).filter((row) => row.visible).map((row) => row.id).sort();
    assert.deepEqual(shown, wanted);
    await page.reload({ waitUntil: "load" });
    assert.equal(await page.inputValue('#filters input[name="q"]'), word.toUpperCase());
    assert.deepEqual((await tableRows(page)).filter((row) => row.visible).map((row) => row.id).sort(), wanted);
  });
});

test("clicking a column header sorts the table and says so with aria-sort", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page) => {
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const header = page.locator("#initiative-table th", { hasText: "Title" });
    const titles = async () => (await page.$$eval("#initiative-table tbody tr", (rows) =>
      rows.filter((row) => row.checkVisibility()).map((row) => row.cells[1].querySelector("a").textContent)));
    const byTitle = (await titles()).slice().sort((x, y) => x.localeCompare(y));
    await header.locator("button").click();
    assert.equal(await header.getAttribute("aria-sort"), "ascending");
    assert.deepEqual(await titles(), byTitle);
    await header.locator("button").click();
    assert.equal(await header.getAttribute("aria-sort"), "descending");
    assert.deepEqual(await titles(), byTitle.slice().reverse());
    assert.equal(await page.locator("#initiative-table th[aria-sort]").count(), 1, "one column says it sorts");
  });
});

test("the overview of a roadmap split by team keeps the organisation-wide load, risk register and table of everything", { timeout: 300_000 }, async () => {
  const large = await buildGenerated(400);
  const largeServer = await serveSite(large.out);
  try {
    const { initiatives } = exported(large.out);
    await withPage(DESKTOP, async (page, offsite) => {
      const watcher = watchProblems(page);
      await page.goto(largeServer.origin + "/engineering/index.html", { waitUntil: "load" });
      assert.ok(await page.locator("a[href*='engineering/teams/']").count() > 0, "links to team pages");
      // The load per quarter, one row per team.
      const teams = new Set(initiatives.map((i) => i.team));
      assert.equal(await page.locator("#portfolio-teams tbody tr").count(), teams.size);
      // The risk register holds only live work.
      const live = new Set(initiatives.filter((i) => !["done", "dropped"].includes(i.status)).map((i) => i.id));
      const riskIds = await page.$$eval("#risk-table tbody tr", (rows) => rows.map((row) => row.dataset.id));
      assert.ok(riskIds.length > 0);
      assert.deepEqual(riskIds.filter((id) => !live.has(id)), [], "no risk of done or dropped work");
      // The table pages through all 400 and filters them as a whole.
      await page.locator("#filters").waitFor({ state: "visible" });
      assert.equal(await page.locator("#initiative-table tbody tr").count(), 100);
      assert.match(await page.locator("#filters .filter-count").textContent(), /of 400 initiatives/);
      const last = initiatives[initiatives.length - 1];
      await page.fill('#filters input[name="q"]', last.id);
      const rows = await tableRows(page);
      assert.deepEqual(rows.filter((row) => row.visible).map((row) => row.id), [last.id]);
      await page.goto(largeServer.origin + "/engineering/index.html?team=data", { waitUntil: "load" });
      const wanted = initiatives.filter((i) => i.team === "data").length;
      assert.equal(await page.locator("#filters .filter-count").textContent(), `${wanted} of 400 initiatives shown`);
      // Its scripts hold the records team by team; the table lists them by
      // id, as the roadmap and the page without its script do.
      await page.goto(largeServer.origin + "/engineering/index.html", { waitUntil: "load" });
      await page.locator("#filters").waitFor({ state: "visible" });
      assert.deepEqual((await tableRows(page)).map((row) => row.id), initiatives.slice(0, 100).map((i) => i.id));
      // A team page loads its own records alone, and its script filters them.
      const teamPage = largeServer.origin + "/engineering/teams/data/index.html";
      const teamHtml = await (await page.request.get(teamPage)).text();
      const teamIds = [...teamHtml.matchAll(/<tr data-status=[^>]*>\s*<td><code>([^<]+)<\/code>/g)].map((m) => m[1]);
      assert.ok(teamIds.length > 0 && teamIds.length <= 200, `${teamIds.length} rows on the team page`);
      await page.goto(teamPage, { waitUntil: "load" });
      await page.locator("#filters").waitFor({ state: "visible" });
      assert.equal(await page.locator("#filters .filter-count").textContent(), `${teamIds.length} of ${teamIds.length} initiatives shown`);
      assert.deepEqual((await tableRows(page)).map((row) => row.id), teamIds.slice(0, 100));
      await page.fill('#filters input[name="q"]', teamIds[teamIds.length - 1]);
      assert.deepEqual((await tableRows(page)).filter((row) => row.visible).map((row) => row.id), [teamIds[teamIds.length - 1]]);
      assert.deepEqual(watcher.take(), []);
      assert.deepEqual(offsite, []);
    }, largeServer.origin);
  } finally {
    await largeServer.close();
    await large.cleanup();
  }
});

test("the search box finds an initiative by a word of its summary and opens its page, from disk too", { timeout: 60_000 }, async () => {
  const roadmap = JSON.parse(fs.readFileSync(path.join(site.out, "roadmap.json"), "utf8"));
  // A word of one initiative's summary that no title has, so that only the
  // summary can have found it.
  const titles = roadmap.initiatives.map((item) => item.title.toLowerCase()).join(" ");
  let target;
  let word;
  for (const item of roadmap.initiatives) {
    word = (item.summary.toLowerCase().match(/\p{L}{6,}/gu) || []).find((w) => !titles.includes(w));
    if (word) { target = item; break; }
  }
  assert.ok(target, "some summary has a word that no title has");
  for (const start of [server.origin + "/executive/index.html", "file://" + path.join(site.out, "goals", roadmap.goals[0].id, "index.html")]) {
    await withPage(PHONE, async (page, offsite) => {
      const watcher = watchProblems(page);
      await page.goto(start, { waitUntil: "load" });
      const box = page.locator('input[type="search"]');
      await box.fill(word);
      const option = page.locator("#search-results [role=option]", { hasText: target.title });
      await option.first().waitFor({ state: "visible" });
      await option.first().click();
      await page.waitForURL((url) => url.href.endsWith(`initiatives/${target.id}/index.html`));
      assert.equal((await page.locator("h1").first().textContent()).trim(), target.title);
      assert.deepEqual(watcher.take(), [], start);
      assert.deepEqual(offsite, [], start);
    });
  }
});

test("the timeline's window comes from the URL, is kept there when chosen, and survives a reload", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    const quarters = () => page.locator("svg.chart-timeline text.axis").allTextContents();
    await open(page, "/engineering/index.html");
    const defaultBars = await page.locator("svg.chart-timeline a.bar").count();
    const defaultQuarters = await quarters();
    assert.ok(defaultQuarters.length > 2, `${defaultQuarters}`);

    await open(page, "/engineering/index.html?from=2027-Q2&to=2027-Q3");
    await page.locator("form.timeline-window").waitFor({ state: "visible" });
    assert.deepEqual(await quarters(), ["2027-Q2", "2027-Q3"]);
    assert.equal(await page.inputValue('form.timeline-window select[name="from"]'), "2027-Q2");
    assert.equal(await page.inputValue('form.timeline-window select[name="to"]'), "2027-Q3");
    const bars = page.locator("svg.chart-timeline a.bar");
    assert.ok((await bars.count()) < defaultBars, "work outside the window is not drawn");
    for (const href of await bars.evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
      assert.match(href, /initiatives\/[^/]+\/index\.html$/);
    }
    assert.match(await page.locator("svg.chart-timeline > g.today text").textContent(), /^today: \d{4}-\d{2}-\d{2}, before this window$/);
    assert.match(await page.locator("svg.chart-timeline .window-note").first().textContent(), /ended before 2027-Q2/);

    await page.selectOption('form.timeline-window select[name="to"]', "2027-Q4");
    await page.waitForURL((url) => url.searchParams.get("to") === "2027-Q4");
    assert.deepEqual(await quarters(), ["2027-Q2", "2027-Q3", "2027-Q4"]);
    const shared = page.url();
    await page.reload({ waitUntil: "load" });
    assert.equal(page.url(), shared);
    assert.deepEqual(await quarters(), ["2027-Q2", "2027-Q3", "2027-Q4"]);

    // Choosing the default window again gives the page's own chart and a clean address.
    await page.selectOption('form.timeline-window select[name="from"]', defaultQuarters[0]);
    await page.selectOption('form.timeline-window select[name="to"]', defaultQuarters[defaultQuarters.length - 1]);
    await page.waitForURL((url) => !url.searchParams.has("from"));
    assert.deepEqual(await quarters(), defaultQuarters);
    assert.equal(await bars.count(), defaultBars);

    assert.deepEqual(watcher.take(), []);
    assert.deepEqual(offsite, []);
  });
});

/** Which of the timeline's bars, arrows and the matrix's points the reader sees, by initiative. */
function chartMarks(page) {
  return page.evaluate(() => {
    const id = (a) => a.getAttribute("href").match(/initiatives\/([^/]+)\//)[1];
    const bars = [...document.querySelectorAll("svg.chart-timeline a.bar")].map((a) => {
      const r = a.querySelector("rect");
      const [x, y, w, h] = ["x", "y", "width", "height"].map((n) => Number(r.getAttribute(n)));
      return { id: id(a), visible: a.checkVisibility(), left: x, right: x + w, top: y, bottom: y + h };
    });
    // Each arrow's two ends, found on the bars they touch.
    const arrows = [...document.querySelectorAll("svg.chart-timeline > path.arrow")].map((path) => {
      const length = path.getTotalLength();
      const [start, end] = [path.getPointAtLength(0), path.getPointAtLength(length)];
      const on = (p, edge) => bars.find((b) => Math.abs(b[edge] - p.x) < 0.2 && b.top <= p.y && p.y <= b.bottom)?.id;
      return { from: on(start, "right"), to: on(end, "left"), visible: path.checkVisibility() };
    });
    const points = [...document.querySelectorAll("svg.chart-matrix a")]
      .filter((a) => !a.classList.contains("closed"))
      .map((a) => ({ id: id(a), visible: a.checkVisibility() }));
    const parts = document.querySelectorAll("svg.chart-capacity rect.filtered-part").length;
    return { bars, arrows, points, parts };
  });
}

/** The executive board's columns as the reader sees them: each card's id and status, the count and the "more" link. */
function boardColumns(page) {
  return page.$$eval(".board-column", (columns) => columns.map((column) => ({
    horizon: column.dataset.horizon,
    count: Number(column.querySelector("h3 .count").textContent),
    cards: [...column.querySelectorAll("article.card")].filter((c) => c.checkVisibility()).map((c) => ({
      id: c.dataset.id,
      status: [...c.querySelector(".status").classList].find((k) => k.startsWith("status-")).slice(7),
    })),
    more: column.querySelector(".more a")?.href ?? null,
  })));
}

test("a filter hides the timeline's bars with their arrows and the matrix's points, marks the capacity, and carries over to the executive board", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    const { initiatives } = exported();
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const before = await chartMarks(page);
    assert.ok(before.arrows.length > 0 && before.arrows.every((a) => a.from && a.to && a.visible), JSON.stringify(before.arrows));
    assert.equal(before.parts, 0, "no part of the capacity is marked before filtering");
    const status = await discriminatingStatus(page);
    await page.locator(`#filters input[name="status"][value="${status}"]`).check();
    await page.waitForURL((url) => url.searchParams.get("status") === status);
    const wanted = new Set(initiatives.filter((i) => i.status === status).map((i) => i.id));
    const after = await chartMarks(page);
    assert.deepEqual(after.bars.filter((b) => b.visible !== wanted.has(b.id)).map((b) => b.id), [], "bars shown are the filtered initiatives'");
    assert.ok(after.bars.some((b) => b.visible) && after.bars.some((b) => !b.visible));
    assert.deepEqual(after.arrows.filter((a) => a.visible !== (wanted.has(a.from) && wanted.has(a.to))), [], "an arrow shows exactly when both its ends do");
    assert.ok(after.points.length > 0);
    assert.deepEqual(after.points.filter((p) => p.visible !== wanted.has(p.id)).map((p) => p.id), [], "matrix points shown are the filtered initiatives'");
    assert.ok(after.parts > 0, "the capacity chart marks the filtered work's part");
    assert.match(await page.locator("#capacity-filtered").textContent(), /person-weeks/);

    // The same filter on the executive board.
    await page.locator("#board-link").click();
    await page.waitForURL((url) => url.pathname.endsWith("/executive/index.html") && url.searchParams.get("status") === status);
    await page.locator("#board-filter").waitFor({ state: "visible" });
    const open_ = new Set(["proposed", "planned", "in-progress", "at-risk", "blocked"]);
    for (const column of await boardColumns(page)) {
      const expected = initiatives.filter((i) => i.horizon === column.horizon && i.status === status && open_.has(i.status));
      assert.equal(column.count, expected.length, `${column.horizon}: count`);
      assert.ok(column.cards.every((card) => card.status === status), JSON.stringify(column));
      assert.equal(column.cards.length, Math.min(expected.length, 8), `${column.horizon}: cards`);
    }
    assert.match(await page.locator("#board-filter").textContent(), new RegExp(`status ${status}`));
    // Without the filter the board is the page's own again.
    await page.locator("#board-filter a").click();
    await page.waitForURL((url) => url.search === "");
    assert.ok(await page.locator("#board-filter").isHidden());
    assert.deepEqual(watcher.take(), []);
    assert.deepEqual(offsite, []);
  });
});

test("an address with filters and a timeline window restores both, and again after a reload", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page, offsite) => {
    const watcher = watchProblems(page);
    await open(page, "/engineering/index.html");
    await page.locator("#filters").waitFor({ state: "visible" });
    const [a, b] = await twoStatuses(page);
    const wanted = new Set(exported().initiatives.filter((i) => [a, b].includes(i.status)).map((i) => i.id));
    const address = `/engineering/index.html?status=${a}&status=${b}&from=2027-Q1&to=2027-Q3`;
    await open(page, address);
    for (let round = 0; round < 2; round++) {
      await page.locator("form.timeline-window").waitFor({ state: "visible" });
      assert.deepEqual(await page.locator("svg.chart-timeline text.axis").allTextContents(), ["2027-Q1", "2027-Q2", "2027-Q3"]);
      assert.equal(await page.inputValue('form.timeline-window select[name="from"]'), "2027-Q1");
      for (const s of [a, b]) assert.ok(await page.locator(`#filters input[name="status"][value="${s}"]`).isChecked());
      await assertFilteredBy(page, a, b);
      const marks = await chartMarks(page);
      assert.ok(marks.bars.length > 0);
      assert.deepEqual(marks.bars.filter((bar) => bar.visible !== wanted.has(bar.id)).map((bar) => bar.id), [], "the window's bars are filtered");
      assert.deepEqual(marks.arrows.filter((arrow) => arrow.visible !== (wanted.has(arrow.from) && wanted.has(arrow.to))), []);
      assert.equal(new URL(page.url()).search, `?status=${a}&status=${b}&from=2027-Q1&to=2027-Q3`);
      await page.reload({ waitUntil: "load" });
    }
    assert.deepEqual(watcher.take(), []);
    assert.deepEqual(offsite, []);
  });
});

// The page's script lays other windows out by the rules the build uses: a
// window chosen in the address must look exactly as the build draws it.
test("the script draws a window from the address exactly as the build draws it from roadmap.toml", { timeout: 120_000 }, async () => {
  const configured = await buildSite({ extraConfig: '[timeline]\nfrom = "2027-Q2"\nto = "2027-Q4"' });
  const configuredServer = await serveSite(configured.out);
  try {
    // A context of its own: the others let a page reach only the first site.
    const geometry = async (origin, address) => {
      const context = await browser.newContext({ viewport: DESKTOP });
      context.setDefaultTimeout(10_000);
      try {
        const page = await context.newPage();
        await page.goto(origin + address, { waitUntil: "load", timeout: 15_000 });
        return await drawnGeometry(page);
      } finally {
        await context.close();
      }
    };
    const built = await geometry(configuredServer.origin, "/engineering/index.html");
    const scripted = await geometry(server.origin, "/engineering/index.html?from=2027-Q2&to=2027-Q4");
    assert.ok(built.arrows.length > 0 && built.notes.length > 0, JSON.stringify(built));
    assert.deepEqual(scripted, built);
  } finally {
    await configuredServer.close();
    await configured.cleanup();
  }
});

/** Where the timeline's marks lie on `page`, and what its words say. */
function drawnGeometry(page) {
  return page.evaluate(() => {
    const svg = document.querySelector("svg.chart-timeline");
    const attrs = (selector, names) => Array.from(svg.querySelectorAll(selector))
      .map((e) => names.map((n) => e.getAttribute(n)).join(" "));
    return {
      height: svg.getAttribute("height"),
      grid: attrs(":scope > line.grid", ["x1", "y2"]),
      today: svg.querySelector(":scope > g.today").outerHTML,
      arrows: attrs(":scope > path.arrow", ["class", "d"]),
      bars: attrs("a.bar", ["class", "href"]),
      rects: attrs("a.bar rect", ["x", "y", "width"]),
      labels: Array.from(svg.querySelectorAll("a.bar text"))
        .map((t) => `${t.getAttribute("x")} ${t.getAttribute("text-anchor")} ${t.textContent}`),
      notes: Array.from(svg.querySelectorAll(".window-note")).map((t) => t.textContent),
      lanes: document.querySelector("svg.timeline-lanes").innerHTML.replace(/\s+/g, ""),
    };
  });
}

/** The initiative `id` of roadmap.json, the site's own export of the model. */
function findInitiative(roadmap, id) {
  const found = (roadmap.initiatives || []).find((item) => item.id === id);
  assert.ok(found, `roadmap.json has initiative ${id}`);
  return found;
}

test("no page scrolls sideways on a 375 px phone", { timeout: 60_000 }, async () => {
  await withPage(PHONE, async (page) => {
    const wide = [];
    for (const { path: pagePath, status } of everyPage()) {
      await open(page, pagePath, status);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      if (scrollWidth > innerWidth) wide.push(`${pagePath}: ${scrollWidth} px wide in ${innerWidth} px`);
    }
    assert.deepEqual(wide, []);
  });
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation on any page in ${colorScheme} mode`, { timeout: 90_000 }, async () => {
    await withPage(DESKTOP, async (page) => {
      await page.emulateMedia({ colorScheme });
      const found = [];
      // Every page rather than one per type: contrast depends on which
      // statuses and badges a page happens to show.
      for (const { path: pagePath, status } of everyPage()) {
        await open(page, pagePath, status);
        // Guards against testing the light palette twice.
        assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), colorScheme === "dark");
        for (const violation of await seriousViolations(page)) found.push(`${pagePath}: ${violation}`);
      }
      if (found.length) assert.fail(`${found.length} serious or critical violations:\n${found.join("\n")}`);
    });
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation on any page type at 375 px in ${colorScheme} mode`, { timeout: 90_000 }, async () => {
    await withPage(PHONE, async (page) => {
      await page.emulateMedia({ colorScheme });
      const found = [];
      for (const type of PAGE_TYPES) {
        await open(page, type.path, type.status);
        assert.equal(await page.evaluate(() => window.innerWidth), PHONE.width);
        for (const violation of await seriousViolations(page)) found.push(`${type.path}: ${violation}`);
      }
      if (found.length) assert.fail(`${found.length} serious or critical violations at 375 px:\n${found.join("\n")}`);
    });
  });
}

test("the executive page prints on exactly one landscape A4 sheet", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page) => {
    await open(page, "/executive/index.html");
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", landscape: true, preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(screenshotDir(), "executive-print.pdf"), pdf);
    assert.equal(countPdfPages(pdf), 1);
  });
});

test("every printed sheet of the executive page names the roadmap, its build date and revision", { timeout: 60_000 }, async () => {
  await withPage(DESKTOP, async (page) => {
    await open(page, "/executive/index.html");
    await page.emulateMedia({ media: "print" });
    const stamps = await page.evaluate(() => [...document.querySelectorAll("body *")]
      .filter((element) => element.innerText && element.innerText.includes("2026-11-21"))
      .map((element) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return { text: element.innerText, position: style.position, visible: style.display !== "none" && style.visibility !== "hidden" && box.width > 0 && box.height > 0 };
      })
      .filter((stamp) => stamp.visible));
    // Fixed: Chromium repeats a fixed element on every printed sheet.
    const stamp = stamps.find((s) => s.position === "fixed");
    assert.ok(stamp, `no fixed, visible text with the build date in print: ${JSON.stringify(stamps)}`);
    assert.match(stamp.text, /Acme Commerce technology roadmap/);
    assert.match(stamp.text, /\b[0-9a-f]{7,}\b/, "no git revision");
  });
});

test("screenshots of every page type at desktop and phone width", { timeout: 90_000 }, async () => {
  const dir = screenshotDir();
  for (const [label, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    await withPage(viewport, async (page) => {
      for (const type of PAGE_TYPES) {
        await open(page, type.path, type.status);
        const file = path.join(dir, `${type.name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(fs.statSync(file).size > 1000, `${file} holds a picture`);
      }
    });
  }
});
