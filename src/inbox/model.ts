/**
 * The durable inbox record: what a surface writes to the store before it answers a platform
 * 2xx, so an acknowledged request survives a crash. One record per platform delivery id is also
 * the de-duplication record (one write on the hot path, not two).
 *
 * @module
 */
import { z } from "zod";

/** Where inbox records come from: the chat surfaces and GitHub webhook deliveries. */
export const InboxSourceSchema = z.enum(["slack", "discord", "teams", "copilot", "github"]);
/** Where an inbox record came from. */
export type InboxSource = z.infer<typeof InboxSourceSchema>;

/** `pending` until the work is finished or handed to a durable job; `lost` when it expired. */
export const InboxStateSchema = z.enum(["pending", "done", "failed", "lost"]);
/** Lifecycle of an inbox record. */
export type InboxState = z.infer<typeof InboxStateSchema>;

/**
 * A stored record. `payload` holds what the work needs later — decoded text, who and where, and
 * short-lived reply credentials (a Slack `response_url`, a Discord interaction token) — and is
 * dropped as soon as the record leaves `pending`.
 *
 * @example
 * ```ts
 * InboxRecordSchema.parse({ source: "slack", id: "T1.trigger", state: "pending",
 *   receivedAt: "2026-01-01T00:00:00Z", payload: { kind: "command" } });
 * ```
 */
export const InboxRecordSchema = z.object({
  source: InboxSourceSchema,
  id: z.string().min(1),
  state: InboxStateSchema,
  receivedAt: z.string(),
  /** For logs: which request this delivery became (never a credential). */
  requestId: z.string().optional(),
  payload: z.unknown().optional(),
  finishedAt: z.string().optional(),
});
/** A stored inbox record. */
export type InboxRecord = z.infer<typeof InboxRecordSchema>;

/** How long a source's records live and how old a pending one may be to still run. */
export interface InboxLimits {
  /** The de-duplication window: the record (pending or finished) lives this long. */
  ttlMs: number;
  /** A pending record older than this is reported as lost at replay, not run. */
  maxAgeMs: number;
}

const MINUTE = 60_000;

/**
 * Limits per source. Ages follow what the stored credentials allow: a Slack `response_url`
 * accepts posts for 30 minutes, a Discord interaction token 15; a Teams conversation reference
 * does not expire but an answer hours late helps nobody; GitHub keeps deliveries 3 days for
 * redelivery, so webhooks de-duplicate that long.
 *
 * @example
 * ```ts
 * INBOX_LIMITS.slack.maxAgeMs; // 25 minutes
 * ```
 */
export const INBOX_LIMITS: Readonly<Record<InboxSource, InboxLimits>> = {
  slack: { ttlMs: 120 * MINUTE, maxAgeMs: 25 * MINUTE },
  discord: { ttlMs: 60 * MINUTE, maxAgeMs: 13 * MINUTE },
  teams: { ttlMs: 120 * MINUTE, maxAgeMs: 60 * MINUTE },
  copilot: { ttlMs: 60 * MINUTE, maxAgeMs: 10 * MINUTE },
  github: { ttlMs: 3 * 24 * 60 * MINUTE, maxAgeMs: 24 * 60 * MINUTE },
};

/**
 * The store key of a record.
 *
 * @example
 * ```ts
 * inboxKey("github", "0b5e…"); // ["inbox", "github", "0b5e…"]
 * ```
 */
export function inboxKey(source: InboxSource, id: string): readonly [string, string, string] {
  return ["inbox", source, id];
}
