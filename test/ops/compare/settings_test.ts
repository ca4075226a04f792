import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import { compare } from "../../../src/ops/compare/mod.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { type ReportInput, ReportSchema } from "../../../src/report/model.ts";
import { runInput, withSim, WORKFLOW } from "./sim_runs.ts";

const SETTINGS = ".github/ci-orchestrator.yml";
const WORKFLOWS = {
  ".github/workflows/ci.yml": WORKFLOW("CI"),
  ".github/workflows/ci-fast.yml": WORKFLOW("CI fast"),
};

// 10 runs each: the baseline's test job 300 s ± 2 s, the candidate's 30 s longer. 5 % of the
// baseline median is 15 s and its spread a few seconds, so +30 s is meaningful by default.
function seedPlus30(add: (input: ReturnType<typeof runInput>) => void, branches = false) {
  for (let i = 0; i < 10; i++) {
    const jitter = (i % 5) - 2;
    const [base, cand] = branches
      ? [{ wf: "ci.yml", branch: "main" }, { wf: "ci.yml", branch: "faster-ci" }]
      : [{ wf: "ci.yml", branch: "main" }, { wf: "ci-fast.yml", branch: "main" }];
    add(runInput(base.wf, 2 + i * 6, { test: 300 + jitter }, { branch: base.branch }));
    add(runInput(cand.wf, 5 + i * 6, { test: 330 + jitter }, { branch: cand.branch }));
  }
}

const run = async (ctx: OpContext, fields: Record<string, unknown>) =>
  ReportSchema.parse(await compare({ op: "compare", ...fields } as never, ctx) as ReportInput);

const fieldsOf = (r: ReportInput) => Object.fromEntries(r.fields!.map((f) => [f.label, f.value]));
const method = (r: ReportInput) => r.sections!.find((s) => s.title === "Method")!.markdown;

Deno.test("compare settings: by default a +30 s change of a 5-minute workflow is meaningful", async () => {
  await using env = await withSim((add) => seedPlus30(add), WORKFLOWS);
  const r = await run(env.ctx, { baseline: "ci.yml", candidate: "ci-fast.yml" });
  assert.equal(r.status, "failure");
  assert.match(r.summary, /^ci-fast\.yml is 10% slower than ci\.yml: \+30s, p < 0\.001/);
  assert.doesNotMatch(r.summary, /small/);
  const fields = fieldsOf(r);
  assert.equal(fields["Verdict"], "Slower");
  // 5 % of the 300 s median: larger than the spread and the 1 s floor.
  assert.equal(fields["Practical threshold"], "15s");
  assert.match(
    method(r),
    /and 1\.0s \(an absolute floor\); here .*: 15s\. The floor and the share of the median are the defaults: there is no compare section in acme\/app \.github\/ci-orchestrator\.yml on the default branch/,
  );
});

Deno.test("compare settings: min-effect: 1m turns the same +30 s change into a small one", async () => {
  await using env = await withSim((add) => seedPlus30(add), {
    ...WORKFLOWS,
    [SETTINGS]: "presets:\n  quick: { os: [ubuntu-latest] }\ncompare:\n  min-effect: 1m\n",
  });
  const r = await run(env.ctx, { baseline: "ci.yml", candidate: "ci-fast.yml" });
  assert.equal(r.status, "warning");
  assert.match(
    r.summary,
    /^ci-fast\.yml is 10% slower than ci\.yml, a small change: \+30s, p < 0\.001 .*; within the practical threshold of 1m \(the absolute floor\)\.$/,
  );
  const fields = fieldsOf(r);
  assert.equal(fields["Verdict"], "Slower, small change");
  assert.equal(fields["Practical threshold"], "1m");
  assert.match(
    method(r),
    /5% of the baseline median .* and 1m \(an absolute floor\); .*The floor and the share of the median are set in the compare section of acme\/app \.github\/ci-orchestrator\.yml on the default branch/,
  );
  // The settings file was read once, on the default branch (no ref given).
  const reads = env.sim.requests.filter((q) =>
    q.path.endsWith("/contents/.github/ci-orchestrator.yml")
  );
  assert.equal(reads.length, 1);
  assert.equal(reads[0].query.ref, undefined);
});

Deno.test("compare settings: relative: 20% sets the threshold from the median", async () => {
  await using env = await withSim((add) => seedPlus30(add), {
    ...WORKFLOWS,
    [SETTINGS]: "compare:\n  relative: 20%\n",
  });
  const r = await run(env.ctx, { baseline: "ci.yml", candidate: "ci-fast.yml" });
  // 20 % of the 300 s median is 60 s: +30 s is small.
  assert.equal(fieldsOf(r)["Practical threshold"], "1m");
  assert.equal(fieldsOf(r)["Verdict"], "Slower, small change");
  assert.match(method(r), /20% of the baseline median/);
});

Deno.test("compare settings: two branches read the settings at the baseline's branch", async () => {
  await using env = await withSim((add) => seedPlus30(add, true), {
    ".github/workflows/ci.yml": WORKFLOW("CI"),
  });
  // Only the candidate branch raises the floor: it must not judge its own change.
  env.sim.state.repo("acme/app")!.branches.get("faster-ci")!.files.set(
    SETTINGS,
    "compare:\n  min-effect: 1m\n",
  );
  const r = await run(env.ctx, { baseline: "main", candidate: "faster-ci" });
  assert.equal(fieldsOf(r)["Verdict"], "Slower");
  assert.match(method(r), /no compare section in acme\/app \.github\/ci-orchestrator\.yml at main/);
  const reads = env.sim.requests.filter((q) =>
    q.path.endsWith("/contents/.github/ci-orchestrator.yml")
  );
  assert.deepEqual(reads.map((q) => q.query.ref), ["main"]);
});

Deno.test("compare settings: a wrong compare section stops compare, naming key and line", async () => {
  await using env = await withSim((add) => seedPlus30(add), {
    ...WORKFLOWS,
    [SETTINGS]: "compare:\n  min-effect: 5\n  relative: 5%\n",
  });
  await assert.rejects(run(env.ctx, { baseline: "ci.yml", candidate: "ci-fast.yml" }), (e) => {
    assert.ok(e instanceof CiError);
    assert.equal(e.code, "config");
    assert.match(e.message, /compare settings of acme\/app \.github\/ci-orchestrator\.yml/);
    assert.match(e.message, /compare\.min-effect \(line 2\): write a duration with its unit/);
    assert.match(e.hint ?? "", /min-effect .* relative/);
    return true;
  });
});
