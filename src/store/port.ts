/**
 * The Store port: a small key-value interface that Deno KV (embedded default) and PostgreSQL
 * (scale-out) both implement. Keys are tuples, values JSON-serialisable.
 *
 * @module
 */

/** One part of a key tuple. */
export type KeyPart = string | number;
/** A key tuple, e.g. `["dedupe", "slack", "abc"]`. */
export type Key = readonly KeyPart[];

/** Options for writes. */
export interface SetOptions {
  /** Expire the entry after this many milliseconds. */
  ttlMs?: number;
}

/**
 * The port.
 *
 * @example
 * ```ts
 * async function firstDelivery(store: Store, id: string): Promise<boolean> {
 *   return await store.setIfAbsent(["dedupe", id], true, { ttlMs: 3_600_000 });
 * }
 * ```
 */
export interface Store {
  get<T>(key: Key): Promise<T | null>;
  set(key: Key, value: unknown, options?: SetOptions): Promise<void>;
  /** Writes only if the key is absent; true when this call wrote it. Atomic. */
  setIfAbsent(key: Key, value: unknown, options?: SetOptions): Promise<boolean>;
  delete(key: Key): Promise<void>;
  /** Entries under a prefix, in key order, at most `limit`. */
  list<T>(prefix: Key, options?: { limit?: number }): Promise<Array<{ key: Key; value: T }>>;
  /**
   * Puts a message on the durable queue, delivered at least once to the queue listener after
   * `delayMs` (survives restarts; used by the job runner).
   */
  enqueue(message: unknown, options?: { delayMs?: number }): Promise<void>;
  /**
   * Starts delivering queued messages to `handler` (one listener per store). A handler that
   * throws gets the message again later. Resolves when the store closes.
   */
  listenQueue(handler: (message: unknown) => Promise<void>): Promise<void>;
  /** Throws when the backing store cannot be reached (used by `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
