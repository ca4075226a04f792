import assert from "node:assert/strict";
import { CiError } from "../../src/errors.ts";
import type { Intent } from "../../src/intent/schema.ts";
import { AUDIT_TTL_MS, auditInput, listAudit, recordAudit } from "../../src/policy/audit.ts";
import { authorize } from "../../src/policy/authorize.ts";
import { openKvStore } from "../../src/store/kv.ts";
import type { Store } from "../../src/store/port.ts";

const bob = { surface: "slack" as const, userId: "U333CCC", teamId: "T0001" };

async function withStore(fn: (store: Store) => Promise<void>, now?: () => number) {
  const store = await openKvStore(":memory:", now ? { now } : {});
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

function clock(start = Date.parse("2026-11-24T10:00:00Z")) {
  let t = start;
  let n = 0;
  return {
    deps: { now: () => new Date(t), newId: () => `id${++n}` },
    advance: (ms: number) => (t += ms),
  };
}

async function record(
  store: Store,
  c: ReturnType<typeof clock>,
  intent: Intent,
  outcome = "accepted" as const,
) {
  const decision = authorize(null, bob, intent);
  const entry = await recordAudit(store, auditInput(bob, intent, decision, outcome), c.deps);
  c.advance(1000);
  return entry;
}

Deno.test("recordAudit stores the whole entry with time, id, decision and outcome", async () => {
  await withStore(async (store) => {
    const c = clock();
    const intent: Intent = { op: "test", repo: "acme/app", workflow: "ci.yml", matrix: "full" };
    const decision = authorize(null, bob, intent);
    const entry = await recordAudit(
      store,
      auditInput(bob, intent, decision, "denied"),
      c.deps,
    );
    assert.equal(entry.at, "2026-11-24T10:00:00.000Z");
    assert.equal(entry.id, "id1");
    assert.deepEqual(entry.who, { surface: "slack", userId: "U333CCC", teamId: "T0001" });
    assert.equal(entry.surface, "slack");
    assert.equal(entry.op, "test");
    assert.deepEqual(entry.intent, intent);
    assert.equal(entry.repo, "acme/app");
    assert.deepEqual(entry.decision, { allowed: false, role: null, required: "operator" });
    assert.equal(entry.outcome, "denied");
    assert.match(entry.message ?? "", /no policy file/);
    assert.deepEqual(await listAudit(store), [entry]);
  });
});

Deno.test("an outcome entry carries run ids and the job id", async () => {
  await withStore(async (store) => {
    const c = clock();
    const intent: Intent = { op: "test", repo: "acme/app" };
    const decision = {
      allowed: true as const,
      role: "operator" as const,
      required: "operator" as const,
    };
    const entry = await recordAudit(
      store,
      auditInput(bob, intent, decision, "succeeded", { runIds: [101, 102], jobId: "job-1" }),
      c.deps,
    );
    assert.deepEqual(entry.runIds, [101, 102]);
    assert.equal(entry.jobId, "job-1");
    assert.equal(entry.message, undefined);
    assert.deepEqual((await listAudit(store))[0], entry);
  });
});

Deno.test("listAudit returns newest first and honours the limit", async () => {
  await withStore(async (store) => {
    const c = clock();
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await record(store, c, { op: "cancel", repo: "acme/app", target: `j${i}` })).id);
    }
    assert.deepEqual((await listAudit(store)).map((e) => e.id), ids.toReversed());
    assert.deepEqual((await listAudit(store, { limit: 2 })).map((e) => e.id), ["id5", "id4"]);
  });
});

Deno.test("listAudit filters by repository, ignoring case", async () => {
  await withStore(async (store) => {
    const c = clock();
    await record(store, c, { op: "test", repo: "acme/app" });
    await record(store, c, { op: "test", repo: "acme/lib" });
    await record(store, c, { op: "test", repo: "Acme/App" });
    await record(store, c, { op: "test" });
    const app = await listAudit(store, { repo: "ACME/app" });
    assert.deepEqual(app.map((e) => [e.id, e.repo]), [["id3", "Acme/App"], ["id1", "acme/app"]]);
    assert.deepEqual((await listAudit(store, { repo: "acme/app", limit: 1 })).map((e) => e.id), [
      "id3",
    ]);
    assert.equal((await listAudit(store)).length, 4);
    assert.deepEqual(await listAudit(store, { repo: "octo/cat" }), []);
  });
});

Deno.test("audit entries expire after 400 days", async () => {
  let now = Date.parse("2026-11-24T10:00:00Z");
  await withStore(async (store) => {
    const c = clock(now);
    await record(store, c, { op: "test", repo: "acme/app" });
    now += AUDIT_TTL_MS - 1;
    assert.equal((await listAudit(store, { repo: "acme/app" })).length, 1);
    now += 2;
    assert.equal((await listAudit(store)).length, 0);
    assert.equal((await listAudit(store, { repo: "acme/app" })).length, 0);
  }, () => now);
});

Deno.test("listAudit refuses a limit outside 1..1000", async () => {
  await withStore(async (store) => {
    await assert.rejects(
      listAudit(store, { limit: 0 }),
      (e: unknown) =>
        e instanceof CiError && e.code === "bad_request" && /current value is 0/.test(e.message),
    );
    await assert.rejects(listAudit(store, { limit: 5000 }), CiError);
  });
});

Deno.test("an entry written under older intent rules stays readable as written", async () => {
  await withStore(async (store) => {
    // As the service wrote it before `apply` became a typed intent field.
    const old = {
      at: "2026-11-20T10:00:00.000Z",
      id: "old1",
      who: { surface: "slack", userId: "U333CCC" },
      surface: "slack",
      op: "optimize",
      intent: { op: "optimize", repo: "acme/app", target: "apply-confirmed:s1@abcdef12" },
      repo: "acme/app",
      decision: { allowed: true, role: "operator", required: "operator" },
      outcome: "succeeded",
    };
    await store.set(["audit", "all", "0000000000001", "old1"], old);
    const [entry] = await listAudit(store);
    assert.equal(entry.id, "old1");
    assert.deepEqual(entry.intent, old.intent);
  });
});
