/**
 * Chart → a self-contained, accessible inline SVG for the report page. No scripts and no external
 * resources, because the page is served with `default-src 'none'`; hover details use SVG
 * `<title>` elements, which browsers show as tooltips.
 *
 * @module
 */
import { escapeHtml } from "./escape.ts";
import type { Chart } from "./model.ts";
import {
  CHAR_WIDTH,
  cross,
  describe,
  legend,
  MAX_CHART_POINTS,
  type Point,
  prepare,
  type Prepared,
  px,
  truncate,
  type X,
} from "./page/chart_parts.ts";
import {
  formatChartValue,
  formatNumber,
  formatTick,
  isDuration,
  positionScale,
  tickDecimals,
  valueScale,
} from "./page/chart_scale.ts";

// Callers (the markdown tables) format values through the chart module.
export { formatChartValue, MAX_CHART_POINTS };

/**
 * The distinct x values of all series, in display order: ascending when every x is a number,
 * else in order of first appearance (categories).
 *
 * @example
 * ```ts
 * chartXValues({ title: "t", kind: "bar", series: [
 *   { name: "a", points: [{ x: 3, y: 1 }, { x: 1, y: 2 }] },
 *   { name: "b", points: [{ x: 2, y: 1 }] },
 * ] }); // [1, 2, 3]
 * ```
 */
export function chartXValues(chart: Chart): X[] {
  return orderXs(chart.series.map((s) => s.points));
}

function orderXs(lists: Point[][]): X[] {
  const seen = new Map<string, X>();
  for (const points of lists) {
    for (const p of points) if (!seen.has(String(p.x))) seen.set(String(p.x), p.x);
  }
  const xs = [...seen.values()];
  return xs.every((x) => typeof x === "number") ? (xs as number[]).sort((a, b) => a - b) : xs;
}

const isCategorical = (chart: Chart) =>
  chart.kind === "bar" || chart.series.some((s) => s.points.some((p) => typeof p.x === "string"));

/**
 * The chart in words (the SVG's `<desc>`, and the page's caption): each series' range, failed
 * runs and marked changes.
 *
 * @example
 * ```ts
 * chartDescription({ title: "t", kind: "bar", series: [] }); // "Bar chart of 0 series."
 * ```
 */
export function chartDescription(chart: Chart): string {
  return describe(chart, prepare(chart, !isCategorical(chart)));
}

const clampSize = (n: number | undefined, fallback: number, min: number) =>
  n !== undefined && Number.isFinite(n) ? Math.max(min, Math.round(n)) : fallback;

/**
 * Renders a chart as an inline `<svg>`: value axis from zero with a few "nice" ticks (durations
 * formatted when the unit is `ms`, `s`, `min` or `h`), one Okabe-Ito colour per series, a legend,
 * lines as polylines with point markers, bars grouped per x value. String x values are
 * categories; numeric x values of a line chart are placed on a linear scale.
 *
 * @example
 * ```ts
 * const svg = renderChartSvg({ title: "Run time", kind: "line", unit: "min", series: [
 *   { name: "ci.yml", points: [{ x: 1, y: 7.5 }, { x: 2, y: 8 }] },
 * ] });
 * svg.startsWith("<svg"); // true
 * ```
 */
