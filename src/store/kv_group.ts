/**
 * Group commit for Deno KV's small writes. Each acknowledged request writes an inbox record
 * before its 2xx, then a report, then marks the record finished; committed one by one, those
 * writes queue behind each other on KV's single writer (one SQLite transaction each). Here a
 * write that arrives while a commit is in flight waits for the next one, which carries every
 * write that queued meanwhile: N concurrent writes of any kind (conditional set, set, delete)
 * cost about one transaction.
 *
 * A batch is one atomic operation holding all its writes' checks, so it commits only when every
 * check holds. When one does not (another writer got there first), each write of the batch is
 * committed alone to learn which ones won; unconditional writes then land on their own. Two
 * writes of the same key never share a batch (both would pass the same `versionstamp` check, and
 * a set and a delete of one key must keep their order), and writes of one key commit in the
 * order they were handed in.
 *
 * @module
 */

/**
 * One write: set `key` to `value` (or delete it), if its versionstamp is still `versionstamp`.
 */
export interface GroupedWrite {
  key: Deno.KvKey;
  /**
   * The versionstamp the writer read (`null`: the key was absent); the write commits only if it
   * still holds. Leave it out for an unconditional write.
   */
  versionstamp?: string | null;
  /** The value to set (ignored when `delete` is true). */
  value?: unknown;
  /** Delete `key` instead of setting it. */
  delete?: boolean;
  expireIn?: number;
  /**
   * Other mutations that must commit with this write (a large value's chunks). A write that has
   * them commits on its own atomic operation, never in a shared batch.
   */
  also?: readonly Deno.KvMutation[];
  /** Rough size in bytes, so a batch stays well inside KV's per-commit limits. */
  size: number;
}

/** Commits a write, possibly together with others; true when this write's check held. */
export type GroupCommit = (write: GroupedWrite) => Promise<boolean>;

/** Options of {@linkcode groupCommitter}. */
export interface GroupCommitOptions {
  /**
   * How long the first write after an idle spell waits for others before its commit starts, in
   * milliseconds (writes arriving during a commit wait for it anyway). Default 0.5: on a file
   * store in bench/store_commit.ts it gave the most writes per second at 50 and 300 writers
   * (commits per write barely change); 0 commits at once, 1–2 ms were no better.
   */
  windowMs?: number;
}

/** Deno KV allows 100 checks per atomic operation. */
const MAX_CHECKS = 100;
/** Deno KV allows 1000 mutations per atomic operation; stay well inside. */
const MAX_WRITES = 500;
/** Deno KV refuses atomic operations much past 800 KiB in all. */
const MAX_BYTES = 400_000;

interface Pending {
  write: GroupedWrite;
  resolve: (ok: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * A string that identifies a key tuple. Keys hold strings and numbers only (see `Key` in
 * port.ts); the type tag keeps 1 and "1" apart.
 *
 * @example
 * ```ts
 * keyId(["a", 1]) === keyId(["a", "1"]); // false
 * ```
 */
export const keyId = (key: Deno.KvKey): string =>
  JSON.stringify(key.map((p) => [typeof p, String(p)]));

/**
 * Creates a group committer over `kv` (anything with `atomic()`, so tests can count commits).
 *
 * @example
 * ```ts
 * const kv = await Deno.openKv(":memory:");
 * const commit = groupCommitter(kv);
 * await commit({ key: ["inbox", "slack", "t1"], versionstamp: null, value: { v: 1 }, size: 8 }); // true
 * await commit({ key: ["report", "t1"], value: { ok: true }, size: 12 }); // true: no check
 * await commit({ key: ["inbox", "slack", "t1"], delete: true, size: 0 }); // true
 * ```
 */
export function groupCommitter(
  kv: Pick<Deno.Kv, "atomic">,
  options: GroupCommitOptions = {},
): GroupCommit {
  const windowMs = options.windowMs ?? 0.5;
  const queue: Pending[] = [];
  let flushing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const add = (op: Deno.AtomicOperation, w: GroupedWrite) => {
    if (w.versionstamp !== undefined) op.check({ key: w.key, versionstamp: w.versionstamp });
    if (w.delete) op.delete(w.key);
    else op.set(w.key, w.value, w.expireIn ? { expireIn: w.expireIn } : undefined);
    if (w.also?.length) op.mutate(...w.also);
    return op;
  };

  const alone = async (item: Pending) => {
    try {
      item.resolve((await add(kv.atomic(), item.write).commit()).ok);
    } catch (error) {
      item.reject(error);
    }
  };

  const commitBatch = async (batch: Pending[]) => {
    if (batch.length === 1) return await alone(batch[0]);
    const op = kv.atomic();
    for (const item of batch) add(op, item.write);
    let ok = false;
    try {
      ok = (await op.commit()).ok;
    } catch {
      // Too large or otherwise refused as a whole: each write alone says what it is.
    }
    if (ok) return batch.forEach((item) => item.resolve(true));
    await Promise.all(batch.map(alone));
  };

  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    // Keys in the batch, and keys with a write left behind: a later write of either must wait.
    const keys = new Set<string>();
    let bytes = 0;
    let checks = 0;
    for (let i = 0; i < queue.length && batch.length < MAX_WRITES;) {
      const { write } = queue[i];
      const id = keyId(write.key);
      const check = write.versionstamp !== undefined ? 1 : 0;
      const fits = batch.length === 0 ||
        (!write.also?.length && bytes + write.size <= MAX_BYTES && checks + check <= MAX_CHECKS);
      const free = !keys.has(id);
      keys.add(id);
      if (free && fits) {
        bytes += write.size;
        checks += check;
        batch.push(queue[i]);
        queue.splice(i, 1);
        if (write.also?.length) break;
      } else i++;
    }
    return batch;
  };

  const flush = async () => {
    timer = undefined;
    flushing = true;
    try {
      while (queue.length) await commitBatch(takeBatch());
    } finally {
      flushing = false;
    }
  };

  return (write) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ write, resolve, reject });
      if (flushing) return;
      if (windowMs <= 0 || queue.length >= MAX_CHECKS) {
        clearTimeout(timer);
        void flush();
      } else timer ??= setTimeout(flush, windowMs);
    });
}
