/**
 * Small GitLab value formats: durations (`timeout`, `expire_in`), `parallel`, image and
 * service specs, job ids.
 *
 * @module
 */
import { isRawMap, type Raw } from "./gitlab_parse.ts";

const UNIT_SECONDS: [RegExp, number][] = [
  [/^(s|sec|secs|second|seconds)$/, 1],
  [/^(m|min|mins|minute|minutes)$/, 60],
  [/^(h|hr|hrs|hour|hours)$/, 3600],
  [/^(d|day|days)$/, 86400],
  [/^(w|wk|wks|week|weeks)$/, 604800],
  [/^(mo|mos|month|months)$/, 2592000],
  [/^(y|yr|yrs|year|years)$/, 31536000],
];

/**
 * Seconds in a GitLab duration ("1h 30m", "3 days", "3600"), or null when not understood.
 *
 * @example
 * ```ts
 * parseDuration("1h 30m"); // 5400
 * ```
 */
export function parseDuration(value: Raw | undefined): number | null {
  if (typeof value === "number") return value >= 0 ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
  if (!/^(\d+(\.\d+)?\s*[a-z]+[\s,]*(and\s+)?)+$/.test(text)) return null;
  let total = 0;
  for (const [, n, unit] of parts) {
    const found = UNIT_SECONDS.find(([re]) => re.test(unit));
    if (!found) return null;
    total += Number(n) * found[1];
  }
  return total;
}

/**
 * A unique GitHub job id for a GitLab job name: a letter or `_` first, then letters, digits,
 * `-` and `_`.
 *
 * @example
 * ```ts
 * jobId("meson x86_64", new Set()); // "meson-x86_64"
 * ```
 */
export function jobId(name: string, taken: Set<string>): string {
  let id = name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[A-Za-z_]/.test(id)) id = `job-${id}`;
  if (id === "job-") id = "job";
  let candidate = id;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${id}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** An image spec: `name` plus what GitHub cannot set. */
export interface ImageSpec {
  name: string;
  entrypoint?: Raw;
  command?: Raw;
  alias?: string;
  extra: string[];
  variables?: Raw;
}

/**
 * `image:`/`services:` entry → spec; null for an unknown shape.
 *
 * @example
 * ```ts
 * imageSpec("postgres:16"); // { name: "postgres:16", extra: [] }
 * ```
 */
export function imageSpec(value: Raw | undefined): ImageSpec | null {
  if (typeof value === "string") return { name: value, extra: [] };
  if (!isRawMap(value) || typeof value.name !== "string") return null;
  const known = new Set(["name", "entrypoint", "command", "alias", "variables"]);
  return {
    name: value.name,
    entrypoint: value.entrypoint,
    command: value.command,
    alias: typeof value.alias === "string" ? value.alias : undefined,
    variables: value.variables,
    extra: Object.keys(value).filter((k) => !known.has(k)),
  };
}

/**
 * GitLab's default service hostname, shortened to a GitHub service id.
 *
 * @example
 * ```ts
 * serviceId({ name: "registry.io/db/postgres:16", extra: [] }, new Set()); // "postgres"
 * ```
 */
export function serviceId(spec: ImageSpec, taken: Set<string>): string {
  const base = spec.alias?.split(/[,\s]/)[0] ||
    spec.name.split("/").pop()!.split("@")[0].split(":")[0];
  return jobId(base || "service", taken);
}

/**
 * The cartesian product of one `parallel:matrix` entry; null for an unknown shape.
 *
 * @example
 * ```ts
 * matrixProduct({ A: ["1", "2"], B: "x" }); // [{ A: "1", B: "x" }, { A: "2", B: "x" }]
 * ```
 */
export function matrixProduct(entry: Raw): Record<string, string>[] | null {
  if (!isRawMap(entry)) return null;
  let rows: Record<string, string>[] = [{}];
  for (const [key, v] of Object.entries(entry)) {
    const values = Array.isArray(v) ? v : [v];
    if (values.some((x) => typeof x === "object" && x !== null)) return null;
    rows = rows.flatMap((r) => values.map((x) => ({ ...r, [key]: String(x) })));
    if (rows.length > 1000) return null;
  }
  return rows;
}
