/**
 * Schema migrations of the PostgreSQL store, applied at start-up. Versions only ever get added;
 * an applied version is never edited.
 *
 * @module
 */
import type { Sql } from "postgres";

/** One migration: a version and the statements that bring the schema to it. */
export interface Migration {
  version: number;
  statements: readonly string[];
}

/** Every migration, oldest first. Times are epoch milliseconds (the instances' clocks). */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: [
      // `key` is the order-preserving encoding (postgres_keys.ts): byte order is key order.
      `CREATE TABLE kv (
        key text COLLATE "C" PRIMARY KEY,
        parts jsonb NOT NULL,
        value jsonb NOT NULL,
        expires_at bigint
      )`,
      `CREATE INDEX kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL`,
      `CREATE TABLE queue (
        id bigserial PRIMARY KEY,
        message jsonb NOT NULL,
        available_at bigint NOT NULL,
        locked_until bigint,
        locked_by text,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        dead boolean NOT NULL DEFAULT false,
        dead_at bigint,
        created_at bigint NOT NULL
      )`,
      `CREATE INDEX queue_ready ON queue (available_at, id) WHERE NOT dead`,
      `CREATE INDEX queue_dead ON queue (dead_at) WHERE dead`,
    ],
  },
];

/**
 * Creates `schema` if needed and applies the missing migrations in one transaction. A
 * transaction-scoped advisory lock (keyed by the schema name) makes instances that start
 * together take turns: the second finds everything applied.
 *
 * @example
 * ```ts
 * // const applied = await migrate(sql, "public"); // [1] on a new database, [] afterwards
 * ```
 */
export async function migrate(
  sql: Sql,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${"ci-orchestrator:" + schema}))`;
    await tx`CREATE SCHEMA IF NOT EXISTS ${tx(schema)}`;
    await tx`CREATE TABLE IF NOT EXISTS ${tx(schema)}.migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM ${tx(schema)}.migrations`;
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await tx.unsafe(statement);
      await tx`INSERT INTO ${tx(schema)}.migrations (version) VALUES (${m.version})`;
      applied.push(m.version);
    }
    return applied;
  });
}
