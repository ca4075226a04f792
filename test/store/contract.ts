/**
 * The Store contract: every backend runs these same checks (Deno KV now, PostgreSQL later).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Store } from "../../src/store/port.ts";

/**
 * Registers the contract tests for a backend.
 *
 * @example
 * ```ts
 * // storeContract("kv", () => openKvStore(":memory:"));
 * ```
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  const withStore = (title: string, fn: (s: Store) => Promise<void>) =>
    Deno.test(`store contract (${name}): ${title}`, async () => {
      const store = await open();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });

  withStore("get returns what set wrote, null when absent", async (s) => {
    assert.equal(await s.get(["missing"]), null);
    await s.set(["a", 1], { n: 1, list: ["x"] });
    assert.deepEqual(await s.get(["a", 1]), { n: 1, list: ["x"] });
    await s.set(["a", 1], { n: 2 });
    assert.deepEqual(await s.get(["a", 1]), { n: 2 });
  });

  withStore("setIfAbsent writes once and reports who wrote", async (s) => {
    assert.equal(await s.setIfAbsent(["dedupe", "x"], "first"), true);
    assert.equal(await s.setIfAbsent(["dedupe", "x"], "second"), false);
    assert.equal(await s.get(["dedupe", "x"]), "first");
  });

  withStore("setIfAbsent is atomic under concurrency", async (s) => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => s.setIfAbsent(["race"], i)),
    );
    assert.equal(results.filter(Boolean).length, 1);
  });

  withStore(
    "50 concurrent setIfAbsent of one key: exactly one wins, its value stays",
    async (s) => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => s.setIfAbsent(["inbox", "same"], { i })),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.deepEqual(await s.get(["inbox", "same"]), { i: results.indexOf(true) });
    },
  );

  withStore("300 concurrent writes of distinct keys are all readable after", async (s) => {
    await Promise.all(
      Array.from(
        { length: 300 },
        (_, i) =>
          i % 2
            ? s.set(["w", i], { i }, { ttlMs: 60_000 })
            : s.setIfAbsent(["w", i], { i }).then((won) => assert.ok(won, `claim ${i}`)),
      ),
    );
    const listed = await s.list<{ i: number }>(["w"]);
    assert.equal(listed.length, 300);
    assert.deepEqual(new Set(listed.map((e) => e.value.i)), new Set(listed.map((e) => e.key[1])));
  });

  withStore("set then delete of one key, issued together, ends deleted", async (s) => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [s.set(["sd", i], i), s.delete(["sd", i])]).flat(),
    );
    assert.deepEqual(await s.list(["sd"]), []);
    await Promise.all([s.delete(["ds"]), s.set(["ds"], "last")]);
    assert.equal(await s.get(["ds"]), "last");
  });

  withStore("a write whose check fails does not stop the others", async (s) => {
    await s.set(["claim", 3], "earlier");
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => s.setIfAbsent(["claim", i], `new ${i}`)),
      ...Array.from({ length: 10 }, (_, i) => s.set(["plain", i], i)),
    ]);
    assert.deepEqual(results.slice(0, 10), Array.from({ length: 10 }, (_, i) => i !== 3));
    assert.equal(await s.get(["claim", 3]), "earlier");
    assert.equal(await s.get(["claim", 4]), "new 4");
    assert.equal((await s.list(["plain"])).length, 10);
  });

  withStore("delete removes, list returns a prefix in key order with a limit", async (s) => {
    await s.set(["p", "b"], 2);
    await s.set(["p", "a"], 1);
    await s.set(["p", "c"], 3);
    await s.set(["q", "a"], 9);
    await s.delete(["p", "c"]);
    const all = await s.list<number>(["p"]);
    assert.deepEqual(all.map((e) => [e.key, e.value]), [[["p", "a"], 1], [["p", "b"], 2]]);
    assert.equal((await s.list(["p"], { limit: 1 })).length, 1);
  });

  withStore("entries with a ttl expire", async (s) => {
    await s.set(["ttl"], "soon gone", { ttlMs: 1 });
    await s.set(["keep"], "stays");
    // Backends may expire lazily; wait a little beyond the ttl and poll briefly.
    let value: unknown = "soon gone";
    for (let i = 0; i < 50 && value !== null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      value = await s.get(["ttl"]);
    }
    assert.equal(value, null);
    assert.equal(await s.get(["keep"]), "stays");
  });

  withStore("queue delivers every message at least once, delayed ones later", async (s) => {
    const got: unknown[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const listening = s.listenQueue((m) => {
      got.push(m);
      if (got.length === 3) done();
      return Promise.resolve();
    });
    const started = Date.now();
    await s.enqueue({ n: 1 });
    await s.enqueue({ n: 3 }, { delayMs: 150 });
    await s.enqueue({ n: 2 });
    await all;
    assert.deepEqual(got.at(-1), { n: 3 });
    assert.deepEqual(
      new Set(got.map((m) => JSON.stringify(m))),
      new Set(['{"n":1}', '{"n":2}', '{"n":3}']),
    );
    assert.ok(Date.now() - started >= 140, "the delayed message waited");
    await s.close();
    await listening;
  });

  withStore("large values (a report with many findings) round-trip intact", async (s) => {
    const big = {
      title: "Analyze ü",
      findings: Array.from({ length: 3000 }, (_, i) => ({ line: i, message: `finding ${i} → ✓` })),
    };
    assert.ok(JSON.stringify(big).length > 100_000);
    await s.set(["big", "a"], big, { ttlMs: 60_000 });
    assert.deepEqual(await s.get(["big", "a"]), big);
    assert.equal(await s.setIfAbsent(["big", "b"], big), true);
    assert.deepEqual(await s.get(["big", "b"]), big);
    const listed = await s.list<typeof big>(["big"]);
    assert.deepEqual(listed.map((e) => e.value.findings.length), [3000, 3000]);
    await s.set(["big", "a"], { small: true });
    assert.deepEqual(await s.get(["big", "a"]), { small: true });
    await s.delete(["big", "b"]);
    assert.equal(await s.get(["big", "b"]), null);
  });

  withStore("ping succeeds on an open store", async (s) => {
    await s.ping();
    assert.equal(await s.get(["still-works"]), null);
  });
}
