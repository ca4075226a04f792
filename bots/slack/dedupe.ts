/**
 * Delivery de-duplication in two layers. Slack re-sends a delivery (with `X-Slack-Retry-Num`)
 * when it did not see our ack in time; the same trigger id or event id must never run twice.
 *
 * - On the ack path, a process-local set answers "seen here already?" synchronously. A store
 *   write costs ~0.2 ms (Deno KV atomic commit), more than the whole rest of the ack path, so
 *   the durable claim is not made before the ack.
 * - First thing in the background work, `store.setIfAbsent` makes the claim durable and
 *   shared across instances and restarts. Only the caller that wrote the record runs the work.
 *
 * Why a retry is never dropped blindly: a record is written only by work that has already been
 * scheduled, and that same work runs right after writing it, so a record always means "ran or is
 * running" — never "the first attempt failed before its work was scheduled". A retry that finds
 * a record is therefore acknowledged without running; one that finds none runs.
 *
 * @module
 */
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/port.ts";

/** Longer than Slack's retry window (3 retries over ~5 minutes). */
export const DEDUPE_TTL_MS = 2 * 60 * 60 * 1000;
const LOCAL_MAX = 50_000;

/** What the durable record holds; `state` moves running → done | failed. */
export interface DeliveryRecord {
  state: "running" | "done" | "failed";
  requestId: string;
  at: string;
}

/** The two layers. */
export interface Deduper {
  /** Synchronous: true if this process already accepted `key`; marks it accepted otherwise. */
  seenLocally(key: string): boolean;
  /** Durable claim; true when this caller owns the delivery and must run it. */
  claim(key: string, requestId: string): Promise<boolean>;
  /** Records how the owned delivery ended (for the log line of a later duplicate). */
  finish(key: string, requestId: string, state: "done" | "failed"): Promise<void>;
}

/**
 * Creates the de-duplicator over the shared store.
 *
 * @example
 * ```ts
 * const dedupe = createDeduper(store, log, () => new Date());
 * if (!dedupe.seenLocally("Ev123")) schedule();
 * ```
 */
export function createDeduper(store: Store, log: Logger, now: () => Date): Deduper {
  // key → expiry (ms); insertion order is expiry order, so pruning looks at the front only.
  const local = new Map<string, number>();
  const storeKey = (key: string) => ["slack", "dedupe", key] as const;
  return {
    seenLocally(key) {
      const t = now().getTime();
      const expires = local.get(key);
      if (expires !== undefined && expires > t) return true;
      for (const [k, e] of local) {
        if (e > t && local.size < LOCAL_MAX) break;
        local.delete(k);
      }
      local.set(key, t + DEDUPE_TTL_MS);
      return false;
    },
    async claim(key, requestId) {
      const record: DeliveryRecord = { state: "running", requestId, at: now().toISOString() };
      if (await store.setIfAbsent(storeKey(key), record, { ttlMs: DEDUPE_TTL_MS })) return true;
      const first = await store.get<DeliveryRecord>(storeKey(key));
      log.info("duplicate delivery acknowledged without running", {
        key,
        requestId,
        firstRequestId: first?.requestId,
        firstState: first?.state,
      });
      return false;
    },
    async finish(key, requestId, state) {
      const record: DeliveryRecord = { state, requestId, at: now().toISOString() };
      await store.set(storeKey(key), record, { ttlMs: DEDUPE_TTL_MS });
    },
  };
}
