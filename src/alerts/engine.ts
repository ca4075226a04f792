/**
 * The alerts engine: completed `workflow_run` deliveries become alert cards in every subscribed
 * conversation, through the durable queue so that a crash loses nothing.
 *
 * How, and why:
 * - The webhook route only enqueues (`accept`), so GitHub gets its 2xx at once.
 * - A `run` message classifies the run once per attempt (failure / recovery / …, the latter
 *   from the last failure-or-success of the same workflow on the same branch), builds one report
 *   (jobs, failing step and log tail from the provider; the webhook's data when that fails) and
 *   queues one `deliver` message per conversation. A replayed message finds the stored
 *   classification and cannot alert twice: each (run, attempt, conversation) is claimed once.
 * - Every alert of a run uses the notifier key `repo/runId`, so re-runs and later job events
 *   update the same card instead of posting another (bursts: one card per run).
 * - A failed delivery is retried with backoff (transient errors only), then recorded under
 *   `["alerts", "failed", …]`, which {@linkcode failedDeliveries} reads for `status`.
 *
 * @module
 */
import { z } from "zod";
import { CiError, toCiError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { GitHubWebhookEvent } from "../providers/github/webhooks.ts";
import type { CIProvider } from "../providers/port.ts";
import { ReportSchema } from "../report/model.ts";
import { saveReport } from "../report/store.ts";
import type { Store } from "../store/port.ts";
import type { Notifier, SurfaceName } from "../surface.ts";
import { countsForRecovery, type Outcome, outcomeOf, recipients, whyLine } from "./match.ts";
import { ALERT_STATE_TTL_MS, alertKeys, conversationKey, ConversationSchema } from "./model.ts";
import type { QueueRouter } from "./queue.ts";
import { alertReport, fetchDetails, type RunAlertInput, withWhy } from "./report.ts";
import { subscriptionsOfRepo } from "./subscriptions.ts";

/** The queue route alerts use. */
export const ALERTS_ROUTE = "alerts";

/** What the engine needs. */
export interface AlertsDeps {
  /** The data store (the router's store or the raw one: same data). */
  store: Store;
  queue: QueueRouter;
  provider: CIProvider;
  /** How each surface posts an alert; boot fills it as surfaces come up. */
  notifiers: ReadonlyMap<SurfaceName, Notifier>;
  log: Logger;
  now: () => Date;
  newId: () => string;
  /** Delivery attempts before an alert is recorded as failed. Default 5. */
  attempts?: number;
  /** Wait before retry `n` (1-based). Default 5 s × 2^(n-1), at most 10 min. */
  backoffMs?: (n: number) => number;
  /** Job events within this window refresh a run's cards once. Default 3 s. */
  coalesceMs?: number;
  /** How long alert reports stay readable (`REPORT_TTL_DAYS`); default 7 days. */
  reportTtlMs?: number;
}

/** The engine. */
export interface Alerts {
  /** Queues the work a verified, decoded delivery asks for; true when something was queued. */
  accept(event: GitHubWebhookEvent): Promise<boolean>;
}

const RunInfoSchema = z.object({
  id: z.number(),
  workflowId: z.number(),
  name: z.string(),
  path: z.string().optional(),
  headBranch: z.string().nullable(),
  headSha: z.string(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  attempt: z.number(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  updatedAt: z.string(),
  url: z.string(),
  actor: z.string().optional(),
  displayTitle: z.string().optional(),
});

const AlertInputSchema = z.object({
  repo: z.string(),
  run: RunInfoSchema,
  commit: z.object({ message: z.string(), author: z.string().optional() }).optional(),
  pusher: z.string().optional(),
});

const MessageSchema = z.discriminatedUnion("t", [
  AlertInputSchema.extend({ t: z.literal("run") }),
  z.object({ t: z.literal("job"), repo: z.string(), runId: z.number() }),
  z.object({ t: z.literal("refresh"), repo: z.string(), runId: z.number() }),
  z.object({
    t: z.literal("deliver"),
    repo: z.string(),
    runId: z.number(),
    attempt: z.number(),
    conv: z.string(),
    token: z.string(),
    /** Delivery attempt, from 1. */
    n: z.number().int().positive(),
    /** Re-send of an already delivered card with newer content. */
    update: z.boolean().optional(),
  }),
]);
type Message = z.infer<typeof MessageSchema>;
type Deliver = Extract<Message, { t: "deliver" }>;

const RunRecordSchema = z.object({
  input: AlertInputSchema,
  outcome: z.enum(["failure", "recovery", "success", "other"]),
  version: z.number().int(),
  report: ReportSchema.optional(),
  targets: z.record(z.string(), z.object({ conversation: ConversationSchema, why: z.string() })),
});
type RunRecord = z.infer<typeof RunRecordSchema>;

const LastSchema = z.object({ runId: z.number(), attempt: z.number(), conclusion: z.string() });
const SentSchema = z.object({
  token: z.string(),
  state: z.enum(["sending", "sent", "failed"]),
  version: z.number().int(),
});

/** A delivery given up on, for `status`. */
export const FailedDeliverySchema = z.object({
  at: z.string(),
  repo: z.string(),
  runId: z.number(),
  attempt: z.number(),
  surface: z.string(),
  /** Label (or id) of the conversation, for display. */
  conversation: z.string(),
  /**
   * Key of the conversation (`conversationKey`), so `status` shows it only there; absent in
   * records written before it existed, which only admins see.
   */
  conv: z.string().optional(),
  error: z.string(),
  attempts: z.number(),
});
/** A delivery given up on. */
export type FailedDelivery = z.infer<typeof FailedDeliverySchema>;

const TRANSIENT = new Set(["upstream", "timeout", "rate_limited"]);
const ttl = { ttlMs: ALERT_STATE_TTL_MS };

/**
 * Creates the engine and registers its queue consumer on `deps.queue`.
 *
 * @example
 * ```ts
 * // const router = createQueueRouter(rawStore);
 * // const alerts = createAlerts({ store: router.store, queue: router, provider, notifiers, log, now, newId });
 * // createGitHubWebhooks(secret, { store, runner, log, alerts });
 * ```
 */
export function createAlerts(deps: AlertsDeps): Alerts {
  const { store, log: baseLog, now } = deps;
  const log = baseLog.child({ component: "alerts" });
  const attempts = deps.attempts ?? 5;
  const backoff = deps.backoffMs ?? ((n: number) => Math.min(600_000, 5_000 * 2 ** (n - 1)));
  const coalesceMs = deps.coalesceMs ?? 3_000;
  const enqueue = (message: Message, delayMs = 0) =>
    deps.queue.enqueue(ALERTS_ROUTE, message, { delayMs });

  const loadRecord = async (repo: string, runId: number, attempt: number) => {
    const parsed = RunRecordSchema.safeParse(await store.get(alertKeys.run(repo, runId, attempt)));
    return parsed.success ? parsed.data : null;
  };

  const classify = async (input: RunAlertInput): Promise<RunRecord> => {
    const { repo, run } = input;
    const lastKey = alertKeys.last(repo, run.path ?? String(run.workflowId), run.headBranch ?? "");
    const last = LastSchema.safeParse(await store.get(lastKey));
    const earlier = last.success &&
      (last.data.runId < run.id || (last.data.runId === run.id && last.data.attempt < run.attempt));
    const outcome: Outcome = outcomeOf(run.conclusion, earlier ? last.data.conclusion : undefined);
    const targets = recipients(await subscriptionsOfRepo(store, repo), run, outcome);
    const record: RunRecord = { input, outcome, version: 1, targets: {} };
    if (targets.length) {
      const details = await fetchDetails(deps.provider, repo, run, log);
      record.report = await saveReport(store, alertReport(input, outcome, details), deps);
      for (const sub of targets) {
        record.targets[conversationKey(sub.conversation)] = {
          conversation: sub.conversation,
          why: whyLine(sub),
        };
      }
    }
    const newer = !last.success || earlier || last.data.runId === run.id;
    if (countsForRecovery(run.conclusion) && newer) {
      await store.set(
        lastKey,
        { runId: run.id, attempt: run.attempt, conclusion: run.conclusion },
        ttl,
      );
    }
    return record;
  };

  const onRun = async (input: RunAlertInput) => {
    const { repo, run } = input;
    const key = alertKeys.run(repo, run.id, run.attempt);
    let record = await loadRecord(repo, run.id, run.attempt);
    if (!record) {
      await store.setIfAbsent(key, await classify(input), ttl);
      record = await loadRecord(repo, run.id, run.attempt);
      if (!record) throw new CiError("internal", `Alert state of run ${run.id} was not stored`);
    }
    const latest = await store.get<number>(alertKeys.latest(repo, run.id));
    if (latest === null || latest < run.attempt) {
      await store.set(alertKeys.latest(repo, run.id), run.attempt, ttl);
    }
    const convs = Object.keys(record.targets);
    log.info("alert: run classified", {
      repo,
      runId: run.id,
      attempt: run.attempt,
      outcome: record.outcome,
      recipients: convs.length,
    });
    for (const conv of convs) {
      const token = deps.newId();
      await enqueue({ t: "deliver", repo, runId: run.id, attempt: run.attempt, conv, token, n: 1 });
    }
  };

  const recordFailed = async (msg: Deliver, record: RunRecord, error: CiError) => {
    const target = record.targets[msg.conv];
    const at = now().toISOString();
    const failed: FailedDelivery = {
      at,
      repo: msg.repo,
      runId: msg.runId,
      attempt: msg.attempt,
      surface: target?.conversation.surface ?? "unknown",
      conversation: target?.conversation.label ?? target?.conversation.id ?? msg.conv,
      conv: msg.conv,
      error: error.message,
      attempts: msg.n,
    };
    log.error("alert not delivered, given up", { ...failed });
    await store.set(alertKeys.failed(at, deps.newId()), failed, ttl);
  };

  const onDeliver = async (msg: Deliver) => {
    const record = await loadRecord(msg.repo, msg.runId, msg.attempt);
    const target = record?.targets[msg.conv];
    if (!record?.report || !target) return log.warn("alert: nothing to deliver", { ...msg });
    const sentKey = alertKeys.sent(msg.repo, msg.runId, msg.attempt, msg.conv);
    if (msg.update) {
      const sent = SentSchema.safeParse(await store.get(sentKey));
      if (!sent.success || sent.data.state !== "sent" || sent.data.version >= record.version) {
        return;
      }
    } else {
      const claim = { token: msg.token, state: "sending", version: record.version };
      if (!(await store.setIfAbsent(sentKey, claim, ttl))) {
        const sent = SentSchema.safeParse(await store.get(sentKey));
        // Another message (a replay) owns this alert, or it already went out.
        if (!sent.success || sent.data.token !== msg.token || sent.data.state !== "sending") return;
      }
    }
    const notifier = deps.notifiers.get(target.conversation.surface);
    try {
      if (!notifier) {
        throw new CiError(
          "config",
          `No notifier for ${target.conversation.surface} is configured`,
          {
            hint: "Turn that surface on (with its bot credentials) so alerts can be posted.",
          },
        );
      }
      await notifier(target.conversation, withWhy(record.report, target.why), {
        key: `${msg.repo.toLowerCase()}/${msg.runId}`,
      });
    } catch (error) {
      const err = toCiError(error);
      if (TRANSIENT.has(err.code) && msg.n < attempts) {
        log.warn("alert delivery failed, will retry", {
          ...msg,
          code: err.code,
          error: err.message,
        });
        await enqueue({ ...msg, n: msg.n + 1 }, backoff(msg.n));
        return;
      }
      await recordFailed(msg, record, err);
      if (!msg.update) {
        await store.set(
          sentKey,
          { token: msg.token, state: "failed", version: record.version },
          ttl,
        );
      }
      return;
    }
    await store.set(sentKey, { token: msg.token, state: "sent", version: record.version }, ttl);
    log.info("alert delivered", {
      repo: msg.repo,
      runId: msg.runId,
      surface: target.conversation.surface,
      update: msg.update ?? false,
    });
    // A refresh may have landed while this was in flight: bring the card up to date.
    const fresh = await loadRecord(msg.repo, msg.runId, msg.attempt);
    if (fresh && fresh.version > record.version) await enqueue({ ...msg, n: 1, update: true });
  };

  const onJob = async (repo: string, runId: number) => {
    if ((await store.get<number>(alertKeys.latest(repo, runId))) === null) return;
    if (await store.setIfAbsent(alertKeys.refresh(repo, runId), true, { ttlMs: coalesceMs * 2 })) {
      await enqueue({ t: "refresh", repo, runId }, coalesceMs);
    }
  };

  const onRefresh = async (repo: string, runId: number) => {
    await store.delete(alertKeys.refresh(repo, runId));
    const attempt = await store.get<number>(alertKeys.latest(repo, runId));
    const record = attempt === null ? null : await loadRecord(repo, runId, attempt);
    if (!record?.report || attempt === null) return;
    const details = await fetchDetails(deps.provider, repo, record.input.run, log);
    const report = await saveReport(
      store,
      alertReport(record.input, record.outcome, details),
      deps,
    );
    const next: RunRecord = { ...record, report, version: record.version + 1 };
    await store.set(alertKeys.run(repo, runId, attempt), next, ttl);
    for (const conv of Object.keys(next.targets)) {
      await enqueue({
        t: "deliver",
        repo,
        runId,
        attempt,
        conv,
        token: "update",
        n: 1,
        update: true,
      });
    }
  };

  deps.queue.route(ALERTS_ROUTE, async (payload) => {
    const parsed = MessageSchema.safeParse(payload);
    if (!parsed.success) return log.warn("alert: ignored an unreadable queue message");
    const msg = parsed.data;
    switch (msg.t) {
      case "run":
        return await onRun(msg);
      case "deliver":
        return await onDeliver(msg);
      case "job":
        return await onJob(msg.repo, msg.runId);
      case "refresh":
        return await onRefresh(msg.repo, msg.runId);
    }
  });

  return {
    async accept(event) {
      if (event.kind === "workflow_run" && event.action === "completed") {
        const { repo, run, commit, pusher } = event;
        await enqueue({
          t: "run",
          repo,
          run,
          ...(commit ? { commit } : {}),
          ...(pusher ? { pusher } : {}),
        });
        return true;
      }
      if (event.kind === "workflow_job" && event.action === "completed") {
        await enqueue({ t: "job", repo: event.repo, runId: event.runId });
        return true;
      }
      return false;
    },
  };
}

/**
 * Alert deliveries given up on, newest first (for `status`), keeping only those `visible`
 * accepts before taking `limit` (so other conversations' failures cannot crowd them out).
 *
 * @example
 * ```ts
 * const failed = await failedDeliveries(store, 10, (f) => f.conv === "slack:T1/C1");
 * failed.map((f) => `${f.repo} run ${f.runId} → ${f.conversation}: ${f.error}`);
 * ```
 */
export async function failedDeliveries(
  store: Store,
  limit = 20,
  visible: (failed: FailedDelivery) => boolean = () => true,
): Promise<FailedDelivery[]> {
  const entries = await store.list(alertKeys.failedPrefix);
  return entries.flatMap((e) => {
    const parsed = FailedDeliverySchema.safeParse(e.value);
    return parsed.success && visible(parsed.data) ? [parsed.data] : [];
  }).reverse().slice(0, limit);
}
