/**
 * The store-backed inbox. `accept` is the one store write a surface makes before its 2xx: it
 * records the delivery as pending and de-duplicates it in the same atomic `setIfAbsent` (Deno
 * KV and PostgreSQL both implement it, see `src/store/port.ts`). `settle` runs the work and
 * marks the record done or failed, dropping the payload (and the reply credentials in it).
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { Store } from "../store/port.ts";
import {
  INBOX_LIMITS,
  inboxKey,
  type InboxRecord,
  InboxRecordSchema,
  type InboxSource,
  type InboxState,
} from "./model.ts";

/** The inbox over one store. */
export interface Inbox {
  /**
   * Records a delivery as pending before the platform gets its 2xx. True when this call wrote
   * it (run the work); false for a duplicate (acknowledge without running). Throws when the
   * store cannot write: answer with an error so the platform retries.
   */
  accept(source: InboxSource, id: string, payload: unknown, requestId?: string): Promise<boolean>;
  /** Runs `work`, then marks the record done (or failed, rethrowing the error). */
  settle(source: InboxSource, id: string, work: () => Promise<void>): Promise<void>;
  /** The record of a delivery, or null when there is none (or it cannot be read). */
  get(source: InboxSource, id: string): Promise<InboxRecord | null>;
  /**
   * Marks a record finished and drops its payload. `record` is the record as read before the
   * work (saves reading it again).
   */
  finish(
    source: InboxSource,
    id: string,
    state: Exclude<InboxState, "pending">,
    record?: InboxRecord,
  ): Promise<void>;
  /** Forgets a record, so the platform's retry of a delivery whose work failed runs again. */
  release(source: InboxSource, id: string): Promise<void>;
  /** The pending records of a source (unreadable ones are skipped and logged). */
  pending(source: InboxSource): Promise<InboxRecord[]>;
  /** Atomically claims a pending record for replay, so one instance replays it. */
  claimReplay(source: InboxSource, id: string): Promise<boolean>;
}

/**
 * Creates the inbox.
 *
 * @example
 * ```ts
 * const inbox = createInbox(store, { log, now: () => new Date() });
 * if (await inbox.accept("github", deliveryId, { event })) {
 *   await inbox.settle("github", deliveryId, () => handle(event));
 * }
 * ```
 */
export function createInbox(store: Store, deps: { log: Logger; now: () => Date }): Inbox {
  const log = deps.log.child({ component: "inbox" });
  const read = async (source: InboxSource, id: string): Promise<InboxRecord | null> => {
    const parsed = InboxRecordSchema.safeParse(await store.get(inboxKey(source, id)));
    return parsed.success ? parsed.data : null;
  };
  const finish: Inbox["finish"] = async (source, id, state, known) => {
    const first = known ?? await read(source, id);
    const record: InboxRecord = {
      source,
      id,
      state,
      receivedAt: first?.receivedAt ?? deps.now().toISOString(),
      ...(first?.requestId ? { requestId: first.requestId } : {}),
      finishedAt: deps.now().toISOString(),
    };
    await store.set(inboxKey(source, id), record, { ttlMs: INBOX_LIMITS[source].ttlMs });
  };
  return {
    async accept(source, id, payload, requestId) {
      const record: InboxRecord = {
        source,
        id,
        state: "pending",
        receivedAt: deps.now().toISOString(),
        ...(requestId ? { requestId } : {}),
        payload,
      };
      const ttlMs = INBOX_LIMITS[source].ttlMs;
      if (await store.setIfAbsent(inboxKey(source, id), record, { ttlMs })) return true;
      const first = await read(source, id);
      log.info("duplicate delivery acknowledged without running", {
        source,
        id,
        requestId,
        firstRequestId: first?.requestId,
        firstState: first?.state,
      });
      return false;
    },
    async settle(source, id, work) {
      try {
        await work();
      } catch (error) {
        await finish(source, id, "failed");
        throw error;
      }
      await finish(source, id, "done");
    },
    get: read,
    finish,
    release: (source, id) => store.delete(inboxKey(source, id)),
    async pending(source) {
      const out: InboxRecord[] = [];
      for (const { key, value } of await store.list(["inbox", source])) {
        const parsed = InboxRecordSchema.safeParse(value);
        if (!parsed.success) {
          log.warn("unreadable inbox record skipped", { key: key.join("/") });
          continue;
        }
        if (parsed.data.state === "pending") out.push(parsed.data);
      }
      return out;
    },
    claimReplay(source, id) {
      return store.setIfAbsent(["inbox-replay", source, id], deps.now().toISOString(), {
        ttlMs: INBOX_LIMITS[source].ttlMs,
      });
    },
  };
}
