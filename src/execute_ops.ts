/**
 * The executor's steps after authorization, one per kind of request: cancel a job, `status`,
 * `subscribe` / `unsubscribe`, a durable job (`test`, `compare runs:N`), or an inline operation.
 * Each audits what changes state and returns the saved report.
 *
 * @module
 */
import { failedDeliveries } from "./alerts/engine.ts";
import { failuresVisibleTo } from "./alerts/failed_view.ts";
import { runSubscription } from "./alerts/subscriptions.ts";
import type { KnownVisibility } from "./alerts/visibility.ts";
import { CiError, toCiError } from "./errors.ts";
import type { ExecutorKit, Who } from "./execute_kit.ts";
import type { Intent } from "./intent/schema.ts";
import type { JobRecord, ReplyTarget } from "./jobs/model.ts";
import type { Logger } from "./log.ts";
import { runIntent } from "./ops/registry.ts";
import { withWorkflow } from "./ops/test/mod.ts";
import { changesState, type Decision } from "./policy/authorize.ts";
import { identityText, surfaceLabel } from "./policy/identity.ts";
import type { Report, ReportInput } from "./report/model.ts";
import { statusReport } from "./status_report.ts";
import type { RequestMeta } from "./surface.ts";

/** An authorized request: what each step needs. */
export interface Step {
  intent: Intent;
  meta: RequestMeta;
  who: Who;
  decision: Decision;
  visibility: KnownVisibility | undefined;
  reply?: ReplyTarget;
  log: Logger;
}

/** The executor's steps. */
export interface Steps {
  /** A cancel names a job; authorize it against that job's repository. */
  cancelTarget: (intent: Intent, meta: RequestMeta) => Promise<JobRecord>;
  /** Cancels the job the request resolved to. */
  cancel: (step: Step, job: JobRecord) => Promise<Report>;
  /** The requester's jobs and their own failed alert deliveries. */
  status: (meta: RequestMeta) => Promise<Report>;
  /** `subscribe` / `unsubscribe` in this conversation, audited. */
  subscription: (step: Step) => Promise<Report>;
  /** Starts a durable job (or asks which workflow first). */
  job: (step: Step) => Promise<Report>;
  /** Runs an operation inline and saves its report. */
  inline: (step: Step) => Promise<Report>;
}

/**
 * Creates the steps.
 *
 * @example
 * ```ts
 * const steps = createSteps(createKit(deps));
 * const report = await steps.status(meta);
 * ```
 */
export function createSteps(kit: ExecutorKit): Steps {
  const { deps, save, audit } = kit;
  const { store, runner } = deps;

  /** A cancel names a job; authorize it against that job's repository. */
  const cancelTarget = async (intent: Intent, meta: RequestMeta): Promise<JobRecord> => {
    if (intent.target) {
      const job = await runner.get(intent.target);
      if (job) return job;
      throw new CiError("not_found", `No job with id '${intent.target}'`, {
        hint: "Use `status` to list your jobs and their ids.",
      });
    }
    const mine = await runner.list(meta.surface, meta.userId ?? "-", 20);
    const running = mine.find((j) => j.status === "running");
    if (!running) {
      throw new CiError("not_found", "You have no running job to cancel", {
        hint: "Use `status` to list your jobs.",
      });
    }
    return running;
  };

  const cancel = async ({ intent, who, decision }: Step, job: JobRecord) => {
    await runner.cancel(job.id);
    await audit(who, intent, decision, "cancelled", { jobId: job.id });
    return await save({
      title: `Cancelling ${job.kind} job ${job.id}`,
      status: job.status === "running" ? "running" : "neutral",
      summary: job.status === "running"
        ? "Stopping its runs; the job's message will show the final state."
        : `That job has already finished (${job.status}).`,
    });
  };

  const status = async (meta: RequestMeta) => {
    const report = statusReport(
      await runner.list(meta.surface, meta.userId ?? "-", 20),
      // Failed alerts name repositories, channels and errors: only the requester's own.
      await failedDeliveries(store, 10, failuresVisibleTo(deps.policy, meta)),
    );
    return await save(report);
  };

  const subscription = async ({ intent, meta, who, decision, visibility }: Step) => {
    const shared = intent.op === "subscribe" && meta.conversation ? visibility : undefined;
    try {
      const saved = await save(await runSubscription(store, intent, meta, deps.now(), shared));
      await audit(who, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
      return saved;
    } catch (error) {
      const err = toCiError(error);
      await audit(who, intent, decision, "failed", { message: err.message });
      throw err;
    }
  };

  const job = async ({ intent, who, decision, reply }: Step) => {
    try {
      // Asked before the job exists, so nothing has been dispatched when the question shows.
      const ready = await withWorkflow(intent, deps.provider, deps.defaultRepo);
      if ("question" in ready) return await save(ready.question);
      // The plan sees who asked (a workflow's `requested_by` input shows the login).
      const accepted = await runner.submit(ready.intent, who, reply);
      await audit(who, ready.intent, decision, "accepted", { jobId: accepted.job.id });
      return accepted.report;
    } catch (error) {
      const err = toCiError(error);
      await audit(who, intent, decision, "failed", { message: err.message });
      throw err;
    }
  };

  const inline = async ({ intent, who, decision, log }: Step) => {
    let report: ReportInput;
    try {
      report = await runIntent(intent, {
        provider: deps.provider,
        defaultRepo: deps.defaultRepo,
        log,
        now: deps.now,
        requester: {
          ...(who.login ? { login: who.login } : {}),
          identity: identityText(who),
          surface: surfaceLabel(who.surface),
        },
      });
    } catch (error) {
      const err = toCiError(error);
      if (changesState(intent)) {
        await audit(who, intent, decision, "failed", { message: err.message });
      }
      throw err;
    }
    const saved = await save(report);
    // An inline operation that changed something (e.g. opened a pull request) is audited too.
    if (changesState(intent)) {
      await audit(who, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
    }
    log.info("operation finished", { op: intent.op, reportId: saved.id, status: saved.status });
    return saved;
  };

  return { cancelTarget, cancel, status, subscription, job, inline };
}
