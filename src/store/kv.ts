/**
 * The embedded default Store on Deno KV: a file under `./data`, or `:memory:` for tests.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { groupCommitter } from "./kv_group.ts";
import type { Key, SetOptions, Store } from "./port.ts";

// Deno KV deletes expired keys lazily, so each value carries its own expiry and reads filter
// on it; `expireIn` is still passed so KV reclaims the space eventually. Deno KV also caps a
// value at 64 KiB: larger values (a report with hundreds of findings, a job with many log tails)
// are stored as UTF-8 JSON chunks under `["__chunks", ...key, i]`, and `c` counts them.
interface Boxed {
  v?: unknown;
  c?: number;
  exp?: number;
}

/** JSON longer than this (UTF-16 units: V8 may store two bytes each) is stored in chunks. */
const INLINE_CHARS = 30_000;
const CHUNK_BYTES = 60_000;
const chunkKey = (key: Deno.KvKey, i: number): Deno.KvKey => ["__chunks", ...key, i];

function split(value: unknown): Uint8Array[] | null {
  const json = JSON.stringify(value);
  if (json === undefined || json.length <= INLINE_CHARS) return null;
  const bytes = new TextEncoder().encode(json);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    chunks.push(bytes.slice(at, at + CHUNK_BYTES));
  }
  return chunks;
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
  const box = (value: unknown, o: SetOptions | undefined, chunks: number | null): Boxed => ({
    ...(chunks === null ? { v: value } : { c: chunks }),
    ...(o?.ttlMs ? { exp: now() + o.ttlMs } : {}),
  });
  /** The stored value, reassembled from its chunks when it has any. */
  const unbox = async (key: Deno.KvKey, b: Boxed): Promise<unknown> => {
    if (b.c === undefined) return b.v;
    const keys = Array.from({ length: b.c }, (_, i) => chunkKey(key, i));
    const parts: Uint8Array[] = [];
    // getMany takes at most 10 keys at a time.
    for (let i = 0; i < keys.length; i += 10) {
      const got = await kv.getMany<Uint8Array[]>(keys.slice(i, i + 10));
      for (const entry of got) {
        if (!(entry.value instanceof Uint8Array)) return null;
        parts.push(entry.value);
      }
    }
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    return JSON.parse(new TextDecoder().decode(bytes));
  };
  const withChunks = (
    op: Deno.AtomicOperation,
    key: Deno.KvKey,
    chunks: Uint8Array[] | null,
    o?: SetOptions,
  ) => {
    chunks?.forEach((chunk, i) => op.set(chunkKey(key, i), chunk, expire(o)));
    return op;
  };
  const live = (b: Boxed | null): b is Boxed =>
    b !== null && (b.exp === undefined || b.exp > now());
  const expire = (o?: SetOptions) => (o?.ttlMs ? { expireIn: o.ttlMs } : undefined);
  const k = (key: Key) => key as Deno.KvKey;
  const grouped = groupCommitter(kv);
  let closed = false;

  return {
    async get<T>(key: Key) {
      const entry = await kv.get<Boxed>(k(key));
      return live(entry.value) ? await unbox(k(key), entry.value) as T : null;
    },
    async set(key, value, options) {
      const chunks = split(value);
      // Chunks and the entry that counts them are written together.
      const op = withChunks(kv.atomic(), k(key), chunks, options);
      const result = await op.set(
        k(key),
        box(value, options, chunks?.length ?? null),
        expire(options),
      )
        .commit();
      if (!result.ok) throw new CiError("internal", "Deno KV refused a write");
    },
    async setIfAbsent(key, value, options) {
      const chunks = split(value);
      // Retry only when another writer raced us; an existing live value means "not ours".
      for (;;) {
        const entry = await kv.get<Boxed>(k(key));
        if (live(entry.value)) return false;
        const boxed = box(value, options, chunks?.length ?? null);
        // Small values (inbox and de-duplication records on the ack path) share commits.
        const ok = chunks === null
          ? await grouped({
            key: k(key),
            versionstamp: entry.versionstamp,
            value: boxed,
            expireIn: options?.ttlMs,
            size: JSON.stringify(boxed)?.length ?? 0,
          })
          : (await withChunks(
            kv.atomic().check({ key: k(key), versionstamp: entry.versionstamp }),
            k(key),
            chunks,
            options,
          ).set(k(key), boxed, expire(options)).commit()).ok;
        if (ok) return true;
      }
    },
    async delete(key) {
      const entry = await kv.get<Boxed>(k(key));
      const op = kv.atomic().delete(k(key));
      for (let i = 0; i < (entry.value?.c ?? 0); i++) op.delete(chunkKey(k(key), i));
      await op.commit();
    },
    async list<T>(prefix: Key, options: { limit?: number } = {}) {
      const out: Array<{ key: Key; value: T }> = [];
      for await (const e of kv.list<Boxed>({ prefix: k(prefix) })) {
        if (!live(e.value)) continue;
        out.push({ key: e.key as Key, value: await unbox(e.key, e.value) as T });
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
