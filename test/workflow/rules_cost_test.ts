import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { lintFiles, lintWorkflow } from "../../src/workflow/lint.ts";
import { runsPerDay } from "../../src/workflow/rules/frequent_schedule.ts";
import type { Finding } from "../../src/report/model.ts";

const lint = (content: string, path = ".github/workflows/ci.yml") =>
  lintWorkflow({ path, content });
const only = (content: string, ruleId: string) =>
  lint(content).filter((f: Finding) => f.ruleId === ruleId);
const parses = (patch: string | undefined) => {
  assert.ok(patch);
  assert.deepEqual(parseDocument(patch).errors, []);
};

const wf = (steps: string, head = "on: push\n", job = "") =>
  `${head}permissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n` +
  job + `    steps:\n${steps}`;
const WORK = "      - uses: actions/checkout@v4\n      - run: make test\n";

Deno.test("frequent-schedule states the frequency and the monthly floor in minutes", () => {
  const src = wf(WORK, 'on:\n  schedule:\n    - cron: "0 3 * * *"\n    - cron: "*/5 * * * *"\n');
  const [f] = only(src, "frequent-schedule");
  assert.equal(f.line, 4);
  assert.equal(
    f.message,
    "Cron `*/5 * * * *` runs every 5 minutes: 288 runs a day, at least 8,640 billed minutes a " +
      "month for 1 job",
  );
  parses(f.patch);
  const minute = wf(WORK, 'on:\n  schedule:\n    - cron: "* * * * *"\n');
  assert.match(
    only(minute, "frequent-schedule")[0].message,
    /every minute, which GitHub throttles/,
  );
});

Deno.test("frequent-schedule is quiet at every 15 minutes or less often", () => {
  const src = wf(WORK, 'on:\n  schedule:\n    - cron: "*/15 * * * *"\n    - cron: "0 * * * *"\n');
  assert.deepEqual(only(src, "frequent-schedule"), []);
  assert.equal(runsPerDay("*/5 9-17 * * 1-5"), 108);
  assert.equal(runsPerDay("@daily"), undefined);
});

Deno.test("short-job fires on checkout + echo, with matrix legs in the message", () => {
  const src = wf(
    "      - uses: actions/checkout@v4\n      - run: echo done\n",
    "on: push\n",
    "    strategy:\n      matrix:\n        os: [a, b, c]\n",
  );
  const [f] = only(src, "short-job");
  assert.equal(f.line, 4);
  assert.match(
    f.message,
    /only runs `echo done`: it is billed at least 3 minutes per run \(3 matrix legs\)/,
  );
});

Deno.test("short-job is quiet for real work and for status-gate jobs with needs", () => {
  assert.deepEqual(only(wf(WORK), "short-job"), []);
  const gate = wf("      - run: echo ok\n", "on: push\n", "    needs: [test]\n").replace(
    "jobs:\n",
    "jobs:\n  test:\n    runs-on: x\n    timeout-minutes: 1\n    steps: [{run: make}]\n",
  );
  assert.deepEqual(only(gate, "short-job"), []);
});

const HEAVY =
  "    strategy:\n      matrix:\n        os: [a, b]\n        node: [18, 20, 22, 24, 26]\n";

