/**
 * Messages of one request in Discord: the first reply (`open`), the job runner's progress and
 * final report (`deliver`), gateway replies (`send`) and notices (errors, expired buttons).
 *
 * A reply's message "slot" lives in the store under its key, so any process can continue it:
 * how many messages were sent, whether the final one was, and — in channel mode, or once the
 * interaction token expired — which channel message to edit. Rules:
 * - `interaction` mode edits `@original` while the token is usable (15 minutes from
 *   `issuedAt`, minus a margin). After that, or when Discord says the token is gone, progress
 *   is dropped and the final result is posted to the channel with the bot token, mentioning the
 *   requester.
 * - `channel` mode posts once, then edits that message.
 * - The surface's first reply is skipped when the runner already sent something newer;
 *   progress after the final is dropped; the final is delivered once.
 * Rate limits and 5xx are handled by the REST client; a final that still fails throws, so the
 * runner records it.
 *
 * @module
 */
import { CiError } from "../../src/errors.ts";
import type { Report } from "../../src/report/model.ts";
import type { Deliverer, SurfaceDeps } from "../../src/surface.ts";
import { storeActions } from "./buttons.ts";
import { type DiscordMessage, renderReport } from "./embeds.ts";
import { errorToDiscord } from "./errors.ts";
import { type DiscordReply, fromReplyTarget, tokenUsable } from "./reply.ts";
import { DiscordApiError, type DiscordRest, TOKEN_GONE_CODES } from "./rest.ts";

const SLOT_TTL_MS = 2 * 24 * 60 * 60 * 1000;

interface Slot {
  sent: number;
  final: boolean;
  /** The bot message of channel mode or of a final posted after the token expired. */
  channelId?: string;
  messageId?: string;
}

/** Options of `send`. */
export interface SendOptions {
  /** Start a thread with this name on `replyTo` and post there. */
  threadName?: string;
  /** Who the message answers: the only person who may dismiss it (its Dismiss button). */
  requester?: string;
  /** The message replied to (or threaded from). */
  replyTo?: string;
  /** A reply key (see `channelReply`): later progress of that job edits this message. */
  key?: string;
}

/** What the surface, the runner and the gateway share. */
export interface DiscordMessenger {
  /** The first reply to an interaction: the report `execute` returned. */
  open(reply: DiscordReply, report: Report): Promise<void>;
  /** A message that is not a report (an error, a note), into the reply's slot. */
  notice(reply: DiscordReply, message: DiscordMessage): Promise<void>;
  /** The runner's deliverer. */
  deliver: Deliverer;
  /** Posts a report to a channel (a gateway reply), optionally in a new thread. */
  send(
    channelId: string,
    report: Report,
    options?: SendOptions,
  ): Promise<{ channelId: string; messageId: string }>;
  /** Renders a report with its buttons stored (`requester`: who may dismiss the message). */
  render(report: Report, lead?: string, requester?: string): Promise<DiscordMessage>;
}

/**
 * Creates the messenger over a REST client.
 *
 * @example
 * ```ts
 * const messenger = createDiscordMessenger(rest, deps);
 * await messenger.deliver(target, finalReport, "final");
 * ```
 */
