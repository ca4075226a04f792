import assert from "node:assert/strict";
import { CiError } from "../../../src/errors.ts";
import { memoryLogger } from "../../../src/log.ts";
import { analyze } from "../../../src/ops/analyze/mod.ts";
import type { OpContext } from "../../../src/ops/context.ts";
import { githubProvider } from "../../../src/providers/github/provider.ts";
import { localProvider } from "../../../src/providers/local.ts";
import type { CIProvider } from "../../../src/providers/port.ts";
import { ReportSchema } from "../../../src/report/model.ts";
import { startGitHubSim } from "../../sim/github.ts";
import { FLAKY_LOG_LINE, HISTORY_CI, seedHistory } from "../../sim/github_history.ts";

const GOOD = `on: workflow_dispatch
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: make check
`;
const BAD = `on: pull_request
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: some/action@v1
      - run: echo "\${{ github.event.pull_request.title }}"
`;

// An in-memory provider over a map of files that counts reads like an API would.
function memoryProvider(files: Record<string, string>): CIProvider & { reads: string[] } {
  const reads: string[] = [];
  const nope = () => Promise.reject(new CiError("unsupported", "not in this fake"));
  return {
    name: "memory",
    reads,
    defaultBranch: () => Promise.resolve("main"),
    visibility: () => Promise.resolve("public"),
    listArtifacts: () => Promise.resolve([]),
    listWorkflows: () =>
      Promise.resolve(
        Object.keys(files).filter((p) => p.startsWith(".github/workflows/")).map((path, i) => ({
          id: i + 1,
          name: path.split("/").pop()!,
          path,
          state: "active",
        })),
      ),
    readFile: (_repo, path) => {
      reads.push(path);
      return Promise.resolve(path in files ? { path, content: files[path] } : null);
    },
    listRuns: () => Promise.resolve([]),
    listJobs: () => Promise.resolve([]),
    getRun: nope,
    jobLogTail: nope,
    dispatch: nope,
    cancelRun: nope,
    rerunRun: nope,
    openPullRequest: nope,
    usage: () => ({ requests: reads.length + 1, rateLimited: reads.length, notModified: 1 }),
  };
}

const ctx = (provider: CIProvider, defaultRepo?: string): OpContext => ({
  provider,
  defaultRepo,
  log: memoryLogger(),
  now: () => new Date("2026-11-24T00:00:00Z"),
});

Deno.test("analyze reports findings, counts, per-workflow and per-rule tables", async () => {
  const provider = memoryProvider({
    ".github/workflows/good.yml": GOOD,
    ".github/workflows/bad.yml": BAD,
    // Every finding, pedantic ones (timeouts, concurrency) included.
    ".github/ci-orchestrator.yml": "analyze:\n  level: pedantic\n",
  });
  const report = ReportSchema.parse(
    await analyze({ op: "analyze", repo: "acme/app" }, ctx(provider)),
  );
  assert.equal(report.title, "Analyze acme/app");
  assert.equal(report.status, "failure");
  assert.deepEqual(
    report.findings.map((f) => [f.severity, f.ruleId, f.line]),
    [
      ["error", "script-injection", 7],
      ["warning", "permissions", 1],
      ["warning", "missing-timeout", 3],
      ["warning", "unpinned-action", 6],
      ["notice", "missing-concurrency", 1],
    ],
  );
  assert.match(
    report.summary,
    /5 findings in 2 files of acme\/app \(1 error, 3 warnings, 1 notice\)/,
  );
  assert.deepEqual(report.fields.map((f) => [f.label, f.value]), [
    ["Workflows analysed", "2"],
    ["Findings", "1 error, 3 warnings, 1 notice"],
    ["API calls", "3"],
  ]);
  assert.deepEqual(report.tables[0].rows, [
    [".github/workflows/bad.yml", "1", "1", "3", "1"],
    [".github/workflows/good.yml", "1", "0", "0", "0"],
  ]);
  assert.deepEqual(report.tables[1].rows.map((r) => [r[0], r[2]]), [
    ["script-injection", "1"],
    ["permissions", "1"],
    ["unpinned-action", "1"],
    ["missing-timeout", "1"],
    ["missing-concurrency", "1"],
  ]);
});

