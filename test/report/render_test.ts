import assert from "node:assert/strict";
import { renderHtml } from "../../src/report/html.ts";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { type Report, ReportSchema } from "../../src/report/model.ts";

const report: Report = ReportSchema.parse({
  title: "Analyze acme/app",
  status: "warning",
  summary: "3 findings in 1 workflow",
  fields: [{ label: "Workflows", value: "1" }],
  findings: [
    {
      ruleId: "missing-timeout",
      severity: "warning",
      file: ".github/workflows/ci.yml",
      line: 7,
      message: "Job 'test' has no timeout-minutes <script>",
      fix: "Set `timeout-minutes` a little above the job's usual duration.",
      patch: "test:\n  timeout-minutes: 30",
    },
    {
      ruleId: "unpinned-action",
      severity: "notice",
      file: ".github/workflows/ci.yml",
      message: "uses a | pipe",
      fix: "Pin it to a commit SHA; find it with `` git ls-remote `x` ``.",
    },
    {
      ruleId: "needs-invalid",
      severity: "error",
      file: ".github/workflows/ci.yml",
      line: 3,
      message: "needs a missing job",
      patch: "run: |\n  echo ```\n\n  done",
    },
  ],
  tables: [{ title: "By workflow", columns: ["file", "findings"], rows: [["ci|yml", "2"]] }],
  links: [{ label: "Run", url: "https://github.com/acme/app/actions/runs/1" }],
});

Deno.test("markdown: every part of the report appears, CI text escaped", () => {
  const md = renderMarkdown(report, { reportUrl: "http://localhost:8000/reports/x" });
  assert.match(md, /^# ⚠️ Analyze acme\/app\n/);
  assert.ok(md.includes("- **Workflows:** 1"));
  assert.ok(md.includes("`.github/workflows/ci.yml:7` \\[missing-timeout\\]"));
  assert.ok(md.includes(
    "\\[missing-timeout\\] Job 'test' has no timeout-minutes \\<script\\>\n" +
      "  - Fix: Set `timeout-minutes` a little above the job's usual duration.\n" +
      "    ```yaml\n    test:\n      timeout-minutes: 30\n    ```\n",
  ));
  assert.ok(md.includes(
    "\\[unpinned-action\\] uses a \\| pipe\n  - Fix: Pin it to a commit SHA; find it with " +
      "`` git ls-remote `x` ``.\n- ",
  ));
  // A patch holding ``` gets a longer fence; blank lines stay blank, not indented.
  assert.ok(md.includes(
    "\\[needs-invalid\\] needs a missing job\n  - Fix:\n" +
      "    ````yaml\n    run: |\n      echo ```\n\n      done\n    ````\n",
  ));
  assert.ok(md.includes("| ci\\|yml | 2 |"));
  assert.ok(md.includes("[Full report](http://localhost:8000/reports/x) · [Run]("));
});

Deno.test("html: escapes content and never links non-http URLs", () => {
  const html = renderHtml({
    ...report,
    links: [{ label: "x", url: "javascript:alert(1)" as string }],
  });
  assert.ok(html.startsWith("<!doctype html>"));
  assert.ok(html.includes("no timeout-minutes &lt;script&gt;"));
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes('<a href="#">x</a>'));
  assert.ok(html.includes("<td>ci|yml</td>"));
  assert.ok(html.includes(
    "<p>Fix: Set <code>timeout-minutes</code> a little above the job&#39;s usual duration.</p>" +
      "<pre>test:\n  timeout-minutes: 30</pre>",
  ));
  assert.ok(html.includes("find it with <code>git ls-remote `x`</code>.</p><ul"));
  assert.ok(html.includes("</summary><pre>run: |\n  echo ```\n\n  done</pre><ul"));
  assert.ok(html.includes("<title>Analyze acme/app — ci-orchestrator</title>"));
});
