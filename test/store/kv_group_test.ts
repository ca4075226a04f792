import assert from "node:assert/strict";
import { groupCommitter } from "../../src/store/kv_group.ts";
import { kvStore, openKvStore } from "../../src/store/kv.ts";

/** A KV whose commits are counted. */
async function countingKv() {
  const kv = await Deno.openKv(":memory:");
  const counted = {
    commits: 0,
    atomic() {
      const op = kv.atomic();
      const commit = op.commit.bind(op);
      op.commit = () => {
        counted.commits++;
        return commit();
      };
      return op;
    },
  };
  return { kv, counted };
}

Deno.test("kv group commit: concurrent writes share commits and all land", async () => {
  const { kv, counted } = await countingKv();
  const commit = groupCommitter(counted);
  const results = await Promise.all(
    Array.from(
      { length: 300 },
      (_, i) => commit({ key: ["inbox", "slack", `t${i}`], versionstamp: null, value: i, size: 8 }),
    ),
  );
  assert.ok(results.every(Boolean));
  assert.ok(counted.commits < 20, `300 writes took ${counted.commits} commits`);
  for (const i of [0, 150, 299]) {
    assert.equal((await kv.get(["inbox", "slack", `t${i}`])).value, i);
  }
  kv.close();
});

Deno.test("kv group commit: of writes racing for one key exactly one wins", async () => {
  const { kv, counted } = await countingKv();
  const commit = groupCommitter(counted);
  const results = await Promise.all(
    Array.from(
      { length: 50 },
      (_, i) =>
        commit({
          key: ["dedupe", i % 5 === 0 ? "same" : `k${i}`],
          versionstamp: null,
          value: i,
          size: 8,
        }),
    ),
  );
  // 10 writers of "same": one wins; the 40 other keys are all written.
  assert.equal(results.filter(Boolean).length, 41);
  kv.close();
});

Deno.test("store setIfAbsent: 200 concurrent claims of one delivery id run it once", async () => {
  const store = await openKvStore(":memory:");
  const claims = await Promise.all(
    Array.from(
      { length: 200 },
      (_, i) =>
        i % 4 === 0
          ? store.setIfAbsent(["inbox", "slack", "T1"], { n: i }, { ttlMs: 60_000 })
          : store.setIfAbsent(["inbox", "slack", `other-${i}`], { n: i }, { ttlMs: 60_000 }),
    ),
  );
  assert.equal(claims.filter((c, i) => c && i % 4 === 0).length, 1);
  assert.equal(claims.filter(Boolean).length, 151);
  await store.close();
});

Deno.test("kv group commit: sets and deletes share commits too", async () => {
  const { kv, counted } = await countingKv();
  const commit = groupCommitter(counted);
  await Promise.all(
    Array.from({ length: 300 }, (_, i) => commit({ key: ["r", i], value: i, size: 8 })),
  );
  const afterSets = counted.commits;
  await Promise.all(
    Array.from({ length: 300 }, (_, i) => commit({ key: ["r", i], delete: true, size: 0 })),
  );
  assert.ok(afterSets < 20, `300 sets took ${afterSets} commits`);
  assert.ok(counted.commits - afterSets < 20, `300 deletes took ${counted.commits - afterSets}`);
  assert.equal((await kv.get(["r", 7])).value, null);
  kv.close();
});

Deno.test("kv group commit: writes of one key commit in call order, never together", async () => {
  const { kv, counted } = await countingKv();
  const commit = groupCommitter(counted);
  const done = await Promise.all([
    commit({ key: ["k"], value: "first", size: 8 }),
    commit({ key: ["k"], delete: true, size: 0 }),
    commit({ key: ["j"], value: "big", also: [{ type: "set", key: ["j", 0], value: 1 }], size: 9 }),
    commit({ key: ["j"], value: "small", size: 8 }),
  ]);
  assert.deepEqual(done, [true, true, true, true]);
  assert.equal((await kv.get(["k"])).value, null);
  assert.equal((await kv.get(["j"])).value, "small");
  kv.close();
});

Deno.test("kv group commit: a failing check fails only its own write", async () => {
  const { kv, counted } = await countingKv();
  await kv.set(["taken"], "earlier");
  const commit = groupCommitter(counted);
  const results = await Promise.all([
    commit({ key: ["taken"], versionstamp: null, value: "late", size: 8 }),
    ...Array.from({ length: 20 }, (_, i) => commit({ key: ["free", i], value: i, size: 8 })),
    ...Array.from(
      { length: 20 },
      (_, i) => commit({ key: ["claim", i], versionstamp: null, value: i, size: 8 }),
    ),
  ]);
  assert.deepEqual(results, [false, ...Array(40).fill(true)]);
  assert.equal((await kv.get(["taken"])).value, "earlier");
  assert.equal((await kv.get(["free", 19])).value, 19);
  assert.equal((await kv.get(["claim", 19])).value, 19);
  kv.close();
});

Deno.test("kv group commit: a window holds the first write until others join", async () => {
  const { kv, counted } = await countingKv();
  const commit = groupCommitter(counted, { windowMs: 5 });
  const first = commit({ key: ["w", 0], value: 0, size: 8 });
  await new Promise((r) => setTimeout(r, 1));
  await Promise.all([first, commit({ key: ["w", 1], value: 1, size: 8 })]);
  assert.equal(counted.commits, 1);
  assert.equal((await kv.get(["w", 1])).value, 1);
  kv.close();
});

/** A KV store whose commits are counted. */
async function countingStore() {
  const { kv, counted } = await countingKv();
  return { store: kvStore(kv, { group: { atomic: () => counted.atomic() } }), counted };
}

Deno.test("kv store: 300 concurrent sets of distinct keys take few commits", async () => {
  const { store, counted } = await countingStore();
  await Promise.all(Array.from({ length: 300 }, (_, i) => store.set(["report", i], { i })));
  // At least one: the store really commits through the counted `atomic`.
  assert.ok(counted.commits >= 1 && counted.commits < 20, `300 sets: ${counted.commits} commits`);
  const before = counted.commits;
  await Promise.all(Array.from({ length: 300 }, (_, i) => store.delete(["report", i])));
  assert.ok(counted.commits - before < 20, `300 deletes took ${counted.commits - before}`);
  assert.deepEqual(await store.list(["report"]), []);
  await store.close();
});

Deno.test("kv store: set then delete of one key, issued together, ends deleted", async () => {
  const { store } = await countingStore();
  const big = { text: "x".repeat(100_000) };
  await Promise.all([
    store.set(["a"], 1),
    store.delete(["a"]),
    store.delete(["b"]),
    store.set(["b"], 2),
    store.set(["c"], big),
    store.delete(["c"]),
  ]);
  assert.equal(await store.get(["a"]), null);
  assert.equal(await store.get(["b"]), 2);
  assert.equal(await store.get(["c"]), null);
  // The deleted large value left no chunks behind.
  assert.deepEqual(await store.list(["__chunks"]), []);
  await store.close();
});
