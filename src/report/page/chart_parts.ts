/**
 * The parts of an SVG chart that do not depend on its axes: series prepared for drawing (finite
 * values only, thinned), the legend and the text description that screen readers get.
 *
 * @module
 */
import { escapeHtml } from "../escape.ts";
import type { Chart } from "../model.ts";
import { formatChartValue } from "./chart_scale.ts";

/** Points drawn per series at most; longer series are thinned evenly (the `<desc>` says so). */
export const MAX_CHART_POINTS = 500;
/** Approximate width of one 12 px character, for laying out labels without measuring. */
export const CHAR_WIDTH = 7;
/** Colour of failed runs and their legend entry (GitHub's danger red, 5.4:1 on white). */
export const FAILED_COLOR = "#cf222e";

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
// Past this magnitude a range can overflow to Infinity; such values are left out and reported.
const LIMIT = 1e15;

/** An x value: a category or a position. */
export type X = string | number;
/** One point of a series. */
export interface Point {
  x: X;
  y: number;
  failed?: boolean;
}

/** A series ready to draw: its colour, its drawable points and what was left out. */
export interface Prepared {
  name: string;
  color: string;
  points: Point[];
  total: number;
  dropped: number;
}

const drawable = (n: number) => Number.isFinite(n) && Math.abs(n) <= LIMIT;

/**
 * An SVG coordinate with one decimal; `String(-0)` is "0", so rounding never prints "-0".
 *
 * @example
 * ```ts
 * px(12.345); // "12.3"
 * ```
 */
export const px = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * Text cut to `max` characters with an ellipsis.
 *
 * @example
 * ```ts
 * truncate("integration-tests", 8); // "integra…"
 * ```
 */
export const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function thin(points: Point[]): Point[] {
  if (points.length <= MAX_CHART_POINTS) return points;
  const last = points.length - 1;
  return Array.from(
    { length: MAX_CHART_POINTS },
    (_, i) => points[Math.round((i * last) / (MAX_CHART_POINTS - 1))],
  );
}

/**
 * Each series with its palette colour and only drawable points (sorted by x when `numeric`).
 *
 * @example
 * ```ts
 * prepare({ title: "t", kind: "line", series: [{ name: "a", points: [{ x: 1, y: NaN }] }] }, true)[0].dropped; // 1
 * ```
 */
export function prepare(chart: Chart, numeric: boolean): Prepared[] {
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

// Units read aloud: a screen reader says "s" as the letter, not "seconds".
const UNIT_WORDS: Record<string, string> = {
  ms: "milliseconds",
  s: "seconds",
  sec: "seconds",
  min: "minutes",
  h: "hours",
  "%": "percent",
};

/**
 * The chart in words: kind, unit (spelled out), each series' range, what was thinned or left out,
 * failed runs and marked changes. It is the chart's `<desc>` and the page's caption.
 *
 * @example
 * ```ts
 * const chart = { title: "t", kind: "line", unit: "s", series: [{ name: "ci.yml", points: [{ x: 1, y: 5 }] }] } as const;
 * describe(chart, prepare(chart, true)); // "Line chart of 1 series, in seconds. ci.yml: 1 point, 5s to 5s."
 * ```
 */
export function describe(chart: Chart, series: Prepared[]): string {
  const kind = chart.kind === "line" ? "Line" : "Bar";
  const unit = chart.unit ? `, in ${UNIT_WORDS[chart.unit] ?? chart.unit}` : "";
  const parts = [`${kind} chart of ${series.length} series${unit}.`];
  for (const s of series) {
    const ys = s.points.map((p) => p.y);
    const range = () =>
      `${formatChartValue(Math.min(...ys), chart.unit)} to ` +
      `${formatChartValue(Math.max(...ys), chart.unit)}`;
    const count = `${s.total} point${s.total === 1 ? "" : "s"}`;
    parts.push(ys.length === 0 ? `${s.name}: no points.` : `${s.name}: ${count}, ${range()}.`);
    const failed = s.points.filter((p) => p.failed).length;
    if (failed > 0) parts.push(`${s.name}: ${failed} failed (red crosses).`);
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
  for (const m of chart.markers ?? []) parts.push(`Marked at ${m.x}: ${m.label}.`);
  return parts.join(" ");
}

/** The legend's SVG and the height it takes above the plot. */
export interface Legend {
  svg: string[];
  height: number;
}

/**
 * A cross drawn at (x, y): how a failed run shows, in the plot and in the legend.
 *
 * @example
 * ```ts
 * cross(10, 20, 4); // '<path d="M6 16l8 8m0 -8l-8 8" stroke="#cf222e" stroke-width="2"/>'
 * ```
 */
export const cross = (x: number, y: number, r: number): string =>
  `<path d="M${px(x - r)} ${px(y - r)}l${px(2 * r)} ${px(2 * r)}m0 ${px(-2 * r)}` +
  `l${px(-2 * r)} ${px(2 * r)}" stroke="${FAILED_COLOR}" stroke-width="2"/>`;

/**
 * One legend entry per series (wrapping rows to `width`), plus "Failed run" when a point failed.
 *
 * @example
 * ```ts
 * legend([], "line", 720).height; // 0
 * ```
 */
export function legend(series: Prepared[], kind: Chart["kind"], width: number): Legend {
  const svg: string[] = [];
  let x = 0;
  let row = 0;
  const items = series.map((s) => ({ label: truncate(s.name, 40), color: s.color }));
  const failed = series.some((s) => s.points.some((p) => p.failed));
  if (failed) items.push({ label: "Failed run", color: FAILED_COLOR });
  items.forEach((item, i) => {
    const itemWidth = 18 + item.label.length * CHAR_WIDTH + 16;
    if (x > 0 && x + itemWidth > width - 16) [x, row] = [0, row + 1];
    const left = 8 + x;
    const y = 8 + row * 18;
    const swatch = i === series.length
      ? cross(left + 7, y + 7, 4)
      : kind === "bar"
      ? `<path d="M${px(left)} ${y + 1}h12v12h-12z" fill="${item.color}"/>`
      : `<path d="M${px(left)} ${y + 7}h14" stroke="${item.color}" stroke-width="2"/>` +
        `<circle cx="${px(left + 7)}" cy="${y + 7}" r="3" fill="${item.color}"/>`;
    svg.push(
      `<g>${swatch}<text x="${px(left + 18)}" y="${y + 11}">${escapeHtml(item.label)}</text></g>`,
    );
    x += itemWidth;
  });
  return { svg, height: items.length ? (row + 1) * 18 + 8 : 0 };
}
