import assert from "node:assert/strict";
import type { Chart } from "../../src/report/model.ts";
import {
  chartXValues,
  formatChartValue,
  MAX_CHART_POINTS,
  renderChartSvg,
} from "../../src/report/svg.ts";

const TAGS = new Set([
  "svg",
  "title",
  "desc",
  "g",
  "path",
  "text",
  "line",
  "polyline",
  "circle",
  "rect",
]);

/**
 * A small XML well-formedness check: every tag is a known SVG element, tags nest and balance,
 * one root, and text and attribute values hold no raw `<`, `>` or bare `&`.
 */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of svg.matchAll(tag)) {
    const text = svg.slice(last, m.index);
    assert.doesNotMatch(
      text,
      /[<>]|&(?!(amp|lt|gt|quot|#39);)/,
      `bad text ${JSON.stringify(text)}`,
    );
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    assert.ok(TAGS.has(name), `unexpected element <${name}>`);
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    }
  }
  assert.equal(svg.slice(last).trim(), "", "text after the root element");
  assert.deepEqual(stack, [], "unclosed elements");
  assert.equal(roots, 1);
  assert.match(svg, /^<svg [^>]*>/);
  assert.ok(svg.endsWith("</svg>"));
}

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;
const texts = (svg: string) => [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const durations: Chart = {
  title: "Execution time of successful runs, sorted",
  kind: "line",
  unit: "min",
  series: [
    {
      name: "ci.yml (baseline)",
      points: [7.2, 7.5, 7.67, 8.3, 9.4].map((y, i) => ({ x: i + 1, y })),
    },
    { name: "ci-fast.yml (candidate)", points: [5.9, 6.02, 6.5].map((y, i) => ({ x: i + 1, y })) },
  ],
};

Deno.test("svg: a line chart has one polyline per series, a marker per point, duration ticks", () => {
  const svg = renderChartSvg(durations);
  assertWellFormed(svg);
  assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-label="Execution time of successful runs/);
  assert.ok(svg.includes("<title>Execution time of successful runs, sorted</title>"));
  assert.equal(count(svg, /<polyline /g), 2);
  assert.equal(count(svg, /<circle [^>]*><title>/g), 8);
  assert.equal(count(svg, /<rect /g), 0);
  const labels = texts(svg);
  // 0 to 9.4 min in nice 2-minute steps, formatted as durations rather than decimals.
  for (const tick of ["0s", "2m", "4m", "6m", "8m", "10m"]) assert.ok(labels.includes(tick), tick);
  assert.ok(labels.includes("ci.yml (baseline)") && labels.includes("ci-fast.yml (candidate)"));
  // Numeric x: a linear axis with integer ticks only.
  assert.ok(labels.includes("2") && labels.includes("4") && !labels.includes("1.5"));
  assert.ok(svg.includes("<title>ci.yml (baseline) — 3: 7m 40s</title>"));
  assert.match(
    svg,
    /<desc>Line chart of 2 series, in minutes\. ci\.yml \(baseline\): 5 points, 7m 12s to 9m 24s\./,
  );
  // Two series, two colours.
  const colours = new Set(
    [...svg.matchAll(/<polyline [^>]*stroke="(#[0-9A-F]{6})"/g)].map((m) => m[1]),
  );
  assert.equal(colours.size, 2);
});

Deno.test("svg: the line follows ascending x, whatever the input order", () => {
  const svg = renderChartSvg({
    title: "t",
    kind: "line",
    series: [{ name: "a", points: [{ x: 3, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 3 }] }],
  });
  const xs = svg.match(/<polyline points="([^"]*)"/)![1].split(" ").map((p) =>
    Number(p.split(",")[0])
  );
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
  assert.equal(xs.length, 3);
});

