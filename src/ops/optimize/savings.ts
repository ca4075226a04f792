/**
 * Savings in runner minutes per week, measured from the repository's own run history: superseded
 * runs from the actual branch and commit sequence, job overruns from observed durations. Every
 * estimate carries a 95 % range and the data it rests on; what cannot be measured says "not
 * estimated" and counts 0 (no assumed rates anywhere).
 *
 * @module
 */
import type { Finding } from "../../report/model.ts";
import type { Job, WorkflowFile } from "../../workflow/model.ts";
import type { StepHistory, WorkflowHistory } from "../history/model.ts";
import { concurrencyScope } from "./concurrency.ts";
import { jobMatcher, poissonRange, round1, sampledWeeks } from "./measure.ts";
import type { Estimate } from "./model.ts";
import { supersededRuns } from "./superseded.ts";
import { overruns, timeoutFor } from "./timeout.ts";

const INSTALL =
  /\b(?:npm (?:ci|install|i)|yarn|pnpm (?:install|i)|pip3? install|pipenv|poetry install|mvnw?|gradlew?|sbt|bundle install|go (?:mod download|build|test)|dotnet (?:restore|build))\b/i;

const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

const notEstimated = (why: string): Estimate => ({
  minutesPerWeek: 0,
  measured: false,
  assumption: `not estimated: ${why}`,
});

/** "from 60 runs over 14 days" */
const sample = (wf: WorkflowHistory, weeks: number) =>
  `from ${plural(wf.runsSampled, "run")} over ${Math.round(weeks * 7)} days`;

/**
 * A measured estimate: `totalMs` of runner time over `count` events in the sampled window, per
 * week, with the 95 % range of the weekly rate (Poisson on the count).
 */
function measured(totalMs: number, count: number, weeks: number, words: string): Estimate {
  const minutesPerWeek = round1(totalMs / 60_000 / weeks);
  const per = count > 0 ? minutesPerWeek / count : 0;
  const band = poissonRange(count);
  const range = {
    low: round1(per * band.low),
    high: round1(per * band.high),
  };
  return {
    minutesPerWeek,
    measured: true,
    range,
    assumption: `${words}, ${range.low}–${range.high} min/week (95% range)`,
  };
}

/** GitHub's display name of a step: its `name:`, else `Run <first line>` / `Run <action>`. */
const displayName = (step: Job["steps"][number]) =>
  step.name ??
    (step.run ? `Run ${step.run.value.split("\n")[0]}` : step.uses ? `Run ${step.uses.value}` : "");

function slowestStep(wf: WorkflowHistory, job: Job, match: (s: string) => boolean) {
  const ofJob = jobMatcher(job);
  const declared = new Set(
    job.steps.filter((s) => match(s.run?.value ?? "") || match(s.uses?.value ?? ""))
      .map(displayName),
  );
  return wf.slowestSteps
    .filter((s) => ofJob(s.job) && (declared.has(s.step) || match(s.step)))
    .sort((a, b) => b.medianMs - a.medianMs)[0] as StepHistory | undefined;
}

const jobOf = (file: WorkflowFile, id?: string) =>
  file.kind === "workflow" ? file.jobs.find((j) => j.id === id) : undefined;

/** Cache and shallow-clone savings: the step's time is measurable, the share removed is not. */
function stepShare(
  file: WorkflowFile,
  f: Finding,
  wf: WorkflowHistory | undefined,
  what: { label: string; change: string; match: (s: string) => boolean },
): Estimate {
  const job = jobOf(file, f.job);
  const step = wf && job ? slowestStep(wf, job, what.match) : undefined;
  if (!wf || !step) {
    return notEstimated(
      `no measured ${what.label} step for this job in the run history, and the share ` +
        `${what.change} removes is only known once it runs`,
    );
  }
  return notEstimated(
    `\`${step.step}\` takes a median ${secs(step.medianMs)} in job \`${step.job}\` over ` +
      `${step.runs} runs; the share ${what.change} removes is only known once it runs, so ` +
      "nothing is counted",
  );
}

function concurrencyEstimate(file: WorkflowFile, wf?: WorkflowHistory): Estimate {
  const scope = concurrencyScope(file);
  if (!scope) return notEstimated("the workflow runs on neither push nor pull_request");
  const weeks = wf ? sampledWeeks(wf) : undefined;
  if (!wf?.runs || weeks === undefined) {
    return notEstimated("no run history to count superseded runs from");
  }
  const list = supersededRuns(wf.runs, scope);
  const totalMs = list.reduce((s, r) => s + r.savedMs, 0);
  const kept = scope.keepBranches ? ` (${[...scope.keepBranches].join(", ")} never counted)` : "";
  return measured(
    totalMs,
    list.length,
    weeks,
    `${sample(wf, weeks)}: ${plural(list.length, "superseded run")} among ${scope.what}${kept} ` +
      "(a newer commit's run on the same branch was created before it finished), " +
      `${round1(totalMs / 60_000)} runner min used after the newer run was created`,
  );
}

function timeoutEstimate(file: WorkflowFile, f: Finding, wf?: WorkflowHistory): Estimate {
  const job = jobOf(file, f.job);
  const choice = job ? timeoutFor(file, job.id, wf) : undefined;
  const weeks = wf ? sampledWeeks(wf) : undefined;
  if (!job || !choice || !wf || weeks === undefined) {
    return notEstimated(
      "no successful run of this job in the run history, so no timeout is proposed",
    );
  }
  const over = overruns(wf, job, choice.minutes);
  return measured(
    over.overMs,
    over.count,
    weeks,
    `${sample(wf, weeks)}: ${plural(over.count, "failed or cancelled run")} of \`${job.id}\` ` +
      `went past ${choice.minutes} min (${choice.basis})`,
  );
}

/**
 * The weekly saving of fixing `finding`, measured from `wf` (the file's run history).
 *
 * @example
 * ```ts
 * estimateSaving(file, finding, history).range; // { low: 18.7, high: 77.6 }
 * ```
 */
export function estimateSaving(
  file: WorkflowFile,
  finding: Finding,
  wf?: WorkflowHistory,
): Estimate {
  switch (finding.ruleId) {
    case "setup-without-cache":
      return stepShare(file, finding, wf, {
        label: "install",
        change: "a dependency cache",
        match: (s) => INSTALL.test(s),
      });
    case "missing-concurrency":
      return concurrencyEstimate(file, wf);
    case "missing-timeout":
      return timeoutEstimate(file, finding, wf);
    case "unneeded-fetch-depth":
      return stepShare(file, finding, wf, {
        label: "checkout",
        change: "a shallow clone",
        match: (s) => /checkout/i.test(s),
      });
    default:
      return notEstimated("this change saves no measurable runner time");
  }
}
