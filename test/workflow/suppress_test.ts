import assert from "node:assert/strict";
import { lintWorkflow, RULES } from "../../src/workflow/lint.ts";
import {
  applySuppressions,
  parseDirectives,
  SUPPRESSION_RULES,
} from "../../src/workflow/suppress.ts";

const KNOWN = [...RULES, ...SUPPRESSION_RULES].map((r) => r.id);
const PATH = ".github/workflows/ci.yml";

const WORKFLOW = (marks: Record<string, string> = {}) =>
  [
    "on: pull_request",
    "permissions: {}",
    "jobs:",
    `  build:${marks.job ?? ""}`,
    "    runs-on: ubuntu-latest",
    "    steps:",
    `      - uses: actions/checkout@v4${marks.uses ?? ""}`,
    `      - name: Greet${marks.step ?? ""}`,
    "        run: |",
    '          echo "${{ github.event.pull_request.title }}"',
    "      - uses: actions/setup-node@v4",
    "",
  ].join("\n");

function run(source: string) {
  const findings = lintWorkflow({ path: PATH, content: source });
  return { before: findings, ...applySuppressions(PATH, source, findings, KNOWN) };
}

const ids = (fs: { ruleId: string; line?: number }[]) => fs.map((f) => `${f.ruleId}:${f.line}`);

Deno.test("without comments nothing is suppressed (the findings these tests rely on exist)", () => {
  const { before, findings, suppressed } = run(WORKFLOW());
  assert.deepEqual(suppressed, []);
  assert.deepEqual(ids(findings).sort(), ids(before).sort());
  assert.ok(ids(before).includes("script-injection:10"), ids(before).join(" "));
  assert.ok(ids(before).includes("unpinned-action:7"));
  assert.ok(ids(before).includes("unpinned-action:11"));
  assert.ok(ids(before).includes("missing-timeout:4"));
});

Deno.test("a comment on the finding's line suppresses that rule on that line only", () => {
  const { findings, suppressed } = run(
    WORKFLOW({ uses: " # ci-orchestrator: ignore[unpinned-action]" }),
  );
  assert.deepEqual(ids(suppressed), ["unpinned-action:7"]);
  assert.ok(ids(findings).includes("unpinned-action:11"), "the other step's finding stays");
});

Deno.test("a comment on a step's first line covers the whole step", () => {
  const { findings, suppressed } = run(
    WORKFLOW({ step: " # ci-orchestrator: ignore[script-injection, unpinned-action]" }),
  );
  assert.deepEqual(ids(suppressed), ["script-injection:10"]);
  assert.ok(!ids(findings).some((id) => id.startsWith("script-injection")));
  assert.ok(ids(findings).includes("unpinned-action:11"), "the next step is not covered");
});

Deno.test("a comment on the job key covers the job", () => {
  const { findings, suppressed } = run(
    WORKFLOW({ job: " # ci-orchestrator: ignore[unpinned-action,missing-timeout]" }),
  );
  assert.deepEqual(ids(suppressed).sort(), [
    "missing-timeout:4",
    "unpinned-action:11",
    "unpinned-action:7",
  ]);
  assert.ok(ids(findings).includes("script-injection:10"), "other rules stay");
});

Deno.test("zizmor's comments count where the audit is the same rule", () => {
  const { suppressed } = run(
    WORKFLOW({
      step: " # zizmor: ignore[template-injection]",
      uses: " # zizmor: ignore[unpinned-uses]",
    }),
  );
  assert.deepEqual(ids(suppressed).sort(), ["script-injection:10", "unpinned-action:7"]);
  // A zizmor audit with no counterpart here is zizmor's business: no notice, nothing dropped.
  const other = run(WORKFLOW({ job: " # zizmor: ignore[ref-confusion]" }));
  assert.deepEqual(other.suppressed, []);
  assert.equal(other.findings.length, other.before.length);
});

Deno.test("an unknown rule id in our comment is a notice, not silently ignored", () => {
  const { findings, suppressed } = run(
    WORKFLOW({ uses: " # ci-orchestrator: ignore[unpinned-actoin]" }),
  );
  assert.deepEqual(suppressed, []);
  const notice = findings.find((f) => f.ruleId === "unknown-suppression");
  assert.ok(notice);
  assert.equal(notice.severity, "notice");
  assert.equal(notice.line, 7);
  assert.match(notice.message, /unpinned-actoin/);
  const empty = run(WORKFLOW({ uses: " # ci-orchestrator: ignore[]" }));
  assert.ok(empty.findings.some((f) => f.ruleId === "unknown-suppression"));
});

Deno.test("directives: several per line, CRLF, and the node's extent by indentation", () => {
  const text =
    "a:  # ci-orchestrator: ignore[x] # zizmor: ignore[y]\r\n  b: 1\r\n\r\n  # c\r\nd: 2\r\n";
  const ds = parseDirectives(text);
  assert.deepEqual(ds.map((d) => [d.tool, d.ids, d.line, d.endLine]), [
    ["ci-orchestrator", ["x"], 1, 2],
    ["zizmor", ["y"], 1, 2],
  ]);
});
