/**
 * The headlines of an `analyze` report ("ci.yml is 42% slower since run 1234", "job
 * integration is flaky"), ranked, at most {@linkcode MAX_INSIGHTS}. Every insight restates data
 * the report already holds (run history, findings): nothing is guessed, and with no data there
 * are none.
 *
 * @module
 */
import type { RepoHistory, WorkflowHistory } from "../history/model.ts";
import { humanDuration } from "../../report/human.ts";
import { runLabel } from "../history/run_label.ts";
import { type Finding, type Insight, MAX_INSIGHTS } from "../../report/model.ts";

/** Rules whose errors are security problems (counted by the `security` insight). */
export const SECURITY_RULES: ReadonlySet<string> = new Set([
  "artipacked",
  "bot-conditions",
  "cache-poisoning",
  "dangerous-trigger",
  "github-env",
  "hardcoded-container-credentials",
  "insecure-commands",
  "obfuscation",
  "overprovisioned-secrets",
  "permissions",
  "pull-request-target-checkout",
  "ref-confusion",
  "script-injection",
  "secrets-inherit",
  "self-hosted-pr",
  "unpinned-action",
  "unpinned-image",
  "unredacted-secrets",
]);

/** Failing-step hot spots shown at most; a step must have failed this often to count. */
const MAX_HOTSPOTS = 2;
const HOTSPOT_MIN_FAILURES = 2;

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// A sampled run as people name it ("run #38"), its id when the sample lacks it.
const named = (w: WorkflowHistory, runId: number) =>
  runLabel({ runId, runNumber: w.durations.find((d) => d.runId === runId)?.runNumber });

// The run's page and time, when the sample holds the run.
function runRef(w: WorkflowHistory, runId: number): Pick<Insight, "url" | "at"> {
  const run = w.durations.find((d) => d.runId === runId);
  if (!run) return {};
  return {
    ...(run.url && /^https?:\/\//.test(run.url) ? { url: run.url } : {}),
    at: run.at,
  };
}

function regressions(ws: WorkflowHistory[]): Insight[] {
  return ws.flatMap((w) => {
    const c = w.changePoint;
    if (!c || c.beforeMedianMs <= 0 || c.afterMedianMs <= c.beforeMedianMs) return [];
    const pct = Math.round((c.afterMedianMs / c.beforeMedianMs - 1) * 100);
    return [{
      kind: "regression" as const,
      title: `${basename(w.workflow)} is ${pct}% slower since ${runLabel(c)}`,
      detail: `Median ${humanDuration(c.beforeMedianMs)} → ${humanDuration(c.afterMedianMs)}, ` +
        `from run ${c.index} of the ${w.runsSampled} sampled on.`,
      ...runRef(w, c.runId),
    }];
  });
}

function flakyJobs(ws: WorkflowHistory[]): Insight[] {
  return ws.flatMap((w) =>
    w.jobs.filter((j) => j.flaky && j.flakyEvidence.length > 0).map((j) => {
      const reruns = j.flakyEvidence.filter((e) => e.failedRunId === e.passedRunId).length;
      const sameCommit = j.flakyEvidence.length - reruns;
      const passed = [
        sameCommit > 0 ? `passed on the same commit afterwards ${times(sameCommit)}` : "",
        reruns > 0 ? `passed on a re-run ${times(reruns)}` : "",
      ].filter(Boolean).join(" and ");
      const latest = j.flakyEvidence.reduce((a, b) => (b.failedRunId > a.failedRunId ? b : a));
      return {
        kind: "flaky" as const,
        title: `Job ${j.name} in ${basename(w.workflow)} is flaky`,
        detail: `Failed ${j.failures} of ${j.runs} runs, ${passed}; last in ` +
          `${named(w, latest.failedRunId)}.`,
        ...runRef(w, latest.failedRunId),
      };
    })
  );
}

function hotspots(ws: WorkflowHistory[]): Insight[] {
  return ws.flatMap((w) => {
    const flaky = new Set(w.jobs.filter((j) => j.flaky).map((j) => j.name));
    // A flaky job's failing step is the same news as the flaky job.
    return w.failingSteps
      .filter((f) => f.failures >= HOTSPOT_MIN_FAILURES && !flaky.has(f.job))
      .map((f) => ({ w, f }));
  })
    .sort((a, b) => b.f.failures - a.f.failures)
    .slice(0, MAX_HOTSPOTS)
    .map(({ w, f }) => ({
      kind: "hotspot" as const,
      title: `Step "${f.step}" of ${basename(w.workflow)} › ${f.job} failed ${times(f.failures)}`,
      detail: `The most frequent failure in the history; last in ${named(w, f.lastRunId)}.`,
      ...runRef(w, f.lastRunId),
    }));
}

function security(findings: readonly Finding[]): Insight[] {
  const errors = findings.filter((f) => f.severity === "error" && SECURITY_RULES.has(f.ruleId));
  if (errors.length === 0) return [];
  const byRule = new Map<string, number>();
  for (const f of errors) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const rules = [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} (${n})`);
  const files = new Set(errors.map((f) => f.file)).size;
  return [{
    kind: "security",
    title: `${plural(errors.length, "security error")} in ${plural(files, "file")}`,
    detail: `${rules.join(", ")}.`,
  }];
}

/**
 * Ranked insights: slowdowns, then flaky jobs, security errors and failure hot spots.
 *
 * @example
 * ```ts
 * const insights = buildInsights({ history, findings: report.findings });
 * insights[0]?.title; // "ci.yml is 42% slower since run 1234"
 * ```
 */
export function buildInsights(
  input: { history?: RepoHistory; findings: readonly Finding[] },
): Insight[] {
  const ws = (input.history?.workflows ?? []).filter((w) => w.runsSampled > 0);
  return [
    ...regressions(ws),
    ...flakyJobs(ws),
    ...security(input.findings),
    ...hotspots(ws),
  ].slice(0, MAX_INSIGHTS);
}
