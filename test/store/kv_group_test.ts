import assert from "node:assert/strict";
import { groupCommitter } from "../../src/store/kv_group.ts";
import { openKvStore } from "../../src/store/kv.ts";

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
