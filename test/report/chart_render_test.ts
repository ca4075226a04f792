import assert from "node:assert/strict";
import { renderHtml } from "../../src/report/html.ts";
import { markdownChart, MAX_CHART_ROWS, renderMarkdown } from "../../src/report/markdown.ts";
import { type Chart, ReportSchema } from "../../src/report/model.ts";

const chart: Chart = {
  title: "Execution time <sorted>",
  kind: "line",
  unit: "min",
  series: [
    { name: "ci.yml (baseline)", points: [{ x: 1, y: 7.5 }, { x: 2, y: 8 }, { x: 3, y: 9.25 }] },
    { name: "<script>|x", points: [{ x: 1, y: 6 }, { x: 2, y: 6.02 }] },
  ],
};

const report = ReportSchema.parse({
  title: "Compare",
  status: "success",
  summary: "Faster",
  fields: [{ label: "Verdict", value: "Faster" }],
  tables: [{ title: "Statistics", columns: ["a"], rows: [["1"]] }],
  charts: [chart, {
    title: "Jobs",
    kind: "bar",
    series: [{ name: "a", points: [{ x: "b", y: 1 }] }],
  }],
});

Deno.test("html: each chart is a <figure> with an inline SVG, after the fields and before tables", () => {
  const html = renderHtml(report);
  // Each chart twice: laid out 720 wide, and 360 wide for phones (CSS shows one).
  const wide = [...html.matchAll(/<div class="wide">(<svg [\s\S]*?<\/svg>)<\/div>/g)].map((m) =>
    m[1]
  );
  const narrow = [...html.matchAll(/<div class="narrow">(<svg [\s\S]*?<\/svg>)<\/div>/g)]
    .map((m) => m[1]);
  assert.equal(html.match(/<svg /g)?.length, 4);
  assert.equal(wide.length, 2);
  assert.equal(narrow.length, 2);
  for (const svg of wide) assert.match(svg, /viewBox="0 0 720 /);
  for (const svg of narrow) assert.match(svg, /viewBox="0 0 360 /);
  assert.equal(wide[0].match(/<polyline /g)?.length, 2);
  assert.equal(narrow[0].match(/<polyline /g)?.length, 2);
  assert.equal(wide[1].match(/<rect /g)?.length, 1);
  assert.ok(html.includes("@media (max-width:720px){.chart .wide{display:none}"));
  const heading = html.indexOf("<figcaption><b>Execution time &lt;sorted&gt;</b>");
  assert.ok(heading > html.indexOf("<dt>Verdict</dt>"), "chart after the fields");
  assert.ok(html.indexOf("<figcaption><b>Jobs</b>") > heading, "charts in report order");
  assert.ok(html.indexOf(">Statistics</h2>") > html.indexOf("<b>Jobs</b>"), "before tables");
  assert.ok(!html.includes("<script"), "series names are escaped");
  assert.ok(html.includes(".chart svg{display:block;max-width:100%;height:auto}"));
});

Deno.test("html: a report without charts has no SVG", () => {
  const html = renderHtml({ ...report, charts: [] });
  assert.ok(!html.includes("<svg"));
  assert.ok(html.includes(">Statistics</h2>"));
});

Deno.test("markdown: a chart is a table of x by series, durations formatted", () => {
  assert.equal(
    markdownChart(chart),
    [
      "| x | ci.yml (baseline) | \\<script\\>\\|x |",
      "| --- | --- | --- |",
      "| 1 | 7m 30s | 6m |",
      "| 2 | 8m | 6m 1s |",
      "| 3 | 9m 15s | — |",
    ].join("\n"),
  );
  const md = renderMarkdown(report);
  assert.ok(md.includes(`## Execution time \\<sorted\\>\n\n| x | ci.yml (baseline) |`));
  assert.ok(md.includes("## Jobs\n\n| x | a |\n| --- | --- |\n| b | 1 |\n\n## Statistics"));
  assert.ok(md.indexOf("## Jobs") > md.indexOf("- **Verdict:** Faster"));
});

Deno.test("markdown: long charts stop at the row limit and count the rest", () => {
  const points = Array.from({ length: MAX_CHART_ROWS + 7 }, (_, i) => ({ x: i + 1, y: i }));
  const md = markdownChart({ title: "t", kind: "bar", unit: "%", series: [{ name: "a", points }] });
  const lines = md.split("\n");
  assert.equal(lines.filter((l) => l.startsWith("| ")).length, 2 + MAX_CHART_ROWS);
  assert.equal(lines.at(-3), `| ${MAX_CHART_ROWS} | ${MAX_CHART_ROWS - 1}% |`);
  assert.equal(lines.at(-1), "… 7 more points");
  assert.equal(
    markdownChart({ title: "t", kind: "line", series: [{ name: "a", points: [] }] }),
    "_No data._",
  );
});