Deno.test("svg: a bar chart has one rect per point, grouped per category, bars from zero", () => {
  const svg = renderChartSvg({
    title: "Median job time",
    kind: "bar",
    unit: "s",
    series: [
      { name: "main", points: [{ x: "build", y: 100 }, { x: "test", y: 340 }] },
      { name: "pr", points: [{ x: "build", y: 90 }, { x: "test", y: -30 }, { x: "lint", y: 12 }] },
    ],
  });
  assertWellFormed(svg);
  assert.equal(count(svg, /<rect /g), 5);
  assert.equal(count(svg, /<polyline /g), 0);
  const labels = texts(svg);
  for (const name of ["build", "test", "lint", "main", "pr", "0s", "2m", "−2m"]) {
    assert.ok(labels.includes(name), name);
  }
  const rects = [...svg.matchAll(/<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/g)]
    .map((m) => m.slice(1).map(Number));
  // Series by series: main build, main test, pr build, pr test (negative), pr lint.
  // The negative bar hangs below the zero line where the positive ones stand on it.
  const negative = rects[3];
  const zero = rects[0][1] + rects[0][3];
  assert.ok(rects.slice(0, 2).every(([, y, , h]) => Math.abs(y + h - zero) < 0.2));
  assert.ok(Math.abs(negative[1] - zero) < 0.2 && negative[3] > 0);
  // Within the "build" group the second series sits right of the first.
  assert.ok(rects[2][0] > rects[0][0]);
});

Deno.test("svg: every piece of data is escaped", () => {
  const svg = renderChartSvg({
    title: `</svg><script>alert("t")</script>`,
    kind: "bar",
    unit: "<u>",
    series: [
      { name: "<script>", points: [{ x: "<b>&", y: 1 }] },
      { name: `a"b'`, points: [{ x: "ok", y: 2 }] },
    ],
  });
  assertWellFormed(svg);
  assert.ok(!svg.includes("<script") && !svg.includes("<b>") && !svg.includes("<u>"));
  assert.ok(svg.includes(">&lt;script&gt;</text>"));
  assert.ok(svg.includes(">&lt;b&gt;&amp;</text>"));
  assert.ok(svg.includes('aria-label="&lt;/svg&gt;&lt;script&gt;alert(&quot;t&quot;)'));
  assert.ok(svg.includes(">a&quot;b&#39;</text>"));
});

const degenerate: [string, Chart][] = [
  ["no series", { title: "t", kind: "line", series: [] }],
  ["empty series", { title: "t", kind: "bar", unit: "ms", series: [{ name: "a", points: [] }] }],
  ["one point, line", {
    title: "t",
    kind: "line",
    series: [{ name: "a", points: [{ x: 5, y: 3 }] }],
  }],
  ["one point, bar", {
    title: "t",
    kind: "bar",
    series: [{ name: "a", points: [{ x: "x", y: 3 }] }],
  }],
  ["all zero", {
    title: "t",
    kind: "line",
    unit: "s",
    series: [{ name: "a", points: [{ x: 1, y: 0 }, { x: 2, y: 0 }] }],
  }],
  ["all equal, same x", {
    title: "t",
    kind: "line",
    series: [{ name: "a", points: [{ x: 2, y: 7 }, { x: 2, y: 7 }] }],
  }],
  ["tiny values", {
    title: "t",
    kind: "line",
    unit: "ms",
    series: [{ name: "a", points: [{ x: 0.001, y: 0.0001 }, { x: 0.002, y: 0.0002 }] }],
  }],
  ["huge values", {
    title: "t",
    kind: "bar",
    series: [{ name: "a", points: [{ x: 1, y: -1e15 }, { x: 2, y: 1e15 }] }],
  }],
];

for (const [name, chart] of degenerate) {
  Deno.test(`svg: degenerate input (${name}) gives a valid SVG without NaN or Infinity`, () => {
    const svg = renderChartSvg(chart);
    assertWellFormed(svg);
    assert.doesNotMatch(svg, /NaN|Infinity|undefined/);
    const points = chart.series.reduce((n, s) => n + s.points.length, 0);
    if (points === 0) assert.ok(texts(svg).includes("No data"));
    else {assert.equal(
        count(svg, chart.kind === "bar" ? /<rect /g : /<circle [^>]*><title>/g),
        points,
      );}
  });
}

