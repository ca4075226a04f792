/**
 * The Bot Connector activity at our edge: a zod envelope every activity must satisfy (else 400,
 * nothing run), the two kinds we act on (messages, `adaptiveCard/action` invokes), and mention
 * stripping so the parser sees only the command.
 *
 * @module
 */
import { z } from "zod";

const Account = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/** Fields every activity we accept carries (the rest passes through to the SDK untouched). */
export const EnvelopeSchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  from: Account,
  recipient: Account.optional(),
  conversation: z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
  }),
  text: z.string().max(40_000).optional(),
  entities: z.array(z.looseObject({ type: z.string() })).optional(),
  channelData: z.looseObject({
    channel: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
    team: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
    tenant: z.looseObject({ id: z.string().optional() }).optional(),
  }).optional(),
});
/** A decoded activity envelope. */
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** The `value` of an `adaptiveCard/action` invoke. */
export const ExecuteValueSchema = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * Decodes a parsed JSON body; `null` when it is not an activity we can answer.
 *
 * @example
 * ```ts
 * const activity = decodeEnvelope(JSON.parse(body));
 * if (!activity) return new Response("bad activity", { status: 400 });
 * ```
 */
export function decodeEnvelope(body: unknown): Envelope | null {
  const parsed = EnvelopeSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/**
 * The message text without the bot's @mention: each `mention` entity of the bot (by recipient
 * id, or any when the recipient is unknown) is removed by its text, then any `<at>…</at>` left.
 *
 * @example
 * ```ts
 * stripMention({ text: "<at>ci-orchestrator</at> analyze acme/app", entities: [] }); // "analyze acme/app"
 * ```
 */
export function stripMention(
  activity: Pick<Envelope, "text" | "entities" | "recipient">,
): string {
  let text = activity.text ?? "";
  for (const entity of activity.entities ?? []) {
    if (entity.type !== "mention") continue;
    const mentioned = entity.mentioned as { id?: string } | undefined;
    if (activity.recipient && mentioned?.id && mentioned.id !== activity.recipient.id) continue;
    if (typeof entity.text === "string" && entity.text) text = text.replaceAll(entity.text, " ");
  }
  return text.replace(/<at>[^<]*<\/at>/gi, " ").replace(/&nbsp;/g, " ").replace(/\s+/g, " ")
    .trim();
}

/**
 * A label for listings: "#ci in Acme" for a channel, else the conversation name or type.
 *
 * @example
 * ```ts
 * conversationLabel(activity); // "#ci in Acme"
 * ```
 */
export function conversationLabel(activity: Envelope): string {
  const channel = activity.channelData?.channel?.name;
  const team = activity.channelData?.team?.name;
  if (channel) return team ? `#${channel} in ${team}` : `#${channel}`;
  return activity.conversation.name ?? activity.conversation.conversationType ?? "Teams chat";
}