Deno.test("analyze with no findings is a success with a clear summary", async () => {
  const provider = memoryProvider({ ".github/workflows/good.yml": GOOD });
  const report = await analyze({ op: "analyze" }, ctx(provider, "acme/app"));
  assert.equal(report.status, "success");
  assert.equal(report.summary, "No findings in 1 file of acme/app: every rule passed.");
  assert.deepEqual(report.findings, []);
});

Deno.test("analyze picks one workflow by file name or path", async () => {
  const provider = memoryProvider({
    ".github/workflows/good.yml": GOOD,
    ".github/workflows/bad.yml": BAD,
  });
  for (
    const workflow of ["good.yml", ".github/workflows/good.yml", "./.github/workflows/good.yml"]
  ) {
    provider.reads.length = 0;
    const report = await analyze({ op: "analyze", repo: "acme/app", workflow }, ctx(provider));
    assert.deepEqual(report.tables?.[0].rows.map((r) => r[0]), [".github/workflows/good.yml"]);
    assert.deepEqual(provider.reads, [".github/ci-orchestrator.yml", ".github/workflows/good.yml"]);
  }
});

Deno.test("an unknown workflow is not_found listing the available ones", async () => {
  const provider = memoryProvider({ ".github/workflows/good.yml": GOOD });
  await assert.rejects(
    analyze({ op: "analyze", repo: "acme/app", workflow: "nope.yml" }, ctx(provider)),
    (e) =>
      e instanceof CiError && e.code === "not_found" && /'nope.yml'/.test(e.message) &&
      /\.github\/workflows\/good\.yml/.test(e.hint!),
  );
});

Deno.test("no repository at all is a bad_request with a hint", async () => {
  await assert.rejects(
    analyze({ op: "analyze" }, ctx(memoryProvider({}))),
    (e) => e instanceof CiError && e.code === "bad_request" && /repo:/.test(e.hint!),
  );
});

