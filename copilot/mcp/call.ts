/**
 * One `tools/call`: arguments → Intent → the shared pipeline → a tool result. Long operations
 * (dispatches) return their job id at once; when the client sent a progress token, the call
 * stays open, forwards each progress report as `notifications/progress` and ends with the
 * final report (or, after `maxWaitMs`, with the latest one and a pointer to `ci_status`).
 *
 * @module
 */
import { CiError, toCiError } from "../../src/errors.ts";
import type { JobRunner } from "../../src/jobs/runner.ts";
import type { Report } from "../../src/report/model.ts";
import { loadReport } from "../../src/report/store.ts";
import type { SurfaceDeps } from "../../src/surface.ts";
import type { McpCaller } from "./auth.ts";
import type { ProgressHub, Subscription } from "./progress.ts";
import { errorResult, jobIdOf, reportResult, type ToolResult } from "./result.ts";
import { toolIntent, type ToolSpec } from "./tools.ts";

/** What a tool call needs. */
export interface ToolCallDeps {
  surface: SurfaceDeps;
  hub: ProgressHub;
  /** Lets `ci_status` with a job id return that job's final report. */
  jobs?: Pick<JobRunner, "get">;
  /** Longest a call with a progress token stays open for its job. */
  maxWaitMs: number;
}

/** The request-side context of a call. */
export interface ToolCallContext {
  caller: McpCaller;
  /** Present when the client asked for progress notifications. */
  progress?: (progress: number, message: string) => Promise<void>;
  /** Aborts when the client cancels the call or disconnects. */
  signal: AbortSignal;
}

const progressLine = (report: Report) => `${report.title}: ${report.summary}`.slice(0, 500);

/** Forwards a job's progress until its final report, the caller leaving, or the time limit. */
async function followJob(
  subscription: Subscription,
  progress: NonNullable<ToolCallContext["progress"]>,
  first: Report,
  options: {
    jobId: string;
    urlOf: (report: Report) => string | undefined;
    signal: AbortSignal;
    maxWaitMs: number;
  },
): Promise<ToolResult> {
  const { jobId, urlOf } = options;
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), options.maxWaitMs);
  const signal = AbortSignal.any([options.signal, limit.signal]);
  try {
    let step = 1;
    await progress(step, progressLine(first));
    let latest = first;
    for (
      let update = await subscription.next(signal);
      update;
      update = await subscription.next(signal)
    ) {
      if (update.phase === "final") {
        const report = update.report;
        return reportResult(report, { reportUrl: urlOf(report), jobId, finished: true });
      }
      latest = update.report;
      await progress(++step, progressLine(latest));
    }
    // Progress reports are not stored: the running report's page is the one to link.
    return reportResult(latest, { reportUrl: urlOf(first), jobId });
  } finally {
    clearTimeout(timer);
  }
}

/** A finished job's stored report, when the caller asks `ci_status` about their own job. */
async function finishedJobReport(
  deps: ToolCallDeps,
  caller: McpCaller,
  jobId: string,
): Promise<Report | null> {
  const job = await deps.jobs?.get(jobId);
  const mine = job?.meta.surface === "mcp" && job.meta.userId === caller.userId &&
    (job.meta.via ?? "github") === caller.via;
  if (!job?.reportId || !mine) {
    return null;
  }
  return await loadReport(deps.surface.store, job.reportId);
}

/**
 * Runs one tool call; never throws (errors become `isError` results).
 *
 * @example
 * ```ts
 * // const result = await callTool(deps, tool, { repo: "acme/app" }, { caller, signal });
 * ```
 */
export async function callTool(
  deps: ToolCallDeps,
  tool: ToolSpec,
  args: unknown,
  context: ToolCallContext,
): Promise<ToolResult> {
  const { surface } = deps;
  const requestId = surface.newId();
  const log = surface.log.child({ requestId, surface: "mcp", tool: tool.name });
  const urlOf = (report: Report) => report.id ? surface.reportUrl(report.id) : undefined;
  const subscription = context.progress ? deps.hub.open(requestId) : undefined;
  try {
    const intent = toolIntent(tool, args);
    if (intent.op === "status" && intent.target) {
      const done = await finishedJobReport(deps, context.caller, intent.target);
      if (done) {
        return reportResult(done, { reportUrl: urlOf(done), jobId: intent.target, finished: true });
      }
    }
    const { userId, via, access } = context.caller;
    const meta = { surface: "mcp" as const, requestId, userId, via };
    const first = await surface.execute(intent, meta, subscription?.reply, { access });
    const jobId = jobIdOf(first);
    if (!jobId || !subscription || !context.progress) {
      return reportResult(first, { reportUrl: urlOf(first), jobId });
    }
    log.info("waiting for job", { jobId });
    return await followJob(subscription, context.progress, first, {
      jobId,
      urlOf,
      signal: context.signal,
      maxWaitMs: deps.maxWaitMs,
    });
  } catch (error) {
    const err = toCiError(error);
    if (err.code === "internal") {
      log.error("tool call failed", { error: err });
      return errorResult(new CiError("internal", "Internal error; the service log has details"));
    }
    log.info("tool call refused", { code: err.code, message: err.message });
    return errorResult(err);
  } finally {
    subscription?.close();
  }
}
