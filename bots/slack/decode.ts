/**
 * Raw, already-verified Slack bodies → one typed union. Slash commands and interactivity come
 * form-encoded (`payload=` holds interactivity JSON); the Events API sends JSON. Each variant
 * keeps the full wire object as `body`, which is what Bolt's `processEvent` expects.
 *
 * @module
 */
import type { AppMentionEvent } from "@slack/types";
import { z } from "zod";
import { CiError } from "../../src/errors.ts";

/** A slash command body (field names as Slack sends them, see `SlashCommand` in Bolt). */
export const SlashCommandSchema = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/, "a slash command starts with '/'"),
  text: z.string().max(4000).default(""),
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  response_url: z.url(),
  trigger_id: z.string().min(1),
  user_name: z.string().optional(),
  team_domain: z.string().optional(),
  channel_name: z.string().optional(),
  api_app_id: z.string().optional(),
  enterprise_id: z.string().optional(),
});
/** A slash command body. */
export type SlashCommandBody = z.infer<typeof SlashCommandSchema>;

/** The Events API `app_mention` event, narrowed to the fields this surface reads. */
export const AppMentionSchema = z.looseObject({
  type: z.literal("app_mention"),
  text: z.string().max(40_000),
  channel: z.string().min(1),
  ts: z.string().min(1),
  user: z.string().optional(),
  thread_ts: z.string().optional(),
  bot_id: z.string().optional(),
  team: z.string().optional(),
});
/** An `app_mention` event; every field we read exists on `@slack/types`' `AppMentionEvent`. */
export type AppMention = z.infer<typeof AppMentionSchema> & Pick<AppMentionEvent, "type">;

const EventEnvelopeSchema = z.looseObject({
  type: z.literal("event_callback"),
  team_id: z.string().min(1),
  api_app_id: z.string().optional(),
  event_id: z.string().min(1),
  event_time: z.number().optional(),
  event: z.looseObject({ type: z.string().min(1) }),
});

const UrlVerificationSchema = z.object({
  type: z.literal("url_verification"),
  challenge: z.string().min(1).max(200),
  token: z.string().optional(),
});

/** An interactivity `block_actions` payload (button presses on our messages). */
export const BlockActionsSchema = z.looseObject({
  type: z.literal("block_actions"),
  user: z.looseObject({ id: z.string().min(1) }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  channel: z.looseObject({ id: z.string() }).optional(),
  trigger_id: z.string().optional(),
  response_url: z.url().optional(),
  /** The clicked message: where a reply thread goes. */
  container: z.looseObject({
    type: z.string(),
    message_ts: z.string().optional(),
    channel_id: z.string().optional(),
    is_ephemeral: z.boolean().optional(),
  }).optional(),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({
    action_id: z.string(),
    block_id: z.string().optional(),
    type: z.string(),
    value: z.string().max(2000).optional(),
    action_ts: z.string().optional(),
  })).min(1),
});
/** A `block_actions` payload. */
export type BlockActions = z.infer<typeof BlockActionsSchema>;

/**
 * A `view_submission` payload: the Edit modal submitted. Only what is read: who, the view's
 * `callback_id`, our `private_metadata` and the inputs' `state.values[block_id][action_id]`.
 */
export const ViewSubmissionSchema = z.looseObject({
  type: z.literal("view_submission"),
  user: z.looseObject({ id: z.string().min(1) }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  view: z.looseObject({
    id: z.string().min(1),
    callback_id: z.string().default(""),
    private_metadata: z.string().max(3000).default(""),
    state: z.looseObject({
      values: z.record(
        z.string(),
        z.record(z.string(), z.looseObject({ type: z.string(), value: z.string().nullish() })),
      ),
    }),
  }),
});
/** A `view_submission` payload. */
export type ViewSubmission = z.infer<typeof ViewSubmissionSchema>;

/** Everything `POST /slack/events` can carry, after verification. */
export type SlackInbound =
  | { kind: "slash_command"; command: SlashCommandBody; body: Record<string, unknown> }
  | { kind: "url_verification"; challenge: string }
  | {
    kind: "app_mention";
    eventId: string;
    teamId: string;
    event: AppMention;
    body: Record<string, unknown>;
  }
  | { kind: "block_actions"; payload: BlockActions; body: Record<string, unknown> }
  | { kind: "view_submission"; payload: ViewSubmission }
  | { kind: "unsupported"; what: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a verified body by its content type. Throws `CiError("bad_request")` for bodies that
 * are not what Slack sends; returns `unsupported` for well-formed deliveries we do not handle.
 *
 * @example
 * ```ts
 * const inbound = decodeSlackBody("application/json", bytes);
 * if (inbound.kind === "url_verification") console.log(inbound.challenge);
 * ```
 */
export function decodeSlackBody(contentType: string | null, bytes: Uint8Array): SlackInbound {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (cause) {
    throw new CiError("bad_request", "Cannot decode the body: it is not UTF-8", { cause });
  }
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return decodeForm(text);
  if (type === "application/json") return decodeEvent(parseJson(text, "body"));
  throw new CiError("bad_request", `Cannot decode a body of content type '${type || "none"}'`, {
    hint: "Slack sends application/x-www-form-urlencoded or application/json.",
  });
}

function decodeForm(text: string): SlackInbound {
  const form = Object.fromEntries(new URLSearchParams(text));
  if (typeof form.payload === "string") {
    return decodeInteractivity(parseJson(form.payload, "payload"));
  }
  const command = check(SlashCommandSchema, form, "slash command");
  return { kind: "slash_command", command, body: command };
}

function decodeInteractivity(payload: unknown): SlackInbound {
  const type = typeOf(payload, "payload");
  if (type === "view_submission") {
    return {
      kind: "view_submission",
      payload: check(ViewSubmissionSchema, payload, "view_submission payload"),
    };
  }
  if (type !== "block_actions") return { kind: "unsupported", what: `interactivity '${type}'` };
  const actions = check(BlockActionsSchema, payload, "block_actions payload");
  return { kind: "block_actions", payload: actions, body: actions };
}

function decodeEvent(json: unknown): SlackInbound {
  const type = typeOf(json, "event");
  if (type === "url_verification") {
    const { challenge } = check(UrlVerificationSchema, json, "url_verification");
    return { kind: "url_verification", challenge };
  }
  if (type !== "event_callback") return { kind: "unsupported", what: `event envelope '${type}'` };
  const envelope = check(EventEnvelopeSchema, json, "event_callback");
  if (envelope.event.type !== "app_mention") {
    return { kind: "unsupported", what: `event '${envelope.event.type}'` };
  }
  const event = check(AppMentionSchema, envelope.event, "app_mention event");
  return {
    kind: "app_mention",
    eventId: envelope.event_id,
    teamId: envelope.team_id,
    event,
    body: envelope,
  };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CiError("bad_request", `Cannot parse the ${what} as JSON`, { cause });
  }
}

function typeOf(value: unknown, what: string): string {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof value !== "object" || value === null || typeof type !== "string") {
    throw new CiError("bad_request", `Cannot decode the ${what}: it has no string 'type'`);
  }
  return type;
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.join(".") || "(root)";
  throw new CiError("bad_request", `Cannot decode the ${what}: '${path}' ${issue.message}`);
}
