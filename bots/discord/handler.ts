/**
 * `POST /discord/interactions`: verify → decode → answer within Discord's 3 s (PONG, a parse
 * error, a deferred response, or "busy" when the durable queue is full) → run from the durable
 * queue (`src/inbox/queue.ts`) → edit `@original`.
 *
 * - Application commands (`/ci-test <subcommand> …`) become command-language text, parsed by
 *   `deps.parse`; parse errors are answered at once (ephemeral), intents are deferred (type 5,
 *   ephemeral for help/status) and run through `deps.execute`.
 * - Button clicks (`ci:<id>`) look up the stored button. Run is deferred the same way and runs
 *   through `deps.execute` as the clicking user; policy there decides whether they may. Edit
 *   answers with a modal holding the command; its MODAL_SUBMIT is parsed like a typed command.
 *   Dismiss (the requester only, once) replaces the message; nothing runs.
 * - A command read from plain language carries `understood` (kept in the inbox entry, so a
 *   replay does the same): a state-changing intent is shown back with a Run button, not run.
 * - Nothing deferred is lost, and each interaction id runs at most once: before the deferred
 *   answer, the interaction is stored in the inbox (`src/inbox/`, keyed by interaction id: one
 *   atomic write that also de-duplicates) with its intent and reply target — the interaction
 *   token, valid 15 minutes, is dropped when the entry is finished. A process that dies before
 *   finishing leaves it pending; start-up replays it while the token is still valid.
 *
 * @module
 */
import { intentToCommand } from "../../src/intent/format.ts";
import { PRIVATE_REPLY_OPS } from "../../src/intent/private.ts";
import { InteractionResponseType, InteractionType } from "discord-api-types/v10";
import { CiError } from "../../src/errors.ts";
import type { Intent } from "../../src/intent/schema.ts";
import {
  type RequestMeta,
  type SurfaceDeps,
  type SurfaceHandler,
  understoodOf,
  wantsModel,
} from "../../src/surface.ts";
import {
  actionIdOf,
  dismiss,
  dismissedMessage,
  editedCommand,
  editModal,
  loadAction,
  mayDismiss,
} from "./buttons.ts";
import { COMMAND_NAME, invocationText } from "./commands.ts";
import { channelIdOf, decodeInteraction, type Interaction, userIdOf } from "./decode.ts";
import { createDeferredFlow } from "./deferred.ts";
import { renderParseError, renderText } from "./embeds.ts";
import type { DiscordMessenger } from "./messenger.ts";
import { discordConversation } from "./notify.ts";
import { json, message } from "./responses.ts";
import { checkSignatureHeaders, createEd25519Verifier } from "./verify.ts";
import { readBounded } from "../../src/body.ts";

/** Configuration of the interactions endpoint. */
export interface InteractionsConfig {
  publicKey: string;
  applicationId: string;
  /** Whether alerts can be posted (a bot token is set): only then a conversation is offered. */
  canPost: boolean;
  maxBodyBytes?: number;
}

/** Answers only the requester sees. */
// Cancelling answers privately too: the job's own message shows the result to everyone.
const isPrivate = (op: Intent["op"]) => PRIVATE_REPLY_OPS.has(op) || op === "cancel";

/**
 * Creates the handler mounted at `POST /discord/interactions`.
 *
 * @example
 * ```ts
 * const handler = createInteractionsHandler(config, deps, messenger);
 * app.post("/discord/interactions", (c) => handler(c.req.raw));
 * ```
 */
