/**
 * Which workflows a history analysis looks at when there are too many, and the sentence that
 * tells the reader exactly what was sampled.
 *
 * @module
 */
import type { RunInfo, WorkflowInfo } from "../../providers/port.ts";

/**
 * The `limit` busiest workflows: ranked by how many of `recent` (a sample of the repository's
 * latest runs) each has, then by path. Workflows with no recent run fill the remaining places.
 *
 * @example
 * ```ts
 * busiest(workflows, recentRuns, 20).length; // 20
 * ```
 */
export function busiest(
  workflows: readonly WorkflowInfo[],
  recent: readonly RunInfo[],
  limit: number,
): WorkflowInfo[] {
  const counts = new Map<string, number>();
  for (const run of recent) {
    const key = run.path ?? `#${run.workflowId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const count = (w: WorkflowInfo) => (counts.get(w.path) ?? 0) + (counts.get(`#${w.id}`) ?? 0);
  return [...workflows]
    .sort((a, b) => count(b) - count(a) || a.path.localeCompare(b.path))
    .slice(0, limit);
}

/** What {@linkcode describeSample} needs to know. */
export interface SampleFacts {
  /** Workflows in the repository (or asked for). */
  totalWorkflows: number;
  /** Runs sampled per chosen workflow. */
  runs: ReadonlyArray<{ workflow: string; runs: number }>;
  /** Per-workflow cap on runs. */
  maxRuns: number;
  /** Date (or time) the window starts. */
  since: string;
  /** Size of the recent-runs sample used to rank workflows, when they were ranked. */
  rankedBy?: number;
}

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const n = (x: number) => x.toLocaleString("en-US");
const plural = (x: number, word: string) => `${n(x)} ${word}${x === 1 ? "" : "s"}`;

/**
 * The sampling in one sentence, e.g. "1,019 completed runs since 2026-10-25: the last 100 of
 * ci.yml (the cap per workflow) and every run of 19 other workflows, from the 20 busiest of
 * 300 workflows (ranked by their share of the latest 300 completed runs)."
 *
 * @example
 * ```ts
 * describeSample({ totalWorkflows: 1, runs: [{ workflow: "ci.yml", runs: 60 }], maxRuns: 100, since: "2026-10-25" });
 * // "60 completed runs since 2026-10-25: every run of ci.yml."
 * ```
 */
export function describeSample(facts: SampleFacts): string {
  const total = facts.runs.reduce((s, r) => s + r.runs, 0);
  const capped = facts.runs.filter((r) => r.runs >= facts.maxRuns).map((r) => basename(r.workflow));
  const rest = facts.runs.length - capped.length;
  const names = (xs: string[]) =>
    xs.length <= 3 ? xs.join(", ") : `${xs.slice(0, 3).join(", ")} and ${xs.length - 3} more`;
  const others = facts.runs.length === 1
    ? `every run of ${basename(facts.runs[0].workflow)}`
    : `every run of ${
      capped.length ? `${plural(rest, "other workflow")}` : plural(rest, "workflow")
    }`;
  const parts = capped.length
    ? [
      `the last ${n(facts.maxRuns)} of ${names(capped)} (the cap per workflow)`,
      ...(rest ? [others] : []),
    ]
    : [others];
  const from = facts.rankedBy !== undefined
    ? `, from the ${n(facts.runs.length)} busiest of ${plural(facts.totalWorkflows, "workflow")} ` +
      `(ranked by their share of the latest ${n(facts.rankedBy)} completed runs)`
    : facts.totalWorkflows > facts.runs.length
    ? `, from ${n(facts.runs.length)} of ${plural(facts.totalWorkflows, "workflow")}`
    : "";
  return `${plural(total, "completed run")} since ${facts.since}: ${parts.join(" and ")}${from}.`;
}
