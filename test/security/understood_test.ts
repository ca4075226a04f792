/**
 * Issue 15: never act on a misreading. On the real service (GitHub simulator), an intent read
 * from plain language that changes state is shown back ("Understood as …") with a Run button and
 * dispatches nothing; only the Run button (the stored intent, run without `understood`) runs it.
 * The exact grammar and read-only plain language run directly. A job id that does not exist is
 * an error, never "your latest job".
 */
import assert from "node:assert/strict";
import { listAudit } from "../../src/policy/audit.ts";
import type { Intent } from "../../src/intent/schema.ts";
import type { RequestMeta } from "../../src/surface.ts";
import { startSecurityEnv } from "./identity_fixtures.ts";

const OPERATOR = "U0OPERATOR";
const VIEWER = "U0VIEWER";
const ADMIN = "U0ADMIN";
const POLICY =
  `grants:\n  - repos: ["acme/*"]\n    role: operator\n    users: ["slack:${OPERATOR}"]\n` +
  `  - repos: ["acme/*"]\n    role: viewer\n    users: ["slack:${VIEWER}"]\n` +
  `  - repos: ["acme/*"]\n    role: admin\n    users: ["slack:${ADMIN}"]\n`;
const TEST: Intent = { op: "test", repo: "acme/app", workflow: "ci.yml", ref: "main" };
const NATURAL = { source: "natural", explanation: "run the tests on acme/app" } as const;

const meta = (userId = OPERATOR): RequestMeta => ({
  surface: "slack",
  requestId: crypto.randomUUID(),
  userId,
});

async function waitUntil(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

Deno.test("understood: a plain-language test is shown with Run and dispatches nothing; Run dispatches once", async () => {
  await using env = await startSecurityEnv({}, POLICY);
  const execute = env.service.deps.execute;
  const shown = await execute(TEST, meta(), undefined, { understood: NATURAL });
  assert.equal(shown.title, "Understood as: test repo:acme/app workflow:ci.yml ref:main");
  assert.equal(shown.status, "neutral");
  assert.match(shown.summary, /plain language/);
  assert.match(shown.summary, /Nothing has run yet/);
  assert.deepEqual(shown.actions.map((a) => [a.label, a.style, a.kind]), [
    ["Run", "primary", "run"],
    ["Edit", "default", "edit"],
    ["Dismiss", "default", "dismiss"],
  ]);
  assert.deepEqual(shown.actions[0].intent, TEST);
  assert.ok(shown.fields.some((f) => f.label === "ref" && f.value === "main"));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(env.github.state.dispatches.length, 0, "nothing dispatched before Run");
  // Nothing changed, so nothing is audited; the offer is logged.
  assert.equal((await listAudit(env.service.deps.store, { repo: "acme/app" })).length, 0);

  // Run: the stored intent, as the presser, without `understood`.
  const run = await execute(shown.actions[0].intent, meta());
  assert.equal(run.status, "running");
  await waitUntil(() => env.github.state.dispatches.length >= 1);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(env.github.state.dispatches.length, 1, "exactly one dispatch");
});

Deno.test("understood: the exact grammar runs directly; plain-language read-only ops run directly", async () => {
  await using env = await startSecurityEnv({}, POLICY);
  const execute = env.service.deps.execute;
  const analyzed = await execute({ op: "analyze", repo: "acme/app" }, meta(), undefined, {
    understood: { source: "natural", explanation: "why is CI slow" },
  });
  assert.doesNotMatch(analyzed.title, /Understood as/);
  assert.equal(analyzed.actions.some((a) => a.label === "Run"), false);
  const direct = await execute(TEST, meta());
  assert.equal(direct.status, "running");
  await waitUntil(() => env.github.state.dispatches.length >= 1);
  assert.equal(env.github.state.dispatches.length, 1);
});

Deno.test("understood: Run is never offered to someone who may not run it", async () => {
  await using env = await startSecurityEnv({}, POLICY);
  await assert.rejects(
    env.service.deps.execute(TEST, meta(VIEWER), undefined, { understood: NATURAL }),
    (error: Error & { code?: string }) => error.code === "forbidden",
  );
  assert.equal(env.github.state.dispatches.length, 0);
});

Deno.test("understood: a plain-language apply preview is shown first too", async () => {
  await using env = await startSecurityEnv({}, POLICY);
  const intent: Intent = {
    op: "optimize",
    repo: "acme/app",
    apply: { step: "preview", ids: ["s1"] },
  };
  const shown = await env.service.deps.execute(intent, meta(ADMIN), undefined, {
    understood: NATURAL,
  });
  assert.match(shown.title, /^Understood as: optimize repo:acme\/app apply:s1/);
  assert.deepEqual(shown.actions[0].intent, intent);
});

Deno.test("cancel deadbeef: an unknown job id is not_found and cancels nothing, even with a running job", async () => {
  await using env = await startSecurityEnv({}, POLICY);
  const execute = env.service.deps.execute;
  const started = await execute(TEST, meta());
  assert.equal(started.status, "running");
  await waitUntil(() => env.github.state.dispatches.length >= 1);
  for (const understood of [undefined, NATURAL]) {
    await assert.rejects(
      execute({ op: "cancel", target: "deadbeef" }, meta(), undefined, { understood }),
      (error: Error & { code?: string }) =>
        error.code === "not_found" && /deadbeef/.test(error.message),
    );
  }
  const jobs = await env.service.deps.runner.list("slack", OPERATOR, 10);
  assert.deepEqual(jobs.map((j) => j.status), ["running"], "the running job was not cancelled");
  const audit = await listAudit(env.service.deps.store, { repo: "acme/app" });
  assert.deepEqual(audit.map((a) => a.outcome), ["accepted"]);
});
