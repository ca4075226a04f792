/**
 * Where a Discord request's later replies go: the `ReplyTarget.data` this surface hands to
 * `execute`, so the job runner can give progress and the final report back to the deliverer —
 * possibly in another process, after a restart. Plain JSON, parsed on the way back in.
 *
 * Two modes:
 * - `interaction`: a slash command or button. Replies edit the interaction's `@original`
 *   message with the interaction token, which Discord honours for 15 minutes from `issuedAt`;
 *   after that, progress is dropped and the final result is posted to `channelId` as a normal
 *   bot message.
 * - `channel`: a gateway (`!ci-test`) message. The first reply is posted to `channelId` (a
 *   thread) with the bot token, later ones edit it.
 *
 * @module
 */
import { z } from "zod";
import type { ReplyTarget } from "../../src/jobs/model.ts";

/** How long Discord accepts an interaction token. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60 * 1000;
/** Safety margin: an edit started this close to expiry goes to the channel instead. */
export const TOKEN_MARGIN_MS = 30 * 1000;

/** The Discord part of a reply target. */
export const DiscordReplySchema = z.object({
  /** The message slot: its state lives under this key (the request id). */
  key: z.string().min(1),
  mode: z.enum(["interaction", "channel"]),
  applicationId: z.string().optional(),
  /** The interaction token (a secret for 15 minutes). */
  token: z.string().optional(),
  /** When the interaction was received (ISO); the token expires 15 minutes later. */
  issuedAt: z.string().optional(),
  channelId: z.string().optional(),
  guildId: z.string().optional(),
  userId: z.string().optional(),
  ephemeral: z.boolean().default(false),
});
/** The Discord part of a reply target. */
export type DiscordReply = z.infer<typeof DiscordReplySchema>;

/**
 * Wraps Discord reply data as the core's `ReplyTarget`.
 *
 * @example
 * ```ts
 * toReplyTarget({ key: "req-1", mode: "channel", channelId: "123", ephemeral: false });
 * ```
 */
export function toReplyTarget(reply: DiscordReply): ReplyTarget {
  return { surface: "discord", data: { ...reply } };
}

/**
 * Reads Discord reply data back; `null` when it is not ours or unreadable.
 *
 * @example
 * ```ts
 * const reply = fromReplyTarget(target);
 * if (reply) console.log(reply.channelId);
 * ```
 */
export function fromReplyTarget(target: ReplyTarget): DiscordReply | null {
  if (target.surface !== "discord") return null;
  // A bare `{ channelId }` (a gateway reply built by hand) is channel mode keyed by channel.
  const data = target.data;
  const filled = {
    ...data,
    mode: data.mode ?? (data.token ? "interaction" : "channel"),
    key: data.key ?? (typeof data.channelId === "string" ? `channel:${data.channelId}` : undefined),
  };
  const parsed = DiscordReplySchema.safeParse(filled);
  return parsed.success ? parsed.data : null;
}

/**
 * The reply target of a gateway message: replies are posted to `channelId` (the thread) and
 * then edited in place. Pass the same `key` to `send(…, { key })` so the first message is the
 * one later progress edits.
 *
 * @example
 * ```ts
 * const reply = channelReply({ key: meta.requestId, channelId: thread.id, userId: author.id });
 * await deps.execute(intent, meta, reply);
 * ```
 */
export function channelReply(
  options: { key: string; channelId: string; guildId?: string; userId?: string },
): ReplyTarget {
  return toReplyTarget({ ...options, mode: "channel", ephemeral: false });
}

/**
 * Whether the interaction token can still be used at `now`.
 *
 * @example
 * ```ts
 * tokenUsable({ key: "k", mode: "interaction", token: "t", issuedAt: "2026-11-24T10:00:00Z",
 *   ephemeral: false }, new Date("2026-11-24T10:05:00Z")); // true
 * ```
 */
export function tokenUsable(reply: DiscordReply, now: Date): boolean {
  if (reply.mode !== "interaction" || !reply.token || !reply.applicationId) return false;
  const issued = Date.parse(reply.issuedAt ?? "");
  if (!Number.isFinite(issued)) return false;
  return now.getTime() - issued < INTERACTION_TOKEN_TTL_MS - TOKEN_MARGIN_MS;
}
