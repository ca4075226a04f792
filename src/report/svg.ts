/**
 * Chart → a self-contained, accessible inline SVG for the report page. No scripts and no external
 * resources, because the page is served with `default-src 'none'`; hover details use SVG
 * `<title>` elements, which browsers show as tooltips.
 *
 * @module
 */
import { escapeHtml } from "./escape.ts";
import type { Chart } from "./model.ts";

/** Points drawn per series at most; longer series are thinned evenly (the `<desc>` says so). */
export const MAX_CHART_POINTS = 500;

// Okabe-Ito, distinguishable with the common colour-vision deficiencies; yellow last (low contrast).
const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#000000",
  "#F0E442",
];
const MS_PER_UNIT: Record<string, number> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  min: 60_000,
  h: 3_600_000,
};
// Steps that read well on a time axis: 15 s and 30 min rather than 20 s and 20 min.
const DURATION_STEPS_MS = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((n) => n * 1_000),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * 60_000),
  ...[1, 2, 3, 6, 12, 24].map((n) => n * 3_600_000),
];
const MINUS = "\u2212";
// Past this magnitude a range can overflow to Infinity; such values are left out and reported.
const LIMIT = 1e15;
const CHAR_WIDTH = 7;

type X = string | number;
interface Point {
  x: X;
  y: number;
}

const drawable = (n: number) => Number.isFinite(n) && Math.abs(n) <= LIMIT;
const pad2 = (n: number) => String(n).padStart(2, "0");
// String(-0) is "0", so rounding near zero never prints "-0".
const px = (n: number) => String(Math.round(n * 10) / 10);
const clean = (n: number) => Number(n.toPrecision(12));

function formatMs(ms: number): string {
  const sign = ms < 0 ? MINUS : "";
  const abs = Math.abs(ms);
  if (abs === 0) return "0s";
  if (abs < 999.5) return `${sign}${Number(abs.toPrecision(3))}ms`;
  if (abs < 59_950) {
    const s = abs / 1000;
    return `${sign}${Number(s.toFixed(s < 9.95 ? 1 : 0))}s`;
  }
  const total = Math.round(abs / 1000);
  if (total < 3600) {
    const s = total % 60;
    return `${sign}${Math.floor(total / 60)}m${s ? ` ${pad2(s)}s` : ""}`;
  }
  const minutes = Math.round(total / 60);
  const m = minutes % 60;
  return `${sign}${Math.floor(minutes / 60)}h${m ? ` ${pad2(m)}m` : ""}`;
}

function formatNumber(n: number, maxFractionDigits: number): string {
  const digits = Math.min(Math.max(0, maxFractionDigits), 10);
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(n)
    .replace("-", MINUS);
}

const isDuration = (unit?: string) => unit !== undefined && unit in MS_PER_UNIT;

/**
 * Formats a chart value in its unit: durations (`ms`, `s`, `sec`, `min`, `h`) as "7m 40s",
 * other values as a number followed by the unit.
 *
 * @example
 * ```ts
 * formatChartValue(7.67, "min"); // "7m 40s"
 * formatChartValue(1500, "ms"); // "1.5s"
 * formatChartValue(12.345, "MB"); // "12.35 MB"
 * formatChartValue(40, "%"); // "40%"
 * ```
 */
export function formatChartValue(value: number, unit?: string): string {
  if (!Number.isFinite(value)) return "—";
  if (isDuration(unit)) return formatMs(value * MS_PER_UNIT[unit!]);
  const abs = Math.abs(value);
  const text = formatNumber(value, abs >= 1 || abs === 0 ? 2 : 2 - Math.floor(Math.log10(abs)));
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

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

function niceNumber(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
}

function niceDurationStep(raw: number, msPerUnit: number): number {
  const rawMs = raw * msPerUnit;
  if (rawMs < 1) return niceNumber(raw);
  const step = DURATION_STEPS_MS.find((s) => s >= rawMs);
  return (step ?? niceNumber(rawMs / 3_600e3) * 3_600e3) / msPerUnit;
}

interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
}

// Always includes 0 so bars start at the axis and lines are not exaggerated.
function valueScale(values: number[], unit?: string): Scale {
  let lo = values.reduce((a, b) => Math.min(a, b), 0);
  let hi = values.reduce((a, b) => Math.max(a, b), 0);
  if (lo === hi) hi = lo + 1;
  const raw = (hi - lo) / 5;
  const step = isDuration(unit) ? niceDurationStep(raw, MS_PER_UNIT[unit!]) : niceNumber(raw);
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  lo = clean(first * step);
  hi = clean(last * step);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
  return { lo, hi, ticks };
}

function positionScale(xs: number[], target: number): Scale & { step: number } {
  let lo = xs.reduce((a, b) => Math.min(a, b));
  let hi = xs.reduce((a, b) => Math.max(a, b));
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  let step = niceNumber((hi - lo) / Math.max(2, target));
  if (xs.every(Number.isInteger)) step = Math.max(1, step);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
  return { lo, hi, ticks, step };
}

