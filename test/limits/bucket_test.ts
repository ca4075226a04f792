import assert from "node:assert/strict";
import { TokenBucket } from "../../src/limits/bucket.ts";

Deno.test("bucket: starts full, takes what is there, says how long to wait for the rest", () => {
  const bucket = new TokenBucket({ capacity: 10, perMinute: 30 }, 0);
  assert.deepEqual(bucket.take(3, 0), { ok: true });
  assert.deepEqual(bucket.take(3, 0), { ok: true });
  assert.deepEqual(bucket.take(3, 0), { ok: true });
  // 1 left; 3 needed; 30 a minute is one every 2 s.
  assert.deepEqual(bucket.take(3, 0), { ok: false, waitMs: 4_000, tokens: 1 });
  assert.equal(bucket.tokens(0), 1, "a refused take takes nothing");
  assert.deepEqual(bucket.take(3, 3_999).ok, false);
  assert.deepEqual(bucket.take(3, 4_000), { ok: true });
});

Deno.test("bucket: refills up to its capacity, never beyond", () => {
  const bucket = new TokenBucket({ capacity: 10, perMinute: 30 }, 0);
  assert.deepEqual(bucket.take(10, 0), { ok: true });
  assert.equal(bucket.tokens(60_000), 10);
  assert.equal(bucket.tokens(600_000), 10);
  assert.equal(bucket.full(600_000), true);
});

Deno.test("bucket: a cost above the capacity waits for a full bucket instead of never passing", () => {
  const bucket = new TokenBucket({ capacity: 2, perMinute: 60 }, 0);
  assert.deepEqual(bucket.take(3, 0), { ok: true });
  assert.equal(bucket.tokens(0), 0);
  assert.equal(bucket.waitMs(3, 0), 2_000);
});

Deno.test("bucket: a clock stepping back neither adds nor removes tokens", () => {
  const bucket = new TokenBucket({ capacity: 10, perMinute: 60 }, 10_000);
  assert.deepEqual(bucket.take(10, 10_000), { ok: true });
  assert.equal(bucket.tokens(5_000), 0);
  assert.equal(bucket.tokens(11_000), 1);
});
