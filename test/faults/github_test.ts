/**
 * GitHub faults through the whole pipeline (`boot()` → execute → provider → the simulator):
 * 5xx bursts, primary rate limits (reset near and far), secondary rate limits with
 * `Retry-After`, and answers slower than the provider's timeout. Every operation completes or
 * ends with a clear error within its deadline, and no workflow is dispatched twice.
 */
import assert from "node:assert/strict";
import { boot } from "../../src/boot.ts";
import type { CiError } from "../../src/errors.ts";
import type { JobRecord } from "../../src/jobs/model.ts";
import type { Report } from "../../src/report/model.ts";
import type { SimFault } from "../sim/github.ts";
import { GITHUB_TOKEN, simWithApp } from "../e2e/fixtures.ts";
import { countingLogger } from "../fuzz/harness.ts";

const TIMEOUT_MS = 400;
const LISTING = "/repos/acme/app/actions/workflows";
const DISPATCH = "/repos/acme/app/actions/workflows/ci.yml/dispatches";
const RUN = /^\/repos\/acme\/app\/actions\/runs\/\d+$/;

async function start() {
  const github = await simWithApp();
  const service = await boot({ KV_PATH: ":memory:", GITHUB_TOKEN, GITHUB_API_URL: github.url }, {
    log: countingLogger(),
    maxJobWaitMs: 100,
    github: { retryAfterBaseValue: 5, timeoutMs: TIMEOUT_MS, maxRateLimitWaitSeconds: 3 },
  });
  let n = 0;
  const meta = () => ({ surface: "cli" as const, requestId: `fault-${++n}` });
  return {
    github,
    service,
    fault(...faults: SimFault[]) {
      github.faults.push(...faults);
    },
    /** Analyze: the report, or the error it ended with, and how long it took. */
    async analyze(): Promise<{ report?: Report; error?: CiError; ms: number }> {
      const started = performance.now();
      try {
        const report = await service.deps.execute({ op: "analyze", repo: "acme/app" }, meta());
        return { report, ms: performance.now() - started };
      } catch (error) {
        return { error: error as CiError, ms: performance.now() - started };
      }
    },
    /** A test job on python 3.11 (passes); resolves with the finished job. */
    async testJob(): Promise<{ job: JobRecord; ms: number }> {
      const started = performance.now();
      const report = await service.deps.execute({
        op: "test",
        repo: "acme/app",
        workflow: "ci.yml",
        inputs: { "python-version": "3.11" },
      }, meta());
      const jobId = report.actions.find((a) => a.intent.op === "cancel")?.intent.target;
      assert.ok(jobId, `a job started: ${report.summary}`);
      const job = await service.deps.runner.wait(jobId);
      return { job, ms: performance.now() - started };
    },
    dispatches: () => github.state.dispatches.length,
    async [Symbol.asyncDispose]() {
      await service.close();
      await github.close();
    },
  };
}

const t = (name: string, fn: () => Promise<void>, ignore = false) =>
  Deno.test({ name: `faults: ${name}`, ignore, sanitizeResources: false, sanitizeOps: false, fn });

t("analyze: a burst of 502/503 is retried and the report arrives", async () => {
  await using env = await start();
  env.fault({ path: LISTING, status: 502, times: 2 }, { path: LISTING, status: 503, times: 1 });
  const { report, error, ms } = await env.analyze();
  assert.equal(error, undefined, String(error?.message));
  assert.match(report!.title, /Analy/);
  assert.ok(ms < 5_000, `${ms} ms`);
  assert.equal(env.github.faults.length, 0, "all three faults were hit (retried)");
});

t("analyze: GitHub down (persistent 500) ends as a clear upstream error, quickly", async () => {
  await using env = await start();
  env.fault({ path: LISTING, status: 500, times: 1_000 });
  const { error, ms } = await env.analyze();
  assert.equal(error?.code, "upstream");
  assert.match(error!.message, /GitHub|500/);
  assert.ok(ms < 5_000, `${ms} ms`);
});

