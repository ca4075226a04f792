/**
 * The durable queue of the PostgreSQL store, shared by every instance on the database.
 *
 * A consumer claims ready messages with `FOR UPDATE SKIP LOCKED` and leases them
 * (`locked_until`), renewing the lease while the handler runs; a message whose consumer died is
 * redelivered once its lease lapses. A handler that throws gets the message again after a
 * back-off; after `maxAttempts` the message is dead-lettered and kept for `status`.
 *
 * @module
 */
import type { Sql } from "postgres";

/** A message that was given up on. */
export interface DeadLetter {
  message: unknown;
  attempts: number;
  error: string;
  /** When it was given up on (ISO 8601). */
  at: string;
}

/** Tuning of the queue. */
export interface QueueOptions {
  now: () => number;
  /** Polling interval when idle; enqueues on any instance wake consumers sooner. */
  pollMs: number;
  /** Lease of a claimed message; renewed every third of it while its handler runs. */
  visibilityTimeoutMs: number;
  /** Deliveries before a message is dead-lettered. */
  maxAttempts: number;
  /** Delay before the n-th retry (the last entry repeats). */
  backoffMs: readonly number[];
  /** Handlers running at once in this consumer. */
  concurrency: number;
  /** How long `close()` waits for running handlers before abandoning them to their lease. */
  closeGraceMs: number;
}

/** A queue over an open pool. */
export interface PgQueue {
  enqueue(message: unknown, delayMs?: number): Promise<void>;
  listen(handler: (message: unknown) => Promise<void>): Promise<void>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Stops claiming, waits (bounded) for running handlers, stops renewing leases. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  message: unknown;
  attempts: number;
}

/**
 * Builds the queue on `sql` (whose `search_path` is the store's schema). `channel` is the
 * LISTEN/NOTIFY channel that wakes consumers early.
 *
 * @example
 * ```ts
 * // const queue = pgQueue(sql, "ci_queue_public", { now: Date.now, pollMs: 1000, … });
 * // queue.listen(async (m) => console.log(m));
 * // await queue.enqueue({ hello: 1 });
 * ```
 */
