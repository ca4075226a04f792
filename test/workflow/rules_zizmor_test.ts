// zizmor's own test-data workflows (copied in zizmor_cases/, MIT, see its LICENSE) for the audits
// we share: each finding zizmor's snapshot tests expect is found by our rule, on the same line,
// and nothing where zizmor finds nothing.
import assert from "node:assert/strict";
import { parseWorkflowFile } from "../../src/workflow/parse.ts";
import { lintWorkflow } from "../../src/workflow/lint.ts";
import { findingLevel, RULES } from "../../src/workflow/rules/index.ts";
import { applySuppressions } from "../../src/workflow/suppress.ts";
import type { Rule } from "../../src/workflow/rules/rule.ts";
import { artipacked } from "../../src/workflow/rules/artipacked.ts";
import { botConditions } from "../../src/workflow/rules/bot_conditions.ts";
import { unredactedSecrets } from "../../src/workflow/rules/unredacted_secrets.ts";
import { hardcodedContainerCredentials } from "../../src/workflow/rules/hardcoded_container_credentials.ts";
import { obfuscation } from "../../src/workflow/rules/obfuscation.ts";
import { invalidUses } from "../../src/workflow/rules/invalid_uses.ts";
import { unsoundCondition } from "../../src/workflow/rules/unsound_condition.ts";
import { parseExpr } from "../../src/workflow/rules/expr_ast.ts";

const CASES = new URL("./zizmor_cases/", import.meta.url).pathname;

const read = (name: string) => Deno.readTextFileSync(`${CASES}${name}`);

function run(rule: Rule, name: string, content = read(name)) {
  const path = name.endsWith(".action.yml") ? "demo/action.yml" : `.github/workflows/${name}`;
  const { file } = parseWorkflowFile(path, content);
  assert.ok(file, `${name} parses`);
  return rule.check(file);
}

/** `line:level` of each finding, sorted, to compare with zizmor's snapshot. */
const lines = (rule: Rule, name: string) =>
  run(rule, name).map((f) => `${f.line}:${findingLevel(f)}`).sort();

Deno.test("zizmor artipacked cases: lone checkouts are advice, explicit true is advice", () => {
  // zizmor: line 22 at the regular persona (low confidence), line 28 only for auditors.
  assert.deepEqual(lines(artipacked, "artipacked.yml"), ["22:pedantic", "28:pedantic"]);
  // "false" as a string is false; "true" as a string is an explicit choice (auditor).
  assert.deepEqual(lines(artipacked, "artipacked-issue-447-repro.yml"), ["25:pedantic"]);
  assert.deepEqual(lines(artipacked, "artipacked-issue-1709-repro.yml"), ["18:pedantic"]);
  const [dynamic] = run(artipacked, "artipacked-issue-1769-repro.yml");
  assert.equal(dynamic.line, 18);
  assert.equal(dynamic.severity, "notice");
  assert.deepEqual(lines(artipacked, "artipacked-demo-action.action.yml"), [
    "10:pedantic",
    "13:pedantic",
  ]);
});

Deno.test("artipacked: checkout then an upload of the workspace is a default finding", () => {
  const wf = (persist: string, path: string) =>
    "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n" +
    `      - uses: actions/checkout@v4${persist}\n` +
    `      - uses: actions/upload-artifact@v4\n        with:\n          path: ${path}\n`;
  const found = (content: string) =>
    run(artipacked, "x.yml", content).map((f) => `${f.line}:${findingLevel(f)}`);
  assert.deepEqual(found(wf("", ".")), ["6:default"]);
  assert.match(run(artipacked, "x.yml", wf("", "."))[0].message, /uploads the workspace/);
  assert.deepEqual(found(wf("", "${{ github.workspace }}")), ["6:default"]);
  assert.deepEqual(found(wf("", "dist/")), ["6:pedantic"]);
  assert.deepEqual(found(wf("\n        with:\n          persist-credentials: false", ".")), []);
  assert.deepEqual(found(wf("\n        with:\n          persist-credentials: true", ".")), [
    "6:pedantic",
  ]);
});

Deno.test("zizmor bot-conditions cases: every vulnerable condition, not the plain actor", () => {
  const got = run(botConditions, "bot-conditions.yml");
  // zizmor's snapshot: these lines, all high confidence but vulnerable-2 (an && conjunct).
  assert.deepEqual(got.map((f) => f.line), [11, 15, 19, 23, 32, 37, 42, 47, 52, 56, 60]);
  const levels = got.map((f) => `${f.line}:${findingLevel(f)}`);
  assert.ok(levels.includes("19:pedantic"));
  assert.equal(levels.filter((l) => l.endsWith(":default")).length, 10);
  assert.equal(got[0].column, 9);
  assert.equal(got[1].column, 17);
});

Deno.test("bot-conditions: || keeps the bot test dominant; != and other actors are fine", () => {
  const wf = (cond: string) =>
    `on: pull_request\njobs:\n  b:\n    runs-on: ubuntu-latest\n    if: ${cond}\n` +
    "    steps:\n      - run: make\n";
  const found = (cond: string) => run(botConditions, "x.yml", wf(cond)).map((f) => findingLevel(f));
  assert.deepEqual(found("github.actor == 'dependabot[bot]' || github.ref == 'x'"), ["default"]);
  assert.deepEqual(found("github.actor != 'dependabot[bot]'"), []);
  assert.deepEqual(found("github.event.pull_request.user.login == 'dependabot[bot]'"), []);
  assert.deepEqual(found("${{ !(github.actor == 'dependabot[bot]') }}"), []);
});

