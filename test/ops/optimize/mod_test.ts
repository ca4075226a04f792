import assert from "node:assert/strict";
import { loadChecker as createLinter } from "../../../src/workflow/actionlint/checker.ts";
import { runCli } from "../../../src/cli.ts";
import type { JobHistory, RepoHistory, WorkflowHistory } from "../../../src/ops/history/model.ts";
import { suggest, suggestionId } from "../../../src/ops/optimize/suggest.ts";
import { validatePatch } from "../../../src/ops/pull_requests/validate.ts";
import { authorize, changesState } from "../../../src/policy/authorize.ts";
import { lintFile } from "../../../src/workflow/lint.ts";
import { parse } from "yaml";

const WF = `name: CI
on:
  push:
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install
        run: npm ci
      - run: npm test
  lint:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@v4
      - run: echo lint
`;

const job = (name: string, runs: number, medianMs: number, p90Ms: number): JobHistory => ({
  name,
  runs,
  failures: 0,
  medianMs,
  p90Ms,
  queueMedianMs: 5_000,
  os: "linux",
  selfHosted: false,
  billableMinutes: 0,
  flaky: false,
  flakyEvidence: [],
});

function history(): RepoHistory {
  const wf: WorkflowHistory = {
    workflow: ".github/workflows/ci.yml",
    name: "CI",
    runsSampled: 40,
    window: { from: "2026-10-25T00:00:00Z", to: "2026-11-24T00:00:00Z" },
    successRate: { estimate: 1, lower: 0.9, upper: 1, confidence: 0.95 },
    trend: { recent: 1, previous: 1 },
    durationMedianMs: 300_000,
    durationP90Ms: 360_000,
    queueMedianMs: 5_000,
    jobs: [job("test", 40, 240_000, 390_000), job("lint", 40, 60_000, 70_000)],
    slowestSteps: [
      { job: "test", step: "Install", runs: 40, medianMs: 74_000, p90Ms: 90_000 },
      { job: "test", step: "Run actions/checkout@v4", runs: 40, medianMs: 30_000, p90Ms: 40_000 },
      { job: "test", step: "Run npm test", runs: 40, medianMs: 120_000, p90Ms: 150_000 },
    ],
    failingSteps: [],
    billableMinutes: 0,
    runsPerWeek: 20,
    durations: [],
  };
  return {
    repo: "acme/app",
    workflows: [wf],
    sampled: "the last 40 completed runs of 1 workflow, 30 days",
    apiCalls: { requests: 3, rateLimited: 3, notModified: 0 },
  };
}

const files = [{ path: ".github/workflows/ci.yml", content: WF }];

Deno.test("summaries without run traces: step times are stated, nothing is estimated or patched blind", () => {
  const list = suggest({ files, history: history(), rootFiles: new Set(["package-lock.json"]) });
  const byRule = Object.fromEntries(list.map((s) => [s.ruleId, s]));
  const cache = byRule["setup-without-cache"];
  assert.equal(cache.estimate.minutesPerWeek, 0);
  assert.equal(cache.estimate.measured, false);
  assert.match(
    cache.estimate.assumption,
    /^not estimated: `Install` takes a median 74 s in job `test` over 40 runs; the share a dependency cache removes/,
  );
  assert.ok(cache.patched, "the cache patch itself is still offered");
  assert.match(
    byRule["unneeded-fetch-depth"].estimate.assumption,
    /^not estimated: `Run actions\/checkout@v4` takes a median 30 s/,
  );
  assert.match(
    byRule["missing-concurrency"].estimate.assumption,
    /^not estimated: no run history to count superseded runs from/,
  );
  // No per-run durations: no p99, so no timeout value and no patch.
  const timeout = byRule["missing-timeout"];
  assert.equal(timeout.patched, undefined);
  assert.match(timeout.problems.join(), /no run history for this job/);
  for (const s of list) {
    assert.equal(s.estimate.minutesPerWeek, 0, s.id);
    assert.doesNotMatch(s.estimate.assumption, /assum/, s.id);
  }
  for (const s of list.filter((s) => s.edits)) assert.deepEqual(s.problems, [], s.id);
});

Deno.test("without history nothing is estimated, and ids are stable across runs", () => {
  const a = suggest({ files, rootFiles: "unknown" });
  const b = suggest({ files, history: history(), rootFiles: "unknown" });
  assert.deepEqual(a.map((s) => s.id).sort(), b.map((s) => s.id).sort());
  assert.ok(a.every((s) => /^s[0-9a-z]{5}$/.test(s.id)));
  assert.equal(new Set(a.map((s) => s.id)).size, a.length);
  const cache = a.find((s) => s.ruleId === "setup-without-cache")!;
  assert.equal(cache.estimate.measured, false);
  assert.equal(cache.estimate.minutesPerWeek, 0);
  assert.match(cache.estimate.assumption, /^not estimated: no measured install step/);
  assert.match(cache.estimate.assumption, /assumes the repository has package-lock\.json/);
  assert.equal(suggestionId(cache.finding), cache.id);
});

