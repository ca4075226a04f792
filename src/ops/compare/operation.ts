/**
 * History-mode `compare`: completed runs of the last {@linkcode HISTORY_DAYS} days of each side,
 * compared with `compareSamples` and reported with `compareReport`. Loaded on the first
 * comparison (it brings the statistics library).
 *
 * @module
 */
import { CiError } from "../../errors.ts";
import type { OpContext, Operation } from "../context.ts";
import { collectHistory, HISTORY_DAYS, HISTORY_LIMIT, resolveSides } from "./history.ts";
import { compareReport } from "./report.ts";
import { compareSamples } from "./samples.ts";
import { compareSettings } from "./settings.ts";

const DAY_MS = 86_400_000;

/**
 * Compares baseline with candidate from run history.
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
export const compare: Operation = async (intent, ctx: OpContext) => {
  const repo = intent.repo ?? ctx.defaultRepo;
  if (!repo) {
    throw new CiError("bad_request", "Cannot compare without a repository: none was given", {
      hint: "Name one, e.g. `compare repo:acme/app baseline:ci.yml candidate:ci-fast.yml`.",
    });
  }
  if (intent.runs !== undefined) {
    throw new CiError(
      "unsupported",
      `Cannot compare with runs:${intent.runs} here: active mode dispatches runs and needs the job runner`,
      { hint: "Leave out runs: to compare the completed runs of the last 30 days." },
    );
  }
  const { provider } = ctx;
  const before = provider.usage().requests;
  const sides = await resolveSides(intent, provider, repo);
  const since = new Date(ctx.now().getTime() - HISTORY_DAYS * DAY_MS).toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const options = { since, limit: HISTORY_LIMIT, signal: ctx.signal };
  const [settings, baseline, candidate] = await Promise.all([
    // The baseline is what the repository has now: its settings judge the change.
    compareSettings(provider, repo, sides.baseline.branch),
    collectHistory(provider, repo, sides.baseline, options),
    collectHistory(provider, repo, sides.candidate, options),
  ]);
  const comparison = compareSamples(baseline, candidate, {
    noiseThreshold: settings.noiseThreshold,
  });
  const apiCalls = provider.usage().requests - before;
  const where = sides.kind === "branches"
    ? `workflow ${sides.baseline.workflow}`
    : sides.baseline.branch
    ? `branch ${sides.baseline.branch}`
    : "all branches";
  ctx.log.info("compare finished", {
    repo,
    kind: sides.kind,
    baseline: baseline.length,
    candidate: candidate.length,
    verdict: comparison.verdict,
    apiCalls,
  });
  return compareReport({
    repo,
    baselineLabel: sides.baselineLabel,
    candidateLabel: sides.candidateLabel,
    mode: "history",
    comparison,
    baseline,
    candidate,
    scope: `up to ${HISTORY_LIMIT} completed runs per side created since ${
      since.slice(0, 10)
    }, ${where}`,
    apiCalls,
    settings,
  });
};
