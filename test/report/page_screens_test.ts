/**
 * The report page at 1280 and 390 px wide, light and dark, in Chromium: screenshots under
 * `test/report/screenshots/` (gitignored, for a human to look at), and assertions on properties
 * that hold whatever the page's markup: no horizontal overflow on a phone, the status and the
 * duration chart on the first desktop screen, no console errors or CSP violations, and no serious
 * or critical axe-core violations.
 *
 * axe-core is a script and the page's CSP (`default-src 'none'`) refuses scripts, so an inline
 * `<script>` (`page.addScriptTag`) would need a `bypassCSP: true` context and a second page load.
 * Instead axe's source is evaluated through the DevTools protocol (`page.evaluate`), which the CSP
 * does not govern, in the same CSP-keeping page after its console errors were collected.
 *
 * Like `page_browser_test.ts`, the browser is driven from this file run as a child `deno run -A`
 * process (see `test/browser/launch.ts`). Every failed property is listed, not just the first.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { saveReport } from "../../src/report/store.ts";
import { pngSize, runDriver } from "../browser/driver.ts";
import { DURATION_CHART, regressionReport } from "../browser/report_fixture.ts";

const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;
// The first screen of a laptop: what a reader sees before scrolling.
const SCREEN = 800;
const VIEWS = [1280, 390].flatMap((width) =>
  (["light", "dark"] as const).map((scheme) => ({ width, scheme }))
);

interface Box {
  top: number;
  bottom: number;
  text: string;
}

/** What the driver saw in one view. */
interface ViewSeen {
  width: number;
  scheme: "light" | "dark";
  errors: string[];
  scrollWidth: number;
  clientWidth: number;
  /** Elements sticking out to the right of the viewport, for the failure message. */
  overflowing: string[];
  /** Visible elements whose own text or label names the status, with their place. */
  status: Box[];
  durationChart: Box | null;
  background: string;
  violations: Array<{ id: string; impact: string; help: string; targets: string[] }>;
  screenshot: string;
}

interface Seen {
  which: string;
  version: string;
  views: ViewSeen[];
}

Deno.test("report page at 1280/390 px, light/dark: fits, leads with the news, passes axe", async () => {
  const service = await boot({ KV_PATH: ":memory:" }, { log: memoryLogger() });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, service.app.fetch);
  try {
    const report = await saveReport(service.deps.store, regressionReport(), service.deps);
    await Deno.mkdir(SCREENSHOTS, { recursive: true });
    const pageUrl = `http://127.0.0.1:${server.addr.port}/reports/${report.id}`;
    const seen = await runDriver<Seen>(import.meta.filename!, [pageUrl, SCREENSHOTS], 90_000);
    console.log(`browser: ${seen.which} (${seen.version}); screenshots in ${SCREENSHOTS}`);

    assert.equal(seen.views.length, VIEWS.length);
    const problems: string[] = [];
    for (const view of seen.views) {
      const name = `${view.width} px ${view.scheme}`;
      problems.push(...view.errors.map((e) => `${name}: ${e}`));
      problems.push(
        ...view.violations.map((v) =>
          `${name}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`
        ),
      );
      const shot = pngSize(await Deno.readFile(view.screenshot));
      assert.equal(shot.width, view.width, `${name}: screenshot width`);
      if (view.width === 390 && view.scrollWidth > view.clientWidth) {
        problems.push(
          `${name}: the page scrolls sideways (${view.scrollWidth} > ${view.clientWidth} px): ` +
            view.overflowing.join("; "),
        );
      }
      if (view.width !== 1280) continue;
      if (!view.status.length) {
        problems.push(`${name}: the status ("failure") is not on the first ${SCREEN} px`);
      }
      const chart = view.durationChart;
      if (!chart) problems.push(`${name}: no chart titled "${DURATION_CHART}"`);
      else if (chart.top < 0 || chart.bottom > SCREEN) {
        problems.push(
          `${name}: the duration chart is at ${chart.top}–${chart.bottom} px, not on the first ` +
            `${SCREEN} px`,
        );
      }
    }
    const background = (scheme: string) =>
      seen.views.find((v) => v.width === 1280 && v.scheme === scheme)?.background;
    if (background("light") === background("dark")) {
      problems.push(`the page has no dark mode: background ${background("dark")} in both`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await server.shutdown();
    await service.close();
  }
});

// Runs inside the page; a string because this file is type-checked without the DOM library.
const MEASURE = `(() => {
  const root = document.documentElement;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom),
      text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 80) };
  };
  const shown = (el) => el.getBoundingClientRect().width > 0 && el.checkVisibility();
  const onFirstScreen = (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= ${SCREEN};
  };
  const statusWord = /\\b(failure|failed)\\b/i;
  const status = [...document.body.querySelectorAll("*")].filter((el) => {
    if (el.closest("svg") || !shown(el) || !onFirstScreen(el)) return false;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("");
    const label = ["aria-label", "title", "alt"].map((a) => el.getAttribute(a) || "").join(" ");
    return statusWord.test(own) || statusWord.test(label);
  }).map(box);
  const chart = [...document.querySelectorAll("svg")].find((svg) =>
    (svg.getAttribute("aria-label") || svg.querySelector("title")?.textContent || "")
      .includes(${JSON.stringify(DURATION_CHART)}));
  const overflowing = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && shown(el))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
      " right=" + Math.round(el.getBoundingClientRect().right));
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, overflowing, status,
    durationChart: chart ? box(chart) : null, background: getComputedStyle(document.body).backgroundColor };
})()`;

const AXE = `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`;

/** The driver: one browser, one context per view; axe runs after the console checks. */
async function drive(pageUrl: string, dir: string): Promise<Seen> {
  const { launchBrowser } = await import("../browser/launch.ts");
  const { default: axe } = await import("axe-core");
  const { browser, which, version } = await launchBrowser();
  try {
    const views: ViewSeen[] = [];
    for (const { width, scheme } of VIEWS) {
      const viewport = { width, height: SCREEN };
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || m.type() === "warning") errors.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));
      await page.goto(pageUrl, { waitUntil: "load" });
      const measured = await page.evaluate<Omit<ViewSeen, "width" | "scheme">>(MEASURE);
      const screenshot = `${dir}report-${width}-${scheme}.png`;
      await page.screenshot({ path: screenshot, fullPage: true });
      const pageErrors = [...errors];
      // DevTools evaluation is not subject to the page's CSP, unlike `addScriptTag`'s inline
      // script; it saves loading the page again in a `bypassCSP: true` context.
      await page.evaluate(axe.source);
      const violations = await page.evaluate<ViewSeen["violations"]>(AXE);
      await context.close();
      views.push({ ...measured, width, scheme, errors: pageErrors, violations, screenshot });
    }
    return { which, version, views };
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const [pageUrl, dir] = Deno.args;
  console.log(JSON.stringify(await drive(pageUrl, dir)));
}
