/**
 * Which replies only the requester should see. Help and status are about the requester; a
 * `login` reply carries a one-time code for one person — shown in a channel, anyone could approve
 * it with their own GitHub account and so decide whom the requester acts as.
 *
 * @module
 */
import type { Op } from "./schema.ts";

/**
 * Ops answered privately (Slack ephemeral, Discord ephemeral) on every chat surface.
 *
 * @example
 * ```ts
 * PRIVATE_REPLY_OPS.has("login"); // true
 * PRIVATE_REPLY_OPS.has("analyze"); // false
 * ```
 */
export const PRIVATE_REPLY_OPS: ReadonlySet<Op> = new Set<Op>([
  "help",
  "status",
  "login",
  "logout",
]);
