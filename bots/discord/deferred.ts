/**
 * The deferred path of Discord interactions: an intent is stored in the inbox (keyed by
 * interaction id, which also de-duplicates), answered with a deferred response, run after it in
 * `deps.background`, and its result edited into `@original`; text the rules could not read is
 * deferred privately and read by the model stage first. The inbox's replayer for `discord`
 * entries lives here too, since it replays these paths.
 *
 * @module
 */
import { z } from "zod";
import { RequestMetaSchema } from "../../src/inbox/meta.ts";
import type { Admission } from "../../src/inbox/queue.ts";
import { type Intent, IntentSchema, type ParseResult } from "../../src/intent/schema.ts";
import type { Logger } from "../../src/log.ts";
import {
  type RequestMeta,
  type SurfaceDeps,
  type Understood,
  understoodOf,
  UnderstoodSchema,
  wantsModel,
} from "../../src/surface.ts";
import type { Interaction } from "./decode.ts";
import { renderParseError, renderText } from "./embeds.ts";
import { type DiscordMessenger, reportFailure } from "./messenger.ts";
import { type DiscordReply, DiscordReplySchema, toReplyTarget } from "./reply.ts";
import { deferred, message } from "./responses.ts";

/** What the inbox keeps of a deferred interaction. */
const EntrySchema = z.object({
  intent: IntentSchema,
  meta: RequestMetaSchema,
  reply: DiscordReplySchema,
  understood: UnderstoodSchema.optional(),
});

/** What the inbox keeps of a command deferred to the model stage: its text, read on the way. */
const AskEntrySchema = z.object({
  text: z.string().max(4000),
  meta: RequestMetaSchema,
  reply: DiscordReplySchema,
});

/** What the deferred path needs from the handler. */
export interface DeferredFlowDeps {
  deps: SurfaceDeps;
  messenger: DiscordMessenger;
  log: Logger;
  /** The application id, when an interaction does not carry its own. */
  applicationId: string;
  metaOf: (interaction: Interaction) => RequestMeta;
}

/** The deferred path's entry points; each answers with the deferred response to send. */
export interface DeferredFlow {
  /** Stores the intent, runs it after the answer; a repeated interaction id runs nothing. */
  run: (
    interaction: Interaction,
    intent: Intent,
    meta: RequestMeta,
    ephemeral: boolean,
    understood?: Understood,
  ) => Promise<Response>;
  /** Defers (privately: what the model reads is not known yet) and asks the model after. */
  ask: (interaction: Interaction, text: string) => Promise<Response>;
}

/** Discord never retries an interaction: a busy one is told so, privately, at once. */
const BUSY_TEXT =
  "⏳ Busy: too many requests are waiting, so this one was not started. Try again in a moment.";

/** The interaction response for an admission: deferred, or the busy message. */
function answer(admission: Admission, ephemeral: boolean): Response {
  if (admission === "busy") return message(renderText(BUSY_TEXT, true));
  return deferred(admission === "duplicate" || ephemeral);
}

/**
 * Creates the deferred path and registers how its inbox entries run (live and at replay).
 *
 * @example
 * ```ts
 * const { run, ask } = createDeferredFlow({ deps, messenger, log, applicationId, metaOf });
 * return await run(interaction, { op: "analyze", repo: "acme/app" }, meta, false);
 * ```
 */
export function createDeferredFlow(
  { deps, messenger, log, applicationId, metaOf }: DeferredFlowDeps,
): DeferredFlow {
  const work = (
    intent: Intent,
    meta: RequestMeta,
    reply: DiscordReply,
    understood?: Understood,
  ) =>
  async () => {
    try {
      const report = await deps.execute(
        intent,
        meta,
        toReplyTarget(reply),
        understood ? { understood } : {},
      );
      await messenger.open(reply, report);
    } catch (error) {
      log.warn("interaction failed", { requestId: meta.requestId, error: String(error) });
      await reportFailure(messenger, reply, error, deps);
    }
  };
  /** Text the rules could not read: the model reads it after the deferred answer. */
  const askWork =
    (text: string, first: ParseResult, meta: RequestMeta, reply: DiscordReply) => async () => {
      const result = wantsModel(deps, text, first) ? await deps.resolve(text, first) : first;
      if (result.kind === "unsupported") {
        return await messenger.notice(reply, renderParseError(result));
      }
      await work(result.intent, meta, reply, understoodOf(result))();
    };
  // Live (read back from the durable queue after the deferred answer) and at start-up replay.
  deps.inbox.register("discord", async (record) => {
    const asked = AskEntrySchema.safeParse(record.payload);
    if (asked.success && !("intent" in (record.payload as object))) {
      const { text, meta, reply } = asked.data;
      return await askWork(text, deps.parse(text), meta, reply)();
    }
    const entry = EntrySchema.parse(record.payload);
    await work(entry.intent, entry.meta, entry.reply, entry.understood)();
  });

  // Where the answer to this interaction goes: its token, valid for 15 minutes from now.
  const replyTo = (
    interaction: Interaction,
    meta: RequestMeta,
    ephemeral: boolean,
  ): DiscordReply => ({
    key: meta.requestId,
    mode: "interaction",
    applicationId: interaction.application_id || applicationId,
    token: interaction.token,
    issuedAt: deps.now().toISOString(),
    channelId: meta.channelId,
    guildId: interaction.guild_id,
    userId: meta.userId,
    ephemeral,
  });

  const run = async (
    interaction: Interaction,
    intent: Intent,
    meta: RequestMeta,
    ephemeral: boolean,
    understood?: Understood,
  ) => {
    const reply = replyTo(interaction, meta, ephemeral);
    const entry = { intent, meta, reply, ...(understood ? { understood } : {}) };
    return answer(
      await deps.inbox.accept("discord", interaction.id, entry, meta.requestId),
      ephemeral,
    );
  };

  /** Defers (privately: what the model reads is not known yet) and asks the model after. */
  const ask = async (interaction: Interaction, text: string) => {
    const meta = metaOf(interaction);
    const reply = replyTo(interaction, meta, true);
    const entry = { text, meta, reply };
    const admission = await deps.inbox.accept("discord", interaction.id, entry, meta.requestId);
    if (admission === "accepted") {
      log.info("command sent to the model stage", { requestId: meta.requestId });
    }
    return answer(admission, true);
  };

  return { run, ask };
}
