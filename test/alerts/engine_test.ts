import assert from "node:assert/strict";
import { createAlerts, failedDeliveries } from "../../src/alerts/engine.ts";
import { createQueueRouter } from "../../src/alerts/queue.ts";
import { saveSubscription } from "../../src/alerts/subscriptions.ts";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import type { CIProvider, JobInfo, RunInfo } from "../../src/providers/port.ts";
import type { Report } from "../../src/report/model.ts";
import { openKvStore } from "../../src/store/kv.ts";
import type { Conversation, Notifier, SurfaceName } from "../../src/surface.ts";

let nextRun = 100;
const runOf = (conclusion: string, fields: Partial<RunInfo> = {}): RunInfo => ({
  id: nextRun++,
  workflowId: 7,
  name: "CI",
  path: ".github/workflows/ci.yml",
  headBranch: "main",
  headSha: "0123456789abcdef",
  event: "push",
  status: "completed",
  conclusion,
  attempt: 1,
  createdAt: "2026-11-24T10:00:00Z",
  updatedAt: "2026-11-24T10:05:00Z",
  url: `https://github.com/acme/app/actions/runs/${nextRun - 1}`,
  ...fields,
});

const jobs = (runId: number): JobInfo[] => [{
  id: runId * 10,
  runId,
  name: "test",
  status: "completed",
  conclusion: "failure",
  startedAt: null,
  completedAt: null,
  labels: [],
  url: "",
  steps: [{ name: "pytest", number: 2, status: "completed", conclusion: "failure" }],
}];

async function setup(options: { notify?: Notifier; listJobs?: CIProvider["listJobs"] } = {}) {
  const raw = await openKvStore(":memory:");
  const router = createQueueRouter(raw);
  const sent: Array<{ conversation: Conversation; report: Report; key: string }> = [];
  const notify: Notifier = options.notify ?? ((conversation, report, { key }) => {
    sent.push({ conversation, report, key });
    return Promise.resolve();
  });
  const provider = {
    listJobs: options.listJobs ?? ((_repo: string, runId: number) => Promise.resolve(jobs(runId))),
    jobLogTail: () => Promise.resolve("collected 3 items\nE   assert 1 == 2"),
  } as unknown as CIProvider;
  const log = memoryLogger();
  let id = 0;
  const alerts = createAlerts({
    store: router.store,
    queue: router,
    provider,
    notifiers: new Map<SurfaceName, Notifier>([["slack", notify]]),
    log,
    now: () => new Date("2026-11-24T12:00:00Z"),
    newId: () => `id${++id}`,
    attempts: 3,
    backoffMs: () => 5,
    coalesceMs: 10,
  });
  const listening = router.store.listenQueue(() => Promise.resolve());
  const subscribe = (channel: string, on: "failure" | "recovery" | "always", branch?: string) =>
    saveSubscription(router.store, {
      conversation: { surface: "slack", id: channel, data: { channel } },
      repo: "acme/app",
      on,
      ...(branch ? { branch } : {}),
    }, new Date());
  const complete = (run: RunInfo) =>
    alerts.accept({ kind: "workflow_run", action: "completed", repo: "acme/app", run });
  return {
    store: router.store,
    sent,
    log,
    alerts,
    subscribe,
    complete,
    async until(predicate: () => boolean | Promise<boolean>) {
      const deadline = Date.now() + 5_000;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error("timed out waiting");
        await new Promise((r) => setTimeout(r, 10));
      }
      // Let anything else queued land (it must not).
      await new Promise((r) => setTimeout(r, 60));
    },
    async [Symbol.asyncDispose]() {
      await raw.close();
      await listening;
    },
  };
}