export function renderChartSvg(
  chart: Chart,
  options: { width?: number; height?: number } = {},
): string {
  const width = clampSize(options.width, 720, 240);
  const categorical = isCategorical(chart);
  const series = prepare(chart, !categorical);
  const values = series.flatMap((s) => s.points.map((p) => p.y));
  const y = valueScale(values, chart.unit);
  const yStep = y.ticks.length > 1 ? y.ticks[1] - y.ticks[0] : 1;
  const yLabels = y.ticks.map((t) => formatTick(t, chart.unit, yStep));
  const unitLabel = chart.unit && !isDuration(chart.unit) ? chart.unit : undefined;
  const yTitle = chart.axes?.y ? `${chart.axes.y}${unitLabel ? ` (${unitLabel})` : ""}` : unitLabel;
  const xTitle = chart.axes?.x;

  const key = legend(series, chart.kind, width);
  const markers = chart.markers ?? [];
  const top = key.height + (yTitle ? 20 : 10) + (markers.length ? 20 : 0);
  const left = 14 + Math.max(3, ...yLabels.map((l) => l.length)) * CHAR_WIDTH;
  const bottom = xTitle ? 46 : 28;
  const height = Math.max(clampSize(options.height, 320, 160), top + bottom + 60);
  const plotW = width - left - 16;
  const plotH = height - top - bottom;
  const yPos = (v: number) => top + plotH - ((v - y.lo) / (y.hi - y.lo)) * plotH;

  const out: string[] = [...key.svg];
  if (yTitle) {
    const at = top - 8 - (markers.length ? 20 : 0);
    out.push(
      `<text class="axis-title" x="${px(left)}" y="${at}" fill="#57606a">` +
        `${escapeHtml(yTitle)}</text>`,
    );
  }
  if (xTitle) {
    out.push(
      `<text class="axis-title" x="${px(left + plotW / 2)}" y="${px(height - 6)}" ` +
        `text-anchor="middle" fill="#57606a">${escapeHtml(xTitle)}</text>`,
    );
  }
  // Without data, tick values would be invented; the frame and "No data" say enough.
  const right = px(left + plotW);
  if (values.length) {
    y.ticks.forEach((t, i) => {
      const at = px(yPos(t));
      const stroke = t === 0 && y.lo < 0 ? "#57606a" : "#d0d7de";
      out.push(
        `<line x1="${px(left)}" x2="${right}" y1="${at}" y2="${at}" stroke="${stroke}"/>`,
        `<text x="${px(left - 6)}" y="${at}" dy="0.32em" text-anchor="end" fill="#57606a">` +
          `${escapeHtml(yLabels[i])}</text>`,
      );
    });
  }
  out.push(
    `<path d="M${px(left)} ${top}V${px(top + plotH)}H${right}" fill="none" ` +
      `stroke="#57606a"/>`,
  );

  const xLabelY = px(top + plotH + 18);
  const xLabel = (at: number, text: string) =>
    `<text x="${px(at)}" y="${xLabelY}" text-anchor="middle" fill="#57606a">${
      escapeHtml(text)
    }</text>`;
  let xPos: (p: Point) => number;
  if (values.length === 0) {
    xPos = () => left;
    out.push(
      `<text x="${px(left + plotW / 2)}" y="${px(top + plotH / 2)}" text-anchor="middle" ` +
        `fill="#57606a">No data</text>`,
    );
  } else if (categorical) {
    const categories = orderXs(series.map((s) => s.points)).map(String);
    const index = new Map(categories.map((c, i) => [c, i]));
    const band = plotW / categories.length;
    const every = Math.ceil(categories.length / Math.max(1, Math.floor(plotW / 90)));
    categories.forEach((c, i) => {
      if (i % every === 0) out.push(xLabel(left + band * (i + 0.5), truncate(c, 12)));
    });
    xPos = (p) => left + band * (index.get(String(p.x))! + 0.5);
    if (chart.kind === "bar") {
      out.push(...bars(series, chart.unit, band, index, left, yPos));
    } else {
      for (const s of series) s.points.sort((a, b) => xPos(a) - xPos(b));
    }
  } else {
    const x = positionScale(
      series.flatMap((s) => s.points.map((p) => p.x as number)),
      Math.floor(plotW / 80),
    );
    const inner = plotW - 16;
    const at = (v: number) => left + 8 + ((v - x.lo) / (x.hi - x.lo)) * inner;
    for (const t of x.ticks) out.push(xLabel(at(t), formatNumber(t, tickDecimals(x.step))));
    xPos = (p) => at(p.x as number);
  }
  if (values.length) {
    out.push(
      ...markerLines(markers, xPos, { left, right: left + plotW, top, bottom: top + plotH }, width),
    );
  }
  if (chart.kind === "line") out.push(...lines(series, chart.unit, xPos, yPos));

  const title = escapeHtml(chart.title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `font-family="system-ui,sans-serif" font-size="12" fill="#1f2328">`,
    `<title>${title}</title>`,
    `<desc>${escapeHtml(describe(chart, series))}</desc>`,
    ...out,
    "</svg>",
  ].join("\n");
}