Deno.test("analyze follows local composite actions and reports syntax errors as findings", async () => {
  const dir = await Deno.makeTempDir({ prefix: "analyze-" });
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.mkdir(`${dir}/.github/actions/setup`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/.github/workflows/ci.yml`,
      GOOD.replace("      - run: make check\n", "      - uses: ./.github/actions/setup\n"),
    );
    await Deno.writeTextFile(`${dir}/.github/workflows/broken.yml`, "on: push\njobs: [\n");
    await Deno.writeTextFile(
      `${dir}/.github/actions/setup/action.yml`,
      "name: setup\nruns:\n  using: composite\n  steps:\n    - shell: bash\n" +
        '      run: echo "::set-env name=A::1"\n',
    );
    const report = await analyze({ op: "analyze" }, ctx(localProvider(dir), "local/repo"));
    assert.deepEqual(report.tables?.[0].rows.map((r) => [r[0], r[1]]), [
      [".github/workflows/broken.yml", "—"],
      [".github/workflows/ci.yml", "1"],
      [".github/actions/setup/action.yml", "—"],
    ]);
    assert.deepEqual(report.findings?.map((f) => [f.ruleId, f.file, f.line]), [
      ["yaml-syntax", ".github/workflows/broken.yml", 3],
      ["deprecated-command", ".github/actions/setup/action.yml", 6],
    ]);
    assert.equal(report.status, "failure");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const TOKEN = "ghp_analyzeSimToken0123456789abcdef";
const NOW = new Date("2026-11-24T12:00:00Z");

async function historySim() {
  const sim = await startGitHubSim({ token: TOKEN, now: () => NOW });
  sim.state.addRepo("acme/app", {
    files: { ".github/workflows/ci.yml": HISTORY_CI, ".github/workflows/docs.yml": GOOD },
  });
  const ids = seedHistory(sim.state, "acme/app", {
    workflow: "ci.yml",
    runs: 60,
    start: new Date("2026-11-02T00:00:00Z"),
    regressionAt: 40,
    flakyAt: [12, 31, 47],
    rerunAt: [55],
  });
  const log = memoryLogger();
  const provider = githubProvider({ baseUrl: sim.url, token: TOKEN, log, retryAfterBaseValue: 5 });
  const ctx: OpContext = { provider, log, now: () => NOW };
  return { sim, ids, ctx, [Symbol.asyncDispose]: () => sim.close() };
}

Deno.test("analyze on GitHub reports the regression at run 40, the flaky job and the trend", async () => {
  await using env = await historySim();
  const report = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  assert.equal(report.status, "warning");
  const changes = report.sections.find((s) => s.title === "Duration changes")!.markdown;
  const at =
    /ci\.yml got slower from run #(\d+) on (\d+ \w+ \d{4}) \(run (\d+) of the 60 sampled\): median (\S+ \S+) → (\S+ \S+) \(\+(\d+)%\)/
      .exec(changes);
  assert.ok(at, changes);
  assert.ok(Math.abs(Number(at[1]) - 40) <= 1, changes);
  // Every run of the workflow is sampled, so its number is its place in the sample.
  assert.equal(at[3], at[1]);
  const firstSlow = env.ids[Number(at[3]) - 1];
  // ~5m 20s before (2 + 3 min + gaps), 40 % slower after.
  assert.match(at[4], /^5m \d{1,2}s$/);
  assert.match(at[5], /^7m \d{1,2}s$/);
  assert.ok(Number(at[6]) >= 30 && Number(at[6]) <= 50, changes);
  // The news leads as insights (not repeated in the summary), the first slow run linked.
  assert.doesNotMatch(report.summary, /got slower|flaky/);
  assert.deepEqual(report.insights?.map((i) => [i.kind, i.title]), [
    ["regression", `ci.yml is ${at[6]}% slower since run #${at[1]}`],
    ["flaky", "Job integration in ci.yml is flaky"],
  ]);
  assert.match(report.insights![0].url!, new RegExp(`/actions/runs/${firstSlow}$`));

  const flaky = report.tables.find((t) => t.title === "Flaky jobs")!;
  assert.deepEqual(flaky.rows.map((r) => [r[0], r[1]]), [["ci.yml", "integration"]]);
  for (const n of [12, 31, 47]) {
    assert.match(
      flaky.rows[0][4],
      new RegExp(`failed in run ${env.ids[n - 1]}, passed in run ${env.ids[n]}`),
    );
  }
  assert.match(flaky.rows[0][4], new RegExp(`run ${env.ids[54]} passed on a re-run`));

  const perWorkflow = report.tables.find((t) => t.title === "Run history per workflow")!;
  assert.deepEqual(perWorkflow.rows.map((r) => r.slice(0, 3)), [[
    ".github/workflows/ci.yml",
    "60",
    "95%",
  ]]);
  const failing = report.tables.find((t) => t.title === "Failing steps")!;
  assert.deepEqual(failing.rows[0].slice(0, 4), [
    "ci.yml",
    "integration",
    "Run integration tests",
    "3",
  ]);
  const excerpts = report.sections.find((s) => s.title === "Log excerpts")!.markdown;
  assert.ok(excerpts.includes(FLAKY_LOG_LINE));
  assert.ok(!/\d{4}-\d{2}-\d{2}T/.test(excerpts), "timestamps are stripped");

  const trend = report.charts.find((c) => c.kind === "line")!;
  assert.equal(trend.unit, "s");
  assert.equal(trend.series.length, 1);
  assert.equal(trend.series[0].points.length, 60);
  assert.deepEqual(trend.series[0].points.slice(0, 2).map((p) => p.x), [1, 2]);
  // Run 1: build then integration, 5 s apart: ≈ 305 s ± noise.
  assert.ok(trend.series[0].points[0].y > 270 && trend.series[0].points[0].y < 340);
  const bars = report.charts.find((c) => c.kind === "bar")!;
  assert.deepEqual(bars.series[0].points.map((p) => p.x).sort(), ["build", "integration"]);

  const fields = Object.fromEntries(report.fields.map((f) => [f.label, f.value]));
  assert.match(fields["Success rate"], /^95% of 60 runs/);
  assert.match(fields["Billable minutes / week"], /^≈ \d+$/);
  const sampled = report.sections.find((s) => s.title === "What was analysed")!.markdown;
  assert.match(sampled, /60 completed runs since 2026-10-25: every run of 2 workflows\./);
  // The static findings stay as they are without history.
  const files = { ".github/workflows/ci.yml": HISTORY_CI, ".github/workflows/docs.yml": GOOD };
  const staticOnly = await analyze({ op: "analyze", repo: "acme/app" }, ctx(memoryProvider(files)));
  assert.deepEqual(report.findings, staticOnly.findings);
});

