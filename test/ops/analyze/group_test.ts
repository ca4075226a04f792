import assert from "node:assert/strict";
import { renderReport } from "../../../bots/slack/blockkit.ts";
import { groupFindings } from "../../../src/ops/analyze/group.ts";
import { resolvePins, withPinRemedy } from "../../../src/ops/analyze/pins.ts";
import { localProvider } from "../../../src/providers/local.ts";
import { renderMarkdown } from "../../../src/report/markdown.ts";
import { type Finding, ReportSchema } from "../../../src/report/model.ts";
import { lintFiles } from "../../../src/workflow/lint.ts";

// Jobs without timeouts, third-party actions on tags and one `actions/*` notice per file.
const workflow = (jobs: string[], uses: string[]) =>
  `on: push
permissions: {}
jobs:
${
    jobs.map((id) =>
      `  ${id}:
    runs-on: ubuntu-latest
    steps:
${uses.map((u) => `      - uses: ${u}`).join("\n")}
`
    ).join("")
  }`;

const FILES = [
  { path: ".github/workflows/a.yml", content: workflow(["build", "lint"], ["acme/x@v1"]) },
  { path: ".github/workflows/b.yml", content: workflow(["test"], ["acme/x@v1", "acme/y@v2"]) },
  { path: ".github/workflows/c.yml", content: workflow(["docs"], ["actions/checkout@v4"]) },
];
const TITLES = new Map([["missing-timeout", "Job without timeout-minutes"]]);
const findings = (): Finding[] =>
  lintFiles(FILES).filter((f) => ["unpinned-action", "missing-timeout"].includes(f.ruleId));

Deno.test("groups: one group per rule and remedy, counts, subjects and every location kept", () => {
  const all = findings();
  const groups = groupFindings(all, TITLES);
  assert.deepEqual(
    groups.map((g) => [g.ruleId, g.severity, g.count, g.files.length]),
    [
      // Severity first, then the most frequent.
      ["missing-timeout", "warning", 4, 3],
      ["unpinned-action", "warning", 4, 2],
      ["unpinned-action", "notice", 1, 1],
    ],
  );
  const actions = groups[1];
  assert.deepEqual(
    actions.subjects.map((s) => [s.name, s.count, s.files]),
    [
      ["acme/x@v1", 3, [".github/workflows/a.yml", ".github/workflows/b.yml"]],
      ["acme/y@v2", 1, [".github/workflows/b.yml"]],
    ],
  );
  assert.equal(
    actions.message,
    "2 actions pinned to tags or branches, used 4 times in 2 files: pin them " +
      "(`acme/x@v1`, `acme/y@v2`)",
  );
  // Nothing is lost: every finding is one location of exactly one group.
  const places = groups.flatMap((g) => g.locations.map((l) => `${g.ruleId} ${l.file}:${l.line}`));
  assert.deepEqual(places.sort(), all.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort());
  assert.deepEqual(groups[0].subjects.map((s) => s.name).sort(), ["build", "docs", "lint", "test"]);
  assert.match(groups[0].message, /^Job without timeout-minutes: 4 times in 3 files \(/);
  // A group of one reads like its finding.
  assert.equal(groups[2].message, all.find((f) => f.severity === "notice")!.message);
});

Deno.test("groups: different remedies of one rule stay apart", () => {
  const base = { ruleId: "r", severity: "warning" as const, file: "a.yml", line: 1 };
  const groups = groupFindings([
    { ...base, message: "Job 'a' m", fix: "Do X on 'a'." },
    { ...base, message: "Job 'b' m", fix: "Do X on 'b'." },
    { ...base, message: "Job 'c' m", fix: "Do Y on 'c'." },
  ]);
  assert.deepEqual(groups.map((g) => g.count), [2, 1]);
});

Deno.test("groups: Slack shows one line per group, not one per repeat", async () => {
  const lines = Array.from({ length: 12 }, () => "acme/x@v1");
  const files = [{ path: ".github/workflows/ci.yml", content: workflow(["build"], lines) }];
  const found = lintFiles(files).filter((f) => f.ruleId === "unpinned-action");
  assert.equal(found.length, 12);
  const pins = await resolvePins(localProvider("/nonexistent"), found);
  const report = ReportSchema.parse({
    title: "Analyze acme/app",
    status: "warning",
    summary: "12 findings",
    findings: pins.findings,
    groups: groupFindings(pins.findings).map((g) => withPinRemedy(g, pins)),
  });
  const text = JSON.stringify(renderReport(report).blocks);
  assert.equal(text.match(/acme\/x@/g)?.length, 2, text); // the headline and the line to pin
  assert.match(
    text,
    /:large_orange_circle: \*unpinned-action\* — `acme\/x@v1` is pinned .* 12 times/,
  );
  assert.match(text, /`pinact run`/);
  assert.doesNotMatch(text, /more finding/);
  const ungrouped = JSON.stringify(renderReport({ ...report, groups: undefined }).blocks);
  assert.ok((ungrouped.match(/acme\/x@v1/g)?.length ?? 0) >= 12);

  const markdown = renderMarkdown(report);
  assert.match(
    markdown,
    /## Findings \(12\)\n\n- 🟠 \*\*warning\*\* \\\[unpinned-action\\\] `acme\/x@v1` .* 12 times in 1 file/,
  );
  assert.match(markdown, /\n {2}- Where: `\.github\/workflows\/ci\.yml:\d+`, /);
});

Deno.test("groups: markdown lists twelve places of a large group and counts the rest", () => {
  const base = { ruleId: "r", severity: "notice" as const, message: "m", fix: "Do X." };
  const many = Array.from({ length: 20 }, (_, i) => ({ ...base, file: "a.yml", line: i + 1 }));
  const report = ReportSchema.parse({
    title: "Analyze acme/app",
    status: "warning",
    summary: "20 findings",
    findings: many,
    groups: groupFindings(many),
  });
  const where = renderMarkdown(report).split("\n").find((l) => l.includes("Where:")) ?? "";
  assert.equal(where.match(/`a\.yml:\d+`/g)?.length, 12, where);
  assert.match(where, /`a\.yml:12`, … and 8 more$/);
});
