/**
 * Live progress in Slack: one message per long operation, posted once and then replaced in place
 * by progress and by the final result.
 *
 * How the message is updated, and why:
 * - **With a bot token** (`via: "chat"`), the running report is posted with `chat.postMessage`
 *   and its `channel`/`ts` kept in the store under the request id, so every later update is a
 *   `chat.update` — unlimited in number and age, from any process. If the post is refused (the
 *   bot is not in the channel, a DM), the slot falls back to `response_url`.
 * - **Without one** (`via: "response_url"`), updates use the request's `response_url` with
 *   `replace_original`. Slack allows 5 uses in 30 minutes, so the budget is: 1 for the running
 *   report, at most 3 for progress, and 1 always kept for the final result. Progress beyond the
 *   budget is dropped (the final report still arrives). A job outliving the 30 minutes cannot
 *   deliver its final message this way: set `SLACK_BOT_TOKEN`.
 * - Progress is coalesced per message: at most one update per `minIntervalMs` (2 s; Slack
 *   allows ~1 message per second per channel), and the latest state wins. `deliver` returns at
 *   once for progress; the final result is sent before it returns and throws if it could not be
 *   delivered after retries (429 `Retry-After` is honoured), so the runner records that.
 * - The surface's first message and the runner's replies can race (the job starts before the
 *   running report is posted) and can come from different processes, so every send to a slot
 *   happens under a short lease in the store, and the slot state there decides: the first
 *   message is skipped when anything newer was already sent, progress after the final is
 *   dropped, and a final is delivered once.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { Report } from "../../src/report/model.ts";
import type { Deliverer, SurfaceDeps } from "../../src/surface.ts";
import { renderReport, type SlackMessage } from "./blockkit.ts";
import { storeActions } from "./buttons.ts";
import { resilientFetch } from "./deliver.ts";
import { fromReplyTarget, type SlackReply } from "./reply.ts";
import { createSlackApi, type ResponseBody, type SlackApi, SlackRefusal } from "./webapi.ts";

/** Uses Slack grants a `response_url`. */
export const RESPONSE_URL_USES = 5;
const SLOT_TTL_MS = 2 * 24 * 60 * 60 * 1000;
const LEASE_TTL_MS = 15_000;
const LEASE_WAIT_MS = 30_000;
/** Refusals of `chat.update` after which the final result is posted as a new message. */
const GONE = new Set(["message_not_found", "cant_update_message", "channel_not_found"]);

/** Settings of the messenger (from `SlackConfig`). */
export interface MessengerConfig {
  botToken?: string;
  apiUrl?: string;
}

