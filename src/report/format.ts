/**
 * Number formatting for comparison reports: durations people read at a glance ("6m 2s"),
 * signed differences with a real minus sign, p-values with sensible precision.
 *
 * @module
 */

import { humanDuration } from "./human.ts";

const MINUS = "\u2212";

/**
 * A duration as people read it in chat and tables: "4.2s" and "8.0s" below 10 s (a table column
 * of short steps keeps one decimal), then as `humanDuration` says it — "45s", "6m 2s", "1h 5m",
 * without zero padding. Negative values get "−".
 *
 * @example
 * ```ts
 * formatDuration(362_000); // "6m 2s"
 * formatDuration(-65_000); // "−1m 5s"
 * formatDuration(8_000); // "8.0s"
 * ```
 */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 9_950) return `${ms < 0 ? MINUS : ""}${(abs / 1000).toFixed(1)}s`;
  return humanDuration(ms);
}

/**
 * A difference with an explicit sign: "+12s", "−1m 5s", "0.0s".
 *
 * @example
 * ```ts
 * formatSigned(12_000); // "+12s"
 * ```
 */
export const formatSigned = (ms: number): string =>
  ms > 0 ? `+${formatDuration(ms)}` : formatDuration(ms);

/**
 * A p-value: "< 0.001", two decimals above 0.01, one significant digit between.
 *
 * @example
 * ```ts
 * formatP(0.2544); // "0.25"
 * formatP(0.0031); // "0.003"
 * ```
 */
export function formatP(p: number): string {
  if (p < 0.001) return "< 0.001";
  return String(p < 0.01 ? Number(p.toPrecision(1)) : Number(p.toFixed(2)));
}

/**
 * A fraction as a whole percentage, with a real minus sign.
 *
 * @example
 * ```ts
 * formatPercent(-0.213); // "−21%"
 * ```
 */
export const formatPercent = (x: number, signed = false): string => {
  const n = Math.round(x * 100);
  return `${n < 0 ? MINUS : signed && n > 0 ? "+" : ""}${Math.abs(n)}%`;
};
