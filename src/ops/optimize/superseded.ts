/**
 * Superseded runs measured from the actual branch and commit sequence: a run is superseded when
 * a later run of the same workflow, event and branch, for another commit, was created before it
 * finished. What cancelling it would have saved is the runner time its jobs used after that
 * newer run was created (when `cancel-in-progress` cancels it).
 *
 * @module
 */
import type { RunTrace } from "../history/model.ts";

/** One superseded run and the runner time it used after the newer run was created. */
export interface Superseded {
  runId: number;
  byRunId: number;
  branch: string;
  /** Runner milliseconds (summed over its jobs) after the newer run was created. */
  savedMs: number;
}

/** Which runs a concurrency change would cancel. */
export interface SupersedeScope {
  /** Events whose runs are cancelled (`pull_request`, `push`). */
  events: ReadonlySet<string>;
  /** Branches never cancelled (default-like branches whose every commit is built). */
  keepBranches?: ReadonlySet<string>;
}

/**
 * Every superseded run in scope, with what it ran after being superseded (0 ms runs left out).
 *
 * @example
 * ```ts
 * supersededRuns(wf.runs, { events: new Set(["pull_request"]) })[0].savedMs; // 95000
 * ```
 */
export function supersededRuns(traces: readonly RunTrace[], scope: SupersedeScope): Superseded[] {
  const inScope = traces.filter((t) =>
    scope.events.has(t.event) && t.branch !== null && !scope.keepBranches?.has(t.branch)
  );
  const out: Superseded[] = [];
  for (const run of inScope) {
    const newer = inScope
      .filter((t) =>
        t.runId !== run.runId && t.event === run.event && t.branch === run.branch &&
        t.headSha !== run.headSha && t.createdMs > run.createdMs && t.createdMs < run.endMs
      )
      .sort((a, b) => a.createdMs - b.createdMs)[0];
    if (!newer) continue;
    const savedMs = run.jobs.reduce(
      (sum, j) => sum + Math.max(0, j.endMs - Math.max(j.startMs, newer.createdMs)),
      0,
    );
    if (savedMs > 0) {
      out.push({ runId: run.runId, byRunId: newer.runId, branch: run.branch!, savedMs });
    }
  }
  return out;
}
