/**
 * The Slack surface: `createSlackSurface(config, deps)` is the handler for `POST /slack/events`.
 *
 * @example
 * ```ts
 * import { createSlackSurface } from "./bots/slack/mod.ts";
 * const slack = createSlackSurface({ signingSecret: "…", botToken: "xoxb-…" }, deps);
 * ```
 *
 * @module
 */
export { createSlackSurface, type SlackConfig, SLASH_COMMANDS, stripMentions } from "./handler.ts";
export { renderAck, renderParseError, renderReport, type SlackMessage } from "./blockkit.ts";
export { errorToSlack, resilientFetch } from "./deliver.ts";
