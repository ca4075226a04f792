/**
 * Runs a console command like any surface does — parse (and the model stage when configured),
 * then the shared executor with its policy and limits — and turns the reply into what the page
 * shows: the four drawings, a job's progress, or an error with its hint.
 *
 * @module
 */
import { toCiError } from "../errors.ts";
import type { JobRecord } from "../jobs/model.ts";
import type { Report } from "../report/model.ts";
import { loadReport } from "../report/store.ts";
import type { Store } from "../store/port.ts";
import { type Execute, type SurfaceDeps, understoodOf, wantsModel } from "../surface.ts";
import { CONSOLE_USER, consoleMeta, type ConsoleSettings } from "./access.ts";
import type { Outcome } from "./page.ts";
import { renderPanes } from "./renderings.ts";

/** What the console needs from the service. */
export interface ConsoleDeps {
  settings: ConsoleSettings;
  parse: SurfaceDeps["parse"];
  resolve?: SurfaceDeps["resolve"];
  /** The shared pipeline (policy, limits, jobs, stored reports). */
  execute: Execute;
  /** The public URL of a stored report's page. */
  reportUrl: (id: string) => string;
  /** The service's public URL: its pages and images are served by this server. */
  origin: string;
  newId: () => string;
  now: () => Date;
  store: Store;
  /** Reads a job's progress. */
  jobs: { get(id: string): Promise<JobRecord | null> };
  /** How long reports stay readable (`REPORT_TTL_DAYS`). */
  reportTtlMs: number;
}

/** The job a running report belongs to: its Cancel button names it. */
const jobIdOf = (report: Report) =>
  report.actions.find((a) => a.intent.op === "cancel" && a.intent.target)?.intent.target;

/** The page path of a job's progress, carrying the job's first report. */
export const jobPath = (jobId: string, reportId?: string) =>
  `/console/jobs/${encodeURIComponent(jobId)}${
    reportId ? `?report=${encodeURIComponent(reportId)}` : ""
  }`;

function reportOutcome(report: Report, deps: ConsoleDeps, job?: JobRecord): Outcome {
  const reportUrl = report.id ? deps.reportUrl(report.id) : undefined;
  return {
    kind: "report",
    title: report.title,
    panes: renderPanes(report, { reportUrl, origin: deps.origin, now: deps.now() }),
    ...(report.id ? { reportPath: `/reports/${report.id}` } : {}),
    ...(job && job.status === "running"
      ? { job: { ...job.progress, statusPath: jobPath(job.id, report.id) } }
      : {}),
  };
}

const errorOutcome = (error: unknown): Outcome => {
  const err = toCiError(error);
  return {
    kind: "error",
    message: err.code === "internal" ? "Internal error" : err.message,
    ...(err.hint ? { hint: err.hint } : {}),
  };
};

/**
 * Runs `text` as the console's user and describes the reply.
 *
 * @example
 * ```ts
 * const outcome = await runCommand("analyze repo:acme/app", deps);
 * if (outcome.kind === "report") console.log(outcome.panes.length); // 4
 * ```
 */
export async function runCommand(text: string, deps: ConsoleDeps): Promise<Outcome> {
  const first = deps.parse(text);
  const result = wantsModel(deps, text, first) ? await deps.resolve(text, first) : first;
  if (result.kind === "unsupported") {
    const more = result.suggestions.length ? ` Closest: ${result.suggestions.join(", ")}.` : "";
    return { kind: "error", message: result.error, hint: `${result.hint}${more}` };
  }
  const understood = understoodOf(result);
  try {
    const report = await deps.execute(
      result.intent,
      consoleMeta(deps.settings, deps.newId()),
      undefined,
      understood ? { understood } : {},
    );
    const jobId = jobIdOf(report);
    const job = jobId ? await deps.jobs.get(jobId) : null;
    return reportOutcome(report, deps, job ?? undefined);
  } catch (error) {
    return errorOutcome(error);
  }
}

/**
 * A console job's page: its first report with progress while it runs, its final report after.
 * Jobs of other requesters are not found.
 *
 * @example
 * ```ts
 * const outcome = await jobOutcome("job-id", "first-report-id", deps);
 * ```
 */
export async function jobOutcome(
  jobId: string,
  reportId: string | undefined,
  deps: ConsoleDeps,
): Promise<Outcome> {
  const meta = consoleMeta(deps.settings, "-");
  const job = await deps.jobs.get(jobId).catch(() => null);
  if (!job || job.meta.surface !== meta.surface || job.meta.userId !== CONSOLE_USER) {
    return {
      kind: "error",
      message: `No console job with id '${jobId.slice(0, 64)}'`,
      hint: "Jobs started here are listed by `status`.",
    };
  }
  const expiry = { now: deps.now, ttlMs: deps.reportTtlMs };
  const shownId = job.status === "running" ? reportId : job.reportId;
  const report = shownId ? await loadReport(deps.store, shownId, expiry) : null;
  // Only this job's own first report is shown with it: its Cancel button names the job.
  if (report && (job.status !== "running" || jobIdOf(report) === job.id)) {
    return reportOutcome(report, deps, job);
  }
  if (job.status === "running") {
    return {
      kind: "report",
      title: `${job.kind} job ${job.id} is running`,
      panes: [],
      job: { ...job.progress, statusPath: jobPath(job.id) },
    };
  }
  return {
    kind: "error",
    message: job.error?.message ?? `Job ${job.id} ended (${job.status}) and its report has expired`,
    hint: job.error?.hint ?? "Run the command again for a new report.",
  };
}
