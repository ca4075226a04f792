/**
 * The report page at 1280 and 390 px wide, light and dark, in Chromium: screenshots under
 * `test/report/screenshots/` (gitignored, for a human to look at), and assertions on properties
 * that hold whatever the page's markup: no horizontal overflow on a phone; on the first desktop
 * screen (1280×800) the status, every insight and the duration chart with its change point marked
 * and its failed runs drawn; no console errors or CSP violations; no serious or critical axe-core
 * violations. The report is a real `analyze` over the simulator (`report_fixture.ts`).
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
import { analyzedReport, DURATION_CHART, FLAKY_AT } from "../browser/report_fixture.ts";

const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;
// The first screen of a laptop: what a reader sees before scrolling.
const SCREEN = 800;
// Axis labels smaller than this are hard to read (a 720-wide chart shrunk to a phone is 6 px).
const MIN_CHART_TEXT_PX = 10;
const VIEWS = [1280, 390].flatMap((width) =>
  (["light", "dark"] as const).map((scheme) => ({ width, scheme }))
);

interface Box {
  top: number;
  bottom: number;
  text: string;
}

/** What the first screen must show, from the report: the driver finds each by its text. */
interface Expected {
  status: string;
  insights: string[];
  markers: string[];
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
  /** The page's top heading, which must name the status. */
  heading: Box | null;
  /** The smallest element showing each insight's title (null when none does). */
  insights: Array<Box | null>;
  durationChart: Box | null;
  /** The change-point labels drawn in the duration chart. */
  markers: Box[];
  /** Points of the duration chart drawn as failed runs. */
  failedPoints: number;
  /** The smallest chart text as shown, in CSS pixels. */
  chartTextPx: number;
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
    const analysed = await analyzedReport();
    const report = await saveReport(service.deps.store, analysed, service.deps);
    await Deno.mkdir(SCREENSHOTS, { recursive: true });
    const pageUrl = `http://127.0.0.1:${server.addr.port}/reports/${report.id}`;
    const duration = analysed.charts.find((c) => c.title === DURATION_CHART);
    const expected: Expected = {
      status: analysed.status,
      insights: (analysed.insights ?? []).map((i) => i.title),
      markers: (duration?.markers ?? []).map((m) => m.label),
    };
    // The walk-through's news: a regression and a flaky job, each failure a drawn point.
    assert.deepEqual(analysed.insights?.map((i) => i.kind), ["regression", "flaky"]);
    assert.equal(expected.markers.length, 1);
    const failed = duration!.series.flatMap((s) => s.points).filter((p) => p.failed).length;
    assert.equal(failed, FLAKY_AT.length);
    const seen = await runDriver<Seen>(
      import.meta.filename!,
      [pageUrl, SCREENSHOTS, JSON.stringify(expected)],
      120_000,
    );
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
      console.log(`${name}: smallest chart text ${view.chartTextPx} px`);
      if (!(view.chartTextPx >= MIN_CHART_TEXT_PX)) {
        problems.push(
          `${name}: chart text is shown at ${view.chartTextPx} px, under ${MIN_CHART_TEXT_PX} px`,
        );
      }
      if (view.failedPoints !== failed) {
        problems.push(`${name}: ${view.failedPoints} failed runs drawn, not ${failed}`);
      }
      if (view.width !== 1280) continue;
      const firstScreen = pngSize(
        await Deno.readFile(view.screenshot.replace(/\.png$/, "-first-screen.png")),
      );
      assert.deepEqual(firstScreen, { width: 1280, height: SCREEN }, `${name}: first screen`);
      const first = (what: string, box: Box | null) => {
        if (!box) problems.push(`${name}: ${what} is not on the page`);
        else if (box.top < 0 || box.bottom > SCREEN) {
          problems.push(
            `${name}: ${what} is at ${box.top}–${box.bottom} px, not on the first ${SCREEN} px`,
          );
        }
      };
      first(`the heading naming the status "${expected.status}"`, view.heading);
      if (view.heading && !new RegExp(`\\b${expected.status}\\b`, "i").test(view.heading.text)) {
        problems.push(`${name}: the heading "${view.heading.text}" does not name the status`);
      }
      view.insights.forEach((box, i) => first(`insight "${expected.insights[i]}"`, box));
      first(`the chart "${DURATION_CHART}"`, view.durationChart);
      expected.markers.forEach((label, i) =>
        first(`the change point "${label}"`, view.markers[i] ?? null)
      );
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
const measure = (expected: Expected) =>
  `(() => {
  const expected = ${JSON.stringify(expected)};
  const root = document.documentElement;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom),
      text: (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 80) };
  };
  const shown = (el) => el.getBoundingClientRect().width > 0 && el.checkVisibility();
  const heading = document.querySelector("h1");
  // The innermost visible element whose text holds the insight's title.
  const showing = (text) => [...document.body.querySelectorAll("*")]
    .filter((el) => !el.closest("svg") && shown(el) && el.textContent.includes(text)).at(-1);
  const insights = expected.insights.map((t) => { const el = showing(t); return el ? box(el) : null; });
  const chart = [...document.querySelectorAll("svg")].find((svg) => shown(svg) &&
    (svg.getAttribute("aria-label") || svg.querySelector("title")?.textContent || "")
      .includes(${JSON.stringify(DURATION_CHART)}));
  const texts = chart ? [...chart.querySelectorAll("text")] : [];
  const markers = expected.markers.map((label) =>
    texts.find((t) => label.startsWith(t.textContent.replace(/…$/, "")))).filter(Boolean).map(box);
  const failedPoints = chart ? [...chart.querySelectorAll("title")]
    .filter((t) => /, failed$/.test(t.textContent) && t.parentElement.tagName === "circle").length : 0;
  // Text in charts as drawn: its font size times the scale the SVG is shown at.
  const chartTextPx = Math.min(...[...document.querySelectorAll("svg")].filter(shown).flatMap((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text")]
      .map((t) => Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10);
  }));
  const overflowing = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5 && shown(el))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
      ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
      " right=" + Math.round(el.getBoundingClientRect().right));
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, overflowing,
    heading: heading ? box(heading) : null, insights, markers, failedPoints, chartTextPx,
    durationChart: chart ? box(chart) : null, background: getComputedStyle(document.body).backgroundColor };
})()`;

const AXE = `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`;

/** The driver: one browser, one context per view; axe runs after the console checks. */
async function drive(pageUrl: string, dir: string, expected: Expected): Promise<Seen> {
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
      const measured = await page.evaluate<Omit<ViewSeen, "width" | "scheme">>(
        measure(expected),
      );
      const screenshot = `${dir}report-${width}-${scheme}.png`;
      await page.screenshot({ path: screenshot, fullPage: true });
      // What a reader sees before scrolling, for the closing note.
      await page.screenshot({ path: `${dir}report-${width}-${scheme}-first-screen.png` });
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
  const [pageUrl, dir, expected] = Deno.args;
  console.log(JSON.stringify(await drive(pageUrl, dir, JSON.parse(expected))));
}
