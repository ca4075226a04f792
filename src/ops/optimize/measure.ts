/**
 * Shared measurements for savings: the sampled window in weeks, which history entries belong to
 * a workflow job, and the range of a weekly rate estimated from a count of events.
 *
 * @module
 */
import type { WorkflowHistory } from "../history/model.ts";
import type { Job } from "../../workflow/model.ts";

/** 1.96: the normal quantile of a two-sided 95 % range. */
const Z95 = 1.959964;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a job name from run history belongs to the workflow job: its `name:` with expressions
 * filled in, or `id (matrix values)`, the way GitHub shows them.
 *
 * @example
 * ```ts
 * jobMatcher(job)("test (18)"); // true for job `test` with a matrix
 * ```
 */
export function jobMatcher(job: Pick<Job, "id" | "name">): (name: string) => boolean {
  const label = job.name ?? job.id;
  const pattern = label.split(/\$\{\{[\s\S]*?\}\}/).map(escape).join(".*?");
  const re = new RegExp(`^${pattern}(?: \\(.*\\))?$`);
  return (name) => re.test(name);
}

/**
 * The sampled window in weeks (runs sampled ÷ runs per week), or undefined without runs.
 *
 * @example
 * ```ts
 * sampledWeeks({ runsSampled: 60, runsPerWeek: 14 }); // 4.29
 * ```
 */
export function sampledWeeks(
  wf: Pick<WorkflowHistory, "runsSampled" | "runsPerWeek">,
): number | undefined {
  return wf.runsSampled > 0 && wf.runsPerWeek > 0 ? wf.runsSampled / wf.runsPerWeek : undefined;
}

/**
 * The 95 % range of a Poisson count `k` (Byar's approximation; exact −ln 0.025 = 3.69 for an
 * upper bound of 0 events). Used to turn "9 superseded runs in 2 weeks" into a weekly range.
 *
 * @example
 * ```ts
 * poissonRange(9); // { low: 4.11, high: 17.08 }
 * ```
 */
export function poissonRange(k: number): { low: number; high: number } {
  if (k <= 0) return { low: 0, high: -Math.log(0.025) };
  const low = k * (1 - 1 / (9 * k) - Z95 / (3 * Math.sqrt(k))) ** 3;
  const k1 = k + 1;
  const high = k1 * (1 - 1 / (9 * k1) + Z95 / (3 * Math.sqrt(k1))) ** 3;
  return { low: Math.max(0, low), high };
}

/**
 * One decimal, for minutes shown and totals (a total is the sum of the shown values).
 *
 * @example
 * ```ts
 * round1(41.26); // 41.3
 * ```
 */
export const round1 = (n: number): number => Math.round(n * 10) / 10;
