import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import { memoryLogger } from "../../src/log.ts";
import { analyze } from "../../src/ops/analyze/mod.ts";
import { localProvider } from "../../src/providers/local.ts";
import type { Finding } from "../../src/report/model.ts";

async function withRepo(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "analyze-gate-" });
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/${path.slice(0, path.lastIndexOf("/") + 1)}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/${path}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const run = (dir: string) =>
  analyze({ op: "analyze" }, {
    provider: localProvider(dir),
    defaultRepo: "app",
    log: memoryLogger(),
    now: () => new Date("2026-01-01T00:00:00Z"),
  });

const ids = (fs: Finding[] | undefined) => (fs ?? []).map((f) => `${f.ruleId}@${f.file}:${f.line}`);

const CI = [
  "on: pull_request",
  "permissions: {}",
  "jobs:",
  "  build:",
  "    runs-on: ubuntu-20.04",
  "    timeout-minutes: 10",
  "    steps:",
  "      - uses: actions/checkout@v4 # ci-orchestrator: ignore[unpinned-action]",
  "      - uses: ./.github/actions/setup",
  "  gpu:",
  "    runs-on: [gpu]",
  "    timeout-minutes: 10",
  "    steps:",
  "      - run: make test",
  "",
].join("\n");
const ACTION = [
  "name: setup",
  "runs:",
  "  using: composite",
  "  steps:",
  "    - uses: actions/setup-node@v4",
  "",
].join("\n");

Deno.test("analyze settings: rules off or re-levelled, labels, ignore, and the counts said", async () => {
  await withRepo({
    ".github/workflows/ci.yml": CI,
    ".github/workflows/legacy.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-16.04\n",
    ".github/actions/setup/action.yml": ACTION,
    ".github/dependabot.yml": "version: 2\nupdates: []\n",
  }, async (dir) => {
    const before = await run(dir);
    const all = ids(before.findings);
    assert.ok(all.includes("deprecated-runner@.github/workflows/ci.yml:5"), all.join("\n"));
    assert.ok(all.includes("deprecated-runner@.github/workflows/legacy.yml:4"));
    assert.ok(all.includes("unpinned-action@.github/actions/setup/action.yml:5"));
    assert.ok(!all.some((id) => id.includes(":8") && id.startsWith("unpinned-action@.github/w")));
    assert.ok(!all.some((id) => id.startsWith("self-hosted-pr")));
    assert.match(before.summary, /1 finding suppressed by comments/);
    assert.match(before.summary, /\d+ pedantic findings? hidden — `level: pedantic` shows them/);

    await Deno.writeTextFile(
      `${dir}/.github/ci-orchestrator.yml`,
      [
        "analyze:",
        "  level: pedantic",
        "  rules:",
        "    unpinned-action: error",
        "    missing-concurrency: off",
        "  ignore: [.github/workflows/legacy.yml]",
        "  self-hosted-runner:",
        "    labels: [gpu, ubuntu-20.04]",
        "",
      ].join("\n"),
    );
    const after = await run(dir);
    const kept = after.findings ?? [];
    assert.ok(!kept.some((f) => f.file.endsWith("legacy.yml")), "ignored file not analysed");
    assert.ok(!kept.some((f) => f.ruleId === "missing-concurrency"));
    assert.ok(!kept.some((f) => f.ruleId === "deprecated-runner"), "own runner, not GitHub's");
    const pinned = kept.find((f) => f.ruleId === "unpinned-action");
    assert.equal(pinned?.severity, "error");
    // Jobs on the repository's own labels are self-hosted, for the rule that judges that (a
    // pedantic one, shown at this level).
    assert.doesNotMatch(after.summary, /hidden/);
    assert.deepEqual(kept.filter((f) => f.ruleId === "self-hosted-pr").map((f) => f.job).sort(), [
      "build",
      "gpu",
    ]);
    assert.equal(after.status, "failure");
    assert.match(after.summary, /findings? suppressed by comments\/config/);
    const notes = after.sections?.find((s) => s.title === "What was analysed")?.markdown ?? "";
    assert.match(notes, /ignore them: 1 file\(s\) \(\.github\/workflows\/legacy\.yml\)/);
    assert.match(notes, /Analyze settings: app \.github\/ci-orchestrator\.yml/);
  });
});

Deno.test("a wrong analyze section is a config error naming the key", async () => {
  await withRepo({
    ".github/workflows/ci.yml": CI,
    ".github/ci-orchestrator.yml": "analyze:\n  rule: {}\n",
  }, async (dir) => {
    await assert.rejects(
      run(dir),
      (e) => e instanceof CiError && e.code === "config" && /rule/.test(e.message),
    );
  });
});

Deno.test("--dir finds the workflows from the checkout, .github or .github/workflows", async () => {
  await withRepo({
    ".github/workflows/ci.yml": CI,
    ".github/actions/setup/action.yml": ACTION,
    ".github/dependabot.yml": "version: 2\nupdates: []\n",
    ".github/FUNDING.yml": "github: [someone]\n",
    ".github/ISSUE_TEMPLATE/bug.yml": "name: Bug\nbody: []\n",
  }, async (dir) => {
    const expected = ids((await run(dir)).findings);
    assert.ok(expected.some((id) => id.includes(".github/actions/setup/action.yml")));
    for (const given of [`${dir}/.github`, `${dir}/.github/`, `${dir}/.github/workflows`]) {
      const report = await run(given);
      assert.deepEqual(ids(report.findings), expected, given);
      const files = report.tables?.[0].rows.map((r) => r[0]);
      assert.deepEqual(files, [".github/workflows/ci.yml", ".github/actions/setup/action.yml"]);
    }
  });
});

Deno.test("a flat folder keeps only files that look like workflows or actions", async () => {
  await withRepo({
    "ci.yml": "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
    "action.yml": "runs:\n  using: composite\n  steps: []\n",
    "dependabot.yml": "version: 2\nupdates: []\n",
    "FUNDING.yml": "github: [someone]\n",
  }, async (dir) => {
    const files = (await run(dir)).tables?.[0].rows.map((r) => r[0]);
    assert.deepEqual(files, ["action.yml", "ci.yml"]);
  });
});

Deno.test("no workflows: said so (not 'every rule passed'), pointing GitLab and Jenkins to migrate", async () => {
  const cases: [Record<string, string>, RegExp, RegExp][] = [
    [{ "README.md": "x" }, /no workflow files/, /repository checkout/],
    [{ ".gitlab-ci.yml": "test:\n  script: [make]\n" }, /only GitLab CI/, /migrate/],
    [{ "Jenkinsfile": "pipeline {}\n" }, /only Jenkins/, /migrate/],
    [{ ".github/dependabot.yml": "version: 2\n" }, /no workflow files/, /checkout/],
  ];
  for (const [files, message, hint] of cases) {
    await withRepo(files, async (dir) => {
      await assert.rejects(run(dir), (e) => {
        assert.ok(e instanceof CiError);
        assert.equal(e.code, "not_found");
        assert.match(e.message, message);
        assert.match(e.hint ?? "", hint);
        return true;
      });
    });
  }
});