const tickDecimals = (step: number) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));

function formatTick(value: number, unit: string | undefined, step: number): string {
  if (isDuration(unit)) return formatMs(value * MS_PER_UNIT[unit!]);
  return formatNumber(value, tickDecimals(step));
}

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function thin(points: Point[]): Point[] {
  if (points.length <= MAX_CHART_POINTS) return points;
  const last = points.length - 1;
  return Array.from(
    { length: MAX_CHART_POINTS },
    (_, i) => points[Math.round((i * last) / (MAX_CHART_POINTS - 1))],
  );
}

interface Prepared {
  name: string;
  color: string;
  points: Point[];
  total: number;
  dropped: number;
}

function prepare(chart: Chart, numeric: boolean): Prepared[] {
  return chart.series.map((s, i) => {
    const usable = s.points.filter((p) =>
      drawable(p.y) && (typeof p.x === "string" || drawable(p.x))
    );
    if (numeric) usable.sort((a, b) => (a.x as number) - (b.x as number));
    return {
      name: s.name,
      color: PALETTE[i % PALETTE.length],
      points: thin(usable),
      total: usable.length,
      dropped: s.points.length - usable.length,
    };
  });
}

function describe(chart: Chart, series: Prepared[]): string {
  const kind = chart.kind === "line" ? "Line" : "Bar";
  const parts = [
    `${kind} chart of ${series.length} series${chart.unit ? ` in ${chart.unit}` : ""}.`,
  ];
  for (const s of series) {
    const ys = s.points.map((p) => p.y);
    const range = () =>
      `${formatChartValue(Math.min(...ys), chart.unit)} to ` +
      `${formatChartValue(Math.max(...ys), chart.unit)}`;
    const count = `${s.total} point${s.total === 1 ? "" : "s"}`;
    parts.push(ys.length === 0 ? `${s.name}: no points.` : `${s.name}: ${count}, ${range()}.`);
    if (s.total > s.points.length) {
      parts.push(
        `${s.name} has ${s.total} points; ${MAX_CHART_POINTS} evenly spaced ones are drawn.`,
      );
    }
    if (s.dropped > 0) {
      parts.push(
        `${s.dropped} point(s) of ${s.name} are not finite numbers (or beyond ±1e15) ` +
          "and are left out.",
      );
    }
  }
  return parts.join(" ");
}

interface Legend {
  svg: string[];
  height: number;
}

function legend(series: Prepared[], kind: Chart["kind"], width: number): Legend {
  const svg: string[] = [];
  let x = 0;
  let row = 0;
  for (const s of series) {
    const label = truncate(s.name, 40);
    const itemWidth = 18 + label.length * CHAR_WIDTH + 16;
    if (x > 0 && x + itemWidth > width - 16) [x, row] = [0, row + 1];
    const left = 8 + x;
    const y = 8 + row * 18;
    const swatch = kind === "bar"
      ? `<path d="M${px(left)} ${y + 1}h12v12h-12z" fill="${s.color}"/>`
      : `<path d="M${px(left)} ${y + 7}h14" stroke="${s.color}" stroke-width="2"/>` +
        `<circle cx="${px(left + 7)}" cy="${y + 7}" r="3" fill="${s.color}"/>`;
    svg.push(
      `<g>${swatch}<text x="${px(left + 18)}" y="${y + 11}">${escapeHtml(label)}</text></g>`,
    );
    x += itemWidth;
  }
  return { svg, height: series.length ? (row + 1) * 18 + 8 : 0 };
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
  const categorical = chart.kind === "bar" ||
    chart.series.some((s) => s.points.some((p) => typeof p.x === "string"));
  const series = prepare(chart, !categorical);
  const values = series.flatMap((s) => s.points.map((p) => p.y));
  const y = valueScale(values, chart.unit);
  const yStep = y.ticks.length > 1 ? y.ticks[1] - y.ticks[0] : 1;
  const yLabels = y.ticks.map((t) => formatTick(t, chart.unit, yStep));
  const unitLabel = chart.unit && !isDuration(chart.unit) ? chart.unit : undefined;

  const key = legend(series, chart.kind, width);
  const top = key.height + (unitLabel ? 20 : 10);
  const left = 14 + Math.max(3, ...yLabels.map((l) => l.length)) * CHAR_WIDTH;
  const bottom = 28;
  const height = Math.max(clampSize(options.height, 320, 160), top + bottom + 60);
  const plotW = width - left - 16;
  const plotH = height - top - bottom;
  const yPos = (v: number) => top + plotH - ((v - y.lo) / (y.hi - y.lo)) * plotH;

  const out: string[] = [...key.svg];
  if (unitLabel) {
    out.push(`<text x="${px(left)}" y="${top - 8}" fill="#57606a">${escapeHtml(unitLabel)}</text>`);
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
  `<title>${escapeHtml(`${s.name} — ${p.x}: ${formatChartValue(p.y, unit)}`)}</title>`;

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
