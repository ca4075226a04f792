/**
 * Estimated savings in runner minutes per week, from the repository's run history when there
 * is one, else from stated default assumptions. Every estimate carries its assumption in words.
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Job, WorkflowFile } from "../../workflow/model.ts";
import type { JobHistory, StepHistory, WorkflowHistory } from "../history/model.ts";
import type { Estimate } from "./model.ts";

/** Assumptions used when history does not say; each is stated in the report. */
export const DEFAULTS = {
  runsPerWeek: 35,
  jobMinutes: 5,
  installSeconds: 60,
  /** Share of an install step a warm dependency cache removes. */
  cacheShare: 0.8,
  /** Share of runs superseded by a newer push while still running. */
  supersededShare: 0.1,
  /** Share of job runs that hang until the timeout. */
  hangRate: 0.001,
  /** GitHub's default job timeout. */
  defaultTimeout: 360,
  checkoutSeconds: 20,
  /** Share of a full-history checkout a shallow clone removes. */
  shallowShare: 0.5,
} as const;

const INSTALL =
  /\b(?:npm (?:ci|install|i)|yarn|pnpm (?:install|i)|pip3? install|pipenv|poetry install|mvnw?|gradlew?|sbt|bundle install|go (?:mod download|build|test)|dotnet (?:restore|build))\b/i;

const round = (n: number) => Math.round(n * 10) / 10;
const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
const mins = (n: number) => `${round(n)} min`;
const pct = (n: number) => `${Math.round(n * 100)}%`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The history entries of a workflow job: one per matrix combination. Names are matched the way
 * GitHub shows them: the job's `name:` with expressions filled in, or `id (matrix values)`.
 *
 * @example
 * ```ts
 * jobHistoriesFor(history, job).map((j) => j.name); // ["test (18)", "test (20)"]
 * ```
 */
export function jobHistoriesFor(wf: WorkflowHistory | undefined, job: Job): JobHistory[] {
  if (!wf) return [];
  const label = job.name ?? job.id;
  const pattern = label.split(/\$\{\{[\s\S]*?\}\}/).map(escape).join(".*?");
  const re = new RegExp(`^${pattern}(?: \\(.*\\))?$`);
  return wf.jobs.filter((j) => re.test(j.name));
}

const perWeek = (wf: WorkflowHistory, entry: { runs: number }) =>
  wf.runsPerWeek * entry.runs / Math.max(1, wf.runsSampled);

const jobOf = (file: WorkflowFile, id?: string) =>
  file.kind === "workflow" ? file.jobs.find((j) => j.id === id) : undefined;

/** GitHub's display name of a step: its `name:`, else `Run <first line>` / `Run <action>`. */
const displayName = (step: Job["steps"][number]) =>
  step.name ??
    (step.run ? `Run ${step.run.value.split("\n")[0]}` : step.uses ? `Run ${step.uses.value}` : "");

function slowestStep(
  wf: WorkflowHistory,
  entries: JobHistory[],
  job: Job,
  match: (name: string) => boolean,
): StepHistory | undefined {
  const names = new Set(entries.map((e) => e.name));
  // A named step (`name: Install`) is matched by what it runs or uses.
  const declared = new Set(
    job.steps.filter((s) => match(s.run?.value ?? "") || match(s.uses?.value ?? ""))
      .map(displayName),
  );
  return wf.slowestSteps
    .filter((s) => names.has(s.job) && (declared.has(s.step) || match(s.step)))
    .sort((a, b) => b.medianMs - a.medianMs)[0];
}

/**
 * The timeout to propose for a job: twice its p90, rounded up to 5 minutes (at least 10), or
 * 30 minutes without history.
 *
 * @example
 * ```ts
 * timeoutFor(file, "test", history).minutes; // 15 for a p90 of 6.5 minutes
 * ```
 */
export function timeoutFor(
  file: WorkflowFile,
  jobId: string,
  wf?: WorkflowHistory,
): { minutes: number; basis: string } {
  const job = jobOf(file, jobId);
  const entries = job ? jobHistoriesFor(wf, job) : [];
  const p90 = Math.max(0, ...entries.map((e) => e.p90Ms));
  if (p90 <= 0) {
    return { minutes: 30, basis: "30 minutes assumed (no run history for this job)" };
  }
  const minutes = Math.max(10, Math.ceil((p90 / 60_000) * 2 / 5) * 5);
  return { minutes, basis: `twice the job's measured p90 of ${mins(p90 / 60_000)}` };
}

function cacheEstimate(file: WorkflowFile, f: Finding, wf?: WorkflowHistory): Estimate {
  const job = jobOf(file, f.job);
  const entries = job ? jobHistoriesFor(wf, job) : [];
  const share = pct(DEFAULTS.cacheShare);
  if (!wf || !job || entries.length === 0) {
    const saved = DEFAULTS.cacheShare * DEFAULTS.installSeconds / 60 * DEFAULTS.runsPerWeek;
    return {
      minutesPerWeek: round(saved),
      measured: false,
      assumption: `no run history: assumes a ${DEFAULTS.installSeconds} s install step, ` +
        `${DEFAULTS.runsPerWeek} runs/week, and that caching removes ${share} of it`,
    };
  }
  const step = slowestStep(wf, entries, job, (n) => INSTALL.test(n));
  const weekly = entries.reduce((sum, e) => sum + perWeek(wf, e), 0);
  const installMs = step?.medianMs ?? DEFAULTS.installSeconds * 1000;
  const saved = DEFAULTS.cacheShare * installMs / 60_000 * weekly;
  const what = step
    ? `\`${step.step}\` takes a median ${secs(step.medianMs)} in job \`${step.job}\` over ` +
      `${step.runs} runs`
    : `no install step among the slowest measured steps, so a ${DEFAULTS.installSeconds} s ` +
      "install is assumed";
  return {
    minutesPerWeek: round(saved),
    measured: step !== undefined,
    assumption: `${what}; assumes caching removes ${share} of it, ` +
      `observed ${round(weekly)} job runs/week`,
  };
}

