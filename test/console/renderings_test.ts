/**
 * One report through all four surfaces' renderers and drawings: CI data that tries to become
 * HTML, markdown or a link stays text in every pane, and ours (bold, code, links) still works.
 */
import assert from "node:assert/strict";
import { renderPanes } from "../../src/console/renderings.ts";
import { codeSpan, escapeMarkdownText } from "../../src/report/markup.ts";
import { ReportSchema } from "../../src/report/model.ts";

const ORIGIN = "https://ci.example.test";
const EVIL =
  `<img src=x onerror=alert(1)> **b** [x](javascript:alert(1)) <script>alert(2)</script>`;

Deno.test("renderings: crafted CI text is escaped in every pane", () => {
  const report = ReportSchema.parse({
    id: "r1",
    title: `Analyze ${EVIL}`,
    status: "warning",
    summary: `Job ${codeSpan(EVIL)} and ${escapeMarkdownText(EVIL)}`,
    fields: [{ label: EVIL, value: EVIL }],
    tables: [{ title: EVIL, columns: ["Job"], rows: [[escapeMarkdownText(EVIL)]] }],
    sections: [{ title: EVIL, markdown: escapeMarkdownText(EVIL) }],
    findings: [{
      ruleId: "r",
      severity: "warning",
      file: EVIL,
      message: escapeMarkdownText(EVIL),
    }],
    actions: [{ id: "a", label: EVIL, intent: { op: "analyze", repo: "acme/app" } }],
    links: [{ label: EVIL, url: "https://github.com/acme/app" }],
  });
  const panes = renderPanes(report, { reportUrl: `${ORIGIN}/reports/r1`, origin: ORIGIN });
  assert.deepEqual(panes.map((p) => p.surface), [
    "Slack",
    "Discord",
    "Microsoft Teams",
    "Copilot / MCP",
  ]);
  for (const pane of panes) {
    assert.doesNotMatch(
      pane.html,
      /<img src=x|<script|onerror=alert\(1\)>|href="javascript/i,
      pane.surface,
    );
    assert.doesNotMatch(pane.html, /<strong>b<\/strong>/, `${pane.surface}: data became bold`);
    // The data is there, as text.
    assert.match(pane.html, /(&lt;|&#60;)img src=x onerror=alert\(1\)(&gt;|&#62;)/, pane.surface);
    // Our own link to the report page is a path on this server.
    assert.match(pane.html, /href="\/reports\/r1"/, pane.surface);
  }
});
