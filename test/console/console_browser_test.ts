/**
 * The console in Chromium (the system's, or the one inside the npm package `@sparticuz/chromium`;
 * see `test/browser/launch.ts`), in the demo exactly as `deno task demo` starts it: open `/`,
 * type `analyze repo:demo/express` (a sample repository), press Run; each of the four panes (Slack, Discord, Teams,
 * Copilot/MCP) names the planted regression and the flaky job; the chart images load from the
 * service itself; no console errors or CSP violations; no serious or critical axe-core
 * violations; screenshots at 1280 px into `test/console/screenshots/`.
 *
 * Like the report page tests, the browser is driven from this file run as a child `deno run -A`
 * process, and axe's source is evaluated through DevTools, which the page's CSP does not govern.
 */
import assert from "node:assert/strict";
import { pngSize, runDriver } from "../browser/driver.ts";
import { startDemo } from "../../demo/start.ts";
import { memoryLogger } from "../../src/log.ts";

const VIEWPORT = { width: 1280, height: 900 };
const SCREENSHOTS = new URL("./screenshots/", import.meta.url).pathname;
const COMMAND = "analyze repo:demo/express";

/** What the driver saw. */
interface Seen {
  which: string;
  version: string;
  status: number | null;
  csp: string | null;
  errors: string[];
  title: string;
  panes: Array<{ surface: string; text: string }>;
  images: Array<{ src: string; naturalWidth: number }>;
  reportLink: string | null;
  violations: Array<{ id: string; impact: string; help: string; targets: string[] }>;
  screenshots: string[];
}

Deno.test("console in Chromium: analyze drawn by four surfaces, each naming the regression", async () => {
  await using demo = await startDemo({ port: 0, log: memoryLogger() });
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const seen = await runDriver<Seen>(
    import.meta.filename!,
    [`${demo.url}/`, SCREENSHOTS],
    120_000,
  );
  console.log(`browser: ${seen.which} (${seen.version})`);

  assert.equal(seen.status, 200);
  assert.match(seen.csp ?? "", /^default-src 'none'/);
  assert.deepEqual(seen.errors, []);
  assert.equal(
    seen.title,
    "Demo: Analyze demo/express",
    JSON.stringify(seen.panes[0]?.text.slice(0, 200)),
  );
  assert.deepEqual(seen.panes.map((p) => p.surface), [
    "SLACK",
    "DISCORD",
    "MICROSOFT TEAMS",
    "COPILOT / MCP",
  ]);
  for (const pane of seen.panes) {
    assert.match(
      pane.text,
      /ci\.yml is \d+% slower since run #\d+/,
      `${pane.surface}: ${pane.text}`,
    );
    assert.match(pane.text, /Job integration in ci\.yml is flaky/, pane.surface);
  }
  // Discord's embed image and Teams' chart fallback are the report's chart, from this server.
  assert.ok(seen.images.length >= 2, JSON.stringify(seen.images));
  for (const image of seen.images) {
    assert.match(
      image.src,
      /^http:\/\/(127\.0\.0\.1|localhost):\d+\/reports\/[A-Za-z0-9_-]+\/chart\.png/,
    );
    assert.ok(image.naturalWidth > 100, JSON.stringify(image));
  }
  assert.match(seen.reportLink ?? "", /^\/reports\/[A-Za-z0-9_-]+$/);
  assert.deepEqual(
    seen.violations.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.targets.join(", ")}`),
    [],
  );
  for (const path of seen.screenshots) {
    assert.equal(pngSize(await Deno.readFile(path)).width, VIEWPORT.width, path);
  }
});

const AXE = `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
  .filter((v) => v.impact === "serious" || v.impact === "critical")
  .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`;

/** The driver: opens the console, runs the command, reports what the page shows. */
async function drive(url: string, dir: string): Promise<Seen> {
  const { launchBrowser } = await import("../browser/launch.ts");
  const { default: axe } = await import("axe-core");
  const { browser, which, version } = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => errors.push(`requestfailed: ${r.url()}`));
    await page.goto(url, { waitUntil: "load" });
    await page.locator("#q").fill(COMMAND);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST", { timeout: 60_000 }),
      page.getByRole("button", { name: "Run" }).click(),
    ]);
    await page.waitForLoadState("load");
    const panes = [];
    for (const pane of await page.locator("section.pane").all()) {
      panes.push({
        surface: (await pane.locator("h2").innerText()).trim(),
        text: await pane.innerText(),
      });
    }
    // A string, not a function: this file is type-checked without the DOM library.
    const images = await page.evaluate<Array<{ src: string; naturalWidth: number }>>(
      `Promise.all([...document.querySelectorAll(".pane img")].map(async (img) => {
        await img.decode().catch(() => {});
        return { src: img.src, naturalWidth: img.naturalWidth };
      }))`,
    );
    const full = `${dir}console-1280.png`;
    const first = `${dir}console-1280-first-screen.png`;
    await page.screenshot({ path: full, fullPage: true });
    await page.screenshot({ path: first });
    const pageErrors = [...errors];
    await page.evaluate(axe.source);
    const violations = await page.evaluate<Seen["violations"]>(AXE);
    return {
      which,
      version,
      status: response.status(),
      csp: (await response.allHeaders())["content-security-policy"] ?? null,
      errors: pageErrors,
      title: (await page.locator('section[aria-label="Reply"] > p > strong').innerText()).trim(),
      panes,
      images,
      reportLink: await page.getByRole("link", { name: "Full report page" }).getAttribute("href"),
      violations,
      screenshots: [full, first],
    };
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  const [url, dir] = Deno.args;
  console.log(JSON.stringify(await drive(url, dir)));
}
