/**
 * How a run is named to people: GitHub shows its number ("#38"), which counts the workflow's
 * runs; the id (12000000037) is what the API uses and means nothing to a reader.
 *
 * @module
 */

/**
 * "run #38" when the number is known, else "run 12000000037".
 *
 * @example
 * ```ts
 * runLabel({ runId: 12000000037, runNumber: 38 }); // "run #38"
 * runLabel({ runId: 12000000037 }); // "run 12000000037"
 * ```
 */
export function runLabel(run: { runId: number; runNumber?: number }): string {
  return run.runNumber ? `run #${run.runNumber}` : `run ${run.runId}`;
}
