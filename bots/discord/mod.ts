/**
 * The Discord surface over HTTP interactions: `createDiscordSurface(config, deps)` gives the
 * handler for `POST /discord/interactions`, the job runner's deliverer, the alerts notifier and
 * the gateway's `send`. `deno task discord:register` registers `/ci-test` (see `register.ts`).
 *
 * @example
 * ```ts
 * import { createDiscordSurface } from "./bots/discord/mod.ts";
 * const discord = createDiscordSurface({ publicKey, botToken, applicationId, apiUrl }, deps);
 * app.post("/discord/interactions", (c) => discord.handler(c.req.raw));
 * ```
 *
 * @module
 */
export { createDiscordSurface, type DiscordConfig, type DiscordSurface } from "./surface.ts";
export { ciTestCommand, commandDefinitions, invocationText } from "./commands.ts";
export { type DiscordMessage, LIMITS, renderParseError, renderReport } from "./embeds.ts";
export { errorToDiscord } from "./errors.ts";
export { discordConversation } from "./notify.ts";
export { channelReply, type DiscordReply, fromReplyTarget, toReplyTarget } from "./reply.ts";
export { registerCommands } from "./register.ts";
export type { SendOptions } from "./messenger.ts";
