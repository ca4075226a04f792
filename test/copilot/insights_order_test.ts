/**
 * Copilot (the agent's reply), MCP (the tool result's text) and the VS Code participant (what it
 * shows from that result) all render the report with `renderMarkdown`, so they lead with what
 * matters: the insights, then the finding groups, then the details, the report page last.
 */
import assert from "node:assert/strict";
import { reportText } from "../../copilot/agent/render.ts";
import { reportResult } from "../../copilot/mcp/result.ts";
import { readResult } from "../../copilot/vscode/src/result.ts";
import {
  FLAKY,
  insightsReport,
  PINNED_FINDINGS,
  PINNED_GROUP,
  REGRESSION,
} from "../report/insights_fixture.ts";

const URL = "https://ci.example.test/reports/r7";
const report = insightsReport({
  id: "r7",
  summary: "4 findings in 1 file.",
  insights: [REGRESSION, FLAKY],
  fields: [{ label: "Success rate", value: "95%" }],
  findings: PINNED_FINDINGS,
  groups: [PINNED_GROUP],
  tables: [{ title: "Slowest jobs", columns: ["job", "median"], rows: [["integration", "3m 4s"]] }],
  sections: [{ title: "What was analysed", markdown: "60 runs." }],
});

/** Where each part starts; every part must be there. */
function order(markdown: string): number[] {
  const at = [
    "## What matters",
    "- 📈 **ci.yml is 40% slower since run 112** — Median 5m 4s → 7m 6s. " +
    "([view run](https://github.com/acme/app/actions/runs/112), 2 days ago)",
    "- 🎲 **Job integration in ci.yml is flaky** — Failed 3 of 60 runs.",
    "## Findings (4)",
    "  - Fix: Pin it to a commit SHA.",
    "- **Success rate:** 95%",
    "## Slowest jobs",
    "## What was analysed",
    `[Full report](${URL})`,
  ].map((part) => markdown.indexOf(part));
  assert.ok(at.every((i) => i >= 0), `${at}\n${markdown}`);
  return at;
}
const ascending = (at: number[]) => at.every((v, i) => i === 0 || at[i - 1] < v);

Deno.test("copilot, MCP and VS Code lead with what matters, then groups, then details", () => {
  const copilot = reportText(report, URL);
  const mcp = reportResult(report, { reportUrl: URL });
  const vscode = readResult(mcp);
  for (const [surface, markdown] of [["copilot", copilot], ["mcp", mcp.content[0].text]] as const) {
    assert.ok(ascending(order(markdown)), `${surface}: ${order(markdown)}`);
    // The summary comes right before what matters: nothing else in between.
    assert.match(
      markdown,
      /^# ⚠️ Analyze acme\/app\n\n4 findings in 1 file\.\n\n## What matters\n/,
    );
  }
  assert.equal(vscode.markdown, mcp.content[0].text);
  assert.equal(vscode.reportUrl, URL);
  // A group is one item, not four.
  assert.equal(copilot.match(/unpinned-action/g)?.length, 1);
});
