/**
 * De-duplication of gateway messages by message id. A gateway RESUME replays the events missed
 * while disconnected, and two instances started with `DISCORD_GATEWAY=on` both receive every
 * message: the same message must never run twice.
 *
 * - A process-local map answers synchronously in the `messageCreate` listener, so a replay
 *   arriving while the first delivery is still being handled is dropped at once.
 * - `store.setIfAbsent` makes the claim durable and shared across instances; only the caller
 *   that wrote the record runs the command.
 *
 * @module
 */
import type { Store } from "../../src/store/port.ts";

/** Longer than any resume window (Discord keeps a session resumable for minutes). */
export const GATEWAY_DEDUPE_TTL_MS = 60 * 60 * 1000;
const LOCAL_MAX = 10_000;

/** The two layers. */
export interface MessageDeduper {
  /** Synchronous: true if this process already accepted `messageId`; marks it otherwise. */
  seenLocally(messageId: string): boolean;
  /** Durable claim; true when this caller owns the message and must run it. */
  claim(messageId: string, requestId: string): Promise<boolean>;
}

/**
 * Creates the de-duplicator over the shared store.
 *
 * @example
 * ```ts
 * const dedupe = createMessageDeduper(store, () => new Date());
 * if (!dedupe.seenLocally(message.id) && (await dedupe.claim(message.id, "req-1"))) run();
 * ```
 */
export function createMessageDeduper(store: Store, now: () => Date): MessageDeduper {
  // id → expiry (ms); insertion order is expiry order, so pruning looks at the front only.
  const local = new Map<string, number>();
  return {
    seenLocally(messageId) {
      const t = now().getTime();
      const expires = local.get(messageId);
      if (expires !== undefined && expires > t) return true;
      for (const [id, e] of local) {
        if (e > t && local.size < LOCAL_MAX) break;
        local.delete(id);
      }
      local.delete(messageId);
      local.set(messageId, t + GATEWAY_DEDUPE_TTL_MS);
      return false;
    },
    claim(messageId, requestId) {
      return store.setIfAbsent(
        ["discord", "gateway", "message", messageId],
        { requestId, at: now().toISOString() },
        { ttlMs: GATEWAY_DEDUPE_TTL_MS },
      );
    },
  };
}
