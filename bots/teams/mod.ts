/**
 * The Teams surface: `createTeamsSurface(config, deps)` gives the handler for
 * `POST /api/messages`, the job runner's deliverer and the alerts' notifier.
 *
 * @example
 * ```ts
 * import { createTeamsSurface } from "./bots/teams/mod.ts";
 * const teams = createTeamsSurface({ appId, appPassword, auth: "botframework" }, deps);
 * app.post("/api/messages", (c) => teams.handler(c.req.raw));
 * ```
 *
 * @module
 */
export { createTeamsSurface, type TeamsSurface } from "./handler.ts";
export type { TeamsConfig } from "./adapter.ts";
export { type AdaptiveCard, renderCard } from "./card.ts";
export { fromReplyTarget, type TeamsReply, toReplyTarget } from "./reply.ts";
