/**
 * `createDiscordSurface`: everything the service wires for Discord from one config — the
 * interactions handler, the job runner's deliverer, the alerts notifier and the gateway's
 * `send`, all sharing one REST client (so rate-limit buckets are shared) and one messenger.
 *
 * @module
 */
import type { Report } from "../../src/report/model.ts";
import type { Deliverer, Notifier, SurfaceDeps, SurfaceHandler } from "../../src/surface.ts";
import { createInteractionsHandler } from "./handler.ts";
import { createDiscordMessenger, type SendOptions } from "./messenger.ts";
import { createDiscordNotifier } from "./notify.ts";
import { createDiscordRest } from "./rest.ts";

/** Configuration (from `DISCORD_*` environment variables). */
export interface DiscordConfig {
  /** `DISCORD_PUBLIC_KEY`: 64 hex characters. */
  publicKey: string;
  /** `DISCORD_BOT_TOKEN`: channel messages (alerts, results after 15 minutes, gateway). */
  botToken?: string;
  /** `DISCORD_APPLICATION_ID`. */
  applicationId: string;
  /** `DISCORD_API_URL`; tests point it at the simulator. */
  apiUrl?: string;
  maxBodyBytes?: number;
  /** Waits between REST retries (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** What the service wires. */
export interface DiscordSurface {
  /** `POST /discord/interactions`. */
  handler: SurfaceHandler;
  /** The job runner's deliverer for `surface: "discord"` reply targets. */
  deliver: Deliverer;
  /** Alerts to subscribed Discord channels. */
  notify: Notifier;
  /** Posts a report to a channel (gateway replies), optionally in a new thread. */
  send: (
    channelId: string,
    report: Report,
    options?: SendOptions,
  ) => Promise<{ channelId: string; messageId: string }>;
}

/**
 * Creates the Discord surface.
 *
 * @example
 * ```ts
 * const discord = createDiscordSurface({
 *   publicKey: env.DISCORD_PUBLIC_KEY, botToken: env.DISCORD_BOT_TOKEN,
 *   applicationId: env.DISCORD_APPLICATION_ID, apiUrl: env.DISCORD_API_URL,
 * }, deps);
 * app.post("/discord/interactions", (c) => discord.handler(c.req.raw));
 * ```
 */
export function createDiscordSurface(
  config: DiscordConfig,
  deps: SurfaceDeps,
): DiscordSurface {
  const log = deps.log.child({ surface: "discord" });
  const rest = createDiscordRest({
    apiUrl: config.apiUrl,
    botToken: config.botToken,
    fetch: deps.fetch,
    log,
    sleep: config.sleep,
  });
  const messenger = createDiscordMessenger(rest, deps);
  if (!config.botToken) {
    log.warn(
      "DISCORD_BOT_TOKEN is not set: no alerts, and results of jobs over 15 minutes are lost",
    );
  }
  return {
    handler: createInteractionsHandler(
      {
        publicKey: config.publicKey,
        applicationId: config.applicationId,
        canPost: Boolean(config.botToken),
        maxBodyBytes: config.maxBodyBytes,
      },
      deps,
      messenger,
    ),
    deliver: messenger.deliver,
    notify: createDiscordNotifier(rest, messenger, deps.store),
    send: (channelId, report, options) => messenger.send(channelId, report, options),
  };
}
