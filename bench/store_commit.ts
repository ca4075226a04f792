/**
 * Group commit of small store writes (issue 20): throughput and commits per 1,000 writes.
 *
 * Deno KV (a FILE, not :memory:): C concurrent writers each run "commands" of three writes, as
 * the ack path does (claim the inbox record, write the report, mark the record finished), for
 * each batching window; "one commit per write" is the old `set`/`delete` path for comparison.
 * PostgreSQL (`TEST_DATABASE_URL`, default the local `test` database, a throw-away schema):
 * C concurrent `setIfAbsent` callers, one statement per call (the old code) against the grouped
 * store with 1, 2 or 4 statements in flight.
 *
 * Each cell is the median of three runs. Run: `npx -y deno@2.9.6 run -A bench/store_commit.ts`
 *
 * @module
 */
import postgres from "postgres";
import { kvStore } from "../src/store/kv.ts";
import { openPostgresStore } from "../src/store/postgres.ts";
import { encodeKey } from "../src/store/postgres_keys.ts";
import { migrate } from "../src/store/postgres_migrations.ts";
import type { Store } from "../src/store/port.ts";

const COMMANDS = 3_000;
const CLAIMS = 6_000;
const WRITERS = [50, 300];
const REPEAT = 3;
const PG_URL = Deno.env.get("TEST_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/test";

interface Row {
  store: string;
  mode: string;
  writers: number;
  perSecond: number;
  txPer1000: number;
}

/** Runs `total` jobs on `writers` concurrent loops; returns the elapsed milliseconds. */
async function drive(writers: number, total: number, job: (i: number) => Promise<void>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, async () => {
    while (next < total) await job(next++);
  }));
  return performance.now() - started;
}

/** One acknowledged command's writes. */
async function command(store: Store, run: string, i: number) {
  const id = `${run}-${i}`;
  await store.setIfAbsent(["inbox", id], { state: "accepted" }, { ttlMs: 3_600_000 });
  await store.set(["report", id], { findings: [], ok: true }, { ttlMs: 3_600_000 });
  await store.set(["inbox", id], { state: "done" }, { ttlMs: 3_600_000 });
}

async function kvRows(dir: string, round: number): Promise<Row[]> {
  const rows: Row[] = [];
  const modes: Array<{ mode: string; windowMs?: number; direct?: boolean }> = [
    { mode: "one commit per write (old set)", direct: true },
    ...[0, 0.5, 1, 2].map((windowMs) => ({ mode: `grouped, window ${windowMs} ms`, windowMs })),
  ];
  // Each round starts with another mode, so that no mode always runs right after the slow one.
  const order = modes.map((_, i) => modes[(i + round) % modes.length]);
  for (const writers of WRITERS) {
    for (const m of order) {
      const kv = await Deno.openKv(`${dir}/${round}-${writers}-${m.windowMs ?? "direct"}.kv`);
      let commits = 0;
      const atomic = () => {
        const op = kv.atomic();
        const commit = op.commit.bind(op);
        op.commit = () => (commits++, commit());
        return op;
      };
      const store = kvStore(kv, { group: { windowMs: m.windowMs, atomic } });
      // The old path: each set its own atomic operation (its setIfAbsent was grouped already).
      const direct: Store = {
        ...store,
        set: async (key, value, o) => {
          await atomic().set(key as Deno.KvKey, { v: value }, { expireIn: o?.ttlMs }).commit();
        },
      };
      const ms = await drive(writers, COMMANDS, (i) => command(m.direct ? direct : store, "kv", i));
      rows[WRITERS.indexOf(writers) * modes.length + modes.indexOf(m)] = {
        store: "deno kv (file)",
        mode: m.mode,
        writers,
        perSecond: COMMANDS * 3 / ms * 1000,
        txPer1000: commits / (COMMANDS * 3) * 1000,
      };
      await store.close();
    }
  }
  return rows;
}

async function pgRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const run = crypto.randomUUID().slice(0, 8);
  const schemas: string[] = [];
  const admin = postgres(PG_URL, { max: 10, onnotice: () => {} });
  try {
    for (const writers of WRITERS) {
      const schema = `bench_${run}_${schemas.length}`;
      schemas.push(schema);
      const old = postgres(PG_URL, {
        max: 10,
        onnotice: () => {},
        connection: { search_path: schema },
      });
      // Unqualified table names: migrate on a connection whose search_path is the schema.
      await migrate(old, schema);
      const ms = await drive(writers, CLAIMS, async (i) => {
        await old`
          INSERT INTO kv (key, parts, value, expires_at)
          VALUES (${encodeKey(["inbox", i])}, (${JSON.stringify(["inbox", i])}::text)::jsonb,
                  (${JSON.stringify({ i })}::text)::jsonb, ${Date.now() + 3_600_000})
          ON CONFLICT (key) DO UPDATE
            SET value = excluded.value, expires_at = excluded.expires_at
            WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ${Date.now()}
          RETURNING 1`;
      });
      await old.end();
      rows.push({
        store: "postgres",
        mode: "one statement per call (old)",
        writers,
        perSecond: CLAIMS / ms * 1000,
        txPer1000: 1000,
      });
      for (const parallel of [1, 2, 4]) {
        const schema = `bench_${run}_${schemas.length}`;
        schemas.push(schema);
        let statements = 0;
        const store = await openPostgresStore(PG_URL, {
          schema,
          group: { parallel, onStatement: () => statements++ },
        });
        const ms = await drive(writers, CLAIMS, async (i) => {
          await store.setIfAbsent(["inbox", i], { i }, { ttlMs: 3_600_000 });
        });
        await store.close();
        rows.push({
          store: "postgres",
          mode: `grouped, ${parallel} in flight`,
          writers,
          perSecond: CLAIMS / ms * 1000,
          txPer1000: statements / CLAIMS * 1000,
        });
      }
    }
  } finally {
    for (const schema of schemas) await admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`;
    await admin.end();
  }
  return rows;
}

const dir = await Deno.makeTempDir({ prefix: "store_commit_" });
try {
  // The machine is shared and noisy: each cell is the median of a few runs.
  const runs: Row[][] = [];
  for (let i = 0; i < REPEAT; i++) runs.push([...await kvRows(dir, i), ...await pgRows()]);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = runs[0].map((row, at) => ({
    ...row,
    perSecond: median(runs.map((r) => r[at].perSecond)),
    txPer1000: median(runs.map((r) => r[at].txPer1000)),
  }));
  console.log(
    "store            | mode                            | writers | writes/s | tx per 1000",
  );
  console.log(
    "-----------------|---------------------------------|---------|----------|------------",
  );
  for (const r of rows) {
    console.log(
      `${r.store.padEnd(16)} | ${r.mode.padEnd(31)} | ${String(r.writers).padStart(7)} | ${
        Math.round(r.perSecond).toString().padStart(8)
      } | ${r.txPer1000.toFixed(1).padStart(10)}`,
    );
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