export function pgQueue(sql: Sql, channel: string, options: QueueOptions): PgQueue {
  const { now } = options;
  const owner = crypto.randomUUID();
  const running = new Map<string, Promise<void>>();
  let stopped = false;
  // A wake-up that arrives while the loop is busy is remembered for its next sleep.
  let woken = false;
  let endSleep: (() => void) | undefined;
  const wake = () => {
    woken = true;
    endSleep?.();
  };
  const sleep = async (ms: number) => {
    if (!woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          endSleep = undefined;
          resolve();
        }
        endSleep = done;
      });
    }
    woken = false;
  };
  let renewTimer: ReturnType<typeof setInterval> | undefined;
  let loopDone: Promise<void> = Promise.resolve();

  const backoff = (attempts: number) =>
    options.backoffMs[Math.min(attempts - 1, options.backoffMs.length - 1)] ?? 1_000;

  const claim = (n: number) =>
    sql<Claimed[]>`
      UPDATE queue q
         SET locked_until = ${now() + options.visibilityTimeoutMs},
             locked_by = ${owner},
             attempts = q.attempts + 1
        FROM (SELECT id FROM queue
               WHERE NOT dead AND available_at <= ${now()}
                 AND (locked_until IS NULL OR locked_until <= ${now()})
               ORDER BY available_at, id
               LIMIT ${n}
               FOR UPDATE SKIP LOCKED) ready
       WHERE q.id = ready.id
   RETURNING q.id, q.message, q.attempts`;

  /** Milliseconds until the next message becomes ready, at most `pollMs`. */
  const idleMs = async () => {
    const [row] = await sql<{ next: string | null }[]>`
      SELECT min(greatest(available_at, coalesce(locked_until, 0)))::text AS next
        FROM queue WHERE NOT dead`;
    const next = row?.next === null || row?.next === undefined ? Infinity : Number(row.next);
    return Math.max(5, Math.min(options.pollMs, next - now()));
  };

  const settle = async (c: Claimed, error?: unknown) => {
    const mine = sql`id = ${c.id} AND locked_by = ${owner} AND attempts = ${c.attempts}`;
    if (error === undefined) {
      await sql`DELETE FROM queue WHERE ${mine}`;
      return;
    }
    const text = String(error instanceof Error ? error.message : error).slice(0, 2_000);
    if (c.attempts >= options.maxAttempts) {
      await sql`UPDATE queue SET dead = true, dead_at = ${now()}, last_error = ${text},
                  locked_until = NULL, locked_by = NULL WHERE ${mine}`;
    } else {
      await sql`UPDATE queue SET available_at = ${now() + backoff(c.attempts)},
                  last_error = ${text}, locked_until = NULL, locked_by = NULL WHERE ${mine}`;
    }
  };

  const deliver = async (c: Claimed, handler: (message: unknown) => Promise<void>) => {
    let failure: unknown;
    try {
      // A consumer died holding it `maxAttempts` times: do not hand it to a third victim.
      if (c.attempts > options.maxAttempts) {
        failure = new Error(`delivered ${c.attempts - 1} times without an answer (lease lapsed)`);
      } else {
        await handler(c.message);
      }
    } catch (error) {
      failure = error ?? new Error("handler threw");
    }
    if (stopped && failure !== undefined) return; // shutting down: the lease hands it on
    await settle(c, failure).catch(() => {});
  };

  const renew = async () => {
    if (running.size === 0) return;
    await sql`UPDATE queue SET locked_until = ${now() + options.visibilityTimeoutMs}
               WHERE locked_by = ${owner} AND id = ANY(${[...running.keys()]}::bigint[])`
      .catch(() => {});
  };

  const loop = async (handler: (message: unknown) => Promise<void>) => {
    while (!stopped) {
      let waitMs = options.pollMs;
      try {
        const free = options.concurrency - running.size;
        const claimed = free > 0 ? await claim(free) : [];
        for (const c of claimed) {
          const p = deliver(c, handler).finally(() => {
            running.delete(c.id);
            wake();
          });
          running.set(c.id, p);
        }
        if (free > 0 && claimed.length === free) continue;
        if (free > 0) waitMs = await idleMs();
      } catch {
        // Database unreachable for now: keep polling at the idle pace.
      }
      if (!stopped) await sleep(waitMs);
    }
  };

  return {
    async enqueue(message, delayMs = 0) {
      const at = now();
      await sql`INSERT INTO queue (message, available_at, created_at)
                VALUES ((${JSON.stringify(message ?? null)}::text)::jsonb,
                        ${at + Math.max(0, delayMs)}, ${at})`;
      if (delayMs <= 0) await sql.notify(channel, "").catch(() => {});
    },
    async listen(handler) {
      if (renewTimer !== undefined) throw new Error("listenQueue was already called");
      renewTimer = setInterval(renew, Math.max(10, options.visibilityTimeoutMs / 3));
      await sql.listen(channel, () => wake()).catch(() => {});
      loopDone = loop(handler);
      await loopDone;
    },
    async deadLetters(limit = 100) {
      const rows = await sql<
        { message: unknown; attempts: number; last_error: string | null; dead_at: string }[]
      >`SELECT message, attempts, last_error, dead_at FROM queue
         WHERE dead ORDER BY dead_at DESC, id DESC LIMIT ${limit}`;
      return rows.map((r) => ({
        message: r.message,
        attempts: r.attempts,
        error: r.last_error ?? "",
        at: new Date(Number(r.dead_at)).toISOString(),
      }));
    },
    async stop() {
      stopped = true;
      wake();
      await loopDone;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled(running.values()),
        new Promise((r) => (timer = setTimeout(r, options.closeGraceMs))),
      ]);
      clearTimeout(timer);
      clearInterval(renewTimer);
    },
  };
}
