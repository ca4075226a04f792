import assert from "node:assert/strict";
import { createInbox, INBOX_LIMITS, inboxKey, replayInbox } from "../../src/inbox/mod.ts";
import type { InboxRecord, Replayers } from "../../src/inbox/mod.ts";
import { memoryLogger } from "../../src/log.ts";
import { openKvStore } from "../../src/store/kv.ts";

const T0 = Date.parse("2026-12-03T10:00:00Z");

async function setup() {
  let t = T0;
  const store = await openKvStore(":memory:", { now: () => t });
  const log = memoryLogger();
  const now = () => new Date(t);
  const inbox = createInbox(store, { log, now });
  return {
    store,
    log,
    inbox,
    now,
    advance: (ms: number) => (t += ms),
    [Symbol.asyncDispose]: () => store.close(),
  };
}

Deno.test("inbox: accept is one atomic write that de-duplicates the delivery id", async () => {
  await using s = await setup();
  assert.equal(await s.inbox.accept("slack", "trig-1", { text: "a" }, "req-1"), true);
  assert.equal(await s.inbox.accept("slack", "trig-1", { text: "b" }, "req-2"), false);
  // Another source may reuse the same id.
  assert.equal(await s.inbox.accept("discord", "trig-1", {}, "req-3"), true);
  const stored = await s.store.get<InboxRecord>(inboxKey("slack", "trig-1"));
  assert.equal(stored?.state, "pending");
  assert.deepEqual(stored?.payload, { text: "a" });
  const dup = s.log.entries.find((e) => e.msg.startsWith("duplicate delivery"));
  assert.equal(dup?.firstRequestId, "req-1");
  assert.equal(dup?.firstState, "pending");
});

Deno.test("inbox: settle marks done and drops the payload (credentials); a failure marks failed", async () => {
  await using s = await setup();
  await s.inbox.accept("slack", "ok", { responseUrl: "https://hooks.slack.com/secret" });
  await s.inbox.settle("slack", "ok", () => Promise.resolve());
  const done = await s.store.get<InboxRecord>(inboxKey("slack", "ok"));
  assert.equal(done?.state, "done");
  assert.equal(done?.payload, undefined);
  assert.doesNotMatch(JSON.stringify(done), /hooks\.slack\.com/);
  assert.equal(await s.inbox.accept("slack", "ok", {}), false, "still de-duplicates");

  await s.inbox.accept("slack", "bad", { x: 1 });
  await assert.rejects(s.inbox.settle("slack", "bad", () => Promise.reject(new Error("boom"))));
  assert.equal((await s.store.get<InboxRecord>(inboxKey("slack", "bad")))?.state, "failed");
  assert.deepEqual(await s.inbox.pending("slack"), []);
});

Deno.test("inbox: records expire after their source's de-duplication window", async () => {
  await using s = await setup();
  await s.inbox.accept("discord", "i-1", {});
  s.advance(INBOX_LIMITS.discord.ttlMs + 1);
  assert.equal(await s.store.get(inboxKey("discord", "i-1")), null);
  assert.equal(await s.inbox.accept("discord", "i-1", {}), true);
});

Deno.test("replay: a pending record runs exactly once, finished ones never", async () => {
  await using s = await setup();
  await s.inbox.accept("slack", "pending-1", { n: 1 }, "req-1");
  await s.inbox.accept("slack", "finished", { n: 2 });
  await s.inbox.settle("slack", "finished", () => Promise.resolve());
  const ran: unknown[] = [];
  const replayers: Replayers = new Map([["slack", (r: InboxRecord) => {
    ran.push(r.payload);
    return Promise.resolve();
  }]]);
  const first = await replayInbox(s.inbox, replayers, { log: s.log, now: s.now });
  assert.deepEqual(ran, [{ n: 1 }]);
  assert.deepEqual(first, { replayed: 1, failed: 0, lost: 0, skipped: 0 });
  assert.equal((await s.store.get<InboxRecord>(inboxKey("slack", "pending-1")))?.state, "done");
  const second = await replayInbox(s.inbox, replayers, { log: s.log, now: s.now });
  assert.deepEqual(ran, [{ n: 1 }], "nothing runs twice");
  assert.equal(second.replayed, 0);
});

Deno.test("replay: a record past its age limit is reported lost, not run, and its payload dropped", async () => {
  await using s = await setup();
  await s.inbox.accept("slack", "old", { responseUrl: "https://hooks.slack.com/expired" }, "req-9");
  s.advance(INBOX_LIMITS.slack.maxAgeMs + 1);
  let ran = 0;
  const replayers: Replayers = new Map([["slack", () => {
    ran++;
    return Promise.resolve();
  }]]);
  const summary = await replayInbox(s.inbox, replayers, { log: s.log, now: s.now });
  assert.equal(ran, 0);
  assert.equal(summary.lost, 1);
  const lost = s.log.entries.find((e) => e.msg.startsWith("acknowledged request lost"));
  assert.equal(lost?.requestId, "req-9");
  assert.doesNotMatch(JSON.stringify(s.log.entries), /hooks\.slack\.com/, "no credential logged");
  const record = await s.store.get<InboxRecord>(inboxKey("slack", "old"));
  assert.equal(record?.state, "lost");
  assert.equal(record?.payload, undefined);
});

Deno.test("replay: young records are left alone on a shared store; a claimed one is not run twice", async () => {
  await using s = await setup();
  await s.inbox.accept("github", "d-1", {});
  let ran = 0;
  const replayers: Replayers = new Map([["github", () => {
    ran++;
    return Promise.resolve();
  }]]);
  const young = await replayInbox(s.inbox, replayers, { log: s.log, now: s.now, graceMs: 60_000 });
  assert.equal(young.skipped, 1);
  assert.equal(ran, 0);
  s.advance(60_001);
  // Another instance claimed it first.
  assert.equal(await s.inbox.claimReplay("github", "d-1"), true);
  const claimed = await replayInbox(s.inbox, replayers, {
    log: s.log,
    now: s.now,
    graceMs: 60_000,
  });
  assert.equal(claimed.skipped, 1);
  assert.equal(ran, 0);
});

Deno.test("replay: a replayer that throws marks the record failed and the rest still run", async () => {
  await using s = await setup();
  await s.inbox.accept("slack", "a", { fail: true });
  await s.inbox.accept("slack", "b", { fail: false });
  const ran: string[] = [];
  const replayers: Replayers = new Map([["slack", (r: InboxRecord) => {
    ran.push(r.id);
    return (r.payload as { fail: boolean }).fail
      ? Promise.reject(new Error("no"))
      : Promise.resolve();
  }]]);
  const summary = await replayInbox(s.inbox, replayers, { log: s.log, now: s.now });
  assert.deepEqual(ran, ["a", "b"]);
  assert.deepEqual(summary, { replayed: 1, failed: 1, lost: 0, skipped: 0 });
  assert.equal((await s.store.get<InboxRecord>(inboxKey("slack", "a")))?.state, "failed");
});
