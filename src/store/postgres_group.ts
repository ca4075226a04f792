/**
 * Group commit for the PostgreSQL store's small writes, as kv_group.ts does for Deno KV: the
 * `set`, `setIfAbsent` and `delete` calls that arrive while a statement is in flight go to the
 * database together, in ONE statement (one round trip, one transaction) instead of one each.
 *
 * The statement takes the batch as one JSON parameter. Deletes, plain upserts and claims
 * (`setIfAbsent`: insert, or replace an expired row only) are three data-modifying CTEs; the
 * claims' `RETURNING key` says which ones won. Two writes of one key never share a statement
 * (a row can be changed once per statement, and a set then delete of one key must keep its
 * order), and writes of one key run in the order they were handed in. When a batch fails as a
 * whole (a deadlock with another instance, a value PostgreSQL refuses), each write is retried
 * alone, so one bad write fails only itself.
 *
 * @module
 */
import type postgres from "postgres";

/** One write, its key already encoded (postgres_keys.ts) and its JSON already serialised. */
export interface PgWrite {
  op: "set" | "claim" | "delete";
  key: string;
  /** The key tuple as JSON text (`parts`); empty for a delete. */
  parts: string;
  /** The value as JSON text; empty for a delete. */
  value: string;
  expiresAt: number | null;
}

/** Commits a write, possibly with others; true unless it is a claim that found a live row. */
export type PgGroupCommit = (write: PgWrite) => Promise<boolean>;

/** Options of {@linkcode pgGroupCommitter}. */
export interface PgGroupOptions {
  /** Clock in epoch milliseconds: a claim replaces a row that expired by then. */
  now: () => number;
  /**
   * Statements in flight at once (each on its own pooled connection). Default 1: in
   * bench/store_commit.ts more of them cost 2–4 times the statements for no steady gain in
   * calls per second.
   */
  parallel?: number;
  /** Called once per statement sent (benches and tests count them). */
  onStatement?: () => void;
}

/** Writes per statement: keeps one statement's JSON parameter and lock set modest. */
const MAX_WRITES = 500;

interface Pending {
  write: PgWrite;
  resolve: (ok: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Creates a group committer writing to the `kv` table through `sql`.
 *
 * @example
 * ```ts
 * // const commit = pgGroupCommitter(sql, { now: Date.now });
 * // await commit({ op: "claim", key: encodeKey(["inbox", "t1"]), parts: '["inbox","t1"]',
 * //   value: '{"n":1}', expiresAt: null }); // true: this call wrote it
 * ```
 */
export function pgGroupCommitter(sql: postgres.Sql, options: PgGroupOptions): PgGroupCommit {
  const parallel = options.parallel ?? 1;
  const queue: Pending[] = [];
  /** Keys of the statements in flight: a later write of one of them waits for its end. */
  const busy = new Set<string>();
  let running = 0;

  /** Sends one statement; resolves to the keys of the claims that won. */
  const send = async (writes: PgWrite[]): Promise<Set<string>> => {
    options.onStatement?.();
    // Sorted by key so that two instances' batches lock rows in the same order.
    const doc = JSON.stringify(
      writes.map((w) => ({
        op: w.op,
        key: w.key,
        parts: w.parts,
        value: w.value,
        expires_at: w.expiresAt,
      })).sort((a, b) => a.key < b.key ? -1 : 1),
    );
    const rows = await sql<{ key: string }[]>`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset((${doc}::text)::jsonb)
          AS t(op text, key text, parts text, value text, expires_at bigint)
      ),
      removed AS (
        DELETE FROM kv USING input
         WHERE input.op = 'delete' AND kv.key = input.key COLLATE "C"
      ),
      written AS (
        INSERT INTO kv (key, parts, value, expires_at)
        SELECT key, parts::jsonb, value::jsonb, expires_at FROM input WHERE op = 'set'
        ON CONFLICT (key) DO UPDATE
          SET value = excluded.value, expires_at = excluded.expires_at
      ),
      claimed AS (
        INSERT INTO kv (key, parts, value, expires_at)
        SELECT key, parts::jsonb, value::jsonb, expires_at FROM input WHERE op = 'claim'
        ON CONFLICT (key) DO UPDATE
          SET value = excluded.value, expires_at = excluded.expires_at
          WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ${options.now()}
        RETURNING kv.key
      )
      SELECT key FROM claimed`;
    return new Set(rows.map((r) => r.key));
  };

  const settle = (item: Pending, won: Set<string>) =>
    item.resolve(item.write.op !== "claim" || won.has(item.write.key));

  const alone = async (item: Pending) => {
    try {
      settle(item, await send([item.write]));
    } catch (error) {
      item.reject(error);
    }
  };

  const commitBatch = async (batch: Pending[]) => {
    if (batch.length === 1) return await alone(batch[0]);
    let won: Set<string>;
    try {
      won = await send(batch.map((item) => item.write));
    } catch {
      // Refused as a whole: each write alone says what it is.
      return void await Promise.all(batch.map(alone));
    }
    batch.forEach((item) => settle(item, won));
  };

  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    // Keys taken, in flight or left behind in the queue: a later write of one of them waits.
    const keys = new Set(busy);
    for (let i = 0; i < queue.length && batch.length < MAX_WRITES;) {
      const key = queue[i].write.key;
      const free = !keys.has(key);
      keys.add(key);
      if (free) batch.push(...queue.splice(i, 1));
      else i++;
    }
    return batch;
  };

  const pump = () => {
    while (running < parallel && queue.length) {
      const batch = takeBatch();
      if (!batch.length) return;
      running++;
      batch.forEach((item) => busy.add(item.write.key));
      void commitBatch(batch).finally(() => {
        running--;
        batch.forEach((item) => busy.delete(item.write.key));
        pump();
      });
    }
  };

  return (write) =>
    new Promise<boolean>((resolve, reject) => {
      queue.push({ write, resolve, reject });
      pump();
    });
}
