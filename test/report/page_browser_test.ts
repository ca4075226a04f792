/**
 * The report page in a real browser: Chromium (the system's, or the one inside the npm package
 * `@sparticuz/chromium`; see `test/browser/launch.ts`) driven by playwright-core.
 *
 * playwright-core needs more than the test task grants (it reads the home directory and
 * `/proc/sys` when it loads, which Deno allows only with `--allow-all`), so the test runs this
 * same file as a driver in a child `deno run -A` process and asserts on what it reports. The
 * child only talks to the 127.0.0.1 server the test starts.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import type { ReportInput } from "../../src/report/model.ts";
import { saveReport } from "../../src/report/store.ts";
import { pngSize, runDriver } from "../browser/driver.ts";

const VIEWPORT = { width: 1280, height: 900 };

/** What the driver saw, as JSON on its stdout. */
interface Observed {
  status: number | null;
  csp: string | null;
  errors: string[];
  /** Console errors after deliberately breaking the CSP: proves the listener would see them. */
  controlErrors: string[];
  heading: string;
  /** The page's visible text. */
  text: string;
  tables: number;
  charts: Array<{ label: string | null; visible: boolean; width: number; height: number }>;
  /** SVG elements drawn inside the charts (polylines, bars, labels). */
  marks: number;
  chartImage: { status: number | null; naturalWidth: number; naturalHeight: number };
  screenshot: string;
  which: string;
  version: string;
}

const MESSAGE = "Job `test` got 38% slower: median 7m 12s, was 5m 13s";

function compareReport(): ReportInput {
  const runs = (base: number) =>
    Array.from({ length: 24 }, (_, i) => ({ x: i + 1, y: base + ((i * 7) % 11) / 10 }));
  return {
    title: "Compare main with release/2.3 in acme/app",
    status: "warning",
    summary: "The candidate is slower: median execution 7m 12s against 5m 13s (p < 0.01).",
    fields: [
      { label: "Baseline", value: "release/2.3 (24 runs)" },
      { label: "Candidate", value: "main (24 runs)" },
    ],
    findings: [
      {
        ruleId: "duration-regression",
        severity: "warning",
        file: ".github/workflows/ci.yml",
        line: 12,
        job: "test",
        message: MESSAGE,
        fix: "Cache `~/.npm` with `actions/setup-node`'s `cache: npm`.",
        patch: "- uses: actions/setup-node@v4\n  with:\n    cache: npm",
      },
      {
        ruleId: "missing-timeout",
        severity: "notice",
        file: ".github/workflows/ci.yml",
        line: 8,
        message: "Job `lint` has no `timeout-minutes`",
      },
    ],
    tables: [{
      title: "Where the time changed (median per job)",
      columns: ["Job", "release/2.3", "main", "Change"],
      rows: [["test", "3m 40s", "5m 31s", "+1m 51s (+50%)"], ["lint", "52s", "55s", "+3s (+6%)"]],
    }],
    charts: [
      {
        title: "Execution time of successful runs, sorted",
        kind: "line",
        unit: "min",
        series: [
          { name: "release/2.3 (baseline)", points: runs(5) },
          { name: "main (candidate)", points: runs(7) },
        ],
      },
      {
        title: "Median per job",
        kind: "bar",
        unit: "min",
        series: [
          { name: "release/2.3", points: [{ x: "test", y: 3.67 }, { x: "lint", y: 0.87 }] },
          { name: "main", points: [{ x: "test", y: 5.52 }, { x: "lint", y: 0.92 }] },
        ],
      },
    ],
    sections: [{ title: "Method", markdown: "Mann-Whitney U over successful runs." }],
    links: [{ label: "Candidate run 42", url: "https://github.com/acme/app/actions/runs/42" }],
  };
}