export function createInteractionsHandler(
  config: InteractionsConfig,
  deps: SurfaceDeps,
  messenger: DiscordMessenger,
): SurfaceHandler {
  const maxBody = config.maxBodyBytes ?? 64 * 1024;
  const verify = createEd25519Verifier(config.publicKey);
  const log = deps.log.child({ surface: "discord" });

  const metaOf = (interaction: Interaction): RequestMeta => {
    const channelId = channelIdOf(interaction);
    return {
      surface: "discord",
      requestId: deps.newId(),
      userId: userIdOf(interaction),
      ...(interaction.guild_id ? { teamId: interaction.guild_id } : {}),
      ...(channelId ? { channelId } : {}),
      ...(config.canPost && channelId
        ? {
          conversation: discordConversation(
            channelId,
            interaction.guild_id,
            interaction.channel?.name ?? undefined,
          ),
        }
        : {}),
    };
  };

  const { run, ask } = createDeferredFlow({
    deps,
    messenger,
    log,
    applicationId: config.applicationId,
    metaOf,
  });

  const route = async (interaction: Interaction): Promise<Response> => {
    switch (interaction.type) {
      case InteractionType.Ping:
        return json(200, { type: InteractionResponseType.Pong });
      case InteractionType.ApplicationCommand: {
        if (interaction.data?.name !== COMMAND_NAME) {
          return message(
            renderText(`\`/${interaction.data?.name}\` is not a command of this app.`, true),
          );
        }
        const text = invocationText(interaction.data.options) ?? `/${COMMAND_NAME} help`;
        const result = deps.parse(text);
        if (wantsModel(deps, text, result)) return await ask(interaction, text);
        if (result.kind === "unsupported") return message(renderParseError(result));
        const meta = metaOf(interaction);
        log.info("command accepted", { requestId: meta.requestId, op: result.intent.op });
        return await run(
          interaction,
          result.intent,
          meta,
          isPrivate(result.intent.op),
          understoodOf(result),
        );
      }
      case InteractionType.MessageComponent: {
        const id = actionIdOf(interaction.data?.custom_id ?? "");
        if (!id) return json(200, { type: InteractionResponseType.DeferredMessageUpdate });
        const stored = await loadAction(deps.store, id);
        if (!stored) {
          return message(
            renderText(
              "⌛ This button has expired. Run the command again to get fresh buttons.",
              true,
            ),
          );
        }
        const meta = metaOf(interaction);
        log.info("button clicked", {
          requestId: meta.requestId,
          op: stored.intent.op,
          kind: stored.kind,
          reportId: stored.reportId,
        });
        if (stored.kind === "edit") return json(200, editModal(id, intentToCommand(stored.intent)));
        if (stored.kind === "dismiss") {
          if (!mayDismiss(stored, meta.userId)) {
            const who = stored.requester ? `<@${stored.requester}>` : "the person who asked";
            return message(renderText(`Only ${who} can dismiss this.`, true));
          }
          // A replayed or double click: the message is already replaced; change nothing.
          if (!(await dismiss(deps.store, stored, id))) {
            return json(200, { type: InteractionResponseType.DeferredMessageUpdate });
          }
          return json(200, dismissedMessage(`<@${meta.userId}>`));
        }
        return await run(interaction, stored.intent, meta, isPrivate(stored.intent.op));
      }
      case InteractionType.ModalSubmit: {
        // The Edit modal: its text goes the way of a typed `/ci-test run text:…`.
        const edited = editedCommand(interaction.data);
        const stored = edited ? await loadAction(deps.store, edited.id) : null;
        if (!edited || stored?.kind !== "edit") {
          return message(renderText("⌛ This edit has expired. Type the command instead.", true));
        }
        const typed = edited.text.replace(new RegExp(`^/${COMMAND_NAME}\\b\\s*`), "");
        const text = `/${COMMAND_NAME} ${typed}`.trim();
        const result = deps.parse(text);
        if (wantsModel(deps, text, result)) return await ask(interaction, text);
        if (result.kind === "unsupported") return message(renderParseError(result));
        const meta = metaOf(interaction);
        log.info("edited command accepted", { requestId: meta.requestId, op: result.intent.op });
        return await run(
          interaction,
          result.intent,
          meta,
          isPrivate(result.intent.op),
          understoodOf(result),
        );
      }
      default:
        return json(400, { error: `Interaction type ${interaction.type} is not handled` });
    }
  };

  return async (request) => {
    if (request.method !== "POST") {
      await request.body?.cancel();
      return json(405, { error: `Method ${request.method} is not allowed; use POST` });
    }
    const check = checkSignatureHeaders(request.headers, deps.now());
    if (!check.ok) {
      await request.body?.cancel();
      return json(401, { error: `Unauthorized: ${check.reason}` });
    }
    const read = await readBounded(request, maxBody);
    if (!read.ok) {
      return json(413, { error: `Body too large: ${read.size} bytes, the limit is ${maxBody}` });
    }
    if (!(await verify(check.timestamp, check.signature, read.bytes))) {
      return json(401, { error: "Unauthorized: signature mismatch" });
    }
    let interaction: Interaction;
    try {
      interaction = decodeInteraction(read.bytes);
    } catch (error) {
      if (!(error instanceof CiError)) throw error;
      return json(400, { error: error.message });
    }
    return await route(interaction);
  };
}
