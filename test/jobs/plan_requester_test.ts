/** The runner hands the requester to planning (the `login` job links that person). */
import assert from "node:assert/strict";
import { z } from "zod";
import { randomId } from "../../src/ids.ts";
import type { JobDefinition, PlanContext } from "../../src/jobs/definition.ts";
import { createJobRunner } from "../../src/jobs/runner.ts";
import { memoryLogger } from "../../src/log.ts";
import { localProvider } from "../../src/providers/local.ts";
import { saveReport } from "../../src/report/store.ts";
import { openKvStore } from "../../src/store/kv.ts";

Deno.test("jobs: submit passes the request metadata to plan as the requester", async () => {
  const store = await openKvStore(":memory:");
  const now = () => new Date();
  const seen: PlanContext["requester"][] = [];
  const def: JobDefinition<{ n: number }> = {
    kind: "login",
    state: z.object({ n: z.number() }),
    plan: (_intent, ctx) => {
      seen.push(ctx.requester);
      return Promise.resolve({ n: 0 });
    },
    step: (state) =>
      Promise.resolve({
        kind: "done",
        state,
        report: { title: "t", status: "success", summary: "s" },
      }),
    progress: () => ({
      progress: { done: 0, total: 1, note: "n" },
      report: { title: "t", status: "running", summary: "s" },
    }),
    cancel: (state) =>
      Promise.resolve({ state, report: { title: "c", status: "neutral", summary: "c" } }),
  };
  const runner = createJobRunner({
    store,
    log: memoryLogger(),
    now,
    newId: randomId,
    provider: localProvider("."),
    definitions: [def],
    saveReport: (input) => saveReport(store, input, { newId: randomId, now }),
    deliver: () => Promise.resolve(),
  });
  try {
    const meta = {
      surface: "slack",
      requestId: "r-1",
      userId: "U0ALICE",
      teamId: "T0ACME",
    } as const;
    await runner.submit({ op: "login" }, meta);
    assert.deepEqual(seen, [meta]);
  } finally {
    await store.close();
  }
});