Deno.test("a cache the repository cannot support is not offered as a patch", () => {
  const list = suggest({ files, rootFiles: new Set(["yarn.lock"]) });
  const cache = list.find((s) => s.ruleId === "setup-without-cache")!;
  assert.match(cache.title, /Cache yarn dependencies/);
  const none = suggest({ files, rootFiles: new Set<string>() });
  const blocked = none.find((s) => s.ruleId === "setup-without-cache")!;
  assert.match(blocked.problems.join(), /no package-lock\.json or npm-shrinkwrap\.json/);
});

const CORPUS = "/work/shared/corpus/github";
const CORPUS_FILES = [
  "expressjs__express__.github__workflows__ci.yml",
  "psf__requests__.github__workflows__run-tests.yml",
  "eslint__eslint__.github__workflows__ci.yml",
  "BurntSushi__ripgrep__.github__workflows__ci.yml",
  "babel__babel__.github__workflows__ci.yml",
  "cli__cli__.github__workflows__go.yml",
  "vitejs__vite__.github__workflows__ci.yml",
  "vuejs__core__.github__workflows__test.yml",
];

Deno.test("corpus: every patch parses, fixes its finding, adds none, and actionlint accepts it", async () => {
  const actionlint = await createLinter();
  let checked = 0;
  for (const name of CORPUS_FILES) {
    const content = await Deno.readTextFile(`${CORPUS}/${name}`);
    const list = suggest({ files: [{ path: name, content }], rootFiles: "unknown", actionlint });
    for (const s of list.filter((s) => s.patched)) {
      assert.deepEqual(s.problems, [], `${name} ${s.id}`);
      assert.doesNotThrow(() => parse(s.patched!), `${name} ${s.id} parses`);
      const after = lintFile({ path: name, content: s.patched! }).findings;
      assert.ok(
        !after.some((f) =>
          f.ruleId === s.ruleId && f.job === s.job && f.message === s.finding.message
        ),
        `${name} ${s.id} fixed`,
      );
      const errors = actionlint(s.patched!, name).filter((e) => e.kind !== "runner-label");
      const before = actionlint(content, name).filter((e) => e.kind !== "runner-label");
      assert.ok(errors.length <= before.length, `${name} ${s.id}: ${JSON.stringify(errors)}`);
      checked++;
    }
  }
  // Without history no timeout patch is offered: caches, checkout depth and PR concurrency.
  assert.ok(checked >= 12, `checked ${checked} patches`);
});

Deno.test("validatePatch names what a bad patch breaks", async () => {
  const actionlint = await createLinter();
  const finding = lintFile({ path: "ci.yml", content: WF }).findings
    .find((f) => f.ruleId === "missing-timeout")!;
  const broken = WF.replace("runs-on: ubuntu-latest\n    steps", "runs-on: [\n    steps");
  assert.match(
    validatePatch({ path: "ci.yml", before: WF, after: broken, fixed: [finding] })[0],
    /does not parse/,
  );
  const unchanged = validatePatch({ path: "ci.yml", before: WF, after: WF, fixed: [finding] });
  assert.match(unchanged.join(), /still reported by missing-timeout/);
  const bad = WF.replace("run: echo lint", "run: echo ${{ nope.x }}");
  const problems = validatePatch({ path: "ci.yml", before: WF, after: bad, fixed: [], actionlint });
  assert.match(problems.join(), /actionlint \(expression\) at line \d+: undefined variable "nope"/);
});

Deno.test("policy: optimize apply needs admin; only the confirmed apply is audited", () => {
  const who = { surface: "slack" as const, userId: "U1" };
  const policy = null;
  assert.equal(authorize(policy, who, { op: "optimize", repo: "acme/app" }).allowed, true);
  const previewIntent = {
    op: "optimize" as const,
    repo: "acme/app",
    apply: { step: "preview" as const, ids: ["s1"] },
  };
  const preview = authorize(policy, who, previewIntent);
  assert.equal(preview.allowed, false);
  assert.equal(preview.required, "admin");
  const confirmed = {
    op: "optimize" as const,
    repo: "acme/app",
    apply: { step: "confirm" as const, ids: ["s1"], hash: "abcdef" },
  };
  assert.equal(authorize(policy, who, confirmed).required, "admin");
  assert.equal(changesState(confirmed), true);
  assert.equal(changesState(previewIntent), false);
  // A target is never an apply step, whatever it says.
  assert.equal(changesState({ op: "optimize", repo: "acme/app", target: "build" }), false);
});

Deno.test("cli run optimize --dir works on local files with no token", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${CORPUS}/${CORPUS_FILES[0]}`, `${dir}/ci.yml`);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(["run", "optimize", "--dir", dir], {
      out: (l) => stdout.push(l),
      err: (l) => stderr.push(l),
      readStdin: async function* () {},
      env: {},
    });
    const md = stdout.join("\n");
    assert.equal(code, 0, stderr.join("\n"));
    assert.match(md, /# ⚠️ Optimize /);
    assert.match(md, /\d+ suggestions, ~0 runner min\/week measured over 0 suggestions/);
    assert.match(md, /nothing measured \(no run history\): savings not estimated/);
    assert.match(md, /\| Id \| What \| Where \| Saving\/week \| Assumption \|/);
    assert.match(md, /```diff\n--- a\/ci\.yml\n\+\+\+ b\/ci\.yml/);
    assert.match(md, /\+ {10}cache: npm/);
    assert.match(md, /Local files: copy the diffs/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
