/**
 * The one pipeline every surface's intents go through: policy → (job | inline operation) →
 * stored report, with an audit entry for everything that changes state. `status` and `cancel`
 * live here because they are about jobs, not about a CI provider.
 *
 * @module
 */
import { isListing, runSubscription } from "./alerts/subscriptions.ts";
import { CiError, toCiError } from "./errors.ts";
import type { Intent } from "./intent/schema.ts";
import type { JobRecord } from "./jobs/model.ts";
import type { JobRunner } from "./jobs/runner.ts";
import type { Logger } from "./log.ts";
import { runIntent } from "./ops/registry.ts";
import { auditInput, recordAudit } from "./policy/audit.ts";
import { failedDeliveries, type FailedDelivery } from "./alerts/engine.ts";
import { failuresVisibleTo } from "./alerts/failed_view.ts";
import { subscribeDecision, visibilityOf } from "./alerts/visibility.ts";
import { accessDenial } from "./policy/access.ts";
import type { RepoAccess } from "./policy/repo_access.ts";
import { requesterNamespace } from "./policy/identity.ts";
import { authorize, changesState, type Decision } from "./policy/authorize.ts";
import type { Policy } from "./policy/schema.ts";
import type { CIProvider } from "./providers/port.ts";
import type { ReportInput } from "./report/model.ts";
import { saveReport } from "./report/store.ts";
import type { Store } from "./store/port.ts";
import type { Execute, RequestMeta } from "./surface.ts";

/** What the pipeline needs. */
export interface ExecutorDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  provider: CIProvider;
  runner: JobRunner;
  /** The policy file, or null when none is configured. */
  policy: Policy | null;
  defaultRepo?: string;
  /** How long saved reports stay readable (`REPORT_TTL_DAYS`); default 7 days. */
  reportTtlMs?: number;
}

/** What a GitHub caller reaches when its surface passed no capability: nothing. */
const NO_ACCESS: RepoAccess = { permission: () => Promise.resolve("none") };

/** Whether this intent runs as a durable job. */
export function runsAsJob(intent: Intent, runner: JobRunner): boolean {
  if (intent.op === "compare") return intent.runs !== undefined && runner.handles("compare");
  return runner.handles(intent.op);
}

const shortTime = (iso: string) => iso.replace("T", " ").slice(0, 16) + " UTC";

function failedTable(failed: FailedDelivery[]) {
  return {
    title: "Alerts that could not be delivered",
    columns: ["When", "Repository", "Run", "Where", "Error", "Attempts"],
    rows: failed.map((f) => [
      shortTime(f.at),
      f.repo,
      String(f.runId),
      `${f.surface} ${f.conversation}`,
      f.error,
      String(f.attempts),
    ]),
  };
}

function statusReport(jobs: JobRecord[], failed: FailedDelivery[] = []): ReportInput {
  const running = jobs.filter((j) => j.status === "running").length;
  return {
    title: "Your jobs",
    status: "neutral",
    summary: jobs.length
      ? `${running} running, ${jobs.length - running} finished (newest first)`
      : "You have no jobs. Start one with `test repo:owner/name workflow:ci.yml`.",
    tables: [
      ...(jobs.length
        ? [{
          title: "Jobs",
          columns: ["Job", "Operation", "Repository", "Status", "Progress", "Started"],
          rows: jobs.map((j) => [
            j.id,
            j.kind,
            j.intent.repo ?? "—",
            j.status,
            j.progress.note,
            shortTime(j.createdAt),
          ]),
        }]
        : []),
      ...(failed.length ? [failedTable(failed)] : []),
    ],
  };
}

/**
 * Creates the pipeline.
 *
 * @example
 * ```ts
 * // const execute = createExecutor({ store, log, now, newId, provider, runner, policy: null });
 * // const report = await execute({ op: "analyze", repo: "acme/app" }, meta);
 * ```
 */
