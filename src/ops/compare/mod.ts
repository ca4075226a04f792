/**
 * `compare`: is the candidate (a workflow file or a branch) faster, and as reliable, as the
 * baseline? History mode (completed runs, nothing dispatched) is {@linkcode compare}; active mode
 * (`runs:N`, dispatching as a durable job) is {@linkcode compareJob}, built on the same pieces:
 * `resolveSides`, `runSample`, `compareSamples`, `compareReport`.
 *
 * This module is cheap to load: the service imports it at start-up for the job definition, and
 * the statistics and YAML modules load when a comparison runs.
 *
 * @module
 */
import type { Operation } from "../context.ts";

export { compareJob } from "./job.ts";

/**
 * Compares baseline with candidate from run history (loads `operation.ts` on first use).
 *
 * @throws {CiError} `bad_request` without a repository or a side, `unsupported` with
 *   `runs:N` (active mode runs as a job), `not_found` for unknown workflows, `config` for a
 *   wrong `compare:` section in `.github/ci-orchestrator.yml`, and whatever the provider throws.
 * @example
 * ```ts
 * const report = await compare(
 *   { op: "compare", repo: "acme/app", baseline: "ci.yml", candidate: "ci-fast.yml" }, ctx);
 * report.summary; // "ci-fast.yml is 21% faster than ci.yml: −1m 38s, p < 0.001 (median 6m 02s vs 7m 40s, …)."
 * ```
 */
export const compare: Operation = async (intent, ctx) =>
  (await import("./operation.ts")).compare(intent, ctx);