Deno.test("a repeated analyze within a minute is answered mostly by 304s", async () => {
  await using env = await historySim();
  const first = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  const before = env.ctx.provider.usage();
  const remaining = env.sim.state.rateLimit.remaining;
  const second = ReportSchema.parse(await analyze({ op: "analyze", repo: "acme/app" }, env.ctx));
  const after = env.ctx.provider.usage();
  const requests = after.requests - before.requests;
  const rateLimited = after.rateLimited - before.rateLimited;
  assert.ok(requests > 60, `${requests} requests`);
  assert.ok(rateLimited <= requests * 0.1, `${rateLimited} of ${requests} counted`);
  // GitHub's (the sim's) own count agrees: 304s leave the rate limit alone.
  assert.equal(remaining - env.sim.state.rateLimit.remaining, rateLimited);
  const field = (r: typeof first) => r.fields.find((f) => f.label === "API calls")!.value;
  assert.equal(
    field(second),
    `${requests} (${
      after.notModified - before.notModified
    } answered 304 Not Modified, ${rateLimited} counted)`,
  );
  assert.deepEqual(second.tables, first.tables);
});

Deno.test("analyze with workflow: limits the history to that workflow", async () => {
  await using env = await historySim();
  const report = ReportSchema.parse(
    await analyze({ op: "analyze", repo: "acme/app", workflow: "docs.yml" }, env.ctx),
  );
  assert.equal(report.status, "success");
  assert.equal(report.charts.length, 0);
  assert.match(
    report.sections.find((s) => s.title === "What was analysed")!.markdown,
    /Run history was not available: github lists no completed runs since 2026-10-25/,
  );
  const listed = env.sim.requests.filter((r) => r.path.endsWith("/runs"));
  assert.ok(listed.every((r) => r.path.includes("/workflows/") && !r.path.includes("ci.yml")));
  assert.ok(!env.sim.requests.some((r) => r.path.includes("/jobs")));
});

Deno.test("local files have no run history: static findings only, and the report says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.github/workflows/good.yml`, GOOD);
    const provider = localProvider(dir);
    const report = ReportSchema.parse(await analyze({ op: "analyze" }, ctx(provider, "local/app")));
    assert.equal(report.status, "success");
    assert.equal(report.charts.length, 0);
    assert.deepEqual(report.tables.map((t) => t.title), ["Workflows", "Findings by rule"]);
    assert.match(report.sections.at(-1)!.markdown, /Run history was not available/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("analyze reports jobs copied across workflow files (a repository-wide rule)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.github/workflows`, { recursive: true });
    const job = (extra: string) =>
      `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n` +
      `      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm run lint\n` +
      `      - run: npm test\n      - run: npm run build\n      - run: npm pack\n${extra}`;
    await Deno.writeTextFile(`${dir}/.github/workflows/a.yml`, job(""));
    await Deno.writeTextFile(`${dir}/.github/workflows/b.yml`, job(""));
    await Deno.writeTextFile(
      `${dir}/.github/workflows/c.yml`,
      "on: push\njobs:\n  other:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n",
    );
    await Deno.writeTextFile(`${dir}/.github/ci-orchestrator.yml`, "analyze:\n  level: pedantic\n");
    const report = await analyze({ op: "analyze" }, {
      provider: localProvider(dir),
      defaultRepo: "local",
      log: memoryLogger(),
      now: () => new Date("2026-11-24T12:00:00Z"),
    });
    const dup = (report.findings ?? []).filter((f) => f.ruleId === "duplicated-job");
    assert.deepEqual(dup.map((f) => f.file).sort(), [
      ".github/workflows/a.yml",
      ".github/workflows/b.yml",
    ]);
    const rows = report.tables!.find((t) => t.title === "Workflows")!.rows;
    assert.ok(rows.some((r) => r[0] === ".github/workflows/a.yml" && Number(r[4]) >= 1));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("analyze records the commit it read the files at; a provider that cannot tell, none", async () => {
  await using env = await historySim();
  const report = await analyze({ op: "analyze", repo: "acme/app" }, env.ctx);
  const head = env.sim.state.repo("acme/app")!.branches.get("main")!.sha;
  assert.deepEqual(report.source, { repo: "acme/app", sha: head });
  const files = { ".github/workflows/ci.yml": GOOD };
  const plain = await analyze({ op: "analyze", repo: "acme/app" }, ctx(memoryProvider(files)));
  assert.deepEqual(plain.source, { repo: "acme/app" });
});