Deno.test("zizmor unredacted-secrets cases: fromJSON of a secret, at the call", () => {
  const got = run(unredactedSecrets, "unredacted-secrets.yml");
  assert.deepEqual(got.map((f) => `${f.line}:${f.column}`), ["18:22", "21:27"]);
  assert.equal(
    run(
      unredactedSecrets,
      "x.yml",
      "on: push\njobs:\n  b:\n    runs-on: x\n" +
        "    steps:\n      - run: ${{ fromJSON(steps.a.outputs.b) }} ${{ secrets.A }}\n",
    ).length,
    0,
  );
});

Deno.test("zizmor hardcoded-credentials case, and services, not secrets", () => {
  const got = run(hardcodedContainerCredentials, "hardcoded-credentials.yml");
  assert.deepEqual(got.map((f) => f.line), [22]);
  const wf = "on: push\njobs:\n  b:\n    runs-on: x\n    services:\n      db:\n" +
    "        image: r/db\n        credentials:\n          username: u\n          password: p\n" +
    "      ok:\n        image: r/ok\n        credentials:\n          username: u\n" +
    "          password: ${{ secrets.P }}\n    steps:\n      - run: make\n";
  const svc = run(hardcodedContainerCredentials, "x.yml", wf);
  assert.deepEqual(svc.map((f) => f.line), [10]);
  assert.match(svc[0].message, /service 'db'/);
});

Deno.test("zizmor obfuscation cases: uses paths and constant expressions", () => {
  const got = lines(obfuscation, "obfuscation.yml");
  const expected = [13, 16, 19, 20, 23, 26, 34, 35, 36, 37, 38, 39, 40, 44, 45, 46, 47, 48, 53, 55];
  // Line 57 (`foobar[format(...)]`): zizmor's comment calls it reducible but its finding takes
  // the persona of its last annotation (a computed index, pedantic); we report both parts.
  const defaults = got.filter((l) => l.endsWith(":default")).map((l) => Number(l.split(":")[0]));
  assert.deepEqual(defaults, [...expected, 57].sort((a, b) => a - b));
  assert.ok(got.includes("57:pedantic"));
  const f = run(obfuscation, "obfuscation.yml");
  assert.deepEqual(f.filter((x) => x.line === 53 || x.line === 55).map((x) => x.column), [60, 99]);
  assert.equal(
    f.find((x) => x.line === 23)?.patch,
    "uses: actions/cache/save@0057852bfaa89a56745cba8c7296529d2fc39830",
  );
  assert.equal(f.find((x) => x.line === 26)?.patch, undefined);
  assert.deepEqual(lines(obfuscation, "obfuscation-computed-indices.yml"), ["18:pedantic"]);
  assert.deepEqual(lines(obfuscation, "obfuscation-issue-1177-repro.yml"), []);
  assert.deepEqual(lines(obfuscation, "obfuscation-issue-1769-repro.yml"), ["19:default"]);
});

Deno.test("zizmor unsound-contains cases are found by unsound-condition", () => {
  const got = run(unsoundCondition, "unsound-contains.yml").map((f) => f.line);
  // zizmor reports line 28 twice (two contains); one finding on the line is ours.
  assert.deepEqual([...new Set(got)], [20, 24, 28, 32]);
});

Deno.test("zizmor ignore comments suppress the mapped rules", () => {
  const content = read("artipacked-issue-1769-repro.yml");
  const path = ".github/workflows/a.yml";
  const { findings } = applySuppressions(
    path,
    content,
    lintWorkflow({ path, content }),
    RULES.map((r) => r.id),
  );
  // Line 18 carries `# zizmor: ignore[obfuscation]`; the artipacked advice stays.
  assert.equal(findings.filter((f) => f.ruleId === "obfuscation").length, 0);
  assert.equal(findings.filter((f) => f.ruleId === "artipacked").length, 1);
});

Deno.test("invalid-uses: malformed action and workflow references", () => {
  const wf = "on: push\njobs:\n  call:\n    uses: o/r/ci.yml@v1\n  local:\n" +
    "    uses: ./.github/workflows/ci.yml\n  b:\n    runs-on: x\n    steps:\n" +
    "      - uses: actions/checkout\n      - uses: actions/checkout@\n      - uses: /x@v1\n" +
    "      - uses: docker://\n      - uses: ${{ matrix.a }}\n      - uses: ./local\n" +
    "      - uses: o/r/p@v1\n      - uses: docker://alpine\n";
  const got = run(invalidUses, "x.yml", wf);
  assert.deepEqual(got.map((f) => f.line), [4, 10, 11, 12, 13, 14]);
  assert.match(got[0].message, /\.github\/workflows/);
  assert.match(got[1].message, /`@ref` is missing/);
});

Deno.test("expression parser: precedence, indices, calls, and refusal of bad syntax", () => {
  const e = parseExpr("a || b && !c == 'x'");
  assert.equal(e?.k, "bin");
  assert.equal(e?.k === "bin" ? e.op : "", "||");
  assert.equal(parseExpr("github['a'].b[*].c")?.k, "member");
  assert.equal(parseExpr("format('{0}', 'it''s')")?.k, "call");
  assert.equal(parseExpr("a ==")?.k, undefined);
  assert.equal(parseExpr("(a")?.k, undefined);
});
