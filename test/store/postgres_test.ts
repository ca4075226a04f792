/**
 * The PostgreSQL store against the machine's PostgreSQL (`TEST_DATABASE_URL`, default the local
 * `test` database; `.ci/run` starts the server). Every store gets a fresh schema, dropped at the
 * end.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { boot } from "../../src/boot.ts";
import { CiError } from "../../src/errors.ts";
import { encodeKey } from "../../src/store/postgres_keys.ts";
import { migrate } from "../../src/store/postgres_migrations.ts";
import { openPostgresStore, type PostgresStoreOptions } from "../../src/store/postgres.ts";
import { storeContract } from "./contract.ts";

const URL_ = Deno.env.get("TEST_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/test";
const run = crypto.randomUUID().slice(0, 8);
const schemas: string[] = [];
const freshSchema = () => {
  const name = `t_${run}_${schemas.length}`;
  schemas.push(name);
  return name;
};
const open = (options: PostgresStoreOptions = {}) =>
  openPostgresStore(URL_, { schema: freshSchema(), pollMs: 50, closeGraceMs: 200, ...options });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

storeContract("postgres", () => open());

Deno.test("postgres store: keys list in Deno KV's order (numbers by value, strings first)", async () => {
  const s = await open();
  try {
    for (const part of [10, 2, -1.5, "b", "a\x01", "a", 0]) await s.set(["k", part], part);
    await s.set(["k"], "the prefix itself is not listed");
    await s.set(["k2", 1], "another prefix");
    const keys = (await s.list(["k"])).map((e) => e.key[1]);
    assert.deepEqual(keys, ["a", "a\x01", "b", -1.5, 0, 2, 10]);
    assert.ok(encodeKey(["a", "x"]) < encodeKey(["a", 1]), "strings before numbers");
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: setIfAbsent replaces an expired entry, ttl rows are filtered", async () => {
  let clock = 1_000_000;
  const s = await open({ now: () => clock });
  try {
    assert.equal(await s.setIfAbsent(["lease"], "a", { ttlMs: 100 }), true);
    assert.equal(await s.setIfAbsent(["lease"], "b", { ttlMs: 100 }), false);
    clock += 101;
    assert.equal(await s.get(["lease"]), null);
    assert.deepEqual(await s.list(["lease"]), []);
    assert.equal(await s.setIfAbsent(["lease"], "c"), true);
    assert.equal(await s.get(["lease"]), "c");
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: concurrent writes share statements", async () => {
  let statements = 0;
  const s = await open({ group: { onStatement: () => statements++ } });
  try {
    const claims = await Promise.all(
      Array.from({ length: 300 }, (_, i) => s.setIfAbsent(["inbox", i % 150], { i })),
    );
    assert.equal(claims.filter(Boolean).length, 150);
    assert.ok(statements < 20, `300 claims took ${statements} statements`);
    const before = statements;
    await Promise.all(Array.from({ length: 300 }, (_, i) => s.set(["report", i], i)));
    await Promise.all(Array.from({ length: 150 }, (_, i) => s.delete(["inbox", i])));
    assert.ok(statements - before < 20, `450 writes took ${statements - before} statements`);
    assert.equal((await s.list(["report"])).length, 300);
    assert.deepEqual(await s.list(["inbox"]), []);
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: a grouped claim replaces only expired rows", async () => {
  let clock = 1_000_000;
  const s = await open({ now: () => clock });
  try {
    await s.set(["lease", "old"], "expired", { ttlMs: 10 });
    await s.set(["lease", "live"], "live", { ttlMs: 10_000 });
    clock += 11;
    const won = await Promise.all([
      s.setIfAbsent(["lease", "old"], "new"),
      s.setIfAbsent(["lease", "live"], "new"),
      s.setIfAbsent(["lease", "none"], "new"),
    ]);
    assert.deepEqual(won, [true, false, true]);
    assert.equal(await s.get(["lease", "old"]), "new");
    assert.equal(await s.get(["lease", "live"]), "live");
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: a value PostgreSQL refuses fails only its own write", async () => {
  const s = await open();
  try {
    const results = await Promise.allSettled([
      s.set(["ok", 1], 1),
      s.set(["bad"], "nul \u0000 is not allowed in jsonb"),
      s.setIfAbsent(["ok", 2], 2),
    ]);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled"]);
    assert.equal(await s.get(["ok", 2]), 2);
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: two stores on one schema consume 200 messages exactly once", async () => {
  const schema = freshSchema();
  const a = await openPostgresStore(URL_, { schema, pollMs: 20 });
  const b = await openPostgresStore(URL_, { schema, pollMs: 20 });
  try {
    const seen = new Map<number, string[]>();
    let total = 0;
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const consume = (who: string) => async (m: unknown) => {
      const n = (m as { n: number }).n;
      await sleep(Math.random() * 5);
      seen.set(n, [...(seen.get(n) ?? []), who]);
      if (++total === 200) done();
    };
    const listening = [a.listenQueue(consume("a")), b.listenQueue(consume("b"))];
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => (n % 2 ? a : b).enqueue({ n })),
    );
    await all;
    await sleep(300); // room for a duplicate to show up
    assert.equal(total, 200);
    assert.equal(seen.size, 200);
    assert.ok([...seen.values()].every((who) => who.length === 1), "each message exactly once");
    const byA = [...seen.values()].filter((w) => w[0] === "a").length;
    assert.ok(byA > 0 && byA < 200, `both consumed (a took ${byA})`);
    await a.close();
    await b.close();
    await Promise.all(listening);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("postgres store: a failing message is retried with backoff, then dead-lettered", async () => {
  const s = await open({ maxAttempts: 3, backoffMs: [30, 60] });
  try {
    const tries: number[] = [];
    const listening = s.listenQueue(async (m) => {
      if ((m as { ok?: boolean }).ok) return;
      tries.push(Date.now());
      await Promise.resolve();
      throw new Error("handler says no");
    });
    await s.enqueue({ poison: true });
    await s.enqueue({ ok: true });
    for (let i = 0; i < 100 && (await s.deadLetters()).length === 0; i++) await sleep(20);
    const dead = await s.deadLetters();
    assert.equal(dead.length, 1);
    assert.deepEqual(dead[0].message, { poison: true });
    assert.equal(dead[0].attempts, 3);
    assert.equal(dead[0].error, "handler says no");
    assert.ok(Number.isFinite(Date.parse(dead[0].at)));
    assert.equal(tries.length, 3);
    assert.ok(tries[1] - tries[0] >= 25, "first retry waited its backoff");
    assert.ok(tries[2] - tries[1] >= 55, "second retry waited longer");
    await sleep(100);
    assert.equal(tries.length, 3, "a dead letter is not delivered again");
    await s.close();
    await listening;
  } finally {
    await s.close();
  }
});

Deno.test("postgres store: a lapsed lease (consumer gone) is redelivered to the other", async () => {
  const schema = freshSchema();
  const options = { schema, pollMs: 20, visibilityTimeoutMs: 400, closeGraceMs: 50 };
  const a = await openPostgresStore(URL_, options);
  const b = await openPostgresStore(URL_, options);
  try {
    let started!: () => void;
    const aStarted = new Promise<void>((r) => (started = r));
    // A's handler hangs for good, as in a process that froze or was killed mid-message.
    const aListening = a.listenQueue(() => {
      started();
      return new Promise<void>(() => {});
    });
    await a.enqueue({ job: 1 });
    await aStarted;
    // While A is alive its lease is renewed: B, listening now, does not get the message.
    const got: unknown[] = [];
    const bListening = b.listenQueue((m) => {
      got.push(m);
      return Promise.resolve();
    });
    await sleep(1_000);
    assert.deepEqual(got, [], "a live consumer keeps its lease past the visibility timeout");
    const t0 = Date.now();
    await a.close(); // A stops renewing without finishing: its lease lapses.
    for (let i = 0; i < 150 && got.length === 0; i++) await sleep(20);
    assert.deepEqual(got, [{ job: 1 }]);
    const waited = Date.now() - t0;
    assert.ok(waited >= 250 && waited < 2_000, `redelivered once the lease lapsed (${waited} ms)`);
    await b.close();
    await Promise.all([aListening, bListening]);
  } finally {
    await a.close();
    await b.close();
  }
});

Deno.test("postgres store: migrations apply once when two instances start together", async () => {
  const schema = freshSchema();
  const sql = postgres(URL_, { onnotice: () => {}, connection: { search_path: schema } });
  try {
    const results = await Promise.all([migrate(sql, schema), migrate(sql, schema)]);
    assert.deepEqual(results.map((r) => r.length).sort(), [0, 1]);
    const rows = await sql`SELECT version FROM ${sql(schema)}.migrations`;
    assert.deepEqual(rows.map((r) => r.version), [1]);
  } finally {
    await sql.end();
  }
});

Deno.test("postgres store: an unreachable database is a config error naming the host", async () => {
  const started = Date.now();
  await assert.rejects(
    openPostgresStore("postgres://ci:s3cret-pw@127.0.0.1:1/ci", { connectTimeoutS: 2 }),
    (e) =>
      e instanceof CiError && e.code === "config" && /127\.0\.0\.1:1\/ci/.test(e.message) &&
      !/s3cret-pw/.test(e.message) && /DATABASE_URL/.test(e.hint ?? ""),
  );
  assert.ok(Date.now() - started < 5_000, "fails fast, never hangs");
});

Deno.test("postgres store: boot with DATABASE_URL shares state through the database", async () => {
  const schema = freshSchema();
  const url = new URL(URL_);
  url.searchParams.set("schema", schema);
  const service = await boot({ DATABASE_URL: url.href, LOG_LEVEL: "error" });
  const other = await openPostgresStore(URL_, { schema });
  try {
    const store = service.config.surfaces.find((s) => s.name === "store");
    assert.match(
      store?.reason ?? "",
      new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:5432/test \\(schema ${schema}\\)`),
    );
    await service.deps.store.set(["shared"], { by: "service" });
    assert.deepEqual(await other.get(["shared"]), { by: "service" });
    assert.equal((await service.app.request("/readyz")).status, 200);
  } finally {
    await service.close();
    await other.close();
  }
});

Deno.test("postgres store: boot refuses an unreachable DATABASE_URL with a config error", async () => {
  await assert.rejects(
    boot({ DATABASE_URL: "postgres://ci:pw@127.0.0.1:1/ci", LOG_LEVEL: "error" }),
    (e) => e instanceof CiError && e.code === "config" && /127\.0\.0\.1:1/.test(e.message),
  );
});

Deno.test("postgres store: drop the test schemas", async () => {
  const sql = postgres(URL_, { onnotice: () => {} });
  try {
    for (const schema of schemas) await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
  } finally {
    await sql.end();
  }
});
