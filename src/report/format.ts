/**
 * Number formatting for comparison reports: durations people read at a glance ("6m 02s"),
 * signed differences with a real minus sign, p-values with sensible precision.
 *
 * @module
 */

const MINUS = "\u2212";

/**
 * A duration: "4.2s" below 10 s, "45s", "6m 02s", "1h 05m". Negative values get "−".
 *
 * @example
 * ```ts
 * formatDuration(362_000); // "6m 02s"
 * formatDuration(-65_000); // "−1m 05s"
 * ```
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? MINUS : "";
  const abs = Math.abs(ms);
  if (abs < 9_950) return `${sign}${(abs / 1000).toFixed(1)}s`;
  const total = Math.round(abs / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (total < 60) return `${sign}${total}s`;
  if (total < 3600) return `${sign}${Math.floor(total / 60)}m ${pad(total % 60)}s`;
  const minutes = Math.round(total / 60);
  return `${sign}${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/**
 * A difference with an explicit sign: "+12s", "−1m 05s", "0.0s".
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
