/**
 * Grouped pinning advice and the patch claims, on real workflow files from the corpus.
 */
import assert from "node:assert/strict";
import { suggest } from "../../../src/ops/optimize/suggest.ts";
import { checkPatch } from "../../../src/ops/optimize/check.ts";
import { pullRequestCancelProblem } from "../../../src/ops/optimize/concurrency.ts";
import { measuredTotal } from "../../../src/ops/optimize/totals.ts";
import { lintFile } from "../../../src/workflow/lint.ts";

const CORPUS = "/work/shared/corpus/github";
const read = (name: string) => Deno.readTextFile(`${CORPUS}/${name}`);
const PINNED = [
  "babel__babel__.github__workflows__ci.yml",
  "eslint__eslint__.github__workflows__ci.yml",
  "mockito__mockito__.github__workflows__ci.yml",
  "rust-lang__rust-analyzer__.github__workflows__ci.yaml",
];

Deno.test("pinning advice is one grouped item with the counts, never in the total", async () => {
  const files = await Promise.all(
    PINNED.map(async (path) => ({ path, content: await read(path) })),
  );
  const findings = files.flatMap((f) =>
    lintFile(f).findings.filter((x) => x.ruleId === "unpinned-action")
  );
  assert.ok(findings.length > 50, `${findings.length} unpinned references`);
  const list = suggest({ files, rootFiles: "unknown" });
  const pins = list.filter((s) => s.ruleId === "unpinned-action");
  assert.equal(pins.length, 1);
  const withFiles = new Set(findings.map((f) => f.file)).size;
  assert.match(
    pins[0].title,
    new RegExp(`^Pin ${findings.length} action references \\(\\d+ actions, ${withFiles} files\\)`),
  );
  assert.equal(pins[0].estimate.measured, false);
  assert.match(pins[0].estimate.assumption, /^not estimated: /);
  assert.equal(pins[0].patched, undefined);
  assert.equal(measuredTotal(list), 0);
});

Deno.test("a push-only workflow gets no pull-request cancellation, and a patch must show its claim", async () => {
  const build = await read("hashicorp__terraform__.github__workflows__build.yml");
  const list = suggest({ files: [{ path: "build.yml", content: build }], rootFiles: "unknown" });
  const concurrency = list.filter((s) => s.ruleId === "missing-concurrency");
  assert.equal(concurrency.length, 1);
  assert.match(concurrency[0].title, /Cancel superseded push runs on feature branches/);
  assert.equal(concurrency[0].patched, undefined);
  assert.match(concurrency[0].problems.join(), /no pull_request trigger/);

  // The old patch on this file: it silences the rule but cancels nothing, so the check refuses it.
  const finding = lintFile({ path: "build.yml", content: build }).findings
    .find((f) => f.ruleId === "missing-concurrency")!;
  const old = build.replace(
    "\njobs:",
    "\nconcurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n" +
      "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n\njobs:",
  );
  const problems = checkPatch({
    path: "build.yml",
    before: build,
    after: old,
    fixed: [finding],
    claim: pullRequestCancelProblem,
  });
  assert.deepEqual(problems, [
    "the workflow has no pull_request trigger, so cancelling pull-request runs changes nothing",
  ]);
});

Deno.test("an existing shared concurrency group is not turned into cross-branch cancellation", async () => {
  const requests = await read("psf__requests__.github__workflows__run-tests.yml");
  const shared = requests.replace("\njobs:", "\nconcurrency: tests\n\njobs:");
  const list = suggest({ files: [{ path: "ci.yml", content: shared }], rootFiles: "unknown" });
  const s = list.find((x) => x.ruleId === "missing-concurrency")!;
  assert.equal(s.patched, undefined);
  assert.ok(s.problems.length > 0);
  const own = suggest({ files: [{ path: "ci.yml", content: requests }], rootFiles: "unknown" })
    .find((x) => x.ruleId === "missing-concurrency")!;
  assert.deepEqual(own.problems, []);
  assert.match(
    own.patched!,
    /cancel-in-progress: \$\{\{ github\.event_name == 'pull_request' \}\}/,
  );
});
