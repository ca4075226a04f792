/**
 * Outbound Teams messages through the SDK's proactive path (`continueConversationAsync` with a
 * stored conversation reference): post a card, update it in place (PUT), with 429 `Retry-After`
 * and 5xx answers retried. Builds the runner's {@linkcode Deliverer} (job progress and final
 * result update the job's activity) and the alerts' {@linkcode Notifier} (one activity per
 * alert key, updated by later alerts with the same key).
 *
 * @module
 */
import type { ConversationReference, TurnContext } from "botbuilder";
import { CiError } from "../../src/errors.ts";
import type { Report } from "../../src/report/model.ts";
import type { Deliverer, Notifier, SurfaceDeps } from "../../src/surface.ts";
import { storeActions } from "./actions.ts";
import type { TeamsBot } from "./adapter.ts";
import { type AdaptiveCard, cardAttachment, renderCard } from "./card.ts";
import { fromReplyTarget } from "./reply.ts";

const ALERT_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const SLOT_TTL_MS = 2 * 24 * 60 * 60 * 1000;

/** Tuning, mostly for tests. */
export interface MessengerOptions {
  /** Least time between two progress updates of one activity. Default 2,000 ms. */
  minIntervalMs?: number;
  /** Total attempts of one call. Default 4. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Posting and updating cards in a conversation. */
export interface TeamsMessenger {
  /** Posts a card; returns the new activity id. */
  post(reference: Partial<ConversationReference>, card: AdaptiveCard): Promise<string>;
  /** Replaces the card of an earlier activity. */
  update(reference: Partial<ConversationReference>, id: string, card: AdaptiveCard): Promise<void>;
  /** The report as a card, its buttons stored (`requester`: who may dismiss it). */
  card(report: Report, requester?: string): Promise<AdaptiveCard>;
  deliver: Deliverer;
  notify: Notifier;
}

const slotKey = (id: string) => ["teams", "slot", id] as const;

/**
 * True once the runner has delivered anything to this activity, so the surface's own first
 * update (the `running` report `execute` returned) must not overwrite newer progress.
 *
 * @example
 * ```ts
 * if (!(await delivered(store, activityId))) await messenger.update(ref, activityId, card);
 * ```
 */
export async function delivered(store: SurfaceDeps["store"], id: string): Promise<boolean> {
  return (await store.get(slotKey(id))) !== null;
}

/**
 * Creates the messenger.
 *
 * @example
 * ```ts
 * const messenger = createTeamsMessenger(loadBot, deps);
 * await messenger.notify(conversation, report, { key: "run-42" });
 * ```
 */
export function createTeamsMessenger(
  load: () => Promise<TeamsBot>,
  deps: SurfaceDeps,
  options: MessengerOptions = {},
): TeamsMessenger {
  const log = deps.log.child({ surface: "teams", component: "messenger" });
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const minInterval = options.minIntervalMs ?? 2_000;
  const lastProgress = new Map<string, number>();

  const withRetry = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1;; attempt++) {
      try {
        return await call();
      } catch (error) {
        const status = statusOf(error);
        const retryable = status === 429 || (status !== undefined && status >= 500);
        if (!retryable || attempt >= attempts) {
          throw new CiError(
            "upstream",
            `Teams ${what} failed${status ? ` (HTTP ${status})` : ""}`,
            {
              cause: error,
              hint: "The Bot Connector refused or is unavailable; the report page has the result.",
            },
          );
        }
        const waitMs = retryAfterMs(error) ?? 500 * 2 ** (attempt - 1);
        log.warn("teams call retried", { what, status, attempt, waitMs });
        await sleep(Math.min(waitMs, 60_000));
      }
    }
  };

  const inConversation = async <T>(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<T>,
  ): Promise<T> => {
    const bot = await load();
    let result: T | undefined;
    await bot.adapter.continueConversationAsync(bot.appId, reference, async (context) => {
      result = await logic(context);
    });
    return result as T;
  };

  const post = (reference: Partial<ConversationReference>, card: AdaptiveCard) =>
    withRetry("post", () =>
      inConversation(reference, async (context) => {
        // The continuation event carries an id, which would turn the post into a reply to it.
        delete context.activity.id;
        const sent = await context.sendActivity({
          type: "message",
          attachments: [cardAttachment(card)],
        });
        return sent?.id ?? "";
      }));

  const update = (reference: Partial<ConversationReference>, id: string, card: AdaptiveCard) =>
    withRetry("update", () =>
      inConversation(reference, async (context) => {
        await context.updateActivity({
          type: "message",
          id,
          conversation: context.activity.conversation,
          attachments: [cardAttachment(card)],
        });
      }));

  const card = async (report: Report, requester?: string) =>
    renderCard(report, {
      reportUrl: report.id ? deps.reportUrl(report.id) : undefined,
      actionIds: await storeActions(deps.store, report, deps.newId, requester),
    });

  const deliver: Deliverer = async (target, report, phase) => {
    const reply = fromReplyTarget(target);
    if (!reply) {
      throw new CiError(
        "bad_request",
        `Teams cannot deliver to a '${target.surface}' reply target`,
      );
    }
    const reference = reply.conversationReference as unknown as Partial<ConversationReference>;
    const id = reply.activityId;
    if (phase === "progress") {
      if (!id) return;
      const now = deps.now().getTime();
      if (now - (lastProgress.get(id) ?? -Infinity) < minInterval) return;
      lastProgress.set(id, now);
    } else if (id) {
      lastProgress.delete(id);
    }
    const rendered = await card(report);
    if (id) {
      await deps.store.set(slotKey(id), phase, { ttlMs: SLOT_TTL_MS });
      await update(reference, id, rendered);
    } else {
      await post(reference, rendered);
    }
  };

  const notify: Notifier = async (conversation, report, { key }) => {
    if (conversation.surface !== "teams") {
      throw new CiError(
        "bad_request",
        `Teams cannot notify a '${conversation.surface}' conversation`,
      );
    }
    const reference = conversation.data as Partial<ConversationReference>;
    const storeKey = ["teams", "alert", conversation.id, key] as const;
    const rendered = await card(report);
    const earlier = await deps.store.get<string>(storeKey);
    if (earlier) {
      await update(reference, earlier, rendered);
      return;
    }
    const id = await post(reference, rendered);
    if (id) await deps.store.set(storeKey, id, { ttlMs: ALERT_TTL_MS });
  };

  return { post, update, card, deliver, notify };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const value of [e?.statusCode, e?.status, e?.response?.status]) {
    if (typeof value === "number") return value;
  }
  return undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (n: string) => unknown } } })
    ?.response?.headers;
  const value = typeof headers?.get === "function" ? headers.get("retry-after") : undefined;
  return typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) * 1000 : undefined;
}
