/**
 * The Teams text path: typed text (a message, or the Edit card's changed command) is parsed and
 * either answered at once (a parse error, `login` outside a personal chat), run (stored in the
 * inbox, a "Running …" card posted, the operation run after the response and the card updated),
 * or — text the rules could not read — stored and read by the model stage after a "Reading …"
 * card. The inbox's replayer for `teams` entries lives here too, since it replays these paths.
 *
 * @module
 */
import type { ConversationReference, TurnContext } from "botbuilder";
import { z } from "zod";
import type { Inbox } from "../../src/inbox/inbox.ts";
import { RequestMetaSchema } from "../../src/inbox/meta.ts";
import type { Replayers } from "../../src/inbox/replay.ts";
import { intentToCommand } from "../../src/intent/format.ts";
import { type Intent, IntentSchema, type ParseResult } from "../../src/intent/schema.ts";
import {
  type RequestMeta,
  type SurfaceDeps,
  type Understood,
  understoodOf,
  UnderstoodSchema,
  wantsModel,
} from "../../src/surface.ts";
import { type AdaptiveCard, textCard } from "./card.ts";
import type { Envelope } from "./decode.ts";
import { errorCard, parseErrorCard } from "./error_cards.ts";
import { delivered, type TeamsMessenger } from "./messenger.ts";
import { type TeamsReply, TeamsReplySchema, toReplyTarget } from "./reply.ts";
import { referenceFor } from "./turn.ts";

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

/** What the text path needs from the surface. */
export interface TextFlowDeps {
  deps: SurfaceDeps;
  messenger: TeamsMessenger;
  inbox: Inbox;
  /** False for an activity already answered (the Connector retries). */
  firstSeen: (activity: Envelope) => Promise<boolean>;
  metaOf: (activity: Envelope, context: TurnContext) => RequestMeta;
  /** Where the `teams` replayer is registered. */
  replayers?: Replayers;
}

/** The text path's entry points, for messages and button clicks. */
export interface TextFlow {
  /**
   * Stores the request in the inbox, posts the "Running …" card, then runs the intent after the
   * response and updates the card. False for a delivery already accepted (nothing is done).
   */
  run: (
    context: TurnContext,
    activity: Envelope,
    intent: Intent,
    meta: RequestMeta,
    understood?: Understood,
  ) => Promise<boolean>;
  /** Typed text: parse, then run, show back, or ask the model. */
  onText: (context: TurnContext, activity: Envelope, text: string) => Promise<void>;
}

/**
 * Creates the text path and registers the `teams` inbox replayer.
 *
 * @example
 * ```ts
 * const { run, onText } = createTextFlow({ deps, messenger, inbox, firstSeen, metaOf });
 * await onText(context, activity, "analyze acme/app");
 * ```
 */
export function createTextFlow(
  { deps, messenger, inbox, firstSeen, metaOf, replayers }: TextFlowDeps,
): TextFlow {
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
  replayers?.set("teams", async (record) => {
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

  return { run, onText };
}
