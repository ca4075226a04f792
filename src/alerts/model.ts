/**
 * What alerts keep in the store: subscriptions (written twice, by repository for matching a
 * webhook with one prefix scan and by conversation for listing), and the key layout of the
 * per-run alert state.
 *
 * @module
 */
import { z } from "zod";
import { AlertOnSchema } from "../intent/schema.ts";
import { SurfaceNameSchema } from "../jobs/model.ts";
import type { Conversation } from "../surface.ts";

/** A conversation as stored (the `Conversation` contract of `surface.ts`). */
export const ConversationSchema = z.object({
  surface: SurfaceNameSchema,
  id: z.string().min(1),
  label: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

/** One subscription: who receives alerts, for which runs, on which outcomes. */
export const SubscriptionSchema = z.object({
  conversation: ConversationSchema,
  /** `owner/name` as the user wrote it; matching is case-insensitive. */
  repo: z.string(),
  workflow: z.string().optional(),
  branch: z.string().optional(),
  event: z.string().optional(),
  on: AlertOnSchema,
  /** Who subscribed (surface user id), for listings. */
  by: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One subscription. */
export type Subscription = z.infer<typeof SubscriptionSchema>;

/**
 * The stable key of a conversation across surfaces.
 *
 * @example
 * ```ts
 * conversationKey({ surface: "slack", id: "T1/C1", data: {} }); // "slack:T1/C1"
 * ```
 */
export function conversationKey(conversation: Pick<Conversation, "surface" | "id">): string {
  return `${conversation.surface}:${conversation.id}`;
}

/**
 * The identity of a subscription's filter within a conversation: re-subscribing with the same
 * filter replaces the subscription (and so updates `on`).
 *
 * @example
 * ```ts
 * filterKey({ workflow: "ci.yml", branch: "main" }); // "ci.yml|main|*"
 * ```
 */
export function filterKey(filter: { workflow?: string; branch?: string; event?: string }): string {
  return [filter.workflow, filter.branch, filter.event].map((v) => v ?? "*").join("|");
}

const repoPart = (repo: string) => repo.toLowerCase();

/**
 * Every key alerts write, in one place.
 *
 * @example
 * ```ts
 * alertKeys.subsOfRepo("acme/app"); // ["alerts", "sub-repo", "acme/app"]
 * ```
 */
export const alertKeys = {
  subByRepo: (repo: string, conv: string, filter: string) =>
    ["alerts", "sub-repo", repoPart(repo), conv, filter] as const,
  subsOfRepo: (repo: string) => ["alerts", "sub-repo", repoPart(repo)] as const,
  subByConversation: (conv: string, repo: string, filter: string) =>
    ["alerts", "sub-conv", conv, repoPart(repo), filter] as const,
  subsOfConversation: (conv: string) => ["alerts", "sub-conv", conv] as const,
  /** The last failure/success of a workflow on a branch (recovery detection). */
  last: (repo: string, workflow: string, branch: string) =>
    ["alerts", "last", repoPart(repo), workflow, branch] as const,
  /** One run attempt's classification, report and recipients. */
  run: (repo: string, runId: number, attempt: number) =>
    ["alerts", "run", repoPart(repo), runId, attempt] as const,
  /** The newest attempt of a run that has alert state. */
  latest: (repo: string, runId: number) => ["alerts", "latest", repoPart(repo), runId] as const,
  /** Claim of one delivery: (run, attempt, conversation) is alerted once. */
  sent: (repo: string, runId: number, attempt: number, conv: string) =>
    ["alerts", "sent", repoPart(repo), runId, attempt, conv] as const,
  /** A job event already scheduled a refresh of this run's cards. */
  refresh: (repo: string, runId: number) => ["alerts", "refresh", repoPart(repo), runId] as const,
  failed: (at: string, id: string) => ["alerts", "failed", at, id] as const,
  failedPrefix: ["alerts", "failed"] as const,
};

/** How long alert state is kept. */
export const ALERT_STATE_TTL_MS = 14 * 24 * 3600 * 1000;