function concurrencyEstimate(wf?: WorkflowHistory): Estimate {
  const share = `${pct(DEFAULTS.supersededShare)} of runs are superseded by a newer push and ` +
    "cancelled halfway on average";
  if (!wf || wf.runsSampled === 0) {
    const saved = DEFAULTS.runsPerWeek * DEFAULTS.supersededShare * 0.5 * DEFAULTS.jobMinutes;
    return {
      minutesPerWeek: round(saved),
      measured: false,
      assumption: `no run history: assumes ${DEFAULTS.runsPerWeek} runs/week of ` +
        `${DEFAULTS.jobMinutes} runner minutes, and that ${share}`,
    };
  }
  const runnerMinutes = wf.jobs.reduce(
    (sum, j) => sum + j.medianMs / 60_000 * j.runs / Math.max(1, wf.runsSampled),
    0,
  );
  return {
    minutesPerWeek: round(wf.runsPerWeek * DEFAULTS.supersededShare * 0.5 * runnerMinutes),
    measured: true,
    assumption: `observed ${round(wf.runsPerWeek)} runs/week of ${mins(runnerMinutes)} runner ` +
      `time each; assumes ${share} (run history does not record branches, so this share is ` +
      "not measured)",
  };
}

function timeoutEstimate(file: WorkflowFile, f: Finding, wf?: WorkflowHistory): Estimate {
  const job = jobOf(file, f.job);
  const entries = job ? jobHistoriesFor(wf, job) : [];
  const { minutes } = timeoutFor(file, f.job ?? "", wf);
  const capped = DEFAULTS.defaultTimeout - minutes;
  const rate = `${DEFAULTS.hangRate * 100}% of job runs hang`;
  if (!wf || entries.length === 0) {
    return {
      minutesPerWeek: round(DEFAULTS.runsPerWeek * DEFAULTS.hangRate * capped),
      measured: false,
      assumption: `no run history: assumes ${DEFAULTS.runsPerWeek} runs/week and that ${rate}; ` +
        `each hang is cut from ${DEFAULTS.defaultTimeout} to ${minutes} minutes`,
    };
  }
  const weekly = entries.reduce((sum, e) => sum + perWeek(wf, e), 0);
  return {
    minutesPerWeek: round(weekly * DEFAULTS.hangRate * capped),
    measured: true,
    assumption: `observed ${round(weekly)} job runs/week; assumes ${rate}, each cut from ` +
      `${DEFAULTS.defaultTimeout} to ${minutes} minutes (${timeoutFor(file, f.job!, wf).basis})`,
  };
}

function fetchDepthEstimate(file: WorkflowFile, f: Finding, wf?: WorkflowHistory): Estimate {
  const job = jobOf(file, f.job);
  const entries = job ? jobHistoriesFor(wf, job) : [];
  const share = pct(DEFAULTS.shallowShare);
  if (!wf || !job || entries.length === 0) {
    const saved = DEFAULTS.shallowShare * DEFAULTS.checkoutSeconds / 60 * DEFAULTS.runsPerWeek;
    return {
      minutesPerWeek: round(saved),
      measured: false,
      assumption: `no run history: assumes a ${DEFAULTS.checkoutSeconds} s full-history ` +
        `checkout, ${DEFAULTS.runsPerWeek} runs/week, and that a shallow clone saves ${share}`,
    };
  }
  const step = slowestStep(wf, entries, job, (n) => /checkout/i.test(n));
  const weekly = entries.reduce((sum, e) => sum + perWeek(wf, e), 0);
  const ms = step?.medianMs ?? DEFAULTS.checkoutSeconds * 1000;
  return {
    minutesPerWeek: round(DEFAULTS.shallowShare * ms / 60_000 * weekly),
    measured: step !== undefined,
    assumption:
      (step
        ? `\`${step.step}\` takes a median ${secs(ms)} in job \`${step.job}\``
        : `checkout not among the slowest measured steps, so ${secs(ms)} is assumed`) +
      `; assumes a shallow clone saves ${share}, observed ${round(weekly)} job runs/week`,
  };
}

/**
 * Estimates the weekly saving of fixing `finding`, using `wf` (the file's run history) if any.
 *
 * @example
 * ```ts
 * estimateSaving(file, finding, history).minutesPerWeek; // 39.5
 * ```
 */
export function estimateSaving(
  file: WorkflowFile,
  finding: Finding,
  wf?: WorkflowHistory,
): Estimate {
  switch (finding.ruleId) {
    case "setup-without-cache":
      return cacheEstimate(file, finding, wf);
    case "missing-concurrency":
      return concurrencyEstimate(wf);
    case "missing-timeout":
      return timeoutEstimate(file, finding, wf);
    case "unneeded-fetch-depth":
      return fetchDepthEstimate(file, finding, wf);
    default:
      return {
        minutesPerWeek: 0,
        measured: false,
        assumption: "not estimated: no saving model for this rule yet",
      };
  }
}
