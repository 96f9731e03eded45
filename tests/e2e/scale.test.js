// Real-browser tests of the views that must hold up on a portfolio of
// realistic size: the executive page of a 100-initiative roadmap prints on
// one landscape A4 sheet with its build date, its board shows a screenful a
// column, and the matrix and capacity charts fit their frame from a 375 px
// phone up, on the example and on the generated roadmap; a large member of
// a portfolio lists its own work alone, filtered, and axe finds nothing
// serious on its pages. Screenshots of the
// executive page (light and dark, desktop and phone) go to the screenshot
// folder for a person to look at.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const {
  TODAY,
  buildGenerated,
  buildSite,
  countPdfPages,
  launchBrowser,
  screenshotDir,
  seriousViolations,
  serveSite,
} = require("./support");

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 800 };
const GENERATED = 100;
// A portfolio of two members of 350 initiatives each: each member is past
// the 300 at which an engineering view shows only its first initiatives.
const PORTFOLIO = 700;
const PER_MEMBER = PORTFOLIO / 2;
// The most cards a board column shows (views::BOARD_CARDS).
const BOARD_CARDS = 8;

const sites = {};
let browser;

before(async () => {
  for (const [name, build] of [
    ["example", () => buildSite()],
    ["generated", () => buildGenerated(GENERATED)],
    ["portfolio", () => buildGenerated(PORTFOLIO, { members: 2 })],
  ]) {
    const site = await build();
    sites[name] = { site, server: await serveSite(site.out) };
  }
  browser = await launchBrowser();
}, { timeout: 660_000 });

after(async () => {
  await browser?.close();
  for (const { site, server } of Object.values(sites)) {
    await server.close();
    await site.cleanup();
  }
}, { timeout: 60_000 });

