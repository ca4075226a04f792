/**
 * The Slack surface: `createSlackSurface(config, deps)` is the handler for `POST /slack/events`;
 * `createSlackDeliverer(config, deps)` gives the job runner's progress and final reports back to
 * Slack, updating the message of a long operation in place.
 *
 * @example
 * ```ts
 * import { createSlackDeliverer, createSlackMessenger, createSlackSurface } from "./bots/slack/mod.ts";
 * const messenger = createSlackMessenger({ botToken: "xoxb-…" }, deps);
 * const slack = createSlackSurface({ signingSecret: "…", botToken: "xoxb-…" }, deps, { messenger });
 * const deliver = messenger.deliver; // or createSlackDeliverer(config, deps)
 * ```
 *
 * @module
 */
export {
  createSlackSurface,
  type SlackConfig,
  type SlackSurfaceOptions,
  SLASH_COMMANDS,
  stripMentions,
} from "./handler.ts";
export { renderAck, renderParseError, renderReport, type SlackMessage } from "./blockkit.ts";
export { errorToSlack, resilientFetch } from "./deliver.ts";
export {
  createSlackDeliverer,
  createSlackMessenger,
  type MessengerOptions,
  type SlackDeliverer,
  type SlackMessenger,
} from "./messenger.ts";
export { fromReplyTarget, type SlackReply, toReplyTarget } from "./reply.ts";
export { createSlackNotifier, slackConversation } from "./notify.ts";
