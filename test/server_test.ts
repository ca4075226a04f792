import assert from "node:assert/strict";
import { boot } from "../src/boot.ts";
import { memoryLogger } from "../src/log.ts";
import { saveReport } from "../src/report/store.ts";

async function withService(
  env: Record<string, string>,
  fn: (s: Awaited<ReturnType<typeof boot>>, log: ReturnType<typeof memoryLogger>) => Promise<void>,
) {
  const log = memoryLogger();
  const service = await boot({ KV_PATH: ":memory:", ...env }, { log });
  try {
    await fn(service, log);
  } finally {
    await service.close();
  }
}

Deno.test("server: health and readiness", async () => {
  await withService({}, async ({ app }) => {
    const health = await app.request("/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready" });
  });
});

Deno.test("server: readiness fails with 503 when the store is gone", async () => {
  await withService({}, async ({ app, deps }) => {
    deps.store.ping = () => Promise.reject(new Error("connection refused"));
    const ready = await app.request("/readyz");
    assert.equal(ready.status, 503);
    assert.equal((await ready.json()).status, "unavailable");
  });
});

Deno.test("server: JSON 404, 405 with Allow, 413 over the body limit", async () => {
  await withService({ SLACK_SIGNING_SECRET: "s" }, async ({ app }) => {
    const missing = await app.request("/nope");
    assert.equal(missing.status, 404);
    assert.match((await missing.json()).error, /No route for GET \/nope/);

    const wrong = await app.request("/slack/events");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
    await wrong.body?.cancel();

    const big = await app.request("/slack/events", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(1024 * 1024 + 1) },
      body: "x".repeat(1024 * 1024 + 1),
    });
    assert.equal(big.status, 413);
    await big.body?.cancel();
  });
});

Deno.test("server: Slack route says how to turn it on when off", async () => {
  await withService({}, async ({ app }) => {
    const res = await app.request("/slack/events", { method: "POST", body: "x" });
    assert.equal(res.status, 404);
    assert.match((await res.json()).error, /SLACK_SIGNING_SECRET/);
  });
});

Deno.test("server: report pages by unguessable id, with a strict CSP", async () => {
  await withService({}, async ({ app, deps }) => {
    const saved = await saveReport(deps.store, {
      title: "Analyze acme/app",
      status: "success",
      summary: "No findings <b>at all</b>",
    }, deps);
    assert.match(saved.id!, /^[A-Za-z0-9_-]{22}$/);
    const page = await app.request(`/reports/${saved.id}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type")!, /text\/html/);
    assert.match(page.headers.get("content-security-policy")!, /default-src 'none'/);
    const html = await page.text();
    assert.ok(html.includes("Analyze acme/app"));
    assert.ok(html.includes("No findings &lt;b&gt;at all&lt;/b&gt;"));

    const unknown = await app.request(`/reports/${"A".repeat(22)}`);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    const malformed = await app.request("/reports/..%2F..%2Fetc");
    assert.equal(malformed.status, 404);
    await malformed.body?.cancel();
  });
});

Deno.test("server: every request is logged with a request id, echoed in the response", async () => {
  await withService({}, async ({ app }, log) => {
    const res = await app.request("/readyz", { headers: { "x-request-id": "req-123" } });
    await res.body?.cancel();
    assert.equal(res.headers.get("x-request-id"), "req-123");
    const line = log.entries.find((e) => e.msg === "request" && e.path === "/readyz");
    assert.equal(line?.requestId, "req-123");
    assert.equal(line?.status, 200);
  });
});
