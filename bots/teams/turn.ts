/**
 * What the Teams handler reads off a turn: which Bot Framework channels are accepted, the Entra
 * tenant of an activity, and the conversation reference to reply into.
 *
 * @module
 */
import type { ConversationReference, TurnContext } from "botbuilder";
import type { TeamsConfig } from "./adapter.ts";
import type { Envelope } from "./decode.ts";

/**
 * The Bot Framework channels an activity may come from: Teams, plus the Bot Framework Emulator
 * in local testing (`TEAMS_AUTH=emulator`).
 *
 * @example
 * ```ts
 * acceptedChannels("botframework").has("webchat"); // false
 * ```
 */
export function acceptedChannels(auth: TeamsConfig["auth"]): ReadonlySet<string> {
  return new Set(auth === "emulator" ? ["msteams", "emulator"] : ["msteams"]);
}

/**
 * The Entra tenant of an activity (`channelData.tenant.id`, else `conversation.tenantId`).
 *
 * @example
 * ```ts
 * tenantOf(activity); // "72f988bf-…"
 * ```
 */
export function tenantOf(activity: Envelope): string | undefined {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
}

/**
 * The reference to reply into; for alerts, a channel's thread suffix is dropped (new posts).
 *
 * @example
 * ```ts
 * const reference = referenceFor(context, true); // replies stay in the thread
 * ```
 */
export function referenceFor(
  context: TurnContext,
  keepThread = false,
): Partial<ConversationReference> {
  const reference = structuredClone(
    (context.constructor as typeof TurnContext).getConversationReference(context.activity),
  );
  if (!keepThread && reference.conversation?.id) {
    reference.conversation = {
      ...reference.conversation,
      id: reference.conversation.id.replace(/;messageid=\d+$/, ""),
    };
  }
  delete reference.activityId;
  return reference;
}
