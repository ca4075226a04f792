import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import { analyze } from "../../src/ops/analyze.ts";
import type { OpContext } from "../../src/ops/context.ts";
import { localProvider } from "../../src/providers/local.ts";
import type { CIProvider } from "../../src/providers/port.ts";
import { ReportSchema } from "../../src/report/model.ts";

const GOOD = `on: schedule
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo ok
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
    ["API calls", "3 (1 cached)"],
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
    assert.deepEqual(provider.reads, [".github/workflows/good.yml"]);
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
      GOOD.replace("      - run: echo ok\n", "      - uses: ./.github/actions/setup\n"),
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
