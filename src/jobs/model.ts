/**
 * The persisted shape of a durable job, and where a job's replies go.
 *
 * @module
 */
import { z } from "zod";
import { IntentSchema } from "../intent/schema.ts";

/** Surfaces that can receive job replies. */
export const SurfaceNameSchema = z.enum(["slack", "discord", "teams", "copilot", "mcp", "cli"]);

/**
 * Where progress and the final report of a job go: a surface plus data only that surface
 * understands (a Slack `response_url` and channel, a Discord interaction token, …).
 *
 * @example
 * ```ts
 * ReplyTargetSchema.parse({ surface: "slack", data: { responseUrl: "https://hooks.slack.com/…" } });
 * ```
 */
export const ReplyTargetSchema = z.object({
  surface: SurfaceNameSchema,
  data: z.record(z.string(), z.unknown()),
});
/** Where a job's replies go. */
export type ReplyTarget = z.infer<typeof ReplyTargetSchema>;

/** Request metadata kept with a job (policy, audit and `status` use it). */
export const JobMetaSchema = z.object({
  surface: SurfaceNameSchema,
  requestId: z.string(),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  /** MCP only: an API key (`mcp-key:`) or a GitHub account (`github:`). */
  via: z.enum(["github", "mcp-key"]).optional(),
  channelId: z.string().optional(),
  /** The requester's linked GitHub login, when known: recorded in dispatches and pull requests. */
  login: z.string().optional(),
});

/** Lifecycle of a job. */
export const JobStatusSchema = z.enum(["running", "succeeded", "failed", "cancelled"]);
/** Lifecycle of a job. */
export type JobStatus = z.infer<typeof JobStatusSchema>;

/**
 * A job as stored under `["job", id]`. `state` belongs to the job's definition and is parsed by
 * its schema on every load.
 *
 * @example
 * ```ts
 * // const job = JobRecordSchema.parse(await store.get(["job", id]));
 * ```
 */
export const JobRecordSchema = z.object({
  id: z.string(),
  kind: z.string(),
  intent: IntentSchema,
  meta: JobMetaSchema,
  reply: ReplyTargetSchema.optional(),
  status: JobStatusSchema,
  state: z.unknown(),
  /** Step sequence number: a queue message for another sequence number is stale. */
  seq: z.number().int().nonnegative(),
  progress: z.object({ done: z.number(), total: z.number(), note: z.string() }),
  /** The progress note last delivered, so unchanged progress is not re-sent. */
  deliveredNote: z.string().optional(),
  /** Consecutive failed attempts of the current step (transient errors are retried). */
  attempts: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  reportId: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .optional(),
});
/** A stored job. */
export type JobRecord = z.infer<typeof JobRecordSchema>;
