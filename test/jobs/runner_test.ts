import assert from "node:assert/strict";
import { z } from "zod";
import { CiError } from "../../src/errors.ts";
import { randomId } from "../../src/ids.ts";
import type { JobDefinition } from "../../src/jobs/definition.ts";
import type { ReplyTarget } from "../../src/jobs/model.ts";
import { createJobRunner, type JobRunner } from "../../src/jobs/runner.ts";
import { memoryLogger } from "../../src/log.ts";
import { localProvider } from "../../src/providers/local.ts";
import type { Report } from "../../src/report/model.ts";
import { saveReport } from "../../src/report/store.ts";
import { openKvStore } from "../../src/store/kv.ts";
import type { Store } from "../../src/store/port.ts";

const State = z.object({ total: z.number(), done: z.number(), waits: z.number() });
type State = z.infer<typeof State>;

/** A job of `total` effects; each effect goes through `once` and is recorded in `effects`. */
function countingJob(
  effects: number[],
  hooks: {
    effect?: (i: number, resumed: boolean) => Promise<void>;
    fail?: (i: number) => CiError | undefined;
    waitMs?: number;
  } = {},
): JobDefinition<State> {
  return {
    kind: "test",
    state: State,
    plan: (intent) => {
      if (intent.runs === 49) return Promise.reject(new CiError("bad_request", "49 is refused"));
      return Promise.resolve({ total: intent.runs ?? 3, done: 0, waits: 0 });
    },
    async step(state, ctx) {
      if (state.done >= state.total) {
        return {
          kind: "done",
          state,
          report: { title: "counted", status: "success", summary: `${effects.length} effects` },
        };
      }
      const i = state.done;
      const failure = hooks.fail?.(i);
      if (failure) throw failure;
      await ctx.once(`effect:${i}`, async ({ resumed }) => {
        await hooks.effect?.(i, resumed);
        if (!(resumed && effects.includes(i))) effects.push(i);
      });
      return { kind: "wait", state: { ...state, done: i + 1 }, delayMs: hooks.waitMs ?? 5 };
    },
    progress: (state) => ({
      progress: { done: state.done, total: state.total, note: `${state.done} of ${state.total}` },
      report: { title: "counting", status: "running", summary: `${state.done} of ${state.total}` },
    }),
    cancel: (state) =>
      Promise.resolve({
        state,
        report: { title: "cancelled", status: "neutral", summary: `stopped at ${state.done}` },
      }),
  };
}

Deno.test("jobs: a refused final reply is retried on its own; the job stays finished", async () => {
  const store = await openKvStore(":memory:");
  const now = () => new Date();
  const finals: string[] = [];
  let refusals = 1;
  let delivered!: () => void;
  const arrived = new Promise<void>((r) => (delivered = r));
  const runner = createJobRunner({
    store,
    log: memoryLogger(),
    now,
    newId: randomId,
    provider: localProvider("."),
    definitions: [countingJob([])],
    saveReport: (input) => saveReport(store, input, { newId: randomId, now }),
    deliver: (_reply, report, phase) => {
      if (phase !== "final") return Promise.resolve();
      if (refusals-- > 0) return Promise.reject(new CiError("upstream", "Slack answered 503"));
      finals.push(report.summary);
      delivered();
      return Promise.resolve();
    },
    maxWaitMs: 20,
  });
  await runner.start();
  try {
    const { job } = await runner.submit({ op: "test", runs: 1 }, meta, reply);
    assert.equal((await runner.wait(job.id)).status, "succeeded");
    await arrived;
    assert.deepEqual(finals, ["1 effects"]);
    assert.equal((await runner.get(job.id))!.status, "succeeded", "not re-run as a failed step");
  } finally {
    await store.close();
  }
});

interface Harness {
  runner: JobRunner;
  store: Store;
  deliveries: Array<{ phase: string; report: Report; reply: ReplyTarget }>;
}

async function harness(
  def: JobDefinition<State>,
  store?: Store,
  log = memoryLogger(),
): Promise<Harness> {
  store ??= await openKvStore(":memory:");
  const deliveries: Harness["deliveries"] = [];
  const now = () => new Date();
  const runner = createJobRunner({
    store,
    log,
    now,
    newId: randomId,
    provider: localProvider("."),
    definitions: [def],
    saveReport: (input) => saveReport(store!, input, { newId: randomId, now }),
    deliver: (reply, report, phase) => {
      deliveries.push({ reply, report, phase });
      return Promise.resolve();
    },
    maxWaitMs: 20,
  });
  await runner.start();
  return { runner, store, deliveries };
}

const meta = { surface: "slack" as const, requestId: "r1", userId: "U1" };
const reply: ReplyTarget = { surface: "slack", data: { responseUrl: "http://x/1" } };

