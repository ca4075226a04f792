/**
 * The durable queue behind the inbox: bounded concurrency, a backlog bound answered `busy`
 * without writing, de-duplication, work read back from the store, failure modes.
 */
import assert from "node:assert/strict";
import { createInboxQueue } from "../../src/inbox/queue.ts";
import { inboxKey, type InboxRecord } from "../../src/inbox/model.ts";
import { memoryLogger } from "../../src/log.ts";
import { openKvStore } from "../../src/store/kv.ts";

const now = () => new Date("2026-12-03T12:00:00Z");

async function setup(options: { concurrency?: number; limit?: number } = {}) {
  const store = await openKvStore(":memory:");
  const log = memoryLogger();
  const queue = createInboxQueue(store, { log, now, ...options });
  return { store, log, queue, [Symbol.asyncDispose]: () => store.close() };
}

/** A gate the test opens: work waits on it. */
function gate() {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { wait: () => promise, open: () => resolve() };
}

Deno.test("queue: at most `concurrency` records run at once, and every accepted one runs", async () => {
  await using s = await setup({ concurrency: 3 });
  let running = 0;
  let peak = 0;
  const ran: string[] = [];
  s.queue.register("github", async (record) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    ran.push(record.id);
    running--;
  });
  const ids = Array.from({ length: 20 }, (_, i) => `d${i}`);
  const admissions = await Promise.all(ids.map((id) => s.queue.accept("github", id, { n: id })));
  assert.deepEqual(new Set(admissions), new Set(["accepted"]));
  await s.queue.drain();
  assert.equal(peak, 3);
  assert.deepEqual(ran.sort(), [...ids].sort());
  const record = await s.store.get<InboxRecord>(inboxKey("github", "d7"));
  assert.equal(record?.state, "done");
  assert.equal(record?.payload, undefined, "the payload is dropped once done");
  assert.deepEqual(s.queue.stats().finished, { done: 20, failed: 0 });
});

Deno.test("queue: a full backlog answers busy and writes nothing; room again once work finishes", async () => {
  await using s = await setup({ limit: 2 });
  const open = gate();
  s.queue.register("slack", () => open.wait());
  assert.equal(await s.queue.accept("slack", "a", { text: "help" }), "accepted");
  assert.equal(await s.queue.accept("slack", "b", { text: "help" }), "accepted");
  assert.equal(await s.queue.accept("slack", "c", { text: "help" }), "busy");
  assert.equal(await s.store.get(inboxKey("slack", "c")), null, "a busy delivery is not stored");
  assert.deepEqual(s.queue.stats().busy, { slack: 1 });
  assert.deepEqual(s.queue.stats().backlog, { slack: 2 });
  open.open();
  await s.queue.drain();
  assert.deepEqual(s.queue.stats().backlog, { slack: 0 });
  // The same delivery tried again (the person typed it again) now runs.
  assert.equal(await s.queue.accept("slack", "c", { text: "help" }), "accepted");
  await s.queue.drain();
  assert.equal((await s.store.get<InboxRecord>(inboxKey("slack", "c")))?.state, "done");
});

Deno.test("queue: concurrent acks cannot overshoot the limit while their writes are in flight", async () => {
  await using s = await setup({ limit: 5 });
  const open = gate();
  s.queue.register("github", () => open.wait());
  const admissions = await Promise.all(
    Array.from({ length: 40 }, (_, i) => s.queue.accept("github", `d${i}`, {})),
  );
  assert.equal(admissions.filter((a) => a === "accepted").length, 5);
  assert.equal(admissions.filter((a) => a === "busy").length, 35);
  open.open();
  await s.queue.drain();
});

Deno.test("queue: a duplicate delivery is answered without running or counting in the backlog", async () => {
  await using s = await setup();
  let runs = 0;
  s.queue.register("slack", () => {
    runs++;
    return Promise.resolve();
  });
  assert.equal(await s.queue.accept("slack", "t1", {}), "accepted");
  assert.equal(await s.queue.accept("slack", "t1", {}), "duplicate");
  await s.queue.drain();
  assert.equal(await s.queue.accept("slack", "t1", {}), "duplicate");
  await s.queue.drain();
  assert.equal(runs, 1);
  assert.deepEqual(s.queue.stats().backlog, { slack: 0 });
});

Deno.test("queue: the runner gets the record as stored, not an object held since the ack", async () => {
  await using s = await setup();
  const open = gate();
  const seen: unknown[] = [];
  s.queue.register("github", async (record) => {
    await open.wait();
    seen.push(record.payload);
  });
  // One record waits at the gate so the second is read from the store after it was changed.
  await s.queue.accept("github", "first", { v: 0 });
  const payload = { v: 1 };
  await s.queue.accept("github", "second", payload);
  payload.v = 2;
  open.open();
  await s.queue.drain();
  assert.deepEqual(seen, [{ v: 0 }, { v: 1 }]);
});

Deno.test("queue: a failing runner marks the record failed (keep) or forgets it (release)", async () => {
  await using s = await setup();
  s.queue.register("slack", () => Promise.reject(new Error("boom")));
  s.queue.register("github", () => Promise.reject(new Error("boom")), { onFailure: "release" });
  await s.queue.accept("slack", "s1", {});
  await s.queue.accept("github", "g1", {});
  await s.queue.drain();
  assert.equal((await s.store.get<InboxRecord>(inboxKey("slack", "s1")))?.state, "failed");
  assert.equal(await s.store.get(inboxKey("github", "g1")), null, "GitHub's redelivery runs again");
  assert.equal(await s.queue.accept("github", "g1", {}), "accepted");
  await s.queue.drain();
  assert.deepEqual(s.queue.stats().finished, { done: 0, failed: 3 });
  assert.ok(s.log.entries.some((e) => e.msg === "accepted request failed"));
});

Deno.test("replay leaves alone what this process accepted itself (queued live), runs the rest once", async () => {
  const store = await openKvStore(":memory:");
  try {
    let clock = new Date("2026-12-03T12:00:00Z");
    const queue = createInboxQueue(store, { log: memoryLogger(), now: () => clock });
    const runs: string[] = [];
    const open = gate();
    queue.register("slack", async (record) => {
      await open.wait();
      runs.push(record.id);
    });
    // Accepted by a process that died: pending in the store, nobody running it.
    const { createInbox } = await import("../../src/inbox/inbox.ts");
    const dead = createInbox(store, { log: memoryLogger(), now: () => clock });
    await dead.accept("slack", "before", {});
    const startedAt = new Date(clock.getTime() + 1);
    clock = new Date(clock.getTime() + 1_000);
    await queue.accept("slack", "live", {});
    const { replayInbox } = await import("../../src/inbox/replay.ts");
    const replaying = replayInbox(
      createInbox(store, { log: memoryLogger(), now: () => clock }),
      queue.replayers,
      {
        log: memoryLogger(),
        now: () => clock,
        startedAt,
      },
    );
    open.open();
    const summary = await replaying;
    await queue.drain();
    assert.deepEqual(summary, { replayed: 1, failed: 0, lost: 0, skipped: 1 });
    assert.deepEqual(runs.sort(), ["before", "live"]);
  } finally {
    await store.close();
  }
});
