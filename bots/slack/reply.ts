/**
 * Where a Slack request's later replies go: the `ReplyTarget.data` this surface hands to
 * `execute`, so the job runner can give progress and the final report back to
 * {@linkcode createSlackDeliverer} — possibly in another process, after a restart. Plain JSON,
 * parsed on the way back in.
 *
 * @module
 */
import { z } from "zod";
import type { ReplyTarget } from "../../src/jobs/model.ts";

/**
 * `via` is how the message of a long operation is posted and then updated in place:
 * - `chat`: `chat.postMessage` once, then `chat.update` on its `channel`/`ts` (needs the bot
 *   token; no limit on uses or age). Falls back to `response_url` if the post is refused.
 * - `response_url`: the request's `response_url` with `replace_original` (5 uses, 30 minutes).
 */
export const SlackReplySchema = z.object({
  /** Identifies the message slot (the request id): its state lives under this key. */
  key: z.string().min(1),
  via: z.enum(["chat", "response_url"]),
  responseUrl: z.url().optional(),
  /** True when `replace_original` on `responseUrl` replaces *our* message (slash commands);
   * false for button clicks, whose `response_url` belongs to the message that was clicked. */
  replaceable: z.boolean(),
  responseType: z.enum(["in_channel", "ephemeral"]),
  channelId: z.string().optional(),
  threadTs: z.string().optional(),
  userId: z.string().optional(),
  teamId: z.string().optional(),
});
/** The Slack part of a reply target. */
export type SlackReply = z.infer<typeof SlackReplySchema>;

/**
 * Wraps Slack reply data as the core's `ReplyTarget`.
 *
 * @example
 * ```ts
 * toReplyTarget({ key: "req-1", via: "response_url", replaceable: true,
 *   responseType: "in_channel", responseUrl: "https://hooks.slack.com/commands/T1/2/x" });
 * ```
 */
export function toReplyTarget(reply: SlackReply): ReplyTarget {
  return { surface: "slack", data: { ...reply } };
}

/**
 * Reads Slack reply data back from a `ReplyTarget`; `null` when it is not ours or unreadable.
 *
 * @example
 * ```ts
 * const reply = fromReplyTarget(target);
 * if (reply) console.log(reply.channelId);
 * ```
 */
export function fromReplyTarget(target: ReplyTarget): SlackReply | null {
  if (target.surface !== "slack") return null;
  const parsed = SlackReplySchema.safeParse(target.data);
  return parsed.success ? parsed.data : null;
}
