/**
 * `POST /api/messages`: Teams via the Bot Connector. Cheap checks first (method, a bearer token,
 * body size, JSON, the activity envelope), then the SDK authenticates the JWT inside
 * `adapter.process`, and only then does our turn logic run: a message (or @mention) is parsed,
 * answered at once with a "Running …" card whose id is kept, and the operation runs after the
 * response on `deps.background`, updating that card in place. `Action.Execute` clicks run their
 * stored intent once, as the clicking user; Edit's submit (verb `ci.edit`) carries changed text,
 * parsed like a typed message; Dismiss (the requester only, once) replaces the card. Text read from plain language carries `understood`
 * (kept in the inbox entry): a state-changing intent is shown back with a Run button instead.
 *
 * Nothing answered is lost: before the "Running …" card, the request is stored in the inbox
 * (`src/inbox/`, keyed by conversation and activity id, which also de-duplicates the Connector's
 * retries) with its intent and conversation reference. A process that dies before finishing
 * leaves it pending; start-up replays it and posts the result as a new card.
 *
 * @module
 */
import type { ConversationReference, TurnContext } from "botbuilder";
import { toCiError } from "../../src/errors.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { z } from "zod";
import { createInbox } from "../../src/inbox/inbox.ts";
import { RequestMetaSchema } from "../../src/inbox/meta.ts";
import type { Replayers } from "../../src/inbox/replay.ts";
import { type Intent, IntentSchema, type ParseResult } from "../../src/intent/schema.ts";
import {
  type Deliverer,
  type Notifier,
  type RequestMeta,
  type SurfaceDeps,
  type SurfaceHandler,
  type Understood,
  understoodOf,
  UnderstoodSchema,
  wantsModel,
} from "../../src/surface.ts";
import {
  dismiss,
  dismissedText,
  EDIT_INPUT_ID,
  EDIT_VERB,
  loadAction,
  mayDismiss,
} from "./actions.ts";
import { lazyTeamsBot, processActivity, type TeamsConfig } from "./adapter.ts";
import { type AdaptiveCard, EXECUTE_VERB, textCard } from "./card.ts";
import {
  conversationLabel,
  decodeEnvelope,
  type Envelope,
  ExecuteValueSchema,
  stripMention,
} from "./decode.ts";
import { createTeamsMessenger, delivered, type MessengerOptions } from "./messenger.ts";
import { type TeamsReply, TeamsReplySchema, toReplyTarget } from "./reply.ts";
import { readBounded } from "../../src/body.ts";

const SEEN_TTL_MS = 24 * 60 * 60 * 1000;

/** What the inbox keeps of an accepted request. */
const EntrySchema = z.object({
  intent: IntentSchema,
  meta: RequestMetaSchema,
  reference: TeamsReplySchema.shape.conversationReference,
  understood: UnderstoodSchema.optional(),
});

/** What the inbox keeps of a message deferred to the model stage: its text, read on the way. */
const AskEntrySchema = z.object({
  text: z.string().max(4000),
  meta: RequestMetaSchema,
  reference: TeamsReplySchema.shape.conversationReference,
  /** A personal chat: only there may `login` be answered. */
  personal: z.boolean(),
});
type AskEntry = z.infer<typeof AskEntrySchema>;