Deno.test("jobs: a job runs every step once, reports progress, delivers the final once", async () => {
  const effects: number[] = [];
  const h = await harness(countingJob(effects));
  try {
    const { job, report } = await h.runner.submit({ op: "test", runs: 3 }, meta, reply);
    assert.equal(report.status, "running");
    assert.ok(report.id, "the first report is stored, so its page exists");
    assert.deepEqual(report.actions.map((a) => a.intent), [{ op: "cancel", target: job.id }]);
    const done = await h.runner.wait(job.id);
    assert.equal(done.status, "succeeded");
    assert.deepEqual(effects, [0, 1, 2]);
    const finals = h.deliveries.filter((d) => d.phase === "final");
    assert.equal(finals.length, 1);
    assert.equal(finals[0].report.summary, "3 effects");
    assert.deepEqual(finals[0].reply, reply);
    const notes = h.deliveries.filter((d) => d.phase === "progress").map((d) => d.report.summary);
    assert.deepEqual(notes, ["1 of 3", "2 of 3", "3 of 3"]);
    assert.deepEqual((await h.runner.list("slack", "U1")).map((j) => j.id), [job.id]);
  } finally {
    await h.store.close();
  }
});

Deno.test("jobs: planning errors refuse the job before anything is stored", async () => {
  const h = await harness(countingJob([]));
  try {
    await assert.rejects(
      () => h.runner.submit({ op: "test", runs: 49 }, meta, reply),
      (e) => e instanceof CiError && e.code === "bad_request",
    );
    assert.deepEqual(await h.runner.list("slack", "U1"), []);
  } finally {
    await h.store.close();
  }
});

Deno.test("jobs: a process that dies mid-effect is resumed without repeating the effect", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/jobs.kv`;
  const effects: number[] = [];
  const resumedFlags: boolean[] = [];
  let entered!: () => void;
  const inEffect = new Promise<void>((r) => (entered = r));
  // First process: the effect of step 1 starts (it reached GitHub) and the process dies.
  const first = await harness(
    countingJob(effects, {
      effect: (i) => {
        if (i !== 1) return Promise.resolve();
        effects.push(1);
        entered();
        return new Promise(() => {}); // never returns: the process is "killed" here
      },
    }),
    await openKvStore(path),
  );
  const { job } = await first.runner.submit({ op: "test", runs: 3 }, meta, reply);
  await inEffect;
  await first.store.close();
  try {
    // Second process on the same file: resumes, sees the effect started, does not repeat it.
    const second = await harness(
      countingJob(effects, {
        effect: (_i, resumed) => {
          resumedFlags.push(resumed);
          return Promise.resolve();
        },
      }),
      await openKvStore(path),
    );
    const done = await second.runner.wait(job.id);
    assert.equal(done.status, "succeeded");
    assert.deepEqual(effects, [0, 1, 2], "each effect exactly once");
    assert.deepEqual(resumedFlags, [true, false], "step 1 knew it was resumed");
    assert.equal(second.deliveries.filter((d) => d.phase === "final").length, 1);
    await second.store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("jobs: cancel stops a waiting job through its definition", async () => {
  const effects: number[] = [];
  const h = await harness(countingJob(effects, { waitMs: 60_000 }));
  try {
    const { job } = await h.runner.submit({ op: "test", runs: 5 }, meta, reply);
    while ((await h.runner.get(job.id))!.seq < 1) await new Promise((r) => setTimeout(r, 5));
    await h.runner.cancel(job.id);
    const done = await h.runner.wait(job.id);
    assert.equal(done.status, "cancelled");
    assert.ok(effects.length < 5);
    const final = h.deliveries.find((d) => d.phase === "final")!;
    assert.match(final.report.summary, /^stopped at \d$/);
    await assert.rejects(() => h.runner.cancel("nope"), /No job with id 'nope'/);
  } finally {
    await h.store.close();
  }
});

Deno.test("jobs: transient errors are retried, permanent ones fail the job with the message", async () => {
  let flaky = 1;
  const retried = await harness(countingJob([], {
    fail: (i) =>
      i === 1 && flaky-- > 0 ? new CiError("upstream", "GitHub answered 502") : undefined,
  }));
  try {
    const { job } = await retried.runner.submit({ op: "test", runs: 2 }, meta, reply);
    assert.equal((await retried.runner.wait(job.id)).status, "succeeded");
  } finally {
    await retried.store.close();
  }
  const failing = await harness(countingJob([], {
    fail: (i) =>
      i === 0
        ? new CiError("forbidden", "Resource not accessible by integration", {
          hint: "Grant actions: write",
        })
        : undefined,
  }));
  try {
    const { job } = await failing.runner.submit({ op: "test", runs: 2 }, meta, reply);
    const done = await failing.runner.wait(job.id);
    assert.equal(done.status, "failed");
    assert.equal(done.error?.code, "forbidden");
    const final = failing.deliveries.find((d) => d.phase === "final")!;
    assert.equal(final.report.status, "error");
    assert.equal(final.report.summary, "Resource not accessible by integration");
    assert.match(JSON.stringify(final.report.sections), /Grant actions: write/);
  } finally {
    await failing.store.close();
  }
});
