/**
 * Several instances on one PostgreSQL database (`TEST_DATABASE_URL`, default the local `test`
 * database), each test in a fresh schema:
 * - two job runners on two store connections share 200 jobs: every step's effect and every final
 *   reply happens exactly once, and both take part;
 * - a runner that stops mid-step (its store closed under a hung step) is taken over by the other
 *   once the step's lease lapses, without repeating the finished effect;
 * - two real service processes (`src/main.ts` with `DATABASE_URL`): one is killed with SIGKILL
 *   mid-job, the other finishes every job, nothing is dispatched twice, one final message each.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { z } from "zod";
import { randomId } from "../../src/ids.ts";
import type { JobDefinition } from "../../src/jobs/definition.ts";
import type { ReplyTarget } from "../../src/jobs/model.ts";
import { createJobRunner } from "../../src/jobs/runner.ts";
import { memoryLogger } from "../../src/log.ts";
import { localProvider } from "../../src/providers/local.ts";
import { saveReport } from "../../src/report/store.ts";
import { openPostgresStore, type PostgresStoreOptions } from "../../src/store/postgres.ts";
import { signSlackRequest, slashCommandBody, startSlackSim } from "../sim/slack.ts";
import { GITHUB_TOKEN, simWithApp } from "./fixtures.ts";
import { startProcess } from "./process.ts";

const DB = Deno.env.get("TEST_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/test";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const meta = { surface: "slack" as const, requestId: "r1", userId: "U1" };
const reply: ReplyTarget = { surface: "slack", data: { responseUrl: "http://x/1" } };

/** A fresh schema, dropped after `fn`. */
async function withSchema(fn: (schema: string) => Promise<void>) {
  const schema = `inst_${crypto.randomUUID().slice(0, 8)}`;
  try {
    await fn(schema);
  } finally {
    const sql = postgres(DB, { onnotice: () => {} });
    await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
    await sql.end();
  }
}

const State = z.object({ done: z.boolean() });

/** One effect through `once`, then done. `effect` sees who ran it and whether it resumed. */
function effectJob(
  effect: (jobId: string, resumed: boolean) => Promise<void>,
): JobDefinition<z.infer<typeof State>> {
  return {
    kind: "test",
    state: State,
    plan: () => Promise.resolve({ done: false }),
    async step(state, ctx) {
      if (state.done) {
        return { kind: "done", state, report: { title: "ok", status: "success", summary: "ok" } };
      }
      await ctx.once("effect", ({ resumed }) => effect(ctx.jobId, resumed));
      return { kind: "continue", state: { done: true } };
    },
    progress: (state) => ({
      progress: { done: state.done ? 1 : 0, total: 1, note: state.done ? "1 of 1" : "0 of 1" },
      report: { title: "working", status: "running", summary: "…" },
    }),
    cancel: (state) =>
      Promise.resolve({ state, report: { title: "x", status: "neutral", summary: "x" } }),
  };
}

/** A runner named `name` on its own connection to `schema`. */
async function instance(
  name: string,
  schema: string,
  def: JobDefinition<z.infer<typeof State>>,
  finals: string[],
  tuning: { store?: PostgresStoreOptions; stepLeaseMs?: number } = {},
) {
  const store = await openPostgresStore(DB, { schema, pollMs: 20, ...tuning.store });
  const log = memoryLogger();
  const now = () => new Date();
  const runner = createJobRunner({
    store,
    log,
    now,
    newId: randomId,
    provider: localProvider("."),
    definitions: [def],
    saveReport: (input) => saveReport(store, input, { newId: randomId, now }),
    deliver: (_reply, report, phase) => {
      if (phase === "final") finals.push(`${name}:${report.summary}`);
      return Promise.resolve();
    },
    maxWaitMs: 20,
    instanceId: name,
    sharedStore: true,
    stepLeaseMs: tuning.stepLeaseMs,
  });
  return { name, store, runner, log: log.entries };
}

Deno.test("instances: two runners on one database run 200 jobs exactly once", async () => {
  await withSchema(async (schema) => {
    const effects = new Map<string, string[]>();
    const finals: string[] = [];
    const def = (who: string) =>
      effectJob(async (jobId) => {
        await sleep(Math.random() * 3);
        effects.set(jobId, [...(effects.get(jobId) ?? []), who]);
      });
    const a = await instance("a", schema, def("a"), finals);
    const b = await instance("b", schema, def("b"), finals);
    try {
      await Promise.all([a.runner.start(), b.runner.start()]);
      const ids = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const { job } = await (i % 2 ? a : b).runner.submit({ op: "test" }, meta, reply);
          return job.id;
        }),
      );
      for (let i = 0; i < 500 && finals.length < 200; i++) await sleep(20);
      await sleep(300); // room for a duplicate to show up
      assert.equal(finals.length, 200, "one final reply per job");
      assert.deepEqual([...effects.keys()].sort(), [...ids].sort());
      assert.ok([...effects.values()].every((who) => who.length === 1), "each effect once");
      const byA = [...effects.values()].filter((w) => w[0] === "a").length;
      assert.ok(byA > 0 && byA < 200, `both instances worked (a ran ${byA})`);
      for (const id of ids) assert.equal((await a.runner.get(id))?.status, "succeeded");
    } finally {
      await a.store.close();
      await b.store.close();
    }
  });
});

