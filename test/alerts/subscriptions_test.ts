import assert from "node:assert/strict";
import {
  listSubscriptions,
  runSubscription,
  subscriptionsOfRepo,
} from "../../src/alerts/subscriptions.ts";
import { CiError } from "../../src/errors.ts";
import { openKvStore } from "../../src/store/kv.ts";
import type { RequestMeta } from "../../src/surface.ts";

const at = new Date("2026-11-24T10:00:00Z");
const meta = (id: string, label?: string): RequestMeta => ({
  surface: "slack",
  requestId: "r1",
  userId: "U1",
  conversation: { surface: "slack", id, ...(label ? { label } : {}), data: { channel: id } },
});

Deno.test("subscriptions: idempotent per filter, re-subscribing updates `on`", async () => {
  const store = await openKvStore(":memory:");
  try {
    const first = await runSubscription(
      store,
      { op: "subscribe", repo: "acme/app" },
      meta("C1", "#ci"),
      at,
    );
    assert.match(first.title, /^Subscribed: acme\/app alerts in #ci/);
    assert.match(first.summary, /on failures of every workflow/);
    const again = await runSubscription(
      store,
      { op: "subscribe", repo: "acme/app", on: "always" },
      meta("C1", "#ci"),
      new Date("2026-11-25T10:00:00Z"),
    );
    assert.match(again.title, /^Updated/);
    const subs = await listSubscriptions(store, meta("C1").conversation!);
    assert.equal(subs.length, 1);
    assert.equal(subs[0].on, "always");
    assert.equal(subs[0].createdAt, at.toISOString(), "creation time kept");
    await runSubscription(
      store,
      { op: "subscribe", repo: "acme/app", branch: "main", workflow: "ci.yml" },
      meta("C1"),
      at,
    );
    await runSubscription(store, { op: "subscribe", repo: "Acme/App" }, meta("C2"), at);
    assert.equal((await listSubscriptions(store, meta("C1").conversation!)).length, 2);
    assert.equal((await subscriptionsOfRepo(store, "acme/app")).length, 3, "by repo, any case");
  } finally {
    await store.close();
  }
});

Deno.test("subscriptions: the listing is a table of this conversation's filters only", async () => {
  const store = await openKvStore(":memory:");
  try {
    await runSubscription(
      store,
      { op: "subscribe", repo: "acme/app", on: "recovery", branch: "main" },
      meta("C1", "#ci"),
      at,
    );
    await runSubscription(store, { op: "subscribe", repo: "acme/web" }, meta("C2"), at);
    const listing = await runSubscription(
      store,
      { op: "subscribe", target: "list" },
      meta("C1", "#ci"),
      at,
    );
    assert.equal(listing.title, "Alerts in #ci");
    assert.deepEqual(listing.tables?.[0].rows, [[
      "acme/app",
      "recovery",
      "any",
      "main",
      "any",
      "2026-11-24",
    ]]);
    const empty = await runSubscription(store, { op: "subscribe", target: "list" }, meta("C3"), at);
    assert.match(empty.summary, /receives no CI alerts/);
    assert.deepEqual(empty.tables, []);
  } finally {
    await store.close();
  }
});

Deno.test("subscriptions: unsubscribe removes what matches its filter", async () => {
  const store = await openKvStore(":memory:");
  try {
    await runSubscription(store, { op: "subscribe", repo: "acme/app" }, meta("C1"), at);
    await runSubscription(
      store,
      { op: "subscribe", repo: "acme/app", branch: "main" },
      meta("C1"),
      at,
    );
    const some = await runSubscription(
      store,
      { op: "unsubscribe", repo: "acme/app", branch: "main" },
      meta("C1"),
      at,
    );
    assert.equal(some.summary, "Removed 1 subscription.");
    assert.equal((await listSubscriptions(store, meta("C1").conversation!))[0].branch, undefined);
    const none = await runSubscription(
      store,
      { op: "unsubscribe", repo: "acme/web" },
      meta("C1"),
      at,
    );
    assert.equal(none.status, "neutral");
    await runSubscription(store, { op: "unsubscribe", repo: "acme/app" }, meta("C1"), at);
    assert.deepEqual(await subscriptionsOfRepo(store, "acme/app"), []);
  } finally {
    await store.close();
  }
});

Deno.test("subscriptions: no conversation is a clear refusal with what to do", async () => {
  const store = await openKvStore(":memory:");
  try {
    await assert.rejects(
      runSubscription(store, { op: "subscribe", repo: "acme/app" }, {
        surface: "slack",
        requestId: "r",
      }, at),
      (e: CiError) =>
        e.code === "bad_request" && /need a channel this app can post to/.test(e.message) &&
        /SLACK_BOT_TOKEN/.test(e.hint ?? ""),
    );
  } finally {
    await store.close();
  }
});

Deno.test("intent: `subscriptions` and `subscribe list` are the listing; extra words are refused", async () => {
  const { parseCommand } = await import("../../src/intent/parse.ts");
  for (
    const text of ["subscriptions", "Subscriptions", "/ci-test subscriptions", "subscribe list"]
  ) {
    const result = parseCommand(text);
    assert.equal(result.kind, "intent", text);
    if (result.kind === "intent") {
      assert.deepEqual(result.intent, {
        op: "subscribe",
        target: "list",
      });
    }
  }
  const extra = parseCommand("subscriptions acme/app");
  assert.equal(extra.kind, "unsupported");
  if (extra.kind === "unsupported") assert.match(extra.error, /takes no arguments/);
  const plain = parseCommand("subscribe acme/app on:always branch:main");
  assert.deepEqual(plain.kind === "intent" && plain.intent, {
    op: "subscribe",
    repo: "acme/app",
    on: "always",
    branch: "main",
  });
});