/** Tuning, mostly for tests. */
export interface MessengerOptions {
  /** Least time between two progress updates of one message. Default 2,000 ms. */
  minIntervalMs?: number;
  /** Waits between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** The runner's deliverer, plus what tests and shutdown need. */
export type SlackDeliverer = Deliverer & {
  /** Resolves when no progress update is scheduled or in flight. */
  idle(): Promise<void>;
  /** Drops scheduled progress updates (shutdown). */
  close(): void;
};

/** What the surface and the job runner share. */
export interface SlackMessenger {
  /**
   * The first reply to a request: the report `execute` returned. A `running` report opens the
   * message that later updates replace; any other report is a one-off answer.
   */
  open(reply: SlackReply, report: Report): Promise<void>;
  /** A message that is not a report (an error, a hint): `response_url` if any, else a post. */
  notice(reply: SlackReply, message: ResponseBody): Promise<void>;
  /** Opens a modal with a click's `trigger_id` (needs the bot token; the id lives 3 s). */
  openView(triggerId: string, view: Record<string, unknown>): Promise<void>;
  deliver: SlackDeliverer;
}

interface Slot {
  via: "chat" | "response_url";
  channel?: string;
  ts?: string;
  /** `response_url` uses so far. */
  uses: number;
  /** Messages sent into this slot (first post, updates). */
  sent: number;
  final: boolean;
}

interface Pending {
  reply: SlackReply;
  report?: Report;
  /** Clears the scheduled update (and settles its tracked promise). */
  cancel?: () => void;
  inflight: boolean;
  lastAt?: number;
}

/**
 * Creates the messenger. Build one per process and share it between the surface and the runner
 * (correctness does not depend on it: the slot state is in the store).
 *
 * @example
 * ```ts
 * const messenger = createSlackMessenger({ botToken: "xoxb-1" }, deps);
 * await messenger.open(reply, runningReport);
 * await messenger.deliver(toReplyTarget(reply), finalReport, "final");
 * ```
 */
export function createSlackMessenger(
  config: MessengerConfig,
  deps: SurfaceDeps,
  options: MessengerOptions = {},
): SlackMessenger {
  const log = deps.log.child({ surface: "slack", component: "messenger" });
  const minInterval = options.minIntervalMs ?? 2_000;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const api = (attempts: number, maxRetryAfterMs: number): SlackApi =>
    createSlackApi({
      botToken: config.botToken,
      apiUrl: config.apiUrl,
      fetch: resilientFetch(deps.fetch, {
        timeoutMs: 10_000,
        attempts,
        maxRetryAfterMs,
        log,
        sleep,
      }),
    });
  // Progress may be dropped, so it does not wait long; the final result waits out Retry-After.
  const quick = api(2, 5_000);
  const patient = api(5, 60_000);
  const pending = new Map<string, Pending>();
  const flights = new Set<Promise<void>>();

  /** `reply.userId` is who the message answers: the only person who may dismiss it. */
  const render = async (report: Report, reply: SlackReply): Promise<SlackMessage> => {
    const actionValues = await storeActions(deps.store, report, deps.newId, reply.userId);
    const reportUrl = report.id ? deps.reportUrl(report.id) : undefined;
    return renderReport(report, { reportUrl, actionValues });
  };

  const withSlot = async <T>(reply: SlackReply, fn: (slot: Slot) => Promise<T>): Promise<T> => {
    const slotKey = ["slack", "msg", reply.key] as const;
    const leaseKey = ["slack", "msg-lease", reply.key] as const;
    const token = crypto.randomUUID();
    const deadline = performance.now() + LEASE_WAIT_MS;
    while (!(await deps.store.setIfAbsent(leaseKey, token, { ttlMs: LEASE_TTL_MS }))) {
      if (performance.now() > deadline) {
        throw new CiError("timeout", `Slack message ${reply.key} stayed locked for 30 s`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      const slot = (await deps.store.get<Slot>(slotKey)) ??
        { via: reply.via, uses: 0, sent: 0, final: false };
      try {
        return await fn(slot);
      } finally {
        // Saved even when the send failed: a failed response_url call may still count as a use.
        await deps.store.set(slotKey, slot, { ttlMs: SLOT_TTL_MS });
      }
    } finally {
      if ((await deps.store.get(leaseKey)) === token) await deps.store.delete(leaseKey);
    }
  };

  /** Sends through `response_url`, counting the use even when it fails (Slack may count it). */
  const respond = async (api: SlackApi, reply: SlackReply, slot: Slot, message: SlackMessage) => {
    if (!reply.responseUrl) {
      throw new CiError("internal", `Slack message ${reply.key} has no response_url to answer`);
    }
    slot.uses++;
    await api.respond(reply.responseUrl, {
      ...message,
      response_type: reply.responseType,
      replace_original: reply.replaceable,
    });
    slot.sent++;
  };

  /** The first message of a slot: a post (falling back to `response_url`) or a response. */
  const first = async (api: SlackApi, reply: SlackReply, slot: Slot, message: SlackMessage) => {
    if (slot.via === "chat" && api.canPost && reply.channelId) {
      try {
        const posted = await api.post(reply.channelId, message, reply.threadTs);
        Object.assign(slot, { channel: posted.channel, ts: posted.ts });
        slot.sent++;
        return;
      } catch (error) {
        if (!reply.responseUrl) throw error;
        log.warn("chat.postMessage refused; updating through response_url instead", {
          key: reply.key,
          error,
        });
      }
    }
    slot.via = "response_url";
    await respond(api, reply, slot, message);
  };

  const sendProgress = (reply: SlackReply, report: Report) =>
    withSlot(reply, async (slot) => {
      if (slot.final) return;
      if (slot.sent === 0) return await first(quick, reply, slot, await render(report, reply));
      if (slot.via === "chat" && slot.channel && slot.ts) {
        await quick.update(slot.channel, slot.ts, await render(report, reply));
        slot.sent++;
        return;
      }
      if (!reply.replaceable || slot.uses >= RESPONSE_URL_USES - 1) {
        log.debug("progress dropped: no response_url use to spare", { key: reply.key, ...slot });
        return;
      }
      await respond(quick, reply, slot, await render(report, reply));
    });

  const sendFinal = (reply: SlackReply, report: Report) =>
    withSlot(reply, async (slot) => {
      if (slot.final) return log.info("final reply already delivered", { key: reply.key });
      const message = await render(report, reply);
      if (slot.via === "chat" && slot.channel && slot.ts) {
        try {
          await patient.update(slot.channel, slot.ts, message);
          slot.sent++;
        } catch (error) {
          if (!(error instanceof SlackRefusal && GONE.has(error.slackError))) throw error;
          log.warn("message to update is gone; posting the result anew", { key: reply.key });
          Object.assign(slot, await patient.post(slot.channel, message, reply.threadTs));
          slot.sent++;
        }
      } else if (slot.sent === 0 || slot.via === "chat") {
        await first(patient, reply, slot, message);
      } else {
        await respond(patient, reply, slot, message);
      }
      slot.final = true;
    });

  const track = (work: Promise<void>) => {
    flights.add(work);
    work.finally(() => flights.delete(work));
  };

  const flush = async (key: string) => {
    const entry = pending.get(key);
    if (!entry?.report) return;
    const report = entry.report;
    entry.report = undefined;
    entry.cancel = undefined;
    entry.inflight = true;
    try {
      await sendProgress(entry.reply, report);
    } catch (error) {
      log.warn("progress update not delivered", { key, error });
    } finally {
      entry.inflight = false;
      entry.lastAt = performance.now();
      // The entry stays (with its lastAt) until the final reply, so spacing holds across calls.
      if (entry.report) schedule(key, entry);
    }
  };

  const schedule = (key: string, entry: Pending) => {
    if (entry.cancel || entry.inflight) return;
    // Wall-clock spacing: this is Slack's rate limit, not business time.
    const delay = entry.lastAt === undefined
      ? 0
      : Math.max(0, entry.lastAt + minInterval - performance.now());
    track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => flush(key).finally(resolve), delay);
        entry.cancel = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
    );
  };

  const readReply = (target: Parameters<Deliverer>[0]) => {
    const reply = fromReplyTarget(target);
    if (!reply) {
      throw new CiError("internal", `Cannot deliver to a '${target.surface}' reply target`, {
        hint: "The reply target was not written by the Slack surface.",
      });
    }
    return reply;
  };

  const deliver: SlackDeliverer = Object.assign(
    async (target: Parameters<Deliverer>[0], report: Report, phase: "progress" | "final") => {
      const reply = readReply(target);
      const entry = pending.get(reply.key);
      if (phase === "final") {
        if (entry) {
          entry.cancel?.();
          pending.delete(reply.key);
        }
        return await sendFinal(reply, report);
      }
      const next = entry ?? { reply, inflight: false };
      next.report = report;
      pending.set(reply.key, next);
      schedule(reply.key, next);
    },
    {
      async idle() {
        while (flights.size > 0) await Promise.all([...flights]);
      },
      close() {
        for (const entry of pending.values()) entry.cancel?.();
        pending.clear();
      },
    },
  );

  return {
    deliver,
    async open(reply, report) {
      if (report.status !== "running") {
        const message = await render(report, reply);
        if (reply.responseUrl) {
          return await patient.respond(reply.responseUrl, {
            ...message,
            response_type: reply.responseType,
            replace_original: reply.replaceable,
          });
        }
        return await postInThread(patient, reply, message);
      }
      await withSlot(reply, async (slot) => {
        if (slot.sent > 0 || slot.final) {
          return log.debug("running report skipped: the message already moved on", {
            key: reply.key,
          });
        }
        await first(patient, reply, slot, await render(report, reply));
      });
    },
    // One quick attempt budget: a trigger id expires after 3 s, so a slow retry is useless.
    openView: (triggerId, view) => quick.openView(triggerId, view),
    async notice(reply, message) {
      if (reply.responseUrl) return await patient.respond(reply.responseUrl, message);
      await postInThread(patient, reply, message);
    },
  };
}

/**
 * The runner's {@linkcode Deliverer} for Slack reply targets.
 *
 * @example
 * ```ts
 * const deliver = createSlackDeliverer({ signingSecret: "…", botToken: "xoxb-1" }, deps);
 * // createJobRunner({ …, deliver: (reply, report, phase) => deliver(reply, report, phase) });
 * ```
 */
export function createSlackDeliverer(
  config: MessengerConfig,
  deps: SurfaceDeps,
  options: MessengerOptions = {},
): SlackDeliverer {
  return createSlackMessenger(config, deps, options).deliver;
}

async function postInThread(api: SlackApi, reply: SlackReply, message: SlackMessage) {
  if (!reply.channelId) {
    throw new CiError("internal", `Slack reply ${reply.key} has neither response_url nor channel`);
  }
  await api.post(reply.channelId, message, reply.threadTs);
}