/** The surface: the route handler, the job runner's deliverer, the alerts' notifier. */
export interface TeamsSurface {
  handler: SurfaceHandler;
  deliver: Deliverer;
  notify: Notifier;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/**
 * Creates the Teams surface. Mount `handler` at `POST /api/messages`, give `deliver` to the job
 * runner for `surface: "teams"` replies and `notify` to the alert dispatcher.
 *
 * @example
 * ```ts
 * const teams = createTeamsSurface({ appId, appPassword, auth: "botframework" }, deps);
 * app.post("/api/messages", (c) => teams.handler(c.req.raw));
 * ```
 */
export function createTeamsSurface(
  config: TeamsConfig,
  deps: SurfaceDeps,
  options: MessengerOptions & { replayers?: Replayers } = {},
): TeamsSurface {
  const log = deps.log.child({ surface: "teams" });
  const maxBody = config.maxBodyBytes ?? 256 * 1024;
  const load = lazyTeamsBot(config, log, deps.fetch);
  const messenger = createTeamsMessenger(load, deps, options);

  const firstSeen = (activity: Envelope) =>
    activity.id
      ? deps.store.setIfAbsent(["teams", "seen", activity.conversation.id, activity.id], true, {
        ttlMs: SEEN_TTL_MS,
      })
      : Promise.resolve(true);

  const metaOf = (activity: Envelope, context: TurnContext): RequestMeta => {
    const reference = referenceFor(context);
    return {
      surface: "teams",
      requestId: deps.newId(),
      userId: activity.from.aadObjectId ?? activity.from.id,
      // The workspace a `teams:<scope>/<id>` grant names is the Entra tenant, in channels too
      // (where channelData.team.id is the Teams team, a different id).
      teamId: tenantOf(activity),
      channelId: activity.channelData?.channel?.id ?? activity.conversation.id,
      conversation: {
        surface: "teams",
        id: reference.conversation?.id ?? activity.conversation.id,
        label: conversationLabel(activity),
        data: JSON.parse(JSON.stringify(reference)),
      },
    };
  };

  const inbox = createInbox(deps.store, { log, now: deps.now });

  /** Runs the intent and puts the result in the "Running …" card (or a new one without it). */
  const work = (
    intent: Intent,
    meta: RequestMeta,
    reference: TeamsReply["conversationReference"],
    activityId?: string,
    understood?: Understood,
  ) =>
  async () => {
    const reply = toReplyTarget({
      conversationReference: reference,
      activityId,
    });
    let card: AdaptiveCard;
    try {
      const report = await deps.execute(intent, meta, reply, understood ? { understood } : {});
      if (activityId && report.status === "running" && await delivered(deps.store, activityId)) {
        return;
      }
      card = await messenger.card(report, meta.userId);
    } catch (error) {
      card = errorCard(error, meta.requestId);
    }
    const to = reference as unknown as Partial<ConversationReference>;
    if (activityId) await messenger.update(to, activityId, card);
    else await messenger.post(to, card);
  };
  /** Text the rules could not read: the model reads it after the answer, then it runs. */
  const askWork = (entry: AskEntry, first: ParseResult, activityId?: string) => async () => {
    const { text, meta, reference } = entry;
    const result = wantsModel(deps, text, first) ? await deps.resolve(text, first) : first;
    const to = reference as unknown as Partial<ConversationReference>;
    const show = async (card: AdaptiveCard) => {
      if (activityId) await messenger.update(to, activityId, card);
      else await messenger.post(to, card);
    };
    if (result.kind === "unsupported") return await show(parseErrorCard(result));
    if (result.intent.op === "login" && !entry.personal) {
      return await show(
        textCard("Send `login` to me in a personal chat: its code is for you alone."),
      );
    }
    await work(result.intent, meta, reference, activityId, understoodOf(result))();
  };
  options.replayers?.set("teams", async (record) => {
    const asked = AskEntrySchema.safeParse(record.payload);
    if (asked.success) return await askWork(asked.data, deps.parse(asked.data.text))();
    const entry = EntrySchema.parse(record.payload);
    await work(entry.intent, entry.meta, entry.reference, undefined, entry.understood)();
  });

  /**
   * Stores the request in the inbox, posts the "Running …" card, then runs the intent after the
   * response and updates the card. False for a delivery already accepted (nothing is done).
   */
  const run = async (
    context: TurnContext,
    activity: Envelope,
    intent: Intent,
    meta: RequestMeta,
    understood?: Understood,
  ) => {
    const reference = JSON.parse(JSON.stringify(referenceFor(context, true)));
    const key = activity.id ? `${activity.conversation.id}:${activity.id}` : meta.requestId;
    const entry = { intent, meta, reference, ...(understood ? { understood } : {}) };
    if (!(await inbox.accept("teams", key, entry, meta.requestId))) return false;
    const sent = await context.sendActivity({
      type: "message",
      attachments: [{
        contentType: "application/vnd.microsoft.card.adaptive",
        content: textCard(
          `${understood ? "🔎 Reading" : "⏳ Running"} ${intentToCommand(intent)} …`,
        ),
      }],
    });
    deps.background(
      "teams.run",
      () => inbox.settle("teams", key, work(intent, meta, reference, sent?.id, understood)),
    );
    return true;
  };

  /** Stores the text, answers "Reading …" at once, and asks the model after the response. */
  const ask = async (
    context: TurnContext,
    activity: Envelope,
    text: string,
    first: ParseResult,
  ) => {
    const meta = metaOf(activity, context);
    const reference = JSON.parse(JSON.stringify(referenceFor(context, true)));
    const key = activity.id ? `${activity.conversation.id}:${activity.id}` : meta.requestId;
    const personal = activity.conversation.conversationType === "personal";
    const entry: AskEntry = { text, meta, reference, personal };
    if (!(await inbox.accept("teams", key, entry, meta.requestId))) return;
    const sent = await context.sendActivity({
      type: "message",
      attachments: [{
        contentType: "application/vnd.microsoft.card.adaptive",
        content: textCard("🔎 Reading your request …"),
      }],
    });
    deps.background(
      "teams.model",
      () => inbox.settle("teams", key, askWork(entry, first, sent?.id)),
    );
  };

  /** Typed text (a message, or the Edit card's changed command): parse, then run or show back. */
  const onText = async (context: TurnContext, activity: Envelope, text: string) => {
    const result: ParseResult = deps.parse(text);
    if (wantsModel(deps, text, result)) return await ask(context, activity, text, result);
    if (result.kind === "unsupported") {
      if (!(await firstSeen(activity))) return;
      await context.sendActivity({
        type: "message",
        attachments: [{
          contentType: "application/vnd.microsoft.card.adaptive",
          content: parseErrorCard(result),
        }],
      });
      return;
    }
    // Teams has no private reply in a shared conversation, and a login code shown there could be
    // approved by anyone with their own GitHub account.
    if (
      result.intent.op === "login" && activity.conversation.conversationType !== "personal"
    ) {
      if (!(await firstSeen(activity))) return;
      await context.sendActivity({
        type: "message",
        attachments: [{
          contentType: "application/vnd.microsoft.card.adaptive",
          content: textCard(
            "Send `login` to me in a personal chat: linking a GitHub account shows a code " +
              "meant for you alone.",
          ),
        }],
      });
      return;
    }
    await run(context, activity, result.intent, metaOf(activity, context), understoodOf(result));
  };
  const onMessage = (context: TurnContext, activity: Envelope) =>
    onText(context, activity, stripMention(activity));

  const onExecute = async (context: TurnContext, activity: Envelope) => {
    const value = ExecuteValueSchema.safeParse(context.activity.value);
    const invokeReply = (status: number, message: string) =>
      context.sendActivity({
        type: "invokeResponse",
        value: {
          status,
          body: {
            statusCode: status,
            type: "application/vnd.microsoft.activity.message",
            value: message,
          },
        },
      });
    const verb = value.success ? value.data.action.verb : "";
    if (!value.success || (verb !== EXECUTE_VERB && verb !== EDIT_VERB)) {
      await invokeReply(400, "This button is not one of ours.");
      return;
    }
    const id = String(value.data.action.data?.actionId ?? "");
    const stored = await loadAction(deps.store, id);
    if (!stored) {
      await invokeReply(
        200,
        "This button has expired. Run the command again to get fresh buttons.",
      );
      return;
    }
    const meta = metaOf(activity, context);
    log.info("button clicked", { requestId: meta.requestId, op: stored.intent.op, verb });
    if (verb === EDIT_VERB || stored.kind === "edit") {
      // The edited text goes the way of a typed message (the invoke's id de-duplicates it).
      const typed = String(value.data.action.data?.[EDIT_INPUT_ID] ?? "").trim();
      if (stored.kind !== "edit" || verb !== EDIT_VERB || !typed) {
        await invokeReply(200, "Nothing to run.");
        return;
      }
      await onText(context, activity, typed);
      await invokeReply(200, "Sent — the answer follows in this conversation.");
      return;
    }
    if (stored.kind === "dismiss") {
      if (!mayDismiss(stored, meta.userId)) {
        await invokeReply(200, "Only the person who asked can dismiss this.");
      } else if (!(await dismiss(deps.store, stored, id))) {
        await invokeReply(200, "Already dismissed.");
      } else {
        const clicked = context.activity.replyToId;
        const by = textCard(dismissedText(activity.from.name || "the person who asked"));
        if (clicked) await messenger.update(referenceFor(context, true), clicked, by);
        await invokeReply(200, "Dismissed — nothing ran.");
      }
      return;
    }
    if (!(await run(context, activity, stored.intent, meta))) {
      await invokeReply(200, "Already running.");
      return;
    }
    await invokeReply(200, `Running ${intentToCommand(stored.intent)} …`);
  };

  const handler: SurfaceHandler = async (request) => {
    if (request.method !== "POST") {
      await request.body?.cancel();
      return json(405, { error: `Method ${request.method} is not allowed; use POST` });
    }
    if (
      config.auth !== "emulator" &&
      !/^Bearer\s+\S+/i.test(request.headers.get("authorization") ?? "")
    ) {
      await request.body?.cancel();
      return json(401, { error: "Unauthorized: a Bot Framework bearer token is required" });
    }
    const read = await readBounded(request, maxBody);
    if (!read.ok) {
      return json(413, { error: `Body too large: over ${maxBody} bytes` });
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch {
      return json(400, { error: "Body is not JSON: a Bot Framework activity is expected" });
    }
    const activity = decodeEnvelope(body);
    if (!activity) {
      return json(400, {
        error:
          "Not a Bot Framework activity: type, serviceUrl, channelId, from and conversation.id are required",
      });
    }
    if (!acceptedChannels(config.auth).has(activity.channelId)) {
      // A Bot Framework token is valid for every channel of the bot (Web Chat, Direct Line …),
      // whose users and ids are not Teams': a `teams:` grant must never match them.
      log.warn("activity from another Bot Framework channel refused", {
        channelId: activity.channelId,
      });
      return json(403, {
        error:
          `Activities from channel '${activity.channelId}' are not accepted: this bot serves ` +
          `Microsoft Teams (channelId 'msteams')${
            config.auth === "emulator" ? " and the Bot Framework Emulator ('emulator')" : ""
          }`,
      });
    }
    const { adapter } = await load();
    let entered = false;
    const out = await processActivity(adapter, request.headers, body, async (context) => {
      entered = true;
      if (activity.type === "message") await onMessage(context, activity);
      else if (activity.type === "invoke" && context.activity.name === "adaptiveCard/action") {
        await onExecute(context, activity);
      } else log.debug("activity ignored", { type: activity.type });
    });
    // The SDK throws plain JsonWebTokenErrors (→ 500) for bad signatures: any failure before our
    // logic ran is a request that did not authenticate.
    if (out.status === 401 || (!entered && out.status >= 500)) {
      log.warn("teams request refused: the token did not validate", { status: out.status });
      return json(401, { error: "Unauthorized: the token did not validate" });
    }
    if (out.status >= 500) return json(out.status, { error: "The Teams turn failed" });
    return out.body === undefined
      ? new Response(null, { status: out.status })
      : json(out.status, out.body);
  };

  return { handler, deliver: messenger.deliver, notify: messenger.notify };
}

/**
 * The Bot Framework channels an activity may come from: Teams, plus the Bot Framework Emulator
 * in local testing (`TEAMS_AUTH=emulator`).
 */
function acceptedChannels(auth: TeamsConfig["auth"]): ReadonlySet<string> {
  return new Set(auth === "emulator" ? ["msteams", "emulator"] : ["msteams"]);
}

/** The Entra tenant of an activity (`channelData.tenant.id`, else `conversation.tenantId`). */
function tenantOf(activity: Envelope): string | undefined {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId;
}

/** The reference to reply into; for alerts, a channel's thread suffix is dropped (new posts). */
function referenceFor(context: TurnContext, keepThread = false): Partial<ConversationReference> {
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

function parseErrorCard(result: Extract<ParseResult, { kind: "unsupported" }>): AdaptiveCard {
  const lines = [`🤔 ${result.error}`, `What to do: ${result.hint}`];
  if (result.suggestions.length > 0) {
    lines.push(`Closest commands: ${result.suggestions.slice(0, 5).join(" · ")}`);
  }
  if (result.examples.length > 0) {
    lines.push(`Examples: ${result.examples.slice(0, 5).join(" · ")}`);
  }
  return textCard(...lines);
}

function errorCard(error: unknown, requestId: string): AdaptiveCard {
  const e = toCiError(error);
  const detail = e.code === "internal" ? `Reference: ${requestId}` : e.message;
  return textCard(`⚠️ ${detail}`, ...(e.hint ? [e.hint] : []));
}
