/**
 * The scale-out Store on PostgreSQL (`DATABASE_URL`): several instances share one database.
 * Key-value entries live in `kv` (values JSONB with their expiry, filtered on read and purged
 * lazily); the job queue in `queue` (see `postgres_queue.ts`). Migrations run at open.
 *
 * Differences from Deno KV worth knowing: values go through JSON (a `Date` comes back as its
 * string); keys order as in Deno KV (strings before numbers, numbers by value).
 *
 * @module
 */
import postgres from "postgres";
import { CiError } from "../errors.ts";
import type { Key, SetOptions, Store } from "./port.ts";
import { encodeKey, prefixRange } from "./postgres_keys.ts";
import { describeDatabaseUrl } from "./postgres_url.ts";
import { migrate } from "./postgres_migrations.ts";
import { type DeadLetter, pgQueue } from "./postgres_queue.ts";
import { pgGroupCommitter, type PgGroupOptions } from "./postgres_group.ts";

export type { DeadLetter } from "./postgres_queue.ts";

/** Options of {@linkcode openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Schema holding the tables (created if absent). Default: the URL's `schema` parameter, else `public`. */
  schema?: string;
  /** Clock in epoch milliseconds (tests move it). */
  now?: () => number;
  /** Idle polling of the queue; NOTIFY wakes consumers sooner. Default 1000. */
  pollMs?: number;
  /** Lease of a claimed queue message, renewed while its handler runs. Default 15 000. */
  visibilityTimeoutMs?: number;
  /** Deliveries of a failing message before it is dead-lettered. Default 4 (as Deno KV: 1 + 3 retries). */
  maxAttempts?: number;
  /** Delay before each retry. Default 1 s, 5 s, 30 s (Deno KV's schedule in `kv.ts`). */
  backoffMs?: readonly number[];
  /** Queue handlers running at once per instance. Default 10. */
  concurrency?: number;
  /** How long `close()` waits for running handlers. Default 5000. */
  closeGraceMs?: number;
  /** Seconds to wait for a connection before giving up. Default 10. */
  connectTimeoutS?: number;
  /** Batching of small writes (see postgres_group.ts). */
  group?: Omit<PgGroupOptions, "now">;
}

/** The PostgreSQL store: the port plus what only a shared queue has. */
export interface PostgresStore extends Store {
  /** Messages given up on after their last attempt, newest first. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the store: connects, applies migrations, and returns it. Throws `CiError("config")`
 * naming the host (never the password) when the database cannot be reached within the connect
 * timeout.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore("postgres://postgres@127.0.0.1:5432/test?schema=demo");
 * await store.set(["greeting"], "hi", { ttlMs: 60_000 });
 * await store.get<string>(["greeting"]); // "hi"
 * await store.close();
 * ```
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new CiError("config", "DATABASE_URL is not a valid URL", {
      hint: "Use postgres://user:password@host:5432/database (optionally ?schema=name).",
      cause,
    });
  }
  const schema = options.schema ?? parsed.searchParams.get("schema") ?? "public";
  if (!SCHEMA_NAME.test(schema)) {
    throw new CiError("config", `Cannot use '${schema}' as the PostgreSQL schema`, {
      hint: "Use lower-case letters, digits and underscores, starting with a letter.",
    });
  }
  parsed.searchParams.delete("schema");
  const where = describeDatabaseUrl(url).replace(/\(schema [^)]*\)/, `(schema ${schema})`);
  const sql = postgres(parsed.href, {
    max: 10,
    connect_timeout: options.connectTimeoutS ?? 10,
    onnotice: () => {},
    connection: { search_path: schema, application_name: "ci-orchestrator" },
  });
  try {
    await migrate(sql, schema);
  } catch (cause) {
    await sql.end({ timeout: 0 }).catch(() => {});
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CiError("config", `Cannot open the PostgreSQL store at ${where}: ${reason}`, {
      hint:
        "Check that PostgreSQL is running and reachable from here, and that DATABASE_URL has the right host, port, database, user and password; unset DATABASE_URL to use the embedded Deno KV store.",
      cause,
    });
  }
  return postgresStore(sql, schema, options);
}

function postgresStore(
  sql: postgres.Sql,
  schema: string,
  options: PostgresStoreOptions,
): PostgresStore {
  const now = options.now ?? Date.now;
  const queue = pgQueue(sql, `ci_orchestrator_queue_${schema}`, {
    now,
    pollMs: options.pollMs ?? 1_000,
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? 15_000,
    maxAttempts: options.maxAttempts ?? 4,
    backoffMs: options.backoffMs ?? [1_000, 5_000, 30_000],
    concurrency: options.concurrency ?? 10,
    closeGraceMs: options.closeGraceMs ?? 5_000,
  });
  let closed = false;
  let closing: Promise<void> | undefined;
  let lastPurge = 0;
  const PURGE_EVERY_MS = 60_000;

  /** Same error as a closed Deno KV, which the runner and router treat as "shutting down". */
  const open = () => {
    if (closed) throw new Deno.errors.BadResource("The PostgreSQL store is closed");
  };
  const expiry = (o?: SetOptions) => (o?.ttlMs ? now() + o.ttlMs : null);
  const json = (value: unknown) => JSON.stringify(value ?? null);
  const live = () => sql`(expires_at IS NULL OR expires_at > ${now()})`;
  // set, setIfAbsent and delete share statements with the calls made at the same time.
  const grouped = pgGroupCommitter(sql, { ...options.group, now });
  const write = (op: "set" | "claim", key: Key, value: unknown, o?: SetOptions) =>
    grouped({
      op,
      key: encodeKey(key),
      parts: json(key),
      value: json(value),
      expiresAt: expiry(o),
    });
  const purge = () => {
    if (now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now();
    sql`DELETE FROM kv WHERE expires_at <= ${now()}`.catch(() => {});
  };

  return {
    async get<T>(key: Key) {
      open();
      const rows = await sql<{ value: T }[]>`
        SELECT value FROM kv WHERE key = ${encodeKey(key)} AND ${live()}`;
      return rows.length ? rows[0].value : null;
    },
    async set(key, value, o) {
      open();
      await write("set", key, value, o);
      purge();
    },
    async setIfAbsent(key, value, o) {
      open();
      // Concurrent callers serialise on the row; only an expired entry is replaced.
      return await write("claim", key, value, o);
    },
    async delete(key) {
      open();
      await grouped({ op: "delete", key: encodeKey(key), parts: "", value: "", expiresAt: null });
    },
    async list<T>(prefix: Key, o: { limit?: number } = {}) {
      open();
      const { after, before } = prefixRange(prefix);
      const rows = await sql<{ parts: Key; value: T }[]>`
        SELECT parts, value FROM kv
         WHERE key > ${after} AND key < ${before} AND ${live()}
         ORDER BY key
         ${o.limit !== undefined ? sql`LIMIT ${o.limit}` : sql``}`;
      return rows.map((r) => ({ key: r.parts, value: r.value }));
    },
    async enqueue(message, o = {}) {
      open();
      await queue.enqueue(message, o.delayMs);
    },
    async listenQueue(handler) {
      open();
      await queue.listen(handler);
    },
    async deadLetters(limit) {
      open();
      return await queue.deadLetters(limit);
    },
    async ping() {
      open();
      await sql`SELECT 1`;
    },
    close() {
      closing ??= (async () => {
        // Handlers still running get the grace period with a working store, then BadResource.
        await queue.stop();
        closed = true;
        await sql.end({ timeout: 1 });
      })();
      return closing;
    },
  };
}
