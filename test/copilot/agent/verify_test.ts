import assert from "node:assert/strict";
import { createKeyCache } from "../../../copilot/agent/keys.ts";
import { verifyCopilotRequest } from "../../../copilot/agent/verify.ts";
import { memoryLogger } from "../../../src/log.ts";
import { copilotBody, readSse, startCopilotSim } from "../../sim/copilot.ts";
import { harness } from "./fixtures.ts";

const body = () => JSON.stringify(copilotBody({ text: "analyze", repo: "acme/app" }));

Deno.test("a bad, missing or foreign signature is refused with 401 before anything runs", async () => {
  const h = await harness();
  try {
    const raw = body();
    const other = h.sim.sign(raw.replace("analyze", "optimize"));
    const cases = [
      h.sim.request(raw, { signature: other.signature }),
      h.sim.request(raw, { signature: "not-base64-der" }),
      h.sim.request(raw, { keyId: "0000feedbeef" }),
      new Request("http://localhost/copilot", { method: "POST", body: raw }),
    ];
    for (const request of cases) {
      const response = await h.agent(request);
      assert.equal(response.status, 401, await response.text());
    }
    assert.equal(h.executed.length, 0);
    assert.equal(h.sim.userFetches, 0, "nothing is looked up for an unverified request");
  } finally {
    await h.close();
  }
});

Deno.test("a body over the limit is refused with 413", async () => {
  const h = await harness({ config: { maxBodyBytes: 1024 } });
  try {
    const big = JSON.stringify(copilotBody({ text: "analyze " + "x".repeat(2000) }));
    const response = await h.agent(h.sim.request(big));
    assert.equal(response.status, 413);
    await response.body?.cancel();
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a signed body that is not a Copilot request is a 400", async () => {
  const h = await harness();
  try {
    const response = await h.agent(h.sim.request('{"messages": []}'));
    assert.equal(response.status, 400);
    await response.body?.cancel();
  } finally {
    await h.close();
  }
});

Deno.test("keys are fetched once for many requests, refetched for a new key id, revalidated by ETag", async () => {
  const h = await harness({ config: { keyTtlMs: 3_600_000 } });
  try {
    for (let i = 0; i < 5; i++) {
      const response = await h.agent(h.sim.request(body()));
      assert.equal(response.status, 200);
      await readSse(response);
    }
    assert.deepEqual(h.sim.keyFetches, { total: 1, full: 1 });

    h.advance(61_000);
    h.sim.rotateKey();
    const rotated = await h.agent(h.sim.request(body()));
    assert.equal(rotated.status, 200);
    await readSse(rotated);
    assert.deepEqual(h.sim.keyFetches, { total: 2, full: 2 });

    // Unknown ids right after a fetch do not make the service hammer GitHub.
    for (let i = 0; i < 3; i++) {
      const response = await h.agent(h.sim.request(body(), { keyId: `ffff${i}` }));
      assert.equal(response.status, 401);
      await response.body?.cancel();
    }
    assert.deepEqual(h.sim.keyFetches, { total: 2, full: 2 });

    // After the TTL the keys are revalidated: 304, cache kept.
    h.advance(3_600_000);
    const later = await h.agent(h.sim.request(body()));
    assert.equal(later.status, 200);
    await readSse(later);
    assert.deepEqual(h.sim.keyFetches, { total: 3, full: 2 });
    assert.equal(h.executed.length, 7);
  } finally {
    await h.close();
  }
});

Deno.test("an unreachable key endpoint answers 503, not 200 or a crash", async () => {
  const h = await harness({ config: { apiUrl: "http://127.0.0.1:9" } });
  try {
    const response = await h.agent(h.sim.request(body()));
    assert.equal(response.status, 503);
    await response.body?.cancel();
    assert.equal(h.executed.length, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a verified request carries the SHA-256 of its raw body, the same for a replay", async () => {
  const sim = startCopilotSim();
  try {
    const keys = createKeyCache({
      apiUrl: sim.url,
      fetch,
      now: () => new Date(),
      log: memoryLogger(),
    });
    const raw = body();
    const first = await verifyCopilotRequest(sim.request(raw), keys);
    const again = await verifyCopilotRequest(sim.request(raw), keys);
    const other = await verifyCopilotRequest(sim.request(raw.replace("analyze", "status")), keys);
    assert.ok(first.ok && again.ok && other.ok);
    const expected = Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(raw))),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    assert.equal(first.digest, expected);
    assert.equal(again.digest, expected, "a re-signed copy of the same body");
    assert.notEqual(other.digest, expected);
  } finally {
    await sim.close();
  }
});
