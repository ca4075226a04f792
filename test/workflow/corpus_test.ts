import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { analyze } from "../../src/ops/analyze/mod.ts";
import { memoryLogger } from "../../src/log.ts";
import { localProvider } from "../../src/providers/local.ts";
import { type Finding, FindingSchema } from "../../src/report/model.ts";
import { lintFile } from "../../src/workflow/lint.ts";

// CI clones this repository with `shared/` beside it, as on the development machine.
const CORPUS = new URL("../../../shared/corpus/github", import.meta.url).pathname;

const corpusFiles = () =>
  [...Deno.readDirSync(CORPUS)].filter((e) => e.isFile && /\.ya?ml$/.test(e.name)).map((e) =>
    e.name
  ).sort();

const findingsOf = (name: string) =>
  lintFile({ path: name, content: Deno.readTextFileSync(`${CORPUS}/${name}`) });

const has = (fs: Finding[], want: Partial<Finding>) =>
  fs.some((f) => Object.entries(want).every(([k, v]) => f[k as keyof Finding] === v));

Deno.test("every corpus file parses and yields schema-valid findings inside the file", () => {
  const names = corpusFiles();
  assert.ok(names.length >= 20, `only ${names.length} corpus files`);
  for (const name of names) {
    const content = Deno.readTextFileSync(`${CORPUS}/${name}`);
    const { file, findings } = lintFile({ path: name, content });
    assert.ok(file, `${name} did not parse: ${JSON.stringify(findings[0])}`);
    assert.equal(file.kind, name.endsWith("action.yml") ? "action" : "workflow", name);
    const lines = content.split("\n").length;
    for (const f of findings) {
      FindingSchema.parse(f);
      assert.ok(f.line! >= 1 && f.line! <= lines, `${name}: line ${f.line} of ${lines}`);
      assert.ok(!["yaml-syntax", "workflow-structure"].includes(f.ruleId), `${name}: ${f.message}`);
    }
  }
});

Deno.test("every corpus finding has a one-line fix, and every patch is YAML that parses", () => {
  let patches = 0;
  for (const name of corpusFiles()) {
    for (const f of findingsOf(name).findings) {
      assert.ok(f.fix && !f.fix.includes("\n"), `${name}:${f.line} ${f.ruleId}: ${f.fix}`);
      if (f.patch === undefined) continue;
      patches++;
      const doc = parseDocument(f.patch);
      assert.deepEqual(doc.errors, [], `${name}:${f.line} ${f.ruleId}:\n${f.patch}`);
      assert.equal(typeof doc.toJS(), "object", `${name}:${f.line} ${f.ruleId}: ${f.patch}`);
    }
  }
  assert.ok(patches >= 20, `only ${patches} patches`);
});

Deno.test("known corpus findings are reported at their real lines", () => {
  const rg = findingsOf("BurntSushi__ripgrep__.github__workflows__ci.yml").findings;
  // Line 128: `      uses: dtolnay/rust-toolchain@master` in job test.
  assert.ok(has(rg, {
    ruleId: "unpinned-action",
    severity: "warning",
    line: 128,
    column: 13,
    job: "test",
  }));
  // Line 120: `uses: actions/checkout@v4`, first-party, so a notice.
  assert.ok(has(rg, { ruleId: "unpinned-action", severity: "notice", line: 120 }));

  const stale = findingsOf("eslint__eslint__.github__workflows__stale.yml").findings;
  assert.ok(has(stale, { ruleId: "unpinned-action", line: 13, job: "stale" }));
  assert.ok(!has(stale, { ruleId: "missing-timeout" }), "reusable caller needs no timeout");

  const vue = findingsOf("vuejs__core__.github__workflows__ci.yml").findings;
  assert.deepEqual(
    vue.filter((f) => f.ruleId === "missing-timeout").map((f) => [f.job, f.line]),
    [["continuous-release", 25]],
  );
  assert.ok(!has(vue, { ruleId: "missing-concurrency" }), "cancel-in-progress is an expression");

  const ra = findingsOf("rust-lang__rust-analyzer__.github__workflows__ci.yaml").findings;
  assert.ok(has(ra, { ruleId: "permissions", line: 5 }));

  const mockito = findingsOf("mockito__mockito__.github__workflows__ci.yml").findings;
  // Line 201 has no explaining comment, unlike lines 46, 117 and 244.
  assert.deepEqual(
    mockito.filter((f) => f.ruleId === "unneeded-fetch-depth").map((f) => [f.line, f.job]),
    [[201, "graalvm"]],
  );
});

Deno.test("composite actions in the corpus become action models with steps", () => {
  const { file } = findingsOf("hashicorp__terraform__.github__actions__go-version__action.yml");
  assert.equal(file?.kind, "action");
  assert.equal(file?.kind === "action" && file.using, "composite");
  assert.equal(file?.kind === "action" && file.steps[0].run?.pos.line, 24);
});

Deno.test("analyze over the corpus through the local provider reports every file", async () => {
  const report = await analyze({ op: "analyze" }, {
    provider: localProvider(CORPUS),
    defaultRepo: "local/corpus",
    log: memoryLogger(),
    now: () => new Date("2026-11-24T00:00:00Z"),
  });
  const names = corpusFiles();
  assert.equal(report.tables?.[0].rows.length, names.length);
  assert.deepEqual(report.tables?.[0].rows.map((r) => r[0]), names);
  // The only errors are real: terraform's e2e-test-exec job reads matrix.goos/goarch but has no
  // matrix (actionlint 1.7.7's expression check), so its env values are always empty.
  assert.equal(report.status, "failure");
  // The summary names the most frequent rule, not the most severe (2 errors against 100+ pins).
  assert.match(report.summary, /Most frequent: Action pinned to a tag or branch .*\(\d{3}\)/);
  const errors = (report.findings ?? []).filter((f) => f.severity === "error");
  assert.deepEqual(
    errors.map((f) => `${f.ruleId} ${f.file}:${f.line}`),
    [
      "actionlint/expression hashicorp__terraform__.github__workflows__build.yml:301",
      "actionlint/expression hashicorp__terraform__.github__workflows__build.yml:302",
    ],
  );
  for (const f of report.findings ?? []) FindingSchema.parse(f);
  assert.ok(
    (report.findings ?? []).some((f) =>
      f.file === "BurntSushi__ripgrep__.github__workflows__ci.yml" && f.line === 128
    ),
  );
});
