import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import { memoryLogger } from "../../src/log.ts";
import { saveReport } from "../../src/report/store.ts";

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

async function withService(
  env: Record<string, string>,
  fn: (s: Awaited<ReturnType<typeof boot>>) => Promise<void>,
) {
  const service = await boot({ KV_PATH: ":memory:", ...env }, { log: memoryLogger() });
  try {
    await fn(service);
  } finally {
    await service.close();
  }
}

Deno.test("route: an unknown report id is an HTML 404 page with the page's CSP", async () => {
  await withService({}, async ({ app }) => {
    for (const accept of [undefined, "text/html,application/xhtml+xml,*/*;q=0.8", "*/*"]) {
      const res = await app.request(`/reports/${"A".repeat(22)}`, {
        headers: accept ? { accept } : {},
      });
      assert.equal(res.status, 404, String(accept));
      assert.match(res.headers.get("content-type")!, /^text\/html/);
      assert.equal(res.headers.get("content-security-policy"), CSP);
      assert.equal(res.headers.get("cache-control"), "private, no-store");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      const html = await res.text();
      assert.ok(html.startsWith("<!doctype html>"));
      assert.ok(html.includes("<h1>Report not found</h1>"));
      assert.ok(html.includes("reports expire after 7 days, set by REPORT_TTL_DAYS"));
      assert.ok(!/<script/i.test(html));
      assert.match(html, /prefers-color-scheme:dark/);
    }
  });
});

Deno.test("route: JSON stays available for a missing report with Accept: application/json", async () => {
  await withService({}, async ({ app }) => {
    const res = await app.request(`/reports/${"A".repeat(22)}`, {
      headers: { accept: "application/json" },
    });
    assert.equal(res.status, 404);
    assert.match((await res.json()).error, /^No report with that id/);
  });
});

Deno.test("route: the page links code on the configured GitHub web base (GHES)", async () => {
  await withService(
    { GITHUB_API_URL: "https://ghe.acme.test/api/v3" },
    async ({ app, deps }) => {
      const saved = await saveReport(deps.store, {
        title: "Analyze acme/app",
        status: "warning",
        summary: "1 finding",
        findings: [{
          ruleId: "missing-timeout",
          severity: "warning",
          file: ".github/workflows/ci.yml",
          line: 7,
          message: "no timeout",
        }],
        source: { repo: "acme/app", sha: "abc1234" },
      }, deps);
      const res = await app.request(`/reports/${saved.id}`, { headers: { accept: "text/html" } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-security-policy"), CSP);
      const html = await res.text();
      assert.ok(html.includes(
        '<a href="https://ghe.acme.test/acme/app/blob/abc1234/.github/workflows/ci.yml#L7"',
      ));
      assert.match(html, /<details class="sev" id="sev-warning" open>/);
    },
  );
});