export function createDiscordMessenger(rest: DiscordRest, deps: SurfaceDeps): DiscordMessenger {
  const log = deps.log.child({ surface: "discord", component: "messenger" });
  const slotKey = (key: string) => ["discord", "slot", key] as const;

  const render = async (report: Report, lead?: string, requester?: string) => {
    const actionIds = await storeActions(deps.store, report, deps.newId, requester);
    return renderReport(report, {
      reportUrl: report.id ? deps.reportUrl(report.id) : undefined,
      actionIds,
      lead,
    });
  };

  const editOriginal = (reply: DiscordReply, message: DiscordMessage) =>
    rest.request(
      "PATCH",
      `/webhooks/${reply.applicationId}/${reply.token}/messages/@original`,
      withoutFlags(message),
      { auth: false },
    );

  const postChannel = async (channelId: string, message: DiscordMessage) => {
    const posted = await rest.request<{ id: string }>(
      "POST",
      `/channels/${channelId}/messages`,
      withoutFlags(message),
    );
    return posted.id;
  };

  /** Sends into the slot; returns false when the message was dropped. */
  const sendToSlot = async (
    reply: DiscordReply,
    phase: "open" | "progress" | "final",
    build: (lead?: string) => Promise<DiscordMessage>,
  ): Promise<boolean> => {
    const slot = (await deps.store.get<Slot>(slotKey(reply.key))) ??
      { sent: 0, final: false };
    if (slot.final || (phase === "open" && slot.sent > 0)) return false;
    const save = (next: Partial<Slot>) =>
      deps.store.set(slotKey(reply.key), { ...slot, sent: slot.sent + 1, ...next }, {
        ttlMs: SLOT_TTL_MS,
      });
    const final = phase === "final";

    if (tokenUsable(reply, deps.now())) {
      try {
        await editOriginal(reply, await build());
        await save({ final });
        return true;
      } catch (error) {
        if (!(error instanceof DiscordApiError && isTokenGone(error))) throw error;
        log.warn("interaction token no longer accepted; using the channel", { key: reply.key });
      }
    }
    if (reply.mode === "interaction" && !final) {
      log.info("progress dropped: the interaction token has expired", { key: reply.key });
      return false;
    }
    const channelId = slot.channelId ?? reply.channelId;
    if (!channelId) {
      throw new CiError("internal", `Discord reply ${reply.key} has no channel to post to`);
    }
    if (!rest.hasBotToken) {
      throw new CiError(
        "config",
        "Cannot post the result to the Discord channel: DISCORD_BOT_TOKEN is not set",
        { hint: "Set DISCORD_BOT_TOKEN so results of jobs longer than 15 minutes can be posted." },
      );
    }
    if (slot.messageId) {
      try {
        await rest.request(
          "PATCH",
          `/channels/${channelId}/messages/${slot.messageId}`,
          withoutFlags(await build()),
        );
        await save({ final });
        return true;
      } catch (error) {
        if (!(error instanceof DiscordApiError && error.status === 404)) throw error;
      }
    }
    const lead = reply.mode === "interaction" && reply.userId
      ? `<@${reply.userId}> your request finished:`
      : undefined;
    const message = await build(lead);
    if (lead && reply.userId) message.allowed_mentions = { parse: [], users: [reply.userId] };
    const messageId = await postChannel(channelId, message);
    await save({ final, channelId, messageId });
    return true;
  };

  const deliver: Deliverer = async (target, report, phase) => {
    const reply = fromReplyTarget(target);
    if (!reply) {
      log.warn("reply target is not a Discord one; dropped", { surface: target.surface });
      return;
    }
    await sendToSlot(reply, phase, (lead) => render(report, lead, reply.userId));
  };

  return {
    render,
    deliver,
    async open(reply, report) {
      await sendToSlot(
        reply,
        report.status === "running" ? "open" : "final",
        (lead) => render(report, lead, reply.userId),
      );
    },
    async notice(reply, message) {
      await sendToSlot(reply, "final", () => Promise.resolve(message));
    },
    async send(channelId, report, options = {}) {
      let target = channelId;
      let reference: { message_id: string; fail_if_not_exists: false } | undefined;
      if (options.replyTo && options.threadName) {
        try {
          const thread = await rest.request<{ id: string }>(
            "POST",
            `/channels/${channelId}/messages/${options.replyTo}/threads`,
            { name: options.threadName.slice(0, 100), auto_archive_duration: 1440 },
          );
          target = thread.id;
        } catch (error) {
          if (!(error instanceof DiscordApiError)) throw error;
          log.info("thread not created; replying in the channel", { code: error.discordCode });
          reference = { message_id: options.replyTo, fail_if_not_exists: false };
        }
      } else if (options.replyTo) {
        reference = { message_id: options.replyTo, fail_if_not_exists: false };
      }
      const message = await render(report, undefined, options.requester);
      const messageId = await postChannel(
        target,
        reference ? { ...message, message_reference: reference } as DiscordMessage : message,
      );
      if (options.key) {
        const slot: Slot = {
          sent: 1,
          final: report.status !== "running",
          channelId: target,
          messageId,
        };
        await deps.store.set(slotKey(options.key), slot, { ttlMs: SLOT_TTL_MS });
      }
      return { channelId: target, messageId };
    },
  };
}

/**
 * The error message of a failed request into its slot, never throwing further (the original
 * error is logged).
 *
 * @example
 * ```ts
 * await reportFailure(messenger, reply, error, deps);
 * ```
 */
export async function reportFailure(
  messenger: DiscordMessenger,
  reply: DiscordReply,
  error: unknown,
  deps: Pick<SurfaceDeps, "log">,
): Promise<void> {
  try {
    await messenger.notice(reply, errorToDiscord(error, reply.key));
  } catch (deliveryError) {
    deps.log.error("could not deliver the error message to Discord", {
      key: reply.key,
      error: String(deliveryError),
    });
  }
}

function isTokenGone(error: DiscordApiError): boolean {
  return error.status === 401 ||
    (error.discordCode !== undefined && TOKEN_GONE_CODES.has(error.discordCode));
}

// Webhook edits and channel posts ignore or refuse the interaction-only ephemeral flag.
function withoutFlags(message: DiscordMessage): Omit<DiscordMessage, "flags"> {
  const { flags: _flags, ...rest } = message;
  return rest;
}
