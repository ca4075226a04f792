/**
 * The durable job runner: long operations run as resumable steps driven by the store's queue.
 *
 * Guarantees, and how:
 * - A step runs at most once per sequence number: a process claims `(job, seq)` before running
 *   it; stale or duplicate queue messages (another `seq`) are ignored.
 * - Outside effects happen once: definitions wrap them in `once`, which records start and result.
 * - A restart resumes: `start()` re-queues every active job and re-delivers an interrupted
 *   final reply (at least once — never lost).
 * - Transient provider errors are retried with backoff, then the job fails with the error.
 *
 * @module
 */
import { z } from "zod";
import { CiError, toCiError } from "../errors.ts";
import type { Intent } from "../intent/schema.ts";
import type { Logger } from "../log.ts";
import type { CIProvider } from "../providers/port.ts";
import { type Report, type ReportInput, ReportSchema } from "../report/model.ts";
import type { Store } from "../store/port.ts";
import type { JobDefinition, OnceInfo, PlanContext, StepContext } from "./definition.ts";
import { JOB_TTL_MS, jobKeys } from "./keys.ts";
import { type JobRecord, JobRecordSchema, type ReplyTarget } from "./model.ts";

/** Delivers a job's progress or final report to the surface named in `reply`. */
export type JobDeliver = (
  reply: ReplyTarget,
  report: Report,
  phase: "progress" | "final",
) => Promise<void>;

/** What the runner needs. */
export interface JobRunnerOptions {
  store: Store;
  log: Logger;
  now: () => Date;
  newId: () => string;
  provider: CIProvider;
  // Definitions differ in their state type; the runner only passes states back to their own.
  // deno-lint-ignore no-explicit-any
  definitions: ReadonlyArray<JobDefinition<any>>;
  /** Stores a final report and gives it an id (its page is `/reports/:id`). */
  saveReport: (input: ReportInput) => Promise<Report>;
  deliver: JobDeliver;
  /** Upper bound on any wait between steps (tests shorten polling). */
  maxWaitMs?: number;
  /** Attempts of one step on transient errors before the job fails. Default 5. */
  maxAttempts?: number;
  /** Identifies this process in step claims. */
  instanceId?: string;
  /**
   * Whether other processes use the same store (PostgreSQL). Then a step claim by another
   * instance is live work until its lease lapses; on an embedded store, a claim left by another
   * instance at start-up is a process that died. Default false.
   */
  sharedStore?: boolean;
  /** A step claim not renewed for this long belongs to a stopped process (renewed every quarter of it). Default 20 s. */
  stepLeaseMs?: number;
  /** Handed to planning: repository used when an intent names none, policy presets. */
  plan?: Pick<PlanContext, "defaultRepo" | "policyPresets">;
}

/** The runner. */
export interface JobRunner {
  /** Whether `op` runs as a job. */
  handles(op: Intent["op"]): boolean;
  /** Plans (refusing bad input with a CiError), stores and queues a job; returns it and its first report. */
  submit(
    intent: Intent,
    meta: JobRecord["meta"],
    reply?: ReplyTarget,
  ): Promise<{ job: JobRecord; report: Report }>;
  /** Starts consuming the queue and resumes every active job. */
  start(): Promise<void>;
  /** Asks a job to stop; it cancels its runs at its next step. */
  cancel(id: string): Promise<JobRecord>;
  /** Wakes a job now (e.g. a webhook said its run finished). */
  wake(id: string): Promise<void>;
  /** The job following this CI run, if any. */
  jobForRun(repo: string, runId: number): Promise<string | null>;
  get(id: string): Promise<JobRecord | null>;
  /** A requester's jobs, newest first. */
  list(surface: string, userId: string, limit?: number): Promise<JobRecord[]>;
  /** Resolves when the job has finished (in this process) or immediately if it already has. */
  wait(id: string): Promise<JobRecord>;
}

const MessageSchema = z.discriminatedUnion("t", [
  /** Run step `seq` of a job. */
  z.object({ t: z.literal("job"), id: z.string(), seq: z.number().int() }),
  /** Try again to deliver a finished job's final report. */
  z.object({ t: z.literal("final"), id: z.string(), attempt: z.number().int() }),
]);
const FINAL_ATTEMPTS = 6;
const OnceSchema = z.object({
  done: z.boolean(),
  startedAt: z.string(),
  value: z.unknown().optional(),
});
const TRANSIENT = new Set(["upstream", "timeout", "rate_limited"]);
const DEFAULT_MAX_WAIT_MS = 5 * 60_000;
const DEFAULT_STEP_LEASE_MS = 20_000;
const ClaimSchema = z.object({ instance: z.string(), at: z.string() });

