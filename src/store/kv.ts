/**
 * The embedded default Store on Deno KV: a file under `./data`, or `:memory:` for tests.
 *
 * @module
 */
import { CiError } from "../errors.ts";
import { type GroupCommitOptions, groupCommitter, keyId } from "./kv_group.ts";
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
  options: KvStoreOptions = {},
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

/** Options of {@linkcode kvStore} and {@linkcode openKvStore}. */
export interface KvStoreOptions {
  /** Clock in epoch milliseconds (tests move it). */
  now?: () => number;
  /** Write batching (see kv_group.ts); `atomic` lets tests count commits. */
  group?: GroupCommitOptions & { atomic?: () => Deno.AtomicOperation };
}

/**
 * Wraps an open `Deno.Kv` as a {@linkcode Store}.
 *
 * @example
 * ```ts
 * const store = kvStore(await Deno.openKv(":memory:"));
 * ```
 */
export function kvStore(kv: Deno.Kv, options: KvStoreOptions = {}): Store {
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
  const live = (b: Boxed | null): b is Boxed =>
    b !== null && (b.exp === undefined || b.exp > now());
  const k = (key: Key) => key as Deno.KvKey;
  const { atomic, ...groupOptions } = options.group ?? {};
  const grouped = groupCommitter(
    { atomic: atomic ?? (() => kv.atomic()) },
    groupOptions,
  );
  /** One write of `key` as the group committer takes it; chunks go along (and commit alone). */
  const write = (key: Deno.KvKey, value: unknown, o: SetOptions | undefined) => {
    const chunks = split(value);
    const boxed = box(value, o, chunks?.length ?? null);
    const also = (chunks ?? []).map((chunk, i): Deno.KvMutation => ({
      type: "set",
      key: chunkKey(key, i),
      value: chunk,
      ...(o?.ttlMs ? { expireIn: o.ttlMs } : {}),
    }));
    const size = (JSON.stringify(boxed)?.length ?? 0) +
      also.reduce((n, m) => n + (m.type === "set" ? (m.value as Uint8Array).length : 0), 0);
    return { key, value: boxed, expireIn: o?.ttlMs, also, size };
  };
  // Writes of one key run one after another, in the order they were called: a delete reads the
  // chunk count the previous write left, and a set then delete of one key ends deleted.
  const tails = new Map<string, Promise<unknown>>();
  const inOrder = <T>(key: Deno.KvKey, fn: () => Promise<T>): Promise<T> => {
    const id = keyId(key);
    const previous = tails.get(id);
    const run = previous ? previous.then(fn) : fn();
    const tail = run.catch(() => {});
    tails.set(id, tail);
    void tail.then(() => {
      if (tails.get(id) === tail) tails.delete(id);
    });
    return run;
  };
  let closed = false;

  return {
    async get<T>(key: Key) {
      const entry = await kv.get<Boxed>(k(key));
      return live(entry.value) ? await unbox(k(key), entry.value) as T : null;
    },
    set(key, value, options) {
      return inOrder(k(key), async () => {
        if (!await grouped(write(k(key), value, options))) {
          throw new CiError("internal", "Deno KV refused a write");
        }
      });
    },
    setIfAbsent(key, value, options) {
      return inOrder(k(key), async () => {
        // The keys written here are nearly always new (a delivery id on the ack path), so the
        // first try assumes "absent" and skips a read; only a failed check reads, and a live
        // value there means "not ours" (an expired one is replaced with its versionstamp).
        let versionstamp: string | null = null;
        for (;;) {
          if (await grouped({ ...write(k(key), value, options), versionstamp })) return true;
          const entry = await kv.get<Boxed>(k(key));
          if (live(entry.value)) return false;
          versionstamp = entry.versionstamp;
        }
      });
    },
    delete(key) {
      return inOrder(k(key), async () => {
        const entry = await kv.get<Boxed>(k(key));
        const also = Array.from(
          { length: entry.value?.c ?? 0 },
          (_, i): Deno.KvMutation => ({ type: "delete", key: chunkKey(k(key), i) }),
        );
        await grouped({ key: k(key), delete: true, also, size: 0 });
      });
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
