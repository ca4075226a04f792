/**
 * Group commit for Deno KV's conditional writes. Each acknowledged request writes one inbox
 * record before its 2xx; committed one by one, those writes queue behind each other (one SQLite
 * transaction each). Here a write that arrives while a commit is in flight waits for the next
 * one, which carries every write that queued meanwhile: N concurrent acks cost one transaction.
 *
 * A batch is one atomic operation whose checks are all the batch's writes' checks, so it commits
 * only when every check holds. When one does not (another writer got there first), each write of
 * the batch is committed alone to learn which ones won. Two writes of the same key never share a
 * batch: both would pass the same `versionstamp` check.
 *
 * @module
 */

/** One conditional write: set `key` to `value` if its versionstamp is still `versionstamp`. */
export interface GroupedWrite {
  key: Deno.KvKey;
  /** What the writer read (`null`: the key was absent). */
  versionstamp: string | null;
  value: unknown;
  expireIn?: number;
  /** Rough size in bytes, so a batch stays well inside KV's per-commit limits. */
  size: number;
}

/** Commits a write, possibly together with others; true when this write's check held. */
export type GroupCommit = (write: GroupedWrite) => Promise<boolean>;

/** Deno KV allows 100 checks per atomic operation. */
const MAX_WRITES = 100;
/** Deno KV refuses atomic operations much past 800 KiB in all. */
const MAX_BYTES = 400_000;

interface Pending {
  write: GroupedWrite;
  resolve: (ok: boolean) => void;
  reject: (error: unknown) => void;
}

// Keys hold strings and numbers only (see `Key` in port.ts); the type tag keeps 1 and "1" apart.
const keyId = (key: Deno.KvKey) => JSON.stringify(key.map((p) => [typeof p, String(p)]));

/**
 * Creates a group committer over `kv` (anything with `atomic()`, so tests can count commits).
 *
 * @example
 * ```ts
 * const kv = await Deno.openKv(":memory:");
 * const commit = groupCommitter(kv);
 * await commit({ key: ["inbox", "slack", "t1"], versionstamp: null, value: { v: 1 }, size: 8 }); // true
 * ```
 */
export function groupCommitter(kv: Pick<Deno.Kv, "atomic">): GroupCommit {
  const queue: Pending[] = [];
  let flushing = false;

  const add = (op: Deno.AtomicOperation, w: GroupedWrite) =>
    op.check({ key: w.key, versionstamp: w.versionstamp })
      .set(w.key, w.value, w.expireIn ? { expireIn: w.expireIn } : undefined);

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
    const keys = new Set<string>();
    let bytes = 0;
    for (let i = 0; i < queue.length && batch.length < MAX_WRITES;) {
      const item = queue[i];
      const id = keyId(item.write.key);
      const fits = batch.length === 0 || bytes + item.write.size <= MAX_BYTES;
      if (!keys.has(id) && fits) {
        keys.add(id);
        bytes += item.write.size;
        batch.push(item);
        queue.splice(i, 1);
      } else i++;
    }
    return batch;
  };

  const flush = async () => {
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
      if (!flushing) void flush();
    });
}
