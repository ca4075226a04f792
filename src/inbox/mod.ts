/**
 * The durable inbox: acknowledged platform requests are stored before the 2xx and replayed at
 * start-up if unfinished.
 *
 * @example
 * ```ts
 * import { createInbox, replayInbox } from "./src/inbox/mod.ts";
 * ```
 *
 * @module
 */
export { createInbox, type Inbox } from "./inbox.ts";
export {
  INBOX_LIMITS,
  inboxKey,
  type InboxLimits,
  type InboxRecord,
  InboxRecordSchema,
  type InboxSource,
  type InboxState,
} from "./model.ts";
export {
  type Replayer,
  type Replayers,
  replayInbox,
  type ReplayOptions,
  type ReplaySummary,
} from "./replay.ts";