Deno.test("missing-path-filter fires on a 10-leg pull_request workflow without filters", () => {
  const src = wf(WORK, "on:\n  push:\n    branches: [main]\n  pull_request:\n", HEAVY);
  const [f] = only(src, "missing-path-filter");
  assert.equal(f.line, 4);
  assert.match(f.message, /^Every pull_request starts 10 job runs \(1 job with/);
  parses(f.patch);
});

Deno.test("missing-path-filter is quiet with paths-ignore, change detection, or a light workflow", () => {
  const filtered = wf(WORK, "on:\n  pull_request:\n    paths-ignore: ['**.md']\n", HEAVY);
  assert.deepEqual(only(filtered, "missing-path-filter"), []);
  const detected = wf(WORK + "      - uses: dorny/paths-filter@v3\n", "on: pull_request\n", HEAVY);
  assert.deepEqual(only(detected, "missing-path-filter"), []);
  assert.deepEqual(only(wf(WORK, "on: pull_request\n"), "missing-path-filter"), []);
});

Deno.test("excessive-timeout fires above 360 minutes at the key, not at 360", () => {
  const src = wf(WORK).replace("timeout-minutes: 5", "timeout-minutes: 4320");
  const [f] = only(src, "excessive-timeout");
  assert.equal(f.line, 6);
  assert.match(f.message, /timeout-minutes: 4320 \(72 hours\)/);
  parses(f.patch);
  assert.deepEqual(
    only(wf(WORK).replace("timeout-minutes: 5", "timeout-minutes: 360"), "excessive-timeout"),
    [],
  );
});

Deno.test("continue-on-error fires on a test step and a checking job, not on expressions", () => {
  const step = wf("      - run: npm test\n        continue-on-error: true\n");
  const [f] = only(step, "continue-on-error");
  assert.equal(f.line, 8);
  assert.match(f.message, /Step #1 runs `npm test` with continue-on-error: true/);
  const job = wf(WORK, "on: push\n", "    continue-on-error: true\n");
  assert.match(only(job, "continue-on-error")[0].message, /^Job 'build'/);
  const expr = wf(WORK, "on: push\n", "    continue-on-error: ${{ matrix.experimental }}\n");
  assert.deepEqual(only(expr, "continue-on-error"), []);
  const upload = wf("      - run: ./upload-coverage.sh\n        continue-on-error: true\n");
  assert.deepEqual(only(upload, "continue-on-error"), []);
});

Deno.test("deprecated-runner fires on retired labels, directly or via the matrix", () => {
  const direct = wf(WORK).replace("ubuntu-latest", "ubuntu-20.04");
  const [f] = only(direct, "deprecated-runner");
  assert.equal(f.line, 5);
  assert.equal(f.severity, "error");
  assert.match(f.message, /'ubuntu-20\.04', retired by GitHub on 2025-04-15/);
  assert.equal(f.patch, "runs-on: ubuntu-24.04");
  const viaMatrix = wf(
    WORK,
    "on: push\n",
    "    strategy:\n      matrix:\n        os: [macos-12, ubuntu-24.04]\n",
  )
    .replace("ubuntu-latest", "${{ matrix.os }}");
  const [m] = only(viaMatrix, "deprecated-runner");
  assert.match(m.message, /'macos-12' \(via matrix\.os\)/);
  parses(m.patch);
  assert.deepEqual(only(wf(WORK), "deprecated-runner"), []);
});

Deno.test("outdated-action: node16 majors warn, retired artifact majors are errors", () => {
  const src = wf(
    "      - uses: actions/checkout@v3\n" +
      "      - uses: actions/upload-artifact@1111111111111111111111111111111111111111 # v3.1.0\n" +
      "      - uses: actions/checkout@v4\n      - uses: actions/upload-artifact@v4\n",
  );
  const fs = only(src, "outdated-action");
  assert.deepEqual(fs.map((f) => [f.line, f.severity]).sort(), [[8, "warning"], [9, "error"]]);
  assert.match(fs.find((f) => f.line === 8)!.message, /'actions\/checkout@v3' is major v3/);
  for (const f of fs) parses(f.patch);
});

Deno.test("duplicated-job fires across files through lintFiles, not within one file", () => {
  const steps = "      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n";
  const a = wf(steps);
  const b = wf(steps.replace("npm ci", "npm   ci"), "on: pull_request\n").replace(
    "build:",
    "test:",
  );
  const fs = lintFiles([{ path: "a.yml", content: a }, { path: "b.yml", content: b }])
    .filter((f) => f.ruleId === "duplicated-job");
  assert.deepEqual(fs.map((f) => [f.file, f.line, f.job]), [["a.yml", 4, "build"], [
    "b.yml",
    4,
    "test",
  ]]);
  assert.match(fs[0].message, /repeats the same 3 steps as b\.yml \(job 'test'\)/);
  parses(fs[0].patch);
  const other = b.replace("npm test", "npm run lint");
  assert.deepEqual(
    lintFiles([{ path: "a.yml", content: a }, { path: "b.yml", content: other }])
      .filter((f) => f.ruleId === "duplicated-job"),
    [],
  );
});