Deno.test("instances: a runner that stops mid-step is taken over once its lease lapses", async () => {
  await withSchema(async (schema) => {
    const effects: string[] = [];
    const finals: string[] = [];
    const { promise: hung, resolve: hangs } = Promise.withResolvers<void>();
    const { promise: release, resolve: unhang } = Promise.withResolvers<void>();
    const tuning = { store: { visibilityTimeoutMs: 200, closeGraceMs: 50 }, stepLeaseMs: 300 };
    const a = await instance(
      "a",
      schema,
      effectJob(async () => {
        hangs();
        await release; // A freezes inside the step, before the effect happens
      }),
      finals,
      tuning,
    );
    const b = await instance(
      "b",
      schema,
      effectJob((jobId, resumed) => {
        effects.push(`${jobId}:${resumed ? "resumed" : "fresh"}`);
        return Promise.resolve();
      }),
      finals,
      tuning,
    );
    try {
      await a.runner.start();
      const { job } = await a.runner.submit({ op: "test" }, meta, reply);
      await hung;
      // B starts while A holds the step: it must not steal live work.
      await b.runner.start();
      await sleep(600);
      assert.deepEqual(effects, [], "a live claim is respected past its lease (renewed)");
      await a.store.close(); // A stops renewing its claim and its queue lease.
      for (let i = 0; i < 250 && finals.length === 0; i++) await sleep(20);
      assert.deepEqual(finals, ["b:ok"]);
      assert.deepEqual(effects, [`${job.id}:resumed`], "B resumed A's step and ran the effect");
      assert.equal((await b.runner.get(job.id))?.status, "succeeded");
      assert.ok(b.log.some((e) => e.msg === "took over a step from a stopped instance"));
    } finally {
      unhang();
      await a.store.close();
      await b.store.close();
    }
  });
});

/** Signals a child unless it already ended, and waits for it. */
async function stop(child: Deno.ChildProcess, signal: Deno.Signal) {
  try {
    child.kill(signal);
  } catch {
    // Already ended.
  }
  await child.status;
}

Deno.test("instances: two service processes, one killed mid-job → the other finishes", async () => {
  await withSchema(async (schema) => {
    // 50× sim time: the 5-minute runs take about 6 s, longer than dispatching all of them.
    await using github = await simWithApp({ timeScale: 50 });
    const slack = await startSlackSim();
    const dir = await Deno.makeTempDir();
    const SECRET = "instances-signing-secret";
    const USER = "U2147483697";
    try {
      const policy = `${dir}/policy.yml`;
      await Deno.writeTextFile(
        policy,
        `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${USER}"]\n`,
      );
      const url = new URL(DB);
      url.searchParams.set("schema", schema);
      const env = {
        DATABASE_URL: url.href,
        POLICY_FILE: policy,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.apiUrl,
        GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        LOG_LEVEL: "info",
      };
      const [first, second] = await Promise.all([startProcess(env), startProcess(env)]);
      try {
        assert.match(first.startLog, /PostgreSQL at 127\.0\.0\.1:5432\/test \(schema inst_/);
        // Python 3.12 fails in the simulator: each job ends "1 of 2 passed", told apart by the other.
        const versions = ["3.10", "3.11", "3.13"];
        for (const [i, v] of versions.entries()) {
          const body = slashCommandBody({
            command: "/ci-test",
            text: `test repo:acme/app workflow:ci.yml matrix:python-version=${v},3.12`,
            user_id: USER,
            response_url: slack.responseUrl(`job${i}`),
          });
          const headers = await signSlackRequest(SECRET, body, Math.floor(Date.now() / 1000));
          headers.set("content-type", "application/x-www-form-urlencoded");
          const port = i % 2 ? second.port : first.port;
          const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, {
            method: "POST",
            headers,
            body,
          });
          assert.equal(ack.status, 200);
          await ack.body?.cancel();
        }
        const isFinal = (v: string) => (c: { body: unknown }) => {
          const text = JSON.stringify(c.body);
          return /1 of 2 scenarios passed, 1 failed/.test(text) &&
            text.includes(`python-version=${v}`);
        };
        const deadline = Date.now() + 20_000;
        while (github.state.dispatches.length < 6 && Date.now() < deadline) await sleep(50);
        assert.equal(github.state.dispatches.length, 6);
        await sleep(300); // let the dispatching step record its result
        await stop(first.child, "SIGKILL");
        const unfinished = versions.filter((v) => !slack.calls.some(isFinal(v)));
        assert.ok(unfinished.length > 0, "killed while jobs were still running");

        for (const v of versions) await slack.waitFor(isFinal(v), 45_000);
        await sleep(1_500); // give a duplicate every chance to show up
        for (const v of versions) {
          assert.equal(slack.calls.filter(isFinal(v)).length, 1, `one final for ${v}`);
        }
        assert.equal(github.state.dispatches.length, 6, "nothing dispatched twice");
        const dispatched = github.state.dispatches.map((d) => d.inputs["python-version"]).sort();
        assert.deepEqual(dispatched, ["3.10", "3.11", "3.12", "3.12", "3.12", "3.13"]);
      } finally {
        await stop(first.child, "SIGKILL");
        await stop(second.child, "SIGTERM");
      }
    } finally {
      await slack.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
});
