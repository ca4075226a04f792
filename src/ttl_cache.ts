/**
 * A small in-process cache whose entries expire after a fixed time and whose size is capped
 * (the oldest entry goes first): what the service keeps of GitHub's answers about a token.
 *
 * @module
 */

/** A bounded cache of expiring entries. */
export interface TtlCache<V> {
  /** The live value under `key`, or undefined. */
  get(key: string): V | undefined;
  /** Stores `value` for the cache's lifetime, evicting the oldest entry when full. */
  set(key: string, value: V): void;
}

/**
 * Creates a cache of at most `limit` entries, each kept `ttlMs` from when it was set.
 *
 * @example
 * ```ts
 * const logins = createTtlCache<string>({ limit: 1_000, ttlMs: 60_000, now: () => new Date() });
 * logins.set("3fa9…", "octocat");
 * logins.get("3fa9…"); // "octocat"
 * ```
 */
export function createTtlCache<V>(
  options: { limit: number; ttlMs: number; now: () => Date },
): TtlCache<V> {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (hit && hit.until > options.now().getTime()) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      // Re-inserting moves the key to the end: a Map iterates in insertion order.
      entries.delete(key);
      if (entries.size >= options.limit) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: options.now().getTime() + options.ttlMs });
    },
  };
}