/** Runs `fn(page, origin)` in a fresh context on one site; requests off the site are blocked. */
async function withPage(siteName, options, fn) {
  const { origin } = sites[siteName].server;
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  await context.route("**/*", (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort("blockedbyclient"));
  try {
    return await fn(await context.newPage(), origin);
  } finally {
    await context.close();
  }
}

async function open(page, origin, pagePath) {
  const response = await page.goto(origin + pagePath, { waitUntil: "load" });
  assert.equal(response?.status(), 200, `status of ${pagePath}`);
}

test(`the printed executive page of a ${GENERATED}-initiative roadmap is one landscape A4 sheet with its build date`, { timeout: 60_000 }, async () => {
  await withPage("generated", { viewport: DESKTOP }, async (page, origin) => {
    await open(page, origin, "/executive/index.html");
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", landscape: true, preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(screenshotDir(), `executive-${GENERATED}-print.pdf`), pdf);
    assert.equal(countPdfPages(pdf), 1);
    const stamp = await page.evaluate(() => {
      const element = document.querySelector(".print-stamp");
      const box = element?.getBoundingClientRect();
      return element && box.width > 0 && box.height > 0 ? element.innerText : null;
    });
    assert.ok(stamp, "no visible print stamp");
    assert.match(stamp, new RegExp(`built on ${TODAY}`));
  });
});

test(`the executive board of a ${GENERATED}-initiative roadmap shows a screenful a column, troubled work first, and links the rest`, { timeout: 60_000 }, async () => {
  await withPage("generated", { viewport: DESKTOP }, async (page, origin) => {
    await open(page, origin, "/executive/index.html");
    const columns = await page.$$eval(".board-column", (sections) => sections.map((section) => ({
      cards: [...section.querySelectorAll(".card")].map((card) => card.querySelector(".card-health")?.textContent.trim() ?? ""),
      more: section.querySelector(".more a")?.getAttribute("href") ?? null,
      moreText: section.querySelector(".more")?.textContent ?? "",
    })));
    assert.equal(columns.length, 3);
    assert.ok(columns.some((c) => c.more), "no column of 100 initiatives has more than a screenful");
    for (const column of columns) {
      assert.ok(column.cards.length <= BOARD_CARDS, `${column.cards.length} cards in a column`);
      assert.ok(column.cards.every((words) => words), "a card without its health in words");
      // Troubled cards lead: once an "On track" card shows, no troubled one follows.
      const firstCalm = column.cards.findIndex((words) => words.startsWith("On track"));
      if (firstCalm !== -1) assert.ok(column.cards.slice(firstCalm).every((w) => w.startsWith("On track")), column.cards.join(" | "));
      if (column.more) {
        const target = new URL(column.more, origin + "/executive/index.html");
        const response = await page.request.get(target.href);
        assert.equal(response.status(), 200, `the "more" link ${column.more} is broken`);
        assert.match(column.moreText, /and \d+ more/i);
      }
    }
    const goals = await page.$$eval(".goal-card .goal-status", (els) => els.map((el) => el.textContent.trim()));
    assert.ok(goals.length > 0 && goals.every((words) => /^(On track|At risk)$/.test(words)), JSON.stringify(goals));
  });
});

test(`the executive board of a ${GENERATED}-initiative roadmap, filtered by its address, ranks the matching work and links the rest to the filtered list`, { timeout: 60_000 }, async () => {
  const { initiatives } = JSON.parse(fs.readFileSync(path.join(sites.generated.site.out, "roadmap.json"), "utf8"));
  await withPage("generated", { viewport: DESKTOP }, async (page, origin) => {
    await open(page, origin, "/executive/index.html?status=planned,at-risk&status=done");
    await page.locator("#board-filter").waitFor({ state: "visible" });
    const columns = await page.$$eval(".board-column", (sections) => sections.map((section) => ({
      horizon: section.dataset.horizon,
      count: Number(section.querySelector("h3 .count").textContent),
      cards: [...section.querySelectorAll("article.card")].map((card) => ({
        id: card.dataset.id,
        health: card.querySelector(".card-health-words").textContent,
        progress: card.querySelector("progress")?.getAttribute("value"),
      })),
      more: section.querySelector(".more a")?.getAttribute("href") ?? null,
    })));
    const byId = new Map(initiatives.map((i) => [i.id, i]));
    for (const column of columns) {
      const expected = initiatives.filter((i) => i.horizon === column.horizon && ["planned", "at-risk"].includes(i.status));
      assert.equal(column.count, expected.length, column.horizon);
      assert.equal(column.cards.length, Math.min(BOARD_CARDS, expected.length), column.horizon);
      for (const card of column.cards) {
        const item = byId.get(card.id);
        assert.ok(["planned", "at-risk"].includes(item.status), JSON.stringify(card));
        assert.ok(card.health && card.progress !== undefined, JSON.stringify(card));
      }
      // Troubled work first.
      const troubled = column.cards.map((card) => byId.get(card.id).at_risk);
      assert.deepEqual(troubled, troubled.slice().sort((a, b) => b - a), column.horizon);
      if (expected.length > BOARD_CARDS) {
        assert.ok(column.more, `${column.horizon}: no link to the rest`);
        const target = new URL(column.more, origin + "/executive/index.html");
        assert.deepEqual(target.searchParams.getAll("status").sort(), ["at-risk", "planned"], "done is no open work");
        assert.equal(target.searchParams.get("horizon"), column.horizon);
        // The link's list holds exactly the column's work.
        await page.goto(target.href, { waitUntil: "load" });
        await page.locator("#filters").waitFor({ state: "visible" });
        assert.equal(await page.locator("#filters .filter-count").textContent(), `${expected.length} of ${initiatives.length} initiatives shown`);
        await page.goBack({ waitUntil: "load" });
      } else {
        assert.equal(column.more, null);
      }
    }
    assert.ok(columns.some((c) => c.count > BOARD_CARDS), "some column has more than a screenful to test the link");
  });
});

for (const siteName of ["example", "generated"]) {
  test(`the matrix and capacity charts of the ${siteName} roadmap fit their frame at 375 and 1280 px`, { timeout: 60_000 }, async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      await withPage(siteName, { viewport }, async (page, origin) => {
        await open(page, origin, "/engineering/index.html");
        const charts = await page.$$eval("svg.chart-matrix, svg.chart-capacity", (svgs) => svgs.map((svg) => {
          const frame = svg.closest(".chart-frame") ?? svg.parentElement;
          const box = svg.getBoundingClientRect();
          const inner = frame.getBoundingClientRect();
          return {
            chart: svg.getAttribute("class"),
            overflow: frame.scrollWidth - frame.clientWidth,
            left: box.left - inner.left,
            right: inner.right - box.right,
          };
        }));
        assert.equal(charts.length, 2, `both charts on the ${siteName} engineering page`);
        for (const chart of charts) {
          assert.ok(chart.overflow <= 0 && chart.left >= 0 && chart.right >= 0, `${viewport.width} px: ${JSON.stringify(chart)}`);
        }
        const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(pageOverflow <= 0, `the page scrolls sideways by ${pageOverflow} px at ${viewport.width} px`);
      });
    }
  });
}