t(
  "analyze: a primary rate limit resetting in an hour fails at once, naming the reset",
  async () => {
    await using env = await start();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    env.fault({ path: LISTING, status: 403, rateLimitReset: reset, times: 10 });
    const { error, ms } = await env.analyze();
    assert.equal(error?.code, "rate_limited");
    assert.match(`${error!.message} ${error!.hint ?? ""}`, /rate limit/i);
    assert.ok(ms < 2_000, `did not wait for the reset: ${ms} ms`);
  },
);

t("analyze: a primary rate limit resetting in a second is waited for", async () => {
  await using env = await start();
  const reset = Math.floor(Date.now() / 1000) + 1;
  env.fault({ path: LISTING, status: 403, rateLimitReset: reset, times: 1 });
  const { report, error, ms } = await env.analyze();
  assert.equal(error, undefined, String(error?.message));
  assert.ok(report);
  assert.ok(ms < 6_000, `${ms} ms`);
});

t("analyze: a secondary rate limit (429 + Retry-After: 1) is honoured, then succeeds", async () => {
  await using env = await start();
  env.fault({ path: LISTING, status: 429, retryAfter: 1, times: 1 });
  const { report, error, ms } = await env.analyze();
  assert.equal(error, undefined, String(error?.message));
  assert.ok(report);
  // Waits scale with `retryAfterBaseValue` (5 ms per second here), so the wait is not timed.
  assert.equal(env.github.faults.length, 0, "the 429 was answered and retried");
  assert.ok(ms < 6_000, `${ms} ms`);
});

t("analyze: GitHub slower than the timeout ends as a timeout error, no hang", async () => {
  await using env = await start();
  env.fault({ path: LISTING, delayMs: 5_000, times: 10 });
  const { error, ms } = await env.analyze();
  assert.equal(error?.code, "timeout");
  assert.match(error!.message, /within \d+ ms/);
  assert.ok(ms < 3_000, `${ms} ms`);
});

t("test job: 5xx on the dispatch is retried and dispatches exactly once", async () => {
  await using env = await start();
  env.fault({ path: DISPATCH, method: "POST", status: 502, times: 2 });
  const { job, ms } = await env.testJob();
  assert.equal(job.status, "succeeded", JSON.stringify(job.error));
  assert.equal(env.dispatches(), 1);
  assert.ok(ms < 20_000, `${ms} ms`);
});

t(
  "test job: a dispatch that times out after GitHub accepted it is not dispatched again",
  async () => {
    await using env = await start();
    // The simulator performs the dispatch after the delay; the client has given up by then.
    env.fault({ path: DISPATCH, method: "POST", delayMs: TIMEOUT_MS * 2, times: 1 });
    const { job, ms } = await env.testJob();
    await new Promise((r) => setTimeout(r, TIMEOUT_MS * 2));
    assert.equal(env.dispatches(), 1, `dispatched ${env.dispatches()} times`);
    assert.ok(["succeeded", "failed"].includes(job.status), job.status);
    if (job.status === "failed") assert.match(job.error!.message, /dispatch|GitHub|within/i);
    assert.ok(ms < 20_000, `${ms} ms`);
  },
);

t("test job: run polling failing for good ends the job failed with a clear error", async () => {
  await using env = await start();
  env.fault({ path: RUN, status: 503, times: 10_000 });
  const { job, ms } = await env.testJob();
  assert.equal(job.status, "failed");
  assert.ok(job.error, "the failure is recorded");
  assert.match(`${job.error!.message} ${job.error!.hint ?? ""}`, /GitHub|503|unavailable/i);
  assert.equal(env.dispatches(), 1, "nothing was dispatched twice");
  assert.ok(ms < 30_000, `${ms} ms`);
});

t("test job: rate limits while polling (429, then 403 resetting soon) are ridden out", async () => {
  await using env = await start();
  env.fault(
    { path: RUN, status: 429, retryAfter: 1, times: 1 },
    { path: RUN, status: 403, rateLimitReset: Math.floor(Date.now() / 1000) + 2, times: 1 },
  );
  const { job, ms } = await env.testJob();
  assert.equal(job.status, "succeeded", JSON.stringify(job.error));
  assert.equal(env.dispatches(), 1);
  assert.ok(ms < 20_000, `${ms} ms`);
});
