import assert from "node:assert/strict";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { type Finding, ReportSchema } from "../../src/report/model.ts";

const RUN = "https://github.com/acme/app/actions/runs";
const finding = (ruleId: string, severity: Finding["severity"], file: string): Finding => ({
  ruleId,
  severity,
  file,
  message: "m",
});

Deno.test("markdown leads with what matters, then findings, then the details", () => {
  const report = ReportSchema.parse({
    title: "Analyze acme/app",
    status: "warning",
    summary: "1 finding.",
    createdAt: "2026-11-24T12:00:00Z",
    insights: [{
      kind: "regression",
      title: "ci.yml is 40% slower since run 112",
      detail: "Median 5m 4s → 7m 6s.",
      url: `${RUN}/112`,
      at: "2026-11-22T12:00:00Z",
    }],
    fields: [{ label: "Success rate", value: "80%" }],
    findings: [finding("deprecated-command", "warning", "a.yml")],
  });
  const md = renderMarkdown(report);
  assert.ok(
    md.includes(
      "## What matters\n\n- 📈 **ci.yml is 40% slower since run 112** — Median 5m 4s → 7m 6s. " +
        `([view run](${RUN}/112), 2 days ago)\n`,
    ),
    md,
  );
  const order = ["## What matters", "## Findings (1)", "**Success rate:**"].map((s) =>
    md.indexOf(s)
  );
  assert.ok(order[0] > 0 && order[0] < order[1] && order[1] < order[2], md);
  assert.match(
    renderMarkdown(report, { now: new Date("2026-12-22T12:00:00Z") }),
    /, 4 weeks ago\)/,
  );
  assert.doesNotMatch(renderMarkdown({ ...report, insights: undefined }), /What matters/);
});