/**
 * Creates the runner.
 *
 * @example
 * ```ts
 * // const runner = createJobRunner({ store, log, now, newId, provider, definitions, saveReport, deliver });
 * // await runner.start();
 * // const { report } = await runner.submit(intent, meta, reply);
 * ```
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, log, now, provider } = options;
  const defs = new Map(options.definitions.map((d) => [d.kind, d]));
  const instance = options.instanceId ?? options.newId();
  const maxWait = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const maxAttempts = options.maxAttempts ?? 5;
  const stepLease = options.stepLeaseMs ?? DEFAULT_STEP_LEASE_MS;
  const waiters = new Map<string, Array<(job: JobRecord) => void>>();
  const ttl = { ttlMs: JOB_TTL_MS };

  const definition = (kind: string) => {
    const def = defs.get(kind);
    if (!def) throw new CiError("internal", `No job definition for '${kind}'`);
    return def;
  };
  const load = async (id: string) => {
    const parsed = JobRecordSchema.safeParse(await store.get(jobKeys.job(id)));
    return parsed.success ? parsed.data : null;
  };
  const save = (job: JobRecord) => store.set(jobKeys.job(job.id), job, ttl);
  const queue = (job: JobRecord, delayMs = 0) =>
    store.enqueue({ t: "job", id: job.id, seq: job.seq }, {
      delayMs: Math.min(Math.max(0, delayMs), maxWait),
    });

  const stepContext = (job: JobRecord): StepContext => ({
    jobId: job.id,
    provider,
    log: log.child({ jobId: job.id, requestId: job.meta.requestId }),
    now,
    async once<T>(key: string, fn: (info: OnceInfo) => Promise<T>): Promise<T> {
      const k = jobKeys.once(job.id, key);
      const previous = OnceSchema.safeParse(await store.get(k));
      if (previous.success && previous.data.done) return previous.data.value as T;
      const resumed = previous.success;
      const startedAt = previous.success ? previous.data.startedAt : now().toISOString();
      if (!resumed) await store.set(k, { done: false, startedAt }, ttl);
      const value = await fn({ resumed, startedAt });
      await store.set(k, { done: true, startedAt, value }, ttl);
      return value;
    },
    async watchRun(repo, runId) {
      await store.set(jobKeys.run(repo, runId), job.id, ttl);
    },
  });

  const safeDeliver = async (job: JobRecord, report: Report, phase: "progress" | "final") => {
    if (!job.reply) return;
    try {
      await options.deliver(job.reply, report, phase);
    } catch (error) {
      log.error("job reply not delivered", { jobId: job.id, phase, error });
      if (phase === "final") throw error;
    }
  };

  /** Delivers the final report at least once: "delivering" marks an attempt in flight. */
  const deliverFinal = async (job: JobRecord) => {
    const marker = jobKeys.final(job.id);
    const state = await store.get<string>(marker);
    if (state === "delivered") return;
    await store.set(marker, "delivering", ttl);
    const value = job.reportId ? await store.get(["reports", job.reportId]) : null;
    const report = ReportSchema.safeParse(value);
    if (report.success) await safeDeliver(job, report.data, "final");
    await store.set(marker, "delivered", ttl);
    await store.delete(jobKeys.active(job.id));
  };

  const finish = async (
    job: JobRecord,
    state: unknown,
    status: JobRecord["status"],
    input: ReportInput,
    error?: CiError,
  ) => {
    const report = await options.saveReport(input);
    const done: JobRecord = {
      ...job,
      state,
      status,
      seq: job.seq + 1,
      reportId: report.id,
      updatedAt: now().toISOString(),
      finishedAt: now().toISOString(),
      progress: { ...job.progress, note: status },
      ...(error ? { error: { code: error.code, message: error.message, hint: error.hint } } : {}),
    };
    await save(done);
    log.info("job finished", { jobId: job.id, kind: job.kind, status, reportId: report.id });
    try {
      await deliverFinal(done);
    } catch (error) {
      // The job itself is done; only its reply is late. Retry the delivery on its own.
      log.warn("final reply not delivered, will retry", { jobId: job.id, error });
      await store.enqueue({ t: "final", id: job.id, attempt: 1 }, { delayMs: finalRetryMs(1) });
    } finally {
      for (const resolve of waiters.get(job.id) ?? []) resolve(done);
      waiters.delete(job.id);
    }
  };

  const finalRetryMs = (attempt: number) => Math.min(maxWait, 5_000 * 2 ** attempt);

  const retryFinal = async (id: string, attempt: number) => {
    const job = await load(id);
    if (!job || job.status === "running") return;
    try {
      await deliverFinal(job);
    } catch (error) {
      if (attempt >= FINAL_ATTEMPTS) {
        log.error("final reply given up", { jobId: id, attempts: attempt, error });
        return;
      }
      await store.enqueue({ t: "final", id, attempt: attempt + 1 }, {
        delayMs: finalRetryMs(attempt + 1),
      });
    }
  };

  /** Progress reports keep the Cancel button the first report had. */
  const withCancel = (input: ReportInput, jobId: string): ReportInput => ({
    ...input,
    actions: [
      ...(input.actions ?? []),
      {
        id: `cancel:${jobId}`,
        label: "Cancel",
        style: "danger",
        intent: { op: "cancel", target: jobId },
      },
    ],
  });

  const failReport = (job: JobRecord, err: CiError): ReportInput => ({
    title: `${job.kind} failed`,
    status: "error",
    summary: err.message,
    sections: err.hint ? [{ title: "What to do", markdown: err.hint }] : [],
    fields: [{ label: "Job", value: job.id }],
  });

  const advance = async (job: JobRecord) => {
    const def = definition(job.kind);
    const ctx = stepContext(job);
    const parsed = def.state.safeParse(job.state);
    if (!parsed.success) {
      const err = new CiError("internal", `Job ${job.id} has unreadable state`, {
        cause: parsed.error,
      });
      return await finish(job, job.state, "failed", failReport(job, err), err);
    }
    let state = parsed.data;
    try {
      if (await store.get(jobKeys.cancel(job.id))) {
        const cancelled = await def.cancel(state, ctx);
        return await finish(job, cancelled.state, "cancelled", cancelled.report);
      }
      const result = await def.step(state, ctx);
      state = result.state;
      if (result.kind === "done") return await finish(job, state, "succeeded", result.report);
      const view = def.progress(state);
      const next: JobRecord = {
        ...job,
        state,
        seq: job.seq + 1,
        attempts: 0,
        progress: view.progress,
        deliveredNote: view.progress.note,
        updatedAt: now().toISOString(),
      };
      await save(next);
      await queue(next, result.kind === "wait" ? result.delayMs : 0);
      if (view.progress.note !== job.deliveredNote) {
        await safeDeliver(next, ReportSchema.parse(withCancel(view.report, job.id)), "progress");
      }
    } catch (error) {
      const err = toCiError(error);
      if (TRANSIENT.has(err.code) && job.attempts + 1 < maxAttempts) {
        const retry = { ...job, seq: job.seq + 1, attempts: job.attempts + 1 };
        log.warn("job step failed, will retry", { jobId: job.id, attempt: retry.attempts, error });
        await save(retry);
        await queue(retry, 1000 * 2 ** retry.attempts);
        return;
      }
      log.error("job failed", { jobId: job.id, code: err.code, error });
      await finish(job, state, "failed", failReport(job, err), err);
    }
  };

  const onMessage = async (message: unknown) => {
    const msg = MessageSchema.safeParse(message);
    if (!msg.success) return log.warn("ignored an unknown queue message");
    if (msg.data.t === "final") return await retryFinal(msg.data.id, msg.data.attempt);
    const job = await load(msg.data.id);
    if (!job || job.status !== "running" || job.seq !== msg.data.seq) return;
    const claimKey = jobKeys.step(job.id, job.seq);
    const claim = () => ({ instance, at: now().toISOString() });
    if (!(await store.setIfAbsent(claimKey, claim(), ttl)) && !(await takeOver(job))) return;
    // Renew the claim while the step runs, so a long step is not mistaken for a dead one.
    const renew = setInterval(
      () => store.set(claimKey, claim(), ttl).catch(() => {}),
      Math.max(10, stepLease / 4),
    );
    try {
      await advance(job);
    } finally {
      clearInterval(renew);
    }
  };

  /**
   * Another claim holds this step. Ours (a duplicate delivery) or a live one elsewhere: look
   * again once its lease could have lapsed, so the step is not lost if that process dies. A
   * lapsed one: exactly one instance takes over, keyed by the dead claim.
   */
  const takeOver = async (job: JobRecord): Promise<boolean> => {
    const claimKey = jobKeys.step(job.id, job.seq);
    const held = ClaimSchema.safeParse(await store.get(claimKey));
    if (!held.success) {
      return await store.setIfAbsent(claimKey, { instance, at: now().toISOString() }, ttl);
    }
    if (held.data.instance === instance) return false;
    const age = now().getTime() - Date.parse(held.data.at);
    if (!(age >= stepLease)) {
      await queue(job, stepLease - (Number.isFinite(age) ? age : 0) + 1_000);
      return false;
    }
    const takeover = [...claimKey, "takeover", held.data.instance, held.data.at];
    if (!(await store.setIfAbsent(takeover, instance, ttl))) return false;
    await store.set(claimKey, { instance, at: now().toISOString() }, ttl);
    log.warn("took over a step from a stopped instance", {
      jobId: job.id,
      seq: job.seq,
      from: held.data.instance,
    });
    return true;
  };

  const resume = async () => {
    for (const { key } of await store.list(jobKeys.activePrefix)) {
      const job = await load(String(key[1]));
      if (!job) continue;
      if (job.status === "running") {
        const claimKey = jobKeys.step(job.id, job.seq);
        const claim = await store.get<{ instance: string }>(claimKey);
        // A claim by another process on the embedded store is a process that died mid-step;
        // on a shared store it may be live work: its lease decides (takeOver).
        if (claim && claim.instance !== instance && !options.sharedStore) {
          await store.delete(claimKey);
        }
        log.info("resuming job", { jobId: job.id, kind: job.kind, seq: job.seq });
        await queue(job);
      } else {
        await deliverFinal(job).catch((error) =>
          log.error("final reply still not delivered", { jobId: job.id, error })
        );
      }
    }
  };

  return {
    handles: (op) => defs.has(op),
    async submit(intent, meta, reply) {
      const def = definition(intent.op);
      const state = await def.plan(intent, {
        ...options.plan,
        provider,
        log,
        now,
        requester: meta,
      });
      const at = now();
      const view = def.progress(state);
      const job: JobRecord = {
        id: options.newId(),
        kind: def.kind,
        intent,
        meta,
        reply,
        status: "running",
        state,
        seq: 0,
        progress: view.progress,
        deliveredNote: view.progress.note,
        attempts: 0,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      await save(job);
      await store.set(jobKeys.active(job.id), true, ttl);
      await store.set(
        jobKeys.byUser(meta.surface, meta.userId ?? "-", at.getTime(), job.id),
        job.id,
        ttl,
      );
      await queue(job);
      log.info("job accepted", { jobId: job.id, kind: job.kind, requestId: meta.requestId });
      const report = await options.saveReport(withCancel(view.report, job.id));
      return { job, report };
    },
    async start() {
      store.listenQueue(async (message) => {
        try {
          await onMessage(message);
        } catch (error) {
          // The store closed under a running handler (shutdown): the message stays queued.
          if (error instanceof Deno.errors.BadResource) return;
          // Thrown errors make the queue redeliver; the step claim keeps that from re-running.
          log.error("job message failed", { error });
          throw error;
        }
      }).catch((error) => log.error("job queue listener stopped", { error }));
      await resume();
    },
    async cancel(id) {
      const job = await load(id);
      if (!job) {
        throw new CiError("not_found", `No job with id '${id}'`, {
          hint: "Use `status` to list your jobs and their ids.",
        });
      }
      if (job.status !== "running") return job;
      await store.set(jobKeys.cancel(id), true, ttl);
      await queue(job);
      return job;
    },
    async wake(id) {
      const job = await load(id);
      if (job?.status === "running") await queue(job);
    },
    jobForRun: (repo, runId) => store.get<string>(jobKeys.run(repo, runId)),
    get: load,
    async list(surface, userId, limit = 10) {
      const ids = await store.list<string>(jobKeys.byUserPrefix(surface, userId), { limit });
      const jobs = await Promise.all(ids.map((e) => load(e.value)));
      return jobs.filter((j): j is JobRecord => j !== null);
    },
    async wait(id) {
      const job = await load(id);
      if (!job) throw new CiError("not_found", `No job with id '${id}'`);
      if (job.status !== "running") return job;
      return await new Promise((resolve) => {
        waiters.set(id, [...(waiters.get(id) ?? []), resolve]);
      });
    },
  };
}