Deno.test("report page in Chromium: charts drawn, no console errors or CSP violations", async () => {
  const service = await boot({ KV_PATH: ":memory:" }, { log: memoryLogger() });
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    service.app.fetch,
  );
  const dir = await Deno.makeTempDir({ prefix: "report-page-" });
  try {
    const report = await saveReport(service.deps.store, compareReport(), service.deps);
    const pageUrl = `http://127.0.0.1:${server.addr.port}/reports/${report.id}`;
    const seen = await runDriver<Observed>(import.meta.filename!, [pageUrl, `${dir}/page.png`]);
    console.log(`browser: ${seen.which} (${seen.version})`);

    assert.equal(seen.status, 200);
    assert.match(seen.csp ?? "", /default-src 'none'/);
    assert.deepEqual(seen.errors, []);
    assert.ok(
      seen.controlErrors.some((e) => /Content Security Policy/i.test(e)),
      `a CSP violation must show up as a console error: ${JSON.stringify(seen.controlErrors)}`,
    );
    assert.match(seen.heading, /Compare main with release\/2\.3 in acme\/app/);
    // Backticks become code spans on the page: the visible text has none.
    assert.ok(seen.text.includes(MESSAGE.replaceAll("`", "")), seen.text);
    assert.equal(seen.tables, 1);

    assert.deepEqual(seen.charts.map((c) => c.label), [
      "Execution time of successful runs, sorted",
      "Median per job",
    ]);
    for (const chart of seen.charts) {
      assert.ok(chart.visible, `${chart.label} is not visible`);
      assert.ok(
        chart.width > 300 && chart.height > 100,
        `${chart.label}: ${JSON.stringify(chart)}`,
      );
    }
    assert.ok(seen.marks > 50, `drawn chart elements: ${seen.marks}`);

    assert.equal(seen.chartImage.status, 200);
    assert.equal(seen.chartImage.naturalWidth, 1440);
    assert.ok(seen.chartImage.naturalHeight > 100);

    const shot = await Deno.readFile(seen.screenshot);
    assert.deepEqual(pngSize(shot), VIEWPORT);
    assert.ok(shot.length > 20_000, `a rendered page, not a blank one: ${shot.length} bytes`);
  } finally {
    await server.shutdown();
    await service.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** The driver: opens the page and the chart PNG in Chromium, prints what it saw as JSON. */
async function drive(pageUrl: string, screenshot: string): Promise<Observed> {
  const { launchBrowser } = await import("../browser/launch.ts");
  const { browser, which, version } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));

    const response = await page.goto(pageUrl, { waitUntil: "load" });
    const charts = [];
    // Each chart is drawn twice (desktop and phone layouts); CSS shows one per width.
    for (const svg of await page.locator(".chart svg").filter({ visible: true }).all()) {
      const box = await svg.boundingBox();
      charts.push({
        label: await svg.getAttribute("aria-label"),
        visible: await svg.isVisible(),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
      });
    }
    const observed = {
      status: response?.status() ?? null,
      csp: (await response?.allHeaders())?.["content-security-policy"] ?? null,
      heading: await page.locator("h1").innerText(),
      text: await page.locator("body").innerText(),
      tables: await page.locator("table").count(),
      charts,
      marks: await page.locator(".chart svg :is(polyline, rect, circle, text)").count(),
    };
    await page.screenshot({ path: screenshot });
    const pageErrors = [...errors];

    // Control: an inline script and an outside image must be refused by the page's CSP, and the
    // refusal must reach the listener above; otherwise an empty `errors` would prove nothing.
    errors.length = 0;
    const refused = page.waitForEvent("console", { timeout: 5_000 }).catch(() => undefined);
    // A string, not a function: this file is type-checked without the DOM library.
    await page.evaluate(
      `document.body.append(Object.assign(document.createElement("img"), ` +
        `{ src: "https://example.invalid/pixel.png" }))`,
    );
    await refused;
    const controlErrors = [...errors];

    const imageUrl = `${pageUrl}/chart.png`;
    const imageResponse = await page.goto(imageUrl, { waitUntil: "load" });
    const size = await page.evaluate<{ naturalWidth: number; naturalHeight: number }>(
      `(async () => { const img = document.querySelector("img"); await img.decode(); ` +
        `return { naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight }; })()`,
    );
    return {
      ...observed,
      errors: pageErrors,
      controlErrors,
      chartImage: { status: imageResponse?.status() ?? null, ...size },
      screenshot,
      which,
      version,
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const [pageUrl, screenshot] = Deno.args;
  console.log(JSON.stringify(await drive(pageUrl, screenshot)));
}
