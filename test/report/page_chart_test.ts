import assert from "node:assert/strict";
import type { Chart } from "../../src/report/model.ts";
import { chartDescription, renderChartSvg } from "../../src/report/svg.ts";

const chart: Chart = {
  title: "Duration per run (oldest first)",
  kind: "line",
  unit: "s",
  axes: { x: "Run, oldest first", y: "Duration" },
  series: [{
    name: "ci.yml",
    points: Array.from({ length: 60 }, (_, i) => ({
      x: i + 1,
      y: i < 37 ? 600 : 840,
      ...(i === 40 || i === 46 ? { failed: true } : {}),
    })),
  }],
  markers: [{ x: 38, label: "ci.yml slower from run 1038" }],
};

Deno.test("chart: the change point is a labelled dashed line at its run", () => {
  const svg = renderChartSvg(chart);
  const marker =
    /<g class="marker"><line x1="([\d.]+)" x2="\1"[^>]*stroke-dasharray="4 3"\/><text [^>]*>([^<]*)<\/text><\/g>/
      .exec(svg);
  assert.ok(marker, "a marker group");
  assert.equal(marker[2], "ci.yml slower from run 1038");
  // The marker sits on the 38th point's circle.
  const circles = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => m[1]);
  assert.equal(marker[1], circles[37 + 1], "legend circle first, then the points");
});

Deno.test("chart: failed runs are red crosses with a legend entry and a tooltip", () => {
  const svg = renderChartSvg(chart);
  assert.equal(svg.match(/<g class="failed"><path [^>]*stroke="#cf222e"/g)?.length, 2);
  assert.ok(svg.includes(">Failed run</text>"), "legend");
  assert.ok(svg.includes("<title>ci.yml — 41: 14m, failed</title>"));
  const plain = renderChartSvg({ ...chart, series: [{ name: "a", points: [{ x: 1, y: 1 }] }] });
  assert.ok(!plain.includes("Failed run") && !plain.includes('class="failed"'));
});

Deno.test("chart: axis titles are drawn and the description names failures and changes", () => {
  const svg = renderChartSvg(chart);
  assert.match(svg, /<text class="axis-title"[^>]*>Duration<\/text>/);
  assert.match(
    svg,
    /<text class="axis-title"[^>]*text-anchor="middle"[^>]*>Run, oldest first<\/text>/,
  );
  assert.equal(
    chartDescription(chart),
    "Line chart of 1 series, in seconds. ci.yml: 60 points, 10m to 14m. ci.yml: 2 failed (red crosses). " +
      "Marked at 38: ci.yml slower from run 1038.",
  );
  assert.ok(svg.includes(`<desc>${chartDescription(chart)}</desc>`));
});

Deno.test("chart: a marker outside the data is left out, not drawn off the plot", () => {
  const svg = renderChartSvg({ ...chart, markers: [{ x: 500, label: "far" }] });
  assert.ok(!svg.includes('class="marker"'));
});