const tooltip = (s: Prepared, p: Point, unit?: string) =>
  `<title>${
    escapeHtml(`${s.name} — ${p.x}: ${formatChartValue(p.y, unit)}${p.failed ? ", failed" : ""}`)
  }</title>`;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

// A dashed vertical line per marker with its label in the row above the plot: right of the line
// when it fits, else left of it, and never outside the drawing (a phone-sized chart is narrow).
function markerLines(
  markers: NonNullable<Chart["markers"]>,
  xPos: (p: Point) => number,
  box: Box,
  width: number,
): string[] {
  return markers.flatMap((m) => {
    const at = xPos({ x: m.x, y: 0 });
    if (!Number.isFinite(at) || at < box.left || at > box.right) return [];
    const label = truncate(m.label, Math.min(60, Math.floor((width - 8) / CHAR_WIDTH)));
    const w = label.length * CHAR_WIDTH;
    const side = at + 4 + w <= box.right ? at + 4 : at - 4 - w;
    const x = Math.max(4, Math.min(side, width - 4 - w));
    return [
      `<g class="marker"><line x1="${px(at)}" x2="${px(at)}" y1="${px(box.top - 4)}" ` +
      `y2="${px(box.bottom)}" stroke="#8250df" stroke-width="1.5" stroke-dasharray="4 3"/>` +
      `<text x="${px(x)}" y="${px(box.top - 10)}">${escapeHtml(label)}</text></g>`,
    ];
  });
}

function lines(
  series: Prepared[],
  unit: string | undefined,
  xPos: (p: Point) => number,
  yPos: (v: number) => number,
): string[] {
  const out: string[] = [];
  for (const s of series) {
    if (s.points.length === 0) continue;
    const coords = s.points.map((p) => `${px(xPos(p))},${px(yPos(p.y))}`);
    out.push(
      `<polyline points="${coords.join(" ")}" fill="none" stroke="${s.color}" ` +
        `stroke-width="2" stroke-linejoin="round"/>`,
    );
    const r = s.points.length > 100 ? 1.5 : 3;
    s.points.forEach((p, i) => {
      const [cx, cy] = coords[i].split(",");
      out.push(
        `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${s.color}">${tooltip(s, p, unit)}</circle>`,
      );
      if (p.failed) {
        out.push(`<g class="failed">${cross(Number(cx), Number(cy), 4)}${tooltip(s, p, unit)}</g>`);
      }
    });
  }
  return out;
}

function bars(
  series: Prepared[],
  unit: string | undefined,
  band: number,
  index: Map<string, number>,
  left: number,
  yPos: (v: number) => number,
): string[] {
  const out: string[] = [];
  const barWidth = (band * 0.8) / Math.max(1, series.length);
  const gap = barWidth >= 4 ? 1 : 0;
  const base = yPos(0);
  series.forEach((s, k) => {
    for (const p of s.points) {
      const x = left + band * (index.get(String(p.x))! + 0.1) + k * barWidth;
      const end = yPos(p.y);
      out.push(
        `<rect x="${px(x)}" y="${px(Math.min(end, base))}" width="${px(barWidth - gap)}" ` +
          `height="${px(Math.abs(end - base))}" fill="${s.color}">${tooltip(s, p, unit)}</rect>`,
      );
    }
  });
  return out;
}
