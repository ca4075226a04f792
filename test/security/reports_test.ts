/**
 * Report pages are bearer links: whoever has the URL sees the report (and its chart). They
 * must not sit in shared caches, must expire after a short, configurable time
 * (`REPORT_TTL_DAYS`, default 7), and their ids must stay unguessable (128 random bits).
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { randomId } from "../../src/ids.ts";
import { memoryLogger } from "../../src/log.ts";
import { saveReport } from "../../src/report/store.ts";

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse("2026-11-24T09:00:00Z");

async function service(env: Record<string, string> = {}) {
  let at = T0;
  const svc = await boot({ KV_PATH: ":memory:", ...env }, {
    log: memoryLogger(),
    now: () => new Date(at),
  });
  const ttls: Array<number | undefined> = [];
  const set = svc.deps.store.set.bind(svc.deps.store);
  svc.deps.store.set = (key, value, options) => {
    if (key[0] === "reports") ttls.push(options?.ttlMs);
    return set(key, value, options);
  };
  return {
    ...svc,
    ttls,
    advance: (ms: number) => (at += ms),
    [Symbol.asyncDispose]: () => svc.close(),
  };
}

const chartReport = {
  title: "Analyze acme/app",
  status: "warning" as const,
  summary: "slower",
  charts: [{
    title: "Duration",
    kind: "line" as const,
    unit: "s",
    series: [{ name: "ci", points: [{ x: "1", y: 3 }, { x: "2", y: 5 }] }],
  }],
};

Deno.test("security: report page and chart are private to the browser, never shared caches", async () => {
  await using svc = await service();
  const saved = await saveReport(svc.deps.store, chartReport, svc.deps);

  const page = await svc.app.request(`/reports/${saved.id}`);
  await page.body?.cancel();
  assert.equal(page.status, 200);
  assert.equal(page.headers.get("cache-control"), "private, no-store");
  assert.equal(page.headers.get("x-robots-tag"), "noindex");
  const chart = await svc.app.request(`/reports/${saved.id}/chart.png`);
  await chart.body?.cancel();
  assert.equal(chart.status, 200);
  assert.equal(chart.headers.get("cache-control"), "private, max-age=300");
  assert.equal(chart.headers.get("x-robots-tag"), "noindex");
});

Deno.test("security: reports expire after 7 days by default", async () => {
  await using svc = await service();
  const saved = await saveReport(svc.deps.store, chartReport, svc.deps);
  assert.deepEqual(svc.ttls, [7 * DAY]);

  svc.advance(7 * DAY - 1000);
  const before = await svc.app.request(`/reports/${saved.id}`);
  await before.body?.cancel();
  assert.equal(before.status, 200);

  svc.advance(1000);
  for (const path of [`/reports/${saved.id}`, `/reports/${saved.id}/chart.png`]) {
    const gone = await svc.app.request(path, { headers: { accept: "application/json" } });
    assert.equal(gone.status, 404, path);
    assert.match(
      (await gone.json()).error,
      /reports expire after 7 days, set by REPORT_TTL_DAYS\)/,
    );
  }
});

Deno.test("security: REPORT_TTL_DAYS applies to reports saved before it was lowered", async () => {
  await using svc = await service({ REPORT_TTL_DAYS: "1" });
  // Saved with the 7-day default, as by an instance started before the setting changed.
  const saved = await saveReport(svc.deps.store, chartReport, svc.deps);
  assert.deepEqual(svc.ttls, [7 * DAY]);
  svc.advance(DAY);
  const gone = await svc.app.request(`/reports/${saved.id}`, {
    headers: { accept: "application/json" },
  });
  assert.equal(gone.status, 404);
  assert.match((await gone.json()).error, /expire after 1 day, set by REPORT_TTL_DAYS\)/);
});

Deno.test("security: reports saved by the pipeline use the configured lifetime", async () => {
  await using svc = await service({ REPORT_TTL_DAYS: "3" });
  const report = await svc.deps.execute({ op: "help" }, { surface: "cli", requestId: "r1" });
  assert.ok(report.id);
  assert.deepEqual(svc.ttls, [3 * DAY]);
});

Deno.test("security: REPORT_TTL_DAYS must be a whole number of days from 1 to 365", async () => {
  for (const value of ["0", "366", "2.5", "week"]) {
    await assert.rejects(
      boot({ KV_PATH: ":memory:", REPORT_TTL_DAYS: value }, { log: memoryLogger() }),
      (e: Error) => e.message.includes("REPORT_TTL_DAYS") && e.message.includes(value),
      value,
    );
  }
});

Deno.test("security: report ids carry 128 random bits", () => {
  const ids = new Set(Array.from({ length: 2000 }, randomId));
  assert.equal(ids.size, 2000);
  for (const id of ids) {
    const bytes = atob(id.replace(/-/g, "+").replace(/_/g, "/") + "==");
    assert.equal(bytes.length, 16);
  }
});
