/**
 * CI alerts in Slack: the {@linkcode Notifier} that posts an alert card to a subscribed channel
 * with `chat.postMessage` and, for later alerts with the same key (one CI run), replaces that
 * card with `chat.update`. Needs the bot token; without one the Slack surface gives requests no
 * conversation, so subscribing is refused with that explanation.
 *
 * Where the card is (`channel`/`ts`) is kept in the store under the key, so any process can
 * update it. Sends to one card happen under a short lease so that two deliveries racing for the
 * same run cannot post two cards. 429 answers are waited out (`Retry-After`) by
 * {@linkcode resilientFetch}; what still fails is thrown for the alerts engine to retry.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/port.ts";
import type { Conversation, Notifier } from "../../src/surface.ts";
import { renderReport } from "./blockkit.ts";
import { storeActions } from "./buttons.ts";
import { resilientFetch } from "./deliver.ts";
import { createSlackApi, SlackRefusal } from "./webapi.ts";

/** Settings (from `SlackConfig`). */
export interface SlackNotifierConfig {
  botToken?: string;
  apiUrl?: string;
}

/** What the notifier needs. */
export interface SlackNotifierDeps {
  store: Store;
  fetch: typeof fetch;
  log: Logger;
  newId: () => string;
  /** The report page of a stored report. */
  reportUrl: (id: string) => string;
  /** Waits between retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

const CARD_TTL_MS = 14 * 24 * 3600 * 1000;
const LEASE_TTL_MS = 15_000;
const LEASE_WAIT_MS = 20_000;
/** Refusals of `chat.update` after which the card is posted anew. */
const GONE = new Set(["message_not_found", "cant_update_message"]);

interface Card {
  channel: string;
  ts: string;
}

/**
 * The conversation of a Slack channel, as subscriptions store it.
 *
 * @example
 * ```ts
 * slackConversation("C123", "T1", "ci"); // { surface: "slack", id: "T1/C123", label: "#ci", data: { channel: "C123", teamId: "T1" } }
 * ```
 */
export function slackConversation(
  channelId: string,
  teamId?: string,
  channelName?: string,
): Conversation {
  const named = channelName && !/^(directmessage|privategroup)$/.test(channelName);
  return {
    surface: "slack",
    id: `${teamId ?? "-"}/${channelId}`,
    ...(named ? { label: `#${channelName}` } : {}),
    data: { channel: channelId, ...(teamId ? { teamId } : {}) },
  };
}

/**
 * Creates the notifier. Throws `CiError("config")` when called without a bot token.
 *
 * @example
 * ```ts
 * const notify = createSlackNotifier({ botToken: "xoxb-1" }, { store, fetch, log, newId, reportUrl });
 * await notify(slackConversation("C1", "T1"), report, { key: "acme/app/42" });
 * ```
 */
export function createSlackNotifier(
  config: SlackNotifierConfig,
  deps: SlackNotifierDeps,
): Notifier {
  const log = deps.log.child({ surface: "slack", component: "notify" });
  const api = createSlackApi({
    botToken: config.botToken,
    apiUrl: config.apiUrl,
    fetch: resilientFetch(deps.fetch, {
      timeoutMs: 10_000,
      attempts: 4,
      maxRetryAfterMs: 60_000,
      log,
      sleep: deps.sleep,
    }),
  });

  const underLease = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const leaseKey = ["slack", "alert-lease", key] as const;
    const token = crypto.randomUUID();
    const deadline = performance.now() + LEASE_WAIT_MS;
    while (!(await deps.store.setIfAbsent(leaseKey, token, { ttlMs: LEASE_TTL_MS }))) {
      if (performance.now() > deadline) {
        throw new CiError("timeout", `Slack alert card ${key} stayed locked for 20 s`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      return await fn();
    } finally {
      if ((await deps.store.get(leaseKey)) === token) await deps.store.delete(leaseKey);
    }
  };

  return async (conversation, report, options) => {
    if (!api.canPost) {
      throw new CiError("config", "Cannot post Slack alerts: SLACK_BOT_TOKEN is not set", {
        hint: "Set SLACK_BOT_TOKEN so alerts can be posted with chat.postMessage.",
      });
    }
    const channel = conversation.data.channel;
    if (typeof channel !== "string" || !channel) {
      throw new CiError("internal", `Slack conversation ${conversation.id} has no channel id`);
    }
    const cardKey = `${options.key}@${channel}`;
    const actionValues = await storeActions(deps.store, report, deps.newId);
    const message = renderReport(report, {
      reportUrl: report.id ? deps.reportUrl(report.id) : undefined,
      actionValues,
    });
    await underLease(cardKey, async () => {
      const key = ["slack", "alert", cardKey] as const;
      const card = await deps.store.get<Card>(key);
      if (card) {
        try {
          await api.update(card.channel, card.ts, message);
          return;
        } catch (error) {
          if (!(error instanceof SlackRefusal && GONE.has(error.slackError))) throw error;
          log.warn("alert card to update is gone; posting it anew", { key: options.key });
        }
      }
      const posted = await api.post(channel, message);
      await deps.store.set(key, posted, { ttlMs: CARD_TTL_MS });
    });
  };
}
