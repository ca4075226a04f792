import assert from "node:assert/strict";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import type { Finding } from "../../src/report/model.ts";
import { FINGERPRINT_KEY, toSarif } from "../../src/report/sarif.ts";
import { RULES } from "../../src/workflow/lint.ts";
import { lintFiles } from "../../src/workflow/lint.ts";
import { SUPPRESSION_RULES } from "../../src/workflow/suppress.ts";

// The OASIS SARIF 2.1.0 schema (draft-04), copied with its licence beside this test.
const schema = JSON.parse(
  await Deno.readTextFile(new URL("./sarif-schema-2.1.0.json", import.meta.url)),
);
// CommonJS packages: the default import is `module.exports`, whose `default` is the export.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

const DOCS = "https://example.test/ci-orchestrator/docs/rules.md";
const options = { rules: [...RULES, ...SUPPRESSION_RULES], rulesDocUrl: DOCS };

// deno-lint-ignore no-explicit-any
type Json = any;

async function corpusFindings(): Promise<Finding[]> {
  const dir = new URL("../../../shared/corpus/github/", import.meta.url);
  const sources = [];
  for await (const entry of Deno.readDir(dir)) {
    sources.push({ path: entry.name, content: await Deno.readTextFile(new URL(entry.name, dir)) });
  }
  return lintFiles(sources);
}

Deno.test("SARIF of the whole corpus validates against the SARIF 2.1.0 schema", async () => {
  const findings = await corpusFindings();
  assert.ok(findings.length > 100);
  const log = await toSarif(findings, options);
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const run = (log as Json).runs[0];
  assert.equal(run.results.length, findings.length);
  const ruleIds = run.tool.driver.rules.map((r: Json) => r.id);
  assert.deepEqual(ruleIds, [...new Set(ruleIds)], "each rule listed once");
  for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  // A broken log is refused, so the validation above can fail.
  assert.equal(validate({ ...log, version: "2.0.0" }), false);
  assert.equal(validate({ version: "2.1.0", runs: [{ results: [] }] }), false);
  const relative = structuredClone(log) as Json;
  relative.runs[0].tool.driver.rules[0].helpUri = "docs/rules.md#x";
  assert.equal(validate(relative), false, "helpUri must be an absolute URI");
});

Deno.test("SARIF: rule help links, levels, repository-relative locations, stable fingerprints", async () => {
  const finding: Finding = {
    ruleId: "missing-timeout",
    severity: "warning",
    file: ".github/workflows/ci.yml",
    line: 4,
    column: 3,
    job: "build",
    message: "Job `build` has no `timeout-minutes`",
    fix: "Set `timeout-minutes`.",
  };
  const notice: Finding = { ...finding, ruleId: "unknown-suppression", severity: "notice" };
  const log = await toSarif([finding, notice], options) as Json;
  assert.equal(validate(log), true, JSON.stringify(validate.errors));
  const [rule] = log.runs[0].tool.driver.rules;
  assert.equal(rule.id, "missing-timeout");
  assert.equal(rule.helpUri, `${DOCS}#missing-timeout`);
  assert.equal(rule.shortDescription.text, RULES.find((r) => r.id === "missing-timeout")!.title);
  const [result, second] = log.runs[0].results;
  assert.equal(result.level, "warning");
  assert.equal(second.level, "note");
  assert.equal(
    result.message.text,
    "Job 'build' has no 'timeout-minutes'. Fix: Set 'timeout-minutes'.",
  );
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: ".github/workflows/ci.yml", uriBaseId: "%SRCROOT%" },
    region: { startLine: 4, startColumn: 3 },
  });
  // Moving the finding to another line keeps its fingerprint; another job changes it.
  const moved = await toSarif([{ ...finding, line: 40 }], options) as Json;
  const other = await toSarif([{ ...finding, job: "test" }], options) as Json;
  const fp = (l: Json) => l.runs[0].results[0].partialFingerprints[FINGERPRINT_KEY];
  assert.equal(fp(moved), fp(log));
  assert.notEqual(fp(other), fp(log));
  const twice = await toSarif([finding, { ...finding, line: 9 }], options) as Json;
  assert.notEqual(fp(twice), twice.runs[0].results[1].partialFingerprints[FINGERPRINT_KEY]);
});
