/**
 * Where a Teams request's later replies go: the `ReplyTarget.data` this surface hands to
 * `execute` (the conversation reference and the id of the activity to update in place). Plain
 * JSON, parsed on the way back in, so another process can deliver after a restart.
 *
 * @module
 */
import { z } from "zod";
import type { ReplyTarget } from "../../src/jobs/model.ts";

/** The Teams part of a reply target. */
export const TeamsReplySchema = z.object({
  /** A Bot Framework `ConversationReference` (needs `serviceUrl` and `conversation.id`). */
  conversationReference: z.looseObject({
    serviceUrl: z.url(),
    conversation: z.looseObject({ id: z.string().min(1) }),
  }),
  /** The activity progress and the final result replace; absent means "post a new one". */
  activityId: z.string().optional(),
});
/** The Teams part of a reply target. */
export type TeamsReply = z.infer<typeof TeamsReplySchema>;

/**
 * Wraps Teams reply data as the core's `ReplyTarget`.
 *
 * @example
 * ```ts
 * toReplyTarget({ conversationReference: ref, activityId: "act-1" });
 * ```
 */
export function toReplyTarget(reply: TeamsReply): ReplyTarget {
  return { surface: "teams", data: { ...reply } };
}

/**
 * Reads Teams reply data back; `null` when it is not ours or unreadable.
 *
 * @example
 * ```ts
 * const reply = fromReplyTarget(target);
 * ```
 */
export function fromReplyTarget(target: ReplyTarget): TeamsReply | null {
  if (target.surface !== "teams") return null;
  const parsed = TeamsReplySchema.safeParse(target.data);
  return parsed.success ? parsed.data : null;
}