Deno.test("alerts engine: recovery only after a failure of the same workflow on the same branch", async () => {
  await using env = await setup();
  await env.subscribe("CREC", "recovery");
  await env.subscribe("CFAIL", "failure");
  await env.subscribe("CALL", "always", "main");

  await env.complete(runOf("success"));
  await env.until(() => env.sent.length === 1);
  assert.deepEqual(
    env.sent.map((s) => s.conversation.id),
    ["CALL"],
    "a first success is no recovery",
  );

  await env.complete(runOf("failure", { headBranch: "dev" }));
  await env.until(() => env.sent.length === 2);
  assert.equal(env.sent[1].conversation.id, "CFAIL");
  await env.complete(runOf("success"));
  await env.until(() => env.sent.length === 3);
  assert.equal(env.sent[2].conversation.id, "CALL", "a failure on dev does not make main recover");

  const failed = runOf("failure");
  await env.complete(failed);
  await env.until(() => env.sent.length === 5);
  assert.deepEqual(env.sent.slice(3).map((s) => s.conversation.id).sort(), ["CALL", "CFAIL"]);
  assert.match(env.sent[3].report.summary, /`test` failed at step `pytest`/);
  assert.equal(env.sent[3].key, `acme/app/${failed.id}`);
  await env.complete(runOf("success"));
  await env.until(() => env.sent.length === 7);
  const recovery = env.sent.slice(5);
  assert.deepEqual(recovery.map((s) => s.conversation.id).sort(), ["CALL", "CREC"]);
  assert.match(recovery[0].report.title, /CI recovered on main/);
  const why = recovery.find((s) => s.conversation.id === "CREC")!.report.sections.at(-1);
  assert.equal(why?.markdown, "You subscribed to recoveries of any workflow in acme/app.");
});

Deno.test("alerts engine: the same run completed twice alerts once", async () => {
  await using env = await setup();
  await env.subscribe("C1", "failure");
  const run = runOf("failure");
  await env.complete(run);
  await env.complete(run);
  await env.until(() => env.sent.length >= 1);
  assert.equal(env.sent.length, 1);
  const attempt2 = { ...run, attempt: 2 };
  await env.complete(attempt2);
  await env.until(() => env.sent.length >= 2);
  assert.equal(env.sent.length, 2, "a re-run attempt alerts again, on the same card key");
  assert.equal(env.sent[1].key, env.sent[0].key);
});

Deno.test("alerts engine: transient failures are retried, then recorded for status", async () => {
  let calls = 0;
  await using env = await setup({
    notify: () => {
      calls++;
      return Promise.reject(
        new CiError("upstream", "Slack refused chat.postMessage: ratelimited (HTTP 429)"),
      );
    },
  });
  await env.subscribe("C1", "failure");
  const run = runOf("failure");
  await env.complete(run);
  await env.until(async () => (await failedDeliveries(env.store)).length === 1);
  assert.equal(calls, 3, "tried `attempts` times");
  const [failed] = await failedDeliveries(env.store);
  assert.equal(failed.runId, run.id);
  assert.equal(failed.conversation, "C1");
  assert.match(failed.error, /ratelimited/);
});

Deno.test("alerts engine: run details that cannot be fetched still alert", async () => {
  await using env = await setup({
    listJobs: () => Promise.reject(new CiError("upstream", "GitHub is failing (502)")),
  });
  await env.subscribe("C1", "failure");
  await env.complete(runOf("failure"));
  await env.until(() => env.sent.length === 1);
  const report = env.sent[0].report;
  assert.match(report.summary, /could not be fetched/);
  assert.ok(report.sections.some((s) => /GitHub is failing \(502\)/.test(s.markdown)));
  assert.deepEqual(report.actions.map((a) => a.intent), [
    { op: "test", repo: "acme/app", workflow: "ci.yml", target: `rerun:${nextRun - 1}` },
  ]);
});

Deno.test("alerts engine: only completed runs and jobs are queued", async () => {
  await using env = await setup();
  const run = runOf("failure");
  assert.equal(
    await env.alerts.accept({ kind: "workflow_run", action: "requested", repo: "acme/app", run }),
    false,
  );
  assert.equal(await env.alerts.accept({ kind: "ping" }), false);
  assert.equal(
    await env.alerts.accept({
      kind: "workflow_job",
      action: "completed",
      repo: "acme/app",
      runId: run.id,
      job: jobs(run.id)[0],
    }),
    true,
  );
});
