/**
 * CI alerts in Discord: the {@linkcode Notifier} that posts an alert to a subscribed channel
 * with the bot token and, for later alerts with the same key (one CI run), edits that message
 * (`PATCH /channels/{id}/messages/{message_id}`). Where the message is lives in the store, so
 * any process can edit it; sends for one key happen under a short lease so two deliveries
 * racing for the same run cannot post twice. 429s and 5xx are retried by the REST client; what
 * still fails is thrown for the alerts engine to retry.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { Store } from "../../src/store/port.ts";
import type { Conversation, Notifier } from "../../src/surface.ts";
import type { DiscordMessenger } from "./messenger.ts";
import { DiscordApiError, type DiscordRest } from "./rest.ts";

const CARD_TTL_MS = 14 * 24 * 3600 * 1000;
const LEASE_TTL_MS = 15_000;
const LEASE_WAIT_MS = 20_000;

interface Card {
  channelId: string;
  messageId: string;
}

/**
 * The conversation of a Discord channel, as subscriptions store it.
 *
 * @example
 * ```ts
 * discordConversation("123", "456", "ci"); // { surface: "discord", id: "123", label: "#ci", data: { channelId: "123", guildId: "456" } }
 * ```
 */
export function discordConversation(
  channelId: string,
  guildId?: string,
  channelName?: string,
): Conversation {
  return {
    surface: "discord",
    id: channelId,
    ...(channelName ? { label: `#${channelName}` } : {}),
    data: { channelId, ...(guildId ? { guildId } : {}) },
  };
}

/**
 * Creates the notifier. Calls without a bot token throw `CiError("config")`.
 *
 * @example
 * ```ts
 * const notify = createDiscordNotifier(rest, messenger, store);
 * await notify(discordConversation("123"), report, { key: "acme/app/42" });
 * ```
 */
export function createDiscordNotifier(
  rest: DiscordRest,
  messenger: DiscordMessenger,
  store: Store,
): Notifier {
  const underLease = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const leaseKey = ["discord", "alert-lease", key] as const;
    const token = crypto.randomUUID();
    const deadline = performance.now() + LEASE_WAIT_MS;
    while (!(await store.setIfAbsent(leaseKey, token, { ttlMs: LEASE_TTL_MS }))) {
      if (performance.now() > deadline) {
        throw new CiError("timeout", `Discord alert ${key} stayed locked for 20 s`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      return await fn();
    } finally {
      if ((await store.get(leaseKey)) === token) await store.delete(leaseKey);
    }
  };

  return async (conversation, report, options) => {
    if (!rest.hasBotToken) {
      throw new CiError("config", "Cannot post Discord alerts: DISCORD_BOT_TOKEN is not set", {
        hint: "Set DISCORD_BOT_TOKEN so alerts can be posted to subscribed channels.",
      });
    }
    const channelId = conversation.data.channelId;
    if (typeof channelId !== "string" || !/^\d+$/.test(channelId)) {
      throw new CiError("internal", `Discord conversation ${conversation.id} has no channel id`);
    }
    const cardKey = `${options.key}@${channelId}`;
    const message = await messenger.render(report);
    await underLease(cardKey, async () => {
      const key = ["discord", "alert", cardKey] as const;
      const card = await store.get<Card>(key);
      if (card) {
        try {
          await rest.request("PATCH", `/channels/${card.channelId}/messages/${card.messageId}`, {
            ...message,
          });
          return;
        } catch (error) {
          if (!(error instanceof DiscordApiError && error.status === 404)) throw error;
        }
      }
      const posted = await rest.request<{ id: string }>(
        "POST",
        `/channels/${channelId}/messages`,
        message,
      );
      await store.set(key, { channelId, messageId: posted.id } satisfies Card, {
        ttlMs: CARD_TTL_MS,
      });
    });
  };
}
