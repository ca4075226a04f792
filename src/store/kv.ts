/**
 * The embedded default Store on Deno KV: a file under `./data`, or `:memory:` for tests.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import type { Key, SetOptions, Store } from "./port.ts";

// Deno KV deletes expired keys lazily, so each value carries its own expiry and reads filter
// on it; `expireIn` is still passed so KV reclaims the space eventually.
interface Boxed {
  v: unknown;
  exp?: number;
}

/**
 * Opens a Deno KV store at `path` (a file path, or `:memory:`), creating its folder.
 *
 * @example
 * ```ts
 * const store = await openKvStore(":memory:");
 * await store.set(["greeting"], "hi");
 * await store.get<string>(["greeting"]); // "hi"
 * await store.close();
 * ```
 */
export async function openKvStore(
  path: string,
  options: { now?: () => number } = {},
): Promise<Store> {
  if (path !== ":memory:") {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (dir) await Deno.mkdir(dir, { recursive: true });
  }
  let kv: Deno.Kv;
  try {
    kv = await Deno.openKv(path);
  } catch (cause) {
    throw new CiError("config", `Cannot open the Deno KV store at '${path}'`, {
      hint: "Check that KV_PATH points to a writable file, or use KV_PATH=:memory:.",
      cause,
    });
  }
  return kvStore(kv, options);
}

/**
 * Wraps an open `Deno.Kv` as a {@linkcode Store}.
 *
 * @example
 * ```ts
 * const store = kvStore(await Deno.openKv(":memory:"));
 * ```
 */
export function kvStore(kv: Deno.Kv, options: { now?: () => number } = {}): Store {
  const now = options.now ?? Date.now;
  const box = (value: unknown, o?: SetOptions): Boxed =>
    o?.ttlMs ? { v: value, exp: now() + o.ttlMs } : { v: value };
  const live = (b: Boxed | null): b is Boxed =>
    b !== null && (b.exp === undefined || b.exp > now());
  const expire = (o?: SetOptions) => (o?.ttlMs ? { expireIn: o.ttlMs } : undefined);
  const k = (key: Key) => key as Deno.KvKey;
  let closed = false;

  return {
    async get<T>(key: Key) {
      const entry = await kv.get<Boxed>(k(key));
      return live(entry.value) ? entry.value.v as T : null;
    },
    async set(key, value, options) {
      await kv.set(k(key), box(value, options), expire(options));
    },
    async setIfAbsent(key, value, options) {
      // Retry only when another writer raced us; an existing live value means "not ours".
      for (;;) {
        const entry = await kv.get<Boxed>(k(key));
        if (live(entry.value)) return false;
        const result = await kv.atomic()
          .check({ key: k(key), versionstamp: entry.versionstamp })
          .set(k(key), box(value, options), expire(options))
          .commit();
        if (result.ok) return true;
      }
    },
    async delete(key) {
      await kv.delete(k(key));
    },
    async list<T>(prefix: Key, options: { limit?: number } = {}) {
      const out: Array<{ key: Key; value: T }> = [];
      for await (const e of kv.list<Boxed>({ prefix: k(prefix) })) {
        if (!live(e.value)) continue;
        out.push({ key: e.key as Key, value: e.value.v as T });
        if (options.limit !== undefined && out.length >= options.limit) break;
      }
      return out;
    },
    async enqueue(message, options = {}) {
      const result = await kv.enqueue(message, {
        delay: options.delayMs,
        // A failing handler is retried by the job runner's own schedule, not KV's.
        backoffSchedule: [1_000, 5_000, 30_000],
      });
      if (!result.ok) throw new CiError("internal", "Deno KV refused to enqueue a job message");
    },
    listenQueue(handler) {
      return kv.listenQueue(handler);
    },
    async ping() {
      await kv.get(["__ping"]);
    },
    close() {
      if (!closed) kv.close();
      closed = true;
      return Promise.resolve();
    },
  };
}
