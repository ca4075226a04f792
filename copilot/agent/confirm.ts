/**
 * Confirmations before anything that changes state. The intent shown to the user is kept in
 * the store under an unguessable id, bound to the user, for a limited time and one use: the
 * accepted answer runs exactly what was shown, once, whatever the client sends back.
 *
 * @module
 */
import { z } from "zod";
import { type Intent, IntentSchema } from "../../src/intent/schema.ts";
import type { Store } from "../../src/store/port.ts";

/** How long a confirmation can be answered. */
export const CONFIRMATION_TTL_MS = 15 * 60_000;

const PendingSchema = z.object({ intent: IntentSchema, userId: z.string().optional() });
/** A confirmation waiting for the user's answer. */
export type Pending = z.infer<typeof PendingSchema>;

/**
 * How long a confirmation answer's body is remembered: longer than a confirmation lives, so a
 * replayed answer cannot outlive the record of the first one.
 */
export const ANSWER_REPLAY_TTL_MS = 2 * CONFIRMATION_TTL_MS;

const key = (id: string) => ["copilot", "confirmation", id] as const;
const usedKey = (id: string) => ["copilot", "confirmation-used", id] as const;
const answeredKey = (digest: string) => ["copilot", "answered-request", digest] as const;

/**
 * Stores a pending confirmation.
 *
 * @example
 * ```ts
 * await savePending(store, "c1", { intent: { op: "test", repo: "acme/app" }, userId: "octocat" });
 * ```
 */
export async function savePending(store: Store, id: string, pending: Pending): Promise<void> {
  await store.set(key(id), pending, { ttlMs: CONFIRMATION_TTL_MS });
}

/**
 * Takes (reads and deletes) a pending confirmation; null when unknown, expired or used.
 *
 * @example
 * ```ts
 * const pending = await takePending(store, "c1"); // { intent, userId } or null
 * ```
 */
export async function takePending(store: Store, id: string): Promise<Pending | null> {
  const raw = await store.get<unknown>(key(id));
  if (raw === null) return null;
  // Two answers racing (a replayed request) must not both run it.
  const first = await store.setIfAbsent(usedKey(id), true, { ttlMs: CONFIRMATION_TTL_MS });
  if (!first) return null;
  await store.delete(key(id));
  const parsed = PendingSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Records the first arrival of a confirmation answer by the SHA-256 of its raw body; false when
 * that exact body was already received (a replayed request, whose signature is still valid).
 *
 * @example
 * ```ts
 * await claimAnswer(store, "9f86d0…"); // true
 * await claimAnswer(store, "9f86d0…"); // false: the same signed body again
 * ```
 */
export async function claimAnswer(store: Store, digest: string): Promise<boolean> {
  return await store.setIfAbsent(answeredKey(digest), true, { ttlMs: ANSWER_REPLAY_TTL_MS });
}

/**
 * The question to ask for an intent.
 *
 * @example
 * ```ts
 * confirmationText({ op: "test", repo: "acme/app" }, "dispatches workflow runs").title;
 * ```
 */
export function confirmationText(
  intent: Intent,
  effect: string,
): { title: string; message: string } {
  const where = intent.repo ? ` on ${intent.repo}` : "";
  return {
    title: `Run ${intent.op}${where}?`,
    message: `This ${effect}. Accept to run it, or dismiss to cancel.`,
  };
}
