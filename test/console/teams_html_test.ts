/** Adaptive Cards drawn as HTML: every element kind our cards use, charts as their fallback. */
import assert from "node:assert/strict";
import { renderCard } from "../../bots/teams/card.ts";
import { teamsHtml } from "../../src/console/teams_html.ts";
import { ReportSchema } from "../../src/report/model.ts";

const ORIGIN = "https://ci.example.test";

Deno.test("teams html: text, runs, facts, containers, columns, table, chart fallback, actions", () => {
  const html = teamsHtml({
    body: [
      { type: "TextBlock", text: "Title <b>", weight: "Bolder", size: "Large" },
      {
        type: "RichTextBlock",
        inlines: [
          { type: "TextRun", text: "ci.yml", fontType: "Monospace" },
          {
            type: "TextRun",
            text: "view run",
            selectAction: { type: "Action.OpenUrl", url: "https://x.test/1" },
          },
        ],
      },
      { type: "FactSet", facts: [{ title: "Runs", value: "60 \\*all\\*" }] },
      { type: "Container", style: "emphasis", items: [{ type: "TextBlock", text: "inside" }] },
      {
        type: "ColumnSet",
        columns: [{ items: [{ type: "TextBlock", text: "left" }] }, { items: [] }],
      },
      {
        type: "Table",
        firstRowAsHeader: true,
        rows: [
          {
            type: "TableRow",
            cells: [{ type: "TableCell", items: [{ type: "TextBlock", text: "Job" }] }],
          },
          {
            type: "TableRow",
            cells: [{ type: "TableCell", items: [{ type: "TextBlock", text: "build" }] }],
          },
        ],
      },
      {
        type: "Chart.Line",
        title: "Duration",
        fallback: {
          type: "Image",
          url: `${ORIGIN}/reports/r1/chart.png?chart=0`,
          altText: "Duration",
        },
      },
    ],
    actions: [
      { type: "Action.Execute", title: "Run", style: "positive", verb: "ci.run" },
      { type: "Action.OpenUrl", title: "Full report", url: `${ORIGIN}/reports/r1` },
    ],
  }, ORIGIN);
  assert.ok(html.includes('<p class="bold large">Title &lt;b&gt;</p>'), html);
  assert.ok(html.includes('<span class="mono">ci.yml</span>'));
  assert.ok(html.includes('<a href="https://x.test/1"><span>view run</span></a>'));
  assert.ok(html.includes("<dt>Runs</dt><dd>60 *all*</dd>"), html);
  assert.ok(html.includes('<div class="container emphasis"><p>inside</p></div>'));
  assert.ok(html.includes('<div class="columns"><div><p>left</p></div><div></div></div>'));
  assert.ok(html.includes("<tr><th><p>Job</p></th></tr><tr><td><p>build</p></td></tr>"), html);
  assert.ok(html.includes('<img src="/reports/r1/chart.png?chart=0" alt="Duration" width="480">'));
  assert.ok(html.includes('<span class="btn ok" title="Pressable in Teams">Run</span>'));
  assert.ok(html.includes('<a class="btn" href="/reports/r1">Full report</a>'));
});

Deno.test("teams html: a real card's CI data stays text", () => {
  const report = ReportSchema.parse({
    title: "Analyze <script>alert(1)</script>",
    status: "warning",
    summary: "**bold** and `code`",
    fields: [{ label: "Branch <i>", value: "[x](javascript:alert(1))" }],
    charts: [{ title: "Runs", kind: "line", series: [{ name: "ci", points: [{ x: 1, y: 2 }] }] }],
  });
  const html = teamsHtml(renderCard(report, { reportUrl: `${ORIGIN}/reports/r1` }), ORIGIN);
  assert.doesNotMatch(html, /<script|<i>|href="javascript/);
  assert.match(html, /<dt>Branch &lt;i&gt;<\/dt><dd>\[x\]\(javascript:alert\(1\)\)<\/dd>/);
  assert.match(html, /<span class="bold">bold<\/span>/);
  assert.match(html, /<img src="\/reports\/r1\/chart\.png\?chart=0"/);
});
