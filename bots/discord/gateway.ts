/**
 * `!ci-test …` over the Discord gateway (opt-in with `DISCORD_GATEWAY=on`). A discord.js client
 * with the Guilds, GuildMessages and MessageContent intents listens to `messageCreate`; a command
 * message gets a thread, an acknowledgement in it, and its report there. The result is the same
 * as the slash command's: the same parser, the same `execute`, the same rendering through
 * `send`.
 *
 * discord.js is imported lazily, so the service never loads it unless the gateway is enabled.
 * Without the Message Content intent Discord delivers empty `content` for messages that do not
 * mention the bot; mentions still work (see docs/discord-gateway.md).
 *
 * @module
 */
import type { Client, Message, ThreadChannel } from "discord.js";
import { CiError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import type { Report } from "../../src/report/model.ts";
import { type RequestMeta, type SurfaceDeps, understoodOf, wantsModel } from "../../src/surface.ts";
import { createMessageDeduper, type MessageDeduper } from "./gateway_dedupe.ts";
import {
  ackText,
  commandText,
  failureReport,
  parseErrorReport,
  threadName,
} from "./gateway_message.ts";
import { discordConversation } from "./notify.ts";
import { channelReply } from "./reply.ts";

/**
 * Posts a report to a channel or thread: the HTTP surface's `send` (`createDiscordSurface`).
 * With `key`, later progress of the job edits that message (see `channelReply`).
 */
export type DiscordSend = (
  channelId: string,
  report: Report,
  options?: { threadName?: string; replyTo?: string; key?: string; requester?: string },
) => Promise<unknown>;

/** Configuration of the gateway client (from `DISCORD_BOT_TOKEN`, `DISCORD_API_URL`). */
export interface DiscordGatewayConfig {
  botToken: string;
  /**
   * REST base without the version, default `https://discord.com/api`; a trailing `/v10` is
   * ignored. The gateway URL itself comes from `GET /gateway/bot` on this API.
   */
  apiUrl?: string;
}

/** What the gateway needs: the surface deps and a way to post reports. */
export type DiscordGatewayDeps = SurfaceDeps & { send: DiscordSend };

/** A running gateway connection. */
export interface DiscordGateway {
  /** Disconnects and drops discord.js timers; commands already scheduled keep running. */
  close(): Promise<void>;
}

/**
 * Connects to the gateway and resolves once the client is ready (guilds cached). Rejects with
 * a `config` {@linkcode CiError} when Discord refuses the token or the intents.
 *
 * @example
 * ```ts
 * if (config.DISCORD_GATEWAY === "on" && config.DISCORD_BOT_TOKEN) {
 *   const surface = createDiscordSurface(discordConfig, deps);
 *   const gateway = await startDiscordGateway(
 *     { botToken: config.DISCORD_BOT_TOKEN, apiUrl: config.DISCORD_API_URL },
 *     { ...deps, send: surface.send },
 *   );
 *   addEventListener("unload", () => gateway.close());
 * }
 * ```
 */
export async function startDiscordGateway(
  config: DiscordGatewayConfig,
  deps: DiscordGatewayDeps,
): Promise<DiscordGateway> {
  const { Client, Events, GatewayIntentBits } = await import("discord.js");
  const log = deps.log.child({ surface: "discord", via: "gateway" });
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ],
    rest: config.apiUrl ? { api: restBase(config.apiUrl) } : {},
  });
  const dedupe = createMessageDeduper(deps.store, deps.now);

  client.on(Events.MessageCreate, (message) => onMessage(client, message, deps, dedupe, log));
  client.on(Events.Error, (error) => log.error("gateway client error", { error: error.message }));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    log.warn("gateway shard disconnected for good", { shardId, code: event.code });
  });

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.botToken);
    await ready;
  } catch (error) {
    await client.destroy();
    throw loginError(error);
  }
  log.info("gateway connected", { botUserId: client.user?.id, guilds: client.guilds.cache.size });
  return {
    async close() {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}

/** Accepts or drops a message synchronously; the work runs on `deps.background`. */
function onMessage(
  client: Client,
  message: Message,
  deps: DiscordGatewayDeps,
  dedupe: MessageDeduper,
  log: Logger,
): void {
  if (message.author.bot || message.system || message.webhookId) return;
  if (!message.inGuild()) return;
  const text = commandText(message.content, client.user?.id);
  if (text === undefined) return;
  if (dedupe.seenLocally(message.id)) {
    log.info("replayed message ignored", { messageId: message.id });
    return;
  }
  const requestId = deps.newId();
  deps.background("discord.gateway.message", async () => {
    if (!(await dedupe.claim(message.id, requestId))) {
      log.info("message already claimed elsewhere", { messageId: message.id, requestId });
      return;
    }
    await runMessage(message, text, requestId, deps);
  });
}

async function runMessage(
  message: Message<true>,
  text: string,
  requestId: string,
  deps: DiscordGatewayDeps,
): Promise<void> {
  const first = deps.parse(text);
  // Already off the gateway's event loop: the model stage (when on) may take its time here.
  const result = wantsModel(deps, text, first) ? await deps.resolve(text, first) : first;
  const intent = result.kind === "intent" ? result.intent : undefined;
  const thread = await openThread(message, threadName(intent));
  if (result.kind === "unsupported") {
    await deps.send(thread.id, parseErrorReport(result));
    return;
  }
  // A channel message is public: a login code shown here could be approved by anyone with their
  // own GitHub account. The slash command answers privately.
  if (result.intent.op === "login") {
    const privately = new CiError(
      "bad_request",
      "`login` is answered privately: type `/ci-test login` instead",
      { hint: "A login code shown in a channel could be approved by anyone on GitHub." },
    );
    await deps.send(thread.id, failureReport(privately, requestId));
    return;
  }
  const understood = understoodOf(result);
  await thread.send({
    content: ackText(result.intent, understood !== undefined),
    allowedMentions: { parse: [] },
  });
  const meta = requestMeta(message, requestId);
  // The runner's progress and final report edit the message `send` posts under this key.
  const reply = channelReply({
    key: requestId,
    channelId: thread.id,
    guildId: message.guildId,
    userId: message.author.id,
  });
  let report: Report;
  try {
    report = await deps.execute(result.intent, meta, reply, understood ? { understood } : {});
  } catch (error) {
    await deps.send(thread.id, failureReport(error, requestId));
    throw error;
  }
  // The author is the only person who may dismiss an "Understood as" message.
  await deps.send(thread.id, report, { key: requestId, requester: message.author.id });
}

/** A command typed inside a thread is answered in that thread; threads cannot nest. */
function openThread(message: Message<true>, name: string): Promise<ThreadChannel> {
  if (message.channel.isThread()) return Promise.resolve(message.channel);
  return message.startThread({ name });
}

function requestMeta(message: Message<true>, requestId: string): RequestMeta {
  const { channelId, guildId } = message;
  const name = "name" in message.channel ? message.channel.name : undefined;
  return {
    surface: "discord",
    requestId,
    userId: message.author.id,
    teamId: guildId,
    channelId,
    conversation: discordConversation(channelId, guildId, name ?? undefined),
  };
}

/** discord.js appends `/v10` itself; accept a configured base with or without a version. */
function restBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, "").replace(/\/v\d+$/, "");
}

function loginError(error: unknown): CiError {
  const detail = error instanceof Error ? error.message : String(error);
  const intents = /intent/i.test(detail);
  return new CiError(
    "config",
    `The Discord gateway refused to connect: ${detail}`,
    {
      hint: intents
        ? "Enable the Message Content intent for the bot in the Developer Portal (Bot → " +
          "Privileged Gateway Intents), or set DISCORD_GATEWAY=off."
        : "Check DISCORD_BOT_TOKEN (Developer Portal → Bot → Reset Token), or set " +
          "DISCORD_GATEWAY=off.",
      cause: error,
    },
  );
}
