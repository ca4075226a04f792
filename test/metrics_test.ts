import assert from "node:assert/strict";
import { boot } from "../src/boot.ts";
import { jobKeys } from "../src/jobs/keys.ts";
import { memoryLogger } from "../src/log.ts";
import { createRequestMetrics, DURATION_BUCKETS } from "../src/metrics.ts";
import { escapeLabelValue } from "../src/metrics_format.ts";
import { openKvStore } from "../src/store/kv.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict parser of the text format: every line is a comment, blank, or a valid sample. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const sampleLine =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (\S+)$/;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      assert.ok(!types.has(type[1]), `TYPE declared twice for ${type[1]}`);
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP \S+ /.test(line)) continue;
    const m = sampleLine.exec(line);
    assert.ok(m, `not a valid exposition line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k] = v.replace(/\\(.)/g, (_, ch) => ch === "n" ? "\n" : ch);
    }
    const value = m[3] === "+Inf" ? Infinity : Number(m[3]);
    assert.ok(!Number.isNaN(value) || m[3] === "NaN", `bad value in ${line}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, "");
    assert.ok(types.has(m[1]) || types.has(family), `sample before its TYPE: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return { samples, types };
}

function find(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  )?.value;
}

Deno.test("metrics: the app counts requests per matched route and the exposition parses back", async () => {
  const service = await boot({ KV_PATH: ":memory:", SLACK_SIGNING_SECRET: "s3cret" }, {
    log: memoryLogger(),
  });
  try {
    for (let i = 0; i < 3; i++) await (await service.app.request("/healthz")).text();
    for (const id of ["a1", "b2", "c3", "d4"]) {
      assert.equal((await service.app.request(`/reports/${id}`)).status, 404);
    }
    assert.equal((await service.app.request("/slack/events")).status, 405);
    assert.equal((await service.app.request("/no/such/path")).status, 404);
    const unsigned = await service.app.request("/slack/events", { method: "POST", body: "x=1" });
    assert.equal(unsigned.status, 401);
    await unsigned.body?.cancel();

    const res = await service.app.request("/metrics");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(await res.text());
    assert.equal(types.get("http_requests_total"), "counter");
    assert.equal(types.get("http_request_duration_seconds"), "histogram");
    assert.equal(types.get("surface_ack_seconds"), "histogram");

    const total = (labels: Record<string, string>) => find(samples, "http_requests_total", labels);
    assert.equal(total({ route: "/healthz", method: "GET", status: "200" }), 3);
    // The pattern, not the four raw paths.
    assert.equal(total({ route: "/reports/:id", method: "GET", status: "404" }), 4);
    assert.ok(!samples.some((s) => s.labels.route?.startsWith("/reports/a1")));
    assert.equal(total({ route: "unmatched", method: "GET", status: "405" }), 1);
    assert.equal(total({ route: "unmatched", method: "GET", status: "404" }), 1);
    assert.equal(total({ route: "/slack/events", method: "POST", status: "401" }), 1);

    // Histogram series are cumulative, end in +Inf and agree with the counters.
    const buckets = samples.filter((s) =>
      s.name === "http_request_duration_seconds_bucket" && s.labels.route === "/reports/:id"
    );
    assert.equal(buckets.length, DURATION_BUCKETS.length + 1);
    assert.equal(buckets.at(-1)!.labels.le, "+Inf");
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value);
    assert.equal(buckets.at(-1)!.value, 4);
    assert.equal(
      find(samples, "http_request_duration_seconds_count", { route: "/reports/:id" }),
      4,
    );
    assert.equal(find(samples, "surface_ack_seconds_count", { surface: "slack" }), 1);
    assert.equal(find(samples, "jobs", { state: "running" }), 0);
    assert.equal(find(samples, "github_api_requests_total", { kind: "sent" }), 0);
    assert.ok(find(samples, "process_resident_memory_bytes", {})! > 1_000_000);

    // The scrape itself is counted, so a second scrape sees the first.
    const again = parseExposition(await (await service.app.request("/metrics")).text());
    assert.equal(
      find(again.samples, "http_requests_total", { route: "/metrics", status: "200" }),
      1,
    );
    assert.equal((await service.app.request("/metrics", { method: "POST" })).status, 405);
  } finally {
    await service.close();
  }
});

Deno.test("metrics: scrape reads GitHub usage, active jobs, failed deliveries and rate limits", async () => {
  const store = await openKvStore(":memory:");
  try {
    const job = (id: string, status: string) => ({ id, status });
    await store.set(jobKeys.job("j1"), job("j1", "running"));
    await store.set(jobKeys.active("j1"), true);
    await store.set(jobKeys.job("j2"), job("j2", "running"));
    await store.set(jobKeys.active("j2"), true);
    await store.set(jobKeys.job("j3"), job("j3", "succeeded"));
    await store.set(jobKeys.active("j3"), true);
    await store.set(jobKeys.job("j4"), job("j4", "failed")); // finished and delivered: not active
    await store.set(["alerts", "failed", "2026-11-24T10:00:00Z", "x"], { repo: "acme/app" });
    await store.set(["alerts", "failed", "2026-11-24T11:00:00Z", "y"], { repo: "acme/app" });

    const metrics = createRequestMetrics();
    metrics.record("/slack/events", "POST", 200, 0.004);
    metrics.record("/slack/events", "POST", 200, 0.03);
    metrics.record("/api/messages", "BREW", 401, 0.002);
    const usage = { requests: 12, rateLimited: 9, notModified: 3, remaining: 4988 };
    const limits = {
      refusals: () => [
        { surface: "mcp", reason: "in_flight" as const, count: 17 },
        { surface: "slack", reason: "tokens" as const, count: 2 },
      ],
      inFlight: () => 3,
    };
    const { samples } = parseExposition(
      await metrics.render({ provider: { usage: () => usage }, store, limits }),
    );
    assert.equal(
      find(samples, "ci_rate_limited_total", { surface: "mcp", reason: "in_flight" }),
      17,
    );
    assert.equal(find(samples, "ci_rate_limited_total", { surface: "slack", reason: "tokens" }), 2);
    assert.equal(find(samples, "ci_requests_in_flight", {}), 3);
    assert.equal(find(samples, "github_api_requests_total", { kind: "sent" }), 12);
    assert.equal(find(samples, "github_api_requests_total", { kind: "rate_limited" }), 9);
    assert.equal(find(samples, "github_api_requests_total", { kind: "not_modified" }), 3);
    assert.equal(find(samples, "github_rate_limit_remaining", {}), 4988);
    assert.equal(find(samples, "jobs", { state: "running" }), 2);
    assert.equal(find(samples, "jobs", { state: "succeeded" }), 1);
    assert.equal(find(samples, "jobs", { state: "failed" }), 0);
    assert.equal(find(samples, "jobs_scan_truncated", {}), 0);
    assert.equal(find(samples, "alert_deliveries_failed", {}), 2);
    // Unknown methods fold into one label value instead of growing the series.
    assert.equal(find(samples, "http_requests_total", { route: "/api/messages" })!, 1);
    assert.equal(
      samples.find((s) => s.labels.route === "/api/messages")!.labels.method,
      "OTHER",
    );
    assert.equal(find(samples, "surface_ack_seconds_count", { surface: "slack" }), 2);
    assert.equal(find(samples, "surface_ack_seconds_bucket", { surface: "slack", le: "0.005" }), 1);
    assert.equal(find(samples, "surface_ack_seconds_bucket", { surface: "teams", le: "+Inf" }), 1);
    assert.ok(
      Math.abs(find(samples, "surface_ack_seconds_sum", { surface: "slack" })! - 0.034) < 1e-9,
    );
  } finally {
    await store.close();
  }
});

Deno.test("metrics: label values are escaped so the line stays parseable", () => {
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
});
