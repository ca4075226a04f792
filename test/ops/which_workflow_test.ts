import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import {
  MAX_WORKFLOW_BUTTONS,
  pickWorkflow,
  resolveWorkflow,
  withWorkflow,
} from "../../src/ops/test/mod.ts";
import type { CIProvider } from "../../src/providers/port.ts";
import { ReportSchema } from "../../src/report/model.ts";

const DISPATCH = "on:\n  workflow_dispatch:\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n";
const PUSH = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n";

/**
 * Workflows per branch (`main` when the ref is absent), each `state` active unless listed in
 * `disabled`; records reads.
 */
function provider(
  branches: Record<string, Record<string, string>>,
  disabled: string[] = [],
): CIProvider & { reads: string[] } {
  const reads: string[] = [];
  const nope = () => Promise.reject(new CiError("unsupported", "not in this fake"));
  return {
    name: "memory",
    reads,
    defaultBranch: () => Promise.resolve("main"),
    visibility: () => Promise.resolve("public"),
    listWorkflows: () =>
      Promise.resolve(
        Object.keys(branches.main).map((file, i) => ({
          id: i + 1,
          name: file.replace(".yml", "").toUpperCase(),
          path: `.github/workflows/${file}`,
          state: disabled.includes(file) ? "disabled_manually" : "active",
        })),
      ),
    readFile: (_repo, path, ref) => {
      reads.push(`${ref ?? "main"}:${path}`);
      const content = branches[ref ?? "main"]?.[path.split("/").pop()!];
      return Promise.resolve(content === undefined ? null : { path, content });
    },
    listRuns: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    listArtifacts: () => Promise.resolve([]),
    getRun: nope,
    jobLogTail: nope,
    dispatch: nope,
    cancelRun: nope,
    rerunRun: nope,
    openPullRequest: nope,
    usage: () => ({ requests: 0, rateLimited: 0, notModified: 0 }),
  };
}

const MONO = { main: { "ci.yml": DISPATCH, "e2e.yml": DISPATCH, "lint.yml": PUSH } };

Deno.test("two dispatchable workflows and one push-only: a question with two buttons", async () => {
  const ready = await withWorkflow({ op: "test", repo: "acme/mono", runs: 2 }, provider(MONO));
  assert.ok("question" in ready, "a question, not a run");
  const report = ReportSchema.parse(ready.question);
  assert.equal(report.title, "Which workflow?");
  assert.equal(report.status, "neutral");
  assert.deepEqual(report.actions.map((a) => a.intent), [
    { op: "test", repo: "acme/mono", runs: 2, workflow: "ci.yml" },
    { op: "test", repo: "acme/mono", runs: 2, workflow: "e2e.yml" },
  ]);
  assert.deepEqual(report.actions.map((a) => a.label), ["ci.yml", "e2e.yml"]);
  assert.match(report.summary, /Nothing has run yet/);
  assert.match(report.summary, /Not offered[^.]*`on: workflow_dispatch`[^.]*: `lint\.yml`/);
  // Text surfaces (no buttons) get the exact commands to type.
  assert.deepEqual(report.tables[0].rows.map((r) => r[2]), [
    "`test repo:acme/mono workflow:ci.yml runs:2`",
    "`test repo:acme/mono workflow:e2e.yml runs:2`",
  ]);
});

Deno.test("the repository comes from the service default when the intent names none", async () => {
  const ready = await withWorkflow({ op: "test" }, provider(MONO), "acme/mono");
  assert.ok("question" in ready);
  assert.equal(ready.question.actions?.[0].intent.repo, "acme/mono");
});

Deno.test("one dispatchable workflow among several is used without asking", async () => {
  const p = provider({ main: { "ci.yml": DISPATCH, "lint.yml": PUSH } });
  assert.deepEqual(await withWorkflow({ op: "test", repo: "acme/web" }, p), {
    intent: { op: "test", repo: "acme/web", workflow: "ci.yml" },
  });
  assert.equal(await resolveWorkflow(p, "acme/web", undefined), ".github/workflows/ci.yml");
});

Deno.test("a single workflow is used as is, without reading it", async () => {
  const p = provider({ main: { "ci.yml": PUSH } });
  assert.deepEqual(await pickWorkflow(p, "acme/one"), {
    kind: "chosen",
    path: ".github/workflows/ci.yml",
  });
  assert.deepEqual(p.reads, []);
});

Deno.test("dispatchability is read at the requested branch; disabled workflows are left out", async () => {
  const p = provider({
    main: { "ci.yml": DISPATCH, "e2e.yml": DISPATCH, "nightly.yml": DISPATCH },
    "fix/flaky-login": { "ci.yml": PUSH, "e2e.yml": DISPATCH, "nightly.yml": DISPATCH },
  }, ["nightly.yml"]);
  const pick = await pickWorkflow(p, "acme/web", "fix/flaky-login");
  assert.deepEqual(pick, { kind: "chosen", path: ".github/workflows/e2e.yml" });
  assert.deepEqual(p.reads.sort(), [
    "fix/flaky-login:.github/workflows/ci.yml",
    "fix/flaky-login:.github/workflows/e2e.yml",
  ]);
});

Deno.test("no dispatchable workflow: an error naming what to add; no workflow at all: not_found", async () => {
  const none = provider({ main: { "lint.yml": PUSH, "broken.yml": "on: [" } });
  await assert.rejects(
    () => withWorkflow({ op: "test", repo: "acme/x" }, none),
    (e: unknown) =>
      e instanceof CiError && e.code === "bad_request" &&
      /None of the 2 workflows of acme\/x can be dispatched: lint\.yml, broken\.yml/.test(
        e.message,
      ) && /on: workflow_dispatch/.test(e.hint ?? ""),
  );
  await assert.rejects(
    () => pickWorkflow(provider({ main: {} }), "acme/empty"),
    (e: unknown) => e instanceof CiError && e.code === "not_found",
  );
});

Deno.test("more than five choices: five buttons, all listed, the text says how to type the rest", async () => {
  const files = Object.fromEntries(
    ["a", "b", "c", "d", "e", "f", "g"].map((n) => [`${n}.yml`, DISPATCH]),
  );
  const ready = await withWorkflow({ op: "test", repo: "acme/many" }, provider({ main: files }));
  assert.ok("question" in ready);
  const report = ReportSchema.parse(ready.question);
  assert.equal(report.actions.length, MAX_WORKFLOW_BUTTONS);
  assert.equal(report.tables[0].rows.length, 7);
  assert.match(report.summary, /Only the first 5 are buttons[^.]*`workflow:NAME`/);
});

Deno.test("named workflows, other ops and re-runs pass through without a read", async () => {
  const p = provider(MONO);
  for (
    const intent of [
      { op: "test", repo: "acme/mono", workflow: "e2e.yml" },
      { op: "analyze", repo: "acme/mono" },
      { op: "test", repo: "acme/mono", target: "rerun:12" },
      { op: "test" },
    ] as const
  ) {
    assert.deepEqual(await withWorkflow(intent, p), { intent });
  }
  assert.deepEqual(p.reads, []);
});

Deno.test("without the executor's question, the plan still refuses an ambiguous test", async () => {
  await assert.rejects(
    () => resolveWorkflow(provider(MONO), "acme/mono", undefined),
    /Which workflow\? acme\/mono has 2 that can be dispatched: ci\.yml, e2e\.yml/,
  );
});
