/**
 * GitHub webhooks on our side: the `X-Hub-Signature-256` check (Web Crypto HMAC-SHA256) and
 * the decoding of `workflow_run` / `workflow_job` deliveries into the provider port's shapes.
 * The route (`POST /github/webhooks`) verifies first, then decodes; events we do not follow
 * come back as `unsupported` so the route can answer 2xx and move on.
 *
 * @module
 */
import { z } from "zod";
import { CiError } from "../../errors.ts";
import type { JobInfo, RunInfo } from "../port.ts";
import { toJobInfo, toRunInfo } from "./map.ts";

const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * Whether `header` (`X-Hub-Signature-256`, `sha256=<64 hex>`) is the HMAC-SHA256 of the raw
 * body under `secret`. Web Crypto's `verify` compares in constant time. A missing or
 * malformed header, or an empty secret, is false.
 *
 * @example
 * ```ts
 * await verifyGitHubSignature(
 *   "It's a Secret to Everybody",
 *   "Hello, World!",
 *   "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
 * ); // true
 * ```
 */
export async function verifyGitHubSignature(
  secret: string,
  rawBody: Uint8Array | string,
  header: string | null,
): Promise<boolean> {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match || !secret) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : new Uint8Array(rawBody);
  return crypto.subtle.verify("HMAC", key, hexToBytes(match[1]), body);
}

// JSON has no bigint: ids arrive as numbers.
const Id = z.number();
const Repository = z.object({ full_name: z.string().regex(/^[\w.-]+\/[\w.-]+$/) });

const RunPayload = z.object({
  id: Id,
  workflow_id: Id,
  name: z.string().nullish(),
  path: z.string().optional(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  event: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  run_attempt: z.number().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().optional(),
  html_url: z.string(),
  display_title: z.string().optional(),
  actor: z.object({ login: z.string() }).nullish(),
  triggering_actor: z.object({ login: z.string() }).nullish(),
  head_commit: z.object({
    message: z.string(),
    author: z.object({ name: z.string() }).nullish(),
  }).nullish(),
});

const Step = z.object({
  name: z.string(),
  number: z.number(),
  status: z.enum(["queued", "in_progress", "completed"]),
  conclusion: z.string().nullable(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
});

const JobPayload = z.object({
  id: Id,
  run_id: Id,
  name: z.string(),
  status: z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]),
  conclusion: z.enum([
    "success",
    "failure",
    "neutral",
    "cancelled",
    "skipped",
    "timed_out",
    "action_required",
  ]).nullable(),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  labels: z.array(z.string()),
  html_url: z.string().nullable(),
  url: z.string(),
  steps: z.array(Step).optional(),
});

const WorkflowRunBody = z.object({
  action: z.string(),
  repository: Repository,
  workflow_run: RunPayload,
});

const WorkflowJobBody = z.object({
  action: z.string(),
  repository: Repository,
  workflow_job: JobPayload,
});

/** A decoded delivery. */
export type GitHubWebhookEvent =
  | {
    kind: "workflow_run";
    /** `requested`, `in_progress` or `completed`. */
    action: string;
    /** `owner/name`. */
    repo: string;
    run: RunInfo;
    /** The head commit's message and author, when the payload carries them. */
    commit?: { message: string; author?: string };
    /** Who pushed or triggered the run (`triggering_actor`, else the run's actor). */
    pusher?: string;
  }
  | { kind: "workflow_job"; action: string; repo: string; runId: number; job: JobInfo }
  | { kind: "ping" }
  | { kind: "unsupported"; event: string };

function parse<T>(schema: z.ZodType<T>, event: string, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "body";
  throw new CiError(
    "bad_request",
    `GitHub ${event} delivery is malformed at '${where}': ${issue?.message ?? "invalid"}`,
    { hint: "Check that the webhook sends application/json for this event.", cause: result.error },
  );
}

/**
 * Decodes a verified delivery (`X-GitHub-Event` header and parsed JSON body). Throws
 * `CiError("bad_request")` when a `workflow_run` / `workflow_job` body lacks what we need.
 *
 * @example
 * ```ts
 * const event = decodeGitHubWebhook("ping", { zen: "Design for failure." });
 * event.kind; // "ping"
 * ```
 */
export function decodeGitHubWebhook(event: string | null, body: unknown): GitHubWebhookEvent {
  if (event === "ping") return { kind: "ping" };
  if (event === "workflow_run") {
    const data = parse(WorkflowRunBody, event, body);
    const raw = data.workflow_run;
    const run = toRunInfo({ ...raw, name: raw.name ?? undefined });
    const pusher = raw.triggering_actor?.login ?? raw.actor?.login;
    const commit = raw.head_commit
      ? {
        message: raw.head_commit.message,
        ...(raw.head_commit.author ? { author: raw.head_commit.author.name } : {}),
      }
      : undefined;
    return {
      kind: "workflow_run",
      action: data.action,
      repo: data.repository.full_name,
      run,
      ...(commit ? { commit } : {}),
      ...(pusher ? { pusher } : {}),
    };
  }
  if (event === "workflow_job") {
    const data = parse(WorkflowJobBody, event, body);
    const job = toJobInfo({
      ...data.workflow_job,
      started_at: data.workflow_job.started_at ?? "",
      completed_at: data.workflow_job.completed_at ?? null,
    });
    return {
      kind: "workflow_job",
      action: data.action,
      repo: data.repository.full_name,
      runId: job.runId,
      job,
    };
  }
  return { kind: "unsupported", event: event ?? "(none)" };
}