Deno.test("svg: non-finite values are left out and said so; odd sizes are clamped", () => {
  const chart: Chart = {
    title: "t",
    kind: "line",
    series: [{
      name: "a",
      points: [{ x: 1, y: NaN }, { x: 2, y: Infinity }, { x: 3, y: 4 }, { x: -Infinity, y: 1 }],
    }],
  };
  const svg = renderChartSvg(chart, { width: NaN, height: -5 });
  assertWellFormed(svg);
  assert.doesNotMatch(svg, /NaN|Infinity/);
  assert.equal(count(svg, /<circle [^>]*><title>/g), 1);
  assert.match(svg, /3 point\(s\) of a are not finite numbers/);
  assert.match(svg, /width="720" height="160"/);
});

Deno.test("svg: long series are thinned evenly to the cap, and the description says so", () => {
  const points = Array.from({ length: 1200 }, (_, i) => ({ x: i, y: i % 7 }));
  const svg = renderChartSvg({
    title: "t",
    kind: "line",
    unit: "%",
    series: [{ name: "a", points }],
  });
  assertWellFormed(svg);
  assert.equal(count(svg, /<circle [^>]*><title>/g), MAX_CHART_POINTS);
  assert.ok(svg.includes(`a has 1200 points; ${MAX_CHART_POINTS} evenly spaced ones are drawn.`));
  // First and last points survive the thinning.
  assert.ok(
    svg.includes("<title>a — 0: 0%</title>") && svg.includes("<title>a — 1199: 2%</title>"),
  );
  // A non-duration unit labels the axis once; ticks stay plain numbers.
  assert.ok(texts(svg).includes("%") && texts(svg).includes("6"));
});

Deno.test("svg: many categories get thinned labels but every bar", () => {
  const points = Array.from({ length: 60 }, (_, i) => ({ x: `job-${i}`, y: i }));
  const svg = renderChartSvg({ title: "t", kind: "bar", series: [{ name: "a", points }] });
  assertWellFormed(svg);
  assert.equal(count(svg, /<rect /g), 60);
  const shown = texts(svg).filter((t) => t.startsWith("job-"));
  assert.ok(shown.length > 1 && shown.length < 60, String(shown.length));
});

Deno.test("formatChartValue: durations per unit, numbers with their unit", () => {
  assert.equal(formatChartValue(7.67, "min"), "7m 40s");
  assert.equal(formatChartValue(1500, "ms"), "1.5s");
  assert.equal(formatChartValue(450, "ms"), "450ms");
  assert.equal(formatChartValue(90, "s"), "1m 30s");
  assert.equal(formatChartValue(-12, "s"), "−12s");
  assert.equal(formatChartValue(1.5, "h"), "1h 30m");
  assert.equal(formatChartValue(12.345, "MB"), "12.35 MB");
  assert.equal(formatChartValue(0.0031), "0.0031");
  assert.equal(formatChartValue(40, "%"), "40%");
  assert.equal(formatChartValue(NaN, "s"), "—");
});

Deno.test("chartXValues: numbers ascend, strings keep first appearance", () => {
  assert.deepEqual(
    chartXValues({
      title: "t",
      kind: "line",
      series: [{ name: "a", points: [{ x: 3, y: 1 }, { x: 1, y: 1 }] }, {
        name: "b",
        points: [{ x: 2, y: 1 }, { x: 3, y: 1 }],
      }],
    }),
    [1, 2, 3],
  );
  assert.deepEqual(
    chartXValues({
      title: "t",
      kind: "bar",
      series: [{ name: "a", points: [{ x: "z", y: 1 }, { x: "a", y: 1 }, { x: "z", y: 2 }] }],
    }),
    ["z", "a"],
  );
});