test("the matrix shows live work only until the reader asks for done and dropped work, with or without JavaScript", { timeout: 60_000 }, async () => {
  for (const javaScriptEnabled of [true, false]) {
    await withPage("generated", { viewport: DESKTOP, javaScriptEnabled }, async (page, origin) => {
      await open(page, origin, "/engineering/index.html");
      const visible = () => page.$$eval("svg.chart-matrix a", (points) => points
        .filter((p) => p.getBoundingClientRect().width > 0)
        .map((p) => p.getAttribute("class")));
      const live = await visible();
      assert.ok(live.length > 0, "no point shows");
      assert.ok(live.every((c) => !/status-(done|dropped)/.test(c)), `done or dropped work shows by default (JavaScript ${javaScriptEnabled})`);
      await page.getByLabel(/done and dropped/i).check();
      const all = await visible();
      assert.ok(all.some((c) => /status-done/.test(c)), `the toggle shows no done work (JavaScript ${javaScriptEnabled})`);
    });
  }
});

test("screenshots of the executive page and the timeline, matrix and capacity charts, example and generated, light and dark, at 1280 and 375 px", { timeout: 120_000 }, async () => {
  const dir = screenshotDir();
  for (const siteName of ["example", "generated"]) {
    for (const colorScheme of ["light", "dark"]) {
      for (const [label, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
        await withPage(siteName, { viewport, colorScheme }, async (page, origin) => {
          await open(page, origin, "/executive/index.html");
          await page.screenshot({ path: path.join(dir, `${siteName}-executive-${label}-${colorScheme}.png`), fullPage: true });
          await open(page, origin, "/engineering/index.html");
          for (const chart of ["timeline", "matrix", "capacity"]) {
            const file = path.join(dir, `${siteName}-${chart}-${label}-${colorScheme}.png`);
            await page.locator(`section[aria-labelledby="${chart}"]`).screenshot({ path: file });
          }
        });
      }
    }
  }
});

test("a large member's engineering view lists all of its own work, and only its own, and filters it by the address", { timeout: 60_000 }, async () => {
  await withPage("portfolio", { viewport: DESKTOP }, async (page, origin) => {
    await open(page, origin, "/members/m00/engineering/index.html");
    const count = page.locator("#filters .filter-count");
    await assert.doesNotReject(count.waitFor({ state: "visible" }));
    assert.equal(await count.textContent(), `${PER_MEMBER} of ${PER_MEMBER} initiatives shown`);
    const ids = () => page.locator("#initiative-table tbody td:first-child").allTextContents();
    const first = await ids();
    assert.equal(first.length, 100);
    assert.deepEqual(first.filter((id) => !id.startsWith("m00/")), []);

    await open(page, origin, "/members/m00/engineering/index.html?status=at-risk");
    await page.waitForFunction((all) => /^\d+ of \d+/.test(document.querySelector("#filters .filter-count").textContent) &&
      !document.querySelector("#filters .filter-count").textContent.startsWith(`${all} of`), PER_MEMBER);
    const shown = Number((await count.textContent()).split(" ")[0]);
    assert.ok(shown > 0 && shown < PER_MEMBER, `${shown} at risk`);
    const statuses = await page.locator("#initiative-table tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.status));
    assert.deepEqual([...new Set(statuses)], ["at-risk"]);
    assert.deepEqual((await ids()).filter((id) => !id.startsWith("m00/")), []);
  });
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation on a large member's pages at 375 px in ${colorScheme} mode`, { timeout: 90_000 }, async () => {
    await withPage("portfolio", { viewport: PHONE, colorScheme }, async (page, origin) => {
      const found = [];
      for (const view of ["", "executive/", "engineering/", "changelog/"]) {
        const pagePath = `/members/m01/${view}index.html`;
        await open(page, origin, pagePath);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 0, `${pagePath} scrolls sideways by ${wide} px`);
        for (const violation of await seriousViolations(page)) found.push(`${pagePath}: ${violation}`);
      }
      if (found.length) assert.fail(`${found.length} serious or critical violations:\n${found.join("\n")}`);
    });
  });
}
