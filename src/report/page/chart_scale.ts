/**
 * Numbers on chart axes: durations as "7m 40s" with steps that read well on a time axis (15 s,
 * 30 min), other values with a few "nice" ticks. Shared by the SVG charts and the markdown tables.
 *
 * @module
 */

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
    return `${sign}${Math.floor(total / 60)}m${s ? ` ${s}s` : ""}`;
  }
  const minutes = Math.round(total / 60);
  const m = minutes % 60;
  return `${sign}${Math.floor(minutes / 60)}h${m ? ` ${m}m` : ""}`;
}

/**
 * A number with at most `maxFractionDigits` decimals, thousands separated, with a real minus.
 *
 * @example
 * ```ts
 * formatNumber(-1234.567, 1); // "−1,234.6"
 * ```
 */
export function formatNumber(n: number, maxFractionDigits: number): string {
  const digits = Math.min(Math.max(0, maxFractionDigits), 10);
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: digits }).format(n)
    .replace("-", MINUS);
}

/**
 * Whether values in `unit` are durations (formatted as "7m 40s").
 *
 * @example
 * ```ts
 * isDuration("min"); // true
 * ```
 */
export const isDuration = (unit?: string): boolean => unit !== undefined && unit in MS_PER_UNIT;

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

/** An axis: its range and tick values. */
export interface Scale {
  lo: number;
  hi: number;
  ticks: number[];
}

/**
 * The value axis of a chart: always includes 0 so bars start at the axis and lines are not
 * exaggerated; duration units get time-friendly steps.
 *
 * @example
 * ```ts
 * valueScale([7, 42], "s").ticks; // [0, 10, 20, 30, 40, 50]
 * ```
 */
export function valueScale(values: number[], unit?: string): Scale {
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

/**
 * The x axis of numeric positions, about `target` ticks, whole steps for whole numbers.
 *
 * @example
 * ```ts
 * positionScale([1, 60], 6).ticks; // [10, 20, 30, 40, 50, 60]
 * ```
 */
export function positionScale(xs: number[], target: number): Scale & { step: number } {
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

/**
 * Decimals a tick label needs for `step`.
 *
 * @example
 * ```ts
 * tickDecimals(0.25); // 1
 * ```
 */
export const tickDecimals = (step: number) => Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));

/**
 * One tick label: a duration, or a number with the decimals the step needs.
 *
 * @example
 * ```ts
 * formatTick(90, "s", 30); // "1m 30s"
 * ```
 */
export function formatTick(value: number, unit: string | undefined, step: number): string {
  if (isDuration(unit)) return formatMs(value * MS_PER_UNIT[unit!]);
  return formatNumber(value, tickDecimals(step));
}