export function createExecutor(deps: ExecutorDeps): Execute {
  const { store, runner } = deps;
  const save = (input: ReportInput) => saveReport(store, input, deps);
  const audit = (
    meta: RequestMeta,
    intent: Intent,
    decision: Decision,
    outcome: "accepted" | "denied" | "succeeded" | "failed" | "cancelled",
    extra: { jobId?: string; message?: string } = {},
  ) =>
    recordAudit(store, auditInput(meta, intent, decision, outcome, extra), deps).catch((error) =>
      deps.log.error("audit entry not written", { error })
    );

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

  return async (requested, meta, reply, options = {}) => {
    const log = deps.log.child({ requestId: meta.requestId, surface: meta.surface });
    // `subscriptions` reads only what this conversation already receives, like `status`.
    if (isListing(requested)) {
      return await save(await runSubscription(store, requested, meta, deps.now()));
    }
    const job = requested.op === "cancel" ? await cancelTarget(requested, meta) : undefined;
    const intent: Intent = job
      ? { ...requested, target: job.id, ...(job.intent.repo ? { repo: job.intent.repo } : {}) }
      : requested;
    const decision = authorize(deps.policy, meta, intent);
    if (!decision.allowed) {
      if (changesState(intent)) await audit(meta, intent, decision, "denied");
      log.info("request denied", { op: intent.op, repo: intent.repo, required: decision.required });
      throw new CiError("forbidden", decision.message, { hint: decision.hint });
    }
    const repo = intent.repo ?? deps.defaultRepo;
    // Fail closed: a GitHub-token caller whose surface lost the capability is refused, not let
    // through on the service's own token.
    const access = options.access ??
      (requesterNamespace(meta) === "github" ? NO_ACCESS : undefined);
    const denial = access && repo !== undefined
      ? await accessDenial({
        access,
        policy: deps.policy,
        who: meta,
        intent,
        repo,
        required: decision.required,
        changes: changesState(intent),
      })
      : null;
    if (denial) {
      if (changesState(intent)) {
        const refused: Decision = {
          allowed: false,
          role: decision.role,
          required: decision.required,
          message: denial.message,
          hint: denial.hint ?? "",
        };
        await audit(meta, intent, refused, "denied");
      }
      log.info("request denied by the caller's own access", { op: intent.op, code: denial.code });
      throw denial;
    }
    log.info("operation started", { op: intent.op, repo: intent.repo });

    if (job) {
      await runner.cancel(job.id);
      await audit(meta, intent, decision, "cancelled", { jobId: job.id });
      return await save({
        title: `Cancelling ${job.kind} job ${job.id}`,
        status: job.status === "running" ? "running" : "neutral",
        summary: job.status === "running"
          ? "Stopping its runs; the job's message will show the final state."
          : `That job has already finished (${job.status}).`,
      });
    }
    if (intent.op === "status") {
      const report = statusReport(
        await runner.list(meta.surface, meta.userId ?? "-", 20),
        // Failed alerts name repositories, channels and errors: only the requester's own.
        await failedDeliveries(store, 10, failuresVisibleTo(deps.policy, meta)),
      );
      return await save(report);
    }
    if (intent.op === "subscribe" || intent.op === "unsubscribe") {
      // Alerts carry log excerpts: a private repository needs more than the policy's base role.
      // (Without a conversation `runSubscription` refuses anyway, saying why.)
      const shared = intent.op === "subscribe" && meta.conversation ? intent.repo : undefined;
      const visibility = shared ? await visibilityOf(deps.provider, shared, log) : undefined;
      const gate = shared && visibility && subscribeDecision(deps.policy, meta, shared, visibility);
      if (gate && !gate.allowed) {
        await audit(meta, intent, gate, "denied");
        log.info("request denied", { op: intent.op, repo: intent.repo, required: gate.required });
        throw new CiError("forbidden", gate.message, { hint: gate.hint });
      }
      try {
        const saved = await save(
          await runSubscription(store, intent, meta, deps.now(), visibility),
        );
        await audit(meta, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
        return saved;
      } catch (error) {
        const err = toCiError(error);
        await audit(meta, intent, decision, "failed", { message: err.message });
        throw err;
      }
    }
    if (runsAsJob(intent, runner)) {
      try {
        const accepted = await runner.submit(intent, meta, reply);
        await audit(meta, intent, decision, "accepted", { jobId: accepted.job.id });
        return accepted.report;
      } catch (error) {
        const err = toCiError(error);
        await audit(meta, intent, decision, "failed", { message: err.message });
        throw err;
      }
    }
    let report: ReportInput;
    try {
      report = await runIntent(intent, {
        provider: deps.provider,
        defaultRepo: deps.defaultRepo,
        log,
        now: deps.now,
      });
    } catch (error) {
      const err = toCiError(error);
      if (changesState(intent)) {
        await audit(meta, intent, decision, "failed", { message: err.message });
      }
      throw err;
    }
    const saved = await save(report);
    // An inline operation that changed something (e.g. opened a pull request) is audited too.
    if (changesState(intent)) {
      await audit(meta, intent, decision, "succeeded", { message: saved.summary.slice(0, 2000) });
    }
    log.info("operation finished", { op: intent.op, reportId: saved.id, status: saved.status });
    return saved;
  };
}
