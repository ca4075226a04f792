/**
 * The Prometheus text exposition format (0.0.4), hand-written: a fixed-bucket histogram and a
 * writer for metric families. Small on purpose: the service needs counters, gauges and
 * histograms, not a metrics library.
 *
 * @module
 */

/** Content type of the text exposition format served on `/metrics`. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Label values by label name, in the order they are written. */
export type Labels = Record<string, string>;

/**
 * A histogram with fixed upper bounds (seconds, ascending). Observing is a short loop and three
 * additions: no allocation, so it can sit on the ack path.
 *
 * @example
 * ```ts
 * const h = new Histogram([0.01, 0.1, 1]);
 * h.observe(0.05);
 * h.count; // 1
 * ```
 */
export class Histogram {
  readonly bounds: readonly number[];
  /** Observations per bucket, not cumulative; the last slot is `+Inf`. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/**
 * Escapes a label value as the format requires (backslash, double quote, newline).
 *
 * @example
 * ```ts
 * escapeLabelValue('a"b'); // 'a\\"b'
 * ```
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (ch) => ch === "\n" ? "\\n" : `\\${ch}`);
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  if (extra) parts.push(`${extra[0]}="${extra[1]}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/**
 * Builds one exposition: declare a family (`# HELP`, `# TYPE`), then write its samples.
 *
 * @example
 * ```ts
 * const out = new Exposition();
 * out.family("up", "gauge", "1 when the service answers.");
 * out.sample("up", {}, 1);
 * out.text(); // "# HELP up 1 when the service answers.\n# TYPE up gauge\nup 1\n"
 * ```
 */
export class Exposition {
  #lines: string[] = [];

  family(name: string, type: "counter" | "gauge" | "histogram", help: string): void {
    this.#lines.push(`# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    this.#lines.push(`# TYPE ${name} ${type}`);
  }

  sample(name: string, labels: Labels, value: number): void {
    this.#lines.push(`${name}${labelText(labels)} ${numberText(value)}`);
  }

  /** Writes `_bucket` (cumulative, with `+Inf`), `_sum` and `_count` of one labelled series. */
  histogram(name: string, labels: Labels, h: Histogram): void {
    let cumulative = 0;
    for (let i = 0; i <= h.bounds.length; i++) {
      cumulative += h.counts[i];
      const le = i < h.bounds.length ? String(h.bounds[i]) : "+Inf";
      this.#lines.push(`${name}_bucket${labelText(labels, ["le", le])} ${cumulative}`);
    }
    this.#lines.push(`${name}_sum${labelText(labels)} ${numberText(h.sum)}`);
    this.#lines.push(`${name}_count${labelText(labels)} ${h.count}`);
  }

  text(): string {
    return this.#lines.join("\n") + "\n";
  }
}
