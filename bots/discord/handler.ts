/**
 * `POST /discord/interactions`: verify → decode → answer within Discord's 3 s (PONG, a parse
 * error, or a deferred response) → run in `deps.background` → edit `@original`.
 *
 * - Application commands (`/ci-test <subcommand> …`) become command-language text, parsed by
 *   `deps.parse`; parse errors are answered at once (ephemeral), intents are deferred (type 5,
 *   ephemeral for help/status) and run through `deps.execute`.
 * - Button clicks (`ci:<id>`) look up the stored intent, are deferred the same way and run
 *   through `deps.execute` as the clicking user; policy there decides whether they may.
 * - Each interaction id runs at most once (process-local set on the ack path, durable claim in
 *   the store first thing in the background).
 *
 * @module
 */
import { InteractionResponseType, InteractionType, MessageFlags } from "discord-api-types/v10";
import { CiError } from "../../src/errors.ts";
import type { Intent } from "../../src/intent/schema.ts";
import type { RequestMeta, SurfaceDeps, SurfaceHandler } from "../../src/surface.ts";
import { actionIdOf, loadAction } from "./buttons.ts";
import { COMMAND_NAME, invocationText } from "./commands.ts";
import { channelIdOf, decodeInteraction, type Interaction, userIdOf } from "./decode.ts";
import { renderParseError, renderText } from "./embeds.ts";
import { type DiscordMessenger, reportFailure } from "./messenger.ts";
import { discordConversation } from "./notify.ts";
import { type DiscordReply, toReplyTarget } from "./reply.ts";
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
const EPHEMERAL_OPS = new Set<Intent["op"]>(["help", "status", "cancel"]);
const DEDUPE_TTL_MS = 60 * 60 * 1000;

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
  const seen = new Map<string, number>();

  const seenLocally = (id: string) => {
    const t = deps.now().getTime();
    for (const [k, expires] of seen) {
      if (expires > t && seen.size < 50_000) break;
      seen.delete(k);
    }
    if ((seen.get(id) ?? 0) > t) return true;
    seen.set(id, t + DEDUPE_TTL_MS);
    return false;
  };

  const run = (interaction: Interaction, intent: Intent, meta: RequestMeta, ephemeral: boolean) => {
    const reply: DiscordReply = {
      key: meta.requestId,
      mode: "interaction",
      applicationId: interaction.application_id || config.applicationId,
      token: interaction.token,
      issuedAt: deps.now().toISOString(),
      channelId: meta.channelId,
      guildId: interaction.guild_id,
      userId: meta.userId,
      ephemeral,
    };
    deps.background(`discord.${intent.op}`, async () => {
      const claimed = await deps.store.setIfAbsent(
        ["discord", "dedupe", interaction.id],
        { requestId: meta.requestId, at: deps.now().toISOString() },
        { ttlMs: DEDUPE_TTL_MS },
      );
      if (!claimed) {
        log.info("duplicate interaction acknowledged without running", { id: interaction.id });
        return;
      }
      try {
        const report = await deps.execute(intent, meta, toReplyTarget(reply));
        await messenger.open(reply, report);
      } catch (error) {
        log.warn("interaction failed", { requestId: meta.requestId, error: String(error) });
        await reportFailure(messenger, reply, error, deps);
      }
    });
    return deferred(ephemeral);
  };

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
        if (result.kind === "unsupported") return message(renderParseError(result));
        if (seenLocally(interaction.id)) return deferred(true);
        const meta = metaOf(interaction);
        log.info("command accepted", { requestId: meta.requestId, op: result.intent.op });
        return run(interaction, result.intent, meta, EPHEMERAL_OPS.has(result.intent.op));
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
        if (seenLocally(interaction.id)) return deferred(true);
        const meta = metaOf(interaction);
        log.info("button clicked", {
          requestId: meta.requestId,
          op: stored.intent.op,
          reportId: stored.reportId,
        });
        return run(interaction, stored.intent, meta, EPHEMERAL_OPS.has(stored.intent.op));
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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function deferred(ephemeral: boolean): Response {
  return json(200, {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
  });
}

function message(data: unknown): Response {
  return json(200, { type: InteractionResponseType.ChannelMessageWithSource, data });
}
